"""``cabling validate``: can these files be read, and do their references hold.

What is wrong with a site that loads (lengths, paths, PoE, labels, geometry) is ``cabling faults``.
"""
from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_cache_option, load


def register(sub, groups) -> None:
    v = sub.add_parser("validate", help="check site files; exit 0 clean, 1 with findings, 2 unusable input",
                       description="Load site files and report every problem with file:line:column.")
    v.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="check each PATH on its own (a site folder each), N at a time in separate processes; "
                        "without -j all PATHs load together as one set of files")
    add_cache_option(v)
    v.set_defaults(func=run)


def run(args) -> int:
    if args.jobs is None:
        return check(args.paths, args.json)
    if args.jobs < 1:
        print("cabling validate: -j takes a number of processes, at least 1", file=sys.stderr)
        return EXIT_USAGE
    import json

    from .jobs import run_each

    jobs = [([p], args.json) for p in args.paths]
    # what every check imports, imported once before the workers are forked
    results = run_each(_check_captured, jobs, args.paths, args.jobs,
                       preload=("cabling.readers.loader", "cabling.analysis.loops"))
    code = EXIT_OK
    reports = []
    for path, (c, out, err) in zip(args.paths, results):
        code = max(code, c)
        if args.json:
            reports.append({"path": path, **json.loads(out)})
        else:
            sys.stdout.write(out)
            sys.stderr.write(err)
    if args.json:
        print(json.dumps(reports, indent=2))
    return code


def _check_captured(job) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = check(*job)
    return code, out.getvalue(), err.getvalue()


def check(paths, as_json: bool) -> int:
    """Load ``paths`` together and print what ``cabling validate`` prints; the exit code.

    The report on files that load is kept in the cache (:func:`cabling.readers.cache.answer`, as a trace's): validating
    unchanged files again costs reading it back, not loading the site. A report of errors is made every time.
    """
    from ..readers import cache

    code, out, err = cache.answer(paths, f"validate json={as_json}", lambda: _report(paths, as_json))
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _report(paths, as_json: bool):
    """((exit code, standard output, standard error), the inventory, or None when the report must not be kept)."""
    import json

    from ..diagnostics import InputError

    try:
        inv = load(paths)
    except InputError as exc:
        if as_json:
            out = json.dumps({"ok": False, "errors": [d.as_dict() for d in exc.diagnostics]}, indent=2) + "\n"
            err = ""
        else:
            out = "".join(f"{d}\n" for d in exc.diagnostics)
            err = exc.summary() + "\n"
        return (EXIT_USAGE if exc.fatal else EXIT_FINDINGS, out, err), None
    stats = inv.counts()
    warnings = list(inv.warnings) + loop_warnings(inv)
    if as_json:
        out = json.dumps({"ok": True, "warnings": [d.as_dict() for d in warnings], "summary": stats}, indent=2) + "\n"
    else:
        files = ", ".join(inv.files) if len(inv.files) <= 3 else f"{len(inv.files)} files"
        out = "".join(f"{d} (warning)\n" for d in warnings) + (
            f"ok: {files}: " + ", ".join(f"{v:,} {k if v != 1 else k[:-1]}" for k, v in stats.items()
                                         if v or k != "circuits") + "\n")
    return (EXIT_OK, out, ""), inv


def loop_warnings(inv) -> list:
    """Each cabling loop once, at the cable a trace comes back over (a warning: the site still loads; kept in
    the cache)."""
    from ..readers import cache

    def compute():
        from ..diagnostics import Diagnostic
        from ..analysis.loops import find

        return [Diagnostic(lp.closing_cable.mark if lp.closing_cable else None, lp.describe(inv), "warning")
                for lp in find(inv)]

    return cache.memo(inv, "loop-warnings", compute)

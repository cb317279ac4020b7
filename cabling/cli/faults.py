"""``cabling faults``: what is wrong with a site, rule by rule; ``cabling rules``: the catalogue."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from .. import __version__
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_cache_option, answer_key, load, report_input_error

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}  # SARIF levels
INFO_SHOWN = 5  # info findings listed per rule in the readable report (the rest counted)


def register(sub, groups) -> None:
    f = sub.add_parser("faults", help="find what is wrong: the rule catalogue over site files; exit 1 with errors",
                       description="Check site files against the rule catalogue (see 'cabling rules'): broken paths, "
                                   "orphan cabling, TIA-568 limits, categories, PoE, TIA-606 labels, spaces, geometry.")
    f.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    out = f.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="a JSON list of findings")
    out.add_argument("--csv", action="store_true", help="CSV, a finding per row")
    out.add_argument("--sarif", action="store_true", help="SARIF 2.1.0, for CI code annotations")
    f.add_argument("--select", action="append", metavar="CODES",
                   help="only these rules: codes, prefixes or families, comma-separated (T101,labels)")
    f.add_argument("--ignore", action="append", metavar="CODES", help="leave out these rules (codes, prefixes, families)")
    f.add_argument("--severity", choices=("error", "warning", "info"), default="info",
                   help="the lowest severity reported (default info: everything)")
    f.add_argument("--site-files-only", action="store_true",
                   help="skip given files that are not site files (no top-level 'site:'), as a pre-commit hook "
                        "passes every changed YAML file")
    f.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="scan each PATH on its own (a site folder each), N at a time in separate processes, and "
                        "print one report of all (JSON: one list; CSV: one header; SARIF: a run per PATH); without "
                        "-j all PATHs load together as one set of files")
    f.add_argument("--no-suppressions", action="store_true",
                   help="report findings that inline '# cabling: ignore[...]' comments accept, too")
    add_cache_option(f)
    f.set_defaults(func=run)

    r = sub.add_parser("rules", help="list the rules of 'cabling faults', or explain one",
                       description="List every rule (code, severity, family, summary, source), or explain one "
                                   "rule (or a family) with its source and a failing and a passing example.")
    r.add_argument("code", nargs="?", metavar="CODE", help="a rule code (T101), a prefix (T1) or a family (lengths)")
    r.add_argument("--json", action="store_true", help="the catalogue as JSON")
    r.add_argument("--example-base", action="store_true", help="print the small site the examples are added to")
    r.set_defaults(func=run_rules)


def _split(values) -> tuple[str, ...]:
    return tuple(x.strip() for v in values or () for x in v.split(",") if x.strip())


def run(args) -> int:
    """Scan the PATHs together (one report), or with ``-j N`` each PATH on its own, N at a time (one report of all).

    A report on files that load is kept in the cache (:func:`answer`), so asking again about unchanged files
    with the same options costs reading it back: neither the site nor the rule catalogue is loaded.
    """
    fmt = "json" if args.json else "csv" if args.csv else "sarif" if args.sarif else "text"
    opts = Options(fmt, _split(args.select) if args.select else None, _split(args.ignore), args.severity,
                   not args.no_suppressions)
    paths = args.paths
    if args.site_files_only:
        from ..readers.sitefiles import is_site_file

        paths = [p for p in paths if Path(p).is_dir() or is_site_file(Path(p))]
        if not paths:
            problem = opts.unknown()
            if problem:  # wrong usage is said before anything else
                print(problem, file=sys.stderr)
                return EXIT_USAGE
            print("no site files among the files given")
            return EXIT_OK
    if args.jobs is None:
        code, out, err = answer(paths, opts)
        sys.stdout.write(out)
        sys.stderr.write(err)
        return code
    if args.jobs < 1:
        print("cabling faults: -j takes a number of processes, at least 1", file=sys.stderr)
        return EXIT_USAGE
    problem = opts.unknown()  # said once, not once a path
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    return _jobs(paths, opts, args.jobs)


class Options:
    """What changes the report besides the files: the output format and the rule selection.

    (A plain class: a kept answer is printed without importing dataclasses.)"""

    __slots__ = ("fmt", "select", "ignore", "severity", "suppressions")

    def __init__(self, fmt: str = "text", select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = (),
                 severity: str = "info", suppressions: bool = True):
        self.fmt = fmt  # text, json, csv or sarif
        self.select, self.ignore, self.severity, self.suppressions = select, ignore, severity, suppressions

    def config(self):
        from ..faults import Config

        return Config(select=self.select, ignore=self.ignore, severity=self.severity, suppressions=self.suppressions)

    def unknown(self) -> str | None:
        """The usage error of selectors that name no rule, or None (without loading the rules when none is named)."""
        if not (self.select or self.ignore):
            return None
        config = self.config()
        config.enabled()
        if not config.unknown:
            return None
        return (f"cabling faults: {', '.join(config.unknown)}: no such rule code, prefix or family "
                "(see 'cabling rules')")

    def key(self) -> str:
        """The options as a kept answer's key; with the working folder, which SARIF's URIs are relative to."""
        return answer_key(f"faults fmt={self.fmt} select={self.select!r} ignore={self.ignore!r} "
                          f"severity={self.severity} suppressions={self.suppressions}")


def answer(paths, opts: Options) -> tuple[int, str, str]:
    """(exit code, standard output, standard error) of ``cabling faults`` on ``paths`` loaded together.

    Kept in the cache (:func:`cabling.readers.cache.answer`) under the files' contents, what they read (models),
    cabling's version and ``opts``; a report of a file that does not load, or of unknown rule codes, is made every
    time.
    """
    from ..readers import cache

    return cache.answer(paths, opts.key(), lambda: _report(paths, opts))


def _report(paths, opts: Options):
    """((exit code, standard output, standard error), the inventory, or None when the report must not be kept)."""
    from contextlib import redirect_stderr

    from ..diagnostics import InputError
    from .progress import counter

    problem = opts.unknown()
    if problem:
        return (EXIT_USAGE, "", problem + "\n"), None
    try:
        inv = load(paths)
    except InputError as exc:
        err = io.StringIO()
        with redirect_stderr(err):
            report_input_error(exc)
        return (EXIT_USAGE, "", err.getvalue()), None
    findings = findings_of(inv, opts.config(), counter("checking rules"))
    if opts.fmt == "json":
        out = json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False) + "\n"
    elif opts.fmt == "csv":
        out = to_csv(findings)
    elif opts.fmt == "sarif":
        out = json.dumps(to_sarif(findings), indent=2, ensure_ascii=False) + "\n"
    else:
        out = report(findings, inv.files)
    return (EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK, out, ""), inv


def findings_of(inv, config=None, progress=None) -> list:
    """:func:`cabling.faults.scan` of ``inv``; with every rule (the default), kept in the cache beside the inventory
    (:func:`cabling.readers.cache.memo`: only for an inventory the cache loaded), where ``cabling plan`` finds what
    the site has before the plan."""
    from ..faults import Config, scan
    from ..readers import cache

    config = config or Config()
    if config != Config():
        return scan(inv, config, progress=progress)
    return cache.memo(inv, "faults: every rule", lambda: scan(inv, config, progress=progress))


def _jobs(paths, opts: Options, jobs: int) -> int:
    """Each path scanned on its own, ``jobs`` at a time; the reports printed in the order of the paths, as one."""
    from .jobs import run_each
    from .progress import counter

    step = counter(f"checking {len(paths)} paths")
    step(0, len(paths))

    results = run_each(_answer_job, [([p], opts) for p in paths], list(paths), jobs,
                       preload=("cabling.readers.loader", "cabling.faults", "cabling.geometry.routes"),
                       done=lambda k: step(k, len(paths)))
    code = max(c for c, _, _ in results)
    outs = [out for _, out, _ in results if out]
    if opts.fmt in ("json", "sarif") and outs:
        docs = [json.loads(out) for out in outs]
        if opts.fmt == "json":  # one list of findings, as without -j (each finding names its file)
            merged = [f for d in docs for f in d]
        else:  # one SARIF log, a run per path
            merged = dict(docs[0], runs=[run for d in docs for run in d["runs"]])
        sys.stdout.write(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    elif opts.fmt == "csv" and outs:  # one header
        sys.stdout.write(outs[0] + "".join(out.split("\n", 1)[1] for out in outs[1:]))
    else:
        sys.stdout.write("".join(outs))
    sys.stderr.write("".join(err for _, _, err in results))
    return code


def _answer_job(job) -> tuple[int, str, str]:
    return answer(*job)


def report(findings, files) -> str:
    """The readable report: a group per rule (counts, then each finding's file:line:col and message)."""
    from ..faults import get

    out = io.StringIO()
    groups: dict[str, list] = {}
    for f in findings:
        groups.setdefault(f.rule, []).append(f)
    for code in sorted(groups):
        items = groups[code]
        r = get(code)
        out.write(f"{code} {r.summary} [{r.severity}, {r.family}]: {len(items)}\n")
        shown = items if r.severity != "info" else items[:INFO_SHOWN]
        for f in shown:
            out.write(f"  {f.where + ': ' if f.file else ''}{f.message}\n")
            if f.hint:
                out.write(f"      fix: {f.hint}\n")
        if len(shown) < len(items):
            out.write(f"  ... and {len(items) - len(shown)} more like it (--json or --select {code} --severity info "
                      "lists them all)\n")
        out.write("\n")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    what = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items())
    where = ", ".join(files) if len(files) <= 3 else f"{len(files)} files"
    out.write(f"{what} in {where}\n" if findings else f"no faults: {where}\n")
    return out.getvalue()


_CSV_COLUMNS = ("rule", "severity", "file", "line", "column", "site", "message", "ports", "cables", "devices", "hint")


def to_csv(findings) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_CSV_COLUMNS)
    for f in findings:
        w.writerow([f.rule, f.severity, f.file or "", f.line or "", f.column or "", f.site or "", f.message,
                    " ".join(f.ports), " ".join(f.cables), " ".join(f.devices), f.hint or ""])
    return buf.getvalue()


def _uri(file: str) -> str:
    p = Path(file)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.resolve().as_uri()


def to_sarif(findings) -> dict:
    """SARIF 2.1.0: one run, the rules that fired in the driver, a result per finding at its YAML line."""
    from ..faults import get

    codes = sorted({f.rule for f in findings})
    index = {c: i for i, c in enumerate(codes)}
    rules = []
    for c in codes:
        r = get(c)
        rules.append({"id": c, "name": r.summary, "shortDescription": {"text": r.summary},
                      "fullDescription": {"text": r.explanation},
                      "help": {"text": f"{r.explanation}\n\nSource: {r.source}"},
                      "defaultConfiguration": {"level": _LEVEL[r.severity]},
                      "properties": {"tags": [r.family], "source": r.source}})
    results = []
    for f in findings:
        res = {"ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
               "message": {"text": f.message + (f" (fix: {f.hint})" if f.hint else "")}}
        if f.file:
            region = {"startLine": f.line or 1}
            if f.column:
                region["startColumn"] = f.column
            res["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.file)}, "region": region}}]
        refs = list(f.ports) + list(f.cables) + list(f.devices)
        if refs:
            res["properties"] = {"ports": list(f.ports), "cables": list(f.cables), "devices": list(f.devices)}
        results.append(res)
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "cabling", "version": __version__, "rules": rules}},
                      "columnKind": "unicodeCodePoints",
                      "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                      "results": results}]}


def run_rules(args) -> int:
    from ..faults import catalogue
    from ..faults.examples import BASE

    if args.example_base:
        sys.stdout.write(BASE)
        return EXIT_OK
    every = catalogue.rules()
    if args.code:
        codes, unknown = catalogue.expand([args.code])
        if unknown:
            print(f"cabling rules: {args.code}: no such rule code, prefix or family", file=sys.stderr)
            return EXIT_USAGE
        chosen = [r for r in every if r.code in codes]
    else:
        chosen = every
    if args.json:
        print(json.dumps([{"code": r.code, "family": r.family, "severity": r.severity, "summary": r.summary,
                           "source": r.source, "explanation": r.explanation, "fails": r.fails, "passes": r.passes}
                          for r in chosen], indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.code and len(chosen) == 1:
        sys.stdout.write(explain(chosen[0]))
        return EXIT_OK
    width = max(len(r.summary) for r in chosen)
    for r in chosen:
        print(f"{r.code}  {r.severity:<7}  {r.family:<8}  {r.summary:<{width}}  {_short(r.source)}")
    print(f"\n{len(chosen)} rules; 'cabling rules CODE' explains one with its source and examples.")
    return EXIT_OK


def _short(source: str, n: int = 60) -> str:
    first = source.split(";")[0]
    return first if len(first) <= n else first[: n - 3] + "..."


def explain(r) -> str:
    import textwrap

    def indent(text):
        return "".join(f"    {line}\n" for line in text.splitlines())

    body = textwrap.fill(" ".join(r.explanation.split()), width=96)
    out = [f"{r.code}: {r.summary}\n", f"  family {r.family}, severity {r.severity}\n\n", f"{body}\n\n",
           "Source: " + textwrap.fill(r.source, width=96, subsequent_indent="  ") + "\n"]
    if r.fails or r.passes:
        out.append("\nExamples (added to the small site that 'cabling rules --example-base' prints):\n")
        if r.fails:
            out.append("\n  Fails:\n" + indent(r.fails))
        if r.passes:
            out.append("\n  Passes:\n" + indent(r.passes))
    out.append(f"\nAccept one finding on its YAML line: # cabling: ignore[{r.code}] -- the reason\n"
               f"Turn it off for a site: rules: {{disable: [{r.code}]}}\n")
    return "".join(out)



"""``cabling validate``: can these files be read, and do their references hold."""
from __future__ import annotations

import json
import sys

from ..diagnostics import InputError
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, load


def register(sub, groups) -> None:
    v = sub.add_parser("validate", help="check site files; exit 0 clean, 1 with findings, 2 unusable input",
                       description="Load site files and report every problem with file:line:column.")
    v.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(func=run)


def run(args) -> int:
    try:
        inv = load(args.paths)
    except InputError as exc:
        if args.json:
            print(json.dumps({"ok": False, "errors": [d.as_dict() for d in exc.diagnostics]}, indent=2))
        else:
            for d in exc.diagnostics:
                print(d)
            print(exc.summary(), file=sys.stderr)
        return EXIT_USAGE if exc.fatal else EXIT_FINDINGS
    stats = inv.counts()
    warnings = list(inv.warnings) + loop_warnings(inv) + geometry_warnings(inv)
    if args.json:
        print(json.dumps({"ok": True, "warnings": [d.as_dict() for d in warnings], "summary": stats}, indent=2))
    else:
        for d in warnings:
            print(f"{d} (warning)")
        files = ", ".join(inv.files) if len(inv.files) <= 3 else f"{len(inv.files)} files"
        print(f"ok: {files}: "
              + ", ".join(f"{v:,} {k if v != 1 else k[:-1]}" for k, v in stats.items() if v or k != "circuits"))
    return EXIT_OK


def geometry_warnings(inv) -> list:
    """The geometric checks (routes, fill, placement, loose pathways) as warnings.

    Here until the rule catalogue (``cabling faults``) takes them.
    """
    from ..diagnostics import Diagnostic
    from ..geometry.checks import findings

    return [Diagnostic(f.mark, f.message, "warning") for f in findings(inv)]


def loop_warnings(inv) -> list:
    """Each cabling loop once, at the cable a trace comes back over (a warning: the site still loads)."""
    from ..diagnostics import Diagnostic
    from ..loops import find

    return [Diagnostic(lp.closing_cable.mark if lp.closing_cable else None, lp.describe(inv), "warning")
            for lp in find(inv)]

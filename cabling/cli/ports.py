"""``cabling ports``: every port with its device, role, kind and cable."""
from __future__ import annotations

import json
import sys

from ..choices import PORT_KINDS
from .common import EXIT_OK, EXIT_USAGE, add_cache_option, load_or_report


def register(sub, groups) -> None:
    ps = sub.add_parser("ports", help="list every port", description="List every port with its device, role, kind and cable.")
    ps.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    ps.add_argument("--json", action="store_true", help="print a JSON list of objects")
    ps.add_argument("--device", help="only ports of devices whose name matches this glob, e.g. 'PP-2A-*'")
    ps.add_argument("--kind", choices=PORT_KINDS, help="only ports of this kind")
    ps.add_argument("--free", action="store_true",
                    help="only ports with no cable, each with what it offers: PoE type and the switch's watts left, "
                         "a dark panel port ready with one patch cord, a jack live, dark or empty "
                         "(the same verdicts as cabling capacity)")
    add_cache_option(ps)
    ps.set_defaults(func=run)


def run(args) -> int:
    from ..analysis.ports import port_rows

    inv = load_or_report(args.paths)
    if inv is None:
        return EXIT_USAGE
    notes = None
    if args.free:
        from ..analysis.capacity import capacity_report

        notes = capacity_report(inv).free_notes()
    rows = port_rows(inv, device=args.device, free=args.free, kind=args.kind, notes=notes)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
    else:
        from ..renderers.text import table

        print(table(rows, ["ref", "device", "role", "kind", "type"] + (["note"] if args.free else ["cable"])))
        print(f"{len(rows):,} port{'s' if len(rows) != 1 else ''}", file=sys.stderr)
    return EXIT_OK

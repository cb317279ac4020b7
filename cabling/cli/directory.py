"""``cabling directory``: the extension list with phone, outlet, room, PBX port and block pairs."""
from __future__ import annotations

import csv
import json
import sys

from .common import EXIT_OK, EXIT_USAGE, load_or_report


def register(sub, groups) -> None:
    t = sub.add_parser("directory", help="list every extension: number, name, phone, outlet, room, PBX port, block pairs",
                       description="The extension list of the sites: number, name, kind (analog, IP, DECT), phone, "
                                   "outlet jack, room, PBX port and the block pairs its path takes, found by tracing "
                                   "each extension.")
    t.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    out = t.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="print CSV (a header row, then one row per extension)")
    out.add_argument("--json", action="store_true", help="print a JSON list")
    t.set_defaults(func=run)


def run(args) -> int:
    from ..renderers.text import table
    from ..telephony.directory import COLUMNS, directory

    inv = load_or_report(args.paths)
    if inv is None:
        return EXIT_USAGE
    rows = [e.as_dict() for e in directory(inv)]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.csv:
        w = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    else:
        print(table(rows, COLUMNS) if rows else "no extensions")
    return EXIT_OK

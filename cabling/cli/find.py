"""``cabling find``: what a text names (an extension, a phone number, a label, a circuit, a device), with its path."""
from __future__ import annotations

import json
import sys

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, load_or_report


def register(sub, groups) -> None:
    t = sub.add_parser("find", help="find an extension, phone number, label, circuit id or device, with its path",
                       description="Find what TEXT names: an extension number, a phone number in any common writing "
                                   "('+7 (843) 555-01-01', '88435550101': read as E.164 with the site's country), a "
                                   "cable or block label, a circuit id, a device or a port; each match is traced end "
                                   "to end. Exit 0 when something is found, 1 when nothing is.")
    t.add_argument("args", nargs="+", metavar="PATH... TEXT", help="site files or folders, then what to look for")
    t.add_argument("--json", action="store_true", help="print the matches and their paths as JSON")
    t.set_defaults(func=run)


def run(args) -> int:
    from ..renderers.text import trace_text
    from ..telephony.find import find
    from ..telephony.pairs import annotate_json
    from ..analysis.trace import trace

    if len(args.args) < 2:
        print("cabling find: give the site file(s) and then what to find, e.g. cabling find sites/branch.yaml 214",
              file=sys.stderr)
        return EXIT_USAGE
    inv = load_or_report(args.args[:-1])
    if inv is None:
        return EXIT_USAGE
    text = args.args[-1]
    found = find(inv, text)
    if args.json:
        rows = []
        for f in found:
            paths = trace(f.port) if f.port is not None else []
            rows.append({"kind": f.kind, "name": f.name, "note": f.note,
                         "from": inv.ref(f.port) if f.port is not None else None,
                         "paths": [annotate_json(inv.telephony, p, p.to_json(inv)) for p in paths]})
        print(json.dumps({"query": text, "found": rows}, indent=2))
        return EXIT_OK if found else EXIT_FINDINGS
    if not found:
        print(f"nothing found for '{text}'")
        return EXIT_FINDINGS
    for n, f in enumerate(found):
        if n:
            print()
        print(f"{f.kind}: {f.note}")
        if f.port is not None:
            print(trace_text(inv, f.port, trace(f.port)))
    return EXIT_OK

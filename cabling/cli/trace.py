"""``cabling trace``: follow a port end to end."""
from __future__ import annotations

import json
import sys

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_cache_option, load_or_report


def register(sub, groups) -> None:
    t = sub.add_parser("trace", help="trace a port end to end",
                       description="Trace a port end to end, as NetBox does, from any port: from a panel port or an "
                                   "outlet jack both directions are shown. Exit 0 when every path is complete and "
                                   "active, 1 otherwise.")
    t.add_argument("args", nargs="+", metavar="PATH... REF",
                   help="site files or folders, then the port: DEVICE:PORT, e.g. PP-2A-A:17")
    t.add_argument("--json", action="store_true", help="print the paths as JSON")
    add_cache_option(t)
    t.set_defaults(func=run)


def run(args) -> int:
    from ..loader import resolve_ref
    from ..trace import trace

    if len(args.args) < 2:
        print("cabling trace: give the site file(s) and then the port, e.g. "
              "cabling trace sites/office.yaml 1A-001:1", file=sys.stderr)
        return EXIT_USAGE
    paths_in, ref = args.args[:-1], args.args[-1]
    inv = load_or_report(paths_in)
    if inv is None:
        return EXIT_USAGE
    port, problem = resolve_ref(inv, ref)
    if port is None:
        print(f"cabling trace: {problem}", file=sys.stderr)
        return EXIT_USAGE
    paths = trace(port)
    if args.json:
        print(json.dumps({"origin": inv.ref(port), "paths": [p.to_json(inv) for p in paths]}, indent=2))
    else:
        from ..render import trace_text

        print(trace_text(inv, port, paths))
    return EXIT_OK if all(p.complete and p.active and not p.split for p in paths) else EXIT_FINDINGS

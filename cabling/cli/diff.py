"""``cabling diff OLD NEW``: devices, cables and ports that changed between two site files or git revisions."""
from __future__ import annotations

import json
import sys

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, report_input_error


def register(sub, groups) -> None:
    p = sub.add_parser("diff", help="what changed between two versions of a site: devices, cables, ports",
                       description="Load two versions of a site, each a site file or folder, or a git revision "
                                   "REV:path of one (HEAD~1:sites/branch.yaml, HEAD~1:sites/branch/, read with git "
                                   "show), and list the devices, cables "
                                   "and ports added (+), removed (-) and changed (~, field old -> new), each at its "
                                   "file:line:col. Exit 0 when nothing changed, 1 when something did, 2 for a version "
                                   "that cannot be read or loaded.")
    p.add_argument("old", metavar="OLD", help="site file or folder, or REV:path")
    p.add_argument("new", metavar="NEW", help="site file or folder, or REV:path")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..diagnostics import InputError
    from ..analysis.sitediff import SourceError, diff, load_sources, read_sources

    loaded = []
    for spec in (args.old, args.new):
        try:
            loaded.append(load_sources(read_sources(spec)))
        except SourceError as exc:
            print(f"cabling diff: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except InputError as exc:
            report_input_error(exc)
            return EXIT_USAGE
    result = diff(loaded[0], loaded[1], args.old, args.new)
    print(json.dumps(result.to_json(), indent=1, ensure_ascii=False) if args.json else result.text())
    return EXIT_FINDINGS if result else EXIT_OK

"""``cabling workorders SITE... PLAN -o DIR``: the plan's task sheets for the installer (CSV and XLSX)."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, write_files, write_one

FORMATS = ("csv", "xlsx")


def register(sub, groups) -> None:
    p = sub.add_parser("workorders", help="task sheets for the installer: tasks, network note, BOM, labels, checks",
                       description="Allocate the plan (as 'cabling plan' does) and write its work orders: numbered "
                                   "tasks per telecom space and floor in the order a crew works (pull, terminate, "
                                   "label, certify with a result column, patch, connect, remove), the network team's "
                                   "note (switch ports, PoE, VLANs), a bill of materials, one row per label and the "
                                   "acceptance checklist; a CSV file per part and an XLSX workbook with a sheet per "
                                   "part. Exit 0, 1 when part of the plan is unmet (the work orders cover the rest), "
                                   "2 for unusable input.")
    p.add_argument("paths", nargs="+", metavar="SITE... PLAN", help="site files or folders, then the plan file")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="folder to write the files into")
    p.add_argument("--format", choices=FORMATS, action="append", help="csv or xlsx (default both; repeat for several)")
    p.add_argument("--force", action="store_true", help="replace files that exist")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..planning.workorders import file_stem, to_csv_files, to_xlsx, work_orders
    from .plan import planned

    done = planned(args, "workorders")
    if done is None:
        return EXIT_USAGE
    _sites, inv, result = done
    wo = work_orders(inv, result)
    formats = args.format or list(FORMATS)
    written = []
    if "csv" in formats:
        files = to_csv_files(wo)
        if not write_files("cabling workorders", args.output, files, args.force):
            return EXIT_USAGE
        written += sorted(files)
    if "xlsx" in formats:
        args.output.mkdir(parents=True, exist_ok=True)
        name = f"{file_stem(wo)}-workorders.xlsx"
        if not write_one("cabling workorders", args.output / name, to_xlsx(wo), args.force):
            return EXIT_USAGE
        written.append(name)
    print(f"{len(wo.tasks)} tasks in {len({(t.space, t.floor) for t in wo.tasks})} groups, {len(wo.network)} switch "
          f"ports for the network team, {len(wo.labels)} labels: {', '.join(written)} in {args.output}")
    for u in result.unmet:
        print(f"{u.mark + ': ' if u.mark else ''}not in the work orders: request {u.request}: {u.item}: {u.reason}",
              file=sys.stderr)
    return EXIT_FINDINGS if result.unmet else EXIT_OK

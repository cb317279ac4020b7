"""``cabling workorders SITE... PLAN -o DIR``: the plan's task sheets for the installer (CSV, XLSX, PDF, HTML)."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, write_files, write_one

FORMATS = ("csv", "xlsx", "pdf", "html")
PAPERS = ("a4", "letter")


def register(sub, groups) -> None:
    p = sub.add_parser("workorders", help="task sheets for the installer: tasks, network note, BOM, labels, checks",
                       description="Allocate the plan (as 'cabling plan' does) and write its work orders: numbered "
                                   "tasks per telecom space and floor in the order a crew works (pull, terminate, "
                                   "label, certify with a result column, patch, connect, remove), the network team's "
                                   "note (switch ports, PoE, VLANs), a bill of materials, one row per label and the "
                                   "acceptance checklist; a CSV file per part, an XLSX workbook with a sheet per "
                                   "part, and a printable document (PDF and HTML: the parts and a floor-plan sheet "
                                   "per floor with the new outlets and routes) with its label sheets (a QR code of "
                                   "the link's cable id on each label). Exit 0, 1 when part of the plan is unmet "
                                   "(the work orders cover the rest), 2 for unusable input.")
    p.add_argument("paths", nargs="+", metavar="SITE... PLAN", help="site files or folders, then the plan file")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="folder to write the files into")
    p.add_argument("--format", choices=FORMATS, action="append",
                   help="csv, xlsx, pdf or html (default all; repeat for several)")
    p.add_argument("--paper", choices=PAPERS, default="a4", help="page size of the PDF and HTML (default a4)")
    p.add_argument("--force", action="store_true", help="replace files that exist")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..planning.workorders import file_stem, to_csv_files, to_xlsx, work_orders
    from .plan import planned
    from .progress import phase

    prog = "cabling workorders"
    done = planned(args, "workorders")
    if done is None:
        return EXIT_USAGE
    sites, inv, result = done
    phase("writing the tasks")
    wo = work_orders(inv, result)
    formats = args.format or list(FORMATS)
    stem = file_stem(wo)
    texts: dict[str, str] = {}
    blobs: dict[str, bytes] = {}
    if "csv" in formats:
        texts.update(to_csv_files(wo))
    if "xlsx" in formats:
        blobs[f"{stem}-workorders.xlsx"] = to_xlsx(wo)
    printed = [f"{stem}-{doc}.{ext}" for ext in ("pdf", "html") if ext in formats for doc in ("workorders", "labels")]
    if args.output.exists() and not args.output.is_dir():
        print(f"{prog}: {args.output} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    existing = sorted(n for n in [*texts, *blobs, *printed] if (args.output / n).exists())
    if existing and not args.force:  # before rendering or writing anything: all or nothing
        print(f"{prog}: {len(existing)} file(s) already exist in {args.output} (e.g. {existing[0]}); "
              "pass --force to replace them", file=sys.stderr)
        return EXIT_USAGE
    floors = []
    if printed:
        phase("drawing the floor-plan sheets and printing" + (" the PDFs" if "pdf" in formats else " the HTML"))
        done = _printed(prog, sites, inv, result, wo, args.paper, "pdf" in formats)
        if done is None:
            return EXIT_USAGE
        floors, docs = done
        for name, data in docs.items():
            if name in printed:
                (texts if isinstance(data, str) else blobs)[name] = data
    if texts and not write_files(prog, args.output, texts, args.force):
        return EXIT_USAGE
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"{prog}: cannot make {args.output}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    for name, data in sorted(blobs.items()):
        if not write_one(prog, args.output / name, data, args.force):
            return EXIT_USAGE
    written = sorted([*texts, *blobs])
    print(f"{len(wo.tasks)} tasks in {len({(t.space, t.floor) for t in wo.tasks})} groups, {len(wo.network)} switch "
          f"ports for the network team, {len(wo.labels)} labels"
          + (f", {len(floors)} floor-plan sheets" if floors else "") + f": {', '.join(written)} in {args.output}")
    for u in result.unmet:
        print(f"{u.mark + ': ' if u.mark else ''}not in the work orders: request {u.request}: {u.item}: {u.reason}",
              file=sys.stderr)
    return EXIT_FINDINGS if result.unmet else EXIT_OK


def _printed(prog, sites, inv, result, wo, paper, want_pdf):
    """(floor sheets, {file name: HTML text or PDF bytes}) or None once the problem is reported."""
    from ..planning import sheets

    done = sheets.printed(inv, sites, result, wo, paper)
    for n in done.notes:
        print(f"{prog}: {n}", file=sys.stderr)
    docs: dict = dict(done.html)
    if want_pdf:
        try:
            docs.update(done.pdfs())
        except (ImportError, OSError) as exc:  # OSError: pango or cairo missing on the system
            print(f"{prog}: PDF output needs weasyprint and its system libraries (pango): {exc}; "
                  "use --format html", file=sys.stderr)
            return None
    return done.floors, docs

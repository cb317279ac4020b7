"""``cabling import journal`` and ``cabling export journal``: cable journals (XLSX or CSV spreadsheets)."""
from __future__ import annotations

import re
import sys

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, load_or_report, report_input_error, write_one


def register(sub, groups) -> None:
    imp = groups["import"].add_parser(
        "journal", help="from a cable journal (XLSX or CSV, a row per outlet)",
        description="Write a site file from a cable journal: a spreadsheet with a row per outlet (room, outlet, "
                    "panel and port, switch and port, lengths, category, test). Headers are recognised in English "
                    "and Russian; shorthand such as PP2-17, PP-2/17, Gi1/0/17, 2.14 (room 14 on floor 2) and "
                    "'35,5 м' is understood. Prints which columns it used and every row it could not use. "
                    "Exit 0 when every row was used, 1 when rows were rejected or conflict (the site is still "
                    "written), 2 when nothing could be used.")
    imp.add_argument("source", metavar="FILE", help="the journal: .xlsx or .csv (any delimiter; UTF-8, UTF-16 or cp1251)")
    imp.add_argument("-o", "--output", required=True, metavar="SITE.yaml", help="site file to write")
    imp.add_argument("--sheet", metavar="NAME", help="read only this sheet of a workbook (default: every sheet)")
    imp.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER",
                     help="take FIELD from the column headed HEADER, e.g. --map outlet=Розетка (repeatable); "
                          "fields: outlet, jack, room, floor, panel, panel_port, switch, switch_port, length, "
                          "patch_length, cord_length, device, device_model, device_port, category, status, label, "
                          "test_date, test_result, space, room_name, description")
    imp.add_argument("--site", action="append", default=[], metavar="EXISTING.yaml",
                     help="add to this existing site (its devices and models are used; the file written adds to it)")
    imp.add_argument("--site-id", metavar="ID", help="id of the new site (default: from the file name)")
    imp.add_argument("--name", help="name of the new site (default: the journal's title row)")
    imp.add_argument("--force", action="store_true", help="replace the output file if it exists")
    imp.set_defaults(func=run_import)
    exp = groups["export"].add_parser(
        "journal", help="to a cable journal (XLSX or CSV, a row per outlet jack)",
        description="Write a cable journal: one row per outlet jack with its whole path (room, outlet, panel port, "
                    "switch port, device, lengths, category, status, last test), sorted floor, room, outlet, jack. "
                    "XLSX has a sheet per telecom space and a summary of utilisation; CSV the same rows in one "
                    "table (UTF-8 with BOM). 'cabling import journal' reads it back.")
    exp.add_argument("paths", nargs="+", metavar="SITE", help="site files or folders")
    exp.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.xlsx or FILE.csv")
    exp.add_argument("--delimiter", default=",", help="CSV delimiter (default ','; ';' for Excel in many locales)")
    exp.add_argument("--force", action="store_true", help="replace the output file if it exists")
    exp.set_defaults(func=run_export)


def _site_id(stem: str) -> str:
    return re.sub(r"[^\w]+", "-", stem.lower()).strip("-") or "journal"


def run_import(args) -> int:
    import tempfile
    from pathlib import Path

    from ..diagnostics import InputError
    from ..journal.build import build, report
    from ..journal.columns import MappingError, parse_map
    from ..journal.reader import JournalReadError, read
    from ..readers.loader import load
    from .progress import phase

    prog = "cabling import journal"
    out = Path(args.output)
    if out.exists() and not args.force:
        print(f"{prog}: {out} exists; pass --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    phase(f"reading {args.source}")
    try:
        mapping = parse_map(args.map)
        sheets = read(args.source, sheet=args.sheet, mapping=mapping)
    except (MappingError, JournalReadError) as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    existing = None
    site_id = args.site_id or _site_id(Path(args.source).stem)
    if args.site:
        existing = load_or_report(args.site)
        if existing is None:
            return EXIT_USAGE
        if args.site_id is None and len(existing.sites) == 1:
            site_id = next(iter(existing.sites))
        elif site_id not in existing.sites:
            print(f"{prog}: --site loads site(s) {', '.join(existing.sites)}; say which with --site-id",
                  file=sys.stderr)
            return EXIT_USAGE
    title = next((s.title for s in sheets if s.title), None)
    phase(f"building the site from {sum(len(s.rows) for s in sheets):,} rows")
    result = build(sheets, site_id, site_name=args.name or title, existing=existing,
                   source=Path(args.source).name)
    lines = report(result, args.source)
    print("\n".join(lines))
    if result.text is None:
        print(f"{prog}: no row of {args.source} could be used; nothing written", file=sys.stderr)
        return EXIT_USAGE
    phase("checking that the new site file loads")
    with tempfile.TemporaryDirectory() as tmp:  # the file must load (with the --site files) before it is written
        trial = Path(tmp) / (out.name if out.suffix in (".yaml", ".yml") else "site.yaml")
        trial.write_text(result.text, encoding="utf-8")
        try:
            load(list(args.site) + [trial])
        except InputError as exc:
            print(f"{prog}: the site made from the journal does not load; nothing written:", file=sys.stderr)
            report_input_error(exc)
            return EXIT_USAGE
    if not write_one(prog, out, result.text, args.force):
        return EXIT_USAGE
    print(f"wrote {out}" + ("" if result.clean else
                            f" without the {len(result.rejected)} rejected row(s) and {len(result.conflicts)} "
                            "conflict(s) above: fix them in the journal and import again"))
    return EXIT_OK if result.clean else EXIT_FINDINGS


def run_export(args) -> int:
    from pathlib import Path

    from ..journal.writer import journal_rows, to_csv, to_xlsx

    prog = "cabling export journal"
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        print(f"{prog}: {out}: give a .xlsx or .csv file name", file=sys.stderr)
        return EXIT_USAGE
    if len(args.delimiter) != 1:
        print(f"{prog}: --delimiter must be one character", file=sys.stderr)
        return EXIT_USAGE
    inv = load_or_report(args.paths)
    if inv is None:
        return EXIT_USAGE
    export = journal_rows(inv)
    data = to_xlsx(export) if suffix == ".xlsx" else to_csv(export, args.delimiter)
    if not write_one(prog, out, data, args.force):
        return EXIT_USAGE
    for n in export.notes:
        print(f"note: {n}", file=sys.stderr)
    spaces = len(export.summary) - 1
    print(f"wrote {out}: {len(export.rows)} outlet jacks"
          + (f" in {spaces} telecom space sheet(s) and a summary" if suffix == ".xlsx" else ""), file=sys.stderr)
    return EXIT_OK

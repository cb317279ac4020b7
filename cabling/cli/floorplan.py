"""``cabling floorplan``: a printable floor plan (SVG or PDF) of one floor, optionally with cable routes."""
from __future__ import annotations

import sys
from pathlib import Path

from ..diagnostics import did_you_mean
from .common import EXIT_OK, EXIT_USAGE, add_cache_option, load_or_report, write_one

FORMATS = (".svg", ".pdf")


def register(sub, groups) -> None:
    p = sub.add_parser("floorplan", help="draw a floor plan as SVG or PDF",
                       description="Draw one floor as a printable A3 plan: rooms with names, outlets with ids, racks, "
                                   "pathways and, with --routes, the cable routes; with a legend, a scale bar and a "
                                   "title block. The output's suffix (.svg or .pdf) chooses the format.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    p.add_argument("--floor", required=True, metavar="ID", help="the floor to draw")
    p.add_argument("--site", metavar="ID", help="the site, when several are loaded")
    p.add_argument("--routes", action="store_true", help="draw the routes of the floor's horizontal cables")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="plan.svg or plan.pdf")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    add_cache_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..geometry.plan import PlanError, plan_pdf, plan_svg

    prog = "cabling floorplan"
    suffix = args.output.suffix.lower()
    if suffix not in FORMATS:
        print(f"{prog}: {args.output}: write a .svg or a .pdf file", file=sys.stderr)
        return EXIT_USAGE
    if args.output.exists() and not args.force:
        print(f"{prog}: {args.output} already exists; pass --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    inv = load_or_report(args.paths)
    if inv is None:
        return EXIT_USAGE
    if args.site is not None:
        site = inv.sites.get(args.site)
        if site is None:
            print(f"{prog}: no site {args.site} is loaded{did_you_mean(args.site, inv.sites)}", file=sys.stderr)
            return EXIT_USAGE
    else:
        with_floor = [s for s in inv.sites.values() if args.floor in s.floors]
        if len(with_floor) > 1:
            print(f"{prog}: floor {args.floor} is in sites {', '.join(s.id for s in with_floor)}; "
                  "choose one with --site", file=sys.stderr)
            return EXIT_USAGE
        site = with_floor[0] if with_floor else None
        if site is None:
            floors = [f for s in inv.sites.values() for f in s.floors]
            print(f"{prog}: no floor {args.floor}{did_you_mean(args.floor, floors)}"
                  + (f"; floors: {', '.join(floors)}" if floors else "; the site has no floors"), file=sys.stderr)
            return EXIT_USAGE
    if args.floor not in site.floors:
        print(f"{prog}: site {site.id} has no floor {args.floor}{did_you_mean(args.floor, site.floors)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if suffix == ".svg":
            data = plan_svg(inv, site, args.floor, args.routes).encode("utf-8")
        else:
            data = plan_pdf(inv, site, args.floor, args.routes)
    except PlanError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not write_one(prog, args.output, data, args.force):
        return EXIT_USAGE
    print(f"wrote {args.output} (site {site.id}, floor {args.floor})", file=sys.stderr)
    return EXIT_OK

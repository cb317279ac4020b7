"""``cabling import dxf``: rooms from an architect's DXF drawing."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_USAGE, write_one


def register(sub, groups) -> None:
    from ..choices import DXF_UNITS_M as UNIT_NAMES_M

    p = groups["import"].add_parser("dxf", help="rooms from a DXF drawing",
                                    description="Read the closed polylines on one layer of a DXF drawing as the "
                                                "rooms of a floor, each named by the text inside it, and write them "
                                                "in the site format.")
    p.add_argument("source", metavar="FILE", type=Path, help="the DXF file")
    p.add_argument("--floor", required=True, metavar="ID", help="floor id the rooms are on")
    p.add_argument("--layer", default="ROOMS", help="layer that holds the room outlines (default ROOMS)")
    p.add_argument("--site", metavar="ID", help="write 'site: ID' so the file loads beside the site's file")
    p.add_argument("--units", choices=sorted(UNIT_NAMES_M), help="drawing unit (default: the DXF's $INSUNITS)")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="rooms.yaml to write")
    p.add_argument("--force", action="store_true", help="replace the output if it exists")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..geometry.dxf import DxfError, read_rooms, rooms_yaml

    prog = "cabling import dxf"
    if not args.source.is_file():
        print(f"{prog}: {args.source}: no such file", file=sys.stderr)
        return EXIT_USAGE
    if args.output.exists() and not args.force:
        print(f"{prog}: {args.output} already exists; pass --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    try:
        rooms = read_rooms(args.source, args.layer, args.floor, args.units)
    except DxfError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    text = rooms_yaml(rooms, args.floor, args.site, args.source.name)
    if not write_one(prog, args.output, text, args.force):
        return EXIT_USAGE
    unnamed = sum(1 for r in rooms if r.name is None)
    print(f"wrote {args.output}: {len(rooms)} rooms on floor {args.floor}"
          + (f" ({unnamed} without a name inside)" if unnamed else ""), file=sys.stderr)
    return EXIT_OK

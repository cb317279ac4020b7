"""``cabling generate``: a synthetic site of a given size."""
from __future__ import annotations

import sys

from .common import EXIT_OK, EXIT_USAGE, write_one


# The most outlets whose generated site loads: at most readers.devices.MAX_PORTS ports (about 6.5 per outlet) in a
# file of at most yamlsource.MAX_FILE_BYTES (one entry per cable, --expanded, takes about 260 bytes per outlet).
MAX_OUTLETS = 150_000
MAX_OUTLETS_EXPANDED = 100_000


def register(sub, groups) -> None:
    g = sub.add_parser("generate", help="write a synthetic site of a given size",
                       description="Write a deterministic synthetic site, for benchmarks, tests and trying cabling "
                                   "out at scale. The campus layout: several buildings of several floors, offices, a "
                                   "tray and a telecom room on each floor (every outlet within 90 m of cable), a riser "
                                   "per building, a fibre backbone over MPO trunks to each building's main telecom "
                                   "room, IP phones, some planned and some faulty cables. The building layout: one "
                                   "building, one telecom room per floor, no pathways.")
    g.add_argument("--outlets", type=int, required=True,
                   help=f"number of wall outlets (at most {MAX_OUTLETS:,}; {MAX_OUTLETS_EXPANDED:,} with --expanded)")
    g.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    g.add_argument("--layout", choices=("campus", "building"), default="campus",
                   help="campus (default) or the simpler single building")
    g.add_argument("--expanded", action="store_true",
                   help="one entry per cable instead of the bulk notation (campus layout)")
    g.add_argument("-o", "--output", required=True, help="file to write, or - for standard output")
    g.add_argument("--force", action="store_true", help="replace the file if it exists")
    g.set_defaults(func=run)


def run(args) -> int:
    from ..readers.devices import MAX_PORTS
    from ..writers.synthetic import generate_campus, generate_site
    from ..readers.yamlsource import MAX_FILE_BYTES

    if args.outlets < 1:
        print("cabling generate: --outlets must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    most = MAX_OUTLETS_EXPANDED if args.expanded else MAX_OUTLETS
    if args.outlets > most:  # a typo (1000000000) would run for an hour and write a file no command loads
        print(f"cabling generate: --outlets {args.outlets:,} is more than {most:,}, the most whose site loads "
              f"(at most {MAX_PORTS:,} ports, in a file of at most {MAX_FILE_BYTES // 2**20} MB)", file=sys.stderr)
        return EXIT_USAGE
    if args.expanded and args.layout != "campus":
        print("cabling generate: --expanded goes with the campus layout", file=sys.stderr)
        return EXIT_USAGE
    from .progress import counter

    if args.layout == "campus":
        text = generate_campus(args.outlets, seed=args.seed, expanded=args.expanded,
                               progress=counter("buildings"))
    else:
        text = generate_site(args.outlets, seed=args.seed)
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    if not write_one("cabling generate", args.output, text, args.force):
        return EXIT_USAGE
    print(f"wrote {args.output}: {args.outlets:,} outlets, {args.layout} layout (seed {args.seed})", file=sys.stderr)
    return EXIT_OK

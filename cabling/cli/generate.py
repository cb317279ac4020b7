"""``cabling generate``: a synthetic site of a given size."""
from __future__ import annotations

import sys

from .common import EXIT_OK, EXIT_USAGE, write_one


def register(sub, groups) -> None:
    g = sub.add_parser("generate", help="write a synthetic site of a given size",
                       description="Write a deterministic synthetic site in the bulk notation, for benchmarks and tests.")
    g.add_argument("--outlets", type=int, required=True, help="number of wall outlets")
    g.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    g.add_argument("-o", "--output", required=True, help="file to write, or - for standard output")
    g.add_argument("--force", action="store_true", help="replace the file if it exists")
    g.set_defaults(func=run)


def run(args) -> int:
    from ..synthetic import generate_site

    if args.outlets < 1:
        print("cabling generate: --outlets must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    text = generate_site(args.outlets, seed=args.seed)
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    if not write_one("cabling generate", args.output, text, args.force):
        return EXIT_USAGE
    print(f"wrote {args.output}: {args.outlets:,} outlets (seed {args.seed})", file=sys.stderr)
    return EXIT_OK

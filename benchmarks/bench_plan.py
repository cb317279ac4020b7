"""Planning benchmark: `python benchmarks/bench_plan.py [--outlets 10000] [--new 1000] [--repeat 3]`.

A synthetic site (``cabling generate``, seed 1: every panel and switch port already in use) gets a
plan of ``--new`` new single-jack outlets with data, voice and PoE class 2, spread over its floors
(48 per floor along the north wall of each open office), so the planner proposes a panel and a
switch per floor besides allocating every jack. Timed, best of ``--repeat``: reading the plan and
:func:`cabling.planning.allocate.plan` (its capacity report, routes to every rack, allocation),
against loading the same site (load + validate) in the same run.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile

from cabling.planning.allocate import plan
from cabling.planning.plan import read_plan
from cabling.readers.loader import load
from cabling.writers.synthetic import PER_FLOOR, generate_site
from timing import best


def plan_text(outlets: int, new: int, rooms: list[str] | None = None, along: str = "[[8, 47], [78, 47]]") -> str:
    """A plan of ``new`` outlets, 48 a request, over ``rooms`` in turn (default: each floor's open office of
    ``generate_site``), each row ``along`` the given line."""
    rooms = rooms or [f"{f}-OPEN" for f in range(1, (outlets + PER_FLOOR - 1) // PER_FLOOR + 1)]
    lines = ["plan: {id: BENCH-1, title: benchmark expansion}", "requests:"]
    left, k = new, 0
    while left > 0:
        n = min(48, left)
        lines.append(f"  - outlets: {{room: '{rooms[k]}', count: {n}, along: {along}, services: [data, voice], "
                     f"poe_class: 2, vlan: 10}}")
        left -= n
        k = (k + 1) % len(rooms)
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outlets", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site.yaml")
        with open(site, "w", encoding="utf-8") as fh:
            fh.write(generate_site(a.outlets, seed=1))
        plan_file = os.path.join(tmp, "plan.yaml")
        with open(plan_file, "w", encoding="utf-8") as fh:
            fh.write(plan_text(a.outlets, a.new))
        t_load, inv = best(lambda: load([site]), a.repeat)
        t_plan, res = best(lambda: plan(inv, read_plan(plan_file)), a.repeat)
    t = res.totals()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus; best of {a.repeat}")
    print("| site outlets | new outlets | load+validate (s) | plan (s) | plan / load | jacks planned | proposed | unmet |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {a.outlets:,} | {a.new:,} | {t_load:.3f} | {t_plan:.3f} | {t_plan / t_load:.2f}x | {t['jacks']:,} | "
          f"{t['proposed']} | {t['unmet']} |")
    if t["jacks"] != a.new:
        sys.exit(f"expected {a.new} jacks planned, got {t['jacks']}")


if __name__ == "__main__":
    main()

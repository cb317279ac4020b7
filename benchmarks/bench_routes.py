"""Route benchmark: `python benchmarks/bench_routes.py [--sizes 1000 10000 20000] [--repeat 3]`.

For each size a synthetic site (``cabling generate``, seed 1) gets pathways: on every floor a tray
from the rack up the west wall and one ceiling run along each row of outlets, and one riser
joining all floors. Timed, best of ``--repeat``, against the load of the same file in the same run:

* building the pathway network (shapely noding + networkx);
* ``routes(inv)``: every horizontal cable's route (one Dijkstra per rack, vectorised nearest pathway);
* ``route_of`` for one cable on a warm network (mean of 200 calls), as the viewer asks it;
* every geometric check (``checks.findings``) on a freshly loaded inventory, network and routes included.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time

from cabling.geometry import checks, route_of, routes
from cabling.geometry.network import build_network
from cabling.readers.loader import load
from cabling.writers.synthetic import PANELS_PER_FLOOR, PER_PANEL, generate_site
from timing import best


def with_pathways(n: int, panels: int = PANELS_PER_FLOOR) -> str:
    """A synthetic site of ``n`` outlets (``panels`` rows of 48 a floor) with trays, ceiling runs and a riser."""
    text = generate_site(n, seed=1, panels_per_floor=panels)
    floors = (n + PER_PANEL * panels - 1) // (PER_PANEL * panels)
    lines = ["pathways:"]
    if floors > 1:
        ids = ", ".join(f"'{f}'" for f in range(1, floors + 1))
        lines.append(f"  - {{id: RISER, kind: riser, at: [2, 2.5], floors: [{ids}]}}")
    for f in range(1, floors + 1):
        top = 8 + 4 * (panels - 1)
        lines.append(f"  - {{id: T-{f}, kind: tray, floor: '{f}', path: [[2, 2.5], [3, 2.5], [3, {top}]], "
                     "width_mm: 600, depth_mm: 100}")
        for k in range(panels):
            y = 8 + 4 * k
            lines.append(f"  - {{id: C-{f}-{k + 1}, kind: ceiling, floor: '{f}', path: [[3, {y}], [78, {y}]], capacity: 60}}")
    return text + "\n".join(lines) + "\n"


def measure(n: int, repeat: int, tmp: str) -> dict:
    path = os.path.join(tmp, f"site-{n}.yaml")
    with open(path, "w") as fh:
        fh.write(with_pathways(n))
    t_load, inv = best(lambda: load([path]), repeat)
    site = next(iter(inv.sites.values()))
    t_net, net = best(lambda: build_network(site), repeat)

    def on_fresh_inventory(fn):
        """Best of ``repeat`` of ``fn`` on an inventory just loaded (nothing cached, the network built
        again), the load not counted; with what its last run returned."""
        times, out = [], None
        for _ in range(repeat):
            fresh = load([path])
            gc.collect()
            t = time.perf_counter()
            out = fn(fresh)
            times.append(time.perf_counter() - t)
        return min(times), out

    t_routes, found = on_fresh_inventory(routes)
    cables = list(found)
    sample = cables[:: max(1, len(cables) // 200)][:200]
    route_of(inv, sample[0])  # warm the network and its Dijkstra trees
    gc.collect()  # what the runs before left for the collector is not one click's cost
    t0 = time.perf_counter()
    for c in sample:
        route_of(inv, c)
    t_one = (time.perf_counter() - t0) / len(sample)

    t_checks, found_checks = on_fresh_inventory(checks.findings)
    estimated = sum(r.estimated for r in found.values())
    return {"n": n, "routes": len(found), "estimated": estimated, "load": t_load, "net": t_net,
            "edges": net.graph.number_of_edges(), "all": t_routes, "one": t_one,
            "checks": t_checks, "findings": len(found_checks)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 20000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores", file=sys.stderr)
    print("| outlets | routes | estimated | network edges | load (s) | network (s) | all routes (s) | routes / load "
          "| one route_of (ms) | checks (s) | checks / load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            r = measure(n, args.repeat, tmp)
            print(f"| {r['n']:,} | {r['routes']:,} | {r['estimated']} | {r['edges']:,} | {r['load']:.3f} | {r['net']:.3f} "
                  f"| {r['all']:.3f} | {r['all'] / r['load']:.2f}x | {r['one'] * 1000:.2f} | {r['checks']:.3f} "
                  f"| {r['checks'] / r['load']:.2f}x |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Impact and capacity benchmark: `python benchmarks/bench_impact.py [--sizes 1000 10000 100000] [--repeat 3]`.

For each size a synthetic site is generated (``cabling generate``, seed 1) and given a network
above its access switches, since the generator's switches stand alone: per floor a distribution
switch ``DS-<f>A`` takes every access switch's first uplink, each distribution switch uplinks to a
core ``CORE`` (a 512-port model written beside the site) in 1A, and a router ``RTR`` hangs off the
core. Timed, best of ``--repeat`` runs, against loading the same site (load + validate) in the same
run:

* the impact index (:func:`cabling.analysis.impact.build_index`: one trace per outlet jack and per other
  cabled endpoint), built once per ``cabling impact`` run;
* the impact query for the core switch (every jack is cut off) and for telecom space 2A (an IDF), given
  the index; "index + query" is what one ``cabling impact`` run adds to its load;
* the capacity report (:func:`cabling.analysis.capacity.capacity_report` and its rows by space).
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile

from cabling.analysis.capacity import capacity_report
from cabling.analysis.impact import build_index, impact, resolve_target
from cabling.readers.loader import load
from cabling.writers.synthetic import PER_PANEL, PANELS_PER_FLOOR, generate_site
from timing import best

CORE_PORTS = 512
CORE_MODEL = ("manufacturer: Benchmark\nmodel: 512-port core switch\nslug: bench-core-512\nu_height: 4\n"
              "role: switch\ninterfaces:\n" + "".join(f"- {{name: Eth{i}, type: 10gbase-x-sfpp}}\n"
                                                     for i in range(1, CORE_PORTS + 1)))


def site_with_core(outlets: int) -> str:
    """The synthetic site plus distribution switches, a core switch and a router."""
    text = generate_site(outlets, seed=1)
    per_floor = PER_PANEL * PANELS_PER_FLOOR
    floors = (outlets + per_floor - 1) // per_floor
    if floors >= CORE_PORTS:
        raise SystemExit(f"{outlets} outlets make {floors} floors: more than the core's {CORE_PORTS} ports")
    devices = ["  - {id: CORE, model: bench-core-512, rack: R-1A-1, u: 1}",
               "  - {id: RTR, model: cabling-router, rack: R-1A-1, u: 5}"]
    cables = [f"  - {{id: UP-RTR, a: 'RTR:Gi0/0/1', b: 'CORE:Eth{CORE_PORTS}', type: om4}}"]
    remaining = outlets
    for f in range(1, floors + 1):
        on_floor = min(remaining, per_floor)
        remaining -= on_floor
        switches = (on_floor + PER_PANEL - 1) // PER_PANEL
        devices.append(f"  - {{id: DS-{f}A, model: cabling-switch-48-poe, space: '{f}A'}}")
        cables.append(f"  - {{id: UP-{f}A, a: 'DS-{f}A:Te1/1/1', b: 'CORE:Eth{f}', type: om4}}")
        for k in range(1, switches + 1):
            cables.append(f"  - {{id: UP-{f}A-{k}, a: 'SW-{f}A-{k}:Te1/1/1', b: 'DS-{f}A:Gi1/0/{k}', type: om4}}")
    head, sep, tail = text.partition("\ncables:\n")
    return head + "\n" + "\n".join(devices) + sep + tail + "\n".join(cables) + "\nmodels: [models]\n"


def measure(n: int, repeat: int, tmp: str) -> dict:
    os.makedirs(os.path.join(tmp, "models"), exist_ok=True)
    with open(os.path.join(tmp, "models", "core.yaml"), "w") as fh:
        fh.write(CORE_MODEL)
    path = os.path.join(tmp, f"site-{n}.yaml")
    with open(path, "w") as fh:
        fh.write(site_with_core(n))
    t_load, inv = best(lambda: load([path]), repeat)
    t_index, index = best(lambda: build_index(inv), repeat)
    core, _ = resolve_target(inv, "CORE")
    space, _ = resolve_target(inv, "2A")
    t_core, r_core = best(lambda: impact(index, [core]), repeat)
    t_space, r_space = best(lambda: impact(index, [space]), repeat)

    def capacity():
        report = capacity_report(inv)
        return report, report.rows("space")

    t_cap, (cap, rows) = best(capacity, repeat)
    return {"outlets": n, "load": t_load, "index": t_index, "core": t_core, "space": t_space, "cap": t_cap,
            "core_jacks": len(r_core.jacks), "space_jacks": len(r_space.jacks),
            "jacks": len(cap.jacks), "switch_free": rows[-1].switch_free}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
          f"best of {args.repeat}", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows.append(measure(n, args.repeat, tmp))
    print("| outlets | load+validate (s) | impact index (s) | query: core switch (s) | jacks cut off | "
          "query: space 2A (s) | jacks in 2A | index + core query / load | capacity report (s) | capacity / load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['outlets']:,} | {r['load']:.3f} | {r['index']:.3f} | {r['core']:.3f} | {r['core_jacks']:,} | "
              f"{r['space']:.3f} | {r['space_jacks']:,} | {(r['index'] + r['core']) / r['load']:.2f}x | "
              f"{r['cap']:.3f} | {r['cap'] / r['load']:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

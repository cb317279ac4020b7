"""Fault-scan benchmark: `python benchmarks/bench_faults.py [--sizes 1000 10000 100000] [--repeat 3] [--rules]`.

For each size a synthetic campus (what ``cabling generate`` writes by default, seed 1: buildings of
floors with a corridor tray and a telecom room each, a riser per building, a fibre backbone, an IP
phone on half the outlets, the rest of the jacks live but empty, some planned and some faulty
cables) is loaded and scanned with every rule of the catalogue, the routes of every horizontal
cable over the pathways included. Both are
timed, best of ``--repeat``, in the same run: the reference is loading the same file, and the
figure to read is scan / load (issue 8's target: a full scan costs at most 0.75x the load). Each scan runs
on an inventory of its own, just loaded, as ``cabling faults`` does: nothing an earlier scan built
(the pathway network, its shortest-path trees) is reused. A second reference is the load through
the cache (``cabling.readers.cache.load``, what ``cabling faults`` calls), timed once the cache holds the site.
``--rules`` adds the time of each rule (one scan with a stopwatch per rule) for the largest size.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time

from cabling.faults import Config, catalogue, scan
from cabling.faults.context import Context
from cabling.gcpause import gc_paused
from cabling.readers import cache
from cabling.readers.loader import load
from cabling.writers.synthetic import generate_campus
from timing import best


def measure(n: int, repeat: int, tmp: str) -> dict:
    path = os.path.join(tmp, f"site-{n}.yaml")
    with open(path, "w") as fh:
        fh.write(generate_campus(n, seed=1))
    loads, scans = [], []
    for _ in range(repeat):
        # each scan on an inventory of its own, just loaded: what 'cabling faults' does (nothing kept
        # from an earlier scan, the pathway network built again)
        t_load, inv = best(lambda: load([path]), 1)
        t_scan, found = best(lambda: scan(inv, Config()), 1)
        loads.append(t_load)
        scans.append(t_scan)
        del inv
    # 'cabling faults' loads through the cache: a site seen before is unpickled, not parsed
    cache.load([path])  # fills the cache (in the run's own folder)
    t_cached, _inv = best(lambda: cache.load([path]), repeat)
    return {"n": n, "load": min(loads), "scan": min(scans), "cached": t_cached, "findings": len(found),
            "path": path, "errors": sum(f.severity == "error" for f in found)}


def per_rule(path: str) -> list[tuple[str, float, int]]:
    inv = load([path])
    ctx = Context(inv)
    out = []
    with gc_paused():
        for r in catalogue.rules():
            if r.check is None:
                continue
            t = time.perf_counter()
            n = sum(1 for _ in r.check(ctx))
            out.append((r.code, time.perf_counter() - t, n))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rules", action="store_true", help="time each rule at the largest size")
    args = ap.parse_args(argv)
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, {len(catalogue.rules())} rules", file=sys.stderr)
    print("| outlets | findings | errors | load (s) | full scan (s) | scan / load | cached load (s) | scan / cached load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    last = None
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp  # the cache of this run only
        for n in args.sizes:
            r = measure(n, args.repeat, tmp)
            print(f"| {n:,} | {r['findings']:,} | {r['errors']:,} | {r['load']:.3f} | {r['scan']:.3f} | "
                  f"{r['scan'] / r['load']:.2f}x | {r['cached']:.3f} | {r['scan'] / r['cached']:.2f}x |", flush=True)
            last = r
        if args.rules and last is not None:
            print(f"\nper rule at {last['n']:,} outlets (first rule to ask pays for a shared analysis):")
            print("| rule | seconds | findings |")
            print("|---|---:|---:|")
            for code, t, k in sorted(per_rule(last["path"]), key=lambda x: -x[1]):
                print(f"| {code} | {t:.3f} | {k:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load, graph and trace benchmark: `python benchmarks/bench_core.py [--sizes 1000 20000] [--repeat 3]`.

For each size a synthetic site is generated (``cabling generate``, seed 1) and
timed, best of ``--repeat`` runs, against references measured in the same run:

* load + validate vs. the bare parse of the same file by PyYAML's C loader
  (``yaml.load(f, Loader=yaml.CSafeLoader)``);
* tracing every outlet jack (both directions, ``trace_many``: the paths made, counted and freed)
  vs. one ``networkx.connected_components`` pass over the same graph.

Peak memory is measured separately (tracemalloc slows what it watches) for the
whole chain files -> inventory -> graph -> every path.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time
import tracemalloc

import networkx as nx
import yaml

from cabling.analysis.trace import trace_many
from cabling.graph import build
from cabling.readers.loader import load
from cabling.writers.synthetic import generate_site
from timing import best




def outlet_jacks(inv):
    return [p for d in inv.devices() if d.role == "outlet" for p in d.ports if p.kind == "front"]


def trace_all(ports):
    return sum(map(len, trace_many(ports)))


def chain(path):
    inv = load([path])
    g = build(inv)
    return trace_all(outlet_jacks(inv)), g


def measure(n, repeat, tmp):
    path = os.path.join(tmp, f"site-{n}.yaml")
    with open(path, "w") as fh:
        fh.write(generate_site(n, seed=1))

    def parse():
        with open(path, "rb") as fh:
            return yaml.load(fh, Loader=yaml.CSafeLoader)

    t_parse, _ = best(parse, repeat)
    t_load, inv = best(lambda: load([path]), repeat)
    t_graph, g = best(lambda: build(inv), repeat)
    jacks = outlet_jacks(inv)
    t_trace, npaths = best(lambda: trace_all(jacks), repeat)
    t_cc, _ = best(lambda: sum(1 for _ in nx.connected_components(g)), repeat)
    t_chain, _ = best(lambda: chain(path), repeat)
    g = inv = None  # free them before measuring memory
    gc.collect()
    tracemalloc.start()
    chain(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "outlets": n, "lines": sum(1 for _ in open(path)), "paths": npaths,
        "parse": t_parse, "load": t_load, "graph": t_graph, "trace": t_trace, "cc": t_cc,
        "chain": t_chain, "peak_mb": peak / 2**20,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"# cabling core benchmark, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores, networkx {nx.__version__}, best of {args.repeat}")
    print()
    print("| outlets | file lines | bare parse (s) | load+validate (s) | load / parse | graph (s) "
          "| connected_components (s) | trace all jacks (s) | paths | trace / cc | files to every path (s) | peak MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            r = measure(n, args.repeat, tmp)
            print(f"| {r['outlets']:,} | {r['lines']:,} | {r['parse']:.3f} | {r['load']:.3f} | {r['load'] / r['parse']:.2f}x "
                  f"| {r['graph']:.3f} | {r['cc']:.3f} | {r['trace']:.3f} | {r['paths']:,} | {r['trace'] / r['cc']:.2f}x "
                  f"| {r['chain']:.3f} | {r['peak_mb']:.0f} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Scale benchmark: `python benchmarks/bench_scale.py [--sizes 1000,10000] [--repeat 5] [--jobs-sites 16]`.

What a user waits for, measured side by side with references taken in the same run on the same
file (the machine is shared: read the ratios, not the seconds). For each size a synthetic site is
generated (``cabling generate``'s campus, seed 1, in the bulk notation and ``--expanded``) and:

* **cold, whole processes** (median of ``--repeat``, runs of the two sides interleaved):
  ``cabling validate`` of a file seen for the first time (``CABLING_NO_CACHE=1``) against a process that
  only does ``yaml.load(f, Loader=yaml.CSafeLoader)`` of the same file; one ``cabling trace`` of an
  outlet jack without the cache, asked again (its answer kept), and of another port (after one validate
  and one trace filled the cache: the site, or its parts, read from it); ``validate`` with the cache (its
  report kept); peak memory (``ru_maxrss`` of the child) against that of the bare parse process; the
  one-time cost of the first trace with the cache and of writing a large site's parts;
* **warm, in this process** (best of ``--repeat``): load, graph build, trace one port, trace every
  outlet jack against one ``networkx.connected_components`` pass over the same graph: with
  ``trace_many`` (the batch the analyses use; every path kept until the clock stops, as a caller keeps
  them) and, for comparison with earlier runs, one ``trace()`` per jack, each path dropped at once;
* **growth**: the largest size against 10,000 outlets (when both are measured);
* **-j**: ``cabling validate -j N`` and ``cabling faults -j N`` over ``--jobs-sites`` site folders against ``-j 1``.

100,000 outlets take several minutes on a loaded machine: ``--sizes 1000,10000,100000``.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import networkx as nx

from cabling import __version__
from cabling.analysis.trace import trace, trace_many
from cabling.graph import build
from cabling.readers.loader import load
from cabling.writers.synthetic import generate_campus
from timing import best

PARSE = "import sys, yaml\nwith open(sys.argv[1], 'rb') as fh:\n    yaml.load(fh, Loader=yaml.CSafeLoader)\n"


# A small launcher starts each measured process: the child's peak memory (ru_maxrss) then counts from
# the launcher's few MiB, not from this benchmark's (a child's figure includes what it forked from).
LAUNCH = """import os, sys, time
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_RDWR)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - t, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_child(argv, env) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit code) of one whole child process."""
    out = subprocess.run([sys.executable, "-S", "-c", LAUNCH, *argv], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def cabling_argv(*args) -> list[str]:
    return [sys.executable, "-m", "cabling.cli", *args]


def cold(commands: dict[str, list[str]], repeat: int, env) -> dict[str, tuple[float, int]]:
    """Median wall time and median peak RSS of each command, runs interleaved so load spikes hit all alike.

    A command whose name ends in ``_cached`` may use the cache; the others run with ``CABLING_NO_CACHE=1``.
    """
    times = {k: [] for k in commands}
    rss = {k: [] for k in commands}
    no_cache = dict(env, CABLING_NO_CACHE="1")
    for i in range(repeat):
        for k, argv in commands.items():
            argv = argv(i) if callable(argv) else argv  # a command may change from run to run
            wall, kib, code = run_child(argv, env if k.endswith("_cached") else no_cache)
            if code not in (0, 1):
                raise SystemExit(f"{' '.join(argv)} exited {code}")
            times[k].append(wall)
            rss[k].append(kib)
    return {k: (statistics.median(times[k]), statistics.median(rss[k])) for k in commands}


def outlet_jacks(inv):
    return [p for d in inv.devices() if d.role == "outlet" for p in d.ports if p.kind == "front"]


def trace_all(ports) -> int:
    return sum(len(trace(p)) for p in ports)


def every_outlet(ports, repeat: int) -> tuple[float, int]:
    """Best wall time of ``trace_many(ports)``, its paths kept until the clock stops (freed after), and
    the number of paths."""
    times, n = [], 0
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        paths = trace_many(ports)
        times.append(time.perf_counter() - t)
        n = sum(map(len, paths))
        paths = None
    return min(times), n


def measure(n: int, repeat: int, tmp: str, env) -> dict:
    path = os.path.join(tmp, f"campus-{n}.yaml")
    with open(path, "w") as fh:
        fh.write(generate_campus(n, seed=1))
    expanded = os.path.join(tmp, f"campus-{n}-expanded.yaml")
    with open(expanded, "w") as fh:
        fh.write(generate_campus(n, seed=1, expanded=True))
    # warm, in this process
    t_load, inv = best(lambda: load([path]), repeat)
    t_graph, g = best(lambda: build(inv), repeat)
    jacks = outlet_jacks(inv)
    origin = jacks[len(jacks) // 2]
    ref = inv.ref(origin)
    others = [inv.ref(jacks[(len(jacks) // 3 + 7 * i) % len(jacks)]) for i in range(repeat)]
    t_one, _ = best(lambda: trace(origin), max(repeat, 20))
    t_all, npaths = every_outlet(jacks, repeat)
    t_each, _ = best(lambda: trace_all(jacks), repeat)
    t_cc, _ = best(lambda: sum(1 for _ in nx.connected_components(g)), repeat)
    counts = inv.counts()
    g = inv = jacks = origin = None
    gc.collect()
    # cold, whole processes
    parse = [sys.executable, "-c", PARSE, path]
    parse_expanded = [sys.executable, "-c", PARSE, expanded]
    run_child(cabling_argv("validate", path), env)  # fills the cache (when there is one)
    # one trace reads the whole site back and has a large one kept in parts, by a detached process: the
    # one-time cost of each is reported (a trace of another port then reads only its part)
    first_trace, _, _ = run_child(cabling_argv("trace", path, ref), env)
    parts = wait_for_parts(env["XDG_CACHE_HOME"])
    r = cold({
        "parse": parse,
        "validate": cabling_argv("validate", path),
        "trace": cabling_argv("trace", path, ref),
        "validate_cached": cabling_argv("validate", path),
        "trace_cached": cabling_argv("trace", path, ref),
        "other_cached": lambda i: cabling_argv("trace", path, others[i]),
        "parse_expanded": parse_expanded,
        "validate_expanded": cabling_argv("validate", expanded),
    }, repeat, env)
    return {"outlets": n, "ports": counts["ports"], "cables": counts["cables"], "paths": npaths,
            "load": t_load, "graph": t_graph, "one": t_one, "all": t_all, "each": t_each, "cc": t_cc,
            "first_trace": first_trace, "parts": parts, **r}


def wait_for_parts(cache_home: str, limit: float = 600.0) -> float:
    """Seconds until no process is writing a site's parts in the cache (cabling.analysis.cacheparts's marker is gone)."""
    folder = os.path.join(cache_home, "cabling")
    t = time.perf_counter()
    time.sleep(0.05)
    while time.perf_counter() - t < limit:
        try:
            if not any(name.startswith(".tmp-writing-") for name in os.listdir(folder)):
                break
        except OSError:
            break
        time.sleep(0.1)
    return time.perf_counter() - t


def jobs(sites: int, outlets: int, repeat: int, tmp: str, env) -> tuple[float, float, float, float, int]:
    """``validate`` and ``faults``, ``-j 1`` and ``-j N`` (N = cores), over ``sites`` folders of one site each."""
    root = os.path.join(tmp, "branches")
    for k in range(sites):
        folder = os.path.join(root, f"branch-{k:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "site.yaml"), "w") as fh:
            fh.write(generate_campus(outlets, seed=k + 1).replace(f"id: campus-{outlets}", f"id: branch-{k:03d}", 1))
    folders = sorted(os.path.join(root, f) for f in os.listdir(root))
    n = os.cpu_count() or 1
    r = cold({"j1": cabling_argv("validate", "-j", "1", *folders),
              "jn": cabling_argv("validate", "-j", str(n), *folders),
              "f1": cabling_argv("faults", "-j", "1", *folders),
              "fn": cabling_argv("faults", "-j", str(n), *folders)}, repeat, env)
    return r["j1"][0], r["jn"][0], r["f1"][0], r["fn"][0], n


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="outlet counts, comma-separated (default 1000,10000)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    ap.add_argument("--jobs-sites", type=int, default=16, help="site folders for the -j figure (0: skip)")
    ap.add_argument("--jobs-outlets", type=int, default=2000, help="outlets per site folder of the -j figure")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    # bytecode for cabling, as an installed package has it (PYTHONDONTWRITEBYTECODE would leave every
    # measured process compiling cabling's sources)
    import compileall

    import cabling

    compileall.compile_dir(os.path.dirname(cabling.__file__), quiet=1)
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# cabling {__version__} scale benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {load_avg:.1f} at start; cold = median of {args.repeat} whole processes, "
          f"warm = best of {args.repeat}")
    print()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"))
        env.pop("CABLING_NO_CACHE", None)
        rows = []
        print("| outlets | ports | bare parse process (s) | validate, first time (s) | ratio | trace, no cache (s) "
              "| validate, cached (s) | ratio | trace asked before (s) | ratio | trace of another port, cached site (s) | ratio | parse peak (MiB) | validate peak (MiB) "
              "| ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            r = measure(n, args.repeat, tmp, env)
            rows.append(r)
            p = r["parse"][0]
            print(f"| {n:,} | {r['ports']:,} | {p:.3f} | {r['validate'][0]:.3f} | {r['validate'][0] / p:.2f}x "
                  f"| {r['trace'][0]:.3f} | {r['validate_cached'][0]:.3f} | {r['validate_cached'][0] / p:.2f}x "
                  f"| {r['trace_cached'][0]:.3f} | {r['trace_cached'][0] / p:.2f}x "
                  f"| {r['other_cached'][0]:.3f} | {r['other_cached'][0] / p:.2f}x "
                  f"| {r['parse'][1] / 1024:.0f} | {r['validate'][1] / 1024:.0f} "
                  f"| {r['validate'][1] / r['parse'][1]:.2f}x |")
            sys.stdout.flush()
        print()
        print("One time, after the first validate filled the cache: the first trace with the cache (the whole site "
              "read back) " + ", ".join(f"{r['outlets']:,} outlets {r['first_trace']:.3f} s" for r in rows)
              + "; then its parts written by a detached process in "
              + ", ".join(f"{r['parts']:.1f} s" for r in rows) + " (0 when the site is too small to be split).")
        print()
        print("| outlets | expanded: bare parse process (s) | validate, first time (s) | ratio |")
        print("|---:|---:|---:|---:|")
        for r in rows:
            p = r["parse_expanded"][0]
            print(f"| {r['outlets']:,} | {p:.3f} | {r['validate_expanded'][0]:.3f} | {r['validate_expanded'][0] / p:.2f}x |")
        print()
        print("| outlets | warm load (s) | graph (s) | trace one port (ms) | trace every outlet, trace_many (s) | paths "
              "| connected_components (s) | every outlet / cc | one trace() per jack (s) | ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['outlets']:,} | {r['load']:.3f} | {r['graph']:.3f} | {r['one'] * 1000:.2f} | {r['all']:.4f} "
                  f"| {r['paths']:,} | {r['cc']:.4f} | {r['all'] / r['cc']:.2f}x | {r['each']:.4f} "
                  f"| {r['each'] / r['cc']:.2f}x |")
        by = {r["outlets"]: r for r in rows}
        big = max(by, default=0)
        if 10000 in by and big > 10000:
            a, b = by[10000], by[big]
            print()
            print(f"Growth {big:,} / 10,000 outlets ({big // 10000}x the work): "
                  + ", ".join(f"{name} {b[k][0] / a[k][0]:.1f}x" for name, k in
                              (("bare parse", "parse"), ("validate", "validate"), ("trace", "trace"),
                               ("trace asked before", "trace_cached"), ("trace of another port", "other_cached")))
                  + f", warm load {b['load'] / a['load']:.1f}x, every outlet {b['all'] / a['all']:.1f}x")
        if args.jobs_sites:
            j1, jn, f1, fn, n = jobs(args.jobs_sites, args.jobs_outlets, max(1, args.repeat // 2), tmp, env)
            print()
            for what, one, many in (("validate", j1, jn), ("faults", f1, fn)):
                print(f"{what} {args.jobs_sites} site folders of {args.jobs_outlets:,} outlets: -j 1 {one:.2f} s, "
                      f"-j {n} {many:.2f} s, speed-up {one / many:.2f}x")
            print(f"(load average {os.getloadavg()[0]:.1f} after)")


if __name__ == "__main__":
    main()

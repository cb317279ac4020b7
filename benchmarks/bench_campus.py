"""Campus benchmark: `python benchmarks/bench_campus.py [--sizes 1000,10000,100000] [--repeat 3]`.

The analyses bench_scale.py leaves out, at each size of issue 14, on the same synthetic campus
(``cabling generate``'s default, seed 1, bulk notation), each beside a reference measured in the same
run on the same file (the machine is shared: read the ratios, not the seconds):

* **cold, whole processes** (median of ``--repeat``, interleaved, with bench_scale's launcher):
  ``cabling faults``, ``cabling capacity`` and ``cabling plan SITE PLAN`` (a plan of ``--new`` outlets,
  bench_plan.py's, 48 a request along the last office row of each floor), each first without the cache
  (``CABLING_NO_CACHE=1``) and then with it (the site filled by one ``cabling validate``), against the bare
  C-YAML parse process of the file; their peak memory against the parse's; ``cabling validate`` too, and
  ``faults`` against it (the cold load the fault-scan target compares with). With the cache, ``faults``,
  ``capacity`` and ``plan`` twice: once with their kept answers deleted before each run (``faults``: its kept
  report and memos, so it loads the cached site and scans; ``capacity``: its kept answer; ``plan``: its kept answer, so it plans and scans the planned site, the
  site's own findings read from the fault report the ``faults`` run before kept), and once answering from the
  answer the run before kept;
* **warm, in this process** (best of ``--repeat``), against the warm load (load + validate):
  ``cabling.faults.scan`` (each on an inventory just loaded, as bench_faults.py does), the capacity
  report (``capacity_report`` and its rows by space, as bench_impact.py times it), ``plan`` (bench_plan's),
  and a **viewer click** as the library calls app.py makes for one (not AppTest, which at 100,000
  outlets takes minutes to open the page): ``resolve_ref``, ``trace``, ``trace_map``, the floor's
  ``floor_figure`` with the trace in focus, its JSON (what streamlit sends) and ``trace_text``; the floor's
  outlet states are cached by the viewer and the pathway network is built at load, so both are outside;
* **growth**: the largest size against 10,000 outlets, when both are measured.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time

from bench_plan import plan_text
from bench_scale import PARSE, cabling_argv, cold, outlet_jacks, run_child
from cabling import __version__
from cabling.analysis.capacity import capacity_report
from cabling.analysis.outletstate import outlet_states
from cabling.analysis.trace import trace
from cabling.faults import Config, scan
from cabling.geometry import network
from cabling.geometry.figure import floor_figure
from cabling.geometry.tracemap import trace_map
from cabling.planning.allocate import plan
from cabling.planning.plan import read_plan
from cabling.readers.loader import load, resolve_ref
from cabling.renderers.text import trace_text
from cabling.writers.synthetic import generate_campus
from timing import best

ALONG = "[[8, 47], [78, 47]]"  # inside the last office row of every campus floor (y from 6 + 4k to 50)


def last_offices(inv) -> list[str]:
    """The last office row of each floor: where the plan's new outlets go."""
    by_floor: dict[str, str] = {}
    for site in inv.sites.values():
        for room in site.rooms.values():
            if "-OF" in room.id and room.floor is not None:
                by_floor[room.floor.id] = max(by_floor.get(room.floor.id, ""), room.id)
    return [by_floor[f] for f in sorted(by_floor)]


def click(inv, site, ref: str, states: dict) -> int:
    """What app.py computes for one click on an outlet; the size of the page's figure in bytes."""
    port, _ = resolve_ref(inv, ref)
    paths = trace(port)
    tm = trace_map(inv, port, paths)
    fig = floor_figure(inv, site, tm.floor, states=states, focus=tm, selected=tm.outlets[0] if tm.outlets else None)
    return len(fig.to_json()) + len(trace_text(inv, port, paths))


def measure(n: int, repeat: int, new: int, tmp: str, env) -> dict:
    path = os.path.join(tmp, f"campus-{n}.yaml")
    with open(path, "w") as fh:
        fh.write(generate_campus(n, seed=1))
    loads, scans = [], []
    for _ in range(repeat):  # each scan on an inventory of its own, just loaded: what 'cabling faults' does
        t, inv = best(lambda: load([path]), 1)
        loads.append(t)
        t, found = best(lambda: scan(inv, Config()), 1)
        scans.append(t)
        inv = None
    t, inv = best(lambda: load([path]), 1)
    loads.append(t)
    site = next(iter(inv.sites.values()))
    plan_file = os.path.join(tmp, f"plan-{n}.yaml")
    with open(plan_file, "w") as fh:
        fh.write(plan_text(n, new, rooms=last_offices(inv), along=ALONG))

    def capacity():
        report = capacity_report(inv)
        return report, report.rows("space")

    t_cap, _ = best(capacity, repeat)
    t_plan, res = best(lambda: plan(inv, read_plan(plan_file)), repeat)
    jacks = outlet_jacks(inv)
    refs = [inv.ref(jacks[(len(jacks) // 3 + 7919 * i) % len(jacks)]) for i in range(max(repeat, 5))]
    network(inv, site)  # the viewer builds it when it loads the site
    floor_of = {r: trace_map(inv, resolve_ref(inv, r)[0], trace(resolve_ref(inv, r)[0])).floor for r in refs}
    states = {f: outlet_states(inv, [d for d in site.devices.values() if d.room is not None and d.room.floor is not None
                                     and d.room.floor.id == f]) for f in set(floor_of.values())}
    clicks = iter(refs * 2)
    t_click, size = best(lambda: click(inv, site, (r := next(clicks)), states[floor_of[r]]), len(refs))
    planned = res.totals()["jacks"]
    inv = jacks = None
    gc.collect()
    # cold, whole processes
    run_child(cabling_argv("validate", path), env)  # fills the cache
    folder = os.path.join(env["XDG_CACHE_HOME"], "cabling")
    filled = set(os.listdir(folder))  # the site, validate's report and its memo: kept throughout

    def forgetting(suffixes, argv):
        """``argv``, run after the answers (and memos) kept since the cache was filled are deleted."""
        def make(_run):
            for name in os.listdir(folder):
                if name.endswith(suffixes) and name not in filled:
                    os.unlink(os.path.join(folder, name))
            return argv
        return make

    r = cold({
        "parse": [sys.executable, "-c", PARSE, path],
        "validate": cabling_argv("validate", path),
        "faults": cabling_argv("faults", "--quiet", path),
        "capacity": cabling_argv("capacity", "--quiet", path),
        "plan": cabling_argv("plan", "--quiet", path, plan_file),
        "validate_cached": cabling_argv("validate", path),
        # the site cached, its fault report not: the load from the cache and the scan
        "faults_cached": forgetting((".answer", ".memo"), cabling_argv("faults", "--quiet", path)),
        "faults_kept_cached": cabling_argv("faults", "--quiet", path),  # the report kept by the run before
        # the site cached, capacity's answer not (the plan row deletes it anyway): the load from the cache and the report
        "capacity_cached": forgetting((".answer",), cabling_argv("capacity", "--quiet", path)),
        "capacity_kept_cached": cabling_argv("capacity", "--quiet", path),  # the answer kept by the run before
        # the site and its fault report cached (by faults_kept), the plan's answer not: the plan and its scan
        "plan_cached": forgetting((".answer",), cabling_argv("plan", "--quiet", path, plan_file)),
        "plan_kept_cached": cabling_argv("plan", "--quiet", path, plan_file),  # the answer kept by the run before
    }, repeat, env)
    return {"outlets": n, "load": min(loads), "scan": min(scans), "findings": len(found), "cap": t_cap,
            "plan_warm": t_plan, "planned": planned, "click": t_click, "clicks": len(refs), "fig": size, **r}


COLD = (("validate", "cabling validate"), ("faults", "cabling faults"), ("capacity", "cabling capacity"), ("plan", "cabling plan"))
CACHED = {"faults": "site cached, report not kept", "capacity": "site cached, answer not kept", "plan": "site and its fault report cached, answer not kept"}
WARM = (("scan", "faults.scan"), ("cap", "capacity report"), ("plan_warm", "plan"), ("click", "viewer click (library calls)"))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="outlet counts, comma-separated (default 1000,10000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    ap.add_argument("--new", type=int, default=1000, help="outlets in the plan (default 1000)")
    args = ap.parse_args(argv)
    import compileall

    import cabling

    compileall.compile_dir(os.path.dirname(cabling.__file__), quiet=1)  # as bench_scale does
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# cabling {__version__} campus benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, load average "
          f"{load_avg:.1f} at start; cold = median of {args.repeat} whole processes, warm = best of {args.repeat}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"))
        env.pop("CABLING_NO_CACHE", None)
        for n in [int(s) for s in args.sizes.split(",") if s]:
            r = measure(n, args.repeat, args.new, tmp, env)
            rows.append(r)
            p, pm = r["parse"]
            print(f"\n## {n:,} outlets ({r['findings']:,} findings, {r['planned']:,} jacks planned, click figure "
                  f"{r['fig'] / 1024:.0f} KiB)\n")
            print("| | seconds | ratio to reference | peak (MiB) | peak / parse peak |")
            print("|---|---:|---:|---:|---:|")
            print(f"| cold reference: bare C-YAML parse process | {p:.3f} | 1.00x | {pm / 1024:.0f} | 1.00x |")
            for k, name in COLD:
                for suffix, how in (("", "no cache"), ("_cached", CACHED.get(k, "cached")), ("_kept_cached", "answer kept")):
                    if k + suffix not in r:
                        continue
                    t, m = r[k + suffix]
                    print(f"| cold: `{name}`, {how} | {t:.3f} | {t / p:.2f}x | {m / 1024:.0f} | {m / pm:.2f}x |")
            # (not cached: a cached validate answers with its kept report, it loads nothing)
            print(f"| cold: `cabling faults` / `cabling validate`, no cache | | {r['faults'][0] / r['validate'][0]:.2f}x | | |")
            print(f"| warm reference: load + validate | {r['load']:.3f} | 1.00x | | |")
            for k, name in WARM:
                print(f"| warm: {name} | {r[k]:.3f} | {r[k] / r['load']:.2f}x | | |")
            sys.stdout.flush()
    by = {r["outlets"]: r for r in rows}
    big = max(by)
    if 10000 in by and big > 10000:
        a, b = by[10000], by[big]
        print(f"\nGrowth {big:,} / 10,000 outlets ({big // 10000}x the work): "
              + ", ".join(f"cold {k}{s.replace('_', ' ')} {b[k + s][0] / a[k + s][0]:.1f}x"
                          for k in ("parse", "validate", "faults", "capacity", "plan")
                          for s in (("",) if k == "parse" else ("", "_cached", "_kept_cached") if k in ("faults", "capacity", "plan") else ("", "_cached")))
              + ", " + ", ".join(f"warm {name} {b[k] / a[k]:.1f}x" for k, name in (("load", "load"), *WARM)))


if __name__ == "__main__":
    main()

"""Viewer benchmark: `python benchmarks/bench_viewer.py [--clicks 10] [--outlets 20000] [--browser]`.

Drives app.py with streamlit's AppTest (the whole script runs, as on every browser event) on two
synthetic sites with pathways (``cabling generate``, seed 1, trays and ceiling runs as in
bench_routes.py):

* 20,000 outlets on 42 floors of 480: the first page (load and the plan of floor 1), a change of
  floor, and a **click** on an outlet (the plotly selection event -> trace and route shown), best and
  median of ``--clicks`` clicks on different outlets, each answered with its trace checked;
* 2,000 outlets on **one** floor: the first page, a redraw of that floor, and a click; and the
  figure alone (``floor_figure``) with its trace count and size;
* with ``--browser``, the same 2,000-outlet floor served by ``streamlit run app.py -- FILE`` to
  Debian's chromium (playwright): from opening the page to every outlet marker drawn, and from a
  click on a marker to its trace shown in the page;
* a **campus** of ``--outlets`` outlets (default 20,000: ``cabling generate --outlets 20000 --seed 1``):
  AppTest's first page and clicks on outlets of its first floor; with ``--browser`` the same campus
  served to chromium, and for each of ``--clicks`` clicks on outlet markers of that floor the time
  from the mouse click to the trace text shown and to the plan redrawn with the outlet selected
  (the first click after opening the page apart: the browser then loads streamlit's code-block and
  markdown components once).

References measured in the same run: the C-YAML parse of the 20,000-outlet file and one bare
``networkx.connected_components`` pass over its cabling graph.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_routes import with_pathways  # noqa: E402
from timing import best  # noqa: E402
from viewer_drive import APP, PLAN_POINTS, app, chromium, click, click_at, outlet_points, served, trace_texts  # noqa: E402

from cabling.geometry.figure import floor_figure  # noqa: E402
from cabling.geometry.layout import floors_with_geometry  # noqa: E402
from cabling.graph import build  # noqa: E402
from cabling.readers.loader import load  # noqa: E402
from cabling.writers.synthetic import generate_campus  # noqa: E402

# In the page: from now (just before the click), when the trace of ``id`` is shown (its text) and when the
# plan is redrawn with the outlet selected (plotly's data holds the "Selected ID" marker), in seconds.
SHOWN = """(id) => {
    const r = window.__shown = {}; const t0 = performance.now();
    const tick = () => {
        const gd = document.querySelector('.stPlotlyChart .js-plotly-plot');
        if (r.text === undefined && [...document.querySelectorAll('[data-testid=stCode] code')]
                .some(c => c.textContent.includes('Trace from ' + id + ':1 '))) r.text = (performance.now() - t0) / 1000;
        if (r.plan === undefined && gd && gd._fullData && gd._fullData.some(t => t.name === 'Selected ' + id))
            r.plan = (performance.now() - t0) / 1000;
        if (r.text === undefined || r.plan === undefined) setTimeout(tick, 5);
    };
    setTimeout(tick, 0);
}"""


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def checked(at):
    if at.exception:
        raise SystemExit(f"the app failed: {[e.value for e in at.exception]}")
    return at


def open_site(path: str):
    """An AppTest of app.py with ``path`` on its command line, as ``streamlit run app.py -- path``."""
    sys.argv = [str(APP), path]
    return app(timeout=300)


def click_times(at, outlets: list[str]) -> list[float]:
    times = []
    for o in outlets:
        t, _ = timed(lambda: checked(click(at, o)))
        text = trace_texts(at)
        if not text or f"outlet {o}" not in text[0]:
            raise SystemExit(f"click on {o}: no trace shown")
        times.append(t)
    return times


def floor_select(at, floor: str) -> float:
    box = next(s for s in at.selectbox if s.label == "Floor")
    box.set_value(floor)
    t, _ = timed(lambda: checked(at.run()))
    return t


def in_browser(path: str, site, n: int) -> list[tuple[str, float]]:
    """Open the floor in chromium (best of 3 page loads), then click outlets: the first click, and the best of 3 more."""
    with served(path) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1500, "height": 1400})  # the whole 176 m deep floor in view
        loads, clicks = [], []
        for _ in range(3):
            t = time.perf_counter()
            page.goto(url + "/?floor=1", wait_until="domcontentloaded")
            page.wait_for_function(f"() => document.querySelectorAll({PLAN_POINTS!r}).length >= {n}",
                                   timeout=120_000, polling=20)
            loads.append(time.perf_counter() - t)
        page.wait_for_timeout(1000)
        for k in range(4):
            outlet = site.devices[f"1A-{1 + 500 * k:04d}"]
            click_at(page, *outlet.at)  # hovers, pauses 0.3 s, clicks
            t = time.perf_counter()
            page.wait_for_function(f"() => document.body.innerText.includes('Trace from {outlet.id}:1 ')",
                                   timeout=120_000, polling=20)
            clicks.append(time.perf_counter() - t)
            page.wait_for_timeout(1000)
    return [(f"{n:,} outlets on one floor in chromium: open the page -> every marker drawn (best of 3)", min(loads)),
            (f"{n:,} outlets on one floor in chromium: first click on a marker -> trace shown", clicks[0]),
            (f"{n:,} outlets on one floor in chromium: later clicks -> trace shown (best of 3)", min(clicks[1:]))]


def campus(path: str, clicks: int, browser: bool) -> list[tuple[str, float]]:
    """The campus at ``path``: AppTest's first page and clicks; with ``browser``, the same in chromium."""
    inv = load([path])
    site = next(iter(inv.sites.values()))
    floor = floors_with_geometry(site)[0]
    outlets = [d for d in site.devices.values()
               if d.role == "outlet" and d.at is not None and d.room is not None and d.room.floor.id == floor]
    picks = outlets[3:: max(1, len(outlets) // clicks)][:clicks]
    n = len([d for d in site.devices.values() if d.role == "outlet"])
    at = open_site(path)
    t_first, _ = timed(lambda: checked(at.run()))
    times = click_times(at, [o.id for o in picks])
    rows = [(f"campus of {n:,} outlets: first page (load, plan of floor {floor}, {len(outlets)} outlets)", t_first),
            (f"campus of {n:,} outlets: click an outlet -> trace shown (best of {len(times)})", min(times)),
            (f"campus of {n:,} outlets: click an outlet -> trace shown (median of {len(times)})", statistics.median(times))]
    if not browser:
        return rows
    with served(path, timeout=300) as url, chromium() as chrome:
        page = chrome.new_page(viewport={"width": 1500, "height": 1100})
        t = time.perf_counter()
        page.goto(url + f"/?floor={floor}", wait_until="domcontentloaded")
        page.wait_for_function(f"() => document.querySelectorAll({PLAN_POINTS!r}).length >= {len(outlets)}",
                               timeout=300_000, polling=20)
        t_open = time.perf_counter() - t
        page.wait_for_timeout(1000)
        text, plan = [], []
        for o in picks:
            click_at(page, *o.at, before=lambda: page.evaluate(SHOWN, o.id))
            page.wait_for_function("() => window.__shown.text !== undefined && window.__shown.plan !== undefined",
                                   timeout=120_000, polling=20)
            shown = page.evaluate("() => window.__shown")
            text.append(shown["text"])
            plan.append(shown["plan"])
            page.wait_for_timeout(1000)
    later = f"later clicks ({len(text) - 1})"
    rows += [(f"campus of {n:,} outlets in chromium: open the page -> every marker of floor {floor} drawn", t_open),
             (f"campus of {n:,} outlets in chromium: first click -> trace text shown", text[0]),
             (f"campus of {n:,} outlets in chromium: first click -> plan redrawn", plan[0]),
             *((f"campus of {n:,} outlets in chromium: {later} -> trace text shown ({how})", f(text[1:]))
               for how, f in (("best", min), ("median", statistics.median), ("worst", max))),
             *((f"campus of {n:,} outlets in chromium: {later} -> plan redrawn ({how})", f(plan[1:]))
               for how, f in (("best", min), ("median", statistics.median), ("worst", max)))]
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clicks", type=int, default=10)
    ap.add_argument("--browser", action="store_true", help="also time the 2,000-outlet floor and the campus in chromium")
    ap.add_argument("--outlets", type=int, default=20000, help="outlets of the campus (default 20000; 0: none)")
    args = ap.parse_args(argv)
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load average {load_avg:.1f} at start", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "site-20000.yaml")
        Path(big).write_text(with_pathways(20000), encoding="utf-8")
        one = os.path.join(tmp, "floor-2000.yaml")
        Path(one).write_text(with_pathways(2000, panels=42), encoding="utf-8")

        text = Path(big).read_text(encoding="utf-8")
        t_parse, _ = best(lambda: yaml.load(text, Loader=yaml.CSafeLoader), 3)
        graph = build(load([big]))
        t_cc, _ = best(lambda: sum(1 for _ in nx.connected_components(graph)), 3)

        at = open_site(big)
        t_first, _ = timed(lambda: checked(at.run()))
        t_floor = floor_select(at, "20")
        on_floor = [t["customdata"][i][0] for _c, i, t in outlet_points(at)]
        picks = on_floor[:: max(1, len(on_floor) // args.clicks)][: args.clicks]
        clicks = click_times(at, picks)
        rows += [("20,000 outlets: first page (load, plan of floor 1)", t_first),
                 (f"20,000 outlets: change of floor ({len(on_floor)} outlets)", t_floor),
                 (f"20,000 outlets: click an outlet -> trace shown (best of {len(clicks)})", min(clicks)),
                 (f"20,000 outlets: click an outlet -> trace shown (median of {len(clicks)})", statistics.median(clicks))]

        at = open_site(one)
        t_first1, _ = timed(lambda: checked(at.run()))
        n_floor = len(outlet_points(at))
        t_redraw, _ = best(lambda: checked(at.run()), 3)
        on_floor = [t["customdata"][i][0] for _c, i, t in outlet_points(at)]
        clicks1 = click_times(at, on_floor[:: max(1, len(on_floor) // 5)][:5])
        inv = load([one])
        site = next(iter(inv.sites.values()))
        t_fig, fig = best(lambda: floor_figure(inv, site, "1"), 3)
        size = len(fig.to_json())
        rows += [(f"{n_floor:,} outlets on one floor: first page (load, states, plan)", t_first1),
                 (f"{n_floor:,} outlets on one floor: redraw the floor", t_redraw),
                 (f"{n_floor:,} outlets on one floor: click an outlet -> trace shown (best of 5)", min(clicks1)),
                 (f"{n_floor:,} outlets on one floor: floor_figure alone ({len(fig.data)} traces, "
                  f"{size / 1024:.0f} KiB of JSON)", t_fig)]
        if args.browser:
            rows += in_browser(one, site, n_floor)
        if args.outlets:
            path = os.path.join(tmp, f"campus-{args.outlets}.yaml")
            Path(path).write_text(generate_campus(args.outlets, seed=1), encoding="utf-8")
            rows += campus(path, args.clicks, args.browser)
    print(f"references: C-YAML parse of the 20,000-outlet file {t_parse:.3f} s; "
          f"one connected_components pass over its graph {t_cc:.3f} s")
    print("| step | seconds | / parse | / connected_components |")
    print("|---|---:|---:|---:|")
    for name, t in rows:
        print(f"| {name} | {t:.3f} | {t / t_parse:.2f}x | {t / t_cc:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

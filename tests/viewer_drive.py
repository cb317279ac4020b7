"""Driving app.py: with streamlit's AppTest, and served by ``streamlit run`` to a real browser.

Shared by the viewer's tests and its benchmark.
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"
CHROMIUM = "/usr/bin/chromium"


def app(timeout: float = 60) -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=timeout)


def plan_spec(at: AppTest) -> dict:
    """The plotly figure the page shows, as the browser receives it."""
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def outlet_points(at: AppTest) -> list[tuple[int, int, dict]]:
    """(curve number, point number, trace) of every outlet marker on the plan."""
    out = []
    for n, t in enumerate(plan_spec(at)["data"]):
        if (t.get("meta") or {}).get("state"):
            out += [(n, i, t) for i in range(len(t.get("x") or ()))]
    return out


def click(at: AppTest, outlet: str) -> AppTest:
    """Click outlet ``outlet``'s marker: the selection event the browser sends for one point, then a rerun."""
    chart = at.get("plotly_chart")[0]
    for curve, i, t in outlet_points(at):
        if t["customdata"][i][0] == outlet:
            point = {"curve_number": curve, "point_number": i, "point_index": i, "x": t["x"][i], "y": t["y"][i],
                     "customdata": t["customdata"][i], "legendgroup": t.get("legendgroup")}
            break
    else:
        raise AssertionError(f"outlet {outlet} is not on the plan")
    return send(at, chart.proto.id, {"selection": {"points": [point], "point_indices": [i], "box": [], "lasso": []}})


def send(at: AppTest, widget_id: str, value: dict) -> AppTest:
    """Rerun with ``value`` as the event of the element ``widget_id`` (AppTest cannot click charts and tables)."""
    states = at._tree.get_widget_states()  # every other widget keeps its value, as in the browser
    w = states.widgets.add()
    w.id = widget_id
    w.string_value = json.dumps(value)
    return at._run(states)


def select_row(at: AppTest, key: str, row: int) -> AppTest:
    """Click row ``row`` of the table with key ``key``."""
    table = next(d for d in at.dataframe if d.proto.id.endswith(f"-{key}"))
    return send(at, table.proto.id, {"selection": {"rows": [row], "columns": [], "cells": []}})


HINT = "cabling trace "  # the code block shown before anything is traced: the same command for a terminal


def trace_texts(at: AppTest) -> list[str]:
    return [c.value for c in at.code if not c.value.startswith(HINT)]


# ---------------------------------------------------------------- a real server and browser
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerError(RuntimeError):
    pass


@contextlib.contextmanager
def served(*site_paths: str, timeout: float = 90, address: str | None = "127.0.0.1", log_to: list | None = None):
    """``streamlit run app.py [-- site_paths]`` headless on 127.0.0.1 and a free port; yields its URL.

    ``address=None`` leaves the address to the viewer's own configuration (``.streamlit/config.toml``);
    ``log_to`` (a list) receives the server's output so far once it answers.
    """
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="cabling-viewer-") as tmp:
        log = Path(tmp) / "server.log"
        cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        if address is not None:
            cmd += ["--server.address", address]
        if site_paths:
            cmd += ["--", *site_paths]
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, cwd=APP.parent, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://{address or '127.0.0.1'}:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                        if r.read().strip() == b"ok":
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise ServerError(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
            if log_to is not None:
                log_to.append(log.read_text(errors="replace"))
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def chromium():
    """Debian's chromium driven by playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        raise FileNotFoundError(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM)
        try:
            yield b
        finally:
            b.close()


PLAN_POINTS = ".stPlotlyChart .scatterlayer .trace .points path"


def click_at(page, x: float, y: float, before=None) -> None:
    """Click the plan where the point (x, y), in metres, is drawn (``before()``, if given, just before the click)."""
    plot = page.locator(".stPlotlyChart .js-plotly-plot").first
    px = plot.evaluate("""(el, xy) => {
        const L = el._fullLayout;
        return [L.xaxis._offset + L.xaxis.l2p(xy[0]), L.yaxis._offset + L.yaxis.l2p(xy[1])];
    }""", [x, y])
    box = plot.bounding_box()
    view = page.viewport_size
    if not (0 <= box["x"] + px[0] < view["width"] and 0 <= box["y"] + px[1] < view["height"]):
        raise ValueError(f"the point ({x}, {y}) is drawn outside the window: use a larger viewport")
    page.mouse.move(box["x"] + px[0], box["y"] + px[1])
    page.wait_for_timeout(300)
    if before is not None:
        before()
    page.mouse.click(box["x"] + px[0], box["y"] + px[1])

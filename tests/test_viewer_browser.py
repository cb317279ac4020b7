"""The viewer in a real browser: streamlit serves app.py, Debian's chromium (driven by playwright) clicks an outlet.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``; ``.ci/run`` installs it). The test fails,
never skips, when it is missing. Set ``CABLING_VIEWER_SCREENSHOT=path.png`` to keep the screenshot.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cabling.loader import load

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM)
        try:
            yield b
        finally:
            b.close()


def click_outlet(page, x: float, y: float) -> None:
    """Click the plan where outlet (x, y) in metres is drawn."""
    box = page.locator(".stPlotlyChart .js-plotly-plot").first
    px = box.evaluate("""(el, xy) => {
        const L = el._fullLayout;
        return [L.xaxis._offset + L.xaxis.l2p(xy[0]), L.yaxis._offset + L.yaxis.l2p(xy[1])];
    }""", [x, y])
    b = box.bounding_box()
    page.mouse.move(b["x"] + px[0], b["y"] + px[1])
    page.wait_for_timeout(300)
    page.mouse.click(b["x"] + px[0], b["y"] + px[1])


def test_click_an_outlet_and_its_trace_and_route_appear(server, browser, tmp_path):
    inv = load(ROOT / "sites" / "branch.yaml")
    outlet = next(iter(inv.sites.values())).devices["2A-005"]
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.goto(server + "/?site=branch&floor=2", wait_until="domcontentloaded")
    page.locator(".stPlotlyChart .scatterlayer .trace .points path").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    click_outlet(page, *outlet.at)
    trace = page.get_by_text("Trace from 2A-005:1 (front port of outlet 2A-005")
    trace.wait_for(timeout=30_000)
    body = page.locator("body").inner_text()
    assert "cable H-2A-A05" in body and "SW-2A-1:Gi1/0/5" in body and "PH-2A-005:LAN" in body  # both directions
    assert "Route of H-2A-A05" in body
    page.wait_for_function("() => location.search.includes('port=2A-005')", timeout=10_000)
    # the highlighted route is drawn on the plan
    page.locator(".stPlotlyChart .legendtext", has_text="Route H-2A-A05").wait_for(timeout=10_000)
    page.wait_for_timeout(800)
    shot = tmp_path / "viewer.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    keep = os.environ.get("CABLING_VIEWER_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)
    page.close()


def test_a_shared_link_opens_the_traced_jack(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server + "/?site=office&floor=1&port=1A-014:1", wait_until="domcontentloaded")
    page.get_by_text("Trace from 1A-014:1").wait_for(timeout=60_000)
    body = page.locator("body").inner_text()
    assert "faulty" in body  # H-1A-A14 is recorded faulty
    page.close()

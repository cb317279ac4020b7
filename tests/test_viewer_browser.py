"""The viewer in a real browser: streamlit serves app.py, Debian's chromium (driven by playwright) clicks an outlet.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``; ``.ci/run`` installs it). The test fails,
never skips, when it is missing. Set ``CABLING_VIEWER_SCREENSHOT=path.png`` to keep the screenshot.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cabling.readers.loader import load
from viewer_drive import PLAN_POINTS, ServerError, chromium, click_at, served

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def server():
    try:
        with served() as url:
            yield url
    except ServerError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser():
    try:
        with chromium() as b:
            yield b
    except FileNotFoundError as exc:
        pytest.fail(str(exc))


def test_click_an_outlet_and_its_trace_and_route_appear(server, browser, tmp_path):
    inv = load(ROOT / "sites" / "branch.yaml")
    outlet = next(iter(inv.sites.values())).devices["2A-005"]
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.goto(server + "/?site=branch&floor=2", wait_until="domcontentloaded")
    page.locator(PLAN_POINTS).first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    click_at(page, *outlet.at)
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


def test_the_planning_view_shows_the_planned_outlets_on_the_plan(server, browser, tmp_path):
    from cabling.geometry.planmap import plan_map
    from cabling.planning.allocate import plan
    from cabling.planning.plan import read_plan

    inv = load(ROOT / "sites" / "branch.yaml")
    result = plan(inv, read_plan(ROOT / "sites" / "plans" / "branch-expansion.yaml"))
    pm = plan_map(inv, result)
    outlets = [p for p in pm.points_on("2", "new") if p.role == "outlet"]
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.goto(server + "/?site=branch&floor=2&plan=branch-expansion", wait_until="domcontentloaded")
    legend = page.locator(".stPlotlyChart .legendtext", has_text="Planned outlet")
    legend.wait_for(timeout=60_000)
    assert legend.text_content() == f"Planned outlet ({len(outlets)})" and len(outlets) > 20
    cables = page.locator(".stPlotlyChart .legendtext", has_text=f"Planned cables ({len(pm.routes_on('2'))},")
    cables.wait_for(timeout=10_000)
    # the diamonds are drawn: the plan's trace holds one marker per new outlet of floor 2
    drawn = page.locator(".stPlotlyChart .js-plotly-plot").first.evaluate(
        "el => el._fullData.filter(t => t.meta && t.meta.plan === 'new').map(t => t.x.length)")
    assert drawn == [len(outlets)]
    # the rest of the page streams in after the figure
    page.get_by_text(f"Allocated jacks ({len(result.jacks)})").wait_for(timeout=30_000)
    page.get_by_role("button", name="Download BR-2027-01-workorders.xlsx").wait_for(timeout=30_000)
    # a click on a planned outlet shows its own jacks
    first = min(outlets, key=lambda p: p.at[0])
    click_at(page, *first.at)
    page.get_by_text(f"Allocated jacks of {first.id}").wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "planning.png"))
    assert (tmp_path / "planning.png").stat().st_size > 20_000
    page.close()


def listening(port: int) -> set[str]:
    """The local addresses a TCP socket listens on ``port`` (Linux: /proc/net/tcp and tcp6)."""
    import ipaddress

    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in list(f)[1:]:
                local, _remote, state = line.split()[1:4]
                addr, hexport = local.split(":")
                if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                    raw = bytes.fromhex(addr)
                    # the kernel writes each 32-bit word in host (little-endian) order
                    raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                    found.add(str(ipaddress.ip_address(raw)))
    return found


def test_the_viewer_listens_on_this_machine_only_unless_told_otherwise():
    """``streamlit run app.py`` as the README's quick start runs it (no --server.address): 127.0.0.1 only."""
    from urllib.parse import urlparse

    log: list[str] = []
    with served(address=None, log_to=log) as url:
        port = urlparse(url).port
        assert f"127.0.0.1:{port}" in log[0]
        assert listening(port) == {"127.0.0.1"}
    with served(address="127.0.0.2") as url:  # told otherwise (another loopback address: nothing leaves the machine)
        assert listening(urlparse(url).port) == {"127.0.0.2"}

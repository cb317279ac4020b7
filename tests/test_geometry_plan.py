"""The printable floor plan: SVG and PDF pages drawn from the site's geometry, and ``cabling floorplan``."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from cabling.cli import main
from cabling.geometry import routes
from cabling.geometry.plan import plan_svg
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]
BRANCH = ROOT / "sites" / "branch.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def branch():
    inv = load(BRANCH)
    return inv, inv.sites["acme-branch"]


def texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(SVG + "text")]


def test_svg_plan_names_rooms_outlets_racks_and_draws_pathways(branch):
    inv, site = branch
    svg = plan_svg(inv, site, "2")
    words = texts(svg)
    floor_rooms = [r for r in site.rooms.values() if r.floor.id == "2"]
    for r in floor_rooms:
        assert r.name in words
    outlets = [d.id for d in site.devices.values() if d.role == "outlet" and d.room.floor.id == "2"]
    assert len(outlets) == 50 and all(o in words for o in outlets)  # 48 data outlets, 2 voice
    assert "1A-001" not in words  # floor 1's outlets are not on floor 2's plan
    assert "R-2A-1" in words and "RISER-A" in words
    assert "Legend" in words and any("scale 1:" in (w or "") for w in words)
    lines = ET.fromstring(svg).findall(f".//{SVG}polyline")
    assert len(lines) == 4  # floor 2's tray and three ceiling runs; no routes unless asked


def test_routes_are_drawn_on_request_as_the_route_points(branch):
    inv, site = branch
    svg = plan_svg(inv, site, "2", show_routes=True)
    on_floor = [r for r in routes(inv).values() if r.points_on("2")]
    polylines = ET.fromstring(svg).findall(f".//{SVG}polyline")
    assert len(polylines) == 4 + len(on_floor) and len(on_floor) == 50  # 48 data outlets, 2 voice
    assert "Routes" in texts(svg)


def test_pdf_plan_is_one_a3_page_with_its_text(tmp_path):
    out = tmp_path / "plan.pdf"
    assert main(["floorplan", str(BRANCH), "--floor", "3", "--routes", "-o", str(out)]) == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (420, 297)
    text = reader.pages[0].extract_text()
    for word in ("Floor 3", "Second floor", "ACME Consulting, Leeds branch", "Legend", "Office 3.01", "3A-036", "R-3A-1"):
        assert word in text, word
    assert re.search(r"1:\d+ at A3", text)


def test_floorplan_cli_refuses_to_overwrite_and_names_bad_floors(tmp_path, capsys):
    out = tmp_path / "plan.svg"
    assert main(["floorplan", str(BRANCH), "--floor", "1", "-o", str(out)]) == 0
    first = out.read_text()
    assert main(["floorplan", str(BRANCH), "--floor", "1", "--routes", "-o", str(out)]) == 2
    assert "pass --force" in capsys.readouterr().err and out.read_text() == first
    assert main(["floorplan", str(BRANCH), "--floor", "1", "--routes", "-o", str(out), "--force"]) == 0
    assert out.read_text() != first
    assert main(["floorplan", str(BRANCH), "--floor", "4", "-o", str(tmp_path / "x.svg")]) == 2
    err = capsys.readouterr().err
    assert "no floor 4" in err and "floors: 1, 2, 3" in err
    assert main(["floorplan", str(BRANCH), "--floor", "1", "-o", str(tmp_path / "x.png")]) == 2
    assert "write a .svg or a .pdf" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists() and not (tmp_path / "x.png").exists()


def test_background_image_is_embedded_under_the_plan(tmp_path):
    import base64

    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEElEQVR4nGP4z8DwHwQZGAAuqwX7jaKkTAAAAABJRU5ErkJggg==")
    (tmp_path / "f1.png").write_bytes(png)
    text = BRANCH.read_text().replace(
        "{id: '1', name: Ground floor, level: 0, height: 3.6,",
        "{id: '1', name: Ground floor, level: 0, height: 3.6, background: {image: f1.png, scale: 20},")
    (tmp_path / "b.yaml").write_text(text)
    inv = load(tmp_path / "b.yaml")
    svg = plan_svg(inv, inv.sites["acme-branch"], "1")
    (img,) = ET.fromstring(svg).iter(SVG + "image")
    # 2 x 1 pixels at 20 m a pixel: 40 m x 20 m on the plan
    assert float(img.get("width")) == pytest.approx(2 * float(img.get("height")), abs=0.02)
    floor_w = 40 * 1000 / int(re.search(r"scale 1:(\d+)", svg).group(1))  # the 40 m outline on paper, mm
    assert float(img.get("width")) == pytest.approx(floor_w, abs=0.02)
    assert img.get("{http://www.w3.org/1999/xlink}href").startswith("data:image/png;base64,")

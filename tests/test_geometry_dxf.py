"""``cabling import dxf``: rooms from closed polylines on a layer, named by the text inside them."""
from __future__ import annotations

from pathlib import Path

import ezdxf
import pytest

from cabling.cli import main
from cabling.readers.loader import load

SITE = """\
site: {id: hq}
floors:
  - {id: '2', level: 1, height: 3.5, outline: [[0, 0], [20, 0], [20, 10], [0, 10]]}
"""


def drawing(path: Path, units: int = 6, scale: float = 1.0) -> Path:
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = units
    doc.layers.add("A-ROOM")
    doc.layers.add("A-WALL")
    msp = doc.modelspace()

    def room(points, label=None):
        msp.add_lwpolyline([(x * scale, y * scale) for x, y in points], close=True, dxfattribs={"layer": "A-ROOM"})
        if label:
            cx = sum(x for x, _ in points) / len(points) * scale
            cy = sum(y for _, y in points) / len(points) * scale
            msp.add_text(label, dxfattribs={"layer": "A-ROOM", "insert": (cx, cy)})

    room([(0, 0), (8, 0), (8, 10), (0, 10)], "Meeting room")
    room([(8, 0), (20, 0), (20, 10), (8, 10)], "Open office")
    room([(1, 1), (2, 1), (2, 2)])  # no text inside
    msp.add_lwpolyline([(0, 0), (20, 0), (20, 10)], dxfattribs={"layer": "A-ROOM"})  # open: not a room
    msp.add_lwpolyline([(30, 0), (40, 0), (40, 5)], close=True, dxfattribs={"layer": "A-WALL"})  # other layer
    doc.saveas(path)
    return path


def test_rooms_are_read_from_the_layer_and_load_beside_the_site(tmp_path, capsys):
    dxf = drawing(tmp_path / "plan.dxf")
    (tmp_path / "site.yaml").write_text(SITE)
    out = tmp_path / "rooms.yaml"
    assert main(["import", "dxf", str(dxf), "--floor", "2", "--layer", "A-ROOM", "--site", "hq", "-o", str(out)]) == 0
    assert "3 rooms on floor 2 (1 without a name inside)" in capsys.readouterr().err
    inv = load([tmp_path / "site.yaml", out])
    rooms = inv.sites["hq"].rooms
    assert sorted(rooms) == ["2-MEETING-ROOM", "2-OPEN-OFFICE", "2-ROOM3"]
    meeting = rooms["2-MEETING-ROOM"]
    assert meeting.name == "Meeting room" and meeting.floor.id == "2"
    assert meeting.polygon == [(0, 0), (8, 0), (8, 10), (0, 10)]
    assert rooms["2-ROOM3"].name is None


def test_drawing_units_become_metres(tmp_path):
    dxf = drawing(tmp_path / "mm.dxf", units=4, scale=1000)  # drawn in millimetres
    (tmp_path / "site.yaml").write_text(SITE)
    out = tmp_path / "rooms.yaml"
    assert main(["import", "dxf", str(dxf), "--floor", "2", "--layer", "a-room", "--site", "hq", "-o", str(out)]) == 0
    rooms = load([tmp_path / "site.yaml", out]).sites["hq"].rooms
    assert rooms["2-OPEN-OFFICE"].polygon == [(8, 0), (20, 0), (20, 10), (8, 10)]


@pytest.mark.parametrize("content, layer, message", [
    (b"0\nSECTION\n2\nHEADER\nthis is not dxf\n", "A-ROOM", "not a"),
    (None, "ROOMZ", "no layer ROOMZ"),
    (None, "A-WALLS", "did you mean A-WALL?"),
])
def test_a_bad_drawing_is_a_clear_error(tmp_path, capsys, content, layer, message):
    path = tmp_path / "bad.dxf"
    if content is None:
        drawing(path)
    else:
        path.write_bytes(content)
    out = tmp_path / "rooms.yaml"
    assert main(["import", "dxf", str(path), "--floor", "2", "--layer", layer, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cabling import dxf: ") and message in err and "Traceback" not in err
    assert not out.exists()


def test_a_layer_without_closed_polylines_and_an_existing_output(tmp_path, capsys):
    dxf = drawing(tmp_path / "plan.dxf")
    out = tmp_path / "rooms.yaml"
    assert main(["import", "dxf", str(dxf), "--floor", "2", "--layer", "0", "-o", str(out)]) == 2
    assert "layer 0 has no closed polylines" in capsys.readouterr().err
    out.write_text("keep me\n")
    assert main(["import", "dxf", str(dxf), "--floor", "2", "--layer", "A-ROOM", "-o", str(out)]) == 2
    assert out.read_text() == "keep me\n"
    assert main(["import", "dxf", str(dxf), "--floor", "2", "--layer", "A-ROOM", "-o", str(out), "--force"]) == 0
    assert "rooms:" in out.read_text()

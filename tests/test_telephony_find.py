"""cabling find and cabling directory: which jack is extension 214 on, what is on line +7 843 555-01-01."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cabling.cli import main
from cabling.readers.loader import load
from cabling.telephony.directory import directory
from cabling.telephony.find import find

SMALL = Path(__file__).resolve().parent / "data" / "telephony" / "small.yaml"


@pytest.fixture(scope="module")
def inv():
    return load([SMALL])


@pytest.mark.parametrize("text", ["+7 (843) 555-01-01", "88435550101", "8 843 555 01 01", "+78435550101", "L-1", "rt-0101"])
def test_a_line_is_found_by_its_number_in_any_writing_or_its_circuit(inv, text):
    (f, *rest) = find(inv, text)
    assert f.kind == "line" and f.line.id == "L-1"
    assert inv.ref(f.port) == "1A-DM:1.1"  # traced from its demarc pair, both ways


def test_an_extension_by_number_or_by_a_part_of_its_name(inv):
    (f,) = find(inv, "214")
    assert f.kind == "extension" and inv.ref(f.port) == "PBX-1:FXS14"
    (f,) = find(inv, "petrova")
    assert f.extension.number == "301" and inv.ref(f.port) == "PH-2A-002:LAN"


def test_labels_devices_ports_and_nothing(inv):
    assert [f.kind for f in find(inv, "PH-2A-001")] == ["device"]
    assert [(f.kind, inv.ref(f.port)) for f in find(inv, "2A-V1:1.7")] == [("port", "2A-V1:1.7")]
    assert [(f.kind, f.name) for f in find(inv, "RISER-1A-2A")] == [("cable", "RISER-1A-2A")]
    assert [(f.kind, f.name) for f in find(inv, "RT-0102")] == [("line", "L-2")]  # the line, not its circuit again
    assert find(inv, "no such thing") == [] and find(inv, "  ") == []


def test_cli_find_shows_the_full_path_of_an_extension(capsys):
    assert main(["find", str(SMALL), "214"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("extension: analog extension 214 (Room 214)\nTrace from PBX-1:FXS14")
    assert "-> ends at PH-2A-001:LINE (analog-phone PH-2A-001)" in out
    assert main(["find", str(SMALL), "+7 999 000-00-00"]) == 1
    assert "nothing found for '+7 999 000-00-00'" in capsys.readouterr().out


def test_cli_find_json(capsys):
    assert main(["find", str(SMALL), "+7 (843) 555-01-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (row,) = data["found"]
    assert (row["kind"], row["name"], row["from"]) == ("line", "L-1", "1A-DM:1.1")
    along, through = row["paths"]
    assert along["steps"][-1] == {"ports": ["PBX-1:FXO1"]} and along["telephony"]["lines"] == ["L-1"]
    assert through["steps"][-1] == {"ends_at": "Rostelecom"} and through["complete"]


def test_directory_lists_number_name_phone_outlet_room_pbx_port_and_block_pairs(inv):
    rows = {e.number: e for e in directory(inv)}
    e = rows["214"]
    assert (e.name, e.phone, e.outlet, e.room, e.pbx_port) == ("Room 214", "PH-2A-001", "2A-001:1", "2-OFF", "PBX-1:FXS14")
    assert e.block_pairs == "1A-PBX:1.14 > 1A-V1:1.7 > 2A-V1:1.7 > 2A-V1:3.1"
    ip = rows["301"]
    assert (ip.kind, ip.phone, ip.outlet, ip.pbx_port, ip.block_pairs) == ("ip", "PH-2A-002", "2A-002:1", "PBX-1", None)
    # an extension wired to nothing beyond the PBX block has no phone nor outlet
    assert (rows["203"].outlet, rows["203"].phone, rows["203"].block_pairs) == (None, None, "1A-PBX:1.3")
    assert list(rows)[:3] == ["201", "202", "203"]


def test_cli_directory_csv_and_json(capsys):
    assert main(["directory", str(SMALL), "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 25 and rows[13]["number"] == "214" and rows[13]["outlet"] == "2A-001:1"
    assert main(["directory", str(SMALL), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[-1]["name"] == "Anna Petrova" and set(data[0]) == {
        "number", "name", "kind", "phone", "outlet", "room", "pbx_port", "block_pairs"}

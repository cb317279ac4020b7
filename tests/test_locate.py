"""Search text to ports to trace: ports, outlets, phones, devices, cable ids and labels."""
from __future__ import annotations

from pathlib import Path

import pytest

from cabling.analysis.locate import locate
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def office():
    return load(ROOT / "sites" / "office.yaml")


@pytest.mark.parametrize("text, kind, first", [
    ("1A-007:1", "port", "1A-007:1"),
    ("PP-1A-A:R7", "port", "PP-1A-A:R7"),
    ("1A-007", "outlet", "1A-007:1"),
    ("1a-007", "outlet", "1A-007:1"),  # case does not matter when the name is unique
    ("PH-1A-007", "device", "PH-1A-007:LAN"),
    ("1A-A07", "label", "1A-007:1"),  # a label traces its link from the outlet end
    ("H-1A-A07", "cable", "1A-007:1"),
])
def test_exact_names(office, text, kind, first):
    found = locate(office, text)
    assert found and found[0].kind == kind and office.ref(found[0].port) == first


def test_a_device_gives_its_cabled_ports_and_a_part_of_a_name_several_devices(office):
    sw = locate(office, "SW-1A-1")
    assert len(sw) > 1 and all(m.port.device.id == "SW-1A-1" and m.port.cable is not None for m in sw)
    part = locate(office, "PH-1A-00")
    assert {m.port.device.id for m in part} == {d.id for d in office.devices() if d.id.startswith("PH-1A-00")}
    assert len(locate(office, "1A", limit=5)) == 5


def test_nothing_found(office):
    assert locate(office, "no-such-thing") == [] and locate(office, "  ") == []


def test_first_port_of_what_a_finding_names(office):
    from cabling.analysis.locate import first_port

    site = next(iter(office.sites.values()))
    assert office.ref(first_port(office, ports=["NOPE:1", "PP-1A-A:7"])) == "PP-1A-A:7"
    assert office.ref(first_port(office, cables=["H-1A-A14"], site=site)) == "1A-014:1"  # from the outlet end
    assert office.ref(first_port(office, devices=["PH-1A-007"])) == "PH-1A-007:LAN"
    assert office.ref(first_port(office, ports=["NOPE:1"], cables=["nope"], devices=["1A-015"])) == "1A-015:1"
    assert first_port(office, ports=["NOPE:1"], cables=["nope"], devices=["nope"]) is None

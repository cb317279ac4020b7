"""Connections that cannot exist are load errors that state the rule (NetBox's compatible types, one medium)."""
from __future__ import annotations

import itertools
import json

import pytest

from cabling.choices import COMPATIBLE_KINDS, port_type_medium
from cabling.diagnostics import InputError
from cabling.readers.loader import load

CONSOLE_SERVER = """\
manufacturer: Lab Gear
model: CS-2
slug: lab-cs-2
u_height: 1
console-server-ports:
  - {name: Port 1, type: rj-45}
  - {name: Port 2, type: rj-45}
interfaces:
  - {name: wlan0, type: ieee802.11ac}
"""
DEVICES = {"SW": "cabling-switch-24-poe", "SW2": "cabling-switch-24-poe", "PDU": "cabling-pdu-8",
           "PP": "cabling-cat6-panel-24", "FP": "cabling-fibre-panel-mpo12", "FP2": "cabling-fibre-panel-mpo12",
           "CS": "lab-cs-2"}
# Two twisted-pair ports of each kind (power kinds are power)
PORTS = {
    "interface": ("SW:Gi1/0/1", "SW:Gi1/0/2"),
    "front": ("PP:1", "PP:2"),
    "rear": ("PP:R3", "PP:R4"),
    "console": ("SW:Console", "SW2:Console"),
    "console-server": ("CS:Port 1", "CS:Port 2"),
    "power": ("SW:PS-1", "SW:PS-2"),
    "power-outlet": ("PDU:Outlet 1", "PDU:Outlet 2"),
}


def site(tmp_path, cables, name="s.yaml"):
    (tmp_path / "cs.yaml").write_text(CONSOLE_SERVER)
    doc = {"site": {"id": "lab"}, "models": ["cs.yaml"],
           "devices": [{"id": d, "model": m} for d, m in DEVICES.items()],
           "cables": [{"id": row[0], "a": row[1], "b": row[2], **(row[3] if len(row) > 3 else {})}
                      for row in cables]}
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def errors(tmp_path, cables) -> list[str]:
    try:
        load(site(tmp_path, cables))
    except InputError as exc:
        return [str(d) for d in exc.errors]
    return []


def test_pdu_outlet_into_a_switch_data_port_is_refused_with_the_rule(tmp_path):
    (err,) = errors(tmp_path, [("PWR-9", "PDU:Outlet 1", "SW:Gi1/0/1")])
    assert err.startswith(f"{tmp_path / 's.yaml'}:") and "cable PWR-9:" in err
    assert "a power outlet (PDU:Outlet 1) cannot be cabled to an interface (SW:Gi1/0/1)" in err
    assert "NetBox connects a power outlet only to a power port" in err


def test_console_into_a_data_port_is_refused_console_to_console_server_is_fine(tmp_path):
    (err,) = errors(tmp_path, [("K1", "SW:Console", "SW2:Gi1/0/1")])
    assert "a console port (SW:Console) cannot be cabled to an interface" in err
    assert "only to a console server port, a front port or a rear port" in err
    assert errors(tmp_path, [("K1", "SW:Console", "CS:Port 1", {"type": "cat6"})]) == []
    assert errors(tmp_path, [("PWR-1", "PDU:Outlet 1", "SW:PS-1", {"type": "power"})]) == []


def test_netbox_table_is_symmetric():
    for a, allowed in COMPATIBLE_KINDS.items():
        for b in allowed:
            assert a in COMPATIBLE_KINDS[b], (a, b)


def test_every_pair_of_kinds_loads_exactly_when_netbox_allows_it(tmp_path):
    for n, (ka, kb) in enumerate(itertools.product(PORTS, repeat=2)):
        a = PORTS[ka][0]
        b = PORTS[kb][1]
        folder = tmp_path / str(n)
        folder.mkdir()
        found = errors(folder, [("C", a, b)])
        if kb in COMPATIBLE_KINDS[ka]:
            assert found == [], (ka, kb, found)
        else:
            assert len(found) == 1 and "cannot be cabled to" in found[0], (ka, kb, found)


def test_wireless_interface_takes_no_cable(tmp_path):
    (err,) = errors(tmp_path, [("C", "CS:wlan0", "SW:Gi1/0/1")])
    assert "CS:wlan0 is an ieee802.11ac interface, which takes no cable" in err


@pytest.mark.parametrize("a, b, ctype, words", [
    ("FP:1", "PP:1", None, "FP:1 (lc) takes fibre and PP:1 (8p8c) takes twisted pair"),
    ("FP:MPO", "PP:R1", "om4", "takes fibre and PP:R1 (110-punch) takes twisted pair"),
    ("PP:R1", "PP:R2", "os2", "an os2 cable is fibre, but PP:R1 (110-punch) takes twisted pair"),
    ("SW:Gi1/0/1", "PP:1", "om3", "an om3 cable is fibre, but SW:Gi1/0/1 (1000base-t) takes twisted pair"),
    ("FP:MPO", "FP2:MPO", "cat6a", "a cat6a cable is twisted pair, but FP:MPO (mpo) takes fibre"),
    ("SW:Gi1/0/1", "PP:1", "power", "a power cable is power, but SW:Gi1/0/1 (1000base-t) takes twisted pair"),
    ("PDU:Outlet 1", "SW:PS-1", "cat6", "a cat6 cable is twisted pair, but PDU:Outlet 1"),
])
def test_medium_mismatch_is_refused(tmp_path, a, b, ctype, words):
    (err,) = errors(tmp_path, [("X", a, b, {"type": ctype} if ctype else {})])
    assert words in err, err


@pytest.mark.parametrize("a, b, ctype", [
    ("SW:Te1/1/1", "FP:1", "om4"),  # an SFP+ cage takes an optic
    ("SW:Te1/1/1", "PP:1", "cat6a"),  # ... or an RJ45 module
    ("FP:MPO", "FP2:MPO", "om4"),
    ("SW:Gi1/0/1", "PP:1", "cat6"),
    ("PP:R1", "PP:R2", "multipair"),
    ("FP:1", "FP2:1", None),
    ("SW:Gi1/0/1", "PP:1", "other"),
])
def test_one_medium_loads(tmp_path, a, b, ctype):
    assert errors(tmp_path, [("X", a, b, {"type": ctype} if ctype else {})]) == []


def test_port_type_media():
    assert port_type_medium("lc-apc") == port_type_medium("sc-upc") == port_type_medium("mpo") == "fibre"
    assert port_type_medium("10gbase-lr") == port_type_medium("1000base-sx") == "fibre"
    assert port_type_medium("1000base-t") == port_type_medium("100base-tx") == port_type_medium("8p8c") \
        == "twisted pair"
    for any_medium in ("10gbase-x-sfpp", "1000base-x-sfp", "100gbase-x-qsfp28", "splice", "other", None, "25gbase-cr"):
        assert port_type_medium(any_medium) is None, any_medium


def test_repeats_of_one_bulk_entry_are_capped(tmp_path):
    (tmp_path / "cs.yaml").write_text(CONSOLE_SERVER)
    doc = {"site": {"id": "lab"}, "devices": [{"id": "SW", "model": "cabling-switch-24-poe"},
                                               {"id": "FP", "model": "cabling-fibre-panel-mpo12"}],
           "cables": [{"id": "F-[1-12]", "a": "SW:Gi1/0/[1-12]", "b": "FP:[1-12]"}]}
    path = tmp_path / "bulk.yaml"
    path.write_text(json.dumps(doc))
    with pytest.raises(InputError) as exc:
        load(path)
    text = "\n".join(map(str, exc.value.diagnostics))
    assert "takes twisted pair" in text and "more like it" in text

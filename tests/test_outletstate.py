"""Outlet states as the plan colours them: active, free, dark, planned, faulty."""
from __future__ import annotations

from pathlib import Path

from cabling.analysis.outletstate import (ACTIVE, DARK, FAULTY, FREE, PLANNED, STATES, counts, outlet_state,
                                          outlet_states)
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]

SMALL = """\
site: {id: s}
floors: [{id: '1', outline: [[0, 0], [20, 0], [20, 10], [0, 10]]}]
rooms:
  - {id: TR, floor: '1', polygon: [[0, 0], [4, 0], [4, 4], [0, 4]]}
  - {id: OFF, floor: '1', polygon: [[4, 0], [20, 0], [20, 10], [4, 10]]}
telecom_spaces: [{id: 1A, room: TR}]
racks: [{id: R1, space: 1A, at: [2, 2]}]
devices:
  - {id: PP, model: cabling-cat6-panel-24, rack: R1, u: 40}
  - {id: SW, model: cabling-switch-24-poe, rack: R1, u: 39}
  - {id: 'O[1-6]', model: cabling-outlet-1, room: OFF, along: [[6, 5], [18, 5]]}
  - {id: O7, model: cabling-outlet-2, room: OFF, at: [10, 8]}
  - {id: PH1, model: cabling-ip-phone, room: OFF, at: [6, 6]}
  - {id: PH7, model: cabling-ip-phone, room: OFF, at: [10, 9]}
cables:
  - {id: 'H-[1-4]', a: 'O[1-4]:R1', b: 'PP:R[1-4]', type: cat6, length: 20}
  - {id: H-5, a: O5:R1, b: PP:R5, type: cat6, length: 20, status: planned}
  - {id: H-7A, a: O7:R1, b: PP:R7, type: cat6, length: 20}
  - {id: H-7B, a: O7:R2, b: PP:R8, type: cat6, length: 20, status: faulty}
  - {id: 'P-[1-3]', a: 'PP:[1-3]', b: 'SW:Gi1/0/[1-3]', type: cat6, length: 1}
  - {id: P-7, a: 'PP:7', b: 'SW:Gi1/0/7', type: cat6, length: 1}
  - {id: P-8, a: 'PP:8', b: 'SW:Gi1/0/8', type: cat6, length: 1}
  - {id: W-1, a: 'O1:1', b: 'PH1:LAN', type: cat6, length: 2}
  - {id: W-3, a: 'O3:1', b: 'PH7:LAN', type: cat6, length: 2, status: decommissioned}
"""


def load_text(text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "s.yaml"
        p.write_text(text, encoding="utf-8")
        return load(p)


def small(_tmp_path=None):
    return load_text(SMALL)


def test_each_state_with_its_reason(tmp_path):
    inv = small(tmp_path)
    st = outlet_states(inv, inv.devices())
    assert {k: v.state for k, v in st.items()} == {
        "O1": ACTIVE,  # phone plugged in, live to SW
        "O2": FREE,  # live, nothing plugged in
        "O3": FREE,  # the cord to a phone is decommissioned: nothing plugged in any more
        "O4": DARK,  # cabled to the panel, never patched
        "O5": PLANNED,
        "O6": DARK,  # no cable at all
        "O7": FAULTY,  # one of its two jacks is on a faulty cable
    }
    assert "PH1:LAN" in st["O1"].jacks[0].why and "SW:Gi1/0/1" in st["O1"].jacks[0].why
    assert st["O4"].jacks[0].why == "panel port PP:4 is not patched to a switch"
    assert st["O6"].jacks[0].why == "no horizontal cable behind the jack"
    assert st["O5"].jacks[0].why == "cable H-5 is planned"
    assert [j.state for j in st["O7"].jacks] == [FREE, FAULTY]
    assert "H-7B" in st["O7"].jacks[1].why
    assert "PH1" not in st and "SW" not in st  # only outlets


def test_counts_list_every_state_in_legend_order(tmp_path):
    inv = small(tmp_path)
    c = counts(outlet_states(inv, inv.devices()).values())
    assert list(c) == list(STATES)
    assert c == {ACTIVE: 1, FREE: 2, DARK: 2, PLANNED: 1, FAULTY: 1}


def test_example_sites_show_their_documented_states():
    inv = load(ROOT / "sites" / "office.yaml")
    site = inv.sites["office"] if "office" in inv.sites else next(iter(inv.sites.values()))
    assert outlet_state(inv, site.devices["1A-014"]).state == FAULTY  # H-1A-A14 is faulty
    assert outlet_state(inv, site.devices["1A-021"]).state == PLANNED  # H-1A-A24 not pulled yet
    assert outlet_state(inv, site.devices["1A-020"]).state == DARK  # documented as the dark outlet
    inv = load(ROOT / "sites" / "kazan.yaml")
    c = counts(outlet_states(inv, inv.devices()).values())
    assert c[ACTIVE] == 1 and c[FREE] == 23  # only 2A-017 has a phone


def test_a_synthetic_floor_of_2000_outlets_loads_clean_with_every_outlet_placed():
    from cabling.writers.synthetic import generate_site

    inv = load_text(generate_site(2000, seed=1, panels_per_floor=42))
    site = next(iter(inv.sites.values()))
    assert list(site.floors) == ["1"]
    outlets = [d for d in site.devices.values() if d.role == "outlet"]
    assert len(outlets) == 2000 and all(d.at is not None and d.room.floor.id == "1" for d in outlets)
    c = counts(outlet_states(inv, outlets).values())
    assert c[ACTIVE] == 1000 and c[FREE] == 1000  # a phone on the first half of each panel's outlets

"""The bulk notation: ranges of devices and cables load exactly like the entries written out by hand."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cabling.diagnostics import InputError
from cabling.readers.loader import load

HEAD = """\
site: {id: hq}
floors:
  - {id: '1', outline: [[0, 0], [60, 0], [60, 30], [0, 30]]}
rooms:
  - {id: TR, floor: '1', polygon: [[0, 0], [5, 0], [5, 5], [0, 5]]}
  - {id: OFFICE, floor: '1', polygon: [[5, 0], [60, 0], [60, 30], [5, 30]]}
telecom_spaces:
  - {id: 1A, room: TR}
racks:
  - {id: R1, space: 1A, u_height: 42}
"""

BULK = HEAD + """\
devices:
  - {id: PP-A, model: cabling-cat6-panel-24, rack: R1, u: 42}
  - {id: SW-1, model: cabling-switch-24-poe, rack: R1, u: 41}
  - {id: '1A-[001-004]', model: cabling-outlet-2, room: OFFICE, along: [[10, 20], [40, 5]]}
  - {id: 'PH-[1-2]', model: cabling-ip-phone, room: OFFICE, at: [[11, 21], [21, 16]]}
cables:
  - id: H-[001-004]
    a: 1A-[001-004]:R1
    b: PP-A:R[1-4]
    type: cat6
    status: planned
    color: blue
    length: [12.5, 20, 27.5, 35]
    label: 1A-A[01-04]
  - id: 'P-[a-d]'
    a: 'PP-A:[1-4]'
    b: 'SW-1:Gi1/0/[1-3,24]'
    type: cat6
    length: 1.5
    label: patch
  - {id: 'W-[1-2]', a: '1A-[001-002]:1', b: 'PH-[1-2]:LAN', length: 3}
"""

HAND = HEAD + """\
devices:
  - {id: PP-A, model: cabling-cat6-panel-24, rack: R1, u: 42}
  - {id: SW-1, model: cabling-switch-24-poe, rack: R1, u: 41}
  - {id: 1A-001, model: cabling-outlet-2, room: OFFICE, at: [10, 20]}
  - {id: 1A-002, model: cabling-outlet-2, room: OFFICE, at: [20, 15]}
  - {id: 1A-003, model: cabling-outlet-2, room: OFFICE, at: [30, 10]}
  - {id: 1A-004, model: cabling-outlet-2, room: OFFICE, at: [40, 5]}
  - {id: PH-1, model: cabling-ip-phone, room: OFFICE, at: [11, 21]}
  - {id: PH-2, model: cabling-ip-phone, room: OFFICE, at: [21, 16]}
cables:
  - {id: H-001, a: 1A-001:R1, b: PP-A:R1, type: cat6, status: planned, color: blue, length: 12.5, label: 1A-A01}
  - {id: H-002, a: 1A-002:R1, b: PP-A:R2, type: cat6, status: planned, color: blue, length: 20, label: 1A-A02}
  - {id: H-003, a: 1A-003:R1, b: PP-A:R3, type: cat6, status: planned, color: blue, length: 27.5, label: 1A-A03}
  - {id: H-004, a: 1A-004:R1, b: PP-A:R4, type: cat6, status: planned, color: blue, length: 35, label: 1A-A04}
  - {id: P-a, a: PP-A:1, b: SW-1:Gi1/0/1, type: cat6, length: 1.5, label: patch}
  - {id: P-b, a: PP-A:2, b: SW-1:Gi1/0/2, type: cat6, length: 1.5, label: patch}
  - {id: P-c, a: PP-A:3, b: SW-1:Gi1/0/3, type: cat6, length: 1.5, label: patch}
  - {id: P-d, a: PP-A:4, b: SW-1:Gi1/0/24, type: cat6, length: 1.5, label: patch}
  - {id: W-1, a: 1A-001:1, b: PH-1:LAN, length: 3}
  - {id: W-2, a: 1A-002:1, b: PH-2:LAN, length: 3}
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def line_col(text: str, marker: str) -> tuple[int, int]:
    assert text.count(marker) == 1, f"marker {marker!r} is not unique"
    idx = text.index(marker)
    return text.count("\n", 0, idx) + 1, idx - text.rfind("\n", 0, idx)


def snapshot(inv):
    """Everything a user sees of an inventory, as plain comparable data."""
    devices = []
    for d in inv.devices():
        devices.append((
            d.site.id, d.id, d.model.slug, d.role,
            d.rack.id if d.rack else None, d.u,
            d.room.id if d.room else None, d.space.id if d.space else None,
            tuple(round(c, 9) for c in d.at) if d.at else None,
            tuple((p.name, p.kind, p.cable.id if p.cable else None, p.end) for p in d.ports),
        ))
    cables = []
    for c in inv.cables():
        cables.append((
            c.site.id, c.id, tuple(inv.ref(p) for p in c.a), tuple(inv.ref(p) for p in c.b),
            c.type, c.length, c.status, c.color, c.label, c.pairs,
        ))
    return devices, cables


def load_text(tmp_path, text, name="site.yaml"):
    return load([write(tmp_path / name, text)])


def errors_of(tmp_path, text, name="site.yaml"):
    path = write(tmp_path / name, text)
    with pytest.raises(InputError) as info:
        load([path])
    return path, info.value


def single(exc, *words):
    found = [d for d in exc.diagnostics if all(w in d.message for w in words)]
    assert len(found) == 1, [str(d) for d in exc.diagnostics]
    return found[0]


# ------------------------------------------------------------------ same inventory

def test_bulk_entries_give_the_same_inventory_as_hand_written_ones(tmp_path):
    bulk = load_text(tmp_path, BULK, "bulk.yaml")
    hand = load_text(tmp_path, HAND, "hand.yaml")
    bulk_devices, bulk_cables = snapshot(bulk)
    hand_devices, hand_cables = snapshot(hand)
    assert bulk_devices == hand_devices
    assert bulk_cables == hand_cables
    assert bulk.counts() == hand.counts()
    assert (bulk.counts()["devices"], bulk.counts()["cables"]) == (8, 10)


def test_bulk_expansion_in_detail(tmp_path):
    site = load_text(tmp_path, BULK).sites["hq"]
    assert [d for d in site.devices if d.startswith("1A-")] == ["1A-001", "1A-002", "1A-003", "1A-004"]
    assert list(site.cables) == ["H-001", "H-002", "H-003", "H-004", "P-a", "P-b", "P-c", "P-d", "W-1", "W-2"]
    h3 = site.cables["H-003"]
    assert h3.a == (site.devices["1A-003"].port("R1"),)
    assert h3.b == (site.devices["PP-A"].port("R3"),)
    assert (h3.length, h3.label, h3.status, h3.color) == (27.5, "1A-A03", "planned", "blue")
    assert site.cables["P-d"].b == (site.devices["SW-1"].port("Gi1/0/24"),)
    assert [site.cables[c].label for c in ("P-a", "P-d")] == ["patch", "patch"]
    assert site.devices["PH-2"].at == (21, 16)


def test_generated_bulk_site_expands_every_range(tmp_path, capsys):
    from cabling.cli import main

    path = tmp_path / "gen.yaml"
    assert main(["generate", "--outlets", "100", "-o", str(path)]) == 0
    inv = load([path])
    site = next(iter(inv.sites.values()))
    outlets = [d for d in site.devices.values() if d.role == "outlet"]
    assert len(outlets) == 100
    horizontal = [c for c in site.cables.values() if c.id.startswith("H-")]
    assert len(horizontal) == 100
    # every outlet's rear is wired to exactly one panel rear port
    assert all(o.port("R1").cable is not None and o.port("R1").cable.id.startswith("H-") for o in outlets)
    assert len({c.b for c in horizontal}) == 100


# ------------------------------------------------------------------ errors inside a bulk entry

def test_error_in_a_cable_range_names_the_expanded_cable(tmp_path):
    text = HEAD + textwrap.dedent("""\
        devices:
          - {id: PP-A, model: cabling-cat6-panel-24, rack: R1, u: 42}
          - {id: '1A-[001-025]', model: cabling-outlet-1, room: OFFICE, along: [[10, 20], [58, 20]]}
        cables:
          - id: H-[001-025]
            a: 1A-[001-025]:R1
            b: PP-A:R[1-25]
            length: 20
        """)
    path, exc = errors_of(tmp_path, text)
    assert len(exc.diagnostics) == 1, [str(d) for d in exc.diagnostics]
    d = exc.diagnostics[0]
    assert (d.mark.file, d.mark.line, d.mark.column) == (str(path), *line_col(text, "PP-A:R[1-25]"))
    assert "cable H-025" in d.message
    assert "H-[001-025]" in d.message
    assert "R25" in d.message
    assert "H-024" not in d.message


def test_port_already_used_inside_a_range_names_that_cable(tmp_path):
    text = HEAD + textwrap.dedent("""\
        devices:
          - {id: PP-A, model: cabling-cat6-panel-24, rack: R1, u: 42}
          - {id: SW-1, model: cabling-switch-24-poe, rack: R1, u: 41}
        cables:
          - {id: X-1, a: PP-A:3, b: SW-1:Gi1/0/20}
          - {id: 'P-[01-04]', a: 'PP-A:[1-4]', b: 'SW-1:Gi1/0/[1-4]'}
        """)
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "already used")
    assert (d.mark.line, d.mark.column) == line_col(text, "'PP-A:[1-4]'")
    assert "cable P-03 (from P-[01-04])" in d.message
    assert "PP-A:3" in d.message
    assert "cable X-1" in d.message


def test_mismatched_counts_are_reported(tmp_path):
    text = HEAD + textwrap.dedent("""\
        devices:
          - {id: PP-A, model: cabling-cat6-panel-24, rack: R1, u: 42}
          - {id: SW-1, model: cabling-switch-24-poe, rack: R1, u: 41}
        cables:
          - id: P-[01-24]
            a: PP-A:[1-12]
            b: SW-1:Gi1/0/[1-24]
        """)
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "12")
    assert (d.mark.file, d.mark.line, d.mark.column) == (str(path), *line_col(text, "PP-A:[1-12]"))
    assert "P-[01-24]" in d.message
    assert "end a" in d.message
    assert "12 ports for 24 cables" in d.message


def test_length_list_of_the_wrong_size_is_reported(tmp_path):
    lengths = ", ".join(str(10 + n) for n in range(23))
    text = HEAD + textwrap.dedent(f"""\
        devices:
          - {{id: PP-A, model: cabling-cat6-panel-24, rack: R1, u: 42}}
          - {{id: SW-1, model: cabling-switch-24-poe, rack: R1, u: 41}}
        cables:
          - id: P-[01-24]
            a: PP-A:[1-24]
            b: SW-1:Gi1/0/[1-24]
            length: [{lengths}]
        """)
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "length")
    assert (d.mark.line, d.mark.column) == line_col(text, f"[{lengths}]")
    assert "P-[01-24]" in d.message
    assert "23 values for 24 cables" in d.message


def test_label_range_of_the_wrong_size_is_reported(tmp_path):
    text = HEAD + textwrap.dedent("""\
        devices:
          - {id: PP-A, model: cabling-cat6-panel-24, rack: R1, u: 42}
          - {id: SW-1, model: cabling-switch-24-poe, rack: R1, u: 41}
        cables:
          - {id: 'P-[1-4]', a: 'PP-A:[1-4]', b: 'SW-1:Gi1/0/[1-4]', label: 'L-[1-3]'}
        """)
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "label")
    assert (d.mark.line, d.mark.column) == line_col(text, "'L-[1-3]'")
    assert "3 labels for 4 cables" in d.message


def test_backwards_range_in_a_device_id_is_reported_at_the_id(tmp_path):
    text = HEAD + "devices:\n  - {id: 'PP-[4-1]', model: cabling-cat6-panel-24}\n"
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "backwards")
    assert (d.mark.line, d.mark.column) == line_col(text, "'PP-[4-1]'")
    assert "PP-[4-1]" in d.message


def test_duplicate_inside_a_device_range_names_the_expanded_device(tmp_path):
    text = HEAD + textwrap.dedent("""\
        devices:
          - {id: 1A-002, model: cabling-outlet-1, room: OFFICE, at: [10, 10]}
          - {id: '1A-[001-003]', model: cabling-outlet-1, room: OFFICE, at: [20, 10]}
        """)
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "duplicate")
    assert (d.mark.line, d.mark.column) == line_col(text, "'1A-[001-003]'")
    assert "1A-002" in d.message
    assert "1A-001" not in d.message and "1A-003" not in d.message


def test_at_list_of_the_wrong_size_is_reported(tmp_path):
    text = HEAD + "devices:\n  - {id: 'PH-[1-3]', model: cabling-ip-phone, room: OFFICE, at: [[10, 10], [20, 10]]}\n"
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "at")
    assert (d.mark.line, d.mark.column) == line_col(text, "[[10, 10], [20, 10]]")
    assert "2 points for 3 devices" in d.message


def test_one_device_of_a_range_outside_its_room_is_named(tmp_path):
    # 5 outlets from x=20 to x=0, 5 m apart: only the last, at x=0, is outside OFFICE (x >= 5)
    text = HEAD + "devices:\n  - {id: 'O-[1-5]', model: cabling-outlet-1, room: OFFICE, along: [[20, 10], [0, 10]]}\n"
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "outside room OFFICE")
    assert (d.mark.line, d.mark.column) == line_col(text, "'O-[1-5]'")
    assert "device O-5" in d.message


# ------------------------------------------------------------------ along

def test_along_spreads_devices_evenly_from_the_first_point_to_the_second(tmp_path):
    text = HEAD + "devices:\n  - {id: 'O-[1-5]', model: cabling-outlet-1, room: OFFICE, along: [[10, 2], [50, 22]]}\n"
    site = load_text(tmp_path, text).sites["hq"]
    points = [site.devices[f"O-{n}"].at for n in range(1, 6)]
    assert points == [pytest.approx((10 + 10 * k, 2 + 5 * k)) for k in range(5)]


def test_along_with_one_device_puts_it_in_the_middle(tmp_path):
    text = HEAD + "devices:\n  - {id: 'O-[7-7]', model: cabling-outlet-1, room: OFFICE, along: [[10, 2], [50, 22]]}\n"
    site = load_text(tmp_path, text).sites["hq"]
    assert list(site.devices) == ["O-7"]
    assert site.devices["O-7"].at == pytest.approx((30, 12))


def test_along_and_at_together_are_rejected(tmp_path):
    text = HEAD + ("devices:\n  - {id: 'O-[1-2]', model: cabling-outlet-1, room: OFFICE, "
                   "at: [10, 10], along: [[10, 2], [50, 22]]}\n")
    path, exc = errors_of(tmp_path, text)
    d = single(exc, "along")
    assert (d.mark.line, d.mark.column) == line_col(text, "[[10, 2], [50, 22]]")
    assert "not both" in d.message

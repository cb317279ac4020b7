"""Loading site files: every kind of error with its file, line and column; YAML traps; several files."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.readers.loader import load, resolve_ref
from cabling.refs import readings


# A small valid site. Tests add entries by replacing the '# more ...' lines.
BASE = """\
site:
  id: hq
  name: Head office
  address: 1 Main Street
floors:
  - {id: '1', level: 0, height: 3.5, outline: [[0, 0], [50, 0], [50, 30], [0, 30]]}
rooms:
  - {id: TR-1, floor: '1', polygon: [[0, 0], [5, 0], [5, 5], [0, 5]]}
  - {id: OFFICE, floor: '1', polygon: [[5, 0], [50, 0], [50, 30], [5, 30]]}
  # more rooms
telecom_spaces:
  - {id: 1A, room: TR-1, kind: mdf}
racks:
  - {id: R-1A-1, space: 1A, u_height: 42}
  # more racks
devices:
  - {id: PP-1A-A, model: cabling-cat6-panel-24, rack: R-1A-1, u: 42}
  - {id: SW-1A-1, model: cabling-switch-24-poe, rack: R-1A-1, u: 41}
  - {id: 1A-001, model: cabling-outlet-2, room: OFFICE, at: [10, 10]}
  # more devices
cables:
  - {id: H-001, a: 1A-001:R1, b: PP-1A-A:R1, type: cat6, length: 25, label: 1A-A01}
  - {id: P-001, a: PP-1A-A:1, b: SW-1A-1:Gi1/0/1, type: cat6, length: 1.5}
  # more cables
"""


def site_text(rooms="", racks="", devices="", cables="") -> str:
    return (BASE.replace("  # more rooms\n", rooms)
            .replace("  # more racks\n", racks)
            .replace("  # more devices\n", devices)
            .replace("  # more cables\n", cables))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def where(text: str, marker: str, after: str | None = None) -> tuple[int, int]:
    """1-based (line, column) of ``marker`` in ``text`` (its first occurrence after ``after``)."""
    start = text.index(after) if after is not None else 0
    idx = text.index(marker, start)
    if after is None:
        assert text.count(marker) == 1, f"marker {marker!r} is not unique"
    line = text.count("\n", 0, idx) + 1
    column = idx - text.rfind("\n", 0, idx)
    return line, column


def load_errors(*paths):
    with pytest.raises(InputError) as info:
        load(list(paths))
    return info.value


def single(exc: InputError, *words):
    """The one diagnostic whose message contains every word."""
    found = [d for d in exc.diagnostics if all(w in d.message for w in words)]
    assert len(found) == 1, [str(d) for d in exc.diagnostics]
    return found[0]


def assert_at(diag, path: Path, line_col: tuple[int, int]):
    assert diag.mark is not None, str(diag)
    assert (diag.mark.file, diag.mark.line, diag.mark.column) == (str(path), *line_col), str(diag)


# ------------------------------------------------------------------ the base is clean

def test_base_site_loads(tmp_path):
    inv = load([write(tmp_path / "hq.yaml", site_text())])
    site = inv.sites["hq"]
    assert (site.name, site.address) == ("Head office", "1 Main Street")
    assert list(site.devices) == ["PP-1A-A", "SW-1A-1", "1A-001"]
    h = site.cables["H-001"]
    assert h.a == (site.devices["1A-001"].port("R1"),)
    assert h.b == (site.devices["PP-1A-A"].port("R1"),)
    assert (h.type, h.length, h.label, h.status) == ("cat6", 25, "1A-A01", "installed")


# ------------------------------------------------------------------ reference errors

def test_unknown_model_with_suggestion(tmp_path):
    text = site_text(devices="  - {id: PP-1A-B, model: cabling-cat6-panle-24, rack: R-1A-1, u: 39}\n")
    path = write(tmp_path / "hq.yaml", text)
    exc = load_errors(path)
    d = single(exc, "unknown model")
    assert_at(d, path, where(text, "cabling-cat6-panle-24"))
    assert "PP-1A-B" in d.message
    assert "'cabling-cat6-panle-24'" in d.message
    assert "did you mean cabling-cat6-panel-24?" in d.message
    assert not exc.fatal


def test_unknown_device_in_a_cable_end(tmp_path):
    text = site_text(cables="  - {id: P-002, a: PP-1A-Z:2, b: SW-1A-1:Gi1/0/2}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "PP-1A-Z")
    assert_at(d, path, where(text, "PP-1A-Z:2"))
    assert "cable P-002" in d.message
    assert "does not exist" in d.message
    assert "did you mean PP-1A-A:2?" in d.message


def test_unknown_device_without_a_close_name(tmp_path):
    text = site_text(cables="  - {id: P-002, a: PP-1A-A:2, b: CORE-ROUTER:Gi0/1}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "CORE-ROUTER")
    assert_at(d, path, where(text, "CORE-ROUTER:Gi0/1"))
    assert "device CORE-ROUTER does not exist" in d.message


def test_unknown_port_on_a_known_device_with_suggestion(tmp_path):
    text = site_text(cables="  - {id: P-002, a: PP-1A-A:2, b: SW-1A-1:Gig1/0/2}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "Gig1/0/2")
    assert_at(d, path, where(text, "SW-1A-1:Gig1/0/2"))
    assert "cable P-002" in d.message
    assert "SW-1A-1" in d.message and "no port Gig1/0/2" in d.message
    assert "did you mean Gi1/0/2?" in d.message


def test_port_used_by_two_cables_names_the_other_cable(tmp_path):
    text = site_text(cables="  - {id: P-002, a: PP-1A-A:2, b: SW-1A-1:Gi1/0/1}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "already used")
    assert_at(d, path, where(text, "SW-1A-1:Gi1/0/1", after="P-002"))
    assert "cable P-002" in d.message
    assert "SW-1A-1:Gi1/0/1" in d.message
    line, column = where(text, "P-001")
    assert f"cable P-001 at {path}:{line}:{column}" in d.message


def test_duplicate_device_id(tmp_path):
    text = site_text(devices="  - {id: SW-1A-1, model: cabling-switch-48-poe, rack: R-1A-1, u: 38}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "duplicate device")
    assert_at(d, path, _second(text, "{id: SW-1A-1", 5))
    line, column = where(text, "SW-1A-1, model: cabling-switch-24-poe")
    assert "SW-1A-1" in d.message
    assert f"first defined at {path}:{line}:{column}" in d.message


def _second(text: str, marker: str, shift: int) -> tuple[int, int]:
    """(line, column) of the second occurrence of ``marker``, moved ``shift`` characters right."""
    first = text.index(marker)
    idx = text.index(marker, first + 1) + shift
    return text.count("\n", 0, idx) + 1, idx - text.rfind("\n", 0, idx)


def test_duplicate_cable_id(tmp_path):
    text = site_text(cables="  - {id: H-001, a: PP-1A-A:2, b: SW-1A-1:Gi1/0/2}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "duplicate cable")
    assert_at(d, path, _second(text, "{id: H-001", 5))
    line, column = where(text, "H-001, a: 1A-001:R1")
    assert "H-001" in d.message
    assert f"first defined at {path}:{line}:{column}" in d.message


def test_duplicate_yaml_key(tmp_path):
    devices = ("  - id: SW-1A-2\n"
               "    model: cabling-switch-24-poe\n"
               "    rack: R-1A-1\n"
               "    u: 38\n"
               "    model: cabling-switch-48-poe\n")
    text = site_text(devices=devices)
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "duplicate key")
    assert_at(d, path, where(text, "model: cabling-switch-48-poe"))
    first_line, _ = where(text, "model: cabling-switch-24-poe\n    rack")
    assert "'model'" in d.message
    assert f"first given at line {first_line}" in d.message


def test_unknown_key_with_suggestion(tmp_path):
    text = site_text(cables="  - {id: P-002, a: PP-1A-A:2, b: SW-1A-1:Gi1/0/2, colour: blue}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "colour")
    assert_at(d, path, where(text, "colour"))
    assert "cable P-002" in d.message
    assert "unknown key 'colour'" in d.message
    assert "did you mean color?" in d.message


def test_bad_enum_value_with_suggestion(tmp_path):
    text = site_text(cables="  - {id: P-002, a: PP-1A-A:2, b: SW-1A-1:Gi1/0/2, status: instaled}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "instaled")
    assert_at(d, path, where(text, "instaled"))
    assert "cable P-002" in d.message
    assert "status" in d.message
    assert "planned" in d.message and "decommissioned" in d.message
    assert "did you mean installed?" in d.message


def test_wrong_type_names_the_key_and_the_value(tmp_path):
    text = site_text(cables="  - {id: P-002, a: PP-1A-A:2, b: SW-1A-1:Gi1/0/2, length: abc}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "'abc'")
    assert_at(d, path, where(text, "abc"))
    assert "cable P-002" in d.message
    assert "number" in d.message
    assert "length" in d.message  # which key is wrong, as for 'status:' above


def test_wrong_type_of_a_plain_number_key(tmp_path):
    text = site_text(devices="  - {id: SW-1A-2, model: cabling-switch-24-poe, rack: R-1A-1, u: top}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "'top'")
    assert_at(d, path, where(text, "top}"))
    assert "device SW-1A-2" in d.message
    assert "u: expected number" in d.message


def test_negative_length_says_it_must_be_positive(tmp_path):
    text = site_text(cables="  - {id: P-002, a: PP-1A-A:2, b: SW-1A-1:Gi1/0/2, length: -3}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "cable P-002")
    assert_at(d, path, where(text, "-3}"))
    assert "more than 0" in d.message
    assert "array" not in d.message


def test_room_on_an_unknown_floor(tmp_path):
    text = site_text(rooms="  - {id: LOBBY, floor: '9', polygon: [[0, 10], [4, 10], [4, 14]]}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "LOBBY")
    assert_at(d, path, where(text, "'9'"))
    assert "floor 9 does not exist" in d.message


def test_rack_in_an_unknown_telecom_space(tmp_path):
    text = site_text(racks="  - {id: R-2A-1, space: 2A, u_height: 42}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "R-2A-1")
    assert_at(d, path, where(text, "2A, u_height"))
    assert "telecom space 2A does not exist" in d.message


def test_device_outside_its_room(tmp_path):
    text = site_text(devices="  - {id: 1A-002, model: cabling-outlet-2, room: OFFICE, at: [1, 2]}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "1A-002")
    assert_at(d, path, where(text, "1A-002"))
    assert "(1, 2)" in d.message
    assert "outside room OFFICE" in d.message


def test_device_above_the_top_of_its_rack(tmp_path):
    text = site_text(devices="  - {id: SW-1A-2, model: cabling-switch-24-poe, rack: R-1A-1, u: 43}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "SW-1A-2")
    assert_at(d, path, where(text, "43}"))
    assert "U43" in d.message
    assert "does not fit" in d.message
    assert "R-1A-1" in d.message and "42U" in d.message


def test_two_devices_in_one_rack_unit(tmp_path):
    text = site_text(devices="  - {id: SW-1A-2, model: cabling-switch-24-poe, rack: R-1A-1, u: 41}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "SW-1A-2")
    assert_at(d, path, where(text, "SW-1A-2"))
    assert "U41" in d.message
    assert "R-1A-1" in d.message
    assert "taken by SW-1A-1" in d.message


def test_ambiguous_port_name_lists_the_qualified_forms(tmp_path):
    text = site_text(devices="  - {id: GP, model: generic-24-port-copper-patch-panel, rack: R-1A-1, u: 30}\n",
                     cables="  - {id: P-002, a: GP:Port 1, b: SW-1A-1:Gi1/0/2}\n")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "several ports")
    assert_at(d, path, where(text, "GP:Port 1"))
    assert "cable P-002" in d.message
    assert "'GP:Port 1 (front)'" in d.message
    assert "'GP:Port 1 (rear)'" in d.message
    # and the qualified form it proposes loads
    fixed = write(tmp_path / "hq.yaml", text.replace("a: GP:Port 1,", "a: GP:Port 1 (front),"))
    inv = load([fixed])
    assert inv.sites["hq"].cables["P-002"].a == (inv.sites["hq"].devices["GP"].port("Port 1", "front"),)


def test_unknown_model_path(tmp_path):
    text = site_text().replace("floors:", "models: [no-such-models]\nfloors:")
    path = write(tmp_path / "hq.yaml", text)
    d = single(load_errors(path), "no-such-models")
    assert_at(d, path, where(text, "no-such-models"))
    assert "does not exist" in d.message


# ------------------------------------------------------------------ unusable input

def test_broken_yaml_is_fatal_with_its_position(tmp_path):
    text = "site: {id: hq}\ndevices:\n  - {id: PP-1, model: [cabling-cat6-panel-24}\n"
    path = write(tmp_path / "hq.yaml", text)
    exc = load_errors(path)
    assert exc.fatal
    assert len(exc.diagnostics) == 1
    d = exc.diagnostics[0]
    assert d.severity == "fatal"
    assert_at(d, path, where(text, "}\n", after="[cabling"))
    assert d.message.startswith("invalid YAML")


def test_missing_file_is_fatal(tmp_path):
    path = tmp_path / "nowhere.yaml"
    exc = load_errors(path)
    assert exc.fatal
    assert any(str(path) in d.message and "no such file" in d.message for d in exc.diagnostics)


def test_several_errors_in_one_file_are_reported_together_sorted_by_line(tmp_path):
    # Cables come first in this file, so the loader finds their errors last.
    text = textwrap.dedent("""\
        site: {id: hq}
        cables:
          - {id: C1, a: PP-1:R1, b: SW-1:Gix1/0/1}
          - {id: C2, a: PP-1:2, b: SW-1:Gi1/0/2, status: instaled}
        devices:
          - {id: PP-1, model: cabling-cat6-panel-24}
          - {id: SW-1, model: cabling-swich-24-poe}
          - id: SW-2
            model: cabling-switch-24-poe
            model: cabling-switch-48-poe
          - {id: PP-1, model: cabling-cat6-panel-48}
        """)
    path = write(tmp_path / "hq.yaml", text)
    exc = load_errors(path)
    assert not exc.fatal
    expected = [
        (where(text, "SW-1:Gix1/0/1"), "cable C1"),  # SW-1 is not built: its model is unknown
        (where(text, "instaled"), "instaled"),
        (where(text, "cabling-swich-24-poe"), "unknown model"),
        (where(text, "model: cabling-switch-48-poe"), "duplicate key"),
        (_second(text, "{id: PP-1", 5), "duplicate device"),
    ]
    got = [((d.mark.line, d.mark.column), d.message) for d in exc.diagnostics]
    assert [g[0] for g in got] == sorted(g[0] for g in got)
    for pos, word in expected:
        assert any(p == pos and word in m for p, m in got), (pos, word, got)


# ------------------------------------------------------------------ YAML 1.1 traps

TRAPS = ["017", "no", "on", "1:30", "2e3", "0x1F"]


def test_yaml_11_lookalikes_stay_text_as_device_and_cable_ids(tmp_path):
    text = textwrap.dedent("""\
        site: {id: hq}
        floors:
          - {id: 01}
        rooms:
          - {id: 017, floor: 01}
        devices:
          - {id: 017, model: cabling-outlet-2, room: 017}
          - {id: no, model: cabling-outlet-2}
          - id: on
            model: cabling-outlet-2
          - {id: 1:30, model: cabling-outlet-2}
          - {id: 2e3, model: cabling-outlet-2}
          - {id: 0x1F, model: cabling-outlet-2}
        cables:
          - {id: 017, a: 017:R1, b: no:R1}
          - {id: no, a: on:R1, b: 1:30:R1}
          - id: on
            a: 2e3:R1
            b: 0x1F:R1
          - {id: 1:30, a: 017:1, b: no:1}
          - {id: 2e3, a: on:1, b: 1:30:1}
          - {id: 0x1F, a: 2e3:1, b: 0x1F:1}
        """)
    inv = load([write(tmp_path / "hq.yaml", text)])
    site = inv.sites["hq"]
    assert list(site.floors) == ["01"]
    assert site.rooms["017"].floor is site.floors["01"]
    assert list(site.devices) == TRAPS
    assert site.devices["017"].room is site.rooms["017"]
    assert list(site.cables) == TRAPS
    ends = {c.id: (c.a[0].device.id, c.a[0].name, c.b[0].device.id, c.b[0].name) for c in site.cables.values()}
    assert ends == {
        "017": ("017", "R1", "no", "R1"),
        "no": ("on", "R1", "1:30", "R1"),
        "on": ("2e3", "R1", "0x1F", "R1"),
        "1:30": ("017", "1", "no", "1"),
        "2e3": ("on", "1", "1:30", "1"),
        "0x1F": ("2e3", "1", "0x1F", "1"),
    }


def test_yaml_11_lookalikes_stay_text_as_port_names_of_a_model(tmp_path):
    write(tmp_path / "box.yaml", textwrap.dedent("""\
        manufacturer: Test
        model: Trap box
        slug: test-trap-box
        u_height: 0
        interfaces:
          - {name: 017, type: 1000base-t}
          - {name: no, type: 1000base-t}
          - {name: on, type: 1000base-t}
          - {name: 1:30, type: 1000base-t}
          - {name: 2e3, type: 1000base-t}
          - {name: 0x1F, type: 1000base-t}
        """))
    text = textwrap.dedent("""\
        site: {id: hq}
        models: [box.yaml]
        devices:
          - {id: T1, model: test-trap-box}
          - {id: T2, model: test-trap-box}
        cables:
          - {id: C-1, a: T1:017, b: T2:017}
          - {id: C-2, a: T1:no, b: T2:no}
          - {id: C-3, a: T1:on, b: T2:on}
          - {id: D1, a: 'T1:1:30', b: 'T2:1:30'}
          - {id: D2, a: T1:2e3, b: T2:2e3}
          - {id: D3, a: T1:0x1F, b: T2:0x1F}
        """)
    inv = load([write(tmp_path / "hq.yaml", text)])
    t1 = inv.sites["hq"].devices["T1"]
    assert [p.name for p in t1.ports] == TRAPS
    assert {c.id: c.a[0].name for c in inv.sites["hq"].cables.values()} == {
        "C-1": "017", "C-2": "no", "C-3": "on", "D1": "1:30", "D2": "2e3", "D3": "0x1F"}


# ------------------------------------------------------------------ several files

def test_site_split_into_two_files(tmp_path):
    main_file = write(tmp_path / "hq.yaml", site_text())
    extra_text = textwrap.dedent("""\
        site: hq
        devices:
          - {id: 1A-002, model: cabling-outlet-2, room: OFFICE, at: [12, 10]}
        cables:
          - {id: H-002, a: 1A-002:R1, b: PP-1A-A:R2, length: 27}
          - {id: H-003, a: 1A-002:R2, b: PP-1A-A:R99}
        """)
    extra = write(tmp_path / "hq-floor1.yaml", extra_text)
    # the error in the second file is reported against that file
    exc = load_errors(main_file, extra)
    d = single(exc, "R99")
    assert_at(d, extra, where(extra_text, "PP-1A-A:R99"))
    # without it, both files make one site; the file that adds can come first
    write(extra, extra_text.replace("  - {id: H-003, a: 1A-002:R2, b: PP-1A-A:R99}\n", ""))
    inv = load([extra, main_file])
    assert list(inv.sites) == ["hq"]
    site = inv.sites["hq"]
    assert {"PP-1A-A", "SW-1A-1", "1A-001", "1A-002"} == set(site.devices)
    assert site.devices["1A-002"].room is site.rooms["OFFICE"]
    assert site.cables["H-002"].b == (site.devices["PP-1A-A"].port("R2"),)
    assert set(inv.files) == {str(extra), str(main_file)}


def test_adding_to_a_site_that_is_not_loaded(tmp_path):
    text = "site: hq\ndevices:\n  - {id: X, model: cabling-outlet-1}\n"
    path = write(tmp_path / "extra.yaml", text)
    d = single(load_errors(path), "not defined")
    assert_at(d, path, where(text, "hq"))


def test_duplicate_device_across_the_files_of_one_site(tmp_path):
    main_file = write(tmp_path / "hq.yaml", site_text())
    extra_text = "site: hq\ndevices:\n  - {id: SW-1A-1, model: cabling-switch-24-poe}\n"
    extra = write(tmp_path / "more.yaml", extra_text)
    d = single(load_errors(main_file, extra), "duplicate device")
    assert_at(d, extra, where(extra_text, "SW-1A-1"))
    line, column = where(site_text(), "SW-1A-1, model")
    assert f"first defined at {main_file}:{line}:{column}" in d.message


def _two_sites(tmp_path):
    files = []
    for sid, switch in (("hq", "SW-HQ"), ("branch", "SW-BR")):
        files.append(write(tmp_path / f"{sid}.yaml", textwrap.dedent(f"""\
            site: {{id: {sid}}}
            devices:
              - {{id: PP-1, model: cabling-cat6-panel-24}}
              - {{id: {switch}, model: cabling-switch-24-poe}}
            cables:
              - {{id: C1, a: PP-1:1, b: {switch}:Gi1/0/1}}
            """)))
    return load(files)


def test_two_sites_with_a_same_named_device_resolve_within_their_own_site(tmp_path):
    inv = _two_sites(tmp_path)
    hq, br = inv.sites["hq"], inv.sites["branch"]
    assert hq.cables["C1"].a == (hq.devices["PP-1"].port("1"),)
    assert br.cables["C1"].a == (br.devices["PP-1"].port("1"),)
    assert hq.devices["PP-1"] is not br.devices["PP-1"]
    assert hq.cables["C1"].b[0].device is hq.devices["SW-HQ"]
    assert br.cables["C1"].b[0].device is br.devices["SW-BR"]


def test_canonical_reference_of_a_same_named_device_carries_its_site(tmp_path):
    inv = _two_sites(tmp_path)
    for sid in ("hq", "branch"):
        port = inv.sites[sid].devices["PP-1"].port("1")
        text = inv.ref(port)
        assert text == f"{sid}:PP-1:1" and (sid, "PP-1", "1") in readings(text)
        found, problem = resolve_ref(inv, text)
        assert found is port, problem
    # a name found in one site only needs no prefix
    sw = inv.sites["branch"].devices["SW-BR"].port("Gi1/0/1")
    assert inv.ref(sw) == "SW-BR:Gi1/0/1"
    assert resolve_ref(inv, "SW-BR:Gi1/0/1")[0] is sw
    # without the site the reference is ambiguous, and the problem names both readings
    found, problem = resolve_ref(inv, "PP-1:1")
    assert found is None
    for sid in ("hq", "branch"):
        assert inv.ref(inv.sites[sid].devices["PP-1"].port("1")) in problem
    assert resolve_ref(inv, "hq:PP-1:1")[0] is inv.sites["hq"].devices["PP-1"].port("1")


def test_a_site_defined_twice(tmp_path):
    first = write(tmp_path / "a.yaml", "site: {id: hq}\n")
    text = "site:\n  id: hq\n"
    second = write(tmp_path / "b.yaml", text)
    d = single(load_errors(first, second), "defined twice")
    assert_at(d, second, where(text, "id: hq"))


# ------------------------------------------------------------------ CLI exit codes

def test_validate_clean_site_exits_0(tmp_path, capsys):
    path = write(tmp_path / "hq.yaml", site_text())
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok:")
    assert "3 devices" in out and "2 cables" in out


def test_validate_findings_exit_1_and_print_file_line_column(tmp_path, capsys):
    text = site_text(cables="  - {id: P-002, a: PP-1A-A:2, b: SW-1A-1:Gig1/0/2}\n")
    path = write(tmp_path / "hq.yaml", text)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line, column = where(text, "SW-1A-1:Gig1/0/2")
    assert f"{path}:{line}:{column}: cable P-002:" in out


def test_validate_broken_yaml_exits_2(tmp_path, capsys):
    path = write(tmp_path / "hq.yaml", "site: {id: hq\n")
    assert main(["validate", str(path)]) == 2
    assert "invalid YAML" in capsys.readouterr().out


def test_validate_missing_file_exits_2_even_with_a_good_file(tmp_path, capsys):
    good = write(tmp_path / "hq.yaml", site_text())
    missing = tmp_path / "missing.yaml"
    assert main(["validate", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().out
    assert main(["validate", str(good), str(missing)]) == 2


def test_validate_folder(tmp_path, capsys):
    write(tmp_path / "hq.yaml", site_text())
    write(tmp_path / "hq-extra.yml", "site: hq\ndevices:\n  - {id: X-1, model: cabling-outlet-1}\n")
    assert main(["validate", str(tmp_path)]) == 0
    assert "4 devices" in capsys.readouterr().out


def test_a_tab_and_a_second_document_get_plain_explanations(tmp_path):
    tab = tmp_path / "tab.yaml"
    tab.write_text("site: {id: x}\ndevices:\n\t- {id: a, model: cabling-pc}\n")
    two = tmp_path / "two.yaml"
    two.write_text("site: {id: x}\n---\nsite: {id: y}\n")
    for f, words, line in ((tab, "tab character", 3), (two, "split it into two files", 2)):
        with pytest.raises(InputError) as err:
            load([f])
        (d,) = err.value.diagnostics
        assert words in d.message and d.mark.line == line and err.value.fatal

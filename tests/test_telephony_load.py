"""Telephony in the site format: blocks, pair cables, jumpers, carrier lines, extensions."""
from __future__ import annotations

from pathlib import Path

import pytest

from cabling import standards
from cabling.diagnostics import InputError
from cabling.readers.loader import load
from cabling.telephony import numbers

SMALL = Path(__file__).resolve().parent / "data" / "telephony" / "small.yaml"


def errors_of(tmp_path, text: str) -> list[str]:
    f = tmp_path / "site.yaml"
    f.write_text(SMALL.read_text(encoding="utf-8") + text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load([f])
    return [str(d) for d in exc.value.errors]


def with_section(tmp_path, key: str, entry: str) -> list[str]:
    """The small site with one more entry in ``telephony: key:`` (appended by a second file for the site)."""
    f = tmp_path / "more.yaml"
    f.write_text(f"site: t\ntelephony:\n  {key}:\n    - {entry}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load([SMALL, f])
    return [str(d) for d in exc.value.errors]


@pytest.fixture(scope="module")
def inv():
    return load([SMALL])


def test_a_block_has_a_pair_per_row_and_pair_with_its_colour(inv):
    tel = inv.telephony
    block = tel.blocks["t", "2A-V1"]
    assert block.size == 100 and block.pair_name(57) == "3.7" and block.where(57) == "row 3 pair 7"
    strip = tel.blocks["t", "1A-DM"]
    assert strip.size == 10 and strip.where(4) == "strip 1 pair 4"
    # every pair is a front port of the block device, named ROW.PAIR
    dev = inv.sites["t"].devices["2A-V1"]
    assert [p.name for p in dev.ports if p.kind == "front"][:3] == ["1.1", "1.2", "1.3"]
    assert standards.pair_colours(57) == ("red", "orange")


def test_a_50_pair_riser_is_one_cable_whose_pairs_are_positions(inv):
    riser = inv.sites["t"].cables["RISER-1A-2A"]
    (rear,) = riser.b
    assert (inv.ref(rear), rear.positions, riser.pairs) == ("2A-V1:C1.1-2.25", 50, 50)
    # pair 26 of the cable (the second binder) lands on row 2 pair 1
    front, _ = rear.fronts[26]
    assert front.name == "2.1"
    landing = inv.telephony.landings[id(rear)]
    assert landing.positions[26] == (26, 26)


def test_the_voice_pair_of_a_horizontal_cable_lands_on_one_block_pair(inv):
    h = inv.sites["t"].cables["H-2A-001"]
    assert h.pairs == 4 and inv.ref(h.b[0]) == "2A-V1:C3.1"
    assert inv.telephony.landings[id(h.b[0])].positions == {1: (1, 51)}


def test_carrier_lines_are_circuits_from_the_demarc_pair_with_e164_numbers(inv):
    lines = {ln.id: ln for ln in inv.telephony.lines}
    assert lines["L-1"].numbers == ["+78435550101"] and lines["L-2"].numbers == ["+78435550102"]
    assert lines["L-1"].circuit.id == "RT-0101" and lines["L-1"].circuit.provider == "Rostelecom"
    assert inv.ref(lines["L-1"].demarc[0]) == "1A-DM:1.1"
    assert lines["SIP-1"].pbx.id == "PBX-1" and lines["SIP-1"].circuit is None


def test_extensions_in_bulk_each_on_its_fxs_port(inv):
    exts = {e.number: e for e in inv.telephony.extensions}
    assert len(exts) == 25
    assert (exts["214"].name, inv.ref(exts["214"].port), exts["214"].kind) == ("Room 214", "PBX-1:FXS14", "analog")
    assert (exts["301"].phone.id, exts["301"].kind, exts["301"].pbx.id) == ("PH-2A-002", "ip", "PBX-1")


@pytest.mark.parametrize("written", ["+7 (843) 555-01-01", "88435550101", "8 843 555 01 01", "78435550101",
                                     "8435550101", "007 843 555-0101", "8-843-555-01-01", "+7.843.555.01.01"])
def test_phone_numbers_in_any_common_writing_are_one_e164_number(written):
    assert numbers.e164(written, numbers.country("RU")) == "+78435550101"


def test_numbers_that_are_no_phone_numbers():
    ru = numbers.country("RU")
    assert numbers.e164("214", ru) is None  # an extension
    assert numbers.e164("call me", ru) is None
    assert numbers.e164("8435550101", None) is None  # national, and no country to read it with
    assert numbers.e164("030 1234567", numbers.country("DE")) == "+49301234567"


def test_a_pair_beyond_the_block_is_an_error_with_its_position(tmp_path):
    errs = with_section(tmp_path, "jumpers", "{id: J-X, a: '2A-V1:5.1', b: '2A-V1:1.8'}")
    assert errs == [f"{tmp_path / 'more.yaml'}:4:20: jumper J-X: block 2A-V1 has no pair 5.1 "
                    "(its pairs are 1.1 to 4.25: 4 row(s) of 25)"]


def test_a_cable_running_past_the_last_pair_is_an_error(tmp_path):
    errs = with_section(tmp_path, "cables", "{id: R-2, pairs: 25, a: '1A-V1:2.1', b: '2A-V1:4.5'}")
    assert len(errs) == 1 and ":4:47: cable R-2: 25 pairs punched from 4.5 run past the last pair of block " \
                              "2A-V1 (4.25)" in errs[0]


def test_a_multi_pair_cable_cannot_end_on_a_single_port(tmp_path):
    errs = with_section(tmp_path, "cables", "{id: R-3, pairs: 25, a: 'PBX-1:LAN', b: '2A-V1:4.1'}")
    assert len(errs) == 1 and "cable R-3: port PBX-1:LAN takes one pair" in errs[0]


def test_unknown_block_kind_and_bad_numbers_are_errors_with_positions(tmp_path):
    errs = with_section(tmp_path, "blocks", "{id: 3A-V1, kind: '100', rows: 1}")
    assert len(errs) == 1 and ":4:25: block 3A-V1: kind: '100' is not one of 110, 66, lsa-plus (did you mean 110?)" in errs[0]
    errs = with_section(tmp_path, "lines", "{id: L-9, type: analog, numbers: ['555-ABC'], demarc: '1A-DM:1.3'}")
    assert len(errs) == 1 and ":4:41: line L-9: '555-ABC' is not a telephone number" in errs[0]


def test_a_jumper_to_something_that_is_no_block_pair(tmp_path):
    errs = with_section(tmp_path, "jumpers", "{id: J-Y, a: '2A-V1:1.9', b: 'PBX-1:FXS3'}")
    assert len(errs) == 1 and "jumper J-Y: PBX-1:FXS3 is not a pair of a block" in errs[0]


def test_an_unknown_phone_suggests_the_closest(tmp_path):
    errs = with_section(tmp_path, "extensions", "{number: '302', phone: PH-2A-02}")
    assert len(errs) == 1 and "extension 302: device PH-2A-02 does not exist (did you mean PH-2A-002?)" in errs[0]

"""Tracing a phone through its outlet, the horizontal pair, blocks, jumpers and a multi-pair riser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cabling import standards
from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.readers.loader import load, resolve_ref
from cabling.telephony.pairs import cable_pairs, ends

SMALL = Path(__file__).resolve().parent / "data" / "telephony" / "small.yaml"


@pytest.fixture(scope="module")
def inv():
    return load([SMALL])


def refs_of(inv, path):
    return [inv.ref(p) if s.kind == "ports" else c.id for s in path.steps if s.kind in ("ports", "cables")
            for p in s.items for c in [p]]


def port(inv, ref):
    p, problem = resolve_ref(inv, ref)
    assert p is not None, problem
    return p


def test_an_analog_phone_traces_through_block_jumper_and_riser_to_its_extension_port(inv):
    (path,) = trace(port(inv, "PH-2A-001:LINE"))
    assert path.complete and path.active and not path.split
    assert refs_of(inv, path) == [
        "PH-2A-001:LINE", "W-2A-001", "2A-001:1", "2A-001:R1", "H-2A-001", "2A-V1:C3.1", "2A-V1:3.1", "J-2A-1",
        "2A-V1:1.7", "2A-V1:C1.1-2.25", "RISER-1A-2A", "1A-V1:C1.1-2.25", "1A-V1:1.7", "J-1A-1", "1A-PBX:1.14",
        "1A-PBX:C1.14", "C-PBX-14", "PBX-1:FXS14"]
    # the riser is followed on its pair 7, the horizontal cable on its voice pair 1
    pairs = {path.steps[i].items[0].id: pair for i, pair in cable_pairs(inv.telephony, path).items()}
    assert pairs == {"H-2A-001": 1, "RISER-1A-2A": 7}
    assert [e.number for e in ends(inv.telephony, path).extensions] == ["214"]


def test_each_pair_of_the_riser_leads_to_its_own_pair_at_the_far_end(inv):
    """Pair 33 (second binder) of the 50-pair riser: trace from the far block's pair 2.8 comes out at 1A-V1:2.8."""
    (_, inward) = trace(port(inv, "2A-V1:2.8"))
    assert refs_of(inv, inward)[-1] == "1A-V1:2.8"
    (i,) = cable_pairs(inv.telephony, inward)
    assert cable_pairs(inv.telephony, inward)[i] == 33


def test_an_extension_port_traces_back_to_the_jack_and_the_phone(inv, capsys):
    assert main(["trace", str(SMALL), "PBX-1:FXS14"]) == 0
    out = capsys.readouterr().out
    assert "2A-001:1                     front          outlet 2A-001" in out
    assert "-> ends at PH-2A-001:LINE (analog-phone PH-2A-001)" in out
    assert "analog extension 214 (Room 214)" in out
    # pair colours in the text: the block pair by its place in the row, the riser's pair by the 25-pair code
    assert "1A-V1:1.7                    front          block 1A-V1  row 1 pair 7, red/orange" in out
    assert "cable RISER-1A-2A  (cat3, 12 m, installed), pair 7, red/orange" in out
    assert "cable J-1A-1  (jumper, length unknown, installed)" in out


def test_trace_json_keeps_its_shape_and_adds_the_pair_followed(inv, capsys):
    # a site without telephony traces exactly as before: no extra keys
    assert main(["trace", "sites/kazan.yaml", "2A-017:1", "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    shape = set(plain["paths"][0])
    assert {"complete", "active", "split", "length_m", "length_definitive", "steps"} <= shape
    assert all(set(s) != {"cables", "pairs"} for p in plain["paths"] for s in p["steps"])
    assert main(["trace", str(SMALL), "PBX-1:FXS14", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (path,) = data["paths"]
    assert set(path) == shape | {"telephony"}
    riser = next(s for s in path["steps"] if s.get("cables") == ["RISER-1A-2A"])
    assert riser == {"cables": ["RISER-1A-2A"], "pairs": [7]}
    assert path["telephony"] == {"extensions": ["214"], "lines": []}


def test_a_pbx_line_port_traces_to_the_carrier_line_and_names_it(inv, capsys):
    assert main(["trace", str(SMALL), "PBX-1:FXO1"]) == 0
    out = capsys.readouterr().out
    assert "-> reaches the provider network Rostelecom" in out
    assert "line L-1: +7 843 555 0101 (Rostelecom, circuit RT-0101, analog)" in out
    assert "cable L-1-DROP  (carrier drop" in out


def test_a_pair_with_nothing_beyond_stops_there(inv):
    # 1A-PBX:1.3 has the PBX cord on its cable side and no jumper on its cross-connect side
    (path,) = [p for p in trace(port(inv, "PBX-1:FXS3"))]
    assert not path.complete and refs_of(inv, path)[-1] == "1A-PBX:1.3"


@pytest.mark.parametrize("pair, colours", [(1, "white/blue"), (7, "red/orange"), (25, "violet/slate"),
                                           (26, "binder 2 white/orange, white/blue"),
                                           (57, "binder 3 white/green, red/orange")])
def test_colour_text_names_the_binder_past_the_first_25_pairs(pair, colours):
    assert standards.colour_text(pair) == colours


def test_a_cached_copy_of_the_site_traces_pairs_as_the_loaded_one(inv):
    """The cache of loaded sites pickles the inventory: the telephony indexes come back with it."""
    import pickle

    copy = pickle.loads(pickle.dumps(inv))
    (path,) = trace(port(copy, "PH-2A-001:LINE"))
    pairs = {path.steps[i].items[0].id: pair for i, pair in cable_pairs(copy.telephony, path).items()}
    assert pairs == {"H-2A-001": 1, "RISER-1A-2A": 7}
    assert copy.telephony.pair_of(port(copy, "2A-V1:3.1"))[1] == 51

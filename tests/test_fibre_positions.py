"""Fibre a user can follow: a trunk end traced position by position, with the declared polarity method."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.polarity import far_position
from cabling.readers.loader import load, resolve_ref
from cabling.standards import POLARITY_METHODS

CAMPUS = str(Path(__file__).resolve().parent.parent / "sites" / "campus.yaml")
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "site.schema.json"


def trunk_site(tmp_path, site_polarity=None, cable_polarity=None, far_model="cabling-fibre-panel-mpo12"):
    """Switch A -> FP-A:1..3 -> MPO trunk -> FP-B -> switch B on FP-B ports 1, 2, 11 and 12."""
    site = {"id": "lab", **({"fibre_polarity": site_polarity} if site_polarity else {})}
    trunk = {"id": "TRUNK", "a": "FP-A:MPO", "b": "FP-B:MPO", "type": "om4", "length": 30}
    if cable_polarity:
        trunk["fibre_polarity"] = cable_polarity
    doc = {"site": site,
           "devices": [{"id": "SW-A", "model": "cabling-switch-24-poe"}, {"id": "SW-B", "model": "cabling-switch-24-poe"},
                       {"id": "FP-A", "model": "cabling-fibre-panel-mpo12"}, {"id": "FP-B", "model": far_model}],
           "cables": [trunk,
                      {"id": "A1", "a": "SW-A:Te1/1/1", "b": "FP-A:1", "type": "om4"},
                      {"id": "A2", "a": "SW-A:Te1/1/2", "b": "FP-A:2", "type": "om4"},
                      {"id": "A3", "a": "SW-A:Te1/1/3", "b": "FP-A:3", "type": "om4"},
                      {"id": "B1", "a": "SW-B:Te1/1/1", "b": "FP-B:1", "type": "om4"},
                      {"id": "B2", "a": "SW-B:Te1/1/2", "b": "FP-B:2", "type": "om4"},
                      {"id": "B11", "a": "SW-B:Te1/1/3", "b": "FP-B:11", "type": "om4"},
                      {"id": "B12", "a": "SW-B:Te1/1/4", "b": "FP-B:12", "type": "om4"}]}
    path = tmp_path / "trunk.yaml"
    path.write_text(json.dumps(doc))
    return path


def far_end(path, ref):
    inv = load(path)
    port, problem = resolve_ref(inv, ref)
    assert port is not None, problem
    (p,) = trace(port)
    return inv.ref(p.destination[0]), p.complete


@pytest.mark.parametrize("method, expected", [
    (None, {1: "SW-B:Te1/1/1", 2: "SW-B:Te1/1/2", 3: "FP-B:3"}),  # nothing declared: positions kept (NetBox)
    ("A", {1: "SW-B:Te1/1/1", 2: "SW-B:Te1/1/2", 3: "FP-B:3"}),  # straight
    ("B", {1: "SW-B:Te1/1/4", 2: "SW-B:Te1/1/3", 3: "FP-B:10"}),  # reversed: 1 -> 12, 2 -> 11, 3 -> 10
    ("C", {1: "SW-B:Te1/1/2", 2: "SW-B:Te1/1/1", 3: "FP-B:4"}),  # pair-flipped: 1 <-> 2, 3 <-> 4
])
def test_site_polarity_method_decides_where_each_fibre_arrives(tmp_path, method, expected):
    path = trunk_site(tmp_path, site_polarity=method)
    for n, where in expected.items():
        assert far_end(path, f"SW-A:Te1/1/{n}")[0] == where, (method, n)


def test_a_cable_overrides_its_site(tmp_path):
    path = trunk_site(tmp_path, site_polarity="A", cable_polarity="B")
    assert far_end(path, "SW-A:Te1/1/1") == ("SW-B:Te1/1/4", True)
    # and back again: B reversed from the far end too
    assert far_end(path, "SW-B:Te1/1/4") == ("SW-A:Te1/1/1", True)


def test_methods_are_their_own_inverse_and_permutations():
    for method in POLARITY_METHODS:
        for n in (8, 12, 24):
            image = [far_position(method, p, n) for p in range(1, n + 1)]
            assert sorted(image) == list(range(1, n + 1))
            assert all(far_position(method, far_position(method, p, n), n) == p for p in range(1, n + 1))


def test_schema_offers_the_methods_on_sites_and_cables():
    defs = json.loads(SCHEMA.read_text())
    cable = defs["$defs"]["cable"]["properties"]["fibre_polarity"]
    assert cable["enum"] == list(POLARITY_METHODS)


def test_method_that_cannot_apply_is_refused(tmp_path):
    # a 12-position end on one side, a 4-position cassette on the other: B cannot be applied
    models = tmp_path / "m.yaml"
    models.write_text("manufacturer: Lab\nmodel: MPO-4 cassette\nslug: lab-mpo4\nfront-ports:\n"
                      + "".join(f"- {{name: '{i}', type: lc, rear_port: MPO, rear_port_position: {i}}}\n"
                                for i in range(1, 5))
                      + "rear-ports:\n- {name: MPO, type: mpo, positions: 4}\n")
    path = tmp_path / "bad.yaml"
    path.write_text("site: {id: lab, fibre_polarity: B}\nmodels: [m.yaml]\ndevices:\n"
                    "  - {id: FP-A, model: cabling-fibre-panel-mpo12}\n  - {id: FP-B, model: lab-mpo4}\n"
                    "cables:\n  - {id: T, a: FP-A:MPO, b: FP-B:MPO, type: om4}\n")
    with pytest.raises(InputError) as exc:
        load(path)
    assert "cable T: fibre polarity method B needs as many positions at both ends (12 and 4)" in str(exc.value)


@pytest.mark.parametrize("site_polarity,cable_polarity", [("D", None), ("b", None), ("A", "X")])
def test_an_unknown_method_is_one_error_where_it_is_written_not_one_per_trunk(tmp_path, site_polarity, cable_polarity):
    path = trunk_site(tmp_path, site_polarity=site_polarity, cable_polarity=cable_polarity)
    with pytest.raises(InputError) as exc:
        load(path)
    errors = [d for d in exc.value.diagnostics if d.severity != "note"]
    assert len(errors) == 1 and "fibre_polarity" in errors[0].message, [str(d) for d in errors]
    assert f"'{cable_polarity or site_polarity}' is not one of A, B, C" in errors[0].message


def test_trunk_end_shows_every_position_both_ways_exit_0(capsys):
    assert main(["trace", CAMPUS, "FP-1A-2A:MPO"]) == 0
    out = capsys.readouterr().out
    assert "12 positions" in out and "polarity A" in out
    assert "SW-1A-C1:Te1/1/1" in out and "SW-2A-1:Te1/1/1" in out  # fibre 1: core switch here, IDF switch there
    assert "2 position(s) in use end to end, 10 spare" in out
    assert main(["trace", CAMPUS, "FP-1A-2A:MPO", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [p["position"] for p in doc["paths"]] == [p for p in range(1, 13) for _ in (0, 1)]
    first_along, first_through = doc["paths"][:2]
    assert first_along["steps"][-1] == {"ports": ["SW-2A-1:Te1/1/1"]} and first_along["complete"]
    assert first_through["steps"][-1] == {"ports": ["SW-1A-C1:Te1/1/1"]} and first_through["complete"]


def test_one_position(capsys):
    assert main(["trace", CAMPUS, "FP-1A-2A:MPO", "--position", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [p["position"] for p in doc["paths"]] == [2, 2]
    assert {p["steps"][-1]["ports"][0] for p in doc["paths"]} == {"SW-2A-4:Te1/1/1", "SW-1A-C2:Te1/1/1"}
    assert main(["trace", CAMPUS, "FP-1A-2A:MPO", "--position", "13"]) == 2
    assert "its positions are 1..12" in capsys.readouterr().err
    assert main(["trace", CAMPUS, "FP-1A-2A:1", "--position", "1"]) == 2


def test_fibre_patched_at_one_end_only_is_a_finding(tmp_path, capsys):
    path = trunk_site(tmp_path)  # position 3 is patched at A only, 11 and 12 at B only
    assert main(["trace", str(path), "FP-A:MPO"]) == 1
    out = capsys.readouterr().out
    assert "2 position(s) in use end to end, 7 spare" in out and "3 with a fault" in out

"""Geometric checks: recorded lengths against routes, the 90 m limit, pathway fill, misplaced things, loose pathways."""
from __future__ import annotations

from pathlib import Path

from cabling.geometry import checks
from cabling.readers.loader import load
from test_geometry_routes import PATHWAYS, site

ROOT = Path(__file__).resolve().parents[1]


def by_check(found):
    out = {}
    for f in found:
        out.setdefault(f.check, []).append(f)
    return out


def test_the_branch_example_has_no_geometric_findings():
    assert checks.findings(load(ROOT / "sites" / "branch.yaml")) == []


def test_a_recorded_length_shorter_than_the_route_is_a_data_error(tmp_path):
    inv = site(tmp_path)
    inv.sites["t"].cables["H-1"].length = 20  # the route runs 26.5 m
    (f,) = checks.recorded_length_short(inv)
    assert f.subject == "H-1" and "recorded length 20 m is shorter than its route: the route is 26.5 m" in f.message
    assert f.mark is not None and f.mark.file.endswith("t.yaml")
    assert (f.floor, f.at) == ("1", (20, 10.5))
    inv.sites["t"].cables["H-1"].length = 26.5
    assert checks.recorded_length_short(inv) == []


def test_a_route_with_its_service_loops_over_90_m_is_found(tmp_path):
    inv = site(tmp_path, pathways=PATHWAYS + "routing: {rack_slack_m: 60}\n")
    found = checks.route_over_permanent_link(inv)
    # H-2 runs 30.5 m: with 60.3 m of loops it is past 90 m; H-1 (26.5 m) is not
    assert [f.subject for f in found] == ["H-2"]
    assert "90.8 m, over the 90 m permanent-link limit" in found[0].message


def test_pathways_filled_past_their_capacity_or_the_tia569_fill(tmp_path):
    inv = site(tmp_path, pathways=PATHWAYS.replace("capacity: 10", "capacity: 1").replace("diameter_mm: 25", "diameter_mm: 8"))
    found = checks.pathway_overfilled(inv)
    assert [f.subject for f in found] == ["T1", "T2"]
    assert "2 cables are routed through it, its capacity is 1" in found[0].message
    assert "1 cables fill 60% of it, over the 53%" in found[1].message
    use = {u.pathway: u for u in checks.pathway_use(inv)}
    assert use["T1"].cables == ("H-1", "H-2") and use["T1-ALT"].cables == ()
    assert checks.pathway_overfilled(site(tmp_path)) == []


def test_outlets_and_rooms_outside_their_room_or_floor(tmp_path):
    inv = site(tmp_path)
    s = inv.sites["t"]
    assert checks.outlet_outside(inv) == [] and checks.room_outside_floor(inv) == []
    s.devices["O1"].at = (1, 1)  # inside the floor, in the telecom room, not in OFF-1
    (f,) = checks.outlet_outside(inv)
    assert (f.check, f.subject) == ("outlet-outside-room", "O1")
    s.rooms["OFF-2"].polygon = [(0, 0), (40, 0), (40, 20), (0, 20)]
    s.devices["O2"].at = (35, 10)
    found = by_check(checks.outlet_outside(inv) + checks.room_outside_floor(inv))
    assert [f.subject for f in found["outlet-outside-floor"]] == ["O2"]
    assert [f.subject for f in found["room-outside-floor"]] == ["OFF-2"]


def test_a_pathway_or_riser_that_joins_nothing(tmp_path):
    loose = PATHWAYS + ("  - {id: T-LOOSE, kind: tray, floor: '2', path: [[10, 15], [20, 15]]}\n"
                        "  - {id: RZ2, kind: riser, at: [28, 18], floors: ['1', '2']}\n")
    inv = site(tmp_path, pathways=loose)
    found = checks.pathway_joins_nothing(inv)
    text = [f.message for f in found]
    assert "pathway T-LOOSE (tray): it joins no other pathway and reaches no rack; no cable can be routed on it" in text
    assert [f.floor for f in found if f.subject == "RZ2"] == ["1", "2"]
    assert len(found) == 3
    assert checks.pathway_joins_nothing(site(tmp_path)) == []


def test_a_route_from_an_assumed_position_proves_no_length_wrong(tmp_path):
    inv = site(tmp_path, pathways="")
    s = inv.sites["t"]
    s.cables["H-1"].length = 5  # the straight line alone is 19.9 m
    assert [f.subject for f in checks.recorded_length_short(inv)] == ["H-1"]
    inv = site(tmp_path, pathways="")
    s = inv.sites["t"]
    s.cables["H-1"].length = 5
    s.racks["R1"].at = None  # now the rack stands at its room's centre, by assumption
    assert checks.recorded_length_short(inv) == []


def test_faults_reports_geometric_findings_as_warnings(tmp_path, capsys):
    from cabling.cli import main
    from test_geometry_routes import TWO_FLOORS

    path = tmp_path / "t.yaml"
    path.write_text(TWO_FLOORS.replace("PATHWAYS\n", PATHWAYS).replace("type: cat6, length: 40}", "type: cat6, length: 20}", 1))
    assert main(["faults", str(path), "--select", "geometry"]) == 0
    out = capsys.readouterr().out
    assert "t.yaml:24:" in out and "cable H-1: recorded length 20 m is shorter than its route" in out
    assert "0 errors, 1 warning, 0 info" in out
    assert main(["validate", str(path)]) == 0  # validate answers only whether the files can be read
    assert "shorter than its route" not in capsys.readouterr().out

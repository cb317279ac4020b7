"""Pathways in the site format, the pathway network and the routes of horizontal cables."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cabling import choices, standards
from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.geometry import network, route_of, routes
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]

# Two floors 4 m apart; the rack is on floor 1; a riser at [2, 5] joins the floors.
# Floor 1 has a short tray (up, then east) and a long way round (east, then up).
TWO_FLOORS = """\
site: {id: t}
floors:
  - {id: '1', level: 0, height: 4, outline: [[0, 0], [30, 0], [30, 20], [0, 20]]}
  - {id: '2', level: 1, height: 4, outline: [[0, 0], [30, 0], [30, 20], [0, 20]]}
rooms:
  - {id: TR-1, floor: '1', polygon: [[0, 0], [4, 0], [4, 4], [0, 4]]}
  - {id: OFF-1, floor: '1', polygon: [[4, 0], [30, 0], [30, 20], [4, 20]]}
  - {id: OFF-2, floor: '2', polygon: [[0, 0], [30, 0], [30, 20], [0, 20]]}
telecom_spaces:
  - {id: 1A, room: TR-1}
racks:
  - {id: R1, space: 1A, at: [2, 2]}
PATHWAYS
devices:
  - {id: PP, model: cabling-cat6-panel-24, rack: R1, u: 40}
  - {id: O1, model: cabling-outlet-1, room: OFF-1, at: [20, 10.5]}
  - {id: O2, model: cabling-outlet-1, room: OFF-2, at: [20, 10.5]}
  - {id: PH, model: cabling-ip-phone, room: OFF-1, at: [20, 11]}
cables:
  - {id: H-1, a: O1:R1, b: PP:R1, type: cat6, length: 40}
  - {id: H-2, a: O2:R1, b: PP:R2, type: cat6, length: 40}
  - {id: W-1, a: O1:1, b: PH:LAN, type: cat6, length: 2}
"""

PATHWAYS = """\
pathways:
  - {id: RZ, kind: riser, at: [2, 5], floors: ['1', '2']}
  - {id: T1, kind: tray, floor: '1', path: [[2, 2], [2, 10], [25, 10]], capacity: 10}
  - {id: T1-ALT, kind: tray, floor: '1', path: [[2, 2], [25, 2], [25, 10]]}
  - {id: T2, kind: conduit, floor: '2', path: [[2, 5], [2, 10], [25, 10]], diameter_mm: 25}
"""

SLACK = float(standards.RACK_SLACK_M) + float(standards.OUTLET_SLACK_COPPER_M)


def site(tmp_path, pathways=PATHWAYS, name="t.yaml"):
    p = tmp_path / name
    p.write_text(TWO_FLOORS.replace("PATHWAYS\n", pathways), encoding="utf-8")
    return load(p)


def length(points):
    return sum(math.dist(a, b) for a, b in zip(points, points[1:]))


def test_route_takes_the_shorter_tray_and_adds_the_standard_service_loops(tmp_path):
    inv = site(tmp_path)
    cable = inv.sites["t"].cables["H-1"]
    r = route_of(inv, cable)
    # 0.5 m drop to the tray at [20, 10], 18 m west, 8 m down to the rack; the long way round is 36 m
    assert r.run_m == pytest.approx(0.5 + 18 + 8)
    assert r.slack_m == pytest.approx(SLACK)
    assert r.length_m == pytest.approx(26.5 + SLACK)
    assert r.pathways == ("T1",)
    assert not r.estimated
    (leg,) = r.legs
    assert leg.floor == "1"
    assert leg.points[0] == (20, 10.5) and leg.points[-1] == (2, 2)
    assert length(leg.points) == pytest.approx(r.run_m)


def test_route_from_another_floor_climbs_the_riser_by_the_floor_height(tmp_path):
    inv = site(tmp_path)
    r = route_of(inv, inv.sites["t"].cables["H-2"])
    # floor 2: drop 0.5, 18 west, 5 south to the riser; 4 m down; floor 1: 3 m to the rack
    assert r.run_m == pytest.approx(0.5 + 18 + 5 + 4 + 3)
    assert r.floors == ("2", "1")
    assert r.pathways == ("T2", "RZ", "T1")
    assert r.legs[0].points[-1] == (2, 5) == r.legs[1].points[0]
    assert sum(length(leg.points) for leg in r.legs) + 4 == pytest.approx(r.run_m)


def test_only_horizontal_cables_have_routes(tmp_path):
    inv = site(tmp_path)
    s = inv.sites["t"]
    assert route_of(inv, s.cables["W-1"]) is None  # outlet to phone: a work-area cord
    assert set(routes(inv)) == {s.cables["H-1"], s.cables["H-2"]}


def test_without_pathways_the_route_is_the_straight_drop_marked_estimated(tmp_path):
    inv = site(tmp_path, pathways="")
    s = inv.sites["t"]
    r1, r2 = route_of(inv, s.cables["H-1"]), route_of(inv, s.cables["H-2"])
    flat = math.dist((20, 10.5), (2, 2))
    assert r1.estimated and r2.estimated
    assert "no pathways" in r1.note
    assert r1.run_m == pytest.approx(flat)
    assert r2.run_m == pytest.approx(flat + 4)  # and one storey
    assert r1.pathways == ()


def test_a_pathway_that_does_not_reach_the_rack_gives_an_estimated_route(tmp_path):
    cut = PATHWAYS.replace("[2, 10], [25, 10]], capacity", "[2, 4]], capacity").replace(
        "  - {id: T1-ALT, kind: tray, floor: '1', path: [[2, 2], [25, 2], [25, 10]]}\n",
        "  - {id: T1-ALT, kind: tray, floor: '1', path: [[10, 10], [25, 10]]}\n")
    inv = site(tmp_path, pathways=cut)
    r = route_of(inv, inv.sites["t"].cables["H-1"])
    assert r.estimated and "does not reach rack R1" in r.note


@pytest.mark.parametrize("outlet_at", ["[20, 10.5]", "[20, 10]", "[25, 10]"])  # off the tray, on it, where two meet
def test_the_geometric_checks_read_the_routes_that_are_drawn(tmp_path, outlet_at):
    # the checks read route_tables (columns); routes() (what plans and the viewer draw) is made from
    # the same table: the lengths, pathways and first points must be the drawn route's
    from cabling.geometry.routes import route_tables

    p = tmp_path / "t.yaml"
    p.write_text(TWO_FLOORS.replace("PATHWAYS\n", PATHWAYS).replace("at: [20, 10.5]}", f"at: {outlet_at}}}", 1),
                 encoding="utf-8")
    inv = load(p)
    drawn = routes(inv)
    (table,) = route_tables(inv)
    assert table.cables == list(drawn) and len(drawn) == 2
    for i, cable in enumerate(table.cables):
        r = drawn[cable]
        assert (table.run_m[i], table.slack_m[i], table.length_m[i]) == (r.run_m, r.slack_m, r.length_m)
        assert (table.pathways[i], table.notes[i], table.placed[i]) == (r.pathways, r.note, r.placed)
        assert (table.floor[i], table.start[i]) == (r.legs[0].floor, r.legs[0].points[0])
    assert drawn[inv.sites["t"].cables["H-1"]].legs[0].points[-1] == (2, 2)


def test_site_routing_overrides_the_slack(tmp_path):
    inv = site(tmp_path, pathways=PATHWAYS + "routing: {rack_slack_m: 5, outlet_slack_m: 1}\n")
    r = route_of(inv, inv.sites["t"].cables["H-1"])
    assert r.slack_m == 6 and r.length_m == pytest.approx(r.run_m + 6)


def test_network_nodes_trays_where_they_meet_and_joins_floors_by_the_riser(tmp_path):
    inv = site(tmp_path)
    net = network(inv, inv.sites["t"])
    assert net is network(inv, inv.sites["t"])  # built once per inventory
    g = net.graph
    risers = [d for _, _, d in g.edges(data=True) if d["kind"] == "riser"]
    assert len(risers) == 1 and risers[0]["length"] == 4
    # T1 is split at the riser point and at the rack; T1-ALT meets T1 at the rack
    t1 = sum(d["length"] for _, _, d in g.edges(data=True) if d["pathway"] == "T1")
    assert t1 == pytest.approx(8 + 23)
    assert net.elevation == {"1": 0.0, "2": 4.0}


def test_branch_site_routes_every_outlet_along_its_pathways():
    inv = load(ROOT / "sites" / "branch.yaml")
    s = inv.sites["acme-branch"]
    found = routes(inv)
    outlets = [d for d in s.devices.values() if d.role == "outlet"]
    routed = {r.outlet for r in found.values()}
    assert routed == {d.id for d in outlets} and len(outlets) > 100
    for cable, r in found.items():
        outlet = s.devices[r.outlet]
        rack = s.racks[r.rack]
        assert not r.estimated, r
        assert r.legs[0].points[0] == tuple(outlet.at) and r.legs[-1].points[-1] == tuple(rack.at)
        assert r.run_m >= math.dist(outlet.at, rack.at) - 1e-9
        assert r.pathways and all(p in s.pathways for p in r.pathways)
        # the lengths recorded in the example are what was pulled: never less than the route
        assert cable.length >= r.length_m, (cable.id, cable.length, r.length_m)


def test_pathway_kinds_in_the_schema_are_the_choices():
    schema = json.loads((ROOT / "schemas" / "site.schema.json").read_text())
    assert schema["$defs"]["pathway"]["properties"]["kind"]["enum"] == list(choices.PATHWAY_KINDS)


@pytest.mark.parametrize("entry, message", [
    ("{id: RZ, kind: riser, at: [2, 5]}", "pathway RZ: a riser joins floors at one point: give 'at' and 'floors'"),
    ("{id: T9, kind: tray, floor: '1', at: [2, 5], path: [[0, 0], [1, 1]]}",
     "pathway T9: a tray is a line on one floor: give 'floor' and 'path', not 'at'"),
    ("{id: T9, kind: tray, floor: '11', path: [[0, 0], [1, 1]]}", "pathway T9: floor 11 does not exist (did you mean 1?)"),
    ("{id: T9, kind: tray, floor: '1', path: [[1, 1], [1, 1]]}", "pathway T9: the path needs two different points"),
    ("{id: RZ, kind: riser, at: [2, 5], floors: ['1', '1']}", "pathway RZ: a floor is named twice"),
    ("{id: T9, kind: ladder, floor: '1', path: [[0, 0], [1, 1]]}", "ladder"),
])
def test_pathway_mistakes_are_reported_with_their_place(tmp_path, entry, message):
    with pytest.raises(InputError) as exc:
        site(tmp_path, pathways=f"pathways:\n  - {entry}\n")
    text = "\n".join(map(str, exc.value.diagnostics))
    assert message in text
    assert "t.yaml:13:" in text or "t.yaml:14:" in text


def test_background_image_inside_the_site_folder_is_kept_and_one_outside_is_refused(tmp_path):
    folder = tmp_path / "site"
    (folder / "plans").mkdir(parents=True)
    (folder / "plans" / "f1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    good = TWO_FLOORS.replace("PATHWAYS\n", "").replace(
        "height: 4, outline", "height: 4, background: {image: plans/f1.png, scale: 0.05, offset: [1, 2]}, outline", 1)
    (folder / "t.yaml").write_text(good)
    fl = load(folder / "t.yaml").sites["t"].floors["1"]
    assert Path(fl.background.path) == (folder / "plans" / "f1.png").resolve()
    assert (fl.background.scale, fl.background.offset) == (0.05, (1.0, 2.0))
    for bad in ("../secret.png", str(tmp_path / "secret.png")):
        (folder / "t.yaml").write_text(good.replace("plans/f1.png", bad))
        with pytest.raises(InputError) as exc:
            load(folder / "t.yaml")
        assert "is outside the site file's folder" in str(exc.value)
        assert main(["validate", str(folder / "t.yaml")]) == 1


def test_the_nearest_pathway_piece_is_the_one_the_tree_gives(tmp_path):
    # routes find each outlet's nearest piece with numpy and ask the STRtree only about near-ties: the
    # answer must be the tree's everywhere, on the pieces' vertices and midpoints (ties), a grid and at random
    import numpy as np
    import shapely

    inv = load(ROOT / "sites" / "branch.yaml")
    nets = [network(inv, site(tmp_path).sites["t"]), network(inv, inv.sites["acme-branch"])]
    rng = np.random.default_rng(0)
    checked = 0
    for net in nets:
        for idx in net.floors.values():
            verts = [p for c in idx.coords for p in c]
            mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for c in idx.coords for a, b in zip(c, c[1:])]
            xy = np.array(verts + mids, dtype=float)
            lo, hi = xy.min(axis=0) - 5, xy.max(axis=0) + 5
            grid = [(x, y) for x in np.arange(lo[0], hi[0], 0.5) for y in np.arange(lo[1], hi[1], 0.5)]
            xy = np.concatenate([xy, np.array(grid, dtype=float).reshape(-1, 2), rng.uniform(lo, hi, (300, 2))])
            pts = shapely.points(xy)
            assert (idx.nearest(xy, pts) == idx.tree.query_nearest(pts, all_matches=False)[1]).all()
            checked += len(xy)
    assert checked > 1000

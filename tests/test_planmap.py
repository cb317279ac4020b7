"""A plan put on the floor plans (cabling.geometry.planmap): what the viewer's planning view draws."""
from __future__ import annotations

from pathlib import Path

import pytest

from cabling.geometry.figure import floor_figure
from cabling.geometry.planmap import plan_map
from cabling.planning.allocate import plan
from cabling.planning.plan import read_plan
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def branch():
    inv = load(ROOT / "sites" / "branch.yaml")
    return inv, plan(inv, read_plan(ROOT / "sites" / "plans" / "branch-expansion.yaml"))


def test_every_new_cable_has_the_route_the_planner_measured(branch):
    inv, result = branch
    pm = plan_map(inv, result)
    by_cable = {r.cable: r for r in pm.routes}
    new = [j for j in result.jacks if j.cable]
    assert len(new) == 67 and all(j.cable in by_cable for j in new)
    for j in new:
        r = by_cable[j.cable]
        assert r.run_m == pytest.approx(j.run_m, abs=0.05) and r.pathways == j.pathways and r.rack == j.rack
        assert r.points_on(j.floor)  # drawn on the outlet's floor
    assert result.voice  # analog extensions: their voice cables are routed to their station block's space
    for v in result.voice:
        r = by_cable[v.cable]
        assert r.length_m == pytest.approx(v.length_m, abs=0.05) and r.pathways == v.pathways
    activated = next(j for j in result.jacks if j.cable is None)
    assert activated.outlet == "2A-047"
    assert any(r.outlet == "2A-047" for r in pm.routes)  # its existing cable's route


def test_new_moved_removed_and_activated_outlets_are_placed_on_their_floors(branch):
    inv, result = branch
    pm = plan_map(inv, result)
    site = inv.sites[result.site]
    outlets = {d.id: d for d in result.devices if d.role == "outlet"}
    new = {p.id: p for p in pm.points if p.what == "new" and p.role == "outlet"}
    assert set(new) == set(outlets) and len(new) == result.totals()["outlets"] > 40
    for oid, p in new.items():
        assert p.at == tuple(outlets[oid].at) and p.floor == site.rooms[outlets[oid].room].floor.id
        analog = [v for v in result.voice if v.outlet == oid]
        if analog:  # the station pair and PBX port of its extension
            assert analog[0].station_pair in p.note and analog[0].pbx_port in p.note
        else:  # the panel port each of its jacks gets
            assert all(j.panel_port in p.note for j in result.jacks if j.outlet == oid)
    (moved,) = pm.points_on("2", "moved")
    assert (moved.id, moved.at, moved.old_at) == ("2A-042", (14.0, 5.6), tuple(site.devices["2A-042"].at))
    (removed,) = pm.points_on("1", "removed")
    assert removed.id == "1A-040"
    assert [p.id for p in pm.points_on("2", "activated")] == ["2A-047"]
    assert pm.floors == ("2", "3", "1")
    assert plan_map(inv, result) == pm  # same input, same map


def test_the_figure_draws_the_plan_in_one_trace_per_kind(branch):
    inv, result = branch
    pm = plan_map(inv, result)
    site = inv.sites[result.site]
    fig = floor_figure(inv, site, "3", plan=pm)
    kinds = [t.meta["plan"] for t in fig.data if t.meta and "plan" in t.meta]
    assert kinds == ["routes", "new", "device"]
    routes = next(t for t in fig.data if t.meta and t.meta.get("plan") == "routes")
    assert set(routes.meta["cables"]) == {r.cable for r in pm.routes_on("3")}
    on_3 = ({j.cable for j in result.jacks if j.floor == "3" and j.cable}
            | {v.cable for v in result.voice if v.floor == "3"})
    assert set(routes.meta["cables"]) == on_3 and len(on_3) > 15
    plain = floor_figure(inv, site, "3")
    assert len(fig.data) == len(plain.data) + 3  # the plan adds its traces, nothing else changes

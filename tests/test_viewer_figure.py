"""The viewer's floor figure (plotly): what it draws, and a traced port's route on it."""
from __future__ import annotations

from pathlib import Path

import pytest

from cabling.analysis.outletstate import STATES, counts, outlet_states
from cabling.analysis.trace import trace
from cabling.geometry import route_of
from cabling.geometry.figure import floor_figure
from cabling.geometry.layout import PlanError, floor_layout
from cabling.geometry.tracemap import trace_map
from cabling.readers.loader import load, resolve_ref
from test_geometry_routes import PATHWAYS, TWO_FLOORS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def branch():
    inv = load(ROOT / "sites" / "branch.yaml")
    return inv, next(iter(inv.sites.values()))


def outlet_traces(fig):
    return [t for t in fig.data if t.meta and "state" in t.meta]


def test_one_trace_per_state_holding_every_outlet_of_the_floor(branch):
    inv, site = branch
    fig = floor_figure(inv, site, "3")
    traces = outlet_traces(fig)
    assert [t.meta["state"] for t in traces] == list(STATES)
    on_floor = {d.id for d in floor_layout(site, "3").outlets}
    drawn = [c[0] for t in traces for c in (t.customdata or ())]
    assert sorted(drawn) == sorted(on_floor) and len(on_floor) > 30
    # the legend counts what it draws, state by state, as the library classifies them
    expected = counts(outlet_states(inv, [site.devices[i] for i in on_floor]).values())
    for t in traces:
        assert t.name == f"{t.meta['state'].capitalize()} ({expected[t.meta['state']]})"
        assert len(t.x) == expected[t.meta["state"]]
    assert expected["planned"] == 1  # 3A-036's cable is still to be pulled


def test_markers_sit_at_the_outlets_and_name_a_jack_to_trace(branch):
    inv, site = branch
    for t in outlet_traces(floor_figure(inv, site, "1")):
        for x, y, (outlet, jack), hover in zip(t.x, t.y, t.customdata, t.hovertext):
            dev = site.devices[outlet]
            assert (x, y) == tuple(dev.at)
            port, _ = resolve_ref(inv, jack)
            assert port.device is dev and port.kind == "front"
            assert outlet in hover and f"room {dev.room.id}" in hover and f"jack {port.name}:" in hover


def test_true_proportions_rooms_names_racks_and_pathways(branch):
    inv, site = branch
    fig = floor_figure(inv, site, "2")
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    names = {t.name for t in fig.data}
    assert {"Room", "Telecom room", "Cable tray", "Ceiling run", "Riser", "Rack"} <= names
    labels = next(t for t in fig.data if t.name == "Room names").text
    assert "Meeting room 3" in labels and "Telecom room 2A (IDF)" in labels
    rack = next(t for t in fig.data if t.name == "Rack")
    assert list(rack.text) == ["R-2A-1"]
    tray = next(t for t in fig.data if t.name == "Cable tray")
    assert (1, 3) in zip(tray.x, tray.y) and (39, 3) in zip(tray.x, tray.y)


def test_a_traced_jack_draws_its_route_and_rings_its_outlet(branch):
    inv, site = branch
    port, _ = resolve_ref(inv, "2A-005:1")
    tm = trace_map(inv, port, trace(port))
    assert tm.floor == "2" and tm.outlets == ("2A-005",)
    fig = floor_figure(inv, site, "2", focus=tm, selected="2A-005")
    route = route_of(inv, site.cables["H-2A-A05"])
    line = next(t for t in fig.data if t.name.startswith("Route H-2A-A05"))
    assert list(zip(line.x, line.y))[:-1] == [tuple(p) for p in route.points_on("2")[0]]
    assert f"{route.length_m:.1f} m" in line.name
    ring = next(t for t in fig.data if t.name == "Selected 2A-005")
    assert (ring.x[0], ring.y[0]) == tuple(site.devices["2A-005"].at)
    assert not fig.layout.annotations  # everything is on this floor


def test_a_far_end_on_another_floor_is_named(branch):
    inv, site = branch
    port, _ = resolve_ref(inv, "SW-2A-1:Te1/1/1")  # uplink over the fibre backbone to the core in 1A
    tm = trace_map(inv, port, trace(port))
    notes = [a.text for a in floor_figure(inv, site, "2", focus=tm).layout.annotations]
    assert any("SW-1A-1" in n and "floor 1 (Ground floor)" in n for n in notes), notes


def test_a_route_up_a_riser_names_where_it_goes(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text(TWO_FLOORS.replace("PATHWAYS\n", PATHWAYS), encoding="utf-8")
    inv = load(p)
    site = inv.sites["t"]
    port, _ = resolve_ref(inv, "O2:1")
    tm = trace_map(inv, port, trace(port))
    assert tm.floor == "2"
    fig2 = floor_figure(inv, site, "2", focus=tm)
    assert any("rack R1 on floor 1" in a.text for a in fig2.layout.annotations)
    fig1 = floor_figure(inv, site, "1", focus=tm)
    assert any(t.name.startswith("Route H-2") for t in fig1.data)  # the leg from the riser to the rack
    assert any("outlet O2 on floor 2" in a.text for a in fig1.layout.annotations)


def test_unknown_floor_is_a_plan_error(branch):
    inv, site = branch
    with pytest.raises(PlanError, match="no floor 9"):
        floor_figure(inv, site, "9")


def test_floors_with_geometry_are_the_floors_a_plan_can_draw(tmp_path):
    from cabling.geometry.layout import floors_with_geometry

    p = tmp_path / "t.yaml"
    p.write_text(TWO_FLOORS.replace("PATHWAYS\n", "").replace(
        "  - {id: '2', level: 1, height: 4, outline: [[0, 0], [30, 0], [30, 20], [0, 20]]}",
        "  - {id: '2', level: 1, height: 4}\n  - {id: '3', level: 2, height: 4}"), encoding="utf-8")
    cases = [load(p)] + [load(ROOT / "sites" / f) for f in ("branch.yaml", "office.yaml", "campus.yaml")]
    for inv in cases:
        for site in inv.sites.values():
            drawable = []
            for fid in site.floors:
                try:
                    floor_layout(site, fid)
                    drawable.append(fid)
                except PlanError:
                    pass
            assert floors_with_geometry(site) == drawable
    assert floors_with_geometry(cases[0].sites["t"]) == ["1", "2"]  # 2: a room; 3: nothing to draw

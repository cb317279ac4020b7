"""The interactive floor plan: a plotly figure of one floor, as the viewer shows it.

Drawn from the same :class:`~cabling.geometry.layout.FloorLayout` as the printable plan: the floor
outline, rooms with their names, telecom rooms, pathways by kind, risers, racks and the outlets,
coloured by state (:mod:`cabling.analysis.outletstate`) with a legend that counts them. Axes keep true
proportions (one metre is as long across as up). Each state is **one** trace, so a floor of
thousands of outlets stays one handful of traces; every outlet marker carries
``customdata = [outlet id, jack to trace]`` for click events.

With a :class:`~cabling.geometry.tracemap.TraceMap` the routes of the traced cables are drawn over
the plan, the selected outlet is ringed, and a route that leaves the floor (up a riser) and every
far end on another floor are named in a note on the plan.

With a :class:`~cabling.geometry.planmap.PlanMap` a plan's changes are drawn over the floor in
their own colour: the new outlets and end devices, the routes of their new cables (one trace for
all of them), dark jacks brought live, moved outlets (with a line from where they are today) and
removed ones.
"""
from __future__ import annotations

import plotly.graph_objects as go

from ..analysis.outletstate import FAULTY, MEANING, PRIORITY, STATES, OutletState, counts, outlet_states
from ..choices import OUTLET_ROLES
from ..model import Inventory, Site
from .layout import FloorLayout, floor_layout, room_label_point
from .planmap import PlanMap
from .tracemap import TraceMap

STATE_STYLE = {  # colour, marker symbol
    "active": ("#2e7d32", "circle"),
    "free": ("#0277bd", "circle-open"),
    "dark": ("#424242", "circle-x-open"),
    "planned": ("#f9a825", "diamond-open"),
    "faulty": ("#c62828", "x"),
}
PATHWAY_LINE = {  # plotly line of each pathway kind (the printable plan's styles)
    "tray": dict(color="rgba(224,138,0,0.55)", width=7),
    "conduit": dict(color="#6d4c41", width=2, dash="dash"),
    "ceiling": dict(color="#1e88e5", width=2, dash="dot"),
}
PATHWAY_NAME = {"tray": "Cable tray", "conduit": "Conduit", "ceiling": "Ceiling run"}
ROUTE_COLOUR = "#d81b60"
PLAN_COLOUR = "#00897b"  # a plan's changes: new outlets and devices, their routes
PLAN_STYLE = {  # what the plan does -> legend name, marker symbol, size
    "new": ("Planned outlet", "diamond", 12),
    "proposed": ("Proposed device", "diamond-tall", 12),
    "device": ("Planned device", "hexagon", 11),
    "activated": ("Jack brought live", "star", 14),
    "moved": ("Moved outlet (new place)", "triangle-up", 12),
    "removed": ("Outlet removed", "x-thin-open", 13),
}
ROOM_FILL, TELECOM_FILL = "rgba(255,255,255,0.9)", "rgba(255,224,178,0.9)"


def _ring(points) -> tuple[list, list]:
    xs = [p[0] for p in points] + [points[0][0], None]
    ys = [p[1] for p in points] + [points[0][1], None]
    return xs, ys


def _lines(polylines) -> tuple[list, list]:
    xs, ys = [], []
    for pts in polylines:
        xs += [p[0] for p in pts] + [None]
        ys += [p[1] for p in pts] + [None]
    return xs, ys


def default_jack(state: OutletState):
    """The jack a click on an outlet traces: the one that gives the outlet its state."""
    for s in PRIORITY:
        for j in state.jacks:
            if j.state == s:
                return j.port
    return None


def _outlet_hover(inv: Inventory, st: OutletState) -> str:
    dev = st.outlet
    room = dev.room
    lines = [f"<b>{dev.id}</b> \u00b7 {st.state}",
             f"room {room.id}" + (f" ({room.name})" if room.name else "")]
    for j in st.jacks:
        lines.append(f"jack {j.port.name}: {j.state} \u2013 {j.why}")
    return "<br>".join(lines)


def _polygons(rooms, fill: str, name: str) -> dict:
    xs, ys = [], []
    for r in rooms:
        a, b = _ring(r.polygon)
        xs += a
        ys += b
    return dict(type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, name=name,
                line=dict(color="#78909c", width=1), hoverinfo="skip", showlegend=bool(rooms), legendgroup=name)


def floor_figure(inv: Inventory, site: Site, floor_id: str, states: dict[str, OutletState] | None = None,
                 focus: TraceMap | None = None, selected: str | None = None, plan: PlanMap | None = None) -> go.Figure:
    """The figure of ``floor_id``; ``focus`` highlights a trace's routes, ``selected`` rings an outlet, ``plan``
    draws a plan's new outlets and routes.

    ``states`` (outlet id -> state) may be passed in when already known; missing ones are computed.
    Raises :class:`~cabling.geometry.layout.PlanError` for an unknown floor or one with nothing to draw.
    """
    lay = floor_layout(site, floor_id)
    if states is None:
        states = outlet_states(inv, lay.outlets)
    traces = _base_traces(inv, lay, states)
    notes = []
    if plan is not None:
        traces += plan_traces(plan, floor_id)
    if focus is not None:
        traces += _focus_traces(lay, focus, notes)
    if selected is not None:
        dev = site.devices.get(selected)
        if dev is not None and dev.at is not None and dev in lay.outlets:
            traces.append(dict(type="scatter", x=[dev.at[0]], y=[dev.at[1]], mode="markers", name=f"Selected {dev.id}",
                               marker=dict(size=22, color="rgba(0,0,0,0)", line=dict(color=ROUTE_COLOUR, width=3)),
                               hoverinfo="skip", showlegend=False))
    minx, miny, maxx, maxy = lay.bounds
    pad = max(maxx - minx, maxy - miny) * 0.03 + 0.5
    floor = lay.floor
    title = f"{site.name or site.id} \u00b7 floor {floor.id}" + (f" ({floor.name})" if floor.name else "")
    aspect = (maxy - miny + 2 * pad) / max(maxx - minx + 2 * pad, 1e-9)
    layout = dict(
        title=dict(text=title, x=0.01, font=dict(size=15)),
        height=int(min(900, max(420, 780 * aspect + 150))),  # about the floor's proportions at a laptop's width
        xaxis=dict(range=[minx - pad, maxx + pad], showgrid=False, zeroline=False, ticksuffix=" m"),
        yaxis=dict(range=[miny - pad, maxy + pad], showgrid=False, zeroline=False, scaleanchor="x", scaleratio=1,
                   ticksuffix=" m"),
        plot_bgcolor="#eceff1", paper_bgcolor="white", hovermode="closest", clickmode="event+select",
        dragmode="pan", margin=dict(l=50, r=10, t=40, b=10), uirevision=f"{site.id}/{floor.id}",
        legend=dict(orientation="h", x=0, y=-0.04, yanchor="top", itemclick="toggle"),
        annotations=[dict(text=t, x=0.01, y=0.99 - 0.06 * i, xref="paper", yref="paper", showarrow=False,
                          xanchor="left", yanchor="top", align="left", bgcolor="rgba(255,255,255,0.9)",
                          bordercolor=ROUTE_COLOUR, borderwidth=1, font=dict(size=12, color="#880e4f"))
                     for i, t in enumerate(notes)],
    )
    return go.Figure(dict(data=traces, layout=layout), skip_invalid=False)


def _base_traces(inv: Inventory, lay: FloorLayout, states: dict[str, OutletState]) -> list[dict]:
    traces: list[dict] = []
    if lay.floor.outline:
        xs, ys = _ring(lay.floor.outline)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor="#fafafa",
                           line=dict(color="#263238", width=2.5), name="Floor outline", hoverinfo="skip",
                           showlegend=False))
    telecom = [r for r in lay.rooms if r.id in lay.telecom_rooms]
    traces.append(_polygons([r for r in lay.rooms if r.id not in lay.telecom_rooms], ROOM_FILL, "Room"))
    traces.append(_polygons(telecom, TELECOM_FILL, "Telecom room"))
    by_kind: dict[str, list] = {}
    for pw in lay.pathways:
        by_kind.setdefault(pw.kind, []).append(pw)
    for kind, pws in by_kind.items():
        xs, ys = _lines(pw.path for pw in pws)
        # hover on the vertices names the pathway
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", name=PATHWAY_NAME.get(kind, kind),
                           line=PATHWAY_LINE.get(kind, PATHWAY_LINE["tray"]), hoverinfo="skip"))
    if lay.risers:
        traces.append(dict(type="scatter", x=[p.at[0] for p in lay.risers], y=[p.at[1] for p in lay.risers],
                           mode="markers+text", text=[p.id for p in lay.risers], textposition="top right",
                           textfont=dict(size=10, color="#6a1b9a"), name="Riser",
                           marker=dict(symbol="square-x-open", size=14, color="#6a1b9a"),
                           hovertext=[f"riser {p.id}: floors " + ", ".join(f.id for f in p.floors) for p in lay.risers],
                           hoverinfo="text"))
    if lay.racks:
        traces.append(dict(type="scatter", x=[r.at[0] for r in lay.racks], y=[r.at[1] for r in lay.racks],
                           mode="markers+text", text=[r.id for r in lay.racks], textposition="bottom center",
                           textfont=dict(size=10, color="#263238"), name="Rack",
                           marker=dict(symbol="square", size=13, color="#37474f"),
                           hovertext=[f"rack {r.id}" + (f", telecom space {r.space.id}" if r.space else "")
                                      for r in lay.racks], hoverinfo="text"))
    names = [r for r in lay.rooms]
    if names:
        pts = [room_label_point(r) for r in names]
        traces.append(dict(type="scatter", x=[p[0] for p in pts], y=[p[1] for p in pts], mode="text",
                           text=[r.name or r.id for r in names], textfont=dict(size=11, color="#455a64"),
                           hoverinfo="skip", showlegend=False, name="Room names"))
    per_state: dict[str, list] = {s: [] for s in STATES}
    for dev in lay.outlets:
        st = states.get(dev.id)
        if st is not None:
            per_state[st.state].append(st)
    n = counts(s for group in per_state.values() for s in group)
    for state in STATES:
        group = per_state[state]
        colour, symbol = STATE_STYLE[state]
        traces.append(dict(
            type="scatter", mode="markers", name=f"{state.capitalize()} ({n[state]})", legendgroup=state,
            x=[s.outlet.at[0] for s in group], y=[s.outlet.at[1] for s in group],
            customdata=[[s.outlet.id, _ref(inv, default_jack(s))] for s in group],
            hovertext=[_outlet_hover(inv, s) for s in group], hoverinfo="text",
            marker=dict(color=colour, symbol=symbol, size=11 if state == FAULTY else 10,
                        line=dict(width=2 if symbol.endswith("open") or symbol == "x" else 0.5,
                                  color=colour if symbol.endswith("open") else "white")),
            meta=dict(state=state, meaning=MEANING[state])))
    return traces


def plan_traces(plan: PlanMap, floor: str) -> list[dict]:
    """A plan's changes on ``floor``: one trace for the routes of its new cables, one per kind of change."""
    traces = []
    routes = plan.routes_on(floor)
    if routes:
        xs, ys = _lines(line for r in routes for line in r.points_on(floor))
        total = sum(r.length_m for r in routes)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", name=f"Planned cables ({len(routes)}, "
                           f"{total:,.0f} m)", line=dict(color=PLAN_COLOUR, width=3), opacity=0.75, hoverinfo="skip",
                           legendgroup="plan", meta=dict(plan="routes", cables=[r.cable for r in routes])))
    points = plan.points_on(floor)
    moved = [p for p in points if p.what == "moved" and p.old_at is not None]
    if moved:
        xs, ys = _lines((p.old_at, p.at) for p in moved)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines",
                           line=dict(color=PLAN_COLOUR, width=1.5, dash="dot"), hoverinfo="skip", showlegend=False,
                           legendgroup="plan", name="Moves"))
    groups: dict[str, list] = {}
    for p in points:
        kind = "device" if p.what == "new" and p.role not in OUTLET_ROLES else p.what
        groups.setdefault(kind, []).append(p)
    for kind, (name, symbol, size) in PLAN_STYLE.items():
        group = groups.get(kind)
        if not group:
            continue
        colour = "#5d4037" if kind == "removed" else PLAN_COLOUR
        traces.append(dict(
            type="scatter", mode="markers", name=f"{name} ({len(group)})", legendgroup="plan",
            x=[p.at[0] for p in group], y=[p.at[1] for p in group], customdata=[[p.id, None] for p in group],
            hovertext=[f"<b>{p.id}</b> · {kind} ({p.role})<br>room {p.room}<br>{p.note}" for p in group],
            hoverinfo="text", marker=dict(color=colour, symbol=symbol, size=size,
                                          line=dict(width=2, color=colour) if kind == "removed"
                                          else dict(width=0.5, color="white")),
            meta=dict(plan=kind)))
    return traces


def _ref(inv: Inventory, port) -> str | None:
    return inv.ref(port) if port is not None else None


def _focus_traces(lay: FloorLayout, focus: TraceMap, notes: list[str]) -> list[dict]:
    traces = []
    floor = lay.floor.id
    for r in focus.routes:
        lines = r.points_on(floor)
        if lines:
            xs, ys = _lines(lines)
            how = "estimated, no pathway" if r.estimated else "via " + (", ".join(r.pathways) or "a drop")
            traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", name=f"Route {r.cable} ({r.length_m:.1f} m)",
                               line=dict(color=ROUTE_COLOUR, width=5, dash="dash" if r.estimated else "solid"),
                               hovertext=f"cable {r.cable}: {r.length_m:.1f} m of cable ({r.run_m:.1f} m run + "
                                         f"{r.slack_m:g} m slack), {how}", hoverinfo="text", opacity=0.9))
        floors = [leg.floor for leg in r.legs]
        if floors and floors[-1] != floor and floor in floors:
            notes.append(f"route of {r.cable} goes on to rack {r.rack} on floor {floors[-1]}")
        elif floors and floors[0] != floor and floor in floors:
            notes.append(f"route of {r.cable} comes from outlet {r.outlet} on floor {floors[0]}")
        elif floor not in floors:
            notes.append(f"route of {r.cable} is on floor {', '.join(str(f) for f in dict.fromkeys(floors))}")
    for end in focus.far_ends_off(floor):
        notes.append(f"far end {end.ref}: {end.place.words()}")
    return traces

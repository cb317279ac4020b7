"""Geometric checks: pure functions of an inventory (and its routes) returning findings.

* ``recorded-length-short``: a cable's recorded length is shorter than its route (a data error:
  no cable is shorter than the way it runs);
* ``route-over-permanent-link``: a horizontal route longer than the permanent-link limit;
* ``pathway-overfilled``: more cables than a pathway's capacity, or a fill past the TIA-569 figures;
* ``outlet-outside-room`` / ``outlet-outside-floor``: an outlet drawn outside its room or its floor;
* ``room-outside-floor``: a room polygon reaching outside its floor's outline;
* ``pathway-joins-nothing``: a pathway (or a riser on one floor) that reaches no rack.

Each function returns a list of :class:`GeoFinding`; :func:`findings` runs them all.
The figures come from :mod:`cabling.standards`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from .. import standards
from ..choices import OUTLET_ROLES
from ..diagnostics import Mark
from ..gcpause import gc_paused
from ..model import Inventory, Pathway
from .network import components_without_rack, network, points_array
from .routes import RouteTable, route_tables


@dataclass(frozen=True, slots=True)
class GeoFinding:
    check: str  # one of CHECKS
    subject: str  # id of the cable, pathway, device or room
    message: str
    mark: Mark | None = None
    site: str | None = None
    floor: str | None = None  # where to show it on a plan
    at: tuple[float, float] | None = None

    def __str__(self) -> str:
        return f"{self.mark}: {self.message}" if self.mark else self.message


CHECKS = ("recorded-length-short", "route-over-permanent-link", "pathway-overfilled", "outlet-outside-room",
          "outlet-outside-floor", "room-outside-floor", "pathway-joins-nothing")


def recorded_length_short(inv: Inventory, tables: list[RouteTable] | None = None) -> list[GeoFinding]:
    """Cables whose recorded length is shorter than the way they run (service loops aside): a data error."""
    tables = route_tables(inv) if tables is None else tables
    out = []
    for tab in tables:
        for i, (cable, run_m, placed) in enumerate(zip(tab.cables, tab.run_m, tab.placed)):
            if cable.length is None or cable.length + 1e-9 >= run_m or not placed:
                continue  # a route from an assumed position (a room's centre) proves nothing
            what = f"the route is {run_m:.1f} m" + (" (estimated)" if tab.estimated(i) else "")
            out.append(GeoFinding("recorded-length-short", cable.id,
                                  f"cable {cable.id}: recorded length {cable.length:g} m is shorter than its route: "
                                  f"{what} from outlet {tab.outlets[i].id} to rack {tab.racks[i].id}", cable.mark,
                                  tab.site.id, tab.floor[i], tab.start[i]))
    return out


def route_over_permanent_link(inv: Inventory, tables: list[RouteTable] | None = None) -> list[GeoFinding]:
    """Horizontal routes (with their service loops) longer than the permanent-link limit."""
    tables = route_tables(inv) if tables is None else tables
    limit = float(standards.PERMANENT_LINK_MAX_M)
    out = []
    for tab in tables:
        for i, length_m in enumerate(tab.length_m):
            if length_m > limit:
                cable = tab.cables[i]
                out.append(GeoFinding("route-over-permanent-link", cable.id,
                                      f"cable {cable.id}: its route from outlet {tab.outlets[i].id} to rack "
                                      f"{tab.racks[i].id} is {length_m:.1f} m" + (" (estimated)" if tab.estimated(i) else "")
                                      + f", over the {limit:g} m permanent-link limit (TIA-568)", cable.mark,
                                      tab.site.id, tab.floor[i], tab.start[i]))
    return out


@dataclass(frozen=True, slots=True)
class PathwayUse:
    """How full one pathway is: cables routed through it against its capacity or inner size."""

    site: str
    pathway: str
    cables: tuple[str, ...]
    capacity: int | None  # cables, when the site gives one
    fill: float | None  # cable cross-sections over the inner area, when the size is given
    fill_max: float | None  # the TIA-569 planning figure for this pathway

    @property
    def over(self) -> bool:
        if self.capacity is not None and len(self.cables) > self.capacity:
            return True
        return self.fill is not None and self.fill_max is not None and self.fill > self.fill_max


def _cable_area_mm2(cable_type: str | None) -> float:
    d = standards.CABLE_DIAMETER_MM.get(cable_type, float(standards.CABLE_DIAMETER_DEFAULT_MM))
    return math.pi * d * d / 4


def pathway_use(inv: Inventory, tables: list[RouteTable] | None = None) -> list[PathwayUse]:
    """The use of every pathway of every site by the routed cables."""
    tables = route_tables(inv) if tables is None else tables
    # the cables through each pathway, in route order: routes share their tuples of pathways, so the
    # cables are gathered per tuple first
    through: dict[tuple[str, str], list[int]] = {}
    of_site: dict[str, RouteTable] = {}
    for tab in tables:
        of_site[tab.site.id] = tab
        by_tuple: dict[int, tuple[tuple[str, ...], list[int]]] = {}
        for i, used in enumerate(tab.pathways):
            entry = by_tuple.get(id(used))
            if entry is None:
                entry = by_tuple[id(used)] = (used, [])
            entry[1].append(i)
        for used, rows in by_tuple.values():
            for pw in used:
                through.setdefault((tab.site.id, pw), []).append(rows)
    out = []
    for site in inv.sites.values():
        tab = of_site.get(site.id)
        ids: list[str] | None = None  # per row of the site's table: its cable's id, its cross-section
        areas: list[float] = []
        for pw in site.pathways.values():
            groups = through.get((site.id, pw.id))
            rows: list[int] = []
            if groups:
                rows = groups[0] if len(groups) == 1 else sorted([i for g in groups for i in g])
                if ids is None:
                    ids, areas = _rows_ids_areas(tab)
            fill, fill_max = _fill(pw, rows, areas)
            out.append(PathwayUse(site.id, pw.id, tuple([ids[i] for i in rows]) if rows else (), pw.capacity,
                                  fill, fill_max))
    return out


def _rows_ids_areas(tab: RouteTable) -> tuple[list[str], list[float]]:
    """Each row's cable id and cross-section (mm²), each cable type's cross-section found once."""
    of_type: dict = {}
    for c in tab.cables:
        if c.type not in of_type:
            of_type[c.type] = _cable_area_mm2(c.type)
    return [c.id for c in tab.cables], [of_type[c.type] for c in tab.cables]


def _fill(pw: Pathway, rows: list[int], areas: list[float]) -> tuple[float | None, float | None]:
    """(cross-sections of the cables of ``rows`` over the pathway's inner area, the TIA-569 figure); ``areas``:
    each row's cross-section."""
    if pw.diameter_mm:
        inner = math.pi * pw.diameter_mm ** 2 / 4
        limit = standards.CONDUIT_FILL_MAX[min(max(len(rows), 1), 3)]
        return sum([areas[i] for i in rows]) / inner, limit
    if pw.width_mm and pw.depth_mm:
        return sum([areas[i] for i in rows]) / (pw.width_mm * pw.depth_mm), float(standards.TRAY_FILL_PLANNING_MAX)
    return None, None


def pathway_overfilled(inv: Inventory, tables: list[RouteTable] | None = None) -> list[GeoFinding]:
    out = []
    for use in pathway_use(inv, tables):
        if not use.over:
            continue
        pw = inv.sites[use.site].pathways[use.pathway]
        n = len(use.cables)
        if use.capacity is not None and n > use.capacity:
            why = f"{n} cables are routed through it, its capacity is {use.capacity}"
        else:
            why = (f"{n} cables fill {use.fill:.0%} of it, over the {use.fill_max:.0%} of TIA-569 fill guidance "
                   f"({standards.PATHWAY_FILL_SOURCE})")
        floor, at = _pathway_place(pw)
        out.append(GeoFinding("pathway-overfilled", pw.id, f"pathway {pw.id} ({pw.kind}): {why}",
                              pw.mark, use.site, floor, at))
    return out


def _pathway_place(pw: Pathway):
    if pw.is_vertical:
        return (pw.floors[0].id if pw.floors else None), pw.at
    line = shapely.LineString(pw.path)
    p = line.interpolate(0.5, normalized=True)
    return pw.floor.id, (p.x, p.y)


def outlet_outside(inv: Inventory) -> list[GeoFinding]:
    """Outlets drawn outside their room's polygon, or outside their floor's outline.

    The outlets are tested shape by shape: all those of rooms (or floors) of one outline in one
    vectorised call (the floors of a building often repeat one plan).
    """
    out = []
    for site in inv.sites.values():
        outlets = [d for d in site.devices.values() if d.role in OUTLET_ROLES and d.at is not None and d.room is not None]
        if not outlets:
            continue
        rooms: dict[int, int] = {}  # id(room) -> its number, in the order met
        of_room = np.fromiter([rooms.setdefault(id(d.room), len(rooms)) for d in outlets], dtype=np.int64,
                              count=len(outlets))  # each outlet's room number
        room_list = list({id(d.room): d.room for d in outlets}.values())  # by number
        xy = points_array([d.at for d in outlets])
        off_room = np.zeros(len(outlets), dtype=bool)
        off_floor = np.zeros(len(outlets), dtype=bool)
        # each room's shape and its floor's outline, by number in groups of one shape (-1: none)
        keys: dict[int, tuple] = {}  # id(points) -> their key (floors share an outline object)
        shapes: dict = {}  # points -> (points, group number)
        room_shape = np.array([_group(shapes, keys, r.polygon) for r in room_list], dtype=np.int64)
        outlines: dict = {}
        room_outline = np.array([_group(outlines, keys, r.floor.outline if r.floor is not None else None)
                                 for r in room_list], dtype=np.int64)
        for groups, of_shape, off in ((shapes, room_shape[of_room], off_room),
                                      (outlines, room_outline[of_room], off_floor)):
            for points, g in groups.values():
                rows = np.flatnonzero(of_shape == g)
                off[rows] = ~_covered(points, xy[rows])
        for i in np.flatnonzero(off_room | off_floor).tolist():
            dev = outlets[i]
            room, floor = dev.room, dev.room.floor
            if off_room[i]:
                out.append(GeoFinding("outlet-outside-room", dev.id,
                                      f"outlet {dev.id}: position ({dev.at[0]:g}, {dev.at[1]:g}) is outside room {room.id}",
                                      dev.mark, site.id, floor.id if floor else None, dev.at))
            else:
                out.append(GeoFinding("outlet-outside-floor", dev.id,
                                      f"outlet {dev.id}: position ({dev.at[0]:g}, {dev.at[1]:g}) is outside "
                                      f"floor {floor.id}'s outline", dev.mark, site.id, floor.id, dev.at))
    return out


def _shape_key(keys: dict, points) -> tuple:
    """The points of a polygon as a key (kept per points object)."""
    key = keys.get(id(points))
    if key is None:
        key = keys[id(points)] = tuple(tuple(p) for p in points)
    return key


def _group(groups: dict, keys: dict, points) -> int:
    """The number of the group of polygons of ``points`` in ``groups`` (points -> (points, number)); -1 for none."""
    if not points:
        return -1
    key = _shape_key(keys, points)
    entry = groups.get(key)
    if entry is None:
        entry = groups[key] = (points, len(groups))
    return entry[1]


def _covered(points, xy: np.ndarray) -> np.ndarray:
    """Whether each point of ``xy`` lies in the polygon ``points`` grown by 1 cm: one vectorised test.

    A point inside a valid polygon lies inside it grown, so the grown polygon (a buffer, costly to
    make) is made and asked only about the points outside the polygon itself.
    """
    shape = shapely.Polygon(points)
    inside = (shapely.contains_xy(shape, xy[:, 0], xy[:, 1]) if shape.is_valid
              else np.zeros(len(xy), dtype=bool))
    if not inside.all():
        rest = ~inside
        inside[rest] = shapely.covers(shape.buffer(0.01), shapely.points(xy[rest]))
    return inside


def room_outside_floor(inv: Inventory) -> list[GeoFinding]:
    out = []
    for site in inv.sites.values():
        grown: dict = {}  # a floor outline's points -> the outline grown by 1 cm
        keys: dict[int, tuple] = {}  # id(points) -> their key (floors share an outline object)
        verdicts: dict = {}  # (outline points, room points) -> the room's centroid when it reaches outside, or None
        for room in site.rooms.values():
            floor = room.floor
            if not room.polygon or floor is None or not floor.outline:
                continue
            pair = (_shape_key(keys, floor.outline), _shape_key(keys, room.polygon))
            if pair not in verdicts:
                f = grown.get(pair[0])
                if f is None:
                    f = grown[pair[0]] = shapely.Polygon(floor.outline).buffer(0.01)
                    shapely.prepare(f)
                r = shapely.Polygon(room.polygon)
                verdicts[pair] = r.centroid if r.is_valid and f.is_valid and not f.contains(r) else None
            c = verdicts[pair]
            if c is not None:
                out.append(GeoFinding("room-outside-floor", room.id,
                                      f"room {room.id}: polygon reaches outside floor {floor.id}'s outline",
                                      room.mark, site.id, floor.id, (c.x, c.y)))
    return out


def pathway_joins_nothing(inv: Inventory) -> list[GeoFinding]:
    """Pathways from which no rack can be reached, and risers that meet no pathway on a floor."""
    out = []
    for site in inv.sites.values():
        if not site.pathways:
            continue
        net = network(inv, site)
        for ids in components_without_rack(net):
            for pid in sorted(ids, key=list(site.pathways).index):
                pw = site.pathways[pid]
                if pw.is_vertical and ids == {pid}:
                    continue  # a riser alone: said below, floor by floor
                others = sorted(ids - {pid})
                joined = f"it joins only {', '.join(others)}, which reach" if others else "it joins no other pathway and reaches"
                floor, at = _pathway_place(pw)
                out.append(GeoFinding("pathway-joins-nothing", pid,
                                      f"pathway {pid} ({pw.kind}): {joined} no rack; no cable can be routed on it",
                                      pw.mark, site.id, floor, at))
        g = net.graph
        for pw in site.pathways.values():
            if not pw.is_vertical:
                continue
            for fl in pw.floors:
                node = net.riser_nodes.get((fl.id, pw.id))
                if node is None or not any(d["kind"] != "riser" for _, _, d in g.edges(node, data=True)):
                    out.append(GeoFinding("pathway-joins-nothing", pw.id,
                                          f"pathway {pw.id} (riser): at ({pw.at[0]:g}, {pw.at[1]:g}) it meets no "
                                          f"pathway or rack on floor {fl.id}", pw.mark, site.id, fl.id, pw.at))
    return out


def findings(inv: Inventory, candidates: dict | None = None) -> list[GeoFinding]:
    """Every geometric check over ``inv`` (routes computed once; ``candidates``: see
    :func:`cabling.geometry.routes.route_tables`)."""
    with gc_paused():  # many small objects, no garbage cycles (see cabling.gcpause)
        tables = route_tables(inv, candidates)
        return (recorded_length_short(inv, tables) + route_over_permanent_link(inv, tables)
                + pathway_overfilled(inv, tables) + outlet_outside(inv) + room_outside_floor(inv)
                + pathway_joins_nothing(inv))

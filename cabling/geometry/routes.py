"""Routes of horizontal cables: outlet, drop to the nearest pathway, along the network to the rack.

A *horizontal cable* joins a work-area outlet (a device of role ``outlet`` or
``consolidation-point``) to a port of a device in a rack (the patch panel of its telecom
space). Its route starts at the outlet, drops straight to the nearest pathway piece on
the outlet's floor, follows the pathway network (:mod:`cabling.geometry.network`) by the
shortest length to the rack, and adds the service loops of :mod:`cabling.standards`
(or the site's ``routing:`` overrides). Where the site has no pathway that can carry it,
the route is the straight line from outlet to rack (plus the storeys between them), and
``estimated`` says so.

:func:`routes` computes every route of an inventory with one Dijkstra search per rack and
vectorised nearest-pathway look-ups; :func:`route_of` answers for one cable. Both are pure:
the network is built once per inventory and kept.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from .. import standards
from ..choices import FIBRE_CABLE_TYPES, OUTLET_ROLES
from ..model import Cable, Device, Inventory, Rack, Site
from .network import Network, distance, network, place, rack_place


@dataclass(frozen=True, slots=True)
class Leg:
    """The part of a route on one floor: points in metres from the outlet's side towards the rack."""

    floor: str | None
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Route:
    cable: str  # cable id
    site: str
    outlet: str  # outlet device id
    rack: str  # rack id
    legs: tuple[Leg, ...]  # first leg at the outlet, last at the rack; a riser starts a new leg
    run_m: float  # along the drawn route: drops, pathways and risers
    slack_m: float  # service loops at rack and outlet
    length_m: float  # run + slack: the cable needed
    pathways: tuple[str, ...]  # ids of the pathways used, outlet to rack
    estimated: bool = False
    note: str | None = None  # why it is estimated
    placed: bool = True  # False when the outlet's or rack's position is assumed (its room's centre)

    @property
    def floors(self) -> tuple[str | None, ...]:
        return tuple(leg.floor for leg in self.legs)

    def points_on(self, floor: str) -> list[tuple[tuple[float, float], ...]]:
        """The polylines of this route drawn on ``floor``."""
        return [leg.points for leg in self.legs if leg.floor == floor and len(leg.points) > 1]


# ------------------------------------------------------------------ which cables have a route
def horizontal_ends(cable: Cable) -> tuple[Device, Rack] | None:
    """(outlet device, rack) of a horizontal cable; None for any other cable."""
    if len(cable.a) != 1 or len(cable.b) != 1:
        return None
    a, b = cable.a[0], cable.b[0]
    da, db = getattr(a, "device", None), getattr(b, "device", None)
    if da is None or db is None:
        return None
    for outlet, far in ((da, db), (db, da)):
        if outlet.role in OUTLET_ROLES and far.role not in OUTLET_ROLES:
            rack = far.rack
            if rack is None and far.space is not None:
                rack = next((r for r in far.site.racks.values() if r.space is far.space), None)
            return (outlet, rack) if rack is not None else None
    return None


def slack_of(site: Site, cable: Cable) -> float:
    routing = site.routing
    rack = routing.get("rack_slack_m", float(standards.RACK_SLACK_M))
    default_outlet = standards.OUTLET_SLACK_FIBRE_M if cable.type in FIBRE_CABLE_TYPES else standards.OUTLET_SLACK_COPPER_M
    return rack + routing.get("outlet_slack_m", float(default_outlet))


def _outlet_place(dev: Device):
    """(floor id, point, assumed) of an outlet: its 'at', else its room's centre."""
    floor = dev.room.floor.id if dev.room is not None and dev.room.floor is not None else None
    if floor is None and len(dev.site.floors) == 1:
        floor = next(iter(dev.site.floors))
    return (floor, *place(dev.at, dev.room))


# ------------------------------------------------------------------ the public functions
def routes(inv: Inventory) -> dict[Cable, Route]:
    """The route of every horizontal cable that can be placed (outlet and rack have a position)."""
    out: dict[Cable, Route] = {}
    for site in inv.sites.values():
        jobs = [(c, ends) for c in site.cables.values() if (ends := horizontal_ends(c)) is not None]
        out.update(_route_jobs(network(inv, site), jobs))
    return out


def route_of(inv: Inventory, cable: Cable) -> Route | None:
    """The route of one horizontal cable; None for another kind of cable or one that cannot be placed."""
    ends = horizontal_ends(cable)
    if ends is None:
        return None
    return _route_jobs(network(inv, cable.site), [(cable, ends)]).get(cable)


# ------------------------------------------------------------------ the work
def _route_jobs(net: Network, jobs) -> dict[Cable, Route]:
    out: dict[Cable, Route] = {}
    site = net.site
    # (floor index) -> [(cable, outlet, rack, point, assumed notes)]
    on_network: dict[str, list] = {}
    for cable, (outlet, rack) in jobs:
        o_floor, o_at, o_assumed = _outlet_place(outlet)
        r_floor_obj, r_at, r_assumed = rack_place(rack)
        if o_at is None or r_at is None:
            continue
        r_floor = r_floor_obj.id if r_floor_obj is not None else o_floor
        notes = []
        placed = not (o_assumed or r_assumed)
        if o_assumed:
            notes.append(f"outlet {outlet.id} has no position; its room's centre is used")
        if r_assumed:
            notes.append(f"rack {rack.id} has no position; its room's centre is used")
        if r_floor != o_floor and (o_floor in net.assumed_heights or r_floor in net.assumed_heights):
            notes.append("a floor has no 'height'; the storey height is assumed")
        rack_node = net.rack_nodes.get(rack.id)
        if o_floor in net.floors and rack_node is not None:
            on_network.setdefault(o_floor, []).append((cable, outlet, rack, rack_node, o_at, notes, placed))
        else:
            why = ("the site has no pathways" if not site.pathways
                   else f"floor {o_floor} has no pathway" if o_floor not in net.floors
                   else f"no pathway reaches rack {rack.id}")
            out[cable] = _straight(net, cable, outlet, rack, o_floor, o_at, r_floor, r_at, notes + [why],
                                   not (o_assumed or r_assumed))
    tails: dict[tuple[int, int], tuple] = {}  # (rack node, node) -> the legs and pathways from node to the rack
    for floor_id, items in on_network.items():
        idx = net.floors[floor_id]
        pts = shapely.points(np.array([it[4] for it in items], dtype=float))
        k = idx.tree.query_nearest(pts, all_matches=False)[1]
        geoms = idx.geoms[k]
        t = shapely.line_locate_point(geoms, pts)
        q = shapely.line_interpolate_point(geoms, t)
        drop = shapely.distance(pts, q)
        total = shapely.length(geoms)
        qxy = shapely.get_coordinates(q)
        for n, (cable, outlet, rack, rack_node, at, notes, placed) in enumerate(items):
            u, v = idx.edges[k[n]]
            dist, pred = net.shortest_from(rack_node)
            tn, ln = float(t[n]), float(total[n])
            via_u = dist[u] + tn if u in dist else math.inf
            via_v = dist[v] + (ln - tn) if v in dist else math.inf
            if via_u == math.inf and via_v == math.inf:
                r_floor_obj, r_at, _ = rack_place(rack)
                out[cable] = _straight(net, cable, outlet, rack, floor_id, at, r_floor_obj.id if r_floor_obj else floor_id,
                                       r_at, notes + [f"the pathway nearest outlet {outlet.id} does not reach rack {rack.id}"],
                                       placed)
                continue
            if via_u <= via_v:
                node, run, to_start = u, via_u, True
            else:
                node, run, to_start = v, via_v, False
            qx, qy = float(qxy[n][0]), float(qxy[n][1])
            first = [tuple(at)] if float(drop[n]) > 0 else []
            first.append((qx, qy))
            first.extend(p for p in idx.part(int(k[n]), tn, to_start) if p != (qx, qy))
            key = (rack_node, node)
            tail = tails.get(key)
            if tail is None:
                tail = tails[key] = _walk(net, node, pred, floor_id)
            tail_legs, tail_used = tail
            if first[-1] == tail_legs[0].points[0]:
                first.pop()
            legs = (Leg(floor_id, tuple(first) + tail_legs[0].points),) + tail_legs[1:]
            first_pw = idx_pathway(net, u, v)
            used = list(tail_used)
            if first_pw and (not used or used[0] != first_pw):
                used.insert(0, first_pw)
            slack = slack_of(site, cable)
            run_m = float(drop[n]) + run
            out[cable] = Route(cable.id, site.id, outlet.id, rack.id, legs, run_m, slack, run_m + slack,
                               tuple(used), bool(notes), "; ".join(notes) or None, placed)
    return out


def idx_pathway(net: Network, u: int, v: int) -> str | None:
    return net.graph[u][v]["pathway"]


def _walk(net: Network, node: int, pred: dict, floor_id) -> tuple[tuple[Leg, ...], tuple[str, ...]]:
    """Follow the predecessors from ``node`` to the search's source (the rack): the legs and pathways on the way."""
    g = net.graph
    legs: list[Leg] = []
    points = [g.nodes[node]["xy"]]
    used: list[str] = []
    floor = floor_id
    while pred.get(node):
        nxt = pred[node][0]
        d = g[node][nxt]
        if d["kind"] == "riser":
            legs.append(Leg(floor, tuple(points)))
            floor = g.nodes[nxt]["floor"]
            points = [g.nodes[nxt]["xy"]]
        else:
            coords = d["coords"] if d["start"] == node else d["coords"][::-1]
            points.extend(coords[1:])
        pw = d["pathway"]
        if pw is not None and (not used or used[-1] != pw):
            used.append(pw)
        node = nxt
    legs.append(Leg(floor, tuple(points)))
    return tuple(legs), tuple(used)


def _straight(net: Network, cable, outlet, rack, o_floor, o_at, r_floor, r_at, notes, placed: bool) -> Route:
    """The straight drop from outlet to rack (and the storeys between): an estimate."""
    flat = distance(o_at, r_at)
    rise = abs(net.elevation.get(r_floor, 0.0) - net.elevation.get(o_floor, 0.0)) if r_floor != o_floor else 0.0
    if r_floor != o_floor:
        legs = (Leg(o_floor, (tuple(o_at), tuple(r_at))), Leg(r_floor, (tuple(r_at),)))
    else:
        legs = (Leg(o_floor, (tuple(o_at), tuple(r_at))),)
    slack = slack_of(net.site, cable)
    run = flat + rise
    return Route(cable.id, net.site.id, outlet.id, rack.id, legs, run, slack, run + slack, (), True, "; ".join(notes),
                 placed)


def routes_from_points(inv: Inventory, site: Site, jobs) -> dict:
    """Routes a new outlet would have: ``jobs`` is ``[(key, room, at, rack, cable type)]``; returns key -> Route.

    For planning: the outlet does not exist yet, so a stand-in outlet at ``at`` in ``room`` is routed
    to ``rack`` exactly as an installed one would be (drop, pathways, risers, service loops). One
    vectorised pass for all jobs.
    """
    stand_ins = []
    keys = {}
    for key, room, at, rack, cable_type in jobs:
        outlet = Device(id=str(key), site=site, model=None, role="outlet", room=room, at=tuple(at))
        cable = Cable(id=str(key), site=site, a=(), b=(), type=cable_type)
        keys[cable] = key
        stand_ins.append((cable, (outlet, rack)))
    found = _route_jobs(network(inv, site), stand_ins)
    return {keys[c]: r for c, r in found.items()}

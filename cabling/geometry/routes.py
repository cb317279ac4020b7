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
vectorised nearest-pathway look-ups; :func:`route_tables` gives the same routes as columns (a
:class:`RouteTable` per site, no :class:`Route` and legs per cable: what the geometric checks
read); :func:`route_of` answers for one cable. All are pure: the network is built once per
inventory and kept.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely

from .. import standards
from ..choices import FIBRE_CABLE_TYPES, OUTLET_ROLES
from ..gcpause import gc_paused
from ..model import Cable, Device, Inventory, Rack, Site
from .network import Network, distance, network, place, points_array, rack_place


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
    a, b = cable.a, cable.b
    if len(a) != 1 or len(b) != 1:
        return None
    da, db = getattr(a[0], "device", None), getattr(b[0], "device", None)
    if da is None or db is None:
        return None
    if da.role in OUTLET_ROLES:
        if db.role in OUTLET_ROLES:
            return None
        outlet, far = da, db
    elif db.role in OUTLET_ROLES:
        outlet, far = db, da
    else:
        return None
    rack = far.rack
    if rack is None and far.space is not None:
        rack = next((r for r in far.site.racks.values() if r.space is far.space), None)
    return (outlet, rack) if rack is not None else None


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
    with gc_paused():
        for table in route_tables(inv):
            out.update(table.routes())
    return out


def route_tables(inv: Inventory, candidates: dict | None = None) -> list["RouteTable"]:
    """The routes of every horizontal cable that can be placed, as one :class:`RouteTable` per site.

    The same routes as :func:`routes` (same lengths, pathways and order), without building a
    :class:`Route` and its legs per cable: what the geometric checks read. ``candidates`` (site id ->
    cables, in the site's order), when the caller has them, are the only cables of each site asked
    whether they are horizontal ones: every horizontal cable must be among them.
    """
    out = []
    with gc_paused():  # many small objects, no garbage cycles (see cabling.gcpause)
        for site in inv.sites.values():
            cables = site.cables.values() if candidates is None else candidates.get(site.id, ())
            jobs = [(c, ends) for c in cables if (ends := horizontal_ends(c)) is not None]
            out.append(_solve(network(inv, site), jobs))
    return out


def route_of(inv: Inventory, cable: Cable) -> Route | None:
    """The route of one horizontal cable; None for another kind of cable or one that cannot be placed."""
    ends = horizontal_ends(cable)
    if ends is None:
        return None
    return _route_jobs(network(inv, cable.site), [(cable, ends)]).get(cable)


# ------------------------------------------------------------------ the work
@dataclass(slots=True, eq=False)
class RouteTable:
    """The routes of many horizontal cables of one site, as columns: entry ``i`` of each list is
    cable ``cables[i]``'s, in the order :func:`routes` gives them. :meth:`routes` makes the
    :class:`Route` objects (with their legs) from it."""

    site: Site
    cables: list[Cable] = field(default_factory=list)
    outlets: list[Device] = field(default_factory=list)
    racks: list[Rack] = field(default_factory=list)
    run_m: list[float] = field(default_factory=list)
    slack_m: list[float] = field(default_factory=list)
    pathways: list[tuple[str, ...]] = field(default_factory=list)
    notes: list[str | None] = field(default_factory=list)  # why a route is estimated; None: it is not
    placed: list[bool] = field(default_factory=list)
    floor: list[str | None] = field(default_factory=list)  # of the route's first point (at the outlet)
    start: list[tuple[float, float]] = field(default_factory=list)  # the route's first point
    # per cable: its Route (a straight estimate), or how to draw its legs (see routes()); None for the rows
    # of a floor routed in bulk until routes() asks (``_blocks``)
    _how: list = field(default_factory=list, repr=False)
    _tails: dict = field(default_factory=dict, repr=False)  # (rack node, node) -> (legs, pathways) to the rack
    # floors routed in bulk, their rows' ways to draw as columns: (first row, floor index, piece, distance
    # along it, towards its start, outlet point, point dropped to, dropped, tail key)
    _blocks: list = field(default_factory=list, repr=False)

    @property
    def length_m(self) -> list[float]:
        """Run and service loops: the cable each route needs."""
        return [r + s for r, s in zip(self.run_m, self.slack_m)]

    def estimated(self, i: int) -> bool:
        return self.notes[i] is not None

    def add(self, cable: Cable, outlet: Device, rack: Rack, run_m: float, slack_m: float, pathways: tuple,
            note: str | None, placed: bool, floor: str | None, start, how) -> None:
        """One row at the end of the table."""
        self.cables.append(cable)
        self.outlets.append(outlet)
        self.racks.append(rack)
        self.run_m.append(run_m)
        self.slack_m.append(slack_m)
        self.pathways.append(pathways)
        self.notes.append(note)
        self.placed.append(placed)
        self.floor.append(floor)
        self.start.append(start)
        self._how.append(how)

    def routes(self) -> dict[Cable, Route]:
        for first, idx, k, t, by_u, ats, qxy, dropped, keys in self._blocks:
            self._how[first:first + len(k)] = [(idx, kn, tn, bu, at, q[0], q[1], d, key)
                                               for kn, tn, bu, at, q, d, key in zip(k, t, by_u, ats, qxy, dropped, keys)]
        self._blocks = []
        out: dict[Cable, Route] = {}
        site_id = self.site.id
        for i, cable in enumerate(self.cables):
            how = self._how[i]
            if how.__class__ is Route:
                out[cable] = how
                continue
            idx, kn, tn, to_start, at, qx, qy, dropped, key = how
            tail_legs = self._tails[key][0]
            first = _first_points(idx, kn, tn, to_start, at, qx, qy, dropped, tail_legs[0].points[0])
            legs = (Leg(idx.floor, tuple(first) + tail_legs[0].points),) + tail_legs[1:]
            run_m, slack, note = self.run_m[i], self.slack_m[i], self.notes[i]
            out[cable] = Route(cable.id, site_id, self.outlets[i].id, self.racks[i].id, legs, run_m, slack,
                               run_m + slack, self.pathways[i], note is not None, note, self.placed[i])
        return out


def _add_straight(table: RouteTable, route: Route, cable: Cable, outlet: Device, rack: Rack) -> None:
    """The table row of a route made whole (a straight estimate)."""
    leg = route.legs[0]
    table.add(cable, outlet, rack, route.run_m, route.slack_m, route.pathways, route.note, route.placed, leg.floor,
              leg.points[0], route)


def _first_points(idx, kn: int, tn: float, to_start: bool, at, qx: float, qy: float, dropped: bool, tail_start):
    """The points of a route's first leg before its tail: the outlet (when it is off the pathway), the
    point it drops to, and the piece's vertices on to the tail's first node."""
    first = [tuple(at)] if dropped else []
    first.append((qx, qy))
    first.extend(p for p in idx.part(kn, tn, to_start) if p != (qx, qy))
    if first[-1] == tail_start:
        first.pop()
    return first


def _route_jobs(net: Network, jobs) -> dict[Cable, Route]:
    return _solve(net, jobs).routes()


def _solve(net: Network, jobs) -> RouteTable:
    """Route ``jobs`` (``[(cable, (outlet, rack))]``) over ``net``: vectorised per floor, Python per cable
    only for what differs between cables."""
    site = net.site
    table = RouteTable(site)
    tails = table._tails  # (rack node, node) -> the legs and pathways from node to the rack
    on_network: dict[str, list] = {}  # floor id -> [(cable, outlet, rack, rack node, point, notes, placed)]
    racks: dict[int, tuple] = {}  # id(rack) -> (floor id, point, assumed, node)
    slacks: dict = {}  # cable type -> service loops
    floors, assumed_heights = net.floors, net.assumed_heights
    for cable, (outlet, rack) in jobs:
        room = outlet.room
        o_at = outlet.at
        if o_at is not None and room is not None and room.floor is not None:  # _outlet_place's usual answer
            o_floor, o_assumed = room.floor.id, False
        else:
            o_floor, o_at, o_assumed = _outlet_place(outlet)
        known = racks.get(id(rack))
        if known is None:
            r_floor_obj, r_at, r_assumed = rack_place(rack)
            known = racks[id(rack)] = (r_floor_obj.id if r_floor_obj is not None else None, r_at, r_assumed,
                                       net.rack_nodes.get(rack.id))
        r_floor, r_at, r_assumed, rack_node = known
        if o_at is None or r_at is None:
            continue
        if r_floor is None:
            r_floor = o_floor
        notes = None  # why the route is estimated, when it is
        if o_assumed or r_assumed or (r_floor != o_floor and (o_floor in assumed_heights or r_floor in assumed_heights)):
            notes = []
            if o_assumed:
                notes.append(f"outlet {outlet.id} has no position; its room's centre is used")
            if r_assumed:
                notes.append(f"rack {rack.id} has no position; its room's centre is used")
            if r_floor != o_floor and (o_floor in assumed_heights or r_floor in assumed_heights):
                notes.append("a floor has no 'height'; the storey height is assumed")
        placed = not (o_assumed or r_assumed)
        if rack_node is not None and o_floor in floors:
            items = on_network.get(o_floor)
            if items is None:
                items = on_network[o_floor] = []
            items.append((cable, outlet, rack, rack_node, o_at, notes, placed))
        else:
            why = ("the site has no pathways" if not site.pathways
                   else f"floor {o_floor} has no pathway" if o_floor not in floors
                   else f"no pathway reaches rack {rack.id}")
            _add_straight(table, _straight(net, cable, outlet, rack, o_floor, o_at, r_floor, r_at,
                                           (notes or []) + [why], placed), cable, outlet, rack)
    used_of: dict[tuple, tuple[str, ...]] = {}  # (rack node, node, first pathway) -> pathways of the route
    inf = math.inf
    for floor_id, items in on_network.items():
        idx = floors[floor_id]
        columns = list(zip(*items))  # cables, outlets, racks, rack nodes, points, notes, placed
        xy = points_array(columns[4])
        pts = shapely.points(xy)
        k = idx.nearest(xy, pts)
        geoms = idx.geoms[k]
        t = shapely.line_locate_point(geoms, pts)
        q = shapely.line_interpolate_point(geoms, t)
        drop = shapely.distance(pts, q)
        total = shapely.length(geoms)
        qxy = shapely.get_coordinates(q)
        # the way from each outlet's rack to either end of its piece
        ends = idx.ends()
        racks_here = list(dict.fromkeys(columns[3]))
        if len(racks_here) == 1:
            to_u, to_v = net.to_pieces(idx, racks_here[0])
            du, dv = to_u[k], to_v[k]
        else:
            rack_of = np.array(columns[3], dtype=np.int64)
            du = np.empty(len(items))
            dv = np.empty(len(items))
            for rack_node in racks_here:
                to_u, to_v = net.to_pieces(idx, rack_node)
                mine = rack_of == rack_node
                du[mine] = to_u[k[mine]]
                dv[mine] = to_v[k[mine]]
        via_u = du + t
        via_v = dv + (total - t)
        by_u = via_u <= via_v
        run_m = (drop + np.where(by_u, via_u, via_v)).tolist()
        nowhere = ((via_u == inf) & (via_v == inf)).tolist()
        node_of = np.where(by_u, ends[k, 0], ends[k, 1]).tolist()
        by_u = by_u.tolist()
        dropped = (drop > 0).tolist()
        k = k.tolist()
        t = t.tolist()
        qxy = qxy.tolist()
        first_pw = net.piece_pathways(idx)
        if not any(nowhere):  # the usual floor: every outlet's pathway reaches its rack
            _bulk_rows(table, net, idx, columns, k, t, by_u, node_of, run_m, qxy, dropped, first_pw, used_of, slacks)
            continue
        for n, (cable, outlet, rack, rack_node, at, notes, placed) in enumerate(items):
            if nowhere[n]:
                r_floor, r_at = racks[id(rack)][:2]
                _add_straight(table, _straight(
                    net, cable, outlet, rack, floor_id, at, floor_id if r_floor is None else r_floor, r_at,
                    (notes or []) + [f"the pathway nearest outlet {outlet.id} does not reach rack {rack.id}"], placed),
                    cable, outlet, rack)
                continue
            node, kn = node_of[n], k[n]
            key = (rack_node, node)
            tail = tails.get(key)
            if tail is None:
                tail = tails[key] = _walk(net, node, net.shortest_from(rack_node)[1], floor_id)
            pw = first_pw[kn]
            used = used_of.get((key, pw))
            if used is None:
                used = list(tail[1])
                if pw and (not used or used[0] != pw):
                    used.insert(0, pw)
                used = used_of[key, pw] = tuple(used)
            slack = slacks.get(cable.type)
            if slack is None:
                slack = slacks[cable.type] = slack_of(site, cable)
            qx, qy = qxy[n]
            how = (idx, kn, t[n], by_u[n], at, qx, qy, dropped[n], key)
            if dropped[n]:
                start = tuple(at)
            else:  # the outlet lies on the pathway: its first point is where the drawn leg starts
                first = _first_points(*how[:-1], tail[0][0].points[0])
                start = first[0] if first else tail[0][0].points[0]
            table.add(cable, outlet, rack, run_m[n], slack, used, "; ".join(notes) if notes else None, placed,
                      floor_id, start, how)
    return table


def _bulk_rows(table, net, idx, columns, k, t, by_u, node_of, run_m, qxy, dropped, first_pw, used_of, slacks):
    """The table rows of one floor's outlets when each one's pathway reaches its rack: what the loop of
    :func:`_solve` gives, column by column."""
    cables, outlets, racks, rack_nodes, ats, notes, placed = columns
    tails = table._tails
    keys = list(zip(rack_nodes, node_of))  # (rack node, node where the route joins its tail)
    pws = [first_pw[kn] for kn in k]
    for key, pw in dict.fromkeys(zip(keys, pws)):
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = _walk(net, key[1], net.shortest_from(key[0])[1], idx.floor)
        if (key, pw) not in used_of:
            used = list(tail[1])
            if pw and (not used or used[0] != pw):
                used.insert(0, pw)
            used_of[key, pw] = tuple(used)
    for cable in cables:
        if cable.type not in slacks:
            slacks[cable.type] = slack_of(net.site, cable)
    if all(dropped):
        starts = [tuple(at) for at in ats]
    else:
        starts = [tuple(at) if d else _on_pathway_start(idx, kn, tn, bu, at, q, tails[key][0][0].points[0])
                  for at, d, kn, tn, bu, q, key in zip(ats, dropped, k, t, by_u, qxy, keys)]
    n = len(cables)
    table._blocks.append((len(table.cables), idx, k, t, by_u, ats, qxy, dropped, keys))
    table.cables.extend(cables)
    table.outlets.extend(outlets)
    table.racks.extend(racks)
    table.run_m.extend(run_m)
    table.slack_m.extend([slacks[c.type] for c in cables])
    table.pathways.extend([used_of[kp] for kp in zip(keys, pws)])
    table.notes.extend(["; ".join(x) if x else None for x in notes] if any(notes) else [None] * n)
    table.placed.extend(placed)
    table.floor.extend([idx.floor] * n)
    table.start.extend(starts)
    table._how.extend([None] * n)


def _on_pathway_start(idx, kn: int, tn: float, to_start: bool, at, q, tail_start):
    """The first point of the route of an outlet that lies on its pathway (no drop): the point on the
    pathway, unless that is where its tail starts (then the first leg's points may all be the tail's)."""
    q = tuple(q)
    if q != tail_start:
        return q  # the first leg starts at q, whatever follows it
    first = _first_points(idx, kn, tn, to_start, at, q[0], q[1], False, tail_start)
    return first[0] if first else tail_start


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

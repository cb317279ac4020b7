"""The pathway network of a site: trays, conduits and ceiling runs noded where they meet, risers between floors.

Per floor, the pathways' polylines are noded with shapely (``unary_union`` splits lines
where they cross, touch or end on each other); every piece becomes an edge of one
networkx graph, weighted by its length in metres. Racks and riser points are inserted
where they project onto the nearest piece (a short ``drop`` edge joins a point that is
not on the line). A riser is a vertical edge between the floors it joins, as long as
the floors' heights say. Outlets are not inserted: a route reaches the nearest piece's
two ends (see :mod:`cabling.geometry.routes`), so a site of 10,000 outlets keeps a small graph.

Nodes are integers; ``graph.nodes[n]`` has ``floor`` (floor id) and ``xy``. Edges carry
``length``, ``kind`` ("pathway", "riser" or "drop"), ``pathway`` (id or None), ``floor``
(None for a riser), and ``coords``: the points from the edge's ``start`` node to its other end.
"""
from __future__ import annotations

import math
import weakref
from itertools import chain
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.ops import substring

from .. import standards
from ..model import Floor, Inventory, Pathway, Rack, Site
from .pathgraph import PathGraph, connected_components, dijkstra_predecessor_and_distance

_ROUND = 6  # node coordinates are keyed to the micrometre
ON_LINE_M = 1e-3  # a point this close to a pathway is on it (no drop edge)
RISER_JOIN_M = 0.5  # a riser joins a floor's pathway that passes this close; farther, it joins nothing there


@dataclass
class FloorIndex:
    """The pathway pieces of one floor, for nearest-piece look-ups."""

    floor: str
    edges: list[tuple[int, int]]  # (start node, end node) of each piece, in the order of ``geoms``
    geoms: np.ndarray  # shapely LineStrings, coordinates from start to end
    tree: shapely.STRtree
    coords: list[tuple] = field(default_factory=list)  # each piece's points, start to end
    along: list[tuple] = field(default_factory=list)  # distance of each of those points from the start
    _ends: np.ndarray | None = field(default=None, repr=False)  # ``edges`` as an array (n, 2), when asked
    _pathways: list | None = field(default=None, repr=False)  # the pathway of each piece, when asked
    _segments: tuple | None = field(default=None, repr=False)  # the pieces' segments as arrays, when asked

    def nearest(self, xy: np.ndarray, points: np.ndarray) -> np.ndarray:
        """The piece nearest each point (``xy`` its coordinates, ``points`` the same as shapely points): what
        ``tree.query_nearest(points, all_matches=False)`` gives, without a tree search per point.

        The distances to every segment of every piece are computed with numpy; a point whose two nearest
        pieces are nearly as near (within a micrometre, far beyond rounding) is asked of the tree, so that
        it gets the piece the tree gives.
        """
        n, m = len(xy), len(self.coords)
        if m == 1:
            return np.zeros(n, dtype=np.int64)
        if self._segments is None:
            starts, ends, first = [], [], []
            for c in self.coords:
                first.append(len(starts))
                starts.extend(c[:-1])
                ends.extend(c[1:])
            a = np.array(starts, dtype=float).reshape(-1, 2)
            d = np.array(ends, dtype=float).reshape(-1, 2) - a
            self._segments = (a, d, (d * d).sum(axis=1), np.array(first, dtype=np.int64))
        a, d, length2, first = self._segments
        if n == 0 or n * len(a) > 4_000_000:  # many pieces: the tree's search is the cheaper
            return self.tree.query_nearest(points, all_matches=False)[1]
        rel = xy[:, None, :] - a[None, :, :]  # (point, segment, xy)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.clip(np.where(length2 > 0, (rel * d).sum(axis=2) / length2, 0.0), 0.0, 1.0)
        off = rel - t[:, :, None] * d[None, :, :]
        dist = np.sqrt(np.minimum.reduceat((off * off).sum(axis=2), first, axis=1))  # (point, piece)
        k = dist.argmin(axis=1)
        two = np.partition(dist, 1, axis=1)
        unsure = np.flatnonzero(two[:, 1] - two[:, 0] <= 1e-6)
        if len(unsure):
            k[unsure] = self.tree.query_nearest(points[unsure], all_matches=False)[1]
        return k

    def ends(self) -> np.ndarray:
        """``edges`` as an integer array of (start node, end node) rows."""
        if self._ends is None:
            self._ends = np.array(self.edges, dtype=np.int64).reshape(-1, 2)
        return self._ends

    def part(self, k: int, t: float, to_start: bool) -> list[tuple[float, float]]:
        """The vertices of piece ``k`` strictly beyond distance ``t`` towards its start (or its end)."""
        pts, cum = self.coords[k], self.along[k]
        if to_start:
            return [pts[i] for i in range(len(pts) - 1, -1, -1) if cum[i] < t] or [pts[0]]
        return [pts[i] for i in range(len(pts)) if cum[i] > t] or [pts[-1]]


@dataclass
class Network:
    site: Site
    graph: PathGraph
    floors: dict[str, FloorIndex] = field(default_factory=dict)
    rack_nodes: dict[str, int] = field(default_factory=dict)
    riser_nodes: dict[tuple[str, str], int] = field(default_factory=dict)  # (floor id, riser id) -> node
    # floor id -> elevation of its floor in metres above the lowest floor
    elevation: dict[str, float] = field(default_factory=dict)
    # floors whose elevation was assumed (a floor below had no 'height')
    assumed_heights: set[str] = field(default_factory=set)
    _trees: dict[int, tuple[dict, dict]] = field(default_factory=dict, repr=False)
    # (floor id, rack node) -> the shortest way from the rack to the start and to the end of each of the floor's pieces
    _to_pieces: dict[tuple, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    def shortest_from(self, node: int) -> tuple[dict, dict]:
        """(distance, predecessor) of every node reachable from ``node``: one Dijkstra, kept."""
        found = self._trees.get(node)
        if found is None:
            pred, dist = dijkstra_predecessor_and_distance(self.graph, node, weight="length")
            found = self._trees[node] = (dist, pred)
        return found

    def to_pieces(self, idx: FloorIndex, node: int) -> tuple[np.ndarray, np.ndarray]:
        """(to start, to end): the length of the shortest way from ``node`` to either end of each piece of
        floor ``idx`` (infinite where none), from the one Dijkstra search from ``node``; kept."""
        key = (idx.floor, node)
        found = self._to_pieces.get(key)
        if found is None:
            dist = self.shortest_from(node)[0]
            ends = idx.ends()
            inf = math.inf
            found = self._to_pieces[key] = (np.array([dist.get(u, inf) for u in ends[:, 0].tolist()], dtype=float),
                                            np.array([dist.get(v, inf) for v in ends[:, 1].tolist()], dtype=float))
        return found

    def piece_pathways(self, idx: FloorIndex) -> list:
        """The pathway id of each piece of floor ``idx``; kept."""
        if idx._pathways is None:
            idx._pathways = [self.graph[u][v]["pathway"] for u, v in idx.edges]
        return idx._pathways

    def pathway_edges(self):
        for u, v, d in self.graph.edges(data=True):
            if d["kind"] != "drop":
                yield u, v, d


# ------------------------------------------------------------------ places of things
def floor_of_room(room) -> Floor | None:
    return room.floor if room is not None else None


def place(at, room) -> tuple[tuple[float, float] | None, bool]:
    """(point, assumed): ``at``, else the centre of ``room`` (assumed), else None."""
    if at is not None:
        return at, False
    if room is not None and room.polygon:
        c = shapely.Polygon(room.polygon).centroid
        return (c.x, c.y), True
    return None, True


def rack_place(rack: Rack) -> tuple[Floor | None, tuple[float, float] | None, bool]:
    """(floor, point, assumed): a rack without 'at' stands at its room's centre (assumed)."""
    return (floor_of_room(rack.room), *place(rack.at, rack.room))


def elevations(site: Site) -> tuple[dict[str, float], set[str]]:
    """Floor id -> elevation (m) from the floors' levels and heights; and the floors whose elevation is assumed."""
    default = float(standards.DEFAULT_STOREY_HEIGHT_M)
    floors = list(site.floors.values())
    if all(f.level is not None for f in floors):
        floors.sort(key=lambda f: f.level)
    out, assumed = {}, set()
    z, guessed = 0.0, False
    for i, f in enumerate(floors):
        if i:
            below = floors[i - 1]
            steps = (f.level - below.level) if f.level is not None and below.level is not None else 1
            if below.height is None:
                guessed = True
            z += (below.height if below.height is not None else default) * steps
        out[f.id] = z
        if guessed:
            assumed.add(f.id)
    return out, assumed


# ------------------------------------------------------------------ building
class _Builder:
    def __init__(self, site: Site):
        self.site = site
        self.g = PathGraph()
        self.keys: dict[tuple, int] = {}

    def node(self, floor: str, x: float, y: float) -> int:
        key = (floor, round(x, _ROUND), round(y, _ROUND))
        n = self.keys.get(key)
        if n is None:
            n = self.keys[key] = len(self.keys)
            self.g.add_node(n, floor=floor, xy=(float(x), float(y)))
        return n

    def edge(self, a: int, b: int, coords, length: float, kind: str, pathway: str | None, floor: str | None):
        if a == b:
            return
        old = self.g.get_edge_data(a, b)
        if old is not None and old["length"] <= length:
            return
        self.g.add_edge(a, b, start=a, coords=tuple(coords), length=float(length), kind=kind,
                        pathway=pathway, floor=floor)


def build_network(site: Site) -> Network:
    b = _Builder(site)
    net = Network(site=site, graph=b.g)
    net.elevation, net.assumed_heights = elevations(site)
    by_floor: dict[str, list[Pathway]] = {}
    for pw in site.pathways.values():
        if not pw.is_vertical and pw.floor is not None:
            by_floor.setdefault(pw.floor.id, []).append(pw)
    # points to insert into each floor's pieces: (point, what) where what is ("rack", id) or ("riser", id)
    inserts: dict[str, list[tuple[tuple[float, float], tuple[str, str]]]] = {}
    for rack in site.racks.values():
        floor, at, _ = rack_place(rack)
        if floor is not None and at is not None:
            inserts.setdefault(floor.id, []).append((at, ("rack", rack.id)))
    for pw in site.pathways.values():
        if pw.is_vertical:
            for fl in pw.floors:
                inserts.setdefault(fl.id, []).append((pw.at, ("riser", pw.id)))
    riser_nodes = net.riser_nodes
    for floor_id in sorted(set(by_floor) | set(inserts)):
        placed = _build_floor(b, net, floor_id, by_floor.get(floor_id, []), inserts.get(floor_id, []))
        for (what, ident), n in placed.items():
            if what == "rack":
                net.rack_nodes[ident] = n
            else:
                riser_nodes[floor_id, ident] = n
    for pw in site.pathways.values():
        if not pw.is_vertical:
            continue
        floors = sorted(pw.floors, key=lambda f: net.elevation.get(f.id, 0.0))
        for lo, hi in zip(floors, floors[1:]):
            rise = abs(net.elevation.get(hi.id, 0.0) - net.elevation.get(lo.id, 0.0))
            a, c = riser_nodes[lo.id, pw.id], riser_nodes[hi.id, pw.id]
            b.edge(a, c, (pw.at, pw.at), rise or float(standards.DEFAULT_STOREY_HEIGHT_M), "riser", pw.id, None)
    return net


def _build_floor(b: _Builder, net: Network, floor_id: str, pathways: list[Pathway], inserts) -> dict:
    """Add one floor's pieces to the graph; returns (what, id) -> node of every inserted point."""
    placed: dict = {}
    pieces: list = []
    owners: list[str] = []
    if pathways:
        lines = [shapely.LineString(pw.path) for pw in pathways]
        merged = shapely.unary_union(lines)
        parts = [p for p in shapely.get_parts(merged)
                 if p.geom_type == "LineString" and p.length > 0]
        if parts:
            mids = shapely.line_interpolate_point(parts, 0.5, normalized=True)
            tree = shapely.STRtree(lines)
            hit_piece, hit_line = tree.query(mids, predicate="dwithin", distance=1e-6)
            owner = {}
            for i, j in zip(hit_piece.tolist(), hit_line.tolist()):
                owner[i] = min(owner.get(i, j), j)  # the first pathway listed, where two overlap
            pieces = parts
            owners = [pathways[owner.get(i, 0)].id for i in range(len(parts))]
    # where each inserted point falls: split those pieces there
    cuts: dict[int, list[tuple[float, int]]] = {}
    if pieces and inserts:
        tree = shapely.STRtree(pieces)
        pts = shapely.points([p for p, _ in inserts])
        nearest = tree.query_nearest(pts, all_matches=False)[1]
        for (pt, what), geom_pt, k in zip(inserts, pts, nearest.tolist()):
            piece = pieces[k]
            t = float(shapely.line_locate_point(piece, geom_pt))
            q = shapely.line_interpolate_point(piece, t)
            d = float(shapely.distance(geom_pt, q))
            if what[0] == "riser" and d > RISER_JOIN_M:
                placed[what] = b.node(floor_id, *pt)
                continue
            n = b.node(floor_id, q.x, q.y)
            cuts.setdefault(k, []).append((t, n))
            if d > ON_LINE_M:
                own = b.node(floor_id, *pt)
                b.edge(own, n, (pt, (q.x, q.y)), d, "drop", None, floor_id)
                placed[what] = own
            else:
                placed[what] = n
    elif inserts:
        for pt, what in inserts:
            placed[what] = b.node(floor_id, *pt)
    edges, geoms, coords = [], [], []
    for k, piece in enumerate(pieces):
        total = piece.length
        marks = sorted(cuts.get(k, []))
        stops = [0.0] + [t for t, _ in marks if 0.0 < t < total] + [total]
        for t0, t1 in zip(stops, stops[1:]):
            if t1 - t0 <= 1e-9:
                continue
            seg = substring(piece, t0, t1) if (t0 > 0 or t1 < total) else piece
            c = list(seg.coords)
            a, z = b.node(floor_id, *c[0]), b.node(floor_id, *c[-1])
            if a == z:
                continue
            b.edge(a, z, c, seg.length, "pathway", owners[k], floor_id)
            kept = tuple(c)
            if b.g[a][z]["coords"] == kept:
                edges.append((a, z))
                geoms.append(shapely.LineString(c))
                coords.append(kept)
    if geoms:
        arr = np.array(geoms, dtype=object)
        along = _along(coords)
        net.floors[floor_id] = FloorIndex(floor_id, edges, arr, shapely.STRtree(arr), coords, along)
    return placed


def _along(coords: list[tuple]) -> list[tuple]:
    """Each polyline's distance of each of its points from its start (``coords``: the polylines' points): the
    segments' lengths found in one numpy call, summed from the start as numpy's cumsum does."""
    flat = np.array([p for c in coords for p in c], dtype=float).reshape(-1, 2)
    step = np.diff(flat, axis=0)
    lengths = np.hypot(step[:, 0], step[:, 1]).tolist()  # lengths[i]: from point i to i + 1 (across polylines too)
    out = []
    start = 0
    for c in coords:
        run = [0.0]
        total = None
        for x in lengths[start:start + len(c) - 1]:
            total = x if total is None else total + x
            run.append(total)
        out.append(tuple(run))
        start += len(c)
    return out


# ------------------------------------------------------------------ one network per site, kept per inventory
_CACHE: dict[int, tuple[weakref.ref, dict[str, Network]]] = {}


def network(inv: Inventory, site: Site) -> Network:
    """The pathway network of ``site``, built once per loaded inventory."""
    key = id(inv)
    entry = _CACHE.get(key)
    if entry is None or entry[0]() is not inv:
        entry = (weakref.ref(inv), {})
        _CACHE[key] = entry
        weakref.finalize(inv, _CACHE.pop, key, None)
    nets = entry[1]
    net = nets.get(site.id)
    if net is None or net.site is not site:
        net = nets[site.id] = build_network(site)
    return net


def components_without_rack(net: Network) -> list[set[str]]:
    """Pathway ids of each connected part of the network that reaches no rack."""
    racks = set(net.rack_nodes.values())
    out = []
    g = net.graph
    for comp in connected_components(g):
        if comp & racks:
            continue
        ids = {d["pathway"] for u in comp for d in g[u].values() if d["pathway"]}
        if ids:
            out.append(ids)
    return out


def points_array(points) -> np.ndarray:
    """An (n, 2) float array of ``points`` (pairs, as the schema has them), read without a list per point."""
    flat = chain.from_iterable(points)
    out = np.fromiter(flat, dtype=float, count=2 * len(points))
    if next(flat, None) is not None:  # a point that is no pair: as numpy reads the list
        return np.array(points, dtype=float)
    return out.reshape(-1, 2)


def distance(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])

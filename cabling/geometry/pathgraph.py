"""The pathway network's graph: an undirected graph with attributes, and the two searches the routes need.

A site's pathway network is small (a few hundred nodes a floor) and is searched with one Dijkstra per rack,
which networkx runs in pure Python too; but importing networkx costs a ``cabling faults`` process about
0.12 s, as long as scanning a 1,000-outlet site. So the network keeps its graph here. The class has the part of
``networkx.Graph``'s interface the routes use (``add_node``, ``add_edge``, ``get_edge_data``, ``nodes[n]``,
``g[u][v]``, ``edges(data=True)``), with networkx's semantics: insertion-ordered adjacency, an edge added
again updates its one attribute dict in place. :func:`dijkstra_predecessor_and_distance` and
:func:`connected_components` follow networkx 3's algorithms step for step (the same heap with a counter to
break ties, the same neighbour order), so the routes, their lengths and their tie-breaks are the ones
networkx gave (``tests/test_pathgraph.py`` compares them on random graphs).
"""
from __future__ import annotations

from heapq import heappop, heappush
from itertools import count


class PathGraph:
    """An undirected graph: nodes with an attribute dict each, edges with one attribute dict shared by both ends."""

    __slots__ = ("nodes", "_adj")

    def __init__(self) -> None:
        self.nodes: dict = {}  # node -> its attributes
        self._adj: dict = {}  # node -> {neighbour: the edge's attributes}

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self):
        return iter(self.nodes)

    def __contains__(self, node) -> bool:
        return node in self.nodes

    def __getitem__(self, node) -> dict:
        return self._adj[node]

    def add_node(self, node, **attrs) -> None:
        if node not in self.nodes:
            self.nodes[node] = {}
            self._adj[node] = {}
        self.nodes[node].update(attrs)

    def add_edge(self, u, v, **attrs) -> None:
        for n in (u, v):
            if n not in self.nodes:
                self.nodes[n] = {}
                self._adj[n] = {}
        data = self._adj[u].get(v)
        if data is None:
            data = {}
        data.update(attrs)
        self._adj[u][v] = data
        self._adj[v][u] = data

    def get_edge_data(self, u, v, default=None):
        try:
            return self._adj[u][v]
        except KeyError:
            return default

    def edges(self, node=None, data: bool = False):
        """Each edge once, as networkx lists them: by node in insertion order, then by neighbour; of ``node`` only
        when given."""
        adj = self._adj
        pairs = adj.items() if node is None else ([(node, adj[node])] if node in adj else [])
        seen = set()
        for n, nbrs in pairs:
            for nbr, d in nbrs.items():
                if nbr not in seen:
                    yield (n, nbr, d) if data else (n, nbr)
            seen.add(n)

    def number_of_edges(self) -> int:
        return sum(len(nbrs) for nbrs in self._adj.values()) // 2


def dijkstra_predecessor_and_distance(g: PathGraph, source, weight: str = "length") -> tuple[dict, dict]:
    """(predecessors, distance) of every node reachable from ``source``: networkx's function of that name, with
    each edge's ``weight`` attribute as its length (1 where it has none)."""
    adj = g._adj
    pred: dict = {source: []}
    dist: dict = {}
    seen = {source: 0}
    c = count()
    fringe: list = [(0, next(c), source)]
    while fringe:
        d, _, v = heappop(fringe)
        if v in dist:
            continue
        dist[v] = d
        for u, e in adj[v].items():
            vu_dist = d + e.get(weight, 1)
            if u in dist:
                u_dist = dist[u]
                if vu_dist < u_dist:
                    raise ValueError("Contradictory paths found:", "negative weights?")
                if vu_dist == u_dist:
                    pred[u].append(v)
            elif u not in seen or vu_dist < seen[u]:
                seen[u] = vu_dist
                heappush(fringe, (vu_dist, next(c), u))
                pred[u] = [v]
            elif vu_dist == seen[u]:
                pred[u].append(v)
    return pred, dist


def connected_components(g: PathGraph):
    """The node set of each connected part, in the order of each part's first node (as networkx yields them)."""
    adj = g._adj
    seen: set = set()
    for v in adj:
        if v in seen:
            continue
        part = {v}
        level = [v]
        while level:
            nxt = []
            for n in level:
                for nbr in adj[n]:
                    if nbr not in part:
                        part.add(nbr)
                        nxt.append(nbr)
            level = nxt
        seen |= part
        yield part

"""The pathway network's own graph gives what networkx gives: the same shortest distances, the same
predecessors (ties included, in the same order), the same edges in the same order and the same parts."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from cabling.geometry.pathgraph import PathGraph, connected_components, dijkstra_predecessor_and_distance


def both(seed: int):
    """A random graph built the same way into a networkx Graph and a PathGraph: lengths with many ties, edges
    added again (shorter or longer, as the network builder does), several parts."""
    rnd = random.Random(seed)
    n = rnd.randint(1, 40)
    ours, theirs = PathGraph(), nx.Graph()
    for v in rnd.sample(range(n), n):
        ours.add_node(v, floor=str(v % 3), xy=(v, -v))
        theirs.add_node(v, floor=str(v % 3), xy=(v, -v))
    for _ in range(rnd.randint(0, 3 * n)):
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a == b:
            continue
        attrs = {"length": float(rnd.choice([1, 1, 2, 2.5, 3, rnd.randint(1, 9)])), "start": a, "kind": "tray",
                 "pathway": rnd.choice([None, "T1", "T2"])}
        ours.add_edge(a, b, **attrs)
        theirs.add_edge(a, b, **attrs)
    return n, ours, theirs


@pytest.mark.parametrize("seed", range(300))
def test_the_pathway_graph_searches_as_networkx_does(seed):
    n, ours, theirs = both(seed)
    assert list(ours.edges(data=True)) == list(theirs.edges(data=True))
    assert list(ours.nodes) == list(theirs.nodes) and all(ours.nodes[v] == theirs.nodes[v] for v in theirs)
    assert ours.number_of_edges() == theirs.number_of_edges()
    for v in theirs:
        assert list(ours.edges(v, data=True)) == list(theirs.edges(v, data=True))
        assert dict(ours[v]) == dict(theirs[v])
        mine = dijkstra_predecessor_and_distance(ours, v, weight="length")
        nxs = nx.dijkstra_predecessor_and_distance(theirs, v, weight="length")
        assert mine == nxs and list(mine[0]) == list(nxs[0]) and list(mine[1]) == list(nxs[1])
    assert list(connected_components(ours)) == list(nx.connected_components(theirs))


def test_an_edge_added_again_keeps_its_place_and_takes_the_new_attributes():
    g = PathGraph()
    g.add_edge(1, 2, length=5.0, kind="tray")
    g.add_edge(1, 3, length=1.0, kind="tray")
    g.add_edge(2, 1, length=2.0)
    assert list(g.edges(data=True)) == [(1, 2, {"length": 2.0, "kind": "tray"}), (1, 3, {"length": 1.0, "kind": "tray"})]
    assert g[2][1] is g[1][2] and g.get_edge_data(3, 2) is None
    assert dijkstra_predecessor_and_distance(g, 3) == ({3: [], 1: [3], 2: [1]}, {3: 0, 1: 1.0, 2: 3.0})

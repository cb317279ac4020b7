"""The cabling graph: ports are nodes; cables and front-to-rear mappings are edges.

Nodes are the :class:`~cabling.model.Port` objects themselves. Edge attributes:

* ``kind="cable"``, ``cable=<Cable>`` between every port of one end and every
  port of the other;
* ``kind="mapping"``, ``positions=[(front position, rear position), ...]``
  between a front port and the rear port it is mapped onto inside a passive
  device;
* ``kind="circuit"``, ``circuit=<Circuit>`` between the A and Z terminations of
  a carrier circuit (which are nodes too).

Whole-network analyses (reachability, components, impact) run on this graph
with ordinary networkx algorithms; :mod:`cabling.analysis.trace` follows NetBox's
position-aware rules over the same ports.
"""
from __future__ import annotations

import networkx as nx

from .gcpause import gc_paused
from .model import Inventory


def build(inventory: Inventory) -> nx.Graph:
    with gc_paused():
        return _build(inventory)


def _build(inventory: Inventory) -> nx.Graph:
    g = nx.Graph()
    ports = [p for d in inventory.devices() for p in d.ports]
    g.add_nodes_from(ports)
    terms = list(inventory.circuit_terminations())
    g.add_nodes_from(terms)
    edges = []
    for cable in inventory.cables():
        data = {"kind": "cable", "cable": cable}
        for pa in cable.a:
            for pb in cable.b:
                edges.append((pa, pb, data))
    mappings: dict[tuple[int, int], tuple] = {}
    for p in ports:
        if p.rear:
            for fpos, rear, rpos in p.rear:
                key = (id(p), id(rear))
                if key in mappings:
                    mappings[key][2]["positions"].append((fpos, rpos))
                else:
                    mappings[key] = (p, rear, {"kind": "mapping", "positions": [(fpos, rpos)]})
    edges.extend(mappings.values())
    for c in inventory.circuits.values():
        if c.a is not None and c.z is not None:
            edges.append((c.a, c.z, {"kind": "circuit", "circuit": c}))
    g.add_edges_from(edges)
    g.graph["inventory"] = inventory
    return g

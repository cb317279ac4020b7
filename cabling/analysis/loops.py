"""Cabling loops: paths that come back to where they have been and would go round forever.

A loop is a cabling mistake (two panels tied rear to rear and, by mistake, patched
front to front; a ring through a trunk's positions). :func:`cabling.analysis.trace.from_origin`
stops at one and marks its path (``loop``, ``loop_at``, ``loop_cable``);
:func:`find` lists every distinct loop of an inventory for ``cabling validate``
and the faults catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Cable, Inventory, Port
from .trace import CABLES, PORTS, Path, trace_many


@dataclass(frozen=True, slots=True)
class Loop:
    """One cabling loop: the cables round it, and where a trace comes back."""

    cables: tuple[Cable, ...]  # round the loop, in the order a trace from ``start`` meets them
    closes_at: tuple[Port, ...]  # the port(s) the path comes back to
    closing_cable: Cable | None  # the cable it comes back over
    start: Port  # the port the trace that found it started from

    def describe(self, inventory: Inventory) -> str:
        at = ", ".join(inventory.ref(p) for p in self.closes_at)
        over = f" over cable {self.closing_cable.id}" if self.closing_cable is not None else ""
        return (f"cabling loop through cable(s) {', '.join(c.id for c in self.cables)}: a trace from "
                f"{inventory.ref(self.start)} comes back to {at}{over} and would go round forever")


def of_path(path: Path) -> Loop | None:
    """The loop a traced path ran into, or None when it has none."""
    if not path.loop:
        return None
    ids = set(map(id, path.loop_at))
    first = next(i for i, s in enumerate(path.steps) if s.kind == PORTS and set(map(id, s.items)) == ids)
    cables = tuple(c for s in path.steps[first:] if s.kind == CABLES for c in s.items)
    return Loop(cables=cables, closes_at=path.loop_at, closing_cable=path.loop_cable, start=path.origin[0])


def find(inventory: Inventory) -> list[Loop]:
    """Every distinct cabling loop, each once (however many of its ports a trace could start from).

    A path from an endpoint can only run into a loop through pass-through ports,
    so traces start from every cabled front and rear port, in both directions.
    """
    found: dict[frozenset, Loop] = {}
    cyclic = _on_cycles(inventory)
    ports = [port for port in inventory.ports() if id(port) in cyclic and port.cable is not None
             and port.is_pass_through] if cyclic else []
    for paths in trace_many(ports):
        for path in paths:
            loop = of_path(path)
            if loop is not None:
                key = frozenset(map(id, loop.cables))
                if key not in found:
                    found[key] = loop
    return sorted(found.values(), key=lambda lp: (lp.closing_cable.id if lp.closing_cable else "",
                                                  inventory.ref(lp.start)))


def _on_cycles(inventory: Inventory) -> set[int]:
    """id() of every port in a part of the cabling graph that has a cycle: only there can a trace loop.

    A trace never goes straight back over the link it came by (a cable, then a mapping inside a
    device, then a cable, ...), and such a walk can come back to a port only round a cycle. Ports
    are joined (union-find) over cables, front-to-rear mappings and circuits; a link between two
    ports already joined closes a cycle. Parts without one (nearly all of a site) are not traced.
    """
    parent: dict[int, int] = {}
    closed: set[int] = set()  # roots of parts with a cycle (kept up to date below)
    for a, b in _links(inventory):
        ra = parent.get(a)
        if ra is None:
            parent[a] = ra = a
        while parent[ra] != ra:  # path halving
            parent[ra] = parent[parent[ra]]
            ra = parent[ra]
        rb = parent.get(b)
        if rb is None:
            parent[b] = rb = b
        while parent[rb] != rb:
            parent[rb] = parent[parent[rb]]
            rb = parent[rb]
        if ra == rb:  # a link between two ports already joined closes a cycle
            closed.add(ra)
            continue
        parent[rb] = ra
        if rb in closed:
            closed.discard(rb)
            closed.add(ra)

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    if not closed:
        return set()
    closed = {root(r) for r in closed}
    return {x for x in parent if root(x) in closed}


def _links(inventory: Inventory):
    """(id, id) of the two ports of every link a trace can take: cables, front-to-rear mappings, circuits."""
    for cable in inventory.cables():
        for pa in cable.a:
            for pb in cable.b:
                yield id(pa), id(pb)
    links: dict[int, tuple] = {}  # id(model) -> (front index, rear index) of each front-to-rear mapping
    for device in inventory.devices():
        model = device.model
        pairs = links.get(id(model))
        if pairs is None:
            rear_table = (model._tables or model.port_tables())[0]
            pairs = links[id(model)] = tuple((i, ri) for i, mapped in enumerate(rear_table) if mapped
                                             for ri in dict.fromkeys(ri for _f, ri, _r in mapped))
        if pairs:
            ports = device.ports
            for i, ri in pairs:
                yield id(ports[i]), id(ports[ri])
    for c in inventory.circuits.values():
        if c.a is not None and c.z is not None:
            yield id(c.a), id(c.z)

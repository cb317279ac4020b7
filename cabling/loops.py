"""Cabling loops: paths that come back to where they have been and would go round forever.

A loop is a cabling mistake (two panels tied rear to rear and, by mistake, patched
front to front; a ring through a trunk's positions). :func:`cabling.trace.from_origin`
stops at one and marks its path (``loop``, ``loop_at``, ``loop_cable``);
:func:`find` lists every distinct loop of an inventory for ``cabling validate``
and the faults catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Cable, Inventory, Port
from .trace import CABLES, PORTS, Path, trace


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
    for port in inventory.ports():
        if port.cable is None or not port.is_pass_through:
            continue
        for path in trace(port):
            loop = of_path(path)
            if loop is not None:
                key = frozenset(map(id, loop.cables))
                if key not in found:
                    found[key] = loop
    return sorted(found.values(), key=lambda lp: (lp.closing_cable.id if lp.closing_cable else "",
                                                  inventory.ref(lp.start)))

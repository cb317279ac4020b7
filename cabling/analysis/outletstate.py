"""The state of every wall outlet, as a plan colours it: active, free, dark, planned or faulty.

A jack (an outlet's front port) is traced both ways (:func:`cabling.analysis.trace.trace`):

* **faulty**: a cable on either path has status ``faulty``;
* **planned**: otherwise, a cable on either path is still ``planned``;
* **active**: the path through the outlet reaches a switch (complete, every cable installed) and
  something is plugged into the jack (its own path ends on a device);
* **free**: the path reaches a switch but nothing is plugged in: a live jack, ready for a user;
* **dark**: the path does not reach a switch (no horizontal cable, or its panel port is not patched).

An outlet takes the first of its jacks' states in :data:`PRIORITY` (one faulty jack makes the outlet
faulty; one active jack makes it active). Pure functions of the loaded model.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..choices import ACTIVE_CABLE_STATUS, OUTLET_ROLES
from ..model import Device, Inventory, Port
from .trace import Path, trace, trace_many

ACTIVE, FREE, DARK, PLANNED, FAULTY = "active", "free", "dark", "planned", "faulty"
#: legend order
STATES = (ACTIVE, FREE, DARK, PLANNED, FAULTY)
#: which jack state names the outlet
PRIORITY = (FAULTY, ACTIVE, FREE, PLANNED, DARK)
MEANING = {
    ACTIVE: "in use: live to a switch, a device plugged in",
    FREE: "live to a switch, nothing plugged in",
    DARK: "not live: no horizontal cable, or its panel port is not patched",
    PLANNED: "a cable on its path is only planned",
    FAULTY: "a cable on its path is faulty",
}


@dataclass(frozen=True, slots=True)
class JackState:
    port: Port
    state: str
    why: str  # one line: what makes it so


@dataclass(frozen=True, slots=True)
class OutletState:
    outlet: Device
    state: str
    jacks: tuple[JackState, ...]


def _ends(inv: Inventory, path: Path) -> str:
    return ", ".join(inv.ref(p) for p in path.destination)


def jack_state(inv: Inventory, port: Port, paths: list[Path] | None = None) -> JackState:
    """The state of one outlet jack (a front port), with the reason in words.

    ``paths`` may give the jack's ``trace(port)``, already made (:func:`jack_states` traces many at once).
    """
    if paths is None:
        paths = trace(port)
    cables = [c for p in paths for c in p.cables]
    for status, state in (("faulty", FAULTY), ("planned", PLANNED)):
        bad = [c.id for c in cables if c.status == status]
        if bad:
            return JackState(port, state, f"cable {', '.join(bad)} is {status}")
    along = next((p for p in paths if p.direction == "cable"), None)
    inward = next((p for p in paths if p.direction == "device"), None)
    if inward is None or not inward.cables:
        return JackState(port, DARK, "no horizontal cable behind the jack")
    if not (inward.complete and inward.active):
        not_installed = [c.id for c in inward.cables if c.status != ACTIVE_CABLE_STATUS]
        if not_installed:
            return JackState(port, DARK, f"cable {', '.join(not_installed)} is not installed")
        last = inward.destination
        if len(last) == 1 and last[0].__class__ is Port and last[0].cable is None and last[0].device.role == "patch-panel":
            return JackState(port, DARK, f"panel port {inv.ref(last[0])} is not patched to a switch")
        return JackState(port, DARK, f"does not reach a switch: stops at {_ends(inv, inward)}")
    switch = _ends(inv, inward)
    if along is not None and along.cables and along.complete and along.active:
        return JackState(port, ACTIVE, f"{_ends(inv, along)} on {switch}")
    return JackState(port, FREE, f"live on {switch}, nothing plugged in")


def jacks(outlet: Device) -> list[Port]:
    """An outlet's jacks: its front ports (every port when it has none)."""
    fronts = [p for p in outlet.ports if p.kind == "front"]
    return fronts or list(outlet.ports)


def jack_states(inv: Inventory, ports: list[Port]) -> list[JackState]:
    """:func:`jack_state` of each of ``ports``, the jacks traced together (:func:`cabling.analysis.trace.trace_many`)."""
    return [jack_state(inv, p, paths) for p, paths in zip(ports, trace_many(ports))]


def outlet_state(inv: Inventory, outlet: Device, states: tuple[JackState, ...] | None = None) -> OutletState:
    """The outlet's state; ``states`` may give those of its :func:`jacks`, in order, already found."""
    if states is None:
        states = tuple(jack_state(inv, p) for p in jacks(outlet))
    found = {j.state for j in states}
    state = next((s for s in PRIORITY if s in found), DARK)
    return OutletState(outlet, state, states)


def is_outlet(device: Device) -> bool:
    return device.role in OUTLET_ROLES


def outlet_states(inv: Inventory, devices) -> dict[str, OutletState]:
    """Device id -> state, for the outlets among ``devices`` (other devices are left out)."""
    outlets = [d for d in devices if is_outlet(d)]
    of = [jacks(d) for d in outlets]
    states = iter(jack_states(inv, [p for ports in of for p in ports]))
    return {d.id: outlet_state(inv, d, tuple(next(states) for _ in ports)) for d, ports in zip(outlets, of)}


def counts(states) -> dict[str, int]:
    """State -> number of outlets in it, every state listed (zero where none), in legend order."""
    out = dict.fromkeys(STATES, 0)
    for s in states:
        out[s.state] += 1
    return out

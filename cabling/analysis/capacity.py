"""Where is there room: free switch ports, free panel ports, dark and empty jacks, utilisation.

:func:`capacity_report` looks at every switch, patch panel and outlet once:

* **switch ports**: a switch interface with no cable is free; a free PoE port
  says its type, and each switch what is left of its PoE budget
  (:mod:`cabling.analysis.poe`);
* **panel ports** (one per front port): *free* when neither the front port nor
  the rear it is mapped onto has a cable, *dark* when the rear is terminated
  (an installed horizontal cable or trunk lands on it) but the front is not
  patched, *used* otherwise (a port whose cable behind is only planned, faulty
  or decommissioned is *reserved*: used, not dark);
* **outlet jacks**, by their state (:mod:`cabling.analysis.outletstate`, the plan's
  colours): *in use* (live, something plugged in), *live* (patched to a switch,
  nothing plugged in), *dark* (cabled to a panel but not patched: ready with
  one patch cord), *empty* (no horizontal cable), *planned* or *faulty*.

:meth:`CapacityReport.rows` totals them per telecom space, floor, room or
device, with utilisation: used ports over all ports. A switch or panel
counts in the space of its rack, a jack in the space of the panel its
horizontal cable lands on. Pure: the inventory is only read.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..choices import ACTIVE_CABLE_STATUS, OUTLET_ROLES, is_service_interface
from ..gcpause import gc_paused
from ..model import Device, Inventory, Port, TelecomSpace
from . import outletstate
from .poe import PoePort, PoeReport, poe_report

BY = ("space", "floor", "room", "device")
IN_USE, LIVE, DARK, EMPTY, PLANNED, FAULTY = "in-use", "live", "dark", "empty", "planned", "faulty"
JACK_STATES = (IN_USE, LIVE, DARK, EMPTY, PLANNED, FAULTY)
_FROM_OUTLET_STATE = {outletstate.ACTIVE: IN_USE, outletstate.FREE: LIVE, outletstate.PLANNED: PLANNED,
                      outletstate.FAULTY: FAULTY}


@dataclass(slots=True, eq=False)
class SwitchCapacity:
    device: Device
    ports: int  # its interfaces, management ports left out
    free: list[Port] = field(default_factory=list)
    free_poe: list[PoePort] = field(default_factory=list)  # the free ports that give PoE
    budget_w: float | None = None
    remaining_w: float | None = None

    @property
    def used(self) -> int:
        return self.ports - len(self.free)


@dataclass(slots=True, eq=False)
class PanelCapacity:
    device: Device
    ports: int  # front ports
    free: list[Port] = field(default_factory=list)  # front ports with nothing on either side
    dark: list[Port] = field(default_factory=list)  # rear terminated, front not patched
    reserved: list[Port] = field(default_factory=list)  # front not patched, the cable behind not installed yet

    @property
    def used(self) -> int:
        return self.ports - len(self.free)


@dataclass(slots=True, eq=False)
class JackCapacity:
    port: Port  # the jack (an outlet's front port)
    state: str  # one of JACK_STATES
    why: str
    space: TelecomSpace | None  # the space of the panel its horizontal cable lands on


@dataclass(slots=True)
class CapacityRow:
    """Totals for one group (a telecom space, floor, room or device); ``key`` None: not placed."""

    by: str
    key: str | None
    name: str | None = None
    switch_ports: int = 0
    switch_free: int = 0
    poe_free: int = 0
    poe_budget_w: float | None = None
    poe_remaining_w: float | None = None
    panel_ports: int = 0
    panel_free: int = 0
    panel_dark: int = 0
    jacks: int = 0
    jacks_in_use: int = 0
    jacks_live: int = 0
    jacks_dark: int = 0
    jacks_empty: int = 0
    jacks_other: int = 0  # planned or faulty

    @property
    def switch_used_pct(self) -> float | None:
        return _pct(self.switch_ports - self.switch_free, self.switch_ports)

    @property
    def panel_used_pct(self) -> float | None:
        return _pct(self.panel_ports - self.panel_free, self.panel_ports)

    @property
    def jacks_used_pct(self) -> float | None:
        return _pct(self.jacks_in_use, self.jacks)

    def to_dict(self) -> dict:
        out = {f: getattr(self, f) for f in self.__dataclass_fields__}
        out.update(switch_used_pct=self.switch_used_pct, panel_used_pct=self.panel_used_pct,
                   jacks_used_pct=self.jacks_used_pct)
        return out


def _id(x) -> str | None:
    return x.id if x is not None else None


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass(slots=True, eq=False)
class CapacityReport:
    inventory: Inventory
    switches: list[SwitchCapacity] = field(default_factory=list)
    panels: list[PanelCapacity] = field(default_factory=list)
    jacks: list[JackCapacity] = field(default_factory=list)
    poe: PoeReport | None = None

    def rows(self, by: str = "space") -> list[CapacityRow]:
        """Totals per telecom space, floor, room or device (``by``), in file order, then a total row last."""
        if by not in BY:
            raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
        groups: dict[object, CapacityRow] = {}

        def row(dev: Device, space: TelecomSpace | None = None) -> CapacityRow:
            group = _group(by, dev, space)
            found = groups.get(id(group))
            if found is None:
                key = None if group is None else (self.inventory.device_ref(group) if by == "device" else group.id)
                name = group.model.model if by == "device" else getattr(group, "name", None)
                found = groups[id(group)] = CapacityRow(by, key, name)
            return found

        for s in self.switches:
            r = row(s.device)
            r.switch_ports += s.ports
            r.switch_free += len(s.free)
            r.poe_free += len(s.free_poe)
            if s.budget_w is not None:
                r.poe_budget_w = (r.poe_budget_w or 0) + s.budget_w
                r.poe_remaining_w = round((r.poe_remaining_w or 0) + s.remaining_w, 2)
        for p in self.panels:
            r = row(p.device)
            r.panel_ports += p.ports
            r.panel_free += len(p.free)
            r.panel_dark += len(p.dark)
        for j in self.jacks:
            r = row(j.port.device, j.space)
            r.jacks += 1
            if j.state == IN_USE:
                r.jacks_in_use += 1
            elif j.state == LIVE:
                r.jacks_live += 1
            elif j.state == DARK:
                r.jacks_dark += 1
            elif j.state == EMPTY:
                r.jacks_empty += 1
            else:
                r.jacks_other += 1
        out = list(groups.values())
        out.append(_total(out, by))
        return out

    def to_json(self, by: str = "space") -> dict:
        """The rows, then every switch, panel and jack that is not full, by name."""
        inv = self.inventory
        refs = inv.ref
        return {
            "by": by,
            "rows": [r.to_dict() for r in self.rows(by)],
            "switches": [{"switch": inv.device_ref(s.device), "space": _id(s.device.space), "ports": s.ports,
                          "free": [refs(p) for p in s.free], "free_poe": [refs(p.port) for p in s.free_poe],
                          "budget_w": s.budget_w, "remaining_w": s.remaining_w} for s in self.switches],
            "panels": [{"panel": inv.device_ref(p.device), "space": _id(p.device.space), "ports": p.ports,
                        "free": [refs(x) for x in p.free], "dark": [refs(x) for x in p.dark]} for p in self.panels],
            "jacks": {state: [refs(j.port) for j in self.jacks if j.state == state] for state in JACK_STATES},
        }

    def free_notes(self) -> dict[int, str]:
        """id(port) -> what a free port offers a planner, for ``cabling ports --free``."""
        inv = self.inventory
        notes: dict[int, str] = {}
        for s in self.switches:
            left = ""
            if s.remaining_w is not None:
                name = inv.device_ref(s.device)
                left = (f"; {name} has {s.remaining_w:g} W of PoE left" if s.remaining_w >= 0
                        else f"; {name} is {-s.remaining_w:g} W over its PoE budget")
            for pp in s.free_poe:
                what = f"{pp.standard} ({pp.max_w:g} W)" if pp.standard else (pp.poe_type or "type not given")
                notes[id(pp.port)] = f"PoE {what}{left}"
        for p in self.panels:
            for port in p.dark:
                notes[id(port)] = f"dark: {_rear_cable(port).id} behind it, ready with one patch cord"
            for port in p.reserved:
                behind = _rear_cable(port)
                notes[id(port)] = f"reserved: {behind.id} behind it is {behind.status}"
            for port in p.free:
                notes[id(port)] = "free: no cable on either side"
                rear = _rear_of(port)
                if rear is not None and rear.cable is None:
                    notes[id(rear)] = "free: no cable on either side"
        for j in self.jacks:
            if j.port.cable is None:
                notes[id(j.port)] = f"{j.state}: {j.why}"
        return notes


def _group(by: str, dev: Device, space: TelecomSpace | None):
    """The space, floor, room or device a port of ``dev`` counts in (None: not placed)."""
    if by == "device":
        return dev
    if by == "space":
        return space or dev.space
    room = dev.room
    if by == "room":
        return room
    return room.floor if room is not None else None


def _total(rows: list[CapacityRow], by: str) -> CapacityRow:
    t = CapacityRow(by, "(total)")
    for r in rows:
        for f in ("switch_ports", "switch_free", "poe_free", "panel_ports", "panel_free", "panel_dark", "jacks",
                  "jacks_in_use", "jacks_live", "jacks_dark", "jacks_empty", "jacks_other"):
            setattr(t, f, getattr(t, f) + getattr(r, f))
        if r.poe_budget_w is not None:
            t.poe_budget_w = (t.poe_budget_w or 0) + r.poe_budget_w
            t.poe_remaining_w = round((t.poe_remaining_w or 0) + r.poe_remaining_w, 2)
    return t


def _rear_of(front: Port) -> Port | None:
    return front.rear[0][1] if front.rear else None


def _rear_cable(front: Port):
    rear = _rear_of(front)
    return rear.cable if rear is not None else None


def _serving_space(jack: Port) -> TelecomSpace | None:
    """The telecom space of the device the jack's horizontal cable lands on."""
    cable = _rear_cable(jack)
    if cable is None:
        return None
    rear = _rear_of(jack)
    for far in cable.far(rear.end):
        if far.__class__ is Port and far.device.space is not None:
            return far.device.space
    return None


def capacity_report(inventory: Inventory, poe: PoeReport | None = None, jacks: bool = True) -> CapacityReport:
    """Free and used ports of every switch, panel and outlet of the inventory.

    ``jacks=False`` leaves the outlet jacks out (``jacks`` stays empty): switches and panels only,
    for a caller that needs no jack states (the planner), without a trace per jack.
    """
    with gc_paused():  # many small objects, no garbage cycles (see cabling.gcpause)
        return _capacity_report(inventory, poe, jacks)


def _capacity_report(inventory: Inventory, poe: PoeReport | None = None, jacks: bool = True) -> CapacityReport:
    poe = poe if poe is not None else poe_report(inventory)
    report = CapacityReport(inventory, poe=poe)
    if jacks:  # every outlet jack's state, the jacks traced together
        all_jacks = [j for dev in inventory.devices() if dev.role in OUTLET_ROLES for j in outletstate.jacks(dev)]
        states = iter(outletstate.jack_states(inventory, all_jacks))
    for dev in inventory.devices():
        if dev.role == "switch":
            ifaces = [p for p in dev.ports if is_service_interface(p.template)]
            free = [p for p in ifaces if p.cable is None]
            sw = poe.switch(dev)
            free_poe = [pp for pp in sw.ports if pp.port.cable is None] if sw else []
            report.switches.append(SwitchCapacity(dev, len(ifaces), free, free_poe,
                                                  sw.budget_w if sw else None, sw.remaining_w if sw else None))
        elif dev.role == "patch-panel":
            fronts = [p for p in dev.ports if p.template.kind == "front"]
            panel = PanelCapacity(dev, len(fronts))
            for f in fronts:
                if f.cable is not None:
                    continue
                behind = _rear_cable(f)
                if behind is None:
                    panel.free.append(f)
                elif behind.status == ACTIVE_CABLE_STATUS:
                    panel.dark.append(f)
                else:
                    panel.reserved.append(f)
            report.panels.append(panel)
        elif jacks and dev.role in OUTLET_ROLES:
            for jack in outletstate.jacks(dev):
                st = next(states)
                state = _FROM_OUTLET_STATE.get(st.state)
                if state is None:  # the plan's 'dark' is ours 'dark' or 'empty'
                    state = DARK if _rear_cable(jack) is not None else EMPTY
                report.jacks.append(JackCapacity(jack, state, st.why, _serving_space(jack)))
    return report

"""What is free on a site for the planner: panel ports, switch ports, PoE watts and rack units.

:class:`State` is built once per plan from the capacity report (:func:`cabling.analysis.capacity.capacity_report`)
and taken from as the plan goes (:mod:`cabling.planning.allocate`).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..analysis.capacity import capacity_report
from ..model import Inventory, Site

COPPER_SWITCH_PORT = re.compile(r"base-t", re.IGNORECASE)


@dataclass(eq=False)
class PanelSlot:
    panel: str
    front: str
    rear: str
    rack: str
    u: float
    height: float
    model: object = None  # its DeviceType: a name its front and rear ports share is written 'NAME (front)'

    @property
    def front_ref(self) -> str:
        return f"{self.panel}:{qualified(self.model, self.front, 'front')}"

    @property
    def rear_ref(self) -> str:
        return f"{self.panel}:{qualified(self.model, self.rear, 'rear')}"


@dataclass(eq=False)
class Panel:
    id: str
    rack: str
    u: float
    height: float
    free: list  # [(front name, rear name)] in port order
    model: object = None


@dataclass(eq=False)
class SwitchPort:
    name: str
    max_class: int | None  # None: no PoE; -1: PoE of unknown class
    max_w: float | None


@dataclass(eq=False)
class Switch:
    id: str
    rack: str
    u: float
    height: float
    free: list  # [SwitchPort] in port order
    remaining_w: float | None  # None: no budget given


@dataclass(eq=False)
class Space:
    id: str
    racks: list  # rack ids, file order
    panels: list = field(default_factory=list)  # [Panel]
    switches: list = field(default_factory=list)  # [Switch]
    panel_model: str | None = None
    switch_model: str | None = None
    switch_budget: float | None = None
    blocked: dict = field(default_factory=dict)  # 'panel'/'switch' -> why none can be added


class State:
    """What is free: panel ports, switch ports, PoE watts and rack units, taken as the plan goes."""

    def __init__(self, inv: Inventory, site: Site):
        self.inv = inv
        self.site = site
        self.library = inv.library
        self.rack_used: dict[str, set] = {r: set() for r in site.racks}
        for d in site.devices.values():
            if d.rack is not None and d.u is not None and d.rack.id in self.rack_used:
                self.rack_used[d.rack.id].update(units(d.u, d.model.u_height))
        self.spaces: dict[str, Space] = {}
        for r in site.racks.values():
            if r.space is not None:
                self.spaces.setdefault(r.space.id, Space(r.space.id, [])).racks.append(r.id)
        cap = capacity_report(inv, jacks=False)
        panel_models: dict[str, Counter] = {}
        switch_models: dict[str, Counter] = {}
        for pc in cap.panels:
            d = pc.device
            if d.site is not site or d.rack is None or d.rack.space is None or not copper_panel(d.model):
                continue
            sp = self.spaces[d.rack.space.id]
            free = [(f.name, f.rear[0][1].name) for f in pc.free if f.rear]
            sp.panels.append(Panel(d.id, d.rack.id, d.u or 0, d.model.u_height, free, d.model))
            panel_models.setdefault(sp.id, Counter())[d.model.slug] += 1
        for sc in cap.switches:
            d = sc.device
            if d.site is not site or d.rack is None or d.rack.space is None:
                continue
            sp = self.spaces[d.rack.space.id]
            poe = {id(pp.port): pp for pp in sc.free_poe}
            free = []
            for p in sc.free:
                if not copper_iface(p.template):
                    continue
                pp = poe.get(id(p))
                free.append(SwitchPort(p.name, None if pp is None else (pp.max_class if pp.max_class is not None else -1),
                                        None if pp is None else pp.max_w))
            sp.switches.append(Switch(d.id, d.rack.id, d.u or 0, d.model.u_height, free, sc.remaining_w))
            switch_models.setdefault(sp.id, Counter())[d.model.slug] += 1
            if sc.budget_w is not None:
                sp.switch_budget = sc.budget_w
        for sid, sp in self.spaces.items():
            sp.panel_model = most_common(panel_models.get(sid))
            sp.switch_model = most_common(switch_models.get(sid))
        self.names: set[str] = set(site.devices) | {c for c in site.cables}

    # -------------------------------------------------------------- names
    def fresh(self, base: str) -> str:
        name, n = base, 2
        while name in self.names:
            name, n = f"{base}-{n}", n + 1
        self.names.add(name)
        return name

    # -------------------------------------------------------------- rack units
    def free_u(self, rack: str, height: float) -> float | None:
        """The highest free position of ``height`` units in ``rack`` (lowest unit), or None."""
        r = self.site.racks[rack]
        need = max(1, math.ceil(height))
        used = self.rack_used[rack]
        for u in range(r.u_height - need + 1, 0, -1):
            if not any(x in used for x in range(u, u + need)):
                return float(u)
        return None

    def take_u(self, rack: str, u: float, height: float) -> None:
        self.rack_used[rack].update(units(u, height))


def units(u: float, height: float) -> range:
    return range(int(u), int(u) + max(1, math.ceil(height)))


def most_common(c: Counter | None) -> str | None:
    if not c:
        return None
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def copper_panel(model) -> bool:
    fronts = [t for t in model.ports if t.kind == "front"]
    return bool(fronts) and all((t.type or "8p8c").startswith("8p8c") for t in fronts)


def copper_iface(t) -> bool:
    return t.kind == "interface" and not t.mgmt_only and (t.type is None or bool(COPPER_SWITCH_PORT.search(t.type)))

def qualified(model, name: str, kind: str) -> str:
    """``name``, or ``name (kind)`` when the model gives another kind of port the same name."""
    if model is not None and sum(1 for t in model.ports if t.name == name) > 1:
        return f"{name} ({kind})"
    return name

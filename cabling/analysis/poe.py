"""Power over Ethernet: what each switch gives, who draws from it, what is left of its budget.

:func:`poe_report` traces every powered device (PD) through the cabling to the
switch interface it ends on and adds up, per switch, what the devices draw by
their IEEE 802.3 class (``POE_CLASS_PSE_W`` in :mod:`cabling.standards`: the
power at the switch port) against the switch's ``poe_budget_w``.

* A *powered device* is a device with an interface whose model marks it
  ``poe_mode: pd`` or gives it a ``poe_class``; the device's own ``poe_class``
  in the site file overrides the model's. A device that gives a ``poe_class``
  on a model with no PD interface draws through its first interface whose path
  ends on a PoE port (or its first cabled interface, to report it unpowered).
  A PD with no class at all draws as class 0, the 802.3af default.
* A *PoE switch* is a device with a ``poe_mode: pse`` interface or a
  ``poe_budget_w``. A PSE interface gives the power of its ``poe_type``
  (type 1..4 -> 802.3af/at/bt); a PSE port of no or passive type gives PoE of
  an unknown wattage (``max_w`` None, never judged too little).
* The sum drawn counts the class draw of every PD whose complete path ends on a
  PSE port of the switch, whatever the status of the cables on the path (the
  design load); each PD says whether its path is ``active`` (all installed).

Pure: the inventory is only read.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from ..gcpause import gc_paused
from ..model import Device, Inventory, Port
from ..standards import POE_CLASS_PSE_W, POE_DEFAULT_CLASS, POE_STANDARDS, POE_TYPE_STANDARD
from .trace import Path, end_interface, trace

PSE, PD = "pse", "pd"


@dataclass(slots=True, eq=False)
class PoePort:
    """A switch interface that gives PoE."""

    port: Port
    poe_type: str | None  # NetBox's poe_type, e.g. 'type2-ieee802.3at'
    standard: str | None  # key of standards.POE_STANDARDS, e.g. '802.3at'; None when unknown or passive
    ieee_type: int | None  # 1..4
    max_class: int | None  # the highest class it powers
    max_w: float | None  # watts at the port for its type
    # the powered device whose path ends here, held weakly: the report holds it (PoweredDevice.supply
    # points back here), so a report is freed by reference counting, without the cyclic collector
    # walking the paths of every powered device (see cabling.gcpause)
    _load: "weakref.ref | None" = field(default=None, repr=False)

    @property
    def load(self) -> "PoweredDevice | None":
        return self._load() if self._load is not None else None

    @load.setter
    def load(self, pd: "PoweredDevice | None") -> None:
        self._load = weakref.ref(pd) if pd is not None else None

    def to_json(self, inventory: Inventory) -> dict:
        return {"port": inventory.ref(self.port), "poe_type": self.poe_type, "standard": self.standard,
                "type": self.ieee_type, "max_class": self.max_class, "max_w": self.max_w,
                "powered_device": inventory.device_ref(self.load.device) if self.load else None}


@dataclass(slots=True, eq=False, weakref_slot=True)
class PoweredDevice:
    """A device drawing PoE, traced to the switch port it ends on."""

    device: Device
    port: Port  # its PD interface
    poe_class: int
    class_given: bool  # False: no class anywhere, drawn as class 0
    draw_w: float  # power at the switch port for its class
    path: Path
    switch_port: Port | None = None  # the interface the path ends on (None: it reaches none)
    supply: PoePort | None = None  # that interface when it gives PoE

    @property
    def switch(self) -> Device | None:
        return self.switch_port.device if self.switch_port is not None else None

    @property
    def gives_poe(self) -> bool:
        return self.supply is not None

    @property
    def enough(self) -> bool | None:
        """Does the port it ends on give its class draw? None when the port's wattage is unknown."""
        if self.supply is None:
            return False
        if self.supply.max_w is None:
            return None
        return self.supply.max_w >= self.draw_w

    @property
    def active(self) -> bool:
        return self.path.active

    def to_json(self, inventory: Inventory) -> dict:
        return {"device": inventory.device_ref(self.device), "role": self.device.role,
                "port": inventory.ref(self.port), "poe_class": self.poe_class, "class_given": self.class_given,
                "draw_w": self.draw_w,
                "switch_port": inventory.ref(self.switch_port) if self.switch_port is not None else None,
                "gives_poe": self.gives_poe, "port_max_w": self.supply.max_w if self.supply else None,
                "enough": self.enough, "active": self.active}


@dataclass(slots=True, eq=False)
class SwitchPoe:
    """One PoE switch: its budget, its PoE ports and the powered devices cabled to it."""

    device: Device
    budget_w: float | None
    # its PoE ports, or None until first asked: made then from ``_pse`` (its PSE interfaces) through
    # ``_supplies`` (the report's PoePort of each PSE interface, made once), so a report that is only
    # asked about its powered devices makes a PoePort for each port that powers one, not for every port
    _ports: list[PoePort] | None = field(default=None, repr=False)
    powered: list[PoweredDevice] = field(default_factory=list)  # every PD whose path ends on one of its ports
    _pse: tuple = field(default=(), repr=False)
    _supplies: dict | None = field(default=None, repr=False)

    @property
    def ports(self) -> list[PoePort]:
        """Its interfaces that give PoE, in port order."""
        if self._ports is None:
            self._ports = [_supply(p, self._supplies) for p in self._pse]
        return self._ports

    @property
    def drawn_w(self) -> float:
        return round(sum(pd.draw_w for pd in self.powered if pd.supply is not None), 2)

    @property
    def remaining_w(self) -> float | None:
        return None if self.budget_w is None else round(self.budget_w - self.drawn_w, 2)

    @property
    def over_budget(self) -> bool:
        return self.budget_w is not None and self.drawn_w > self.budget_w

    @property
    def free_poe_ports(self) -> list[PoePort]:
        """PoE ports with nothing cabled on them."""
        return [p for p in self.ports if p.port.cable is None]

    def to_json(self, inventory: Inventory) -> dict:
        return {"switch": inventory.device_ref(self.device), "budget_w": self.budget_w, "drawn_w": self.drawn_w,
                "remaining_w": self.remaining_w, "over_budget": self.over_budget,
                "poe_ports": len(self.ports), "free_poe_ports": len(self.free_poe_ports),
                "ports": [p.to_json(inventory) for p in self.ports],
                "powered": [pd.to_json(inventory) for pd in self.powered]}


@dataclass(slots=True, eq=False)
class PoeReport:
    switches: list[SwitchPoe] = field(default_factory=list)
    devices: list[PoweredDevice] = field(default_factory=list)  # every powered device, in file order
    _by_switch: dict = field(default_factory=dict, repr=False)

    def switch(self, device: Device) -> SwitchPoe | None:
        return self._by_switch.get(id(device))

    @property
    def unpowered(self) -> list[PoweredDevice]:
        """Powered devices whose path ends on no PoE port (on a plain port, or nowhere)."""
        return [pd for pd in self.devices if pd.supply is None]

    def to_json(self, inventory: Inventory) -> dict:
        return {"switches": [s.to_json(inventory) for s in self.switches],
                "unpowered": [pd.to_json(inventory) for pd in self.unpowered]}


def port_supply(port: Port) -> PoePort | None:
    """What a switch interface gives: a :class:`PoePort`, or None when it gives no PoE."""
    t = port.template
    if t.kind != "interface" or t.poe_mode != PSE:
        return None
    return PoePort(port, t.poe_type, *_type_figures(t.poe_type))


_FIGURES: dict = {}


def _type_figures(poe_type: str | None) -> tuple:
    """(standard, IEEE type, highest class, watts at the port) of a NetBox poe_type; Nones when unknown."""
    found = _FIGURES.get(poe_type)
    if found is None:
        std = POE_TYPE_STANDARD.get(poe_type or "")
        if std is None:
            found = (None, None, None, None)
        else:
            ieee_type, pse_w, _pd_w, _pairs, classes = POE_STANDARDS[std]
            found = (std, ieee_type, max(classes), pse_w)
        _FIGURES[poe_type] = found
    return found


def _is_pd(template) -> bool:
    return template.kind == "interface" and (template.poe_mode == PD or template.poe_class is not None)


def _supply(port: Port, supplies: dict) -> PoePort:
    """The report's :class:`PoePort` of a PSE interface: what :func:`port_supply` gives, made once."""
    s = supplies.get(id(port))
    if s is None:
        t = port.template
        s = supplies[id(port)] = PoePort(port, t.poe_type, *_type_figures(t.poe_type))
    return s


def _poe_ports(device: Device, memo: dict) -> tuple:
    """(interface, PSE interface, PD interface) indices of the device's ports, found once per model (in ``memo``)."""
    ports = device.ports
    key = id(device.model)
    found = memo.get(key)
    if found is None or found[0] != len(ports):
        ifaces, pse, pd = [], [], []
        for i, p in enumerate(ports):
            t = p.template
            if t.kind != "interface":
                continue
            ifaces.append(i)
            if t.poe_mode == PSE:
                pse.append(i)
            elif _is_pd(t):
                pd.append(i)
        found = memo[key] = (len(ports), ifaces, pse, pd)
    return found


def poe_report(inventory: Inventory, paths: dict | None = None, ends: dict | None = None) -> PoeReport:
    """Every PoE switch with its budget, PoE ports, the powered devices cabled to it and what is left.

    ``paths`` may give traces already made (``id(port)`` -> the port's ``trace(port)[0]``), so that a
    caller that traced the interfaces (the fault scan) does not trace them twice; ``ends`` the same
    ports' ``end_interface`` of those paths (``id(port)`` -> port or None).
    """
    with gc_paused():  # many small objects, no garbage cycles (see cabling.gcpause)
        return _poe_report(inventory, paths, ends)


def _poe_report(inventory: Inventory, paths: dict | None, ends: dict | None = None) -> PoeReport:
    report = PoeReport()
    supplies: dict[int, PoePort] = {}  # id(PSE interface) -> its PoePort, made when first needed
    pds: list[tuple[Device, list[Port], bool]] = []
    memo: dict = {}  # which ports of each model are interfaces, PSE and PD ones
    switches, by_switch = report.switches, report._by_switch
    for dev in inventory.devices():
        ports = dev.ports
        found = memo.get(id(dev.model))
        if found is None or found[0] != len(ports):
            found = _poe_ports(dev, memo)
        budget = dev.poe_budget_w
        if not found[1] and budget is None:
            continue  # an outlet, a panel: nothing to power, nothing powered
        _n, ifaces, pse, pd_ports = found
        if pse or budget is not None:
            sw = by_switch[id(dev)] = SwitchPoe(dev, budget, _pse=tuple(ports[i] for i in pse), _supplies=supplies)
            switches.append(sw)
        if pd_ports:
            pds.append((dev, [ports[i] for i in pd_ports], False))
        elif dev.poe_class is not None:
            pds.append((dev, [ports[i] for i in ifaces], True))
    found_path = paths.get if paths is not None else (lambda _key: None)

    def traced(p: Port) -> tuple:
        """(port, its path, the interface it ends on)."""
        path = found_path(id(p))
        if path is None:
            path = trace(p)[0]
            return p, path, end_interface(path)
        return p, path, (ends[id(p)] if ends is not None else end_interface(path))

    devices = report.devices
    for dev, ports, guess in pds:
        if guess:  # a class on the device, none on the model: the interface that reaches PoE draws
            each = [traced(p) for p in ports]
            pick = (next((t for t in each if t[2] is not None and t[2].template.poe_mode == PSE), None)
                    or next((t for t in each if t[0].cable is not None), None) or each[0])
            each = (pick,)
        else:
            each = [traced(p) for p in ports] if len(ports) > 1 else (traced(ports[0]),)
        for p, path, end in each:
            cls = dev.poe_class if dev.poe_class is not None else p.template.poe_class
            given = cls is not None
            if cls is None:
                cls = POE_DEFAULT_CLASS
            if end is None:
                devices.append(PoweredDevice(dev, p, cls, given, POE_CLASS_PSE_W[cls], path))
                continue
            # the interface it ends on gives PoE when it is a PSE one (end_interface gives interfaces only)
            supply = None
            if end.template.poe_mode == PSE:
                supply = supplies.get(id(end)) or _supply(end, supplies)
            pd = PoweredDevice(dev, p, cls, given, POE_CLASS_PSE_W[cls], path, end, supply)
            devices.append(pd)
            if supply is not None:
                supply._load = weakref.ref(pd)  # supply.load = pd
            sw = by_switch.get(id(end.device))
            if sw is not None:
                sw.powered.append(pd)
    return report

"""What one fault scan shares between its rules: every trace made once, every analysis made once.

A :class:`Context` is made per scan. Its properties are computed when a rule first asks and
kept: the channels (one trace from each cabled interface of an end device), the paths of
outlet jacks with nothing plugged in, the paths of network-device ports no channel reached,
the horizontal cables, the PoE report. So a full scan traces each origin once and stays
linear in the size of the site.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..analysis.trace import PORTS, Path, end_interface, from_origin, through_device
from ..choices import (ACTIVE_CABLE_STATUS, END_DEVICE_ROLES, NETWORK_ROLES, OUTLET_ROLES, PANEL_ROLES,
                       PASS_THROUGH_KINDS, VOICE_ROLES)
from ..model import Cable, Device, DeviceType, Inventory, Port
from ..standards import COPPER_CATEGORY_ORDER
from . import catalogue
from .finding import Finding
from .settings import SiteRules, site_rules

# Roles a path may end on for its device to count as connected; a family (telephony: a PBX) may add to it.
CONNECTED_ROLES = set(NETWORK_ROLES) | VOICE_ROLES  # data to a network device, voice to a PBX or gateway
CATEGORY_RANK = {c: i for i, c in enumerate(COPPER_CATEGORY_ORDER)}  # copper category -> its rank, lowest first


def category_rank(cable_type: str | None) -> int | None:
    return CATEGORY_RANK.get(cable_type) if cable_type else None


def connections(path: Path) -> int:
    """Connections in a path: each pass through a passive device (outlet, panel, CP) is one (TIA-568)."""
    n, prev = 0, None
    for kind in path.kinds():  # not path.steps: that makes a Step record per step of every channel
        if kind == PORTS and prev == PORTS:
            n += 1
        prev = kind
    return n


def is_cord(cable: Cable) -> bool:
    """A cord plugs in at both ends (interfaces, front jacks); a fixed cable is terminated on a rear port."""
    a, b = cable.a, cable.b
    if len(a) == 1 and len(b) == 1:  # the usual cable
        return a[0].template.kind != "rear" and b[0].template.kind != "rear"
    for p in cable.a:
        if p.template.kind == "rear":
            return False
    for p in cable.b:
        if p.template.kind == "rear":
            return False
    return True


@dataclass(slots=True, eq=False)
class Channel:
    """An end device's interface traced through the cabling: where it ends, and everything on the way."""

    device: Device
    port: Port
    path: Path
    end: Port | None  # the interface it ends on (None: incomplete or split)
    cables: list[Cable]  # the path's cables, made once: many rules read them (not to be changed)

    @property
    def to_network(self) -> bool:
        # a data channel, bound by TIA-568's channel limits (a voice path to a PBX is not one)
        return self.end is not None and self.end.device.role in NETWORK_ROLES

    @property
    def connections(self) -> int:
        return connections(self.path)


@dataclass(slots=True, eq=False)
class Horizontal:
    """A horizontal cable: outlet at one end, patch panel at the other."""

    cable: Cable
    outlet_port: Port
    panel_port: Port


class Context:
    """The inventory of one scan, its rules' settings per site, and the analyses the rules share."""

    def __init__(self, inventory: Inventory, enabled: set[str] | None = None):
        self.inventory = inventory
        self.enabled = enabled
        self._settings: dict[str, SiteRules] = {}
        self._reach: dict[int, bool] = {}
        self._kind_index: dict = {}  # id(model) -> (number of ports, {kind: port indices}), for kind_index()
        self._order: dict[int, int] | None = None  # id(device) -> its place in file order, when asked

    # ------------------------------------------------------------ findings
    def limits(self, name: str):
        """site -> the site's limit ``name`` (see :mod:`cabling.faults.settings`), each site's settings read once."""
        found: dict[int, float | None] = {}

        def limit(site) -> float | None:
            value = found.get(id(site), found)
            if value is found:
                value = found[id(site)] = self.settings(site).limit(name)
            return value

        return limit

    def settings(self, site) -> SiteRules:
        s = self._settings.get(site.id)
        if s is None:
            s = self._settings[site.id] = site_rules(site)
        return s

    def finding(self, code: str, message: str, mark=None, *, site=None, ports=(), cables=(), devices=(),
                hint: str | None = None, floor: str | None = None, at=None) -> Finding:
        r = catalogue.get(code)
        ref = self.inventory.ref
        return Finding(code, r.severity, message, mark.file if mark else None, mark.line if mark else None,
                       mark.column if mark else None, site.id if site is not None else None,
                       tuple(ref(p) for p in ports), tuple(c.id for c in cables),
                       tuple(self.inventory.device_ref(d) for d in devices), hint, floor, at)

    def channel_finding(self, code: str, ch: Channel, what: str, *, cables=None, hint: str | None = None) -> Finding:
        """A finding about channel ``ch``: "channel of ROLE ID (PORT to END) WHAT", at the end device's
        line and place, naming both ends' ports and devices and ``cables`` (default every cable of it)."""
        dev = ch.device
        message = f"channel of {dev.role} {dev.id} ({self.ref(ch.port)} to {self.ref(ch.end)}) {what}"
        return self.finding(code, message, dev.mark, site=dev.site, ports=[ch.port, ch.end],
                            cables=ch.cables if cables is None else cables, devices=[dev, ch.end.device],
                            hint=hint, **self.place(dev))

    def ref(self, port) -> str:
        return self.inventory.ref(port)

    def place(self, device: Device | None) -> dict:
        """floor and at of a device, for a finding."""
        if device is None:
            return {}
        room = device.room
        floor = room.floor.id if room is not None and room.floor is not None else None
        return {"floor": floor, "at": device.at}

    # ------------------------------------------------------------ shared analyses
    @cached_property
    def by_role(self) -> dict[str, list[Device]]:
        """Every device of the inventory by role, in file order (one pass for the analyses that want some roles)."""
        return self._device_pass[0]

    @cached_property
    def models(self) -> dict[int, DeviceType]:
        """id(model) -> every model of the inventory's devices."""
        return self._device_pass[1]

    @cached_property
    def _device_pass(self) -> tuple[dict[str, list[Device]], dict[int, DeviceType]]:
        out: dict[str, list[Device]] = {}
        models: dict[int, DeviceType] = {}
        for dev in self.inventory.devices():
            found = out.get(dev.role)
            if found is None:
                found = out[dev.role] = []
            found.append(dev)
            models[id(dev.model)] = dev.model
        return out, models

    def kind_index(self, device: Device, kind: str) -> tuple[int, ...]:
        """The indices into ``device.ports`` of its ports of ``kind``, found once per model."""
        ports = device.ports
        found = self._kind_index.get(id(device.model))
        if found is None or found[0] != len(ports):
            by_kind: dict[str, list[int]] = {}
            for i, p in enumerate(ports):
                by_kind.setdefault(p.template.kind, []).append(i)
            found = self._kind_index[id(device.model)] = (len(ports), {k: tuple(v) for k, v in by_kind.items()})
        return found[1].get(kind, ())

    def each_port(self, devices, kind: str):
        """(device, port) for each port of ``kind`` of each of ``devices``, in order (the ports by :meth:`kind_index`)."""
        model = n = None
        found: tuple[int, ...] = ()
        for dev in devices:
            ports = dev.ports
            if dev.model is not model or len(ports) != n:  # devices of one model come in runs
                model, n, found = dev.model, len(ports), self.kind_index(dev, kind)
            for i in found:
                yield dev, ports[i]

    def devices_of(self, roles) -> list[Device]:
        """The devices whose role is in ``roles``, in file order."""
        groups = [devs for role, devs in self.by_role.items() if role in roles]
        if len(groups) == 1:
            return list(groups[0])
        order = self._order
        if order is None:
            order = self._order = {id(d): i for i, d in enumerate(self.inventory.devices())}
        return sorted((d for devs in groups for d in devs), key=lambda d: order[id(d)])

    @cached_property
    def channels(self) -> list[Channel]:
        """One channel per cabled interface of every end device (phone, PC, printer, AP, camera, ...)."""
        out = []
        append = out.append
        for dev, p in self.each_port(self.end_devices, "interface"):
            cable = p.cable
            if cable is not None:
                path = from_origin(cable.a if p.end == "A" else cable.b)
                append(Channel(dev, p, path, end_interface(path), path.cables))
        return out

    @cached_property
    def network_channels(self) -> list[Channel]:
        """The channels that end on a network device: data channels, bound by TIA-568's channel limits."""
        return [ch for ch in self.channels if ch.to_network]

    @cached_property
    def end_devices(self) -> list[Device]:
        return self.devices_of(END_DEVICE_ROLES)

    @cached_property
    def channels_of(self) -> dict[int, list[Channel]]:
        out: dict[int, list[Channel]] = {}
        for ch in self.channels:
            out.setdefault(id(ch.device), []).append(ch)
        return out

    def reaches_network(self, device: Device, _seen=None) -> bool:
        """Does any interface of the device reach a network device, itself or through the device it plugs into?"""
        key = id(device)
        known = self._reach.get(key)
        if known is not None:
            return known
        chans = self.channels_of.get(key, ())
        for ch in chans:  # the usual device: a channel straight to a network device
            if ch.end is not None and ch.end.device.role in CONNECTED_ROLES:
                self._reach[key] = True
                return True
        seen = _seen or set()
        seen.add(key)
        ok = False
        for ch in chans:
            if ch.end is None:
                continue
            far = ch.end.device
            if far.role in CONNECTED_ROLES or (far.role in END_DEVICE_ROLES and id(far) not in seen
                                              and self.reaches_network(far, seen)):
                ok = True
                break
        if _seen is None or ok:
            self._reach[key] = ok
        return ok

    @cached_property
    def jack_paths(self) -> list[tuple[Port, Path]]:
        """Outlet jacks with nothing plugged in, traced through their outlet towards the panel."""
        return [(p, through_device(p)) for _dev, p in self.each_port(self.devices_of(OUTLET_ROLES), "front")
                if p.cable is None]

    @cached_property
    def network_paths(self) -> list[tuple[Port, Path]]:
        """Cabled interfaces of network devices that no channel or jack path ends on, traced."""
        reached = {id(ch.end) for ch in self.channels if ch.end is not None}
        for _jack, path in self.jack_paths:
            dest = path.destination
            if len(dest) == 1:
                reached.add(id(dest[0]))
        out = []
        done: set[int] = set()
        for _dev, p in self.each_port(self.devices_of(CONNECTED_ROLES), "interface"):
            if p.cable is None or id(p) in reached or id(p) in done:
                continue
            path = from_origin(p.cable.a if p.end == "A" else p.cable.b)
            end = end_interface(path)
            if end is not None:
                done.add(id(end))  # the far end's path is this one backwards
            out.append((p, path))
        return out

    @cached_property
    def horizontals(self) -> list[Horizontal]:
        """Cables from an outlet to a patch panel (by the first port of each end), in file order."""
        return self._cable_pass[0]

    @cached_property
    def passive_links(self) -> tuple[list[tuple[Port, Port]], list[tuple[Port, Port]], list[Port]]:
        """The cables' links between front and rear ports: (those of cables with one port at each end, as
        pairs of ports; those of cables with several ports on an end, which link all of them; the ports of
        such cables whose far end has a front or rear port)."""
        return self._cable_pass[1]

    @cached_property
    def outlet_cables(self) -> dict[str, list[Cable]]:
        """Site id -> its cables with one port at each end, one of them on an outlet and the other not (on a device
        in a rack or a telecom space), in file order: every cable :func:`cabling.geometry.routes.horizontal_ends`
        can take for a horizontal one."""
        return self._cable_pass[2]

    @cached_property
    def _cable_pass(self) -> tuple:
        """What the rules ask of every cable, found in one pass: (horizontals, passive links, outlet cables
        of each site); see :attr:`horizontals`, :attr:`passive_links`, :attr:`outlet_cables`."""
        horizontals: list[Horizontal] = []
        singles: list[tuple[Port, Port]] = []  # links of cables with one port at each end
        multi: list[tuple[Port, Port]] = []  # links of cables with several ports on an end
        near: list[Port] = []  # the ports of those whose far end has a front or rear port
        outlet_cables: dict[str, list[Cable]] = {}
        through = PASS_THROUGH_KINDS
        for site in self.inventory.sites.values():
            mine = outlet_cables[site.id] = []
            for cable in site.cables.values():
                a, b = cable.a, cable.b
                if len(a) == 1 and len(b) == 1:  # the usual cable: one port at each end
                    pa, pb = a[0], b[0]
                    if pa.__class__ is not Port or pb.__class__ is not Port:
                        continue  # a cable to a carrier's circuit
                    if pa.template.kind in through and pb.template.kind in through:
                        singles.append((pa, pb))
                    da, db = pa.device, pb.device
                    ra, rb = da.role, db.role
                    if ra in OUTLET_ROLES:
                        if rb in PANEL_ROLES:
                            horizontals.append(Horizontal(cable, pa, pb))
                        if rb not in OUTLET_ROLES and (db.rack is not None or db.space is not None):
                            mine.append(cable)
                    elif rb in OUTLET_ROLES:
                        if ra in PANEL_ROLES:
                            horizontals.append(Horizontal(cable, pb, pa))
                        if da.rack is not None or da.space is not None:
                            mine.append(cable)
                    continue
                if a and b:
                    pa, pb = a[0], b[0]
                    if pa.__class__ is Port and pb.__class__ is Port:
                        ra, rb = pa.device.role, pb.device.role
                        if ra in OUTLET_ROLES and rb in PANEL_ROLES:
                            horizontals.append(Horizontal(cable, pa, pb))
                        elif rb in OUTLET_ROLES and ra in PANEL_ROLES:
                            horizontals.append(Horizontal(cable, pb, pa))
                ends = [p for p in a + b if p.__class__ is Port and p.template.kind in through]
                multi.extend((ends[0], p) for p in ends[1:])
                for side, far in ((a, b), (b, a)):
                    if any(p.__class__ is Port and p.template.kind in through for p in far):
                        near.extend(side)
        return horizontals, (singles, multi, near), outlet_cables

    @cached_property
    def poe(self):
        from ..analysis.poe import poe_report

        channels = self.channels
        return poe_report(self.inventory, {id(ch.port): ch.path for ch in channels},
                          {id(ch.port): ch.end for ch in channels})

    @staticmethod
    def installed(cable: Cable) -> bool:
        return cable.status == ACTIVE_CABLE_STATUS

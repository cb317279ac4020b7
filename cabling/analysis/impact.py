"""What breaks if this fails: every outlet jack and end device whose service runs through a part.

A failed *part* is a cable, a port, a device (panel, switch, PDU ...), a rack, a
telecom space, a room or a floor (:func:`resolve_target`). :func:`impact`
answers for one or more parts failing together:

* **path**: the jack's or device's traced path runs through the part (a cable
  or port on it, or a device it passes: outlet, panel, switch);
* **failed**: the device itself is in the failed part (a device, rack, space,
  room or floor), or **unpowered**: every power feed it has comes from a failed
  device or over a failed power cable (a PDU takes down what it powers, and so
  on downstream);
* **upstream**: its switch still works but can no longer reach the top of the
  network (a router or firewall; where a site has none, any switch), so a core
  switch or a backbone takes every floor behind it along.

The work is split for speed: :func:`build_index` traces the site once (one
trace per outlet jack, one per cabled endpoint no jack's trace reached) and
indexes every traced link by the cables and devices on it; each
:func:`impact` query then only looks up the links of the failed parts and walks
the device-level network once. Pure: the inventory is only read.

Pass ``phone_of`` (a function of a jack port or a device giving its extension
number, or None: :func:`cabling.telephony.directory.phone_numbers` makes one)
and every affected jack and device carries it in ``phone``.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from ..choices import INFRASTRUCTURE_ROLES, OUTLET_ROLES, UPSTREAM_ROLES, VOICE_ROLES
from ..diagnostics import did_you_mean
from ..gcpause import gc_paused
from ..model import Cable, Device, Floor, Inventory, Port, Room
from .trace import CABLES, PORTS, Path, trace, trace_many

TARGET_KINDS = ("cable", "device", "port", "rack", "space", "room", "floor")
_ENDPOINT_KINDS = frozenset({"interface", "console", "console-server", "power", "power-outlet"})
PATH, FAILED, UNPOWERED, UPSTREAM = "path", "failed", "unpowered", "upstream"


# --------------------------------------------------------------------------- the traced site
@dataclass(slots=True, eq=False)
class Link:
    """One traced channel: the ports and cables from one endpoint to the other."""

    ports: tuple
    cables: tuple[Cable, ...]
    a: Port | None  # endpoint interface (or power port ...) at one end; None where the path ends elsewhere
    b: Port | None
    active: bool
    jack: Port | None = None  # for a jack's link: the jack; ``a`` is then its work-area end, ``b`` its network end

    @property
    def is_power(self) -> bool:
        kinds = {p.template.kind for p in (self.a, self.b) if p is not None}
        return "power" in kinds and "power-outlet" in kinds


@dataclass(slots=True, eq=False)
class ImpactIndex:
    inventory: Inventory
    links: list[Link] = field(default_factory=list)
    jack_links: list[Link] = field(default_factory=list)
    by_cable: dict = field(default_factory=dict)  # id(cable) -> [Link]
    by_device: dict = field(default_factory=dict)  # id(device) -> [Link]
    adjacency: dict = field(default_factory=dict)  # id(device) -> [(Device, Link)] over data links
    feeds: dict = field(default_factory=dict)  # id(consumer) -> [(source Device, Link)]
    fed: dict = field(default_factory=dict)  # id(source) -> [consumer Device]
    roots: list[Device] = field(default_factory=list)
    reached: set = field(default_factory=set)  # ids of devices that reach a root with nothing failed
    devices: dict = field(default_factory=dict)  # id(device) -> Device
    order: dict = field(default_factory=dict)  # id(device) -> its place in file order


def _end(path: Path):
    if path.split:
        return None
    dest = path.destination
    if path.complete and len(dest) == 1 and dest[0].__class__ is Port and dest[0].template.kind in _ENDPOINT_KINDS:
        return dest[0]
    return None


def _parts(paths) -> tuple[tuple, tuple]:
    ports, cables, seen = [], [], set()
    for path in paths:
        for kind, items in path.pairs():
            if kind == PORTS or kind == CABLES:
                for x in items:
                    if id(x) not in seen:
                        seen.add(id(x))
                        (cables if kind == CABLES else ports).append(x)
    return tuple(ports), tuple(cables)


def build_index(inventory: Inventory) -> ImpactIndex:
    """Trace the whole site once: a link per outlet jack, one per other cabled endpoint."""
    with gc_paused():  # many small objects, no garbage cycles (see cabling.gcpause)
        return _build_index(inventory)


def _build_index(inventory: Inventory) -> ImpactIndex:
    index = ImpactIndex(inventory)
    index.devices = {id(d): d for d in inventory.devices()}
    index.order = {key: n for n, key in enumerate(index.devices)}
    covered: set[int] = set()
    jacks = [jack for dev in inventory.devices() if dev.role in OUTLET_ROLES
             for jack in dev.ports if jack.template.kind == "front"]
    for jack, (work, net) in zip(jacks, trace_many(jacks)):
        ports, cables = _parts((work, net))
        link = Link(ports, cables, _end(work), _end(net), work.active and net.active, jack)
        _add(index, link, covered)
        index.jack_links.append(link)
    for dev in inventory.devices():
        for p in dev.ports:
            if p.cable is None or id(p) in covered or p.template.kind not in _ENDPOINT_KINDS:
                continue
            path = trace(p)[0]
            ports, cables = _parts((path,))
            _add(index, Link(ports, cables, p, _end(path), path.active), covered)
    index.roots = [d for d in inventory.devices() if d.role in UPSTREAM_ROLES] or \
        [d for d in inventory.devices() if d.role == "switch"]
    # a PBX (or ATA) is where voice service comes from: its analog phones work without the data network
    index.roots += [d for d in inventory.devices() if d.role in VOICE_ROLES]
    index.reached = _reach(index, index.roots, set(), set())
    return index


def _add(index: ImpactIndex, link: Link, covered: set) -> None:
    index.links.append(link)
    for c in link.cables:
        index.by_cable.setdefault(id(c), []).append(link)
    devices = {id(p.device): p.device for p in link.ports if p.__class__ is Port}
    for key in devices:
        index.by_device.setdefault(key, []).append(link)
    a, b = link.a, link.b
    for p in (a, b):
        if p is not None:
            covered.add(id(p))
    if a is None or b is None or a.device is b.device:
        return
    if link.is_power:
        source, consumer = (a, b) if a.template.kind == "power-outlet" else (b, a)
        index.feeds.setdefault(id(consumer.device), []).append((source.device, link))
        index.fed.setdefault(id(source.device), []).append(consumer.device)
    elif a.template.kind == "interface" and b.template.kind == "interface":
        index.adjacency.setdefault(id(a.device), []).append((b.device, link))
        index.adjacency.setdefault(id(b.device), []).append((a.device, link))


def _reach(index: ImpactIndex, roots, failed_devices: set, hit_links: set) -> set:
    """Ids of the devices joined to a working root over active links that are not hit."""
    seen = {id(r) for r in roots if id(r) not in failed_devices}
    queue = deque(r for r in roots if id(r) not in failed_devices)
    adjacency = index.adjacency
    while queue:
        dev = queue.popleft()
        for other, link in adjacency.get(id(dev), ()):
            key = id(other)
            if key in seen or key in failed_devices or not link.active or id(link) in hit_links:
                continue
            seen.add(key)
            queue.append(other)
    return seen


# --------------------------------------------------------------------------- what failed
@dataclass(slots=True, eq=False)
class Target:
    """A part named as failed."""

    kind: str  # one of TARGET_KINDS
    obj: object
    label: str  # as the report names it, e.g. 'cable H-2A-A17', 'telecom space 2A'


_KIND_WORDS = {"cable": "cable", "device": "device", "port": "port", "rack": "rack", "space": "telecom space",
               "room": "room", "floor": "floor"}


def _named(inventory: Inventory) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {k: {} for k in TARGET_KINDS if k != "port"}
    for site in inventory.sites.values():
        for kind, table in (("cable", site.cables), ("rack", site.racks), ("space", site.spaces),
                            ("room", site.rooms), ("floor", site.floors)):
            for key, obj in table.items():
                out[kind].setdefault(key, []).append(obj)
    for name, devs in inventory.devices_by_name.items():
        out["device"][name] = list(devs)
    if len(inventory.sites) > 1:  # SITE/ID names a part of one site where several are loaded
        for kind, table in out.items():
            for key, objs in list(table.items()):
                for obj in objs:
                    table.setdefault(f"{obj.site.id}/{key}", []).append(obj)
    return out


def resolve_target(inventory: Inventory, text: str) -> tuple[Target | None, str | None]:
    """The part ``text`` names: (target, None) or (None, problem with a did-you-mean).

    A bare id is looked up among cables, devices, racks, telecom spaces, rooms and
    floors; ``DEVICE:PORT`` names a port. Where an id names several kinds of
    part, write the kind first: ``space:2A``, ``room:2-TR``; where an id is in
    several loaded sites, the site first: ``acme-branch/SW-1A-1``.
    """
    from ..readers.loader import resolve_ref

    named = _named(inventory)
    kind_word, sep, rest = text.partition(":")
    if sep and kind_word in TARGET_KINDS and kind_word not in inventory.devices_by_name:
        if kind_word == "port":
            return _port_target(inventory, rest, resolve_ref)
        objs = named[kind_word].get(rest)
        if not objs:
            return None, (f"no {_KIND_WORDS[kind_word]} '{rest}'"
                          + (did_you_mean(rest, named[kind_word]) or ""))
        return _one(inventory, kind_word, rest, objs)
    matches = [(kind, objs) for kind, table in named.items() if (objs := table.get(text))]
    if len(matches) > 1:
        return None, (f"'{text}' names a " + " and a ".join(_KIND_WORDS[k] for k, _ in matches)
                      + "; write " + " or ".join(f"{k}:{text}" for k, _ in matches))
    if matches:
        return _one(inventory, matches[0][0], text, matches[0][1])
    if ":" in text:
        return _port_target(inventory, text, resolve_ref)
    pool = [name for table in named.values() for name in table]
    return None, (f"'{text}' is not a cable, device, rack, telecom space, room or floor of the site"
                  + (did_you_mean(text, pool) or "; a port is written DEVICE:PORT"))


def _port_target(inventory, text, resolve_ref):
    port, problem = resolve_ref(inventory, text)
    if port is None:
        return None, problem
    return Target("port", port, f"port {inventory.ref(port)}"), None


def _one(inventory: Inventory, kind: str, text: str, objs: list):
    if len(objs) > 1:
        sites = ", ".join(o.site.id for o in objs)
        return None, (f"{_KIND_WORDS[kind]} '{text}' is in several sites ({sites}); "
                      f"write SITE/{text}, e.g. {objs[0].site.id}/{text}")
    obj = objs[0]
    name = inventory.device_ref(obj) if kind == "device" else obj.id
    return Target(kind, obj, f"{_KIND_WORDS[kind]} {name}"), None


def _devices_in(inventory: Inventory, target: Target) -> list[Device]:
    obj = target.obj
    if target.kind == "device":
        return [obj]
    if target.kind == "rack":
        return [d for d in inventory.devices() if d.rack is obj]
    if target.kind == "space":
        return [d for d in inventory.devices() if d.space is obj or (obj.room is not None and d.room is obj.room)]
    if target.kind == "room":
        return [d for d in inventory.devices() if d.room is obj]
    if target.kind == "floor":
        return [d for d in inventory.devices() if d.room is not None and d.room.floor is obj]
    return []


# --------------------------------------------------------------------------- the answer
@dataclass(slots=True, eq=False)
class AffectedJack:
    port: Port  # the outlet jack
    reason: str  # 'path' or 'upstream' (see the module doc)
    via: Device | None = None  # for 'upstream': the switch cut off
    device: Device | None = None  # what is plugged into it (its work-area end)
    switch_port: Port | None = None  # where it is patched (its network end)
    active: bool = True  # its path had only installed cables before the failure
    phone: str | None = None

    @property
    def room(self) -> Room | None:
        return self.port.device.room

    @property
    def floor(self) -> Floor | None:
        return self.room.floor if self.room is not None else None

    def to_json(self, inventory: Inventory) -> dict:
        return {"jack": inventory.ref(self.port), "outlet": inventory.device_ref(self.port.device),
                "room": _id(self.room), "floor": _id(self.floor), "reason": self.reason,
                "via": inventory.device_ref(self.via) if self.via is not None else None,
                "device": inventory.device_ref(self.device) if self.device is not None else None,
                "switch_port": inventory.ref(self.switch_port) if self.switch_port is not None else None,
                "active": self.active, "phone": self.phone}


@dataclass(slots=True, eq=False)
class AffectedDevice:
    device: Device
    reason: str  # 'failed', 'unpowered', 'path' or 'upstream'
    via: Device | None = None  # 'upstream': the switch cut off; 'unpowered': the failed power source
    already_down: bool = False  # it reached no router or switch even before the failure
    phone: str | None = None

    @property
    def room(self) -> Room | None:
        return self.device.room

    @property
    def floor(self) -> Floor | None:
        return self.room.floor if self.room is not None else None

    def to_json(self, inventory: Inventory) -> dict:
        return {"device": inventory.device_ref(self.device), "role": self.device.role,
                "room": _id(self.room), "floor": _id(self.floor), "reason": self.reason,
                "via": inventory.device_ref(self.via) if self.via is not None else None,
                "already_down": self.already_down, "phone": self.phone}


@dataclass(slots=True, eq=False)
class RoomImpact:
    room: Room | None
    jacks: list[AffectedJack] = field(default_factory=list)
    devices: list[AffectedDevice] = field(default_factory=list)

    @property
    def floor(self) -> Floor | None:
        return self.room.floor if self.room is not None else None


@dataclass(slots=True, eq=False)
class Impact:
    targets: list[Target]
    jacks: list[AffectedJack]
    devices: list[AffectedDevice]  # end devices (roles outside choices.INFRASTRUCTURE_ROLES)
    network: list[AffectedDevice]  # switches, routers, panels, PDUs ... that fail or are cut off
    cables: list[Cable]  # cables named or on a failed path: every cable the outage runs through
    rooms: list[RoomImpact] = field(default_factory=list)

    def counts(self) -> dict:
        floors = {id(r.floor) for r in self.rooms if r.floor is not None}
        roles: dict[str, int] = {}
        for d in self.devices:
            roles[d.device.role] = roles.get(d.device.role, 0) + 1
        return {"jacks": len(self.jacks), "jacks_in_use": sum(1 for j in self.jacks if j.device is not None),
                "end_devices": len(self.devices), "by_role": dict(sorted(roles.items())),
                "network_devices": len(self.network), "rooms": sum(1 for r in self.rooms if r.room is not None),
                "floors": len(floors)}

    def to_json(self, inventory: Inventory) -> dict:
        return {"failed": [t.label for t in self.targets], "counts": self.counts(),
                "network": [d.to_json(inventory) for d in self.network],
                "rooms": [{"room": _id(r.room), "name": r.room.name if r.room else None, "floor": _id(r.floor),
                           "jacks": [j.to_json(inventory) for j in r.jacks],
                           "devices": [d.to_json(inventory) for d in r.devices]} for r in self.rooms]}


def _id(x) -> str | None:
    return x.id if x is not None else None


def impact(index: ImpactIndex, targets: list[Target],
           phone_of: Callable[[object], str | None] | None = None) -> Impact:
    """Every outlet jack and end device that loses service when all ``targets`` fail together."""
    with gc_paused():
        return _impact(index, targets, phone_of)


def _impact(index: ImpactIndex, targets: list[Target], phone_of) -> Impact:
    inv = index.inventory
    failed: dict[int, tuple[Device, str, Device | None]] = {}  # id -> (device, reason, via)
    hit: dict[int, Link] = {}
    for t in targets:
        if t.kind == "cable":
            for link in index.by_cable.get(id(t.obj), ()):
                hit[id(link)] = link
        elif t.kind == "port":
            port = t.obj
            for link in index.by_device.get(id(port.device), ()) if port.__class__ is Port else ():
                if any(p is port for p in link.ports):
                    hit[id(link)] = link
        else:
            for d in _devices_in(inv, t):
                failed.setdefault(id(d), (d, FAILED, None))
    # devices down: the failed ones, then whatever loses all its power feeds, to a fixed point
    queue = deque(d for d, _r, _v in failed.values())
    candidates = deque(link.b.device if link.b.template.kind == "power" else link.a.device
                       for link in hit.values() if link.is_power)
    while queue or candidates:
        if queue:
            dev = queue.popleft()
            for link in index.by_device.get(id(dev), ()):
                hit[id(link)] = link
            candidates.extend(index.fed.get(id(dev), ()))
            continue
        consumer = candidates.popleft()
        if id(consumer) in failed:
            continue
        feeds = index.feeds.get(id(consumer), ())
        if feeds and all(id(src) in failed or id(link) in hit for src, link in feeds):
            via = next((src for src, _l in feeds if id(src) in failed), feeds[0][0])
            failed[id(consumer)] = (consumer, UNPOWERED, via)
            queue.append(consumer)
    reached_after = _reach(index, index.roots, failed, hit)
    lost = [key for key in index.reached if key not in reached_after and key not in failed]
    lost_ids = set(lost)

    def phone(x):
        return phone_of(x) if phone_of is not None else None

    jacks: list[AffectedJack] = []
    for link in index.jack_links:
        direct = id(link) in hit
        net = link.b
        cut = net is not None and id(net.device) in lost_ids
        if not (direct or cut):
            continue
        jacks.append(AffectedJack(link.jack, PATH if direct else UPSTREAM, None if direct else net.device,
                                  link.a.device if link.a is not None else None, net, link.active,
                                  phone(link.jack)))
    affected: dict[int, AffectedDevice] = {}
    judged = bool(index.roots)  # without a router or switch nothing was reachable to begin with

    def down_before(dev) -> bool:  # a device with a network interface that reached no router or switch
        return judged and id(dev) not in index.reached and any(p.template.kind == "interface" for p in dev.ports)

    for dev, reason, via in failed.values():
        affected[id(dev)] = AffectedDevice(dev, reason, via, down_before(dev))
    for link in hit.values():  # the devices at the ends of a data link that no longer works
        if link.is_power:
            continue
        for p in (link.a, link.b):
            if p is None or p.template.kind != "interface":
                continue
            key = id(p.device)
            if key not in affected and (key in lost_ids or key not in index.reached):
                affected[key] = AffectedDevice(p.device, PATH, None, down_before(p.device))
    for key in lost_ids:
        if key not in affected:
            affected[key] = AffectedDevice(index.devices[key], UPSTREAM)
    hangs_from = _hangs_from(index, lost_ids, failed, [a.device for a in affected.values() if a.reason != UPSTREAM])
    for a in affected.values():
        if a.via is None and a.reason == UPSTREAM:
            up = hangs_from.get(id(a.device))
            a.via = up if up is not a.device else None
    ends = [a for a in affected.values() if a.device.role not in INFRASTRUCTURE_ROLES]
    network = [a for a in affected.values() if a.device.role in INFRASTRUCTURE_ROLES
               and a.device.role not in OUTLET_ROLES]
    for a in ends:
        a.phone = phone(a.device)
    cables = {id(c): c for t in targets if t.kind == "cable" for c in (t.obj,)}
    for link in hit.values():
        for c in link.cables:
            cables.setdefault(id(c), c)
    order = index.order
    jacks.sort(key=lambda j: (order[id(j.port.device)], j.port.name))
    ends.sort(key=lambda a: order[id(a.device)])
    network.sort(key=lambda a: order[id(a.device)])
    return Impact(list(targets), jacks, ends, network, list(cables.values()), _by_room(jacks, ends))


def _hangs_from(index: ImpactIndex, lost: set, failed: dict, down: list) -> dict:
    """For each cut-off device, the device down it hangs from: a failed or cut-off switch (or other
    infrastructure) where there is one, else an end device that is down (a phone with a PC behind it)."""
    via: dict[int, Device] = {}
    infra = [index.devices.get(key) or failed[key][0] for key in list(lost) + list(failed)]
    for seeds in ([d for d in infra if d.role in INFRASTRUCTURE_ROLES], down):
        queue = deque()
        for dev in seeds:
            if id(dev) not in via:
                via[id(dev)] = dev
                queue.append(dev)
        while queue:
            dev = queue.popleft()
            for other, _link in index.adjacency.get(id(dev), ()):
                key = id(other)
                if key in lost and key not in via:
                    via[key] = via[id(dev)]
                    queue.append(other)
    return via


def _by_room(jacks: list[AffectedJack], devices: list[AffectedDevice]) -> list[RoomImpact]:
    rooms: dict[int, RoomImpact] = {}
    for j in jacks:
        rooms.setdefault(id(j.room), RoomImpact(j.room)).jacks.append(j)
    for d in devices:
        rooms.setdefault(id(d.room), RoomImpact(d.room)).devices.append(d)

    def key(r: RoomImpact):
        floor = r.floor
        level = floor.level if floor is not None and floor.level is not None else float("inf")
        return (r.room is None, level, floor.id if floor is not None else "", r.room.id if r.room else "")

    return sorted(rooms.values(), key=key)

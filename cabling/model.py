"""The validated site model: sites, floors, rooms, telecom spaces, racks, devices, ports, cables.

Objects here are plain value holders built by :mod:`cabling.readers.loader`; analyses
read them. A :class:`Port` is hashed by identity, so ports serve directly as
nodes of the cabling graph (:mod:`cabling.graph`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .choices import PASS_THROUGH_KINDS, VERTICAL_PATHWAY_KINDS
from .diagnostics import Mark
from .refs import format_ref


@dataclass(slots=True)
class PortTemplate:
    name: str
    kind: str  # one of choices.PORT_KINDS
    type: str | None = None
    positions: int = 1
    poe_mode: str | None = None  # 'pse' or 'pd'
    poe_type: str | None = None
    poe_class: int | None = None
    mgmt_only: bool = False
    maximum_draw: float | None = None


@dataclass(slots=True)
class DeviceType:
    slug: str
    manufacturer: str
    model: str
    source: str
    ports: list[PortTemplate] = field(default_factory=list)
    # (front name, front position, rear name, rear position)
    mappings: list[tuple[str, int, str, int]] = field(default_factory=list)
    u_height: float = 1
    role: str | None = None
    poe_budget_w: float | None = None
    part_number: str | None = None
    is_full_depth: bool = True
    _mapping_index: list | None = None
    _tables: tuple | None = None

    def mapping_index(self) -> list[tuple[int, int, int, int]]:
        """Port mappings as (front index, front position, rear index, rear position) into ``ports``."""
        if self._mapping_index is None:
            where = {(p.kind, p.name): i for i, p in enumerate(self.ports)}
            self._mapping_index = [(where["front", f], fp, where["rear", r], rp) for f, fp, r, rp in self.mappings]
        return self._mapping_index

    def port_tables(self) -> tuple:
        """What every device of this model shares, by port index into ``ports``: (rear mappings, front
        mappings, names).

        Rear mappings: per port None or a tuple of (front position, rear index, rear position); front
        mappings: per port None or {rear position: (front index, front position)}; names: port name ->
        index, or a list of indices where ports of several kinds share a name (front 1, rear 1).
        """
        if self._tables is None:
            n = len(self.ports)
            rear: list = [None] * n
            fronts: list = [None] * n
            for fi, fpos, ri, rpos in self.mapping_index():
                rear[fi] = (rear[fi] or ()) + ((fpos, ri, rpos),)
                if fronts[ri] is None:
                    fronts[ri] = {}
                fronts[ri][rpos] = (fi, fpos)
            names: dict = {}
            for i, p in enumerate(self.ports):
                old = names.get(p.name)
                if old is None:
                    names[p.name] = i
                elif isinstance(old, list):
                    old.append(i)
                else:
                    names[p.name] = [old, i]
            self._tables = (tuple(rear), tuple(fronts), names)
        return self._tables

    @property
    def key(self) -> str:
        return f"{self.manufacturer}/{self.model}"

    def default_role(self) -> str:
        if self.role:
            return self.role
        kinds = {p.kind for p in self.ports}
        if kinds and kinds <= {"front", "rear"}:
            return "outlet" if not self.u_height else "patch-panel"
        if "power-outlet" in kinds and "interface" not in kinds:
            return "pdu"
        if any(p.poe_mode == "pse" for p in self.ports):
            return "switch"
        return "other"


@dataclass(slots=True)
class Site:
    id: str
    name: str | None = None
    address: str | None = None
    description: str | None = None
    fibre_polarity: str | None = None
    wiring: str | None = None  # T568A or T568B, as the site file says
    mark: Mark | None = None
    floors: dict[str, "Floor"] = field(default_factory=dict)
    rooms: dict[str, "Room"] = field(default_factory=dict)
    spaces: dict[str, "TelecomSpace"] = field(default_factory=dict)
    racks: dict[str, "Rack"] = field(default_factory=dict)
    devices: dict[str, "Device"] = field(default_factory=dict)
    cables: dict[str, "Cable"] = field(default_factory=dict)
    pathways: dict[str, "Pathway"] = field(default_factory=dict)
    # site 'routing:' overrides of the route defaults in cabling.standards (rack_slack_m, outlet_slack_m)
    routing: dict = field(default_factory=dict)
    # site 'rules:' settings for the fault scan (cabling.faults.settings reads them), and where they are
    rules: dict = field(default_factory=dict)
    rules_mark: Mark | None = None


@dataclass(slots=True, frozen=True)
class FloorImage:
    """The architect's plan under a floor: an image file, metres per pixel, lower-left corner on the plan."""

    path: str  # resolved, inside the site file's folder
    scale: float = 1.0
    offset: tuple[float, float] = (0.0, 0.0)


@dataclass(slots=True, eq=False)
class Pathway:
    """A tray, conduit or ceiling run (polyline on one floor) or a riser (one point joining floors)."""

    id: str
    site: Site
    kind: str
    floor: "Floor | None" = None
    path: list[tuple[float, float]] | None = None
    at: tuple[float, float] | None = None
    floors: list["Floor"] = field(default_factory=list)
    name: str | None = None
    capacity: int | None = None
    width_mm: float | None = None
    depth_mm: float | None = None
    diameter_mm: float | None = None
    description: str | None = None
    mark: Mark | None = None

    @property
    def is_vertical(self) -> bool:
        return self.kind in VERTICAL_PATHWAY_KINDS

    def __repr__(self) -> str:
        return f"<Pathway {self.id} ({self.kind})>"


@dataclass(slots=True)
class Floor:
    id: str
    site: Site
    name: str | None = None
    level: float | None = None
    height: float | None = None
    outline: list[tuple[float, float]] | None = None
    mark: Mark | None = None
    background: FloorImage | None = None


@dataclass(slots=True)
class Room:
    id: str
    site: Site
    floor: Floor | None
    name: str | None = None
    polygon: list[tuple[float, float]] | None = None
    mark: Mark | None = None


@dataclass(slots=True)
class TelecomSpace:
    id: str
    site: Site
    room: Room | None = None
    name: str | None = None
    kind: str | None = None
    mark: Mark | None = None
    serves: list["Floor"] = field(default_factory=list)  # floors whose outlets it serves, where the site says


@dataclass(slots=True)
class Rack:
    id: str
    site: Site
    space: TelecomSpace | None = None
    room: Room | None = None
    name: str | None = None
    u_height: int = 42
    at: tuple[float, float] | None = None
    mark: Mark | None = None


@dataclass(slots=True, eq=False)
class Port:
    """One port of one device; a node of the cabling graph."""

    device: "Device"
    template: PortTemplate
    index: int = 0  # in device.ports (and in its model's ports)
    cable: "Cable | None" = None
    end: str | None = None  # 'A' or 'B' of its cable

    # The front-to-rear mappings inside a passive device come from the model (shared by all its
    # devices), not stored per port: a campus has hundreds of thousands of ports.
    @property
    def rear(self) -> list | None:
        """Front port: [(front position, rear port, rear position), ...] per mapped position; else None."""
        mapped = (self.device.model._tables or self.device.model.port_tables())[0][self.index]
        if mapped is None:
            return None
        ports = self.device.ports
        return [(fpos, ports[ri], rpos) for fpos, ri, rpos in mapped]

    @property
    def fronts(self) -> dict | None:
        """Rear port: {rear position: (front port, front position)}; else None."""
        mapped = (self.device.model._tables or self.device.model.port_tables())[1][self.index]
        if mapped is None:
            return None
        ports = self.device.ports
        return {rpos: (ports[fi], fpos) for rpos, (fi, fpos) in mapped.items()}

    @property
    def name(self) -> str:
        return self.template.name

    @property
    def kind(self) -> str:
        return self.template.kind

    @property
    def positions(self) -> int:
        return self.template.positions

    @property
    def is_pass_through(self) -> bool:
        return self.template.kind in PASS_THROUGH_KINDS

    def __repr__(self) -> str:
        return f"<Port {self.device.id}:{self.template.name} ({self.template.kind})>"


@dataclass(slots=True, eq=False)
class Device:
    id: str
    site: Site
    model: DeviceType
    role: str
    rack: Rack | None = None
    u: float | None = None
    face: str = "front"
    room: Room | None = None
    space: TelecomSpace | None = None
    at: tuple[float, float] | None = None
    poe_budget_w: float | None = None
    poe_class: int | None = None
    serial: str | None = None
    asset_tag: str | None = None
    description: str | None = None
    mark: Mark | None = None
    ports: list[Port] = field(default_factory=list)  # one per port of the model, in the model's order

    @property
    def by_name(self) -> "PortsByName":
        """Port name -> Port, or -> [Port, ...] where kinds share a name (front 1, rear 1)."""
        return PortsByName(self.ports, (self.model._tables or self.model.port_tables())[2])

    def port(self, name: str, kind: str | None = None) -> Port | None:
        """The port called ``name`` (of ``kind`` when given); None if absent."""
        found = self.by_name.get(name)
        if found is None:
            return None
        if isinstance(found, list):
            if kind is None:
                return None
            return next((p for p in found if p.kind == kind), None)
        if kind is not None and found.kind != kind:
            return None
        return found

    def __repr__(self) -> str:
        return f"<Device {self.site.id}/{self.id}>"


class PortsByName:
    """A device's ports by name, read through its model's name index (a mapping, read-only)."""

    __slots__ = ("ports", "index")

    def __init__(self, ports, index):
        self.ports = ports
        self.index = index

    def _at(self, i):
        return self.ports[i] if i.__class__ is int else [self.ports[j] for j in i]

    def get(self, name, default=None):
        i = self.index.get(name)
        return default if i is None else self._at(i)

    def __getitem__(self, name):
        return self._at(self.index[name])

    def __contains__(self, name) -> bool:
        return name in self.index

    def __iter__(self):
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def keys(self):
        return self.index.keys()

    def items(self):
        return [(name, self._at(i)) for name, i in self.index.items()]

    def values(self):
        return [self._at(i) for i in self.index.values()]


CIRCUIT_TERMINATION = PortTemplate(name="circuit termination", kind="circuit-termination")


@dataclass(slots=True, eq=False)
class Circuit:
    id: str  # the carrier's circuit id (NetBox's cid)
    site: Site  # the site whose file describes it
    provider: str | None = None
    type: str | None = None
    status: str = "active"
    description: str | None = None
    mark: Mark | None = None
    a: "CircuitTermination | None" = None
    z: "CircuitTermination | None" = None

    def side(self, side: str) -> "CircuitTermination | None":
        return self.a if side == "A" else self.z


@dataclass(slots=True, eq=False)
class CircuitTermination:
    """One side (A or Z) of a circuit; a cable may end on it, like on a port."""

    circuit: Circuit
    side: str
    # where the side lands when no cable continues it: ('site'|'location'|'region'|'provider-network', name)
    ends_at: tuple[str, str] | None = None
    port_speed: int | None = None
    xconnect_id: str | None = None
    description: str | None = None
    cable: "Cable | None" = None
    end: str | None = None
    template: PortTemplate = field(default_factory=lambda: CIRCUIT_TERMINATION)

    @property
    def kind(self) -> str:
        return "circuit-termination"

    @property
    def name(self) -> str:
        return f"{self.circuit.id}/{self.side}"

    @property
    def is_pass_through(self) -> bool:
        return False

    @property
    def peer(self) -> "CircuitTermination | None":
        return self.circuit.z if self.side == "A" else self.circuit.a

    def __repr__(self) -> str:
        return f"<CircuitTermination {self.circuit.id}/{self.side}>"


@dataclass(slots=True, eq=False)
class Cable:
    id: str
    site: Site
    a: tuple[Port, ...]
    b: tuple[Port, ...]
    type: str | None = None
    length: float | None = None
    status: str = "installed"
    color: str | None = None
    label: str | None = None
    pairs: int | None = None
    description: str | None = None
    mark: Mark | None = None
    test: dict | None = None  # the last certification test: {'date': 'YYYY-MM-DD', 'result': 'pass'|'fail'}
    fibre_polarity: str | None = None  # a trunk's own polarity method (A, B, C), over its site's

    def far(self, end: str) -> tuple[Port, ...]:
        return self.b if end == "A" else self.a

    def __repr__(self) -> str:
        return f"<Cable {self.id}>"


@dataclass
class Inventory:
    """Everything loaded from one or more site files."""

    sites: dict[str, Site] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    library: object = None  # devicetypes.Library
    # device name -> devices of that name in all loaded sites
    devices_by_name: dict[str, list[Device]] = field(default_factory=dict)
    circuits: dict[str, Circuit] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    telephony: object = None  # cabling.telephony.model.Telephony: extensions, blocks, lines

    def circuit_terminations(self):
        for c in self.circuits.values():
            for t in (c.a, c.z):
                if t is not None:
                    yield t

    def devices(self):
        for site in self.sites.values():
            yield from site.devices.values()

    def cables(self):
        for site in self.sites.values():
            yield from site.cables.values()

    def ports(self):
        for device in self.devices():
            yield from device.ports

    def counts(self) -> dict[str, int]:
        devices = list(self.devices())
        return {
            "sites": len(self.sites),
            "devices": len(devices),
            "ports": sum(len(d.ports) for d in devices),
            "cables": sum(len(s.cables) for s in self.sites.values()),
            "circuits": len(self.circuits),
        }

    def ref(self, port) -> str:
        """Canonical ``DEVICE:PORT`` text of a port (``CID/A`` of a circuit termination); parses back."""
        if port.__class__ is CircuitTermination:
            return port.name
        device = port.device
        name = port.template.name
        if isinstance(device.by_name.get(name), list) or _looks_qualified(name):
            name = f"{name} ({port.template.kind})"
        if len(self.devices_by_name.get(device.id, ())) > 1:  # the name is in several loaded sites
            site = device.site.id
            if self._plain_site_prefix(site, device.id, name):
                return f"{site}:{device.id}:{name}"
            return format_ref(device.id, name, site)
        return format_ref(device.id, name)

    def _plain_site_prefix(self, site: str, device: str, port: str) -> bool:
        """Whether ``SITE:DEVICE:PORT`` without quotes reads back only as that port: no part needs
        quoting, and no device's name could take the site (and more) as its own."""
        if ":" in site or ":" in device or site.startswith('"') or port.startswith('"') or ':"' in port:
            return False
        if site in self.devices_by_name:
            return False
        return not any(n.startswith(site + ":") for n in self.devices_by_name if ":" in n)

    def device_ref(self, device: Device) -> str:
        if len(self.devices_by_name.get(device.id, ())) > 1:
            return f"{device.site.id}/{device.id}"
        return device.id


_KIND_SUFFIXES = ("(interface)", "(front)", "(rear)", "(console)", "(console-server)", "(power)", "(power-outlet)")


def _looks_qualified(name: str) -> bool:
    return name.endswith(")") and name.endswith(_KIND_SUFFIXES)


def split_kind(name: str) -> tuple[str, str | None]:
    """'17 (rear)' -> ('17', 'rear'); a name without a kind suffix -> (name, None)."""
    if _looks_qualified(name):
        base, _, kind = name[:-1].rpartition(" (")
        if base:
            return base, kind
    return name, None

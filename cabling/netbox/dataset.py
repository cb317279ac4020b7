"""A NetBox dataset, independent of where it was read from.

:mod:`cabling.netbox.sqldump` fills one from a ``pg_dump`` of a NetBox
database, :mod:`cabling.netbox.bulkimport` from a folder of NetBox bulk-import
files. Both give the same shape, so a converter to cabling site YAML reads
either.

Conventions
-----------
* Every object has an integer ``id``: NetBox's primary key when read from a
  database dump, a synthesized one (1, 2, ... in file order) when read from
  bulk-import files.
* Foreign keys are ``*_id`` fields holding those ids (``None`` when unset);
  names of things NetBox only references by name (a device's role, a
  circuit's provider and type, a device type's manufacturer) are plain strings.
* NetBox keeps each kind of port in its own table, so port ids are unique only
  within a kind. A port (and any other object a cable or a cable path can
  touch) is therefore referred to by a :data:`Ref`, a ``(kind, id)`` pair; the
  kinds are :data:`PORT_KINDS` plus :data:`OTHER_KINDS`.
* Choice values (port types, cable types, statuses, PoE modes) are NetBox's
  own slugs, unchanged (cable status is ``connected``/``planned``/
  ``decommissioned`` as in NetBox's ``LinkStatusChoices``).
* Lengths are in metres (:func:`to_meters` mirrors NetBox's).
* Anything that could not be read or does not fit is a line in
  :attr:`NetBoxDataset.problems`; nothing is dropped silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..choices import NETBOX_PORT_MODELS, PORT_KINDS

# (kind, id): a port, a cable, a circuit termination, a site, ...
Ref = tuple[str, int]

# Kinds a Ref can have besides the port kinds.
OTHER_KINDS = (
    "cable", "circuit-termination", "site", "location", "region", "site-group", "provider-network",
)
# NetBox content type (app_label, model) of each kind.
NETBOX_MODELS: dict[str, tuple[str, str]] = {
    **{kind: ("dcim", model) for kind, model in NETBOX_PORT_MODELS.items()},
    "cable": ("dcim", "cable"),
    "circuit-termination": ("circuits", "circuittermination"),
    "site": ("dcim", "site"),
    "location": ("dcim", "location"),
    "region": ("dcim", "region"),
    "site-group": ("dcim", "sitegroup"),
    "provider-network": ("circuits", "providernetwork"),
}
KIND_OF_MODEL: dict[tuple[str, str], str] = {model: kind for kind, model in NETBOX_MODELS.items()}
# What a cable end may be attached to.
CABLE_END_KINDS = PORT_KINDS + ("circuit-termination",)

# NetBox's CableLengthUnitChoices and their factor to metres (utilities.conversion.to_meters).
LENGTH_UNITS = {
    "km": Decimal(1000),
    "m": Decimal(1),
    "cm": Decimal(1) / 100,
    "mi": Decimal(1609.344),
    "ft": Decimal(0.3048),
    "in": Decimal(0.0254),
}


def to_meters(length, unit: str) -> float:
    """``length`` in ``unit`` as metres, rounded to 4 decimals as NetBox does.

    Raises ``ValueError`` for a negative or non-numeric length or an unknown unit.
    """
    try:
        value = Decimal(str(length).strip())
    except InvalidOperation:
        raise ValueError(f"invalid length {length!r} (must be a number)") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"invalid length {length!r} (must be a positive number)")
    if unit not in LENGTH_UNITS:
        raise ValueError(f"unknown length unit {unit!r} (one of {', '.join(LENGTH_UNITS)})")
    return float(round(value * LENGTH_UNITS[unit], 4))


@dataclass(slots=True)
class Region:
    id: int
    name: str
    slug: str | None = None
    parent_id: int | None = None


@dataclass(slots=True)
class SiteGroup:
    id: int
    name: str
    slug: str | None = None
    parent_id: int | None = None


@dataclass(slots=True)
class Site:
    id: int
    name: str
    slug: str | None = None
    status: str | None = None
    region_id: int | None = None
    group_id: int | None = None
    physical_address: str | None = None
    description: str | None = None


@dataclass(slots=True)
class Location:
    id: int
    name: str
    site_id: int | None
    slug: str | None = None
    parent_id: int | None = None
    status: str | None = None
    description: str | None = None


@dataclass(slots=True)
class Rack:
    id: int
    name: str
    site_id: int | None
    location_id: int | None = None
    u_height: int | None = None
    status: str | None = None
    facility_id: str | None = None


@dataclass(slots=True)
class Manufacturer:
    id: int
    name: str
    slug: str | None = None


@dataclass(slots=True)
class PortTemplate:
    """One port of a device type (NetBox's ``dcim_*template`` tables)."""

    id: int
    kind: str  # one of PORT_KINDS
    device_type_id: int
    name: str
    type: str | None = None
    label: str | None = None
    positions: int = 1  # rear ports; front ports of NetBox 4.5+
    poe_mode: str | None = None  # interfaces: 'pse' or 'pd'
    poe_type: str | None = None
    mgmt_only: bool = False
    maximum_draw: int | None = None  # power ports, watts


@dataclass(slots=True)
class DeviceType:
    id: int
    manufacturer: str | None
    model: str
    slug: str | None = None
    u_height: float | None = None
    part_number: str | None = None
    manufacturer_id: int | None = None
    templates: list[PortTemplate] = field(default_factory=list)
    # (front port name, front position, rear port name, rear position), as in
    # cabling.model.DeviceType.mappings
    mappings: list[tuple[str, int, str, int]] = field(default_factory=list)


@dataclass(slots=True)
class Device:
    id: int
    name: str | None  # NetBox devices may be unnamed
    site_id: int | None
    rack_id: int | None = None
    position: float | None = None  # lowest rack unit occupied
    device_type_id: int | None = None
    role: str | None = None  # role name
    serial: str | None = None
    asset_tag: str | None = None
    location_id: int | None = None
    face: str | None = None  # 'front' or 'rear'
    status: str | None = None
    role_slug: str | None = None
    ports: list[Ref] = field(default_factory=list)  # every port of the device, by kind then id


@dataclass(slots=True)
class Port:
    """One port of one device: an interface, a front or rear port, a console or power port."""

    id: int
    kind: str  # one of PORT_KINDS
    device_id: int
    name: str
    type: str | None = None
    label: str | None = None
    positions: int = 1  # rear ports (and front ports of NetBox 4.5+)
    poe_mode: str | None = None
    poe_type: str | None = None
    mgmt_only: bool = False
    maximum_draw: int | None = None
    cable_id: int | None = None
    mark_connected: bool = False
    description: str | None = None

    @property
    def ref(self) -> Ref:
        return (self.kind, self.id)


@dataclass(frozen=True, slots=True)
class PortMapping:
    """Position ``front_position`` of a front port is wired to ``rear_position`` of a rear port."""

    front_port_id: int
    front_position: int
    rear_port_id: int
    rear_position: int


@dataclass(slots=True)
class Provider:
    id: int
    name: str
    slug: str | None = None


@dataclass(slots=True)
class ProviderNetwork:
    id: int
    name: str
    provider: str | None = None
    provider_id: int | None = None
    service_id: str | None = None
    description: str | None = None


@dataclass(slots=True)
class Circuit:
    id: int
    cid: str
    provider: str | None
    type: str | None
    status: str | None = None
    provider_id: int | None = None
    commit_rate: int | None = None  # kbps
    description: str | None = None


@dataclass(slots=True)
class CircuitTermination:
    """One end (A or Z) of a circuit.

    NetBox 4.2+ terminates a circuit on a site, location, region, site group or
    provider network (``termination_kind``/``termination_id``); the reader
    resolves that into the ``*_id`` fields: a location also sets ``site_id``
    (its site), a provider network sets ``provider_network_id``.
    """

    id: int
    circuit_id: int
    term_side: str  # 'A' or 'Z'
    termination_kind: str | None = None  # 'site', 'location', 'region', 'site-group', 'provider-network'
    termination_id: int | None = None
    site_id: int | None = None
    location_id: int | None = None
    region_id: int | None = None
    site_group_id: int | None = None
    provider_network_id: int | None = None
    port_speed: int | None = None  # kbps
    upstream_speed: int | None = None
    xconnect_id: str | None = None
    pp_info: str | None = None
    description: str | None = None
    cable_id: int | None = None


@dataclass(slots=True)
class Cable:
    id: int
    label: str | None = None
    type: str | None = None
    status: str | None = None
    color: str | None = None  # RGB hex, e.g. 'ffeb3b'
    length: float | None = None  # metres
    length_unit: str | None = None  # the unit the source gave the length in
    source_length: float | None = None  # the length as the source gave it, in length_unit
    a_terminations: list[Ref] = field(default_factory=list)  # kinds from CABLE_END_KINDS
    b_terminations: list[Ref] = field(default_factory=list)
    description: str | None = None


@dataclass(slots=True)
class CablePath:
    """A path NetBox computed (``dcim_cablepath``): its steps from the origin on.

    Each step is a list of :data:`Ref` (several when the path fans out over a
    multi-port cable end): ports, ``cable``, ``circuit-termination``, and at
    the far end possibly ``site`` or ``provider-network``.
    """

    id: int
    path: list[list[Ref]]
    is_complete: bool
    is_active: bool
    is_split: bool

    @property
    def origin(self) -> list[Ref]:
        return self.path[0] if self.path else []

    @property
    def destination(self) -> list[Ref]:
        """The last step; only an endpoint when ``is_complete``."""
        return self.path[-1] if self.path else []


@dataclass(slots=True)
class NetBoxDataset:
    """Everything read from one NetBox source, by id."""

    source: str = ""
    regions: dict[int, Region] = field(default_factory=dict)
    site_groups: dict[int, SiteGroup] = field(default_factory=dict)
    sites: dict[int, Site] = field(default_factory=dict)
    locations: dict[int, Location] = field(default_factory=dict)
    racks: dict[int, Rack] = field(default_factory=dict)
    manufacturers: dict[int, Manufacturer] = field(default_factory=dict)
    device_types: dict[int, DeviceType] = field(default_factory=dict)
    devices: dict[int, Device] = field(default_factory=dict)
    ports: dict[Ref, Port] = field(default_factory=dict)
    port_mappings: list[PortMapping] = field(default_factory=list)
    providers: dict[int, Provider] = field(default_factory=dict)
    provider_networks: dict[int, ProviderNetwork] = field(default_factory=dict)
    circuits: dict[int, Circuit] = field(default_factory=dict)
    circuit_terminations: dict[int, CircuitTermination] = field(default_factory=dict)
    cables: dict[int, Cable] = field(default_factory=dict)
    cable_paths: dict[int, CablePath] = field(default_factory=dict)
    # NetBox content type id -> (app_label, model); only a database dump has them
    content_types: dict[int, tuple[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def ports_of_kind(self, kind: str) -> list[Port]:
        return [p for (k, _), p in self.ports.items() if k == kind]

    def ports_of(self, device_id: int) -> list[Port]:
        device = self.devices.get(device_id)
        return [self.ports[r] for r in device.ports] if device else []

    def port(self, device_id: int, kind: str, name: str) -> Port | None:
        for ref in self.devices[device_id].ports if device_id in self.devices else ():
            p = self.ports[ref]
            if p.kind == kind and p.name == name:
                return p
        return None

    def devices_named(self, name: str) -> list[Device]:
        return [d for d in self.devices.values() if d.name == name]

    def terminations_of(self, circuit_id: int) -> dict[str, CircuitTermination]:
        """A circuit's terminations by side ('A', 'Z')."""
        return {t.term_side: t for t in self.circuit_terminations.values() if t.circuit_id == circuit_id}

    def get(self, ref: Ref):
        """The object a :data:`Ref` names, or ``None``."""
        kind, oid = ref
        if kind in PORT_KINDS:
            return self.ports.get(ref)
        table = {
            "cable": self.cables, "circuit-termination": self.circuit_terminations, "site": self.sites,
            "location": self.locations, "region": self.regions, "site-group": self.site_groups,
            "provider-network": self.provider_networks,
        }.get(kind)
        return table.get(oid) if table is not None else None

    def check_references(self) -> list[str]:
        """Problems with references between objects (dangling ids, ports of unknown devices, ...)."""
        out: list[str] = []

        def missing(what: str, ref: Ref) -> None:
            out.append(f"{what} refers to {ref[0]} {ref[1]}, which does not exist")

        for d in self.devices.values():
            if d.site_id is not None and d.site_id not in self.sites:
                missing(f"device {d.id} ({d.name})", ("site", d.site_id))
            if d.rack_id is not None and d.rack_id not in self.racks:
                out.append(f"device {d.id} ({d.name}) refers to rack {d.rack_id}, which does not exist")
            if d.device_type_id is not None and d.device_type_id not in self.device_types:
                out.append(f"device {d.id} ({d.name}) refers to device type {d.device_type_id}, which does not exist")
        for p in self.ports.values():
            if p.device_id not in self.devices:
                out.append(f"{p.kind} port {p.id} ({p.name}) belongs to device {p.device_id}, which does not exist")
        for m in self.port_mappings:
            if ("front", m.front_port_id) not in self.ports:
                missing("a port mapping", ("front", m.front_port_id))
            rear = self.ports.get(("rear", m.rear_port_id))
            if rear is None:
                missing(f"front port {m.front_port_id}'s mapping", ("rear", m.rear_port_id))
            elif not 1 <= m.rear_position <= rear.positions:
                out.append(f"front port {m.front_port_id} maps to position {m.rear_position} of rear port "
                           f"{rear.id}, which has {rear.positions} position(s)")
        for c in self.cables.values():
            for ref in c.a_terminations + c.b_terminations:
                if self.get(ref) is None:
                    missing(f"cable {c.id}", ref)
        for t in self.circuit_terminations.values():
            if t.circuit_id not in self.circuits:
                out.append(f"circuit termination {t.id} belongs to circuit {t.circuit_id}, which does not exist")
            if t.termination_kind in NETBOX_MODELS and t.termination_id is not None \
                    and self.get((t.termination_kind, t.termination_id)) is None:
                missing(f"circuit termination {t.id}", (t.termination_kind, t.termination_id))
        for cp in self.cable_paths.values():
            for step in cp.path:
                for ref in step:
                    if ref[0] in NETBOX_MODELS and self.get(ref) is None:
                        missing(f"cable path {cp.id}", ref)
        return out

"""Read a folder of NetBox bulk-import files into a :class:`NetBoxDataset`.

The folder holds one file per object list, named as NetBox names the lists
and in either format NetBox's import forms take:

=====================  ==========================================================
file (``.csv``,         columns (NetBox's import field names)
``.yaml``, ``.yml``)
=====================  ==========================================================
devices                name, role, manufacturer, device_type, site, location, rack,
                       position, face, serial, asset_tag, status
interfaces             device, name, type, label, mgmt_only, poe_mode, poe_type
front-ports            device, name, type, label, rear_port, rear_port_position
rear-ports             device, name, type, label, positions
console-ports,         device, name, type, label
console-server-ports
power-ports            device, name, type, label, maximum_draw
power-outlets          device, name, type, label
cables                 side_a_device, side_a_type, side_a_name, side_a_site,
                       side_b_*, type, status, label, color, length, length_unit
circuits               cid, provider, type, status, commit_rate, description
circuit-terminations   circuit, term_side, termination_type + termination_id, or
                       site / provider_network (names); port_speed, upstream_speed,
                       xconnect_id, pp_info
=====================  ==========================================================

* CSV: a header row, then one object per row; the delimiter (comma, semicolon
  or tab) is detected from the header. YAML: a list of mappings, or one
  mapping per document (``---``), as NetBox accepts.
* A cable end with several ports lists them comma-separated in
  ``side_a_name`` (NetBox 4.7; a YAML list also works); ``side_a_device`` is
  then one device for all of them or one per name. ``side_a_site`` (a site
  name) picks among devices of the same name at several sites.
* A cable end on a circuit termination has ``side_a_type:
  circuits.circuittermination``, the circuit's cid in ``side_a_circuit`` and
  the termination's side (``A`` or ``Z``) in ``side_a_name``. (NetBox's own
  cable import form has no such column; this is cabling's extension.)
* Sites, locations, racks, manufacturers, device types, providers and provider
  networks are referenced by name only; one object is synthesized per distinct
  name (with only what the name gives: a rack has no height, a provider
  network no provider). Device types therefore have no templates: each
  device's ports are the rows of the port files that name it.
* Port files name their device by name only, as NetBox's do; a device name
  used at several sites cannot be told apart there and its rows are problems.
* A cable's status defaults to ``connected``, as in NetBox.
* Ids are synthesized: 1, 2, ... per object list in file order.
* Every row that cannot be used (unknown device, unknown port, a port already
  cabled, a bad number, ...) is skipped and reported in ``problems`` as
  ``<file> row <n>: <why>``, where ``n`` is the line of the CSV file the row
  starts on (the header is row 1, as a spreadsheet shows it), or
  ``<file> record <n> (line <l>)`` for YAML. Columns NetBox would not know
  are reported once per file.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import yaml

from ..choices import PORT_KINDS, PORT_SECTIONS
from .dataset import (
    Cable, Circuit, CircuitTermination, Device, DeviceType, Location, Manufacturer, NetBoxDataset, Port,
    PortMapping, Provider, ProviderNetwork, Rack, Ref, Region, Site, SiteGroup, to_meters,
)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# NetBox's bulk-import object lists are named like the devicetype-library sections
PORT_FILES = PORT_SECTIONS
# In reading order: devices, then ports (rear before front), then circuits, then cables.
OBJECT_LISTS = (
    "devices", "rear-ports", "front-ports", "interfaces", "console-ports", "console-server-ports",
    "power-ports", "power-outlets", "circuits", "circuit-terminations", "cables",
)
EXTENSIONS = (".csv", ".yaml", ".yml")

# side_X_type values (NetBox content types) and the kind of object they name.
CABLE_END_TYPES = {
    "dcim.interface": "interface",
    "dcim.frontport": "front",
    "dcim.rearport": "rear",
    "dcim.consoleport": "console",
    "dcim.consoleserverport": "console-server",
    "dcim.powerport": "power",
    "dcim.poweroutlet": "power-outlet",
    "circuits.circuittermination": "circuit-termination",
}
# termination_type values of circuit terminations, and the name column of each.
TERMINATION_TYPES = {
    "dcim.site": ("site", "site"),
    "dcim.location": ("location", "location"),
    "dcim.region": ("region", "region"),
    "dcim.sitegroup": ("site-group", "site_group"),
    "circuits.providernetwork": ("provider-network", "provider_network"),
}

# Columns NetBox's import forms accept (any list also takes id, tags and cf_<custom field>).
_COMMON = {"id", "tags", "owner", "description", "comments"}
_PORT = {"device", "module", "name", "label", "type", "mark_connected", "description"}
_SIDE = {"site", "device", "power_panel", "type", "name", "circuit"}
COLUMNS = {
    "devices": {
        "name", "role", "device_role", "tenant", "manufacturer", "device_type", "platform", "serial", "asset_tag",
        "status", "site", "location", "rack", "position", "face", "latitude", "longitude", "parent", "device_bay",
        "airflow", "virtual_chassis", "vc_position", "vc_priority", "cluster", "config_template",
        "oob_ip", "primary_ip4", "primary_ip6",
    },
    "interfaces": _PORT | {
        "parent", "bridge", "lag", "speed", "duplex", "enabled", "wwn", "vdcs", "mtu", "mgmt_only", "poe_mode",
        "poe_type", "mode", "vlan_group", "untagged_vlan", "tagged_vlans", "qinq_svlan", "vrf", "rf_role",
        "rf_channel", "rf_channel_frequency", "rf_channel_width", "tx_power", "primary_mac_address",
    },
    "front-ports": _PORT | {"color", "rear_port", "rear_port_position", "positions"},
    "rear-ports": _PORT | {"color", "positions"},
    "console-ports": _PORT | {"speed"},
    "console-server-ports": _PORT | {"speed"},
    "power-ports": _PORT | {"maximum_draw", "allocated_draw"},
    "power-outlets": _PORT | {"color", "power_port", "feed_leg"},
    "cables": {f"side_{s}_{c}" for s in "ab" for c in _SIDE} | {
        "type", "status", "profile", "tenant", "bundle", "label", "color", "length", "length_unit",
    },
    "circuits": {
        "cid", "provider", "provider_account", "type", "status", "tenant", "install_date", "termination_date",
        "commit_rate", "distance", "distance_unit",
    },
    "circuit-terminations": {
        "circuit", "term_side", "termination_type", "termination_id", "site", "provider_network", "location",
        "region", "site_group", "port_speed", "upstream_speed", "xconnect_id", "pp_info", "mark_connected",
    },
}

_TRUE = {"true", "t", "yes", "y", "1", "on"}
_FALSE = {"false", "f", "no", "n", "0", "off"}


class RowError(ValueError):
    """A row that cannot be used; the message says why."""


def slugify(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


class Record:
    """One row of a bulk-import file: non-empty values by (lower-case) column name."""

    def __init__(self, file: str, where: str, values: dict):
        self.file = file
        self.where = where  # 'row 3' or 'record 2 (line 7)'
        self.values = values

    def __str__(self) -> str:
        return f"{self.file} {self.where}"

    def get(self, key: str) -> str | None:
        value = self.values.get(key)
        if isinstance(value, list):
            raise RowError(f"{key} must be a single value, not a list")
        return value

    def need(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise RowError(f"{key} is missing")
        return value

    def list(self, key: str) -> list[str]:
        """A value that may hold several items: comma-separated, or a YAML list."""
        value = self.values.get(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else value.split(",")
        return [item.strip() for item in items]

    def int(self, key: str, default: int | None = None, minimum: int | None = None) -> int | None:
        value = self.get(key)
        if value is None:
            return default
        try:
            number = float(value)
            if number != int(number):
                raise ValueError
        except (ValueError, OverflowError):
            raise RowError(f"{key} {value!r} is not a whole number") from None
        if minimum is not None and number < minimum:
            raise RowError(f"{key} {value} must be at least {minimum}")
        return int(number)

    def float(self, key: str) -> float | None:
        value = self.get(key)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            raise RowError(f"{key} {value!r} is not a number") from None

    def bool(self, key: str) -> bool:
        value = self.get(key)
        if value is None:
            return False
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise RowError(f"{key} {value!r} is not true or false")


def _scalar(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    text = str(value).strip()
    return text or None


def read_records(path: Path, problems: list[str]) -> list[Record]:
    """The rows of one CSV or YAML bulk-import file (unknown columns reported once)."""
    name = path.name
    if path.suffix == ".csv":
        records = _read_csv(path, problems)
    else:
        records = _read_yaml(path, problems)
    known = COLUMNS.get(path.stem, set()) | _COMMON
    unknown = sorted({k for r in records for k in r.values if k not in known and not k.startswith("cf_")})
    if unknown:
        problems.append(f"{name}: column(s) {', '.join(unknown)} are not NetBox import fields of "
                        f"{path.stem}; ignored")
    return records


def _read_csv(path: Path, problems: list[str]) -> list[Record]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = None
    records = []
    start = 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            problems.append(f"{path.name} row {line}: {len(row)} values but {len(header)} columns; row skipped")
            continue
        values = {h: _scalar(cell) for h, cell in zip(header, row) if h}
        records.append(Record(path.name, f"row {line}", {k: v for k, v in values.items() if v is not None}))
    return records


def _read_yaml(path: Path, problems: list[str]) -> list[Record]:
    try:
        text = path.read_text(encoding="utf-8")
        docs = list(yaml.load_all(text, Loader=_Loader))
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problems.append(f"{path.name} line {mark.line + 1}: invalid YAML: {exc.problem}; file not read")
        return []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}: cannot read: {exc}; file not read")
        return []
    records = []
    count = 0
    for doc, node in zip(docs, nodes):
        if doc is None:
            continue
        if isinstance(doc, dict):
            items, marks = [doc], [node]
        elif isinstance(doc, list):
            items, marks = doc, node.value
        else:
            problems.append(f"{path.name} line {node.start_mark.line + 1}: a document must be a list of "
                            "mappings or a mapping; skipped")
            continue
        for item, item_node in zip(items, marks):
            count += 1
            where = f"record {count} (line {item_node.start_mark.line + 1})"
            if not isinstance(item, dict):
                problems.append(f"{path.name} {where}: not a mapping; skipped")
                continue
            values = {str(k).strip().lower(): _scalar(v) for k, v in item.items()}
            records.append(Record(path.name, where, {k: v for k, v in values.items() if v is not None}))
    return records


class _Builder:
    def __init__(self, ds: NetBoxDataset):
        self.ds = ds
        self.sites: dict[str, Site] = {}
        self.locations: dict[tuple[int, str], Location] = {}
        self.racks: dict[tuple[int, int | None, str], Rack] = {}
        self.manufacturers: dict[str, Manufacturer] = {}
        self.device_types: dict[tuple[str | None, str], DeviceType] = {}
        self.regions: dict[str, Region] = {}
        self.site_groups: dict[str, SiteGroup] = {}
        self.providers: dict[str, Provider] = {}
        self.provider_networks: dict[str, ProviderNetwork] = {}
        self.devices_by_name: dict[str, list[Device]] = {}
        self.port_index: dict[tuple[int, str, str], Port] = {}  # (device id, kind, name)
        self.next_port_id = {kind: 1 for kind in PORT_KINDS}
        self.rear_taken: dict[tuple[int, int], int] = {}  # (rear port id, position) -> front port id
        self.circuits_by_cid: dict[str, list[Circuit]] = {}
        self.terminations: dict[tuple[int, str], CircuitTermination] = {}

    # -- things referenced by name --------------------------------------------------
    def site(self, name: str) -> Site:
        if name not in self.sites:
            site = Site(len(self.ds.sites) + 1, name, slugify(name))
            self.sites[name] = self.ds.sites[site.id] = site
        return self.sites[name]

    def location(self, site: Site, name: str) -> Location:
        key = (site.id, name)
        if key not in self.locations:
            loc = Location(len(self.ds.locations) + 1, name, site.id, slugify(name))
            self.locations[key] = self.ds.locations[loc.id] = loc
        return self.locations[key]

    def rack(self, site: Site, location: Location | None, name: str) -> Rack:
        key = (site.id, location.id if location else None, name)
        if key not in self.racks:
            rack = Rack(len(self.ds.racks) + 1, name, site.id, location.id if location else None)
            self.racks[key] = self.ds.racks[rack.id] = rack
        return self.racks[key]

    def device_type(self, manufacturer: str | None, model: str) -> DeviceType:
        key = (manufacturer, model)
        if key not in self.device_types:
            maker = None
            if manufacturer is not None:
                if manufacturer not in self.manufacturers:
                    m = Manufacturer(len(self.ds.manufacturers) + 1, manufacturer, slugify(manufacturer))
                    self.manufacturers[manufacturer] = self.ds.manufacturers[m.id] = m
                maker = self.manufacturers[manufacturer]
            dt = DeviceType(len(self.ds.device_types) + 1, manufacturer, model,
                            slugify(f"{manufacturer or ''} {model}"), manufacturer_id=maker.id if maker else None)
            self.device_types[key] = self.ds.device_types[dt.id] = dt
        return self.device_types[key]

    def named(self, table: dict, target: dict, cls, name: str):
        if name not in table:
            obj = cls(len(target) + 1, name, slugify(name))
            table[name] = target[obj.id] = obj
        return table[name]

    def provider(self, name: str) -> Provider:
        return self.named(self.providers, self.ds.providers, Provider, name)

    def provider_network(self, name: str) -> ProviderNetwork:
        if name not in self.provider_networks:
            pn = ProviderNetwork(len(self.ds.provider_networks) + 1, name)
            self.provider_networks[name] = self.ds.provider_networks[pn.id] = pn
        return self.provider_networks[name]

    def find_device(self, name: str, site: str | None = None) -> Device:
        found = self.devices_by_name.get(name, [])
        if site is not None:
            found = [d for d in found if self.ds.sites[d.site_id].name == site]
        if not found:
            raise RowError(f"device '{name}'{f' at site {site!r}' if site else ''} does not exist")
        if len(found) > 1:
            sites = ", ".join(sorted(self.ds.sites[d.site_id].name for d in found))
            raise RowError(f"device name '{name}' is ambiguous (sites {sites})")
        return found[0]

    def find_circuit(self, cid: str) -> Circuit:
        found = self.circuits_by_cid.get(cid, [])
        if not found:
            raise RowError(f"circuit '{cid}' does not exist")
        if len(found) > 1:
            raise RowError(f"circuit id '{cid}' is ambiguous (providers "
                           f"{', '.join(sorted(str(c.provider) for c in found))})")
        return found[0]

    # -- object lists ----------------------------------------------------------------
    def device(self, r: Record) -> None:
        site_name, model, name = r.need("site"), r.need("device_type"), r.get("name")
        if name is not None and any(self.ds.sites[d.site_id].name == site_name
                                    for d in self.devices_by_name.get(name, [])):
            raise RowError(f"device '{name}' is already defined at site '{site_name}'")
        position = r.float("position")
        if position is not None and r.get("rack") is None:
            raise RowError("position is given but rack is not")
        role = r.get("role") or r.get("device_role")
        serial, asset_tag, face, status = r.get("serial"), r.get("asset_tag"), r.get("face"), r.get("status")
        # the row is good: create what it names
        site = self.site(site_name)
        location = self.location(site, r.get("location")) if r.get("location") else None
        rack = self.rack(site, location, r.get("rack")) if r.get("rack") else None
        dt = self.device_type(r.get("manufacturer"), model)
        device = Device(
            len(self.ds.devices) + 1, name, site.id, rack.id if rack else None, position, dt.id, role,
            serial, asset_tag, location.id if location else None, face, status, slugify(role) if role else None)
        self.ds.devices[device.id] = device
        if name is not None:
            self.devices_by_name.setdefault(name, []).append(device)

    def port(self, r: Record, kind: str) -> None:
        device = self.find_device(r.need("device"))
        name = r.need("name")
        if (device.id, kind, name) in self.port_index:
            raise RowError(f"device '{device.name}' already has a {kind} port '{name}'")
        positions = r.int("positions", 1, minimum=1) if kind in ("front", "rear") else 1
        mapping = None
        if kind == "front" and r.get("rear_port") is not None:
            rear = self.port_index.get((device.id, "rear", r.get("rear_port")))
            if rear is None:
                raise RowError(f"device '{device.name}' has no rear port '{r.get('rear_port')}'")
            rpos = r.int("rear_port_position", 1, minimum=1)
            if rpos > rear.positions:
                raise RowError(f"rear_port_position {rpos} is beyond rear port '{rear.name}' "
                               f"({rear.positions} position(s))")
            if (rear.id, rpos) in self.rear_taken:
                other = self.ds.ports["front", self.rear_taken[rear.id, rpos]]
                raise RowError(f"position {rpos} of rear port '{rear.name}' is already mapped to "
                               f"front port '{other.name}'")
            mapping = (rear.id, rpos)
        elif kind == "front" and r.get("rear_port_position") is not None:
            raise RowError("rear_port_position is given but rear_port is not")
        port = Port(
            self.next_port_id[kind], kind, device.id, name, r.get("type"), r.get("label"), positions,
            r.get("poe_mode") if kind == "interface" else None, r.get("poe_type") if kind == "interface" else None,
            r.bool("mgmt_only") if kind == "interface" else False,
            r.int("maximum_draw", minimum=1) if kind == "power" else None,
            mark_connected=r.bool("mark_connected"), description=r.get("description"))
        self.next_port_id[kind] += 1
        self.ds.ports[kind, port.id] = port
        self.port_index[device.id, kind, name] = port
        device.ports.append((kind, port.id))
        if mapping is not None:
            self.rear_taken[mapping] = port.id
            self.ds.port_mappings.append(PortMapping(port.id, 1, mapping[0], mapping[1]))

    def circuit(self, r: Record) -> None:
        cid, provider_name = r.need("cid"), r.need("provider")
        if any(c.provider == provider_name for c in self.circuits_by_cid.get(cid, [])):
            raise RowError(f"circuit '{cid}' of provider '{provider_name}' is already defined")
        commit_rate = r.int("commit_rate", minimum=0)
        provider = self.provider(provider_name)
        circuit = Circuit(len(self.ds.circuits) + 1, cid, provider.name, r.get("type"), r.get("status"),
                          provider.id, commit_rate, r.get("description"))
        self.ds.circuits[circuit.id] = circuit
        self.circuits_by_cid.setdefault(cid, []).append(circuit)

    def circuit_termination(self, r: Record) -> None:
        circuit = self.find_circuit(r.need("circuit"))
        side = r.need("term_side").upper()
        if side not in ("A", "Z"):
            raise RowError(f"term_side {r.get('term_side')!r} is not A or Z")
        if (circuit.id, side) in self.terminations:
            raise RowError(f"circuit '{circuit.cid}' already has a termination on side {side}")
        t = CircuitTermination(
            len(self.ds.circuit_terminations) + 1, circuit.id, side,
            port_speed=r.int("port_speed", minimum=0), upstream_speed=r.int("upstream_speed", minimum=0),
            xconnect_id=r.get("xconnect_id"), pp_info=r.get("pp_info"), description=r.get("description"))
        ttype = r.get("termination_type")
        if ttype is not None:
            if ttype.lower() not in TERMINATION_TYPES:
                raise RowError(f"termination_type {ttype!r} is not one of {', '.join(TERMINATION_TYPES)}")
            kind, column = TERMINATION_TYPES[ttype.lower()]
            name = r.get(column)
            tid = r.get("termination_id")
            if name is None and tid is not None and not tid.isdigit():
                name = tid  # a name given where NetBox wants an id
            if name is None:
                raise RowError(f"termination_id {tid!r} is a NetBox database id, which bulk files cannot "
                               f"resolve; give the {kind}'s name in column {column}" if tid else
                               f"termination_type {ttype} needs termination_id or {column}")
        elif r.get("site") is not None:
            kind, name = "site", r.get("site")
        elif r.get("provider_network") is not None:
            kind, name = "provider-network", r.get("provider_network")
        else:
            kind = name = None
        if kind is not None:
            self.terminate(t, kind, name)
        self.ds.circuit_terminations[t.id] = t
        self.terminations[circuit.id, side] = t
        if kind is None:
            raise RowError(f"circuit '{circuit.cid}' side {side} is not terminated anywhere "
                           "(no termination_type, site or provider_network); kept without a termination")

    def terminate(self, t: CircuitTermination, kind: str, name: str) -> None:
        if kind == "site":
            site = self.site(name)
            t.site_id = site.id
            oid = site.id
        elif kind == "location":
            found = [loc for (_, n), loc in self.locations.items() if n == name]
            if len(found) != 1:
                raise RowError(f"location '{name}' " + ("does not exist (locations come from devices.*)"
                                                        if not found else "is ambiguous"))
            t.location_id, t.site_id = found[0].id, found[0].site_id
            oid = found[0].id
        elif kind == "region":
            t.region_id = oid = self.named(self.regions, self.ds.regions, Region, name).id
        elif kind == "site-group":
            t.site_group_id = oid = self.named(self.site_groups, self.ds.site_groups, SiteGroup, name).id
        else:
            t.provider_network_id = oid = self.provider_network(name).id
        t.termination_kind, t.termination_id = kind, oid

    def cable_end(self, r: Record, side: str) -> list[Ref]:
        ttype = r.get(f"side_{side}_type")
        names = r.list(f"side_{side}_name")
        if ttype is None or not names:
            raise RowError(f"side {side.upper()} needs side_{side}_type and side_{side}_name")
        kind = CABLE_END_TYPES.get(ttype.lower())
        if kind is None:
            raise RowError(f"side_{side}_type {ttype!r} is not one of {', '.join(CABLE_END_TYPES)}")
        if "" in names:
            raise RowError(f"side_{side}_name has an empty name")
        refs: list[Ref] = []
        if kind == "circuit-termination":
            circuit = self.find_circuit(r.need(f"side_{side}_circuit"))
            for term_side in names:
                t = self.terminations.get((circuit.id, term_side.upper()))
                if t is None:
                    raise RowError(f"circuit '{circuit.cid}' has no termination on side {term_side!r}")
                if t.cable_id is not None:
                    raise RowError(f"side {side.upper()}: circuit '{circuit.cid}' side {t.term_side} "
                                   f"is already connected (cable {t.cable_id})")
                refs.append(("circuit-termination", t.id))
            return refs
        devices = r.list(f"side_{side}_device")
        if not devices:
            raise RowError(f"side_{side}_device is missing")
        if len(devices) == 1:
            devices = devices * len(names)
        elif len(devices) != len(names):
            raise RowError(f"side_{side}_device lists {len(devices)} devices for {len(names)} names; "
                           "give one device for all names or one per name")
        for device_name, port_name in zip(devices, names):
            device = self.find_device(device_name, r.get(f"side_{side}_site"))
            port = self.port_index.get((device.id, kind, port_name))
            if port is None:
                raise RowError(f"side {side.upper()}: device '{device.name}' has no {kind} port '{port_name}'")
            if port.cable_id is not None:
                raise RowError(f"side {side.upper()}: {device.name} {port_name} is already connected "
                               f"(cable {port.cable_id})")
            refs.append((kind, port.id))
        return refs

    def cable(self, r: Record) -> None:
        a = self.cable_end(r, "a")
        b = self.cable_end(r, "b")
        if len(set(a + b)) != len(a + b):
            raise RowError("the same port is named twice")
        cable = Cable(len(self.ds.cables) + 1, r.get("label"), r.get("type"), r.get("status") or "connected",
                      r.get("color"), a_terminations=a, b_terminations=b, description=r.get("description"))
        length, unit = r.get("length"), r.get("length_unit")
        if length is not None:
            cable.source_length, cable.length_unit = r.float("length"), unit
            if unit is None:
                raise RowError("length is given but length_unit is not")
            try:
                cable.length = to_meters(length, unit)
            except ValueError as exc:
                raise RowError(str(exc)) from None
        elif unit is not None:
            cable.length_unit = unit
        self.ds.cables[cable.id] = cable
        for kind, oid in a + b:
            target = self.ds.circuit_terminations[oid] if kind == "circuit-termination" else self.ds.ports[kind, oid]
            target.cable_id = cable.id


def bulk_files(folder: Path) -> tuple[dict[str, list[Path]], list[Path]]:
    """The files of each object list in ``folder``, and the data files that are not one."""
    files: dict[str, list[Path]] = {name: [] for name in OBJECT_LISTS}
    others = []
    for p in sorted(folder.iterdir()):
        if not p.is_file() or p.suffix.lower() not in EXTENSIONS:
            continue
        if p.stem in files:
            files[p.stem].append(p)
        else:
            others.append(p)
    return files, others


def read_bulk_folder(path: str | os.PathLike) -> NetBoxDataset:
    """Read a folder of NetBox bulk-import files (see the module docstring) into a :class:`NetBoxDataset`."""
    folder = Path(path)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    ds = NetBoxDataset(source=str(folder))
    files, others = bulk_files(folder)
    for p in others:
        ds.problems.append(f"{p.name}: not a known object list ({', '.join(sorted(OBJECT_LISTS))}); not read")
    if not any(files.values()):
        ds.problems.append(f"{folder}: no bulk-import files found")
    b = _Builder(ds)
    for list_name in OBJECT_LISTS:
        for f in files[list_name]:
            for record in read_records(f, ds.problems):
                try:
                    if list_name == "devices":
                        b.device(record)
                    elif list_name in PORT_FILES:
                        b.port(record, PORT_FILES[list_name])
                    elif list_name == "circuits":
                        b.circuit(record)
                    elif list_name == "circuit-terminations":
                        b.circuit_termination(record)
                    else:
                        b.cable(record)
                except RowError as exc:
                    ds.problems.append(f"{record}: {exc}")
    order = {kind: i for i, kind in enumerate(PORT_KINDS)}
    for device in ds.devices.values():
        device.ports.sort(key=lambda ref: (order[ref[0]], ref[1]))
    ds.problems.extend(ds.check_references())
    return ds

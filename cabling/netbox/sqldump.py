"""Read a NetBox database from a plain-SQL ``pg_dump`` (``.sql`` or ``.sql.gz``).

Only the ``COPY <table> (<columns>) FROM stdin;`` blocks are read, line by
line, and only those of the tables in :data:`TABLES`; everything else (schema,
other tables) is skipped without being parsed. Columns are taken by name from
each block's header, so dumps of different NetBox versions read alike: 4.2's
``dcim_frontport.rear_port_id``/``rear_port_position`` or 4.5's
``dcim_portmapping`` table give the same :class:`PortMapping` list, and
circuit terminations are read from 4.2's generic ``termination_type_id``/
``termination_id`` or from the ``site_id``/``provider_network_id`` of
earlier versions.

Field values are PostgreSQL's COPY text format: ``\\N`` is NULL, and
backslash escapes (``\\\\``, ``\\t``, ``\\n``, ``\\r``, ``\\b``, ``\\f``,
``\\v``, octal ``\\ooo``, hex ``\\xhh``) are undone on bytes before decoding
UTF-8, so escaped multi-byte characters come out right.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from ..choices import PORT_KINDS
from .dataset import (
    CABLE_END_KINDS, KIND_OF_MODEL, Cable, CablePath, Circuit, CircuitTermination, Device, DeviceType,
    Location, Manufacturer, NetBoxDataset, Port, PortMapping, PortTemplate, Provider, ProviderNetwork, Rack,
    Ref, Region, Site, SiteGroup, to_meters,
)

# Port tables by kind, and their template tables.
PORT_TABLES = {
    "interface": "dcim_interface",
    "front": "dcim_frontport",
    "rear": "dcim_rearport",
    "console": "dcim_consoleport",
    "console-server": "dcim_consoleserverport",
    "power": "dcim_powerport",
    "power-outlet": "dcim_poweroutlet",
}
TEMPLATE_TABLES = {kind: table + "template" for kind, table in PORT_TABLES.items()}

TABLES = frozenset({
    "django_content_type",
    "dcim_region", "dcim_sitegroup", "dcim_site", "dcim_location", "dcim_rack",
    "dcim_manufacturer", "dcim_devicetype", "dcim_devicerole", "dcim_device",
    *PORT_TABLES.values(), *TEMPLATE_TABLES.values(), "dcim_portmapping", "dcim_porttemplatemapping",
    "dcim_cable", "dcim_cabletermination", "dcim_cablepath",
    "circuits_provider", "circuits_providernetwork", "circuits_circuittype", "circuits_circuit",
    "circuits_circuittermination",
})

_COPY = re.compile(rb'^COPY\s+(?:"?[\w$]+"?\.)?"?([\w$]+)"?\s*\((.*)\)\s+FROM\s+stdin\s*;', re.IGNORECASE)
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}

Row = dict[str, "str | None"]


def _unescape_match(m: re.Match) -> bytes:
    if m.group(1) is not None:
        return bytes([int(m.group(1), 8) & 0xFF])
    if m.group(2) is not None:
        return bytes([int(m.group(2), 16)])
    char = m.group(3)
    return _SIMPLE_ESCAPES.get(char, char)


def unescape_field(raw: bytes, errors: str = "strict") -> str | None:
    """One field of a COPY text-format row: ``None`` for ``\\N``, else the un-escaped text.

    Raises ``UnicodeDecodeError`` if the bytes are not UTF-8 (unless ``errors="replace"``).
    """
    if raw == b"\\N":
        return None
    if b"\\" in raw:
        raw = _ESCAPE.sub(_unescape_match, raw)
    return raw.decode("utf-8", errors)


def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def iter_copy_blocks(fh: IO[bytes], tables=TABLES, problems: list[str] | None = None,
                     skipped: dict[str, int] | None = None) -> Iterator[tuple[str, list[str], list[Row]]]:
    """``(table, columns, rows)`` for each COPY block of a wanted table, rows as dicts by column name.

    Rows of the other tables are counted into ``skipped`` (table -> rows) when given.
    """
    wanted = None if tables is None else {t.encode() for t in tables}
    lineno = 0
    for line in fh:
        lineno += 1
        if not line.startswith(b"COPY "):
            continue
        m = _COPY.match(line)
        if m is None:
            continue
        table = m.group(1)
        keep = wanted is None or table in wanted
        columns = [c.strip().strip('"') for c in m.group(2).decode("utf-8").split(",")]
        rows: list[Row] = []
        ended = False
        for data in fh:
            lineno += 1
            data = data.rstrip(b"\r\n")
            if data == b"\\.":
                ended = True
                break
            if not keep:
                if skipped is not None:
                    name = table.decode()
                    skipped[name] = skipped.get(name, 0) + 1
                continue
            fields = data.split(b"\t")
            if len(fields) != len(columns):
                if problems is not None:
                    problems.append(f"line {lineno}: {table.decode()} row has {len(fields)} fields, "
                                    f"the COPY header names {len(columns)}; row skipped")
                continue
            try:
                values = [unescape_field(f) for f in fields]
            except UnicodeDecodeError:
                values = [unescape_field(f, "replace") for f in fields]
                if problems is not None:
                    problems.append(f"line {lineno}: {table.decode()} row is not valid UTF-8; "
                                    "bad bytes replaced by U+FFFD")
            rows.append(dict(zip(columns, values)))
        if not ended and problems is not None:
            problems.append(f"COPY block of {table.decode()} is not ended by '\\.' (truncated dump?)")
        if keep:
            yield table.decode(), columns, rows


# -- value conversion ---------------------------------------------------------

def _int(v: str | None) -> int | None:
    return None if v is None or v == "" else int(v)


def _float(v: str | None) -> float | None:
    return None if v is None or v == "" else float(v)


def _bool(v: str | None) -> bool:
    return v in ("t", "true", "1")


def _text(v: str | None) -> str | None:
    """Optional text: NetBox stores unset text as ''; the dataset uses None."""
    return v if v else None


class _Reader:
    def __init__(self, tables: dict[str, list[Row]], ds: NetBoxDataset):
        self.t = tables
        self.ds = ds
        self.problem = ds.problems.append
        self.failed: dict[str, list[tuple[str | None, str]]] = defaultdict(list)

    def rows(self, table: str) -> list[Row]:
        return self.t.get(table, [])

    @contextmanager
    def guard(self, table: str, row: Row):
        """Skip a row whose values cannot be read (a missing column, a bad number), remembering why."""
        try:
            yield
        except KeyError as exc:
            self.failed[table].append((row.get("id"), f"no column {exc}"))
        except (ValueError, TypeError) as exc:
            self.failed[table].append((row.get("id"), str(exc)))

    def report_failures(self) -> None:
        for table, failures in self.failed.items():
            oid, why = failures[0]
            more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
            self.problem(f"{table}: row id {oid} not read: {why}{more}")

    # content types
    def kind(self, ct_id: str | int | None, oid: int, where: str, allowed=None) -> Ref | None:
        """The Ref of object ``oid`` of content type ``ct_id``, or None (with a problem)."""
        if ct_id is None:
            self.problem(f"{where}: no object type")
            return None
        ct = self.ds.content_types.get(int(ct_id))
        if ct is None:
            self.problem(f"{where}: unknown content type id {ct_id} (not in django_content_type)")
            return None
        kind = KIND_OF_MODEL.get(ct)
        if kind is None or (allowed is not None and kind not in allowed):
            self.problem(f"{where}: unexpected object type {ct[0]}.{ct[1]} (id {oid})")
            return None
        return (kind, oid)

    def read(self) -> None:
        ds = self.ds
        for r in self.rows("django_content_type"):
            with self.guard("django_content_type", r):
                ds.content_types[int(r["id"])] = (r["app_label"], r["model"])
        if not self.t:
            self.problem("no COPY blocks of NetBox tables found (is this a plain-SQL pg_dump of NetBox? "
                         "INSERT-style dumps are not read)")
        elif not ds.content_types:
            self.problem("table django_content_type is missing: cable terminations and paths cannot be read")
        self.places()
        self.device_types()
        self.devices()
        self.ports()
        self.circuits()
        self.cables()
        self.paths()
        self.report_failures()

    def places(self) -> None:
        ds = self.ds
        for table, cls, target in (("dcim_region", Region, ds.regions),
                                   ("dcim_sitegroup", SiteGroup, ds.site_groups)):
            for r in self.rows(table):
                with self.guard(table, r):
                    target[int(r["id"])] = cls(int(r["id"]), r["name"], r.get("slug"), _int(r.get("parent_id")))
        for r in self.rows("dcim_site"):
            with self.guard("dcim_site", r):
                ds.sites[int(r["id"])] = Site(
                    int(r["id"]), r["name"], r.get("slug"), _text(r.get("status")), _int(r.get("region_id")),
                    _int(r.get("group_id")), _text(r.get("physical_address")), _text(r.get("description")))
        for r in self.rows("dcim_location"):
            with self.guard("dcim_location", r):
                ds.locations[int(r["id"])] = Location(
                    int(r["id"]), r["name"], _int(r.get("site_id")), r.get("slug"), _int(r.get("parent_id")),
                    _text(r.get("status")), _text(r.get("description")))
        for r in self.rows("dcim_rack"):
            with self.guard("dcim_rack", r):
                ds.racks[int(r["id"])] = Rack(
                    int(r["id"]), r["name"], _int(r.get("site_id")), _int(r.get("location_id")),
                    _int(r.get("u_height")), _text(r.get("status")), _text(r.get("facility_id")))

    def device_types(self) -> None:
        ds = self.ds
        for r in self.rows("dcim_manufacturer"):
            with self.guard("dcim_manufacturer", r):
                ds.manufacturers[int(r["id"])] = Manufacturer(int(r["id"]), r["name"], r.get("slug"))
        for r in self.rows("dcim_devicetype"):
            with self.guard("dcim_devicetype", r):
                mid = _int(r.get("manufacturer_id"))
                maker = ds.manufacturers.get(mid) if mid is not None else None
                ds.device_types[int(r["id"])] = DeviceType(
                    int(r["id"]), maker.name if maker else None, r["model"], r.get("slug"),
                    _float(r.get("u_height")), _text(r.get("part_number")), mid)
        names: dict[tuple[str, int], str] = {}
        module_only = 0
        front_rear: list[tuple[int, int, int, int]] = []  # device type, front id, rear id, rear position
        for kind in PORT_KINDS:
            for r in self.rows(TEMPLATE_TABLES[kind]):
                with self.guard(TEMPLATE_TABLES[kind], r):
                    dtid = _int(r.get("device_type_id"))
                    if dtid is None:
                        module_only += 1  # a module type's template
                        continue
                    dt = ds.device_types.get(dtid)
                    if dt is None:
                        self.problem(f"{TEMPLATE_TABLES[kind]} {r['id']} ({r['name']}): "
                                     f"device type {dtid} does not exist")
                        continue
                    tpl = PortTemplate(
                        int(r["id"]), kind, dtid, r["name"], _text(r.get("type")), _text(r.get("label")),
                        _int(r.get("positions")) or 1, _text(r.get("poe_mode")), _text(r.get("poe_type")),
                        _bool(r.get("mgmt_only")), _int(r.get("maximum_draw")))
                    dt.templates.append(tpl)
                    names[kind, tpl.id] = tpl.name
                    if kind == "front" and r.get("rear_port_id") is not None:
                        front_rear.append((dtid, tpl.id, int(r["rear_port_id"]),
                                           _int(r.get("rear_port_position")) or 1))
        if module_only:
            self.problem(f"{module_only} port template(s) of module types were not read (modules are not modelled)")
        mappings = [(dtid, f, 1, rr, rp) for dtid, f, rr, rp in front_rear]
        for r in self.rows("dcim_porttemplatemapping"):
            with self.guard("dcim_porttemplatemapping", r):
                dtid = _int(r.get("device_type_id"))
                if dtid is None:
                    continue
                mappings.append((dtid, int(r["front_port_id"]), _int(r.get("front_port_position")) or 1,
                                 int(r["rear_port_id"]), _int(r.get("rear_port_position")) or 1))
        for dtid, front, fpos, rear, rpos in mappings:
            if ("rear", rear) not in names or ("front", front) not in names:
                self.problem(f"port template mapping of device type {dtid}: front port template {front} or "
                             f"rear port template {rear} does not exist")
                continue
            ds.device_types[dtid].mappings.append((names["front", front], fpos, names["rear", rear], rpos))

    def devices(self) -> None:
        ds = self.ds
        roles = {r.get("id"): (r.get("name"), r.get("slug")) for r in self.rows("dcim_devicerole")}
        for r in self.rows("dcim_device"):
            with self.guard("dcim_device", r):
                role = roles.get(r.get("role_id") or r.get("device_role_id"), (None, None))
                ds.devices[int(r["id"])] = Device(
                    int(r["id"]), r.get("name"), _int(r.get("site_id")), _int(r.get("rack_id")),
                    _float(r.get("position")), _int(r.get("device_type_id")), role[0], _text(r.get("serial")),
                    _text(r.get("asset_tag")), _int(r.get("location_id")), _text(r.get("face")),
                    _text(r.get("status")), role[1])

    def ports(self) -> None:
        ds = self.ds
        front_rear: list[PortMapping] = []
        for kind in PORT_KINDS:
            for r in self.rows(PORT_TABLES[kind]):
                with self.guard(PORT_TABLES[kind], r):
                    port = Port(
                        int(r["id"]), kind, _int(r.get("device_id")), r["name"], _text(r.get("type")),
                        _text(r.get("label")), _int(r.get("positions")) or 1, _text(r.get("poe_mode")),
                        _text(r.get("poe_type")), _bool(r.get("mgmt_only")), _int(r.get("maximum_draw")),
                        _int(r.get("cable_id")), _bool(r.get("mark_connected")), _text(r.get("description")))
                    ds.ports[kind, port.id] = port
                    device = ds.devices.get(port.device_id)
                    if device is not None:
                        device.ports.append((kind, port.id))
                    if kind == "front" and r.get("rear_port_id") is not None:
                        front_rear.append(PortMapping(port.id, 1, int(r["rear_port_id"]),
                                                      _int(r.get("rear_port_position")) or 1))
        if "dcim_portmapping" in self.t:
            for r in self.rows("dcim_portmapping"):
                with self.guard("dcim_portmapping", r):
                    ds.port_mappings.append(PortMapping(
                        int(r["front_port_id"]), _int(r.get("front_port_position")) or 1,
                        int(r["rear_port_id"]), _int(r.get("rear_port_position")) or 1))
            known = set(ds.port_mappings)
            ds.port_mappings.extend(m for m in front_rear if m not in known)
        else:
            ds.port_mappings.extend(front_rear)
        order = {kind: i for i, kind in enumerate(PORT_KINDS)}
        for device in ds.devices.values():
            device.ports.sort(key=lambda ref: (order[ref[0]], ref[1]))

    def circuits(self) -> None:
        ds = self.ds
        for r in self.rows("circuits_provider"):
            with self.guard("circuits_provider", r):
                ds.providers[int(r["id"])] = Provider(int(r["id"]), r["name"], r.get("slug"))
        types = {r.get("id"): r.get("name") for r in self.rows("circuits_circuittype")}
        for r in self.rows("circuits_providernetwork"):
            with self.guard("circuits_providernetwork", r):
                pid = _int(r.get("provider_id"))
                ds.provider_networks[int(r["id"])] = ProviderNetwork(
                    int(r["id"]), r["name"], ds.providers[pid].name if pid in ds.providers else None, pid,
                    _text(r.get("service_id")), _text(r.get("description")))
        for r in self.rows("circuits_circuit"):
            with self.guard("circuits_circuit", r):
                pid = _int(r.get("provider_id"))
                ds.circuits[int(r["id"])] = Circuit(
                    int(r["id"]), r["cid"], ds.providers[pid].name if pid in ds.providers else None,
                    types.get(r.get("type_id")), _text(r.get("status")), pid, _int(r.get("commit_rate")),
                    _text(r.get("description")))
        for r in self.rows("circuits_circuittermination"):
            with self.guard("circuits_circuittermination", r):
                t = CircuitTermination(
                    int(r["id"]), int(r["circuit_id"]), r["term_side"], port_speed=_int(r.get("port_speed")),
                    upstream_speed=_int(r.get("upstream_speed")), xconnect_id=_text(r.get("xconnect_id")),
                    pp_info=_text(r.get("pp_info")), description=_text(r.get("description")),
                    cable_id=_int(r.get("cable_id")))
                where = f"circuit termination {t.id}"
                if "termination_type_id" in r:  # NetBox 4.2+
                    ref = None
                    if r["termination_id"] is not None:
                        ref = self.kind(r["termination_type_id"], int(r["termination_id"]), where,
                                        ("site", "location", "region", "site-group", "provider-network"))
                elif r.get("site_id") is not None:
                    ref = ("site", int(r["site_id"]))
                elif r.get("provider_network_id") is not None:
                    ref = ("provider-network", int(r["provider_network_id"]))
                else:
                    ref = None
                if ref is None:
                    self.problem(f"{where} (circuit {t.circuit_id} side {t.term_side}) "
                                 "is not terminated anywhere")
                else:
                    _resolve_termination(ds, t, ref)
                ds.circuit_terminations[t.id] = t

    def cables(self) -> None:
        ds = self.ds
        legacy = defaultdict(lambda: ([], []))
        for r in self.rows("dcim_cable"):
            with self.guard("dcim_cable", r):
                c = Cable(int(r["id"]), _text(r.get("label")), _text(r.get("type")), _text(r.get("status")),
                          _text(r.get("color")), description=_text(r.get("description")))
                _set_length(c, r.get("length"), r.get("length_unit"), ds.problems.append, f"cable {c.id}")
                ds.cables[c.id] = c
                if "termination_a_type_id" in r:  # NetBox before 3.3: one termination per end, on the cable
                    for end, side in (("a", 0), ("b", 1)):
                        if r.get(f"termination_{end}_id") is not None:
                            legacy[c.id][side].append((r[f"termination_{end}_type_id"],
                                                       int(r[f"termination_{end}_id"])))
        if "dcim_cabletermination" in self.t:
            ends = []
            for r in self.rows("dcim_cabletermination"):
                with self.guard("dcim_cabletermination", r):
                    ends.append((int(r["cable_id"]), r["cable_end"], r["termination_type_id"],
                                 int(r["termination_id"]), int(r["id"])))
            ends.sort(key=lambda e: e[4])
        else:
            ends = [(cid, "AB"[side], ct, oid, f"{cid}{'AB'[side]}")
                    for cid, sides in legacy.items() for side in (0, 1) for ct, oid in sides[side]]
        for cable_id, end, ct, oid, tid in ends:
            cable = ds.cables.get(cable_id)
            where = f"cable termination {tid} (cable {cable_id} end {end})"
            if cable is None:
                self.problem(f"{where}: cable {cable_id} does not exist")
                continue
            ref = self.kind(ct, oid, where, CABLE_END_KINDS)
            if ref is None:
                continue
            if end == "A":
                cable.a_terminations.append(ref)
            elif end == "B":
                cable.b_terminations.append(ref)
            else:
                self.problem(f"{where}: cable end is {end!r}, not A or B")

    def paths(self) -> None:
        ds = self.ds
        for r in self.rows("dcim_cablepath"):
            with self.guard("dcim_cablepath", r):
                pid = int(r["id"])
                where = f"cable path {pid}"
                try:
                    steps = _path_steps(r.get("path"))
                except ValueError as exc:
                    self.problem(f"{where}: cannot read its path: {exc}")
                    continue
                path: list[list[Ref]] = []
                for i, step in enumerate(steps, 1):
                    refs = []
                    for node in step:
                        ct, _, oid = node.partition(":")
                        if not (ct.isdigit() and oid.isdigit()):
                            self.problem(f"{where} step {i}: cannot read node {node!r}")
                            continue
                        ref = self.kind(ct, int(oid), f"{where} step {i}")
                        if ref is not None:
                            refs.append(ref)
                    path.append(refs)
                ds.cable_paths[pid] = CablePath(pid, path, _bool(r.get("is_complete")), _bool(r.get("is_active")),
                                                _bool(r.get("is_split")))


def _path_steps(value: str | None) -> list[list[str]]:
    """A cablepath ``path`` column as a list of steps of ``"<ct>:<id>"`` nodes.

    NetBox 3.x+ stores JSON (a list of lists); a PostgreSQL array (``{"a","b"}``)
    of single nodes is taken as one node per step.
    """
    if value is None or value == "":
        return []
    value = value.strip()
    if value.startswith("{"):
        return [[item.strip().strip('"')] for item in value[1:-1].split(",") if item.strip()]
    data = json.loads(value)
    if not isinstance(data, list):
        raise ValueError("not a list")
    return [[str(n) for n in step] if isinstance(step, list) else [str(step)] for step in data]


def _resolve_termination(ds: NetBoxDataset, t: CircuitTermination, ref: Ref) -> None:
    """Set a circuit termination's termination_kind/_id and the *_id fields it implies."""
    kind, oid = ref
    t.termination_kind, t.termination_id = kind, oid
    if kind == "site":
        t.site_id = oid
        site = ds.sites.get(oid)
        if site is not None:
            t.region_id, t.site_group_id = site.region_id, site.group_id
    elif kind == "location":
        t.location_id = oid
        loc = ds.locations.get(oid)
        if loc is not None:
            t.site_id = loc.site_id
            site = ds.sites.get(loc.site_id)
            if site is not None:
                t.region_id, t.site_group_id = site.region_id, site.group_id
    elif kind == "region":
        t.region_id = oid
    elif kind == "site-group":
        t.site_group_id = oid
    elif kind == "provider-network":
        t.provider_network_id = oid


def _set_length(cable: Cable, length, unit, problem, where: str) -> None:
    if length is None or length == "":
        return
    cable.length_unit = unit or None
    try:
        cable.source_length = float(length)
    except ValueError:
        problem(f"{where}: length {length!r} is not a number")
        return
    if not unit:
        problem(f"{where}: length {length} has no unit")
        return
    try:
        cable.length = to_meters(length, unit)
    except ValueError as exc:
        problem(f"{where}: {exc}")


def read_dump(path: str | os.PathLike) -> NetBoxDataset:
    """Read a NetBox ``pg_dump`` (plain SQL, optionally gzipped) into a :class:`NetBoxDataset`."""
    path = Path(path)
    ds = NetBoxDataset(source=str(path))
    tables: dict[str, list[Row]] = {}
    skipped: dict[str, int] = {}
    with _open(path) as fh:
        for table, _columns, rows in iter_copy_blocks(fh, TABLES, ds.problems, skipped):
            tables.setdefault(table, []).extend(rows)
    _Reader(tables, ds).read()
    ds.problems.extend(ds.check_references())
    not_carried = [f"{n:,} {what} ({table})" for table, what in NOT_CARRIED.items() if (n := skipped.get(table))]
    if not_carried:
        ds.problems.append("not carried over (cabling does not model them): " + ", ".join(not_carried))
    return ds


# Tables of cabling's own subject that the import does not carry over, reported when they hold rows.
NOT_CARRIED = {
    "dcim_powerpanel": "power panels", "dcim_powerfeed": "power feeds", "dcim_module": "modules",
    "dcim_modulebay": "module bays", "dcim_devicebay": "device bays", "dcim_inventoryitem": "inventory items",
    "dcim_virtualchassis": "virtual chassis", "dcim_rackreservation": "rack reservations",
    "wireless_wirelesslink": "wireless links", "circuits_virtualcircuit": "virtual circuits",
}

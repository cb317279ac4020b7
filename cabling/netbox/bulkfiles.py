"""The files of a NetBox bulk-import folder: which object lists it holds, their columns, and their rows.

:func:`bulk_files` finds the files of each object list (top level and ``prerequisites/``) and the
device type files; :func:`read_records` reads one CSV or YAML file into :class:`Record` rows that
check their columns against NetBox's import fields (:data:`COLUMNS`). What the rows mean is
:mod:`cabling.netbox.bulkimport`'s (its docstring describes the folder).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from ..choices import PORT_SECTIONS
from ..readers.yamlsource import not_utf8

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# NetBox's bulk-import object lists are named like the devicetype-library sections
PORT_FILES = PORT_SECTIONS
# Objects the lists below name, in the order NetBox needs them (device types come after them).
PREREQUISITE_LISTS = (
    "regions", "site-groups", "sites", "locations", "racks", "manufacturers", "device-roles", "providers",
    "provider-networks", "circuit-types",
)
# In reading order: prerequisites, devices, then ports (rear before front), then circuits, then cables.
OBJECT_LISTS = PREREQUISITE_LISTS + (
    "devices", "rear-ports", "front-ports", "interfaces", "console-ports", "console-server-ports",
    "power-ports", "power-outlets", "circuits", "circuit-terminations", "cables",
)
EXTENSIONS = (".csv", ".yaml", ".yml")
# Sub-folders read besides the top level.
PREREQUISITES_DIR = "prerequisites"
DEVICE_TYPES_DIR = "device-types"

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

# Columns NetBox's import forms accept (any list also takes id, tags and cf_<custom field>): the
# Meta.fields of the forms in netbox/dcim/forms/bulk_import.py and netbox/circuits/forms/bulk_import.py.
_COMMON = {"id", "tags", "owner", "description", "comments"}
_PORT = {"device", "module", "name", "label", "type", "mark_connected", "description"}
_SIDE = {"site", "device", "power_panel", "type", "name", "circuit"}
COLUMNS = {
    "regions": {"name", "slug", "parent"},
    "site-groups": {"name", "slug", "parent"},
    "sites": {
        "name", "slug", "status", "region", "group", "tenant", "facility", "time_zone", "physical_address",
        "shipping_address", "latitude", "longitude",
    },
    "locations": {"site", "parent", "name", "slug", "status", "tenant", "facility"},
    "racks": {
        "site", "location", "group", "name", "facility_id", "tenant", "status", "role", "rack_type", "form_factor",
        "serial", "asset_tag", "width", "u_height", "starting_unit", "desc_units", "outer_width", "outer_height",
        "outer_depth", "outer_unit", "mounting_depth", "airflow", "cooling_capability", "cooling_capacity",
        "weight", "max_weight", "weight_unit",
    },
    "manufacturers": {"name", "slug"},
    "device-roles": {"name", "slug", "parent", "color", "vm_role", "config_template"},
    "providers": {"name", "slug"},
    "provider-networks": {"provider", "name", "service_id"},
    "circuit-types": {"name", "slug", "color"},
    "devices": {
        "name", "role", "device_role", "tenant", "manufacturer", "device_type", "platform", "serial", "asset_tag",
        "status", "site", "location", "rack", "position", "face", "latitude", "longitude", "parent", "device_bay",
        "airflow", "cooling_method", "virtual_chassis", "vc_position", "vc_priority", "cluster", "config_template",
        "oob_ip", "primary_ip4", "primary_ip6",
    },
    "interfaces": _PORT | {
        "parent", "bridge", "lag", "channels", "channel_id", "speed", "duplex", "enabled", "wwn", "vdcs", "mtu",
        "mgmt_only", "poe_mode", "poe_type", "mode", "vlan_group", "untagged_vlan", "tagged_vlans", "qinq_svlan",
        "vrf", "rf_role", "rf_channel", "rf_channel_frequency", "rf_channel_width", "tx_power",
        "primary_mac_address",
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


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


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


def read_records(path: Path, problems: list[str], name: str | None = None) -> list[Record]:
    """The rows of one CSV or YAML bulk-import file (unknown columns reported once).

    ``name`` is how problems name the file (default: its name)."""
    name = name or path.name
    if path.suffix.lower() == ".csv":
        records = _read_csv(path, name, problems)
    else:
        records = _read_yaml(path, name, problems)
    known = COLUMNS.get(path.stem, set()) | _COMMON
    unknown = sorted({k for r in records for k in r.values if k not in known and not k.startswith("cf_")})
    if unknown:
        problems.append(f"{name}: column(s) {', '.join(unknown)} are not NetBox import fields of "
                        f"{path.stem}; ignored")
    return records


def _read_csv(path: Path, name: str, problems: list[str]) -> list[Record]:
    text = _text(path, "a NetBox bulk-import file is UTF-8 CSV")
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
            problems.append(f"{name} row {line}: {len(row)} values but {len(header)} columns; row skipped")
            continue
        values = {h: _scalar(cell) for h, cell in zip(header, row) if h}
        records.append(Record(name, f"row {line}", {k: v for k, v in values.items() if v is not None}))
    return records


def _text(path: Path, what_it_should_be: str) -> str:
    """The file's text (UTF-8, with or without a BOM); a byte that is not UTF-8 is a ValueError naming
    ``path:line:column`` and the encoding the file looks like."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col, message = not_utf8(data, exc, what_it_should_be)
        raise ValueError(f"{path}:{line}:{col}: {message}") from None


def _read_yaml(path: Path, name: str, problems: list[str]) -> list[Record]:
    try:
        text = _text(path, "a NetBox bulk-import file is UTF-8 YAML")
    except ValueError as exc:
        problems.append(f"{exc}; file not read")
        return []
    try:
        docs = list(yaml.load_all(text, Loader=_Loader))
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problems.append(f"{name} line {mark.line + 1}: invalid YAML: {exc.problem}; file not read")
        return []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{name}: cannot read: {exc}; file not read")
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
            problems.append(f"{name} line {node.start_mark.line + 1}: a document must be a list of "
                            "mappings or a mapping; skipped")
            continue
        for item, item_node in zip(items, marks):
            count += 1
            where = f"record {count} (line {item_node.start_mark.line + 1})"
            if not isinstance(item, dict):
                problems.append(f"{name} {where}: not a mapping; skipped")
                continue
            values = {str(k).strip().lower(): _scalar(v) for k, v in item.items()}
            records.append(Record(name, where, {k: v for k, v in values.items() if v is not None}))
    return records



def bulk_files(folder: Path) -> tuple[dict[str, list[Path]], list[Path], list[Path]]:
    """The files of each object list in ``folder`` (and its ``prerequisites/``), the data files that are
    not one, and the device type files (``device-types/``, or ``prerequisites/device-types/``)."""
    files: dict[str, list[Path]] = {name: [] for name in OBJECT_LISTS}
    others: list[Path] = []
    types: list[Path] = []
    for where in (folder, folder / PREREQUISITES_DIR):
        if not where.is_dir():
            continue
        for p in sorted(where.iterdir()):
            if p.is_dir() and p.name == DEVICE_TYPES_DIR:
                types += sorted(q for q in p.rglob("*") if q.suffix.lower() in (".yaml", ".yml") and q.is_file())
            if not p.is_file() or p.suffix.lower() not in EXTENSIONS:
                continue
            if p.stem in files:
                files[p.stem].append(p)
            else:
                others.append(p)
    return files, others, types

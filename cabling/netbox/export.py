"""Write loaded sites as NetBox bulk-import files: ``cabling export netbox SITE... -o DIR``.

The files use the column names of NetBox's own import forms (``DeviceImportForm``,
``InterfaceImportForm``, ``FrontPortImportForm``, ``CableImportForm``, ... in
``netbox/dcim/forms/bulk_import.py``; ``CircuitImportForm`` and
``CircuitTerminationImportForm`` in ``netbox/circuits/forms/bulk_import.py``), so a
plan made in cabling can be loaded into NetBox, and they read back with
:func:`cabling.netbox.bulkimport.read_bulk_folder` (``cabling import netbox DIR``).
The target is the current NetBox (4.7): ``cables.csv`` needs ``side_a_site``
(netbox#19840, NetBox 4.4 and later), a cable end with several ports the
comma-separated names of NetBox 4.7 (netbox#18645), and the device types written
with ``--templates`` the ``port-mappings`` of NetBox 4.5 and later.

What is written, in the order to import it into NetBox::

    DIR/prerequisites/manufacturers.csv, device-roles.csv, sites.csv, locations.csv,
                      racks.csv, regions.csv, providers.csv, circuit-types.csv,
                      provider-networks.csv           objects the files below name
    DIR/device-types/<manufacturer>/<model>.yaml      the device types (Device Types -> Import)
    DIR/devices.csv
    DIR/rear-ports.csv, front-ports.csv, interfaces.csv, console-ports.csv,
        console-server-ports.csv, power-ports.csv, power-outlets.csv
    DIR/circuits.csv, circuit-terminations.csv
    DIR/cables.csv
    DIR/cables.yaml     cables cables.csv cannot carry (see below); not for NetBox as it is
    DIR/README.txt      this order, for whoever does the import

(Only the lists that have rows are written. The bulk reader reads all of it
back, ``prerequisites/`` and ``device-types/`` included.)

Where a device's ports come from -- the choice
    NetBox gives a new device the ports of its device type's component templates,
    and refuses a port row for a port the device already has. So ports come from
    exactly one place:

    * by default, from the port files: every port of every device is a row, and
      each device type under ``device-types/`` is the model's data *without* its
      component sections (``interfaces``, ``front-ports``, ..., ``port-mappings``),
      so devices are created bare and the rows add their ports; the export reads
      back port for port, except the ports of devices whose name several exported
      sites share (see ``cables.yaml`` below). For a device type your NetBox already holds *with*
      templates (one from the devicetype-library, say), leave out that type's file
      and its devices' port rows, or use ``--templates``;
    * with ``templates=True`` (``--templates``), from the device types: each is a
      full copy of the model (NetBox's devicetype-library format, which cabling's
      models are written in), with its component templates, and no port files are
      written. Front-to-rear mappings are written as a ``port-mappings`` list, the
      form of NetBox 4.5 and later (whose front port templates no longer take
      ``rear_port``). This is the more complete form for NetBox (multi-position
      front ports, device names shared by sites), and it reads back whole: the
      bulk reader gives each device the ports of its type's templates.

    Either way the model data is copied from the model's file; cabling's own
    fields (``role``, ``poe_budget_w``, ``poe_class``) are left out, as NetBox has
    none, and each model that had them gets a note.

Mapping (cabling -> NetBox):

* site -> site (name = the site's name, else its id; slug = its id; address ->
  ``physical_address``); room -> location (name = the room id, description = its
  name); rack -> rack (name = the rack id, width 19 in); device -> device (role
  by a readable name: ``patch-panel`` -> ``Patch Panel``; status ``active``;
  ``u``/``face`` -> ``position``/``face``; a racked device takes its rack's
  location, as NetBox requires);
* cable -> cable: ends by device, port kind (``dcim.interface``,
  ``dcim.frontport``, ...) and port name, with ``side_a_site``/``side_b_site`` so
  that devices of one name at several sites stay apart; status ``installed`` ->
  ``connected``, ``planned`` -> ``planned``, ``decommissioned`` ->
  ``decommissioning``, ``faulty`` -> ``connected`` (NetBox has no such status;
  the description says ``cabling status: faulty``, and a note); type ``om3`` ->
  ``mmf-om3``, ``os2`` -> ``smf-os2``, ``dac`` -> ``dac-passive`` (a note:
  cabling does not tell passive from active), ``multipair`` and ``other`` -> no
  type (NetBox's ``CableTypeChoices`` has neither; a note); length in metres
  (centimetres when NetBox's two decimals need it);
* circuit -> circuit (a missing provider or type, which NetBox requires, is
  written ``Unknown``, with a note); each side -> a circuit termination whose
  ``termination_type`` is ``dcim.site``, ``dcim.location``, ``dcim.region`` or
  ``circuits.providernetwork``. NetBox 4.2+ takes the numeric id of that object
  in ``termination_id``, which an export cannot know: the file gives its *name*
  (cabling's bulk reader takes it; in NetBox replace it with the id), with a
  note per side.

``cables.yaml`` holds the cables ``cables.csv`` cannot carry, as cabling's bulk
reader reads them: a cable end on a circuit termination (``side_a_type:
circuits.circuittermination``, the circuit in ``side_a_circuit``, the side A or
Z in ``side_a_name``; NetBox's cable import cannot connect circuit terminations,
netbox#16404 -- connect those in NetBox's UI or API); a cable naming a device or
port whose name holds a comma (which NetBox 4.7 would split), as YAML lists;
and, by default, a cable on a port of a device whose name several exported
sites use (NetBox's port import names a device by name alone, netbox#20051, so
such a device's ports are not in the port files).

Everything that cannot be expressed is a line in :attr:`Export.notes` (the
command prints each as ``note: ...``), never dropped silently: floors, telecom
spaces and floor-plan coordinates (NetBox has no floor plans), fibre polarity,
PoE budgets and classes, cable pair counts, cable ids (NetBox cables have no
name; the label is kept), and each item above.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from ..choices import PORT_SECTIONS
from ..diagnostics import Collector
from ..model import DeviceType
from ..model import CircuitTermination, Device, Inventory, Port
from ..readers import yamlsource
from ..readers.devicetypes import BOOL_KEYS, NUMBER_KEYS

# -- NetBox's import columns, as written ------------------------------------------------
# Each list is a subset of the form's Meta.fields in netbox/dcim/forms/bulk_import.py or
# netbox/circuits/forms/bulk_import.py (NetBox 4.7), holding every column the form requires.
HEADERS: dict[str, list[str]] = {
    "devices": ["name", "role", "manufacturer", "device_type", "status", "site", "location", "rack", "position",
                "face", "serial", "asset_tag", "description"],
    "rear-ports": ["device", "name", "type", "positions"],
    "front-ports": ["device", "name", "type", "rear_port", "rear_port_position"],
    "interfaces": ["device", "name", "type", "mgmt_only", "poe_mode", "poe_type"],
    "console-ports": ["device", "name", "type"],
    "console-server-ports": ["device", "name", "type"],
    "power-ports": ["device", "name", "type", "maximum_draw"],
    "power-outlets": ["device", "name", "type"],
    "circuits": ["cid", "provider", "type", "status", "description"],
    "circuit-terminations": ["circuit", "term_side", "termination_type", "termination_id", "port_speed",
                             "xconnect_id", "description"],
    "cables": ["side_a_site", "side_a_device", "side_a_type", "side_a_name", "side_b_site", "side_b_device",
               "side_b_type", "side_b_name", "type", "status", "label", "color", "length", "length_unit",
               "description"],
}
# Objects the lists above name, which must exist in NetBox first (files under prerequisites/).
PREREQUISITE_HEADERS: dict[str, list[str]] = {
    "manufacturers": ["name", "slug"],
    "device-roles": ["name", "slug", "color"],
    "sites": ["name", "slug", "status", "physical_address", "description"],
    "locations": ["site", "name", "slug", "status", "description"],
    "racks": ["site", "location", "name", "status", "width", "u_height", "description"],
    "regions": ["name", "slug"],
    "providers": ["name", "slug"],
    "circuit-types": ["name", "slug"],
    "provider-networks": ["provider", "name"],
}
PORT_FILE_ORDER = ("rear-ports", "front-ports", "interfaces", "console-ports", "console-server-ports",
                   "power-ports", "power-outlets")
FILE_OF_KIND = {kind: section for section, kind in PORT_SECTIONS.items()}

# NetBox content type of each kind of cable end.
END_TYPE = {
    "interface": "dcim.interface", "front": "dcim.frontport", "rear": "dcim.rearport",
    "console": "dcim.consoleport", "console-server": "dcim.consoleserverport", "power": "dcim.powerport",
    "power-outlet": "dcim.poweroutlet", "circuit-termination": "circuits.circuittermination",
}
# cabling cable status -> NetBox LinkStatusChoices
CABLE_STATUS = {"installed": "connected", "planned": "planned", "decommissioned": "decommissioning",
                "faulty": "connected"}
# cabling cable type -> NetBox CableTypeChoices ('' where NetBox has none); others are the same word
CABLE_TYPE = {
    "om1": "mmf-om1", "om2": "mmf-om2", "om3": "mmf-om3", "om4": "mmf-om4", "om5": "mmf-om5",
    "os1": "smf-os1", "os2": "smf-os2", "dac": "dac-passive", "multipair": "", "other": "",
}
# circuit termination places -> NetBox termination_type
TERMINATION_TYPE = {"site": "dcim.site", "location": "dcim.location", "region": "dcim.region",
                    "provider-network": "circuits.providernetwork"}
# cabling role -> NetBox device role name, and a colour for it
ROLE_NAMES = {
    "switch": "Switch", "router": "Router", "firewall": "Firewall", "server": "Server",
    "patch-panel": "Patch Panel", "outlet": "Outlet", "consolidation-point": "Consolidation Point",
    "phone": "Phone", "analog-phone": "Analog Phone", "pc": "PC", "printer": "Printer",
    "access-point": "Access Point", "camera": "Camera", "ata": "ATA", "pbx": "PBX", "block": "Block",
    "pdu": "PDU", "ups": "UPS", "media-converter": "Media Converter", "other": "Other",
}
ROLE_COLORS = {
    "switch": "2196f3", "router": "3f51b5", "firewall": "f44336", "server": "673ab7", "patch-panel": "9e9e9e",
    "outlet": "607d8b", "consolidation-point": "795548", "phone": "4caf50", "analog-phone": "8bc34a",
    "pc": "00bcd4", "printer": "009688", "access-point": "ffeb3b", "camera": "ff9800", "ata": "cddc39",
    "pbx": "ff5722", "block": "795548", "pdu": "111111", "ups": "111111", "media-converter": "9c27b0",
}
# devicetype-library sections that hold component templates
COMPONENT_SECTIONS = tuple(PORT_SECTIONS) + ("port-mappings",)
# cabling's own device-type fields, which NetBox does not have
OWN_MODEL_KEYS = ("role", "poe_budget_w")

_HEX = re.compile(r"[0-9a-fA-F]{6}\Z")


@dataclass
class Export:
    """What :func:`export` made: file texts by path relative to the output folder, and notes."""

    files: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows per object list


def slugify(text: str) -> str:
    out = re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-")
    return out or "x"


def _num(value) -> str:
    """A number as NetBox's CSV wants it: 16.0 -> '16', 0.5 -> '0.5'."""
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = format(d.normalize(), "f")
    return text


def _decimals(value: float) -> int:
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent)


def _csv(header: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row[h] for h in header])
    return buf.getvalue()


def _plain(value):
    """YAML data read by :mod:`cabling.readers.yamlsource` as plain dicts and lists (for ``yaml.safe_dump``)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Exporter:
    def __init__(self, inv: Inventory, templates: bool):
        self.inv = inv
        self.templates = templates
        self.out = Export()
        self.notes = self.out.notes
        self.rows: dict[str, list[dict]] = {name: [] for name in HEADERS}
        self.pre: dict[str, dict[str, dict]] = {name: {} for name in PREREQUISITE_HEADERS}
        self.extra_cables: list[dict] = []  # cables.yaml
        self.untyped: set[tuple] = set()

    def note(self, text: str) -> None:
        self.notes.append(text)

    # ------------------------------------------------------------------ names
    def site_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        used: set[str] = set()
        for site in self.inv.sites.values():
            name = site.name or site.id
            if name in used:
                new = f"{name} ({site.id})"
                self.note(f"site {site.id}: its name '{name}' is also another site's; NetBox site names are "
                          f"unique, so it is written as '{new}'")
                name = new
            used.add(name)
            names[site.id] = name
        return names

    # ------------------------------------------------------------------ run
    def run(self) -> Export:
        inv = self.inv
        self.site_name = self.site_names()
        shared = {name for name, devs in inv.devices_by_name.items() if len(devs) > 1}
        self.shared_names = shared
        for site in inv.sites.values():
            self.site(site)
        models: dict[str, DeviceType] = {}
        for device in inv.devices():
            models.setdefault(device.model.slug, device.model)
        self.device_types(models)
        tags: dict[str, list[str]] = {}
        for device in inv.devices():
            self.device(device)
            if device.asset_tag:
                tags.setdefault(device.asset_tag, []).append(inv.device_ref(device))
        for tag, devices in tags.items():
            if len(devices) > 1:
                self.note(f"asset tag {tag} is on {len(devices)} devices ({', '.join(devices)}); NetBox's asset tags "
                          "are unique, so it refuses all but the first")
        self.circuits()
        cable_count = 0
        for cable in inv.cables():
            cable_count += 1
            self.cable(cable)
        if cable_count:
            self.note(f"cable ids ({cable_count} cable{'s' if cable_count != 1 else ''}) are not exported: NetBox "
                      "cables have no name (their label is kept); cabling's reader names them by label or number")
        self.files()
        return self.out

    # ------------------------------------------------------------------ places
    def site(self, site) -> None:
        name = self.site_name[site.id]
        self.pre["sites"][name] = {"name": name, "slug": slugify(site.id), "status": "active",
                                   "physical_address": site.address, "description": site.description}
        lost = []
        if site.floors:
            lost.append(f"{len(site.floors)} floor(s): {', '.join(site.floors)}")
        if site.spaces:
            lost.append(f"{len(site.spaces)} telecom space(s): {', '.join(site.spaces)}")
        polygons = sum(1 for r in site.rooms.values() if r.polygon) + sum(1 for f in site.floors.values() if f.outline)
        points = sum(1 for d in site.devices.values() if d.at is not None) + \
            sum(1 for r in site.racks.values() if r.at is not None)
        if polygons:
            lost.append(f"{polygons} floor outline(s) and room polygon(s)")
        if points:
            lost.append(f"{points} device and rack position(s) on the floor plan")
        if lost:
            self.note(f"site {site.id}: NetBox has no floor plans or telecom spaces; not exported: "
                      + "; ".join(lost))
        if site.fibre_polarity:
            self.note(f"site {site.id}: fibre polarity method {site.fibre_polarity} has no NetBox field; "
                      "not exported")
        for room in site.rooms.values():
            self.pre["locations"][f"{name}\0{room.id}"] = {
                "site": name, "name": room.id, "slug": slugify(room.id), "status": "active",
                "description": room.name}
        for rack in site.racks.values():
            self.pre["racks"][f"{name}\0{rack.id}"] = {
                "site": name, "location": rack.room.id if rack.room else None, "name": rack.id,
                "status": "active", "width": 19, "u_height": rack.u_height, "description": rack.name}

    # ------------------------------------------------------------------ device types
    def device_types(self, models: dict[str, DeviceType]) -> None:
        by_key: dict[tuple[str, str], str] = {}
        for slug, dt in sorted(models.items()):
            key = (dt.manufacturer, dt.model)
            if key in by_key:
                self.note(f"models {by_key[key]} and {slug} are both '{dt.manufacturer} {dt.model}'; NetBox names a "
                          "device type by manufacturer and model, so its devices cannot tell them apart")
            by_key[key] = slug
            self.pre["manufacturers"][dt.manufacturer] = {"name": dt.manufacturer, "slug": slugify(dt.manufacturer)}
            doc = self.model_document(dt)
            own = [k for k in OWN_MODEL_KEYS if k in doc]
            if any("poe_class" in item for item in doc.get("interfaces") or () if isinstance(item, dict)):
                own.append("poe_class")
            for k in OWN_MODEL_KEYS:
                doc.pop(k, None)
            for item in doc.get("interfaces") or ():
                if isinstance(item, dict):
                    item.pop("poe_class", None)
            lost = [k for k in own if k != "role"]  # a device's role is in devices.csv
            if lost:
                self.note(f"model {slug}: cabling's own field(s) {', '.join(lost)}, which NetBox has not, are left "
                          "out of its device type")
            if self.templates:
                self.port_mappings(dt, slug, doc)
            else:
                for section in COMPONENT_SECTIONS:
                    doc.pop(section, None)
            doc["slug"] = dt.slug
            how = ("with its component templates: NetBox creates each device's ports from them" if self.templates
                   else "without component templates: devices get their ports from the port files")
            text = (f"# NetBox device type, from cabling model {dt.slug} ({Path(dt.source).name}),\n"
                    f"# {how}. Import it with Device Types -> Import (YAML).\n---\n"
                    + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120))
            self.out.files[f"device-types/{slugify(dt.manufacturer)}/{slug}.yaml"] = text

    def model_document(self, dt: DeviceType) -> dict:
        """The model's own YAML document (read again from its file), else one written from the model."""
        path = Path(dt.source)
        if path.is_file():
            diag = Collector()
            text = yamlsource.read_text(path, diag)
            docs = [] if text is None else yamlsource.load_all(text, str(path), diag, NUMBER_KEYS, BOOL_KEYS)
            for doc in docs:
                if not isinstance(doc, dict):
                    continue
                slug = doc.get("slug") or slugify(f"{doc.get('manufacturer')} {doc.get('model')}")
                if str(slug) == dt.slug or (len(docs) == 1 and str(doc.get("model")) == dt.model):
                    doc = _plain(doc)
                    ordered = {k: doc.pop(k) for k in ("manufacturer", "model", "slug") if k in doc}
                    ordered.update(doc)
                    return ordered
        doc: dict = {"manufacturer": dt.manufacturer, "model": dt.model, "slug": dt.slug, "u_height": dt.u_height}
        if dt.part_number:
            doc["part_number"] = dt.part_number
        if not dt.is_full_depth:
            doc["is_full_depth"] = False
        for section, kind in PORT_SECTIONS.items():
            items = []
            for t in dt.ports:
                if t.kind != kind:
                    continue
                item = {"name": t.name, "type": t.type or "other"}
                if t.positions != 1:
                    item["positions"] = t.positions
                for key in ("poe_mode", "poe_type", "maximum_draw"):
                    if getattr(t, key) is not None:
                        item[key] = getattr(t, key)
                if t.mgmt_only:
                    item["mgmt_only"] = True
                items.append(item)
            if items:
                doc[section] = items
        if dt.mappings:
            doc["port-mappings"] = [{"front_port": f, "front_port_position": fp, "rear_port": r,
                                     "rear_port_position": rp} for f, fp, r, rp in dt.mappings]
        return doc

    def port_mappings(self, dt: DeviceType, slug: str, doc: dict) -> None:
        """Front-to-rear mappings in NetBox 4.5+'s form: a ``port-mappings`` list (NetBox 4.5 dropped
        ``rear_port`` on a front port template); the model's legacy form is rewritten."""
        for item in doc.get("front-ports") or ():
            if isinstance(item, dict):
                item.pop("rear_port", None)
                item.pop("rear_port_position", None)
        doc.pop("port-mappings", None)
        if dt.mappings:
            doc["port-mappings"] = [{"front_port": f, "front_port_position": fp, "rear_port": r,
                                     "rear_port_position": rp} for f, fp, r, rp in dt.mappings]
        mapped = {f for f, _, _, _ in dt.mappings}
        for t in dt.ports:
            if t.kind == "front" and t.name not in mapped:
                self.note(f"model {slug}: front port {t.name} is mapped to no rear port")

    # ------------------------------------------------------------------ devices and ports
    def device(self, d: Device) -> None:
        inv = self.inv
        site = self.site_name[d.site.id]
        role = ROLE_NAMES.get(d.role, d.role.replace("-", " ").title())
        self.pre["device-roles"][role] = {"name": role, "slug": d.role, "color": ROLE_COLORS.get(d.role, "9e9e9e")}
        location = None
        if d.rack is not None:
            location = d.rack.room.id if d.rack.room else None
            if d.room is not None and d.rack.room is not None and d.room is not d.rack.room:
                self.note(f"device {inv.device_ref(d)}: room {d.room.id} differs from its rack's room "
                          f"{d.rack.room.id}; NetBox puts a racked device in its rack's location")
        elif d.room is not None:
            location = d.room.id
        position = face = None
        if d.rack is not None and d.u is not None:
            if not d.model.u_height:
                self.note(f"device {inv.device_ref(d)}: U{d.u:g} of rack {d.rack.id} is not exported: its model "
                          f"{d.model.slug} is 0U, which NetBox does not place at a rack position")
            else:
                position, face = _num(d.u), d.face or "front"
        if d.space is not None and d.room is None:
            self.note(f"device {inv.device_ref(d)}: telecom space {d.space.id} has no room; NetBox gets no location")
        if d.poe_budget_w is not None and d.poe_budget_w != d.model.poe_budget_w:
            self.note(f"device {inv.device_ref(d)}: PoE budget {d.poe_budget_w:g} W has no NetBox field; not exported")
        if d.poe_class is not None:
            self.note(f"device {inv.device_ref(d)}: PoE class {d.poe_class} has no NetBox field; not exported")
        self.rows["devices"].append({
            "name": d.id, "role": role, "manufacturer": d.model.manufacturer, "device_type": d.model.model,
            "status": "active", "site": site, "location": location, "rack": d.rack.id if d.rack else None,
            "position": position, "face": face, "serial": d.serial, "asset_tag": d.asset_tag,
            "description": d.description,
        })
        if self.templates:
            return
        if d.id in self.shared_names:
            sites = ", ".join(sorted(x.site.id for x in inv.devices_by_name[d.id]))
            self.note(f"device {inv.device_ref(d)}: sites {sites} all have a device called {d.id}, and NetBox's port "
                      f"import names a device by name alone (netbox#20051), so its {len(d.ports)} port(s) are not in "
                      "the port files (nor its cables in cables.csv); use --templates to have NetBox create them "
                      "from the device type")
            return
        for p in d.ports:
            self.port(d, p)

    def port(self, d: Device, p: Port) -> None:
        t = p.template
        row = {"device": d.id, "name": p.name}
        if t.kind in ("interface", "front", "rear"):
            row["type"] = t.type or "other"
            if t.type is None and (d.model.slug, t.kind, t.name) not in self.untyped:
                self.untyped.add((d.model.slug, t.kind, t.name))
                self.note(f"model {d.model.slug}: {t.kind} port {t.name} has no type, which NetBox requires; "
                          "written as 'other'")
        else:
            row["type"] = t.type
        if t.kind == "interface":
            row.update(mgmt_only="true" if t.mgmt_only else None, poe_mode=t.poe_mode, poe_type=t.poe_type)
        elif t.kind == "rear":
            row["positions"] = t.positions
        elif t.kind == "front":
            mappings = p.rear or []
            if not mappings:
                self.note(f"port {self.inv.ref(p)}: front port with no rear port; NetBox's import requires one")
            first = next((m for m in mappings if m[0] == 1), None)
            if first is not None:
                row.update(rear_port=first[1].name, rear_port_position=first[2])
            if t.positions != 1 or len(mappings) > 1:
                self.note(f"port {self.inv.ref(p)}: a front port of {t.positions} positions; NetBox's port import "
                          "maps only its first position (use --templates for all of them)")
        elif t.kind == "power" and t.maximum_draw is not None:
            draw = t.maximum_draw
            if float(draw) != int(draw):
                self.note(f"port {self.inv.ref(p)}: maximum draw {draw} W rounded to whole watts for NetBox")
            row["maximum_draw"] = int(round(float(draw)))
        self.rows[FILE_OF_KIND[t.kind]].append(row)

    # ------------------------------------------------------------------ circuits
    def circuits(self) -> None:
        for c in self.inv.circuits.values():
            provider, ctype = c.provider, c.type
            missing = [w for w, v in (("provider", provider), ("type", ctype)) if not v]
            if missing:
                self.note(f"circuit {c.id}: no {' or '.join(missing)}, which NetBox requires; written as 'Unknown'")
            provider, ctype = provider or "Unknown", ctype or "Unknown"
            self.pre["providers"][provider] = {"name": provider, "slug": slugify(provider)}
            self.pre["circuit-types"][ctype] = {"name": ctype, "slug": slugify(ctype)}
            self.rows["circuits"].append({"cid": c.id, "provider": provider, "type": ctype, "status": c.status,
                                          "description": c.description})
            for t in (c.a, c.z):
                if t is not None:
                    self.termination(c, t, provider)

    def termination(self, c, t: CircuitTermination, provider: str) -> None:
        row = {"circuit": c.id, "term_side": t.side, "port_speed": t.port_speed, "xconnect_id": t.xconnect_id,
               "description": t.description}
        if t.ends_at is not None:
            kind, name = t.ends_at
            if kind == "site" and name in self.inv.sites and name not in self.site_name.values():
                name = self.site_name[name]  # a loaded site, named by its id: NetBox knows it by its name
            row.update(termination_type=TERMINATION_TYPE[kind], termination_id=name)
            if kind == "provider-network":
                self.pre["provider-networks"][name] = {"provider": provider, "name": name}
            elif kind == "region":
                self.pre["regions"][name] = {"name": name, "slug": slugify(name)}
            what = kind.replace("-", " ")
            self.note(f"circuit {c.id} side {t.side} ends at {what} '{name}': NetBox's import wants the {what}'s "
                      "numeric id in termination_id; circuit-terminations.csv gives its name (replace it with the "
                      "id in NetBox)")
        self.rows["circuit-terminations"].append(row)

    # ------------------------------------------------------------------ cables
    def cable(self, cable) -> None:
        inv = self.inv
        where = f"cable {cable.id}" + (f" (site {cable.site.id})" if len(inv.sites) > 1 else "")
        row: dict = {}
        extension = None  # why the cable goes to cables.yaml
        for side, ends in (("a", cable.a), ("b", cable.b)):
            first = ends[0]
            row[f"side_{side}_type"] = END_TYPE[first.kind]
            if isinstance(first, CircuitTermination):
                row[f"side_{side}_circuit"] = first.circuit.id
                row[f"side_{side}_name"] = [t.side for t in ends]
                extension = extension or ("it ends on circuit termination " + ", ".join(t.name for t in ends)
                                          + ", which NetBox's cable import cannot connect (netbox#16404); connect "
                                          "it in NetBox's UI or API")
                continue
            device = first.device
            row[f"side_{side}_site"] = self.site_name[device.site.id]
            row[f"side_{side}_device"] = [device.id]
            row[f"side_{side}_name"] = [p.name for p in ends]
            if "," in device.id or any("," in p.name for p in ends):
                extension = extension or ("a device or port name holds a comma, which NetBox's cable import "
                                          "would split; written as YAML lists")
            if device.id in self.shared_names and not self.templates:
                extension = extension or (f"device {inv.device_ref(device)} shares its name with a device at "
                                          "another site, so its ports are not in the port files")
        ctype = CABLE_TYPE.get(cable.type, cable.type) if cable.type else None
        if cable.type in ("multipair", "other"):
            self.note(f"{where}: NetBox has no cable type '{cable.type}'; type left empty")
        elif cable.type == "dac":
            self.note(f"{where}: type dac written as NetBox's dac-passive (cabling does not tell passive from active)")
        status = CABLE_STATUS.get(cable.status, "connected")
        description = cable.description
        if cable.status == "faulty":
            description = "; ".join(x for x in (description, "cabling status: faulty") if x)
            self.note(f"{where}: NetBox has no cable status 'faulty'; written as connected, with "
                      "'cabling status: faulty' in its description")
        if cable.pairs is not None:
            self.note(f"{where}: pair count {cable.pairs} has no NetBox field; not exported")
        color = cable.color
        if color is not None and not _HEX.match(color):
            self.note(f"{where}: colour '{color}' is not a 6-digit hex RGB, as NetBox stores colours; not exported")
            color = None
        length = unit = None
        if cable.length is not None:
            length, unit = cable.length, "m"
            if _decimals(length) > 2:  # NetBox keeps two decimals
                cm = Decimal(repr(float(length))) * 100
                length, unit = (float(cm), "cm")
                if _decimals(length) > 2:
                    self.note(f"{where}: length {cable.length} m rounded to {round(length, 2)} cm, NetBox's precision")
                    length = round(length, 2)
            length = _num(length)
        row.update(type=ctype or None, status=status, label=cable.label, color=color.lower() if color else None,
                   length=length, length_unit=unit, description=description)
        if extension is not None:
            self.note(f"{where}: written to cables.yaml, not cables.csv: {extension}")
            order = [c for h in HEADERS["cables"] for c in ((h.replace("_name", "_circuit"), h)
                                                           if h.endswith("_name") else (h,))]
            entry = {k: row[k] for k in order if row.get(k) not in (None, "")}
            for k, v in entry.items():  # a list only where one name would not do
                if isinstance(v, list) and len(v) == 1 and "," not in v[0]:
                    entry[k] = v[0]
            self.extra_cables.append(entry)
            return
        for side in "ab":
            row[f"side_{side}_device"] = row[f"side_{side}_device"][0]
            row[f"side_{side}_name"] = ",".join(row[f"side_{side}_name"])
        self.rows["cables"].append(row)

    # ------------------------------------------------------------------ files
    def files(self) -> None:
        files = self.out.files
        for name, header in HEADERS.items():
            rows = self.rows[name]
            self.out.counts[name] = len(rows)
            if rows:
                files[f"{name}.csv"] = _csv(header, rows)
        for name, header in PREREQUISITE_HEADERS.items():
            rows = list(self.pre[name].values())
            taken: set = set()
            for row in rows:  # NetBox slugs are unique (a location's within its site)
                if "slug" in row:
                    scope, base, n = row.get("site") if name == "locations" else None, row["slug"], 1
                    while (scope, row["slug"]) in taken:
                        n += 1
                        row["slug"] = f"{base}-{n}"
                    taken.add((scope, row["slug"]))
            if rows:
                files[f"prerequisites/{name}.csv"] = _csv(header, rows)
        if self.extra_cables:
            self.out.counts["cables.yaml"] = len(self.extra_cables)
            files["cables.yaml"] = (
                "# Cables that cables.csv cannot carry (see the notes 'cabling export netbox' printed), in the\n"
                "# form cabling's bulk reader takes. Rows ending on a circuit termination are cabling's own\n"
                "# extension, which NetBox's cable import does not take.\n"
                + yaml.safe_dump(self.extra_cables, sort_keys=False, allow_unicode=True, width=120))
        files["README.txt"] = self.readme()

    def readme(self) -> str:
        present = set(self.out.files)
        lines = ["NetBox bulk-import files written by 'cabling export netbox'.", "",
                 "Import them into NetBox in this order (each list's Import page; CSV, or YAML for device types):", ""]
        step = 0
        for name in PREREQUISITE_HEADERS:
            if f"prerequisites/{name}.csv" in present:
                step += 1
                lines.append(f"{step:2}. prerequisites/{name}.csv")
        if any(p.startswith("device-types/") for p in present):
            step += 1
            lines.append(f"{step:2}. device-types/*/*.yaml (Device Types -> Import, one file at a time)")
        for name in ("devices",) + PORT_FILE_ORDER + ("circuits", "circuit-terminations", "cables"):
            if f"{name}.csv" in present:
                step += 1
                lines.append(f"{step:2}. {name}.csv")
        if "circuit-terminations.csv" in present:
            lines += ["", "circuit-terminations.csv names each site, location, region or provider network in",
                      "termination_id; NetBox wants that object's numeric id there: replace the names first."]
        if "cables.yaml" in present:
            lines += ["", "cables.yaml holds the cables that cables.csv cannot carry (see the notes the export",
                      "printed); connect them in NetBox by hand."]
        lines += ["", "The port files and the device types give each device's ports; never import both for one",
                  "device type (NetBox refuses a port a device already has)."]
        return "\n".join(lines) + "\n"


def export(inventory: Inventory, templates: bool = False) -> Export:
    """NetBox bulk-import files for everything in ``inventory``; see the module docstring."""
    return _Exporter(inventory, templates).run()


def stale_files(folder, written) -> list[str]:
    """Files in ``folder`` that an export writes but this one (``written``, relative paths) did not."""
    folder = Path(folder)
    names = {f"{name}.csv" for name in HEADERS} | {f"prerequisites/{name}.csv" for name in PREREQUISITE_HEADERS}
    names.add("cables.yaml")
    found = [rel for rel in names if (folder / rel).is_file()]
    found += [p.relative_to(folder).as_posix() for p in (folder / "device-types").rglob("*.yaml")] \
        if (folder / "device-types").is_dir() else []
    return sorted(rel for rel in found if rel not in written)

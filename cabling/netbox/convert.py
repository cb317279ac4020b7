"""Turn a NetBox dataset into ordinary cabling site files.

One site file per NetBox site, plus the device models its devices need under
``models/``. Port references keep NetBox's names (``DEVICE:PORT``), cables on
consecutive ports are written in the bulk notation, and everything that cannot
be carried over is listed in :attr:`Conversion.notes`, never dropped silently.

Mapping (NetBox -> cabling):

* site -> ``site`` (id = NetBox slug), location -> room, rack -> rack;
* device type -> a model file in NetBox's devicetype-library format, written
  from the ports the devices really have (a device whose ports differ from its
  type gets a model variant of its own, and a note);
* device -> device (role mapped from the NetBox role's name);
* cable -> cable (``connected`` -> ``installed``, ``decommissioning`` ->
  ``decommissioned``; length in metres; NetBox cable types mapped to ours);
* circuit + terminations -> ``circuits`` (A/Z ending at a site, location,
  region or provider network), and cable ends on them as ``{circuit, side}``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import yaml

from ..choices import CABLE_TYPES, CIRCUIT_STATUSES, DEVICE_ROLES, PORT_SECTIONS
from ..fileio import file_safe
from ..model import split_kind
from ..refs import format_ref, has_pattern
from ..writers.flowyaml import entry as _entry_text, flow as _flow, scalar as _q
from .dataset import NetBoxDataset, Ref

SECTION_OF_KIND = {kind: section for section, kind in PORT_SECTIONS.items()}
# NetBox has no 'faulty' cable status: 'cabling export netbox' writes connected + this in the description
FAULTY_MARK = "cabling status: faulty"
STATUS = {"connected": "installed", "planned": "planned", "decommissioning": "decommissioned"}
# NetBox cable types that are not cabling's own names
CABLE_TYPE = {
    "mmf-om1": "om1", "mmf-om2": "om2", "mmf-om3": "om3", "mmf-om4": "om4", "mmf-om5": "om5",
    "smf-os1": "os1", "smf-os2": "os2", "dac-active": "dac", "dac-passive": "dac",
}
ROLE_WORDS = [  # first match wins, on the lower-cased NetBox role name
    ("patch panel", "patch-panel"), ("patch-panel", "patch-panel"), ("switch", "switch"), ("router", "router"),
    ("firewall", "firewall"), ("server", "server"), ("pdu", "pdu"), ("power distribution", "pdu"),
    ("ups", "ups"), ("access point", "access-point"), ("analog phone", "analog-phone"), ("phone", "phone"),
    ("camera", "camera"), ("workstation", "pc"), ("desktop", "pc"), ("media converter", "media-converter"),
    ("consolidation point", "consolidation-point"), ("cross-connect", "block"), ("telephone adapter", "ata"),
    ("printer", "printer"), ("pbx", "pbx"), ("outlet", "outlet"),
]


@dataclass
class Conversion:
    """What :func:`convert` made: file texts by relative path, how NetBox objects map, and notes."""

    files: dict[str, str] = field(default_factory=dict)
    site_of: dict[int, str] = field(default_factory=dict)  # NetBox site id -> cabling site id
    port_of: dict[Ref, tuple[str, str, str, str]] = field(default_factory=dict)  # -> (site, device, port, kind)
    cable_of: dict[int, tuple[str, str]] = field(default_factory=dict)  # NetBox cable id -> (site, cable id)
    circuit_of: dict[int, str] = field(default_factory=dict)  # NetBox circuit id -> circuit id
    ends_at_name: dict[Ref, str] = field(default_factory=dict)  # site / provider network -> name
    notes: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out or "x"


def _safe_slug(text: str) -> str:
    """``text`` when it is a safe file name, else a slug of it (``../etc/x`` -> ``etc-x``), at most 100 characters."""
    return text if file_safe(text) else _slug(text)[:100].strip("-") or "x"


def _builtin(slug: str):
    """The model of cabling's catalogue with that slug, if any."""
    from ..readers.devicetypes import catalogue

    return next((dt for dt in catalogue() if dt.slug == slug), None)


def _same_model(doc: dict, builtin) -> bool:
    """Whether a model document describes the catalogue model ``builtin`` (cabling's own fields aside)."""
    from ..readers.devicetypes import parse_device_type

    mine = parse_device_type(doc, "netbox")

    def key(dt):
        return (dt.manufacturer, dt.model, float(dt.u_height), dt.is_full_depth,
                [(p.name, p.kind, p.type, p.positions, p.poe_mode, p.poe_type, p.mgmt_only,
                  None if p.maximum_draw is None else float(p.maximum_draw)) for p in dt.ports],
                sorted(dt.mappings))

    return key(mine) == key(builtin)


def _role(name: str | None, slug: str | None = None) -> str:
    """cabling's role for a NetBox role: by its name or slug when that is one of ours, else by keywords."""
    for candidate in (_slug(name or ""), slug):
        if candidate in DEVICE_ROLES:
            return candidate
    low = (name or "").lower()
    for word, role in ROLE_WORDS:
        if word in low:
            return role
    return "other"


class _Converter:
    def __init__(self, ds: NetBoxDataset):
        self.ds = ds
        self.out = Conversion()
        self.notes = self.out.notes

    def note(self, text: str) -> None:
        self.notes.append(text)

    # ------------------------------------------------------------ names
    def sites(self):
        ids = {}
        for s in sorted(self.ds.sites.values(), key=lambda s: s.id):
            sid = s.slug or _slug(s.name)
            if not file_safe(sid):
                safe = _safe_slug(sid)
                self.note(f"site {s.name or s.id}: its slug {sid!r} cannot be a file name; written as site {safe}")
                sid = safe
            if sid in ids.values():
                sid = f"{sid}-{s.id}"
            ids[s.id] = sid
        self.out.site_of = ids
        return ids

    def device_names(self):
        """NetBox device id -> name unique in its site (unnamed devices get one)."""
        names: dict[int, str] = {}
        taken: dict[tuple, int] = {}
        for d in sorted(self.ds.devices.values(), key=lambda d: d.id):
            name = d.name
            if not name:
                dt = self.ds.device_types.get(d.device_type_id)
                name = f"{_slug(dt.model) if dt else 'device'}-{d.id}"
                self.note(f"device {d.id} has no name in NetBox; written as {name}")
            if (d.site_id, name) in taken:
                new = f"{name}-{d.id}"
                self.note(f"device name {name} is used twice at one site (NetBox ids {taken[d.site_id, name]} "
                          f"and {d.id}); the second is written as {new}")
                name = new
            taken[d.site_id, name] = d.id
            names[d.id] = name
        return names

    # ------------------------------------------------------------ models
    def models(self, names):
        """Model slug per device, and the model files."""
        ds = self.ds
        mappings: dict[int, list[tuple]] = {}  # front port id -> [(front pos, rear port id, rear pos)]
        for m in ds.port_mappings:
            mappings.setdefault(m.front_port_id, []).append((m.front_position, m.rear_port_id, m.rear_position))
        by_signature: dict[tuple, str] = {}
        count_per_type: dict[int, int] = {}
        slug_of: dict[int, str] = {}
        for d in sorted(ds.devices.values(), key=lambda d: d.id):
            dt = ds.device_types.get(d.device_type_id)
            ports = ds.ports_of(d.id)
            sections: dict[str, list] = {}
            # NetBox 4.5 front ports may have several positions, each mapped on its own: written as
            # 'port-mappings'; the usual one-position front port keeps the legacy rear_port form.
            modern = any(p.kind == "front" and (p.positions != 1 or len(mappings.get(p.id, ())) > 1)
                         for p in ports)
            port_mappings = []
            for p in sorted(ports, key=lambda p: (list(SECTION_OF_KIND).index(p.kind), p.id)):
                item = {"name": p.name, "type": p.type or "other"}
                if p.kind == "front":
                    mapped = [(fpos, ds.ports.get(("rear", rear_id)), rpos)
                              for fpos, rear_id, rpos in mappings.get(p.id, ())]
                    if not mapped or any(rear is None for _, rear, _ in mapped):
                        self.note(f"front port {d.id}/{p.name} has no rear port in NetBox; written unmapped")
                    elif modern:
                        if p.positions != 1:
                            item["positions"] = p.positions
                        port_mappings += [{"front_port": p.name, "front_port_position": fpos,
                                           "rear_port": rear.name, "rear_port_position": rpos}
                                          for fpos, rear, rpos in sorted(mapped, key=lambda m: m[0])]
                    else:
                        item["rear_port"] = mapped[0][1].name
                        item["rear_port_position"] = mapped[0][2]
                if p.kind == "rear" and p.positions != 1:
                    item["positions"] = p.positions
                if p.kind == "interface":
                    if p.poe_mode:
                        item["poe_mode"] = p.poe_mode
                    if p.poe_type:
                        item["poe_type"] = p.poe_type
                    if p.mgmt_only:
                        item["mgmt_only"] = True
                if p.kind == "power" and p.maximum_draw:
                    item["maximum_draw"] = p.maximum_draw
                sections.setdefault(SECTION_OF_KIND[p.kind], []).append(item)
            if port_mappings:
                sections["port-mappings"] = port_mappings
            signature = (d.device_type_id, json.dumps(sections, sort_keys=True))
            slug = by_signature.get(signature)
            if slug is None:
                base = (dt.slug or _slug(f"{dt.manufacturer} {dt.model}")) if dt else "netbox-unknown-type"
                n = count_per_type.get(d.device_type_id, 0) + 1
                count_per_type[d.device_type_id] = n
                slug = base if n == 1 else f"{base}-variant-{n}"
                model = (dt.model if dt else "Unknown type") + ("" if n == 1 else f" (variant {n})")
                doc = {
                    "manufacturer": (dt.manufacturer if dt else None) or "Unknown",
                    "model": model, "slug": slug,
                    "u_height": (dt.u_height if dt and dt.u_height is not None else 1),
                }
                if dt and dt.part_number:
                    doc["part_number"] = dt.part_number
                if dt and getattr(dt, "is_full_depth", None) is False:
                    doc["is_full_depth"] = False
                doc.update(sections)
                builtin = _builtin(slug)
                if builtin is not None and n == 1 and _same_model(doc, builtin):
                    by_signature[signature] = slug  # cabling's own catalogue model, as exported: use it
                    slug_of[d.id] = slug
                    continue
                if not file_safe(slug):
                    new = _safe_slug(slug)
                    if any(k.endswith(f"/{new}.yaml") for k in self.out.files):
                        new = f"{new}-{dt.id}"  # another type has that slug
                    self.note(f"device type {doc['manufacturer']} {doc['model']}: its slug {slug!r} cannot be a "
                              f"file name; written as model {new}")
                    slug = doc["slug"] = new
                    builtin = None
                if builtin is not None:
                    new = f"{slug}-netbox"
                    self.note(f"device type {doc['manufacturer']} {doc['model']}: its slug {slug} is a model of "
                              f"cabling's catalogue with other ports; written as model {new}")
                    slug = doc["slug"] = new
                manufacturer_dir = _slug(doc["manufacturer"])
                self.out.files[f"models/{manufacturer_dir}/{slug}.yaml"] = (
                    "# yaml-language-server: $schema=../../schemas/devicetype.schema.json\n"
                    f"# Written by 'cabling import netbox' from NetBox device type {dt.id if dt else '?'}.\n---\n"
                    + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120))
                by_signature[signature] = slug
                if n > 1:
                    self.note(f"device {names[d.id]}: its ports differ from those of its device type "
                              f"{dt.manufacturer if dt else ''} {dt.model if dt else ''}; written as model {slug}")
            slug_of[d.id] = slug
        return slug_of

    # ------------------------------------------------------------ references
    def port_ref(self, ref: Ref, names, site_id: int | None) -> str | None:
        p = self.ds.ports.get(ref)
        if p is None:
            return None
        d = self.ds.devices.get(p.device_id)
        if d is None:  # a port of a device the source lacks (the reader reported it)
            return None
        name = p.name
        clash = sum(1 for r in d.ports if self.ds.ports[r].name == p.name) > 1
        if clash or split_kind(name)[1] is not None:
            name = f"{name} ({p.kind})"
        if d.site_id == site_id:
            return format_ref(names[d.id], name)
        return format_ref(names[d.id], name, self.out.site_of.get(d.site_id))

    # ------------------------------------------------------------ convert
    def run(self) -> Conversion:
        ds = self.ds
        site_ids = self.sites()
        names = self.device_names()
        models = self.models(names)
        for d in ds.devices.values():
            p_refs = d.ports
            for r in p_refs:
                p = ds.ports[r]
                self.out.port_of[r] = (site_ids.get(d.site_id), names[d.id], p.name, p.kind)
        for s in ds.sites.values():
            self.out.ends_at_name[("site", s.id)] = s.name
        for pn in ds.provider_networks.values():
            self.out.ends_at_name[("provider-network", pn.id)] = pn.name
        for loc in ds.locations.values():
            self.out.ends_at_name[("location", loc.id)] = loc.name
        for reg in ds.regions.values():
            self.out.ends_at_name[("region", reg.id)] = reg.name

        body: dict[int, dict[str, list[str]]] = {sid: {} for sid in ds.sites}

        def add(site_id, section, line):
            if site_id not in ds.sites:  # no site, or one the source lacks: the unsited file, with a note
                site_id = None
            body.setdefault(site_id, {}).setdefault(section, []).append(line)

        # rooms (NetBox locations) and racks
        room_of: dict[int, str] = {}
        for loc in sorted(ds.locations.values(), key=lambda x: x.id):
            room_of[loc.id] = loc.name
            add(loc.site_id, "rooms", "  - " + _flow({"id": loc.name, "name": loc.description or None}))
        rack_of: dict[int, str] = {}
        seen_racks: set = set()
        for r in sorted(ds.racks.values(), key=lambda x: x.id):
            name = r.name if (r.site_id, r.name) not in seen_racks else f"{r.name}-{r.id}"
            if name != r.name:
                self.note(f"rack name {r.name} is used twice at one site; NetBox rack {r.id} written as {name}")
            seen_racks.add((r.site_id, name))
            rack_of[r.id] = name
            add(r.site_id, "racks", "  - " + _flow({"id": name, "room": room_of.get(r.location_id),
                                                     "u_height": r.u_height or 42}))
        # devices
        for d in sorted(ds.devices.values(), key=lambda x: x.id):
            entry = {"id": names[d.id], "model": models[d.id], "role": _role(d.role, d.role_slug)}
            if d.rack_id is not None:
                entry["rack"] = rack_of.get(d.rack_id)
                if d.position is not None:
                    entry["u"] = d.position
                    if d.face == "rear":
                        entry["face"] = "rear"
            elif d.location_id is not None:
                entry["room"] = room_of.get(d.location_id)
            entry["serial"] = d.serial or None
            entry["asset_tag"] = d.asset_tag or None
            if entry["role"] == "other" and d.role:
                self.note(f"device {names[d.id]}: NetBox role '{d.role}' has no cabling role; written as 'other'")
            add(d.site_id, "devices", "  - " + _flow(entry))
        # circuits
        circuit_site = self.circuit_sites(names)
        cids: set[str] = set()
        for c in sorted(ds.circuits.values(), key=lambda x: x.id):
            cid = c.cid if c.cid not in cids else f"{c.cid}-{c.provider or c.id}"
            if cid != c.cid:
                self.note(f"circuit id {c.cid} is used by two providers; circuit {c.id} written as {cid}")
            cids.add(cid)
            self.out.circuit_of[c.id] = cid
            status = c.status
            if status is not None and status not in CIRCUIT_STATUSES:
                self.note(f"circuit {cid}: status '{status}' is not one of NetBox's; left out (active is assumed)")
                status = None
            entry = {"id": cid, "provider": c.provider, "type": c.type, "status": status,
                     "description": c.description or None}
            terms = ds.terminations_of(c.id)
            line = "  - " + _flow(entry)
            sides = []
            for side in ("A", "Z"):
                t = terms.get(side)
                if t is None:
                    continue
                place = {}
                if t.termination_kind in ("site", "location", "region", "provider-network") and t.termination_id:
                    key = t.termination_kind.replace("-", "_")
                    place[key] = self.out.ends_at_name.get((t.termination_kind, t.termination_id))
                elif t.termination_kind:
                    self.note(f"circuit {cid} side {side} ends at a NetBox {t.termination_kind}; "
                              "cabling records sites, locations, regions and provider networks only")
                if t.port_speed:
                    place["port_speed"] = t.port_speed
                if t.xconnect_id:
                    place["xconnect_id"] = t.xconnect_id
                if place:
                    sides.append(f"{side.lower()}: {_flow(place)}")
            if sides:
                line = line[:-1] + ", " + ", ".join(sides) + "}"
            add(circuit_site.get(c.id), "circuits", line)
        # cables
        cable_rows: dict[int, list] = {}
        for cab in sorted(ds.cables.values(), key=lambda x: x.id):
            site_id = self.cable_site(cab, circuit_site)
            ends = []
            ok = True
            for term in (cab.a_terminations, cab.b_terminations):
                texts = []
                for ref in term:
                    if ref[0] == "circuit-termination":
                        t = ds.circuit_terminations.get(ref[1])
                        if t is None or t.circuit_id not in self.out.circuit_of:
                            ok = False
                            continue
                        texts.append({"circuit": self.out.circuit_of[t.circuit_id], "side": t.term_side})
                    else:
                        text = self.port_ref(ref, names, site_id)
                        if text is None:
                            ok = False
                            continue
                        texts.append(text)
                ends.append(texts)
            if not ok or not ends[0] or not ends[1]:
                self.note(f"cable {cab.id} ({cab.label or 'no label'}) has an end cabling cannot resolve; left out")
                continue
            ctype = CABLE_TYPE.get(cab.type, cab.type)
            if ctype is not None and ctype not in CABLE_TYPES:
                self.note(f"cable {cab.id}: NetBox type '{cab.type}' has no cabling equivalent; written as 'other'")
                ctype = "other"
            elif cab.type in ("dac-active", "dac-passive"):
                self.note(f"cable {cab.id}: NetBox type '{cab.type}' written as 'dac'")
            status = STATUS.get(cab.status or "connected")
            if status is None:
                self.note(f"cable {cab.id}: NetBox status '{cab.status}' written as 'installed'")
                status = "installed"
            cable_rows.setdefault(site_id, []).append((cab, ends, ctype, status))
        for site_id, rows in cable_rows.items():
            self.emit_cables(site_id, rows, add)
        # files
        for s in sorted(ds.sites.values(), key=lambda x: x.id):
            self.out.files[f"{site_ids[s.id]}.yaml"] = self.site_text(s, site_ids[s.id], body.get(s.id, {}))
        orphans = body.get(None)
        if orphans:
            self.note("objects with no site in NetBox (" + ", ".join(f"{len(v)} {k}" for k, v in orphans.items())
                      + ") were written to netbox-unsited.yaml")
            self.out.files["netbox-unsited.yaml"] = self.site_text(None, "netbox-unsited", orphans)
        return self.out

    def circuit_sites(self, names) -> dict[int, int | None]:
        """The NetBox site whose file describes each circuit: where it is cabled, else where it ends."""
        ds = self.ds
        out: dict[int, int | None] = {}
        for cab in sorted(ds.cables.values(), key=lambda x: x.id):
            for term, other in ((cab.a_terminations, cab.b_terminations), (cab.b_terminations, cab.a_terminations)):
                for ref in term:
                    if ref[0] == "circuit-termination":
                        t = ds.circuit_terminations.get(ref[1])
                        port = next((ds.ports.get(r) for r in other if r[0] != "circuit-termination"), None)
                        device = ds.devices.get(port.device_id) if port is not None else None
                        if t is not None and device is not None and t.circuit_id not in out:
                            out[t.circuit_id] = device.site_id
        for c in ds.circuits.values():
            if c.id not in out:
                terms = ds.terminations_of(c.id)
                site = next((t.site_id for t in terms.values() if t.site_id is not None), None)
                out[c.id] = site if site is not None else min(ds.sites, default=None)
        return out

    def cable_site(self, cab, circuit_site) -> int | None:
        for ref in cab.a_terminations + cab.b_terminations:
            if ref[0] != "circuit-termination":
                p = self.ds.ports.get(ref)
                if p is not None and p.device_id in self.ds.devices:
                    return self.ds.devices[p.device_id].site_id
        for ref in cab.a_terminations + cab.b_terminations:
            t = self.ds.circuit_terminations.get(ref[1])
            if t is not None:
                return circuit_site.get(t.circuit_id)
        return None

    def emit_cables(self, site_id, rows, add) -> None:
        """Write cables, folding runs on consecutive ports into one bulk entry."""
        from ..writers.bulkfold import fold_runs

        entries = []
        labels = [cab.label for cab, *_ in rows if cab.label]
        repeated = {x for x in labels if labels.count(x) > 1}
        for cab, ends, ctype, status in rows:
            description = cab.description
            if description and FAULTY_MARK in description:  # written so by 'cabling export netbox'
                status = "faulty"
                description = "; ".join(x for x in description.split("; ") if x != FAULTY_MARK)
            # A person names a cable by its label; NetBox's number is the fallback.
            usable = cab.label and cab.label not in repeated and not has_pattern(cab.label) and cab.label.strip() == cab.label
            cid = cab.label if usable else f"C{cab.id}"
            self.out.cable_of[cab.id] = (self.out.site_of.get(site_id), cid)
            entries.append({
                "id": cid, "a": ends[0][0] if len(ends[0]) == 1 else ends[0],
                "b": ends[1][0] if len(ends[1]) == 1 else ends[1],
                "type": ctype, "status": None if status == "installed" else status,
                "color": cab.color or None, "length": cab.length, "label": cab.label or None,
                "description": description or None,
            })
        for entry in fold_runs(entries, ("id", "a", "b", "label"), ("type", "status", "color", "length", "description")):
            add(site_id, "cables", "  - " + _entry_text(entry))

    def site_text(self, s, sid: str, sections: dict[str, list[str]]) -> str:
        head = [
            "# yaml-language-server: $schema=../schemas/site.schema.json",
            f"# Imported from NetBox ({self.ds.source}) by 'cabling import netbox'.",
            "# Port references keep NetBox's device and port names: DEVICE:PORT.",
            "site:",
            f"  id: {_q(sid)}",
        ]
        if s is not None:
            head.append(f"  name: {_q(s.name)}")
            if s.physical_address:
                head.append(f"  address: {_q(' '.join(s.physical_address.split()))}")
            if s.description:
                head.append(f"  description: {_q(s.description)}")
        if any(path.startswith("models/") for path in self.out.files):
            head.append("models: [models/]")
        out = head
        for section in ("rooms", "racks", "devices", "circuits", "cables"):
            lines = sections.get(section)
            if lines:
                out.append(f"{section}:")
                out.extend(lines)
        return "\n".join(out) + "\n"


def convert(ds: NetBoxDataset) -> Conversion:
    """Site files (and model files) for every site of ``ds``; see :class:`Conversion`."""
    return _Converter(ds).run()

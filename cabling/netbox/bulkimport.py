"""Read a folder of NetBox bulk-import files into a :class:`NetBoxDataset`.

The folder holds one file per object list, named as NetBox names the lists
and in either format NetBox's import forms take, and optionally the device
types NetBox's devicetype-library holds:

=====================  ==========================================================
file (``.csv``,         columns (NetBox's import field names)
``.yaml``, ``.yml``)
=====================  ==========================================================
regions, site-groups   name, slug, parent, description
sites                  name, slug, status, region, group, physical_address,
                       description
locations              site, name, slug, parent, status, description
racks                  site, location, name, u_height, status, facility_id
manufacturers          name, slug
device-roles           name, slug, color
providers              name, slug
provider-networks      provider, name, service_id, description
circuit-types          name, slug
device-types/          devicetype-library YAML (``<manufacturer>/<model>.yaml``):
                       manufacturer, model, slug, u_height, is_full_depth,
                       part_number and the component templates
                       (``interfaces``, ``front-ports``, ``rear-ports``,
                       ``console-ports``, ``console-server-ports``,
                       ``power-ports``, ``power-outlets``, ``port-mappings``)
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

* Files may also be in a ``prerequisites/`` sub-folder (where ``cabling export
  netbox`` writes the lists before ``devices``), and ``device-types/`` there
  too. The lists are read in the order above, as NetBox needs them imported;
  the files of one list top level first.
* CSV: a header row, then one object per row; the delimiter (comma, semicolon
  or tab) is detected from the header. YAML: a list of mappings, or one
  mapping per document (``---``), as NetBox accepts.
* Objects are referenced by name, as NetBox's import forms do (a location or
  rack within its site, a parent location within the site, a device type by
  manufacturer and model). When the folder has the list of a kind of object
  (``sites.csv``, say), a reference to one that is not in it is a problem, as
  NetBox would refuse it. When it has not, one object is synthesized per
  distinct name, with only what the name gives (a site's slug is made from its
  name, a rack has no height, a provider network no provider, a device type no
  templates).
* Device types: every YAML file under ``device-types/`` is read with
  :func:`cabling.readers.devicetypes.load_file`. A device gets the ports of its type's
  component templates when it is created, as NetBox instantiates them (each
  front port mapped to its rear port position(s)); the port files then add
  ports by hand, and a row naming a port the device already has (from a
  template or an earlier row) is a problem, as NetBox refuses it. A device's
  type must be in ``device-types/`` when that folder exists. Not read: port
  labels of templates, and the other components (module and device bays,
  inventory items), which cabling does not model.
* A device in a rack takes the rack's location, as NetBox sets it; a rack with
  a height must hold the device (``position`` + the type's height).
* A cable end with several ports lists them comma-separated in
  ``side_a_name`` (NetBox 4.7; a YAML list also works); ``side_a_device`` is
  then one device for all of them or one per name. ``side_a_site`` (a site
  name) picks among devices of the same name at several sites.
* A cable end on a circuit termination has ``side_a_type:
  circuits.circuittermination``, the circuit's cid in ``side_a_circuit`` and
  the termination's side (``A`` or ``Z``) in ``side_a_name``. (NetBox's own
  cable import form has no such column; this is cabling's extension.)
* Port files name their device by name only, as NetBox's do; a device name
  used at several sites cannot be told apart there and its rows are problems
  (give such devices their ports with device types instead).
* A cable's status defaults to ``connected``, as in NetBox.
* Ids are synthesized: 1, 2, ... per object list in file order.
* Every row that cannot be used (unknown device, unknown port, a port already
  cabled, a bad number, ...) is skipped and reported in ``problems`` as
  ``<file> row <n>: <why>``, where ``n`` is the line of the CSV file the row
  starts on (the header is row 1, as a spreadsheet shows it), or
  ``<file> record <n> (line <l>)`` for YAML; files under ``prerequisites/`` and
  ``device-types/`` are named by their path in the folder. Columns NetBox
  would not know are reported once per file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..choices import PORT_KINDS
from ..readers.devicetypes import DeviceTypeError, load_file
from .bulkfiles import (
    CABLE_END_TYPES, DEVICE_TYPES_DIR, OBJECT_LISTS, PORT_FILES, PREREQUISITES_DIR, TERMINATION_TYPES, Record,
    RowError, _a, bulk_files, read_records, slugify,
)
from .dataset import (
    Cable, Circuit, CircuitTermination, Device, DeviceType, Location, Manufacturer, NetBoxDataset, Port,
    PortMapping, PortTemplate, Provider, ProviderNetwork, Rack, Ref, Region, Site, SiteGroup, to_meters,
)


@dataclass(slots=True)
class LibraryDeviceType(DeviceType):
    """A device type read from a devicetype-library file under ``device-types/``.

    It also keeps ``is_full_depth`` (a half-depth device leaves the other face of its units free),
    which :class:`~cabling.netbox.dataset.DeviceType` has no field for, and the file it came from.
    """

    is_full_depth: bool = True
    source: str | None = None


class _Builder:
    def __init__(self, ds: NetBoxDataset, given: dict[str, str]):
        self.ds = ds
        # object lists the folder has (and 'device-types'), with the files that hold them: a
        # reference to an object of such a list must name one of its rows
        self.given = given
        self.sites: dict[str, Site] = {}
        self.site_slugs: dict[str, Site] = {}
        self.locations: dict[tuple[int, str], list[Location]] = {}  # (site id, name)
        self.racks: dict[tuple[int, str], list[Rack]] = {}  # (site id, name)
        self.manufacturers: dict[str, Manufacturer] = {}
        self.device_types: dict[tuple[str | None, str], DeviceType] = {}  # (manufacturer, model)
        self.type_slugs: dict[str, DeviceType] = {}
        self.next_template_id = {kind: 1 for kind in PORT_KINDS}
        self.roles: dict[str, str] = {}  # device role name -> slug
        self.circuit_types: dict[str, str] = {}  # circuit type name -> slug
        self.regions: dict[str, Region] = {}
        self.site_groups: dict[str, SiteGroup] = {}
        self.providers: dict[str, Provider] = {}
        self.provider_networks: dict[str, list[ProviderNetwork]] = {}  # by name, of any provider
        self.devices_by_name: dict[str, list[Device]] = {}
        self.port_index: dict[tuple[int, str, str], Port] = {}  # (device id, kind, name)
        self.templated: set[Ref] = set()  # ports made from a device type's templates
        self.next_port_id = {kind: 1 for kind in PORT_KINDS}
        self.rear_taken: dict[tuple[int, int], int] = {}  # (rear port id, position) -> front port id
        self.circuits_by_cid: dict[str, list[Circuit]] = {}
        self.terminations: dict[tuple[int, str], CircuitTermination] = {}

    # -- things referenced by name --------------------------------------------------
    def missing(self, list_name: str, what: str, name: str, where: str = "") -> None:
        """A reference to an object that is not there: a problem when the folder has that object list."""
        if list_name in self.given:
            raise RowError(f"{what} '{name}'{where} does not exist (not in {self.given[list_name]})")

    # regions, site groups, sites, manufacturers and providers: (table by name, dataset table, class,
    # object list, what a problem calls it)
    def _kind(self, kind: str):
        return {
            "region": (self.regions, self.ds.regions, Region, "regions", "region"),
            "site-group": (self.site_groups, self.ds.site_groups, SiteGroup, "site-groups", "site group"),
            "site": (self.sites, self.ds.sites, Site, "sites", "site"),
            "manufacturer": (self.manufacturers, self.ds.manufacturers, Manufacturer, "manufacturers",
                             "manufacturer"),
            "provider": (self.providers, self.ds.providers, Provider, "providers", "provider"),
        }[kind]

    def lookup(self, kind: str, name: str, make: bool = True):
        """The object of that kind and name; synthesized (with ``make``) when its list is not given."""
        table, target, cls, list_name, what = self._kind(kind)
        obj = table.get(name)
        if obj is None:
            self.missing(list_name, what, name)
            if make:
                obj = cls(len(target) + 1, name, slugify(name))
                table[name] = target[obj.id] = obj
                if kind == "site":
                    self.site_slugs.setdefault(obj.slug, obj)
        return obj

    def find_location(self, site: Site, name: str) -> Location | None:
        found = self.locations.get((site.id, name), [])
        if len(found) > 1:
            parents = ", ".join(sorted(self.ds.locations[loc.parent_id].name if loc.parent_id else "(none)"
                                       for loc in found))
            raise RowError(f"location '{name}' is ambiguous at site '{site.name}' (parents {parents})")
        return found[0] if found else None

    def find_rack(self, site: Site, location: Location | None, name: str, by_location: bool) -> Rack | None:
        found = self.racks.get((site.id, name), [])
        if by_location:
            found = [r for r in found if r.location_id == (location.id if location else None)]
        if len(found) > 1:
            where = ", ".join(sorted(self.ds.locations[r.location_id].name if r.location_id else "(none)"
                                     for r in found))
            raise RowError(f"rack '{name}' is ambiguous at site '{site.name}' (locations {where}); "
                           "give its location")
        return found[0] if found else None

    def new_location(self, site: Site, name: str, parent: Location | None = None, **fields) -> Location:
        loc = Location(len(self.ds.locations) + 1, name, site.id, fields.pop("slug", None) or slugify(name),
                       parent.id if parent else None, **fields)
        self.ds.locations[loc.id] = loc
        self.locations.setdefault((site.id, name), []).append(loc)
        return loc

    def new_rack(self, site: Site, location: Location | None, name: str, **fields) -> Rack:
        rack = Rack(len(self.ds.racks) + 1, name, site.id, location.id if location else None, **fields)
        self.ds.racks[rack.id] = rack
        self.racks.setdefault((site.id, name), []).append(rack)
        return rack

    def place(self, site_name: str, location_name: str | None, rack_name: str | None):
        """The site, location and rack a row names: found, else synthesized where their list is not given.

        Everything is checked before anything is synthesized, so a row that fails leaves nothing behind.
        """
        site = self.sites.get(site_name)
        if site is None:
            self.missing("sites", "site", site_name)
        at = f" at site '{site_name}'"
        location = rack = None
        if location_name is not None:
            location = self.find_location(site, location_name) if site else None
            if location is None:
                self.missing("locations", "location", location_name, at)
        if rack_name is not None:
            rack = self.find_rack(site, location, rack_name, location_name is not None) \
                if site and (location or location_name is None) else None
            if rack is None:
                self.missing("racks", "rack", rack_name, at + (f" in location '{location_name}'"
                                                               if location_name else ""))
        # the row is good: make what it names
        site = site or self.lookup("site", site_name)
        if location_name is not None and location is None:
            location = self.new_location(site, location_name)
        if rack_name is not None and rack is None:
            rack = self.new_rack(site, location, rack_name)
        if rack is not None and location is None and rack.location_id is not None:
            location = self.ds.locations[rack.location_id]  # NetBox puts a racked device in its rack's location
        return site, location, rack

    def device_type(self, manufacturer: str | None, model: str) -> DeviceType:
        if manufacturer is None:
            found = [dt for (_, m), dt in self.device_types.items() if m == model]
            if len(found) > 1:
                raise RowError(f"device type '{model}' is ambiguous (manufacturers "
                               f"{', '.join(sorted(str(dt.manufacturer) for dt in found))}); give its manufacturer")
            if found:
                return found[0]
        key = (manufacturer, model)
        if key not in self.device_types:
            self.missing("device-types", "device type", model,
                         f" of manufacturer '{manufacturer}'" if manufacturer else "")
            maker = self.lookup("manufacturer", manufacturer) if manufacturer is not None else None
            dt = DeviceType(len(self.ds.device_types) + 1, manufacturer, model,
                            slugify(f"{manufacturer or ''} {model}"), manufacturer_id=maker.id if maker else None)
            self.device_types[key] = self.ds.device_types[dt.id] = dt
        return self.device_types[key]

    def provider_network(self, name: str, make: bool = True) -> ProviderNetwork | None:
        found = self.provider_networks.get(name, [])
        if len(found) > 1:
            raise RowError(f"provider network '{name}' is ambiguous (providers "
                           f"{', '.join(sorted(str(pn.provider) for pn in found))})")
        if found:
            return found[0]
        self.missing("provider-networks", "provider network", name)
        if not make:
            return None
        pn = ProviderNetwork(len(self.ds.provider_networks) + 1, name)
        self.ds.provider_networks[pn.id] = pn
        self.provider_networks[name] = [pn]
        return pn

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

    # -- prerequisites ---------------------------------------------------------------
    def _slug(self, r: Record) -> str:
        return r.get("slug") or slugify(r.need("name"))

    def _new_name(self, r: Record, table: dict, what: str) -> tuple[str, str]:
        """The row's name and slug, both unused so far in ``table``."""
        name, slug = r.need("name"), self._slug(r)
        if name in table:
            raise RowError(f"{what} '{name}' is already defined")
        if any(obj.slug == slug for obj in table.values()):
            raise RowError(f"slug '{slug}' is already used by another {what}")
        return name, slug

    def nested(self, r: Record, kind: str) -> None:
        """A region or site group: name, slug, parent (an earlier row)."""
        table, target, cls, _, what = self._kind(kind)
        name, slug = self._new_name(r, table, what)
        parent = None
        if r.get("parent") is not None:
            parent = table.get(r.get("parent"))
            if parent is None:
                raise RowError(f"parent {what} '{r.get('parent')}' does not exist (a parent's row must come first)")
        obj = cls(len(target) + 1, name, slug, parent.id if parent else None)
        table[name] = target[obj.id] = obj

    def simple(self, r: Record, kind: str) -> None:
        """A manufacturer or provider: name and slug."""
        table, target, cls, _, what = self._kind(kind)
        name, slug = self._new_name(r, table, what)
        obj = cls(len(target) + 1, name, slug)
        table[name] = target[obj.id] = obj

    def slugged(self, r: Record, table: dict[str, str], what: str) -> None:
        """A device role or circuit type, which the dataset keeps by name (and slug)."""
        name, slug = r.need("name"), self._slug(r)
        if name in table:
            raise RowError(f"{what} '{name}' is already defined")
        if slug in table.values():
            raise RowError(f"slug '{slug}' is already used by another {what}")
        table[name] = slug

    def site(self, r: Record) -> None:
        name, slug = r.need("name"), self._slug(r)
        if name in self.sites:
            raise RowError(f"site '{name}' is already defined")
        if slug in self.site_slugs:
            raise RowError(f"slug '{slug}' is already used by site '{self.site_slugs[slug].name}'")
        refs = [(kind, r.get(column)) for kind, column in (("region", "region"), ("site-group", "group"))
                if r.get(column) is not None]
        for kind, ref in refs:
            self.lookup(kind, ref, make=False)
        found = {kind: self.lookup(kind, ref) for kind, ref in refs}
        site = Site(len(self.ds.sites) + 1, name, slug, r.get("status"),
                    found["region"].id if "region" in found else None,
                    found["site-group"].id if "site-group" in found else None,
                    r.get("physical_address"), r.get("description"))
        self.sites[name] = self.site_slugs[slug] = self.ds.sites[site.id] = site

    def location(self, r: Record) -> None:
        site_name, name, parent_name = r.need("site"), r.need("name"), r.get("parent")
        site = self.sites.get(site_name)
        if site is None:
            self.missing("sites", "site", site_name)
        parent = None
        if parent_name is not None:
            parent = self.find_location(site, parent_name) if site else None
            if parent is None:
                raise RowError(f"parent location '{parent_name}' does not exist at site '{site_name}' "
                               "(a parent's row must come first)")
        site = site or self.lookup("site", site_name)
        parent_id = parent.id if parent else None
        if any(loc.parent_id == parent_id for loc in self.locations.get((site.id, name), [])):
            raise RowError(f"location '{name}' is already defined at site '{site.name}'"
                           + (f" under '{parent.name}'" if parent else ""))
        self.new_location(site, name, parent, slug=r.get("slug"), status=r.get("status"),
                          description=r.get("description"))

    def rack(self, r: Record) -> None:
        site_name, name = r.need("site"), r.need("name")
        u_height = r.int("u_height", minimum=1)
        site, location, _ = self.place(site_name, r.get("location"), None)
        if any(rack.location_id == (location.id if location else None)
               for rack in self.racks.get((site.id, name), [])):
            raise RowError(f"rack '{name}' is already defined at site '{site.name}'"
                           + (f" in location '{location.name}'" if location else ""))
        self.new_rack(site, location, name, u_height=u_height, status=r.get("status"),
                      facility_id=r.get("facility_id"))

    def provider_network_row(self, r: Record) -> None:
        provider_name, name = r.need("provider"), r.need("name")
        if any(pn.provider == provider_name for pn in self.provider_networks.get(name, [])):
            raise RowError(f"provider network '{name}' of provider '{provider_name}' is already defined")
        provider = self.lookup("provider", provider_name)
        pn = ProviderNetwork(len(self.ds.provider_networks) + 1, name, provider.name, provider.id,
                             r.get("service_id"), r.get("description"))
        self.ds.provider_networks[pn.id] = pn
        self.provider_networks.setdefault(name, []).append(pn)

    # -- device types ------------------------------------------------------------------
    def read_device_types(self, files: list[tuple[Path, str]]) -> None:
        for path, name in files:
            try:
                types = load_file(path)
            except DeviceTypeError as exc:
                self.ds.problems.append(f"{name}: {exc}; file not read")
                continue
            if not types:
                self.ds.problems.append(f"{name}: no device type in it")
            for t in types:
                try:
                    self.library_type(t, name)
                except RowError as exc:
                    self.ds.problems.append(f"{name}: device type '{t.manufacturer} {t.model}': {exc}; not read")

    def library_type(self, t, file: str) -> None:
        """One device type of a devicetype-library file (a :class:`cabling.model.DeviceType`)."""
        key = (t.manufacturer, t.model)
        if key in self.device_types:
            raise RowError(f"already defined in {self.device_types[key].source}")
        if t.slug in self.type_slugs:
            other = self.type_slugs[t.slug]
            raise RowError(f"slug '{t.slug}' is already used by device type '{other.manufacturer} {other.model}' "
                           f"({other.source})")
        try:
            u_height = float(t.u_height)
        except (TypeError, ValueError):
            raise RowError(f"u_height {t.u_height!r} is not a number") from None
        draws, rounded = [], []
        for p in t.ports:
            draw = p.maximum_draw
            if draw is not None:
                try:
                    watts = float(draw)
                except (TypeError, ValueError):
                    raise RowError(f"power port '{p.name}': maximum_draw {draw!r} is not a number") from None
                if watts != int(watts):
                    rounded.append(f"{file}: device type '{t.manufacturer} {t.model}': power port '{p.name}': "
                                   f"maximum_draw {draw} is not a whole number of watts, as NetBox's is; read as "
                                   f"{round(watts)}")
                draw = int(round(watts))
            draws.append(draw)
        maker = self.lookup("manufacturer", t.manufacturer)
        # the type is good: make it
        dt = LibraryDeviceType(
            len(self.ds.device_types) + 1, t.manufacturer, t.model, t.slug, u_height, t.part_number or None,
            maker.id, [], list(t.mappings), is_full_depth=t.is_full_depth, source=file)
        for p, draw in zip(t.ports, draws):
            dt.templates.append(PortTemplate(self.next_template_id[p.kind], p.kind, dt.id, p.name, p.type, None,
                                             p.positions, p.poe_mode, p.poe_type, p.mgmt_only, draw))
            self.next_template_id[p.kind] += 1
        self.ds.problems.extend(rounded)
        self.device_types[key] = self.type_slugs[t.slug] = self.ds.device_types[dt.id] = dt

    # -- devices and ports -------------------------------------------------------------
    def device(self, r: Record) -> None:
        site_name, model, name = r.need("site"), r.need("device_type"), r.get("name")
        if name is not None and any(self.ds.sites[d.site_id].name == site_name
                                    for d in self.devices_by_name.get(name, [])):
            raise RowError(f"device '{name}' is already defined at site '{site_name}'")
        position = r.float("position")
        if position is not None and r.get("rack") is None:
            raise RowError("position is given but rack is not")
        role = r.get("role") or r.get("device_role")
        if role is not None and role not in self.roles:
            self.missing("device-roles", "device role", role)
        serial, asset_tag, face, status = r.get("serial"), r.get("asset_tag"), r.get("face"), r.get("status")
        dt = self.device_type(r.get("manufacturer"), model)
        if position is not None and dt.u_height is not None and dt.u_height == 0:
            raise RowError(f"device type '{dt.model}' is 0U, which NetBox does not place at a rack position")
        site, location, rack = self.place(site_name, r.get("location"), r.get("rack"))
        if position is not None and rack.u_height is not None:
            height = dt.u_height if dt.u_height is not None else 1
            if position < 1 or position + height - 1 > rack.u_height:
                raise RowError(f"position {position:g} is outside rack '{rack.name}' ({rack.u_height}U) for a "
                               f"{height:g}U device")
        device = Device(
            len(self.ds.devices) + 1, name, site.id, rack.id if rack else None, position, dt.id, role,
            serial, asset_tag, location.id if location else None, face, status,
            (self.roles.get(role) or slugify(role)) if role else None)
        self.ds.devices[device.id] = device
        if name is not None:
            self.devices_by_name.setdefault(name, []).append(device)
        self.instantiate(device, dt)

    def add_port(self, device: Device, port: Port) -> None:
        self.next_port_id[port.kind] += 1
        self.ds.ports[port.kind, port.id] = port
        self.port_index[device.id, port.kind, port.name] = port
        device.ports.append((port.kind, port.id))

    def instantiate(self, device: Device, dt: DeviceType) -> None:
        """The ports of the device type's component templates, as NetBox creates them with a new device."""
        made: dict[tuple[str, str], Port] = {}
        for t in dt.templates:
            port = Port(self.next_port_id[t.kind], t.kind, device.id, t.name, t.type, t.label, t.positions,
                        t.poe_mode, t.poe_type, t.mgmt_only, t.maximum_draw)
            self.add_port(device, port)
            self.templated.add(port.ref)
            made[t.kind, t.name] = port
        for front, fpos, rear, rpos in dt.mappings:
            f, b = made["front", front], made["rear", rear]
            self.rear_taken[b.id, rpos] = f.id
            self.ds.port_mappings.append(PortMapping(f.id, fpos, b.id, rpos))

    def port(self, r: Record, kind: str) -> None:
        device = self.find_device(r.need("device"))
        name = r.need("name")
        existing = self.port_index.get((device.id, kind, name))
        if existing is not None:
            if existing.ref in self.templated:
                dt = self.ds.device_types[device.device_type_id]
                raise RowError(f"device '{device.name}' already has {_a(kind)} port '{name}' (from the templates "
                               f"of its device type '{dt.model}')")
            raise RowError(f"device '{device.name}' already has {_a(kind)} port '{name}'")
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
        self.add_port(device, port)
        if mapping is not None:
            self.rear_taken[mapping] = port.id
            self.ds.port_mappings.append(PortMapping(port.id, 1, mapping[0], mapping[1]))

    # -- circuits and cables ------------------------------------------------------------
    def circuit(self, r: Record) -> None:
        cid, provider_name = r.need("cid"), r.need("provider")
        if any(c.provider == provider_name for c in self.circuits_by_cid.get(cid, [])):
            raise RowError(f"circuit '{cid}' of provider '{provider_name}' is already defined")
        commit_rate = r.int("commit_rate", minimum=0)
        ctype = r.get("type")
        if ctype is not None and ctype not in self.circuit_types:
            self.missing("circuit-types", "circuit type", ctype)
        provider = self.lookup("provider", provider_name)
        circuit = Circuit(len(self.ds.circuits) + 1, cid, provider.name, ctype, r.get("status"),
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
            site = self.lookup("site", name)
            t.site_id = oid = site.id
        elif kind == "location":
            found = [loc for (_, n), locs in self.locations.items() if n == name for loc in locs]
            if not found:
                raise RowError(f"location '{name}' does not exist (not in {self.given['locations']})"
                               if "locations" in self.given else
                               f"location '{name}' does not exist (locations come from devices.*)")
            if len(found) > 1:
                sites = ", ".join(sorted(self.ds.sites[loc.site_id].name for loc in found))
                raise RowError(f"location '{name}' is ambiguous (sites {sites})")
            t.location_id, t.site_id = found[0].id, found[0].site_id
            oid = found[0].id
        elif kind == "region":
            t.region_id = oid = self.lookup("region", name).id
        elif kind == "site-group":
            t.site_group_id = oid = self.lookup("site-group", name).id
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


def read_bulk_folder(path: str | os.PathLike) -> NetBoxDataset:
    """Read a folder of NetBox bulk-import files (see the module docstring) into a :class:`NetBoxDataset`."""
    folder = Path(path)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    ds = NetBoxDataset(source=str(folder))
    files, others, type_files = bulk_files(folder)

    def shown(p: Path) -> str:
        return p.relative_to(folder).as_posix()

    for p in others:
        ds.problems.append(f"{shown(p)}: not a known object list ({', '.join(sorted(OBJECT_LISTS))}); not read")
    if not any(files.values()) and not type_files:
        ds.problems.append(f"{folder}: no bulk-import files found")
    given = {name: ", ".join(map(shown, paths)) for name, paths in files.items() if paths}
    if type_files:
        dirs = (folder / DEVICE_TYPES_DIR, folder / PREREQUISITES_DIR / DEVICE_TYPES_DIR)
        given["device-types"] = ", ".join(shown(d) + "/" for d in dirs if any(p.is_relative_to(d) for p in type_files))
    b = _Builder(ds, given)
    handlers = {
        "regions": lambda r: b.nested(r, "region"),
        "site-groups": lambda r: b.nested(r, "site-group"),
        "sites": b.site,
        "locations": b.location,
        "racks": b.rack,
        "manufacturers": lambda r: b.simple(r, "manufacturer"),
        "device-roles": lambda r: b.slugged(r, b.roles, "device role"),
        "providers": lambda r: b.simple(r, "provider"),
        "provider-networks": b.provider_network_row,
        "circuit-types": lambda r: b.slugged(r, b.circuit_types, "circuit type"),
        "devices": b.device,
        "circuits": b.circuit,
        "circuit-terminations": b.circuit_termination,
        "cables": b.cable,
    }
    for list_name in OBJECT_LISTS:
        if list_name == "devices":
            b.read_device_types([(p, shown(p)) for p in type_files])
        handle = handlers.get(list_name) or (lambda r, kind=PORT_FILES[list_name]: b.port(r, kind))
        for f in files[list_name]:
            for record in read_records(f, ds.problems, shown(f)):
                try:
                    handle(record)
                except RowError as exc:
                    ds.problems.append(f"{record}: {exc}")
    order = {kind: i for i, kind in enumerate(PORT_KINDS)}
    for device in ds.devices.values():
        device.ports.sort(key=lambda ref: (order[ref[0]], ref[1]))
    ds.problems.extend(ds.check_references())
    return ds

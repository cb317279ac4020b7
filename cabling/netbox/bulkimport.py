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
from pathlib import Path

from ..choices import PORT_KINDS
from .bulkcables import CableRows
from .bulkdevices import DeviceRows, LibraryDeviceType  # noqa: F401
from .bulkfiles import DEVICE_TYPES_DIR, OBJECT_LISTS, PORT_FILES, PREREQUISITES_DIR, RowError, bulk_files, read_records
from .bulkprerequisites import PrerequisiteRows
from .dataset import (
    Circuit, CircuitTermination, Device, DeviceType, Location, Manufacturer, NetBoxDataset, Port, Provider,
    ProviderNetwork, Rack, Ref, Region, Site, SiteGroup,
)


class _Builder(PrerequisiteRows, DeviceRows, CableRows):
    """The dataset being read and its tables by name, filled by the rows of the prerequisites
    (:mod:`~cabling.netbox.bulkprerequisites`), of device types, devices and ports (:mod:`~cabling.netbox.bulkdevices`)
    and of circuits and cables (:mod:`~cabling.netbox.bulkcables`)."""

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

"""`cabling export netbox`: NetBox bulk-import files that NetBox's import forms accept and that read back.

The round trip is export -> :func:`read_bulk_folder` -> :func:`convert` -> site files -> :func:`load`,
in both export modes (ports as rows of the port files, or ``--templates``: ports from the device types),
compared by canonical port references (``inv.ref``), never by object identity: the same sites (by id:
NetBox's slug), rooms, racks (with their height), devices (role, place, model), ports, cables (as
unordered pairs of port sets, since NetBox has no cable ids), circuit ends, and every trace from every
port the same sequence of ports. Only what NetBox cannot hold differs, each with a note at export.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.netbox.bulkimport import read_bulk_folder
from cabling.netbox.convert import convert
from cabling.netbox.export import export
from cabling.readers.devicetypes import parse_device_type
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]
DUMP = ROOT / "tests" / "data" / "netbox-demo" / "netbox-demo-v4.2.sql.gz"
OFFICE, BRANCH = ROOT / "sites" / "office.yaml", ROOT / "sites" / "branch.yaml"
PORT_FILES = ("interfaces", "front-ports", "rear-ports", "console-ports", "console-server-ports",
              "power-ports", "power-outlets")

# ---------------------------------------------------------------------------------------------
# NetBox's import forms: Meta.fields of each, copied from NetBox's source as stored in the
# netbox-community/netbox repository (NetBox 4.7: CableImportForm has side_a_site and takes
# comma-separated side_a_device / side_a_name, PR #22641):
#   netbox/dcim/forms/bulk_import.py     DeviceImportForm, InterfaceImportForm, FrontPortImportForm,
#                                        RearPortImportForm, ConsolePortImportForm,
#                                        ConsoleServerPortImportForm, PowerPortImportForm,
#                                        PowerOutletImportForm, CableImportForm, SiteImportForm,
#                                        LocationImportForm, RackImportForm, ManufacturerImportForm,
#                                        DeviceRoleImportForm, RegionImportForm
#   netbox/circuits/forms/bulk_import.py CircuitImportForm, CircuitTerminationImportForm,
#                                        ProviderImportForm, CircuitTypeImportForm,
#                                        ProviderNetworkImportForm
# NetBox refuses a CSV whose header names a column the form does not have ("Unexpected column
# header"), or lacks a required one (utilities/forms/utils.py validate_csv); REQUIRED lists the
# form fields declared without required=False (and, for racks, width and u_height, which
# RackImportForm.clean() demands when no rack_type is given).
NETBOX_FIELDS = {
    "devices": ["name", "role", "tenant", "manufacturer", "device_type", "platform", "serial", "asset_tag", "status",
                "site", "location", "rack", "position", "face", "latitude", "longitude", "parent", "device_bay",
                "airflow", "cooling_method", "virtual_chassis", "vc_position", "vc_priority", "cluster",
                "description", "config_template", "owner", "comments", "tags"],
    "interfaces": ["device", "name", "label", "parent", "bridge", "lag", "type", "channels", "channel_id", "speed",
                   "duplex", "enabled", "mark_connected", "wwn", "vdcs", "mtu", "mgmt_only", "description",
                   "poe_mode", "poe_type", "mode", "vlan_group", "untagged_vlan", "tagged_vlans", "qinq_svlan", "vrf",
                   "rf_role", "rf_channel", "rf_channel_frequency", "rf_channel_width", "tx_power", "owner", "tags"],
    "front-ports": ["device", "name", "label", "type", "color", "mark_connected", "positions", "rear_port",
                    "rear_port_position", "description", "owner", "tags"],
    "rear-ports": ["device", "name", "label", "type", "color", "mark_connected", "positions", "description", "owner",
                   "tags"],
    "console-ports": ["device", "name", "label", "type", "speed", "mark_connected", "description", "owner", "tags"],
    "console-server-ports": ["device", "name", "label", "type", "speed", "mark_connected", "description", "owner",
                             "tags"],
    "power-ports": ["device", "name", "label", "type", "mark_connected", "maximum_draw", "allocated_draw",
                    "description", "owner", "tags"],
    "power-outlets": ["device", "name", "label", "type", "color", "mark_connected", "power_port", "feed_leg",
                      "description", "owner", "tags"],
    "cables": ["side_a_site", "side_a_device", "side_a_power_panel", "side_a_type", "side_a_name", "side_b_site",
               "side_b_device", "side_b_power_panel", "side_b_type", "side_b_name", "type", "status", "profile",
               "tenant", "bundle", "label", "color", "length", "length_unit", "description", "owner", "comments",
               "tags"],
    "circuits": ["cid", "provider", "provider_account", "type", "status", "tenant", "install_date",
                 "termination_date", "commit_rate", "distance", "distance_unit", "description", "owner", "comments",
                 "tags"],
    "circuit-terminations": ["circuit", "term_side", "termination_type", "termination_id", "port_speed",
                             "upstream_speed", "xconnect_id", "pp_info", "description", "tags"],
    "prerequisites/sites": ["name", "slug", "status", "region", "group", "tenant", "facility", "time_zone",
                            "description", "physical_address", "shipping_address", "latitude", "longitude", "owner",
                            "comments", "tags"],
    "prerequisites/locations": ["site", "parent", "name", "slug", "status", "tenant", "facility", "description",
                                "owner", "comments", "tags"],
    "prerequisites/racks": ["site", "location", "group", "name", "facility_id", "tenant", "status", "role",
                            "rack_type", "form_factor", "serial", "asset_tag", "width", "u_height", "desc_units",
                            "outer_width", "outer_height", "outer_depth", "outer_unit", "mounting_depth", "airflow",
                            "cooling_capability", "cooling_capacity", "weight", "max_weight", "weight_unit",
                            "description", "owner", "comments", "tags"],
    "prerequisites/manufacturers": ["name", "slug", "description", "owner", "comments", "tags"],
    "prerequisites/device-roles": ["name", "slug", "parent", "color", "vm_role", "config_template", "description",
                                   "owner", "comments", "tags"],
    "prerequisites/regions": ["name", "slug", "parent", "description", "owner", "comments", "tags"],
    "prerequisites/providers": ["name", "slug", "description", "owner", "comments", "tags"],
    "prerequisites/circuit-types": ["name", "slug", "color", "description", "owner", "comments", "tags"],
    "prerequisites/provider-networks": ["provider", "name", "service_id", "description", "owner", "comments", "tags"],
}
REQUIRED = {
    "devices": {"role", "manufacturer", "device_type", "status", "site"},
    "interfaces": {"device", "name", "type"},
    "front-ports": {"device", "name", "type", "rear_port"},
    "rear-ports": {"device", "name", "type"},
    "console-ports": {"device", "name"},
    "console-server-ports": {"device", "name"},
    "power-ports": {"device", "name"},
    "power-outlets": {"device", "name"},
    "cables": {"side_a_type", "side_a_name", "side_b_type", "side_b_name"},
    "circuits": {"cid", "provider", "type", "status"},
    "circuit-terminations": {"circuit", "term_side"},
    "prerequisites/sites": {"name", "slug", "status"},
    "prerequisites/locations": {"site", "name", "slug", "status"},
    "prerequisites/racks": {"site", "name", "status", "width", "u_height"},
    "prerequisites/manufacturers": {"name", "slug"},
    "prerequisites/device-roles": {"name", "slug"},
    "prerequisites/regions": {"name", "slug"},
    "prerequisites/providers": {"name", "slug"},
    "prerequisites/circuit-types": {"name", "slug"},
    "prerequisites/provider-networks": {"provider", "name"},
}
# The header rows the export writes, pinned here.
EXPECTED_HEADERS = {
    "devices": "name,role,manufacturer,device_type,status,site,location,rack,position,face,serial,asset_tag,"
               "description",
    "interfaces": "device,name,type,mgmt_only,poe_mode,poe_type",
    "front-ports": "device,name,type,rear_port,rear_port_position",
    "rear-ports": "device,name,type,positions",
    "console-ports": "device,name,type",
    "console-server-ports": "device,name,type",
    "power-ports": "device,name,type,maximum_draw",
    "power-outlets": "device,name,type",
    "cables": "side_a_site,side_a_device,side_a_type,side_a_name,side_b_site,side_b_device,side_b_type,side_b_name,"
              "type,status,label,color,length,length_unit,description",
    "circuits": "cid,provider,type,status,description",
    "circuit-terminations": "circuit,term_side,termination_type,termination_id,port_speed,xconnect_id,description",
    "prerequisites/sites": "name,slug,status,physical_address,description",
    "prerequisites/locations": "site,name,slug,status,description",
    "prerequisites/racks": "site,location,name,status,width,u_height,description",
    "prerequisites/manufacturers": "name,slug",
    "prerequisites/device-roles": "name,slug,color",
    "prerequisites/regions": "name,slug",
    "prerequisites/providers": "name,slug",
    "prerequisites/circuit-types": "name,slug",
    "prerequisites/provider-networks": "provider,name",
}
# NetBox's LinkStatusChoices and CableTypeChoices (netbox/dcim/choices.py)
LINK_STATUSES = {"connected", "planned", "decommissioning"}
NETBOX_CABLE_TYPES = {
    "cat3", "cat5", "cat5e", "cat6", "cat6a", "cat7", "cat7a", "cat8", "mrj21-trunk", "dac-active", "dac-passive",
    "coaxial", "rg-6", "rg-8", "rg-11", "rg-59", "rg-62", "rg-213", "lmr-100", "lmr-200", "lmr-400", "mmf", "mmf-om1",
    "mmf-om2", "mmf-om3", "mmf-om4", "mmf-om5", "smf", "smf-os1", "smf-os2", "aoc", "power", "usb",
}

# A small site with what NetBox cannot hold, or holds only in part.
LAB = """\
site: {id: lab, name: Lab, fibre_polarity: A}
models: [console-server.yaml]
floors: [{id: '1'}]
rooms: [{id: R1, floor: '1', name: Room one}]
telecom_spaces: [{id: 1A, room: R1, kind: tr}]
racks: [{id: RK1, space: 1A, u_height: 42}]
devices:
  - {id: SW-1, model: cabling-switch-24-poe, rack: RK1, u: 10, poe_budget_w: 100}
  - {id: FP-1, model: cabling-fibre-panel-mpo12, rack: RK1, u: 12}
  - {id: FP-2, model: cabling-fibre-panel-mpo12, rack: RK1, u: 13}
  - {id: 'PC,1', model: cabling-pc, room: R1}
  - {id: PH-1, model: cabling-ip-phone, room: R1, poe_class: 3}
  - {id: CS-1, model: lab-cs-8, rack: RK1, u: 14}
  - {id: PP-1, model: cabling-cat6-panel-24, rack: RK1, u: 15}
  - {id: PP-2, model: cabling-cat6-panel-24, rack: RK1, u: 16}
circuits:
  - {id: CID-1, a: {region: North}, z: {location: R1}}
cables:
  - {id: T1, a: 'PP-1:R1', b: 'PP-2:R1', type: multipair, pairs: 25, length: 12.345, color: blue}
  - {id: D1, a: ['SW-1:Te1/1/1', 'SW-1:Te1/1/2'], b: ['FP-1:1', 'FP-1:2'], type: om4, length: 3}
  - {id: W1, a: 'SW-1:Gi1/0/1', b: 'PC,1:NIC', type: cat6, status: decommissioned}
  - {id: W2, a: 'SW-1:Gi1/0/2', b: 'PH-1:LAN', type: cat6, status: planned, length: 2}
  - {id: X1, a: {circuit: CID-1, side: Z}, b: 'FP-2:1', type: os2}
  - {id: K1, a: 'CS-1:Port 1', b: 'SW-1:Console', type: cat6, length: 1.5, label: CON-SW-1}
"""
CONSOLE_SERVER = """\
manufacturer: Lab Gear
model: CS-8
slug: lab-cs-8
u_height: 1
console-server-ports:
  - {name: Port 1, type: rj-45}
  - {name: Port 2, type: rj-45}
interfaces:
  - {name: eth0, type: 1000base-t, mgmt_only: true}
power-ports:
  - {name: PSU, type: iec-60320-c14, maximum_draw: 20}
"""


# ------------------------------------------------------------------ helpers
def write_lab(folder: Path) -> Path:
    (folder / "console-server.yaml").write_text(CONSOLE_SERVER)
    (folder / "lab.yaml").write_text(LAB)
    return folder / "lab.yaml"


def _write(files: dict[str, str], folder: Path) -> Path:
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def round_trip(inv, tmp: Path, templates: bool = False):
    """Export ``inv``, read the folder back as NetBox bulk files, convert and load: (inventory, export, problems)."""
    result = export(inv, templates=templates)
    ds = read_bulk_folder(_write(result.files, tmp / "netbox"))
    back = load([_write(convert(ds).files, tmp / "sites")])
    return back, result, ds.problems


MODES = pytest.mark.parametrize("templates", [False, True], ids=["port-rows", "templates"])


def _skipped(device, skip) -> bool:
    return (device.site.id, device.id) in skip


def _touches(ends, skip) -> bool:
    return any(getattr(p, "device", None) is not None and _skipped(p.device, skip) for p in ends)


def sites_of(inv) -> dict:
    return {s.id: (s.name, s.address, s.description) for s in inv.sites.values()}


def rooms_of(inv) -> dict:
    return {(s.id, r.id): r.name for s in inv.sites.values() for r in s.rooms.values()}


def racks_of(inv) -> dict:
    # a rack's name is not compared: NetBox's rack description, where the export puts it, is not read back
    return {(s.id, r.id): (r.room.id if r.room else None, r.u_height) for s in inv.sites.values()
            for r in s.racks.values()}


def devices_of(inv, skip=frozenset()) -> dict:
    """Each device: role, place, model, serial and asset tag (the model's slug and name not when devices in
    ``skip`` lost their ports, and so became model variants)."""
    out = {}
    for d in inv.devices():
        m = d.model
        # with devices left bare, which device of a type becomes a 'variant' depends on the order: no slugs
        model = (m.manufacturer, m.u_height, m.is_full_depth, m.part_number) + (() if skip else (m.slug, m.model))
        out[d.site.id, d.id] = (d.role, d.rack.id if d.rack else None, d.u, d.face, d.room.id if d.room else None,
                                model, d.serial, d.asset_tag)
    return out


def ports_of(inv, skip=frozenset()) -> dict:
    """Each port by its canonical reference: site, device, kind, name and what its model says of it."""
    return {inv.ref(p): (p.device.site.id, p.device.id, p.kind, p.name, p.template.type, p.positions,
                         p.template.poe_mode, p.template.poe_type, p.template.mgmt_only, p.template.maximum_draw,
                         tuple((f, inv.ref(r), rp) for f, r, rp in p.rear or ()))
            for p in inv.ports() if not _skipped(p.device, skip)}


def cables_of(inv, skip=frozenset()) -> dict:
    """Cable -> what it carries, keyed by its two ends as an unordered pair of port-reference sets."""
    return {frozenset((frozenset(map(inv.ref, c.a)), frozenset(map(inv.ref, c.b)))):
            (c.status, c.type, c.length, c.label, c.color, c.description)
            for c in inv.cables() if not _touches(c.a + c.b, skip)}


def circuits_of(inv, skip=frozenset()) -> dict:
    """Each circuit side: the circuit's fields, where the side ends, and the ports its cable reaches."""
    out = {}
    for c in inv.circuits.values():
        for t in (c.a, c.z):
            if t is None:
                continue
            far = t.cable.far(t.end) if t.cable is not None else ()
            if _touches(far, skip):
                far = ()  # a cable the export could not write as a row cabling reads (see the notes)
            out[c.id, t.side] = (c.provider, c.type, c.status, c.description, t.ends_at, t.port_speed, t.xconnect_id,
                                 t.description, tuple(sorted(map(inv.ref, far))))
    return out


def traces_of(inv, skip=frozenset()) -> dict:
    """Every trace from every port: per path, its sequence of port (and circuit) steps, cables left out.

    Traces that pass a device in ``skip`` (whose ports the export could not write) are left out.
    """
    out = {}
    for p in inv.ports():
        paths = trace(p)
        if any(s.kind == "ports" and _touches(s.items, skip) for path in paths for s in path.steps):
            continue
        out[inv.ref(p)] = [[sorted(s.get("ports") or s.get("circuit_terminations") or [s.get("ends_at")])
                            for s in path.to_json(inv)["steps"] if "cables" not in s] for path in paths]
    return out


def netbox_keeps(cables: dict, circuits: dict) -> tuple[dict, dict]:
    """What NetBox keeps: no 'multipair' or 'other' cable type, colours only as hex RGB, a circuit's missing
    provider and type as 'Unknown' (each with a note at export)."""
    cables = {k: (s, None if t in ("multipair", "other") else t, n, label,
                  color.lower() if color and len(color) == 6 and all(x in "0123456789abcdefABCDEF" for x in color)
                  else None, d)
              for k, (s, t, n, label, color, d) in cables.items()}
    circuits = {k: (p or "Unknown", t or "Unknown", *rest) for k, (p, t, *rest) in circuits.items()}
    return cables, circuits


def assert_same_graph(before, after, skip=frozenset()):
    """``after`` (read back from the export) is ``before``, less the ports of the devices in ``skip`` and
    what NetBox cannot hold (see :func:`netbox_keeps`)."""
    assert sites_of(after) == sites_of(before)  # site ids (NetBox slugs) kept
    assert rooms_of(after) == rooms_of(before)
    assert racks_of(after) == racks_of(before)
    assert devices_of(after, skip) == devices_of(before, skip)
    assert ports_of(after) == ports_of(before, skip)
    cables, circuits = netbox_keeps(cables_of(before, skip), circuits_of(before, skip))
    assert cables_of(after) == cables
    assert circuits_of(after) == circuits
    want = traces_of(before, skip)
    got = traces_of(after)
    passing_skipped = {before.ref(p) for p in before.ports()} - set(want)  # their traces changed, as noted
    assert set(got) <= set(want) | passing_skipped
    assert {ref: got.get(ref) for ref in want} == want
    if not skip:
        assert got == want


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The NetBox demo database, imported into cabling site files."""
    out = tmp_path_factory.mktemp("demo")
    assert main(["import", "netbox", str(DUMP), "-o", str(out)]) == 0
    return load([out])


# ------------------------------------------------------------------ 1. round trip
@MODES
@pytest.mark.parametrize("site, site_id", [(OFFICE, "acme-office"), (BRANCH, "acme-branch")], ids=["office", "branch"])
def test_example_sites_round_trip_through_netbox_bulk_files(site, site_id, templates, tmp_path):
    before = load([site])
    after, result, problems = round_trip(before, tmp_path, templates)
    assert problems == []
    assert_same_graph(before, after)
    # the site comes back with its id: the slug of sites.csv, not one made from the site's name
    assert list(after.sites) == list(before.sites) == [site_id]
    # with --templates the ports come from the device types alone
    assert any(rel.endswith("interfaces.csv") for rel in result.files) is not templates
    # and the comparison is not vacuous
    assert len(ports_of(after)) > 200 and len(cables_of(after)) > 70


@MODES
def test_two_sites_that_share_device_names_round_trip(templates, tmp_path):
    """office and branch share device names (PP-1A-A, SW-1A-1, ...): the cables tell their sites apart, and
    with --templates so do the ports; by default those devices' ports cannot be port rows (netbox#20051)."""
    before = load([OFFICE, BRANCH])
    after, result, problems = round_trip(before, tmp_path, templates)
    shared = {(d.site.id, d.id) for devs in before.devices_by_name.values() if len(devs) > 1 for d in devs}
    assert len(shared) > 50
    if templates:
        assert problems == []
        assert_same_graph(before, after)
        assert sum(1 for _ in after.cables()) == 77 + 434  # branch: 379 data, power and fibre cables, 55 telephony
    else:
        assert_same_graph(before, after, skip=shared)
        # what could not be read back is exactly the cables on those devices, all in cables.yaml
        assert problems and all(p.startswith("cables.yaml") for p in problems)
        assert len(problems) == sum(1 for c in before.cables() if _touches(c.a + c.b, shared))


def test_office_faulty_cable_comes_back_faulty(tmp_path):
    before = load([OFFICE])
    after, result, _ = round_trip(before, tmp_path)
    (row,) = [r for r in read_csv(tmp_path / "netbox" / "cables.csv") if r["label"] == "1A-A14"]
    assert (row["status"], row["description"]) == ("connected", "cabling status: faulty")
    assert any("cable H-1A-A14" in n and "faulty" in n for n in result.notes)
    (cable,) = [c for c in after.cables() if c.label == "1A-A14"]
    assert cable.status == "faulty" and cable.description is None


def test_netbox_demo_round_trips_whole_with_templates(demo, tmp_path):
    after, result, problems = round_trip(demo, tmp_path, templates=True)
    assert problems == []
    assert_same_graph(demo, after)
    # nothing left out: every port, cable and circuit of NetBox's demo, every trace the same
    assert len(list(after.ports())) == len(list(demo.ports())) == 3348
    assert sum(1 for _ in after.cables()) == sum(1 for _ in demo.cables()) == 108
    assert len(after.circuits) == len(demo.circuits) == 29
    assert len(traces_of(after)) == 3348
    # PP:MDF, at three sites, gets its ports from its device type; its cables name their site
    panels = after.devices_by_name["PP:MDF"]
    assert len(panels) == 3 and all(len(p.ports) == 49 for p in panels)
    assert not any(rel.endswith(f"{f}.csv") for rel in result.files for f in PORT_FILES)


def test_netbox_demo_round_trips_with_port_rows_except_devices_whose_name_several_sites_share(demo, tmp_path):
    after, result, problems = round_trip(demo, tmp_path)
    shared = {(d.site.id, d.id) for devs in demo.devices_by_name.values() if len(devs) > 1 for d in devs}
    assert {name for _, name in shared} == {"PP:MDF"}  # at three NCSU sites
    # each of them is named in a note, and nothing else is missing
    for site, name in shared:
        assert any(n.startswith(f"device {site}/{name}:") and "netbox#20051" in n for n in result.notes)
    assert_same_graph(demo, after, skip=shared)
    # what cabling's bulk reader could not use is exactly the cables on those devices, all in cables.yaml
    assert problems and all(p.startswith("cables.yaml") and "PP:MDF" in p for p in problems)
    assert len(problems) == sum(1 for c in demo.cables() if _touches(c.a + c.b, shared))
    assert len(list(after.ports())) == 3348 - 3 * 49
    assert len(after.circuits) == len(demo.circuits) == 29


TALL = """\
site: {id: tall-site, name: Tall site}
models: [panel.yaml]
rooms: [{id: DC, name: Data centre}]
racks: [{id: RK48, room: DC, u_height: 48}]
devices:
  - {id: PDU-TOP, model: cabling-pdu-8, rack: RK48, u: 48}
  - {id: SW-TOP, model: cabling-switch-48-poe, rack: RK48, u: 46}
  - {id: PP-TOP, model: lab-pp-2, rack: RK48, u: 46, face: rear}
  - {id: PH-1, model: cabling-ip-phone, room: DC}
cables:
  - {id: P1, a: 'SW-TOP:Gi1/0/1', b: 'PP-TOP:1', type: cat6, length: 0.5}
  - {id: H1, a: 'PP-TOP:R1', b: 'PH-1:LAN', type: cat6, length: 30}
"""
HALF_DEPTH_PANEL = """\
manufacturer: Lab Gear
model: PP-2 half depth
slug: lab-pp-2
u_height: 2
is_full_depth: false
front-ports:
  - {name: '1', type: 8p8c, rear_port: R1}
  - {name: '2', type: 8p8c, rear_port: R2}
rear-ports:
  - {name: R1, type: 8p8c}
  - {name: R2, type: 8p8c}
"""


@MODES
def test_devices_high_in_a_48u_rack_round_trip(templates, tmp_path):
    """U46 and U48 of a 48U rack, and a half-depth panel behind a half-depth switch, load after the round
    trip: the rack keeps its height and the panel's own model stays half depth."""
    (tmp_path / "panel.yaml").write_text(HALF_DEPTH_PANEL)
    (tmp_path / "tall.yaml").write_text(TALL)
    before = load([tmp_path / "tall.yaml"])
    after, result, problems = round_trip(before, tmp_path, templates)
    assert problems == []
    assert_same_graph(before, after)
    site = after.sites["tall-site"]
    assert site.racks["RK48"].u_height == 48
    assert (site.devices["SW-TOP"].u, site.devices["PDU-TOP"].u, site.devices["PP-TOP"].u) == (46, 48, 46)
    assert site.devices["PP-TOP"].model.is_full_depth is False


@MODES
def test_lab_site_round_trips_and_notes_each_thing_netbox_cannot_hold(templates, tmp_path):
    write_lab(tmp_path)
    before = load([tmp_path / "lab.yaml"])
    after, result, problems = round_trip(before, tmp_path, templates)
    assert problems == [], problems
    assert_same_graph(before, after)
    if templates:
        return  # the files are checked below for the default mode
    notes = "\n".join(result.notes)
    for expected_note in (
        "site lab: NetBox has no floor plans or telecom spaces; not exported: 1 floor(s): 1; 1 telecom space(s): 1A",
        "site lab: fibre polarity method A",
        "device SW-1: PoE budget 100 W",
        "device PH-1: PoE class 3",
        "model cabling-switch-24-poe: cabling's own field(s) poe_budget_w",
        "model cabling-ip-phone: cabling's own field(s) poe_class",
        "cable T1: NetBox has no cable type 'multipair'",
        "cable T1: pair count 25",
        "cable T1: colour 'blue' is not a 6-digit hex RGB",
        "circuit CID-1: no provider or type, which NetBox requires; written as 'Unknown'",
        "circuit CID-1 side A ends at region 'North'",
        "circuit CID-1 side Z ends at location 'R1'",
        "cable W1: written to cables.yaml, not cables.csv: a device or port name holds a comma",
        "cable X1: written to cables.yaml, not cables.csv: it ends on circuit termination CID-1/Z",
    ):
        assert expected_note in notes
    rows = {r["label"] or r["side_a_name"]: r for r in read_csv(tmp_path / "netbox" / "cables.csv")}
    # a cable end with several ports: comma-separated names, one device (NetBox 4.7)
    assert (rows["Te1/1/1,Te1/1/2"]["side_a_device"], rows["Te1/1/1,Te1/1/2"]["side_b_name"]) == ("SW-1", "1,2")
    assert rows["Te1/1/1,Te1/1/2"]["type"] == "mmf-om4"
    # 12.345 m needs three decimals in metres; NetBox keeps two, so it is written in centimetres
    (trunk,) = [r for r in rows.values() if r["side_a_device"] == "PP-1"]
    assert (trunk["length"], trunk["length_unit"], trunk["type"], trunk["color"]) == ("1234.5", "cm", "", "")
    # cables.yaml: a cable on a circuit termination, as cabling's reader takes it; names with commas as lists
    extra = yaml.safe_load((tmp_path / "netbox" / "cables.yaml").read_text())
    (x1,) = [e for e in extra if e.get("side_a_circuit") == "CID-1"]
    assert (x1["side_a_type"], x1["side_a_name"], x1["side_b_device"], x1["side_b_name"], x1["type"]) == \
        ("circuits.circuittermination", "Z", "FP-2", "1", "smf-os2")
    (w1,) = [e for e in extra if e.get("side_b_device") == ["PC,1"]]
    assert (w1["side_b_name"], w1["status"]) == ("NIC", "decommissioning")
    # a model of the site's own: its device type is copied from its file
    (console_server,) = [t for rel, t in result.files.items() if rel.startswith("device-types/lab-gear/")]
    assert "model: CS-8" in console_server
    rows = read_csv(tmp_path / "netbox" / "console-server-ports.csv")
    assert [(r["device"], r["name"], r["type"]) for r in rows] == [("CS-1", "Port 1", "rj-45"),
                                                                   ("CS-1", "Port 2", "rj-45")]


# ------------------------------------------------------------------ 2. NetBox's headers
def test_csv_headers_are_the_columns_of_netboxs_import_forms(demo, tmp_path):
    write_lab(tmp_path)
    seen = set()
    for inv in (demo, load([OFFICE]), load([tmp_path / "lab.yaml"])):
        for rel, text in export(inv).files.items():
            if not rel.endswith(".csv"):
                continue
            name = rel[:-4]
            header = next(csv.reader(io.StringIO(text)))
            assert ",".join(header) == EXPECTED_HEADERS[name], rel
            assert set(header) <= set(NETBOX_FIELDS[name]), f"{rel}: {set(header) - set(NETBOX_FIELDS[name])}"
            assert REQUIRED[name] <= set(header), rel
            rows = list(csv.reader(io.StringIO(text)))[1:]
            assert rows and all(len(r) == len(header) for r in rows), rel  # NetBox checks each row's width
            for r in rows:  # and every row fills them
                for column in REQUIRED[name]:
                    assert r[header.index(column)] != "", f"{rel}: empty {column} in {r}"
            seen.add(name)
    assert seen == set(EXPECTED_HEADERS)  # every list was checked on real data


def test_cable_rows_use_netboxs_choices(demo):
    for inv in (demo, load([BRANCH]), load([OFFICE])):
        rows = list(csv.DictReader(io.StringIO(export(inv).files["cables.csv"])))
        assert {r["status"] for r in rows} <= LINK_STATUSES
        assert {r["type"] for r in rows if r["type"]} <= NETBOX_CABLE_TYPES
        assert {r["length_unit"] for r in rows if r["length"]} <= {"m", "cm"}
        assert {r["side_a_type"] for r in rows} | {r["side_b_type"] for r in rows} <= {
            "dcim.interface", "dcim.frontport", "dcim.rearport", "dcim.consoleport", "dcim.consoleserverport",
            "dcim.powerport", "dcim.poweroutlet"}


def test_om4_and_dac_map_to_netbox_cable_types(tmp_path):
    branch = export(load([BRANCH])).files["cables.csv"]
    office = export(load([OFFICE]))
    assert {r["type"] for r in csv.DictReader(io.StringIO(branch)) if r["label"] == "1A/2A-1"} == {"mmf-om4"}
    (dac,) = [r for r in csv.DictReader(io.StringIO(office.files["cables.csv"])) if r["side_b_name"] == "Te0/1/0"]
    assert dac["type"] == "dac-passive"
    assert any("cable DAC-1A-1: type dac written as NetBox's dac-passive" in n for n in office.notes)


# ------------------------------------------------------------------ 3. planned cables
def test_planned_cables_are_exported_planned(tmp_path):
    for site, labels in ((OFFICE, {"1A-A24"}), (BRANCH, {"3A-A36"})):
        inv = load([site])
        planned = {c.label for c in inv.cables() if c.status == "planned"}
        assert planned == labels
        rows = list(csv.DictReader(io.StringIO(export(inv).files["cables.csv"])))
        assert {r["label"] for r in rows if r["status"] == "planned"} == labels
        assert {r["status"] for r in rows} == {"planned", "connected"}


# ------------------------------------------------------------------ same names at several sites
def test_devices_of_one_name_at_two_sites_stay_apart(tmp_path):
    """office and branch share names (PP-1A-A, SW-1A-1, 1A-001, ...): each cable row names its sites."""
    inv = load([OFFICE, BRANCH])
    site_name = {s.id: s.name for s in inv.sites.values()}
    shared = {n for n, devs in inv.devices_by_name.items() if len(devs) > 1}
    assert {"PP-1A-A", "SW-1A-1", "1A-001"} <= shared

    def row_key(site, device, kind, names):
        return (site, device, kind, names)

    kinds = {"interface": "dcim.interface", "front": "dcim.frontport", "rear": "dcim.rearport",
             "power": "dcim.powerport", "power-outlet": "dcim.poweroutlet", "console": "dcim.consoleport"}
    want = sorted(sorted([row_key(site_name[c.a[0].device.site.id], c.a[0].device.id, kinds[c.a[0].kind],
                                  ",".join(p.name for p in c.a)),
                          row_key(site_name[c.b[0].device.site.id], c.b[0].device.id, kinds[c.b[0].kind],
                                  ",".join(p.name for p in c.b))]) for c in inv.cables()
                  if hasattr(c.a[0], "device") and hasattr(c.b[0], "device"))
    # with the device types' templates, every cable between device ports is a cables.csv row (the branch's
    # two carrier drops end on circuit terminations, which go to cables.yaml)
    result = export(inv, templates=True)
    rows = list(csv.DictReader(io.StringIO(result.files["cables.csv"])))
    got = sorted(sorted([row_key(r["side_a_site"], r["side_a_device"], r["side_a_type"], r["side_a_name"]),
                         row_key(r["side_b_site"], r["side_b_device"], r["side_b_type"], r["side_b_name"])])
                 for r in rows)
    assert got == want and len(rows) == 77 + 432
    assert not any(rel.endswith(tuple(f"{f}.csv" for f in PORT_FILES)) for rel in result.files)
    # by default, the port files cannot name those devices (NetBox's port import has no site column):
    # each is left out of them, with a note, and its cables go to cables.yaml
    result = export(inv)
    port_rows = [r for f in PORT_FILES if f"{f}.csv" in result.files
                 for r in csv.DictReader(io.StringIO(result.files[f"{f}.csv"]))]
    assert port_rows and not {r["device"] for r in port_rows} & shared
    for d in inv.devices():
        if d.id in shared:
            assert any(n.startswith(f"device {d.site.id}/{d.id}:") for n in result.notes)


def test_templates_copy_the_model_with_its_port_mappings(tmp_path):
    inv = load([BRANCH])
    result = export(inv, templates=True)
    for model in {d.model.slug: d.model for d in inv.devices()}.values():
        (text,) = [t for rel, t in result.files.items() if rel.endswith(f"/{model.slug}.yaml")]
        doc = yaml.safe_load(text)
        assert "role" not in doc and "poe_budget_w" not in doc
        assert all("poe_class" not in i and "rear_port" not in i for k in ("interfaces", "front-ports")
                   for i in doc.get(k, []))
        copy = parse_device_type(doc, "export")
        assert [(p.name, p.kind, p.type, p.positions, p.poe_mode, p.poe_type) for p in copy.ports] == \
            [(p.name, p.kind, p.type, p.positions, p.poe_mode, p.poe_type) for p in model.ports]
        assert sorted(copy.mappings) == sorted(model.mappings)
        assert (copy.manufacturer, copy.model, copy.slug, copy.u_height) == \
            (model.manufacturer, model.model, model.slug, model.u_height)
    # without --templates, the device types are bare: the ports are the port files' rows
    bare = export(inv)
    doc = yaml.safe_load(bare.files["device-types/generic-cabling/cabling-switch-48-poe.yaml"])
    assert not set(doc) & {"interfaces", "power-ports", "console-ports", "port-mappings"}
    assert doc["model"] == "48-port PoE+ access switch"


# ------------------------------------------------------------------ 4. the command
def run(*args):
    return subprocess.run([sys.executable, "-m", "cabling.cli", *map(str, args)], capture_output=True, text=True)


def test_export_command_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "nb"
    r = run("export", "netbox", OFFICE, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "note: cable H-1A-A14" in r.stderr and "wrote" in r.stderr
    devices = out / "devices.csv"
    devices.write_text(devices.read_text() + "# mine\n")
    r = run("export", "netbox", OFFICE, "-o", out)
    assert r.returncode == 2 and "--force" in r.stderr
    assert devices.read_text().endswith("# mine\n")
    r = run("export", "netbox", OFFICE, "-o", out, "--force")
    assert r.returncode == 0, r.stderr
    assert not devices.read_text().endswith("# mine\n")
    # written through temporary files and renames: none is left behind
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_files_left_from_an_earlier_export_are_pointed_out(tmp_path):
    out = tmp_path / "nb"
    assert run("export", "netbox", OFFICE, "-o", out).returncode == 0
    r = run("export", "netbox", OFFICE, "-o", out, "--templates", "--force")
    assert r.returncode == 0, r.stderr
    # --templates writes no port files: the earlier ones would clash with the device types' templates in NetBox
    assert f"warning: {out / 'interfaces.csv'} is left from an earlier export" in r.stderr
    assert "devices.csv is left" not in r.stderr


def test_export_writes_nothing_when_one_file_exists(tmp_path):
    out = tmp_path / "nb"
    (out / "prerequisites").mkdir(parents=True)
    (out / "prerequisites" / "sites.csv").write_text("mine\n")
    assert main(["export", "netbox", str(OFFICE), "-o", str(out)]) == 2
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["prerequisites", "prerequisites/sites.csv"]
    assert (out / "prerequisites" / "sites.csv").read_text() == "mine\n"


def test_a_failed_write_leaves_every_file_whole(tmp_path, monkeypatch, capsys):
    import cabling.fileio as fileio

    out = tmp_path / "nb"
    assert main(["export", "netbox", str(OFFICE), "-o", str(out)]) == 0
    old = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}
    new = export(load([BRANCH])).files
    real, calls = os.replace, []

    def disk_full_on_the_third_file(src, dst):
        if not Path(dst).is_relative_to(out):  # the load cache, written when the site is new to it
            return real(src, dst)
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(fileio.os, "replace", disk_full_on_the_third_file)
    assert main(["export", "netbox", str(BRANCH), "-o", str(out), "--force"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    files = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}
    assert not [rel for rel in files if rel.endswith(".tmp")]  # the temporary file is gone
    for rel, text in files.items():  # each file is the old one or the whole new one, never a part
        assert text == old.get(rel) or text == new.get(rel), rel
    written = [Path(dst).relative_to(out).as_posix() for dst in calls[:2]]
    assert all(files[rel] == new[rel] for rel in written)  # the two files renamed before the failure


def test_export_of_a_broken_site_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: {id: x}\ndevices:\n  - {id: D, model: no-such-model}\n")
    r = run("export", "netbox", bad, "-o", tmp_path / "nb")
    assert r.returncode == 2 and "no-such-model" in r.stderr
    assert not (tmp_path / "nb").exists()

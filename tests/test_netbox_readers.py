"""The NetBox readers: a real NetBox 4.2 database dump, synthetic dumps, and bulk-import folders."""
from __future__ import annotations

import gzip
import time
from collections import Counter
from pathlib import Path

import pytest

from cabling.netbox import read_bulk_folder, read_dump, read_netbox
from cabling.netbox.convert import convert
from cabling.netbox.dataset import NETBOX_MODELS, Port, PortMapping, to_meters
from cabling.netbox.sqldump import unescape_field
from cabling.readers.loader import load

DUMP = Path(__file__).resolve().parent / "data" / "netbox-demo" / "netbox-demo-v4.2.sql.gz"
BULK = Path(__file__).resolve().parent / "data" / "netbox_csv"


@pytest.fixture(scope="module")
def demo_timed():
    start = time.perf_counter()
    ds = read_dump(DUMP)
    return ds, time.perf_counter() - start


# -- the real dump -------------------------------------------------------------------------


def test_the_dump_reads_every_device(demo_timed):
    ds, _ = demo_timed  # how long it takes is benchmarks/bench_netbox.py's business, not a test's
    assert len(ds.devices) == 72


def test_the_dump_has_the_counts_of_its_provenance(demo_timed):
    ds, _ = demo_timed
    assert len(ds.sites) == 24
    assert len(ds.racks) == 42
    assert len(ds.devices) == 72
    kinds = Counter(kind for kind, _ in ds.ports)
    assert kinds["interface"] == 1586
    assert kinds["front"] == 912
    assert kinds["rear"] == 630
    assert len(ds.circuits) == 29
    assert len(ds.circuit_terminations) == 45
    assert len(ds.cables) == 108
    assert sum(len(c.a_terminations) + len(c.b_terminations) for c in ds.cables.values()) == 216
    assert len(ds.cable_paths) == 154


def test_the_dump_reads_without_problems_but_what_cabling_does_not_model(demo_timed):
    ds, _ = demo_timed
    assert ds.problems == [
        "32 port template(s) of module types were not read (modules are not modelled)",
        "not carried over (cabling does not model them): 4 power panels (dcim_powerpanel), 48 power feeds "
        "(dcim_powerfeed), 4 modules (dcim_module), 28 module bays (dcim_modulebay), 14 device bays "
        "(dcim_devicebay), 4 virtual chassis (dcim_virtualchassis), 2 rack reservations (dcim_rackreservation)",
    ]
    assert ds.check_references() == []


def test_content_types_resolve_to_the_kinds(demo_timed):
    ds, _ = demo_timed
    ids = {model: ct for ct, model in ds.content_types.items()}
    assert ids["dcim", "interface"] == 39
    assert ids["dcim", "frontport"] == 37
    assert ids["dcim", "rearport"] == 54
    assert ids["dcim", "cable"] == 26
    assert ids["circuits", "circuittermination"] == 21
    assert ids["circuits", "providernetwork"] == 24
    assert all(model in ids for model in NETBOX_MODELS.values())


def test_a_patch_panel_name_is_used_at_several_sites(demo_timed):
    ds, _ = demo_timed
    panels = ds.devices_named("PP:MDF")
    sites = {ds.sites[d.site_id].name for d in panels}
    assert sites == {"Butler Communications", "D. S. Weaver Labs", "Grinnells Lab"} and len(panels) == 3
    for panel in panels:
        ports = ds.ports_of(panel.id)
        assert ports and all(p.device_id == panel.id for p in ports)
        assert {p.kind for p in ports} <= {"front", "rear"}


def test_devices_carry_their_type_role_and_rack(demo_timed):
    ds, _ = demo_timed
    for d in ds.devices.values():
        assert d.site_id in ds.sites
        assert d.device_type_id in ds.device_types
        assert d.role  # every demo device has a role
        if d.rack_id is not None:
            assert ds.racks[d.rack_id].site_id == d.site_id
    assert sum(len(d.ports) for d in ds.devices.values()) == len(ds.ports)


def test_front_port_mappings_reference_existing_rear_ports(demo_timed):
    ds, _ = demo_timed
    assert len(ds.port_mappings) == 912  # NetBox 4.2: one per front port
    for m in ds.port_mappings:
        front = ds.ports["front", m.front_port_id]
        rear = ds.ports["rear", m.rear_port_id]
        assert front.device_id == rear.device_id
        assert m.front_position == 1
        assert 1 <= m.rear_position <= rear.positions
    assert len({(m.rear_port_id, m.rear_position) for m in ds.port_mappings}) == 912


def test_device_type_templates_and_their_mappings(demo_timed):
    ds, _ = demo_timed
    mapped = [dt for dt in ds.device_types.values() if dt.mappings]
    assert mapped
    for dt in mapped:
        fronts = {t.name for t in dt.templates if t.kind == "front"}
        rears = {t.name: t.positions for t in dt.templates if t.kind == "rear"}
        for front, fpos, rear, rpos in dt.mappings:
            assert front in fronts and rear in rears and fpos == 1 and 1 <= rpos <= rears[rear]


def test_circuit_terminations_resolve_to_sites_or_the_provider_network(demo_timed):
    ds, _ = demo_timed
    kinds = Counter(t.termination_kind for t in ds.circuit_terminations.values())
    assert kinds == {"site": 32, "provider-network": 13}
    for t in ds.circuit_terminations.values():
        assert t.term_side in ("A", "Z")
        if t.termination_kind == "site":
            assert t.site_id in ds.sites and t.provider_network_id is None
        else:
            assert ds.provider_networks[t.provider_network_id].name == "Level3 MPLS"
            assert t.site_id is None


def test_a_twelve_step_cable_path_resolves_to_existing_objects(demo_timed):
    ds, _ = demo_timed
    path = ds.cable_paths[79]
    assert path.is_complete and path.is_active and not path.is_split
    assert [[kind for kind, _ in step] for step in path.path] == [
        ["interface"], ["cable"], ["front"], ["rear"], ["cable"], ["circuit-termination"],
        ["circuit-termination"], ["cable"], ["rear"], ["front"], ["cable"], ["interface"],
    ]
    steps = [ds.get(step[0]) for step in path.path]
    assert all(obj is not None for obj in steps)
    origin, cable1, front1, rear1, cable2, ct1, ct2, cable3, rear2, front2, cable4, far = steps
    # each cable joins the objects on either side of it
    for before, cable, after in ((origin, cable1, front1), (rear1, cable2, ct1), (ct2, cable3, rear2),
                                 (front2, cable4, far)):
        ends = cable.a_terminations + cable.b_terminations
        assert len(ends) == 2
        assert {ref for ref in ends} == {_ref(before), _ref(after)}
    # through the panels by the front-to-rear mappings, position for position
    m1 = next(m for m in ds.port_mappings if m.front_port_id == front1.id)
    m2 = next(m for m in ds.port_mappings if m.front_port_id == front2.id)
    assert (m1.rear_port_id, m2.rear_port_id) == (rear1.id, rear2.id)
    assert m1.rear_position == m2.rear_position
    assert rear1.positions == rear2.positions == 48
    # across a circuit, from one end to the other
    assert ct1.circuit_id == ct2.circuit_id and {ct1.term_side, ct2.term_side} == {"A", "Z"}
    assert ds.devices[origin.device_id].site_id != ds.devices[far.device_id].site_id


def _ref(obj):
    return obj.ref if isinstance(obj, Port) else ("circuit-termination", obj.id)


def test_every_cable_path_step_resolves(demo_timed):
    ds, _ = demo_timed
    kinds = Counter(kind for p in ds.cable_paths.values() for step in p.path for kind, _ in step)
    assert set(kinds) == {"interface", "cable", "front", "rear", "circuit-termination", "provider-network",
                          "power", "power-outlet"}
    for p in ds.cable_paths.values():
        for step in p.path:
            assert step and all(ds.get(ref) is not None for ref in step)
    incomplete = [p for p in ds.cable_paths.values() if not p.is_complete]
    assert len(incomplete) == 13
    assert all(p.destination[0][0] == "circuit-termination" for p in incomplete)


def test_read_netbox_picks_the_reader_by_path():
    assert len(read_netbox(BULK).devices) == 4
    assert len(read_netbox(DUMP).devices) == 72


# -- synthetic dumps ----------------------------------------------------------------------


def _copy(table: str, columns: list[str], rows: list[list[str]]) -> str:
    head = f"COPY public.{table} ({', '.join(columns)}) FROM stdin;\n"
    return head + "".join("\t".join(row) + "\n" for row in rows) + "\\.\n\n"


SYNTHETIC = "".join([
    "--\n-- PostgreSQL database dump\n--\n\nSET client_encoding = 'UTF8';\n\n",
    "CREATE TABLE public.dcim_site (id bigint NOT NULL, name character varying(100));\n\n",
    _copy("circuits_provider", ["id", "name", "slug"], [["1", "AT\\\\T", "att"]]),
    _copy("dcim_cable", ["id", "type", "status", "label", "color", "length", "length_unit"], [
        ["1", "smf", "connected", "Trunk\\t1", "ffeb3b", "10.00", "ft"],
        ["2", "", "planned", "", "", "\\N", "\\N"],
    ]),
    _copy("dcim_cablepath", ["id", "path", "is_complete", "is_active", "is_split"], [
        ["1", '[["2:1"], ["5:1"], ["3:1"], ["4:1"]]', "f", "t", "f"],
        ["2", '[["2:1"], ["5:2"], ["6:3"]]', "t", "f", "f"],
    ]),
    _copy("dcim_cabletermination", ["id", "cable_end", "termination_id", "cable_id", "termination_type_id"], [
        ["1", "A", "1", "1", "2"],
        ["2", "B", "1", "1", "3"],
        ["3", "A", "2", "2", "2"],
        ["4", "B", "3", "2", "6"],
        ["5", "B", "4", "2", "99"],
    ]),
    # columns in another order than NetBox writes them, and one NetBox never had
    _copy("dcim_device", ["name", "id", "device_type_id", "site_id", "rack_id", '"position"', "role_id", "serial",
                          "asset_tag", "future_column"], [
        ["PP:1", "7", "1", "1", "\\N", "\\N", "1", "SN\\\\42", "\\N", "x"],
        ["\\N", "8", "1", "1", "\\N", "\\N", "1", "", "", "y"],
    ]),
    _copy("dcim_devicerole", ["id", "name", "slug"], [["1", "Patch Panel", "patch-panel"]]),
    _copy("dcim_devicetype", ["id", "manufacturer_id", "model", "slug", "u_height", "part_number"],
          [["1", "1", "LC-24", "lc-24", "1.0", ""]]),
    # NetBox 4.5: front ports have positions and no rear_port_id; mappings in dcim_portmapping
    # (eth0 is an SFP cage: a cable joins it to the LC front port of its own panel, one medium)
    _copy("dcim_frontport", ["id", "device_id", "name", "label", "type", "positions", "cable_id"],
          [["1", "7", "Port 1", "", "lc", "2", "1"]]),
    _copy("dcim_frontporttemplate", ["id", "device_type_id", "module_type_id", "name", "type", "positions"],
          [["1", "1", "\\N", "Port 1", "lc", "2"], ["2", "\\N", "5", "Module port", "lc", "1"]]),
    _copy("dcim_interfacetemplate", ["id", "device_type_id", "name", "type", "mgmt_only", "poe_mode", "poe_type"],
          [["1", "1", "eth0", "1000base-x-sfp", "f", "pd", "type1-ieee802.3af"]]),
    _copy("dcim_interface", ["id", "device_id", "name", "type", "mgmt_only", "poe_mode", "poe_type", "cable_id"],
          [["1", "7", "eth\\\\0", "1000base-x-sfp", "t", "pse", "type2-ieee802.3at", "1"]]),
    _copy("dcim_manufacturer", ["id", "name", "slug"], [["1", "Caf\\303\\251 Optics", "cafe-optics"]]),
    _copy("dcim_portmapping", ["id", "device_id", "front_port_id", "front_port_position", "rear_port_id",
                               "rear_port_position"], [
        ["1", "7", "1", "1", "1", "3"],
        ["2", "7", "1", "2", "1", "4"],
    ]),
    _copy("dcim_porttemplatemapping", ["id", "device_type_id", "module_type_id", "front_port_id",
                                       "front_port_position", "rear_port_id", "rear_port_position"], [
        ["1", "1", "\\N", "1", "1", "1", "3"],
        ["2", "1", "\\N", "1", "2", "1", "4"],
    ]),
    _copy("dcim_rearporttemplate", ["id", "device_type_id", "name", "type", "positions"],
          [["1", "1", "Rear", "mpo", "12"]]),
    _copy("dcim_rearport", ["id", "device_id", "name", "type", "positions"], [["1", "7", "Rear", "mpo", "12"]]),
    _copy("dcim_site", ["id", "name", "slug", "status", "physical_address", "description"], [
        ["1", "Caf\\303\\251 \\\\ HQ", "cafe-hq", "active", "1 Main St\\r\\nSpringfield", "tab\\there \\x41\\102C"],
        ["2", "Literal", "literal", "active", "\\N", "\\\\N"],
    ]),
    _copy("django_content_type", ["id", "app_label", "model"], [
        ["1", "dcim", "site"], ["2", "dcim", "interface"], ["3", "dcim", "frontport"], ["4", "dcim", "rearport"],
        ["5", "dcim", "cable"], ["6", "dcim", "powerfeed"],
    ]),
])


@pytest.mark.parametrize("raw, text", [
    (b"\\N", None),
    (b"", ""),
    (b"plain", "plain"),
    (b"\\\\N", "\\N"),
    (b"a\\\\b", "a\\b"),
    (b"a\\tb\\nc\\rd", "a\tb\nc\rd"),
    (b"\\b\\f\\v", "\b\f\v"),
    (b"\\101\\x42\\x4a", "ABJ"),
    (b"Caf\\303\\251", "Café"),
    (b"\\xc3\\xa9t\\xC3\\xA9", "été"),
    (b"\\7", "\x07"),
    (b"\\q", "q"),  # any other escaped character stands for itself
    ("naïve".encode(), "naïve"),
])
def test_copy_fields_unescape(raw, text):
    assert unescape_field(raw) == text


def test_a_synthetic_dump_unescapes_and_reads_columns_by_name(tmp_path):
    path = tmp_path / "netbox.sql"
    path.write_text(SYNTHETIC, encoding="utf-8")
    ds = read_dump(path)
    site = ds.sites[1]
    assert site.name == "Café \\ HQ"
    assert site.physical_address == "1 Main St\r\nSpringfield"
    assert site.description == "tab\there ABC"
    assert ds.sites[2].physical_address is None
    assert ds.sites[2].description == "\\N"
    assert ds.providers[1].name == "AT\\T"
    assert ds.device_types[1].manufacturer == "Café Optics"
    assert ds.device_types[1].u_height == 1.0 and ds.device_types[1].part_number is None
    panel = ds.devices[7]
    assert (panel.name, panel.site_id, panel.rack_id, panel.position) == ("PP:1", 1, None, None)
    assert (panel.role, panel.role_slug, panel.serial, panel.asset_tag) == ("Patch Panel", "patch-panel",
                                                                           "SN\\42", None)
    assert ds.devices[8].name is None
    assert panel.ports == [("interface", 1), ("front", 1), ("rear", 1)]
    eth = ds.ports["interface", 1]
    assert (eth.name, eth.mgmt_only, eth.poe_mode, eth.poe_type, eth.cable_id) == (
        "eth\\0", True, "pse", "type2-ieee802.3at", 1)
    assert ds.ports["front", 1].positions == 2
    assert ds.ports["rear", 1].positions == 12
    assert ds.port_mappings == [PortMapping(1, 1, 1, 3), PortMapping(1, 2, 1, 4)]
    dt = ds.device_types[1]
    assert [(t.kind, t.name, t.positions) for t in dt.templates] == [
        ("interface", "eth0", 1), ("front", "Port 1", 2), ("rear", "Rear", 12)]
    assert (dt.templates[0].poe_mode, dt.templates[0].poe_type, dt.templates[0].mgmt_only) == (
        "pd", "type1-ieee802.3af", False)
    assert dt.mappings == [("Port 1", 1, "Rear", 3), ("Port 1", 2, "Rear", 4)]
    assert "1 port template(s) of module types were not read (modules are not modelled)" in ds.problems


def test_a_synthetic_dump_converts_lengths_and_reports_unknown_types(tmp_path):
    path = tmp_path / "netbox.sql.gz"
    path.write_bytes(gzip.compress(SYNTHETIC.encode("utf-8")))
    ds = read_dump(path)
    trunk = ds.cables[1]
    assert (trunk.label, trunk.type, trunk.status, trunk.color) == ("Trunk\t1", "smf", "connected", "ffeb3b")
    assert (trunk.length, trunk.length_unit, trunk.source_length) == (3.048, "ft", 10.0)
    assert trunk.a_terminations == [("interface", 1)] and trunk.b_terminations == [("front", 1)]
    other = ds.cables[2]
    assert other.type is None and other.length is None
    assert other.a_terminations == [("interface", 2)] and other.b_terminations == []
    assert ds.cable_paths[1].path == [[("interface", 1)], [("cable", 1)], [("front", 1)], [("rear", 1)]]
    assert not ds.cable_paths[1].is_complete
    assert ds.cable_paths[2].path == [[("interface", 1)], [("cable", 2)], []]
    problems = "\n".join(ds.problems)
    assert "cable termination 4 (cable 2 end B): unexpected object type dcim.powerfeed (id 3)" in problems
    assert "cable termination 5 (cable 2 end B): unknown content type id 99" in problems
    assert "cable path 2 step 3: unexpected object type dcim.powerfeed (id 3)" in problems
    # a reference to an interface that is not in the dump
    assert "cable 2 refers to interface 2, which does not exist" in problems
    assert "cable path 2 refers to cable 2" not in problems


def test_a_truncated_dump_and_a_bad_row_are_problems(tmp_path):
    path = tmp_path / "cut.sql"
    path.write_text(
        "COPY public.django_content_type (id, app_label, model) FROM stdin;\n1\tdcim\tsite\n\\.\n"
        "COPY public.dcim_site (id, name, slug) FROM stdin;\n1\tA\ta\n2\tB\n3\tC\tc\n",
        encoding="utf-8")
    ds = read_dump(path)
    assert sorted(ds.sites) == [1, 3]
    assert ds.problems == [
        "line 6: dcim_site row has 2 fields, the COPY header names 3; row skipped",
        "COPY block of dcim_site is not ended by '\\.' (truncated dump?)",
    ]


def test_rows_that_cannot_be_read_are_problems_and_the_rest_is_read(tmp_path):
    path = tmp_path / "odd.sql"
    path.write_bytes(
        b"COPY public.dcim_site (id, name, slug) FROM stdin;\n"
        b"1\tA\ta\nx\tB\tb\n3\tC\\377\tc\n4\tD\td\n\\.\n"
        b"COPY public.dcim_rack (id, site_id) FROM stdin;\n1\t1\n\\.\n")
    ds = read_dump(path)
    assert {i: s.name for i, s in ds.sites.items()} == {1: "A", 3: "C\ufffd", 4: "D"}
    assert ds.racks == {}
    assert ds.problems == [
        "line 4: dcim_site row is not valid UTF-8; bad bytes replaced by U+FFFD",
        "table django_content_type is missing: cable terminations and paths cannot be read",
        "dcim_site: row id x not read: invalid literal for int() with base 10: 'x'",
        "dcim_rack: row id 1 not read: no column 'name'",
    ]


def test_a_file_without_copy_blocks_is_a_problem(tmp_path):
    path = tmp_path / "empty.sql"
    path.write_text("INSERT INTO public.dcim_site VALUES (1, 'A');\n", encoding="utf-8")
    assert any("no COPY blocks" in p for p in read_dump(path).problems)


@pytest.mark.parametrize("length, unit, metres", [
    (1, "m", 1.0), ("250", "cm", 2.5), (2, "km", 2000.0), (10, "ft", 3.048), (12, "in", 0.3048),
    (1, "mi", 1609.344), ("0.5", "ft", 0.1524),
])
def test_to_meters_follows_netbox(length, unit, metres):
    assert to_meters(length, unit) == metres


@pytest.mark.parametrize("length, unit", [(-1, "m"), ("x", "m"), (1, "yd"), (1, "")])
def test_to_meters_refuses_bad_input(length, unit):
    with pytest.raises(ValueError):
        to_meters(length, unit)


# -- bulk-import folders ------------------------------------------------------------------


@pytest.fixture(scope="module")
def bulk():
    return read_bulk_folder(BULK)


def test_the_bulk_folder_reports_exactly_its_bad_rows(bulk):
    assert bulk.problems == [
        "interfaces.csv row 7: device 'SW-404' does not exist",
        "cables.csv row 6: side A: device 'SW-HQ' has no interface port 'Gi1/0/9'",
    ]


def test_bulk_devices_and_what_they_name(bulk):
    assert sorted(d.name for d in bulk.devices.values()) == ["PP-HQ", "RTR-BR", "RTR-HQ", "SW-HQ"]
    assert sorted(s.name for s in bulk.sites.values()) == ["Branch", "HQ"]
    sw = bulk.devices_named("SW-HQ")[0]
    assert bulk.sites[sw.site_id].name == "HQ"
    assert bulk.locations[sw.location_id].name == "MDF"
    assert bulk.racks[sw.rack_id].name == "R1" and bulk.racks[sw.rack_id].location_id == sw.location_id
    assert (sw.position, sw.face, sw.serial, sw.asset_tag, sw.status) == (40.0, "front", "FOC1234X0AB",
                                                                          "A-0001", "active")
    assert (sw.role, sw.role_slug) == ("Access Switch", "access-switch")
    dt = bulk.device_types[sw.device_type_id]
    assert (dt.manufacturer, dt.model, dt.slug, dt.templates) == ("Cisco", "C9300-48P", "cisco-c9300-48p", [])
    routers = bulk.devices_named("RTR-HQ") + bulk.devices_named("RTR-BR")
    assert routers[0].device_type_id == routers[1].device_type_id  # one MX204 type
    assert routers[1].rack_id is None and routers[1].status == "planned"


def test_bulk_ports_belong_to_their_devices(bulk):
    kinds = Counter(kind for kind, _ in bulk.ports)
    assert kinds == {"interface": 8, "front": 4, "rear": 1, "power": 1}
    sw = bulk.devices_named("SW-HQ")[0]
    assert [p.name for p in bulk.ports_of(sw.id)] == ["Gi1/0/1", "Gi1/0/2", "Te1/1/1", "Te1/1/2", "mgmt0", "PSU1"]
    gi1 = bulk.port(sw.id, "interface", "Gi1/0/1")
    assert (gi1.type, gi1.label, gi1.poe_mode, gi1.poe_type, gi1.mgmt_only) == (
        "1000base-t", "Desk 1", "pse", "type2-ieee802.3at", False)
    assert bulk.port(sw.id, "interface", "mgmt0").mgmt_only is True
    assert bulk.port(sw.id, "power", "PSU1").maximum_draw == 350
    pp = bulk.devices_named("PP-HQ")[0]
    rear = bulk.port(pp.id, "rear", "R1")
    assert (rear.type, rear.positions) == ("mpo", 12)
    fronts = {m.front_port_id: m for m in bulk.port_mappings}
    for n in range(1, 5):
        front = bulk.port(pp.id, "front", f"F{n}")
        assert fronts[front.id] == PortMapping(front.id, 1, rear.id, n)


def test_bulk_cables_with_a_multi_port_end_and_circuit_ends(bulk):
    by_label = {c.label: c for c in bulk.cables.values()}
    assert sorted(by_label) == ["C-001", "C-002", "C-003", "C-004"]
    sw, pp = bulk.devices_named("SW-HQ")[0], bulk.devices_named("PP-HQ")[0]
    trunk = by_label["C-001"]
    assert [bulk.ports[r].name for r in trunk.a_terminations] == ["Te1/1/1", "Te1/1/2"]
    assert [bulk.ports[r].name for r in trunk.b_terminations] == ["F1", "F2"]
    assert all(bulk.ports[r].device_id == sw.id for r in trunk.a_terminations)
    assert all(bulk.ports[r].device_id == pp.id for r in trunk.b_terminations)
    assert (trunk.type, trunk.status, trunk.color, trunk.length, trunk.length_unit) == (
        "smf", "connected", "ffeb3b", 3.0, "m")
    assert all(bulk.ports[r].cable_id == trunk.id for r in trunk.a_terminations + trunk.b_terminations)
    assert (by_label["C-002"].length, by_label["C-002"].source_length) == (3.048, 10.0)
    assert by_label["C-004"].length == 1.5 and by_label["C-004"].status == "planned"
    assert by_label["C-003"].length is None
    # the unknown port's cable was not made, so F4 is free
    assert bulk.port(pp.id, "front", "F4").cable_id is None

    circuit = next(iter(bulk.circuits.values()))
    assert (circuit.cid, circuit.provider, circuit.type, circuit.status, circuit.commit_rate) == (
        "WAN-1001", "Level 3", "MPLS", "active", 100000)
    ends = bulk.terminations_of(circuit.id)
    assert sorted(ends) == ["A", "Z"]
    a, z = ends["A"], ends["Z"]
    assert (a.termination_kind, bulk.sites[a.site_id].name, a.port_speed, a.xconnect_id) == (
        "site", "HQ", 100000, "XC-77")
    assert (z.termination_kind, bulk.sites[z.site_id].name) == ("site", "Branch")
    assert by_label["C-003"].b_terminations == [("circuit-termination", a.id)]
    assert by_label["C-004"].b_terminations == [("circuit-termination", z.id)]
    assert (a.cable_id, z.cable_id) == (by_label["C-003"].id, by_label["C-004"].id)
    assert bulk.ports[by_label["C-003"].a_terminations[0]].name == "R1"


def test_bulk_yaml_lists_sites_and_ambiguous_names(tmp_path):
    (tmp_path / "devices.yml").write_text(
        "- {name: 'PP:MDF', site: North, manufacturer: Generic, device_type: Panel, role: Patch Panel}\n"
        "---\n"
        "name: 'PP:MDF'\nsite: South\nmanufacturer: Generic\ndevice_type: Panel\n"
        "---\n"
        "- {name: SW1, site: North, manufacturer: Cisco, device_type: C9300}\n",
        encoding="utf-8")
    (tmp_path / "interfaces.csv").write_text(
        "device;name;type;mgmt_only\nSW1;Gi1;1000base-t;yes\nSW1;Gi2;1000base-t;no\nSW1;Gi3;1000base-t;maybe\n",
        encoding="utf-8")
    (tmp_path / "rear-ports.csv").write_text("device,name,type,positions\nPP:MDF,R1,lc,1\n", encoding="utf-8")
    (tmp_path / "cables.yaml").write_text(
        "- side_a_device: SW1\n"
        "  side_a_type: dcim.interface\n"
        "  side_a_name: [Gi1, Gi2]\n"
        "  side_b_device: [SW1, SW1]\n"
        "  side_b_type: dcim.interface\n"
        "  side_b_name: Gi3\n"
        "- side_a_device: SW1\n"
        "  side_a_type: dcim.interface\n"
        "  side_a_name: Gi1\n"
        "  side_b_site: South\n"
        "  side_b_device: 'PP:MDF'\n"
        "  side_b_type: dcim.frontport\n"
        "  side_b_name: F1\n"
        "  lenght: 3\n",
        encoding="utf-8")
    (tmp_path / "vlans.csv").write_text("name,vid\nUsers,10\n", encoding="utf-8")
    ds = read_bulk_folder(tmp_path)
    assert len(ds.devices) == 3 and [d.name for d in ds.devices.values()].count("PP:MDF") == 2
    assert {ds.sites[d.site_id].name for d in ds.devices_named("PP:MDF")} == {"North", "South"}
    sw1 = ds.devices_named("SW1")[0]
    assert [p.name for p in ds.ports_of(sw1.id)] == ["Gi1", "Gi2"]
    assert ds.port(sw1.id, "interface", "Gi1").mgmt_only is True
    assert ds.cables == {}
    assert ds.problems == [
        "vlans.csv: not a known object list (cables, circuit-terminations, circuit-types, circuits, console-ports, "
        "console-server-ports, device-roles, devices, front-ports, interfaces, locations, manufacturers, "
        "power-outlets, power-ports, provider-networks, providers, racks, rear-ports, regions, site-groups, sites); "
        "not read",
        "rear-ports.csv row 2: device name 'PP:MDF' is ambiguous (sites North, South)",
        "interfaces.csv row 4: mgmt_only 'maybe' is not true or false",
        "cables.yaml: column(s) lenght are not NetBox import fields of cables; ignored",
        "cables.yaml record 1 (line 1): side_b_device lists 2 devices for 1 names; "
        "give one device for all names or one per name",
        "cables.yaml record 2 (line 7): side B: device 'PP:MDF' has no front port 'F1'",
    ]


def test_bulk_rows_that_break_netbox_rules_are_problems(tmp_path):
    (tmp_path / "devices.csv").write_text(
        "name,site,device_type,rack,position\n"
        "PP,HQ,Panel,R1,10\n"
        "PP,HQ,Panel,R1,11\n"
        "SW,HQ,Switch,,12\n"
        "SW,HQ,Switch,R1,abc\n"
        "SW,HQ,Switch,R1,12\n",
        encoding="utf-8")
    (tmp_path / "rear-ports.csv").write_text("device,name,type,positions\nPP,R1,lc,2\nPP,R2,lc,0\n",
                                             encoding="utf-8")
    (tmp_path / "front-ports.csv").write_text(
        "device,name,type,rear_port,rear_port_position\n"
        "PP,F1,lc,R1,1\nPP,F2,lc,R1,1\nPP,F3,lc,R1,3\nPP,F4,lc,R9,1\nPP,F1,lc,R1,2\nPP,F5,lc,R1,2\n",
        encoding="utf-8")
    (tmp_path / "interfaces.csv").write_text("device,name,type\nSW,eth0,1000base-t\nSW,eth1,1000base-t\n",
                                             encoding="utf-8")
    (tmp_path / "circuits.csv").write_text("cid,provider,type\nC1,ISP,Internet\nC1,ISP,Internet\nC2,,x\n",
                                           encoding="utf-8")
    (tmp_path / "circuit-terminations.csv").write_text(
        "circuit,term_side,termination_type,termination_id,provider_network\n"
        "C1,A,circuits.providernetwork,,Backbone\n"
        "C1,Z,dcim.site,12,\n"
        "C1,A,dcim.site,,\n"
        "C9,A,,,\n"
        "C1,Q,,,\n",
        encoding="utf-8")
    (tmp_path / "cables.csv").write_text(
        "side_a_device,side_a_type,side_a_name,side_b_device,side_b_type,side_b_name,side_b_circuit,length,length_unit\n"
        "SW,dcim.interface,eth0,PP,dcim.frontport,F1,,5,\n"
        "SW,dcim.interface,eth0,PP,dcim.frontport,F1,,5,m\n"
        "SW,dcim.interface,eth0,PP,dcim.frontport,F5,,1,m\n"
        "SW,dcim.interface,eth1,PP,dcim.powerfeed,F5,,,\n"
        "SW,dcim.interface,eth1,,circuits.circuittermination,Z,,,\n"
        "PP,dcim.rearport,R1,,circuits.circuittermination,Z,C1,,\n",
        encoding="utf-8")
    ds = read_bulk_folder(tmp_path)
    assert [(d.name, d.position) for d in ds.devices.values()] == [("PP", 10.0), ("SW", 12.0)]
    assert [p.name for p in ds.ports_of_kind("front")] == ["F1", "F5"]
    assert [(c.cid, c.provider) for c in ds.circuits.values()] == [("C1", "ISP")]
    (t,) = ds.circuit_terminations.values()
    assert (t.term_side, t.termination_kind, ds.provider_networks[t.provider_network_id].name) == (
        "A", "provider-network", "Backbone")
    (cable,) = ds.cables.values()
    assert (cable.length, cable.status) == (5.0, "connected")
    assert ds.problems == [
        "devices.csv row 3: device 'PP' is already defined at site 'HQ'",
        "devices.csv row 4: position is given but rack is not",
        "devices.csv row 5: position 'abc' is not a number",
        "rear-ports.csv row 3: positions 0 must be at least 1",
        "front-ports.csv row 3: position 1 of rear port 'R1' is already mapped to front port 'F1'",
        "front-ports.csv row 4: rear_port_position 3 is beyond rear port 'R1' (2 position(s))",
        "front-ports.csv row 5: device 'PP' has no rear port 'R9'",
        "front-ports.csv row 6: device 'PP' already has a front port 'F1'",
        "circuits.csv row 3: circuit 'C1' of provider 'ISP' is already defined",
        "circuits.csv row 4: provider is missing",
        "circuit-terminations.csv row 3: termination_id '12' is a NetBox database id, which bulk files "
        "cannot resolve; give the site's name in column site",
        "circuit-terminations.csv row 4: circuit 'C1' already has a termination on side A",
        "circuit-terminations.csv row 5: circuit 'C9' does not exist",
        "circuit-terminations.csv row 6: term_side 'Q' is not A or Z",
        "cables.csv row 2: length is given but length_unit is not",
        "cables.csv row 4: side A: SW eth0 is already connected (cable 1)",
        "cables.csv row 5: side_b_type 'dcim.powerfeed' is not one of dcim.interface, dcim.frontport, "
        "dcim.rearport, dcim.consoleport, dcim.consoleserverport, dcim.powerport, dcim.poweroutlet, "
        "circuits.circuittermination",
        "cables.csv row 6: side_b_circuit is missing",
        "cables.csv row 7: circuit 'C1' has no termination on side 'Z'",
    ]


def test_a_missing_bulk_folder_is_an_error(tmp_path):
    with pytest.raises(NotADirectoryError):
        read_bulk_folder(tmp_path / "nowhere")


# -- bulk-import folders with device types and prerequisite lists ---------------------------

def _files(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


# NetBox devicetype-library files, as downloaded: a switch, a panel in NetBox 4.5's form (a front port of
# two positions and port-mappings) and a splice tray in the legacy form (rear_port on each front port).
SWITCH_TYPE = """\
---
manufacturer: Cisco
model: C9300-48P
slug: cisco-c9300-48p
part_number: C9300-48P
u_height: 1
is_full_depth: true
airflow: front-to-rear
comments: '[Cisco Catalyst 9300 datasheet](https://www.cisco.com/)'
console-ports:
  - name: Console
    type: rj-45
power-ports:
  - name: PS-A
    type: iec-60320-c16
    maximum_draw: 1100
interfaces:
  - name: GigabitEthernet1/0/1
    type: 1000base-t
    poe_mode: pse
    poe_type: type2-ieee802.3at
  - name: GigabitEthernet1/0/2
    type: 1000base-t
    poe_mode: pse
    poe_type: type2-ieee802.3at
  - name: TenGigabitEthernet1/1/1
    type: 10gbase-x-sfpp
  - name: GigabitEthernet0/0
    type: 1000base-t
    mgmt_only: true
module-bays:
  - name: Network Module
"""
PANEL_TYPE = """\
manufacturer: Generic
model: LC Panel 12
slug: generic-lc-panel-12
u_height: 1
is_full_depth: false
front-ports:
  - {name: F1, type: lc, positions: 2}
  - {name: F2, type: lc}
rear-ports:
  - {name: MPO, type: mpo, positions: 12}
port-mappings:
  - {front_port: F1, front_port_position: 1, rear_port: MPO, rear_port_position: 1}
  - {front_port: F1, front_port_position: 2, rear_port: MPO, rear_port_position: 2}
  - {front_port: F2, rear_port: MPO, rear_port_position: 3}
"""
SPLICE_TYPE = """\
manufacturer: Generic
model: Splice 2
u_height: 0
front-ports:
  - {name: '1', type: sc, rear_port: Trunk, rear_port_position: 1}
  - {name: '2', type: sc, rear_port: Trunk, rear_port_position: 2}
rear-ports:
  - {name: Trunk, type: splice, positions: 2}
"""


def test_bulk_device_types_give_devices_the_ports_of_their_templates(tmp_path):
    ds = read_bulk_folder(_files(tmp_path, {
        "device-types/Cisco/C9300-48P.yaml": SWITCH_TYPE,
        "device-types/Generic/LC-Panel-12.yml": PANEL_TYPE,
        "device-types/Generic/Splice-2.yaml": SPLICE_TYPE,
        "devices.csv": "name,role,manufacturer,device_type,site,status\n"
                       "SW-1,Access Switch,Cisco,C9300-48P,HQ,active\n"
                       "PP-1,Patch Panel,Generic,LC Panel 12,HQ,active\n"
                       "SP-1,Splice,,Splice 2,HQ,active\n"
                       "SW-2,Access Switch,Cisco,C9300-24P,HQ,active\n",
        # a port added by hand on top of the templates, and one the template already made
        "interfaces.csv": "device,name,type,mgmt_only\n"
                          "SW-1,TenGigabitEthernet1/1/2,10gbase-x-sfpp,false\n"
                          "SW-1,GigabitEthernet1/0/1,1000base-t,false\n",
        "front-ports.csv": "device,name,type,rear_port,rear_port_position\n"
                           "PP-1,F3,lc,MPO,3\n"
                           "PP-1,F4,lc,MPO,4\n"
                           "SP-1,3,sc,Trunk,1\n",
        "cables.csv": "side_a_device,side_a_type,side_a_name,side_b_device,side_b_type,side_b_name\n"
                      "SW-1,dcim.interface,\"TenGigabitEthernet1/1/1,TenGigabitEthernet1/1/2\",PP-1,dcim.frontport,"
                      "\"F1,F4\"\n"
                      "SW-1,dcim.consoleport,Console,SP-1,dcim.frontport,1\n",
    }))
    assert ds.problems == [
        "devices.csv row 5: device type 'C9300-24P' of manufacturer 'Cisco' does not exist (not in device-types/)",
        "front-ports.csv row 2: position 3 of rear port 'MPO' is already mapped to front port 'F2'",
        "front-ports.csv row 4: position 1 of rear port 'Trunk' is already mapped to front port '1'",
        "interfaces.csv row 3: device 'SW-1' already has an interface port 'GigabitEthernet1/0/1' (from the "
        "templates of its device type 'C9300-48P')",
    ]
    sw = ds.devices_named("SW-1")[0]
    dt = ds.device_types[sw.device_type_id]
    assert (dt.manufacturer, dt.model, dt.slug, dt.u_height, dt.part_number) == (
        "Cisco", "C9300-48P", "cisco-c9300-48p", 1.0, "C9300-48P")
    assert [(t.kind, t.name) for t in dt.templates] == [
        ("interface", "GigabitEthernet1/0/1"), ("interface", "GigabitEthernet1/0/2"),
        ("interface", "TenGigabitEthernet1/1/1"), ("interface", "GigabitEthernet0/0"),
        ("console", "Console"), ("power", "PS-A")]
    # the device has its type's ports, in the templates' order, then the one added by hand
    assert [(p.kind, p.name) for p in ds.ports_of(sw.id)] == [
        ("interface", "GigabitEthernet1/0/1"), ("interface", "GigabitEthernet1/0/2"),
        ("interface", "TenGigabitEthernet1/1/1"), ("interface", "GigabitEthernet0/0"),
        ("interface", "TenGigabitEthernet1/1/2"), ("console", "Console"), ("power", "PS-A")]
    gi = ds.port(sw.id, "interface", "GigabitEthernet1/0/1")
    assert (gi.type, gi.poe_mode, gi.poe_type, gi.mgmt_only) == ("1000base-t", "pse", "type2-ieee802.3at", False)
    assert ds.port(sw.id, "interface", "GigabitEthernet0/0").mgmt_only is True
    assert ds.port(sw.id, "power", "PS-A").maximum_draw == 1100
    # a NetBox 4.5 panel: a front port of two positions, mapped position by position
    pp = ds.devices_named("PP-1")[0]
    panel = ds.device_types[pp.device_type_id]
    assert panel.is_full_depth is False and panel.slug == "generic-lc-panel-12"
    mpo, f1, f2, f4 = (ds.port(pp.id, k, n) for k, n in (("rear", "MPO"), ("front", "F1"), ("front", "F2"),
                                                          ("front", "F4")))
    assert (mpo.positions, f1.positions, f2.positions) == (12, 2, 1)
    assert sorted((m.front_port_id, m.front_position, m.rear_position) for m in ds.port_mappings
                  if m.rear_port_id == mpo.id) == [(f1.id, 1, 1), (f1.id, 2, 2), (f2.id, 1, 3), (f4.id, 1, 4)]
    # a legacy splice tray: its manufacturer found from the model alone, as the row gives none
    sp = ds.devices_named("SP-1")[0]
    assert ds.device_types[sp.device_type_id].slug == "generic-splice-2"
    assert [p.name for p in ds.ports_of(sp.id)] == ["1", "2", "Trunk"]
    # cables reach template ports and hand-added ones alike
    trunk, console = ds.cables.values()
    assert [ds.ports[r].name for r in trunk.a_terminations] == ["TenGigabitEthernet1/1/1", "TenGigabitEthernet1/1/2"]
    assert [ds.ports[r].name for r in trunk.b_terminations] == ["F1", "F4"]
    assert console.b_terminations == [ds.port(sp.id, "front", "1").ref]
    assert ds.devices_named("SW-2") == []


def test_devices_that_share_a_name_across_sites_get_their_ports_from_templates(tmp_path):
    """NetBox's demo has PP:MDF at three sites; the port files cannot tell them apart, the device types can."""
    ds = read_bulk_folder(_files(tmp_path, {
        "device-types/Generic/splice.yaml": SPLICE_TYPE,
        "devices.yaml": "- {name: 'PP:MDF', site: North, device_type: Splice 2, manufacturer: Generic}\n"
                        "- {name: 'PP:MDF', site: South, device_type: Splice 2, manufacturer: Generic}\n",
        "front-ports.csv": "device,name,type,rear_port,rear_port_position\nPP:MDF,3,sc,,\n",
        "cables.yaml": "- {side_a_site: North, side_a_device: 'PP:MDF', side_a_type: dcim.rearport,\n"
                       "   side_a_name: Trunk, side_b_site: South, side_b_device: 'PP:MDF',\n"
                       "   side_b_type: dcim.rearport, side_b_name: Trunk}\n",
    }))
    assert ds.problems == ["front-ports.csv row 2: device name 'PP:MDF' is ambiguous (sites North, South)"]
    north, south = ds.devices_named("PP:MDF")
    assert [p.name for p in ds.ports_of(north.id)] == [p.name for p in ds.ports_of(south.id)] == ["1", "2", "Trunk"]
    (cable,) = ds.cables.values()
    assert cable.a_terminations == [ds.port(north.id, "rear", "Trunk").ref]
    assert cable.b_terminations == [ds.port(south.id, "rear", "Trunk").ref]
    # and it converts and loads: one trunk between the two sites' trays
    out = tmp_path / "sites"
    for rel, text in convert(ds).files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    inv = load([out])
    assert {d.site.id for d in inv.devices_by_name["PP:MDF"]} == {"north", "south"}


PREREQUISITES = {
    "prerequisites/regions.csv": "name,slug,parent\nEurope,europe,\nUK,uk,Europe\n",
    "prerequisites/site-groups.csv": "name,slug\nOffices,offices\n",
    "prerequisites/sites.csv": "name,slug,status,region,group,physical_address,description\n"
                               "\"ACME Consulting, head office\",acme-office,active,UK,Offices,"
                               "\"12 Harbour Street\nPortsmouth\",Head office\n"
                               "Branch,acme-branch,planned,,,,\n"
                               "Branch,branch-2,active,,,,\n"
                               "Depot,acme-office,active,,,,\n"
                               "Annex,annex,active,Asia,,,\n",
    "prerequisites/locations.csv": "site,name,slug,parent,status,description\n"
                                   "\"ACME Consulting, head office\",Floor 1,floor-1,,active,First floor\n"
                                   "\"ACME Consulting, head office\",1-TR,1-tr,Floor 1,active,Telecom room\n"
                                   "\"ACME Consulting, head office\",2-TR,2-tr,Floor 2,active,\n"
                                   "Branch,1-TR,1-tr,,active,\n",
    "prerequisites/racks.csv": "site,location,name,status,width,u_height,facility_id\n"
                               "\"ACME Consulting, head office\",1-TR,R-1,active,19,48,CAB-0001\n"
                               "Branch,1-TR,R-1,active,19,,\n"
                               "Branch,1-TR,R-1,active,19,42,\n"
                               "Branch,9-TR,R-2,active,19,42,\n",
    "prerequisites/manufacturers.csv": "name,slug\nCisco,cisco\nGeneric,generic\n",
    "prerequisites/device-roles.csv": "name,slug,color\nAccess Switch,switch,2196f3\nPatch Panel,patch-panel,9e9e9e\n",
    "prerequisites/providers.csv": "name,slug\nLevel 3,level3\n",
    "prerequisites/provider-networks.csv": "provider,name,service_id\nLevel 3,Level3 MPLS,L3-77\nNobody,Dark,\n",
    "prerequisites/circuit-types.csv": "name,slug\nMPLS,mpls\n",
    "device-types/Cisco/C9300-48P.yaml": SWITCH_TYPE,
    "device-types/Generic/LC-Panel-12.yaml": PANEL_TYPE.replace("u_height: 1", "u_height: 2"),
}


def test_bulk_prerequisite_lists_are_read_and_references_to_them_checked(tmp_path):
    ds = read_bulk_folder(_files(tmp_path, {
        **PREREQUISITES,
        "devices.csv": "name,role,manufacturer,device_type,site,location,rack,position,face,status\n"
                       "SW-TOP,Access Switch,Cisco,C9300-48P,\"ACME Consulting, head office\",,R-1,46,front,active\n"
                       "PP-TOP,Patch Panel,Generic,LC Panel 12,\"ACME Consulting, head office\",1-TR,R-1,47,front,"
                       "active\n"
                       "PP-OVER,Patch Panel,Generic,LC Panel 12,\"ACME Consulting, head office\",1-TR,R-1,48,front,"
                       "active\n"
                       "SW-X,Access Switch,Cisco,C9300-48P,Nowhere,,,,,active\n"
                       "SW-Y,Access Switch,Cisco,C9300-48P,Branch,2-TR,,,,active\n"
                       "SW-Z,Access Switch,Cisco,C9300-48P,Branch,,R-9,,,active\n"
                       "SW-W,Core Switch,Cisco,C9300-48P,Branch,,,,,active\n"
                       "SW-B,Access Switch,Cisco,C9300-48P,Branch,,R-1,1,front,active\n",
        "circuits.csv": "cid,provider,type,status\nC-1,Level 3,MPLS,active\nC-2,Telco,MPLS,active\n"
                        "C-3,Level 3,Internet,active\n",
        "circuit-terminations.csv": "circuit,term_side,termination_type,termination_id\n"
                                    "C-1,A,circuits.providernetwork,Level3 MPLS\n"
                                    "C-1,Z,dcim.location,2-TR\n"
                                    "C-1,Z,dcim.site,\"ACME Consulting, head office\"\n",
    }))
    assert ds.problems == [
        "prerequisites/sites.csv row 5: site 'Branch' is already defined",
        "prerequisites/sites.csv row 6: slug 'acme-office' is already used by site 'ACME Consulting, head office'",
        "prerequisites/sites.csv row 7: region 'Asia' does not exist (not in prerequisites/regions.csv)",
        "prerequisites/locations.csv row 4: parent location 'Floor 2' does not exist at site "
        "'ACME Consulting, head office' (a parent's row must come first)",
        "prerequisites/racks.csv row 4: rack 'R-1' is already defined at site 'Branch' in location '1-TR'",
        "prerequisites/racks.csv row 5: location '9-TR' at site 'Branch' does not exist "
        "(not in prerequisites/locations.csv)",
        "prerequisites/provider-networks.csv row 3: provider 'Nobody' does not exist "
        "(not in prerequisites/providers.csv)",
        "devices.csv row 4: position 48 is outside rack 'R-1' (48U) for a 2U device",
        "devices.csv row 5: site 'Nowhere' does not exist (not in prerequisites/sites.csv)",
        "devices.csv row 6: location '2-TR' at site 'Branch' does not exist (not in prerequisites/locations.csv)",
        "devices.csv row 7: rack 'R-9' at site 'Branch' does not exist (not in prerequisites/racks.csv)",
        "devices.csv row 8: device role 'Core Switch' does not exist (not in prerequisites/device-roles.csv)",
        "circuits.csv row 3: provider 'Telco' does not exist (not in prerequisites/providers.csv)",
        "circuits.csv row 4: circuit type 'Internet' does not exist (not in prerequisites/circuit-types.csv)",
        "circuit-terminations.csv row 3: location '2-TR' does not exist (not in prerequisites/locations.csv)",
    ]
    office = next(s for s in ds.sites.values() if s.slug == "acme-office")
    assert (office.name, office.status, office.physical_address, office.description) == (
        "ACME Consulting, head office", "active", "12 Harbour Street\nPortsmouth", "Head office")
    assert ds.regions[office.region_id].name == "UK"
    assert ds.regions[ds.regions[office.region_id].parent_id].name == "Europe"
    assert ds.site_groups[office.group_id].name == "Offices"
    assert sorted(s.slug for s in ds.sites.values()) == ["acme-branch", "acme-office"]
    tr = next(loc for loc in ds.locations.values() if loc.name == "1-TR" and loc.site_id == office.id)
    assert (tr.slug, tr.description, ds.locations[tr.parent_id].name) == ("1-tr", "Telecom room", "Floor 1")
    rack = next(r for r in ds.racks.values() if r.site_id == office.id)
    assert (rack.name, rack.u_height, rack.facility_id, rack.location_id) == ("R-1", 48, "CAB-0001", tr.id)
    # a racked device takes its rack's location, and the real rack and role objects
    sw = ds.devices_named("SW-TOP")[0]
    assert (sw.rack_id, sw.location_id, sw.position, sw.role, sw.role_slug) == (
        rack.id, tr.id, 46.0, "Access Switch", "switch")
    # the branch's rack R-1 is found without its location, as NetBox finds it (the only one of that name)
    assert ds.racks[ds.devices_named("SW-B")[0].rack_id].location_id is not None
    pn = next(iter(ds.provider_networks.values()))
    assert (pn.name, pn.provider, pn.service_id) == ("Level3 MPLS", "Level 3", "L3-77")
    (c1,) = ds.circuits.values()
    ends = ds.terminations_of(c1.id)
    assert (ends["A"].provider_network_id, ends["Z"].site_id) == (pn.id, office.id)
    assert ds.check_references() == []


def test_a_prerequisite_folder_round_trips_to_site_files_that_keep_slug_and_rack_height(tmp_path):
    ds = read_bulk_folder(_files(tmp_path / "netbox", {
        **PREREQUISITES,
        "devices.csv": "name,role,manufacturer,device_type,site,rack,position,face,status\n"
                       "SW-TOP,Access Switch,Cisco,C9300-48P,\"ACME Consulting, head office\",R-1,46,front,active\n"
                       "PP-TOP,Patch Panel,Generic,LC Panel 12,\"ACME Consulting, head office\",R-1,47,front,active\n",
    }))
    assert not [p for p in ds.problems if "devices.csv" in p]
    out = tmp_path / "sites"
    for rel, text in convert(ds).files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    inv = load([out])
    site = inv.sites["acme-office"]  # the slug, not one made from the name
    assert site.name == "ACME Consulting, head office"
    assert site.racks["R-1"].u_height == 48 and site.racks["R-1"].room.id == "1-TR"
    sw, pp = site.devices["SW-TOP"], site.devices["PP-TOP"]
    assert (sw.u, sw.role, len(sw.ports)) == (46, "switch", 6)
    assert (pp.u, pp.model.u_height, pp.model.is_full_depth, pp.role) == (47, 2, False, "patch-panel")


def test_a_device_type_file_that_cannot_be_read_is_a_problem(tmp_path):
    ds = read_bulk_folder(_files(tmp_path, {
        "device-types/Generic/broken.yaml": "manufacturer: Generic\nmodel: Broken\nfront-ports:\n"
                                            "  - {name: F1, type: lc, rear_port: R9}\n",
        "device-types/Generic/odd.yaml": "manufacturer: Generic\nmodel: [1\n",
        "device-types/Generic/pdu.yaml": "manufacturer: Generic\nmodel: PDU\npower-ports:\n"
                                         "  - {name: PS1, type: iec-60320-c14, maximum_draw: 12.5}\n",
        "device-types/Generic/pdu-2.yaml": "manufacturer: Generic\nmodel: PDU 2\npower-ports:\n"
                                           "  - {name: PS1, type: iec-60320-c14, maximum_draw: 12.5}\n"
                                           "  - {name: PS2, type: iec-60320-c14, maximum_draw: lots}\n",
        "device-types/Generic/twice.yaml": SPLICE_TYPE,
        "device-types/Other/twice.yaml": SPLICE_TYPE,
        "prerequisites/device-types/Cisco/switch.yaml": SWITCH_TYPE,
        "prerequisites/manufacturers.csv": "name,slug\nGeneric,generic\n",
        "devices.csv": "name,manufacturer,device_type,site\nX,Generic,Broken,HQ\nY,Generic,Splice 2,HQ\n",
    }))
    assert [p.split(":", 1)[0] for p in ds.problems] == [
        "device-types/Generic/broken.yaml", "device-types/Generic/odd.yaml", "device-types/Generic/pdu-2.yaml",
        "device-types/Generic/pdu.yaml", "device-types/Other/twice.yaml",
        "prerequisites/device-types/Cisco/switch.yaml", "devices.csv row 2"]
    assert "front port 'F1' maps to rear port 'R9', which is not defined" in ds.problems[0]
    assert ds.problems[0].endswith("; file not read") and ds.problems[1].endswith("; file not read")
    assert ds.problems[2:4] == [
        "device-types/Generic/pdu-2.yaml: device type 'Generic PDU 2': power port 'PS2': maximum_draw 'lots' is "
        "not a number; not read",
        "device-types/Generic/pdu.yaml: device type 'Generic PDU': power port 'PS1': maximum_draw 12.5 is not a "
        "whole number of watts, as NetBox's is; read as 12",
    ]
    assert ds.problems[4:] == [
        "device-types/Other/twice.yaml: device type 'Generic Splice 2': already defined in "
        "device-types/Generic/twice.yaml; not read",
        "prerequisites/device-types/Cisco/switch.yaml: device type 'Cisco C9300-48P': manufacturer 'Cisco' does "
        "not exist (not in prerequisites/manufacturers.csv); not read",
        "devices.csv row 2: device type 'Broken' of manufacturer 'Generic' does not exist "
        "(not in device-types/, prerequisites/device-types/)",
    ]
    assert sorted(dt.model for dt in ds.device_types.values()) == ["PDU", "Splice 2"]
    assert [t.maximum_draw for dt in ds.device_types.values() for t in dt.templates if t.kind == "power"] == [12]
    (y,) = ds.devices.values()
    assert (y.name, ds.device_types[y.device_type_id].model, len(y.ports)) == ("Y", "Splice 2", 3)

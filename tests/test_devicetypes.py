"""Device types from the real NetBox devicetype-library.

The library is built into cabling (``cabling/library/``, see its PROVENANCE.md):
4,449 files in the legacy front-port format, unpacked here into upstream's
``device-types/`` layout (fixture ``device_types``); one file in the newer
``port-mappings:`` format is test data (``tests/data/devicetype-library/``).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from cabling.analysis.trace import trace
from cabling.readers.devicetypes import DeviceTypeError, load_file
from cabling.readers.loader import load, resolve_ref

PORT_MAPPINGS_FILE = (Path(__file__).resolve().parent / "data" / "devicetype-library" / "port-mappings-format"
                      / "Generic" / "24-port-copper-phone-patch-panel-half-depth.yaml")

# Files that load, measured on the pinned library (PROVENANCE.md): every one of them.
LIBRARY_FILES = 4449
LOAD_FLOOR = 4449

SECTIONS = {
    "interfaces": "interface",
    "front-ports": "front",
    "rear-ports": "rear",
    "console-ports": "console",
    "console-server-ports": "console-server",
    "power-ports": "power",
    "power-outlets": "power-outlet",
}
_RawLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _raw(path: Path) -> dict:
    """The file as plain YAML, read independently of cabling."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_RawLoader)


def _expected_ports(doc: dict) -> list[tuple[str, str]]:
    return [(kind, str(item["name"])) for section, kind in SECTIONS.items() for item in doc.get(section) or []]


def _check_against_raw(dt, doc: dict) -> list[str]:
    """Differences between a loaded device type and the file's own lists."""
    problems = []
    if (dt.manufacturer, dt.model) != (str(doc["manufacturer"]), str(doc["model"])):
        problems.append(f"name {dt.manufacturer}/{dt.model}")
    if sorted((p.kind, p.name) for p in dt.ports) != sorted(_expected_ports(doc)):
        problems.append("ports differ from the file's sections")
    rears = {str(r["name"]): int(r.get("positions", 1)) for r in doc.get("rear-ports") or []}
    got_rears = {p.name: p.positions for p in dt.ports if p.kind == "rear"}
    if got_rears != rears:
        problems.append("rear port positions differ")
    legacy = sorted((str(f["name"]), 1, str(f["rear_port"]), int(f.get("rear_port_position", 1)))
                    for f in doc.get("front-ports") or [] if "rear_port" in f)
    if sorted(dt.mappings) != legacy:
        problems.append("front-to-rear mappings differ from rear_port/rear_port_position")
    return problems


def _clear(message: str) -> bool:
    return bool(message.strip()) and "Traceback" not in message and "\n" not in message and len(message) < 400


# ------------------------------------------------------------------ whole library
def test_every_library_file_loads_or_is_rejected_clearly(device_types):
    files = sorted(p for p in device_types.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
    assert len(files) == LIBRARY_FILES
    loaded, rejected, crashed, wrong = [], [], [], []
    for f in files:
        rel = f.relative_to(device_types)
        try:
            dts = load_file(f)
        except DeviceTypeError as exc:
            rejected.append((rel, str(exc)))
            continue
        except Exception as exc:  # the loader must turn every problem into a DeviceTypeError
            crashed.append((rel, repr(exc)))
            continue
        if len(dts) != 1:
            wrong.append((rel, f"{len(dts)} device types"))
            continue
        problems = _check_against_raw(dts[0], _raw(f))
        if problems:
            wrong.append((rel, "; ".join(problems)))
        loaded.append(rel)
    assert not crashed, f"load_file raised something other than DeviceTypeError: {crashed[:10]}"
    unclear = [(f, m) for f, m in rejected if not _clear(m)]
    assert not unclear, f"unclear rejections: {unclear[:10]}"
    assert not wrong, f"files loaded with the wrong content: {wrong[:10]}"
    assert len(loaded) >= LOAD_FLOOR, f"only {len(loaded)} of {len(files)} load; rejected: {rejected[:20]}"


@pytest.mark.parametrize("source, edit, expected", [
    ("Generic/24-port-copper-patch-panel.yaml",
     lambda t: t.replace("rear_port: Port 3\n", "rear_port: Port 33\n", 1),
     ["Port 3", "Port 33", "not defined"]),
    ("ADVA/f7-48csm-1hu-19600-19130.yaml",
     lambda t: t.replace("rear_port_position: 48\n", "rear_port_position: 49\n", 1),
     ["C48", "49", "Network", "48 position"]),
    ("ADVA/f7-48csm-1hu-19600-19130.yaml",
     lambda t: t.replace("rear_port_position: 2\n", "rear_port_position: 1\n", 1),
     ["position 1", "Network", "twice", "C1", "C2"]),
    ("Eaton/Tripp-Lite-N054-024.yaml",
     lambda t: t.replace("  - name: '2'\n    type: 8p8c\n    rear_port: '2'\n",
                         "  - name: '1'\n    type: 8p8c\n    rear_port: '2'\n", 1),
     ["'1'", "defined twice"]),
    ("Cisco/C9200-48P.yaml", lambda t: t.replace("manufacturer: Cisco\n", "", 1), ["manufacturer", "missing"]),
    ("Cisco/C9200-48P.yaml", lambda t: t.replace("interfaces:\n", "interfaces: [\n", 1), ["invalid YAML", "line"]),
])
def test_broken_copies_of_real_files_are_rejected_with_a_clear_message(device_types, tmp_path, source, edit, expected):
    text = (device_types / source).read_text(encoding="utf-8")
    broken = edit(text)
    assert broken != text
    f = tmp_path / Path(source).name
    f.write_text(broken, encoding="utf-8")
    with pytest.raises(DeviceTypeError) as info:
        load_file(f)
    message = str(info.value)
    assert _clear(message), message
    for word in expected:
        assert word in message, message


def test_a_file_that_is_not_utf8_is_rejected_clearly(tmp_path):
    f = tmp_path / "latin1.yaml"
    f.write_bytes("manufacturer: Caf\xe9\nmodel: X\n".encode("latin-1"))
    with pytest.raises(DeviceTypeError) as info:
        load_file(f)
    assert _clear(str(info.value))


# ------------------------------------------------------------------ real content
def test_cisco_c9200_48p_has_48_poe_ports_console_and_power(device_types):
    [dt] = load_file(device_types / "Cisco" / "C9200-48P.yaml")
    assert dt.slug == "cisco-c9200-48p"
    pse = [p for p in dt.ports if p.kind == "interface" and p.poe_mode == "pse"]
    assert [p.name for p in pse] == [f"GigabitEthernet1/0/{n}" for n in range(1, 49)]
    assert {p.poe_type for p in pse} == {"type2-ieee802.3at"}
    assert {p.type for p in pse} == {"1000base-t"}
    mgmt = [p for p in dt.ports if p.kind == "interface" and p.poe_mode is None]
    assert [(p.name, p.mgmt_only) for p in mgmt] == [("GigabitEthernet0/0", True)]
    assert [(p.name, p.type) for p in dt.ports if p.kind == "console"] == [("Console", "rj-45"), ("usb", "usb-mini-b")]
    assert [(p.name, p.maximum_draw) for p in dt.ports if p.kind == "power"] == [("PS-1", 740), ("PS-2", 740)]
    assert dt.default_role() == "switch"


def test_generic_24_port_copper_panel_maps_each_front_to_its_rear_at_position_1(device_types):
    [dt] = load_file(device_types / "Generic" / "24-port-copper-patch-panel.yaml")
    fronts = [p for p in dt.ports if p.kind == "front"]
    rears = [p for p in dt.ports if p.kind == "rear"]
    assert [p.name for p in fronts] == [f"Port {n}" for n in range(1, 25)]
    assert [(p.name, p.positions) for p in rears] == [(f"Port {n}", 1) for n in range(1, 25)]
    assert sorted(dt.mappings) == sorted((f"Port {n}", 1, f"Port {n}", 1) for n in range(1, 25))
    assert dt.default_role() == "patch-panel"


def test_adva_48_channel_mux_maps_48_fronts_onto_one_48_position_rear(device_types):
    [dt] = load_file(device_types / "ADVA" / "f7-48csm-1hu-19600-19130.yaml")
    rears = [p for p in dt.ports if p.kind == "rear"]
    assert [(p.name, p.positions) for p in rears] == [("Network", 48)]
    assert len([p for p in dt.ports if p.kind == "front"]) == 48
    assert sorted(dt.mappings, key=lambda m: m[3]) == [(f"C{n}", 1, "Network", n) for n in range(1, 49)]


def test_tripp_lite_oddity_loads_with_rear_port_n_of_n_positions(device_types):
    """PROVENANCE.md: rear port N has N positions; front N uses position 1 of rear N."""
    [dt] = load_file(device_types / "Eaton" / "Tripp-Lite-N054-024.yaml")
    rears = {p.name: p.positions for p in dt.ports if p.kind == "rear"}
    assert rears == {str(n): n for n in range(1, 25)}
    assert sorted(dt.mappings) == sorted((str(n), 1, str(n), 1) for n in range(1, 25))


def test_port_mappings_format_gives_the_same_model_as_a_legacy_reading(tmp_path):
    [new] = load_file(PORT_MAPPINGS_FILE)
    # The same device written in the legacy form: rear_port/rear_port_position on each front port.
    doc = _raw(PORT_MAPPINGS_FILE)
    by_front = {m["front_port"]: m for m in doc.pop("port-mappings")}
    assert len(by_front) == 24
    for fp in doc["front-ports"]:
        m = by_front[fp["name"]]
        assert m.get("front_port_position", 1) == 1
        fp.pop("positions", None)
        fp["rear_port"] = m["rear_port"]
        fp["rear_port_position"] = m["rear_port_position"]
    legacy_file = tmp_path / "legacy.yaml"
    legacy_file.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    [old] = load_file(legacy_file)

    def shape(dt):
        return [(p.kind, p.name, p.type, p.positions) for p in dt.ports]

    assert shape(new) == shape(old)
    assert sorted(new.mappings) == sorted(old.mappings)
    assert sorted(new.mappings) == sorted((f"Port {n}", 1, f"Port {n}", 1) for n in range(1, 25))
    assert (new.slug, new.manufacturer, new.model) == (old.slug, old.manufacturer, old.model)


# ------------------------------------------------------------------ sites using real models
def _write_site(tmp_path: Path, body: str) -> Path:
    site = tmp_path / "site.yaml"
    site.write_text(body, encoding="utf-8")
    return site


def _ref(inv, text):
    port, problem = resolve_ref(inv, text)
    assert port is not None, problem
    return port


@pytest.fixture
def real_site(device_types, tmp_path):
    """A switch, a patch panel and a wall box from the library, cabled to a catalogue phone."""
    panel_rel = os.path.relpath(device_types / "Generic" / "24-port-copper-patch-panel.yaml", tmp_path)
    return _write_site(tmp_path, f"""\
site: {{id: real}}
models:
  - {device_types / "Cisco" / "C9200-48P.yaml"}
  - {panel_rel}
  - {device_types / "Generic" / "wall-box-2-utp-plugs.yaml"}
racks:
  - {{id: R1}}
devices:
  - {{id: SW1, model: cisco-c9200-48p, rack: R1, u: 40}}
  - {{id: PP1, model: Generic/24-port Copper Patch Panel, rack: R1, u: 41}}
  - {{id: WB1, model: generic-wall-box-2-utp-plugs}}
  - {{id: PH1, model: cabling-ip-phone}}
cables:
  - {{id: C1, a: 'SW1:GigabitEthernet1/0/5', b: 'PP1:Port 5 (front)', length: 2}}
  - {{id: C2, a: 'PP1:Port 5 (rear)', b: 'WB1:Port 1 (rear)', length: 40}}
  - {{id: C3, a: 'WB1:Port 1 (front)', b: 'PH1:LAN', length: 3}}
""")


def test_site_device_has_every_port_its_model_defines(device_types, real_site):
    inv = load(real_site, allow_outside_paths=True)  # the library is outside the site folder
    site = inv.sites["real"]
    for dev_id, file in [("SW1", "Cisco/C9200-48P.yaml"), ("PP1", "Generic/24-port-copper-patch-panel.yaml"),
                         ("WB1", "Generic/wall-box-2-utp-plugs.yaml")]:
        dev = site.devices[dev_id]
        assert sorted((p.kind, p.name) for p in dev.ports) == sorted(_expected_ports(_raw(device_types / file))), dev_id
    sw = site.devices["SW1"]
    for kind, name in [("console", "Console"), ("console", "usb"), ("power", "PS-1"), ("power", "PS-2"),
                       ("interface", "GigabitEthernet0/0"), ("interface", "GigabitEthernet1/0/48")]:
        assert sw.port(name, kind) is not None, (kind, name)
    assert len(sw.ports) == 53
    counts = inv.counts()
    assert (counts["devices"], counts["ports"], counts["cables"]) == (4, 53 + 48 + 4 + 2, 3)
    # Each panel front port leads to the rear port of the same name.
    pp = site.devices["PP1"]
    for n in range(1, 25):
        [(fpos, rear, rpos)] = pp.port(f"Port {n}", "front").rear
        assert (fpos, rear.name, rear.kind, rpos) == (1, f"Port {n}", "rear", 1)
    assert {d.id: d.role for d in site.devices.values()} == {
        "SW1": "switch", "PP1": "patch-panel", "WB1": "outlet", "PH1": "phone"}


def test_site_with_real_library_models_traces_end_to_end(real_site):
    inv = load(real_site, allow_outside_paths=True)
    [path] = trace(_ref(inv, "SW1:GigabitEthernet1/0/5"))
    assert path.complete and path.active and not path.split
    assert [inv.ref(p) for s in path.steps if s.kind == "ports" for p in s.items] == [
        "SW1:GigabitEthernet1/0/5", "PP1:Port 5 (front)", "PP1:Port 5 (rear)",
        "WB1:Port 1 (rear)", "WB1:Port 1 (front)", "PH1:LAN"]
    assert [c.id for c in path.cables] == ["C1", "C2", "C3"]
    assert path.length_m == 45
    # From the panel's front port: along its patch cord, and through the panel to the phone.
    along, through = trace(_ref(inv, "PP1:Port 5 (front)"))
    assert [inv.ref(p) for p in along.destination] == ["SW1:GigabitEthernet1/0/5"]
    assert [inv.ref(p) for p in through.destination] == ["PH1:LAN"]
    assert along.complete and through.complete


def test_site_traces_through_two_adva_muxes_on_one_trunk(device_types, tmp_path):
    site = _write_site(tmp_path, f"""\
site: {{id: dwdm}}
models: [{device_types / "ADVA" / "f7-48csm-1hu-19600-19130.yaml"}]
devices:
  - {{id: 'MUX-[A-B]', model: adva-f7-48csm-1hu-19600-19130}}
  - {{id: 'SW-[A-B]', model: cabling-switch-48-poe}}
cables:
  - {{id: TRUNK, a: 'MUX-A:Network', b: 'MUX-B:Network', type: os2, length: 5000}}
  - {{id: A7, a: 'SW-A:Te1/1/1', b: 'MUX-A:C7', length: 2}}
  - {{id: B7, a: 'SW-B:Te1/1/1', b: 'MUX-B:C7', length: 3}}
  - {{id: B8, a: 'SW-B:Te1/1/2', b: 'MUX-B:C8', length: 3}}
""")
    inv = load(site, allow_outside_paths=True)
    [path] = trace(_ref(inv, "SW-A:Te1/1/1"))
    assert path.complete and not path.split
    # Channel 7 comes out on channel 7 at the far end, not channel 8.
    assert [inv.ref(p) for p in path.destination] == ["SW-B:Te1/1/1"]
    assert path.length_m == 5005


def test_site_traces_through_the_tripp_lite_panel_from_its_front(device_types, tmp_path):
    site = _write_site(tmp_path, f"""\
site: {{id: tl}}
models: [{device_types / "Eaton" / "Tripp-Lite-N054-024.yaml"}]
devices:
  - {{id: TL, model: Eaton/Tripp Lite N054-024}}
  - {{id: 'SW-[A-B]', model: cabling-switch-48-poe}}
cables:
  - {{id: T5, a: 'SW-A:Gi1/0/5', b: 'TL:5 (front)', length: 3}}
  - {{id: T5R, a: 'TL:5 (rear)', b: 'SW-B:Gi1/0/5', length: 4}}
""")
    inv = load(site, allow_outside_paths=True)
    assert inv.sites["tl"].devices["TL"].port("5", "rear").positions == 5
    [path] = trace(_ref(inv, "SW-A:Gi1/0/5"))
    assert path.complete and not path.split
    assert [inv.ref(p) for p in path.destination] == ["SW-B:Gi1/0/5"]
    assert path.length_m == 7

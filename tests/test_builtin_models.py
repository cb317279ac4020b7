"""NetBox's devicetype-library built into cabling: the bundle holds what its manifest says, and a
site uses its models by slug, 'Manufacturer/Model' or part number with no ``models:`` line."""
from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
import yaml

from cabling.diagnostics import InputError
from cabling.library.bundle import ARCHIVE, INDEX, bundle
from cabling.readers.loader import load

# What the bundle says it holds (cabling/library/PROVENANCE.md): upstream's device-types/ folder.
DEVICE_TYPES, MANUFACTURERS = 4449, 205


# ------------------------------------------------------------------ the bundle itself
def test_the_bundle_is_an_ordinary_tar_xz_holding_exactly_the_members_its_manifest_and_index_list():
    b = bundle()
    m = b.manifest
    assert m["device_types"] == DEVICE_TYPES and len(m["manufacturers"]) == MANUFACTURERS
    assert m["upstream"] == "https://github.com/netbox-community/devicetype-library" and len(m["commit"]) == 40
    assert m["commit"] in (ARCHIVE.parent / "PROVENANCE.md").read_text(encoding="utf-8")
    assert m["rejected"] == []  # cabling's loader reads every file
    assert hashlib.sha256(ARCHIVE.read_bytes()).hexdigest() == m["bundle_sha256"]
    with tarfile.open(ARCHIVE, "r:xz") as tar:  # the whole archive, read as any tool reads a .tar.xz
        files = {info.name: tar.extractfile(info).read() for info in tar if info.isfile()}
    assert len(files) == len(b) == DEVICE_TYPES
    assert {name.split("/", 1)[0] for name in files} == set(m["manufacturers"])
    # Every member read alone (one chunk decompressed) is byte for byte the archive's file,
    # and the index's names are the file's own.
    for member in b.members:
        data = b.read(member)
        assert data == files[member.path], member.path
    for member in b.members[::97]:
        doc = yaml.safe_load(io.BytesIO(files[member.path]))
        assert (member.manufacturer, member.model) == (str(doc["manufacturer"]), str(doc["model"]))
        assert member.slug == doc.get("slug", member.slug)


def test_the_index_is_small_beside_the_archive():
    assert ARCHIVE.stat().st_size < 600_000  # ~0.4 MB for 10.6 MB of YAML
    assert INDEX.stat().st_size < 1_000_000


# ------------------------------------------------------------------ sites using built-in models
def _site(tmp_path: Path, devices: str, extra: str = "") -> Path:
    f = tmp_path / "site.yaml"
    f.write_text(f"site: {{id: b}}\n{extra}racks:\n  - {{id: R1}}\ndevices:\n{devices}", encoding="utf-8")
    return f


def _errors(path) -> list:
    with pytest.raises(InputError) as err:
        load([path])
    return err.value.diagnostics


@pytest.mark.parametrize("name", ["cisco-c9200-48p", "Cisco/Catalyst 9200-48P", "cisco/catalyst 9200-48p", "C9200-48P"])
def test_a_library_model_by_slug_name_or_part_number_needs_no_models_line(tmp_path, name):
    inv = load([_site(tmp_path, f"  - {{id: SW1, model: '{name}', rack: R1, u: 40, poe_budget_w: 370}}\n")])
    sw = inv.sites["b"].devices["SW1"]
    assert sw.model.slug == "cisco-c9200-48p" and sw.role == "switch" and sw.poe_budget_w == 370
    doc = yaml.safe_load(bundle().text(bundle().find("cisco-c9200-48p")[0]))
    assert sorted(p.name for p in sw.ports if p.kind == "interface") == sorted(i["name"] for i in doc["interfaces"])
    assert sum(1 for p in sw.ports if p.template.poe_mode == "pse") == 48


def test_a_site_wires_a_library_switch_panel_and_outlet_and_traces_through_them(tmp_path):
    from cabling.readers.loader import resolve_ref
    from cabling.analysis.trace import trace

    f = _site(tmp_path, """\
  - {id: SW1, model: cisco-c9200-48p, rack: R1, u: 40}
  - {id: PP1, model: Generic/24-port Copper Patch Panel, rack: R1, u: 41}
  - {id: WB1, model: generic-wall-box-2-utp-plugs}
  - {id: PH1, model: cabling-ip-phone}
cables:
  - {id: C1, a: 'SW1:GigabitEthernet1/0/5', b: 'PP1:Port 5 (front)', length: 2}
  - {id: C2, a: 'PP1:Port 5 (rear)', b: 'WB1:Port 1 (rear)', length: 40}
  - {id: C3, a: 'WB1:Port 1 (front)', b: 'PH1:LAN', length: 3}
""")
    inv = load([f])
    port, problem = resolve_ref(inv, "PH1:LAN")
    [path] = trace(port)
    assert path.complete and [inv.ref(p) for p in path.destination] == ["SW1:GigabitEthernet1/0/5"]
    assert path.length_m == 45
    assert {d.id: d.role for d in inv.sites["b"].devices.values()} == {
        "SW1": "switch", "PP1": "patch-panel", "WB1": "outlet", "PH1": "phone"}


def test_the_sites_own_model_comes_before_the_built_in_one(tmp_path):
    own = tmp_path / "models" / "c9200.yaml"
    own.parent.mkdir()
    own.write_text("manufacturer: Cisco\nmodel: Catalyst 9200-48P\nslug: cisco-c9200-48p\n"
                   "interfaces:\n  - {name: Gi1, type: 1000base-t}\n", encoding="utf-8")
    for name in ("cisco-c9200-48p", "Cisco/Catalyst 9200-48P"):
        inv = load([_site(tmp_path, f"  - {{id: SW1, model: '{name}'}}\n", extra="models: [models/]\n")])
        assert [p.name for p in inv.sites["b"].devices["SW1"].ports] == ["Gi1"], name


def test_a_part_number_several_models_share_is_ambiguous_and_lists_their_slugs(tmp_path):
    f = _site(tmp_path, "  - {id: SW1, model: MS120-24P-HW}\n")
    [d] = _errors(f)
    assert (d.mark.line, d.mark.column) == (5, 22)  # the model name
    assert "ambiguous" in d.message and "cisco-meraki-ms120-24," in d.message and "cisco-meraki-ms120-24p" in d.message


@pytest.mark.parametrize("typed, suggested", [
    ("cisco-c9200-48pp", "cisco-c9200-48p"),                  # a library slug
    ("C9200-48PX", "C9200-48P"),                               # a library part number
    ("Cisco/Catalyst 9200-48PP", "Cisco/Catalyst 9200-48P"),   # a library Manufacturer/Model
    ("cabling-switch-48-pe", "cabling-switch-48-poe"),         # the catalogue
    ("acme-widgit", "acme-widget"),                            # the site's own model
])
def test_an_unknown_model_suggests_the_closest_name_of_the_site_the_catalogue_or_the_library(tmp_path, typed, suggested):
    own = tmp_path / "widget.yaml"
    own.write_text("manufacturer: Acme\nmodel: Widget\nslug: acme-widget\n", encoding="utf-8")
    f = _site(tmp_path, f"  - {{id: X1, model: '{typed}'}}\n", extra="models: [widget.yaml]\n")
    [d] = _errors(f)
    assert f"unknown model '{typed}'" in d.message
    assert f"(did you mean {suggested}?)" in d.message


def test_the_branch_example_uses_a_real_poe_switch_and_a_real_patch_panel_from_the_library():
    from cabling.readers.loader import resolve_ref
    from cabling.analysis.poe import poe_report
    from cabling.analysis.trace import trace

    inv = load([Path(__file__).resolve().parents[1] / "sites" / "branch.yaml"])
    devices = inv.sites["acme-branch"].devices
    sw, pp = devices["SW-3A-1"], devices["PP-3A-A"]
    assert sw.model.source == "builtin:Cisco/C9200L-48P-4X.yaml" and pp.model.source.startswith("builtin:Panduit/")
    assert (sw.role, pp.role) == ("switch", "patch-panel")
    assert sum(1 for p in sw.ports if p.template.poe_mode == "pse") == 48
    [path] = [p for p in trace(resolve_ref(inv, "3A-007:1")[0]) if p.direction == "device"]
    assert path.complete and [inv.ref(p) for p in path.destination] == ["SW-3A-1:GigabitEthernet1/0/7"]
    assert [c.id for c in path.cables] == ["H-3A-A07", "P-3A-A07"]
    assert [c.b[0].device.id for c in path.cables] == ["PP-3A-A", "SW-3A-1"]
    poe = next(s for s in poe_report(inv).switches if s.device is sw)
    assert poe.budget_w == 370 and len(poe.powered) == 32  # 30 phones and 2 access points on floor 3

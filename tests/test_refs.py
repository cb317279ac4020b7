"""Range patterns and DEVICE:PORT references (cabling.refs)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cabling.readers.loader import load, resolve_ref
from cabling.refs import PatternError, expand, format_ref, has_pattern, readings



# ------------------------------------------------------------------ range patterns

def test_numeric_range_expands_to_every_number_in_order():
    assert expand("Gi1/0/[1-48]") == [f"Gi1/0/{n}" for n in range(1, 49)]


def test_zero_padded_range_keeps_the_width_of_its_start():
    names = expand("1A-[001-024]")
    assert len(names) == 24
    assert names[0] == "1A-001"
    assert names[8:10] == ["1A-009", "1A-010"]
    assert names[-1] == "1A-024"


def test_zero_padded_range_that_outgrows_its_width():
    assert expand("[08-12]") == ["08", "09", "10", "11", "12"]
    assert expand("P[98-101]") == ["P98", "P99", "P100", "P101"]
    assert expand("P[098-101]") == ["P098", "P099", "P100", "P101"]


def test_letter_range():
    assert expand("PP-2A-[a-d]") == ["PP-2A-a", "PP-2A-b", "PP-2A-c", "PP-2A-d"]
    assert expand("PP-[A-C]") == ["PP-A", "PP-B", "PP-C"]


def test_list_with_a_range_and_single_values():
    assert expand("[1-3,7]") == ["1", "2", "3", "7"]
    assert expand("Te1/1/[1,3]") == ["Te1/1/1", "Te1/1/3"]


def test_several_groups_expand_to_their_product_first_group_slowest():
    assert expand("[ge,xe]-0/0/[0-1]") == ["ge-0/0/0", "ge-0/0/1", "xe-0/0/0", "xe-0/0/1"]
    assert expand("R[1-2]-U[a-c]") == ["R1-Ua", "R1-Ub", "R1-Uc", "R2-Ua", "R2-Ub", "R2-Uc"]


@pytest.mark.parametrize("text", ["SW-2A-1", "Gi1/0/17", "Port [x]", "PP [1]", "a[]b", "x-1-2", ""])
def test_text_without_a_pattern_is_unchanged(text):
    assert expand(text) == [text]
    assert not has_pattern(text)


def test_has_pattern_recognises_a_range():
    assert has_pattern("1A-[001-024]")
    assert has_pattern("[a,b]")


@pytest.mark.parametrize("text", ["[3-1]", "X-[024-001]", "[d-a]"])
def test_backwards_range_is_rejected(text):
    with pytest.raises(PatternError, match="backwards"):
        expand(text)


@pytest.mark.parametrize("text", ["[a-10]", "[aa-bb]", "[1-2-3]"])
def test_malformed_range_is_rejected(text):
    with pytest.raises(PatternError):
        expand(text)


# ------------------------------------------------------------------ readings

def test_plain_reference_has_one_reading():
    assert readings("SW-2A-1:Gi1/0/17") == [(None, "SW-2A-1", "Gi1/0/17")]


@pytest.mark.parametrize("text", ["no-colon", ":17", "PP-1:", '"PP:1', '"PP"x:1'])
def test_text_that_is_not_a_reference_has_no_reading(text):
    assert readings(text) == []


def test_unquoted_name_with_colons_lists_every_split_canonical_first():
    options = readings("PP:MDF:Interface 1:1")
    assert options[0] == (None, "PP", "MDF:Interface 1:1")
    assert (None, "PP:MDF", "Interface 1:1") in options
    assert (None, "PP:MDF:Interface 1", "1") in options
    # the same text read with a leading site id
    assert ("PP", "MDF", "Interface 1:1") in options


def test_quoted_device_settles_the_split():
    assert readings('"PP:MDF":Interface 1:1')[0] == (None, "PP:MDF", "Interface 1:1")
    assert (None, "PP", "MDF:Interface 1:1") not in readings('"PP:MDF":Interface 1:1')


def test_site_prefix_reading():
    assert ("kazan", "PP-1", "3") in readings("kazan:PP-1:3")
    assert readings('"kazan":"PP-1":3') == [("kazan", "PP-1", "3")]


# ------------------------------------------------------------------ format_ref

def test_format_ref_plain_names_stay_plain():
    assert format_ref("SW-2A-1", "Gi1/0/17") == "SW-2A-1:Gi1/0/17"


def test_format_ref_quotes_a_device_with_a_colon():
    assert format_ref("PP:MDF", "Interface 1:1") == '"PP:MDF":Interface 1:1'


@pytest.mark.parametrize(
    "device, port, site",
    [
        ("SW-2A-1", "Gi1/0/17", None),
        ("PP:MDF", "Interface 1:1", None),
        ("PP:MDF", "Interface 1:1", "hq"),
        ("PP-1", "3", "kazan"),
        ("PP-1", "Port 1 (rear)", None),
        ("say \"hi\"", "1", None),
        ("\"quoted", "1", None),
        ("back\\slash:x", "1", None),
        ("D", "\"leading quote", None),
        ("D", "a:b:c", None),
        ("D", "x:\"y", None),
    ],
)
def test_format_ref_round_trips_through_readings(device, port, site):
    text = format_ref(device, port, site)
    assert readings(text)[:1] == [(site, device, port)], text


# ------------------------------------------------------------------ against a loaded site

def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_netbox_style_names_with_colons_resolve_and_round_trip(tmp_path):
    # NetBox's demo data has a panel 'PP:MDF' with ports such as 'Interface 1:1'.
    _write(tmp_path / "pp-mdf.yaml", """\
        manufacturer: Demo
        model: MDF panel
        slug: demo-mdf-panel
        u_height: 1
        front-ports:
          - {name: 'Interface 1:1', type: lc, rear_port: 'Rear 1', rear_port_position: 1}
          - {name: 'Interface 1:2', type: lc, rear_port: 'Rear 1', rear_port_position: 2}
        rear-ports:
          - {name: 'Rear 1', type: mpo, positions: 2}
        """)
    site = _write(tmp_path / "site.yaml", """\
        site: {id: demo}
        models: [pp-mdf.yaml]
        devices:
          - {id: 'PP:MDF', model: demo-mdf-panel}
          - {id: SW, model: cabling-switch-24-poe}
        cables:
          - {id: C1, a: '"PP:MDF":Interface 1:1', b: 'SW:Te1/1/1'}
          - {id: C2, a: 'PP:MDF:Interface 1:2', b: 'SW:Te1/1/2'}
        """)
    inv = load([site])
    dev = inv.sites["demo"].devices["PP:MDF"]
    c1, c2 = inv.sites["demo"].cables["C1"], inv.sites["demo"].cables["C2"]
    assert c1.a == (dev.port("Interface 1:1"),)
    assert c2.a == (dev.port("Interface 1:2"),)
    for port in dev.ports:
        text = inv.ref(port)
        found, problem = resolve_ref(inv, text)
        assert found is port, (text, problem)
    assert inv.ref(dev.port("Interface 1:1")) == '"PP:MDF":Interface 1:1'


def test_ports_sharing_a_name_get_a_qualified_reference_that_resolves(tmp_path):
    site = _write(tmp_path / "site.yaml", """\
        site: {id: hq}
        devices:
          - {id: GP, model: generic-24-port-copper-patch-panel}
        """)
    inv = load([site])
    dev = inv.sites["hq"].devices["GP"]
    refs_seen = set()
    for port in dev.ports:
        text = inv.ref(port)
        refs_seen.add(text)
        found, problem = resolve_ref(inv, text)
        assert found is port, (text, problem)
    assert "GP:Port 1 (front)" in refs_seen
    assert "GP:Port 1 (rear)" in refs_seen
    assert len(refs_seen) == len(dev.ports) == 48
    found, problem = resolve_ref(inv, "GP:Port 1")
    assert found is None
    assert "GP:Port 1 (front)" in problem and "GP:Port 1 (rear)" in problem


def test_with_two_sites_sharing_device_names_refs_lead_with_the_plain_site_and_read_back():
    """The faulty demo and the office both have SW-1A-1, PP-1A-A, ...: loaded together, a port of
    either is written SITE:DEVICE:PORT without quotes, and each such text finds that port again."""
    root = Path(__file__).resolve().parents[1] / "sites"
    inv = load([root / "faulty.yaml", root / "office.yaml"])
    shared = [p for p in inv.ports() if len(inv.devices_by_name[p.device.id]) > 1]
    assert len(shared) > 50
    for p in shared:
        text = inv.ref(p)
        assert text.startswith(p.device.site.id + ":") and '"' not in text, text
        assert resolve_ref(inv, text) == (p, None), text


def test_a_site_id_that_is_also_a_device_name_keeps_the_quoted_form(tmp_path):
    for site, extra in (("a", ""), ("b", "  - {id: a, model: cabling-pc}\n")):
        (tmp_path / f"{site}.yaml").write_text(
            f"site: {{id: {site}}}\ndevices:\n  - {{id: SW, model: cabling-pc}}\n{extra}", encoding="utf-8")
    inv = load([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    port = inv.sites["a"].devices["SW"].ports[0]
    assert inv.ref(port) == f'"a":"SW":{port.name}'
    assert resolve_ref(inv, inv.ref(port)) == (port, None)

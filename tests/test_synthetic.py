"""The campus generator: what a campus looks like, loading clean, the same for a seed, bulk or expanded."""
from __future__ import annotations

import pytest

from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.geometry.checks import findings
from cabling.readers.loader import load
from cabling.writers.synthetic import generate_campus

OUTLETS = 1300  # two buildings; building 1 has two floors


@pytest.fixture(scope="module")
def campus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("campus")
    bulk, expanded = folder / "bulk.yaml", folder / "expanded.yaml"
    bulk.write_text(generate_campus(OUTLETS, seed=7))
    expanded.write_text(generate_campus(OUTLETS, seed=7, expanded=True))
    return bulk, expanded, load([bulk])


def test_a_campus_loads_with_no_error_and_no_warning(campus):
    bulk, expanded, inv = campus
    assert inv.warnings == []
    assert findings(inv) == []
    site = next(iter(inv.sites.values()))
    outlets = [d for d in site.devices.values() if d.role == "outlet"]
    assert len(outlets) == OUTLETS
    buildings = {f.id.split("-")[0] for f in site.floors.values()}
    assert len(buildings) == 2
    # a telecom space per floor, every outlet's recorded cable within the 90 m permanent link
    assert len(site.spaces) == len(site.floors)
    assert all(0 < c.length <= 90 for c in site.cables.values() if c.id.startswith("H-"))
    assert {p.kind for p in site.pathways.values()} == {"tray", "riser"}
    assert any(d.role == "phone" for d in site.devices.values())


def test_bulk_and_expanded_are_the_same_campus(campus):
    bulk, expanded, inv = campus
    assert len(expanded.read_text().splitlines()) > len(bulk.read_text().splitlines()) + OUTLETS
    other = load([expanded])

    def cables(i):
        return sorted((c.id, tuple(i.ref(p) for p in c.a), tuple(i.ref(p) for p in c.b), c.type, c.length, c.status,
                       c.label) for c in i.cables())

    assert cables(other) == cables(inv)


def test_the_same_seed_gives_the_same_file_and_another_seed_another():
    assert generate_campus(300, seed=3) == generate_campus(300, seed=3)
    assert generate_campus(300, seed=3) != generate_campus(300, seed=4)


def test_some_cables_are_planned_and_some_faulty():
    inv = load_text(generate_campus(20000, seed=1))
    status = {c.status for c in inv.cables()}
    assert {"installed", "planned", "faulty"} <= status


def test_an_upper_floor_switch_reaches_its_core_switch_over_the_mpo_trunk(campus):
    bulk, expanded, inv = campus
    site = next(iter(inv.sites.values()))
    uplink = site.devices["SW-1-2A-1"].port("Te1/1/1")
    [path] = trace(uplink)
    js = path.to_json(inv)
    ports = [p for s in js["steps"] if "ports" in s for p in s["ports"]]
    assert "FP-1-2A:MPO" in ports and "FP-1-1A-2:MPO" in ports
    assert ports[-1].startswith("CORE-B1-")
    assert js["complete"]


def test_cabling_generate_writes_a_campus_by_default(tmp_path, capsys):
    path = tmp_path / "campus.yaml"
    assert main(["generate", "--outlets", "500", "--expanded", "-o", str(path)]) == 0
    assert main(["validate", str(path)]) == 0
    assert "ok:" in capsys.readouterr().out


def load_text(text):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "site.yaml"
        p.write_text(text)
        return load([p])

"""`cabling import netbox` as a user runs it: a dump or a bulk-import folder to site files that load."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.readers.loader import load, resolve_ref

ROOT = Path(__file__).resolve().parents[1]
DUMP = ROOT / "tests" / "data" / "netbox-demo" / "netbox-demo-v4.2.sql.gz"
BULK = ROOT / "tests" / "data" / "netbox_csv"


def run(*args):
    return subprocess.run([sys.executable, "-m", "cabling.cli", *args], capture_output=True, text=True)


def test_demo_dump_imports_to_one_file_per_site_that_load_with_zero_errors(tmp_path):
    r = run("import", "netbox", str(DUMP), "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    site_files = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert len(site_files) == 24  # the demo database has 24 sites
    inv = load([tmp_path])
    counts = inv.counts()
    assert counts["sites"] == 24 and counts["devices"] == 72 and counts["cables"] == 108 and counts["circuits"] == 29
    # every difference from NetBox is reported: the 22 unnamed devices are named, each with a note
    assert r.stderr.count("has no name in NetBox") == 22
    # and so are the NetBox objects cabling does not model (the demo has 48 uncabled power feeds)
    assert "48 power feeds" in r.stderr
    assert validate_ok(tmp_path)


def validate_ok(path) -> bool:
    return run("validate", str(path)).returncode == 0


def test_import_keeps_netbox_names_with_colons_and_slashes(tmp_path):
    assert main(["import", "netbox", str(DUMP), "-o", str(tmp_path)]) == 0
    inv = load([tmp_path])
    # NetBox's demo has a panel called PP:MDF at several sites, with a 48-position rear splice
    panels = inv.devices_by_name["PP:MDF"]
    assert len(panels) >= 2
    rear = panels[0].port("Rear Splice", "rear")
    assert rear is not None and rear.positions == 48
    port, problem = resolve_ref(inv, inv.ref(rear))
    assert port is rear, problem


def test_imported_files_use_the_bulk_notation_where_runs_of_cables_fit(tmp_path):
    assert main(["import", "netbox", str(DUMP), "-o", str(tmp_path)]) == 0
    text = (tmp_path / "ncsu-117.yaml").read_text()
    # four uplinks on consecutive ports of one switch to consecutive panel ports: one entry
    assert "xe-0/0/[0-3]" in text and "Port [1-4]" in text


def test_import_refuses_to_overwrite_without_force(tmp_path):
    assert main(["import", "netbox", str(DUMP), "-o", str(tmp_path)]) == 0
    site = tmp_path / "dm-akron.yaml"
    site.write_text(site.read_text() + "# my own note\n")
    r = run("import", "netbox", str(DUMP), "-o", str(tmp_path))
    assert r.returncode == 2 and "--force" in r.stderr
    assert site.read_text().endswith("# my own note\n")
    assert run("import", "netbox", str(DUMP), "-o", str(tmp_path), "--force").returncode == 0
    assert not site.read_text().endswith("# my own note\n")


def test_bulk_import_folder_becomes_site_files_and_traces_through_a_circuit(tmp_path):
    r = run("import", "netbox", str(BULK), "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    # the fixture's bad rows are reported, not dropped silently
    assert "SW-404" in r.stderr and "Gi1/0/9" in r.stderr
    inv = load([tmp_path])
    port, _ = resolve_ref(inv, "RTR-HQ:xe-0/0/0")
    (path,) = trace(port)
    steps = path.to_json(inv)["steps"]
    assert steps[0] == {"ports": ["RTR-HQ:xe-0/0/0"]}
    # HQ router -> panel front F3 -> rear ... as the fixture's cables say
    assert {"ports": ["PP-HQ:F3"]} in steps
    # the cable kept its NetBox label as its id, and its length in metres (10 ft)
    cable = inv.sites["hq"].cables["C-002"]
    assert cable.length == 3.048 and cable.label == "C-002"


def test_missing_source_is_a_usage_error(tmp_path):
    r = run("import", "netbox", str(tmp_path / "nope.sql"), "-o", str(tmp_path / "out"))
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_a_circuit_status_netbox_does_not_know_is_noted_and_the_files_still_load(tmp_path):
    import shutil

    folder = tmp_path / "bulk"
    shutil.copytree(BULK, folder)
    circuits = folder / "circuits.csv"
    circuits.write_text(circuits.read_text().replace(",active", ",actve"))
    r = run("import", "netbox", str(folder), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert "status 'actve'" in r.stderr
    assert validate_ok(tmp_path / "out")


def test_a_netbox_45_front_port_of_two_positions_keeps_both_mappings(tmp_path):
    """NetBox 4.5 maps each position of a multi-position front port on its own (dcim_portmapping)."""
    from test_netbox_readers import SYNTHETIC

    dump = tmp_path / "nb45.sql"
    dump.write_text(SYNTHETIC)
    r = run("import", "netbox", str(dump), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    inv = load([tmp_path / "out"])
    panel = inv.devices_by_name["PP:1"][0]
    front = panel.port("Port 1", "front")
    assert front.positions == 2
    assert [(fpos, rear.name, rpos) for fpos, rear, rpos in front.rear] == [(1, "Rear", 3), (2, "Rear", 4)]
    rear = panel.port("Rear", "rear")
    assert {pos: (f.name, fpos) for pos, (f, fpos) in rear.fronts.items()} == {3: ("Port 1", 1), 4: ("Port 1", 2)}

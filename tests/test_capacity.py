"""Where is there room (cabling.analysis.capacity, ``cabling capacity``, ``cabling ports --free``).

The small site is tests/data/impact/small.yaml (its header says what each part is for);
a cross-check against the port listing runs on sites/branch.yaml.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cabling.analysis.capacity import DARK, EMPTY, IN_USE, LIVE, PLANNED, capacity_report
from cabling.readers.loader import load
from conftest import SMALL_SITE
from cabling.analysis.ports import port_rows
from cabling.standards import POE_CLASS_PSE_W

ROOT = Path(__file__).resolve().parents[1]
SMALL = SMALL_SITE
BRANCH = ROOT / "sites" / "branch.yaml"


@pytest.fixture(scope="module")
def inv(small_site):
    return small_site


@pytest.fixture(scope="module")
def report(inv):
    return capacity_report(inv)


def _row(rows, key):
    return next(r for r in rows if r.key == key)


def test_jacks_are_in_use_live_dark_empty_or_planned(inv, report):
    states = {inv.ref(j.port): j.state for j in report.jacks}
    assert states == {"O1-1:1": IN_USE, "O1-2:1": IN_USE, "O1-3:1": DARK, "O1-4:1": EMPTY,
                      "O2-1:1": IN_USE, "O2-2:1": PLANNED, "O2-3:1": LIVE}


def test_panel_ports_free_dark_and_used(inv, report):
    pp1 = next(p for p in report.panels if p.device.id == "PP1")
    assert pp1.ports == 24
    assert [inv.ref(p) for p in pp1.dark] == ["PP1:3"]  # H1-3 lands behind it, nothing patched
    assert len(pp1.free) == 21 and pp1.used == 3
    assert "PP1:1" not in {inv.ref(p) for p in pp1.free + pp1.dark}


def test_free_switch_ports_which_give_poe_and_watts_left(inv, report):
    sw1 = next(s for s in report.switches if s.device.id == "SW1")
    used = {"SW1:Gi1/0/1", "SW1:Gi1/0/2", "SW1:Gi1/0/3", "SW1:Gi1/0/24", "SW1:Te1/1/1"}
    ifaces = [p for p in sw1.device.ports if p.kind == "interface" and not p.template.mgmt_only]
    assert sw1.ports == len(ifaces)
    assert {inv.ref(p) for p in sw1.free} == {inv.ref(p) for p in ifaces} - used
    assert len(sw1.free_poe) == 20  # Gi1/0/4-23; the free SFP+ uplinks give none
    assert all(pp.standard == "802.3at" for pp in sw1.free_poe)
    drawn = POE_CLASS_PSE_W[2] + POE_CLASS_PSE_W[4] + POE_CLASS_PSE_W[5]
    assert sw1.budget_w == 60 and sw1.remaining_w == pytest.approx(60 - drawn)


def test_rows_by_space_count_jacks_in_the_space_of_their_panel(report):
    rows = report.rows("space")
    tr1, tr2 = _row(rows, "TR1"), _row(rows, "TR2")
    assert (tr1.jacks, tr1.jacks_in_use, tr1.jacks_dark) == (3, 2, 1)
    assert (tr2.jacks, tr2.jacks_in_use, tr2.jacks_live, tr2.jacks_other) == (3, 1, 1, 1)
    unserved = _row(rows, None)  # O1-4 has no horizontal cable: no space serves it
    assert (unserved.jacks, unserved.jacks_empty) == (1, 1)
    assert (tr1.panel_ports, tr1.panel_free, tr1.panel_dark) == (24, 21, 1)
    assert tr1.panel_used_pct == pytest.approx(100 * 3 / 24, abs=0.05)


def test_rows_by_floor_room_and_device_add_up_to_the_same_total(report):
    totals = {by: report.rows(by)[-1].to_dict() for by in ("space", "floor", "room", "device")}
    first = totals["space"]
    for by, t in totals.items():
        assert {k: v for k, v in t.items() if k != "by"} == {k: v for k, v in first.items() if k != "by"}, by
    assert first["jacks"] == 7 and first["switch_free"] == sum(len(s.free) for s in report.switches)
    floor1 = _row(report.rows("floor"), "1")
    assert (floor1.jacks, floor1.jacks_empty, floor1.switch_ports) == (4, 1, 28)
    office1 = _row(report.rows("room"), "1-OFF")
    assert office1.jacks_used_pct == 50.0 and office1.switch_ports == 0
    sw2 = _row(report.rows("device"), "SW2")
    assert sw2.poe_remaining_w == pytest.approx(370 - 2 * POE_CLASS_PSE_W[2])


def test_ports_free_says_what_each_free_port_offers(inv, report):
    rows = {r["ref"]: r for r in port_rows(inv, free=True, notes=report.free_notes())}
    assert rows["SW1:Gi1/0/4"]["note"].startswith("PoE 802.3at (30 W); SW1 is ")
    assert "over its PoE budget" in rows["SW1:Gi1/0/4"]["note"]
    assert rows["PP1:3"]["note"] == "dark: H1-3 behind it, ready with one patch cord"
    assert rows["O1-4:1"]["note"].startswith("empty:")
    assert rows["O2-3:1"]["note"].startswith("live:")
    assert "PP1:1" not in rows  # patched: not free
    assert rows["SW1:Te1/1/2"]["note"] is None


def test_on_the_branch_site_free_switch_ports_are_the_uncabled_switch_interfaces():
    inv = load(BRANCH)
    report = capacity_report(inv)
    # management and stacking ports are not for users
    mgmt = {inv.ref(p) for p in inv.ports() if p.template.mgmt_only}
    stack = {inv.ref(p) for p in inv.ports() if p.template.type == "cisco-stackwise"}
    listed = {r["ref"] for r in port_rows(inv, free=True, kind="interface") if r["role"] == "switch"} - mgmt - stack
    assert mgmt and stack and listed
    assert {inv.ref(p) for s in report.switches for p in s.free} == listed
    rows = report.rows("space")
    dark = {inv.ref(j.port) for j in report.jacks if j.state == DARK}
    assert dark == {"1A-040:1", "2A-047:1", "2A-048:1", "3A-034:1", "3A-035:1"}  # the site's comments say so
    assert sum(r.jacks_dark for r in rows[:-1]) == rows[-1].jacks_dark == len(dark)
    # H-3A-A36 is only planned: its panel port is reserved, neither free nor dark
    assert [inv.ref(p) for panel in report.panels for p in panel.reserved] == ["PP-3A-A:36 (front)"]
    assert "PP-3A-A:36 (front)" not in {inv.ref(p) for panel in report.panels for p in panel.dark + panel.free}


# --------------------------------------------------------------------------- the command
def cabling(*args):
    return subprocess.run([sys.executable, "-m", "cabling.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_cli_table_by_floor_with_a_switch_section():
    r = cabling("capacity", SMALL, "--by", "floor")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split()[:3] == ["FLOOR", "NAME", "SWITCH_PORTS"]
    assert [ln.split()[0] for ln in lines[1:4]] == ["1", "2", "(total)"]
    assert "Switches:" in lines


def test_cli_csv_and_json_agree():
    c = cabling("capacity", SMALL, "--by", "room", "--csv")
    j = cabling("capacity", SMALL, "--by", "room", "--json")
    assert c.returncode == j.returncode == 0
    rows = list(csv.DictReader(io.StringIO(c.stdout)))
    data = json.loads(j.stdout)
    assert [r["key"] for r in rows] == [r["key"] for r in data["rows"]]
    assert [int(r["jacks"]) for r in rows] == [r["jacks"] for r in data["rows"]]
    assert data["jacks"]["dark"] == ["O1-3:1"] and data["jacks"]["empty"] == ["O1-4:1"]
    pp1 = next(p for p in data["panels"] if p["panel"] == "PP1")
    assert pp1["dark"] == ["PP1:3"]


def test_cli_bad_by_and_missing_file_exit_2(tmp_path):
    r = cabling("capacity", SMALL, "--by", "rack")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = cabling("capacity", tmp_path / "missing.yaml")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_capacity_without_jacks_gives_the_same_switches_and_panels(small_site):
    from cabling.analysis.capacity import capacity_report

    full, lean = capacity_report(small_site), capacity_report(small_site, jacks=False)
    assert full.jacks and not lean.jacks
    assert [(s.device.id, [p.name for p in s.free], s.remaining_w) for s in lean.switches] == \
           [(s.device.id, [p.name for p in s.free], s.remaining_w) for s in full.switches]
    assert [(p.device.id, [x.name for x in p.free], [x.name for x in p.dark]) for p in lean.panels] == \
           [(p.device.id, [x.name for x in p.free], [x.name for x in p.dark]) for p in full.panels]


def test_stack_ports_are_not_free_switch_ports(tmp_path):
    """A Catalyst 9300L of the built-in library has two StackWise ports and a management port beside
    its 28 front ports: a planner can patch an outlet to none of them, so none counts as free."""
    site = tmp_path / "stack.yaml"
    site.write_text("site: {id: stack}\nracks:\n  - {id: R1}\n"
                    "devices:\n  - {id: SW1, model: cisco-c9300l-24p-4g, rack: R1, u: 40}\n", encoding="utf-8")
    inv = load(site)
    sw = capacity_report(inv).switches[0]
    names = [p.name for p in sw.free]
    assert "StackPort1/1" in {p.name for p in inv.sites["stack"].devices["SW1"].ports}
    assert not any(n.startswith("StackPort") for n in names)
    assert sw.ports == len(names) == 28  # 24 copper, 4 SFP uplinks
    rows = port_rows(inv, free=True, notes=capacity_report(inv).free_notes())
    assert not any(r["ref"].startswith("SW1:StackPort") and "free" in (r.get("note") or "") for r in rows)

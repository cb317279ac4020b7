"""Expansion planning: plan files, allocation within reach, PoE budgets, capacity proposals, determinism."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.planning.allocate import plan
from cabling.planning.plan import read_plan
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parent.parent
BRANCH = ROOT / "sites" / "branch.yaml"
EXAMPLE = ROOT / "sites" / "plans" / "branch-expansion.yaml"


def small_site(tmp_path, used=22, budget=None, rack_u=42, length=120):
    """One long floor, a telecom room at the west end, a 24-port panel with ``used`` ports cabled, a 24-port switch."""
    budget_text = f", poe_budget_w: {budget}" if budget is not None else ""
    text = f"""
site: {{id: t}}
floors:
  - {{id: '1', level: 0, height: 3.5, outline: [[0, 0], [{length}, 0], [{length}, 10], [0, 10]]}}
rooms:
  - {{id: TR, floor: '1', polygon: [[0, 0], [4, 0], [4, 4], [0, 4]]}}
  - {{id: OPEN, floor: '1', name: Open office, polygon: [[4, 0], [{length}, 0], [{length}, 10], [4, 10]]}}
telecom_spaces:
  - {{id: 1A, room: TR}}
racks:
  - {{id: R-1A-1, space: 1A, u_height: {rack_u}, at: [2, 2]}}
pathways:
  - {{id: T-1, kind: tray, floor: '1', path: [[2, 2], [{length - 1}, 2]], width_mm: 300, depth_mm: 100}}
devices:
  - {{id: PP-1A-A, model: cabling-cat6-panel-24, rack: R-1A-1, u: 2}}
  - {{id: SW-1A-1, model: cabling-switch-24-poe, rack: R-1A-1, u: 1{budget_text}}}
  - {{id: '1A-[001-{used:03}]', model: cabling-outlet-1, room: OPEN, along: [[5, 8], [40, 8]]}}
cables:
  - {{id: 'H-1A-A[01-{used:02}]', a: '1A-[001-{used:03}]:R1', b: 'PP-1A-A:R[1-{used}]', type: cat6, label: '1A-A[01-{used:02}]', length: 45}}
  - {{id: 'P-1A-A[01-{used:02}]', a: 'PP-1A-A:[1-{used}]', b: 'SW-1A-1:Gi1/0/[1-{used}]', type: cat6, length: 0.5}}
"""
    p = tmp_path / "site.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def write_plan(tmp_path, requests: str, name="plan.yaml") -> Path:
    p = tmp_path / name
    p.write_text("plan: {id: T-1, title: test}\nrequests:\n" + requests, encoding="utf-8")
    return p


def run_plan(site, plan_file):
    return plan(load([site]), read_plan(plan_file))


def test_outlets_go_to_free_ports_within_the_permanent_link(tmp_path):
    site = small_site(tmp_path, used=10)
    res = run_plan(site, write_plan(tmp_path, "  - outlets: {room: OPEN, at: [[20, 8], [60, 8]], services: [data]}\n"))
    assert not res.unmet
    inv = load([site])
    taken_panel = {inv.ref(p) for p in inv.sites["t"].devices["PP-1A-A"].ports if p.kind == "front" and p.cable}
    assert [j.panel_port for j in res.jacks] == ["PP-1A-A:11", "PP-1A-A:12"]
    assert not taken_panel & {j.panel_port for j in res.jacks}
    assert [j.switch_port for j in res.jacks] == ["SW-1A-1:Gi1/0/11", "SW-1A-1:Gi1/0/12"]
    for j in res.jacks:
        assert j.length_m <= 90 and j.pathways == ("T-1",)
        assert j.length_m > j.run_m  # service loops included
    far = res.jacks[1]
    assert far.run_m == pytest.approx(58 + 6, abs=0.01)  # along the tray from the rack, then the 6 m drop
    # labels and ids continue the site's scheme (1A-A01 .. 1A-A10 exist)
    assert [j.label for j in res.jacks] == ["1A-A11", "1A-A12"]
    assert [j.outlet for j in res.jacks] == ["1A-011", "1A-012"]
    horizontal = [c for c in res.cables if c.kind == "horizontal"]
    assert [c.id for c in horizontal] == ["H-1A-A11", "H-1A-A12"]
    assert all(c.length >= j.length_m for c, j in zip(horizontal, res.jacks))


def test_an_outlet_beyond_reach_is_reported_with_its_reason(tmp_path):
    site = small_site(tmp_path, used=2, length=140)
    res = run_plan(site, write_plan(tmp_path, "  - outlets: {room: OPEN, at: [[30, 8], [110, 8]]}\n"))
    assert len(res.jacks) == 1 and res.jacks[0].outlet == "1A-003"
    (u,) = res.unmet
    assert u.request == 1 and "[110, 8]" in u.item
    assert "beyond reach" in u.reason and "90 m" in u.reason
    assert u.mark.endswith(":3:41")  # the point [110, 8] in the plan file
    assert [p.what for p in res.proposals] == ["telecom space"]


def test_poe_budget_is_respected_and_a_switch_is_proposed(tmp_path):
    site = small_site(tmp_path, used=2, budget=70)
    res = run_plan(site, write_plan(tmp_path, "  - outlets: {room: OPEN, count: 3, along: [[10, 8], [30, 8]], "
                                              "services: [data], poe_class: 4}\n"))
    assert not res.unmet
    by_switch = {}
    for j in res.jacks:
        by_switch.setdefault(j.switch_port.split(":")[0], []).append(j.poe_w)
    assert sum(by_switch["SW-1A-1"]) <= 70 and len(by_switch["SW-1A-1"]) == 2
    assert by_switch["SW-1A-2"] == [30.0]
    (prop,) = res.proposals
    assert prop.what == "switch" and prop.device == "SW-1A-2"
    assert "10 W of PoE left" in prop.why and "uplink" in prop.why


def test_full_panel_gets_a_proposed_panel_and_a_full_rack_is_unmet(tmp_path):
    site = small_site(tmp_path, used=22)
    res = run_plan(site, write_plan(tmp_path, "  - outlets: {room: OPEN, count: 4, along: [[10, 8], [30, 8]]}\n"))
    assert [j.panel_port for j in res.jacks] == ["PP-1A-A:23", "PP-1A-A:24", "PP-1A-B:1", "PP-1A-B:2"]
    panel = next(d for d in res.devices if d.id == "PP-1A-B")
    assert panel.proposed and panel.rack == "R-1A-1" and "in use" in panel.why
    assert not res.unmet

    tight = small_site(tmp_path, used=22, rack_u=2)  # panel and switch fill the rack
    res = run_plan(tight, write_plan(tmp_path, "  - outlets: {room: OPEN, count: 4, along: [[10, 8], [30, 8]]}\n"))
    assert len(res.jacks) == 2
    assert len(res.unmet) == 2 and all("no free panel port" in u.reason for u in res.unmet)
    assert [p.what for p in res.proposals] == ["rack units"]


def test_activate_decommission_and_remove(tmp_path):
    site = small_site(tmp_path, used=3)
    text = site.read_text().replace("'P-1A-A[01-03]', a: 'PP-1A-A:[1-3]', b: 'SW-1A-1:Gi1/0/[1-3]'",
                                    "'P-1A-A[01-02]', a: 'PP-1A-A:[1-2]', b: 'SW-1A-1:Gi1/0/[1-2]'")
    site.write_text(text)
    res = run_plan(site, write_plan(tmp_path, "  - activate: {jack: '1A-003:1', vlan: 10}\n"
                                              "  - activate: {jack: '1A-001:1'}\n"
                                              "  - remove: {outlet: 1A-002}\n"
                                              "  - decommission: {cable: H-1A-A01}\n"))
    (j,) = res.jacks
    assert j.panel_port == "PP-1A-A:3" and j.switch_port == "SW-1A-1:Gi1/0/3" and j.cable is None
    assert [c.id for c in res.cables] == ["P-1A-A03"]
    (u,) = res.unmet
    assert u.request == 2 and "already patched" in u.reason
    changes = {(c.id, c.field, c.new) for c in res.changes}
    assert ("H-1A-A02", "status", "decommissioned") in changes and ("P-1A-A02", "status", "decommissioned") in changes
    assert ("H-1A-A01", "status", "decommissioned") in changes and ("1A-002", "removed", True) in changes


def test_example_plan_expands_two_floors_and_the_planned_site_loads(tmp_path):
    inv = load([BRANCH])
    res = plan(inv, read_plan(EXAMPLE))
    outlets = [d for d in res.devices if d.role == "outlet"]
    floors = {inv.sites["acme-branch"].rooms[d.room].floor.id for d in outlets}
    assert len(outlets) >= 40 and floors == {"2", "3"}
    assert not res.unmet
    assert all(j.length_m <= 90 for j in res.jacks)
    phones = [d for d in res.devices if d.role == "phone"]
    assert len(phones) == 16 and phones[0].extension == "4301"
    frag = tmp_path / "planned.yaml"
    frag.write_text(json.dumps(res.site_fragment()), encoding="utf-8")
    planned = load([BRANCH, frag])  # every new device and cable is valid in the site
    assert len(planned.sites["acme-branch"].cables) == len(inv.sites["acme-branch"].cables) + len(res.cables)
    labels = [c.label for c in planned.sites["acme-branch"].cables.values() if c.label]
    assert len(labels) == len(set(labels))


def test_same_input_same_output(capsys):
    outs = []
    for _ in range(2):
        code = main(["plan", str(BRANCH), str(EXAMPLE), "--json"])
        outs.append(capsys.readouterr().out)
        assert code == 1  # additions are proposed
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["totals"]["outlets"] >= 40


@pytest.mark.parametrize("body, where, words", [
    ("  - outlets: {room: OPEN, count: 2, along: [[1, 1], [2, 2]], poe_clas: 2}\n", ":3:", "unknown key 'poe_clas'"),
    ("  - outlets: {room: OPEN, count: 2, along: [[1, 1], [2, 2]], poe_class: 9}\n", ":3:", "at most 8"),
    ("  - outlet: {room: OPEN}\n", ":3:", "unknown key 'outlet' (did you mean outlets?)"),
    ("  - outlets: {room: OPN, count: 2, along: [[1, 1], [2, 2]]}\n", ":3:", "room OPN does not exist (did you mean OPEN?)"),
    ("  - decommission: {cable: H-1A-A99}\n", ":3:", "cable H-1A-A99 does not exist"),
])
def test_plan_errors_name_file_line_and_column(tmp_path, capsys, body, where, words):
    site = small_site(tmp_path, used=2)
    pf = write_plan(tmp_path, body)
    with pytest.raises(InputError) as err:
        run_plan(site, pf)
    text = str(err.value)
    assert f"{pf}{where}" in text and words in text
    assert main(["plan", str(site), str(pf)]) == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("head,words", [("{title: test}", "plan: missing required key 'id'"),
                                        ("{idd: T-1, title: test}", "plan: unknown key 'idd' (did you mean id?)")])
def test_a_plan_head_with_a_key_missing_or_written_wrong_is_one_plain_error(tmp_path, head, words):
    pf = tmp_path / "plan.yaml"
    pf.write_text(f"plan: {head}\nrequests:\n  - outlets: {{room: OPEN, count: 1, at: [[1, 1]]}}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_plan(pf)
    (d,) = err.value.diagnostics
    assert d.message == words and d.mark.line == 1, str(d)


def test_readme_shows_what_cabling_plan_prints(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(["plan", "sites/branch.yaml", "sites/plans/branch-expansion.yaml"])
    real = capsys.readouterr().out.splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ cabling plan sites/branch.yaml sites/plans/branch-expansion.yaml\n", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines() if line != "..."]
    assert shown and all(line in real for line in shown)
    assert shown[:4] == real[:4]


def test_planned_labels_are_the_labels_the_scheme_rule_expects(tmp_path):
    """One formatter (cabling.analysis.labels) for the planner and rule L102: a planned link breaks no declared scheme."""
    from cabling.cli.plan import planned_findings

    site = small_site(tmp_path, used=3)
    text = site.read_text(encoding="utf-8").replace("label: '1A-A[01-03]'", "label: 'PP-1A-A/[001-003]'")
    site.write_text(text.replace("site: {id: t}", "site: {id: t}\nrules: {label_scheme: '{panel_id}/{port:03}'}"),
                    encoding="utf-8")
    inv = load([site])
    res = plan(inv, read_plan(write_plan(tmp_path, "  - outlets: {room: OPEN, at: [[20, 8], [30, 8]]}\n")))
    assert [j.label for j in res.jacks] == ["PP-1A-A/004", "PP-1A-A/005"]
    assert res.label_scheme == "{panel_id}/{port:03}"
    assert not [f for f in planned_findings([str(site)], inv, res) if "L102" in f]

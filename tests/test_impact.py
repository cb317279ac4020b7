"""What breaks if a part fails (cabling.analysis.impact, ``cabling impact``).

The small site is tests/data/impact/small.yaml (its header says what each part is
for); the cross-checks against ``trace`` run on sites/branch.yaml.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cabling.analysis.impact import build_index, impact, resolve_target
from cabling.readers.loader import load
from conftest import SMALL_SITE
from cabling.analysis.trace import trace

ROOT = Path(__file__).resolve().parents[1]
SMALL = SMALL_SITE
BRANCH = ROOT / "sites" / "branch.yaml"


@pytest.fixture(scope="module")
def inv(small_site):
    return small_site


@pytest.fixture(scope="module")
def index(inv):
    return build_index(inv)


def fails(inv, index, *refs, phone_of=None):
    targets = []
    for ref in refs:
        t, problem = resolve_target(inv, ref)
        assert t is not None, problem
        targets.append(t)
    return impact(index, targets, phone_of=phone_of)


def jacks(result) -> dict[str, str]:
    return {j.port.device.id: j.reason for j in result.jacks}


def devices(result) -> dict[str, str]:
    return {d.device.id: d.reason for d in result.devices}


def test_a_horizontal_cable_takes_its_jack_and_the_phone_on_it(inv, index):
    r = fails(inv, index, "H1-1")
    assert jacks(r) == {"O1-1": "path"}
    assert devices(r) == {"PH1": "path"}
    assert r.network == []


def test_a_patch_panel_takes_every_jack_cabled_to_it_dark_ones_too(inv, index):
    r = fails(inv, index, "PP1")
    assert jacks(r) == {"O1-1": "path", "O1-2": "path", "O1-3": "path"}  # O1-4 has no cable to PP1
    assert devices(r) == {"PH1": "path", "AP1": "path"}
    dark = next(j for j in r.jacks if j.port.device.id == "O1-3")
    assert dark.device is None and dark.switch_port is None


def test_an_access_switch_takes_its_jacks_and_the_pc_behind_a_phone(inv, index):
    r = fails(inv, index, "SW2")
    assert jacks(r) == {"O2-1": "path", "O2-2": "path", "O2-3": "path"}
    assert devices(r) == {"PH2": "path", "PC2": "upstream", "PH3": "path"}
    assert next(d for d in r.devices if d.device.id == "PC2").via.id == "SW2"
    assert [a.device.id for a in r.network] == ["SW2"]
    assert not set(jacks(r)) & {"O1-1", "O1-2"}


def test_the_core_switch_cuts_off_the_floor_behind_it(inv, index):
    r = fails(inv, index, "SW1")
    assert jacks(r) == {"O1-1": "path", "O1-2": "path", "O2-1": "upstream", "O2-2": "upstream", "O2-3": "upstream"}
    assert {j.via.id for j in r.jacks if j.reason == "upstream"} == {"SW2"}
    assert devices(r) == {"PH1": "path", "AP1": "path", "CAM1": "path", "PH2": "upstream", "PC2": "upstream"}
    assert "CAM2" not in devices(r)  # on the router, not the switch


def test_a_backbone_cable_cuts_off_only_the_floor_it_serves(inv, index):
    r = fails(inv, index, "UP-1")
    assert set(jacks(r)) == {"O2-1", "O2-2", "O2-3"}
    assert set(jacks(r).values()) == {"upstream"}
    assert [(a.device.id, a.reason) for a in r.network] == [("SW2", "path")]


def test_the_router_cuts_off_every_switch_and_its_own_camera(inv, index):
    r = fails(inv, index, "RTR1")
    assert set(jacks(r)) == {"O1-1", "O1-2", "O2-1", "O2-2", "O2-3"}
    assert devices(r)["CAM2"] == "path" and devices(r)["PH1"] == "upstream"


def test_a_pdu_takes_down_what_it_powers_and_so_downstream(inv, index):
    r = fails(inv, index, "PDU2")
    network = {a.device.id: (a.reason, a.via.id if a.via else None) for a in r.network}
    assert network == {"SW2": ("unpowered", "PDU2"), "PDU2": ("failed", None)}
    assert set(jacks(r)) == {"O2-1", "O2-2", "O2-3"}
    r1 = fails(inv, index, "PDU1")  # feeds the core switch and the router: everything goes
    assert {a.device.id for a in r1.network if a.reason == "unpowered"} == {"SW1", "RTR1"}
    assert set(jacks(r1)) == {"O1-1", "O1-2", "O2-1", "O2-2", "O2-3"}


def test_one_of_two_power_feeds_failing_breaks_nothing(inv, index):
    assert not fails(inv, index, "PWR-3").jacks  # SW2 keeps PS-2 on PWR-4
    r = fails(inv, index, "PWR-3", "PWR-4")  # both feeds together
    assert [(a.device.id, a.reason) for a in r.network] == [("SW2", "unpowered")]
    assert set(jacks(r)) == {"O2-1", "O2-2", "O2-3"}


def test_a_port_takes_the_one_link_through_it(inv, index):
    r = fails(inv, index, "SW2:Gi1/0/1")
    assert jacks(r) == {"O2-1": "path"}
    assert devices(r) == {"PH2": "path", "PC2": "upstream"}


def test_rack_space_room_and_floor_fail_everything_in_them(inv, index):
    rack = fails(inv, index, "R2")
    assert {a.device.id for a in rack.network if a.reason == "failed"} == {"SW2", "PP2", "PDU2"}
    space = fails(inv, index, "TR1")  # the rack in it, and the cameras in its room
    assert {"CAM1", "CAM2"} <= {d.device.id for d in space.devices if d.reason == "failed"}
    room = fails(inv, index, "2-OFF")
    assert devices(room) == {"PH2": "failed", "PC2": "failed", "PH3": "failed"}
    assert set(jacks(room)) == {"O2-1", "O2-2", "O2-3"} and room.network == []
    floor = fails(inv, index, "1")
    assert set(jacks(floor)) == {"O1-1", "O1-2", "O1-3", "O1-4", "O2-1", "O2-2", "O2-3"}


def test_grouped_by_room_with_floor_and_counts(inv, index):
    r = fails(inv, index, "SW1")
    assert [(g.room.id, g.floor.id) for g in r.rooms] == [("1-OFF", "1"), ("1-TR", "1"), ("2-OFF", "2")]
    office2 = r.rooms[-1]
    assert {j.port.device.id for j in office2.jacks} == {"O2-1", "O2-2", "O2-3"}
    c = r.counts()
    assert (c["jacks"], c["jacks_in_use"], c["end_devices"], c["rooms"], c["floors"]) == (5, 4, 5, 3, 2)
    assert c["by_role"] == {"access-point": 1, "camera": 1, "pc": 1, "phone": 2}


def test_a_path_already_broken_says_so(inv, index):
    r = fails(inv, index, "SW2")
    ph3 = next(d for d in r.devices if d.device.id == "PH3")  # its patch cord is only planned
    assert ph3.already_down
    assert next(j for j in r.jacks if j.port.device.id == "O2-2").active is False
    assert not next(d for d in r.devices if d.device.id == "PH2").already_down


def test_the_phone_number_hook_fills_every_jack_and_device(inv, index):
    numbers = {"O2-1": "2001", "PH2": "2001"}
    r = fails(inv, index, "SW2", phone_of=lambda x: numbers.get(getattr(x, "device", x).id))
    assert {j.port.device.id: j.phone for j in r.jacks} == {"O2-1": "2001", "O2-2": None, "O2-3": None}
    assert next(d for d in r.devices if d.device.id == "PH2").phone == "2001"


def test_unknown_and_ambiguous_references_are_explained(inv, tmp_path):
    t, problem = resolve_target(inv, "SW3")
    assert t is None and ("did you mean SW1" in problem or "did you mean SW2" in problem)
    t, problem = resolve_target(inv, "PP1:99")
    assert t is None and "PP1 has 1..24" in problem
    site = tmp_path / "s.yaml"
    site.write_text(SMALL.read_text().replace("  - {id: 2-OFF, floor: '2', name: Office 2}",
                                              "  - {id: 2-OFF, floor: '2', name: Office 2}\n  - {id: R2, floor: '2'}"))
    inv2 = load(site)
    t, problem = resolve_target(inv2, "R2")
    assert t is None and "rack:R2 or room:R2" in problem
    t, problem = resolve_target(inv2, "rack:R2")
    assert t.kind == "rack" and t.obj is inv2.sites["small"].racks["R2"]


def test_on_the_branch_site_a_switch_takes_exactly_the_jacks_whose_trace_ends_on_it():
    inv = load(BRANCH)
    index = build_index(inv)
    for name in ("SW-2A-1", "SW-3A-1"):
        r = fails(inv, index, name)
        traced = {inv.ref(j) for d in inv.devices() if d.role == "outlet" for j in d.ports if j.kind == "front"
                  and any(p.device.id == name for p in trace(j)[1].destination)}
        assert traced and {inv.ref(j.port) for j in r.jacks} == traced


def test_on_the_branch_site_every_horizontal_cable_takes_its_own_jack():
    inv = load(BRANCH)
    index = build_index(inv)
    for cable in inv.sites["acme-branch"].cables.values():
        if not cable.id.startswith("H-"):
            continue
        r = fails(inv, index, cable.id)
        outlet = next(p.device for p in cable.a + cable.b if p.device.role == "outlet")
        assert [j.port.device for j in r.jacks] == [outlet], cable.id


# --------------------------------------------------------------------------- the command
def cabling(*args):
    return subprocess.run([sys.executable, "-m", "cabling.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_cli_counts_first_then_room_by_room():
    r = cabling("impact", SMALL, "SW1")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Failed: device SW1"
    assert lines[1].startswith("Affected: 5 outlet jacks (4 in use), 5 end devices")
    rooms = [ln for ln in lines if ln.startswith("Room ")]
    assert [ln.split()[1] for ln in rooms] == ["1-OFF", "1-TR", "2-OFF"]
    assert "cut off with SW2" in r.stdout


def test_cli_json_and_several_parts():
    r = cabling("impact", SMALL, "H1-1", "H2-1", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["failed"] == ["cable H1-1", "cable H2-1"]
    assert data["counts"]["jacks"] == 2
    jack_rooms = {j["jack"]: (room["room"], j["floor"]) for room in data["rooms"] for j in room["jacks"]}
    assert jack_rooms == {"O1-1:1": ("1-OFF", "1"), "O2-1:1": ("2-OFF", "2")}


def test_cli_unknown_part_exits_2_with_a_suggestion():
    r = cabling("impact", SMALL, "PDU3")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "did you mean PDU1" in r.stderr or "did you mean PDU2" in r.stderr
    r = cabling("impact", SMALL)
    assert r.returncode == 2 and "give the site file(s)" in r.stderr


def test_a_part_in_two_loaded_sites_is_named_with_its_site(tmp_path):
    (tmp_path / "a.yaml").write_text(SMALL.read_text())
    (tmp_path / "b.yaml").write_text(SMALL.read_text().replace("id: small\n", "id: other\n"))
    inv2 = load(tmp_path)
    t, problem = resolve_target(inv2, "SW2")
    assert t is None and "write SITE/SW2" in problem
    t, problem = resolve_target(inv2, "other/SW2")
    assert problem is None and t.obj is inv2.sites["other"].devices["SW2"]
    r = impact(build_index(inv2), [t])
    assert {j.port.device.site.id for j in r.jacks} == {"other"} and len(r.jacks) == 3
    t, _ = resolve_target(inv2, "small/UP-1")
    assert t.kind == "cable" and t.obj.site.id == "small"


@pytest.mark.parametrize("title, least", [("## Impact and capacity", 5), ("## Telephony", 3)])
def test_the_readme_examples_of_these_sections_are_real_output(title, least):
    """Every ``$ cabling ...`` example of these README sections prints what it shows."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text()
    start = readme.index(title)
    section = readme[start:readme.index("\n## ", start + 5)]
    checked = 0
    for block in re.findall(r"```\n(\$ cabling .*?)\n```", section, re.S):
        lines = block.split("\n")
        for n, line in enumerate(lines):
            if not line.startswith("$ "):
                continue
            shown = []
            for later in lines[n + 1:]:
                if later.startswith("$ ") or later == "...":
                    break
                shown.append(later)
            cmd, _, head = line[2:].partition(" | head -")
            args = shlex.split(cmd)
            r = subprocess.run([sys.executable, "-m", "cabling.cli", *args[1:]], capture_output=True, text=True,
                               cwd=ROOT, timeout=120)
            assert r.returncode == 0, (line, r.stderr)
            out = r.stdout.rstrip("\n").split("\n")
            assert (out[:int(head)] if head else out) == shown, line
            checked += 1
    assert checked >= least


def test_power_fails_down_a_chain_ups_pdu_switch():
    inv = load(ROOT / "sites" / "office.yaml")
    r = fails(inv, build_index(inv), "UPS-1A-1")
    network = {a.device.id: (a.reason, a.via.id if a.via else None) for a in r.network}
    assert network["PDU-1A-1"] == ("unpowered", "UPS-1A-1")
    assert network["SW-1A-1"] == ("unpowered", "PDU-1A-1")
    patched = [j for d in inv.devices() if d.role == "outlet" for j in d.ports
               if j.kind == "front" and trace(j)[1].complete]
    assert len(r.jacks) == len(patched) > 0


def test_a_second_uplink_keeps_the_floor_up(tmp_path):
    site = tmp_path / "s.yaml"
    site.write_text(SMALL.read_text().replace(
        "  - {id: UP-1, a: SW2:Te1/1/1, b: SW1:Te1/1/1, type: om4, length: 10}",
        "  - {id: UP-1, a: SW2:Te1/1/1, b: SW1:Te1/1/1, type: om4, length: 10}\n"
        "  - {id: UP-2, a: SW2:Te1/1/2, b: SW1:Te1/1/2, type: om4, length: 10}"))
    inv2 = load(site)
    index2 = build_index(inv2)
    assert fails(inv2, index2, "UP-1").jacks == []
    assert set(jacks(fails(inv2, index2, "UP-1", "UP-2"))) == {"O2-1", "O2-2", "O2-3"}


def test_a_failed_pbx_takes_its_analog_extensions_and_names_their_numbers(capsys):
    from cabling.cli import main
    from cabling.telephony.directory import phone_numbers

    branch = load(ROOT / "sites" / "branch.yaml")
    t, _ = resolve_target(branch, "PBX-1A-1")
    r = impact(build_index(branch), [t], phone_numbers(branch))
    analog = {d.device.id: d for d in r.devices if d.device.role == "analog-phone"}
    assert len(analog) == 6 and analog["FAX-2A-V01"].phone == "214"
    # working before the failure: the PBX is a source of voice service, not "already down"
    assert not any(d.already_down for d in analog.values())
    assert {j.phone for j in r.jacks} == {"111", "112", "214", "215", "311", "312"}
    assert main(["impact", str(ROOT / "sites" / "branch.yaml"), "H-1A-A33"]) == 0
    out = capsys.readouterr().out
    assert "EXTENSION" in out and "100 " in out.split("PH-1A-033  phone")[1].split("\n")[0]

"""DECT: cordless handsets' extensions name their base; the base is an IP device on a PoE jack, so
the directory, find, impact and the checks follow the base's cabling."""
from __future__ import annotations

from pathlib import Path

from cabling.analysis.impact import build_index, impact, resolve_target
from cabling.cli import main
from cabling.readers.loader import load
from cabling.telephony import checks
from cabling.telephony.directory import directory, phone_numbers
from cabling.telephony.find import find

BRANCH = Path(__file__).resolve().parents[1] / "sites" / "branch.yaml"


def test_the_branchs_handsets_are_on_its_dect_base_and_its_jack():
    inv = load(BRANCH)
    dect = {e.number: e for e in directory(inv) if e.kind == "dect"}
    assert sorted(dect) == ["150", "151", "152", "153"]
    assert {(e.phone, e.outlet, e.room, e.pbx_port) for e in dect.values()} == {
        ("DECT-1A-1", "1A-041:1", "1-OPEN", "PBX-1A-1")}
    assert dect["152"].name == "DECT handset 3"


def test_find_a_handset_traces_its_base_to_the_switch(capsys):
    assert main(["find", str(BRANCH), "151"]) == 0
    out = capsys.readouterr().out
    assert "DECT handset 2" in out and "DECT-1A-1:LAN" in out
    assert "-> ends at SW-1A-1:Gi1/0/41" in out and "1A-041:1" in out
    hits = find(load(BRANCH), "151")
    assert hits and any("DECT handset 2" in str(h) for h in hits)


def test_a_failed_base_cable_takes_every_handset_with_it():
    inv = load(BRANCH)
    t, _ = resolve_target(inv, "H-1A-A41")
    r = impact(build_index(inv), [t], phone_numbers(inv))
    (base,) = [d for d in r.devices if d.device.id == "DECT-1A-1"]
    assert base.phone == "150, 151, 152, 153"
    assert [j.phone for j in r.jacks] == ["150, 151, 152, 153"]


def test_an_uncabled_base_leaves_its_handsets_reachable_from_no_jack(tmp_path):
    text = BRANCH.read_text(encoding="utf-8").replace(
        "  - {id: W-1A-041, a: '1A-041:1', b: 'DECT-1A-1:LAN', type: cat6a, length: 0.5}\n", "")
    site = tmp_path / "branch.yaml"
    site.write_text(text, encoding="utf-8")
    found = [f for f in checks.extension_jacks(load(site)) if f.check == "extension-no-jack"]
    assert sorted(f.subject for f in found) == ["150", "151", "152", "153"]
    assert all(f.message.startswith(f"DECT extension {f.subject} (DECT handset")
               and f.message.endswith("reachable from no jack: DECT-1A-1:LAN is not cabled") for f in found)

"""Analog extensions in a plan: free station, riser and PBX pairs found, jumpers planned, the planned
site traces each new extension from its PBX port to its jack, and the work orders say what to punch."""
from __future__ import annotations

import json
from pathlib import Path

from cabling import standards
from cabling.analysis.trace import through_device
from cabling.cli import main
from cabling.planning.allocate import plan
from cabling.planning.plan import read_plan
from cabling.planning.workorders import work_orders
from cabling.readers.loader import load
from cabling.telephony.directory import directory

ROOT = Path(__file__).resolve().parent.parent
BRANCH = ROOT / "sites" / "branch.yaml"
EXAMPLE = ROOT / "sites" / "plans" / "branch-expansion.yaml"


def write_plan(tmp_path, body: str, site: str = "acme-branch") -> Path:
    p = tmp_path / "plan.yaml"
    p.write_text(f"plan: {{id: V-1, site: {site}}}\nrequests:\n{body}", encoding="utf-8")
    return p


def planned_site(tmp_path, inv_paths, result):
    frag = tmp_path / "fragment.yaml"
    frag.write_text(json.dumps(result.site_fragment()), encoding="utf-8")
    return load([*inv_paths, frag])


def free_fxs_pairs(inv) -> list[str]:
    """PBX extension ports punched on a PBX block, with no jumper and no extension: counted independently."""
    tel = inv.telephony
    assigned = {id(e.port) for e in tel.extensions if e.port is not None}
    out = []
    for block in tel.blocks.values():
        if block.side != "pbx":
            continue
        for n in range(1, block.rows * block.pairs_per_row + 1):
            front = block.front(n)
            if front.cable is not None or not front.rear:
                continue
            (end,) = through_device(front).destination
            if end.device.role == "pbx" and end.name.startswith("FXS") and id(end) not in assigned:
                out.append(inv.ref(end))
    return out


def test_the_example_plans_two_analog_extensions_that_trace_to_their_jacks(tmp_path):
    inv = load(BRANCH)
    res = plan(inv, read_plan(EXAMPLE))
    voice = {v.extension: v for v in res.voice}
    assert sorted(voice) == ["216", "313"] and not res.unmet
    fax = voice["216"]
    # the first free PBX port, a riser pair to 2A, a station pair of 2A with nothing punched on it
    assert fax.pbx_port == free_fxs_pairs(inv)[0]
    assert fax.space == "2A" and fax.station_pair.startswith("2A-V1:") and len(fax.riser_pairs) == 2
    assert len({v.pbx_port for v in voice.values()}) == 2 and len({v.station_pair for v in voice.values()}) == 2
    after = planned_site(tmp_path, [BRANCH], res)
    entry = {e.number: e for e in directory(after)}["216"]
    assert entry.outlet == f"{fax.outlet}:1" and entry.phone == "FAX-2A-2" and entry.pbx_port == fax.pbx_port
    assert entry.block_pairs == " > ".join([fax.pbx_pair, fax.riser_pairs[1], fax.riser_pairs[0], fax.station_pair])
    # the planned site has no telephony fault: every new extension reaches one jack, no pair used twice
    from cabling.faults import Config, scan

    assert [str(f) for f in scan(after, Config(select=("telephony",)))] == []


def test_work_orders_punch_the_jumpers_line_side_first_with_the_pair_colours():
    inv = load(BRANCH)
    res = plan(inv, read_plan(EXAMPLE))
    wo = work_orders(inv, res)
    jumpers = [t for t in wo.tasks if t.kind == "jumper"]
    assert len(jumpers) == sum(len(v.jumpers) for v in res.voice) == 4
    fax = next(v for v in res.voice if v.extension == "216")
    block, _, pair = fax.pbx_pair.rpartition(":")
    row, n = (int(x) for x in pair.split("."))
    colour = "/".join(standards.pair_colours(n))
    at_pbx = next(t for t in jumpers if t.cable == fax.jumpers[0])
    assert at_pbx.text.startswith(f"On block {block} row {row} pair {n} ({colour}) punch a jumper to riser pair ")
    assert at_pbx.space == "1A" and "extension 216" in at_pbx.text
    at_floor = next(t for t in jumpers if t.cable == fax.jumpers[1])
    assert at_floor.space == "2A" and " punch a jumper to station pair 2A-V1 row 3 " in at_floor.text
    kinds = [t.kind for t in wo.tasks if t.space == "2A" and (t.cable in (fax.cable, *fax.jumpers))]
    assert kinds == ["pull", "terminate", "label", "jumper", "test"]
    assert any(item.startswith("cross-connect jumper wire") and qty == 4 for item, _u, qty, _n in wo.bom)


def test_extensions_beyond_the_free_pbx_ports_are_unmet_with_the_reason(tmp_path):
    inv = load(BRANCH)
    free = free_fxs_pairs(inv)
    body = "".join(f"  - analog: {{room: 1-OPEN, at: [{5 + i}, 9], extension: '6{i:02d}'}}\n"
                   for i in range(len(free) + 2))
    res = plan(inv, read_plan(write_plan(tmp_path, body)))
    assert [v.pbx_port for v in res.voice] == free
    assert len(res.unmet) == 2
    assert all("every PBX extension port punched on a PBX block carries an extension or a jumper" in u.reason
               for u in res.unmet)


def test_an_extension_the_site_has_is_a_plan_error_at_its_line(tmp_path, capsys):
    pf = write_plan(tmp_path, "  - analog: {room: 2-PRINT, at: [22, 5], extension: '214'}\n")
    assert main(["plan", str(BRANCH), str(pf)]) == 2
    err = capsys.readouterr().err
    assert f"{pf}:3:" in err and "extension 214 is already given" in err and "branch.yaml:" in err


def test_a_site_without_blocks_says_so(tmp_path):
    office = ROOT / "sites" / "office.yaml"
    inv = load(office)
    site_id = next(iter(inv.sites))
    room = next(iter(inv.sites[site_id].rooms))
    res = plan(inv, read_plan(write_plan(tmp_path, f"  - analog: {{room: {room}, at: [1, 1], extension: '700'}}\n",
                                         site_id)))
    (u,) = res.unmet
    assert "no cross-connect blocks" in u.reason and not res.voice


def test_plan_json_lists_the_voice_allocation(capsys):
    assert main(["plan", str(BRANCH), str(EXAMPLE), "--json"]) == 1  # proposals: exit 1
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["analog_extensions"] == 2 and data["totals"]["jumpers"] == 4
    assert {v["extension"] for v in data["voice"]} == {"216", "313"}

"""Work orders from a plan: tasks in crew order, the network note, BOM, labels; CSV and XLSX read back."""
from __future__ import annotations

import csv
import math
from pathlib import Path

from openpyxl import load_workbook

from cabling.cli import main
from cabling.planning.allocate import plan
from cabling.planning.plan import read_plan
from cabling.planning.workorders import CABLE_BOX_M, to_xlsx, work_orders
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parent.parent
BRANCH = ROOT / "sites" / "branch.yaml"
EXAMPLE = ROOT / "sites" / "plans" / "branch-expansion.yaml"


def example():
    inv = load([BRANCH])
    res = plan(inv, read_plan(EXAMPLE))
    return res, work_orders(inv, res)


def test_tasks_follow_the_crew_order_for_every_new_cable():
    res, wo = example()
    horizontal = [c for c in res.cables if c.kind == "horizontal"]
    for c in horizontal:
        kinds = [(t.space, t.floor, t.number, t.kind) for t in wo.tasks if t.cable == c.id]
        assert [k[3] for k in kinds] == ["pull", "terminate", "label", "certify"]
        assert len({k[:2] for k in kinds}) == 1 and [k[2] for k in kinds] == sorted(k[2] for k in kinds)
        pull = next(t for t in wo.tasks if t.cable == c.id and t.kind == "pull")
        assert pull.length_m == c.length and c.a.split(":")[0] in pull.text
    for group in {(t.space, t.floor) for t in wo.tasks}:
        numbers = [t.number for t in wo.tasks if (t.space, t.floor) == group]
        assert numbers == list(range(1, len(numbers) + 1))
    # panels and switches go in before any cable is pulled to them
    first_pull = min(t.number for t in wo.tasks if t.space == "2A" and t.kind == "pull")
    assert all(t.number < first_pull for t in wo.tasks if t.space == "2A" and t.kind == "install")


def test_network_note_bom_and_labels_match_the_allocation():
    res, wo = example()
    patched = [j for j in res.jacks if j.switch_port]
    assert sorted(n.switch_port for n in wo.network) == sorted(j.switch_port for j in patched)
    poe = {n.switch_port: n.poe for n in wo.network}
    assert all(poe[j.switch_port].startswith(f"class {j.poe_class}") for j in patched if j.poe_class is not None)
    metres = sum(c.length for c in res.cables if c.kind == "horizontal")
    boxes = next(b for b in wo.bom if b[0] == "cat6a horizontal cable")
    assert boxes[2] == math.ceil(metres / CABLE_BOX_M) and boxes[2] * CABLE_BOX_M >= metres
    for j in res.jacks:
        if j.cable:
            ends = [x for x in wo.labels if x.cable == j.cable]
            assert [x.label for x in ends] == [j.label, j.label]
            assert "outlet end" in ends[0].where and "panel end" in ends[1].where


def test_cli_writes_csv_and_xlsx_that_read_back(tmp_path):
    out = tmp_path / "wo"
    assert main(["workorders", str(BRANCH), str(EXAMPLE), "-o", str(out)]) == 0
    res, wo = example()
    with open(out / "BR-2027-01-tasks.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(wo.tasks) and rows[0]["kind"] == wo.tasks[0].kind
    assert {"install", "pull", "certify", "jumper", "test"} <= {r["kind"] for r in rows}
    assert {r["result"] for r in rows} == {""}  # the crew fills it in
    wb = load_workbook(out / "BR-2027-01-workorders.xlsx")
    assert wb.sheetnames == ["Tasks", "Network", "Bill of materials", "Labels", "Acceptance"]
    tasks = wb["Tasks"]
    assert [c.value for c in tasks[1]] == ["space", "floor", "number", "kind", "task", "cable", "length_m", "result"]
    assert tasks.max_row == len(wo.tasks) + 1
    assert tasks.cell(row=2, column=5).value == wo.tasks[0].text
    assert wb["Labels"].max_row == len(wo.labels) + 1
    # a second run does not overwrite without --force
    assert main(["workorders", str(BRANCH), str(EXAMPLE), "-o", str(out)]) == 2
    assert to_xlsx(wo)[:2] == b"PK"


def test_readme_shows_the_bill_of_materials_it_writes(tmp_path):
    out = tmp_path / "wo"
    main(["workorders", str(BRANCH), str(EXAMPLE), "-o", str(out), "--format", "csv"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ cat wo/BR-2027-01-bom.csv\n", 1)[1].split("```", 1)[0]
    assert shown == (out / "BR-2027-01-bom.csv").read_text(encoding="utf-8")


def test_jacks_are_terminated_to_the_wiring_the_site_names(tmp_path, capsys):
    """The branch says `wiring: T568B`; a copy that says T568A gets T568A in every termination task,
    and a wiring the standard does not have is an error that names both."""
    res, wo = example()
    terminate = [t.text for t in wo.tasks if t.kind == "terminate"]
    assert terminate and all(", T568B:" in t for t in terminate)
    other = tmp_path / "branch.yaml"
    other.write_text(BRANCH.read_text(encoding="utf-8").replace("  wiring: T568B", "  wiring: T568A", 1),
                     encoding="utf-8")
    inv = load([other])
    wo_a = work_orders(inv, plan(inv, read_plan(EXAMPLE)))
    assert [t.text for t in wo_a.tasks if t.kind == "terminate"] == [t.replace(", T568B:", ", T568A:") for t in terminate]
    other.write_text(BRANCH.read_text(encoding="utf-8").replace("  wiring: T568B", "  wiring: 568b", 1), encoding="utf-8")
    assert main(["validate", str(other)]) == 1
    assert "wiring: '568b' is not one of T568A, T568B" in capsys.readouterr().out

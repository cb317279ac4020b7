"""The viewer's planning view (app.py, Planning tab) with streamlit's AppTest: a plan chosen or uploaded, its
new outlets and routes on the floor plan, the allocated jacks, and the work orders to download."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cabling.planning.allocate import plan
from cabling.planning.plan import read_plan
from cabling.planning.workorders import SHEETS, to_csv_files, work_orders
from cabling.readers.loader import load
from viewer_drive import app, plan_spec

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "sites" / "plans" / "branch-expansion.yaml"


@pytest.fixture(scope="module")
def expected():
    inv = load(ROOT / "sites" / "branch.yaml")
    return inv, plan(inv, read_plan(PLAN))


@pytest.fixture
def downloads(monkeypatch):
    """What the page hands to its download buttons: file name -> bytes (the bytes the browser would save)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    got: dict[str, bytes] = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            got[filename] = path_or_data
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return got


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def planning(floor="2", plan_name=None):
    at = app()
    at.query_params.update({"site": "branch", "floor": floor})
    ok(at.run())
    at.session_state["tab"] = "Planning"
    ok(at.run())
    if plan_name is not None:
        plan_box(at).set_value(plan_name)
        ok(at.run())
    return at


def plan_box(at):
    return next(s for s in at.selectbox if s.label == "Plan")


def jacks_table(at):
    return next(d.value for d in at.dataframe if "panel_port" in d.value.columns)


def test_the_bundled_plan_of_the_site_is_offered_and_its_jacks_listed(expected):
    inv, result = expected
    at = planning()
    assert "branch-expansion (bundled plan)" in plan_box(at).options
    assert not at.get("download_button")  # nothing chosen yet
    plan_box(at).set_value("branch-expansion")
    ok(at.run())
    jacks = jacks_table(at)
    assert len(jacks) == len(result.jacks) > 40
    assert list(zip(jacks["outlet"], jacks["jack"])) == [(j.outlet, j.jack) for j in result.jacks]
    assert list(jacks["panel_port"]) == [j.panel_port for j in result.jacks]
    assert any(f"**{len(result.jacks)} jacks**" in m.value for m in at.markdown)
    proposals = next(d.value for d in at.dataframe if list(d.value.columns)[:2] == ["what", "where"])
    assert list(proposals["device"]) == [p.device for p in result.proposals]
    assert any("Every request is met" in s.value for s in at.success)
    assert at.query_params["plan"] == "branch-expansion"


def test_the_plans_new_outlets_and_routes_are_drawn_on_the_floor(expected):
    inv, result = expected
    at = planning(plan_name="branch-expansion")
    data = plan_spec(at)["data"]
    new = next(t for t in data if (t.get("meta") or {}).get("plan") == "new")
    site = inv.sites[result.site]
    on_floor = [d for d in result.devices if d.role == "outlet" and d.room and site.rooms[d.room].floor.id == "2"]
    assert sorted(c[0] for c in new["customdata"]) == sorted(d.id for d in on_floor) and len(on_floor) > 20
    assert sorted(zip(new["x"], new["y"])) == sorted(tuple(d.at) for d in on_floor)
    routes = next(t for t in data if (t.get("meta") or {}).get("plan") == "routes")
    cables = {j.cable for j in result.jacks if j.floor == "2" and j.cable} | {v.cable for v in result.voice
                                                                            if v.floor == "2"}
    assert cables <= set(routes["meta"]["cables"])
    assert new["marker"]["color"] == routes["line"]["color"]  # the plan's own colour
    assert {new["marker"]["color"]}.isdisjoint(t["marker"]["color"] for t in data if (t.get("meta") or {}).get("state"))
    # another floor of the plan, by its button
    next(b for b in at.button if b.label.startswith("floor 3")).click()
    ok(at.run())
    assert "floor 3" in plan_spec(at)["layout"]["title"]["text"]
    new3 = next(t for t in plan_spec(at)["data"] if (t.get("meta") or {}).get("plan") == "new")
    assert {c[0] for c in new3["customdata"]} >= {"3A-037", "3A-052"}


def test_the_work_orders_download_as_xlsx_and_zipped_csv(expected, downloads):
    inv, result = expected
    at = planning(plan_name="branch-expansion")
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["Download BR-2027-01-workorders.xlsx", "Download BR-2027-01-workorders-csv.zip"]
    wb = load_workbook(io.BytesIO(downloads["BR-2027-01-workorders.xlsx"]))
    assert wb.sheetnames == list(SHEETS.values())
    wo = work_orders(inv, result)
    tasks = wb["Tasks"]
    assert tasks.max_row == len(wo.tasks) + 1 > 100
    assert any("Pull cat6a cable" in str(c.value) for c in tasks["E"])
    with zipfile.ZipFile(io.BytesIO(downloads["BR-2027-01-workorders-csv.zip"])) as z:
        assert sorted(z.namelist()) == sorted(to_csv_files(wo))
        assert z.read("BR-2027-01-labels.csv").decode() == to_csv_files(wo)["BR-2027-01-labels.csv"]


def upload_plan(at, name, data):
    plan_box(at).set_value(next(o for o in plan_box(at).options if o and o.startswith("Upload")))
    ok(at.run())
    at.get("file_uploader")[0].set_value((name, data, "application/yaml"))
    return ok(at.run())


def test_an_uploaded_plan_is_allocated_like_a_bundled_one(expected):
    inv, result = expected
    at = planning()
    upload_plan(at, "mine.yaml", PLAN.read_bytes())
    assert len(jacks_table(at)) == len(result.jacks)
    assert "plan" not in at.query_params  # an upload cannot be linked to


def test_a_broken_uploaded_plan_shows_file_line_col_in_the_page_not_a_traceback():
    at = planning()
    text = PLAN.read_text().replace("count: 16\n", "count: sixteen\n")
    upload_plan(at, "broken.yaml", text.encode())
    assert any("cannot be used" in e.value for e in at.error)
    (lines,) = [c.value for c in at.code]
    line = text.splitlines().index("      count: sixteen") + 1
    assert lines.startswith(f"broken.yaml:{line}:") and "sixteen" in lines
    assert "cabling-upload-" not in lines
    assert not at.get("download_button")


def test_a_plan_naming_a_room_the_site_lacks_is_an_error_in_the_page():
    at = planning()
    text = PLAN.read_text().replace("room: 3-OPEN\n      count: 16", "room: 3-OPNE\n      count: 16")
    upload_plan(at, "typo.yaml", text.encode())
    (lines,) = [c.value for c in at.code]
    assert lines.startswith("typo.yaml:") and "3-OPNE" in lines


def test_a_plan_that_is_not_yaml_or_too_big_is_refused_in_the_page():
    at = planning()
    upload_plan(at, "junk.yaml", b"\xff\xfe\x00 garbage")
    assert any("cannot be used" in e.value for e in at.error)
    at = planning()
    upload_plan(at, "big.yaml", b"# " + b"x" * (11 * 1024 * 1024))
    assert any("at most 10 MB" in e.value and "cabling plan SITE PLAN" in e.value for e in at.error)


def test_a_link_opens_the_planning_view_on_its_plan(expected):
    at = app()
    at.query_params.update({"site": "branch", "floor": "3", "plan": "branch-expansion"})
    ok(at.run())
    assert at.session_state["tab"] == "Planning" and plan_box(at).value == "branch-expansion"
    assert len(jacks_table(at)) == len(expected[1].jacks)


def test_a_site_without_a_bundled_plan_offers_an_upload_only():
    at = app()
    at.query_params.update({"site": "kazan"})
    ok(at.run())
    at.session_state["tab"] = "Planning"
    ok(at.run())
    assert plan_box(at).options == ["choose a plan\u2026", "Upload a plan file\u2026"]
    assert any("Bundled plans for kazan: none" in i.value for i in at.info)


def test_a_click_on_a_planned_outlet_shows_its_jacks(expected):
    from viewer_drive import send

    inv, result = expected
    at = planning(plan_name="branch-expansion")
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith("-plan_view"))
    data = json.loads(chart.proto.spec)["data"]
    curve = next(n for n, t in enumerate(data) if (t.get("meta") or {}).get("plan") == "new")
    i = next(k for k, c in enumerate(data[curve]["customdata"]) if c[0] == "2A-049")
    point = {"curve_number": curve, "point_number": i, "point_index": i, "x": data[curve]["x"][i],
             "y": data[curve]["y"][i], "customdata": data[curve]["customdata"][i]}
    ok(send(at, chart.proto.id, {"selection": {"points": [point], "point_indices": [i], "box": [], "lasso": []}}))
    jacks = jacks_table(at)
    mine = [j for j in result.jacks if j.outlet == "2A-049"]
    assert list(jacks["outlet"]) == ["2A-049"] * len(mine) and list(jacks["panel_port"]) == [j.panel_port for j in mine]
    assert any("Allocated jacks of 2A-049" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Show every jack").click()
    ok(at.run())
    assert len(jacks_table(at)) == len(result.jacks)


def test_what_an_uploaded_plan_cannot_meet_is_listed_with_its_line():
    text = PLAN.read_text().replace("count: 24\n", "count: 600\n")  # more outlets than floor 2's racks can serve
    at = planning()
    upload_plan(at, "huge.yaml", text.encode())
    unmet = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert len(unmet) > 100 and all(m.startswith("huge.yaml:") for m in unmet["mark"])  # file:line:col as uploaded
    assert not any("cabling-upload-" in m for m in unmet["mark"])
    assert "no room for a panel" in unmet["reason"].iloc[0]
    assert any(f"{len(unmet)} unmet" in e.value for e in at.error)
    assert at.get("download_button")  # the work orders cover the rest


def test_the_printable_work_orders_download_as_html_and_as_pdf_when_asked(expected, downloads):
    from pypdf import PdfReader

    inv, result = expected
    at = planning(plan_name="branch-expansion")
    html = downloads["BR-2027-01-workorders.html"].decode()
    new_on_2 = [d.id for d in result.devices if d.role == "outlet" and d.room and d.room.startswith("2-")]
    assert html.count("<svg") >= 2 and all(o in html for o in new_on_2)  # a floor-plan sheet per floor touched
    assert "BR-2027-01-labels.html" in downloads and "BR-2027-01-workorders.pdf" not in downloads
    next(b for b in at.button if b.label.startswith("Make the PDFs")).click()
    ok(at.run(timeout=180))
    labels = [b.label for b in at.get("download_button")]
    assert "Download BR-2027-01-workorders.pdf" in labels and "Download BR-2027-01-labels.pdf" in labels
    reader = PdfReader(io.BytesIO(downloads["BR-2027-01-workorders.pdf"]))
    text = "".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) > 3 and "BR-2027-01" in text and "Pull cat6a cable" in text
    labels_pdf = PdfReader(io.BytesIO(downloads["BR-2027-01-labels.pdf"]))
    assert result.jacks[0].label in "".join(p.extract_text() for p in labels_pdf.pages)
    assert not any(b.label.startswith("Make the PDFs") for b in at.button)  # made: the button has done its work

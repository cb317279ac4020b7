"""The viewer's logic (app.py) with streamlit's AppTest: site and floor choice, search, a click,
broken and oversized uploads, the shareable URL and the command-line site."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from viewer_drive import APP, app, click, outlet_points, plan_spec, select_row, trace_texts

ROOT = Path(__file__).resolve().parents[1]


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def selectbox(at, label):
    return next(s for s in at.selectbox if s.label == label)


def plan_spec_of(chart) -> dict:
    return json.loads(chart.proto.spec)


def title(at) -> str:
    return plan_spec(at)["layout"]["title"]["text"]


def test_opens_on_the_three_floor_branch_with_its_plan():
    at = ok(app().run())
    assert selectbox(at, "Site").value == "branch"
    assert selectbox(at, "Floor").options == ["1 \u2013 Ground floor", "2 \u2013 First floor", "3 \u2013 Second floor"]
    assert "floor 1 (Ground floor)" in title(at)
    assert len(outlet_points(at)) > 30
    assert at.query_params == {"site": "branch", "floor": "1"}
    assert not trace_texts(at)  # nothing traced yet
    assert any("Click an outlet" in i.value for i in at.info)
    # how to ask the same from a terminal, with the file as typed from the project folder
    assert [c.value for c in at.code] == ["cabling trace sites/branch.yaml DEVICE:PORT"]
    click(at, "1A-001")
    assert [c.value for c in at.code] == trace_texts(at) and len(trace_texts(at)) == 1  # the hint gave way


def test_choosing_a_site_and_a_floor_redraws_the_plan():
    at = ok(app().run())
    selectbox(at, "Floor").set_value("3")
    ok(at.run())
    assert "floor 3 (Second floor)" in title(at)
    assert {t["customdata"][i][0][:2] for _c, i, t in outlet_points(at)} == {"3A"}
    assert at.query_params["floor"] == "3"
    selectbox(at, "Site").set_value("office")
    ok(at.run())
    assert at.query_params["site"] == "office"
    assert selectbox(at, "Floor").value == "1" and "port" not in at.query_params
    assert any(t["customdata"][i][0] == "1A-007" for _c, i, t in outlet_points(at))


def test_search_an_outlet_on_another_floor_traces_it_and_shows_its_floor():
    at = ok(app().run())
    at.text_input[0].input("2A-017")
    ok(at.run())
    assert selectbox(at, "Floor").value == "2"
    assert at.query_params == {"site": "branch", "floor": "2", "port": "2A-017:1"}
    (text,) = trace_texts(at)
    assert text.startswith("Trace from 2A-017:1 (front port of outlet 2A-017")
    assert "Path 1 of 2, along its cable" in text and "Path 2 of 2, through outlet 2A-017" in text
    assert "-> ends at SW-2A-1:Gi1/0/17 (switch SW-2A-1)" in text
    route = next(t for t in plan_spec(at)["data"] if t["name"].startswith("Route H-2A-A17"))
    assert len(route["x"]) > 2  # drawn along the pathways
    assert any("Route of H-2A-A17" in m.value for m in at.markdown)


@pytest.mark.parametrize("query, port", [("SW-1A-1:Gi1/0/7", "SW-1A-1:Gi1/0/7"), ("PH-3A-010", "PH-3A-010:LAN"),
                                         ("3A-A10", "3A-010:1"), ("h-2a-a05", "2A-005:1")])
def test_search_a_port_phone_label_or_cable(query, port):
    at = ok(app().run())
    at.text_input[0].input(query)
    ok(at.run())
    assert at.query_params["port"] == port
    assert trace_texts(at)[0].startswith(f"Trace from {port} ")


@pytest.mark.parametrize("query, port", [("214", "PBX-1A-1:FXS3"), ("0113 496 0101", "1A-DM:1.1"),
                                         ("+44 (0)113 496 0102", "1A-DM:1.2")])
def test_search_an_extension_or_a_phone_number_in_any_writing(query, port):
    at = ok(app().run())
    at.text_input[0].input(query)
    ok(at.run())
    assert at.query_params["port"] == port
    assert trace_texts(at)[0].startswith(f"Trace from {port} ")


def test_a_search_with_several_matches_offers_them():
    at = ok(app().run())
    at.text_input[0].input("PH-2A-01")
    ok(at.run())
    pick = next(s for s in at.selectbox if s.label.endswith("matches"))
    assert "port" not in at.query_params
    choice = next(o for o in pick.options if o.startswith("PH-2A-012:LAN"))
    pick.set_value(choice)
    ok(at.run())
    assert at.query_params["port"] == "PH-2A-012:LAN"
    assert "-> ends at 2A-012:1" in trace_texts(at)[0] or "PH-2A-012:LAN" in trace_texts(at)[0]


def test_a_search_that_finds_nothing_says_so():
    at = ok(app().run())
    at.text_input[0].input("NO-SUCH-THING")
    ok(at.run())
    assert any("nothing called 'NO-SUCH-THING'" in w.value for w in at.warning)
    assert not trace_texts(at)


def test_a_click_on_an_outlet_traces_it_and_rings_it():
    at = ok(app().run())
    selectbox(at, "Floor").set_value("2")
    ok(at.run())
    ok(click(at, "2A-005"))
    assert at.query_params["port"] == "2A-005:1"
    text = trace_texts(at)[0]
    assert "cable H-2A-A05" in text and "PH-2A-005:LAN" in text
    names = [t["name"] for t in plan_spec(at)["data"]]
    assert "Selected 2A-005" in names and any(n.startswith("Route H-2A-A05") for n in names)
    # the selection stays when the page reruns for another reason
    ok(at.run())
    assert at.query_params["port"] == "2A-005:1"


def test_a_shared_link_restores_site_floor_and_traced_port():
    at = app()
    at.query_params.update({"site": "office", "floor": "1", "port": "1A-014:1"})
    ok(at.run())
    assert selectbox(at, "Site").value == "office"
    text = trace_texts(at)[0]
    assert "cable H-1A-A14" in text and "faulty" in text


def test_a_link_to_a_port_that_is_not_there_warns():
    at = app()
    at.query_params.update({"site": "kazan", "port": "NOPE:1"})
    ok(at.run())
    assert any("NOPE:1" in w.value for w in at.warning)
    assert selectbox(at, "Site").value == "kazan"


def upload(at, name, data):
    selectbox(at, "Site").set_value(next(o for o in selectbox(at, "Site").options if o.startswith("Upload")))
    ok(at.run())
    at.get("file_uploader")[0].set_value((name, data, "application/yaml"))
    return ok(at.run())


def test_a_broken_upload_shows_the_loaders_errors_not_a_traceback():
    at = ok(app().run())
    text = (ROOT / "sites" / "kazan.yaml").read_text().replace("b: PP-2A-A:R[1-24]", "b: PP-2A-X:R[1-24]")
    upload(at, "mine.yaml", text.encode())
    assert any("mine.yaml cannot be loaded" in e.value for e in at.error)
    (lines,) = trace_texts(at)
    assert lines.startswith("mine.yaml:") and "PP-2A-X" in lines  # file:line:col, named as uploaded
    assert "cabling-upload-" not in lines
    assert not at.get("plotly_chart")


def test_an_upload_that_is_not_yaml_at_all_is_an_error_too():
    at = ok(app().run())
    upload(at, "junk.yaml", b"\x00\x01\x02 not yaml")
    assert any("junk.yaml cannot be loaded" in e.value for e in at.error)


def test_a_good_upload_is_drawn_and_traced():
    at = ok(app().run())
    upload(at, "k.yaml", (ROOT / "sites" / "kazan.yaml").read_bytes())
    assert "Kazan branch" in title(at)
    assert "site" not in at.query_params  # an upload cannot be linked to
    at.text_input[0].input("2A-017")
    ok(at.run())
    assert "PH-2A-017:LAN" in trace_texts(at)[0]


def test_cyrillic_names_are_drawn_searched_and_traced_in_the_page():
    """Unicode in the viewer: a file of Cyrillic names (and a Cyrillic file name) uploaded, its plan titled and
    labelled with them, a search typed in Cyrillic found and traced."""
    text = ((ROOT / "sites" / "kazan.yaml").read_text(encoding="utf-8")
            .replace("Kazan branch", "Казанский филиал").replace("Open office", "Открытый офис")
            .replace("PH-2A-017", "Телефон-017"))
    at = ok(app().run())
    upload(at, "казань.yaml", text.encode("utf-8"))
    assert "Казанский филиал" in title(at)
    assert "Открытый офис" in json.dumps(plan_spec(at), ensure_ascii=False)
    at.text_input[0].input("телефон-017")
    ok(at.run())
    assert "Телефон-017:LAN" in trace_texts(at)[0]


def test_an_oversized_upload_is_refused_with_the_limit():
    at = ok(app().run())
    big = b"# " + b"x" * (11 * 1024 * 1024)
    upload(at, "big.yaml", big)
    assert any("at most 10 MB" in e.value for e in at.error)


def test_a_site_named_on_the_command_line_comes_first(monkeypatch, tmp_path):
    site = tmp_path / "mine.yaml"
    site.write_text((ROOT / "sites" / "kazan.yaml").read_text().replace("../schemas", str(ROOT / "schemas")))
    monkeypatch.setattr(sys, "argv", [str(APP), str(site)])
    at = ok(app().run())
    assert selectbox(at, "Site").value == str(site)
    assert "Kazan branch" in title(at)


def test_an_outlet_with_two_jacks_traces_the_first_and_offers_the_other():
    at = ok(app().run())
    selectbox(at, "Site").set_value("office")
    ok(at.run())
    at.text_input[0].input("1A-015")
    ok(at.run())
    assert at.query_params["port"] == "1A-015:1"
    jack = next(r for r in at.radio if r.label == "Jack")
    assert jack.options == ["1A-015:1", "1A-015:2"]
    jack.set_value("1A-015:2")
    ok(at.run())
    assert at.query_params["port"] == "1A-015:2"
    assert trace_texts(at)[0].startswith("Trace from 1A-015:2 ")
    ok(click(at, "1A-015"))  # a click on the outlet again traces the jack that gives it its state
    assert at.query_params["port"] in ("1A-015:1", "1A-015:2")
    assert next(r for r in at.radio if r.label == "Jack").value == at.query_params["port"]


def test_capacity_tab_totals_charts_and_a_dark_jack_located_on_the_plan():
    at = ok(app().run())
    at.session_state["tab"] = "Capacity"
    ok(at.run())
    totals = at.dataframe[0].value
    assert list(totals["space"]) == ["1A", "2A", "3A", "(total)"]
    total = totals.iloc[-1]
    assert total["jacks"] == 131 and total["dark"] == 5  # the branch's 125 data and 6 voice outlets, 5 not patched
    charts = [plan_spec_of(c) for c in at.get("plotly_chart")]
    titles = [c["layout"]["title"]["text"] for c in charts]
    assert titles == ["Outlet jacks per space", "Switch and panel ports per space", "PoE budget per switch"]
    poe = charts[2]
    assert poe["data"][0]["x"] == ["SW-1A-1", "SW-2A-1", "SW-3A-1"]
    dark = at.dataframe[-1].value
    assert "2A-047:1" in list(dark["jack"])
    row = list(dark["jack"]).index("2A-047:1")
    ok(select_row(at, "dark_jacks", row))
    assert at.session_state["tab"] == "Plan"
    assert at.query_params["port"] == "2A-047:1" and at.query_params["floor"] == "2"
    text = trace_texts(at)[0]
    assert text.startswith("Trace from 2A-047:1") and "PP-2A-A:47" in text


def test_capacity_totals_by_floor():
    at = ok(app().run())
    at.session_state["tab"] = "Capacity"
    ok(at.run())
    at.get("button_group")[0].set_value("floor")
    ok(at.run())
    assert list(at.dataframe[0].value["floor"]) == ["1", "2", "3", "(total)"]


# ---------------------------------------------------------------- the Faults tab
def faults_table(at):
    return next(d.value for d in at.dataframe if d.proto.id.endswith("-faults"))


def open_faults(site="faulty"):
    at = app()
    at.query_params.update({"site": site})
    ok(at.run())
    at.session_state["tab"] = "Faults"
    return ok(at.run())


def test_faults_tab_lists_every_finding_of_the_site_with_rule_severity_and_place():
    from cabling.faults import scan
    from cabling.readers.loader import load

    expected = scan(load(ROOT / "sites" / "faulty.yaml"))
    at = open_faults()
    table = faults_table(at)
    assert sorted(zip(table["rule"], table["severity"])) == sorted((f.rule, f.severity) for f in expected)
    assert {"T101", "B102", "P103"} <= set(table["rule"])  # the faults the example is made of
    assert all(w.startswith("sites/faulty.yaml:") for w in table["where"])  # file:line:col, as in the repository
    assert not any(str(ROOT) in m for m in table["message"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"errors": str(sum(f.severity == "error" for f in expected)),
                       "warnings": str(sum(f.severity == "warning" for f in expected)),
                       "info": str(sum(f.severity == "info" for f in expected))}
    assert any(f"**{len(expected)} findings**" in m.value for m in at.markdown)


def test_faults_filtered_by_severity_and_by_family():
    from cabling.faults import scan
    from cabling.faults.catalogue import get
    from cabling.readers.loader import load

    found = scan(load(ROOT / "sites" / "faulty.yaml"))
    at = open_faults()
    sev = next(b for b in at.get("button_group") if b.proto.label == "Severity")
    sev.set_value(["warning"])
    ok(at.run())
    table = faults_table(at)
    assert sorted(table["rule"]) == sorted(f.rule for f in found if f.severity == "warning")
    assert set(table["severity"]) == {"warning"} and "L102" in set(table["rule"])
    sev = next(b for b in at.get("button_group") if b.proto.label == "Severity")
    sev.set_value(["error", "warning", "info"])
    ok(at.run())
    family = next(m for m in at.multiselect if m.label == "Family")
    assert set(family.options) == {get(f.rule).family for f in found} >= {"poe", "lengths", "labels", "paths"}
    family.set_value(["poe"])
    ok(at.run())
    table = faults_table(at)
    assert set(table["family"]) == {"poe"}
    assert sorted(table["rule"]) == sorted(f.rule for f in found if get(f.rule).family == "poe")
    assert {"P102", "P103"} <= set(table["rule"])


def test_a_finding_clicked_is_traced_on_the_plan():
    at = open_faults()
    table = faults_table(at)
    row = list(table["rule"]).index("T101")  # permanent link H-1A-A12 over 90 m
    ok(select_row(at, "faults", row))
    assert at.session_state["tab"] == "Plan"
    assert at.query_params["floor"] == "1" and at.query_params["port"].startswith(("1A-012", "PP-1A-A"))
    text = trace_texts(at)[0]
    assert "H-1A-A12" in text
    assert any(t["name"].startswith("Route H-1A-A12") for t in plan_spec(at)["data"])  # its route drawn


def test_a_finding_on_a_switch_shows_its_port_traced():
    at = open_faults()
    table = faults_table(at)
    row = list(table["rule"]).index("P102")  # the camera on a port with too little PoE
    ok(select_row(at, "faults", row))
    assert at.session_state["tab"] == "Plan"
    assert "CAM-1A-1" in trace_texts(at)[0]


# ---------------------------------------------------------------- uploads stay in a temporary folder
def repository_files() -> list[str]:
    import os

    skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "cabling.egg-info"}
    out = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        out += [os.path.join(folder, f) for f in files]
    return sorted(out)


def test_an_upload_is_written_only_into_a_temporary_folder_that_is_removed(tmp_path, monkeypatch):
    import tempfile

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    written = []
    real = Path.write_bytes

    def spy(self, data):
        written.append(Path(self).resolve())
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", spy)
    before = repository_files()
    at = ok(app().run())
    upload(at, "../../../escape.yaml", (ROOT / "sites" / "kazan.yaml").read_bytes())
    assert "Kazan branch" in title(at)
    at2 = ok(app().run())
    upload(at2, "/etc/evil.yaml", b"sites: [")  # a broken one, with an absolute name
    assert any("evil.yaml cannot be loaded" in e.value for e in at2.error)
    at3 = app()  # a plan upload takes the same way
    at3.query_params.update({"site": "branch", "floor": "2", "plan": "branch-expansion"})
    ok(at3.run())
    plan_box = next(s for s in at3.selectbox if s.label == "Plan")
    plan_box.set_value(next(o for o in plan_box.options if o.startswith("Upload")))
    ok(at3.run())
    at3.get("file_uploader")[0].set_value(("..\\..\\plan.yaml", (ROOT / "sites" / "plans" / "branch-expansion.yaml")
                                           .read_bytes(), "application/yaml"))
    ok(at3.run())
    assert any(d.value.shape[0] > 40 for d in at3.dataframe)  # allocated
    assert len(written) == 3 and all(tmp in w.parents for w in written), written
    assert [w.name for w in written] == ["escape.yaml", "evil.yaml", "plan.yaml"]
    assert list(tmp.iterdir()) == [] and list(work.iterdir()) == []  # removed after loading; nothing in the cwd
    assert repository_files() == before
    assert not Path("/etc/evil.yaml").exists()


def test_the_viewer_serves_this_machine_only_and_limits_uploads():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    import re

    limit = int(re.search(r"^MAX_UPLOAD_MB = (\d+)", APP.read_text(), re.M).group(1))
    assert config["server"]["maxUploadSize"] == limit  # streamlit refuses bigger files before app.py sees them


KAZAN = (ROOT / "sites" / "kazan.yaml").read_text()
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))


@pytest.mark.parametrize("name, data", [
    ("truncated.yaml", KAZAN[: len(KAZAN) // 2].encode()),
    ("bomb.yaml", BOMB.encode()),
    ("tag.yaml", KAZAN.replace("name: Kazan branch", "name: !!python/object/apply:os.system ['echo hi']").encode()),
    ("deep.yaml", b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"),
    ("dupe.yaml", KAZAN.replace("  name: Kazan branch\n", "  name: Kazan branch\n  name: again\n").encode()),
    ("latin1.yaml", KAZAN.replace("Kazan branch", "Caf\u00e9 branch").encode("latin-1")),
], ids=["truncated", "alias-bomb", "python-tag", "nested-10000", "duplicate-key", "not-utf8"])
def test_a_hostile_or_broken_upload_is_an_error_in_the_page(name, data, request):
    at = ok(app().run())
    upload(at, name, data)  # ok(): no exception reached the page
    assert any(f"{name} cannot be loaded" in e.value for e in at.error)
    (lines,) = trace_texts(at)
    assert lines.startswith(name) and "cabling-upload-" not in lines
    said = {"truncated": "missing required key", "alias-bomb": "alias", "python-tag": "is not supported",
            "nested-10000": "nesting", "duplicate-key": "duplicate key", "not-utf8": "not UTF-8"}
    said = said[request.node.callspec.id]
    assert said in lines
    assert not at.get("plotly_chart")

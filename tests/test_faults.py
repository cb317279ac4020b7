"""cabling faults: every rule breaks on its failing example and holds on its passing one; the scan's
settings, suppressions and outputs; the example sites raise no error."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cabling.cli import main
from cabling.faults import Config, rules, scan
from cabling.faults.examples import example_site
from cabling.readers.loader import is_site_file, load

SITES = Path(__file__).resolve().parent.parent / "sites"


def _scan_text(tmp_path, text, name="site.yaml", **config):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan(load(path), Config(**config)), path


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.code)
def test_each_rule_breaks_on_its_failing_example(tmp_path, rule):
    found, _ = _scan_text(tmp_path, example_site(rule.fails))
    mine = [f for f in found if f.rule == rule.code]
    assert mine, f"{rule.code} did not fire on its failing example"
    assert all(f.severity == rule.severity and f.message for f in mine)


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.code)
def test_each_rule_holds_on_its_passing_example(tmp_path, rule):
    found, _ = _scan_text(tmp_path, example_site(rule.passes))
    assert [f for f in found if f.rule == rule.code] == []


def test_the_example_base_itself_is_clean(tmp_path):
    found, _ = _scan_text(tmp_path, example_site(""))
    assert found == []


def test_codes_are_unique_and_every_rule_is_documented():
    every = rules()
    assert len({r.code for r in every}) == len(every)
    for r in every:
        assert r.summary and r.source and r.explanation and r.fails and r.passes, r.code
        assert r.code[0] == {"paths": "B", "orphans": "O", "lengths": "T", "category": "C", "poe": "P",
                             "labels": "L", "spaces": "S", "geometry": "G", "config": "I",
                             "telephony": "V"}.get(r.family, r.code[0])


EXAMPLES = [p for p in sorted(SITES.glob("*.yaml")) + sorted(SITES.glob("*/*.yaml"))
            if p.name != "faulty.yaml" and is_site_file(p)]  # sites/plans/ holds plan requests, not sites


@pytest.mark.parametrize("site", EXAMPLES, ids=lambda p: p.name)
def test_example_sites_raise_no_error(site):
    errors = [str(f) for f in scan(load(site)) if f.severity == "error"]
    assert errors == []


# ------------------------------------------------------------------ findings name what and where
def test_a_finding_names_file_line_ports_cables_and_a_hint(tmp_path):
    frag = rules_by_code()["T101"].fails
    found, path = _scan_text(tmp_path, example_site(frag))
    (f,) = [f for f in found if f.rule == "T101"]
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "H-1A-A02" in text)
    assert (f.file, f.line) == (str(path), line) and f.column > 1
    assert f.cables == ("H-1A-A02",) and set(f.ports) == {"1A-002:R1", "PP-1A-A:R2"}
    assert "94 m" in f.message and "90 m" in f.message and f.hint


def rules_by_code():
    return {r.code: r for r in rules()}


# ------------------------------------------------------------------ site settings
def test_a_site_limit_overrides_the_standard(tmp_path):
    frag = rules_by_code()["T101"].fails
    found, _ = _scan_text(tmp_path, example_site(frag + "\nrules:\n  limits: {permanent_link_m: 95}\n"))
    assert not [f for f in found if f.rule == "T101"]
    found, _ = _scan_text(tmp_path, example_site(frag + "\nrules:\n  limits: {permanent_link_m: 93}\n"))
    (f,) = [f for f in found if f.rule == "T101"]
    assert "93 m this site's limit" in f.message


def test_a_site_disables_rules_by_code_or_family(tmp_path):
    frag = rules_by_code()["T106"].fails
    for disable in ("[T106]", "[lengths]", "[T1]"):
        found, _ = _scan_text(tmp_path, example_site(frag + f"\nrules:\n  disable: {disable}\n"))
        assert not [f for f in found if f.rule == "T106"], disable
        assert [f for f in found if f.rule == "O103"]  # the others still run


def test_rules_settings_are_checked_by_the_schema(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(example_site("rules:\n  limits: {permanent_lnk_m: 95}\n"))
    assert main(["faults", str(path)]) == 2
    assert "permanent_lnk_m" in capsys.readouterr().err


def test_telecom_space_serves_names_real_floors(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(example_site("telecom_spaces:\n  - {id: 1B, room: TR, serves: ['9']}\n"))
    assert main(["validate", str(path)]) == 1
    assert "floor 9 does not exist" in capsys.readouterr().out


# ------------------------------------------------------------------ suppressions
LONG = """
devices:
  - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
cables:
  - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 92, label: 1A-A02}%s
"""


def test_an_inline_suppression_with_a_reason_accepts_the_finding(tmp_path):
    found, _ = _scan_text(tmp_path, example_site(LONG % "   # cabling: ignore[T101] -- ceiling run measured at 92 m, accepted by the client"))
    assert [f.rule for f in found] == ["O103"]


def test_a_suppression_on_the_comment_line_above_applies_to_the_next_line(tmp_path):
    text = example_site(LONG % "").replace("  - {id: H-1A-A02", "  # cabling: ignore[T101, O103] -- accepted\n  - {id: H-1A-A02")
    found, _ = _scan_text(tmp_path, text)
    assert found == []


def test_a_suppression_without_reason_is_an_error_and_suppresses_nothing(tmp_path):
    found, path = _scan_text(tmp_path, example_site(LONG % "   # cabling: ignore[T101]"))
    assert {f.rule for f in found} == {"T101", "I102", "O103"}
    (i,) = [f for f in found if f.rule == "I102"]
    assert i.severity == "error" and i.line == next(f.line for f in found if f.rule == "T101")


def test_a_suppression_that_suppresses_nothing_is_a_warning(tmp_path):
    text = (LONG % "   # cabling: ignore[T101] -- measured long").replace("length: 92", "length: 50")
    found, _ = _scan_text(tmp_path, example_site(text))
    (i,) = [f for f in found if f.rule == "I101"]
    assert i.severity == "warning" and "T101" in i.message


def test_a_suppression_of_an_unknown_code_is_an_error(tmp_path):
    found, _ = _scan_text(tmp_path, example_site(LONG % "   # cabling: ignore[T1O1] -- typo"))
    assert {f.rule for f in found} >= {"I103", "T101"}


def test_a_hash_inside_quotes_is_not_a_comment(tmp_path):
    text = example_site(LONG % "").replace("label: 1A-A02}", "label: 1A-A02, description: 'x # cabling: ignore[T101] -- no'}")
    found, _ = _scan_text(tmp_path, text)
    assert "T101" in {f.rule for f in found}


# ------------------------------------------------------------------ the command line
@pytest.fixture
def faulty_site(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(example_site(LONG % ""))
    return path


def test_exit_codes(tmp_path, faulty_site, capsys):
    clean = tmp_path / "c.yaml"
    clean.write_text(example_site(""))
    assert main(["faults", str(clean)]) == 0
    assert "no faults" in capsys.readouterr().out
    assert main(["faults", str(faulty_site)]) == 1
    assert main(["faults", str(faulty_site), "--ignore", "T101"]) == 0  # what is left is info
    assert main(["faults", str(tmp_path / "missing.yaml")]) == 2
    broken = tmp_path / "b.yaml"
    broken.write_text("site: {id: x\n")
    assert main(["faults", str(broken)]) == 2
    assert main(["faults", str(faulty_site), "--select", "Z999"]) == 2
    assert "Z999" in capsys.readouterr().err


def test_readable_report_groups_by_rule_with_counts(faulty_site, capsys):
    main(["faults", str(faulty_site)])
    out = capsys.readouterr().out
    assert "T101 permanent link over 90 m [error, lengths]: 1" in out
    assert f"{faulty_site}:" in out and "fix:" in out
    assert out.rstrip().endswith(f"1 error, 0 warnings, 1 info in {faulty_site}")


def test_json_lists_findings_with_rule_place_and_refs(faulty_site, capsys):
    main(["faults", str(faulty_site), "--json"])
    data = json.loads(capsys.readouterr().out)
    t101 = next(d for d in data if d["rule"] == "T101")
    assert {"rule", "severity", "message", "file", "line", "column", "refs"} <= set(t101)
    assert t101["refs"]["cables"] == ["H-1A-A02"] and t101["file"] == str(faulty_site) and t101["line"] > 0


def test_csv_has_a_row_per_finding(faulty_site, capsys):
    main(["faults", str(faulty_site), "--csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted(r["rule"] for r in rows) == ["O103", "T101"]
    assert all(r["file"] == str(faulty_site) and int(r["line"]) > 0 for r in rows)


def test_sarif_points_at_the_yaml_line(faulty_site, capsys, monkeypatch):
    monkeypatch.chdir(faulty_site.parent)
    main(["faults", faulty_site.name, "--sarif"])
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    res = next(r for r in run["results"] if r["ruleId"] == "T101")
    assert ids[res["ruleIndex"]] == "T101" and res["level"] == "error"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == faulty_site.name
    line = next(n for n, t in enumerate(faulty_site.read_text().splitlines(), 1) if "H-1A-A02" in t)
    assert loc["region"]["startLine"] == line
    assert next(r for r in run["results"] if r["ruleId"] == "O103")["level"] == "note"


def test_select_ignore_and_severity(faulty_site, capsys):
    def codes(*extra):
        main(["faults", str(faulty_site), "--json", *extra])
        return sorted(d["rule"] for d in json.loads(capsys.readouterr().out))

    assert codes() == ["O103", "T101"]
    assert codes("--select", "lengths") == ["T101"]
    assert codes("--select", "T101,O1") == ["O103", "T101"]
    assert codes("--ignore", "orphans") == ["T101"]
    assert codes("--severity", "warning") == ["T101"]


def test_rules_lists_every_rule_and_explains_one(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in rules():
        assert r.code in out
    assert main(["rules", "T101"]) == 0
    out = capsys.readouterr().out
    assert "ANSI/TIA-568" in out and "Fails:" in out and "Passes:" in out and "length: 94" in out
    assert main(["rules", "Q123"]) == 2


def test_validate_no_longer_reports_geometry(tmp_path, capsys):
    frag = rules_by_code()["G101"].fails
    path = tmp_path / "g.yaml"
    path.write_text(example_site(frag))
    assert main(["validate", str(path)]) == 0
    assert "shorter than its route" not in capsys.readouterr().out
    assert main(["faults", str(path), "--select", "G101"]) == 0  # a warning
    assert "G101" in capsys.readouterr().out


def test_the_demo_site_loads_clean_and_carries_each_demo_fault(capsys):
    demo = SITES / "faulty.yaml"
    assert main(["validate", str(demo)]) == 0
    found = scan(load(demo))
    by_rule = {}
    for f in found:
        by_rule.setdefault(f.rule, []).append(f)
    assert by_rule["T101"][0].cables == ("H-1A-A12",)  # a run over 90 m
    assert by_rule["B101"][0].devices == ("PH-1A-007",)  # plugged into an unpatched jack
    assert by_rule["P102"][0].devices[0] == "CAM-1A-1"  # PoE-starved camera
    assert by_rule["P103"][0].devices[0] == "SW-1A-1" and "100 W budget" in by_rule["P103"][0].message
    assert by_rule["B102"][0].cables == ("H-1A-A03",)  # faulty cable on a live path
    assert by_rule["L101"][0].cables == ("H-1A-A05", "H-1A-A04")  # duplicate label
    assert "O103" not in by_rule  # the unpatched jack has a phone in it: not spare
    capsys.readouterr()
    assert main(["faults", str(demo)]) == 1


def test_sites_with_carrier_circuits_scan_without_a_traceback(tmp_path, capsys):
    """Cable ends on circuit terminations (NetBox circuits) have no device: every rule copes."""
    data = Path(__file__).resolve().parent / "data" / "netbox_csv"
    assert main(["import", "netbox", str(data), "-o", str(tmp_path / "imported")]) == 0
    capsys.readouterr()
    assert main(["faults", str(tmp_path / "imported"), "--json"]) in (0, 1)
    found = json.loads(capsys.readouterr().out)
    assert all(f["rule"] and f["message"] for f in found)

"""Lookups a user would type: any case, an outlet without its jack, a cable id or label; options anywhere; JSON errors."""
from __future__ import annotations

import json
from pathlib import Path

from cabling.analysis.lookup import lookup
from cabling.cli import main
from cabling.readers.loader import load

OFFICE = str(Path(__file__).resolve().parent.parent / "sites" / "office.yaml")


def ref_of(text):
    inv = load(OFFICE)
    found = lookup(inv, text)
    return inv, found, inv.ref(found.port) if found.port is not None else None


def test_reference_in_another_case_is_found_and_said_so(capsys):
    _, found, ref = ref_of("sw-1a-1:gi1/0/1")
    assert ref == "SW-1A-1:Gi1/0/1" and "case ignored" in found.note
    assert main(["trace", OFFICE, "sw-1a-1:gi1/0/1"]) == 0
    captured = capsys.readouterr()
    assert "'sw-1a-1:gi1/0/1' read as SW-1A-1:Gi1/0/1 (case ignored)" in captured.err
    assert captured.out.startswith("Trace from SW-1A-1:Gi1/0/1")


def test_exact_reference_has_no_note():
    _, found, ref = ref_of("SW-1A-1:Gi1/0/1")
    assert ref == "SW-1A-1:Gi1/0/1" and found.note is None


def test_outlet_with_one_jack_traces_it():
    _, found, ref = ref_of("1a-001")
    assert ref == "1A-001:1" and "outlet 1A-001" in found.note


def test_outlet_with_one_cabled_jack_of_two(tmp_path):
    site = Path(OFFICE).read_text().replace(
        "  - id: H-1A-A[15-16]\n    a: 1A-015:R[1-2]\n    b: PP-1A-A:R[15-16]\n    type: cat6\n"
        "    label: 1A-A[15-16]\n",
        "  - id: H-1A-A15\n    a: 1A-015:R1\n    b: PP-1A-A:R15\n    type: cat6\n    label: 1A-A15\n")
    assert site != Path(OFFICE).read_text()
    path = tmp_path / "office.yaml"
    path.write_text(site)
    inv = load(path)
    found = lookup(inv, "1A-015")
    assert inv.ref(found.port) == "1A-015:1" and "one cabled jack" in found.note


def test_outlet_with_two_cabled_jacks_lists_them_exit_2(capsys):
    inv, found, ref = ref_of("1A-016")
    assert ref is None and [inv.ref(p) for p in found.choices] == ["1A-016:1", "1A-016:2"]
    assert main(["trace", OFFICE, "1A-016"]) == 2
    err = capsys.readouterr().err
    assert "outlet 1A-016 has 2 cabled jacks; name one of them" in err
    assert "1A-016:1" in err and "1A-016:2" in err
    assert main(["trace", "--json", OFFICE, "1A-016"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False and doc["choices"] == ["1A-016:1", "1A-016:2"]


def test_cable_id_and_label_trace_from_the_outlet_end(capsys):
    inv, found, ref = ref_of("H-1A-A07")
    assert ref == "1A-007:R1" and "cable H-1A-A07" in found.note
    _, found, ref = ref_of("1A-A07")
    assert ref == "1A-007:R1" and "label of cable H-1A-A07" in found.note
    assert main(["trace", OFFICE, "1A-A07", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    ends = {p["steps"][-1]["ports"][0] for p in doc["paths"]}
    assert ends == {"SW-1A-1:Gi1/0/7", "PH-1A-007:LAN"}


def test_patch_cord_without_an_outlet_end_traces_from_end_a():
    _, found, ref = ref_of("P-1A-A07")
    assert ref == "PP-1A-A:7" and "end a" in found.note


def test_unknown_text_suggests():
    _, found, _ = ref_of("1B-007")
    assert found.port is None and "did you mean 1A-007" in found.problem
    _, found, _ = ref_of("1A-0O7")  # README: a letter O for the digit 0 is the outlet meant, not 1A-037
    assert found.port is None and "did you mean 1A-007?" in found.problem
    _, found, _ = ref_of("SW-1A-1:Gi1/0/99")
    assert found.port is None and "Gi1/0/99" in found.problem


def test_options_anywhere_and_usage_says_what_it_takes(capsys):
    assert main(["trace", OFFICE, "--json", "1A-007:1"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["origin"] == "1A-007:1"
    from cabling.cli import build_parser

    usage = build_parser()._subparsers._group_actions[0].choices["trace"].format_usage()
    assert "PATH... REF" in usage and "--position N" in usage and "--json" in usage


def test_json_error_for_unknown_ref_and_broken_site(tmp_path, capsys):
    assert main(["trace", "--json", OFFICE, "NOPE:1"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False and "NOPE" in doc["errors"][0]["message"]
    broken = tmp_path / "broken.yaml"
    broken.write_text("site: {id: x}\ndevices:\n  - {id: A, model: no-such-model}\n")
    assert main(["trace", "--json", str(broken), "A:1"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False
    (err,) = [e for e in doc["errors"] if e["severity"] == "error"]
    assert err["file"] == str(broken) and err["line"] == 3 and "no-such-model" in err["message"]
    assert set(err) == {"file", "line", "column", "severity", "message"}

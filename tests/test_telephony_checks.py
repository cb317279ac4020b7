"""Telephony faults: each check finds its fault, and says nothing where there is none."""
from __future__ import annotations

from pathlib import Path

from cabling.readers.loader import load
from cabling.telephony import checks

SMALL = Path(__file__).resolve().parent / "data" / "telephony" / "small.yaml"


def site(tmp_path, text: str):
    """The small site plus a second file for it."""
    f = tmp_path / "more.yaml"
    f.write_text("site: t\n" + text, encoding="utf-8")
    return load([SMALL, f])


def by_check(found):
    out = {}
    for f in found:
        out.setdefault(f.check, []).append(f)
    return out


def test_the_small_site_has_only_its_unwired_extensions_and_its_unjumpered_line():
    found = by_check(checks.findings(load([SMALL])))
    assert set(found) == {"extension-no-jack", "line-terminated-nowhere"}
    assert "214" not in {f.subject for f in found["extension-no-jack"]} and len(found["extension-no-jack"]) == 23
    (line,) = found["line-terminated-nowhere"]
    assert line.subject == "L-2" and "reaches no PBX port: from the demarc it stops at 1A-DM:1.2" in line.message


def test_an_extension_bridged_to_a_second_jack_and_the_pair_used_twice(tmp_path):
    inv = site(tmp_path, """\
devices:
  - {id: PH-2A-003, model: cabling-analog-phone, room: 2-OFF}
cables:
  - {id: W-2A-003, a: '2A-003:1', b: 'PH-2A-003:LINE'}
telephony:
  cables:
    - {id: H-2A-003, pairs: 4, punched: [1], a: '2A-003:R1', b: '2A-V1:3.2'}
  jumpers:
    - {id: J-2A-2, a: '2A-V1:1.7', b: '2A-V1:3.2'}
""")
    (two,) = checks.extension_jacks(inv, [r for r in checks.everything(inv) if r.extension.number == "214"])
    assert two.check == "extension-two-jacks"
    assert two.message == "analog extension 214 (Room 214) is reachable from 2 jacks: 2A-001:1, 2A-003:1"
    (twice,) = checks.pair_used_twice(inv)
    assert twice.subject == "2A-V1:1.7" and "two jumpers, J-2A-1" in twice.message and "and J-2A-2" in twice.message
    assert twice.mark.file.endswith("more.yaml") and twice.mark.line == 10


def test_an_extension_reachable_from_no_jack_says_where_its_path_stops():
    found = {f.subject: f for f in checks.extension_jacks(load([SMALL]))}
    assert found["203"].message == ("analog extension 203 (Room 203) is reachable from no jack: its path from "
                                    "PBX-1:FXS3 stops at 1A-PBX:1.3 without passing an outlet")
    assert found["203"].mark.line > 1


def test_an_analog_phone_on_a_switch_port_and_an_ip_phone_on_a_block_pair(tmp_path):
    inv = site(tmp_path, """\
devices:
  - {id: PH-A, model: cabling-analog-phone, room: 2-OFF}
  - {id: PH-IP, model: cabling-ip-phone, room: 2-OFF}
  - {id: '2A-0[04-05]', model: cabling-outlet-1, room: 2-OFF}
cables:
  - {id: W-A, a: '2A-003:1', b: 'PH-A:LINE'}
  - {id: H-2A-003, a: '2A-003:R1', b: 'PP-2A-A:R3'}
  - {id: P-2A-003, a: 'PP-2A-A:3', b: 'SW-2A-1:Gi1/0/3'}
  - {id: W-IP, a: '2A-004:1', b: 'PH-IP:LAN'}
telephony:
  cables:
    - {id: H-2A-004, pairs: 4, punched: [1], a: '2A-004:R1', b: '2A-V1:3.3'}
""")
    found = by_check(checks.phone_paths(inv))
    (analog,) = found["analog-phone-on-switch"]
    assert analog.message == ("analog phone PH-A ends at Ethernet port SW-2A-1:Gi1/0/3 (switch SW-2A-1), "
                              "not at a PBX extension port")
    (ip,) = found["ip-phone-on-block"]
    assert ip.subject == "PH-IP" and "runs onto block pair 2A-V1:3.3 (row 3 pair 3)" in ip.message
    # the analog phone on its block pair and the IP phone on its switch are fine
    assert {f.subject for fs in found.values() for f in fs} == {"PH-A", "PH-IP"}


def test_a_jumper_to_an_empty_pair(tmp_path):
    inv = site(tmp_path, "telephony:\n  jumpers:\n    - {id: J-E, a: '2A-V1:1.9', b: '2A-V1:4.2'}\n")
    (f,) = checks.jumper_to_empty_pair(inv)
    assert f.message == ("jumper J-E is punched on 2A-V1:4.2 (row 4 pair 2), where no cable is punched on the "
                         "cable side")


def test_a_carrier_line_terminated_nowhere(tmp_path):
    inv = site(tmp_path, "telephony:\n  lines:\n    - {id: L-9, type: analog, numbers: ['8 843 555-09-09']}\n")
    found = {f.subject: f for f in checks.line_terminated_nowhere(inv)}
    assert found["L-9"].message.startswith("line L-9 (+78435550909) is terminated nowhere")
    assert "L-1" not in found and "SIP-1" not in found


def test_a_pair_whose_recorded_colour_contradicts_its_position(tmp_path):
    inv = site(tmp_path, """\
telephony:
  blocks:
    - id: 3A-V1
      kind: lsa-plus
      rows: 3
      records:
        - {pair: '1.7', colour: red/orange}
        - {pair: '2.4', colour: Black / Brown}
        - {pair: '2.5', colour: white/blue}
        - {pair: '3.6', colour: violet-blue}
""")
    found = checks.pair_colour_wrong(inv)
    # strip 2 pair 4 is the 14th pair (black/brown); strip 2 pair 5 the 15th, black/slate; 3.6 is the 26th
    assert [f.subject for f in found] == ["3A-V1:2.5", "3A-V1:3.6"]
    assert found[0].message == ("block pair 3A-V1:2.5 (strip 2 pair 5) is recorded as white/blue, but its position "
                                "is black/slate in the 25-pair code")
    assert "is white/blue in the 25-pair code" in found[1].message


def test_recorded_colours_follow_the_riser_pair_punched_on_the_block(tmp_path):
    # row 2 pair 1 of 2A-V1 carries the riser's pair 26: white/blue of binder 2
    inv = site(tmp_path, "telephony:\n  blocks:\n    - {id: X, kind: '110'}\n")
    tel = inv.telephony
    assert tel.pair_colour(tel.blocks["t", "2A-V1"], 26) == ("white", "blue")
    assert tel.pair_colour(tel.blocks["t", "2A-V1"], 57) == ("red", "orange")


def test_an_extension_number_used_twice(tmp_path):
    inv = site(tmp_path, "telephony:\n  extensions:\n    - {number: '214', name: Guest, phone: PH-2A-002}\n")
    (f,) = checks.extension_number_twice(inv)
    assert f.subject == "214" and f.message.startswith("extension 214 is given twice: analog extension 214 (Room 214)")
    assert f.mark.file.endswith("more.yaml")



def test_cabling_faults_reports_the_checks_as_the_telephony_family(capsys):
    from cabling.cli import main
    from cabling.faults import Config, scan

    found = scan(load([SMALL]), Config(select=("telephony",)))
    codes = {}
    for f in found:
        codes.setdefault(f.rule, []).append(f)
    assert set(codes) == {"V102", "V107"} and len(codes["V102"]) == 23
    (line,) = codes["V107"]
    assert line.severity == "warning" and line.line > 1 and line.file.endswith("small.yaml")
    assert line.ports[0] == "1A-DM:1.2" and "jumper it to a PBX line port" in line.hint
    assert main(["faults", str(SMALL), "--select", "V1"]) == 0  # warnings only
    out = capsys.readouterr().out
    assert "V107 carrier line terminated nowhere [warning, telephony]: 1" in out


def test_voice_cables_are_not_held_to_the_data_design_category(tmp_path):
    from cabling.faults import Config, scan

    inv = site(tmp_path, "rules: {design_category: cat6}\ncables:\n"
                         "  - {id: W-X, a: '2A-003:1', b: 'PP-2A-A:5', type: cat5e}\n")
    below = {f.cables[0] for f in scan(inv, Config(select=("C102",)))}
    # the cat5e data cords are below the design; the cat3 PBX cables and the 50-pair riser carry voice
    assert "W-X" in below and "W-2A-001" in below
    assert not {c for c in below if c.startswith(("C-PBX", "RISER", "H-2A-001"))}


def test_a_pbx_port_with_an_extension_is_no_spare_pair(tmp_path):
    from cabling.faults import Config, scan

    spare = {f.ports[0] for f in scan(load([SMALL]), Config(select=("O107",)))}
    # every FXS port carries an extension (V102 reports the unjumpered ones); FXO2 has none
    assert not {p for p in spare if ":FXS" in p}
    assert "PBX-1:FXO2" in spare

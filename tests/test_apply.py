"""cabling apply: the plan merged into the user's site file as built, without losing a comment or an update."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cabling.analysis.sitediff import site_digest
from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.faults import scan
from cabling.planning.allocate import plan
from cabling.planning.asbuilt import read_results
from cabling.planning.plan import read_plan
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parent.parent
BRANCH = ROOT / "sites" / "branch.yaml"
EXPANSION = ROOT / "sites" / "plans" / "branch-expansion.yaml"

SMALL_PLAN = """\
plan: {{id: {id}, title: Two desks, site: acme-branch{extra}}}
requests:
  - outlets: {{room: 3-OPEN, at: [[10, 18], [12, 18]], services: [data], vlan: 10}}
"""


def small_plan(tmp_path, pid="T-1", extra="", at=None) -> Path:
    text = SMALL_PLAN.format(id=pid, extra=extra)
    if at:
        text = text.replace("[[10, 18], [12, 18]]", at)
    p = tmp_path / f"{pid}.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def site_copy(tmp_path, name="branch.yaml") -> Path:
    dst = tmp_path / name
    shutil.copyfile(BRANCH, dst)
    return dst


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """sites/branch.yaml with sites/plans/branch-expansion.yaml applied (mode 0640 before)."""
    tmp = tmp_path_factory.mktemp("applied")
    site = site_copy(tmp)
    os.chmod(site, 0o640)
    code = main(["apply", str(site), str(EXPANSION)])
    return site, code


def test_comments_order_and_bulk_notation_are_kept(applied):
    site, code = applied
    assert code == 0
    before = BRANCH.read_text(encoding="utf-8").splitlines()
    after = site.read_text(encoding="utf-8").splitlines()
    # comment lines, bulk entries and aligned flow mappings of the user's file, untouched
    for line in ("# Bulk notation (NetBox's range patterns) keeps the file short:",
                 "  # Horizontal cables: outlet 1A-0nn lands on panel port nn.",
                 "  - id: H-2A-A[01-48]",
                 "  - {id: '2A-[001-020]', model: cabling-outlet-1, room: 2-OPEN, along: [[5, 12], [38, 12]]}",
                 "  - {id: 1-RECEP,   floor: '1', name: Reception,   polygon: [[4, 0], [14, 0], [14, 6], [4, 6]]}",
                 "  wiring: T568B                      # every RJ45 jack and panel port; the work orders say so"):
        assert line in before and line in after, line
    # every line of the original is still there, in order, but the few the plan changes
    kept = [line for line in before if line in set(after)]
    assert len(before) - len(kept) <= 12
    positions = [after.index(line) for line in kept if before.count(line) == 1]
    assert positions == sorted(positions)
    # the removed outlet's cable is taken out of its bulk entry, which keeps the range notation, and stays in the
    # file as decommissioned, after it
    assert "  - id: H-1A-A[01-39]" in after and "    label: 1A-A[01-39]" in after
    at = after.index("  - id: H-1A-A40")
    assert after[at + 1:at + 7] == ["    a: 1A-040:R1", "    b: PP-1A-A:R40", "    type: cat6a", "    label: 1A-A40",
                                    "    length: 43.5", "    status: decommissioned"]


def test_the_applied_site_loads_and_traces_new_outlets_to_their_switch_ports(applied):
    site, _ = applied
    inv = load(site)
    s = inv.sites["acme-branch"]
    result = plan(load(BRANCH), read_plan(EXPANSION))
    assert result.jacks
    for j in result.jacks:
        if j.switch_port is None:
            continue
        outlet = s.devices[j.outlet]
        paths = [p for p in trace(outlet.port(j.jack, "front")) if p.complete]
        ends = {inv.ref(p.steps[-1].items[0]) for p in paths}
        assert j.switch_port in ends, (j.outlet, j.jack, ends)
    for c in result.cables:
        assert s.cables[c.id].status == "installed"
    # the removed outlet: its cable is kept, decommissioned (left in the ceiling until recovered), so the outlet
    # it ends on stays, described as removed
    assert s.cables["H-1A-A40"].status == "decommissioned" and s.cables["H-1A-A40"].length == 43.5
    assert s.devices["1A-040"].description.startswith("removed (plan BR-2027-01); its cable(s) H-1A-A40 "
                                                      "decommissioned, left in place until recovered")
    assert s.devices["2A-042"].at == (14.0, 5.6)
    assert s.cables["H-1A-A39"].length == 48.5  # the run before the removed member keeps its lengths
    rings = {e.number: e.phone.id for e in inv.telephony.extensions if e.phone is not None}
    assert {f"43{n:02d}": f"PH-3A-0{36 + n}" for n in range(1, 17)}.items() <= rings.items()
    assert all(e.pbx.id == "PBX-1A-1" for e in inv.telephony.extensions if e.number.startswith("43"))
    # the analog extensions: voice cable punched on the floor's block, jumpers back to the PBX port
    fax = next(e for e in inv.telephony.extensions if e.number == "216")
    assert fax.phone.id == "FAX-2A-2" and inv.ref(fax.port) == "PBX-1A-1:FXS7"
    path = trace(s.devices["FAX-2A-2"].port("LINE"))[0]
    assert path.complete and inv.ref(path.steps[-1].items[0]) == "PBX-1A-1:FXS7"
    assert {"J-1A-216", "J-2A-216", "H-2A-V03"} <= {c.id for c in path.cables}


def test_mode_is_kept_and_a_second_apply_is_refused(applied, capsys):
    site, _ = applied
    assert site.stat().st_mode & 0o777 == 0o640
    before = site.read_bytes()
    assert main(["apply", str(site), str(EXPANSION)]) == 2
    err = capsys.readouterr().err
    assert "already applied" in err and "nothing was written" in err
    assert site.read_bytes() == before


def test_dry_run_prints_the_change_and_writes_nothing(tmp_path, capsys):
    site = site_copy(tmp_path)
    before = site.read_bytes()
    assert main(["apply", str(site), str(small_plan(tmp_path)), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert site.read_bytes() == before
    assert "+  # as built: plan T-1, Two desks" in out
    assert "+  - {id: 3A-037, model: cabling-outlet-1, room: 3-OPEN, at: [10, 18]" in out
    assert "Would apply plan T-1" in out and "nothing written" in out
    assert "phone extensions" not in out  # the plan adds no phones


TESTER = ("\ufeffProject: ACME Leeds;;;\n"
          "Cable ID;Result;Length (m);Date/Time;Limit\n"
          "3A-A37;PASS;14,2;02/20/2027 10:14:03 AM;TIA Cat 6A Perm. Link\n"
          "3A-A38;FAIL;16,0;02/20/2027 10:16:40 AM;TIA Cat 6A Perm. Link\n"
          "3A-A99;PASS;20,1;02/20/2027 10:20:00 AM;TIA Cat 6A Perm. Link\n")


def test_tester_results_become_fields_and_a_failed_link_is_a_fault(tmp_path, capsys):
    site = site_copy(tmp_path)
    csv = tmp_path / "linkware.csv"
    csv.write_bytes(TESTER.encode("utf-8"))
    code = main(["apply", str(site), str(small_plan(tmp_path)), "--results", str(csv)])
    out = capsys.readouterr().out
    assert code == 1  # applied, with a failed link and a row for no link to look at
    assert "1 passed, 1 failed" in out and "H-3A-A38" in out
    assert f"{csv}:5:1: link 3A-A99 (pass): no link of the plan has that id or label" in out
    inv = load(site)
    cables = inv.sites["acme-branch"].cables
    assert cables["H-3A-A37"].test == {"result": "pass", "length": 14.2, "date": "2027-02-20"}
    assert cables["H-3A-A38"].test == {"result": "fail", "length": 16.0, "date": "2027-02-20"}
    found = [f for f in scan(inv) if f.rule == "T107"]
    assert [f.cables for f in found] == [("H-3A-A38",)]
    main(["faults", str(site), "--select", "T107"])
    shown = capsys.readouterr().out
    assert "0 errors, 1 warning" in shown
    assert "H-3A-A38 (3A-A38) failed its certification test on 2027-02-20 (measured 16 m)" in shown
    assert f"{site}:" in shown


def test_tester_exports_in_other_dialects(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("ID,Status,Length (ft),Date\nH-3A-A37,Passed,100,2027-02-21\nh-3a-a38,fail*,,20.02.2027\n",
                 encoding="utf-8")
    rows = read_results(p)
    assert [(r.link, r.result, r.length, r.date) for r in rows] == [
        ("H-3A-A37", "pass", 30.5, "2027-02-21"), ("h-3a-a38", "fail", None, "2027-02-20")]
    p.write_text("Link;Result\n3A-A37;maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_results(p)
    assert f"{p}:2:2: link 3A-A37: result 'maybe' is neither PASS nor FAIL" in str(err.value)
    p.write_text("Name,When\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="no header row"):
        read_results(p)


def test_a_results_file_that_cannot_be_read_is_exit_2(tmp_path, capsys):
    site = site_copy(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("Cable ID,Result,Date\n3A-A37,PASS,yesterday\n", encoding="utf-8")
    before = site.read_bytes()
    assert main(["apply", str(site), str(small_plan(tmp_path)), "--results", str(bad)]) == 2
    assert f"{bad}:2:3: link 3A-A37: date 'yesterday' is not a date" in capsys.readouterr().err
    assert site.read_bytes() == before


def _planned_panel_port(site: Path, plan_path: Path) -> str:
    result = plan(load(site), read_plan(plan_path))
    return next(c.b for c in result.cables if c.kind == "horizontal")


def test_a_planned_port_taken_since_is_refused(tmp_path, capsys):
    base = site_copy(tmp_path, "as-planned.yaml")
    site = site_copy(tmp_path)
    pf = small_plan(tmp_path)
    port = _planned_panel_port(base, pf)  # PP-3A-A:37 (rear)
    # since the plan was made, someone cabled another outlet to that panel port
    text = site.read_text(encoding="utf-8")
    text = text.replace("devices:\n", "devices:\n  - {id: 3A-X01, model: cabling-outlet-1, room: 3-OFF1, at: [5, 3]}\n", 1)
    text = text.replace("cables:\n", "cables:\n  - {id: H-3A-X1, a: 3A-X01:R1, b: '" + port + "', type: cat6a, length: 9}\n", 1)
    site.write_text(text, encoding="utf-8")
    assert load(site)  # the user's change is fine on its own
    before = site.read_bytes()
    assert main(["apply", str(site), str(pf), "--base", str(base)]) == 2
    err = capsys.readouterr().err
    assert f"port {port} is taken now by cable H-3A-X1; plan T-1 puts cable H-3A-A37 there" in err
    assert f"{site}:" in err and "nothing was written" in err
    assert site.read_bytes() == before


def test_a_planned_id_that_exists_now_is_refused(tmp_path, capsys):
    base = site_copy(tmp_path, "as-planned.yaml")
    site = site_copy(tmp_path)
    text = site.read_text(encoding="utf-8").replace(
        "devices:\n", "devices:\n  - {id: 3A-037, model: cabling-outlet-1, room: 3-OFF1, at: [5, 3]}\n", 1)
    site.write_text(text, encoding="utf-8")
    assert main(["apply", str(site), str(small_plan(tmp_path)), "--base", str(base)]) == 2
    assert "device 3A-037 exists in the site now, and plan T-1 adds it" in capsys.readouterr().err


def test_a_site_digest_mismatch_is_refused_and_a_base_merges_cleanly(tmp_path, capsys):
    base = site_copy(tmp_path, "as-planned.yaml")
    site = site_copy(tmp_path)
    main(["plan", str(base), str(small_plan(tmp_path)), "--json"])  # the digest a plan records, as plan gives it
    digest = json.loads(capsys.readouterr().out)["site_digest"]
    assert digest == site_digest([base]) and digest.startswith("sha256:")
    pf = small_plan(tmp_path, extra=f", site_digest: '{digest}'")
    # since the plan was made: a comment and a device elsewhere, which do not conflict with it
    text = site.read_text(encoding="utf-8").replace(
        "devices:\n", "devices:\n  # the new printer, installed by IT in March\n"
                      "  - {id: PRN-1A-2, model: cabling-printer, room: 1-OPEN, at: [30, 9.5]}\n", 1)
    site.write_text(text, encoding="utf-8")
    before = site.read_bytes()
    assert main(["apply", str(site), str(pf)]) == 2
    err = capsys.readouterr().err
    assert "was made on a site with digest sha256:" in err and "give --base" in err
    assert site.read_bytes() == before
    assert main(["apply", str(site), str(pf), "--base", str(base)]) == 0
    after = site.read_text(encoding="utf-8")
    assert "  # the new printer, installed by IT in March\n" in after
    devices = load(site).sites["acme-branch"].devices
    assert {"PRN-1A-2", "3A-037", "3A-038"} <= set(devices)


def test_a_base_from_git(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    site = site_copy(repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "branch.yaml")
    _git(repo, "commit", "-qm", "as planned")
    pf = small_plan(tmp_path, extra=f", site_digest: '{site_digest([site])}'")
    site.write_text(site.read_text(encoding="utf-8") + "# edited since\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    assert main(["apply", "branch.yaml", str(pf), "--base", "HEAD:branch.yaml"]) == 0
    assert "3A-037" in load(site).sites["acme-branch"].devices
    assert site.read_text(encoding="utf-8").endswith("# edited since\n") or "# edited since\n" in site.read_text()
    assert main(["apply", "branch.yaml", str(pf), "--base", "nosuchrev:branch.yaml"]) == 2
    assert "nosuchrev:branch.yaml" in capsys.readouterr().err


def _git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def _apply_process(site, pf, pause: float | None = None):
    env = dict(os.environ)
    env.pop("CABLING_APPLY_PAUSE_BEFORE_RENAME", None)
    if pause is not None:
        env["CABLING_APPLY_PAUSE_BEFORE_RENAME"] = str(pause)
    return subprocess.Popen([sys.executable, "-m", "cabling.cli", "apply", str(site), str(pf)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_writers_at_once_lose_no_update(tmp_path):
    site = site_copy(tmp_path)
    first = small_plan(tmp_path, "T-1")
    second = small_plan(tmp_path, "T-2", at="[[20, 18], [22, 18]]")
    procs = [_apply_process(site, first, pause=1.5), _apply_process(site, second, pause=1.5)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    devices = load(site).sites["acme-branch"].devices
    ats = {devices[d].at for d in ("3A-037", "3A-038", "3A-039", "3A-040")}
    assert ats == {(10.0, 18.0), (12.0, 18.0), (20.0, 18.0), (22.0, 18.0)}  # both plans are in the file
    text = site.read_text(encoding="utf-8")
    assert "# as built: plan T-1" in text and "# as built: plan T-2" in text


def test_a_writer_killed_before_the_rename_leaves_the_old_file_intact(tmp_path):
    site = site_copy(tmp_path)
    before = site.read_bytes()
    proc = _apply_process(site, small_plan(tmp_path), pause=60)
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".branch.yaml.*.tmp")):  # the new text is written, the rename waits
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        tmp = next(tmp_path.glob(".branch.yaml.*.tmp"))
        assert b"as built: plan T-1" in tmp.read_bytes()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert site.read_bytes() == before
    assert "3A-037" not in load(site).sites["acme-branch"].devices
    # the next apply takes the lock, clears what the killed writer left, and applies
    assert main(["apply", str(site), str(small_plan(tmp_path))]) == 0
    assert not list(tmp_path.glob(".branch.yaml.*")) and "3A-037" in load(site).sites["acme-branch"].devices


def test_a_file_changed_by_a_writer_without_the_lock_is_not_overwritten(tmp_path):
    site = site_copy(tmp_path)
    proc = _apply_process(site, small_plan(tmp_path), pause=3)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".branch.yaml.*.tmp")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    with site.open("a", encoding="utf-8") as fh:  # an editor saves meanwhile
        fh.write("# saved by an editor\n")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "changed while cabling apply was writing it" in err
    text = site.read_text(encoding="utf-8")
    assert text.endswith("# saved by an editor\n") and "as built: plan T-1" not in text


def test_apply_json(tmp_path, capsys):
    site = site_copy(tmp_path)
    assert main(["apply", str(site), str(small_plan(tmp_path)), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["written"] is True and doc["plan"] == "T-1"
    assert doc["devices"] == ["3A-037", "3A-038"] and "H-3A-A37" in doc["cables"]
    assert doc["diff"]["counts"]["device"]["added"] == 2


def test_readme_shows_what_apply_faults_and_diff_print(tmp_path, capsys, monkeypatch):
    """The As built section's output is what the commands print (its /tmp paths made tmp_path)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### As built: `cabling apply` and `cabling diff`", 1)[1].split("\n## ", 1)[0]
    monkeypatch.chdir(ROOT)
    blocks = [b.split("```", 1)[0] for b in section.split("```\n$ ")[1:]]
    assert len(blocks) == 2
    checked = 0
    for block in blocks:
        for command in ("\n$ " + block).split("\n$ ")[1:]:
            head, *shown = command.removeprefix("$ ").splitlines()
            argv = head.replace("/tmp/", f"{tmp_path}/").split()
            if argv[0] == "cp":
                shutil.copyfile(argv[1], argv[2])
                continue
            if argv[0] == "head":
                real = Path(argv[-1]).read_text(encoding="utf-8-sig").splitlines()[:3]
            else:
                assert argv[0] == "cabling"
                main(argv[1:])
                got = capsys.readouterr()
                real = got.out.splitlines()
                assert real, got.err
            for line in shown:
                if line != "...":
                    assert line.replace("/tmp/", f"{tmp_path}/") in real, (head, line)
                    checked += 1
    assert checked >= 25


def test_a_windows_file_keeps_its_byte_order_mark_and_line_ends(tmp_path):
    site = tmp_path / "branch.yaml"
    site.write_bytes(b"\xef\xbb\xbf" + BRANCH.read_bytes().replace(b"\n", b"\r\n"))
    assert main(["apply", str(site), str(small_plan(tmp_path))]) == 0
    data = site.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n")
    assert b"# as built: plan T-1, Two desks\r\n" in data
    assert "3A-038" in load(site).sites["acme-branch"].devices


def test_a_member_of_a_bulk_entry_is_taken_out_and_the_rest_keep_their_range(tmp_path):
    site = site_copy(tmp_path)
    pf = tmp_path / "rm.yaml"
    pf.write_text("plan: {id: RM-1, site: acme-branch}\nrequests:\n  - remove: {outlet: 2A-005}\n"
                  "  - move: {outlet: 1A-010, at: [18, 13]}\n", encoding="utf-8")
    before = load(BRANCH).sites["acme-branch"]
    assert main(["apply", str(site), str(pf)]) == 0
    lines = site.read_text(encoding="utf-8").splitlines()
    # block entry: split around the moved member, its comment kept at its column on each part
    assert "  - id: 1A-[001-009]                 # desk outlets, north row of desks" in lines
    assert "  - id: 1A-010                       # desk outlets, north row of desks" in lines
    assert "    along: [[27, 12], [38, 12]]" in lines
    # flow entries: the removed outlet's cables leave their runs, its patch cord is decommissioned
    assert "  - {id: '2A-[006-020]', model: cabling-outlet-1, room: 2-OPEN, along: [[13.6842, 12], [38, 12]]}" in lines
    assert "  - id: H-2A-A[06-48]" in lines and "    label: 2A-A[06-48]" in lines
    assert ("  - {id: P-2A-A05, a: PP-2A-A:5, b: SW-2A-1:Gi1/0/5, type: cat6a, length: 1, color: 2196f3, "
            "status: decommissioned}") in lines
    assert "  - id: H-2A-A05" in lines  # split out of its run, decommissioned
    after = load(site).sites["acme-branch"]
    assert after.cables["H-2A-A05"].status == "decommissioned" and after.cables["P-2A-A05"].status == "decommissioned"
    assert after.cables["W-2A-005"].status == "decommissioned"  # the phone's cord, on the removed jack
    assert after.devices["2A-005"].description.startswith("removed (plan RM-1)")
    assert after.devices["1A-010"].at == (18.0, 13.0)
    for d in before.devices.values():  # every other device is where it was
        if d.id not in ("2A-005", "1A-010"):
            assert after.devices[d.id].at == pytest.approx(d.at, abs=1e-3) if d.at else after.devices[d.id].at is None
    assert [c.length for c in (after.cables[f"H-2A-A{n:02d}"] for n in (4, 6, 48))] == [25.5, 29, 45]


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00garbage", "Cable ID;Result\n3A-A37;PASS\n".encode("utf-16"),
                                  "Câble;Résultat\n".encode("latin-1"), b"Cable ID,Result\n,PASS\n",
                                  b"Cable ID,Result,Length\n3A-A37,PASS,-4\n", b"\x00\x01\x02,\n" * 50],
                         ids=["empty", "binary", "utf16", "latin1", "no-id", "negative-length", "control"])
def test_a_broken_tester_export_is_a_clear_exit_2(tmp_path, capsys, data):
    site = site_copy(tmp_path)
    bad = tmp_path / "export.csv"
    bad.write_bytes(data)
    before = site.read_bytes()
    assert main(["apply", str(site), str(small_plan(tmp_path)), "--results", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(bad) in err
    assert site.read_bytes() == before


def test_a_removed_outlets_cables_stay_decommissioned_and_the_site_stays_fault_free(tmp_path, capsys):
    """A removed outlet with a phone on it: its horizontal cable, patch cord and work-area cord are kept as
    decommissioned (the contractor leaves them until recovered), the diff says so, the work orders give a recover or
    abandon task for each, and the applied site has no finding the site had not (its dark jack is no longer dark)."""
    site = site_copy(tmp_path)
    pf = tmp_path / "rm.yaml"
    pf.write_text("plan: {id: RM-2, site: acme-branch}\nrequests:\n  - remove: {outlet: 2A-041}\n", encoding="utf-8")
    gone = {"H-2A-A41", "P-2A-A41", "W-2A-041"}
    assert main(["workorders", str(BRANCH), str(pf), "-o", str(tmp_path / "wo"), "--format", "csv"]) == 0
    tasks = (tmp_path / "wo" / "RM-2-tasks.csv").read_text(encoding="utf-8")
    for cid in gone:
        assert f"Recover or abandon cable {cid} (" in tasks
    assert "Remove outlet 2A-041 (faceplate and jacks); leave its cable(s) H-2A-A41, W-2A-041 coiled" in tasks
    before = {(f.rule, f.message) for f in scan(load(BRANCH))}
    capsys.readouterr()
    assert main(["apply", str(site), str(pf)]) == 0
    assert "its cable(s) H-2A-A41, W-2A-041 decommissioned, left in place until recovered" in capsys.readouterr().out
    s = load(site).sites["acme-branch"]
    assert {c: s.cables[c].status for c in gone} == dict.fromkeys(gone, "decommissioned")
    assert s.cables["H-2A-A41"].length == BRANCH_CABLE_LENGTH["H-2A-A41"]
    after = {(f.rule, f.message) for f in scan(load(site))}
    assert after - before == set()
    assert main(["diff", str(BRANCH), str(site)]) == 1
    shown = capsys.readouterr().out
    assert "Cables: 0 added, 0 removed, 3 changed" in shown
    for cid in gone:
        assert f"~ cable {cid}  status: installed -> decommissioned" in shown
    assert "~ device 2A-041  description: - -> removed (plan RM-2)" in shown
    again = site.read_bytes()
    assert main(["apply", str(site), str(pf)]) == 2  # a plan that only removes is also seen applied
    assert "plan RM-2 is already applied: device 2A-041 was removed by it" in capsys.readouterr().err
    assert site.read_bytes() == again


BRANCH_CABLE_LENGTH = {c.id: c.length for c in load(BRANCH).sites["acme-branch"].cables.values()}


def test_a_moved_outlet_beyond_its_cable_gets_a_new_cable_and_the_old_run_a_recover_or_abandon_task(tmp_path, capsys):
    site = site_copy(tmp_path)
    pf = tmp_path / "mv.yaml"
    pf.write_text("plan: {id: MV-1, site: acme-branch}\nrequests:\n"
                  "  - move: {outlet: 1A-033, at: [38, 22], room: 1-OPEN}\n", encoding="utf-8")
    assert main(["workorders", str(BRANCH), str(pf), "-o", str(tmp_path / "wo"), "--format", "csv"]) == 0
    tasks = (tmp_path / "wo" / "MV-1-tasks.csv").read_text(encoding="utf-8")
    assert ("Re-pull cable H-1A-A33: pull a new 58.5 m cable (the new route is 58.3 m) to the same panel port, and "
            "recover or abandon the old run of 17.5 m") in tasks
    assert main(["apply", str(site), str(pf)]) == 0
    assert "cable H-1A-A33 length: 17.5 -> 58.5" in capsys.readouterr().out
    s = load(site).sites["acme-branch"]
    assert s.cables["H-1A-A33"].length == 58.5 and s.devices["1A-033"].room.id == "1-OPEN"

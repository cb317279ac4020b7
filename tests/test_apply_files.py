"""cabling apply on a site of several files: each change lands in the file that defines what it changes, each new
item beside its rack's or room's neighbours, and every file keeps its comments and bulk notation."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cabling.analysis.sitediff import diff
from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.planning import asbuilt
from cabling.readers.loader import load
from test_diff import _git

ROOT = Path(__file__).resolve().parent.parent
BRANCH = ROOT / "sites" / "branch.yaml"
EXPANSION = ROOT / "sites" / "plans" / "branch-expansion.yaml"


def _cut(lines: list[str], first: str, until: str) -> list[str]:
    """Remove and return lines from the one equal to ``first`` up to (not including) the one starting ``until``."""
    i = lines.index(first)
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith(until))
    out = lines[i:j]
    del lines[i:j]
    return out


def split_branch(folder: Path) -> tuple[Path, Path]:
    """sites/branch.yaml as two files, as a user splits a site per floor: floor 3's rooms, space, rack, devices, cables
    in floor3.yaml (``site: acme-branch`` adds to the site), the rest in branch.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = BRANCH.read_text(encoding="utf-8").splitlines(keepends=True)
    rooms = _cut(lines, "  - {id: 3-TR,      floor: '3', name: Telecom room 3A (IDF), polygon: [[0, 0], [4, 0], [4, 6], [0, 6]]}\n",
                 "\n")
    spaces = _cut(lines, "  - {id: 3A, room: 3-TR, kind: idf}\n", "\n")
    racks = _cut(lines, "  - {id: R-3A-1, space: 3A, u_height: 42, at: [2, 3]}\n", "\n")
    devices = _cut(lines, "  # ================================================================ floor 3, IDF 3A\n", "cables:")
    cables = _cut(lines, "  # ================================================================ floor 3\n",
                  "  # ================================================================ power")
    main_file, floor3 = folder / "branch.yaml", folder / "floor3.yaml"
    main_file.write_text("".join(lines), encoding="utf-8")
    floor3.write_text("# Floor 3 of the branch: IDF 3A and what it serves.\nsite: acme-branch\n\nrooms:\n"
                      + "".join(rooms) + "\ntelecom_spaces:\n" + "".join(spaces) + "\nracks:\n" + "".join(racks) + "\ndevices:\n" + "".join(devices)
                      + "cables:\n" + "".join(cables), encoding="utf-8")
    return main_file, floor3


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """The split branch with the expansion plan applied to both files, and the one-file branch with it applied."""
    tmp = tmp_path_factory.mktemp("two")
    main_file, floor3 = split_branch(tmp / "split")
    before = {p: p.read_text(encoding="utf-8") for p in (main_file, floor3)}
    assert diff(load(BRANCH), load([main_file, floor3])).changes == []  # the split is the same site
    one = tmp / "one.yaml"
    shutil.copyfile(BRANCH, one)
    assert main(["apply", str(one), str(EXPANSION)]) == 0
    code = main(["apply", str(main_file), str(floor3), str(EXPANSION)])
    return main_file, floor3, before, one, code


def test_the_two_files_hold_what_the_one_file_site_holds_after_apply(two, capsys):
    main_file, floor3, _before, one, code = two
    assert code == 0
    split = load([main_file, floor3])
    assert diff(load(one), split).changes == []  # same devices, cables and ports, field for field
    s = split.sites["acme-branch"]
    for outlet in ("3A-037", "2A-049"):  # a new outlet of each floor traces to its switch
        paths = [p for p in trace(s.devices[outlet].port("1", "front")) if p.complete]
        assert "switch" in {p.steps[-1].items[0].device.role for p in paths}, outlet


def test_each_new_item_goes_into_the_file_of_its_room_or_rack(two):
    main_file, floor3, _before, _one, _code = two
    s = load([main_file, floor3]).sites["acme-branch"]

    def file_of(x):
        return Path(x.mark.file).name

    # floor 3's new outlets (room 3-OPEN), their cables, the proposed panel in rack R-3A-1, the phones on them
    assert {file_of(s.devices[d]) for d in ("3A-037", "3A-048", "PP-3A-B", "SW-3A-2", "PH-3A-037")} == {"floor3.yaml"}
    assert {file_of(s.cables[c]) for c in ("H-3A-A37", "P-3A-A37", "H-3A-B01", "W-PH-3A-037")} == {"floor3.yaml"}
    # floor 2's and the changes to floor 1 and 2 stay in the file that defines them
    assert {file_of(s.devices[d]) for d in ("2A-049", "PP-2A-B", "2A-042", "1A-040")} == {"branch.yaml"}
    assert {file_of(s.cables[c]) for c in ("H-2A-B01", "P-2A-B01", "H-1A-A40")} == {"branch.yaml"}
    assert s.cables["H-1A-A40"].status == "decommissioned"
    # the telephony entries go where the site's telephony is
    assert "J-3A-313" in main_file.read_text(encoding="utf-8")
    assert "J-3A-313" not in floor3.read_text(encoding="utf-8")


def test_both_files_keep_their_comments_and_bulk_notation(two):
    main_file, floor3, before, _one, _code = two
    for path, keep in ((main_file, ("  - id: H-2A-A[01-48]", "  # Horizontal cables: outlet 1A-0nn lands on panel port nn.",
                                    "  - {id: '2A-[001-020]', model: cabling-outlet-1, room: 2-OPEN, along: [[5, 12], [38, 12]]}")),
                       (floor3, ("# Floor 3 of the branch: IDF 3A and what it serves.", "  - id: H-3A-A[01-35]",
                                 "  # Outlet 3A-036 is drawn but its cable is still to be pulled.",
                                 "  - {id: '3A-[001-012]', model: cabling-outlet-1, room: 3-OPEN, along: [[6, 12], [38, 12]]}"))):
        after = path.read_text(encoding="utf-8").splitlines()
        old = before[path].splitlines()
        for line in keep:
            assert line in old and line in after, (path.name, line)
        kept = [line for line in old if line in set(after)]
        assert len(old) - len(kept) <= 12, path.name  # the file is the user's, but the few lines the plan changes
        assert "  # as built: plan BR-2027-01, Second team, floors 2 and 3" in after


def test_a_change_in_one_file_leaves_the_other_byte_for_byte(tmp_path):
    main_file, floor3 = split_branch(tmp_path)
    untouched = main_file.read_bytes()
    pf = tmp_path / "rm.yaml"
    pf.write_text("plan: {id: RM-3, site: acme-branch}\nrequests:\n  - remove: {outlet: 3A-035}\n", encoding="utf-8")
    assert main(["apply", str(tmp_path), str(pf)]) == 0  # a folder, as cabling plan takes it
    assert main_file.read_bytes() == untouched
    lines = floor3.read_text(encoding="utf-8").splitlines()
    assert "  - id: H-3A-A[01-34]" in lines and "  - id: H-3A-A35" in lines
    s = load(tmp_path).sites["acme-branch"]
    assert s.cables["H-3A-A35"].status == "decommissioned" and s.devices["3A-035"].description.startswith("removed")


def test_a_conflict_in_one_file_writes_neither(tmp_path, capsys):
    main_file, floor3 = split_branch(tmp_path / "now")
    base = split_branch(tmp_path / "planned")
    pf = tmp_path / "T-1.yaml"
    pf.write_text("plan: {id: T-1, site: acme-branch}\nrequests:\n"
                  "  - outlets: {room: 3-OPEN, at: [[10, 18]], services: [data], vlan: 10}\n"
                  "  - outlets: {room: 2-OPEN, at: [[10, 18]], services: [data], vlan: 10}\n", encoding="utf-8")
    # since the plan was made, someone cabled another outlet to the panel port the plan gives floor 3's outlet
    text = floor3.read_text(encoding="utf-8")
    text = text.replace("devices:\n", "devices:\n  - {id: 3A-X01, model: cabling-outlet-1, room: 3-OFF1, at: [5, 3]}\n", 1)
    text = text.replace("cables:\n", "cables:\n  - {id: H-3A-X1, a: 3A-X01:R1, b: 'PP-3A-A:37 (rear)', type: cat6a, "
                                     "length: 9}\n", 1)
    floor3.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in (main_file, floor3)}
    args = ["apply", str(main_file), str(floor3), str(pf), "--base", str(base[0]), "--base", str(base[1])]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{floor3}:" in err and "port PP-3A-A:37 (rear) is taken now by cable H-3A-X1" in err
    assert "nothing was written" in err
    assert {p: p.read_bytes() for p in before} == before
    assert main(args[:-2]) == 2  # one --base for two files
    assert "--base gives 1 site file(s)" in capsys.readouterr().err
    assert main(["apply", str(main_file), str(floor3), str(pf), "--base", str(base[0].parent)]) == 2  # the folder
    assert "port PP-3A-A:37 (rear) is taken now by cable H-3A-X1" in capsys.readouterr().err


def test_a_file_changed_while_the_other_is_written_gets_both_back(tmp_path, monkeypatch, capsys):
    main_file, floor3 = split_branch(tmp_path)
    pf = tmp_path / "T-2.yaml"
    pf.write_text("plan: {id: T-2, site: acme-branch}\nrequests:\n"
                  "  - outlets: {room: 3-OPEN, at: [[10, 18]], services: [data], vlan: 10}\n"
                  "  - outlets: {room: 2-OPEN, at: [[10, 18]], services: [data], vlan: 10}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (main_file, floor3)}
    real = asbuilt.write_site
    written = []

    def write_then_an_editor_saves_the_other(path, text, was):
        real(path, text, was)
        written.append(Path(path))
        if len(written) == 1:  # an editor without the lock saves the second file meanwhile
            other = floor3 if Path(path) == main_file else main_file
            other.write_bytes(before[other] + b"# saved by an editor\n")

    monkeypatch.setattr(asbuilt, "write_site", write_then_an_editor_saves_the_other)
    assert main(["apply", str(main_file), str(floor3), str(pf)]) == 2
    err = capsys.readouterr().err
    assert "changed while cabling apply was writing it" in err and "old content back" in err
    first = written[0]
    assert first.read_bytes() == before[first]  # the file already replaced has its old content back
    other = floor3 if first == main_file else main_file
    assert other.read_bytes() == before[other] + b"# saved by an editor\n"  # the editor's save is not overwritten


def test_diff_of_two_git_revisions_of_a_site_folder_and_a_base_from_git(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    main_file, floor3 = split_branch(repo / "sites" / "branch")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "the branch, two files")
    monkeypatch.chdir(repo)
    pf = tmp_path / "T-3.yaml"
    pf.write_text("plan: {id: T-3, site: acme-branch}\nrequests:\n"
                  "  - outlets: {room: 3-OPEN, at: [[10, 18]], services: [data], vlan: 10}\n"
                  "  - remove: {outlet: 2A-041}\n", encoding="utf-8")
    # someone adds a printer before the crew's work is entered: --base names the site as planned, from git
    text = main_file.read_text(encoding="utf-8").replace(
        "devices:\n", "devices:\n  - {id: PRN-1A-2, model: cabling-printer, room: 1-OPEN, at: [30, 9.5]}\n", 1)
    main_file.write_text(text, encoding="utf-8")
    _git(repo, "commit", "-qam", "a printer")
    assert main(["apply", "sites/branch", str(pf), "--base", "HEAD~1:sites/branch"]) == 0
    capsys.readouterr()
    _git(repo, "commit", "-qam", "plan T-3 as built")
    assert main(["diff", "HEAD~1:sites/branch", "HEAD:sites/branch"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["--- HEAD~1:sites/branch", "+++ HEAD:sites/branch"]
    added = next(line for line in out if "+ device 3A-037" in line)
    assert added.startswith("HEAD:sites/branch/floor3.yaml:")
    assert any(line.startswith("HEAD:sites/branch/branch.yaml:") and "~ cable H-2A-A41  status: installed -> "
               "decommissioned" in line for line in out)
    assert not any("PRN-1A-2" in line for line in out)  # the printer came in the commit before
    assert main(["diff", "HEAD~2:sites/branch", "sites/branch"]) == 1  # a revision against the working folder
    assert "+ device PRN-1A-2" in capsys.readouterr().out


def test_a_site_split_per_kind_gets_new_devices_and_cables_in_its_devices_and_cables_files(tmp_path, capsys):
    lines = BRANCH.read_text(encoding="utf-8").splitlines(keepends=True)
    start = {key: lines.index(key + ":\n") for key in ("devices", "cables", "telephony")}
    site = tmp_path / "site.yaml"
    devices, cables = tmp_path / "devices.yaml", tmp_path / "cables.yaml"
    site.write_text("".join(lines[:start["devices"]] + lines[start["telephony"] - 2:]), encoding="utf-8")
    devices.write_text("site: acme-branch\n" + "".join(lines[start["devices"]:start["cables"]]), encoding="utf-8")
    cables.write_text("site: acme-branch\n" + "".join(lines[start["cables"]:start["telephony"] - 2]), encoding="utf-8")
    assert diff(load(BRANCH), load(tmp_path)).changes == []
    assert main(["apply", str(tmp_path), str(EXPANSION)]) == 0
    out = capsys.readouterr().out
    # the summary names each file and what it got: telephony's voice cables, jumpers and extensions to site.yaml
    assert [line for line in out.splitlines() if line.startswith(f"  {tmp_path}")] == [
        f"  {cables}: 156 cables, 1 change(s)", f"  {devices}: 71 devices, 2 change(s)",
        f"  {site}: 6 cables, 18 extensions"]
    s = load(tmp_path).sites["acme-branch"]
    assert {Path(s.devices[d].mark.file).name for d in ("3A-037", "PP-3A-B", "2A-049", "PH-3A-037")} == {"devices.yaml"}
    assert {Path(s.cables[c].mark.file).name for c in ("H-3A-A37", "P-2A-B01", "W-PH-3A-037")} == {"cables.yaml"}
    assert "J-2A-216" in site.read_text(encoding="utf-8")  # the telephony entries stay with the telephony


def test_a_folder_of_two_sites_gets_the_plan_in_its_sites_file_only(tmp_path):
    folder = tmp_path / "sites"
    folder.mkdir()
    shutil.copyfile(BRANCH, folder / "branch.yaml")
    office = folder / "office.yaml"
    shutil.copyfile(ROOT / "sites" / "office.yaml", office)
    pf = tmp_path / "rm.yaml"
    pf.write_text("plan: {id: RM-4, site: acme-branch}\nrequests:\n  - remove: {outlet: 2A-041}\n"
                  "  - outlets: {room: 3-OPEN, at: [[10, 18]], services: [data], vlan: 10}\n", encoding="utf-8")
    assert main(["apply", str(folder), str(pf)]) == 0
    assert office.read_bytes() == (ROOT / "sites" / "office.yaml").read_bytes()
    inv = load(folder)
    assert inv.sites["acme-branch"].cables["H-2A-A41"].status == "decommissioned"
    assert "3A-037" in inv.sites["acme-branch"].devices

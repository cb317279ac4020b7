"""cabling diff: devices, cables and ports changed between two site files or two git revisions, with their lines."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from cabling.analysis.sitediff import diff
from cabling.cli import main
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parent.parent
BRANCH = ROOT / "sites" / "branch.yaml"

MOVED = "  - {id: 2A-041, model: cabling-outlet-1, room: 2-MEET1, at: [11.7, 3]}\n"
NEW_DEVICE = "  - {id: 3A-X01, model: cabling-outlet-1, room: 3-OFF1, at: [5, 3]}\n"
NEW_CABLE = "  - {id: H-3A-X01, a: 3A-X01:R1, b: PP-3A-A:37 (rear), type: cat6a, length: 12, label: 3A-A37}\n"
GONE = "  - {id: W-2A-043, a: 2A-043:1, b: PRN-2A-1:LAN, type: cat6, length: 3}\n"


def edited(path: Path) -> Path:
    """A copy of the branch example with an outlet moved, an outlet and its cable added, a cord removed."""
    text = BRANCH.read_text(encoding="utf-8")
    assert MOVED in text and GONE in text
    text = text.replace(MOVED, MOVED.replace("at: [11.7, 3]", "at: [10, 3]"))
    text = text.replace("devices:\n", "devices:\n" + NEW_DEVICE, 1)
    text = text.replace("cables:\n", "cables:\n" + NEW_CABLE, 1)
    text = text.replace(GONE, "")
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_diff_of_two_files_lists_each_change_at_its_line(tmp_path, capsys):
    new = edited(tmp_path / "branch.yaml")
    assert main(["diff", str(BRANCH), str(new)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{new}:{line_of(new, 'id: 2A-041,')}:10: ~ device 2A-041  at: [11.7, 3] -> [10, 3]" in out
    assert f"{new}:{line_of(new, 'id: 3A-X01,')}:10: + device 3A-X01  outlet, cabling-outlet-1, room 3-OFF1 at [5, 3]" in out
    assert (f"{new}:{line_of(new, 'id: H-3A-X01,')}:10: + cable H-3A-X01  3A-X01:R1 - PP-3A-A:37 (rear), cat6a, 12 m, "
            "label 3A-A37, installed") in out
    assert (f"{BRANCH}:{line_of(BRANCH, 'id: W-2A-043,')}:10: - cable W-2A-043  2A-043:1 - PRN-2A-1:LAN, cat6, 3 m, "
            "installed") in out
    assert f"{new}:{line_of(new, 'PP-3A-A,')}:10: ~ port PP-3A-A:37 (rear)  cable: - -> H-3A-X01" in out
    assert f"{new}:{line_of(new, 'PRN-2A-1,')}:10: ~ port PRN-2A-1:LAN  cable: W-2A-043 -> -" in out
    assert "Devices: 1 added, 0 removed, 1 changed" in out and "Cables: 1 added, 1 removed, 0 changed" in out


def test_no_change_is_exit_0(capsys):
    assert main(["diff", str(BRANCH), str(BRANCH)]) == 0
    assert "no changes to devices, cables or ports" in capsys.readouterr().out


def test_diff_json(tmp_path, capsys):
    new = edited(tmp_path / "branch.yaml")
    assert main(["diff", str(BRANCH), str(new), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["counts"]["device"] == {"added": 1, "removed": 0, "changed": 1}
    moved = next(c for c in doc["changes"] if c["id"] == "2A-041")
    assert moved["op"] == "changed" and moved["file"] == str(new) and moved["line"] == line_of(new, "id: 2A-041,")
    assert moved["fields"] == [{"field": "at", "old": [11.7, 3.0], "new": [10.0, 3.0]}]


def test_diff_is_a_pure_function_of_two_inventories(tmp_path):
    new = edited(tmp_path / "branch.yaml")
    d = diff(load(BRANCH), load(new))
    assert {(c.what, c.op, c.id) for c in d.changes if c.what != "port"} == {
        ("device", "~", "2A-041"), ("device", "+", "3A-X01"), ("cable", "+", "H-3A-X01"), ("cable", "-", "W-2A-043")}


def _git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def test_diff_of_two_git_revisions(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "sites").mkdir(parents=True)
    site = repo / "sites" / "branch.yaml"
    shutil.copyfile(BRANCH, site)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "branch as installed")
    edited(site)
    _git(repo, "commit", "-qam", "a new outlet")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~1:sites/branch.yaml", "HEAD:sites/branch.yaml"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["--- HEAD~1:sites/branch.yaml", "+++ HEAD:sites/branch.yaml"]
    assert f"HEAD:sites/branch.yaml:{line_of(site, 'id: 3A-X01,')}:10: + device 3A-X01  outlet, cabling-outlet-1, " \
           "room 3-OFF1 at [5, 3]" in out
    assert f"HEAD~1:sites/branch.yaml:{line_of(BRANCH, 'id: W-2A-043,')}:10: - cable W-2A-043" in "\n".join(out)
    # a revision against the working file; from a sub-folder, a path relative to it
    site.write_text(site.read_text(encoding="utf-8").replace(NEW_DEVICE, ""), encoding="utf-8")
    site.write_text(site.read_text(encoding="utf-8").replace(NEW_CABLE, ""), encoding="utf-8")
    monkeypatch.chdir(repo / "sites")
    assert main(["diff", "HEAD~1:branch.yaml", "branch.yaml"]) == 1
    out = capsys.readouterr().out
    assert "3A-X01" not in out and "~ device 2A-041" in out


def test_a_missing_revision_or_git_is_a_clear_exit_2(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copyfile(BRANCH, repo / "branch.yaml")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "one")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~5:branch.yaml", "branch.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cabling diff: HEAD~5:branch.yaml: ") and "Traceback" not in err and len(err.splitlines()) == 1
    assert main(["diff", "HEAD:nosuch.yaml", "branch.yaml"]) == 2
    assert "HEAD:nosuch.yaml" in capsys.readouterr().err
    assert main(["diff", "nosuch.yaml", "branch.yaml"]) == 2
    assert "nosuch.yaml: no such file" in capsys.readouterr().err
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["diff", "HEAD:branch.yaml", "branch.yaml"]) == 2
    assert "git is not installed" in capsys.readouterr().err


def test_a_revision_that_does_not_load_is_reported_at_its_line(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    site = repo / "branch.yaml"
    site.write_text(BRANCH.read_text(encoding="utf-8").replace(MOVED, MOVED.replace("2-MEET1", "2-MEETX")),
                    encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "typo")
    shutil.copyfile(BRANCH, site)
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD:branch.yaml", "branch.yaml"]) == 2
    err = capsys.readouterr().err
    assert f"HEAD:branch.yaml:{line_of(site, 'id: 2A-041,')}:" in err and "room 2-MEETX does not exist" in err


def test_diff_of_two_folders(tmp_path, capsys):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    shutil.copyfile(BRANCH, old / "branch.yaml")
    edited(new / "branch.yaml")
    assert main(["diff", str(old), str(new)]) == 1
    assert "+ device 3A-X01" in capsys.readouterr().out

"""``cabling validate -j N``: many site folders, each checked on its own, in parallel, reported in order."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SITES = Path(__file__).resolve().parent.parent / "sites"


def run(*args):
    return subprocess.run([sys.executable, "-m", "cabling.cli", "validate", *map(str, args)],
                          capture_output=True, text=True)


def test_each_folder_is_checked_on_its_own_and_reported_in_order(tmp_path):
    folders = []
    for name in ("a-good", "b-broken", "c-good"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(SITES / "office.yaml", folder / "site.yaml")  # the same site ids: they never meet
        folders.append(folder)
    broken = folders[1] / "site.yaml"
    broken.write_text(broken.read_text().replace("b: PP-1A-A:R[1-7]", "b: PP-1A-A:R[91-97]", 1))
    serial, parallel = run("-j", "1", *folders), run("-j", "2", *folders)
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout
    lines = parallel.stdout.splitlines()
    oks = [i for i, line in enumerate(lines) if line.startswith("ok:")]
    errors = [i for i, line in enumerate(lines) if "R91" in line]
    assert len(oks) == 2 and errors and oks[0] < errors[0] < oks[1]
    assert "Traceback" not in parallel.stderr
    # without -j the folders load together: the same device ids in three files clash
    assert run(*folders).returncode != 0


def test_all_good_folders_exit_zero():
    assert run("-j", "2", SITES / "office.yaml", SITES / "kazan.yaml").returncode == 0


def test_the_heaviest_site_starts_first_but_is_reported_in_its_place(tmp_path):
    # campus.yaml is four times office.yaml: it is handed to a worker first, and still printed second
    paths = [SITES / "kazan.yaml", SITES / "campus.yaml", SITES / "office.yaml"]
    one_by_one = [run(p).stdout for p in paths]
    parallel = run("-j", "2", *paths)
    assert parallel.returncode == 0
    assert parallel.stdout == "".join(one_by_one)
    assert [line.split()[1].rstrip(":") for line in parallel.stdout.splitlines() if line.startswith("ok:")] == [
        str(p) for p in paths]

"""Shell completion: the completer offers a site's devices, ports and cables after its files, through the
real argcomplete protocol, and `cabling completion bash` installs into a real bash."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cabling.cli.complete import candidates, references
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parent.parent
BRANCH = ROOT / "sites" / "branch.yaml"


def ask(line: str, tmp_path) -> list[str]:
    """What `cabling` answers a shell that completes ``line`` (argcomplete's protocol, as bash calls it)."""
    out = tmp_path / "completions"
    env = {**os.environ, "_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)),
           "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "_ARGCOMPLETE_IFS": "\n"}
    r = subprocess.run([sys.executable, "-c", "import sys; from cabling.cli import main; sys.exit(main())"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return [w.strip() for w in out.read_text().split("\n") if w.strip()]


def test_sw_2a_completes_to_the_ports_of_the_branchs_floor_2_switch():
    inv = load(BRANCH)
    (sw,) = [d for d in inv.devices() if d.id.startswith("SW-2A")]
    assert references([str(BRANCH)], "SW-2A") == [inv.ref(p) for p in sw.ports]
    # a prefix several devices share: the devices (and cables), then one more Tab gives ports
    pp = references([str(BRANCH)], "PP-")
    assert pp[:3] == ["PP-1A-A", "PP-2A-A", "PP-3A-A"]
    assert references([str(BRANCH)], "pp-2a-a:4") == ["PP-2A-A:4", *[f"PP-2A-A:{n}" for n in range(40, 49)]]
    assert "H-1A-A05" in references([str(BRANCH)], "H-1A-A0")


def test_a_file_that_does_not_load_completes_to_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: {id: x}\ndevices:\n  - {id: A, model: nothing-like-it}\n")
    assert references([str(bad)], "A") == []
    assert references([], "SW") == []


def test_the_shell_protocol_completes_commands_files_and_references(tmp_path):
    assert "trace" in ask("cabling tr", tmp_path)
    assert ask("cabling trace sites/bra", tmp_path) == ["sites/branch.yaml"]
    got = ask("cabling trace sites/branch.yaml SW-2A-1:Gi1/0/1", tmp_path)
    assert got and all(g.startswith("SW-2A-1:Gi1/0/1") for g in got) and "SW-2A-1:Gi1/0/10" in got
    assert ask("cabling ports sites/branch.yaml --device SW-", tmp_path) == ["SW-1A-1", "SW-2A-1", "SW-3A-1"]


def test_cabling_completion_bash_registers_in_a_real_bash():
    script = subprocess.run([sys.executable, "-m", "cabling.cli", "completion", "bash"], capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert script.returncode == 0 and "cabling" in script.stdout
    r = subprocess.run(["bash", "-c", script.stdout + "\ncomplete -p cabling"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and "complete" in r.stdout and "cabling" in r.stdout
    fish = subprocess.run([sys.executable, "-m", "cabling.cli", "completion", "fish"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert fish.returncode == 0 and "complete" in fish.stdout and "cabling" in fish.stdout


def test_candidates_are_capped_for_a_campus_sized_prefix():
    inv = load(BRANCH)
    assert len(candidates(inv, "", limit=10)) == 10

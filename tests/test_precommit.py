"""The shipped pre-commit hook, run by the real pre-commit in a temporary git repository (offline).

The site repository's config is a ``repo: local`` hook copied from this repository's
``.pre-commit-hooks.yaml`` (its entry, file types and options), with ``language: system`` so that
pre-commit uses the cabling already installed instead of building an environment from the network.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cabling.faults.examples import example_site

ROOT = Path(__file__).resolve().parent.parent
LONG_RUN = """
devices:
  - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
cables:
  - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 95, label: 1A-A02}
"""


def _run(cmd, cwd, env):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        raise RuntimeError("git is needed for this test")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "cabling-faults"]
    local = dict(hook, language="system")
    work = tmp_path / "sites-repo"
    work.mkdir()
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}))
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
               PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org", HOME=str(tmp_path))
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", ".pre-commit-config.yaml"],
                ["git", "commit", "-q", "-m", "config"], [sys.executable, "-m", "pre_commit", "install"]):
        r = _run(cmd, work, env)
        assert r.returncode == 0, r.stdout + r.stderr
    return work, env


def test_a_clean_site_commits_and_a_faulty_one_is_refused(repo):
    work, env = repo
    (work / "clean.yaml").write_text(example_site(""))
    (work / "model.yaml").write_text("manufacturer: X\nmodel: Y\nslug: x-y\n")  # not a site file: skipped
    _run(["git", "add", "clean.yaml", "model.yaml"], work, env)
    r = _run(["git", "commit", "-m", "a clean site"], work, env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "cabling faults" in r.stdout + r.stderr and "Passed" in r.stdout + r.stderr

    (work / "faulty.yaml").write_text(example_site(LONG_RUN).replace("id: example", "id: faulty", 1))
    _run(["git", "add", "faulty.yaml"], work, env)
    r = _run(["git", "commit", "-m", "a faulty site"], work, env)
    out = r.stdout + r.stderr
    assert r.returncode != 0 and "Failed" in out
    assert "faulty.yaml" in out and "T101" in out and "95 m" in out
    log = _run(["git", "log", "--oneline"], work, env).stdout
    assert "a faulty site" not in log and "a clean site" in log
    # both sites at once, as 'pre-commit run --files' passes them: only the faulty one fails
    r = _run([sys.executable, "-m", "pre_commit", "run", "--files", "clean.yaml", "faulty.yaml"], work, env)
    assert r.returncode == 1 and "faulty.yaml:" in r.stdout and "clean.yaml:" not in r.stdout

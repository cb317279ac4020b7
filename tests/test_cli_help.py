"""Help that teaches: every command's --help ends with two or three examples, each of which runs as shown
on the bundled sites (in order, in a scratch folder beside a copy of sites/); --version names versions."""
from __future__ import annotations

import platform
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cabling.cli import _leaves, build_parser, main
from cabling.cli.examples import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
LEAVES = dict(_leaves(build_parser()))


def test_every_command_has_two_or_three_examples_at_the_end_of_its_help():
    assert set(EXAMPLES) == set(LEAVES), "every command has examples, and every example names a command"
    for name, parser in LEAVES.items():
        assert 2 <= len(EXAMPLES[name]) <= 3, name
        help_text = parser.format_help()
        tail = help_text.rstrip("\n").split("\n")[-len(EXAMPLES[name]):]
        assert [t.strip() for t in tail] == list(EXAMPLES[name]), name
        assert all(line.startswith(f"cabling {name}") or f"cabling {name}" in line for line in EXAMPLES[name])


def _runnable(line: str) -> list[str]:
    """The cabling command of an example line (the part inside eval "$(...)", before a redirect)."""
    if line.startswith('eval "$('):
        line = line[len('eval "$('):-len(')"')]
    line = line.split(" > ")[0]
    words = shlex.split(line)
    assert words[0] == "cabling"
    return words[1:]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    where = tmp_path_factory.mktemp("examples")
    shutil.copytree(ROOT / "sites", where / "sites")
    return where


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_example_runs_as_shown(name, scratch, monkeypatch, capsys):
    monkeypatch.chdir(scratch)
    monkeypatch.setenv("CABLING_NO_CACHE", "1")
    if name == "import netbox":  # reads what the export examples write
        for line in EXAMPLES["export netbox"]:
            main(_runnable(line) + ["--force"])
    if name == "diff":  # compares what the journal import examples write
        for line in EXAMPLES["import journal"]:
            main(_runnable(line) + ["--force"])
    for line in EXAMPLES[name]:
        code = main(_runnable(line))
        out, err = capsys.readouterr()
        assert code in (0, 1), (line, err)  # 1: findings (faults, unmet plan items), never a usage error
        assert "Traceback" not in err and (out or err), line


def test_version_names_cabling_its_device_library_and_python():
    r = subprocess.run([sys.executable, "-m", "cabling.cli", "--version"], capture_output=True, text=True,
                       cwd=ROOT, timeout=60)
    assert r.returncode == 0
    first, library, python = r.stdout.strip().split("\n")
    from cabling import __version__

    assert first == f"cabling {__version__}"
    assert library.startswith("device library: NetBox devicetype-library ") and "4,449 device types" in library
    assert python.startswith(f"Python {platform.python_version()}")


def test_a_command_run_on_its_own_gets_the_same_parser_as_in_the_whole():
    """``cabling trace ...`` builds only trace's parser (a short run does not import every command): what
    it accepts, its help and its usage errors are those of the whole parser."""
    from cabling.cli import OWN_MODULE

    top = set(build_parser()._subparsers._group_actions[0].choices)  # the first words: commands and groups
    assert set(OWN_MODULE) <= top
    for name in OWN_MODULE:
        alone = dict(_leaves(build_parser(only=name)))
        assert name in alone
        assert set(alone) <= set(LEAVES), name  # nothing a whole parser lacks
        for leaf, parser in alone.items():
            assert parser.format_help() == LEAVES[leaf].format_help(), leaf
            assert parser.format_usage() == LEAVES[leaf].format_usage(), leaf
    # every other top-level word (a group such as import, or a typo) takes the whole parser
    assert top - set(OWN_MODULE) == {"import", "export"}

"""``cabling capacity`` and ``cabling impact`` answered from the cache: the same bytes as without it, never stale."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cabling.cli import capacity as capacity_cli
from cabling.cli import impact as impact_cli
from cabling.readers import cache
from test_faults_cache import run

SITES = Path(__file__).resolve().parent.parent / "sites"


@pytest.fixture
def site(tmp_path, own_cache):
    path = tmp_path / "branch.yaml"
    shutil.copy(SITES / "branch.yaml", path)
    return path


@pytest.mark.parametrize("options", [[], ["--json"], ["--csv"], ["--by", "room"], ["--by", "device", "--csv"]])
def test_a_kept_answer_is_the_answer_without_the_cache(site, monkeypatch, capsys, options):
    uncached = run(capsys, "capacity", site, *options, "--no-cache")
    assert uncached[0] == 0 and ("1A" in uncached[1] or "R-1A-1" in uncached[1])
    assert run(capsys, "capacity", site, *options) == uncached  # computed and kept
    monkeypatch.setattr(cache, "load", lambda paths: pytest.fail("the site was loaded"))
    monkeypatch.setattr(capacity_cli, "_answer", lambda args: pytest.fail("the answer was computed again"))
    assert run(capsys, "capacity", site, *options) == uncached  # read back


def test_options_and_a_changed_file_are_never_answered_from_a_kept_answer(site, capsys):
    by_space = run(capsys, "capacity", site)
    by_floor = run(capsys, "capacity", site, "--by", "floor")
    assert by_floor != by_space and "FLOOR" in by_floor[1]
    # one more switch in the file: its ports are counted at once
    text = site.read_text()
    assert "SW-1A-9" not in text
    free_before = run(capsys, "capacity", site, "--json")[1]
    site.write_text(text.replace("  - {id: SW-1A-1,", "  - {id: SW-1A-9, model: cabling-switch-48-poe, rack: R-1A-1, u: 20}\n"
                                                     "  - {id: SW-1A-1,", 1))
    after = run(capsys, "capacity", site, "--json")
    assert after[0] == 0 and after[1] != free_before and "SW-1A-9" in after[1]


def test_an_input_error_is_reported_every_time(site, capsys):
    site.write_text(site.read_text().replace("model:", "modell:", 1))
    first, second = run(capsys, "capacity", site), run(capsys, "capacity", site)
    assert first[0] == second[0] == 2 and "modell" in first[2] and first[2] == second[2]


@pytest.mark.parametrize("asked", [["SW-2A-1"], ["SW-2A-1", "--json"], ["2A"], ["PP-2A-A", "SW-1A-1"]])
def test_a_kept_impact_is_the_impact_without_the_cache(site, monkeypatch, capsys, asked):
    uncached = run(capsys, "impact", site, *asked, "--no-cache")
    assert uncached[0] == 0 and uncached[1]
    assert run(capsys, "impact", site, *asked) == uncached  # computed and kept
    monkeypatch.setattr(cache, "load", lambda paths: pytest.fail("the site was loaded"))
    monkeypatch.setattr(impact_cli, "_answer", lambda *a: pytest.fail("the answer was computed again"))
    assert run(capsys, "impact", site, *asked) == uncached  # read back


def test_another_part_or_a_changed_file_is_never_answered_from_a_kept_impact(site, capsys):
    switch = run(capsys, "impact", site, "SW-2A-1")
    panel = run(capsys, "impact", site, "PP-2A-A")
    assert switch != panel
    unknown = run(capsys, "impact", site, "SW-2A-7")
    assert unknown[0] == 2 and "SW-2A-7" in unknown[2]
    site.write_text(site.read_text().replace("- {id: SW-1A-1,", "- {id: SW-2A-7, model: cabling-switch-48-poe, "
                                                                 "rack: R-1A-1, u: 20}\n  - {id: SW-1A-1,", 1))
    assert run(capsys, "impact", site, "SW-2A-7")[0] == 0  # the new switch is found: the file was read again

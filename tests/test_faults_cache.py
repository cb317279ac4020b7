"""``cabling faults`` and ``cabling plan`` answered from the cache: the same bytes as without it, never stale;
``cabling faults -j N``: each path on its own, one report of all."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cabling.cli import faults as faults_cli
from cabling.cli import main
from cabling.cli import plan as plan_cli
from cabling.readers import cache

SITES = Path(__file__).resolve().parent.parent / "sites"
FORMATS = [[], ["--json"], ["--csv"], ["--sarif"]]


@pytest.fixture
def home(tmp_path, own_cache):
    """An empty cache folder of its own, and a copy of the faulty example site (errors, warnings and info)."""
    site = tmp_path / "faulty.yaml"
    shutil.copy(SITES / "faulty.yaml", site)
    return tmp_path, site


def counting(monkeypatch, module, name: str) -> list:
    """Count the calls of ``module.name`` (still calling it)."""
    calls = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(map(str, args)))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_kept_report_is_the_report_without_the_cache(home, monkeypatch, capsys, fmt):
    tmp_path, site = home
    uncached = run(capsys, "faults", site, *fmt, "--no-cache")
    assert uncached[0] == 1 and uncached[1]  # the faulty site has errors
    computed = counting(monkeypatch, faults_cli, "_report")
    assert run(capsys, "faults", site, *fmt) == uncached  # computed and kept
    assert len(computed) == 1
    monkeypatch.setattr(cache, "load", lambda paths: pytest.fail("the site was loaded"))
    assert run(capsys, "faults", site, *fmt) == uncached  # read back
    assert len(computed) == 1


def test_a_kept_report_follows_a_change_of_the_file(home, monkeypatch, capsys):
    tmp_path, site = home
    first = run(capsys, "faults", site, "--json")
    computed = counting(monkeypatch, faults_cli, "_report")
    text = site.read_text(encoding="utf-8")
    assert text.count("length: 96}") == 1  # the over-long horizontal cable of rule T101
    site.write_text(text.replace("length: 96}", "length: 98}"), encoding="utf-8")
    again = run(capsys, "faults", site, "--json")
    assert len(computed) == 1 and again != first
    assert again == run(capsys, "faults", site, "--json", "--no-cache")
    assert any("98" in f["message"] for f in json.loads(again[1]) if f["rule"] == "T101")


def test_a_kept_report_is_not_trusted_by_another_version(home, monkeypatch, capsys):
    tmp_path, site = home
    first = run(capsys, "faults", site)
    computed = counting(monkeypatch, faults_cli, "_report")
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    cache.fingerprint.cache_clear()
    try:
        assert run(capsys, "faults", site) == first
        assert len(computed) == 1  # made again, not read back
    finally:
        monkeypatch.undo()
        cache.fingerprint.cache_clear()


@pytest.mark.parametrize("options", [["--severity", "warning"], ["--select", "T"], ["--ignore", "T101"],
                                     ["--no-suppressions"], ["--sarif"]])
def test_a_kept_report_is_kept_per_options(home, monkeypatch, capsys, options):
    tmp_path, site = home
    run(capsys, "faults", site)
    computed = counting(monkeypatch, faults_cli, "_report")
    other = run(capsys, "faults", site, *options)
    assert len(computed) == 1
    assert run(capsys, "faults", site, *options) == other and len(computed) == 1  # its own kept report
    assert other == run(capsys, "faults", site, *options, "--no-cache")


def test_unknown_rule_codes_are_said_every_time(home, capsys):
    tmp_path, site = home
    for _ in range(2):
        code, out, err = run(capsys, "faults", site, "--select", "Z999")
        assert code == 2 and not out and "Z999: no such rule code" in err


def test_a_site_that_does_not_load_is_reported_every_time(home, capsys):
    tmp_path, site = home
    broken = site.read_text(encoding="utf-8") + "\ncables:\n  - {id: X, a: NOPE:1, b: NOPE:2}\n"
    site.write_text(broken, encoding="utf-8")
    first = run(capsys, "faults", site)
    assert first[0] == 2 and first[2]
    assert run(capsys, "faults", site) == first == run(capsys, "faults", site, "--no-cache")


def test_the_default_scan_is_kept_for_the_plan(home, monkeypatch, capsys):
    """What the branch has before the plan comes from the fault report ``cabling faults`` kept; same answer."""
    tmp_path, _ = home
    site = tmp_path / "branch.yaml"
    shutil.copy(SITES / "branch.yaml", site)
    plan_file = SITES / "plans" / "branch-expansion.yaml"
    uncached = run(capsys, "plan", site, plan_file, "--no-cache")
    assert "Findings on the planned site:" in uncached[1]
    run(capsys, "faults", site)
    from cabling import faults

    scans = counting(monkeypatch, faults, "scan")
    assert run(capsys, "plan", site, plan_file) == uncached
    assert len(scans) == 1  # the planned site's; the site's own came from the cache
    answers = counting(monkeypatch, plan_cli, "_answer")
    assert run(capsys, "plan", site, plan_file, "--json") == run(capsys, "plan", site, plan_file, "--json",
                                                                 "--no-cache")
    assert len(answers) == 2
    monkeypatch.setattr(cache, "load", lambda paths: pytest.fail("the site was loaded"))
    assert run(capsys, "plan", site, plan_file) == uncached  # the kept answer
    assert len(answers) == 2


def test_a_kept_plan_follows_a_change_of_the_plan_file(home, monkeypatch, capsys):
    tmp_path, _ = home
    site, plan_file = tmp_path / "branch.yaml", tmp_path / "plan.yaml"
    shutil.copy(SITES / "branch.yaml", site)
    shutil.copy(SITES / "plans" / "branch-expansion.yaml", plan_file)
    first = run(capsys, "plan", site, plan_file)
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("Second team, floors 2 and 3", "Third team"),
                         encoding="utf-8")
    again = run(capsys, "plan", site, plan_file)
    assert again != first and "Plan BR-2027-01: Third team" in again[1]
    assert again == run(capsys, "plan", site, plan_file, "--no-cache")


# ------------------------------------------------------------------ -j
def faults_process(*args):
    return subprocess.run([sys.executable, "-m", "cabling.cli", "faults", *map(str, args)], capture_output=True,
                          text=True)


PATHS = sorted(str(p) for p in (SITES / "faulty.yaml", SITES / "kazan.yaml", SITES / "office.yaml"))


def test_jobs_find_what_one_scan_finds():
    """-j 2 lists the findings of each path scanned on its own, in the order of the paths; for sites of their own,
    given in the order of their names, the findings one scan of them all lists (but for the site names that refer
    to a port among several sites)."""
    alone = [f for p in PATHS for f in json.loads(faults_process("--json", "--no-cache", p).stdout)]
    serial, parallel = faults_process("--json", "-j", "1", *PATHS), faults_process("--json", "-j", "2", *PATHS)
    assert serial.returncode == parallel.returncode == 1
    assert json.loads(parallel.stdout) == json.loads(serial.stdout) == alone
    together = json.loads(faults_process("--json", "--no-cache", *PATHS).stdout)
    assert [(f["rule"], f["file"], f["line"], f["column"]) for f in together] == \
        [(f["rule"], f["file"], f["line"], f["column"]) for f in alone]
    assert len({f["file"] for f in alone}) >= 2  # findings of more than one path
    assert "Traceback" not in parallel.stderr
    assert faults_process("-j", "2", PATHS[0]).stdout == faults_process(PATHS[0]).stdout


def test_jobs_csv_has_one_header_and_sarif_a_run_per_path():
    csvs = [faults_process("--csv", p).stdout for p in PATHS]
    parallel = faults_process("--csv", "-j", "2", *PATHS)
    assert parallel.stdout == csvs[0] + "".join(c.split("\n", 1)[1] for c in csvs[1:])
    assert parallel.stdout.count("rule,severity,file") == 1
    sarif = json.loads(faults_process("--sarif", "-j", "2", *PATHS).stdout)
    alone = [json.loads(faults_process("--sarif", p).stdout) for p in PATHS]
    assert sarif["runs"] == [a["runs"][0] for a in alone] and sarif["version"] == "2.1.0"


def test_jobs_report_each_path_in_order_and_exit_with_the_worst(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("site: {id: x}\ncables:\n  - {id: C, a: NOPE:1, b: NOPE:2}\n", encoding="utf-8")
    good = SITES / "office.yaml"
    done = faults_process("-j", "2", good, broken, SITES / "faulty.yaml")
    assert done.returncode == 2
    assert done.stdout == faults_process(good).stdout + faults_process(SITES / "faulty.yaml").stdout
    assert "NOPE" in done.stderr and "Traceback" not in done.stderr
    assert faults_process("-j", "0", good).returncode == 2
    bad = faults_process("-j", "2", "--select", "Z999", good, SITES / "faulty.yaml")
    assert bad.returncode == 2 and bad.stderr.count("Z999") == 1

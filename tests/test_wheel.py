"""The wheel pip builds carries everything cabling needs: installed into a fresh virtual environment
outside the repository, it validates and traces a site that uses models of the built-in library.

The wheel is built from a copy of the files the package is made of (so nothing is written into the
checkout) with the setuptools already installed (no download). The fresh environment gets the wheel
alone (``pip install --no-deps``); its dependencies (networkx, PyYAML, ...) come from the environment
running the tests, by a path file naming that environment's site-packages, which runs none of the
path files there (so the checkout's editable install of cabling is not seen).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SITE = """\
site: {id: wheel-test}
racks:
  - {id: R1}
devices:
  - {id: SW1, model: cisco-c9200l-48p-4x, rack: R1, u: 40, poe_budget_w: 370}
  - {id: PP1, model: DP486X88TGY, rack: R1, u: 41}
  - {id: WO1, model: 'Generic/Wall box, 2 UTP plugs'}
  - {id: PH1, model: cabling-ip-phone}
cables:
  - {id: H1, a: 'WO1:Port 1 (rear)', b: 'PP1:05 (rear)', type: cat6a, length: 30}
  - {id: P1, a: 'PP1:05 (front)', b: 'SW1:GigabitEthernet1/0/5', type: cat6a, length: 1}
  - {id: W1, a: 'WO1:Port 1 (front)', b: 'PH1:LAN', type: cat6, length: 2}
"""


def run(cmd, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300, **kw)
    assert r.returncode == 0, f"{cmd}\n{r.stdout}\n{r.stderr}"
    return r


def test_the_wheel_installed_elsewhere_validates_and_traces_a_site_of_library_models(tmp_path):
    src = tmp_path / "src"
    for name in ("pyproject.toml", "README.md"):
        src.mkdir(exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("cabling", "schemas"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", wheels, src])
    [wheel] = wheels.glob("cabling-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for member in ("cabling/library/devicetypes.tar.xz", "cabling/library/devicetypes.json",
                   "cabling/library/LICENSE.txt", "cabling/library/PROVENANCE.md", "cabling/schemas/site.schema.json"):
        assert member in names, member
    # every module of the checkout is in the wheel (a subpackage left out of pyproject's list is not)
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "cabling").rglob("*.py") if "__pycache__" not in p.parts}
    assert modules - names == set()

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel])
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "cabling-test-deps.pth").write_text("".join(f"{d}\n" for d in sorted(deps)), encoding="utf-8")

    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "site.yaml").write_text(SITE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    where = run([python, "-c", "import cabling; print(cabling.__file__)"], cwd=work, env=env).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), where  # the installed wheel, not the checkout

    cabling = bindir / "cabling"
    r = run([cabling, "validate", "site.yaml"], cwd=work, env=env)
    assert r.stdout.startswith("ok: site.yaml: 1 site, 4 devices"), r.stdout
    r = run([cabling, "trace", "site.yaml", "PH1:LAN"], cwd=work, env=env)
    assert "-> ends at SW1:GigabitEthernet1/0/5 (switch SW1)" in r.stdout and "complete, active, 33 m" in r.stdout
    r = run([cabling, "models", "show", "C9200L-48P-4X"], cwd=work, env=env)
    assert "built-in library (Cisco/C9200L-48P-4X.yaml)" in r.stdout

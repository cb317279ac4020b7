"""Paths never leave their folder: what a site file names (``models:``, background images) stays beside it
unless the user allows otherwise, and the importers write only inside their output folder whatever the
names in their input data (``../x``, ``/etc/x``, ``a/b``)."""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.readers.loader import library_of, load

ROOT = Path(__file__).resolve().parents[1]
BULK = ROOT / "tests" / "data" / "netbox_csv"
BRANCH, EXPANSION = ROOT / "sites" / "branch.yaml", ROOT / "sites" / "plans" / "branch-expansion.yaml"

MODEL = """\
manufacturer: Acme
model: Box
slug: acme-box
interfaces:
  - {name: eth0, type: 1000base-t}
"""


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def layout(tmp_path):
    """site/ beside elsewhere/ (a models folder and a plan image outside the site's folder)."""
    site, outside = tmp_path / "site", tmp_path / "elsewhere"
    (site / "models").mkdir(parents=True)
    (outside / "models").mkdir(parents=True)
    (outside / "models" / "box.yaml").write_text(MODEL, encoding="utf-8")
    (outside / "plan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return site, outside


def site_naming(site: Path, models: str = "", image: str = "") -> Path:
    f = site / "site.yaml"
    floor = f"  - {{id: '1', level: 0, background: {{image: '{image}'}}}}\n" if image else "  - {id: '1', level: 0}\n"
    f.write_text("site: {id: s}\n" + (f"models: ['{models}']\n" if models else "") + "floors:\n" + floor
                 + "rooms:\n  - {id: R, floor: '1'}\n"
                 + ("devices:\n  - {id: BOX-1, model: acme-box, room: R}\n" if models else ""), encoding="utf-8")
    return f


@pytest.mark.parametrize("how", ["relative", "absolute", "link to a folder", "link in a folder"])
def test_models_outside_the_site_folder_are_refused_unless_allowed(layout, how, monkeypatch):
    site, outside = layout
    if how == "relative":
        named = "../elsewhere/models"
    elif how == "absolute":
        named = str(outside / "models")
    elif how == "link to a folder":
        (site / "linked").symlink_to(outside / "models")
        named = "linked"
    else:  # a folder inside whose file is a link to a file outside
        (site / "models" / "box.yaml").symlink_to(outside / "models" / "box.yaml")
        named = "models/"
    f = site_naming(site, models=named)
    with pytest.raises(InputError) as exc:
        load(f)
    (d,) = [d for d in exc.value.diagnostics if d.severity == "error"]
    assert (Path(d.mark.file).name, d.mark.line, d.mark.column) == ("site.yaml", 2, 10)
    assert "outside the site file's folder" in d.message and "--allow-outside-paths" in d.message
    assert run("validate", f)[0] == 1
    code, _, err = run("models", f)
    assert code == 2 and "outside the site file's folder" in err and "Traceback" not in err
    # allowed: by the loader's parameter, the CLI's option and the environment
    assert load(f, allow_outside_paths=True).sites["s"].devices["BOX-1"].model.slug == "acme-box"
    assert run("validate", "--allow-outside-paths", f)[0] == 0
    assert any(dt.slug == "acme-box" for dt in library_of(f, allow_outside_paths=True).by_slug.values())
    monkeypatch.setenv("CABLING_ALLOW_OUTSIDE_PATHS", "1")
    assert run("validate", f)[0] == 0
    monkeypatch.delenv("CABLING_ALLOW_OUTSIDE_PATHS")
    assert run("validate", f)[0] == 1  # the option and the variable held for their run only, also in the cache


def test_models_inside_the_site_folder_load_as_before(layout):
    site, _ = layout
    (site / "models" / "box.yaml").write_text(MODEL, encoding="utf-8")
    (site / "models" / "inner").symlink_to(site / "models")  # a link that stays inside is fine
    inv = load(site_naming(site, models="models/"))
    assert inv.sites["s"].devices["BOX-1"].model.slug == "acme-box"


@pytest.mark.parametrize("how", ["relative", "absolute", "link"])
def test_a_background_image_outside_is_refused_unless_allowed(layout, how):
    site, outside = layout
    named = {"relative": "../elsewhere/plan.png", "absolute": str(outside / "plan.png"), "link": "plan.png"}[how]
    if how == "link":
        (site / "plan.png").symlink_to(outside / "plan.png")
    f = site_naming(site, image=named)
    with pytest.raises(InputError) as exc:
        load(f)
    (d,) = exc.value.diagnostics
    assert (d.mark.line, d.mark.column) == (3, 45) and "background image" in d.message and "--allow-outside-paths" in d.message
    assert run("floorplan", f, "--floor", "1", "-o", site / "f.svg")[0] == 2 and not (site / "f.svg").exists()
    floor = load(f, allow_outside_paths=True).sites["s"].floors["1"]
    assert Path(floor.background.path) == (outside / "plan.png").resolve()
    assert run("validate", "--allow-outside-paths", f)[0] == 0


def test_every_command_that_reads_sites_takes_the_option():
    from cabling.cli import NO_SITES, _leaves, build_parser

    for name, parser in _leaves(build_parser()):
        options = {o for a in parser._actions for o in a.option_strings}
        assert ("--allow-outside-paths" in options) == (name not in NO_SITES), name


# ------------------------------------------------------------------ importers write only inside their folder
def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("slug", ["../../escaped", "/tmp/escaped", "a/b", "..", ".hidden", "x" * 300])
def test_netbox_site_slugs_that_are_no_file_names_are_made_safe(tmp_path, slug):
    bulk = tmp_path / "deep" / "bulk"
    shutil.copytree(BULK, bulk)
    (bulk / "sites.csv").write_text(f"name,slug,status\nHQ,{slug},active\n", encoding="utf-8")
    out = tmp_path / "deep" / "out"
    before = listing(tmp_path)
    code, _, err = run("import", "netbox", bulk, "-o", out)
    assert code == 0, err
    written = listing(tmp_path) - before
    assert written and all(w.startswith("deep/out/") for w in written)
    [site_file] = [w for w in written if w.count("/") == 2]
    assert "cannot be a file name; written as site" in err
    assert load(tmp_path / site_file).sites  # the site loads under its new id


def test_netbox_device_type_slugs_that_are_no_file_names_are_made_safe(tmp_path):
    bulk = tmp_path / "bulk"
    shutil.copytree(BULK, bulk)
    (bulk / "device-types").mkdir()
    (bulk / "device-types" / "evil.yaml").write_text(
        "manufacturer: Cisco\nmodel: C9300-48P\nslug: ../../../etc/evil\nu_height: 1\n"
        "interfaces:\n  - {name: Gi1/0/1, type: 1000base-t}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("import", "netbox", bulk, "-o", out)
    assert code == 0, err
    assert not (tmp_path / "etc").exists() and listing(tmp_path) - listing(bulk.parent) == set()
    assert "models/cisco/etc-evil.yaml" in listing(out)
    assert load(out).sites


def test_write_files_refuses_names_that_leave_the_folder_and_writes_nothing(tmp_path, capsys):
    from cabling.cli.common import write_files

    out = tmp_path / "out"
    (tmp_path / "elsewhere").mkdir()
    out.mkdir()
    (out / "link").symlink_to(tmp_path / "elsewhere")
    for rel in ("../x.yaml", str(tmp_path / "x.yaml"), "a/../../x.yaml", "link/x.yaml"):
        assert not write_files("test", out, {"fine.yaml": "a\n", rel: "b\n"}, force=False)
        assert "would leave" in capsys.readouterr().err
        assert listing(tmp_path) == set()


def test_a_journal_writes_only_its_output_whatever_its_names(tmp_path):
    journal = tmp_path / "in" / "j.csv"
    journal.parent.mkdir()
    journal.write_text("Room,Outlet,Panel port,Switch port,Length\n"
                       "../../x,/etc/passwd,PP-1/1,SW-1 Gi1/0/1,10\n"
                       "/etc,..\\evil,PP-1/2,SW-1 Gi1/0/2,12\n", encoding="utf-8")
    out = tmp_path / "out" / "site.yaml"
    out.parent.mkdir()
    code, _, err = run("import", "journal", journal, "-o", out, "--site-id", "../../j")
    assert code == 0, err
    assert listing(tmp_path) == {"in/j.csv", "out/site.yaml"}
    inv = load(out)  # the names are ids in the file, nothing more
    assert {"/etc/passwd", "..\\evil"} <= set(inv.sites["../../j"].devices)


def test_work_orders_of_a_plan_whose_id_is_a_path_stay_in_the_output_folder(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(EXPANSION.read_text(encoding="utf-8").replace("id: BR-2027-01", "id: ../../BR/x", 1),
                    encoding="utf-8")
    out = tmp_path / "deep" / "wo"
    code, _, err = run("workorders", BRANCH, plan, "-o", out)
    assert code in (0, 1), err
    assert listing(tmp_path) - {"plan.yaml"} == {f"deep/wo/BR-x-{n}" for n in (
        "tasks.csv", "network.csv", "bom.csv", "labels.csv", "acceptance.csv", "workorders.xlsx", "workorders.pdf",
        "workorders.html", "labels.pdf", "labels.html")}

"""``cabling models``: every model a site can use (its own, the catalogue, the built-in library), listed,
searched and shown, from the library's index (no file of the bundle is unpacked to list them)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cabling.choices import PORT_SECTIONS
from cabling.library.bundle import Bundle, bundle
from cabling.readers.devicetypes import CATALOGUE_DIR, default_library
from cabling.readers.loader import library_of
from cabling.readers.modelsearch import available, describe, search

ROOT = Path(__file__).resolve().parents[1]


def cabling(*args, cwd=None) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "cabling.cli", "models", *map(str, args)],
                       capture_output=True, text=True, cwd=cwd, timeout=120)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def _site_with_own_models(tmp_path: Path) -> Path:
    models = tmp_path / "models"
    models.mkdir()
    (models / "widget.yaml").write_text(
        "manufacturer: Acme\nmodel: Widget 8\nslug: acme-widget-8\npart_number: AW-8\nrole: switch\npoe_budget_w: 120\n"
        "interfaces:\n" + "".join(f"  - {{name: p{i}, type: 1000base-t, poe_mode: pse}}\n" for i in range(1, 9)),
        encoding="utf-8")
    # the site's own file for a slug the built-in library also has: the site's wins, the library's is hidden
    (models / "c9200.yaml").write_text("manufacturer: Cisco\nmodel: Catalyst 9200-48P\nslug: cisco-c9200-48p\n"
                                       "interfaces:\n  - {name: Gi1, type: 1000base-t}\n", encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text("site: {id: s}\nmodels: [models/]\n", encoding="utf-8")
    return site


# ------------------------------------------------------------------ the library function
def test_every_model_a_site_can_use_is_listed_once_in_order_of_precedence(tmp_path):
    models = available(library_of([_site_with_own_models(tmp_path)]))
    origins = [m.origin for m in models]
    assert origins == sorted(origins, key=("site", "catalogue", "library").index)
    assert [m.slug for m in models if m.origin == "site"] == ["acme-widget-8", "cisco-c9200-48p"]
    assert sum(1 for o in origins if o == "catalogue") == len(list(CATALOGUE_DIR.glob("*.yaml")))
    # every built-in model but the one whose slug the site took
    assert sum(1 for o in origins if o == "library") == bundle().manifest["device_types"] - 1
    assert len({m.slug for m in models}) == len(models)
    widget = models[0]
    assert (widget.key, widget.part_number, widget.role, widget.ports, widget.poe_ports, widget.poe_budget_w) == (
        "Acme/Widget 8", "AW-8", "switch", {"interface": 8}, 8, 120)


def test_catalogue_entries_count_the_ports_of_their_files_per_kind():
    models = {m.slug: m for m in available(default_library()) if m.origin == "catalogue"}
    for f in CATALOGUE_DIR.glob("*.yaml"):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        counts = {PORT_SECTIONS[s]: len(doc[s]) for s in PORT_SECTIONS if doc.get(s)}
        m = models[doc["slug"]]
        assert m.ports == counts and m.poe_budget_w == doc.get("poe_budget_w"), f.name


def test_built_in_entries_match_their_files():
    by_slug = {m.slug: m for m in available(default_library())}
    for member in bundle().members[::211]:
        doc = yaml.safe_load(bundle().text(member))
        m = by_slug[member.slug]
        counts = {PORT_SECTIONS[s]: len(doc[s]) for s in PORT_SECTIONS if doc.get(s)}
        assert (m.manufacturer, m.model, m.ports, m.origin) == (doc["manufacturer"], str(doc["model"]), counts, "library")
        pse = sum(1 for i in doc.get("interfaces") or () if i.get("poe_mode") == "pse")
        assert m.poe_ports == pse and m.poe_pd == any(i.get("poe_mode") == "pd" for i in doc.get("interfaces") or ())


def test_listing_and_searching_read_only_the_index(monkeypatch):
    def unpack(self, member):
        raise AssertionError(f"listing unpacked {member.path}")

    monkeypatch.setattr(Bundle, "read", unpack)
    found = search(available(default_library()), "c9200 48p")
    assert "cisco-c9200-48p" in [m.slug for m in found]


@pytest.mark.parametrize("text, slug", [
    ("C9200-48P", "cisco-c9200-48p"),                   # part number (named exactly: first)
    ("cisco/catalyst 9200-48p", "cisco-c9200-48p"),     # Manufacturer/Model, any case
    ("panduit cat 6a 48", "panduit-dp486x88tgy"),       # words of manufacturer and model
    ("cabling-ip-phone", "cabling-ip-phone"),           # a catalogue slug
])
def test_search_by_manufacturer_model_slug_or_part_number(text, slug):
    found = search(available(default_library()), text)
    assert slug in [m.slug for m in found]
    words = text.lower().split()
    for m in found:  # every word is somewhere in each model found
        hay = f"{m.slug} {m.key} {m.part_number or ''}".lower()
        assert all(w in hay for w in words), m.slug
    if text in ("C9200-48P", "cabling-ip-phone"):
        assert found[0].slug == slug


def test_describe_gives_the_model_a_site_would_get_with_its_mappings(tmp_path):
    d = describe(default_library(), "cabling-fibre-panel-mpo12")
    assert d.summary.origin == "catalogue" and len(d.mappings) == 12
    assert sorted(rp for _, _, r, rp in d.mappings) == list(range(1, 13))
    assert describe(library_of([_site_with_own_models(tmp_path)]), "cisco-c9200-48p").summary.origin == "site"
    assert describe(default_library(), "cisco-c9200-48p").summary.origin == "library"
    assert describe(default_library(), "no-such-model") is None


# ------------------------------------------------------------------ the command
def test_models_json_lists_the_search_with_role_ports_poe_and_origin():
    r = cabling("--json", "c9200", "48p")
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    row = next(x for x in rows if x["slug"] == "cisco-c9200-48p")
    assert (row["key"], row["part_number"], row["role"], row["poe_ports"], row["origin"], row["source"]) == (
        "Cisco/Catalyst 9200-48P", "C9200-48P", "switch", 48, "library", "builtin:Cisco/C9200-48P.yaml")
    assert row["ports"] == {"interface": 49, "console": 2, "power": 2}
    assert all("c9200" in x["slug"] and "48p" in x["slug"] for x in rows)
    assert f"{len(rows)} of " in r.stderr


def test_models_table_and_filters():
    r = cabling("--from", "catalogue", "--role", "switch")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["SLUG", "MANUFACTURER", "MODEL", "PART", "ROLE", "PORTS", "POE", "FROM"]
    assert sorted(line.split()[0] for line in lines[1:]) == ["cabling-switch-24-poe", "cabling-switch-48-poe"]
    assert "24 PSE, 370 W" in r.stdout and "29 interface, 1 console, 2 power" in r.stdout


def test_models_with_a_site_list_its_own_models_first(tmp_path):
    site = _site_with_own_models(tmp_path)
    r = cabling(site, "--json")
    rows = json.loads(r.stdout)
    assert [(x["slug"], x["origin"]) for x in rows[:2]] == [("acme-widget-8", "site"), ("cisco-c9200-48p", "site")]
    assert [x["origin"] for x in rows].count("site") == 2
    r = cabling(tmp_path, "widget")  # a folder of site files works too
    assert r.returncode == 0 and r.stdout.splitlines()[1].split()[0] == "acme-widget-8"


def test_models_show_prints_ports_and_front_to_rear_mappings():
    r = cabling("show", "cabling-fibre-panel-mpo12")
    assert r.returncode == 0
    assert "front-to-rear mappings  12" in r.stdout
    rows = [line.split() for line in r.stdout.splitlines() if line.startswith("front ")]
    assert len(rows) == 12 and rows[2][-3:] == ["MPO", "position", "3"]
    r = cabling("show", "Cisco/Catalyst 9200-48P")
    assert r.returncode == 0 and "built-in library (Cisco/C9200-48P.yaml)" in r.stdout
    assert r.stdout.count("pse type2-ieee802.3at") == 48
    shown = json.loads(cabling("show", "C9200-48P", "--json").stdout)
    doc = yaml.safe_load(bundle().text(bundle().find("cisco-c9200-48p")[0]))
    assert [p["name"] for p in shown["ports"] if p["kind"] == "interface"] == [i["name"] for i in doc["interfaces"]]


def test_models_show_of_an_unknown_or_ambiguous_name_exits_2_and_says_what_to_type():
    r = cabling("show", "cisco-c9200-48pp")
    assert r.returncode == 2 and "did you mean cisco-c9200-48p?" in r.stderr
    r = cabling("show", "MS120-24P-HW")  # a part number several models share
    assert r.returncode == 2 and "cisco-meraki-ms120-24p" in r.stderr and "use a slug" in r.stderr


def test_models_without_a_match_exits_1_and_a_missing_site_file_exits_2(tmp_path):
    r = cabling("xyzzy-no-such-thing")
    assert r.returncode == 1 and "no model matches 'xyzzy-no-such-thing'" in r.stderr and not r.stdout
    r = cabling(tmp_path / "missing.yaml", "cisco")
    assert r.returncode == 2 and "missing.yaml: no such file or folder" in r.stderr


def test_a_site_whose_models_line_is_broken_is_reported_at_its_line(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("site: {id: s}\nmodels: [nowhere/]\n", encoding="utf-8")
    r = cabling(site)
    assert r.returncode == 2 and f"{site}:2:" in r.stderr and "does not exist" in r.stderr

"""A site that points `models:` at NetBox's whole devicetype-library (4,449 files).

The folder is the built-in bundle unpacked (fixture ``device_types``); the same names resolve with no
``models:`` line at all, from the library built into cabling (tests/test_builtin_models.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cabling.diagnostics import InputError
from cabling.readers.loader import load


@pytest.fixture(autouse=True)
def library_outside_the_site_folder(monkeypatch):
    """The library is unpacked outside the site's folder: these sites name it with leave to."""
    monkeypatch.setenv("CABLING_ALLOW_OUTSIDE_PATHS", "1")


@pytest.fixture
def site(tmp_path, device_types):
    def write(devices: str) -> Path:
        f = tmp_path / "site.yaml"
        f.write_text(f"site: {{id: lib}}\nmodels: ['{device_types}']\ndevices:\n{devices}")
        return f
    return write


def test_models_of_the_whole_library_by_slug_and_by_manufacturer_model(site, device_types):
    inv = load([site("  - {id: SW1, model: cisco-c9200-48p}\n"
                               "  - {id: PP1, model: Generic/24-port Copper Patch Panel}\n"
                               "  - {id: M1, model: juniper-mx304-base}\n")])
    sw = inv.sites["lib"].devices["SW1"]
    assert sum(1 for p in sw.ports if p.template.poe_mode == "pse") == 48
    pp = inv.sites["lib"].devices["PP1"]
    assert pp.model.manufacturer == "Generic" and sum(1 for p in pp.ports if p.kind == "front") == 24
    assert inv.sites["lib"].devices["M1"].model.slug == "juniper-mx304-base"
    # read from the folder, which comes before the built-in library
    for dev in ("SW1", "PP1", "M1"):
        assert Path(inv.sites["lib"].devices[dev].model.source).is_relative_to(device_types), dev


def test_a_manufacturer_model_name_two_files_share_is_reported_with_both_slugs(site):
    f = site("  - {id: R1, model: Juniper/MX304}\n")
    with pytest.raises(InputError) as err:
        load([f])
    (d,) = err.value.diagnostics
    assert (d.mark.line, d.mark.column) == (4, 21)
    assert "ambiguous" in d.message and "juniper-mx304" in d.message and "juniper-mx304-base" in d.message


def test_an_unknown_model_gets_the_closest_library_slug(site):
    f = site("  - {id: SW1, model: cisco-c9200-48pp}\n")
    with pytest.raises(InputError) as err:
        load([f])
    assert "did you mean cisco-c9200-48p?" in err.value.diagnostics[0].message

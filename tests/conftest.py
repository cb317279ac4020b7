"""Test data that lives in the repository (see each folder's PROVENANCE.md)."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The whole suite (and every cabling process it starts) caches into a folder of its own, never the
# user's ~/.cache/cabling.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="cabling-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)
os.environ.pop("CABLING_NO_CACHE", None)

DATA = Path(__file__).resolve().parent / "data"
# NetBox's demo database (MIT), gzipped: tests/data/netbox-demo/PROVENANCE.md
NETBOX_DUMP = DATA / "netbox-demo" / "netbox-demo-v4.2.sql.gz"
# One devicetype-library file in the newer port-mappings format (CC0)
# The small two-floor office of the PoE, impact and capacity tests (its header says what each part is for)
SMALL_SITE = DATA / "impact" / "small.yaml"
PORT_MAPPINGS_FILE = DATA / "devicetype-library" / "port-mappings-format" / "Generic" / "24-port-copper-phone-patch-panel-half-depth.yaml"


@pytest.fixture(scope="session")
def device_types(tmp_path_factory) -> Path:
    """NetBox's devicetype-library ``device-types/`` folder, unpacked from the bundle built into cabling."""
    from cabling.library.bundle import bundle

    return bundle().extract(tmp_path_factory.mktemp("devicetype-library") / "device-types")


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of the test's own (``tmp_path/xdg``), with the cache on; its ``cabling`` folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CABLING_NO_CACHE", raising=False)
    return tmp_path / "xdg" / "cabling"


@pytest.fixture(scope="session")
def small_site():
    """The loaded inventory of :data:`SMALL_SITE` (read only: tests must not change it)."""
    from cabling.readers.loader import load

    return load(SMALL_SITE)


# Hypothesis profiles (tests/test_fuzz_inputs.py, tests that give no max_examples of their own): a few cases
# with a fixed seed in the normal run; `pytest --hypothesis-profile=long` runs many random ones.
from hypothesis import HealthCheck, settings  # noqa: E402

_FUZZ = dict(deadline=None, database=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile("cabling", max_examples=12, derandomize=True, **_FUZZ)
settings.register_profile("long", max_examples=400, derandomize=False, **_FUZZ)


def pytest_configure(config):
    if not config.getoption("hypothesis_profile", None):
        settings.load_profile("cabling")

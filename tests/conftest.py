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


@pytest.fixture(scope="session")
def small_site():
    """The loaded inventory of :data:`SMALL_SITE` (read only: tests must not change it)."""
    from cabling.loader import load

    return load(SMALL_SITE)

"""The closed lists of values live in cabling.choices; the JSON Schemas editors use must offer the same."""
from __future__ import annotations

import json
from pathlib import Path

from cabling import choices

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def site_schema():
    return json.loads((SCHEMAS / "site.schema.json").read_text())


def test_cable_types_statuses_and_roles_agree_with_the_site_schema():
    defs = site_schema()["$defs"]
    cable = defs["cable"]["properties"]
    assert cable["type"]["enum"] == list(choices.CABLE_TYPES)
    assert cable["status"]["enum"] == list(choices.CABLE_STATUSES)
    assert cable["status"]["default"] == choices.DEFAULT_CABLE_STATUS
    assert defs["device"]["properties"]["role"]["enum"] == list(choices.DEVICE_ROLES)
    assert defs["circuit"]["properties"]["status"]["enum"] == list(choices.CIRCUIT_STATUSES)
    assert cable["test"]["properties"]["result"]["enum"] == list(choices.TEST_RESULTS)


def test_model_roles_agree_with_the_devicetype_schema():
    schema = json.loads((SCHEMAS / "devicetype.schema.json").read_text())
    assert schema["properties"]["role"]["enum"] == list(choices.DEVICE_ROLES)
    # every port section the loader reads is described for editors
    for section in choices.PORT_SECTIONS:
        assert section in schema["properties"], section

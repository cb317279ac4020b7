"""NetBox's own cable-path tests, rebuilt as cabling sites.

Each ``test_NNN_*`` below translates the test of the same name in NetBox's
``netbox/dcim/tests/test_cablepaths.py`` (class ``LegacyCablePathTestCase``,
cables without profiles) and asserts NetBox's answer: the exact steps of the
path (near ports, cables, far ports, ports on the other side of a pass-through
device, ...), and ``complete`` / ``active`` / ``split``.

How the translation works:

* NetBox puts every port on one "Test Device". Here the endpoints (Interface
  1..8, console, power) stay on one host ``TD`` (model ``nb-host``, interfaces
  ``IF1``..``IF8``), and the front/rear ports live on separate panels, as a
  real site would have them (models in ``tests/data/netbox_models``):
  ``nb-coupler`` (F1->R1, F2->R2, single position), ``nb-cassette-4``
  (F1..F4 onto positions 1..4 of rear port R) and ``nb-rear-only``. Each
  docstring gives the diagram in cabling names.
* NetBox builds a site step by step (add cables, check, add more, delete one);
  a cabling site is a file, so every stage is its own site file.
* ``assertPathExists(nodes, ...)`` becomes :func:`assert_path`: the path traced
  from the ports of the first step (NetBox's ``CablePath.from_origin`` with the
  terminations of one cable end) must have exactly those steps. A step is a
  port reference (``DEV:PORT``), a cable id, or a list of either.
* Where NetBox asserts only a count (e.g. "four partial paths" after deleting
  a cable) the translation asserts each of those paths in full, as NetBox's
  algorithm gives them.

Left out of this file: circuits (210-216, 223, 225, 402), power feeds (104),
wireless links and cable profiles (test_cablepaths2.py); and the database
bookkeeping of NetBox tests (path counts, ``_path`` fields, SVG rendering). The tests at the end cover cabling's own extensions (tracing
from pass-through ports, path length) and the CLI.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cabling.analysis.trace import from_origin, trace
from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.readers.loader import load, resolve_ref

MODELS = Path(__file__).parent / "data" / "netbox_models"
HOST, COUPLER, CASSETTE, REAR_ONLY = "nb-host", "nb-coupler", "nb-cassette-4", "nb-rear-only"


# ---------------------------------------------------------------- helpers

def build(tmp_path, devices: dict, cables: list, stage: str = "site"):
    """Write one site file with ``devices`` ({id: model}) and ``cables``; load it.

    A cable is ``(id, a, b)`` or ``(id, a, b, {extra fields})``; an end given as a
    list is several ports on one cable end.
    """
    entries = []
    for cid, a, b, *extra in cables:
        entry = {"id": cid, "a": a, "b": b}
        if extra:
            entry.update(extra[0])
        entries.append(entry)
    doc = {
        "site": {"id": "nb", "name": "NetBox cable-path scenarios"},
        "models": [str(MODELS)],
        "devices": [{"id": d, "model": m} for d, m in devices.items()],
        "cables": entries,
    }
    path = tmp_path / f"{stage}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return load([path], allow_outside_paths=True)  # the models are in the repository, the site in tmp_path


def only(cables, *ids):
    return [c for c in cables if c[0] in ids]


def without(cables, *ids):
    return [c for c in cables if c[0] not in ids]


def port(inv, ref):
    found, problem = resolve_ref(inv, ref)
    assert found is not None, problem
    return found


def _items(node) -> list:
    return list(node) if isinstance(node, (list, tuple)) else [node]


def steps(nodes) -> list[dict]:
    """NetBox-style node list -> cabling's JSON steps (port refs contain ':', cable ids do not)."""
    out = []
    for node in nodes:
        items = _items(node)
        out.append({"ports" if ":" in items[0] else "cables": items})
    return out


def show(json_steps) -> str:
    """Steps as one line, for readable failures: 'TD:IF1 > C1 > [P1:F1, P1:F2] > ...'."""
    parts = []
    for step in json_steps:
        (items,) = step.values()
        parts.append(items[0] if len(items) == 1 else "[" + ", ".join(items) + "]")
    return " > ".join(parts)


def assert_path(inv, nodes, *, complete, active=True, split=False):
    """NetBox's assertPathExists: the path from the first step's ports is exactly ``nodes``."""
    origin = [port(inv, ref) for ref in _items(nodes[0])]
    got = from_origin(origin).to_json(inv)
    assert show(got["steps"]) == show(steps(nodes))
    assert got["steps"] == steps(nodes)
    assert (got["complete"], got["active"], got["split"]) == (complete, active, split)
    if len(origin) == 1:
        # The public entry point agrees: one path from an endpoint, the same one.
        assert [p.to_json(inv) for p in trace(origin[0])] == [got]
    return got


def assert_no_path(inv, ref):
    """NetBox's assertPathIsNotSet: a port with no cable leads nowhere."""
    paths = trace(port(inv, ref))
    assert paths
    assert all(not p.cables and not p.complete for p in paths)


# ---------------------------------------------------------------- 1XX: direct connections

def test_101_interface_to_interface(tmp_path):
    """NetBox test_101_interface_to_interface.

    [TD:IF1] --C1-- [TD:IF2]
    """
    inv = build(tmp_path, {"TD": HOST}, [("C1", "TD:IF1", "TD:IF2")])
    assert_path(inv, ("TD:IF1", "C1", "TD:IF2"), complete=True)
    assert_path(inv, ("TD:IF2", "C1", "TD:IF1"), complete=True)

    inv = build(tmp_path, {"TD": HOST}, [], "deleted")  # Delete cable 1
    assert_no_path(inv, "TD:IF1")
    assert_no_path(inv, "TD:IF2")


def test_102_consoleport_to_consoleserverport(tmp_path):
    """NetBox test_102_consoleport_to_consoleserverport.

    [TD:CP1] --C1-- [TD:CSP1]
    """
    inv = build(tmp_path, {"TD": HOST}, [("C1", "TD:CP1", "TD:CSP1")])
    assert_path(inv, ("TD:CP1", "C1", "TD:CSP1"), complete=True)
    assert_path(inv, ("TD:CSP1", "C1", "TD:CP1"), complete=True)


def test_103_powerport_to_poweroutlet(tmp_path):
    """NetBox test_103_powerport_to_poweroutlet.

    [TD:PWR1] --C1-- [TD:PO1]
    """
    inv = build(tmp_path, {"TD": HOST}, [("C1", "TD:PWR1", "TD:PO1")])
    assert_path(inv, ("TD:PWR1", "C1", "TD:PO1"), complete=True)
    assert_path(inv, ("TD:PO1", "C1", "TD:PWR1"), complete=True)


S120 = ({"TD": HOST}, [("C1", "TD:IF1", ["TD:IF2", "TD:IF3"])])


def test_120_single_interface_to_multi_interface(tmp_path):
    """NetBox test_120_single_interface_to_multi_interface.

    [TD:IF1] --C1-- [TD:IF2]
                    [TD:IF3]
    """
    inv = build(tmp_path, *S120)
    assert_path(inv, ("TD:IF1", "C1", ["TD:IF2", "TD:IF3"]), complete=True)
    assert_path(inv, (["TD:IF2", "TD:IF3"], "C1", "TD:IF1"), complete=True)


S121 = ({"TD": HOST}, [("C1", ["TD:IF1", "TD:IF2"], ["TD:IF3", "TD:IF4"])])


def test_121_multi_interface_to_multi_interface(tmp_path):
    """NetBox test_121_multi_interface_to_multi_interface.

    [TD:IF1] --C1-- [TD:IF3]
    [TD:IF2]        [TD:IF4]
    """
    inv = build(tmp_path, *S121)
    assert_path(inv, (["TD:IF1", "TD:IF2"], "C1", ["TD:IF3", "TD:IF4"]), complete=True)
    assert_path(inv, (["TD:IF3", "TD:IF4"], "C1", ["TD:IF1", "TD:IF2"]), complete=True)


# ---------------------------------------------------------------- 2XX: topologies

S201 = (
    {"TD": HOST, "P1": COUPLER},
    [("C1", "TD:IF1", "P1:F1"), ("C2", "P1:R1", "TD:IF2")],
)


def test_201_single_path_via_pass_through(tmp_path):
    """NetBox test_201_single_path_via_pass_through.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [TD:IF2]
    """
    devices, cables = S201
    inv = build(tmp_path, devices, only(cables, "C1"), "c1")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1"), complete=False)

    inv = build(tmp_path, devices, cables, "c1-c2")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1", "C2", "TD:IF2"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", "P1:R1", "P1:F1", "C1", "TD:IF1"), complete=True)

    inv = build(tmp_path, devices, without(cables, "C2"), "c2-deleted")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1"), complete=False)
    assert_no_path(inv, "TD:IF2")


def test_202_single_path_via_pass_through_with_breakouts(tmp_path):
    """NetBox test_202_single_path_via_pass_through_with_breakouts.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [TD:IF3]
    [TD:IF2]                               [TD:IF4]
    """
    devices = {"TD": HOST, "P1": COUPLER}
    cables = [
        ("C1", ["TD:IF1", "TD:IF2"], "P1:F1"),
        ("C2", "P1:R1", ["TD:IF3", "TD:IF4"]),
    ]
    inv = build(tmp_path, devices, only(cables, "C1"), "c1")
    assert_path(inv, (["TD:IF1", "TD:IF2"], "C1", "P1:F1", "P1:R1"), complete=False)

    inv = build(tmp_path, devices, cables, "c1-c2")
    assert_path(inv, (["TD:IF1", "TD:IF2"], "C1", "P1:F1", "P1:R1", "C2", ["TD:IF3", "TD:IF4"]),
                complete=True)
    assert_path(inv, (["TD:IF3", "TD:IF4"], "C2", "P1:R1", "P1:F1", "C1", ["TD:IF1", "TD:IF2"]),
                complete=True)


S203 = (
    {"TD": HOST, "P1": CASSETTE, "P2": CASSETTE},
    [
        ("C1", "TD:IF1", "P1:F1"),
        ("C2", "TD:IF2", "P1:F2"),
        ("C3", "P1:R", "P2:R"),
        ("C4", "P2:F1", "TD:IF3"),
        ("C5", "P2:F2", "TD:IF4"),
    ],
)


def test_203_multiple_paths_via_pass_through(tmp_path):
    """NetBox test_203_multiple_paths_via_pass_through.

    [TD:IF1] --C1-- [P1:F1] [P1:R] --C3-- [P2:R] [P2:F1] --C4-- [TD:IF3]
    [TD:IF2] --C2-- [P1:F2]                      [P2:F2] --C5-- [TD:IF4]

    P1:R and P2:R have 4 positions; positions are kept across the trunk C3.
    """
    devices, cables = S203
    inv = build(tmp_path, devices, only(cables, "C1", "C2"), "c1-c2")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R"), complete=False)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R"), complete=False)

    inv = build(tmp_path, devices, only(cables, "C1", "C2", "C3"), "c1-c3")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1"), complete=False)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R", "C3", "P2:R", "P2:F2"), complete=False)

    inv = build(tmp_path, devices, cables, "c1-c5")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1", "C4", "TD:IF3"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R", "C3", "P2:R", "P2:F2", "C5", "TD:IF4"), complete=True)
    assert_path(inv, ("TD:IF3", "C4", "P2:F1", "P2:R", "C3", "P1:R", "P1:F1", "C1", "TD:IF1"), complete=True)
    assert_path(inv, ("TD:IF4", "C5", "P2:F2", "P2:R", "C3", "P1:R", "P1:F2", "C2", "TD:IF2"), complete=True)

    # Delete cable 3: four partial paths, one from each interface
    inv = build(tmp_path, devices, without(cables, "C3"), "c3-deleted")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R"), complete=False)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R"), complete=False)
    assert_path(inv, ("TD:IF3", "C4", "P2:F1", "P2:R"), complete=False)
    assert_path(inv, ("TD:IF4", "C5", "P2:F2", "P2:R"), complete=False)


S204 = (
    {"TD": HOST, "P1": CASSETTE, "P2": CASSETTE},
    [
        ("C1", ["TD:IF1", "TD:IF2"], "P1:F1"),
        ("C2", ["TD:IF3", "TD:IF4"], "P1:F2"),
        ("C3", "P1:R", "P2:R"),
        ("C4", "P2:F1", ["TD:IF5", "TD:IF6"]),
        ("C5", "P2:F2", ["TD:IF7", "TD:IF8"]),
    ],
)


def test_204_multiple_paths_via_pass_through_with_breakouts(tmp_path):
    """NetBox test_204_multiple_paths_via_pass_through_with_breakouts.

    [TD:IF1] --C1-- [P1:F1] [P1:R] --C3-- [P2:R] [P2:F1] --C4-- [TD:IF5]
    [TD:IF2]                                                    [TD:IF6]
    [TD:IF3] --C2-- [P1:F2]                      [P2:F2] --C5-- [TD:IF7]
    [TD:IF4]                                                    [TD:IF8]
    """
    devices, cables = S204
    inv = build(tmp_path, devices, only(cables, "C1", "C2"), "c1-c2")
    assert_path(inv, (["TD:IF1", "TD:IF2"], "C1", "P1:F1", "P1:R"), complete=False)
    assert_path(inv, (["TD:IF3", "TD:IF4"], "C2", "P1:F2", "P1:R"), complete=False)

    inv = build(tmp_path, devices, only(cables, "C1", "C2", "C3"), "c1-c3")
    assert_path(inv, (["TD:IF1", "TD:IF2"], "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1"), complete=False)
    assert_path(inv, (["TD:IF3", "TD:IF4"], "C2", "P1:F2", "P1:R", "C3", "P2:R", "P2:F2"), complete=False)

    inv = build(tmp_path, devices, cables, "c1-c5")
    assert_path(inv, (["TD:IF1", "TD:IF2"], "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1", "C4",
                      ["TD:IF5", "TD:IF6"]), complete=True)
    assert_path(inv, (["TD:IF3", "TD:IF4"], "C2", "P1:F2", "P1:R", "C3", "P2:R", "P2:F2", "C5",
                      ["TD:IF7", "TD:IF8"]), complete=True)
    assert_path(inv, (["TD:IF5", "TD:IF6"], "C4", "P2:F1", "P2:R", "C3", "P1:R", "P1:F1", "C1",
                      ["TD:IF1", "TD:IF2"]), complete=True)
    assert_path(inv, (["TD:IF7", "TD:IF8"], "C5", "P2:F2", "P2:R", "C3", "P1:R", "P1:F2", "C2",
                      ["TD:IF3", "TD:IF4"]), complete=True)

    inv = build(tmp_path, devices, without(cables, "C3"), "c3-deleted")
    assert_path(inv, (["TD:IF1", "TD:IF2"], "C1", "P1:F1", "P1:R"), complete=False)
    assert_path(inv, (["TD:IF5", "TD:IF6"], "C4", "P2:F1", "P2:R"), complete=False)


def test_205_multiple_paths_via_nested_pass_throughs(tmp_path):
    """NetBox test_205_multiple_paths_via_nested_pass_throughs.

    [TD:IF1] --C1-- [P1:F1] [P1:R] --C3-- [P2:F1] [P2:R1] --C4-- [P3:R1] [P3:F1] --C5-- [P4:R] [P4:F1] --C6-- [TD:IF3]
    [TD:IF2] --C2-- [P1:F2]                                                                   [P4:F2] --C7-- [TD:IF4]

    P1, P4: 4-position cassettes; P2, P3: single-position couplers carrying
    the 4-position trunk (the positions ride through them).
    """
    devices = {"TD": HOST, "P1": CASSETTE, "P2": COUPLER, "P3": COUPLER, "P4": CASSETTE}
    cables = [
        ("C1", "TD:IF1", "P1:F1"),
        ("C2", "TD:IF2", "P1:F2"),
        ("C3", "P1:R", "P2:F1"),
        ("C4", "P2:R1", "P3:R1"),
        ("C5", "P4:R", "P3:F1"),
        ("C6", "TD:IF3", "P4:F1"),
        ("C7", "TD:IF4", "P4:F2"),
    ]
    inv = build(tmp_path, devices, only(cables, "C1", "C2", "C6", "C7"), "ends")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R"), complete=False)
    assert_path(inv, ("TD:IF4", "C7", "P4:F2", "P4:R"), complete=False)

    inv = build(tmp_path, devices, without(cables, "C4"), "no-c4")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:F1", "P2:R1"), complete=False)
    assert_path(inv, ("TD:IF3", "C6", "P4:F1", "P4:R", "C5", "P3:F1", "P3:R1"), complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:F1", "P2:R1", "C4", "P3:R1",
                      "P3:F1", "C5", "P4:R", "P4:F1", "C6", "TD:IF3"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R", "C3", "P2:F1", "P2:R1", "C4", "P3:R1",
                      "P3:F1", "C5", "P4:R", "P4:F2", "C7", "TD:IF4"), complete=True)
    assert_path(inv, ("TD:IF3", "C6", "P4:F1", "P4:R", "C5", "P3:F1", "P3:R1", "C4", "P2:R1",
                      "P2:F1", "C3", "P1:R", "P1:F1", "C1", "TD:IF1"), complete=True)
    assert_path(inv, ("TD:IF4", "C7", "P4:F2", "P4:R", "C5", "P3:F1", "P3:R1", "C4", "P2:R1",
                      "P2:F1", "C3", "P1:R", "P1:F2", "C2", "TD:IF2"), complete=True)

    # Delete cable 3: four partial paths
    inv = build(tmp_path, devices, without(cables, "C3"), "c3-deleted")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R"), complete=False)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R"), complete=False)
    assert_path(inv, ("TD:IF3", "C6", "P4:F1", "P4:R", "C5", "P3:F1", "P3:R1", "C4", "P2:R1", "P2:F1"),
                complete=False)
    assert_path(inv, ("TD:IF4", "C7", "P4:F2", "P4:R", "C5", "P3:F1", "P3:R1", "C4", "P2:R1", "P2:F1"),
                complete=False)


def test_206_multiple_paths_via_multiple_pass_throughs(tmp_path):
    """NetBox test_206_multiple_paths_via_multiple_pass_throughs.

    [TD:IF1] --C1-- [P1:F1] [P1:R] --C3-- [P2:R] [P2:F1] --C4-- [P3:F1] [P3:R] --C6-- [P4:R] [P4:F1] --C7-- [TD:IF3]
    [TD:IF2] --C2-- [P1:F2]                      [P2:F2] --C5-- [P3:F2]                      [P4:F2] --C8-- [TD:IF4]
    """
    devices = {"TD": HOST, "P1": CASSETTE, "P2": CASSETTE, "P3": CASSETTE, "P4": CASSETTE}
    cables = [
        ("C1", "TD:IF1", "P1:F1"),
        ("C2", "TD:IF2", "P1:F2"),
        ("C3", "P1:R", "P2:R"),
        ("C4", "P2:F1", "P3:F1"),
        ("C5", "P2:F2", "P3:F2"),
        ("C6", "P3:R", "P4:R"),
        ("C7", "TD:IF3", "P4:F1"),
        ("C8", "TD:IF4", "P4:F2"),
    ]
    inv = build(tmp_path, devices, without(cables, "C4", "C5"), "no-c4-c5")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1"), complete=False)
    assert_path(inv, ("TD:IF4", "C8", "P4:F2", "P4:R", "C6", "P3:R", "P3:F2"), complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1", "C4", "P3:F1",
                      "P3:R", "C6", "P4:R", "P4:F1", "C7", "TD:IF3"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R", "C3", "P2:R", "P2:F2", "C5", "P3:F2",
                      "P3:R", "C6", "P4:R", "P4:F2", "C8", "TD:IF4"), complete=True)
    assert_path(inv, ("TD:IF3", "C7", "P4:F1", "P4:R", "C6", "P3:R", "P3:F1", "C4", "P2:F1",
                      "P2:R", "C3", "P1:R", "P1:F1", "C1", "TD:IF1"), complete=True)
    assert_path(inv, ("TD:IF4", "C8", "P4:F2", "P4:R", "C6", "P3:R", "P3:F2", "C5", "P2:F2",
                      "P2:R", "C3", "P1:R", "P1:F2", "C2", "TD:IF2"), complete=True)

    # Delete cable 5: IF1 <-> IF3 still complete, IF2 and IF4 partial
    inv = build(tmp_path, devices, without(cables, "C5"), "c5-deleted")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1", "C4", "P3:F1",
                      "P3:R", "C6", "P4:R", "P4:F1", "C7", "TD:IF3"), complete=True)
    assert_path(inv, ("TD:IF3", "C7", "P4:F1", "P4:R", "C6", "P3:R", "P3:F1", "C4", "P2:F1",
                      "P2:R", "C3", "P1:R", "P1:F1", "C1", "TD:IF1"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R", "C3", "P2:R", "P2:F2"), complete=False)
    assert_path(inv, ("TD:IF4", "C8", "P4:F2", "P4:R", "C6", "P3:R", "P3:F2"), complete=False)


S207 = (
    {"TD": HOST, "P1": CASSETTE, "P2": COUPLER, "P3": CASSETTE},
    [
        ("C1", "TD:IF1", "P1:F1"),
        ("C2", "TD:IF2", "P1:F2"),
        ("C3", "P1:R", "P2:F1"),
        ("C4", "P2:R1", "P3:R"),
        ("C5", "TD:IF3", "P3:F1"),
        ("C6", "TD:IF4", "P3:F2"),
    ],
)


def test_207_multiple_paths_via_patched_pass_throughs(tmp_path):
    """NetBox test_207_multiple_paths_via_patched_pass_throughs.

    [TD:IF1] --C1-- [P1:F1] [P1:R] --C3-- [P2:F1] [P2:R1] --C4-- [P3:R] [P3:F1] --C5-- [TD:IF3]
    [TD:IF2] --C2-- [P1:F2]                                      [P3:F2] --C6-- [TD:IF4]
    """
    devices, cables = S207
    inv = build(tmp_path, devices, cables)
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:F1", "P2:R1", "C4", "P3:R",
                      "P3:F1", "C5", "TD:IF3"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", "P1:F2", "P1:R", "C3", "P2:F1", "P2:R1", "C4", "P3:R",
                      "P3:F2", "C6", "TD:IF4"), complete=True)
    assert_path(inv, ("TD:IF3", "C5", "P3:F1", "P3:R", "C4", "P2:R1", "P2:F1", "C3", "P1:R",
                      "P1:F1", "C1", "TD:IF1"), complete=True)
    assert_path(inv, ("TD:IF4", "C6", "P3:F2", "P3:R", "C4", "P2:R1", "P2:F1", "C3", "P1:R",
                      "P1:F2", "C2", "TD:IF2"), complete=True)

    inv = build(tmp_path, devices, without(cables, "C3"), "c3-deleted")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R"), complete=False)
    assert_path(inv, ("TD:IF3", "C5", "P3:F1", "P3:R", "C4", "P2:R1", "P2:F1"), complete=False)


def test_208_unidirectional_split_paths(tmp_path):
    """NetBox test_208_unidirectional_split_paths.

    [TD:IF1] --C1-- [P1:R] [P1:F1] --C2-- [TD:IF2]
                           [P1:F2] --C3-- [TD:IF3]

    A trace arriving on a multi-position rear port with no position known
    splits there.
    """
    devices = {"TD": HOST, "P1": CASSETTE}
    cables = [("C1", "TD:IF1", "P1:R"), ("C2", "TD:IF2", "P1:F1"), ("C3", "TD:IF3", "P1:F2")]
    inv = build(tmp_path, devices, only(cables, "C1"), "c1")
    assert_path(inv, ("TD:IF1", "C1", "P1:R"), complete=False, split=True)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF1", "C1", "P1:R"), complete=False, split=True)
    assert_path(inv, ("TD:IF2", "C2", "P1:F1", "P1:R", "C1", "TD:IF1"), complete=True)
    assert_path(inv, ("TD:IF3", "C3", "P1:F2", "P1:R", "C1", "TD:IF1"), complete=True)

    inv = build(tmp_path, devices, without(cables, "C1"), "c1-deleted")
    assert_path(inv, ("TD:IF2", "C2", "P1:F1", "P1:R"), complete=False)
    assert_path(inv, ("TD:IF3", "C3", "P1:F2", "P1:R"), complete=False)
    assert_no_path(inv, "TD:IF1")


def test_209_rearport_without_frontport(tmp_path):
    """NetBox test_209_rearport_without_frontport.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [P2:R1]

    P2:R1 has no front port mapped onto it: the path ends there, incomplete.
    """
    devices = {"TD": HOST, "P1": COUPLER, "P2": REAR_ONLY}
    inv = build(tmp_path, devices, [("C1", "TD:IF1", "P1:F1"), ("C2", "P1:R1", "P2:R1")])
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1", "C2", "P2:R1"), complete=False)


def test_217_interface_to_interface_via_rear_ports(tmp_path):
    """NetBox test_217_interface_to_interface_via_rear_ports.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [P2:R1] [P2:F1] --C3-- [TD:IF2]
                    [P1:F2] [P1:R2]        [P2:R2] [P2:F2]

    NetBox FP1..FP4 / RP1..RP4 are P1:F1, P1:F2, P2:F1, P2:F2 / their rears.
    """
    devices = {"TD": HOST, "P1": COUPLER, "P2": COUPLER}
    cables = [
        ("C1", "TD:IF1", ["P1:F1", "P1:F2"]),
        ("C2", ["P1:R1", "P1:R2"], ["P2:R1", "P2:R2"]),
        ("C3", "TD:IF2", ["P2:F1", "P2:F2"]),
    ]
    inv = build(tmp_path, devices, without(cables, "C2"), "no-c2")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], ["P1:R1", "P1:R2"]), complete=False)
    assert_path(inv, ("TD:IF2", "C3", ["P2:F1", "P2:F2"], ["P2:R1", "P2:R2"]), complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], ["P1:R1", "P1:R2"], "C2",
                      ["P2:R1", "P2:R2"], ["P2:F1", "P2:F2"], "C3", "TD:IF2"), complete=True)
    assert_path(inv, ("TD:IF2", "C3", ["P2:F1", "P2:F2"], ["P2:R1", "P2:R2"], "C2",
                      ["P1:R1", "P1:R2"], ["P1:F1", "P1:F2"], "C1", "TD:IF1"), complete=True)


def test_218_interfaces_to_interfaces_via_multiposition_rear_ports(tmp_path):
    """NetBox test_218_interfaces_to_interfaces_via_multiposition_rear_ports.

    [TD:IF1] --C1-- [P1:F1] [P1:R] --C3-- [P2:R] [P2:F1] --C4-- [TD:IF3]
                    [P1:F2]                      [P2:F2]
    [TD:IF2] --C2-- [P1:F3]                      [P2:F3] --C5-- [TD:IF4]
                    [P1:F4]                      [P2:F4]

    Each interface takes two positions of the 4-position trunk.
    """
    devices = {"TD": HOST, "P1": CASSETTE, "P2": CASSETTE}
    cables = [
        ("C1", "TD:IF1", ["P1:F1", "P1:F2"]),
        ("C2", "TD:IF2", ["P1:F3", "P1:F4"]),
        ("C3", "P1:R", "P2:R"),
        ("C4", ["P2:F1", "P2:F2"], "TD:IF3"),
        ("C5", ["P2:F3", "P2:F4"], "TD:IF4"),
    ]
    inv = build(tmp_path, devices, only(cables, "C1", "C2"), "c1-c2")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], "P1:R"), complete=False)
    assert_path(inv, ("TD:IF2", "C2", ["P1:F3", "P1:F4"], "P1:R"), complete=False)

    inv = build(tmp_path, devices, only(cables, "C1", "C2", "C3"), "c1-c3")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], "P1:R", "C3", "P2:R", ["P2:F1", "P2:F2"]),
                complete=False)
    assert_path(inv, ("TD:IF2", "C2", ["P1:F3", "P1:F4"], "P1:R", "C3", "P2:R", ["P2:F3", "P2:F4"]),
                complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], "P1:R", "C3", "P2:R", ["P2:F1", "P2:F2"],
                      "C4", "TD:IF3"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", ["P1:F3", "P1:F4"], "P1:R", "C3", "P2:R", ["P2:F3", "P2:F4"],
                      "C5", "TD:IF4"), complete=True)
    assert_path(inv, ("TD:IF3", "C4", ["P2:F1", "P2:F2"], "P2:R", "C3", "P1:R", ["P1:F1", "P1:F2"],
                      "C1", "TD:IF1"), complete=True)
    assert_path(inv, ("TD:IF4", "C5", ["P2:F3", "P2:F4"], "P2:R", "C3", "P1:R", ["P1:F3", "P1:F4"],
                      "C2", "TD:IF2"), complete=True)

    inv = build(tmp_path, devices, without(cables, "C3"), "c3-deleted")
    assert_path(inv, ("TD:IF3", "C4", ["P2:F1", "P2:F2"], "P2:R"), complete=False)


S219 = (
    {"TD": HOST, "P1": COUPLER, "P2": COUPLER},
    [
        ("C1", "TD:IF1", ["P1:F1", "P1:F2"]),
        ("C2", "P1:R1", "P2:R1"),
        ("C3", ["P2:F1", "P2:F2"], "TD:IF2"),
        ("C4", "P1:R2", "P2:R2"),
    ],
)


def test_219_interface_to_interface_duplex_via_multiple_rearports(tmp_path):
    """NetBox test_219_interface_to_interface_duplex_via_multiple_rearports.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [P2:R1] [P2:F1] --C3-- [TD:IF2]
                    [P1:F2] [P1:R2] --C4-- [P2:R2] [P2:F2]

    NetBox FP1/FP3 are P1:F1/P1:F2, FP2/FP4 are P2:F1/P2:F2. Two parallel
    cables (C2, C4) form one step.
    """
    devices, cables = S219
    inv = build(tmp_path, devices, without(cables, "C3"), "no-c3")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], ["P1:R1", "P1:R2"], ["C2", "C4"],
                      ["P2:R1", "P2:R2"], ["P2:F1", "P2:F2"]), complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], ["P1:R1", "P1:R2"], ["C2", "C4"],
                      ["P2:R1", "P2:R2"], ["P2:F1", "P2:F2"], "C3", "TD:IF2"), complete=True)
    assert_path(inv, ("TD:IF2", "C3", ["P2:F1", "P2:F2"], ["P2:R1", "P2:R2"], ["C2", "C4"],
                      ["P1:R1", "P1:R2"], ["P1:F1", "P1:F2"], "C1", "TD:IF1"), complete=True)


def test_220_interface_to_interface_duplex_via_multiple_front_and_rear_ports(tmp_path):
    """NetBox test_220_interface_to_interface_duplex_via_multiple_front_and_rear_ports.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [P2:R1] [P2:F1] --C3-- [TD:IF2]
    [TD:IF3] --C5-- [P1:F2] [P1:R2] --C4-- [P2:R2] [P2:F2] --/
    """
    devices = {"TD": HOST, "P1": COUPLER, "P2": COUPLER}
    cables = [
        ("C2", "P1:R1", "P2:R1"),
        ("C4", "P1:R2", "P2:R2"),
        ("C1", "TD:IF1", "P1:F1"),
        ("C5", "TD:IF3", "P1:F2"),
        ("C3", ["P2:F1", "P2:F2"], "TD:IF2"),
    ]
    inv = build(tmp_path, devices, without(cables, "C3"), "no-c3")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1", "C2", "P2:R1", "P2:F1"), complete=False)
    assert_path(inv, ("TD:IF3", "C5", "P1:F2", "P1:R2", "C4", "P2:R2", "P2:F2"), complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF2", "C3", ["P2:F1", "P2:F2"], ["P2:R1", "P2:R2"], ["C2", "C4"],
                      ["P1:R1", "P1:R2"], ["P1:F1", "P1:F2"], ["C1", "C5"], ["TD:IF1", "TD:IF3"]),
                complete=True)
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1", "C2", "P2:R1", "P2:F1", "C3", "TD:IF2"),
                complete=True)
    assert_path(inv, ("TD:IF3", "C5", "P1:F2", "P1:R2", "C4", "P2:R2", "P2:F2", "C3", "TD:IF2"),
                complete=True)


S221 = (
    {"TD": HOST, "PA": COUPLER, "PB": COUPLER, "PC": COUPLER, "PD": COUPLER},
    [
        ("C2", "PA:R1", "PB:R1", {"label": "C2"}),
        ("C4", "PC:R1", "PD:R1", {"label": "C4"}),
        ("C6", "PD:F1", "PA:F2", {"label": "C6"}),
        ("C7", "PA:R2", "PB:R2", {"label": "C7"}),
        ("C1", "TD:IF1", "PA:F1", {"label": "C1"}),
        ("C5", "TD:IF3", "PC:F1", {"label": "C5"}),
        ("C3", ["PB:F1", "PB:F2"], "TD:IF2", {"label": "C3"}),
    ],
)


def test_221_non_symmetric_paths(tmp_path):
    """NetBox test_221_non_symmetric_paths.

    [TD:IF1] --C1-- [PA:F1] [PA:R1] --C2-- [PB:R1] [PB:F1] --C3-- ------------------------------------------ [TD:IF2]
    [TD:IF3] --C5-- [PC:F1] [PC:R1] --C4-- [PD:R1] [PD:F1] --C6-- [PA:F2] [PA:R2] --C7-- [PB:R2] [PB:F2] --C3--/

    NetBox FP1/FP5 are PA:F1/PA:F2, FP2/FP6 PB:F1/PB:F2, FP3 PC:F1, FP4 PD:F1.
    From IF2 the two legs end on different kinds of port (an interface, a
    front port): the path is split.
    """
    devices, cables = S221
    inv = build(tmp_path, devices, without(cables, "C3"), "no-c3")
    assert_path(inv, ("TD:IF1", "C1", "PA:F1", "PA:R1", "C2", "PB:R1", "PB:F1"), complete=False)
    assert_path(inv, ("TD:IF3", "C5", "PC:F1", "PC:R1", "C4", "PD:R1", "PD:F1", "C6", "PA:F2", "PA:R2",
                      "C7", "PB:R2", "PB:F2"), complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF2", "C3", ["PB:F1", "PB:F2"], ["PB:R1", "PB:R2"], ["C2", "C7"],
                      ["PA:R1", "PA:R2"], ["PA:F1", "PA:F2"], ["C1", "C6"]), complete=False, split=True)
    assert_path(inv, ("TD:IF1", "C1", "PA:F1", "PA:R1", "C2", "PB:R1", "PB:F1", "C3", "TD:IF2"),
                complete=True)
    assert_path(inv, ("TD:IF3", "C5", "PC:F1", "PC:R1", "C4", "PD:R1", "PD:F1", "C6", "PA:F2", "PA:R2",
                      "C7", "PB:R2", "PB:F2", "C3", "TD:IF2"), complete=True)


def test_222_single_path_via_multiple_singleposition_rear_ports(tmp_path):
    """NetBox test_222_single_path_via_multiple_singleposition_rear_ports.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [TD:IF2]
                    [P1:F2] [P1:R2]

    Arriving on two single-position rear ports needs no position: each leads
    to its one front port, no split (NetBox #17400, fixed by PR #17712).
    """
    devices = {"TD": HOST, "P1": COUPLER}
    cables = [("C1", "TD:IF1", ["P1:F1", "P1:F2"]), ("C2", ["P1:R1", "P1:R2"], "TD:IF2")]
    inv = build(tmp_path, devices, only(cables, "C1"), "c1")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], ["P1:R1", "P1:R2"]), complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF1", "C1", ["P1:F1", "P1:F2"], ["P1:R1", "P1:R2"], "C2", "TD:IF2"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", ["P1:R1", "P1:R2"], ["P1:F1", "P1:F2"], "C1", "TD:IF1"), complete=True)


S224 = (
    {"TD": HOST, "P1": COUPLER},
    [
        ("C1", ["TD:IF1", "TD:IF2"], ["P1:F1", "P1:F2"]),
        ("C2", ["P1:R1", "P1:R2"], ["TD:IF3", "TD:IF4"]),
    ],
)


def test_224_single_path_via_multiple_pass_throughs_with_breakouts(tmp_path):
    """NetBox test_224_single_path_via_multiple_pass_throughs_with_breakouts.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [TD:IF3]
    [TD:IF2]        [P1:F2] [P1:R2]        [TD:IF4]

    As in 222, the reverse trace reaches two single-position rear ports first.
    """
    inv = build(tmp_path, *S224)
    assert_path(inv, (["TD:IF1", "TD:IF2"], "C1", ["P1:F1", "P1:F2"], ["P1:R1", "P1:R2"], "C2",
                      ["TD:IF3", "TD:IF4"]), complete=True)
    assert_path(inv, (["TD:IF3", "TD:IF4"], "C2", ["P1:R1", "P1:R2"], ["P1:F1", "P1:F2"], "C1",
                      ["TD:IF1", "TD:IF2"]), complete=True)


# ---------------------------------------------------------------- 3XX: changes to existing objects

def test_301_create_path_via_existing_cable(tmp_path):
    """NetBox test_301_create_path_via_existing_cable.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [P2:R1] [P2:F1] --C3-- [TD:IF2]
    """
    devices = {"TD": HOST, "P1": COUPLER, "P2": COUPLER}
    cables = [("C2", "P1:R1", "P2:R1"), ("C1", "TD:IF1", "P1:F1"), ("C3", "P2:F1", "TD:IF2")]
    inv = build(tmp_path, devices, only(cables, "C2"), "c2")
    assert_no_path(inv, "TD:IF1")

    inv = build(tmp_path, devices, only(cables, "C2", "C1"), "c1-c2")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1", "C2", "P2:R1", "P2:F1"), complete=False)

    inv = build(tmp_path, devices, cables, "all")
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1", "C2", "P2:R1", "P2:F1", "C3", "TD:IF2"), complete=True)
    assert_path(inv, ("TD:IF2", "C3", "P2:F1", "P2:R1", "C2", "P1:R1", "P1:F1", "C1", "TD:IF1"), complete=True)


@pytest.mark.parametrize("status, active", [
    ("installed", True),  # NetBox "connected"
    ("planned", False),
    ("faulty", False),
    ("decommissioned", False),
])
def test_302_update_path_on_cable_status_change(tmp_path, status, active):
    """NetBox test_302_update_path_on_cable_status_change.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [TD:IF2]

    Any cable on the path not installed ("connected" in NetBox) makes the
    path inactive; it stays complete.
    """
    devices, (c1, c2) = S201
    inv = build(tmp_path, devices, [c1, (*c2, {"status": status})])
    assert_path(inv, ("TD:IF1", "C1", "P1:F1", "P1:R1", "C2", "TD:IF2"), complete=True, active=active)
    assert_path(inv, ("TD:IF2", "C2", "P1:R1", "P1:F1", "C1", "TD:IF1"), complete=True, active=active)


def test_303_remove_termination_from_existing_cable(tmp_path):
    """NetBox test_303_remove_termination_from_existing_cable.

    [TD:IF1] --C1-- [TD:IF2]        then        [TD:IF1] --C1-- [TD:IF2]
                    [TD:IF3]                                    [TD:IF3] (no cable)
    """
    inv = build(tmp_path, *S120)
    assert_path(inv, ("TD:IF1", "C1", ["TD:IF2", "TD:IF3"]), complete=True)

    inv = build(tmp_path, {"TD": HOST}, [("C1", "TD:IF1", "TD:IF2")], "removed")
    assert_path(inv, ("TD:IF1", "C1", "TD:IF2"), complete=True)
    assert_path(inv, ("TD:IF2", "C1", "TD:IF1"), complete=True)
    assert_no_path(inv, "TD:IF3")


@pytest.mark.parametrize("peer, detached", [("TD:IF3", "TD:IF2"), ("TD:IF2", "TD:IF3")])
def test_304_replacing_a_termination_retires_superseded_paths(tmp_path, peer, detached):
    """NetBox test_304_replacing_a_termination_retires_superseded_paths.

    [TD:IF1] --C1-- [TD:IF2] becomes [TD:IF1] --C1-- [TD:IF3], and back again.
    """
    inv = build(tmp_path, {"TD": HOST}, [("C1", "TD:IF1", peer)])
    assert_path(inv, ("TD:IF1", "C1", peer), complete=True)
    assert_path(inv, (peer, "C1", "TD:IF1"), complete=True)
    assert_no_path(inv, detached)


def test_305_adding_a_termination_retires_superseded_paths(tmp_path):
    """NetBox test_305_adding_a_termination_retires_superseded_paths.

    [TD:IF1] --C1-- [TD:IF2] gains a second B-side termination [TD:IF3].
    """
    inv = build(tmp_path, {"TD": HOST}, [("C1", "TD:IF1", "TD:IF2")], "before")
    assert_path(inv, ("TD:IF1", "C1", "TD:IF2"), complete=True)

    inv = build(tmp_path, *S120)
    assert_path(inv, ("TD:IF1", "C1", ["TD:IF2", "TD:IF3"]), complete=True)
    assert_path(inv, (["TD:IF2", "TD:IF3"], "C1", "TD:IF1"), complete=True)


# ---------------------------------------------------------------- 4XX: excluded topologies

def test_401_exclude_midspan_devices(tmp_path):
    """NetBox test_401_exclude_midspan_devices.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [P2:R1] [P2:F1] --C3-- [TD:IF2]
                    [MS:F1] [MS:R1] --C4-- [MS:R2] [MS:F2] --/

    NetBox refuses a cable whose far end spans pass-through ports of two
    devices (the test device and a mid-span device). In cabling a front port
    maps only onto a rear port of its own device, so the same topology shows
    as cable ends on two devices, which the loader rejects, each with its place.
    """
    devices = {"TD": HOST, "P1": COUPLER, "P2": COUPLER, "MS": COUPLER}
    cables = [
        ("C2", "P1:R1", "P2:R1"),
        ("C4", "MS:R1", "MS:R2"),
        ("C1", "TD:IF1", ["P1:F1", "MS:F1"]),
        ("C3", ["P2:F1", "MS:F2"], "TD:IF2"),
    ]
    with pytest.raises(InputError) as caught:
        build(tmp_path, devices, cables)
    errors = [d for d in caught.value.diagnostics if "one device" in d.message]
    assert sorted(d.message.split(":")[0] for d in errors) == ["cable C1", "cable C3"]
    assert all(d.mark is not None and d.mark.file.endswith("site.yaml") for d in errors)


# ---------------------------------------------------------------- origins inside a breakout

@pytest.mark.parametrize("scenario, ref, nodes", [
    (S120, "TD:IF3", (["TD:IF2", "TD:IF3"], "C1", "TD:IF1")),
    (S121, "TD:IF2", (["TD:IF1", "TD:IF2"], "C1", ["TD:IF3", "TD:IF4"])),
    (S204, "TD:IF6", (["TD:IF5", "TD:IF6"], "C4", "P2:F1", "P2:R", "C3", "P1:R", "P1:F1", "C1",
                      ["TD:IF1", "TD:IF2"])),
    (S224, "TD:IF4", (["TD:IF3", "TD:IF4"], "C2", ["P1:R1", "P1:R2"], ["P1:F1", "P1:F2"], "C1",
                      ["TD:IF1", "TD:IF2"])),
], ids=["120", "121", "204", "224"])
def test_trace_from_one_port_of_a_breakout_end_is_the_ends_path(tmp_path, scenario, ref, nodes):
    """NetBox tests 120, 121, 204, 224 (assertPathIsSet on every origin).

    NetBox traces a cable end as a whole: every endpoint on it (IF2 and IF3 on
    one breakout end) carries the same path, whose first step lists them all.
    Tracing any one of them gives that path.
    """
    inv = build(tmp_path, *scenario)
    paths = trace(port(inv, ref))
    assert len(paths) == 1
    assert show(paths[0].to_json(inv)["steps"]) == show(steps(nodes))
    assert paths[0].to_json(inv)["steps"] == steps(nodes)
    assert paths[0].complete and paths[0].active and not paths[0].split


# ---------------------------------------------------------------- beyond NetBox's suite

def test_two_levels_of_position_nesting(tmp_path):
    """NetBox's position-stack rule with two multi-position levels (205 with cassettes inside).

    [TD:IF1] --C1-- [A:F1] [A:R] --C3-- [B:F2] [B:R] --C4-- [C:R] [C:F2] --C5-- [D:R] [D:F1] --C6-- [TD:IF3]
    [TD:IF2] --C2-- [A:F2]                                                      [D:F2] --C7-- [TD:IF4]
    [TD:IF5] --C8-- [B:F1]                              [C:F1] --C9-- [TD:IF6]

    Trunk A:R rides position 2 of trunk B:R-C:R; the stack holds both
    positions, the inner one is used first.
    """
    devices = {"TD": HOST, "A": CASSETTE, "B": CASSETTE, "C": CASSETTE, "D": CASSETTE}
    cables = [
        ("C1", "TD:IF1", "A:F1"),
        ("C2", "TD:IF2", "A:F2"),
        ("C3", "A:R", "B:F2"),
        ("C4", "B:R", "C:R"),
        ("C5", "C:F2", "D:R"),
        ("C6", "D:F1", "TD:IF3"),
        ("C7", "D:F2", "TD:IF4"),
        ("C8", "TD:IF5", "B:F1"),
        ("C9", "C:F1", "TD:IF6"),
    ]
    inv = build(tmp_path, devices, cables)
    assert_path(inv, ("TD:IF1", "C1", "A:F1", "A:R", "C3", "B:F2", "B:R", "C4", "C:R", "C:F2", "C5",
                      "D:R", "D:F1", "C6", "TD:IF3"), complete=True)
    assert_path(inv, ("TD:IF2", "C2", "A:F2", "A:R", "C3", "B:F2", "B:R", "C4", "C:R", "C:F2", "C5",
                      "D:R", "D:F2", "C7", "TD:IF4"), complete=True)
    assert_path(inv, ("TD:IF4", "C7", "D:F2", "D:R", "C5", "C:F2", "C:R", "C4", "B:R", "B:F2", "C3",
                      "A:R", "A:F2", "C2", "TD:IF2"), complete=True)
    assert_path(inv, ("TD:IF5", "C8", "B:F1", "B:R", "C4", "C:R", "C:F1", "C9", "TD:IF6"), complete=True)
    assert_path(inv, ("TD:IF6", "C9", "C:F1", "C:R", "C4", "B:R", "B:F1", "C8", "TD:IF5"), complete=True)


@pytest.mark.parametrize("scenario, ref, back, nodes", [
    (S201, "P1:F1", "cable", ("TD:IF1", "C1", "P1:F1", "P1:R1", "C2", "TD:IF2")),
    (S201, "P1:R1", "cable", ("TD:IF2", "C2", "P1:R1", "P1:F1", "C1", "TD:IF1")),
    (S203, "P1:F2", "cable", ("TD:IF2", "C2", "P1:F2", "P1:R", "C3", "P2:R", "P2:F2", "C5", "TD:IF4")),
    (S203, "P2:F1", "cable", ("TD:IF3", "C4", "P2:F1", "P2:R", "C3", "P1:R", "P1:F1", "C1", "TD:IF1")),
    (S207, "P3:F2", "cable", ("TD:IF4", "C6", "P3:F2", "P3:R", "C4", "P2:R1", "P2:F1", "C3", "P1:R",
                              "P1:F2", "C2", "TD:IF2")),
    (S221, "PA:F2", "cable", ("TD:IF3", "C5", "PC:F1", "PC:R1", "C4", "PD:R1", "PD:F1", "C6", "PA:F2",
                              "PA:R2", "C7", "PB:R2", "PB:F2", "C3", "TD:IF2")),
    (S221, "PD:F1", "device", ("TD:IF3", "C5", "PC:F1", "PC:R1", "C4", "PD:R1", "PD:F1", "C6", "PA:F2",
                               "PA:R2", "C7", "PB:R2", "PB:F2", "C3", "TD:IF2")),
    (S221, "PB:R2", "cable", ("TD:IF3", "C5", "PC:F1", "PC:R1", "C4", "PD:R1", "PD:F1", "C6", "PA:F2",
                               "PA:R2", "C7", "PB:R2", "PB:F2", "C3", "TD:IF2")),
], ids=["201-front", "201-rear", "203-cassette-front", "203-far-cassette-front", "207-front",
        "221-patched-front", "221-patched-front-other-side", "221-rear"])
def test_trace_from_pass_through_port_covers_the_whole_link(tmp_path, scenario, ref, back, nodes):
    """cabling's extension: a front or rear port traces both ways.

    ``trace`` returns two paths, along the port's cable ("cable") and through
    its device ("device"). Put end to end (the one that runs back reversed),
    they are exactly NetBox's path between the two endpoints.
    """
    inv = build(tmp_path, *scenario)
    paths = trace(port(inv, ref))
    assert [p.direction for p in paths] == ["cable", "device"]
    for p in paths:
        assert p.steps[0].items == (port(inv, ref),)
        assert p.complete and p.active and not p.split
    behind, ahead = (paths[0], paths[1]) if back == "cable" else (paths[1], paths[0])
    joined = list(reversed(behind.to_json(inv)["steps"])) + ahead.to_json(inv)["steps"][1:]
    assert show(joined) == show(steps(nodes))
    assert joined == steps(nodes)


def test_trace_from_multiposition_rear_port_goes_position_by_position(tmp_path):
    """From a trunk's rear port NetBox knows no position (its 208 splits); cabling traces each position.

    [TD:IF1] --C1-- [P1:F1] [P1:R] --C3-- [P2:R] [P2:F1] --C4-- [TD:IF3]
    """
    inv = build(tmp_path, *S203)
    paths = trace(port(inv, "P1:R"))
    assert [p.position for p in paths] == [1, 1, 2, 2, 3, 3, 4, 4]
    along, through = paths[:2]
    assert along.to_json(inv)["steps"] == steps(("P1:R", "C3", "P2:R", "P2:F1", "C4", "TD:IF3"))
    assert through.direction == "device" and through.to_json(inv)["steps"][-1] == {"ports": ["TD:IF1"]}
    assert all(p.complete and not p.split for p in (along, through))


def _with_lengths(cables, lengths: dict):
    out = []
    for cid, a, b, *extra in cables:
        fields = dict(extra[0]) if extra else {}
        if lengths.get(cid) is not None:
            fields["length"] = lengths[cid]
        out.append((cid, a, b, fields))
    return out


@pytest.mark.parametrize("lengths, total, definitive", [
    ({"C1": 2.5, "C2": 90}, 92.5, True),
    ({"C1": 2.5, "C2": None}, 2.5, False),  # NetBox shows this as "> 2.5 m"
    ({"C1": None, "C2": None}, None, False),
])
def test_path_length_is_the_sum_of_its_cable_lengths(tmp_path, lengths, total, definitive):
    """A path's length is the sum of its cables' lengths; not definitive when one is unknown.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2-- [TD:IF2]
    """
    devices, cables = S201
    inv = build(tmp_path, devices, _with_lengths(cables, lengths))
    for ref in ("TD:IF1", "TD:IF2"):
        (path,) = trace(port(inv, ref))
        got = path.to_json(inv)
        assert (got["length_m"], got["length_definitive"]) == (total, definitive)
    along, through = trace(port(inv, "P1:F1"))
    assert along.length_m == lengths["C1"]
    assert through.length_m == lengths["C2"]


def test_path_length_counts_the_longest_of_parallel_cables(tmp_path):
    """NetBox #15739 (PR #19356): parallel cables in one hop count once, the longest.

    [TD:IF1] --C1-- [P1:F1] [P1:R1] --C2 (30 m)-- [P2:R1] [P2:F1] --C3-- [TD:IF2]
                    [P1:F2] [P1:R2] --C4 (31 m)-- [P2:R2] [P2:F2]

    The duplex run is 2 + 31 + 3 = 36 m long, not 66 m.
    """
    devices, cables = S219
    inv = build(tmp_path, devices, _with_lengths(cables, {"C1": 2, "C2": 30, "C3": 3, "C4": 31}))
    (path,) = trace(port(inv, "TD:IF1"))
    assert path.length_m == 36
    assert path.length_definitive


def test_cli_trace_json_gives_netbox_path(tmp_path, capsys):
    """``cabling trace SITE REF --json``: NetBox's path, exit 0 complete, 1 incomplete."""
    devices, cables = S203
    build(tmp_path, devices, cables)
    assert main(["trace", "--allow-outside-paths", str(tmp_path / "site.yaml"), "TD:IF1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["origin"] == "TD:IF1"
    assert len(out["paths"]) == 1
    (path,) = out["paths"]
    assert path["steps"] == steps(("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1", "C4", "TD:IF3"))
    assert (path["complete"], path["active"], path["split"]) == (True, True, False)

    build(tmp_path, devices, without(cables, "C4"), "partial")
    assert main(["trace", "--allow-outside-paths", str(tmp_path / "partial.yaml"), "TD:IF1", "--json"]) == 1
    (path,) = json.loads(capsys.readouterr().out)["paths"]
    assert path["steps"] == steps(("TD:IF1", "C1", "P1:F1", "P1:R", "C3", "P2:R", "P2:F1"))
    assert path["complete"] is False

"""Parity with NetBox's own traces: the 154 cable paths NetBox computed in its demo database.

The demo database (``tests/data/netbox-demo``, gzipped) is imported with
``cabling import netbox``; then every path NetBox stored in ``dcim_cablepath``
is traced again by cabling from the same origin, and must give the same
sequence of ports, cables, circuit terminations and end, and the same
completeness, activity and split flags.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.netbox import read_dump
from cabling.netbox.convert import convert
from cabling.readers.loader import load

DUMP = Path(__file__).resolve().parent / "data" / "netbox-demo" / "netbox-demo-v4.2.sql.gz"
PORT_KINDS = {"interface", "front", "rear", "console", "console-server", "power", "power-outlet"}


DATASET = read_dump(DUMP)
PATH_IDS = sorted(DATASET.cable_paths)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("netbox-import")
    assert main(["import", "netbox", str(DUMP), "-o", str(out)]) == 0
    ds = DATASET
    conversion = convert(ds)  # the same conversion the command wrote, for the id maps
    return ds, conversion, load([out])


def _our_port(inv, conversion, ref):
    site, device, name, kind = conversion.port_of[ref]
    return inv.sites[site].devices[device].port(name, kind)


def netbox_steps(ds, conversion, inv, path) -> list[dict]:
    """NetBox's stored path, written as cabling's --json steps."""
    steps = []
    for step in path:
        kinds = {k for k, _ in step}
        assert len(kinds) == 1, step
        kind = kinds.pop()
        if kind in PORT_KINDS:
            steps.append({"ports": sorted(inv.ref(_our_port(inv, conversion, r)) for r in step)})
        elif kind == "cable":
            steps.append({"cables": sorted(conversion.cable_of[i][1] for _, i in step)})
        elif kind == "circuit-termination":
            names = []
            for _, i in step:
                t = ds.circuit_terminations[i]
                names.append(f"{conversion.circuit_of[t.circuit_id]}/{t.term_side}")
            steps.append({"circuit_terminations": sorted(names)})
        else:
            assert len(step) == 1
            steps.append({"ends_at": conversion.ends_at_name[step[0]]})
    return steps


def _sorted_steps(steps):
    return [{k: sorted(v) if isinstance(v, list) else v for k, v in s.items()} for s in steps]


def test_all_154_netbox_paths_are_compared():
    assert len(PATH_IDS) == 154


@pytest.mark.parametrize("path_id", PATH_IDS)
def test_cabling_traces_like_netbox(imported, path_id):
    ds, conversion, inv = imported
    cp = ds.cable_paths[path_id]
    origin = _our_port(inv, conversion, cp.origin[0])
    paths = trace(origin)
    assert len(paths) == 1, "a trace from an endpoint gives one path"
    ours = paths[0].to_json(inv)
    assert _sorted_steps(ours["steps"]) == netbox_steps(ds, conversion, inv, cp.path)
    assert (ours["complete"], ours["active"], ours["split"]) == (cp.is_complete, cp.is_active, cp.is_split)

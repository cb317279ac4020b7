"""Cabling loops: a trace stops, says where the loop closes, and validate warns about each loop once."""
from __future__ import annotations

import json
import signal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabling.analysis import loops
from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.faults.context import Context
from cabling.faults.paths import _may_loop
from cabling.readers.loader import load, resolve_ref

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

TIE_AND_PATCH = DATA / "loops" / "tie-and-patch.yaml"


def site(tmp_path, devices, cables, name="loop.yaml"):
    """A site file of ``devices`` (id -> model) and ``cables`` ((id, a, b), ...)."""
    doc = {"site": {"id": "lab"},
           "devices": [{"id": d, "model": m} for d, m in devices.items()],
           "cables": [{"id": c, "a": a, "b": b} for c, a, b in cables]}
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=1))  # JSON is YAML
    return path


def paths_of(path, ref):
    inv = load(path)
    port, problem = resolve_ref(inv, ref)
    assert port is not None, problem
    return inv, trace(port)


def test_tie_and_patch_loop_stops_and_names_where_it_closes():
    inv, paths = paths_of(TIE_AND_PATCH, "PP-A:1")
    along, through = paths
    assert along.loop and through.loop
    assert not along.complete
    assert [inv.ref(p) for p in along.loop_at] == ["PP-A:1"] and along.loop_cable.id == "T1"
    # through the panel first: back over the patch cord P1 to the front port it started from
    assert [inv.ref(p) for p in through.loop_at] == ["PP-A:1"] and through.loop_cable.id == "P1"
    assert through.steps[-1].items == through.loop_at and through.steps[-2].items[0].id == "P1"
    # once round: each cable of the loop appears once on the path
    assert sorted(c.id for c in along.cables) == ["P1", "T1"]


def test_healthy_neighbour_of_a_loop_is_no_loop():
    _, paths = paths_of(TIE_AND_PATCH, "SW-1:Gi1/0/2")
    assert not paths[0].loop
    assert paths[0].steps[-1].items[0].device.id == "PP-B"  # the dark link PP-A:2 -> PP-B:2, no loop


def test_trace_cli_reports_loop_with_exit_1(capsys):
    assert main(["trace", str(TIE_AND_PATCH), "PP-A:1"]) == 1
    out = capsys.readouterr().out
    assert "cabling loop: the path comes back to PP-A:1 over cable T1" in out


def test_trace_json_marks_the_loop(capsys):
    assert main(["trace", str(TIE_AND_PATCH), "PP-B:R1", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    first = doc["paths"][0]
    assert first["loop"] is True
    assert first["loop_at"] == {"ports": ["PP-B:R1"], "cable": "P1"}
    assert first["steps"][-1] == {"ports": ["PP-B:R1"]}


def test_validate_warns_once_per_loop_and_exits_0(capsys):
    assert main(["validate", str(TIE_AND_PATCH)]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if "cabling loop" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{TIE_AND_PATCH}:") and "P1, T1" in warnings[0] and "(warning)" in warnings[0]


def test_validate_json_lists_the_loop(capsys):
    assert main(["validate", "--json", str(TIE_AND_PATCH)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [w["severity"] for w in doc["warnings"] if "cabling loop" in w["message"]] == ["warning"]


def test_one_panel_patched_to_itself(tmp_path):
    path = site(tmp_path, {"PP": "cabling-cat6-panel-24"},
                [("T", "PP:R1", "PP:R2"), ("P", "PP:1", "PP:2")])
    inv, paths = paths_of(path, "PP:1")
    assert all(p.loop for p in paths)
    found = loops.find(inv)
    assert len(found) == 1 and {c.id for c in found[0].cables} == {"T", "P"}


def test_ring_of_three_panels(tmp_path):
    path = site(tmp_path, {f"PP-{x}": "cabling-cat6-panel-24" for x in "ABC"},
                [("AB", "PP-A:R1", "PP-B:R1"), ("BC", "PP-B:1", "PP-C:1"), ("CA", "PP-C:R1", "PP-A:1")])
    inv, paths = paths_of(path, "PP-B:1")
    assert all(p.loop for p in paths)
    assert {c.id for c in paths[0].cables} == {"AB", "BC", "CA"}
    assert len(loops.find(inv)) == 1


def test_fibre_hairpin_back_to_its_own_panel_is_a_loop(tmp_path):
    # FP-B's fibre 1 patched back into FP-A's fibre 1: that fibre comes back to where it started
    path = site(tmp_path, {"FP-A": "cabling-fibre-panel-mpo12", "FP-B": "cabling-fibre-panel-mpo12"},
                [("TRUNK", "FP-A:MPO", "FP-B:MPO"), ("X", "FP-B:1", "FP-A:1")])
    inv, paths = paths_of(path, "FP-A:1")
    assert paths[0].loop
    assert [inv.ref(p) for p in paths[0].loop_at] == ["FP-A:1"] and paths[0].loop_cable.id == "TRUNK"
    assert len(loops.find(inv)) == 1


def test_fibre_looped_back_on_another_position_is_no_loop(tmp_path):
    # At the far end fibre 1 is patched to fibre 2: the light comes back on another fibre of the
    # same trunk and ends at the switch; the trunk is crossed twice, but that is no loop
    path = site(tmp_path, {"FP-A": "cabling-fibre-panel-mpo12", "FP-B": "cabling-fibre-panel-mpo12",
                           "SW": "cabling-switch-24-poe"},
                [("TRUNK", "FP-A:MPO", "FP-B:MPO"), ("LB", "FP-B:1", "FP-B:2"),
                 ("F1", "SW:Te1/1/1", "FP-A:1"), ("F2", "FP-A:2", "SW:Te1/1/2")])
    inv, paths = paths_of(path, "SW:Te1/1/1")
    (p,) = paths
    assert not p.loop and p.complete
    assert [inv.ref(x) for x in p.destination] == ["SW:Te1/1/2"]
    assert [c.id for c in p.cables] == ["F1", "TRUNK", "LB", "TRUNK", "F2"]
    assert loops.find(inv) == []


def test_loop_that_stacks_a_position_each_time_round(tmp_path):
    # Each panel's MPO rear is cabled into the other's front 1: every time round the trace enters a
    # multi-position rear port from a front, so one more position is pending; it must still stop
    path = site(tmp_path, {"FP-X": "cabling-fibre-panel-mpo12", "FP-Y": "cabling-fibre-panel-mpo12"},
                [("XY", "FP-X:MPO", "FP-Y:1"), ("YX", "FP-Y:MPO", "FP-X:1")])
    inv, paths = paths_of(path, "FP-X:1")
    assert any(p.loop for p in paths)
    assert len(loops.find(inv)) == 1


def test_no_loops_in_the_example_sites():
    for name in ("office", "branch", "campus", "kazan"):
        assert loops.find(load(DATA.parent.parent / "sites" / f"{name}.yaml")) == []


# Random cabling: panels (single- and multi-position), a switch; cables between random ports of one
# medium. Every trace from every port must end (a loop is stopped), and a path marked as a loop must
# come back to ports it has already left.
COPPER = [f"PP-{x}:{n}" for x in "AB" for n in (1, 2, 3)] + [f"PP-{x}:R{n}" for x in "AB" for n in (1, 2, 3)] \
    + ["SW:Gi1/0/1", "SW:Gi1/0/2"]
FIBRE = [f"FP-{x}:{n}" for x in "CD" for n in (1, 2, 3)] + ["FP-C:MPO", "FP-D:MPO", "SW:Te1/1/1", "SW:Te1/1/2"]


def _alarm(signum, frame):
    raise TimeoutError("a trace did not end within 5 s")


@st.composite
def random_cabling(draw):
    cables = []
    for pool in (COPPER, FIBRE):
        ports = draw(st.permutations(pool))
        pairs = draw(st.integers(0, len(pool) // 2))
        cables += [(f"C{len(cables) + i}", ports[2 * i], ports[2 * i + 1]) for i in range(pairs)]
    return cables


@settings(max_examples=60, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cables=random_cabling())
def test_every_trace_of_random_cabling_ends(tmp_path, cables):
    path = site(tmp_path, {"PP-A": "cabling-cat6-panel-24", "PP-B": "cabling-cat6-panel-24",
                           "FP-C": "cabling-fibre-panel-mpo12", "FP-D": "cabling-fibre-panel-mpo12",
                           "SW": "cabling-switch-24-poe"}, cables)
    inv = load(path)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(5)
    try:
        for port in inv.ports():
            for p in trace(port):
                if p.loop:
                    ids = set(map(id, p.loop_at))
                    earlier = [s for s in p.steps[:-1] if s.kind == "ports" and set(map(id, s.items)) == ids]
                    assert earlier, "a loop comes back to ports the path has been at"
        if loops.find(inv):  # the fault scan searches only where its pre-check finds a cycle: never misses one
            assert _may_loop(Context(inv))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _chain(tmp_path, n, close):
    """Panels PP-0..PP-(n-1) tied rear to rear and patched front to front in turn; ``close``: the last
    front patched back to PP-0:1, a ring of n cables."""
    cables = [(f"T{i}", f"PP-{i}:R1", f"PP-{i + 1}:R1") if i % 2 == 0 else (f"P{i}", f"PP-{i}:1", f"PP-{i + 1}:1")
              for i in range(n - 1)]
    if close:
        cables.append(("CLOSE", f"PP-{n - 1}:1", "PP-0:1"))
    return site(tmp_path, {f"PP-{i}": "cabling-cat6-panel-24" for i in range(n)}, cables)


def _same(a, b):
    return ([(s.kind, s.items) for s in a.steps], a.complete, a.active, a.split, a.loop, a.loop_at, a.loop_cable) == \
        ([(s.kind, s.items) for s in b.steps], b.complete, b.active, b.split, b.loop, b.loop_at, b.loop_cable)


def test_paths_longer_than_the_unguarded_rounds_are_traced_as_if_guarded_all_along(tmp_path):
    """A trace skips its loop guard for the first rounds and starts again guarded past them: a long chain
    and a long ring give exactly what a trace guarded from its first round gives."""
    from cabling.analysis.trace import PORTS, UNGUARDED_ROUNDS, Path, Step, from_origin

    n = UNGUARDED_ROUNDS + 12
    for close in (False, True):
        folder = tmp_path / str(close)
        folder.mkdir()
        inv = load(_chain(folder, n, close))
        start = inv.sites["lab"].devices["PP-0"].port("1", "front")
        along, through = trace(start)
        assert _same(along, from_origin([start], _guard=True))
        # the walk through the panel, guarded from its first round (as through_device starts it)
        guarded = Path(origin=(start,), direction="device", steps=[Step(PORTS, (start,))])
        from_origin([start.rear[0][1]], guarded, [], _guard=True)
        assert _same(through, guarded)
        assert len(through.cables) >= UNGUARDED_ROUNDS
        assert through.loop is close and along.loop is close
        if close:
            assert {c.id for c in through.cables} == {c.id for c in inv.cables()} and len(loops.find(inv)) == 1
        else:
            assert not through.complete and through.cables[-1].id == f"T{n - 2}"


def test_the_loop_precheck_sees_the_tie_and_patch_loop():
    assert _may_loop(Context(load(TIE_AND_PATCH)))

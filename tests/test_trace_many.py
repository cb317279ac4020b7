"""trace_many gives, for many ports at once, exactly the paths trace gives one port at a time.

Every port of every example site, of the sites under tests/data, of NetBox's demo database and of
generated campuses (several seeds and sizes, both layouts) is traced both ways and the paths compared
whole: steps (kinds and items, the same objects), cables, end, length, flags (complete, active, split,
loop and where it closes), direction and position. Random small sites of NetBox's test models
(couplers, four-position cassettes, breakout cable ends, planned and faulty cables, loops) are
compared the same way. A path reads the same whether or not its Step records were made.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabling.analysis.trace import Step, end_interface, trace, trace_many
from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.readers.loader import load
from cabling.writers.synthetic import generate_campus, generate_site

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MODELS = DATA / "netbox_models"
SITES = sorted((ROOT / "sites").glob("*.yaml")) + [DATA / "impact" / "small.yaml", DATA / "telephony" / "small.yaml",
                                                    DATA / "loops" / "tie-and-patch.yaml", DATA / "fuzz" / "handwritten.yaml"]


def view(inv, path) -> tuple:
    """Everything a path says, with its items as the objects themselves (compared by identity)."""
    return (path.direction, path.position, path.complete, path.active, path.split, path.loop,
            tuple(map(id, path.loop_at)), id(path.loop_cable), path.length_m, path.length_definitive,
            [(kind, tuple(map(id, items))) for kind, items in path.pairs()], [id(c) for c in path.cables],
            tuple(map(id, path.destination)), id(end_interface(path)), path.to_json(inv))


def assert_same_paths(inv, ports) -> int:
    one_by_one = [trace(p) for p in ports]
    together = trace_many(ports)
    assert len(together) == len(ports)
    n = 0
    for port, mine, theirs in zip(ports, together, one_by_one):
        assert [view(inv, p) for p in mine] == [view(inv, p) for p in theirs], inv.ref(port)
        assert mine == theirs  # Path equality, too
        n += len(mine)
    return n


def assert_steps_read_alike(inv, ports) -> None:
    """Reading .steps (which makes the Step records) changes nothing a path says."""
    for port in ports:
        for path in trace(port):
            before = view(inv, path)
            kinds = path.kinds()
            steps = path.steps
            assert [s.kind for s in steps] == kinds == path.kinds()
            assert all(s.__class__ is Step for s in steps)
            assert [(s.kind, s.items) for s in steps] == path.pairs()
            assert view(inv, path) == before


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_every_port_of_the_example_sites(site):
    inv = load([site])
    ports = list(inv.ports())
    assert assert_same_paths(inv, ports) >= len(ports)
    assert_steps_read_alike(inv, ports)
    # order and repetition of the ports change nothing
    shuffled = ports + ports[: len(ports) // 3]
    random.Random(7).shuffle(shuffled)
    assert_same_paths(inv, shuffled)


def features(paths_of_ports) -> set[str]:
    """What the paths show beyond a plain chain of ports (the general rules inside trace_many)."""
    found = set()
    for paths in paths_of_ports:
        for p in paths:
            found |= {"loop"} if p.loop else set()
            found |= {"split"} if p.split else set()
            found |= {"position"} if p.position is not None else set()
            found |= {"ends_at"} if any(k == "ends_at" for k, _ in p.pairs()) else set()
            found |= {"inactive"} if not p.active else set()
            found |= {"breakout"} if any(len(items) > 1 for _, items in p.pairs()) else set()
    return found


def test_example_sites_have_paths_that_leave_the_plain_chain():
    found = set()
    for site in SITES:
        found |= features(trace_many(list(load([site]).ports())))
    assert found == {"loop", "position", "ends_at", "inactive", "breakout"}


def test_every_port_of_the_netbox_demo(tmp_path):
    assert main(["import", "netbox", str(DATA / "netbox-demo" / "netbox-demo-v4.2.sql.gz"), "-o", str(tmp_path),
                 "--quiet"]) == 0
    inv = load([tmp_path])
    ports = list(inv.ports())
    assert len(ports) > 3000
    assert_same_paths(inv, ports)


@pytest.mark.parametrize("layout,outlets,seed", [("campus", 40, 1), ("campus", 40, 2), ("campus", 250, 3),
                                                 ("campus", 1200, 4), ("building", 40, 5), ("building", 300, 6)])
def test_every_port_of_generated_sites(tmp_path, layout, outlets, seed):
    text = generate_campus(outlets, seed=seed) if layout == "campus" else generate_site(outlets, seed=seed)
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    inv = load([tmp_path / "site.yaml"])
    ports = list(inv.ports())
    assert_same_paths(inv, ports)
    jacks = [p for d in inv.devices() if d.role == "outlet" for p in d.ports if p.kind == "front"]
    assert assert_same_paths(inv, jacks) == 2 * len(jacks)


# Random small sites of NetBox's test models: a host, two couplers, two four-position cassettes and a
# rear-only panel; cables of one or two ports at each end, some planned or faulty.
POOL = ([f"TD:IF{n}" for n in range(1, 9)] + [f"P{k}:{x}" for k in (1, 2) for x in ("F1", "F2", "R1", "R2")]
        + [f"K{k}:{x}" for k in (1, 2) for x in ("F1", "F2", "F3", "F4", "R")] + ["X:R1"])


def _group(ref: str) -> tuple[str, str]:
    device, name = ref.split(":")
    return device, name.rstrip("0123456789")  # IF, F or R: ports of one end share a device and a kind


def cables_of(ports, ends, statuses) -> list[dict]:
    """Cables over ``ports`` in turn, each end of up to ``ends`` ports ((a, b) per cable: the ports of one
    end are of one kind on one device, as a cable end must be), with ``statuses``."""
    free, cables = list(ports), []

    def end(n):
        first = free.pop(0)
        more = [p for p in free if _group(p) == _group(first)][:n - 1]
        for p in more:
            free.remove(p)
        return [first, *more] if more else first

    for (na, nb), status in zip(ends, statuses):
        if len(free) < 2:
            break
        a = end(na)
        if not free:
            break
        cables.append({"id": f"C{len(cables) + 1}", "a": a, "b": end(nb), "status": status})
    return cables


ENDS = [(1, 1), (1, 1), (1, 1), (1, 2), (2, 1), (2, 2)]
STATUSES = ["installed", "installed", "installed", "planned", "faulty"]


def random_inventory(folder: Path, cables: list[dict]):
    doc = {"site": {"id": "nb"}, "models": [str(MODELS)],
           "devices": [{"id": d, "model": m} for d, m in
                       {"TD": "nb-host", "P1": "nb-coupler", "P2": "nb-coupler", "K1": "nb-cassette-4",
                        "K2": "nb-cassette-4", "X": "nb-rear-only"}.items()],
           "cables": cables}
    path = folder / "random.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    try:
        return load([path], allow_outside_paths=True)
    except InputError:  # a combination the loader refuses (ports of different kinds on one cable end)
        return None


@st.composite
def random_site(draw):
    n = draw(st.integers(3, 14))
    return cables_of(draw(st.permutations(POOL)), draw(st.lists(st.sampled_from(ENDS), min_size=n, max_size=n)),
                     draw(st.lists(st.sampled_from(STATUSES), min_size=n, max_size=n)))


@settings(max_examples=150, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cables=random_site())
def test_random_sites(tmp_path, cables):
    inv = random_inventory(tmp_path, cables)
    if inv is not None:
        ports = list(inv.ports())
        assert_same_paths(inv, ports)
        assert_steps_read_alike(inv, ports)


def test_random_sites_reach_the_general_rules(tmp_path):
    """Sites drawn as above (with a seeded generator) do split, loop, go by position and break out."""
    rnd, found, loaded = random.Random(1), set(), 0
    for _ in range(60):
        n = rnd.randint(3, 14)
        inv = random_inventory(tmp_path, cables_of(rnd.sample(POOL, len(POOL)), rnd.choices(ENDS, k=n),
                                                   rnd.choices(STATUSES, k=n)))
        if inv is None:
            continue
        loaded += 1
        ports = list(inv.ports())
        assert_same_paths(inv, ports)
        found |= features(trace_many(ports))
    assert loaded >= 20
    assert {"loop", "split", "position", "inactive", "breakout"} <= found

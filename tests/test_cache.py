"""The cache of loaded sites: never stale, never trusted across builds, robust to damage and to company."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cabling.cli import main
from cabling.readers import cache, loader

SITES = Path(__file__).resolve().parent.parent / "sites"


@pytest.fixture
def home(tmp_path, own_cache):
    """An empty cache folder of its own, and a copy of the small office to change."""
    site = tmp_path / "office.yaml"
    shutil.copy(SITES / "office.yaml", site)
    return tmp_path, site


def entries(tmp_path) -> list[Path]:
    folder = tmp_path / "xdg" / "cabling"
    return sorted(folder.glob("*.inventory")) if folder.is_dir() else []


def loads_from_files(monkeypatch) -> list:
    calls = []
    real = loader.load

    def spy(paths):
        calls.append(paths)
        return real(paths)

    monkeypatch.setattr(loader, "load", spy)
    return calls


def test_second_load_comes_from_the_cache_and_is_the_same_site(home, monkeypatch):
    tmp_path, site = home
    first = cache.load([site])
    assert len(entries(tmp_path)) == 1
    calls = loads_from_files(monkeypatch)
    second = cache.load([site])
    assert calls == []
    assert second.counts() == first.counts()
    assert sorted(c.id for c in second.cables()) == sorted(c.id for c in first.cables())


def test_a_changed_file_is_never_served_stale(home):
    tmp_path, site = home
    before = cache.load([site])
    text = site.read_text()
    # same size, other content: cables H-1A-A17 and H-1A-A18 become 19.5 m long instead of 18.5 m
    assert "label: '1A-A[17-18]', length: 18.5}" in text
    site.write_text(text.replace("label: '1A-A[17-18]', length: 18.5}", "label: '1A-A[17-18]', length: 19.5}"))
    after = cache.load([site])
    assert [before.sites["acme-office"].cables[c].length for c in ("H-1A-A17", "H-1A-A18")] == [18.5, 18.5]
    assert [after.sites["acme-office"].cables[c].length for c in ("H-1A-A17", "H-1A-A18")] == [19.5, 19.5]


def test_a_changed_model_file_is_never_served_stale(home):
    tmp_path, site = home
    models = tmp_path / "models"
    models.mkdir()
    model = models / "outlet.yaml"
    model.write_text("manufacturer: Acme\nmodel: Wall box\nslug: acme-box\nfront-ports:\n"
                     "  - {name: '1', type: 8p8c, rear_port: R1}\nrear-ports:\n  - {name: R1, type: 110-punch}\n")
    extra = tmp_path / "extra.yaml"
    extra.write_text("site: acme-office\nmodels: [models/]\ndevices:\n  - {id: BOX-1, model: acme-box, room: 1-OPEN, at: [10, 10]}\n")
    first = cache.load([site, extra])
    assert [p.name for p in next(d for d in first.devices() if d.id == "BOX-1").ports] == ["1", "R1"]
    model.write_text(model.read_text().replace("name: '1'", "name: J1"))
    second = cache.load([site, extra])
    assert [p.name for p in next(d for d in second.devices() if d.id == "BOX-1").ports] == ["J1", "R1"]


@pytest.mark.parametrize("damage", [b"", b"garbage", b"cabling-cache 1\n\x80\x05truncated"])
def test_a_damaged_entry_is_ignored_and_rewritten(home, damage):
    tmp_path, site = home
    good = cache.load([site]).counts()
    [entry] = entries(tmp_path)
    entry.write_bytes(damage)
    assert cache.load([site]).counts() == good
    assert entry.read_bytes() != damage  # written again
    assert cache.load([site]).counts() == good


def test_an_entry_of_another_build_is_not_trusted(home, monkeypatch):
    tmp_path, site = home
    cache.load([site])
    calls = loads_from_files(monkeypatch)
    monkeypatch.setattr(cache, "fingerprint", lambda: "another version of cabling")
    cache.load([site])
    assert len(calls) == 1
    assert len(entries(tmp_path)) == 2


def test_no_cache_option_and_env_neither_use_nor_fill_it(home, monkeypatch, capsys):
    tmp_path, site = home
    assert main(["validate", "--no-cache", str(site)]) == 0
    assert entries(tmp_path) == []
    capsys.readouterr()
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert main(["trace", str(site), "1A-007:1"]) == 0
    assert entries(tmp_path) == []
    uncached = capsys.readouterr().out
    monkeypatch.delenv(cache.ENV_OFF)
    assert main(["trace", str(site), "1A-007:1"]) == 0
    assert main(["trace", str(site), "1A-007:1"]) == 0
    assert len(entries(tmp_path)) == 1
    assert capsys.readouterr().out == uncached * 2  # the same trace, without the cache, filling it, from it


def test_errors_are_reported_every_time_and_never_cached(home, capsys):
    tmp_path, site = home
    site.write_text(site.read_text().replace("b: PP-1A-A:R[1-7]", "b: PP-1A-A:R[91-97]", 1))
    for _ in range(2):
        assert main(["validate", str(site)]) == 1
        assert "R91" in capsys.readouterr().out
    assert entries(tmp_path) == []


def test_two_processes_at_once_never_corrupt_it(home):
    tmp_path, site = home
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    for _ in range(3):
        shutil.rmtree(tmp_path / "xdg", ignore_errors=True)  # safe to delete at any time
        procs = [subprocess.Popen([sys.executable, "-m", "cabling.cli", "trace", str(site), "1A-007:1"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
        outs = [p.communicate() for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outs
        assert outs[0][0] == outs[1][0]
        assert len(entries(tmp_path)) == 1
        assert not [f for f in (tmp_path / "xdg" / "cabling").iterdir() if f.name.startswith(".tmp-")]
    # and what they left is a good entry
    again = subprocess.run([sys.executable, "-m", "cabling.cli", "trace", str(site), "1A-007:1"],
                           capture_output=True, env=env)
    assert again.returncode == 0 and again.stdout == outs[0][0]


def test_the_folder_follows_xdg_and_defaults_to_dot_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "cabling"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec says: ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "cabling"


def test_a_trace_of_a_valid_site_imports_no_heavy_libraries(home):
    tmp_path, site = home
    code = ("import sys\nfrom cabling.cli import main\n"
            f"code = main(['trace', '--no-cache', {str(site)!r}, '1A-007:1'])\n"
            "print([m for m in ('shapely', 'numpy', 'jsonschema', 'pandas', 'networkx') if m in sys.modules])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg")))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_trace_from_the_cache_reads_no_yaml_and_imports_no_other_command(home):
    """Once a site was loaded, a trace of another port reads it back from the cache: the YAML reader, the
    schema and the loader are not even imported, nor the modules of the other commands."""
    tmp_path, site = home
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    first = subprocess.run([sys.executable, "-m", "cabling.cli", "trace", str(site), "1A-007:1"], capture_output=True,
                           text=True, env=env)
    assert first.returncode == 0, first.stderr
    heavy = ("yaml", "cabling.readers.yamlsource", "cabling.readers.schema", "cabling.readers.loader", "fastjsonschema", "jsonschema",
             "shapely", "numpy", "networkx", "cabling.cli.faults", "cabling.cli.validate", "cabling.cli.apply")
    code = ("import sys\nfrom cabling.cli import main\n"
            "code = main(['trace', sys.argv[1], sys.argv[2]])\n"
            f"print([m for m in {heavy!r} if m in sys.modules])\n")
    for ref in ("1A-008:1", "1A-008:1"):  # a port not asked before (the site from the cache), then its kept answer
        out = subprocess.run([sys.executable, "-c", code, str(site), ref], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        assert "Trace from 1A-008:1" in out.stdout
        assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_trace_asked_again_is_answered_without_loading_the_site(home, monkeypatch, capsys):
    tmp_path, site = home
    assert main(["trace", str(site), "1A-016:1"]) == 0
    first = capsys.readouterr().out
    calls = loads_from_files(monkeypatch)
    monkeypatch.setattr(cache, "load", lambda paths: pytest.fail("the site was loaded"))
    assert main(["trace", str(site), "1A-016:1"]) == 0
    assert capsys.readouterr().out == first
    assert calls == []
    monkeypatch.undo()
    # the file changes: the answer follows it
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    site.write_text(site.read_text().replace("label: '1A-A[17-18]', length: 18.5}", "label: '1A-A[17-18]', length: 19.5}"))
    assert main(["trace", str(site), "1A-016:1"]) == 0
    again = capsys.readouterr().out
    assert "19.5 m" in again and "18.5 m" in first


@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_a_validate_asked_again_is_answered_without_loading_the_site(home, monkeypatch, capsys, as_json):
    tmp_path, site = home
    assert main(["validate", str(site), *as_json]) == 0
    first = capsys.readouterr()
    monkeypatch.setattr(cache, "load", lambda paths: pytest.fail("the site was loaded"))
    assert main(["validate", str(site), *as_json]) == 0
    assert capsys.readouterr() == first
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    # the file changes (one cable fewer): the report follows it
    text = site.read_text()
    site.write_text(text.replace("{id: 'H-1A-A[17-18]', a: '1A-016:R[1-2]', b: 'PP-1A-A:R[17-18]', type: cat6, "
                                 "label: '1A-A[17-18]'", "{id: H-1A-A17, a: '1A-016:R1', b: 'PP-1A-A:R17', type: cat6, "
                                 "label: 1A-A17", 1))
    assert main(["validate", str(site), *as_json]) == 0
    again = capsys.readouterr().out
    assert ("77 cables" in first.out or '"cables": 77' in first.out)
    assert ("76 cables" in again or '"cables": 76' in again)


def test_an_unknown_port_is_reported_every_time(home, capsys):
    tmp_path, site = home
    for _ in range(2):
        assert main(["trace", str(site), "1A-999:1"]) == 2
        assert "1A-999" in capsys.readouterr().err


def test_the_folder_is_kept_under_its_size_limit_dropping_the_least_recently_used(home, monkeypatch):
    tmp_path, site = home
    folder = tmp_path / "xdg" / "cabling"
    cache.load([site])
    [entry] = entries(tmp_path)
    size = entry.stat().st_size
    os.utime(entry, (1, 1))  # long unused
    other = tmp_path / "other.yaml"
    shutil.copy(SITES / "kazan.yaml", other)
    monkeypatch.setenv(cache.ENV_MAX_MB, str(1.5 * size / 2**20))  # room for one entry of that size, not two
    cache.load([other])
    left = entries(tmp_path)
    assert entry not in left and len(left) == 1
    assert sum(f.stat().st_size for f in folder.iterdir()) <= 1.5 * size
    assert cache.load([site]).counts() == loader.load([site]).counts()  # pruned: loaded again, correctly


@pytest.fixture
def campus(tmp_path, monkeypatch):
    """A small campus (kept in parts however small: MIN_PORTS lowered), its file, and the whole site loaded."""
    from cabling.analysis import cacheparts
    from cabling.writers.synthetic import generate_campus

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setattr(cacheparts, "MIN_PORTS", 1)
    monkeypatch.setattr(cacheparts, "BUCKET_PORTS", 16)  # many small buckets: a trace reads few of them
    site = tmp_path / "campus.yaml"
    site.write_text(generate_campus(60, seed=3))
    return site, cache.load([site])


def test_a_trace_from_the_parts_of_a_cached_site_is_the_trace_of_the_whole_site(campus):
    from cabling.analysis import cacheparts
    from cabling.renderers.text import positions_text, trace_text
    from cabling.analysis.trace import trace

    site, whole = campus
    assert cacheparts.write(whole)
    ports = [p for d in whole.devices() for p in d.ports]
    sample = ports[::7] + [p for p in ports if p.kind == "rear" and p.positions > 1]  # trunks too
    assert len(sample) > 30
    for p in sample:
        ref = whole.ref(p)
        part, port = cacheparts.trace_start([site], ref)
        assert part is not whole and port is not p and part.ref(port) == ref
        text = positions_text if p.kind == "rear" and p.positions > 1 else trace_text
        assert text(part, port, trace(port)) == text(whole, p, trace(p)), ref
        if p.device.role == "outlet":  # it read a part of the site, not all of it
            assert sum(q is not None for d in part.devices() for q in d.ports) < len(ports) / 4, ref


def test_the_parts_are_not_used_once_the_file_changes_nor_for_a_reference_that_needs_the_whole_site(campus):
    from cabling.analysis import cacheparts

    site, whole = campus
    assert cacheparts.write(whole)
    jack = next(p for d in whole.devices() if d.role == "outlet" for p in d.ports if p.kind == "front")
    assert cacheparts.trace_start([site], whole.ref(jack)) is not None
    assert cacheparts.trace_start([site], jack.device.id) is None  # an outlet named alone: lookup's other rules
    assert cacheparts.trace_start([site], whole.ref(jack).lower()) is None  # read without regard to case
    site.write_text(site.read_text() + "\n")
    assert cacheparts.trace_start([site], whole.ref(jack)) is None


@pytest.mark.parametrize("cut", [0, 17, 5000, -30])
def test_damaged_parts_are_ignored(campus, cut):
    from cabling.analysis import cacheparts

    site, whole = campus
    assert cacheparts.write(whole)
    [entry] = (site.parent / "xdg" / "cabling").glob("*.parts")
    data = entry.read_bytes()
    entry.write_bytes(data[:cut] if cut >= 0 else data[:cut] + b"\xff" * 30)
    jack = next(p for d in whole.devices() if d.role == "outlet" for p in d.ports if p.kind == "front")
    found = cacheparts.trace_start([site], whole.ref(jack))
    assert found is None or found[0].ref(found[1]) == whole.ref(jack)


def test_cabling_trace_keeps_a_large_site_in_parts_and_answers_from_them(campus, monkeypatch, capsys):
    import os as _os

    site, whole = campus
    monkeypatch.delattr(_os, "fork", raising=False)  # the parts are written in this process, not a detached one
    jacks = [whole.ref(p) for d in whole.devices() if d.role == "outlet" for p in d.ports if p.kind == "front"]
    assert main(["trace", str(site), jacks[0]]) in (0, 1)
    capsys.readouterr()
    assert list((site.parent / "xdg" / "cabling").glob("*.parts"))
    with monkeypatch.context() as m:
        m.setattr(cache, "load", lambda paths: pytest.fail("the whole site was loaded"))
        answers = []
        for ref in jacks[1:5]:
            answers.append((main(["trace", str(site), ref]), capsys.readouterr().out))
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert [(main(["trace", str(site), ref]), capsys.readouterr().out) for ref in jacks[1:5]] == answers


def test_a_trace_run_as_a_command_has_a_detached_process_keep_the_site_in_parts(tmp_path):
    """The command answers and ends; a detached process (holding none of its output streams) writes the parts,
    which the next trace of another port reads."""
    import time

    from cabling.analysis import cacheparts
    from cabling.writers.synthetic import generate_campus

    site = tmp_path / "campus.yaml"
    site.write_text(generate_campus(300, seed=2))
    whole = loader.load([site])
    assert whole.counts()["ports"] >= cacheparts.MIN_PORTS
    jacks = [whole.ref(p) for d in whole.devices() if d.role == "outlet" for p in d.ports if p.kind == "front"]
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    env.pop(cache.ENV_OFF, None)
    first = subprocess.run([sys.executable, "-m", "cabling.cli", "trace", str(site), jacks[0]], capture_output=True,
                           text=True, env=env)
    assert first.returncode in (0, 1), first.stderr
    folder = tmp_path / "xdg" / "cabling"
    for _ in range(600):  # the writer's marker goes when the parts are written
        if list(folder.glob("*.parts")) and not list(folder.glob(".tmp-writing-*")):
            break
        time.sleep(0.1)
    assert list(folder.glob("*.parts"))
    code = ("import sys\nfrom cabling.analysis import cacheparts\n"
            "print(cacheparts.trace_start([sys.argv[1]], sys.argv[2]) is not None)\n")
    out = subprocess.run([sys.executable, "-c", code, str(site), jacks[1]], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "True", out.stderr


# ---------------------------------------------------------------- an inventory kept as columns
def same_graph(a, b) -> int:
    """Assert the object graphs from ``a`` and ``b`` are the same: types, values and which objects are shared
    (the telephony's indexes keyed by id() aside: a read-back copy makes them again). Returns the objects met."""
    atoms = (str, int, float, bool, type(None), bytes, type)
    seen: dict[int, object] = {}
    stack = [(a, b, "root")]
    while stack:
        x, y, where = stack.pop()
        assert type(x) is type(y), where
        if isinstance(x, atoms):
            assert x == y, where
            continue
        if id(x) in seen:
            assert seen[id(x)] is y, f"{where} is shared on one side only"
            continue
        seen[id(x)] = y
        if isinstance(x, (list, tuple)):
            assert len(x) == len(y), where
            stack += [(u, v, f"{where}[{i}]") for i, (u, v) in enumerate(zip(x, y))]
        elif isinstance(x, dict):
            assert list(x) == list(y), where
            stack += [(x[k], y[k], f"{where}[{k!r}]") for k in x]
        elif isinstance(x, (set, frozenset)):
            assert x == y, where
        else:
            if hasattr(x, "__dict__"):
                by_id = getattr(type(x), "_BY_ID", ())
                dx = {k: v for k, v in vars(x).items() if k not in by_id}
                dy = {k: v for k, v in vars(y).items() if k not in by_id}
                assert set(dx) == set(dy), where
                stack.append((dx, {k: dy[k] for k in dx}, f"{where}.__dict__"))
            for name in cache._slots_of(type(x)) or ():
                assert hasattr(x, name) == hasattr(y, name), f"{where}.{name}"
                if hasattr(x, name):
                    stack.append((getattr(x, name), getattr(y, name), f"{where}.{name}"))
    return len(seen)


@pytest.mark.parametrize("name", ["office.yaml", "branch.yaml", "campus"])
def test_a_site_read_back_from_the_cache_is_the_same_graph_of_objects(home, monkeypatch, name):
    tmp_path, site = home
    if name == "campus":
        from cabling.writers.synthetic import generate_campus

        site.write_text(generate_campus(300, seed=2))
    else:
        shutil.copy(SITES / name, site)
    first = cache.load([site])
    calls = loads_from_files(monkeypatch)
    again = cache.load([site])
    assert calls == []
    assert same_graph(first, again) > 1000


class Node:
    """A slotted class (kept as columns) for the test below; ``spare`` is never set."""

    __slots__ = ("name", "peer", "items", "spare")

    def __init__(self, name):
        self.name, self.peer, self.items = name, None, []


def test_columns_keep_shared_and_cyclic_objects_and_refuse_an_unset_field(tmp_path):
    import io

    nodes = [Node(f"n{i}") for i in range(3 * cache._CHUNK + 5)]  # several pickles of columns
    shared = ("a", 1.5)
    for i, n in enumerate(nodes):
        n.peer = nodes[(i + 1) % len(nodes)]  # a cycle through all of them
        n.items = [shared, n, {"k": nodes[0]}]
        n.spare = i if i % 2 else None
    data = {"nodes": nodes, "first": nodes[0], "shared": shared}
    buf = io.BytesIO()
    cache.dump_columns(data, buf)
    buf.seek(0)
    back = cache.load_columns(buf)
    assert same_graph(data, back) > len(nodes) * 3
    assert back["nodes"][5].items[0] is back["shared"] and back["nodes"][-1].peer is back["first"]
    del nodes[1].spare
    with pytest.raises(AttributeError):
        cache.dump_columns(data, io.BytesIO())


@pytest.mark.parametrize("keep", [0.5, 0.9, -3])
def test_a_cut_entry_of_columns_is_ignored_and_rewritten(home, keep):
    tmp_path, site = home
    good = cache.load([site])
    [entry] = entries(tmp_path)
    data = entry.read_bytes()
    entry.write_bytes(data[:int(len(data) * keep)] if keep > 0 else data[:keep])
    again = cache.load([site])
    assert same_graph(good, again)
    assert entry.read_bytes() == data  # written again, as before


def test_reading_a_site_back_makes_no_copy_of_each_objects_fields(home):
    """A plain pickle of the model kept a dict of every port's, cable's and device's fields in the unpickler's
    memo to the end of the load: the read-back peaked at three times what it returns. Kept as columns, the
    fields are set from lists that are emptied as they are used."""
    import gc
    import tracemalloc

    from cabling.writers.synthetic import generate_campus

    tmp_path, site = home
    site.write_text(generate_campus(2000, seed=2))
    cache.load([site])
    gc.collect()
    tracemalloc.start()
    try:
        inv = cache.load([site])
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert inv.counts()["ports"] > 10_000
    assert peak < 1.5 * kept, (peak, kept)  # 3.1x as a plain pickle, 1.26x as columns

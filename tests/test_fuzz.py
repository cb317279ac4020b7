"""Fuzz run: mutated example sites and a hand-written site never give a traceback, a hang or a memory blow-up.

Hypothesis mutates ``sites/*.yaml`` and ``tests/data/fuzz/handwritten.yaml`` in two ways: as bytes (lines
deleted, repeated or re-indented, hostile values put in place of values, raw bytes inserted, the file cut
short), which mostly tests the YAML reader, and as data (a value anywhere replaced by a hostile one of
another type or size, a key dropped, an entry repeated), which reaches every stage of the loader.
Each mutated file must either load, build, trace every port (JSON without Infinity/NaN), export to
NetBox and pass ``cabling validate --json`` with exit 0, or be refused with positioned diagnostics
(exit 1 or 2 and valid JSON). Each case runs under a 5 s alarm, and the whole run under an address-space
limit of 1 GB above what the process held when it started.

The normal run is short and reproducible (``CABLING_FUZZ_EXAMPLES``, default 25, fixed seed). A long
run: ``CABLING_FUZZ_EXAMPLES=5000 CABLING_FUZZ_RANDOM=1 .venv/bin/python -m pytest tests/test_fuzz.py``, or
``pytest --hypothesis-profile=long`` (random cases, as many as that profile gives).
"""
from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import resource
import shutil
import signal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.diagnostics import InputError
from cabling.graph import build
from cabling.netbox.export import export
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(ROOT.glob("sites/*.yaml")) + [ROOT / "tests" / "data" / "fuzz" / "handwritten.yaml"]
TEXTS = {p.name: p.read_bytes() for p in SOURCES}
# `pytest --hypothesis-profile=long` (tests/conftest.py) runs as many random cases as that profile gives
LONG = settings.get_current_profile_name() == "long"
EXAMPLES = int(os.environ.get("CABLING_FUZZ_EXAMPLES", settings.default.max_examples if LONG else 25))
RANDOM = os.environ.get("CABLING_FUZZ_RANDOM") == "1" or LONG
SECONDS_PER_CASE = 5
MEMORY_HEADROOM = 1 << 30

HOSTILE = [b"1e999", b"-1e999", b".nan", b"-1", b"0", b"1e7", b"99999999999999999999999", b"''", b"[]", b"{}",
           b"~", b"[3-1]", b"X-[1-999999]", b"[1-200]", b"!include other.yaml", b"!!python/object:os.system",
           b"*nowhere", b"&a [1, 2]", b"{<<: *a}", b"27,5", b"a, b", b"models/", b"R49", b"r1", b"Gi1/0/99",
           b"PP-2A-A:R[1-24]", b"'x:y:z'", b'"\\u0000"', b"x" * 300, "\u00e9\u0416\U0001f642".encode(),
           b"[[0, 0], [1, 0]]", b"[[0, 0], [0, 0], [0, 0]]", b"true", b"null", b"---", b"- a", b"? x", b"|", b">"]
RAW = [b"\x00", b"\xff", b"\xd0", b"\t", b"\r", b"\x07", b"\xef\xbb\xbf", b"\n  ", b":", b"#", b'"', b"'"]


TREES = {name: yaml.safe_load(text) for name, text in TEXTS.items()}
HOSTILE_DATA = [float("inf"), float("nan"), -1, 0, 10 ** 30, 1e7, 2.5, "", [], {}, None, True, "[3-1]",
                "X-[1-99999]", "[1-3]x[1-3]", "r1", "R49", "PP-2A-A:R[1-24]", "Cabling-Cat6-Panel-24", "models/",
                "a" * 300, [1, 2, 3], [[0, 0], [1, 0]], {"a": 1}, {"circuit": "NOPE", "side": "Q"}, ["x", "y"],
                "27,5", "cat6e", "\u0416\u00e9", "x:y:z"]


@st.composite
def mutated_data(draw):
    name = draw(st.sampled_from(sorted(TREES)))
    tree = copy.deepcopy(TREES[name])
    for _ in range(draw(st.integers(1, 4))):
        parent, key = None, None
        node, depth = tree, 0
        while isinstance(node, (dict, list)) and node and (depth < 2 or draw(st.integers(0, 3))):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node, depth = node[key], depth + 1
        if parent is None:
            continue
        op = draw(st.sampled_from(["replace", "replace", "drop", "repeat"]))
        if op == "replace":
            parent[key] = copy.deepcopy(draw(st.sampled_from(HOSTILE_DATA)))
        elif op == "drop":
            del parent[key]
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[key] = [copy.deepcopy(node)] * draw(st.integers(1, 3))
    return name, yaml.safe_dump(tree, sort_keys=False, allow_unicode=True).encode()


class Hang(BaseException):  # not an Exception: no "except Exception" in the code under test can swallow it
    pass


def _alarm(signum, frame):
    raise Hang(f"a case ran longer than {SECONDS_PER_CASE} s")


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["value", "value", "raw", "delete", "repeat", "indent", "cut"]))
        line = lines[k]
        if op == "value" and b":" in line:
            # put a hostile value after one of the line's colons
            colons = [i for i, c in enumerate(line) if c == ord(":")]
            at = draw(st.sampled_from(colons))
            rest = line[at + 1:]
            end = min([i for i in (rest.find(b","), rest.find(b"}")) if i >= 0], default=len(rest))
            line = line[:at + 1] + b" " + draw(st.sampled_from(HOSTILE)) + rest[end:]
        elif op == "indent":
            line = b" " * draw(st.integers(0, 5)) + line.lstrip(b" ")
        else:
            lines, k, line = change_line(draw, lines, k, "raw" if op == "value" else op)
        lines[k] = line
    return name, b"\n".join(lines)


def change_line(draw, lines: list[bytes], k: int, op: str):
    """(lines, k, new line k) after ``op`` on line k: 'raw' bytes put in, 'delete', 'repeat' another line, 'cut'
    the file short there (also used by tests/test_fuzz_inputs.py)."""
    line = lines[k]
    if op == "raw":
        pos = draw(st.integers(0, len(line)))
        line = line[:pos] + draw(st.sampled_from(RAW + HOSTILE)) + line[pos:]
    elif op == "delete":
        line = b""
    elif op == "repeat":
        line = line + b"\n" + lines[draw(st.integers(0, len(lines) - 1))]
    else:  # cut the file short here
        lines = lines[:k + 1]
        k = len(lines) - 1
        line = line[:draw(st.integers(0, len(line)))]
    return lines, k, line


def exercise(path: Path) -> None:
    try:
        inv = load([path])
    except InputError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert d.message and "Traceback" not in d.message
            assert d.mark is None or (d.mark.line >= 1 and d.mark.column >= 1)
        expected = {2} if exc.fatal else {1}
    else:
        build(inv)
        for dev in inv.devices():
            for port in dev.ports:
                for p in trace(port):
                    json.dumps(p.to_json(inv), allow_nan=False)
        export(inv)
        expected = {0}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", "--json", str(path)])
    assert code in expected, err.getvalue()
    json.loads(out.getvalue(), parse_constant=lambda c: pytest.fail(f"JSON output holds {c}"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A copy of what the examples need beside them (the hand-written site's models)."""
    where = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "tests" / "data" / "fuzz" / "lab-models", where / "lab-models")
    return where


@pytest.fixture(scope="module")
def memory_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        held = int(fh.read().split()[0]) * resource.getpagesize()
    limit = held + MEMORY_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@settings(max_examples=EXAMPLES, derandomize=not RANDOM, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=st.one_of(mutated(), mutated_data()))
def test_mutated_sites_load_or_fail_cleanly_in_time_and_memory(folder, memory_limit, case):
    name, data = case
    path = folder / name
    path.write_bytes(data)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_CASE)
    try:
        exercise(path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)

"""Bad input gets a clear error, never a traceback: mutated site files and NetBox bulk folders.

Each test mutates a real example many times with a fixed seed (so a failure reproduces) and
requires that loading either works or raises InputError with a positioned message, and that an
import either writes files that load or reports why.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from cabling.analysis.trace import trace
from cabling.diagnostics import InputError
from cabling.graph import build
from cabling.netbox import read_bulk_folder
from cabling.netbox.convert import convert
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]
TOKENS = ["[", "]", "{", "}", ":", ",", '"', "'", "-", "017", "no", "[1-3]", "[3-1]", "~", "&a", "*a",
          "\t", "#", "  ", "R99", "1e9", "-5", "null", "[]", "{}", "?", "|", ">"]


def mutate(lines: list[str], rng: random.Random, tokens) -> list[str]:
    lines = list(lines)
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        k = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.3:
            del lines[k]
        elif op < 0.7:
            pos = rng.randint(0, len(lines[k]))
            lines[k] = lines[k][:pos] + rng.choice(tokens) + lines[k][pos:]
        else:
            lines.insert(k, lines[rng.randrange(len(lines))])
    return lines


@pytest.mark.parametrize("site", ["kazan.yaml", "office.yaml"])
def test_mutated_site_files_load_or_fail_with_positioned_errors(tmp_path, site):
    source = (ROOT / "sites" / site).read_text().splitlines()
    rng = random.Random(site)
    f = tmp_path / site
    failures = 0
    for _ in range(150):
        f.write_text("\n".join(mutate(source, rng, TOKENS)) + "\n")
        try:
            inv = load([f])
        except InputError as exc:
            failures += 1
            assert exc.diagnostics
            for d in exc.diagnostics:
                assert d.message and (d.mark is None or d.mark.line >= 1)
            continue
        build(inv)
        for dev in inv.devices():
            for port in dev.ports:
                for path in trace(port):
                    path.to_json(inv)
    assert failures > 0  # the mutations do break files: the error path was exercised


def test_mutated_netbox_bulk_folders_import_to_files_that_load(tmp_path):
    source = ROOT / "tests" / "data" / "netbox_csv"
    files = sorted(p.name for p in source.iterdir())
    rng = random.Random(11)
    tokens = [",", '"', "x", "", "-1", "dcim.frontport", "circuits.circuittermination", "A", "Z", "999", "ft"]
    for n in range(80):
        folder = tmp_path / f"bulk{n}"
        shutil.copytree(source, folder)
        target = folder / rng.choice(files)
        target.write_text("\n".join(mutate(target.read_text().splitlines(), rng, tokens)) + "\n")
        conversion = convert(read_bulk_folder(folder))
        out = tmp_path / f"out{n}"
        for rel, text in conversion.files.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(text)
        load([out])  # the import's files load; what it could not carry over is in its notes

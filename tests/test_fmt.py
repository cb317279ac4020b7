"""``cabling fmt``: a site file laid out the one way, with nothing a loader reads changed.

Every example site and some generated ones are formatted, loaded again and compared with the model
loaded before (devices, ports, cables and every field, not positions); formatting twice changes nothing
more; comments, quoting and the bulk notation survive; ``--check``, ``--diff``, permissions and errors
behave as a CI job and a user expect.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import shutil
import stat
from collections import Counter
from pathlib import Path

import pytest
import yaml

from cabling.cli import main
from cabling.diagnostics import Mark
from cabling.model import DeviceType
from cabling.model import Port, Site
from cabling.readers.loader import load
from cabling.telephony.model import Telephony
from cabling.writers.synthetic import generate_campus, generate_site
from cabling.writers.yamlformat import FormatError, format_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(ROOT.glob("sites/*.yaml")) + sorted(ROOT.glob("sites/journal/*.yaml"))
GENERATED = {"building-300.yaml": lambda: generate_site(300, seed=3),
             "campus-400.yaml": lambda: generate_campus(400, seed=5),
             "campus-150-expanded.yaml": lambda: generate_campus(150, seed=7, expanded=True)}
SKIP = {"mark", "rules_mark"}


def snapshot(inv):
    """Everything a loaded inventory holds except positions: each object's fields, others named by id."""

    def value(x, top=False, depth=0):
        if depth > 8:
            return repr(x)
        if isinstance(x, Mark):
            return None  # where a value was written, not what it is
        if isinstance(x, Port):
            return ("port", inv.ref(x), x.kind, x.cable.id if x.cable else None, x.end)
        if isinstance(x, DeviceType):
            return ("model", x.slug)
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            if not top and hasattr(x, "id"):
                return (type(x).__name__, x.id)
            inner = isinstance(x, (Site, Telephony))  # a site's devices, cables, ...: each in full
            return (type(x).__name__,) + tuple((f.name, value(getattr(x, f.name), inner, depth + 1))
                                               for f in dataclasses.fields(x) if f.name not in SKIP)
        if isinstance(x, dict):
            if x and all(isinstance(k, int) and k > 1 << 20 for k in x):  # an index by id(): its values
                return tuple(sorted(repr(value(v, top, depth + 1)) for v in x.values()))
            return tuple(sorted((str(k), value(v, top, depth + 1)) for k, v in x.items()))
        if isinstance(x, (list, tuple)):
            return tuple(value(v, top, depth + 1) for v in x)
        return x

    sites = {sid: value(s, top=True) for sid, s in inv.sites.items()}
    return {"sites": sites, "circuits": value(inv.circuits, top=True),
            "telephony": value(inv.telephony, top=True), "counts": inv.counts()}


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def comments(text: str) -> Counter:
    """Comment texts of a file (the example sites put no '#' inside values)."""
    found = Counter()
    for line in text.splitlines():
        m = re.search(r"(?:^|\s)(#.*)$", line)
        if m:
            found[m.group(1).strip()] += 1
    return found


def bulk(text: str) -> Counter:
    """Every range pattern written in a file: [001-024], [1-4,7], [a-d]."""
    return Counter(re.findall(r"\[[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?(?:,[0-9A-Za-z-]+)+\]|\[[0-9A-Za-z]+-[0-9A-Za-z]+\]",
                              text))


def cases():
    return [pytest.param(p.name, p.read_text(encoding="utf-8"), id=p.name) for p in EXAMPLES] + \
           [pytest.param(name, make(), id=name) for name, make in GENERATED.items()]


@pytest.mark.parametrize("name,text", cases())
def test_formatting_changes_nothing_a_loader_sees_and_a_second_run_nothing_at_all(tmp_path, name, text):
    site = tmp_path / name
    site.write_text(text, encoding="utf-8")
    before = snapshot(load(site))
    formatted = format_text(text, name)
    site.write_text(formatted, encoding="utf-8")
    assert snapshot(load(site)) == before
    assert format_text(formatted, name) == formatted
    assert comments(formatted) == comments(text)
    assert bulk(formatted) == bulk(text) and (bulk(text) or "expanded" in name)
    assert all(len(line) <= 100 for line in formatted.splitlines() if line.lstrip().startswith("- {")
               and "#" not in line and text.count(line.strip()) == 0)  # entries made one line fit in 100 columns


LAYOUT = """\
# header comment
site:
  name: Lab            # the name
  id: lab
floors:
  - {level: 0, id: '1'}
rooms:
  - floor: '1'
    id: R1
devices:
  - id: PP-1
    rack: R-1
    model: cabling-cat6-panel-24
  - model: cabling-outlet-1       # a comment keeps the entry as it is
    id: 1A-[001-003]
    room: R1
  - {id: SW-1, model: cabling-switch-24-poe, rack: R-1, u: 39, poe_budget_w: 370, description: 'A long description, longer than a line'}
racks:
    -   {id: R-1, room: R1}
cables:
  - {id: 'H-[1-3]', b: 'PP-1:R[1-3]', a: '1A-[001-003]:R1', length: [10, 12.5, 017], label: no}

  # the patch cords
  - b: SW-1:Gi1/0/1
    a: PP-1:1
    id: P-1
"""

LAID_OUT = """\
# header comment
site:
  id: lab
  name: Lab            # the name
floors:
  - {id: '1', level: 0}
rooms:
  - {id: R1, floor: '1'}
devices:
  - {id: PP-1, model: cabling-cat6-panel-24, rack: R-1}
  - id: 1A-[001-003]
    model: cabling-outlet-1       # a comment keeps the entry as it is
    room: R1
  - id: SW-1
    model: cabling-switch-24-poe
    rack: R-1
    u: 39
    poe_budget_w: 370
    description: 'A long description, longer than a line'
racks:
  - {id: R-1, room: R1}
cables:
  - {id: 'H-[1-3]', a: '1A-[001-003]:R1', b: 'PP-1:R[1-3]', length: [10, 12.5, 017], label: no}

  # the patch cords
  - {id: P-1, a: PP-1:1, b: SW-1:Gi1/0/1}
"""


def test_the_normal_layout_key_order_one_line_entries_indentation_and_comments():
    assert format_text(LAYOUT) == LAID_OUT
    assert format_text(LAID_OUT) == LAID_OUT


def test_exact_text_stays_exact_ids_lengths_and_quoting():
    text = ("site: {id: s}\ndevices:\n  - id: '017'\n    model: m\n  - {id: no, model: m, u: '40'}\n"
            "  - {id: 1:30, model: m, u: 2e1}\n  - {id: ~x, model: m, description: ~}\n")
    out = format_text(text)
    for written in ("'017'", "id: no", "u: '40'", "id: 1:30", "u: 2e1", "~x"):
        assert written in out
    assert yaml.safe_load(out) == yaml.safe_load(text)


def test_anchors_and_merge_keys_are_kept_and_read_the_same(tmp_path):
    text = ("site: {id: s}\nrooms:\n  - {id: R1}\ndefaults: &outlet\n  model: cabling-outlet-1\n  room: R1\n"
            "devices:\n  - <<: *outlet\n    id: O-1\n  - {<<: *outlet, id: O-2}\n")
    with pytest.raises(Exception):
        load_text(tmp_path, text)  # 'defaults' is no key of a site: the reader reports it, so compare the data
    out = format_text(text)
    assert "<<: *outlet" in out and "&outlet" in out
    from cabling.diagnostics import Collector
    from cabling.readers.yamlsource import load as read

    assert read(out, "x", Collector()) == read(text, "x", Collector())


def load_text(tmp_path, text):
    f = tmp_path / "t.yaml"
    f.write_text(text, encoding="utf-8")
    return load(f)


def test_windows_line_ends_and_a_byte_order_mark_are_kept():
    text = "\ufeffsite:\r\n  name: Lab\r\n  id: lab\r\n"
    assert format_text(text) == "\ufeffsite:\r\n  id: lab\r\n  name: Lab\r\n"


def test_a_file_that_does_not_parse_is_an_error_with_its_position(tmp_path):
    f = tmp_path / "broken.yaml"
    f.write_text("site:\n  id: x\ndevices: [\n  - {id: a\n", encoding="utf-8")
    before = f.read_bytes()
    code, out, err = run("fmt", f)
    assert code == 2 and "Traceback" not in err
    assert re.search(rf"{re.escape(str(f))}:\d+:\d+: invalid YAML", err), err
    assert f.read_bytes() == before
    with pytest.raises(FormatError) as exc:
        format_text("site: {id: a}\nsite: {id: b}\n", "dup.yaml")
    assert "dup.yaml:2:1: duplicate key 'site' (first given at line 1)" in str(exc.value)


def test_check_exits_1_and_writes_nothing_then_fmt_writes_and_check_passes(tmp_path):
    f = tmp_path / "lab.yaml"
    f.write_text(LAYOUT, encoding="utf-8")
    code, out, err = run("fmt", "--check", f)
    assert code == 1 and f"would reformat {f}" in err and f.read_text(encoding="utf-8") == LAYOUT
    code, out, err = run("fmt", f)
    assert code == 0 and f"reformatted {f}" in err and f.read_text(encoding="utf-8") == LAID_OUT
    code, out, err = run("fmt", "--check", f)
    assert code == 0 and "0 file(s) would be reformatted, 1 unchanged" in err


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path):
    f = tmp_path / "lab.yaml"
    f.write_text(LAYOUT, encoding="utf-8")
    code, out, err = run("fmt", "--diff", f)
    assert code == 0 and f.read_text(encoding="utf-8") == LAYOUT
    assert out.startswith(f"--- {f}\n+++ {f} (formatted)\n@@ ")
    assert "-  - {level: 0, id: '1'}\n+  - {id: '1', level: 0}\n" in out
    import subprocess

    patched = tmp_path / "patched.yaml"
    shutil.copy(f, patched)
    r = subprocess.run(["patch", "-s", str(patched)], input=out, text=True, capture_output=True)
    assert r.returncode == 0, r.stderr
    assert patched.read_text(encoding="utf-8") == LAID_OUT


def test_permissions_are_kept_and_a_link_stays_a_link(tmp_path):
    f = tmp_path / "lab.yaml"
    f.write_text(LAYOUT, encoding="utf-8")
    os.chmod(f, 0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(f)
    code, _, err = run("fmt", link)
    assert code == 0, err
    assert stat.S_IMODE(f.stat().st_mode) == 0o640 and link.is_symlink()
    assert f.read_text(encoding="utf-8") == LAID_OUT
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_folder_formats_its_site_files_and_leaves_other_yaml_alone(tmp_path):
    (tmp_path / "models").mkdir()
    model = tmp_path / "models" / "m.yaml"
    model.write_text("model: X\nmanufacturer:    Y\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(LAYOUT, encoding="utf-8")
    (tmp_path / "b.yml").write_text(LAID_OUT.replace("id: lab", "id: lab2"), encoding="utf-8")
    code, _, err = run("fmt", tmp_path)
    assert code == 0 and "1 file(s) reformatted, 1 unchanged" in err
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == LAID_OUT
    assert model.read_text(encoding="utf-8") == "model: X\nmanufacturer:    Y\n"
    code, _, err = run("fmt", "--check", "--site-files-only", model)
    assert code == 0 and "no site files" in err


def test_the_precommit_hook_checks_with_fmt():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "cabling-fmt"]
    assert hook["entry"].split()[:3] == ["cabling", "fmt", "--check"] and "yaml" in hook["types"]

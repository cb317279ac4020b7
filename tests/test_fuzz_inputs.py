"""Fuzz run of every other input cabling reads: plans, cable journals (CSV and XLSX), NetBox bulk-import folders,
DXF drawings, and ``cabling fmt`` over mutated sites (``tests/test_fuzz.py`` covers loading sites).

Hypothesis mutates the bundled examples (``sites/plans/branch-expansion.yaml``, ``sites/journal/``,
``tests/data/netbox_csv/``, a small drawing made with ezdxf): keys and columns dropped, values replaced by
hostile ones of another type or size (huge, negative, not finite, empty, paths, text where a number goes),
references broken, rows and entries duplicated (duplicate ids), files cut short, bytes garbled. Each case runs
the command in this process through ``cabling.cli.main`` and must end with exit 0, 1 or 2, never an exception
or a traceback, within :data:`SECONDS_PER_CASE`; exit 2 must say what is wrong and where (``file:line``, the
file's name, or ``cabling COMMAND: ...``). What an importer writes must be readable YAML.

The number of cases per test is the hypothesis profile's: a few in the normal run (profile ``cabling``,
tests/conftest.py), many with ``pytest --hypothesis-profile=long tests/test_fuzz_inputs.py``.
"""
from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import signal
from pathlib import Path

import ezdxf
import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cabling.cli import main
from cabling.writers.yamlformat import format_text
from test_fuzz import HOSTILE_DATA, change_line, mutated, mutated_data

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "sites" / "branch.yaml"
PLAN = ROOT / "sites" / "plans" / "branch-expansion.yaml"
PLAN_TREE = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
JOURNAL_CSV = ROOT / "sites" / "journal" / "kazan-journal-b.csv"
JOURNAL_XLSX = ROOT / "sites" / "journal" / "kazan-journal.xlsx"
NETBOX = ROOT / "tests" / "data" / "netbox_csv"
SECONDS_PER_CASE = 20

HOSTILE_CELLS = ["", " ", "-1", "0", "-0.5", "1e999", "-1e308", "nan", "inf", "99999999999999999999", "x" * 3000,
                 "../../etc/passwd", "/etc/passwd", "a/b", "..", "a\x00b", "\u0416\u00e9\U0001f642", "=1+1", "[1-999999]",
                 "X-[1-3]", "[3-1]", "'", '"', ":", "#", "{", "- x", "~", "null", "yes", "1,5", "27,5", "1:30",
                 "\t", "\r\n", "PP-1:R[1-24]", "0000017", "1.2.3", "-", "?"]


class Hang(BaseException):  # not an Exception: no "except Exception" in the code under test can swallow it
    pass


def _alarm(signum, frame):
    raise Hang(f"a case ran longer than {SECONDS_PER_CASE} s")


@contextlib.contextmanager
def time_limit():
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_CASE)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def cli(*args, names=()):
    """Run a command as a user would, in this process; its exit code, stdout and stderr, checked for the rules."""
    out, err = io.StringIO(), io.StringIO()
    with time_limit(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse
            code = exc.code
    o, e = out.getvalue(), err.getvalue()
    assert "Traceback" not in o + e, e
    assert code in (0, 1, 2), (code, e)
    if code == 2:
        assert e.strip(), "exit 2 without a word"
        assert (re.search(r"\S+:\d+(:\d+)?: ", e) or any(str(n) in e for n in names)
                or re.search(r"^cabling [\w ]+: ", e, re.M)), e
    return code, o, e


def readable_yaml(path: Path) -> None:
    """A file an importer wrote parses as YAML (and cabling fmt reads it)."""
    yaml.safe_load(path.read_text(encoding="utf-8"))
    code, _, err = cli("fmt", "--check", path, names=[path])
    assert code in (0, 1), err


# ------------------------------------------------------------------ mutations
@st.composite
def mutated_tree(draw, tree):
    """``tree`` (plain YAML data) with one to four changes: a value replaced, a key dropped, an entry repeated,
    a reference broken (text changed by a character)."""
    import copy

    tree = copy.deepcopy(tree)
    for _ in range(draw(st.integers(1, 4))):
        parent, key, node, depth = None, None, tree, 0
        while isinstance(node, (dict, list)) and node and (depth < 1 or draw(st.integers(0, 3))):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node, depth = node[key], depth + 1
        if parent is None:
            continue
        op = draw(st.sampled_from(["replace", "replace", "drop", "repeat", "typo"]))
        if op == "replace":
            parent[key] = copy.deepcopy(draw(st.sampled_from(HOSTILE_DATA + HOSTILE_CELLS)))
        elif op == "drop":
            del parent[key]
        elif op == "typo" and isinstance(node, str):
            parent[key] = node + draw(st.sampled_from(["X", "-9", "/1", ":", " "]))
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(node))
        else:
            parent[key] = [copy.deepcopy(node)] * draw(st.integers(1, 3))
    return tree


@st.composite
def mutated_bytes(draw, data: bytes, rounds=(0, 3)):
    """``data`` with lines deleted or repeated, raw bytes put in, or cut short."""
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(*rounds))):
        k = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["raw", "delete", "repeat", "cut", "garble"]))
        if op == "garble":
            lines[k] = bytes(draw(st.lists(st.integers(0, 255), max_size=12)))
        else:
            lines, k, line = change_line(draw, lines, k, op)
            lines[k] = line
    return b"\n".join(lines)


@st.composite
def mutated_table(draw, rows: list[list]):
    """Rows of a table with cells replaced, a column dropped or renamed, rows dropped or repeated."""
    rows = [list(r) for r in rows]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cell", "cell", "drop-column", "rename", "drop-row", "repeat-row", "widen"]))
        r = draw(st.integers(0, len(rows) - 1))
        width = max(len(x) for x in rows) or 1
        c = draw(st.integers(0, width - 1))
        if op == "cell" and c < len(rows[r]):
            rows[r][c] = draw(st.sampled_from(HOSTILE_CELLS))
        elif op == "drop-column":
            for row in rows:
                if c < len(row):
                    del row[c]
        elif op == "rename" and c < len(rows[0]):
            rows[0][c] = draw(st.sampled_from(HOSTILE_CELLS + [h for h in rows[0] if h]))
        elif op == "drop-row" and len(rows) > 1:
            del rows[r]
        elif op == "repeat-row":
            rows.insert(r, list(rows[r]))
        elif op == "widen":
            rows[r] = rows[r] + [draw(st.sampled_from(HOSTILE_CELLS))]
    return rows


# ------------------------------------------------------------------ plans
@given(case=st.one_of(mutated_tree(PLAN_TREE).map(lambda t: yaml.safe_dump(t, sort_keys=False, allow_unicode=True)
                                                  .encode()),
                      mutated_bytes(PLAN.read_bytes(), rounds=(1, 4))))
def test_mutated_plans_are_planned_or_refused_cleanly(tmp_path_factory, case):
    plan = tmp_path_factory.mktemp("plan") / "plan.yaml"
    plan.write_bytes(case)
    cli("plan", SITE, plan, names=[plan])


# ------------------------------------------------------------------ cable journals
def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("cp1251")), delimiter=";"))


CSV_ROWS = _csv_rows(JOURNAL_CSV)


@st.composite
def journal_csv(draw):
    rows = draw(mutated_table(CSV_ROWS))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = text.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"])), "replace")
    return draw(mutated_bytes(data))


@given(case=journal_csv())
def test_mutated_csv_journals_import_or_are_refused_cleanly(tmp_path_factory, case):
    import_journal(tmp_path_factory, "journal.csv", case)


def import_journal(tmp_path_factory, name: str, data: bytes) -> None:
    where = tmp_path_factory.mktemp("journal")
    source, out = where / name, where / "site.yaml"
    source.write_bytes(data)
    code, _, _ = cli("import", "journal", source, "-o", out, names=[source])
    if code != 2:
        readable_yaml(out)


def _xlsx_sheets() -> dict[str, list[list]]:
    wb = openpyxl.load_workbook(JOURNAL_XLSX)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


XLSX_SHEETS = _xlsx_sheets()


@st.composite
def journal_xlsx(draw):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    names = list(XLSX_SHEETS)
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names) + 1)):
        rows = draw(mutated_table([[c for c in r] for r in XLSX_SHEETS[name]]))
        ws = wb.create_sheet(f"{name[:25]}{len(wb.worksheets)}")
        for r in rows:  # numbers anywhere; text without the control characters a workbook cannot hold
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str)
                       else draw(st.sampled_from([c, c, c, -1, 1e308, 10 ** 20, 0.5, True])) for c in r])
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if draw(st.integers(0, 4)) == 0:  # a damaged workbook: bytes changed or cut short
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes(draw(st.lists(st.integers(0, 255), max_size=16))) + \
            (data[at + draw(st.integers(0, 64)):] if draw(st.booleans()) else b"")
    return data


@given(case=journal_xlsx())
def test_mutated_xlsx_journals_import_or_are_refused_cleanly(tmp_path_factory, case):
    import_journal(tmp_path_factory, "journal.xlsx", case)


# ------------------------------------------------------------------ NetBox bulk-import folders
NETBOX_FILES = {p.name: p.read_bytes() for p in sorted(NETBOX.iterdir()) if p.is_file()}
NETBOX_TREES = {name: yaml.safe_load(data) for name, data in NETBOX_FILES.items() if name.endswith(".yaml")}


@st.composite
def netbox_folder(draw):
    files = dict(NETBOX_FILES)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(files)))
        data = files[name]
        op = draw(st.sampled_from(["table", "table", "bytes", "delete"]))
        if op == "delete":
            del files[name]
            if not files:
                break
        elif op == "table" and name.endswith(".csv"):
            rows = draw(mutated_table(list(csv.reader(io.StringIO(data.decode(errors="replace")))) or [[""]]))
            text = io.StringIO()
            csv.writer(text).writerows(rows)
            files[name] = text.getvalue().encode()
        elif op == "table" and name in NETBOX_TREES:
            files[name] = yaml.safe_dump(draw(mutated_tree(NETBOX_TREES[name])), allow_unicode=True).encode()
        else:
            files[name] = draw(mutated_bytes(data, rounds=(1, 3)))
    return files


@given(case=netbox_folder())
def test_mutated_netbox_folders_import_or_are_refused_cleanly(tmp_path_factory, case):
    where = tmp_path_factory.mktemp("netbox")
    source, out = where / "bulk", where / "out"
    source.mkdir()
    for name, data in case.items():
        (source / name).write_bytes(data)
    code, _, _ = cli("import", "netbox", source, "-o", out, "--force", names=[source])
    if code != 2:
        for written in sorted(out.rglob("*.yaml")):
            yaml.safe_load(written.read_text(encoding="utf-8"))
        sites = sorted(out.glob("*.yaml"))
        if sites:
            cli("validate", out, names=[out])


# ------------------------------------------------------------------ DXF drawings
def _drawing() -> bytes:
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 6
    doc.layers.add("ROOMS")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (8, 0), (8, 10), (0, 10)], close=True, dxfattribs={"layer": "ROOMS"})
    msp.add_text("Meeting room", dxfattribs={"layer": "ROOMS", "insert": (4, 5)})
    msp.add_lwpolyline([(8, 0), (20, 0), (20, 10), (8, 10)], close=True, dxfattribs={"layer": "ROOMS"})
    msp.add_mtext("Open office", dxfattribs={"layer": "ROOMS", "insert": (14, 5)})
    msp.add_polyline2d([(0, 10), (5, 10), (5, 14), (0, 14)], close=True, dxfattribs={"layer": "ROOMS"})
    msp.add_lwpolyline([(1, 1), (2, 1), (2, 2)], close=True, dxfattribs={"layer": "ROOMS"})
    text = io.StringIO()
    doc.write(text)
    return text.getvalue().encode()


DXF = _drawing()
DXF_VALUES = [b"1e308", b"-1e308", b"nan", b"inf", b"-1", b"0", b"99999999999999999999", b"", b"x", b"ROOMS",
              b"LWPOLYLINE", b"EOF", b"SECTION", b"ENDSEC", b"3", b"\xff\xfe", "\u0416".encode()]


@st.composite
def mutated_dxf(draw):
    lines = DXF.split(b"\n")
    # change a value of an entity (not the header's long boilerplate): the lines after ENTITIES
    start = lines.index(b"ENTITIES")
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(start, len(lines) - 1))
        op = draw(st.sampled_from(["value", "value", "delete", "pair", "repeat", "code"]))
        if op == "value":
            lines[k] = draw(st.sampled_from(DXF_VALUES))
        elif op == "delete":
            del lines[k]
        elif op == "pair":
            del lines[k:k + 2]
        elif op == "repeat":
            lines[k:k] = lines[k:k + draw(st.integers(1, 20))]
        else:
            lines[k] = str(draw(st.sampled_from([0, 8, 10, 20, 70, 90, 1, 999, -5, 100000]))).encode()
    return draw(mutated_bytes(b"\n".join(lines), rounds=(0, 1)))


@given(case=mutated_dxf(), units=st.sampled_from([None, "mm", "m", "ft"]))
def test_mutated_dxf_drawings_import_or_are_refused_cleanly(tmp_path_factory, case, units):
    where = tmp_path_factory.mktemp("dxf")
    source, out = where / "plan.dxf", where / "rooms.yaml"
    source.write_bytes(case)
    code, _, _ = cli("import", "dxf", source, "--floor", "1", "-o", out, "--force",
                     *(["--units", units] if units else []), names=[source])
    if code != 2:
        readable_yaml(out)


# ------------------------------------------------------------------ cabling fmt over mutated sites
@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory):
    where = tmp_path_factory.mktemp("fmt-fuzz")
    shutil.copytree(ROOT / "tests" / "data" / "fuzz" / "lab-models", where / "lab-models")
    return where


@given(case=st.one_of(mutated(), mutated_data()))
def test_fmt_formats_mutated_sites_or_refuses_them_cleanly(fuzz_folder, case):
    name, data = case
    path = fuzz_folder / name
    path.write_bytes(data)
    code, _, err = cli("fmt", "--check", path, names=[path])
    assert path.read_bytes() == data  # --check writes nothing
    assert "a bug in cabling fmt" not in err
    code, _, err = cli("fmt", path, names=[path])
    assert "a bug in cabling fmt" not in err
    if code == 0:
        text = path.read_text(encoding="utf-8")
        assert format_text(text, name) == text  # a second run changes nothing
    else:
        assert path.read_bytes() == data  # a file fmt cannot read is left as it was


# ------------------------------------------------------------------ what the long run found
def test_a_journal_cell_with_a_range_is_rejected_not_expanded(tmp_path):
    rows = [list(r) for r in CSV_ROWS]
    rows[1][1] = "[1-999999]"  # an outlet: a site file would read it as 999,999 outlets
    source, out = tmp_path / "journal.csv", tmp_path / "site.yaml"
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    source.write_text(text.getvalue(), encoding="utf-8")
    code, report, err = cli("import", "journal", source, "-o", out, names=[source])
    assert code == 1 and "row 2: outlet '[1-999999]' holds a range in [ ]" in report + err
    assert "999999" not in out.read_text(encoding="utf-8")


def test_a_dxf_vertex_without_coordinates_is_a_clear_error(tmp_path):
    lines = DXF.split(b"\n")
    at = lines.index(b"VERTEX")
    while lines[at].strip() != b"10":  # the first vertex's x and y: group codes 10 and 20 with their values
        at += 1
    del lines[at:at + 4]
    source = tmp_path / "plan.dxf"
    source.write_bytes(b"\n".join(lines))
    code, _, err = cli("import", "dxf", source, "--floor", "1", "-o", tmp_path / "rooms.yaml", names=[source])
    assert code == 2 and "has a vertex without coordinates" in err

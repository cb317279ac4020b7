"""Cable journals: ``cabling import journal`` and ``cabling export journal`` (cabling/journal/).

The sample journal in sites/journal/ (made by sites/journal/make_journal.py) is
read as a user reads it; small journals are written here in each encoding and
layout a spreadsheet program produces; the example sites go out to XLSX and CSV
and come back as the same cabling graph.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from cabling.analysis.trace import trace
from cabling.cli import main
from cabling.journal import shorthand as sh
from cabling.journal.build import build
from cabling.journal.columns import MappingError, parse_map, recognise
from cabling.journal.reader import JournalReadError, read
from cabling.journal.writer import HEADERS, journal_rows, to_xlsx
from cabling.readers.loader import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sites" / "journal"
KAZAN, OFFICE = ROOT / "sites" / "kazan.yaml", ROOT / "sites" / "office.yaml"


# ------------------------------------------------------------------ shorthand

@pytest.mark.parametrize("cell, panel, port", [
    ("PP2-17", "PP2", "17"), ("PP-2/17", "PP-2", "17"), ("PP-2:17", "PP-2", "17"), ("PP-2 17", "PP-2", "17"),
    ("PP-2-17", "PP-2", "17"), ("PP-2 порт 17", "PP-2", "17"), ("ПП2-17", "ПП2", "17"), ("PP-2/07", "PP-2", "7"),
])
def test_panel_and_port_in_one_cell(cell, panel, port):
    assert sh.panel_port(cell) == (panel, port)


@pytest.mark.parametrize("cell, port", [
    ("Gi1/0/17", "Gi1/0/17"), ("gi 1/0/17", "Gi1/0/17"), ("GigabitEthernet1/0/17", "Gi1/0/17"),
    ("17", "Gi1/0/17"), (17, "Gi1/0/17"), (17.0, "Gi1/0/17"), ("Te1/1/2", "Te1/1/2"), ("ge-0/0/1", "ge-0/0/1"),
])
def test_switch_ports(cell, port):
    assert sh.switch_port(cell) == port


def test_switch_and_port_in_one_cell():
    assert sh.switch_and_port("SW-3B-1 Gi1/0/5") == ("SW-3B-1", "Gi1/0/5")
    assert sh.switch_and_port("SW1:Gi1/0/17") == ("SW1", "Gi1/0/17")
    assert sh.switch_and_port("SW1 7") == ("SW1", "Gi1/0/7")
    with pytest.raises(sh.ShorthandError):
        sh.switch_and_port("SW1")


@pytest.mark.parametrize("cell, room, floor", [
    ("2.14", "2.14", "2"), (2.14, "2.14", "2"), ("каб. 3.01", "3.01", "3"), ("-1.05", "-1.05", "-1"),
    ("Бухгалтерия", "Бухгалтерия", None), ("Серверная 3.10", "Серверная 3.10", None),
])
def test_rooms(cell, room, floor):
    assert sh.room(cell) == (room, floor)


@pytest.mark.parametrize("cell, metres", [
    ("35,5 м", 35.5), ("35.5m", 35.5), ("35", 35), (" 42 м.", 42), (28.0, 28), ("3550 см", 35.5), ("19,0", 19),
    ("100 ft", 30.48),
])
def test_lengths(cell, metres):
    assert sh.length(cell) == metres


@pytest.mark.parametrize("cell", ["??", "0", "-3 м", "длинный", "35 km"])
def test_bad_lengths_say_why(cell):
    with pytest.raises(sh.ShorthandError, match="length"):
        sh.length(cell)


@pytest.mark.parametrize("cell, cat", [
    ("cat6", "cat6"), ("Cat 6", "cat6"), ("кат. 6", "cat6"), ("6", "cat6"), ("5e", "cat5e"), ("5е", "cat5e"),
    ("6A", "cat6a"), ("Cat.6a", "cat6a"), ("Категория 5e", "cat5e"), ("OM3", "om3"),
])
def test_categories(cell, cat):
    assert sh.category(cell) == cat


@pytest.mark.parametrize("cell, day", [
    ("14.03.2023", "2023-03-14"), ("2023-03-14", "2023-03-14"), ("14/03/23", "2023-03-14"),
    (dt.datetime(2023, 3, 14), "2023-03-14"), ("1.3.2023 г.", "2023-03-01"),
])
def test_test_dates(cell, day):
    assert sh.test_date(cell) == day


def test_impossible_dates_are_refused():
    with pytest.raises(sh.ShorthandError, match="not a day"):
        sh.test_date("31.02.2023")


@pytest.mark.parametrize("cell, result", [
    ("PASS", "pass"), ("годен", "pass"), ("Норма", "pass"), ("+", "pass"), ("FAIL", "fail"), ("не годен", "fail"),
    ("Брак", "fail"), ("-", "fail"),
])
def test_test_results(cell, result):
    assert sh.test_result(cell) == result


@pytest.mark.parametrize("cell, status", [
    ("работает", "installed"), ("в работе", "installed"), ("обрыв", "faulty"), ("Неисправна", "faulty"),
    ("проект", "planned"), ("demontированная", None), ("демонтирована", "decommissioned"), ("planned", "planned"),
])
def test_statuses(cell, status):
    if status is None:
        with pytest.raises(sh.ShorthandError):
            sh.status(cell)
    else:
        assert sh.status(cell) == status


def test_outlet_with_its_jack():
    assert sh.outlet("3B-004/2") == ("3B-004", "2")
    assert sh.outlet("3B-004") == ("3B-004", None)


# ------------------------------------------------------------------ columns

def test_bilingual_headers_and_bare_port_columns():
    cols = recognise(["№ п/п", "Розетка / Outlet", "Помещение", "Patch panel", "Порт", "Коммутатор", "Port",
                      "Длина, м", "Длина патч-корда", "Категория", "Телефон", "Дата теста", "Результат"])
    assert cols.used() == [
        ("Розетка / Outlet", "outlet"), ("Помещение", "room"), ("Patch panel", "panel"), ("Порт", "panel_port"),
        ("Коммутатор", "switch"), ("Port", "switch_port"), ("Длина, м", "length"),
        ("Длина патч-корда", "patch_length"), ("Категория", "category"), ("Телефон", "device"),
        ("Дата теста", "test_date"), ("Результат", "test_result")]
    assert cols.unused == ["№ п/п"]


def test_every_export_header_is_recognised_as_its_field():
    cols = recognise(list(HEADERS.values()))
    assert cols.used() == list(zip(HEADERS.values(), HEADERS.keys()))


def test_map_overrides_recognition():
    mapping = parse_map(["outlet=Точка подключения", "room=Где"])
    cols = recognise(["Где", "Точка подключения", "Розетка"], mapping)
    assert cols.used()[:2] == [("Где", "room"), ("Точка подключения", "outlet")]
    with pytest.raises(MappingError, match="did you mean outlet"):
        parse_map(["outlt=X"])
    with pytest.raises(MappingError, match="FIELD=HEADER"):
        parse_map(["outlet"])


# ------------------------------------------------------------------ reading: encodings, merged cells

TABLE = [
    ["Розетка", "Кабинет", "Панель", "Порт", "Коммутатор", "Порт", "Длина, м", "Категория"],
    ["2A-001", "2.14", "PP-2A-A", "1", "SW-2A-1", "Gi1/0/1", "35,5", "6"],
    ["2A-002", "", "", "2", "", "2", "36,5 м", ""],
    ["2A-003", "Бухгалтерия", "", "3", "", "Gi1/0/3", "40", ""],
]


def rows_of(sheets):
    return [(s.name, n, {k: sh.text(v) or None for k, v in values.items()}) for s in sheets for n, values in s.rows]


def expected_rows(name):
    fields = ["outlet", "room", "panel", "panel_port", "switch", "switch_port", "length", "category"]
    out = []
    for i, row in enumerate(TABLE[1:], start=2):
        values = dict(zip(fields, [v or None for v in row]))
        out.append((name, i, values))
    for _, _, v in out[1:]:  # filled down from the row above: room, panel, switch, category
        for f in ("panel", "switch", "category"):
            v[f] = out[0][2][f]
    out[1][2]["room"] = "2.14"
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_in_every_encoding_and_delimiter_reads_the_same(tmp_path, encoding, delimiter):
    path = tmp_path / "j.csv"
    quote = (lambda v: f'"{v}"' if delimiter in v else v)
    path.write_bytes("\r\n".join(delimiter.join(quote(v) for v in row) for row in TABLE).encode(encoding))
    (sheet,) = read(path)
    assert sheet.encoding == encoding
    assert sheet.delimiter == delimiter
    assert rows_of([sheet]) == expected_rows("j")
    result = build([sheet], "t")
    assert result.clean and result.used == 3
    assert "length: [35.5, 36.5, 40]" in result.text


def test_xlsx_title_rows_and_merged_cells(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Кабельный журнал, этаж 2"])
    ws.merge_cells("A1:H1")
    ws.append([])
    for row in TABLE:
        ws.append([float(v.replace(",", ".")) if i == 6 and v and v[-1].isdigit() else (v or None)
                   for i, v in enumerate(row)])
    ws.merge_cells("C4:C6")  # the panel in one merged block
    ws.merge_cells("E4:E6")  # the switch too
    path = tmp_path / "j.xlsx"
    wb.save(path)
    (sheet,) = read(path)
    assert sheet.header_row == 3 and sheet.title == "Кабельный журнал, этаж 2"
    assert sheet.merged == 7 + 2 + 2
    got = rows_of([sheet])
    assert [v["panel"] for _, _, v in got] == ["PP-2A-A"] * 3
    assert [v["switch"] for _, _, v in got] == ["SW-2A-1"] * 3
    assert [n for _, n, _ in got] == [4, 5, 6]  # the spreadsheet's own row numbers
    assert sheet.filled == {"room": 1, "category": 2}  # merged cells are not "filled down"


def test_a_panel_written_once_is_not_filled_into_rows_without_a_port(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("Outlet;Panel;Port\n1;PP1;1\n2;;\n3;;3\n", encoding="utf-8")
    (sheet,) = read(path)
    assert [v.get("panel") for _, v in sheet.rows] == ["PP1", None, "PP1"]


def test_unreadable_files_are_input_errors(tmp_path):
    with pytest.raises(JournalReadError, match="no such file"):
        read(tmp_path / "none.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(JournalReadError, match="not a readable XLSX"):
        read(bad)
    wb = Workbook()
    wb.save(tmp_path / "ok.xlsx")
    with pytest.raises(JournalReadError, match="no sheet 'Shet'.*did you mean Sheet"):
        read(tmp_path / "ok.xlsx", sheet="Shet")


# ------------------------------------------------------------------ the sample journal and its report

def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_sample_journal_imports_to_the_site_beside_it(tmp_path, capsys):
    out = tmp_path / "kazan-journal.yaml"
    code, report, err = run(capsys, "import", "journal", SAMPLE / "kazan-journal.xlsx", "-o", out)
    assert code == 1  # rows were rejected and a port was claimed twice, but the site is written
    assert out.read_text(encoding="utf-8") == (SAMPLE / "kazan-journal.yaml").read_text(encoding="utf-8")
    inv = load([out])
    assert inv.counts()["devices"] == 40 and not inv.warnings
    lines = report.splitlines()
    assert "rows: 33 read, 29 used, 4 rejected" in lines
    rejected = [x.strip() for x in lines if x.strip().startswith("rejected:")]
    assert rejected == [
        "rejected: Крыло А, row 21: column 'Длина, м': length '??' is not a length in metres (e.g. 35,5 м)",
        "rejected: Крыло А, row 24: switch port Gi1/0/55 of SW-3A-1: cabling's switches have Gi1/0/1..48 and "
        "Te1/1/1..4; add the switch to a --site file with its model",
        "rejected: Крыло А, row 26: column 'Дата теста': test date '31.02.2023' is not a day of the calendar",
        "rejected: Крыло А, row 29: no outlet (the row gives only 'Кроссовая', 'Помещение', 'Patch panel', "
        "'Порт', 'Коммутатор', 'Port', 'Длина, м', 'Категория', 'Примечание')",
    ]
    conflicts = [x.strip() for x in lines if x.strip().startswith("conflict:")]
    assert len(conflicts) == 2 and all("PP1 port 12" in c and "row 16 (outlet 3A-012" in c
                                       and "row 17 (outlet 3A-013" in c for c in conflicts)
    assert "  columns: 'Кроссовая' -> space, 'Розетка / Outlet' -> outlet, 'Помещение' -> room" in report
    assert "sheet Заметки: skipped" in report
    # neither outlet lost its claim silently: 3A-012 keeps port 12, 3A-013 exists with no cable
    site = inv.sites["kazan-journal"]
    assert site.devices["PP1"].port("R12", "rear").cable.a[0].device.id == "3A-012"
    assert site.devices["3A-013"].port("R1", "rear").cable is None
    assert "3A-017" not in site.devices and "3A-020" not in site.devices  # their rows were rejected
    # shorthand and merged cells made it through: Cyrillic rooms, comma lengths, dual outlet, tests
    assert site.devices["3B-001"].room.id == "Бухгалтерия"
    assert site.cables["H-3A-001"].length == 35.5 and site.cables["H-3A-001"].test == {"date": "2023-03-14",
                                                                                        "result": "pass"}
    assert site.cables["H-3A-009"].test["result"] == "fail"
    assert site.devices["3B-004"].model.slug == "cabling-outlet-2"
    assert site.cables["H-3B-005"].status == "faulty" and site.cables["H-3B-007"].status == "planned"
    assert site.devices["SW-3A-1"].port("Gi1/0/14").cable is not None  # '14' in the Port column


def test_sample_csv_in_cp1251_is_the_workbooks_second_sheet(tmp_path):
    from_csv = build(read(SAMPLE / "kazan-journal-b.csv"), "b")
    from_sheet = build(read(SAMPLE / "kazan-journal.xlsx", sheet="Крыло Б"), "b")
    assert from_csv.sheets[0].encoding == "cp1251" and from_csv.sheets[0].delimiter == ";"
    assert from_csv.clean and from_sheet.clean and from_csv.used == 8
    body = lambda text: text.split("\n", 2)[2]  # past the comment naming the source file
    assert body(from_csv.text) == body(from_sheet.text)


def test_sample_files_are_what_the_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_journal", SAMPLE / "make_journal.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.main(tmp_path)
    assert (tmp_path / "kazan-journal-b.csv").read_bytes() == (SAMPLE / "kazan-journal-b.csv").read_bytes()
    made, kept = load_workbook(tmp_path / "kazan-journal.xlsx"), load_workbook(SAMPLE / "kazan-journal.xlsx")
    assert made.sheetnames == kept.sheetnames == ["Крыло А", "Крыло Б", "Заметки"]
    for name in made.sheetnames:
        a, b = made[name], kept[name]
        assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
    assert sorted(map(str, kept["Крыло А"].merged_cells.ranges)) == ["A1:N1", "B5:B29", "E5:E29", "G5:G29"]


# ------------------------------------------------------------------ conflicts, --site, CLI behaviour

def test_two_outlets_on_one_panel_port_are_a_conflict_not_a_choice(tmp_path, capsys):
    j = tmp_path / "j.csv"
    j.write_text("Outlet,Panel port\nA-1,PP1-5\nA-2,PP1-5\nA-3,PP1-6\n", encoding="utf-8")
    code, report, _ = run(capsys, "import", "journal", j, "-o", tmp_path / "s.yaml")
    assert code == 1
    assert ("conflict: PP1 port 5 (rear) is claimed twice: j, row 2 (outlet A-1, horizontal cable) and j, row 3 "
            "(outlet A-2, horizontal cable); j, row 3's horizontal cable is left out") in report
    site = load([tmp_path / "s.yaml"]).sites["j"]
    assert site.devices["A-2"].port("R1", "rear").cable is None and "A-2" in site.devices


def test_site_option_adds_to_an_existing_site(tmp_path, capsys):
    existing = tmp_path / "hq.yaml"
    existing.write_text(
        "site: {id: hq}\n"
        "telecom_spaces: [{id: 1A}]\nracks: [{id: R1, space: 1A}]\n"
        "devices:\n  - {id: PP-1, model: cabling-cat6-panel-48, rack: R1}\n"
        "  - {id: '1A-[001-002]', model: cabling-outlet-1}\n"
        "cables:\n  - {id: 'H-[1-2]', a: '1A-[001-002]:R1', b: 'PP-1:R[1-2]'}\n", encoding="utf-8")
    j = tmp_path / "new.csv"
    j.write_text("Розетка;Панель;Порт;Длина\n1A-003;PP-1;2;30\n1A-004;PP-1;40;31,5\n", encoding="cp1251")
    out = tmp_path / "hq-journal.yaml"
    code, report, _ = run(capsys, "import", "journal", j, "--site", existing, "-o", out)
    assert code == 1
    assert "PP-1 port 2 (rear), which cable H-2 of the --site file already uses" in report
    text = out.read_text(encoding="utf-8")
    assert "site: hq" in text and "PP-1" not in text.split("cables:")[0]  # the existing panel is not written again
    inv = load([existing, out])
    assert inv.sites["hq"].devices["PP-1"].port("R40", "rear").cable.a[0].device.id == "1A-004"


def test_no_overwrite_without_force_and_unusable_input(tmp_path, capsys):
    out = tmp_path / "s.yaml"
    out.write_text("keep me", encoding="utf-8")
    j = tmp_path / "j.csv"
    j.write_text("Outlet,Room\nA-1,1.01\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "journal", j, "-o", out)
    assert code == 2 and "pass --force" in err and out.read_text() == "keep me"
    assert run(capsys, "import", "journal", j, "-o", out, "--force")[0] == 0
    assert "A-1" in out.read_text()
    blank = tmp_path / "blank.csv"
    blank.write_text("what;ever\n1;2\n", encoding="utf-8")
    code, report, err = run(capsys, "import", "journal", blank, "-o", tmp_path / "b.yaml")
    assert code == 2 and "skipped, no header row with an outlet column" in report
    assert not (tmp_path / "b.yaml").exists()
    code, _, err = run(capsys, "import", "journal", j, "-o", tmp_path / "c.yaml", "--map", "outlt=Outlet")
    assert code == 2 and "did you mean outlet" in err


# ------------------------------------------------------------------ export and the round trip

def signature(inv):
    """The cabling graph without cable ids: ports, cables by their ends, and every outlet jack's traces."""
    def cable_key(c):
        return (tuple(sorted(inv.ref(p) for p in c.a + c.b)), c.type, c.length, c.status, c.label,
                tuple(sorted((c.test or {}).items())))

    ports = {(inv.ref(p), p.kind) for p in inv.ports()}
    cables = {cable_key(c) for c in inv.cables()}
    traces = {}
    for d in inv.devices():
        if d.role == "outlet":
            for p in d.ports:
                traces[inv.ref(p)] = [(path.direction, path.complete, path.active, [
                    tuple(cable_key(c) for c in s.items) if s.kind == "cables" else tuple(inv.ref(x) for x in s.items)
                    for s in path.steps]) for path in trace(p)]
    return ports, cables, traces


def journal_devices(inv) -> set[str]:
    """What a journal holds: the outlets and every device on their traces (not a router behind the switch)."""
    kept = set()
    for d in inv.devices():
        if d.role == "outlet":
            kept.add(d.id)
            for p in d.ports:
                for path in trace(p):
                    kept.update(x.device.id for s in path.steps if s.kind == "ports" for x in s.items)
    return kept


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("site", [KAZAN, OFFICE], ids=["kazan", "office"])
def test_export_then_import_gives_back_the_same_cabling_graph(site, fmt, tmp_path, capsys):
    out = tmp_path / f"journal.{fmt}"
    assert run(capsys, "export", "journal", site, "-o", out)[0] == 0
    back = tmp_path / "back.yaml"
    code, report, _ = run(capsys, "import", "journal", out, "-o", back)
    assert code == 0, report
    before, after = load([site]), load([back])
    (ports, cables, traces), (ports2, cables2, traces2) = signature(before), signature(after)
    assert traces2 == traces  # every outlet jack, both directions, cable by cable
    if site == KAZAN:  # kazan is all journal: the whole graph comes back
        assert (ports2, cables2) == (ports, cables)
    else:  # office also has a router, UPS, PDU and PCs behind phones, which a journal does not hold
        kept = journal_devices(before)
        assert "RTR-1A-1" not in kept and "PC-1A-001" not in kept and "PH-1A-001" in kept
        assert ports2 == {p for p in ports if p[0].rsplit(":", 1)[0] in kept}
        assert cables2 == {c for c in cables if all(ref.rsplit(":", 1)[0] in kept for ref in c[0])}
    assert len(signature(after)[2]) >= 24


def test_xlsx_export_cell_by_cell(tmp_path, capsys):
    out = tmp_path / "kazan.xlsx"
    code, _, err = run(capsys, "export", "journal", KAZAN, "-o", out)
    assert code == 0 and "24 outlet jacks in 1 telecom space sheet(s) and a summary" in err
    wb = load_workbook(out)
    assert wb.sheetnames == ["2A", "Summary"]
    ws = wb["2A"]
    header = [c.value for c in ws[1]]
    assert header == ["Telecom space", "Floor", "Room", "Room name", "Outlet", "Jack", "Label", "Patch panel",
                      "Panel port", "Length, m", "Switch", "Switch port", "Patch cord length, m", "Device",
                      "Device model", "Device port", "Cord length, m", "Category", "Status"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 24
    assert rows[0] == ["2A", "2", "2-OPEN", "Open office", "2A-001", "1", "2A-A01", "PP-2A-A", "1", 35, "SW-2A-1",
                       "Gi1/0/1", 1.5, None, None, None, None, "cat6", "installed"]
    assert rows[16] == ["2A", "2", "2-OPEN", "Open office", "2A-017", "1", "2A-A17", "PP-2A-A", "17", 35, "SW-2A-1",
                        "Gi1/0/17", 1.5, "PH-2A-017", "cabling-ip-phone", "LAN", 3, "cat6", "installed"]
    assert [r[4] for r in rows] == [f"2A-{n:03d}" for n in range(1, 25)]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:S25"
    assert ws.column_dimensions["O"].width == len("cabling-ip-phone") + 2
    assert all(c.font.bold for c in ws[1])
    summary = [[c.value for c in r] for r in wb["Summary"].iter_rows()]
    assert summary[0][:8] == ["Telecom space", "Jacks", "Jacks cabled", "Jacks in service", "Panels",
                              "Panel ports", "Panel ports cabled", "Panel use, %"]
    assert summary[1][:8] == ["2A", 24, 24, 24, 1, 24, 24, 100]
    assert summary[2][0] == "Total" and summary[2][1:8] == summary[1][1:8]


def test_export_walks_the_floor_and_records_tests(tmp_path):
    site = tmp_path / "s.yaml"
    site.write_text(
        "site: {id: s}\nfloors: [{id: '1', level: 0}, {id: '2', level: 1}]\n"
        "rooms: [{id: 2.10, floor: '2'}, {id: 2.9, floor: '2'}, {id: 1.1, floor: '1'}]\n"
        "telecom_spaces: [{id: 1A}]\nracks: [{id: R, space: 1A}]\n"
        "devices:\n  - {id: PP, model: cabling-cat6-panel-24, rack: R}\n"
        "  - {id: O-10, model: cabling-outlet-2, room: 2.9}\n  - {id: O-9, model: cabling-outlet-1, room: 2.9}\n"
        "  - {id: O-1, model: cabling-outlet-1, room: 2.10}\n  - {id: O-2, model: cabling-outlet-1, room: 1.1}\n"
        "cables:\n  - {id: H1, a: 'O-10:R2', b: 'PP:R1', test: {date: 2024-05-06, result: fail}}\n",
        encoding="utf-8")
    export = journal_rows(load([site]))
    assert [(r["room"], r["outlet"], r["jack"]) for r in export.rows] == [
        ("1.1", "O-2", "1"), ("2.9", "O-9", "1"), ("2.9", "O-10", "1"), ("2.9", "O-10", "2"), ("2.10", "O-1", "1")]
    assert export.rows[3]["test_date"] == dt.date(2024, 5, 6) and export.rows[3]["test_result"] == "fail"
    wb = load_workbook(__import__("io").BytesIO(to_xlsx(export)))
    assert wb.sheetnames == ["1A", "No telecom space", "Summary"]
    ws = wb["1A"]
    row = [c.value for c in ws[2]]
    header = [c.value for c in ws[1]]
    assert row[header.index("Test date")] == dt.datetime(2024, 5, 6)
    assert row[header.index("Test result")] == "fail"


def test_a_rejected_row_leaves_no_half_made_devices(tmp_path, capsys):
    j = tmp_path / "j.csv"
    j.write_text("Outlet,Room,Panel port,Switch port,Phone\nA-1,1.01,PP1-1,SW1 1,\n"
                 "A-1,1.02,PP9-2,SW9 2,PH-9\nA-2,1.01,PP1-2,SW1 60,\n", encoding="utf-8")
    code, report, _ = run(capsys, "import", "journal", j, "-o", tmp_path / "s.yaml")
    assert code == 1
    assert "rejected: j, row 3: outlet A-1 is in room 1.02 here but in 1.01 at j, row 2" in report
    assert "rejected: j, row 4: switch port Gi1/0/60 of SW1" in report
    site = load([tmp_path / "s.yaml"]).sites["j"]
    assert set(site.devices) == {"A-1", "PP1", "SW1"}  # no PP9, SW9, PH-9 or A-2 from the rejected rows
    assert site.devices["PP1"].model.slug == "cabling-cat6-panel-24"

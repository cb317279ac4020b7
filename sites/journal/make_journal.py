"""Write the sample cable journal of this folder, as a branch keeps one: messy on purpose.

    python sites/journal/make_journal.py            # writes kazan-journal.xlsx and kazan-journal-b.csv here

``kazan-journal.xlsx`` is the journal of floor 3 of a Kazan branch, two wings:

* sheet ``Крыло А`` (wing A, telecom space 3A): a merged title row and a note
  above the header; bilingual headers (``Розетка / Outlet``, ``Patch panel``,
  ``Порт``, ``Коммутатор``, ``Port``, ``Длина, м``, ...); the panel and the switch
  in merged cells down their rows; rooms (``3.01`` = room 1 on floor 3) and the
  category written once for a block; lengths as ``35,5 м``, ``28 m`` or numbers;
  switch ports as ``Gi1/0/7`` or ``7``; test dates as dates or ``14.03.2023``;
  results as ``годен``, ``PASS``, ``не годен``; phones by extension number;
  and a few bad rows (an unreadable length, a row without its outlet, a switch
  port no catalogue switch has, a date that is no day, a panel port two outlets
  claim);
* sheet ``Крыло Б`` (wing B, space 3B): English headers, panel and port in one
  cell (``PP-2/5``), switch and port in one cell (``SW-3B-1 Gi1/0/5``), rooms with
  Cyrillic names, a dual outlet (``3B-004/1``, ``3B-004/2``), statuses;
* sheet ``Заметки``: free text, no table (skipped on import).

``kazan-journal-b.csv`` is wing B again as Excel saves "CSV (разделители - точка с
запятой)" on Russian Windows: cp1251, semicolons, comma decimals, Russian headers.

``kazan-journal.yaml`` beside them is what ``cabling import journal`` makes of the
workbook (tests/test_journal.py holds it equal, and holds these files equal to
what this script writes).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TITLE = "Кабельный журнал СКС — филиал Казань, ул. Баумана 12, 3 этаж"
NOTE = "Составил: Иванов И. И.; обновлено 14.03.2023"
HEADER_A = ["№ п/п", "Кроссовая", "Розетка / Outlet", "Помещение", "Patch panel", "Порт", "Коммутатор", "Port", "Длина, м",
            "Категория", "Телефон", "Дата теста", "Результат", "Примечание"]


def wing_a() -> list[list]:
    """Rows of wing A: (outlet, room, port, switch port, length, phone, date, result, note); None = blank."""
    rooms = ["3.01"] * 6 + ["3.02"] * 6 + ["3.03"] * 6 + ["3.04"] * 6
    lengths = ["35,5 м", "36 м", "37,5 м", 39, "40,5 м", "28 m", 22, 23.5, "24,5", "26 м", "27,5 м", "29 м",
               "31 м", "32,5 м", 34, "35 m", "??", "38 м", "41 м", "42,5 м", 44, "45,5 м", "47 м", "48,5 м"]
    rows = []
    for n in range(1, 25):
        room = rooms[n - 1] if n == 1 or rooms[n - 1] != rooms[n - 2] else None  # written once per room
        port = n
        sport = f"Gi1/0/{n}" if n % 2 else str(n)
        date = dt.datetime(2023, 3, 14) if n <= 12 else "15.03.2023"
        result = "PASS" if n in (3, 4) else "годен"
        phone = str(3100 + n) if n % 3 == 0 else None
        note = None
        if n == 9:
            result, note = "не годен", "NEXT на паре 3-6, перезаделать"
        if n == 13:
            port = 12  # a typo in the journal: outlet 3A-013 is written on port 12, which 3A-012 has
        if n == 20:
            sport = "Gi1/0/55"
        if n == 22:
            date = "31.02.2023"
        rows.append([n, f"3A-{n:03d}", room, port, sport, lengths[n - 1], phone, date, result, note])
    return rows


WING_B = [  # outlet, room, panel/port, switch, length, category, status, date, test
    ("3B-001", "Бухгалтерия", "PP-2/1", "SW-3B-1 Gi1/0/1", "18,5", "Cat 6", "работает", "2022-11-02", "pass"),
    ("3B-002", "Бухгалтерия", "PP-2/2", "SW-3B-1 Gi1/0/2", "19,5", "Cat 6", "работает", "2022-11-02", "pass"),
    ("3B-003", "Бухгалтерия", "PP-2/3", "SW-3B-1 Gi1/0/3", "21", "Cat 6", "работает", "2022-11-02", "pass"),
    ("3B-004/1", "Переговорная", "PP-2/4", "SW-3B-1 Gi1/0/4", "25", "Cat 6", "работает", "2022-11-02", "pass"),
    ("3B-004/2", "Переговорная", "PP-2/5", "", "25", "Cat 6", "работает", "2022-11-02", "pass"),
    ("3B-005", "Переговорная", "PP-2/6", "SW-3B-1 Gi1/0/6", "27,5", "Cat 6A", "обрыв", "2022-11-02", "fail"),
    ("3B-006", "Серверная 3.10", "PP-2/7", "SW-3B-1 Gi1/0/7", "4,5", "Cat 6A", "работает", "", ""),
    ("3B-007", "Серверная 3.10", "PP-2/8", "", "5", "Cat 6A", "проект", "", ""),
]
HEADER_B = ["Telecom room", "Outlet", "Room", "Panel / port", "Switch / port", "Length (m)", "Cat.", "Status", "Test date", "Test"]
HEADER_B_RU = ["Кросс", "Розетка", "Кабинет", "Панель/порт", "Коммутатор/порт", "Длина, м", "Категория", "Состояние",
               "Дата теста", "Тест"]


def workbook():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Крыло А"
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER_A))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([NOTE])
    ws.append([])
    ws.append(HEADER_A)
    first = ws.max_row + 1
    for n, outlet, room, port, sport, length, phone, date, result, note in wing_a():
        category = "6" if n == 1 else None
        ws.append([n, "3A", outlet, room, "PP1", port, "SW-3A-1", sport, length, category, phone, date, result, note])
        if isinstance(date, dt.datetime):
            ws.cell(ws.max_row, 12).number_format = "DD.MM.YYYY"
    # a row with no outlet number (someone started a row and never finished it)
    ws.append([25, "3A", None, "3.04", "PP1", 25, "SW-3A-1", "Gi1/0/25", "12 м", None, None, None, None, "?"])
    last = ws.max_row
    for col in (2, 5, 7):  # telecom room, panel and switch written once, in a merged block
        ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
        ws.cell(first, col).alignment = Alignment(vertical="center")
    wb2 = wb.create_sheet("Крыло Б")
    wb2.append(HEADER_B)
    for outlet, room, pp, sw, length, cat, status, date, test in WING_B:
        wb2.append(["3B", outlet, room, pp, sw or None, float(length.replace(",", ".")), cat, status, date or None,
                    test or None])
    notes = wb.create_sheet("Заметки")
    notes.append(["Розетки 3B-008..3B-012 проложены в 2024 году, журнал не обновлён."])
    notes.append(["Спросить у подрядчика протоколы тестов крыла Б."])
    return wb


def csv_bytes() -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(HEADER_B_RU)
    for outlet, room, pp, sw, length, cat, status, date, test in WING_B:
        if date:
            y, m, d = date.split("-")
            date = f"{d}.{m}.{y}"
        w.writerow(["3B", outlet, room, pp, sw, length, cat, status, date, test])
    return buf.getvalue().encode("cp1251")


def main(folder: Path = HERE) -> None:
    import os

    wb = workbook()
    wb.properties.creator = "cabling sample"
    wb.properties.created = wb.properties.modified = dt.datetime(2023, 3, 14)
    xlsx = folder / "kazan-journal.xlsx"
    wb.save(xlsx)
    (folder / "kazan-journal-b.csv").write_bytes(csv_bytes())
    os.utime(xlsx)
    print(f"wrote {xlsx} and {folder / 'kazan-journal-b.csv'}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)

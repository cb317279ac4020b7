"""Read a cable journal's sheets: XLSX with openpyxl, CSV with the csv module's sniffer and pandas.

What a spreadsheet program writes is taken as it comes: every sheet of a
workbook (or the one named), title rows above the header, merged cells (each
cell of a merged block takes its value), blank cells under a value written once
for a block (a panel or a room written on the first of its rows: filled down);
CSV in UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), cp1251,
with commas, semicolons or tabs.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .columns import Columns, looks_like_header, normalise, recognise

HEADER_SEARCH_ROWS = 30
# Values a journal writes once for a block of rows; blanks below them are filled down.
BLOCK_FIELDS = ("space", "floor", "room", "room_name", "panel", "switch", "category")


class JournalReadError(ValueError):
    """The file cannot be read as a journal at all (the command exits 2)."""


@dataclass
class Sheet:
    name: str
    columns: Columns | None = None
    header_row: int | None = None  # 1-based, as the spreadsheet program numbers rows
    title: str | None = None  # the first line of text above the header
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, {field: value})
    filled: dict[str, int] = field(default_factory=dict)  # field -> cells filled down from above
    merged: int = 0  # cells that took the value of a merged block
    skipped: str | None = None  # why the sheet was not read (no header found)
    encoding: str | None = None
    delimiter: str | None = None


def read(path, sheet: str | None = None, mapping: dict[str, str] | None = None) -> list[Sheet]:
    """The sheets of a journal file (``.xlsx``/``.xlsm`` or ``.csv``/``.txt``/``.tsv``)."""
    path = Path(path)
    if not path.exists():
        raise JournalReadError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grids = _xlsx_grids(path, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        if sheet is not None:
            raise JournalReadError(f"{path}: --sheet is for workbooks; a CSV file has one table")
        grids = [_csv_grid(path)]
    elif suffix == ".xls":
        raise JournalReadError(f"{path}: the old .xls format is not read; save the workbook as .xlsx "
                               "(File > Save as) or as CSV")
    else:
        raise JournalReadError(f"{path}: not a journal file (give .xlsx or .csv)")
    return [_sheet(name, grid, merged, mapping, extra) for name, grid, merged, extra in grids]


# ------------------------------------------------------------------ XLSX

def _xlsx_grids(path: Path, only: str | None):
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise JournalReadError(f"{path}: not a readable XLSX workbook ({exc})") from None
    names = wb.sheetnames
    if only is not None:
        if only not in names:
            from ..diagnostics import did_you_mean

            raise JournalReadError(f"{path}: no sheet '{only}'{did_you_mean(only, names)}; "
                                   f"sheets: {', '.join(names)}")
        names = [only]
    out = []
    for name in names:
        ws = wb[name]
        grid = [[_clean(c) for c in row] for row in
                ws.iter_rows(min_row=1, min_col=1, max_row=max(ws.max_row, 1), max_col=max(ws.max_column, 1),
                             values_only=True)]
        merged = 0
        for rng in ws.merged_cells.ranges:
            value = grid[rng.min_row - 1][rng.min_col - 1]
            for r in range(rng.min_row - 1, rng.max_row):
                for c in range(rng.min_col - 1, rng.max_col):
                    if (r, c) != (rng.min_row - 1, rng.min_col - 1):
                        grid[r][c] = value
                        merged += 1
        out.append((name, grid, merged, {}))
    return out


def _clean(value):
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return value


# ------------------------------------------------------------------ CSV

def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1251 (Russian Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"  # a file cut short: its last byte replaced
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "cp1251"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:  # one column, or too irregular: the most frequent candidate
        counts = {d: sample.count(d) for d in ";\t,|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _csv_grid(path: Path):
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JournalReadError(f"{path}: cannot read ({exc.strerror})") from None
    if data.startswith(b"PK\x03\x04"):
        raise JournalReadError(f"{path}: this is an XLSX workbook; name it .xlsx")
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:  # a cell over the csv module's limit (128 KiB), say
        raise JournalReadError(f"{path}:{reader.line_num}: not a readable CSV table ({exc})") from None
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    grid = [[_clean(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return (path.stem, grid, 0, {"encoding": encoding, "delimiter": delimiter})


# ------------------------------------------------------------------ one sheet

def _sheet(name: str, grid: list[list], merged: int, mapping, extra) -> Sheet:
    sheet = Sheet(name=name, merged=merged, **extra)
    best, best_score = None, 1
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        score = looks_like_header(row, mapping)
        if score > best_score:
            best, best_score = i, score
    if best is None:
        sheet.skipped = "no header row with an outlet column found in its first rows"
        return sheet
    headers = grid[best]
    cols = recognise(headers, mapping)
    sheet.columns, sheet.header_row = cols, best + 1
    titles = [" ".join(dict.fromkeys(str(v) for v in row if v is not None)) for row in grid[:best]]
    sheet.title = next((t for t in titles if t), None)  # the first line above the header (a merged title: once)
    header_key = [normalise(h) for h in headers]
    records = []
    for i in range(best + 1, len(grid)):
        row = grid[i]
        if all(v is None for v in row) or [normalise(h) for h in row] == header_key:
            continue
        records.append((i + 1, {f: (row[c] if c < len(row) else None) for c, f in cols.fields.items()}))
    if not records:
        return sheet
    frame = pd.DataFrame([r for _, r in records], columns=list(cols.fields.values()), dtype=object)
    for f in BLOCK_FIELDS:
        if f not in frame.columns:
            continue
        port = {"panel": "panel_port", "switch": "switch_port"}.get(f)
        if port is not None and port not in frame.columns:
            continue  # the cell gives the port too: a blank is no port, not the one above
        filled = frame[f].ffill()
        take = frame[f].isna() & filled.notna()
        if port is not None:
            take &= frame[port].notna()  # a row with no port is not on the panel (or switch) above
        n = int(take.sum())
        if n:
            sheet.filled[f] = n
            frame.loc[take, f] = filled[take]
    for (rownum, _), values in zip(records, frame.to_dict("records")):
        sheet.rows.append((rownum, {k: (None if _missing(v) else v) for k, v in values.items()}))
    return sheet


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v)

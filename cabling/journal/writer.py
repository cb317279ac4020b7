"""Write sites back as a cable journal: a row per outlet jack with its whole path.

:func:`journal_rows` gives the rows (room, outlet, jack, panel port, switch
port, the device at the jack, each cable's length, the category, status and
last test), sorted as a technician walks the floor: floor, room, outlet, jack,
in natural order. :func:`to_xlsx` writes a sheet per telecom space (where the
jack's cable lands) and a summary of utilisation, with a frozen header,
filters and column widths; :func:`to_csv` writes the same rows in one table.
Both read back with ``cabling import journal`` to the same cabling graph.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
from dataclasses import dataclass, field

from ..choices import is_service_interface
from .order import natural_key

# field -> header; each header is recognised back by cabling.journal.columns
HEADERS = {
    "space": "Telecom space",
    "floor": "Floor",
    "room": "Room",
    "room_name": "Room name",
    "outlet": "Outlet",
    "jack": "Jack",
    "label": "Label",
    "panel": "Patch panel",
    "panel_port": "Panel port",
    "length": "Length, m",
    "switch": "Switch",
    "switch_port": "Switch port",
    "patch_length": "Patch cord length, m",
    "device": "Device",
    "device_model": "Device model",
    "device_port": "Device port",
    "cord_length": "Cord length, m",
    "category": "Category",
    "status": "Status",
    "test_date": "Test date",
    "test_result": "Test result",
    "description": "Note",
}
NO_SPACE = "No telecom space"
SUMMARY = "Summary"
SUMMARY_HEADERS = ["Telecom space", "Jacks", "Jacks cabled", "Jacks in service", "Panels", "Panel ports",
                   "Panel ports cabled", "Panel use, %", "Switches", "Switch ports", "Switch ports patched",
                   "Switch use, %"]


@dataclass
class Export:
    rows: list[dict] = field(default_factory=list)  # field -> value, in walking order
    notes: list[str] = field(default_factory=list)
    summary: list[list] = field(default_factory=list)  # SUMMARY_HEADERS rows, the total last


def _far(port):
    """The single port at the other end of a port's cable, or None."""
    c = port.cable if port is not None else None
    if c is None:
        return None, None
    far = c.far(port.end)
    return c, (far[0] if len(far) == 1 else None)


def _space_of(device) -> str | None:
    sp = device.space or (device.rack.space if device.rack is not None else None)
    return sp.id if sp is not None else None


def journal_rows(inventory) -> Export:
    """Every outlet jack of every loaded site as a journal row, in walking order."""
    out = Export()
    several = len(inventory.sites) > 1
    for site in sorted(inventory.sites.values(), key=lambda s: natural_key(s.id)):
        for dev in site.devices.values():
            if dev.role != "outlet":
                continue
            for jack in dev.ports:
                if jack.kind != "front":
                    continue
                out.rows.append(_row(inventory, site, dev, jack, out.notes, several))
    out.rows.sort(key=_walk)
    for row in out.rows:
        del row["_level"]
    out.summary = _summary(inventory, out.rows)
    return out


def _walk(row):
    return (row["_site"] if "_site" in row else "", row["_level"], natural_key(row["floor"]),
            natural_key(row["room"]), natural_key(row["outlet"]), natural_key(row["jack"]))


def _row(inventory, site, outlet, jack, notes, several) -> dict:
    room = outlet.room
    floor = room.floor if room is not None else None
    row = {f: None for f in HEADERS}
    row.update(floor=floor.id if floor else None, room=room.id if room else None,
               room_name=room.name if room else None, outlet=outlet.id, jack=jack.name,
               _level=(floor.level if floor is not None and floor.level is not None else 0))
    if several:
        row["_site"] = site.id
    rear = jack.rear[0][1] if jack.rear else None
    h, panel_rear = _far(rear)
    if h is not None:
        row.update(label=h.label, length=h.length, category=h.type, status=h.status, description=h.description)
        if h.test:
            row["test_result"] = h.test.get("result")
            if h.test.get("date"):
                row["test_date"] = _dt.date.fromisoformat(h.test["date"])
    if panel_rear is not None:
        panel = panel_rear.device
        row["panel"] = inventory.device_ref(panel)
        row["space"] = _space_of(panel)
        front = panel_rear.fronts.get(1, (None,))[0] if panel_rear.fronts else None
        if front is None or panel_rear.kind != "rear":
            notes.append(f"outlet {outlet.id} jack {jack.name}: its cable ends on {inventory.ref(panel_rear)}, "
                         "not on a panel's rear port; written without a panel port")
            row["panel"] = None
        else:
            row["panel_port"] = front.name
            p, sw = _far(front)
            if sw is not None:
                row.update(switch=inventory.device_ref(sw.device), switch_port=sw.name, patch_length=p.length)
                _check_cord(p, h, outlet, jack, notes)
                if row["space"] is None:
                    row["space"] = _space_of(sw.device)
    w, end = _far(jack)
    if end is not None and end.kind == "interface" and h is not None:
        _check_cord(w, h, outlet, jack, notes)
    if end is not None and end.kind == "interface":
        row.update(device=inventory.device_ref(end.device), device_model=end.device.model.slug,
                   device_port=end.name, cord_length=w.length)
        if row["category"] is None:
            row["category"] = w.type
    return row


def _check_cord(cord, h, outlet, jack, notes) -> None:
    """Note a cord whose status the journal's one status column (the horizontal cable's) cannot give back."""
    expected = "planned" if h.status == "planned" else "installed"
    if cord.status != expected:
        notes.append(f"outlet {outlet.id} jack {jack.name}: cord {cord.id} is {cord.status} and its horizontal "
                     f"cable {h.status}; the journal's status column gives the horizontal cable's")


def _summary(inventory, rows) -> list[list]:
    spaces = sorted({r["space"] for r in rows if r["space"]}, key=natural_key)
    per: dict[str | None, list] = {}
    for r in rows:
        s = per.setdefault(r["space"], [0, 0, 0])
        s[0] += 1
        s[1] += r["panel"] is not None
        s[2] += r["switch"] is not None and r["status"] == "installed"
    devices = list(inventory.devices())
    table = []
    totals = [0] * (len(SUMMARY_HEADERS) - 1)
    for space in spaces + ([None] if None in per else []):
        jacks, cabled, service = per.get(space, [0, 0, 0])
        panels = [d for d in devices if d.role == "patch-panel" and _space_of(d) == space]
        switches = [d for d in devices if d.role == "switch" and _space_of(d) == space]
        pports = [p for d in panels for p in d.ports if p.kind == "rear"]
        sports = [p for d in switches for p in d.ports if is_service_interface(p.template)]
        values = [jacks, cabled, service, len(panels), len(pports), sum(p.cable is not None for p in pports), None,
                  len(switches), len(sports), sum(p.cable is not None for p in sports), None]
        table.append([space or NO_SPACE] + _percentages(values))
        totals = [t + (v or 0) for t, v in zip(totals, values)]
    table.append(["Total"] + _percentages(totals))
    return table


def _percentages(v: list) -> list:
    v = list(v)
    v[6] = round(100 * v[5] / v[4], 1) if v[4] else None
    v[10] = round(100 * v[9] / v[8], 1) if v[8] else None
    return v


def _columns(rows) -> list[str]:
    """The fields to write: every field some row gives, and the ones the import needs to place a row."""
    return [f for f in HEADERS if f in ("space", "room", "outlet", "jack") or any(r[f] is not None for r in rows)]


def _cell(value):
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value


def to_csv(export: Export, delimiter: str = ",") -> bytes:
    """The rows as one CSV table, UTF-8 with a BOM (so spreadsheet programs see the Cyrillic)."""
    import pandas as pd

    cols = _columns(export.rows)
    frame = pd.DataFrame([[_csv(r[f]) for f in cols] for r in export.rows], columns=[HEADERS[f] for f in cols],
                         dtype=object)
    buf = io.StringIO()
    frame.to_csv(buf, index=False, sep=delimiter, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def _csv(value):
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return value.isoformat()
    return _cell(value)


def sheet_name(text: str, taken: set) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "Sheet"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base[:31 - len(str(n)) - 1]}~{n}"
    taken.add(name.lower())
    return name


def to_xlsx(export: Export) -> bytes:
    """A workbook: a sheet per telecom space, then the summary."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    cols = _columns(export.rows)
    groups: dict[str, list[dict]] = {}
    for r in export.rows:
        groups.setdefault(r["space"] or NO_SPACE, []).append(r)
    taken: set = set()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    order = sorted(groups, key=lambda s: (s == NO_SPACE, natural_key(s)))
    for space in order:
        ws = wb.create_sheet(sheet_name(space, taken))
        _table(ws, [HEADERS[f] for f in cols], [[_cell(r[f]) for f in cols] for r in groups[space]], bold, fill)
        for i, f in enumerate(cols, start=1):
            if f == "test_date":
                for (c,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    c.number_format = "yyyy-mm-dd"
    ws = wb.create_sheet(sheet_name(SUMMARY, taken))
    _table(ws, SUMMARY_HEADERS, export.summary, bold, fill)
    for c in ws[ws.max_row]:
        c.font = bold
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _table(ws, headers, rows, bold, fill) -> None:
    from openpyxl.utils import get_column_letter

    ws.append(headers)
    for c in ws[1]:
        c.font, c.fill = bold, fill
    for r in rows:
        ws.append(r)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"
    for i, h in enumerate(headers, start=1):
        values = [h] + [r[i - 1] for r in rows]
        width = max(len(v.isoformat() if isinstance(v, _dt.date) else str(v)) for v in values if v is not None)
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 6), 48)

"""From a journal's rows to a site file: devices sized to what the journal uses, cables in the bulk notation.

Each row is one outlet jack: its room, the panel port its horizontal cable lands
on, the switch port that panel port is patched to, the device at the jack, and
the cables' lengths, category, status and last test. Per row up to three cables:

* ``H-<outlet>`` horizontal: outlet rear ``R<jack>`` to panel rear ``R<port>``
  (label, length, category, status, test, note);
* ``P-<outlet>`` patch cord: panel front ``<port>`` to the switch port;
* ``W-<outlet>`` work-area cord: outlet jack to the device's port.

(``-<jack>`` follows the outlet where it has several jacks.) New devices get
cabling's catalogue models: outlets with 1, 2 or 4 jacks, Cat6 (Cat6a where the
journal says so) panels of 24 or 48 ports, PoE switches of 24 or 48 ports; a
``--site`` file's own devices keep theirs. A row that cannot be read is
rejected with its reason; a port two rows claim is a conflict: the first row
keeps it, the later row's cable is left out, and both rows are named.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..readers.devicetypes import default_library
from ..refs import has_pattern
from ..writers.bulkfold import fold_runs
from ..writers.flowyaml import entry, flow, scalar
from . import shorthand as sh
from .order import natural_key
from .reader import Sheet

OUTLET_MODELS = {1: "cabling-outlet-1", 2: "cabling-outlet-2", 4: "cabling-outlet-4"}
PANEL_SIZES = (24, 48)
SWITCH_MODELS = {24: "cabling-switch-24-poe", 48: "cabling-switch-48-poe"}
SWITCH_UPLINKS = {f"Te1/1/{n}" for n in range(1, 5)}
DEFAULT_SPACE = "TR"
# (words in a device's name, model), first match wins; used when the journal gives no model
DEVICE_GUESSES = [
    (r"^(ph|тлф|тел|phone|ip-?phone)\b|^ph-|телефон|^\d{2,6}$", "cabling-ip-phone"),
    (r"^(ap|wap|тд)\b|^ap-|access.?point|точка доступа|wi-?fi", "cabling-access-point"),
    (r"^(prn|pr|mfp|мфу)\b|^prn-|print|принтер|мфу", "cabling-printer"),
    (r"^(cam|ipc)\b|^cam-|camera|камера", "cabling-camera"),
    (r"^(pc|ws|пк|арм)\b|^pc-|компьютер|computer", "cabling-pc"),
]
DEFAULT_DEVICE_MODEL = "cabling-pc"


@dataclass
class Row:
    sheet: str
    number: int
    outlet: str
    jack: str = "1"
    jack_given: bool = False
    room: str | None = None
    floor: str | None = None
    room_name: str | None = None
    space: str | None = None
    panel: str | None = None
    panel_port: str | None = None
    length: float | None = None
    switch: str | None = None
    switch_port: str | None = None
    patch_length: float | None = None
    device: str | None = None
    device_model: str | None = None
    device_port: str | None = None
    cord_length: float | None = None
    category: str | None = None
    status: str = "installed"
    label: str | None = None
    test: dict | None = None
    description: str | None = None

    @property
    def where(self) -> str:
        return f"{self.sheet}, row {self.number}"


@dataclass
class Problem:
    sheet: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet}, row {self.row}: {self.reason}"


@dataclass
class Result:
    """What an import made and what it says about the journal."""

    text: str | None = None  # the site file, or None when nothing could be used
    site_id: str = ""
    sheets: list[Sheet] = field(default_factory=list)
    read: int = 0
    used: int = 0
    rejected: list[Problem] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.rejected and not self.conflicts


class RowError(ValueError):
    pass


# ------------------------------------------------------------------ rows

def _cell(values: dict, name: str):
    v = values.get(name)
    if isinstance(v, str) and not v.strip():
        return None
    return v


def parse_row(sheet: Sheet, number: int, values: dict) -> Row:
    """One journal row read into a :class:`Row`; :class:`RowError` with the reason when it cannot be."""
    headers = {f: sheet.columns.headers[i] for i, f in sheet.columns.fields.items()}

    def read(name, reader, value=None):
        value = _cell(values, name) if value is None else value
        if value is None:
            return None
        try:
            return reader(value)
        except sh.ShorthandError as exc:
            raise RowError(f"column '{headers.get(name, name)}': {exc}") from None

    raw_outlet = _cell(values, "outlet")
    if raw_outlet is None:
        given = [headers[f] for f in headers if _cell(values, f) is not None]
        raise RowError("no outlet (the row gives only " + ", ".join(f"'{h}'" for h in given) + ")")
    outlet, jack = read("outlet", sh.outlet)
    row = Row(sheet.name, number, outlet)
    jack_cell = read("jack", sh.port_number)
    if jack_cell is not None and jack is not None and jack_cell != jack:
        raise RowError(f"outlet '{sh.text(raw_outlet)}' names jack {jack} but the jack column says {jack_cell}")
    row.jack = jack_cell or jack or "1"
    row.jack_given = (jack_cell or jack) is not None
    if _cell(values, "room") is not None:
        row.room, row.floor = read("room", sh.room)
    floor = _cell(values, "floor")
    if floor is not None:
        row.floor = sh.text(floor)
    row.room_name = sh.text(_cell(values, "room_name")) or None
    row.space = sh.text(_cell(values, "space")) or None
    # device and port: two columns, or one cell with both ('PP2-17', 'SW1 Gi1/0/17')
    row.panel, row.panel_port = _with_port(values, read, "panel", sh.panel_port, sh.port_number)
    row.switch, row.switch_port = _with_port(values, read, "switch", sh.switch_and_port, sh.switch_port)
    if row.switch is not None and row.panel is None:
        raise RowError(f"switch port {row.switch} {row.switch_port} but no panel port: a patch cord needs the "
                       "panel port the outlet's cable lands on")
    row.length = read("length", sh.length)
    row.patch_length = read("patch_length", sh.length)
    row.cord_length = read("cord_length", sh.length)
    row.category = read("category", sh.category)
    row.status = read("status", sh.status) or "installed"
    row.label = sh.text(_cell(values, "label")) or None
    row.description = sh.text(_cell(values, "description")) or None
    row.device = sh.text(_cell(values, "device")) or None
    row.device_model = sh.text(_cell(values, "device_model")) or None
    row.device_port = sh.text(_cell(values, "device_port")) or None
    if (row.device_model or row.device_port) and not row.device:
        raise RowError("a device model or port but no device")
    result, date = read("test_result", sh.test_result), read("test_date", sh.test_date)
    if date is not None and result is None:
        raise RowError(f"test date {date} but no test result")
    if result is not None:
        row.test = {"date": date, "result": result} if date else {"result": result}
    if row.panel is None and (row.length is not None or row.label is not None or row.test is not None):
        what = "a length" if row.length is not None else "a label" if row.label is not None else "a test"
        raise RowError(f"{what} for the horizontal cable but no panel port it lands on")
    for field_name in ("outlet", "jack", "room", "floor", "space", "panel", "panel_port", "switch", "switch_port",
                       "label", "device", "device_port"):
        name = getattr(row, field_name)
        if isinstance(name, str) and has_pattern(name):
            # a site file reads '[1-999999]' as a range: the row would stand for many outlets, ports or cables
            raise RowError(f"{field_name.replace('_', ' ')} '{name}' holds a range in [ ], which a site file expands "
                           "into many names; a journal row names one (rename it without the brackets)")
    return row


def _with_port(values, read, name: str, both, port_reader) -> tuple[str | None, str | None]:
    """(device, port) from the device column and its port column, either of which may hold both."""
    device, port = _cell(values, name), _cell(values, f"{name}_port")
    if port is not None and device is None:
        try:
            return both(port)  # 'PP2-17' in the port column
        except sh.ShorthandError:
            raise RowError(f"{name} port {sh.text(port)} but no {name}") from None
    if device is not None and port is None:
        return read(name, both)
    if device is not None:
        return sh.text(device), read(f"{name}_port", port_reader)
    return None, None


# ------------------------------------------------------------------ devices

@dataclass
class _Dev:
    id: str
    role: str  # outlet, patch-panel, switch, end
    model: str | None = None
    existing: object = None  # model.Device when the --site file has it
    room: str | None = None
    space: str | None = None
    sizes: set = field(default_factory=set)  # port numbers used
    cat6a: bool = False
    first: Row | None = None
    used: bool = False  # named by a row that was used (a rejected row's devices are not written)


def _guess_model(name: str) -> str | None:
    low = name.lower()
    for pattern, model in DEVICE_GUESSES:
        if re.search(pattern, low):
            return model
    return None


class _Builder:
    def __init__(self, sheets: list[Sheet], site_id: str, site_name: str | None, existing, source: str | None):
        self.sheets = sheets
        self.source = source or ", ".join(dict.fromkeys(s.name for s in sheets))
        self.site_id = site_id
        self.site_name = site_name
        self.inv = existing
        self.site = existing.sites.get(site_id) if existing is not None else None
        self.library = existing.library if existing is not None else default_library()
        self.out = Result(site_id=site_id, sheets=sheets)
        self.devices: dict[str, _Dev] = {}
        self.rows: list[Row] = []
        self.guessed: dict[str, list[str]] = {}  # model -> devices given it from their names

    def reject(self, row_or_sheet, number=None, reason=""):
        if isinstance(row_or_sheet, Row):
            self.out.rejected.append(Problem(row_or_sheet.sheet, row_or_sheet.number, reason))
        else:
            self.out.rejected.append(Problem(row_or_sheet, number, reason))

    # -------------------------------------------------------------- run
    def run(self) -> Result:
        for sheet in self.sheets:
            if sheet.columns is None:
                continue
            for number, values in sheet.rows:
                self.out.read += 1
                try:
                    row = parse_row(sheet, number, values)
                except RowError as exc:
                    self.reject(sheet.name, number, str(exc))
                    continue
                self.rows.append(row)
        self.rows = [r for r in self.rows if self.place(r)]
        for model, names in self.guessed.items():
            self.out.notes.append(f"no device model in the journal: {model} taken from the name{'s' if len(names) > 1 else ''}"
                                  f" of {', '.join(names)}")
        if not any(s.columns is not None and s.columns.index("space") is not None for s in self.sheets):
            if any(r.panel is not None for r in self.rows):
                self.out.notes.append(f"no telecom space column: panels and switches are put in telecom space "
                                      f"{DEFAULT_SPACE} (rack R-{DEFAULT_SPACE})")
        self.size()
        cables = self.cables()
        self.out.used = len({(r.sheet, r.number) for r in self.rows})
        order = {sheet.name: i for i, sheet in enumerate(self.sheets)}
        self.out.rejected.sort(key=lambda p: (order.get(p.sheet, 0), p.row))
        if not self.rows:
            return self.out
        self.out.text = self.text(cables)
        return self.out

    # -------------------------------------------------------------- devices
    def device(self, name: str, role: str, row: Row) -> _Dev | None:
        """The device of that name, made on first mention; None (after rejecting the row) on a role clash."""
        d = self.devices.get(name)
        if d is None:
            existing = self.site.devices.get(name) if self.site is not None else None
            d = _Dev(name, role, existing=existing, first=row)
            if existing is not None:
                d.model = existing.model.slug
            self.devices[name] = d
        elif d.role != role:
            self.reject(row, reason=f"{name} is a {_ROLE_WORD[role]} here but a {_ROLE_WORD[d.role]} at "
                                    f"{d.first.where}")
            return None
        return d

    def place(self, row: Row) -> bool:
        """Record the devices a row names; False (the row rejected) when it contradicts the others."""
        outlet = self.device(row.outlet, "outlet", row)
        if outlet is None:
            return False
        for attr, role in (("panel", "patch-panel"), ("switch", "switch"), ("device", "end")):
            name = getattr(row, attr)
            if name is not None and self.device(name, role, row) is None:
                return False
        if row.room is not None:
            if outlet.room is None:
                outlet.room = row.room
            elif outlet.room != row.room:
                self.reject(row, reason=f"outlet {row.outlet} is in room {row.room} here but in {outlet.room} "
                                        f"at {outlet.first.where}")
                return False
        if outlet.existing is None:
            if int(row.jack) > max(OUTLET_MODELS):
                self.reject(row, reason=f"jack {row.jack} of outlet {row.outlet}: cabling's outlets have at most "
                                        f"{max(OUTLET_MODELS)} jacks")
                return False
            sizes = [(outlet, int(row.jack))]
        else:
            sizes = []
        if row.panel is not None:
            panel = self.devices[row.panel]
            if panel.existing is None:
                if int(row.panel_port) > max(PANEL_SIZES):
                    self.reject(row, reason=f"port {row.panel_port} of panel {row.panel}: cabling's panels have at "
                                            f"most {max(PANEL_SIZES)} ports; add the panel to a --site file "
                                            "with its model")
                    return False
                sizes.append((panel, int(row.panel_port)))
            space = row.space or DEFAULT_SPACE
            if panel.space is None:
                panel.space = space
        if row.switch is not None:
            switch = self.devices[row.switch]
            if switch.existing is None:
                m = re.fullmatch(r"Gi1/0/(\d+)", row.switch_port)
                if m and 1 <= int(m.group(1)) <= max(SWITCH_MODELS):
                    sizes.append((switch, int(m.group(1))))
                elif row.switch_port not in SWITCH_UPLINKS:
                    self.reject(row, reason=f"switch port {row.switch_port} of {row.switch}: cabling's switches have "
                                            f"Gi1/0/1..{max(SWITCH_MODELS)} and Te1/1/1..4; add the switch to a "
                                            "--site file with its model")
                    return False
            if switch.space is None:
                switch.space = row.space or (self.devices[row.panel].space if row.panel else DEFAULT_SPACE)
        if row.device is not None:
            dev = self.devices[row.device]
            if dev.model is None:
                model = row.device_model or _guess_model(row.device)
                if row.device_model is not None and self.library.get(row.device_model) is None:
                    self.reject(row, reason=f"device {row.device}: unknown model '{row.device_model}'"
                                            + self.library.suggest(row.device_model))
                    return False
                if model is None:
                    model = DEFAULT_DEVICE_MODEL
                    self.out.notes.append(f"{row.where}: device {row.device}: no model in the journal and none "
                                          f"guessed from its name; written as {model}")
                elif row.device_model is None:
                    self.guessed.setdefault(model, []).append(row.device)
                dev.model = self.library.get(model).slug
            if dev.room is None:
                dev.room = outlet.room
        for d, n in sizes:
            d.sizes.add(n)
        if row.panel is not None and row.category == "cat6a":
            self.devices[row.panel].cat6a = True
        for name in (row.outlet, row.panel, row.switch, row.device):
            if name is not None:
                self.devices[name].used = True
        return True

    def size(self) -> None:
        for d in self.devices.values():
            if d.existing is not None or d.role == "end":
                continue
            top = max(d.sizes, default=1)
            if d.role == "outlet":
                d.model = OUTLET_MODELS[next(n for n in sorted(OUTLET_MODELS) if n >= top)]
            elif d.role == "patch-panel":
                n = next(n for n in PANEL_SIZES if n >= top)
                d.model = f"cabling-{'cat6a' if d.cat6a else 'cat6'}-panel-{n}"
            elif d.role == "switch":
                d.model = SWITCH_MODELS[next(n for n in sorted(SWITCH_MODELS) if n >= top)]

    # -------------------------------------------------------------- cables
    def port_exists(self, device: str, port: str, kind: str) -> bool:
        model = self.library.get(self.devices[device].model)
        return any(t.name == port and t.kind == kind for t in model.ports)

    def first_interface(self, device: str) -> str | None:
        model = self.library.get(self.devices[device].model)
        return next((t.name for t in model.ports if t.kind == "interface"), None)

    def cables(self) -> list[dict]:
        taken: dict[tuple[str, str, str], tuple[Row, str]] = {}  # (device, port, kind) -> (row, cable word)
        out = []
        multi = {d.id for d in self.devices.values() if d.role == "outlet"
                 and len(self.library.get(d.model).ports) > 2}

        def free(row: Row, ends, word: str) -> bool:
            for device, port, kind in ends:
                key = (device, port, kind)
                if not self.port_exists(device, port, kind):
                    self.reject(row, reason=f"{device} ({self.devices[device].model}) has no {kind} port {port}")
                    return False
                existing = self.devices[device].existing
                p = existing.port(port, kind) if existing is not None else None
                if p is not None and p.cable is not None:
                    self.out.conflicts.append(
                        f"{row.where} puts the {word} of outlet {row.outlet} on {_port_word(device, port, kind)}, "
                        f"which cable {p.cable.id} of the --site file already uses; the {word} is left out")
                    return False
                if key in taken:
                    other, other_word = taken[key]
                    self.out.conflicts.append(
                        f"{_port_word(device, port, kind)} is claimed twice: {other.where} (outlet {other.outlet}, "
                        f"{other_word}) and {row.where} (outlet {row.outlet}, {word}); "
                        f"{row.where}'s {word} is left out")
                    return False
            for key in ends:
                taken[key] = (row, word)
            return True

        seen: dict[tuple, Row] = {}
        kept = []
        for row in self.rows:
            key = (row.outlet, row.jack)
            if key in seen and _same(seen[key], row):
                self.reject(row, reason=f"repeats {seen[key].where} (outlet {row.outlet}, jack {row.jack})")
                continue
            seen.setdefault(key, row)
            kept.append(row)
        self.rows = kept
        for row in self.rows:
            suffix = f"-{row.jack}" if row.outlet in multi or row.jack_given and row.jack != "1" else ""
            tag = row.outlet + suffix
            if row.panel is not None:
                ends = [(row.outlet, f"R{row.jack}", "rear"), (row.panel, f"R{row.panel_port}", "rear")]
                if free(row, ends, "horizontal cable"):
                    out.append(("H", row, {"id": f"H-{tag}", "a": f"{row.outlet}:R{row.jack}",
                                           "b": f"{row.panel}:R{row.panel_port}", "type": row.category,
                                           "status": None if row.status == "installed" else row.status,
                                           "label": row.label, "length": row.length, "test": row.test,
                                           "description": row.description}))
            if row.switch is not None:
                ends = [(row.panel, row.panel_port, "front"), (row.switch, row.switch_port, "interface")]
                if free(row, ends, "patch cord"):
                    out.append(("P", row, {"id": f"P-{tag}", "a": f"{row.panel}:{row.panel_port}",
                                           "b": f"{row.switch}:{row.switch_port}", "type": row.category,
                                           "status": _cord_status(row), "length": row.patch_length}))
            if row.device is not None:
                port = row.device_port or self.first_interface(row.device)
                if port is None:
                    self.reject(row, reason=f"device {row.device} ({self.devices[row.device].model}) has no "
                                            "network port")
                    continue
                ends = [(row.outlet, row.jack, "front"), (row.device, port, "interface")]
                if free(row, ends, "work-area cord"):
                    out.append(("W", row, {"id": f"W-{tag}", "a": f"{row.outlet}:{row.jack}",
                                           "b": f"{row.device}:{port}", "type": row.category,
                                           "status": _cord_status(row), "length": row.cord_length}))
        return self.unique_ids(out)

    def unique_ids(self, cables):
        used = set(self.site.cables) if self.site is not None else set()
        out = []
        for kind, row, c in cables:
            base, n = c["id"], 1
            while c["id"] in used:
                n += 1
                c["id"] = f"{base}-{n}"
            used.add(c["id"])
            out.append((kind, row, c))
        return out

    # -------------------------------------------------------------- text
    def text(self, cables) -> str:
        site = self.site
        lines = [f"# Written by 'cabling import journal' from {self.source}.",
                 "# Edit freely: this is an ordinary site file (ports are DEVICE:PORT)."]
        if site is None:
            lines.append("site: " + flow({"id": self.site_id, "name": self.site_name}))
        else:
            lines.append(f"site: {scalar(self.site_id)}       # adds to the site of the --site file")
        floors, rooms, spaces = {}, {}, {}
        for row in self.rows:
            if row.floor is not None and (site is None or row.floor not in site.floors):
                floors.setdefault(row.floor, None)
            if row.room is not None and (site is None or row.room not in site.rooms):
                room = rooms.setdefault(row.room, {"id": row.room, "floor": row.floor, "name": row.room_name})
                room["floor"] = room["floor"] or row.floor
                room["name"] = room["name"] or row.room_name
        new = [d for d in self.devices.values() if d.existing is None and d.used]
        racked_spaces = sorted({d.space for d in new if d.role in ("patch-panel", "switch")}, key=natural_key)
        for s in racked_spaces:
            if site is None or s not in site.spaces:
                spaces.setdefault(s, None)
        section = {
            "floors": [flow({"id": f}) for f in sorted(floors, key=natural_key)],
            "rooms": [flow(r) for r in sorted(rooms.values(), key=lambda r: natural_key(r["id"]))],
            "telecom_spaces": [flow({"id": s}) for s in sorted(spaces, key=natural_key)],
            "racks": [flow({"id": f"R-{s}", "space": s}) for s in racked_spaces
                      if site is None or f"R-{s}" not in site.racks],
        }
        racked = sorted((d for d in new if d.role in ("patch-panel", "switch")),
                        key=lambda d: (natural_key(d.space), d.role != "patch-panel", natural_key(d.id)))
        device_entries = [{"id": d.id, "model": d.model, "rack": f"R-{d.space}"} for d in racked]
        outlets = [{"id": d.id, "model": d.model, "room": d.room}
                   for d in sorted((d for d in new if d.role == "outlet"), key=lambda d: natural_key(d.id))]
        ends = [{"id": d.id, "model": d.model, "room": d.room}
                for d in sorted((d for d in new if d.role == "end"), key=lambda d: natural_key(d.id))]
        device_entries += fold_runs(outlets, ("id",), ("model", "room")) + fold_runs(ends, ("id",), ("model", "room"))
        section["devices"] = [entry(d) for d in device_entries]
        cable_entries = []
        for kind in ("H", "P", "W"):
            mine = sorted((c for k, _, c in cables if k == kind),
                          key=lambda c: (natural_key(c["a"].split(":")[0]), natural_key(c["a"])))
            cable_entries += fold_runs(mine, ("id", "a", "b", "label"), ("type", "status", "description", "test"),
                                       lists=("length",))
        section["cables"] = [entry(c) for c in cable_entries]
        for name, items in section.items():
            if items:
                lines.append(f"{name}:")
                lines.extend(f"  - {x}" for x in items)
        self.out.counts = {"outlets": len(outlets), "panels": sum(d.role == "patch-panel" for d in new),
                           "switches": sum(d.role == "switch" for d in new), "end devices": len(ends),
                           "cables": len(cables), "entries": len(cable_entries)}
        return "\n".join(lines) + "\n"


def _cord_status(row: Row) -> str | None:
    """A patch or work-area cord is planned with a planned link, else installed (None: the default)."""
    return "planned" if row.status == "planned" else None


_ROLE_WORD = {"outlet": "outlet", "patch-panel": "patch panel", "switch": "switch", "end": "device"}


def _port_word(device: str, port: str, kind: str) -> str:
    if kind == "rear":
        return f"{device} port {port[1:]} (rear)" if port.startswith("R") else f"{device} port {port} (rear)"
    if kind == "front":
        return f"{device} port {port} (front)"
    return f"{device} port {port}"


def _same(a: Row, b: Row) -> bool:
    skip = {"sheet", "number"}
    return all(getattr(a, f) == getattr(b, f) for f in Row.__dataclass_fields__ if f not in skip)


def build(sheets: list[Sheet], site_id: str, site_name: str | None = None, existing=None,
          source: str | None = None) -> Result:
    """The site text and the report for a journal's sheets (see the module's doc).

    ``existing`` is an :class:`~cabling.model.Inventory` holding site ``site_id``
    (from ``--site``): its devices are used as they are, its cabled ports are
    taken, and the text written adds to that site.
    """
    return _Builder(sheets, site_id, site_name, existing, source).run()


def report(result: Result, source: str) -> list[str]:
    """The import report, line by line, as ``cabling import journal`` prints it."""
    out = [f"journal {source}"]
    for s in result.sheets:
        if s.columns is None:
            out.append(f"sheet {s.name}: skipped, {s.skipped}")
            continue
        how = []
        if s.encoding:
            how.append(f"{s.encoding}, delimiter {'tab' if s.delimiter == chr(9) else repr(s.delimiter)}")
        how.append(f"header in row {s.header_row}")
        if s.title:
            how.append(f"title '{s.title}'")
        out.append(f"sheet {s.name}: {', '.join(how)}")
        out.append("  columns: " + ", ".join(f"'{h}' -> {f}" for h, f in s.columns.used()))
        if s.columns.unused:
            out.append("  not used: " + ", ".join(f"'{h}'" for h in s.columns.unused))
        if s.merged:
            out.append(f"  merged cells: {s.merged} cell(s) took their block's value")
        if s.filled:
            out.append("  filled down: " + ", ".join(f"{f} in {n} row(s)" for f, n in s.filled.items()))
    out.append(f"rows: {result.read} read, {result.used} used, {len(result.rejected)} rejected")
    for p in result.rejected:
        out.append(f"  rejected: {p}")
    for c in result.conflicts:
        out.append(f"  conflict: {c}")
    for n in result.notes:
        out.append(f"  note: {n}")
    c = result.counts
    if result.text is not None:
        out.append(f"made: {c['outlets']} outlets, {c['panels']} panels, {c['switches']} switches, "
                   f"{c['end devices']} end devices, {c['cables']} cables in {c['entries']} entries")
    return out

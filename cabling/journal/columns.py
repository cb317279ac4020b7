"""Which column of a journal holds what: headers recognised in English and Russian, or given by ``--map``.

A journal's header row is found by its words (``Розетка``, ``Outlet No.``,
``Патч-панель``, ``Длина, м`` ...); :func:`recognise` maps each header to a
:data:`FIELDS` key. A bare ``Port``/``Порт`` belongs to the device column just
before it (``Панель | Порт | Коммутатор | Порт``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# field -> what it holds, in the order the export writes them
FIELDS = {
    "space": "telecom space (sheet per space on export)",
    "floor": "floor",
    "room": "room id, or 2.14 for room 14 on floor 2",
    "room_name": "room name",
    "outlet": "wall outlet",
    "jack": "jack of the outlet (1 when absent)",
    "label": "link label printed on the cable",
    "panel": "patch panel (or panel and port: PP2-17, PP-2/17)",
    "panel_port": "patch panel port",
    "length": "horizontal cable length, metres",
    "switch": "switch (or switch and port: SW1 Gi1/0/17)",
    "switch_port": "switch port (Gi1/0/17, or 17)",
    "patch_length": "patch cord length, metres",
    "device": "phone or end device at the outlet",
    "device_model": "model of that device",
    "device_port": "port of that device",
    "cord_length": "work-area cord length, metres",
    "category": "cable category (cat6, 6, кат. 6)",
    "status": "cable status",
    "test_date": "date of the last test",
    "test_result": "result of the last test (pass/fail)",
    "description": "note on the horizontal cable",
}

# Most specific first; each pattern is searched in the normalised header (lower case, ё -> е).
RULES: list[tuple[str, str]] = [
    ("test_date", r"(дата.*(тест|измер|провер|сертиф))|((test|certif).*date)|(date.*test)|^дата$|^date$"),
    ("test_result", r"^(тест|test|результат|result|проверка|сертификация|certification|pass ?/ ?fail)|"
                    r"(результат.*(тест|измер|провер))|(test.*result)"),
    ("patch_length", r"(патч.?корд|patch ?cord|коммутационн|patch).*(длин|length|м$|m$)|"
                     r"(длин|length).*(патч|patch)"),
    ("cord_length", r"(шнур|work.?area|абонентск.*шнур|cord).*(длин|length|м$|m$)|(длин|length).*(шнур|cord)"),
    ("device_model", r"(модель|model|тип).*(устр|телеф|device|phone|абонент)|^(device|phone) ?model|^модель$|^model$"),
    ("device_port", r"(порт|port).*(устр|телеф|device|phone|абонент)|^(device|phone) ?port"),
    ("switch_port", r"(порт|port).*(коммут|свитч|switch|sw\b)|(switch|коммутатор).*(порт|port)"),
    ("panel_port", r"(порт|port).*(панел|panel|пп\b|pp\b|кросс)|(panel|панел|кросс).*(порт|port)"),
    ("jack", r"^(гнездо|jack|порт розетки|outlet port|socket port|гн\.?)"),
    ("room_name", r"(назван|name|наименован).*(помещ|комнат|кабинет|room)|(room|помещение) ?name"),
    ("space", r"(telecom ?(space|room)|^space|кроссов|серверн|^tr$|^idf$|^узел|телеком|^кросс$|^шкаф)"),
    ("room", r"(помещ|кабинет|^каб\b|комнат|^room|^офис|^office|^место|location|локац)"),
    ("floor", r"^(этаж|floor|level|storey)"),
    ("outlet", r"(розетк|outlet|socket|faceplate|^точка|^порт рабочего|^рм\b|рабочее место|^tp\b|wall ?port)"),
    ("panel", r"(панел|panel|^пп\b|^pp\b|^кросс)"),
    ("switch", r"(коммут|свитч|switch|^sw\b)"),
    ("device", r"(телефон|phone|устройств|device|абонент|extension|^ext\b|добавочн|пользовател|equipment|оборудован)"),
    ("length", r"(длин|length|метраж|^м$|^m$|, ?м$|, ?m$)"),
    ("category", r"(категор|^cat|^кат\b|тип кабеля|cable type|^type$)"),
    ("status", r"(статус|status|состояни|state)"),
    ("label", r"(маркир|label|метка|^кабель|^cable|номер кабеля|link ?id)"),
    ("description", r"(примеч|коммент|comment|note|description|описан)"),
]
_COMPILED = [(f, re.compile(p)) for f, p in RULES]
_BARE_PORT = re.compile(r"^(порт|port|п\.|№ порта|port ?no\.?|port ?#)$")


def normalise(header) -> str:
    t = " ".join(str(header or "").split()).lower().replace("ё", "е")
    return t.strip(" .:*")


def field_of(header) -> str | None:
    """The field a header names, or None."""
    h = normalise(header)
    if not h:
        return None
    for f, rx in _COMPILED:
        if rx.search(h):
            return f
    return None


class MappingError(ValueError):
    pass


def parse_map(items) -> dict[str, str]:
    """``["outlet=Розетка", ...]`` -> {field: header}; unknown fields are an error naming the known ones."""
    out: dict[str, str] = {}
    for item in items or ():
        name, sep, header = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not header.strip():
            raise MappingError(f"--map {item}: write FIELD=HEADER, e.g. outlet=Розетка")
        if name not in FIELDS:
            from ..diagnostics import did_you_mean

            raise MappingError(f"--map {item}: no field '{name}'{did_you_mean(name, FIELDS)}; "
                               f"fields: {', '.join(FIELDS)}")
        out[name] = header.strip()
    return out


@dataclass
class Columns:
    """Column index -> field for one sheet, and the header text each came from."""

    fields: dict[int, str] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)  # headers of columns no field took

    def index(self, name: str) -> int | None:
        return next((i for i, f in self.fields.items() if f == name), None)

    def used(self) -> list[tuple[str, str]]:
        """(header, field) in column order."""
        return [(self.headers[i], self.fields[i]) for i in sorted(self.fields)]


def recognise(headers: list, mapping: dict[str, str] | None = None) -> Columns:
    """Map a header row to fields. ``mapping`` ({field: header text}) wins over recognition."""
    cols = Columns()
    mapping = mapping or {}
    wanted = {normalise(h): f for f, h in mapping.items()}
    taken: set[str] = set()
    for i, h in enumerate(headers):
        n = normalise(h)
        if n and n in wanted:
            cols.fields[i] = wanted[n]
            cols.headers[i] = str(h).strip()
            taken.add(wanted[n])
    last_device = None
    for i, h in enumerate(headers):
        n = normalise(h)
        if not n:
            continue
        if i in cols.fields:
            last_device = cols.fields[i] if cols.fields[i] in ("panel", "switch", "device", "outlet") else last_device
            continue
        f = field_of(h)
        if f is None and _BARE_PORT.match(n):
            f = {"panel": "panel_port", "switch": "switch_port", "device": "device_port",
                 "outlet": "jack"}.get(last_device)
        if f in ("panel", "switch", "device", "outlet"):
            last_device = f
        if f is None or f in taken:
            cols.unused.append(str(h).strip())
            continue
        cols.fields[i] = f
        cols.headers[i] = str(h).strip()
        taken.add(f)
    return cols


def looks_like_header(cells: list, mapping: dict[str, str] | None = None) -> int:
    """How many of a row's cells are headers of distinct fields (0 when the row has no outlet column)."""
    cols = recognise(cells, mapping)
    if cols.index("outlet") is None:
        return 0
    return len(cols.fields)

"""The shorthand people write in cable journals, read into cabling's names and numbers.

Each reader takes a cell's text (or number) and returns the value, or raises
:class:`ShorthandError` with a reason a person understands::

    panel_port("PP2-17")      -> ("PP2", "17")       panel_port("PP-2/17") -> ("PP-2", "17")
    switch_port("Gi1/0/17")   -> "Gi1/0/17"          switch_port("17")     -> "Gi1/0/17"
    room("2.14")              -> ("2.14", "2")       (room 14 on floor 2)
    length("35,5 м")          -> 35.5                category("кат. 6")    -> "cat6"
"""
from __future__ import annotations

import datetime as _dt
import re

from ..choices import CABLE_STATUSES, CABLE_TYPES


class ShorthandError(ValueError):
    pass


def text(value) -> str:
    """A cell as text: numbers without a spurious '.0', whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = f"{value:.10g}"
    elif isinstance(value, (_dt.datetime, _dt.date)):
        value = value.isoformat()
    return " ".join(str(value).split())


# ------------------------------------------------------------------ ports

# 'PP-2/17', 'PP-2:17', 'PP-2 17', 'PP-2 порт 17', 'PP2-17', 'PP-2-17', 'ПП2-17'
_PANEL_PORT = re.compile(r"^(?P<panel>.+?)\s*(?:[/:#-]|\s+(?:port|порт|п\.)?)\s*(?P<port>\d+)$", re.IGNORECASE)


def panel_port(value) -> tuple[str, str]:
    """(panel, port) from one cell that gives both: ``PP2-17``, ``PP-2/17``, ``PP-2:17``, ``PP-2 17``."""
    t = text(value)
    m = _PANEL_PORT.match(t)
    if not m:
        raise ShorthandError(f"'{t}' is not a panel and port (write e.g. PP2-17 or PP-2/17)")
    return m.group("panel"), port_number(m.group("port"))


def port_number(value) -> str:
    """A panel or outlet port: a positive whole number, as text without leading zeros ('07' -> '7')."""
    t = text(value)
    t = re.sub(r"^(?:port|порт|п\.|#|№)\s*", "", t, flags=re.IGNORECASE)
    if not t.isdigit() or int(t) < 1:
        raise ShorthandError(f"port '{text(value)}' is not a port number (1, 2, ...)")
    return str(int(t))


_IFACE = re.compile(r"^(?P<kind>[A-Za-z]+)?\s*(?P<nums>\d+(?:/\d+)*)$")
# long interface names to the short form the catalogue switches use
_IFACE_KINDS = {
    "gi": "Gi", "gig": "Gi", "gigabitethernet": "Gi", "te": "Te", "ten": "Te",
    "tengigabitethernet": "Te", "tengig": "Te", "xe": "Te", "fa": "Fa", "fastethernet": "Fa",
}
DEFAULT_SWITCH_PREFIX = "Gi1/0/"


def switch_port(value) -> str:
    """A switch port: ``Gi1/0/17`` as written (``gi 1/0/17``, ``GigabitEthernet1/0/17`` -> ``Gi1/0/17``);
    a bare number ``17`` is port 17 of the catalogue switches' ``Gi1/0/`` row."""
    t = text(value)
    m = _IFACE.match(t)
    if not m:
        if t:
            return t  # some other naming (ge-0/0/1, Ethernet1/1): kept as written; the model decides
        raise ShorthandError("no switch port")
    kind, nums = m.group("kind"), m.group("nums")
    if kind is None:
        if "/" in nums:
            return "Gi" + nums
        if int(nums) < 1:
            raise ShorthandError(f"switch port '{t}' is not a port number")
        return DEFAULT_SWITCH_PREFIX + str(int(nums))
    short = _IFACE_KINDS.get(kind.lower())
    return (short or kind) + nums


_SWITCH_AND_PORT = re.compile(r"^(?P<switch>\S+?)\s*(?:[:\s]|\s-\s)\s*(?P<port>[A-Za-z]*\s*\d+(?:/\d+)+|\d+)$")


def switch_and_port(value) -> tuple[str, str]:
    """(switch, port) from one cell that gives both: ``SW1 Gi1/0/17``, ``SW1:Gi1/0/17``, ``SW1 17``."""
    t = text(value)
    m = _SWITCH_AND_PORT.match(t)
    if not m:
        raise ShorthandError(f"'{t}' is not a switch and port (write e.g. SW1 Gi1/0/17)")
    return m.group("switch"), switch_port(m.group("port"))


# ------------------------------------------------------------------ rooms, outlets

_ROOM_ON_FLOOR = re.compile(r"^(?:(?:каб(?:инет)?|room|пом(?:ещение)?|rm)\.?\s*)?(?P<floor>-?\d+)\.(?P<room>\d+[A-Za-zА-Яа-я]?)$",
                            re.IGNORECASE)


def room(value) -> tuple[str, str | None]:
    """(room id, floor id or None): ``2.14`` is room 2.14 on floor 2; other names are kept as written."""
    t = text(value)
    if not t:
        raise ShorthandError("no room")
    m = _ROOM_ON_FLOOR.match(t)
    if m:
        return f"{m.group('floor')}.{m.group('room')}", m.group("floor")
    return t, None


def outlet(value) -> tuple[str, str | None]:
    """(outlet, jack or None): ``2A-017`` as written; ``2A-017/2`` or ``2A-017:2`` names jack 2 of it."""
    t = text(value)
    if not t:
        raise ShorthandError("no outlet")
    m = re.match(r"^(?P<outlet>.+?)\s*[/:]\s*(?P<jack>\d)$", t)
    if m:
        return m.group("outlet"), str(int(m.group("jack")))
    return t, None


# ------------------------------------------------------------------ numbers and words

_LENGTH = re.compile(r"^(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>м|m|метр(?:а|ов)?|metres?|meters?|cm|см|ft|фут(?:а|ов)?)?\.?$",
                     re.IGNORECASE)
_FEET = 0.3048


def length(value) -> float:
    """Metres from ``35,5 м``, ``35.5m``, ``35``, ``3550 cm``, ``115 ft`` or a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        n = float(value)
    else:
        t = text(value).replace("\u00a0", " ")
        m = _LENGTH.match(t)
        if not m:
            raise ShorthandError(f"length '{t}' is not a length in metres (e.g. 35,5 м)")
        n = float(m.group("n").replace(",", "."))
        unit = (m.group("unit") or "m").lower()
        if unit in ("cm", "см"):
            n /= 100
        elif unit.startswith(("ft", "фут")):
            n = round(n * _FEET, 2)
    if n <= 0:
        raise ShorthandError(f"length '{text(value)}' is not a positive length")
    return int(n) if n == int(n) else n


def category(value) -> str:
    """A cable type: ``cat6``, ``Cat 6``, ``кат. 6``, ``6``, ``5e``, ``6A``, ``Cat.6a`` -> cat5e/cat6/cat6a ..."""
    t = text(value).lower().replace(" ", "").replace(".", "")
    t = re.sub(r"^(?:cat(?:egory)?|кат(?:егория)?)", "", t)
    t = t.replace("е", "e").replace("а", "a")  # Cyrillic look-alikes
    if t in CABLE_TYPES:
        return t
    if f"cat{t}" in CABLE_TYPES:
        return f"cat{t}"
    raise ShorthandError(f"category '{text(value)}' is not a cable category (cat5e, cat6, cat6a, ...)")


_STATUS_WORDS = [
    ("planned", ("planned", "plan", "план", "проект", "запланирован", "не проложен", "future")),
    ("faulty", ("faulty", "fault", "broken", "неисправ", "обрыв", "повреж", "брак", "bad")),
    ("decommissioned", ("decommissioned", "removed", "демонтир", "списан", "не используется", "unused")),
    ("installed", ("installed", "active", "ok", "работает", "в работе", "подключен", "проложен", "смонтирован",
                   "in use", "connected", "исправ")),
]


def status(value) -> str:
    """A cable status from English or Russian words (``работает`` -> installed, ``обрыв`` -> faulty, ...)."""
    t = text(value).lower()
    if t in CABLE_STATUSES:
        return t
    for result, words in _STATUS_WORDS:
        if any(t.startswith(w) for w in words):
            return result
    raise ShorthandError(f"status '{text(value)}' is not one of planned, installed, faulty, decommissioned")


_PASS = ("pass", "passed", "ok", "годен", "норма", "прошел", "прошёл", "соответствует", "+", "да", "yes", "✓")
_FAIL = ("fail", "failed", "не годен", "негоден", "брак", "не прошел", "не прошёл", "не соответствует", "-", "нет",
         "no", "✗")


def test_result(value) -> str:
    """``pass`` or ``fail`` from ``PASS``, ``годен``, ``норма``, ``+``, ``FAIL``, ``не годен``, ``брак``, ``-`` ..."""
    t = text(value).lower().rstrip(".!")
    if t in _FAIL or t.startswith(("fail", "не год", "не прош")):
        return "fail"
    if t in _PASS or t.startswith(("pass", "годен")):
        return "pass"
    raise ShorthandError(f"test result '{text(value)}' is neither pass nor fail")


def test_date(value) -> str:
    """``YYYY-MM-DD`` from a spreadsheet date, ``14.03.2023``, ``14/03/2023``, ``2023-03-14`` or ``14.03.23``."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    t = text(value)
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$", t)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.match(r"^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})(?:\s*г\.?)?$", t)
        if not m:
            raise ShorthandError(f"test date '{t}' is not a date (write 14.03.2023 or 2023-03-14)")
        d, mo, y = map(int, m.groups())
        if y < 100:
            y += 2000
    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        raise ShorthandError(f"test date '{t}' is not a day of the calendar") from None

"""Find what a text names: an extension, a phone number, a line, a label, a circuit id, a device or a port.

:func:`find` is what ``cabling find`` and the viewer's search box call: the telephony matches
(an extension by number or a part of its name, a carrier line by any of its numbers, its id or
circuit id, a label written on a block) first, then what :func:`cabling.analysis.locate.locate` finds (a
port, an outlet or other device, a cable by id or label). Each :class:`Found` has the port to
trace from for its full path: the extension's PBX port (or its phone), the line's demarc pair.

Phone numbers match in any common writing: the text is read as E.164 with each site's country
(:mod:`cabling.telephony.numbers`), so ``+7 (843) 555-01-01``, ``8 843 555 01 01`` and
``88435550101`` all find the line with ``+78435550101``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..analysis.locate import locate
from ..model import Inventory
from . import numbers
from .pairs import extension_text, line_text
from .reach import network_port, start_of

MIN_NAME_MATCH = 3  # an extension's name matches by a part of it this long or longer


@dataclass(frozen=True)
class Found:
    kind: str  # 'extension', 'line', 'circuit', 'label', and locate's 'port', 'outlet', 'device', 'cable'
    name: str  # what matched
    port: object  # where to trace from for the full path (None: nothing to trace)
    note: str  # one line: 'analog extension 214 (Print room fax)'
    extension: object = None
    line: object = None


def _line_start(line):
    if line.demarc:
        return line.demarc[0]
    if line.port is not None:
        return line.port
    if line.circuit is not None:
        return line.circuit.a
    return network_port(line.pbx) if line.pbx is not None else None


def telephony_matches(inv: Inventory, text: str) -> list[Found]:
    tel = inv.telephony
    text = text.strip()
    if tel is None or not text:
        return []
    fold = text.casefold()
    compact = numbers.compact(text)
    out: list[Found] = []
    for e in tel.extensions:
        if e.number == text or (compact is not None and e.number == compact):
            out.append(Found("extension", e.number, start_of(e), extension_text(e), extension=e))
    for ln in tel.lines:
        number = numbers.e164(text, tel.country.get(ln.site.id)) if compact is not None else None
        if (number is not None and number in ln.numbers) or fold in (ln.id.casefold(), (ln.circuit_id or "").casefold()):
            out.append(Found("line", ln.id, _line_start(ln), line_text(ln), line=ln))
    for block in tel.blocks.values():
        for pair, rec in block.records.items():
            if rec.get("label") and rec["label"].casefold() == fold:
                out.append(Found("label", rec["label"], block.device.port(pair, "front"),
                                 f"label {rec['label']} on block {block.id} pair {pair}"))
    if len(fold) >= MIN_NAME_MATCH and compact is None:
        for e in tel.extensions:
            if e.name and fold in e.name.casefold() and all(f.extension is not e for f in out):
                out.append(Found("extension", e.number, start_of(e), extension_text(e), extension=e))
    return out


def find(inv: Inventory, text: str, limit: int = 25) -> list[Found]:
    """Everything ``text`` names, telephony first, at most ``limit``; [] when nothing matches."""
    out = telephony_matches(inv, text)
    seen = {id(f.port) for f in out if f.port is not None}
    for c in inv.circuits.values():
        if c.id.casefold() == text.strip().casefold() and id(c.a) not in seen and all(f.line is None or f.line.circuit is not c for f in out):
            out.append(Found("circuit", c.id, c.a or c.z, f"circuit {c.id}" + (f" ({c.provider})" if c.provider else "")))
    for m in locate(inv, text, limit):
        if id(m.port) not in seen:
            seen.add(id(m.port))
            out.append(Found(m.kind, m.name, m.port, m.note))
    return out[:limit]

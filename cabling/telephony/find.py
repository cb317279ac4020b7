"""Find what a text names: an extension, a phone number, a label, a circuit id, a device or a port.

:func:`find` is what ``cabling find`` and the viewer's search call. Each :class:`Found` has the
port to trace from for its full path (the extension's PBX port or phone, the line's carrier
side, the cable's first end, ...). Phone numbers match in any common writing: the text is read
as E.164 with each site's country (:mod:`cabling.telephony.numbers`), so ``+7 (843) 555-01-01``,
``8 843 555 01 01`` and ``88435550101`` all find the line with ``+78435550101``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Inventory
from . import numbers
from .reach import network_port, start_of

MIN_NAME_MATCH = 3  # a name matches by a part of it this long or longer


@dataclass(frozen=True)
class Found:
    kind: str  # 'extension', 'line', 'circuit', 'label', 'device', 'port', 'cable', 'block pair'
    what: str  # how the match reads: 'extension 214 (Room 214)'
    site: str
    port: object = None  # where to trace from for the full path (None: nothing to trace)
    extension: object = None
    line: object = None


def find(inv: Inventory, text: str) -> list[Found]:
    """Everything ``text`` names, best matches first (exact before a part of a name)."""
    from ..loader import resolve_ref
    from .pairs import extension_text, line_text

    text = text.strip()
    if not text:
        return []
    tel = inv.telephony
    fold = text.casefold()
    out: list[Found] = []
    seen: set[int] = set()

    def add(f: Found, key) -> None:
        if id(key) not in seen:
            seen.add(id(key))
            out.append(f)

    compact = numbers.compact(text)
    if tel is not None:
        for e in tel.extensions:
            if e.number == text or (compact is not None and e.number == compact):
                add(Found("extension", extension_text(e), e.site.id, start_of(e), extension=e), e)
        for ln in tel.lines:
            calling = tel.country.get(ln.site.id)
            number = numbers.e164(text, calling) if compact is not None else None
            if (number is not None and number in ln.numbers) or fold in (ln.id.casefold(), (ln.circuit_id or "").casefold()):
                start = ln.circuit.a if ln.circuit is not None else (ln.port or (network_port(ln.pbx) if ln.pbx else None))
                add(Found("line", line_text(ln), ln.site.id, start, line=ln), ln)
        for block in tel.blocks.values():
            for pair, rec in block.records.items():
                if rec.get("label") and rec["label"].casefold() == fold:
                    add(Found("label", f"label {rec['label']} on block {block.id} pair {pair}", block.site.id,
                              block.device.port(pair, "front")), rec)
    for c in inv.circuits.values():
        if c.id.casefold() == fold:
            add(Found("circuit", f"circuit {c.id}" + (f" ({c.provider})" if c.provider else ""), c.site.id, c.a or c.z), c)
    for cable in inv.cables():
        if (cable.label or "").casefold() == fold or cable.id.casefold() == fold:
            kind = "label" if (cable.label or "").casefold() == fold else "cable"
            add(Found(kind, f"cable {cable.id}" + (f" (label {cable.label})" if cable.label else ""), cable.site.id,
                      (cable.a or cable.b or (None,))[0]), cable)
    for devices in inv.devices_by_name.values():
        for dev in devices:
            if dev.id.casefold() == fold:
                start = network_port(dev) or next((p for p in dev.ports if p.cable is not None), None)
                add(Found("device", f"{dev.role} {inv.device_ref(dev)}", dev.site.id, start), dev)
    if ":" in text or "/" in text:
        port, _ = resolve_ref(inv, text)
        if port is not None:
            block_pair = tel.pair_of(port) if tel is not None and hasattr(port, "device") else None
            kind = "block pair" if block_pair else "port"
            add(Found(kind, f"{kind} {inv.ref(port)}", getattr(port, "device", None) and port.device.site.id or "",
                      port), port)
    if tel is not None and len(fold) >= MIN_NAME_MATCH and compact is None:
        for e in tel.extensions:
            if e.name and fold in e.name.casefold():
                add(Found("extension", extension_text(e), e.site.id, start_of(e), extension=e), e)
    return out

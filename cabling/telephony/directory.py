"""The extension list: number, name, phone, outlet, room, PBX port and block pairs of every extension."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..model import Inventory
from ..journal.order import natural_key
from .reach import everything

COLUMNS = ["number", "name", "kind", "phone", "outlet", "room", "pbx_port", "block_pairs"]


@dataclass(frozen=True)
class Entry:
    number: str
    name: str | None
    kind: str  # analog, ip, dect
    phone: str | None  # the phone's device id (a DECT extension: its base)
    outlet: str | None  # the jack, OUTLET:JACK
    room: str | None
    pbx_port: str | None  # PBX:FXS14, or the PBX of an IP/DECT extension
    block_pairs: str | None  # '1A-PBX:1.14 > 1A-V1:1.7 > 2A-V1:1.7 > 2A-V1:3.1', in path order from the PBX

    def as_dict(self) -> dict:
        return asdict(self)


def directory(inv: Inventory) -> list[Entry]:
    out = []
    for r in everything(inv):
        e = r.extension
        phone = e.dect or (r.phones[0] if r.phones else None)
        room = (phone.room if phone is not None and phone.room is not None else
                r.jacks[0].device.room if r.jacks and r.jacks[0].device.room is not None else None)
        pairs = [inv.ref(p) for p in r.pairs]
        if e.port is None:
            pairs.reverse()  # traced from the phone: show them from the PBX side, as for analog ones
        out.append(Entry(
            number=e.number, name=e.name, kind=e.kind, phone=phone.id if phone is not None else None,
            outlet=", ".join(inv.ref(j) for j in r.jacks) or None, room=room.id if room is not None else None,
            pbx_port=inv.ref(e.port) if e.port is not None else (e.pbx.id if e.pbx is not None else None),
            block_pairs=" > ".join(pairs) or None))
    out.sort(key=lambda x: (natural_key(x.number), x.name or ""))
    return out


def phone_numbers(inv: Inventory):
    """A function of a jack (front port) or a device giving the extension number(s) that ring there
    (``'214'``, a DECT base's ``'250, 251'``), or None: the ``phone_of`` hook of :func:`cabling.analysis.impact.impact`."""
    by_id: dict[int, list[str]] = {}
    for r in everything(inv):
        number = r.extension.number
        for x in [*r.jacks, *r.phones, *([r.extension.dect] if r.extension.dect is not None else [])]:
            numbers = by_id.setdefault(id(x), [])
            if number not in numbers:
                numbers.append(number)

    def phone_of(x) -> str | None:
        numbers = by_id.get(id(x))
        return ", ".join(sorted(numbers, key=natural_key)) if numbers else None

    return phone_of

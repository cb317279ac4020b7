"""Jumper tasks for work orders, in the words a technician at the frame uses.

``on block 1A-V1 row 3 pair 7 (red/orange) punch a jumper to station pair 2A-V1 row 3 pair 1 (white/blue)``

:func:`jumper_task` describes a jumper (made or planned) from its two block pairs; the line or PBX
side comes first, the station side second, as jumpers are run from the line side.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Cable, Port
from .model import Telephony

# Which end of a jumper a technician starts from: the lower rank first.
SIDE_RANK = {"demarc": 0, "line": 1, "pbx": 2, "riser": 3, None: 4, "station": 5}
ACTIONS = {"punch": "punch a jumper to", "remove": "remove the jumper to"}


@dataclass(frozen=True)
class JumperTask:
    action: str  # 'punch' or 'remove'
    block: str
    where: str  # 'row 3 pair 7'
    colour: str  # 'red/orange'
    to_block: str
    to_where: str
    to_colour: str
    to_side: str | None  # what the far block serves: 'station', 'riser', ...
    jumper: str | None = None  # the jumper's id, when it has one

    @property
    def text(self) -> str:
        side = f"{self.to_side} pair" if self.to_side else "pair"
        return (f"on block {self.block} {self.where} ({self.colour}) {ACTIONS[self.action]} {side} "
                f"{self.to_block} {self.to_where} ({self.to_colour})")


def jumper_task(tel: Telephony, a: Port, b: Port, action: str = "punch", jumper: str | None = None) -> JumperTask:
    """The task of punching (or removing) a jumper between block pairs ``a`` and ``b`` (front ports)."""
    ends = []
    for port in (a, b):
        found = tel.pair_of(port)
        if found is None:
            raise ValueError(f"{port!r} is not a pair of a block")
        ends.append(found)
    ends.sort(key=lambda bn: SIDE_RANK.get(bn[0].side, 4))
    (b1, n1), (b2, n2) = ends
    return JumperTask(action, b1.id, b1.where(n1), "/".join(tel.pair_colour(b1, n1)),
                      b2.id, b2.where(n2), "/".join(tel.pair_colour(b2, n2)), b2.side, jumper)


def tasks_of(tel: Telephony, jumpers: list[Cable], action: str = "punch") -> list[JumperTask]:
    """The tasks for jumpers of the site (``tel.jumpers``, or planned ones)."""
    return [jumper_task(tel, j.a[0], j.b[0], action, j.id) for j in jumpers]

"""Which pair a traced path follows, with its colours, and what it reaches in telephony terms.

The trace (:mod:`cabling.analysis.trace`) follows one pair through a multi-pair cable as one position
of its landings' rear ports; this module reads that position back from a path: the cable pair
of every cable step punched pair by pair, the block pair (``row 3 pair 7, red/orange``) of
every block port, and the extensions and carrier lines at the path's ends.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import standards
from ..analysis.trace import CABLES, PORTS, Path
from ..model import CircuitTermination
from .model import Extension, Line, Telephony


def _single(path: Path, i: int):
    steps = path.steps
    if 0 <= i < len(steps) and steps[i].kind == PORTS and len(steps[i].items) == 1:
        return steps[i].items[0]
    return None


def cable_pairs(tel: Telephony, path: Path) -> dict[int, int]:
    """Step index -> the pair of the cable followed in that step, for cables of more than one pair."""
    out: dict[int, int] = {}
    for i, step in enumerate(path.steps):
        if step.kind != CABLES or len(step.items) != 1 or (step.items[0].pairs or 1) < 2:
            continue
        pair = None
        rear, front = _single(path, i + 1), _single(path, i + 2)
        landing = tel.landings.get(id(rear)) if rear is not None else None
        if landing is not None and front is not None:
            pos = next((p for p, (f, _) in (rear.fronts or {}).items() if f is front), None)
            if pos in landing.positions:
                pair = landing.positions[pos][0]
        if pair is None:
            rear, front = _single(path, i - 1), _single(path, i - 2)
            landing = tel.landings.get(id(rear)) if rear is not None else None
            if landing is not None and front is not None and front.rear:
                pos = front.rear[0][2]
                if pos in landing.positions:
                    pair = landing.positions[pos][0]
        if pair is not None:
            out[i] = pair
    return out


def pair_text(pair: int) -> str:
    """``pair 7, red/orange``; ``pair 26, binder 2 white/orange, white/blue``."""
    return f"pair {pair}, {standards.colour_text(pair)}"


def block_pair_text(tel: Telephony, port) -> str | None:
    """``row 3 pair 7, red/orange`` for a block's pair (its front port); None for other ports."""
    found = tel.pair_of(port)
    if found is None:
        return None
    block, n = found
    return f"{block.where(n)}, {'/'.join(tel.pair_colour(block, n))}"


@dataclass(frozen=True)
class Ends:
    """What a path reaches in telephony terms."""

    extensions: tuple[Extension, ...] = ()
    lines: tuple[Line, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.extensions or self.lines)


def ends(tel: Telephony, path: Path) -> Ends:
    """The extensions on the path's first and last ports (FXS ports, phones, DECT bases) and the lines on it."""
    found: list[Extension] = []
    lines: list[Line] = []
    first = path.steps[0].items if path.steps else ()
    for p in tuple(first) + tuple(path.destination):
        if p.__class__ is CircuitTermination:
            continue
        for e in tel.extensions_on(p) + tel.extensions_of(p.device):
            if e not in found:
                found.append(e)
    for step in path.steps:
        if step.kind != PORTS:
            continue
        for p in step.items:
            line = tel.line_of_circuit(p.circuit) if p.__class__ is CircuitTermination else tel.line_on(p)
            if line is not None and line not in lines:
                lines.append(line)
    return Ends(tuple(found), tuple(lines))


def extension_text(e: Extension) -> str:
    what = {"analog": "analog extension", "ip": "IP extension", "dect": "DECT extension"}[e.kind]
    bits = [f"{what} {e.number}" + (f" ({e.name})" if e.name else "")]
    if e.kind == "dect":
        bits.append(f"handset on base {e.dect.id}")
    if e.pbx is not None and e.kind != "analog":
        bits.append(f"on {e.pbx.id}")
    return ", ".join(bits)


def line_text(line: Line) -> str:
    from .numbers import pretty

    nums = ", ".join(pretty(n) for n in line.numbers) or "no number recorded"
    extra = ", ".join(x for x in (line.carrier, f"circuit {line.circuit.id}" if line.circuit else None, line.type) if x)
    return f"line {line.id}: {nums}" + (f" ({extra})" if extra else "")


def annotate_json(tel: Telephony, path: Path, data: dict) -> dict:
    """Add the pair followed to each cable step (``"pairs": [7]``) and the path's ``"telephony"`` ends."""
    for i, pair in cable_pairs(tel, path).items():
        data["steps"][i]["pairs"] = [pair]
    found = ends(tel, path)
    if found:
        data["telephony"] = {"extensions": [e.number for e in found.extensions], "lines": [ln.id for ln in found.lines]}
    return data

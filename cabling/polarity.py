"""Fibre polarity: which position a fibre arrives on at the far end of a trunk.

An MPO trunk joins two multi-position rear ports; fibre ``p`` of ``n`` leaving one
end arrives at the other on the position the polarity method gives
(:data:`cabling.standards.POLARITY_MAPPINGS`, ANSI/TIA-568.3-D):

* **A** (straight): ``p`` -> ``p``; NetBox's own (position-for-position) tracing;
* **B** (reversed): ``p`` -> ``n + 1 - p``;
* **C** (pair-flipped): ``1 <-> 2``, ``3 <-> 4``, ... (``n`` must be even).

A site declares its method (``site: fibre_polarity``) and a cable may override it
(``fibre_polarity`` on the cable). With none declared a trace keeps positions
(method A, as NetBox does).
"""
from __future__ import annotations

from .standards import POLARITY_METHODS


def method(cable) -> str | None:
    """The polarity method of a trunk cable: its own, else its site's, else None (positions kept)."""
    return cable.fibre_polarity or cable.site.fibre_polarity


def far_position(method_: str | None, p: int, n: int) -> int:
    """The position at the far end of a trunk of ``n`` positions for position ``p`` at the near end."""
    if method_ == "B":
        return n + 1 - p
    if method_ == "C":
        return p + 1 if p % 2 else p - 1
    return p


def problem(method_: str | None, near_positions: int, far_positions: int) -> str | None:
    """Why ``method_`` cannot be applied to a trunk between rear ports of these positions; None if it can."""
    if method_ in (None, "A"):
        return None
    if method_ not in POLARITY_METHODS:
        return f"fibre polarity method {method_} is not one of {', '.join(POLARITY_METHODS)}"
    if near_positions != far_positions:
        return (f"fibre polarity method {method_} needs as many positions at both ends "
                f"({near_positions} and {far_positions})")
    if method_ == "C" and near_positions % 2:
        return f"fibre polarity method C flips pairs and needs an even number of positions, not {near_positions}"
    return None

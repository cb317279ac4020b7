"""The order a technician walks the floor in: natural order of names (``2A-2`` before ``2A-10``)."""
from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural_key(text) -> tuple:
    """Sort key: digits compare as numbers, the rest case-insensitively (None first)."""
    if text is None:
        return ()
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p.lower()) for p in _PARTS.split(str(text)) if p)

"""Fold runs of similar entries into the bulk range notation, as a person would write them.

``C101 PP-1:1 -> SW-1:Gi1/0/1``, ``C102 PP-1:2 -> SW-1:Gi1/0/2``, ... becomes one
entry ``C[101-148] PP-1:[1-48] -> SW-1:Gi1/0/[1-48]``. A fold is kept only
when expanding it gives back exactly the original texts. Keys named in ``lists``
(a cable's ``length``) may differ along a run: the entry then gives a list, one
value per expanded entry, as the site format allows.
"""
from __future__ import annotations

import re

from ..refs import expand, has_pattern

_NUM = re.compile(r"\d+")
MIN_RUN = 3


def _step(a, b):
    """How text ``a`` becomes ``b``: 'same', or the index of the one number that grows by 1; None otherwise."""
    if a == b:
        return "same"
    if not isinstance(a, str) or not isinstance(b, str) or _NUM.sub("#", a) != _NUM.sub("#", b):
        return None
    diff = None
    for i, (ma, mb) in enumerate(zip(_NUM.finditer(a), _NUM.finditer(b))):
        if ma.group() != mb.group():
            if diff is not None or int(mb.group()) != int(ma.group()) + 1:
                return None
            diff = i
    return diff


def _pattern(first: str, last: str, index: int) -> str:
    m1, m2 = list(_NUM.finditer(first))[index], list(_NUM.finditer(last))[index]
    return first[:m1.start()] + f"[{m1.group()}-{m2.group()}]" + first[m1.end():]


def fold_runs(entries: list[dict], varying: tuple[str, ...], same: tuple[str, ...],
              lists: tuple[str, ...] = ()) -> list[dict]:
    """Entries in order, with runs of at least three folded into range patterns.

    ``varying`` keys step by one along a run, ``same`` keys are equal, ``lists``
    keys are gathered into a list where they differ (all present, or all absent).
    """
    out: list[dict] = []
    i = 0
    n = len(entries)
    while i < n:
        first = entries[i]
        j = i
        steps = None
        while j + 1 < n:
            a, b = entries[j], entries[j + 1]
            if any(a.get(k) != b.get(k) for k in same):
                break
            if any((a.get(k) is None) != (b.get(k) is None) for k in lists):
                break
            s = tuple(_step(a.get(k), b.get(k)) for k in varying)
            if None in s or all(x == "same" for x in s) or (steps is not None and s != steps):
                break
            if any(isinstance(a.get(k), str) and has_pattern(a.get(k)) for k in varying):
                break
            steps = s
            j += 1
        if j - i + 1 >= MIN_RUN and steps is not None and steps[0] != "same":
            last = entries[j]
            folded = dict(first)
            for k, s in zip(varying, steps):
                if s != "same":
                    folded[k] = _pattern(first[k], last[k], s)
            run = entries[i:j + 1]
            for k in lists:
                values = [e.get(k) for e in run]
                if any(v != values[0] for v in values):
                    folded[k] = values
            if all(expand(folded[k]) == [e[k] for e in run] for k, s in zip(varying, steps) if s != "same"):
                out.append(folded)
                i = j + 1
                continue
        out.append(first)
        i += 1
    return out

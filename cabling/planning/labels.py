"""TIA-606 labels for planned horizontal links: the site's scheme, continued.

The scheme is a ``str.format`` pattern over the fields of :data:`FIELDS` (the same fields as the
site's ``rules: {label_scheme: ...}``). A site that declares none gets the scheme its existing
labels follow (of :data:`CANDIDATES`, the one most of its horizontal cables match), else
:data:`DEFAULT_SCHEME`, the TIA-606 horizontal link identifier fs-an (``2A-B07``).
"""
from __future__ import annotations

import re
import string

DEFAULT_SCHEME = "{space}-{panel}{port:02}"
CANDIDATES = (DEFAULT_SCHEME, "{space}-{panel}{port:03}", "{space}-{panel}{port}", "{panel_id}-{port:02}",
              "{panel_id}-{port}")
#: How many of the site's labels are compared with each candidate scheme.
SAMPLE = 500
FIELDS = ("space", "panel", "panel_id", "port", "outlet", "jack", "floor", "room", "rack")

_DIGITS = re.compile(r"([0-9]+)\Z")


def port_number(name: str) -> int | None:
    m = _DIGITS.search(name)
    return int(m.group(1)) if m else None


def values(*, space, panel_id, front, outlet, jack, floor, room, rack) -> dict:
    """The fields of a label for a link on panel ``panel_id`` front port ``front``."""
    return {"space": space, "panel": panel_id.rsplit("-", 1)[-1], "panel_id": panel_id, "port": port_number(front),
            "outlet": outlet, "jack": jack, "floor": floor, "room": room, "rack": rack}


def render(scheme: str, fields: dict) -> str | None:
    """The label ``scheme`` gives for ``fields``; None when a field it needs is unknown."""
    try:
        needed = [name for _t, name, _s, _c in string.Formatter().parse(scheme) if name]
    except ValueError:
        return None
    if any(fields.get(n) is None for n in needed):
        return None
    try:
        return scheme.format(**fields)
    except (ValueError, KeyError, IndexError):
        return None


def site_scheme(site, examples) -> tuple[str, str]:
    """(scheme, where it comes from) for ``site``; ``examples`` are (label, fields) of its horizontal cables."""
    declared = (getattr(site, "rules", None) or {}).get("label_scheme") if isinstance(
        getattr(site, "rules", None), dict) else None
    if declared:
        return declared, "the site's rules: label_scheme"
    examples = [(label, f) for label, f in examples if label][:SAMPLE]
    if examples:
        best = max(CANDIDATES, key=lambda s: (sum(render(s, f) == label for label, f in examples), -CANDIDATES.index(s)))
        hits = sum(render(best, f) == label for label, f in examples)
        if hits:
            return best, f"followed by {hits} of {len(examples)} labelled horizontal cables of the site compared"
    return DEFAULT_SCHEME, "TIA-606 fs-an (the site has no labelled horizontal cable to follow)"

"""TIA-606 labels of horizontal links: the fields of a label scheme, and the one formatter.

A scheme is a ``str.format`` pattern over the fields of :data:`FIELDS` (the site's
``rules: {label_scheme: ...}``). The label rule (L102, :mod:`cabling.faults.labels`) checks each
horizontal cable's label against it; the planner (:mod:`cabling.planning.allocate`) labels new
links with it. Both build the fields with :func:`horizontal_values` or :func:`values` and format
with :func:`format_label`, so the label the planner gives is the label the rule expects.

A site that declares no scheme gets the one its existing labels follow (:func:`site_scheme`: of
:data:`CANDIDATES`, the one most of its horizontal cables match), else :data:`DEFAULT_SCHEME`,
the TIA-606 horizontal link identifier fs-an (``2A-B07``).
"""
from __future__ import annotations

import re
import string

#: Fields a label scheme may use (str.format fields; a format spec such as ':02' is allowed).
FIELDS = {
    "space": "telecom space of the panel (its rack's), e.g. 2A",
    "panel": "the panel's letter(s): the last '-' part of its id (PP-2A-B -> B)",
    "panel_id": "the panel's whole id",
    "port": "the panel port number (an integer: write {port:02} for 07)",
    "outlet": "the outlet's id",
    "jack": "the outlet jack (its front port name)",
    "floor": "the outlet's floor id",
    "room": "the outlet's room id",
    "rack": "the panel's rack id",
}

DEFAULT_SCHEME = "{space}-{panel}{port:02}"
CANDIDATES = (DEFAULT_SCHEME, "{space}-{panel}{port:03}", "{space}-{panel}{port}", "{panel_id}-{port:02}",
              "{panel_id}-{port}")
#: How many of the site's labels are compared with each candidate scheme.
SAMPLE = 500

_DIGITS = re.compile(r"([0-9]+)\Z")


def port_number(name: str) -> int | None:
    """The number a port name ends with (``R07`` -> 7), or None."""
    m = _DIGITS.search(name)
    return int(m.group(1)) if m else None


def values(*, space, panel_id, front, outlet, jack, floor, room, rack) -> dict:
    """The fields of a label for a link on panel ``panel_id`` front port ``front``."""
    return {"space": space, "panel": panel_id.rsplit("-", 1)[-1], "panel_id": panel_id, "port": port_number(front),
            "outlet": outlet, "jack": jack, "floor": floor, "room": room, "rack": rack}


def _front(port):
    """The front port behind rear ``port`` (a panel's or an outlet's), else ``port`` itself; None if it has none."""
    if port.kind == "rear":
        return next((f for f, _pos in (port.fronts or {}).values()), None)
    return port


def horizontal_values(outlet_port, panel_port, space) -> dict:
    """The fields of the label of the horizontal cable between ``outlet_port`` and ``panel_port``.

    ``space`` is the telecom space the label names (the panel's, or its rack's).
    """
    panel, outlet = panel_port.device, outlet_port.device
    front = _front(panel_port)
    jack = _front(outlet_port)
    room = outlet.room
    return values(space=space.id if space is not None else None, panel_id=panel.id, front=(front or panel_port).name,
                  outlet=outlet.id, jack=jack.name if jack else None,
                  floor=room.floor.id if room is not None and room.floor is not None else None,
                  room=room.id if room is not None else None, rack=panel.rack.id if panel.rack else None)


def scheme_problem(scheme: str) -> str | None:
    """Why a label scheme cannot be used, or None."""
    try:
        parsed = list(string.Formatter().parse(scheme))
    except ValueError as exc:
        return f"label scheme {scheme!r} is not a format: {exc}"
    for _text, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in FIELDS:
            return (f"label scheme {scheme!r}: unknown field {{{name}}}; fields are "
                    + ", ".join("{" + f + "}" for f in FIELDS))
        if conv:
            return f"label scheme {scheme!r}: conversion !{conv} is not allowed"
        if spec and "{" in spec:
            return f"label scheme {scheme!r}: nested fields are not allowed"
    return None


def format_label(scheme: str, fields: dict) -> str | None:
    """The label ``scheme`` gives for ``fields``; None when a field it needs is unknown or does not fit."""
    try:
        return scheme.format(**{k: v for k, v in fields.items() if v is not None})
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return None


def site_scheme(site, examples) -> tuple[str, str]:
    """(scheme, where it comes from) for ``site``; ``examples`` are (label, fields) of its horizontal cables."""
    declared = (getattr(site, "rules", None) or {}).get("label_scheme") if isinstance(
        getattr(site, "rules", None), dict) else None
    if declared:
        return declared, "the site's rules: label_scheme"
    examples = [(label, f) for label, f in examples if label][:SAMPLE]
    if examples:
        best = max(CANDIDATES, key=lambda s: (sum(format_label(s, f) == label for label, f in examples),
                                              -CANDIDATES.index(s)))
        hits = sum(format_label(best, f) == label for label, f in examples)
        if hits:
            return best, f"followed by {hits} of {len(examples)} labelled horizontal cables of the site compared"
    return DEFAULT_SCHEME, "TIA-606 fs-an (the site has no labelled horizontal cable to follow)"

"""A site's own rule settings (the site file's ``rules:``): limits, design category, label scheme, disabled rules.

Every limit defaults to its figure in :mod:`cabling.standards`; a site overrides it by name
(``rules: {limits: {permanent_link_m: 95}}``). The schema checks the shape; what the schema
cannot know (a rule code that does not exist, a label scheme with an unknown field) is
reported by :func:`problems`.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field

from .. import standards

# limit name in the site file -> (default, unit, source)
LIMITS = {
    "permanent_link_m": (float(standards.PERMANENT_LINK_MAX_M), "m", standards.PERMANENT_LINK_MAX_M.source),
    "channel_m": (float(standards.CHANNEL_MAX_M), "m", standards.CHANNEL_MAX_M.source),
    "cords_m": (float(standards.CORDS_MAX_M), "m", standards.CORDS_MAX_M.source),
    "connections": (float(standards.CHANNEL_MAX_CONNECTIONS), "connections", standards.CHANNEL_MAX_CONNECTIONS.source),
    "fibre_connector_loss_db": (float(standards.FIBRE_CONNECTOR_LOSS_DB), "dB", standards.FIBRE_LOSS_SOURCE),
    "fibre_splice_loss_db": (float(standards.FIBRE_SPLICE_LOSS_DB), "dB", standards.FIBRE_LOSS_SOURCE),
    # no default: the loss an application allows depends on the optics; a site gives its own
    "fibre_loss_budget_db": (None, "dB", "the site's optics (the loss budget of its transceivers)"),
}

# Fields a label scheme may use (str.format fields; a format spec such as ':02' is allowed).
LABEL_FIELDS = {
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


@dataclass
class SiteRules:
    limits: dict[str, float | None] = field(default_factory=lambda: {k: v[0] for k, v in LIMITS.items()})
    design_category: str | None = None
    label_scheme: str | None = None
    disabled: tuple[str, ...] = ()  # codes, prefixes or families, as the site wrote them
    mark: object = None  # where the site's 'rules:' is

    def limit(self, name: str) -> float | None:
        return self.limits[name]


def site_rules(site) -> SiteRules:
    raw = getattr(site, "rules", None) or {}
    out = SiteRules(mark=getattr(site, "rules_mark", None))
    for k, v in (raw.get("limits") or {}).items():
        if k in out.limits:
            out.limits[k] = float(v)
    out.design_category = raw.get("design_category")
    out.label_scheme = raw.get("label_scheme")
    out.disabled = tuple(raw.get("disable") or ())
    return out


def scheme_problem(scheme: str) -> str | None:
    """Why a label scheme cannot be used, or None."""
    try:
        parsed = list(string.Formatter().parse(scheme))
    except ValueError as exc:
        return f"label scheme {scheme!r} is not a format: {exc}"
    for _text, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in LABEL_FIELDS:
            return (f"label scheme {scheme!r}: unknown field {{{name}}}; fields are "
                    + ", ".join("{" + f + "}" for f in LABEL_FIELDS))
        if conv:
            return f"label scheme {scheme!r}: conversion !{conv} is not allowed"
        if spec and "{" in spec:
            return f"label scheme {scheme!r}: nested fields are not allowed"
    return None


def format_label(scheme: str, values: dict) -> str | None:
    """The label the scheme gives for ``values``; None when a field it needs is unknown or does not fit."""
    try:
        return scheme.format(**{k: v for k, v in values.items() if v is not None})
    except (KeyError, ValueError, TypeError, IndexError):
        return None

"""A site's own rule settings (the site file's ``rules:``): limits, design category, label scheme, disabled rules.

Every limit defaults to its figure in :mod:`cabling.standards`; a site overrides it by name
(``rules: {limits: {permanent_link_m: 95}}``). The schema checks the shape; what the schema
cannot know (a rule code that does not exist, a label scheme with an unknown field) is
reported by :func:`problems`. The label scheme's fields and formatter are :mod:`cabling.analysis.labels`.
"""
from __future__ import annotations

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

"""Lengths the planner records: horizontal cables (the route rounded up) and patch cords (from rack units).

Also the permanent-link limit a telecom space must be within: the site's ``rules: {limits:
{permanent_link_m}}``, else ``PERMANENT_LINK_MAX_M`` (:mod:`cabling.standards`).
"""
from __future__ import annotations

import math

from .. import standards
from ..model import Site
from .free import PanelSlot, Switch

#: Stock patch-cord lengths (m) a cord is rounded up to: common catalogue lengths.
CORD_LENGTHS_M = (0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0)
#: Cord dressing allowance (m) at each end of a patch cord in the rack (manager and bend).
CORD_DRESSING_M = 0.3
#: A work-area cord from a new outlet to the device beside it (phone, access point, camera), metres.
WORK_AREA_CORD_M = 2.0
#: Length recorded for a planned horizontal cable: the route rounded up to this step (m).
CABLE_LENGTH_STEP_M = 0.5


def cable_length(route) -> float:
    """The length recorded for a planned cable: its route (slack included) rounded up to the step."""
    return math.ceil(route.length_m / CABLE_LENGTH_STEP_M) * CABLE_LENGTH_STEP_M


def cord_length(site: Site, slot: PanelSlot, sw: Switch) -> float:
    unit = float(standards.RACK_UNIT_M)
    mid_p = slot.u + slot.height / 2
    mid_s = sw.u + sw.height / 2
    if slot.rack == sw.rack:
        run = abs(mid_p - mid_s) * unit
    else:  # up over the racks and across: each rack's top, plus the distance between them
        a, b = site.racks[slot.rack], site.racks[sw.rack]
        across = math.dist(a.at, b.at) if a.at and b.at else 1.0
        run = (a.u_height - mid_p) * unit + (b.u_height - mid_s) * unit + across
    need = run + 2 * CORD_DRESSING_M
    return next((x for x in CORD_LENGTHS_M if x >= need - 1e-9), math.ceil(need))


def permanent_link_limit(site: Site) -> float:
    rules = getattr(site, "rules", None)
    if isinstance(rules, dict):
        v = (rules.get("limits") or {}).get("permanent_link_m")
        if v is not None:
            return float(v)
    return float(standards.PERMANENT_LINK_MAX_M)

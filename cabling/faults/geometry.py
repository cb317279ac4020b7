"""Geometry: the checks of :mod:`cabling.geometry.checks` (routes, fill, placement) as rules.

The checks run once per scan (routes computed once) and each is reported under its own code. Two
checks have no rule: an outlet outside its room's polygon and a room outside its floor are load
errors already (``cabling validate``), so a site that loads never breaks them.
"""
from __future__ import annotations

from .. import standards
from ..geometry import checks
from .catalogue import Rule, dedent, register

FAMILY = "geometry"

# (code, check, what is reported on, severity, summary, source, explanation, fails, passes)
_RULES = [
    ("G101", "recorded-length-short", "cable", "warning", "recorded length shorter than the cable's route",
     "geometry: no cable is shorter than the way it runs (service loops of " + standards.SLACK_SOURCE + ")",
     "A horizontal cable's recorded length is shorter than its route from the outlet to the rack along the "
     "site's pathways (or the straight line when no pathway reaches): the length, or a position, is wrong.",
     """
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE, at: [50, 25]}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 20, label: 1A-A02}""",
     """
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE, at: [50, 25]}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 60, label: 1A-A02}"""),
    ("G102", "route-over-permanent-link", "cable", "warning", "horizontal route longer than 90 m",
     standards.PERMANENT_LINK_MAX_M.source,
     "The route of a horizontal cable (along the pathways, with its service loops) is longer than the 90 m "
     "permanent link, whatever length is recorded.",
     """
      floors:
        - {id: '2', outline: [[0, 0], [200, 0], [200, 30], [0, 30]]}
      rooms:
        - {id: FAR, floor: '2', polygon: [[0, 0], [200, 0], [200, 30], [0, 30]]}
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: FAR, at: [150, 20]}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 160, label: 1A-A02}""",
     """
      floors:
        - {id: '2', outline: [[0, 0], [200, 0], [200, 30], [0, 30]]}
      rooms:
        - {id: FAR, floor: '2', polygon: [[0, 0], [200, 0], [200, 30], [0, 30]]}
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: FAR, at: [40, 20]}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 60, label: 1A-A02}"""),
    ("G103", "pathway-overfilled", "pathway", "warning", "pathway past its capacity or TIA-569 fill",
     standards.PATHWAY_FILL_SOURCE,
     "More cables are routed through a pathway than its `capacity`, or their cross-sections fill more of its "
     "inner size than TIA-569 guidance (conduit 53/31/40 %, tray 40 %).",
     """
      pathways:
        - {id: T-1, kind: tray, floor: '1', path: [[2, 2], [55, 2]], capacity: 1}
      devices:
        - {id: '1A-[002-003]', model: cabling-outlet-1, room: OFFICE, at: [[50, 2.2], [52, 2.2]]}
      cables:
        - {id: 'H-[2-3]', a: '1A-[002-003]:R1', b: 'PP-1A-A:R[2-3]', type: cat6, length: 60}""",
     """
      pathways:
        - {id: T-1, kind: tray, floor: '1', path: [[2, 2], [55, 2]], capacity: 3}
      devices:
        - {id: '1A-[002-003]', model: cabling-outlet-1, room: OFFICE, at: [[50, 2.2], [52, 2.2]]}
      cables:
        - {id: 'H-[2-3]', a: '1A-[002-003]:R1', b: 'PP-1A-A:R[2-3]', type: cat6, length: 60}"""),
    ("G104", "outlet-outside-floor", "device", "warning", "outlet drawn outside its floor's outline",
     "geometry: an outlet stands on its floor",
     "An outlet whose room has no polygon lies outside its floor's outline.",
     """
      floors:
        - {id: '2', outline: [[0, 0], [20, 0], [20, 20], [0, 20]]}
      rooms:
        - {id: HALL, floor: '2'}
      devices:
        - {id: 2A-001, model: cabling-outlet-1, room: HALL, at: [30, 5]}""",
     """
      floors:
        - {id: '2', outline: [[0, 0], [20, 0], [20, 20], [0, 20]]}
      rooms:
        - {id: HALL, floor: '2'}
      devices:
        - {id: 2A-001, model: cabling-outlet-1, room: HALL, at: [10, 5]}"""),
    ("G105", "pathway-joins-nothing", "pathway", "warning", "pathway from which no rack can be reached",
     "geometry: a cable can be routed on a pathway only when it leads to a rack",
     "A pathway (or a group of pathways that meet) reaches no rack, or a riser meets no pathway on a floor: "
     "no cable can be routed on it.",
     """
      pathways:
        - {id: T-1, kind: tray, floor: '1', path: [[2, 2], [20, 2]]}
        - {id: T-9, kind: tray, floor: '1', path: [[30, 20], [50, 20]]}""",
     """
      pathways:
        - {id: T-1, kind: tray, floor: '1', path: [[2, 2], [20, 2]]}
        - {id: T-9, kind: tray, floor: '1', path: [[20, 2], [20, 20], [50, 20]]}"""),
]
CODE_OF = {check: code for code, check, *_ in _RULES}  # outlet-outside-room, room-outside-floor: load errors
_SUBJECT = {code: subject for code, _check, subject, *_ in _RULES}


def _geo_findings(ctx):
    found = getattr(ctx, "_geometry", None)
    if found is None:
        by_code: dict[str, list] = {}
        for f in checks.findings(ctx.inventory, ctx.outlet_cables):
            if f.check in CODE_OF:
                by_code.setdefault(CODE_OF[f.check], []).append(f)
        found = ctx._geometry = by_code
    return found


def _checker(code: str):
    def check(ctx):
        for f in _geo_findings(ctx).get(code, ()):
            site = ctx.inventory.sites.get(f.site)
            subject = _SUBJECT[code]
            cables = [site.cables[f.subject]] if subject == "cable" and site and f.subject in site.cables else []
            devices = [site.devices[f.subject]] if subject == "device" and site and f.subject in site.devices else []
            yield ctx.finding(code, f.message, f.mark, site=site, cables=cables, devices=devices,
                              floor=f.floor, at=f.at)

    check.__name__ = f"check_{code}"
    return check


for _code, _check, _subject, _severity, _summary, _source, _explanation, _fails, _passes in _RULES:
    register(Rule(_code, FAMILY, _severity, _summary, _source, _explanation, dedent(_fails),
                  dedent(_passes), _checker(_code)))

"""A plan's allocation put on the floor plans: its new outlets and devices, their routes, the moved and removed.

:func:`plan_map` answers what the viewer's planning view draws for a
:class:`~cabling.planning.allocate.PlanResult`: every new outlet (and end device placed in a room)
with its floor, point and jacks; the route of every new horizontal cable (data, and the voice cable of
an analog extension to its station block's rack), computed as the planner computed it
(:func:`cabling.geometry.routes.routes_from_points`: the stand-in outlet at its point, to the rack of
its panel port); the route of a dark jack brought live (its cable exists); outlets
moved (old and new point) and removed. Pure; same input, same map.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..choices import OUTLET_ROLES
from ..model import Inventory
from .routes import Route, horizontal_ends, route_of, routes_from_points


@dataclass(frozen=True, slots=True)
class PlannedPoint:
    """A device the plan puts on a floor (or an existing one it changes), with what to say about it."""

    id: str
    floor: str | None
    at: tuple[float, float]
    role: str
    room: str | None
    what: str  # 'new', 'proposed', 'activated', 'moved' or 'removed'
    note: str  # one line for the hover: jacks and ports, or the change
    old_at: tuple[float, float] | None = None  # a moved outlet's point today


@dataclass(frozen=True, slots=True)
class PlanMap:
    site: str
    points: tuple[PlannedPoint, ...]
    routes: tuple[Route, ...]  # of the new horizontal cables (and of activated jacks), in jack order

    def points_on(self, floor: str | None, *what: str) -> tuple[PlannedPoint, ...]:
        return tuple(p for p in self.points if p.floor == floor and (not what or p.what in what))

    def routes_on(self, floor: str | None) -> tuple[Route, ...]:
        return tuple(r for r in self.routes if r.points_on(floor))

    @property
    def floors(self) -> tuple[str, ...]:
        """The floors the plan changes something on, in the order the plan first does."""
        seen = [p.floor for p in self.points] + [leg.floor for r in self.routes for leg in r.legs]
        return tuple(dict.fromkeys(f for f in seen if f is not None))


def plan_map(inventory: Inventory, result) -> PlanMap:
    """Where ``result`` (a :class:`~cabling.planning.allocate.PlanResult`) changes the floors of its site."""
    site = inventory.sites[result.site]
    cables = {c.id: c for c in result.cables}
    by_outlet: dict[str, list] = {}
    for j in result.jacks:
        by_outlet.setdefault(j.outlet, []).append(j)
    points: list[PlannedPoint] = []
    jobs = []
    for d in result.devices:
        room = site.rooms.get(d.room) if d.room else None
        if room is None or d.at is None:
            continue  # rack-mounted (a panel or a switch): the tables say where
        floor = room.floor.id if room.floor is not None else None
        jacks = by_outlet.get(d.id, [])
        analog = [v for v in getattr(result, "voice", ()) if v.outlet == d.id]
        if analog:
            note = "; ".join(f"jack {v.jack}: analog extension {v.extension} on {v.station_pair} \u2192 {v.pbx_port}"
                             for v in analog)
        elif d.role in OUTLET_ROLES:
            note = "; ".join(f"jack {j.jack}: {j.panel_port}" + (f" \u2192 {j.switch_port}" if j.switch_port else "")
                             + (f", {j.length_m:g} m" if j.length_m else "") for j in jacks) or "no jack allocated"
        else:
            note = d.model + (f", extension {d.extension}" if d.extension else "")
        points.append(PlannedPoint(d.id, floor, tuple(d.at), d.role, d.room, "proposed" if d.proposed else "new",
                                   note))
        for j in jacks:
            c = cables.get(j.cable) if j.cable else None
            rack = site.racks.get(j.rack)
            if c is not None and rack is not None:
                jobs.append((c.id, room, tuple(d.at), rack, c.type))
    voice = []  # an analog extension's cable runs to a rack of the space of its station block
    for v in getattr(result, "voice", ()):
        c, dev = cables.get(v.cable), next((d for d in result.devices if d.id == v.outlet), None)
        room = site.rooms.get(dev.room) if dev is not None and dev.room else None
        if c is None or room is None or dev.at is None:
            continue
        racks = [rk for rk in site.racks.values() if rk.space is not None and rk.space.id == v.space]
        voice += [((c.id, rk.id), room, tuple(dev.at), rk, c.type) for rk in racks]
    found = routes_from_points(inventory, site, jobs) if jobs else {}
    routes = [found[key] for key, *_ in jobs if key in found]
    to_blocks = routes_from_points(inventory, site, voice) if voice else {}
    for v in getattr(result, "voice", ()):  # the rack whose route is the planner's length
        options = [rt for (cable, _rack), rt in to_blocks.items() if cable == v.cable]
        if options:
            best = min(options, key=lambda rt: abs(rt.length_m - (v.length_m or 0.0)))
            routes.append(replace(best, cable=v.cable))
    for j in result.jacks:
        if j.cable is not None or j.outlet not in site.devices:
            continue
        dev = site.devices[j.outlet]
        for p in dev.ports:
            ends = horizontal_ends(p.cable) if p.cable is not None else None
            if ends is not None and ends[0] is dev:
                r = route_of(inventory, p.cable)
                if r is not None and r not in routes:
                    routes.append(r)
        if dev.at is not None:
            points.append(PlannedPoint(dev.id, _floor(dev), tuple(dev.at), dev.role,
                                       dev.room.id if dev.room else None, "activated",
                                       f"jack {j.jack} brought live: {j.panel_port} \u2192 {j.switch_port}"))
    for ch in result.changes:
        dev = site.devices.get(ch.id) if ch.what == "device" else None
        if dev is None:
            continue
        if ch.field == "at" and ch.new is not None:
            points.append(PlannedPoint(dev.id, _floor(dev), tuple(ch.new), dev.role, dev.room.id if dev.room else None,
                                       "moved", f"moved from [{_xy(ch.old)}] ({ch.why})",
                                       tuple(ch.old) if ch.old is not None else None))
        elif ch.field == "removed" and dev.at is not None:
            points.append(PlannedPoint(dev.id, _floor(dev), tuple(dev.at), dev.role, dev.room.id if dev.room else None,
                                       "removed", ch.why))
    return PlanMap(site.id, tuple(points), tuple(routes))


def _floor(dev) -> str | None:
    return dev.room.floor.id if dev.room is not None and dev.room.floor is not None else None


def _xy(at) -> str:
    return ", ".join(f"{v:g}" for v in at) if at is not None else "?"

"""A trace put on the plans: the routes of its horizontal cables and the floors its ends are on.

:func:`trace_map` answers what the viewer draws for a traced port: every horizontal cable the
trace crosses, with its :class:`~cabling.geometry.routes.Route`, and each path's far end named with
its device, rack or room and floor, so an end on another floor is still named. Pure functions of
the loaded model.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..analysis.trace import Path
from ..model import CircuitTermination, Device, Floor, Inventory, Port
from .routes import Route, route_of


@dataclass(frozen=True, slots=True)
class Place:
    """Where a device stands: floor, room and rack (each None when unknown)."""

    floor: str | None
    floor_name: str | None
    room: str | None
    rack: str | None

    def words(self) -> str:
        bits = []
        if self.rack:
            bits.append(f"rack {self.rack}")
        if self.room:
            bits.append(f"room {self.room}")
        if self.floor is not None:
            bits.append(f"floor {self.floor}" + (f" ({self.floor_name})" if self.floor_name else ""))
        return ", ".join(bits) or "place unknown"


@dataclass(frozen=True, slots=True)
class FarEnd:
    ref: str  # the port where a path ends (or the circuit side)
    device: str | None
    place: Place | None  # None for a circuit termination
    direction: str  # the path's direction: "cable" or "device"
    complete: bool


@dataclass(frozen=True, slots=True)
class TraceMap:
    routes: tuple[Route, ...]  # of the horizontal cables on the paths, in path order
    far_ends: tuple[FarEnd, ...]
    outlets: tuple[str, ...]  # ids of the outlets on the paths
    floor: str | None  # the floor to show: the first outlet's, else the origin's

    def far_ends_off(self, floor: str | None) -> tuple[FarEnd, ...]:
        """The far ends that are not on ``floor``."""
        return tuple(e for e in self.far_ends if e.place is not None and e.place.floor != floor)


def floor_of(device: Device) -> Floor | None:
    """A device's floor: its room's, else its rack's room's, else its telecom space's room's."""
    for room in (device.room, device.rack.room if device.rack is not None else None,
                 device.space.room if device.space is not None else None):
        if room is not None and room.floor is not None:
            return room.floor
    floors = device.site.floors
    return next(iter(floors.values())) if len(floors) == 1 else None


def place_of(device: Device) -> Place:
    floor = floor_of(device)
    room = device.room or (device.rack.room if device.rack is not None else None)
    return Place(floor.id if floor else None, floor.name if floor else None, room.id if room else None,
                 device.rack.id if device.rack is not None else None)


def trace_map(inv: Inventory, origin: Port, paths: list[Path]) -> TraceMap:
    found: list[Route] = []
    seen = set()
    outlets: list[str] = []
    for path in paths:
        for cable in path.cables:
            if id(cable) in seen:
                continue
            seen.add(id(cable))
            route = route_of(inv, cable)
            if route is not None:
                found.append(route)
                if route.outlet not in outlets:
                    outlets.append(route.outlet)
    ends = []
    for path in paths:
        for p in path.destination:
            if p is origin and len(path.steps) == 1:
                continue
            if p.__class__ is CircuitTermination:
                ends.append(FarEnd(inv.ref(p), None, None, path.direction, path.complete))
            else:
                ends.append(FarEnd(inv.ref(p), inv.device_ref(p.device), place_of(p.device), path.direction,
                                   path.complete))
    if found:
        floor = found[0].legs[0].floor
    elif origin.__class__ is CircuitTermination:
        floor = None
    else:
        f = floor_of(origin.device)
        floor = f.id if f else None
    return TraceMap(tuple(found), tuple(ends), tuple(outlets), floor)

"""What a floor plan shows of one floor: outline, rooms, telecom rooms, pathways, risers, racks, outlets.

The printable plan (:mod:`cabling.geometry.plan`) and the viewer's figure
(:mod:`cabling.geometry.figure`) draw the same :class:`FloorLayout`, so they never disagree on
what is on a floor.
"""
from __future__ import annotations

from dataclasses import dataclass

import shapely

from ..choices import OUTLET_ROLES
from ..model import Device, Floor, Pathway, Rack, Room, Site


class PlanError(ValueError):
    """The plan cannot be drawn (no such floor, nothing to draw)."""


@dataclass(frozen=True)
class FloorLayout:
    site: Site
    floor: Floor
    rooms: tuple[Room, ...]  # rooms of the floor with a polygon
    telecom_rooms: frozenset[str]  # ids of the rooms that hold a telecom space
    pathways: tuple[Pathway, ...]  # trays, conduits and ceiling runs on the floor
    risers: tuple[Pathway, ...]  # risers that reach the floor
    racks: tuple[Rack, ...]  # racks of the floor with a position
    outlets: tuple[Device, ...]  # outlets of the floor with a position
    bounds: tuple[float, float, float, float]  # minx, miny, maxx, maxy of everything drawn


def room_label_point(room: Room) -> tuple[float, float]:
    """Where a room's name goes: its centroid, or a point inside when the centroid falls outside."""
    poly = shapely.Polygon(room.polygon)
    c = poly.centroid if poly.contains(poly.centroid) else poly.representative_point()
    return c.x, c.y


def floor_layout(site: Site, floor_id: str) -> FloorLayout:
    """What the plan of ``floor_id`` shows; :class:`PlanError` for an unknown floor or one with nothing to draw."""
    floor = site.floors.get(floor_id)
    if floor is None:
        raise PlanError(f"site {site.id} has no floor {floor_id}")
    rooms = tuple(r for r in site.rooms.values() if r.floor is floor and r.polygon)
    spaces = frozenset(sp.room.id for sp in site.spaces.values() if sp.room is not None)
    pathways = tuple(p for p in site.pathways.values() if p.floor is floor and not p.is_vertical)
    risers = tuple(p for p in site.pathways.values() if p.is_vertical and floor in p.floors)
    racks = tuple(rk for rk in site.racks.values() if rk.room is not None and rk.room.floor is floor and rk.at)
    outlets = tuple(d for d in site.devices.values() if d.role in OUTLET_ROLES and d.at is not None
                    and d.room is not None and d.room.floor is floor)
    geoms = []
    if floor.outline:
        geoms.append(shapely.Polygon(floor.outline))
    geoms += [shapely.Polygon(r.polygon) for r in rooms]
    geoms += [shapely.LineString(p.path) for p in pathways]
    geoms += [shapely.Point(d.at) for d in site.devices.values()
              if d.at is not None and d.room is not None and d.room.floor is floor]
    if not geoms:
        raise PlanError(f"floor {floor.id} has no outline, rooms, pathways or placed devices to draw")
    bounds = shapely.GeometryCollection(geoms).bounds
    return FloorLayout(site, floor, rooms, spaces, pathways, risers, racks, outlets, bounds)


def floors_with_geometry(site: Site) -> list[str]:
    """Floor ids that have something to draw."""
    drawn = {id(f) for f in site.floors.values() if f.outline}
    drawn |= {id(r.floor) for r in site.rooms.values() if r.polygon}
    drawn |= {id(p.floor) for p in site.pathways.values() if p.floor is not None and not p.is_vertical}
    rooms_of_devices = {id(d.room): d.room for d in site.devices.values() if d.at is not None and d.room is not None}
    drawn |= {id(r.floor) for r in rooms_of_devices.values()}
    return [fid for fid, f in site.floors.items() if id(f) in drawn]

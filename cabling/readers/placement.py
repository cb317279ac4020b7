"""Whether things fit where they are placed: rooms inside their floor's outline, devices inside their room,
in units of their rack, and no two devices in one rack unit.

Plainly good shapes are checked in pure Python (:mod:`cabling.readers.planar`); shapely is imported only
for the doubtful ones, and decides them.
"""
from __future__ import annotations

from ..model import Device, Rack
from . import planar

# Tolerance of the placement checks: a room may overhang its floor, a device its room, by 1 cm.
_TOLERANCE_M = 0.01


class _Shape:
    """A valid polygon: planar's when it is plainly simple, else shapely's (grown by the tolerance)."""

    __slots__ = ("points", "planar", "grown")

    def __init__(self, points, simple: bool):
        self.points = points
        self.planar = planar.Polygon(points) if simple else None
        self.grown = None

    def shapely_grown(self):
        if self.grown is None:
            import shapely

            self.grown = shapely.Polygon(self.points).buffer(_TOLERANCE_M)
            shapely.prepare(self.grown)
        return self.grown


def _shape(points) -> _Shape | None:
    """The polygon through ``points``, or None when it is not valid."""
    if planar.is_simple(points):
        return _Shape(points, True)
    import shapely

    return _Shape(points, False) if shapely.Polygon(points).is_valid else None


def _invalid_reason(points) -> str:
    import shapely

    return shapely.is_valid_reason(shapely.Polygon(points))


def _holds_ring(shape: _Shape, points) -> bool:
    if shape.planar is not None and planar.is_simple(points) and shape.planar.covers_ring(points, _TOLERANCE_M):
        return True
    import shapely

    return shape.shapely_grown().contains(shapely.Polygon(points))


def _hold_points(shape: _Shape, points) -> list[bool]:
    """Whether each point lies in the shape grown by the tolerance."""
    if shape.planar is not None:
        found = [shape.planar.covers(p, _TOLERANCE_M) for p in points]
    else:
        found = [None] * len(points)
    doubtful = [i for i, ok in enumerate(found) if ok is None]
    if doubtful:
        import shapely

        inside = shapely.contains_xy(shape.shapely_grown(), [points[i][0] for i in doubtful],
                                     [points[i][1] for i in doubtful])
        for i, ok in zip(doubtful, inside):
            found[i] = bool(ok)
    return found


def check_rack_units(loader, rack: Rack, devices, mark) -> None:
    for dev in devices:
        height = dev.model.u_height or 0
        if dev.u < 1 or dev.u + height - 1 > rack.u_height:
            loader.diag.error(mark, f"device {dev.id}: U{dev.u:g} (height {height:g}U) does not fit "
                                    f"rack {rack.id} of {rack.u_height}U")


def check_geometry(loader) -> None:
    """Rooms inside floors, devices inside rooms, no two devices in one rack unit.

    Plainly good shapes are checked in pure Python (:mod:`cabling.readers.planar`); shapely is
    imported only for the doubtful ones, and decides them.
    """
    for site in loader.inventory.sites.values():
        outlines = {}
        for fl in site.floors.values():
            if fl.outline:
                shape = _shape(fl.outline)
                if shape is None:
                    loader.diag.error(fl.mark, f"floor {fl.id}: outline is not a valid polygon "
                                               f"({_invalid_reason(fl.outline)})")
                    continue
                outlines[fl.id] = shape
        room_polys = {}
        for room in site.rooms.values():
            if not room.polygon:
                continue
            shape = _shape(room.polygon)
            if shape is None:
                loader.diag.error(room.mark, f"room {room.id}: polygon is not valid ({_invalid_reason(room.polygon)})")
                continue
            room_polys[room.id] = shape
            outline = outlines.get(room.floor.id) if room.floor else None
            if outline is not None and not _holds_ring(outline, room.polygon):
                loader.diag.error(room.mark, f"room {room.id}: polygon reaches outside floor {room.floor.id}'s outline")
        by_room: dict[str, list[Device]] = {}
        units: dict[tuple[str, int], Device] = {}
        for dev in site.devices.values():
            if dev.at is not None and dev.room is not None and dev.room.id in room_polys:
                by_room.setdefault(dev.room.id, []).append(dev)
            if dev.rack is not None and dev.u is not None and dev.model.u_height:
                # a full-depth device takes both faces of its units; a half-depth one, its own face
                faces = ("front", "rear") if dev.model.is_full_depth else (dev.face,)
                clash = None
                for half in range(int(dev.u * 2), int((dev.u + dev.model.u_height) * 2)):
                    for face in faces:
                        other = units.get((dev.rack.id, half, face))
                        if other is not None and other is not dev and clash is None:
                            clash = (half / 2, other)  # the lowest unit they share
                        units[dev.rack.id, half, face] = dev
                if clash is not None:
                    loader.diag.error(dev.mark, f"device {dev.id}: U{clash[0]:g} of rack {dev.rack.id} "
                                                f"is taken by {clash[1].id}")
        for room_id, devs in by_room.items():
            for dev, ok in zip(devs, _hold_points(room_polys[room_id], [d.at for d in devs])):
                if not ok:
                    loader.diag.error(dev.mark, f"device {dev.id}: position ({dev.at[0]:g}, {dev.at[1]:g}) "
                                                f"is outside room {room_id}")

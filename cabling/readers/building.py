"""The building of a site file: its floors (and their background images), rooms, telecom spaces, racks,
pathways, routing weights and rules, read into the site by :mod:`cabling.readers.loader` before the devices.

Each function takes the loader (its collector, its tables of failed entries) and one parsed file.
"""
from __future__ import annotations

from pathlib import Path

from ..model import Floor, FloorImage, Pathway, Rack, Room, Site, TelecomSpace
from . import yamlsource
from .sitefiles import OUTSIDE_HINT, outside_folder


def places(loader, data, site: Site) -> None:
    for i, e in loader.entries(data, "floors"):
        fl = Floor(id=e["id"], site=site, name=e.get("name"), level=e.get("level"), height=e.get("height"),
                   outline=_points(e.get("outline")), mark=data["floors"].marks[i])
        if isinstance(e.get("background"), dict):
            fl.background = background(loader, e["background"], fl.id, fl.mark)
        loader._unique(site.floors, fl.id, fl, "floor", fl.mark)
    for i, e in loader.entries(data, "rooms"):
        mark = data["rooms"].marks[i]
        floor = loader._lookup(site.floors, e.get("floor"), "floor", f"room {e['id']}", e.marks.get("floor"))
        room = Room(id=e["id"], site=site, floor=floor, name=e.get("name"),
                    polygon=_points(e.get("polygon")), mark=mark)
        loader._unique(site.rooms, room.id, room, "room", mark)
    for i, e in loader.entries(data, "telecom_spaces"):
        mark = data["telecom_spaces"].marks[i]
        room = loader._lookup(site.rooms, e.get("room"), "room", f"telecom space {e['id']}", e.marks.get("room"))
        sp = TelecomSpace(id=e["id"], site=site, room=room, name=e.get("name"), kind=e.get("kind"), mark=mark)
        for j, fid in enumerate(e.get("serves") or ()):
            fl = loader._lookup(site.floors, fid, "floor", f"telecom space {e['id']}", yamlsource.mark_of(e["serves"], j))
            if fl is not None:
                sp.serves.append(fl)
        loader._unique(site.spaces, sp.id, sp, "telecom space", mark)
    for i, e in loader.entries(data, "racks"):
        mark = data["racks"].marks[i]
        owner = f"rack {e['id']}"
        space = loader._lookup(site.spaces, e.get("space"), "telecom space", owner, e.marks.get("space"))
        room = loader._lookup(site.rooms, e.get("room"), "room", owner, e.marks.get("room"))
        rack = Rack(id=e["id"], site=site, space=space, room=room or (space.room if space else None),
                    name=e.get("name"), u_height=e.get("u_height", 42), at=_point(e.get("at")), mark=mark)
        loader._unique(site.racks, rack.id, rack, "rack", mark)


def background(loader, e, floor_id: str, mark) -> FloorImage | None:
    """The floor's background image, refused when its path leaves the site file's folder (unless allowed)."""
    where = e.marks.get("image", mark) if hasattr(e, "marks") else mark
    folder = Path(mark.file).resolve().parent if mark else Path.cwd()
    rel = e["image"]
    target = (folder / rel).resolve()
    if not loader.allow_outside and outside_folder(folder, rel):
        loader.diag.error(where, f"floor {floor_id}: background image {rel} is outside the site file's folder"
                          + OUTSIDE_HINT)
        return None
    if not target.is_file():
        loader.diag.warning(where, f"floor {floor_id}: background image {rel} does not exist")
    offset = e.get("offset") or (0, 0)
    return FloorImage(str(target), float(e.get("scale", 1.0)), (float(offset[0]), float(offset[1])))


def pathways(loader, data, site: Site) -> None:
    routing = data.get("routing")
    if isinstance(routing, dict):
        site.routing.update({k: float(v) for k, v in routing.items()})
    rules = data.get("rules")
    if isinstance(rules, dict):
        if site.rules_mark is not None:
            loader.diag.error(data.marks["rules"], f"site {site.id}: 'rules:' is given twice (also at {site.rules_mark})")
        else:
            site.rules, site.rules_mark = _plain(rules), data.marks["rules"]
    for i, e in loader.entries(data, "pathways"):
        mark = data["pathways"].marks[i]
        owner = f"pathway {e['id']}"
        kind = e["kind"]
        pw = Pathway(id=e["id"], site=site, kind=kind, name=e.get("name"), capacity=e.get("capacity"),
                     width_mm=e.get("width_mm"), depth_mm=e.get("depth_mm"), diameter_mm=e.get("diameter_mm"),
                     description=e.get("description"), mark=mark)
        if pw.is_vertical:
            if not _pathway_keys(loader, e, owner, mark, ("at", "floors"), ("floor", "path"),
                                 f"a {kind} joins floors at one point"):
                continue
            pw.at = _point(e["at"])
            floors = [loader._lookup(site.floors, fid, "floor", owner, yamlsource.mark_of(e["floors"], j))
                      for j, fid in enumerate(e["floors"])]
            if None in floors:
                continue
            if len({f.id for f in floors}) != len(floors):
                loader.diag.error(e.marks["floors"], f"{owner}: a floor is named twice")
                continue
            pw.floors = floors
        else:
            if not _pathway_keys(loader, e, owner, mark, ("floor", "path"), ("at", "floors"),
                                 f"a {kind} is a line on one floor"):
                continue
            pw.floor = loader._lookup(site.floors, e["floor"], "floor", owner, e.marks.get("floor"))
            if pw.floor is None:
                continue
            pw.path = _points(e["path"])
            if len(set(pw.path)) < 2:
                loader.diag.error(e.marks["path"], f"{owner}: the path needs two different points")
                continue
        loader._unique(site.pathways, pw.id, pw, "pathway", mark)


def _pathway_keys(loader, e, owner, mark, needed, refused, what) -> bool:
    wrong = [k for k in refused if k in e]
    if wrong or any(k not in e for k in needed):
        loader.diag.error(e.marks.get(wrong[0]) if wrong else mark,
                          f"{owner}: {what}: give {needed[0]!r} and {needed[1]!r}"
                          + (f", not {' or '.join(repr(k) for k in wrong)}" if wrong else ""))
        return False
    return True


def _plain(value):
    """A YAML mapping or list as plain dicts and lists (no positions)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _point(p):
    return (p[0], p[1]) if p else None


def _points(ps):
    return [(p[0], p[1]) for p in ps] if ps else None

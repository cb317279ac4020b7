"""Rooms from an architect's DXF drawing (ezdxf).

Each closed polyline (LWPOLYLINE or 2D POLYLINE) on the chosen layer is a room; the TEXT or
MTEXT inside it names it (the first one found; a room without text gets a numbered name).
Coordinates are turned into metres from the drawing's ``$INSUNITS`` (or the unit the caller
gives). :func:`rooms_yaml` writes the rooms in the site format, for one floor.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import shapely

from ..choices import DXF_UNITS_M

# DXF $INSUNITS code -> metres per drawing unit (0 = unitless: taken as metres)
INSUNITS_M = {0: 1.0, 1: 0.0254, 2: 0.3048, 4: 0.001, 5: 0.01, 6: 1.0, 14: 0.1}
UNIT_NAMES_M = DXF_UNITS_M


class DxfError(ValueError):
    """The DXF cannot be read or holds no rooms on the layer."""


@dataclass(frozen=True)
class DxfRoom:
    id: str
    name: str | None
    polygon: tuple[tuple[float, float], ...]  # metres


def _text_of(entity) -> str:
    if entity.dxftype() == "MTEXT":
        return entity.plain_text().strip()
    return entity.dxf.text.strip()


def read_rooms(path, layer: str = "ROOMS", floor: str = "1", units: str | None = None) -> list[DxfRoom]:
    """The rooms drawn as closed polylines on ``layer`` of the DXF at ``path``."""
    import ezdxf

    try:
        doc = ezdxf.readfile(str(path))
    except OSError as exc:
        raise DxfError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except ezdxf.DXFStructureError as exc:
        raise DxfError(f"{path}: not a readable DXF file ({exc})") from None
    except Exception as exc:  # ezdxf raises several kinds on broken input
        raise DxfError(f"{path}: not a readable DXF file ({type(exc).__name__}: {exc})") from None
    layers = [lay.dxf.name for lay in doc.layers]
    match = next((n for n in layers if n.lower() == layer.lower()), None)
    if match is None:
        from ..diagnostics import did_you_mean

        raise DxfError(f"{path}: no layer {layer}{did_you_mean(layer, layers)}; its layers: {', '.join(layers)}")
    if units is not None:
        k = UNIT_NAMES_M[units]
    else:
        k = INSUNITS_M.get(doc.header.get("$INSUNITS", 0), 1.0)
    msp = doc.modelspace()
    shapes = []
    for e in msp.query("LWPOLYLINE POLYLINE"):
        if e.dxf.layer.lower() != match.lower() or not e.is_closed:
            continue
        if e.dxftype() == "LWPOLYLINE":
            pts = [(x * k, y * k) for x, y, *_ in e.get_points("xy")]
        else:
            corners = [v.dxf.get("location") for v in e.vertices]
            if any(c is None for c in corners):  # a damaged file: a VERTEX without its 10/20 group codes
                raise DxfError(f"{path}: polyline #{e.dxf.get('handle', '?')} on layer {match} has a vertex "
                               "without coordinates; the drawing is damaged (save it again from the CAD program)")
            pts = [(c.x * k, c.y * k) for c in corners]
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]
        if len(pts) >= 3:
            shapes.append(pts)
    if not shapes:
        raise DxfError(f"{path}: layer {match} has no closed polylines to read as rooms")
    texts = []
    for e in msp.query("TEXT MTEXT"):
        label = _text_of(e)
        if label:
            p = e.dxf.insert
            texts.append((shapely.Point(p.x * k, p.y * k), label))
    rooms, used = [], set()
    for n, pts in enumerate(shapes, 1):
        poly = shapely.Polygon(pts)
        name = next((label for pt, label in texts if poly.contains(pt)), None)
        base = f"{floor}-" + (_slug(name) if name else f"ROOM{n}")
        rid, i = base, 2
        while rid in used:
            rid, i = f"{base}-{i}", i + 1
        used.add(rid)
        rooms.append(DxfRoom(rid, name, tuple((round(x, 3), round(y, 3)) for x, y in pts)))
    return rooms


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text.split("\n")[0]).strip("-").upper() or "ROOM"


def rooms_yaml(rooms: list[DxfRoom], floor: str, site: str | None, source: str) -> str:
    """The rooms as a site file fragment (``site: ID`` on top when the site is given)."""
    lines = [f"# Rooms of floor {floor}, read from {source} by 'cabling import dxf'."]
    if site is not None:
        lines.append("# Load it together with the file that defines the site.")
        lines.append(f"site: {json.dumps(site)}")
    else:
        lines.append("# Paste the entries into the site file's rooms: (or give --site to load this file beside it).")
    lines.append("rooms:")
    for r in rooms:
        pts = ", ".join(f"[{x:g}, {y:g}]" for x, y in r.polygon)
        name = f", name: {json.dumps(r.name)}" if r.name else ""
        lines.append(f"  - {{id: {json.dumps(r.id)}, floor: {json.dumps(floor)}{name}, polygon: [{pts}]}}")
    return "\n".join(lines) + "\n"

"""A printable floor plan: one A3 landscape page, as SVG text or as PDF bytes.

The drawing comes from the same geometry the routes use: the floor outline, rooms with
their names, telecom rooms, pathways (trays, conduits, ceiling runs, risers), racks,
outlets with their ids and, on request, the routes of the floor's horizontal cables.
The page has a frame, a legend, a scale bar and a title block. The drawing scale is
the largest of the usual architectural scales (1:50 .. 1:2000) at which the floor fits.

:func:`plan_svg` returns SVG text; :func:`plan_pdf` renders that page with weasyprint.
"""
from __future__ import annotations

import base64
import datetime as _dt
import mimetypes
from dataclasses import dataclass
from html import escape
from pathlib import Path

import shapely

from ..model import Floor, Inventory, Site
from .layout import PlanError, floor_layout, floors_with_geometry, room_label_point
from .routes import routes as all_routes

PAGE_W, PAGE_H = 420.0, 297.0  # A3 landscape, mm
MARGIN = 10.0
SIDE_W = 78.0  # legend and title block column
SCALES = (50, 100, 125, 150, 200, 250, 500, 1000, 2000, 5000)
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"

PATHWAY_STYLE = {
    "tray": 'stroke="#e08a00" stroke-width="1.6" stroke-opacity="0.55" stroke-linecap="square"',
    "conduit": 'stroke="#6d4c41" stroke-width="0.6" stroke-dasharray="2.2 1.2"',
    "ceiling": 'stroke="#1e88e5" stroke-width="0.7" stroke-dasharray="0.6 0.9" stroke-linecap="round"',
}
ROUTE_STYLE = 'stroke="#d81b60" stroke-width="0.35" stroke-opacity="0.85" fill="none" stroke-linejoin="round"'
# With a highlight (a plan's new outlets and cables): the rest of the routes recede, the new ones stand out
OTHER_ROUTE_STYLE = 'stroke="#b0bec5" stroke-width="0.25" stroke-opacity="0.7" fill="none" stroke-linejoin="round"'
NEW_ROUTE_STYLE = 'stroke="#d81b60" stroke-width="0.6" stroke-opacity="0.9" fill="none" stroke-linejoin="round"'
NEW_OUTLET_FILL = "#d81b60"


@dataclass(frozen=True)
class _View:
    """Plan metres -> page millimetres."""

    x0: float
    y1: float
    mm_per_m: float
    ox: float
    oy: float

    def p(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + (x - self.x0) * self.mm_per_m, self.oy + (self.y1 - y) * self.mm_per_m

    def pts(self, points) -> str:
        return " ".join(f"{a:.2f},{b:.2f}" for a, b in (self.p(x, y) for x, y in points))


def _scale_for(width_m: float, height_m: float, area_w: float, area_h: float) -> int:
    for s in SCALES:
        if width_m * 1000 / s <= area_w and height_m * 1000 / s <= area_h:
            return s
    return SCALES[-1]


def _nice_step(length_m: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500):
        if length_m / step <= 5:
            return step
    return 1000.0


def plan_svg(inv: Inventory, site: Site, floor_id: str, show_routes: bool = False, today: _dt.date | None = None,
             highlight: frozenset[str] | set[str] | None = None, subtitle: str | None = None) -> str:
    """The floor plan page of ``floor_id`` of ``site`` as SVG text (millimetre units, A3 landscape).

    ``highlight``: ids of outlets and cables to stand out (a plan's new ones, for its work orders): they
    are drawn larger and in colour, the other routes in grey; the legend and title block count them.
    ``subtitle`` replaces the line under the floor's title.
    """
    new = frozenset(highlight or ())
    lay = floor_layout(site, floor_id)
    floor = lay.floor
    minx, miny, maxx, maxy = lay.bounds
    pad = 1.0
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    area_w = PAGE_W - 2 * MARGIN - SIDE_W - 8
    area_h = PAGE_H - 2 * MARGIN - 22
    scale = _scale_for(maxx - minx, maxy - miny, area_w, area_h)
    k = 1000.0 / scale
    ox = MARGIN + 4 + (area_w - (maxx - minx) * k) / 2
    oy = MARGIN + 12 + (area_h - (maxy - miny) * k) / 2
    v = _View(minx, maxy, k, ox, oy)
    out: list[str] = []
    w = out.append
    w(f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
      f'width="{PAGE_W}mm" height="{PAGE_H}mm" viewBox="0 0 {PAGE_W} {PAGE_H}" font-family="{FONT}">')
    w(f'<title>{escape(site.name or site.id)}: floor {escape(floor.name or floor.id)}</title>')
    w(f'<rect x="0" y="0" width="{PAGE_W}" height="{PAGE_H}" fill="white"/>')
    w(f'<rect x="{MARGIN}" y="{MARGIN}" width="{PAGE_W - 2 * MARGIN}" height="{PAGE_H - 2 * MARGIN}" '
      'fill="none" stroke="#222" stroke-width="0.5"/>')
    floor_title = f"Floor {floor.id}" + (f" \u2013 {floor.name}" if floor.name else "")
    w(f'<text x="{MARGIN + 4}" y="{MARGIN + 7}" font-size="5" font-weight="bold" fill="#222">'
      f'{escape(floor_title)}</text>')
    sub = subtitle or (f"{site.name or site.id} \u00b7 cabling floor plan"
                       + (" with cable routes" if show_routes else ""))
    w(f'<text x="{MARGIN + 4}" y="{MARGIN + 11.5}" font-size="2.8" fill="#555">{escape(sub)}</text>')
    if floor.background is not None:
        w(_background(floor, v))
    # ---------------------------------------------------------------- floor and rooms
    if floor.outline:
        w(f'<polygon points="{v.pts(floor.outline)}" fill="#fafafa" stroke="#263238" stroke-width="0.9"/>')
    rooms = lay.rooms
    for r in rooms:
        fill = "#fff3e0" if r.id in lay.telecom_rooms else "#ffffff"
        w(f'<polygon points="{v.pts(r.polygon)}" fill="{fill}" fill-opacity="0.85" stroke="#455a64" stroke-width="0.35"/>')
    # ---------------------------------------------------------------- pathways
    for pw in lay.pathways:
        w(f'<polyline points="{v.pts(pw.path)}" fill="none" {PATHWAY_STYLE.get(pw.kind, PATHWAY_STYLE["tray"])}/>')
    risers = lay.risers
    for pw in risers:
        x, y = v.p(*pw.at)
        s = 1.6
        w(f'<g stroke="#6a1b9a" stroke-width="0.35" fill="#f3e5f5"><rect x="{x - s:.2f}" y="{y - s:.2f}" '
          f'width="{2 * s}" height="{2 * s}"/><path d="M{x - s:.2f},{y - s:.2f} L{x + s:.2f},{y + s:.2f} '
          f'M{x - s:.2f},{y + s:.2f} L{x + s:.2f},{y - s:.2f}" fill="none"/></g>')
        w(f'<text x="{x + s + 0.8:.2f}" y="{y - s:.2f}" font-size="1.8" fill="#6a1b9a">{escape(pw.id)}</text>')
    # ---------------------------------------------------------------- routes
    routed = estimated = new_routed = 0
    if show_routes:
        on_floor = [r for r in all_routes(inv).values() if r.site == site.id and r.points_on(floor.id)]
        for r in sorted(on_floor, key=lambda r: r.cable in new):  # the new ones on top
            routed += 1
            estimated += r.estimated
            new_routed += r.cable in new
            base = ROUTE_STYLE if not new else NEW_ROUTE_STYLE if r.cable in new else OTHER_ROUTE_STYLE
            style = base + (' stroke-dasharray="1 0.8"' if r.estimated else "")
            for pts in r.points_on(floor.id):
                w(f'<polyline points="{v.pts(pts)}" {style}/>')
    # ---------------------------------------------------------------- room names (over pathways and routes)
    for r in rooms:
        poly = shapely.Polygon(r.polygon)
        x, y = v.p(*room_label_point(r))
        name = r.name or r.id
        size = min(2.8, max(1.4, (poly.bounds[2] - poly.bounds[0]) * k / max(len(name), 1) * 1.6))
        w(f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size:.2f}" text-anchor="middle" fill="#37474f">{escape(name)}</text>')
        if r.name:
            w(f'<text x="{x:.2f}" y="{y + size:.2f}" font-size="{size * 0.65:.2f}" text-anchor="middle" '
              f'fill="#78909c">{escape(r.id)}</text>')
    # ---------------------------------------------------------------- racks and outlets
    racks = lay.racks
    for rk in racks:
        x, y = v.p(*rk.at)
        rw, rh = 0.6 * k, 1.0 * k
        w(f'<rect x="{x - rw / 2:.2f}" y="{y - rh / 2:.2f}" width="{rw:.2f}" height="{rh:.2f}" fill="#37474f" '
          f'stroke="#000" stroke-width="0.2"/>')
        w(f'<text x="{x:.2f}" y="{y + rh / 2 + 2.2:.2f}" font-size="1.9" font-weight="bold" text-anchor="middle" '
          f'fill="#263238">{escape(rk.id)}</text>')
    outlets = lay.outlets
    for d in sorted(outlets, key=lambda d: d.id in new):
        x, y = v.p(*d.at)
        is_new = d.id in new
        s = 1.3 if is_new else 0.9
        fill, ink = (NEW_OUTLET_FILL, "#880e4f") if is_new else ("#2e7d32", "#1b5e20")
        w(f'<path d="M{x:.2f},{y - s:.2f} L{x + s:.2f},{y + s * 0.75:.2f} L{x - s:.2f},{y + s * 0.75:.2f} Z" '
          f'fill="{fill}" stroke="{ink}" stroke-width="0.15"/>')
        bold = ' font-weight="bold"' if is_new else ""
        w(f'<text x="{x + s + 0.2:.2f}" y="{y - 0.6:.2f}" font-size="{1.6 if is_new else 1.25}" fill="{ink}"{bold}>'
          f'{escape(d.id)}</text>')
    # ---------------------------------------------------------------- side column: legend, scale, title block
    sx = PAGE_W - MARGIN - SIDE_W
    w(f'<line x1="{sx}" y1="{MARGIN}" x2="{sx}" y2="{PAGE_H - MARGIN}" stroke="#222" stroke-width="0.35"/>')
    w(_legend(sx + 5, MARGIN + 8, site, floor, show_routes, bool(new)))
    w(_north(sx + SIDE_W - 12, MARGIN + 12))
    w(_scale_bar(v, MARGIN + 6, PAGE_H - MARGIN - 7, maxx - minx, scale))
    counts = {"Outlets": len(outlets), "Racks": len(racks),
              "Pathways": len(lay.pathways) + len(risers)}
    if new:
        counts["New outlets"] = sum(1 for d in outlets if d.id in new)
    if show_routes:
        counts["Routes"] = routed
        if new:
            counts["New routes"] = new_routed
        if estimated:
            counts["Estimated"] = estimated
    w(_title_block(sx, site, floor, scale, counts, today or _dt.date.today()))
    w("</svg>")
    return "\n".join(out) + "\n"


def _background(floor: Floor, v: _View) -> str:
    bg = floor.background
    path = Path(bg.path)
    if not path.is_file():
        return ""
    mime = mimetypes.guess_type(path.name)[0] or "image/png"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    size = _image_size(path)
    if size is None:
        return ""
    wpx, hpx = size
    x, y = v.p(bg.offset[0], bg.offset[1] + hpx * bg.scale)
    return (f'<image x="{x:.2f}" y="{y:.2f}" width="{wpx * bg.scale * v.mm_per_m:.2f}" '
            f'height="{hpx * bg.scale * v.mm_per_m:.2f}" opacity="0.35" preserveAspectRatio="none" '
            f'xlink:href="data:{mime};base64,{data}"/>')


def _image_size(path: Path) -> tuple[float, float] | None:
    """Pixel size of a PNG or JPEG, or the width/height of an SVG; None if it cannot be read."""
    raw = path.read_bytes()
    if raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) >= 24:
        return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
    if raw[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(raw):
            if raw[i] != 0xFF:
                return None
            marker, seg = raw[i + 1], int.from_bytes(raw[i + 2:i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                return int.from_bytes(raw[i + 7:i + 9], "big"), int.from_bytes(raw[i + 5:i + 7], "big")
            i += 2 + seg
        return None
    if path.suffix.lower() == ".svg":
        import re

        head = raw[:4000].decode("utf-8", "replace")
        m = re.search(r'viewBox="\s*[-\d.]+[ ,]+[-\d.]+[ ,]+([\d.]+)[ ,]+([\d.]+)', head)
        if m:
            return float(m.group(1)), float(m.group(2))
    return None


def _legend(x: float, y: float, site: Site, floor: Floor, show_routes: bool, highlight: bool = False) -> str:
    rows = [
        ('<polygon points="0,-1.2 4,-1.2 4,1.2 0,1.2" fill="#ffffff" stroke="#455a64" stroke-width="0.35"/>', "Room"),
        ('<polygon points="0,-1.2 4,-1.2 4,1.2 0,1.2" fill="#fff3e0" stroke="#455a64" stroke-width="0.35"/>',
         "Telecom room"),
        ('<rect x="1.4" y="-1.2" width="1.4" height="2.4" fill="#37474f"/>', "Rack"),
        ('<path d="M2,-0.9 L2.9,0.7 L1.1,0.7 Z" fill="#2e7d32"/>', "Outlet (with its id)"),
    ]
    if highlight:
        rows.append((f'<path d="M2,-1.3 L3.3,1 L0.7,1 Z" fill="{NEW_OUTLET_FILL}"/>', "New outlet (this plan)"))
    for kind, label in (("tray", "Cable tray"), ("conduit", "Conduit"), ("ceiling", "Ceiling run (J-hooks)")):
        rows.append((f'<line x1="0" y1="0" x2="4" y2="0" {PATHWAY_STYLE[kind]}/>', label))
    rows.append(('<g stroke="#6a1b9a" stroke-width="0.3" fill="#f3e5f5"><rect x="1" y="-1" width="2" height="2"/>'
                 '<path d="M1,-1 L3,1 M1,1 L3,-1"/></g>', "Riser"))
    if show_routes and highlight:
        rows.append((f'<line x1="0" y1="0" x2="4" y2="0" {NEW_ROUTE_STYLE}/>', "New cable route (this plan)"))
        rows.append((f'<line x1="0" y1="0" x2="4" y2="0" {OTHER_ROUTE_STYLE}/>', "Existing cable route"))
    elif show_routes:
        rows.append((f'<line x1="0" y1="0" x2="4" y2="0" {ROUTE_STYLE}/>', "Cable route"))
        rows.append((f'<line x1="0" y1="0" x2="4" y2="0" {ROUTE_STYLE} stroke-dasharray="1 0.8"/>',
                     "Estimated route (no pathway)"))
    parts = [f'<g transform="translate({x:.2f},{y:.2f})">',
             '<text x="0" y="0" font-size="3.2" font-weight="bold" fill="#222">Legend</text>']
    for i, (sym, label) in enumerate(rows):
        yy = 6 + i * 5
        parts.append(f'<g transform="translate(0,{yy})">{sym}</g>'
                     f'<text x="7" y="{yy + 1:.2f}" font-size="2.6" fill="#333">{escape(label)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _north(x: float, y: float) -> str:
    return (f'<g transform="translate({x:.2f},{y:.2f})"><path d="M0,-5 L2.4,3 L0,1.6 L-2.4,3 Z" fill="#222"/>'
            '<text x="0" y="7.5" font-size="3" text-anchor="middle" font-weight="bold">N</text></g>')


def _scale_bar(v: _View, x: float, y: float, width_m: float, scale: int) -> str:
    step = _nice_step(width_m / 2)
    n = 4
    seg = step * v.mm_per_m
    parts = [f'<g transform="translate({x:.2f},{y:.2f})">']
    for i in range(n):
        fill = "#222" if i % 2 == 0 else "#fff"
        parts.append(f'<rect x="{i * seg:.2f}" y="0" width="{seg:.2f}" height="1.6" fill="{fill}" '
                     'stroke="#222" stroke-width="0.25"/>')
    for i in range(n + 1):
        parts.append(f'<text x="{i * seg:.2f}" y="-1" font-size="2.2" text-anchor="middle">{i * step:g}</text>')
    parts.append(f'<text x="{n * seg + 3:.2f}" y="1.6" font-size="2.4">m \u00b7 scale 1:{scale} at A3</text>')
    parts.append("</g>")
    return "".join(parts)


def _title_block(sx: float, site: Site, floor: Floor, scale: int, counts: dict, today: _dt.date) -> str:
    top = PAGE_H - MARGIN - 62
    right = PAGE_W - MARGIN
    rows = [("Site", site.name or site.id), ("Address", site.address or "\u2013"),
            ("Floor", f"{floor.id}" + (f" \u2013 {floor.name}" if floor.name else "")),
            ("Scale", f"1:{scale} at A3 (420 \u00d7 297 mm)"), ("Date", today.isoformat())]
    rows += [(k, str(n)) for k, n in counts.items()]
    parts = [f'<rect x="{sx}" y="{top}" width="{right - sx}" height="{PAGE_H - MARGIN - top}" fill="#fafafa" '
             'stroke="#222" stroke-width="0.35"/>',
             f'<text x="{sx + 4}" y="{top + 6}" font-size="3.6" font-weight="bold">{escape(site.name or site.id)}</text>']
    line_h = (PAGE_H - MARGIN - top - 16) / max(len(rows), 1)
    line_h = min(line_h, 4.6)
    for i, (label, value) in enumerate(rows):
        yy = top + 12 + i * line_h
        parts.append(f'<line x1="{sx}" y1="{yy - line_h + 1.2:.2f}" x2="{right}" y2="{yy - line_h + 1.2:.2f}" '
                     'stroke="#ccc" stroke-width="0.2"/>')
        parts.append(f'<text x="{sx + 4}" y="{yy:.2f}" font-size="2.4" fill="#666">{escape(label)}</text>')
        parts.append(f'<text x="{sx + 24}" y="{yy:.2f}" font-size="2.6" fill="#111">{escape(_clip(value, 38))}</text>')
    parts.append(f'<text x="{right - 3}" y="{PAGE_H - MARGIN - 2.5}" font-size="2" fill="#888" text-anchor="end">'
                 'drawn by cabling from the site file</text>')
    return "".join(parts)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def plan_pdf(inv: Inventory, site: Site, floor_id: str, show_routes: bool = False, today: _dt.date | None = None) -> bytes:
    """The same page as :func:`plan_svg`, as a one-page PDF (weasyprint)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: pango or cairo missing on the system
        raise PlanError(f"PDF output needs weasyprint and its system libraries (pango): {exc}; "
                        "write a .svg instead") from None
    svg = plan_svg(inv, site, floor_id, show_routes, today)
    html = ('<!doctype html><html><head><meta charset="utf-8"><style>'
            f'@page {{ size: {PAGE_W}mm {PAGE_H}mm; margin: 0 }} html, body {{ margin: 0; padding: 0 }}'
            f'svg {{ display: block; width: {PAGE_W}mm; height: {PAGE_H}mm }}</style></head><body>'
            + svg + "</body></html>")
    return HTML(string=html).write_pdf()


__all__ = ["PlanError", "floors_with_geometry", "plan_pdf", "plan_svg"]

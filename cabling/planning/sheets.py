"""Printable work orders: one HTML document per plan, and the same as PDF (A4 or Letter); label sheets.

:func:`workorders_html` (pure) lays out :class:`~cabling.planning.workorders.WorkOrders` for print:
a cover with the plan's header and totals, the numbered tasks per telecom space and floor (a done
box on every task, an empty result box on the certify and test ones), the note for the network
team, the bill of materials, the acceptance checklist with sign-off lines and a floor-plan sheet per floor
(:class:`FloorSheet`: the library's printable plan, :func:`cabling.geometry.plan.plan_svg`, with the
plan's new outlets and routes highlighted, on a landscape page). :func:`labels_html` (pure) lays
out the labels on a grid of 63.5 x 38.1 mm labels (3 x 7 on A4 and on Letter), each with its text and
a QR code (segno) of its link's cable id. :func:`pdf` renders either document with weasyprint.

:func:`planned_inventory` loads the site with the plan's new devices and cables beside it, and
:func:`floor_sheets` draws the floors the plan touches from it. :func:`printed` puts it all
together, as ``cabling workorders`` and the viewer's planning view write it: both documents' HTML
under their file names, the floor sheets drawn, and a note for what could not be drawn
(:meth:`Printed.pdfs` renders them).
"""
from __future__ import annotations

import datetime as _dt
import io
import json
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .. import standards
from ..choices import OUTLET_ROLES
from .workorders import WorkOrders

#: Paper sizes, millimetres (portrait): ISO 216 A4 and US Letter (8.5 x 11 in).
PAPER = {name: (float(w), float(h)) for name, (w, h) in standards.PAPER_MM.items()}
#: Page margin of the task pages, mm.
MARGIN_MM = 14.0
#: The floor plan's own page (A3 landscape, :mod:`cabling.geometry.plan`), for its aspect ratio.
PLAN_W_MM, PLAN_H_MM = 420.0, 297.0
#: A label (the common 3 x 7 sheet of 63.5 x 38.1 mm labels, e.g. Avery L7160), and the gaps between them.
LABEL_W_MM, LABEL_H_MM, LABEL_GAP_MM = 63.5, 38.1, 2.5
#: The smallest margin a printer leaves around a label sheet, mm.
LABEL_MIN_MARGIN_MM = 5.0
#: Side of a label's QR code with its quiet zone, mm.
QR_MM = 27.0

#: Task kinds whose outcome the crew writes down (pass or fail): a result box beside them.
RESULT_KINDS = frozenset({"certify", "test"})

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"  # as the floor plans (cabling.geometry.plan)


@dataclass(frozen=True, slots=True)
class FloorSheet:
    """One floor's plan for the work orders: the SVG page and what of the plan it shows."""

    floor: str
    name: str | None
    svg: str  # :func:`cabling.geometry.plan.plan_svg` with the plan's outlets and cables highlighted
    outlets: tuple[str, ...]  # the plan's new outlets on this floor
    routes: int  # the plan's new horizontal cables drawn on this floor


# ------------------------------------------------------------------ the planned site and its floors
def planned_inventory(site_paths, result):
    """The site files loaded with the plan's new devices and cables beside them (as ``cabling plan`` checks).

    Raises what the loader raises when the planned site does not load.
    """
    from ..readers.loader import load

    with tempfile.TemporaryDirectory(prefix="cabling-workorders-") as tmp:
        frag = Path(tmp) / "plan.yaml"
        frag.write_text(json.dumps(result.site_fragment(), indent=1), encoding="utf-8")
        return load([str(p) for p in site_paths] + [str(frag)])


def floor_sheets(planned, result, today: _dt.date | None = None) -> tuple[list[FloorSheet], list[str]]:
    """The floor-plan sheets of the floors with the plan's new outlets or routes, in the site's floor order.

    ``planned`` is the planned inventory (:func:`planned_inventory`). Returns the sheets and a note per
    floor that could not be drawn (no geometry).
    """
    from ..geometry.layout import PlanError
    from ..geometry.plan import plan_svg
    from ..geometry.routes import routes

    site = planned.sites[result.site]
    outlets = [d.id for d in result.devices if d.role in OUTLET_ROLES]
    cables = {c.id for c in result.cables if c.kind == "horizontal"}
    per_floor: dict[str, list[str]] = {}
    for oid in outlets:
        dev = site.devices.get(oid)
        if dev is not None and dev.room is not None and dev.room.floor is not None:
            per_floor.setdefault(dev.room.floor.id, []).append(oid)
    new_routes = [r for r in routes(planned).values() if r.site == site.id and r.cable in cables]
    drawn: dict[str, int] = {}
    for r in new_routes:
        for f in {leg.floor for leg in r.legs if leg.floor is not None and len(leg.points) > 1}:
            drawn[f] = drawn.get(f, 0) + 1
    highlight = frozenset(outlets) | cables
    sheets, notes = [], []
    for fid, floor in site.floors.items():
        if fid not in per_floor and fid not in drawn:
            continue
        title = f"Plan {result.plan.id}: new outlets and cable routes"
        try:
            svg = plan_svg(planned, site, fid, show_routes=True, today=today, highlight=highlight, subtitle=title)
        except PlanError as exc:
            notes.append(f"floor {fid}: no floor plan: {exc}")
            continue
        sheets.append(FloorSheet(fid, floor.name, svg, tuple(per_floor.get(fid, ())), drawn.get(fid, 0)))
    return sheets, notes


@dataclass(frozen=True)
class Printed:
    """The printable work orders of a plan: the documents' HTML, the floor sheets in them, what could not be drawn."""

    html: dict[str, str]  # file name -> HTML: STEM-workorders.html, STEM-labels.html
    floors: list[FloorSheet]
    notes: list[str]

    def pdfs(self) -> dict[str, bytes]:
        """File name (``.pdf``) -> each document rendered (raises ImportError or OSError without weasyprint or
        pango)."""
        return {name.removesuffix(".html") + ".pdf": pdf(text) for name, text in self.html.items()}


def printed(inventory, site_paths, result, wo: WorkOrders, paper: str = "a4") -> Printed:
    """The work orders document (with a floor-plan sheet per floor the plan touches) and the label sheets, as HTML
    named after the plan (:func:`~cabling.planning.workorders.file_stem`). When the planned site does not load
    (:func:`planned_inventory` on ``site_paths``), the documents go without floor plans and a note says why."""
    from ..diagnostics import InputError
    from .workorders import file_stem

    floors: list[FloorSheet] = []
    try:
        planned = planned_inventory(site_paths, result)
    except InputError as exc:
        first = f": {exc.diagnostics[0]}" if exc.diagnostics else ""
        notes = [f"no floor-plan sheets: the planned site does not load ({exc.summary()}){first}"]
    else:
        floors, notes = floor_sheets(planned, result)
    names = {f: fl.name for f, fl in inventory.sites[result.site].floors.items()}
    stem = file_stem(wo)
    return Printed({f"{stem}-workorders.html": workorders_html(wo, floors, paper, names, notes),
                    f"{stem}-labels.html": labels_html(wo, paper)}, floors, notes)


# ------------------------------------------------------------------ the work orders document
def _check_paper(paper: str) -> None:
    if paper not in PAPER:
        raise ValueError(f"paper {paper!r}: choose one of {', '.join(PAPER)}")


def _page_css(paper: str, margin: float) -> str:
    w, h = PAPER[paper]
    return f"size: {w}mm {h}mm; margin: {margin}mm"


def _fit_plan(paper: str, margin: float) -> tuple[float, float]:
    """Width and height (mm) of the A3 plan drawn on a landscape page of ``paper`` within ``margin``."""
    h, w = PAPER[paper]  # landscape
    aw, ah = w - 2 * margin, h - 2 * margin - 6  # room for the footer line
    k = min(aw / PLAN_W_MM, ah / PLAN_H_MM)
    return round(PLAN_W_MM * k, 1), round(PLAN_H_MM * k, 1)


def _e(x) -> str:
    return "" if x is None else escape(str(x))


def _num(x) -> str:
    return "" if x is None else f"{x:g}" if isinstance(x, float) else str(x)


def _floor_title(floor: str | None, names: dict[str, str | None]) -> str:
    if floor is None:
        return "no floor"
    name = names.get(floor)
    return f"floor {floor}" + (f" \u2013 {name}" if name else "")


def _groups(wo: WorkOrders) -> list[tuple[str, str | None, list]]:
    out: list[tuple[str, str | None, list]] = []
    for t in wo.tasks:
        if not out or (out[-1][0], out[-1][1]) != (t.space, t.floor):
            out.append((t.space, t.floor, []))
        out[-1][2].append(t)
    return out


CSS = """
html { font-family: %(font)s; font-size: 8.6pt; color: #111; }
body { margin: 0; }
@page { %(page)s;
  @bottom-left { content: "Work orders %(plan)s"; font-size: 7pt; color: #666; font-family: %(font)s; }
  @top-right { content: string(part); font-size: 7pt; color: #666; font-family: %(font)s; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 7pt; color: #666;
                  font-family: %(font)s; } }
@page floorplan { %(landscape)s; }
h1 { font-size: 20pt; margin: 0 0 2mm 0; }
h2 { string-set: part content(); font-size: 13pt; margin: 0 0 3mm 0; border-bottom: 0.5mm solid #333;
     padding-bottom: 1mm; }
h3 { font-size: 10pt; margin: 5mm 0 2mm 0; }
.sub { font-size: 12pt; color: #444; margin-bottom: 6mm; }
.part { break-before: page; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 0.2mm solid #999; padding: 1mm 1.4mm; vertical-align: top; text-align: left; }
th { background: #eceff1; font-size: 7.6pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n, th.n { text-align: right; white-space: nowrap; }
table.tasks { table-layout: fixed; }  /* an auto layout of hundreds of rows takes weasyprint seconds */
td.task { overflow-wrap: break-word; }
table.head th { width: 32mm; background: #f5f5f5; }
table.head td { font-size: 10pt; }
.kind { display: inline-block; font-size: 6.6pt; text-transform: uppercase; letter-spacing: 0.2mm;
        padding: 0.2mm 1mm; border-radius: 0.8mm; background: #eceff1; color: #37474f; }
.k-pull { background: #e3f2fd; color: #0d47a1; } .k-terminate { background: #ede7f6; color: #4527a0; }
.k-label { background: #fff8e1; color: #795548; } .k-certify { background: #fce4ec; color: #880e4f; }
.k-patch { background: #e8f5e9; color: #1b5e20; } .k-install { background: #fff3e0; color: #e65100; }
.k-jumper { background: #e0f7fa; color: #006064; } .k-test { background: #fce4ec; color: #880e4f; }
.k-remove, .k-change { background: #efebe9; color: #4e342e; }
td.box { width: 9mm; text-align: center; font-size: 11pt; color: #555; }
td.result { width: 18mm; }
td.result.none { background: #f2f2f2; }
td.result.open { border: 0.45mm solid #333; }
.note { color: #444; font-size: 8pt; margin: 2mm 0 4mm 0; }
ul.check { list-style: none; padding-left: 0; }
ul.check li { margin: 0 0 2.6mm 0; padding-left: 7mm; text-indent: -7mm; font-size: 9.5pt; }
table.sign { margin-top: 8mm; }
table.sign td { height: 11mm; width: 33%%; font-size: 7.5pt; color: #666; }
section.floorplan { page: floorplan; break-before: page; }
section.floorplan svg { display: block; width: %(plan_w)smm; height: %(plan_h)smm; margin: 0 auto; }
section.floorplan span.fp { string-set: part content(); }
section.floorplan p { margin: 1mm 0 0 0; font-size: 7.5pt; color: #444; }
"""


def workorders_html(wo: WorkOrders, floors: list[FloorSheet] | tuple = (), paper: str = "a4",
                    floor_names: dict[str, str | None] | None = None, notes: list[str] | tuple = ()) -> str:
    """The work orders as one printable HTML document (page size ``paper``: ``a4`` or ``letter``).

    ``floors``: the floor-plan sheets (:func:`floor_sheets`), one landscape page each, at the end;
    ``floor_names``: floor id -> name for the task groups' headings; ``notes``: lines for the cover
    (what could not be drawn). Task kinds are shown as they come, so a new kind needs no change here.
    """
    _check_paper(paper)
    names = dict(floor_names or {})
    names.update({f.floor: f.name for f in floors})
    pw, ph = _fit_plan(paper, 8.0)
    w, h = PAPER[paper]
    css = CSS % {"font": FONT, "page": _page_css(paper, MARGIN_MM), "plan": _e(wo.plan_id).replace('"', "'"),
                 "landscape": f"size: {h}mm {w}mm; margin: 8mm", "plan_w": pw, "plan_h": ph}
    out: list[str] = []
    a = out.append
    a(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Work orders {_e(wo.plan_id)}</title>'
      f"<style>{css}</style></head><body>")
    # ---------------------------------------------------------------- cover
    groups = _groups(wo)
    a(f'<section class="cover"><h1>Work orders {_e(wo.plan_id)}</h1>')
    if wo.title:
        a(f'<div class="sub">{_e(wo.title)}</div>')
    head = [("Plan", wo.plan_id), ("Title", wo.title), ("Site", wo.site), ("Address", wo.address),
            ("Requested by", wo.requester), ("Contractor", wo.contractor), ("Due", wo.due),
            ("Jack wiring", f"{wo.wiring} on every termination")]
    a('<table class="head">' + "".join(f"<tr><th>{k}</th><td>{_e(v) or '&ndash;'}</td></tr>" for k, v in head)
      + "</table>")
    links = sum(1 for t in wo.tasks if t.kind in RESULT_KINDS)
    a("<h3>Contents</h3><table><thead><tr><th>Part</th><th>Telecom space</th><th>Floor</th>"
      '<th class="n">Tasks</th></tr></thead><tbody>')
    for space, floor, tasks in groups:
        a(f"<tr><td>Tasks</td><td>{_e(space) if space != '-' else 'none'}</td><td>{_e(_floor_title(floor, names))}"
          f'</td><td class="n">{len(tasks)}</td></tr>')
    a(f'<tr><td>Network note</td><td colspan="2">switch ports to enable</td><td class="n">{len(wo.network)}</td></tr>')
    a(f'<tr><td>Bill of materials</td><td colspan="2">lines</td><td class="n">{len(wo.bom)}</td></tr>')
    a(f'<tr><td>Acceptance checklist</td><td colspan="2">checks</td><td class="n">{len(wo.checklist)}</td></tr>')
    for f in floors:
        a(f"<tr><td>Floor plan</td><td></td><td>{_e(_floor_title(f.floor, names))}</td>"
          f'<td class="n">{len(f.outlets)} new outlets</td></tr>')
    a("</tbody></table>")
    a(f'<p class="note">{len(wo.tasks)} tasks, {links} links and lines to test, {len(wo.labels)} labels (printed on '
      "their own label sheets). Tick each task when done; write pass or fail in the result box of each "
      "certification and line test and return the tester's results.</p>")
    for n in notes:
        a(f'<p class="note">{_e(n)}</p>')
    a("</section>")
    # ---------------------------------------------------------------- tasks
    for space, floor, tasks in groups:
        title = (f"Telecom space {_e(space)}" if space != "-" else "Work outside a telecom space")
        a(f'<section class="part tasks"><h2>{title} &middot; {_e(_floor_title(floor, names))}</h2>')
        a('<table class="tasks"><thead><tr><th class="n" style="width: 9mm">No.</th><th>Task</th>'
          '<th class="n" style="width: 15mm">Length</th><th style="width: 10mm">Done</th>'
          '<th style="width: 18mm">Result</th></tr></thead><tbody>')
        for t in tasks:
            kind = escape(t.kind)
            result = ('<td class="result open"></td>' if t.kind in RESULT_KINDS
                      else '<td class="result none"></td>')
            length = f"{t.length_m:g} m" if t.length_m is not None else ""
            a(f'<tr><td class="n">{t.number}</td><td class="task"><span class="kind k-{kind}">{kind}</span> '
              f'{_e(t.text)}</td><td class="n">{length}</td><td class="box">&#9744;</td>{result}</tr>')
        a("</tbody></table></section>")
    # ---------------------------------------------------------------- network note
    a('<section class="part network"><h2>Note for the network team</h2>')
    if wo.network:
        a('<p class="note">Enable these switch ports, with the PoE and VLANs given, before the outlets are handed '
          "over.</p>")
        a("<table><thead><tr><th>Switch port</th><th>Jack</th><th>Services</th><th>PoE</th><th class=\"n\">VLAN</th>"
          '<th class="n">Voice VLAN</th></tr></thead><tbody>')
        for n in wo.network:
            a(f"<tr><td>{_e(n.switch_port)}</td><td>{_e(n.jack)}</td><td>{_e(n.services)}</td><td>{_e(n.poe)}</td>"
              f'<td class="n">{_num(n.vlan)}</td><td class="n">{_num(n.voice_vlan)}</td></tr>')
        a("</tbody></table>")
    else:
        a('<p class="note">No switch port to enable.</p>')
    a("</section>")
    # ---------------------------------------------------------------- bill of materials
    a('<section class="part bom"><h2>Bill of materials</h2>')
    a('<table><thead><tr><th>Item</th><th>Unit</th><th class="n">Quantity</th><th>Note</th></tr></thead><tbody>')
    for item, unit, qty, note in wo.bom:
        a(f'<tr><td>{_e(item)}</td><td>{_e(unit)}</td><td class="n">{_num(qty)}</td><td>{_e(note)}</td></tr>')
    a("</tbody></table></section>")
    # ---------------------------------------------------------------- acceptance
    a('<section class="part acceptance"><h2>Acceptance checklist</h2><ul class="check">')
    for c in wo.checklist:
        a(f"<li>&#9744;&ensp;{_e(c)}</li>")
    a('</ul><table class="sign"><tr><td>Contractor: name, date, signature</td>'
      "<td>Accepted for the site: name, date, signature</td><td>Network team: name, date</td></tr></table></section>")
    # ---------------------------------------------------------------- floor plans
    for f in floors:
        a(f'<section class="floorplan">{f.svg}<p><span class="fp">Floor-plan sheet, '
          f"{_e(_floor_title(f.floor, names))}</span>: {len(f.outlets)} new outlets, {f.routes} new cable routes "
          "(highlighted); drawn for A3, scaled to fit.</p></section>")
    a("</body></html>\n")
    return "".join(out)


# ------------------------------------------------------------------ labels
def label_grid(paper: str) -> tuple[int, int, float, float]:
    """(columns, rows, left, top) of the label grid on ``paper``: as many labels as fit, centred."""
    w, h = PAPER[paper]
    cols = int((w - 2 * LABEL_MIN_MARGIN_MM + LABEL_GAP_MM) // (LABEL_W_MM + LABEL_GAP_MM))
    rows = int((h - 2 * LABEL_MIN_MARGIN_MM) // LABEL_H_MM)
    left = (w - cols * LABEL_W_MM - (cols - 1) * LABEL_GAP_MM) / 2
    top = (h - rows * LABEL_H_MM) / 2
    return cols, rows, round(left, 2), round(top, 2)


def qr_svg(data: str) -> str:
    """A QR code (not a micro QR) of ``data`` as inline SVG, with its quiet zone (segno)."""
    import segno

    buf = io.BytesIO()
    segno.make_qr(data).save(buf, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True,
                             border=int(float(standards.QR_QUIET_ZONE_MODULES)),
                             svgclass="qr", lineclass=None)
    return buf.getvalue().decode("utf-8")


def label_link(wo: WorkOrders) -> dict[str, str]:
    """Label text -> the cable id of its link (faceplate and panel-port labels carry their cable's)."""
    out: dict[str, str] = {}
    for x in wo.labels:
        if x.cable and x.link not in out:
            out[x.link] = x.cable
    return out


def labels_html(wo: WorkOrders, paper: str = "a4") -> str:
    """The label sheets as one printable HTML document: a grid of labels per page, each with a QR code.

    A label shows its text, where it goes and its link's cable id; the QR code holds the cable id,
    the id the tester's results and the as-built file name.
    """
    _check_paper(paper)
    cols, rows, left, top = label_grid(paper)
    link = label_link(wo)
    per_page = cols * rows
    css = (f"@page {{ {_page_css(paper, 0)} }} html {{ font-family: {FONT}; }} body {{ margin: 0; }}"
           ".sheet { position: relative; height: 100%; break-after: page; }"
           ".sheet:last-child { break-after: auto; }"
           f".label {{ position: absolute; width: {LABEL_W_MM}mm; height: {LABEL_H_MM}mm; box-sizing: border-box; "
           "border: 0.15mm dashed #bbb; overflow: hidden; }"
           f".label svg {{ position: absolute; left: 1.5mm; top: {(LABEL_H_MM - QR_MM) / 2:.2f}mm; width: {QR_MM}mm; "
           f"height: {QR_MM}mm; }}"
           f".label .t {{ position: absolute; left: {QR_MM + 2.5}mm; right: 2mm; top: 4mm; bottom: 3mm; }}"
           ".label .big { font-size: 13pt; font-weight: bold; overflow-wrap: anywhere; line-height: 1.1; }"
           ".label .where { font-size: 6.8pt; color: #333; margin-top: 1.5mm; overflow-wrap: anywhere; }"
           ".label .link { font-size: 6.4pt; color: #666; margin-top: 1mm; }")
    out = [f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Labels {_e(wo.plan_id)}</title>'
           f"<style>{css}</style></head><body>"]
    qr_of: dict[str, str] = {}
    page_h = PAPER[paper][1]
    for start in range(0, len(wo.labels), per_page):
        out.append(f'<div class="sheet" style="height: {page_h - 1:.1f}mm">')
        for i, x in enumerate(wo.labels[start:start + per_page]):
            r, c = divmod(i, cols)
            cable = x.cable or link.get(x.link)
            code = cable or x.link
            if code not in qr_of:
                qr_of[code] = qr_svg(code)
            x_mm, y_mm = left + c * (LABEL_W_MM + LABEL_GAP_MM), top + r * LABEL_H_MM
            out.append(f'<div class="label" data-link="{_e(code)}" style="left: {x_mm:.2f}mm; top: {y_mm:.2f}mm">'
                       f'{qr_of[code]}<div class="t"><div class="big">{_e(x.label)}'
                       f'</div><div class="where">{_e(x.where)}</div><div class="link">link {_e(code)} &middot; plan '
                       f"{_e(wo.plan_id)}</div></div></div>")
        out.append("</div>")
    if not wo.labels:
        out.append("<p>No labels in this plan.</p>")
    out.append("</body></html>\n")
    return "".join(out)


def pdf(html: str) -> bytes:
    """A printable document's HTML rendered to PDF (weasyprint)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()

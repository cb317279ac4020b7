"""Printable work orders (PDF and HTML, A4 and Letter) and label sheets with QR codes, opened back.

The branch plan is rendered once per module through the command (every format); the PDFs are read
with pypdf (pages, sizes, text) and the QR codes are read from the PDF's own drawing with a small
reader (tests/qrread.py), so a label whose code does not hold its link's cable id fails.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import sys
from html import escape
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader
from pypdf.generic import ContentStream

from cabling import standards
from cabling.cli import main
from cabling.geometry.plan import NEW_ROUTE_STYLE
from cabling.planning import sheets
from cabling.planning.allocate import plan
from cabling.planning.plan import read_plan
from cabling.planning.workorders import WorkOrders, work_orders
from cabling.readers.loader import load

sys.path.insert(0, str(Path(__file__).resolve().parent))
import qrread  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BRANCH = ROOT / "sites" / "branch.yaml"
EXAMPLE = ROOT / "sites" / "plans" / "branch-expansion.yaml"
A4, LETTER = (595, 842), (612, 792)
STEM = "BR-2027-01"


def squash(text: str) -> str:
    """Text without white space: a PDF's extracted text breaks lines where the page did."""
    return "".join(text.split())


def size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def qr_codes(reader, page) -> list[str]:
    """The text of each QR code drawn on ``page``, in drawing order: its horizontal one-module strokes."""
    out, runs, start = [], [], None
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"m":
            start = tuple(float(v) for v in operands)
        elif op == b"l" and start is not None:
            (x1, y1), (x0, y0) = (float(v) for v in operands), start
            runs.append((x0, x1, y0, y1))
            start = None
        elif op in (b"S", b"s", b"f", b"B", b"n"):
            grid = [(a, b, y) for a, b, y, y1 in runs if y == y1 and (y - 0.5) % 1 == 0 and a % 1 == 0 and b % 1 == 0]
            if len(grid) >= 20 and len(grid) == len(runs):
                out.append(qrread.read(qrread.matrix_from_runs(grid)))
            runs, start = [], None
    return out


@pytest.fixture(scope="module")
def branch():
    inv = load([BRANCH])
    res = plan(inv, read_plan(EXAMPLE))
    return inv, res, work_orders(inv, res)


@pytest.fixture(scope="module")
def written(tmp_path_factory, branch):
    """The command run once with every format (the default) on the branch plan."""
    out = tmp_path_factory.mktemp("wo")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["workorders", str(BRANCH), str(EXAMPLE), "-o", str(out)]) == 0
    (out / "printed.txt").write_text(printed.getvalue().replace(str(out), "wo"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def floors(branch):
    _inv, res, _wo = branch
    sheet_list, notes = sheets.floor_sheets(sheets.planned_inventory([BRANCH], res), res)
    assert notes == []
    return sheet_list


def test_every_format_is_written_by_default_and_none_is_replaced_without_force(written):
    names = sorted(p.name for p in written.iterdir() if p.name != "printed.txt")
    for part in ("tasks.csv", "network.csv", "bom.csv", "labels.csv", "acceptance.csv", "workorders.xlsx",
                 "workorders.pdf", "workorders.html", "labels.pdf", "labels.html"):
        assert f"{STEM}-{part}" in names
    before = (written / f"{STEM}-workorders.pdf").read_bytes()
    assert main(["workorders", str(BRANCH), str(EXAMPLE), "-o", str(written), "--format", "pdf"]) == 2
    assert (written / f"{STEM}-workorders.pdf").read_bytes() == before
    # html alone, forced: replaced in place, nothing else touched
    html = written / f"{STEM}-workorders.html"
    html.write_text("old", encoding="utf-8")
    assert main(["workorders", str(BRANCH), str(EXAMPLE), "-o", str(written), "--format", "html", "--force"]) == 0
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert (written / f"{STEM}-workorders.pdf").read_bytes() == before


def test_readme_shows_what_the_command_prints(written):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ cabling workorders sites/branch.yaml sites/plans/branch-expansion.yaml -o wo/\n", 1)[1]
    assert shown.split("\n", 1)[0] == (written / "printed.txt").read_text(encoding="utf-8").rstrip("\n")
    assert (ROOT / "docs" / "workorders.png").stat().st_size < 200_000


def test_pdf_has_the_cover_tasks_network_bom_checklist_and_a_floor_plan_per_floor(written, branch):
    inv, res, wo = branch
    reader = PdfReader(written / f"{STEM}-workorders.pdf")
    pages = reader.pages
    assert len(pages) > 1
    portrait = [p for p in pages if size(p) == A4]
    landscape = [p for p in pages if size(p) == A4[::-1]]
    assert len(portrait) + len(landscape) == len(pages)
    text = squash("\n".join(p.extract_text() for p in portrait))
    cover = pages[0].extract_text()
    for value in (wo.plan_id, wo.title, wo.site, res.plan.requester, res.plan.contractor, res.plan.due):
        assert squash(str(value)) in squash(cover)
    for t in (wo.tasks[0], next(t for t in wo.tasks if t.kind == "certify"), wo.tasks[-1]):
        assert squash(t.text) in text
    assert squash("Telecom space 2A · floor 2 – First floor") in text
    assert squash("Telecom space 3A · floor 3 – Second floor") in text
    for item, unit, qty, note in wo.bom:  # a row reads across: item, unit, quantity, note
        assert squash(f"{item} {unit} {qty:g} {note}") in text
    n = wo.network[0]
    assert squash(f"{n.switch_port} {n.jack} {n.services} {n.poe}") in text
    for check in wo.checklist:
        assert squash(check) in text
    # one landscape floor-plan sheet per floor with new outlets: its name and every new outlet's id on it
    floors_with_new = {}
    site = inv.sites[res.site]
    for d in res.devices:
        if d.role == "outlet":
            floors_with_new.setdefault(site.rooms[d.room].floor.id, []).append(d.id)
    assert len(landscape) == len(floors_with_new) == 2
    for page, (fid, outlets) in zip(landscape, sorted(floors_with_new.items())):
        page_text = page.extract_text()
        assert f"Floor {fid} – {site.floors[fid].name}" in page_text
        assert all(o in page_text for o in outlets)


def test_html_holds_the_same_tasks_in_order_with_a_result_box_where_a_result_is_asked(written, branch):
    _inv, _res, wo = branch
    html = (written / f"{STEM}-workorders.html").read_text(encoding="utf-8")
    at = [html.index(escape(t.text)) for t in wo.tasks]
    assert at == sorted(at)
    # a result box beside every task that asks for pass or fail: each certification, each line test
    asks = [t for t in wo.tasks if "write pass or fail" in t.text]
    assert {t.kind for t in asks} >= {"certify"}
    assert html.count('class="result open"') == len(asks)
    assert html.count('<td class="box">') == len(wo.tasks)
    assert "size: 210.0mm 297.0mm" in html


def test_floor_sheets_highlight_the_plans_new_outlets_and_routes(floors, branch):
    _inv, res, _wo = branch
    new_outlets = {d.id for d in res.devices if d.role == "outlet"}
    assert {o for f in floors for o in f.outlets} == new_outlets
    for f in floors:
        drawn_new = set(re.findall(r'fill="#880e4f" font-weight="bold">([^<]+)</text>', f.svg))
        assert drawn_new == set(f.outlets)
        assert len(re.findall("<polyline [^>]*" + re.escape(NEW_ROUTE_STYLE), f.svg)) == f.routes > 0
    # the plan's horizontal cables each have a route drawn on some floor
    assert sum(f.routes for f in floors) == sum(c.kind == "horizontal" for c in res.cables)


def test_label_sheet_pdf_shows_each_label_with_a_qr_code_that_reads_as_its_cable_id(written, branch):
    _inv, _res, wo = branch
    reader = PdfReader(written / f"{STEM}-labels.pdf")
    cols, rows, _left, _top = sheets.label_grid("a4")
    per_page = cols * rows
    assert len(reader.pages) == -(-len(wo.labels) // per_page) > 1
    cable_of = {x.link: x.cable for x in wo.labels if x.cable}
    for i, page in enumerate(reader.pages):
        assert size(page) == A4
        labels = wo.labels[i * per_page:(i + 1) * per_page]
        assert qr_codes(reader, page) == [x.cable or cable_of[x.link] for x in labels]
        text = squash(page.extract_text())
        for x in labels:
            assert squash(x.label) in text and squash(x.where) in text


def test_label_sheet_html_qr_codes_read_as_the_cable_ids(written, branch):
    _inv, _res, wo = branch
    html = (written / f"{STEM}-labels.html").read_text(encoding="utf-8")
    found = re.findall(r'data-link="([^"]+)"[^>]*><svg[^>]* viewBox="0 0 (\d+) \d+"[^>]*><path[^>]* d="([^"]+)"', html)
    cable_of = {x.link: x.cable for x in wo.labels if x.cable}
    want = [x.cable or cable_of[x.link] for x in wo.labels]
    assert [link for link, _side, _d in found] == want
    matrices = [qrread.matrix_from_runs(qrread.runs_from_svg_path(d)) for _link, _side, d in found]
    assert [qrread.read(m) for m in matrices] == want
    quiet = int(float(standards.QR_QUIET_ZONE_MODULES))
    assert all(int(side) == len(m) + 2 * quiet for (_link, side, _d), m in zip(found, matrices))


def test_letter_paper(branch, floors):
    """Letter pages (612 x 792 pt) for the tasks and labels, landscape Letter for the floor plans."""
    _inv, _res, wo = branch
    small = dataclasses.replace(wo, tasks=wo.tasks[:40], labels=wo.labels[:30])
    reader = PdfReader(io.BytesIO(sheets.pdf(sheets.workorders_html(small, floors[:1], "letter"))))
    sizes = [size(p) for p in reader.pages]
    assert sizes.count(LETTER[::-1]) == 1 and sizes[-1] == LETTER[::-1]
    assert set(sizes[:-1]) == {LETTER} and len(sizes) > 2
    labels = PdfReader(io.BytesIO(sheets.pdf(sheets.labels_html(small, "letter"))))
    cols, rows, _l, _t = sheets.label_grid("letter")
    assert [size(p) for p in labels.pages] == [LETTER] * -(-30 // (cols * rows))
    assert qr_codes(labels, labels.pages[0])[0] == small.labels[0].cable


@pytest.mark.parametrize("paper", sorted(sheets.PAPER))
def test_label_grid_fits_the_paper_without_overlap(paper):
    w, h = sheets.PAPER[paper]
    cols, rows, left, top = sheets.label_grid(paper)
    assert cols * rows >= 15
    right = left + cols * sheets.LABEL_W_MM + (cols - 1) * sheets.LABEL_GAP_MM
    bottom = top + rows * sheets.LABEL_H_MM
    assert left >= sheets.LABEL_MIN_MARGIN_MM and top >= sheets.LABEL_MIN_MARGIN_MM
    assert right <= w - sheets.LABEL_MIN_MARGIN_MM + 1e-6 and bottom <= h - sheets.LABEL_MIN_MARGIN_MM + 1e-6
    assert sheets.QR_MM < sheets.LABEL_H_MM


def test_the_qr_reader_reads_what_segno_writes():
    """The reader the label tests rely on: several texts, modes, levels and block layouts."""
    for text in ("H-2A-B01", "fibre f-01 to 3a", "0123456789", "PP-2A-B:1 FRONT PORT 48 OF RACK R-2A-1"):
        for level in "lmqh":
            q = segno.make_qr(text, error=level, boost_error=False)
            buf = io.BytesIO()
            q.save(buf, kind="svg", xmldecl=False, nl=False)
            d = re.search(r' d="([^"]+)"', buf.getvalue().decode()).group(1)
            assert qrread.read(qrread.matrix_from_runs(qrread.runs_from_svg_path(d))) == text


def test_an_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="paper 'a3'"):
        sheets.workorders_html(WorkOrders("P-1", None, "s", "T568B"), (), "a3")


def test_an_output_that_is_a_file_is_a_one_line_error(tmp_path, capsys):
    target = tmp_path / "wo"
    target.write_text("mine", encoding="utf-8")
    assert main(["workorders", str(BRANCH), str(EXAMPLE), "-o", str(target), "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert err == f"cabling workorders: {target} is not a folder\n"
    assert target.read_text(encoding="utf-8") == "mine"


def test_the_printed_documents_are_what_the_command_writes_and_say_when_no_floor_plan_loads(tmp_path):
    """sheets.printed (the viewer's downloads) gives the command's HTML byte for byte; a planned site that does not
    load gives the documents without floor plans and a note saying why, in the document."""
    inv = load(BRANCH)
    result = plan(inv, read_plan(EXAMPLE))
    wo = work_orders(inv, result)
    done = sheets.printed(inv, [BRANCH], result, wo, "letter")
    assert sorted(done.html) == [f"{STEM}-labels.html", f"{STEM}-workorders.html"] and len(done.floors) == 2
    assert main(["workorders", str(BRANCH), str(EXAMPLE), "-o", str(tmp_path), "--format", "html",
                 "--paper", "letter"]) == 0
    for name, text in done.html.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    broken = sheets.printed(inv, [], result, wo)  # the plan's fragment alone: its site is defined nowhere
    assert broken.floors == [] and broken.notes[0].startswith("no floor-plan sheets: the planned site does not load")
    assert escape(broken.notes[0]) in broken.html[f"{STEM}-workorders.html"]

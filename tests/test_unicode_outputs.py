"""Unicode everywhere: Cyrillic room names survive into the printed floor plan (PDF text), the cable
journal (XLSX cells) and a site file's own name, read back from the files written."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from cabling.cli import main

FAULTY = Path(__file__).resolve().parent.parent / "sites" / "faulty.yaml"


def cyrillic_site(tmp_path) -> Path:
    text = FAULTY.read_text(encoding="utf-8").replace("name: Open office", "name: Открытый офис") \
        .replace("name: Telecom room", "name: Кроссовая")
    site = tmp_path / "филиал.yaml"
    site.write_text(text, encoding="utf-8")
    return site


def test_cyrillic_names_in_the_pdf_plan_the_xlsx_journal_and_json(tmp_path, capsys):
    site = cyrillic_site(tmp_path)
    pdf = tmp_path / "этаж-1.pdf"
    assert main(["floorplan", str(site), "--floor", "1", "-o", str(pdf)]) == 0
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Открытый офис" in text and "Кроссовая" in text
    xlsx = tmp_path / "журнал.xlsx"
    assert main(["export", "journal", str(site), "-o", str(xlsx)]) == 0
    cells = {str(c.value) for ws in load_workbook(xlsx).worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any("Открытый офис" in c for c in cells)

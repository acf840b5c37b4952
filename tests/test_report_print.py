"""The budget workbook prints as a county office prints it: LibreOffice (bin/setup-office) turns each sheet of
Qingxu's workbook into PDF; the summary is one landscape A4 page, every sheet is one page wide (every header
is on the first page), and the workbook carries print titles, a page header and footer, values to the fen."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from simtoolkit.cli.main import main

from conftest import SCENARIOS

SOFFICE, PDFINFO, PDFTOTEXT = (shutil.which(t) for t in ("soffice", "pdfinfo", "pdftotext"))
office = pytest.mark.skipif(not (SOFFICE and PDFINFO and PDFTOTEXT), reason="needs LibreOffice and poppler-utils: bin/setup-office")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    """Qingxu's report over its own 10 years (2 replications: the layout, not the numbers, is under test)."""
    out = tmp_path_factory.mktemp("print") / "report"
    assert main(["report", str(SCENARIOS / "qingxu.toml"), "--reps", "2", "--out", str(out)]) == 0
    return out / "report.xlsx"


def sheet_pdf(workbook: Path, name: str, folder: Path) -> Path:
    """One sheet alone (its print set-up kept) converted to PDF by LibreOffice headless, with a private profile."""
    book = openpyxl.load_workbook(workbook)
    for other in [s for s in book.sheetnames if s != name]:
        del book[other]
    single = folder / f"sheet{len(list(folder.glob('*.xlsx')))}.xlsx"
    book.save(single)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(single)], check=True, capture_output=True, timeout=120)
    return single.with_suffix(".pdf")


def pages(pdf: Path) -> tuple[int, float, float]:
    """Page count, and the first page's width and height in points."""
    info = subprocess.run([PDFINFO, str(pdf)], check=True, capture_output=True, text=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    return count, w, h


def first_page_text(pdf: Path) -> str:
    """The first page's text with every space and line break removed (headers wrap inside their cells)."""
    text = subprocess.run([PDFTOTEXT, "-f", "1", "-l", "1", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def header_row(sheet) -> int:
    """The row the print titles end on: the table's header."""
    return int(sheet.print_title_rows.split(":")[-1].lstrip("$"))


@office
def test_the_summary_is_one_landscape_page_and_every_sheet_one_page_wide(workbook, tmp_path):
    book = openpyxl.load_workbook(workbook)
    for name in book.sheetnames:
        pdf = sheet_pdf(workbook, name, tmp_path)
        count, width, height = pages(pdf)
        assert width > height, name  # landscape
        if name == book.sheetnames[0]:
            assert count == 1, f"the summary takes {count} pages"
        text = first_page_text(pdf)
        sheet = book[name]
        headers = [c.value for c in sheet[header_row(sheet)] if c.value]
        missing = [h for h in headers if re.sub(r"\s+", "", str(h)) not in text]
        assert not missing, f"{name}: not on the first page: {missing}"  # one page wide: no column pushed to a later page
        assert "第1页" in text or count > 1, name  # the footer's page number (pdftotext puts the last page's footer in the text)


def test_every_sheet_has_print_titles_a_header_a_footer_and_fits_one_page_wide(workbook):
    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows and header_row(sheet) >= 1, sheet.title
        assert "qingxu" in sheet.oddHeader.center.text and sheet.title in sheet.oddHeader.center.text
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text


def test_money_is_stored_to_the_fen(workbook):
    book = openpyxl.load_workbook(workbook)
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float) and cell.number_format == "#,##0.00":
                    # 元 to 2 decimals, 万元 to 6 (a fen is 0.000001 万元): both exact at their decimals
                    assert cell.value == round(cell.value, 2) or cell.value == round(cell.value, 6), (sheet.title, cell.coordinate)
                    checked += 1
    assert checked > 100


def test_grids_have_total_rows_and_columns(workbook):
    # 分年度分项目 etc.: years down, items across; the 合计 column is each year's sum of items, the 合计 row each
    # column's sum over years (values stored to the fen, so sums agree to a fen per cell added)
    book = openpyxl.load_workbook(workbook)
    for name in ("分年度分项目", "分支付方", "分乡镇", "分岗位"):
        sheet = book[name]
        rows = list(sheet.iter_rows(min_row=header_row(sheet), values_only=True))
        header = [h for h in rows[0] if h is not None]
        body = [r[:len(header)] for r in rows[1:] if r[0] is not None]
        assert header[0] == "年份" and header[-1] == "合计" and body[-1][0] == "合计", name
        parts = [j for j, h in enumerate(header[1:-1], start=1) if h != "其中财政资金"]  # a part of the total, not an item
        for row in body:
            assert row[-1] == pytest.approx(sum(row[j] for j in parts), abs=0.01 * len(parts)), (name, row[0])
        for j in range(1, len(header)):
            assert body[-1][j] == pytest.approx(sum(r[j] for r in body[:-1]), abs=0.01 * len(body)), (name, header[j])


def test_assumptions_read_in_chinese(workbook):
    # 参数与假设: sources cite the seed by its place (no hash file name), assumptions as 假设,
    # values with their unit and codes by their labels (no role code such as secretary_director)
    sheet = openpyxl.load_workbook(workbook)["参数与假设"]
    rows = list(sheet.iter_rows(min_row=header_row(sheet), values_only=True))
    header, body = rows[0], rows[1:]
    source, value, key = (header.index(h) for h in ("来源", "数值", "键"))
    assert not [r[source] for r in body if re.search(r"\d{3}_[0-9a-f]{16}", str(r[source]))]
    assert not [r[source] for r in body if str(r[source]).startswith("assumption")]
    by_key = {r[key]: r[value] for r in body}
    assert by_key["policy.stars.award_per_star"] == "1000 元/星"  # qingxu.toml: award_per_star = 1000
    assert "村党组织书记" in by_key["policy.stars.award_roles"] and "secretary" not in by_key["policy.stars.award_roles"]

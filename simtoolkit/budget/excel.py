"""The budget workbook (openpyxl): one sheet per table, yuan and 万元 formatted and stored to the fen, headers
frozen, widths set, and each sheet set up to print on A4 landscape one page wide, its header rows repeated on
every page, the report's title and scenario above and the page number below."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from simtoolkit.budget.report import Block

YUAN_FORMAT = "#,##0.00"
WAN_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"
COUNT_FORMAT = "#,##0.0"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MAX_WIDTH = 60
FEN_DIGITS = {"yuan": 2, "wan": 6}  # a fen is 0.01 yuan and 0.000001 万元
PAGE_FOOTER = ("第 &P 页,共 &N 页", "page &P of &N")  # &P, &N: the spreadsheet's page number and count


def _width(value) -> int:
    """Display width of a cell: CJK characters count double."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cell_value(value, digits: int | None = None):
    """A cell value openpyxl accepts (numpy scalars to Python, NaN to empty), rounded to `digits` decimals if given."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    value = value.item() if hasattr(value, "item") else value
    return round(value, digits) if digits is not None and isinstance(value, float) else value


def _write_block(sheet, block: Block, row: int, widths: dict[int, int]) -> tuple[int, int]:
    """Write a block from `row`; returns (row after it, row of its header)."""
    if block.title:
        sheet.cell(row=row, column=1, value=block.title).font = Font(bold=True)
        row += 1
    header_row = row
    for j, name in enumerate(block.frame.columns, start=1):
        cell = sheet.cell(row=row, column=j, value=str(name))
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        widths[j] = max(widths.get(j, 0), _width(name))
    formats = {**{c: YUAN_FORMAT for c in block.yuan}, **{c: WAN_FORMAT for c in block.wan}, **{c: PERCENT_FORMAT for c in block.percent}}
    digits = {**{c: FEN_DIGITS["yuan"] for c in block.yuan}, **{c: FEN_DIGITS["wan"] for c in block.wan}}
    for values in block.frame.itertuples(index=False):
        row += 1
        for j, (name, value) in enumerate(zip(block.frame.columns, values), start=1):
            cell = sheet.cell(row=row, column=j, value=_cell_value(value, digits.get(name)))
            if name in formats:
                cell.number_format = formats[name]
            elif isinstance(cell.value, float):
                cell.number_format = COUNT_FORMAT
            widths[j] = max(widths.get(j, 0), _width(cell.value if name not in formats else f"{cell.value or 0:,.2f}"))
    return row + 2, header_row


def _print_setup(sheet, header_row: int, heading: str, lang: str, one_page: bool) -> None:
    """A4 landscape, one page wide (and tall when `one_page`), header rows on every page, title above, page number below."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0  # 0: as many pages down as the table needs
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{header_row}"  # a note above the header belongs with it
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddHeader.center.text = f"{heading} · {sheet.title}".replace("&", "&&")  # & starts a header code
    sheet.oddFooter.center.text = PAGE_FOOTER[0 if lang == "zh" else 1]


def write_workbook(sheets: list[tuple[str, list[Block]]], path: Path, heading: str = "", lang: str = "zh") -> None:
    """Write every sheet; the first block's header row is frozen and repeated on every printed page; the first
    sheet (the summary) is set to print on one page. `heading`: the report's title and scenario, atop each page."""
    book = Workbook()
    book.remove(book.active)
    for title, blocks in sheets:
        sheet = book.create_sheet(title[:31])  # Excel's limit on sheet names
        row, widths, first_header = 1, {}, None
        for block in blocks:
            row, header = _write_block(sheet, block, row, widths)
            first_header = first_header or header
        sheet.freeze_panes = sheet.cell(row=first_header + 1, column=1)
        for j, width in widths.items():
            sheet.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, width + 2)
        _print_setup(sheet, first_header, heading, lang, one_page=not book.sheetnames.index(sheet.title))
    book.save(path)

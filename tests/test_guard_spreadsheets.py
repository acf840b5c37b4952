"""Spreadsheet inputs (issue #20):

"An XLSX saved as `.csv`; a workbook with only a chart sheet; a 6 kB workbook whose used range reaches row 200,000
(memory error after 37 s)" — tracebacks where one line and exit 2 were promised.

The format is read from the content, not the suffix; a workbook whose used range is absurd for its data is refused
before it is read, naming the sheet; every refusal is one line, exit 2, the file untouched and nothing written.
"""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from snapshot import snapshot
from test_first_secretary_cli import ROWS, read_output, rows, write_csv
from simtoolkit.rules.first_secretary import record_columns


def workbook(path, records=(), sheet_title="记录"):
    """Records as an XLSX workbook with English headers."""
    names = [c.name for c in record_columns()]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    sheet.append(names)
    for record in records:
        sheet.append([record[n] for n in names])
    book.save(path)
    return path


def refused(cli, folder, records) -> str:
    """Score a file that must be refused; the one error line."""
    before = snapshot(folder)
    code, _, err = cli("score", "first-secretary", records, "--out", folder / "out.csv")
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and "Traceback" not in err and len(lines) == 1 and lines[0].startswith("error: "), err
    assert snapshot(folder) == before
    return lines[0]


def test_a_workbook_saved_as_csv_is_read_as_a_workbook(cli, tmp_path):
    records = workbook(tmp_path / "records.csv", rows(*ROWS))
    code, _, err = cli("score", "first-secretary", records, "--out", tmp_path / "a.csv")
    assert code == 0, err
    plain = write_csv(tmp_path / "plain.csv", rows(*ROWS))
    assert cli("score", "first-secretary", plain, "--out", tmp_path / "b.csv")[0] == 0
    assert read_output(tmp_path / "a.csv") == read_output(tmp_path / "b.csv")


def test_a_csv_saved_as_xlsx_is_read_as_text(cli, tmp_path):
    records = write_csv(tmp_path / "records.xlsx", rows(*ROWS))
    assert cli("score", "first-secretary", records, "--out", tmp_path / "a.csv")[0] == 0


def test_a_workbook_with_only_a_chart_sheet(cli, tmp_path):
    book = openpyxl.Workbook()
    book.create_chartsheet("图表")
    book.remove(book.active)
    book.save(tmp_path / "chart.xlsx")
    line = refused(cli, tmp_path, tmp_path / "chart.xlsx")
    assert line == f"error: {tmp_path / 'chart.xlsx'}: the workbook has no worksheet (only chart sheets); put the table on a worksheet"


def test_a_used_range_absurd_for_the_data_is_refused_before_reading(cli, tmp_path):
    path = workbook(tmp_path / "sparse.xlsx", rows(*ROWS), sheet_title="第一季度")
    book = openpyxl.load_workbook(path)
    book.active.cell(row=200_000, column=3, value=None).value = "stray"
    book.save(path)
    assert path.stat().st_size < 10_000  # a few kB on disk
    started = time.monotonic()
    line = refused(cli, tmp_path, path)
    assert time.monotonic() - started < 10
    assert "sheet '第一季度' has a used range up to row 200,000" in line and "delete the empty rows" in line


def test_a_long_but_real_table_is_read(tmp_path):
    """The limit is the data, not the length: 3,000 filled rows pass (beyond the 100,000-cell floor)."""
    from simtoolkit.io.read_table import read_table

    path = workbook(tmp_path / "long.xlsx", rows(*(ROWS * 600)))
    for i, row in enumerate(openpyxl.load_workbook(path).active.iter_rows(min_row=2, max_row=3)):
        assert row[0].value == str(i + 1)
    table = read_table(path, record_columns())
    assert len(table.frame) == 3000


def test_the_sheet_read_is_named_when_there_are_several(cli, tmp_path):
    path = workbook(tmp_path / "two.xlsx", rows(*ROWS), sheet_title="名单")
    book = openpyxl.load_workbook(path)
    book.create_sheet("说明")
    book.save(path)
    code, _, err = cli("score", "first-secretary", path, "--out", tmp_path / "o.csv")
    assert code == 0 and f"{path}: reading the first sheet '名单' only; other sheets ignored" in err


@pytest.mark.parametrize("content, message", [
    (b"%PDF-1.7\n\x00\x01\x02binary", "is neither a CSV text file nor an XLSX workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel (.xls) files cannot be read"),
    (None, "not a readable XLSX workbook"),
])
def test_other_formats_are_named(cli, tmp_path, content, message):
    path = tmp_path / "records.csv"
    if content is None:  # a zip archive that is not a workbook
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        content = buffer.getvalue()
    path.write_bytes(content)
    assert message in refused(cli, tmp_path, path)


def test_a_roster_workbook_with_an_absurd_range_is_refused_too(cli, tmp_path):
    from conftest import SCENARIOS

    book = openpyxl.Workbook()
    book.active.title = "花名册"
    book.active.append(["id", "township", "village", "role", "age", "sex", "years_in_post", "stars"])
    book.active.append(["A1", "东镇", "一村", "一肩挑", 52, "男", 8, 2])
    book.active.cell(row=150_000, column=30, value="x")
    book.save(tmp_path / "heads.xlsx")
    before = snapshot(tmp_path)
    code, _, err = cli("run", SCENARIOS / "qingxu.toml", "--roster", tmp_path / "heads.xlsx", "--reps", "1", "--years", "1",
                       "--out", tmp_path / "o")
    assert code == 2 and "sheet '花名册' has a used range up to row 150,000, column AD" in err and "Traceback" not in err
    assert snapshot(tmp_path) == before

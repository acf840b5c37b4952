"""The generic table reader: encodings, XLSX, Chinese headers, and every problem at once with row and column."""

from __future__ import annotations

import openpyxl
import pytest

from simtoolkit.errors import InputError
from simtoolkit.io.read_table import MAX_PROBLEMS, Column, column_letter, read_table, write_template

SPEC = [
    Column("id", "编号", "text", unique=True),
    Column("village", "村名", "text"),
    Column("members", "党员人数", "integer", min=0),
    Column("funds_10k", "资金万元", "number", min=0),
    Column("held", "是否召开", "flag"),
    Column("deduction", "扣分", "integer", min=0, max=4, max_note="a deduction cannot exceed its item's points"),
]
HEADER_EN = "id,village,members,funds_10k,held,deduction"
HEADER_ZH = "编号,村名,党员人数,资金万元,是否召开,扣分"


def write(tmp_path, text: str, encoding: str = "utf-8", name: str = "t.csv"):
    """A CSV file with the given text and encoding."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(path, spec=SPEC, checks=()) -> list[str]:
    """The lines of the InputError reading `path` raises."""
    with pytest.raises(InputError) as caught:
        read_table(path, spec, checks)
    return caught.value.lines


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_chinese_headers_and_values_in_every_encoding(tmp_path, encoding):
    path = write(tmp_path, f"{HEADER_ZH}\nA1,大沟村,30,2.5,是,0\nA2,小河村,12,0,0,4\n", encoding)
    frame = read_table(path, SPEC).frame
    assert list(frame.village) == ["大沟村", "小河村"]
    assert list(frame.members) == [30, 12] and frame.members.dtype == "int64"
    assert list(frame.funds_10k) == [2.5, 0.0] and frame.funds_10k.dtype == "float64"
    assert list(frame.held) == [1, 0]
    # rows as a spreadsheet shows them: header is row 1
    assert list(frame.index) == [2, 3]


def test_gb18030_file_is_not_mistaken_for_utf8(tmp_path):
    # GB18030 bytes of 村 are not valid UTF-8, so the reader falls back to GB18030
    data = f"{HEADER_ZH}\nA1,村,1,1,1,1\n".encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / "gb.csv"
    path.write_bytes(data)
    assert read_table(path, SPEC).frame.village.tolist() == ["村"]


def test_english_headers_ignore_case_spacing_and_full_width(tmp_path):
    path = write(tmp_path, "ID, Village ,MEMBERS,funds-10k,Held,ｄｅｄｕｃｔｉｏｎ\nA1,x,1,1,1,1\n")
    assert read_table(path, SPEC).frame.deduction.tolist() == [1]


def test_mixed_english_and_chinese_headers_in_any_order(tmp_path):
    path = write(tmp_path, "扣分,id,村名,members,是否召开,funds_10k\n2,A1,x,5,1,3\n")
    frame = read_table(path, SPEC).frame
    assert list(frame.columns) == [c.name for c in SPEC]
    assert frame.iloc[0].tolist() == ["A1", "x", 5, 3.0, 1, 2]


def test_xlsx_with_excel_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER_ZH.split(","))
    sheet.append([101, "大沟村", 30.0, 2.5, 1, 3])  # Excel keeps whole numbers as floats
    sheet.append([None] * 6)  # an empty row 3 is skipped, but counted
    sheet.append(["102", "小河村", "12", "0", "否", 0])
    path = tmp_path / "records.xlsx"
    book.save(path)
    frame = read_table(path, SPEC).frame
    assert frame.id.tolist() == ["101", "102"]
    assert frame.members.tolist() == [30, 12]
    assert frame.held.tolist() == [1, 0]
    assert list(frame.index) == [2, 4]


def test_xlsx_problems_name_row_and_column(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER_EN.split(","))
    book.active.append(["A1", "x", 2.5, 1, 1, 0])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    assert problems_of(path) == [f"{path}: row 2, column C members (党员人数): '2.5' is not a whole number"]


def test_xlsx_other_sheets_give_a_warning(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER_EN.split(","))
    book.create_sheet("notes")
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert "other sheets ignored" in read_table(path, SPEC).warnings[0]


def test_every_problem_is_reported_at_once(tmp_path):
    text = (
        f"{HEADER_EN}\n"
        "A1,x,abc,1,1,0\n"  # row 2: members not a number
        "A2,x,-3,1,1,0\n"  # row 3: negative count
        "A3,x,1,1,2,5\n"  # row 4: flag 2; deduction above its item's maximum
        "A1,,1,1,1,0\n"  # row 5: village empty; id repeats row 2
    )
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}: row 2, column C members (党员人数): 'abc' is not a number",
        f"{path}: row 3, column C members (党员人数): -3 is negative (the least allowed is 0)",
        f"{path}: row 4, column E held (是否召开): '2' must be 0 or 1",
        f"{path}: row 4, column F deduction (扣分): 5 is above the maximum 4: a deduction cannot exceed its item's points",
        f"{path}: row 5, column A id (编号): 'A1' repeats row 2; values must be unique",
        f"{path}: row 5, column B village (村名): is empty",
    ]


def test_missing_and_doubled_columns(tmp_path):
    path = write(tmp_path, "id,编号,village,members,held\nA1,A1,x,1,1\n")
    assert problems_of(path) == [
        f"{path}: columns A and B both give id (编号)",
        f"{path}: missing column funds_10k (资金万元)",
        f"{path}: missing column deduction (扣分)",
    ]


def test_unknown_columns_are_ignored_with_a_warning(tmp_path):
    path = write(tmp_path, f"{HEADER_EN},备注,\nA1,x,1,1,1,0,任意,\n")
    table = read_table(path, SPEC)
    assert table.warnings == (f"{path}: column G '备注' is not a known column; ignored",)
    assert list(table.frame.columns) == [c.name for c in SPEC]


def test_values_without_a_header_give_a_warning(tmp_path):
    path = write(tmp_path, f"{HEADER_EN},\nA1,x,1,1,1,0,7\n")
    assert read_table(path, SPEC).warnings == (f"{path}: column G has values but no header; ignored",)


def test_rows_count_as_in_a_spreadsheet(tmp_path):
    # row 2's village holds a line break inside quotes (one spreadsheet row); row 3 is blank;
    # the bad value is in row 4
    text = f'{HEADER_EN}\nA1,"two\nlines",1,1,1,0\n\nA2,x,bad,1,1,0\n'
    path = write(tmp_path, text)
    assert problems_of(path) == [f"{path}: row 4, column C members (党员人数): 'bad' is not a number"]


def test_tab_separated_text(tmp_path):
    path = write(tmp_path, HEADER_EN.replace(",", "\t") + "\nA1\tx\t1\t1\t1\t0\n")
    assert read_table(path, SPEC).frame.id.tolist() == ["A1"]


def test_checks_see_clean_rows_and_their_problems_are_located(tmp_path):
    path = write(tmp_path, f"{HEADER_EN}\nA1,x,1,9,1,0\nA2,x,oops,9,1,0\n")
    seen = []

    def funds_at_most_members(frame):
        seen.append(list(frame.index))
        over = frame[frame.funds_10k > frame.members]
        return [(row, "funds_10k", "more funds than members") for row in over.index]

    lines = problems_of(path, checks=[funds_at_most_members])
    assert seen == [[2]]  # row 3 did not parse, so the check never saw it
    assert lines == [
        f"{path}: row 2, column D funds_10k (资金万元): more funds than members",
        f"{path}: row 3, column C members (党员人数): 'oops' is not a number",
    ]


def test_many_problems_are_capped(tmp_path):
    rows = "".join(f"A{i},x,bad,1,1,0\n" for i in range(MAX_PROBLEMS + 5))
    lines = problems_of(write(tmp_path, f"{HEADER_EN}\n{rows}"))
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == "... and 5 more problems"


def test_unreadable_files(tmp_path):
    assert problems_of(tmp_path / "none.csv") == [f"{tmp_path / 'none.csv'}: file not found"]
    empty = write(tmp_path, "", name="empty.csv")
    assert problems_of(empty) == [f"{empty}: row 1 must hold the column headers, but it is empty"]
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert "old Excel (.xls)" in problems_of(old)[0]
    garbled = tmp_path / "garbled.csv"
    garbled.write_bytes(b"id\n\xff\xff\n")
    assert "neither UTF-8 nor GB18030" in problems_of(garbled)[0]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert "not a readable XLSX workbook" in problems_of(broken)[0]


@pytest.mark.parametrize("lang, header", [("zh", HEADER_ZH), ("en", HEADER_EN)])
def test_csv_template_has_every_column_and_reads_back(tmp_path, lang, header):
    path = tmp_path / "template.csv"
    write_template(SPEC, path, lang)
    assert path.read_bytes() == b"\xef\xbb\xbf" + (header + "\n").encode()
    assert read_table(path, SPEC).frame.empty


def test_xlsx_template_reads_back(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(SPEC, path, "zh")
    assert [c.value for c in openpyxl.load_workbook(path).active[1]] == HEADER_ZH.split(",")
    assert read_table(path, SPEC).frame.empty


def test_column_letters():
    assert [column_letter(p) for p in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]

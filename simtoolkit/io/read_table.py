"""Reading users' tables — CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX — against a column spec.

Headers may be a column's English name or its Chinese label. Every problem is collected and
raised at once as an InputError naming the file, the row as a spreadsheet shows it (the header
is row 1) and the column. Columns the spec does not know are ignored with a warning.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from simtoolkit.errors import InputError

KINDS = ("integer", "number", "text", "flag")
MAX_PROBLEMS = 100
BOM = b"\xef\xbb\xbf"
XLSX_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
SMALL_SHEET_CELLS = 100_000  # a used range this small is read whatever it holds
LARGEST_WHOLE = 2**53  # whole numbers beyond this lose digits as floats and overflow 64-bit sums
DELIMITERS = ",\t;"
# Words people type into a 0/1 column; anything else must be 0 or 1.
FLAG_WORDS = {"1": 1, "0": 0, "是": 1, "否": 0, "yes": 1, "no": 0, "y": 1, "n": 0, "true": 1, "false": 0}


@dataclass(frozen=True)
class Column:
    """One expected column: English name, Chinese label, kind, and what values are allowed."""

    name: str
    zh: str
    kind: str = "text"
    required: bool = True
    min: float | None = None
    max: float | None = None
    unique: bool = False
    max_note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}")

    def describe(self) -> str:
        """The column as a user recognises it: English name and Chinese label."""
        return f"{self.name} ({self.zh})"

    def header(self, lang: str) -> str:
        """The header a template shows in the given language."""
        return self.zh if lang == "zh" else self.name


@dataclass(frozen=True)
class Table:
    """A table read from a file: `frame` is indexed by spreadsheet row number, columns by name."""

    frame: pd.DataFrame
    warnings: tuple[str, ...] = ()


# A check sees the rows whose cells all parsed and returns (row, column name, message) problems.
Check = Callable[[pd.DataFrame], Iterable[tuple[int, str, str]]]


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_key(text: Any) -> str:
    """A header as compared: full-width forms folded, case and spacing ignored."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"[\s\-]+", "_", folded)


def cell_text(value: Any) -> str:
    """A cell as text: Excel's 12.0 becomes '12', full-width digits become ASCII."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def decode(data: bytes, path: Path) -> str:
    """Bytes of a CSV file as text: UTF-8 with BOM, else UTF-8, else GB18030 (Excel's Chinese default)."""
    if data.startswith(BOM):
        return data[len(BOM):].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: cannot read the text: it is neither UTF-8 nor GB18030; save it as CSV UTF-8")


def read_csv_cells(path: Path, data: bytes) -> list[list[Any]]:
    """The rows of a CSV file as lists of cell texts, one list per spreadsheet row."""
    text = decode(data, path)
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def read_xlsx_cells(path: Path, data: bytes) -> tuple[list[list[Any]], list[str]]:
    """The rows of the first worksheet of an XLSX workbook (whatever the file's suffix), and a warning naming it."""
    import openpyxl  # only needed for workbooks

    unpacked = check_parts(path, data)
    try:  # from the bytes, not the name: openpyxl refuses a workbook saved as .csv by its suffix alone
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - whatever a damaged file makes openpyxl raise, it is the file's fault
        raise InputError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    sheet = book.worksheets[0]
    check_used_range(path, sheet, unpacked)
    warnings = []
    if len(book.worksheets) > 1:
        warnings.append(f"{path}: reading the first sheet '{sheet.title}' only; other sheets ignored")
    # rows wholly empty are kept as [] so row numbers stay those the spreadsheet shows, without their cells
    rows = [list(row) if any(cell is not None for cell in row) else [] for row in sheet.iter_rows(min_row=1, values_only=True)]
    while rows and not rows[-1]:
        rows.pop()
    book.close()
    return rows, warnings


def check_parts(path: Path, data: bytes) -> int:
    """A workbook's parts before openpyxl reads them: it must be a zip with a worksheet. Returns its unpacked size,
    an upper bound on the cells it can hold."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: not a readable XLSX workbook ({exc})") from None
    names = [part.filename for part in parts]
    if not any(n.startswith("xl/worksheets/") and n.endswith(".xml") for n in names):
        if any(n.startswith("xl/chartsheets/") for n in names):
            raise InputError(f"{path}: the workbook has no worksheet (only chart sheets); put the table on a worksheet")
        raise InputError(f"{path}: not a readable XLSX workbook (it has no worksheet)")
    return sum(part.file_size for part in parts)


def check_used_range(path: Path, sheet, unpacked: int) -> None:
    """Refuse, before reading, a sheet whose used range claims more cells than its data could fill.

    Each cell stored in a sheet takes at least a few bytes of XML, so a used range of more cells
    than the workbook has bytes is formatting or a stray cell far below the table (a 6 kB file
    reaching row 200,000), which would take minutes and gigabytes to read as rows of blanks.
    """
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    cells = rows * columns
    if cells > max(SMALL_SHEET_CELLS, unpacked):
        raise InputError(f"{path}: sheet '{sheet.title}' has a used range up to row {rows:,}, column {column_letter(columns - 1)} "
                         f"({cells:,} cells) but only {unpacked:,} bytes of data; delete the empty rows and columns "
                         "below and beside the table, save, and try again")


def read_cells(path: Path) -> tuple[list[list[Any]], list[str]]:
    """Raw rows of a CSV or XLSX file (row 1 is the header), and warnings; the format is read from the content."""
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    data = path.read_bytes()
    if data.startswith(XLSX_MAGIC):
        return read_xlsx_cells(path, data)
    if data.startswith(OLD_EXCEL_MAGIC):
        raise InputError(f"{path}: old Excel (.xls) files cannot be read; save it as .xlsx or CSV")
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: is neither a CSV text file nor an XLSX workbook; save it as .xlsx or CSV UTF-8")
    return read_csv_cells(path, data), []


def match_header(path: Path, header: list[Any], rows: list[list[Any]], columns: Sequence[Column]):
    """Map each spec column to its file position; problems for missing or doubled columns, warnings for extra ones."""
    lookup = {}
    for column in columns:
        lookup[header_key(column.name)] = column
        lookup[header_key(column.zh)] = column
    positions: dict[str, int] = {}
    problems, warnings = [], []
    for position, title in enumerate(header):
        letter = column_letter(position)
        if cell_text(title) == "":
            if any(position < len(row) and cell_text(row[position]) for row in rows):
                warnings.append(f"{path}: column {letter} has values but no header; ignored")
            continue
        column = lookup.get(header_key(title))
        if column is None:
            warnings.append(f"{path}: column {letter} '{cell_text(title)}' is not a known column; ignored")
        elif column.name in positions:
            first = column_letter(positions[column.name])
            problems.append(f"{path}: columns {first} and {letter} both give {column.describe()}")
        else:
            positions[column.name] = position
    for column in columns:
        if column.required and column.name not in positions:
            problems.append(f"{path}: missing column {column.describe()}")
    return positions, problems, warnings


def parse_number(text: str) -> float | None:
    """A finite number from text, or None."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_cell(text: str, column: Column) -> tuple[Any, str | None]:
    """A cell's value for its column's kind, or an error message."""
    if column.kind == "text":
        return text, None
    number = parse_number(text)
    if column.kind == "flag":
        flag = FLAG_WORDS.get(text.lower(), int(number) if number in (0, 1) else None)
        return (flag, None) if flag is not None else (None, f"'{text}' must be 0 or 1")
    if number is None:
        return None, f"'{text}' is not a number"
    if column.kind == "integer":
        if not number.is_integer():
            return None, f"'{text}' is not a whole number"
        if abs(number) > LARGEST_WHOLE:
            return None, f"'{text}' is too large"
        number = int(number)
    return number, check_range(number, column)


def check_range(number: float, column: Column) -> str | None:
    """Why a number is outside its column's range, or None."""
    if column.min is not None and number < column.min:
        what = "negative" if column.min == 0 else "below the minimum"
        return f"{number:g} is {what} (the least allowed is {column.min:g})"
    if column.max is not None and number > column.max:
        note = f": {column.max_note}" if column.max_note else ""
        return f"{number:g} is above the maximum {column.max:g}{note}"
    return None


def where(path: Path, row: int, position: int, column: Column) -> str:
    """The location of a cell as a spreadsheet user finds it."""
    return f"{path}: row {row}, column {column_letter(position)} {column.describe()}"


def parse_rows(path: Path, rows: list[list[Any]], positions: dict[str, int], columns: Sequence[Column]):
    """Typed values of every data row; rows wholly empty are skipped. Returns values, row numbers, problems, bad rows."""
    values: dict[str, list[Any]] = {c.name: [] for c in columns if c.name in positions}
    numbers, problems, bad = [], [], set()
    for offset, row in enumerate(rows):
        row_number = offset + 2  # row 1 is the header
        texts = [cell_text(cell) for cell in row]
        if not any(texts):
            continue
        numbers.append(row_number)
        for column in columns:
            if column.name not in positions:
                continue
            position = positions[column.name]
            text = texts[position] if position < len(texts) else ""
            if text == "":
                value, error = None, ("is empty" if column.required else None)
            else:
                value, error = parse_cell(text, column)
            if error:
                problems.append(f"{where(path, row_number, position, column)}: {error}")
                bad.add(row_number)
                value = None  # the row is dropped; a bad value must not reach the typed column (1e20 overflows Int64)
            values[column.name].append(value)
    return values, numbers, problems, bad


NULLABLE = {"Int64": "int64", "Float64": "float64"}


def typed(cells: list[Any], kind: str, index: pd.Index) -> pd.Series:
    """One column with its kind's nullable type (missing cells stay missing)."""
    dtype = {"text": "object", "number": "Float64"}.get(kind, "Int64")
    return pd.Series(cells, index=index, dtype=dtype)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable columns with no missing cell as plain numpy columns, which rules expect."""
    full = {n: NULLABLE[str(t)] for n, t in frame.dtypes.items() if str(t) in NULLABLE and not frame[n].isna().any()}
    return frame.astype(full)


def build_frame(values: dict[str, list[Any]], numbers: list[int], columns: Sequence[Column]) -> pd.DataFrame:
    """A typed frame indexed by spreadsheet row; an optional column left out is all missing."""
    index = pd.Index(numbers, name="row")
    missing = [None] * len(numbers)
    return pd.DataFrame({c.name: typed(values.get(c.name, missing), c.kind, index) for c in columns}, index=index)


def duplicate_problems(path: Path, frame: pd.DataFrame, positions: dict[str, int], columns: Sequence[Column]) -> list[str]:
    """Problems for repeated values in columns that must be unique."""
    problems = []
    for column in columns:
        if not column.unique or column.name not in positions:
            continue
        values = frame[column.name]
        repeated = values[values.notna() & values.duplicated(keep="first")]
        first_row = {v: r for r, v in values[::-1].items()}  # reversed, so the first row wins
        for row, value in repeated.items():
            message = f"'{value}' repeats row {first_row[value]}; values must be unique"
            problems.append(f"{where(path, row, positions[column.name], column)}: {message}")
    return problems


def check_problems(path: Path, frame: pd.DataFrame, checks: Sequence[Check], positions: dict[str, int], columns: Sequence[Column]) -> list[str]:
    """Problems from the caller's checks, run on the rows whose cells all parsed."""
    by_name = {c.name: c for c in columns}
    problems = []
    for check in checks:
        for row, name, message in check(frame):
            problems.append(f"{where(path, row, positions[name], by_name[name])}: {message}")
    return problems


def capped(problems: list[str]) -> list[str]:
    """At most MAX_PROBLEMS lines, and a count of the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return problems[:MAX_PROBLEMS] + [f"... and {len(problems) - MAX_PROBLEMS} more problems"]


def sort_key(problem: str) -> tuple[int, str]:
    """Order problems by row number, so a user can walk down the sheet."""
    found = re.search(r": row (\d+), column", problem)
    return (int(found.group(1)) if found else 0, problem)


def read_table(path: str | Path, columns: Sequence[Column], checks: Sequence[Check] = ()) -> Table:
    """Read and check a user's table; raise InputError listing every problem, or return the typed table."""
    path = Path(path)
    rows, warnings = read_cells(path)
    if not rows or not any(cell_text(cell) for cell in rows[0]):
        raise InputError(f"{path}: row 1 must hold the column headers, but it is empty")
    header, body = rows[0], rows[1:]
    positions, problems, more = match_header(path, header, body, columns)
    warnings.extend(more)
    if problems:
        raise InputError(problems)
    values, numbers, problems, bad = parse_rows(path, body, positions, columns)
    frame = build_frame(values, numbers, columns)
    problems.extend(duplicate_problems(path, frame, positions, columns))
    clean = plain(frame.drop(index=sorted(bad)))
    problems.extend(check_problems(path, clean, checks, positions, columns))
    if problems:
        raise InputError(capped(sorted(problems, key=sort_key)))
    return Table(plain(frame), tuple(warnings))


def write_template(columns: Sequence[Column], path: str | Path, lang: str = "zh") -> None:
    """Write an empty input file with every column's header: XLSX for a .xlsx name, else CSV (UTF-8 with BOM)."""
    path = Path(path)
    headers = [column.header(lang) for column in columns]
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(headers)
        sheet.freeze_panes = "A2"
        book.save(path)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(headers)

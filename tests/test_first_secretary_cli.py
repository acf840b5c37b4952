"""`simtoolkit score first-secretary`, called in-process: the command-line contract other tools rely on."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from simtoolkit.cli import score as score_command
from simtoolkit.cli.main import main
from simtoolkit.rules.first_secretary import OUTPUT_COLUMNS, record_columns

from test_first_secretary_rules import PERFECT, SAT_60, SAT_80

SCENARIOS = Path(__file__).parents[1] / "scenarios"
BOM = b"\xef\xbb\xbf"
# Four records of one category (ranked: floor(0.3 × 4) = 1 excellent, 1 good) and one invalid vote.
# id 1: 100 + 2 × 5 = 110, × 0.9 = 99 → excellent; id 2: 100 × 0.9 = 90 → good;
# id 3: 100 × 0.8 = 80 → competent; id 4: satisfaction 0.6 < 70 % → basically competent;
# id 5: 10 votes of 20 entitled, 30 < 40 → invalid_vote
ROWS = [dict(study_trips=2), dict(), dict(**SAT_80), dict(**SAT_60), dict(eligible_voters=20)]


def rows(*changes: dict) -> list[dict]:
    """Full records from PERFECT with changes, ids 1, 2, …"""
    return [{**PERFECT, "id": str(i + 1), **c} for i, c in enumerate(changes)]


def write_csv(path: Path, records: list[dict], encoding: str = "utf-8", chinese: bool = False) -> Path:
    """Records as a CSV file, headers in English or as their Chinese labels."""
    names = [c.name for c in record_columns()]
    headers = [c.zh for c in record_columns()] if chinese else names
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[r[n] for n in names] for r in records])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read_output(path: Path) -> list[dict]:
    """The output CSV: it starts with a BOM, then UTF-8."""
    data = path.read_bytes()
    assert data.startswith(BOM)
    return list(csv.DictReader(io.StringIO(data[len(BOM):].decode("utf-8"))))


def score(*args) -> int:
    """Run the command in-process."""
    return main(["score", "first-secretary", *map(str, args)])


def test_writes_the_graded_table(tmp_path, capsys):
    records, out = write_csv(tmp_path / "r.csv", rows(*ROWS)), tmp_path / "out" / "graded.csv"
    assert score(records, "--out", out, "--lang", "en") == 0
    output = read_output(out)
    assert list(output[0]) == OUTPUT_COLUMNS
    assert [r["grade"] for r in output] == ["excellent", "good", "competent", "basically competent", "invalid_vote"]
    # id 1: base 110, bonus 0, organisation 110, satisfaction 9/10, total 99
    assert [output[0][c] for c in OUTPUT_COLUMNS[:7]] == ["1", "town/full-time", "110.00", "0.00", "110.00", "0.9000", "99.00"]
    # id 4: 6/10 = 0.6; 100 × 0.6 = 60; the direct grade's reason
    assert output[3]["satisfaction"] == "0.6000" and output[3]["total"] == "60.00"
    assert output[3]["reason"] == "satisfaction 60.00% below 70%: basically competent directly"
    # id 5: the invalid vote keeps no scores but is written, with its reason
    assert [output[4][c] for c in OUTPUT_COLUMNS[2:7]] == [""] * 5
    assert output[4]["reason"] == "vote invalid: 10 of 20 entitled voters took part, fewer than 2/3; not ranked"
    assert "wrote 5 graded records" in capsys.readouterr().out


def test_grades_in_chinese_by_default(tmp_path):
    records, out = write_csv(tmp_path / "r.csv", rows(*ROWS)), tmp_path / "graded.csv"
    assert score(records, "--out", out) == 0
    output = read_output(out)
    assert [r["grade"] for r in output] == ["优秀", "良好", "称职", "基本称职", "invalid_vote"]
    assert output[0]["reason"] == "“town/full-time”类3人参加排名,总分第1名,列优秀第1名(优秀名额1名:4人×30%)"


def test_prints_the_table_without_out(tmp_path, capsys):
    records = write_csv(tmp_path / "r.csv", rows(*ROWS))
    assert score(records, "--lang", "en") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == OUTPUT_COLUMNS
    assert lines[1].split()[:8] == ["1", "town/full-time", "110.00", "0.00", "110.00", "0.9000", "99.00", "excellent"]
    assert len(lines) == 6


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_chinese_headers_in_every_encoding(tmp_path, encoding):
    # the same records with Chinese headers and a Chinese category grade the same
    changed = [dict(r, category="镇街干部") for r in ROWS]
    records = write_csv(tmp_path / "r.csv", rows(*changed), encoding, chinese=True)
    out = tmp_path / "graded.csv"
    assert score(records, "--out", out) == 0
    output = read_output(out)
    assert [r["category"] for r in output] == ["镇街干部"] * 5
    assert [r["grade"] for r in output] == ["优秀", "良好", "称职", "基本称职", "invalid_vote"]


def test_xlsx_records(tmp_path):
    book = openpyxl.Workbook()
    names = [c.name for c in record_columns()]
    book.active.append([c.zh for c in record_columns()])
    for record in rows(*ROWS):
        book.active.append([record[n] for n in names])
    records, out = tmp_path / "records.xlsx", tmp_path / "graded.csv"
    book.save(records)
    assert score(records, "--out", out, "--lang", "en") == 0
    assert [r["total"] for r in read_output(out)] == ["99.00", "90.00", "80.00", "60.00", ""]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_filled_in_is_scored(tmp_path, suffix):
    template = tmp_path / f"template{suffix}"
    assert score("--template", template) == 0
    # fill the template as a user would: keep its Chinese header row, add records
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(template)
        headers = [c.value for c in book.active[1]]
        by_zh = {c.zh: c.name for c in record_columns()}
        for record in rows(*ROWS):
            book.active.append([record[by_zh[h]] for h in headers])
        book.save(template)
    else:
        assert template.read_bytes() == BOM + (",".join(c.zh for c in record_columns()) + "\n").encode()
        write_csv(template, rows(*ROWS), "utf-8-sig", chinese=True)
    out = tmp_path / "graded.csv"
    assert score(template, "--out", out, "--lang", "en") == 0
    assert [r["grade"] for r in read_output(out)][:2] == ["excellent", "good"]


def test_english_template(tmp_path):
    template = tmp_path / "t.csv"
    assert score("--template", template, "--lang", "en") == 0
    assert template.read_bytes() == BOM + (",".join(c.name for c in record_columns()) + "\n").encode()


def bad_run(tmp_path, capsys, records: Path) -> list[str]:
    """Run on a bad file: exit 2, no output file, and the error lines."""
    out = tmp_path / "graded.csv"
    assert score(records, "--out", out) == 2
    assert not out.exists()
    assert not list(tmp_path.glob(".tmp-*"))
    return capsys.readouterr().err.splitlines()


def test_missing_column(tmp_path, capsys):
    records = write_csv(tmp_path / "r.csv", rows(*ROWS))
    text = records.read_text().splitlines()
    kept = [",".join(line.split(",")[:-1]) for line in text]  # drop the last column
    records.write_text("\n".join(kept) + "\n")
    assert bad_run(tmp_path, capsys, records) == [f"error: {records}: missing column caused_mass_incident (导致群体性事件)"]


def test_bad_values_name_row_and_column(tmp_path, capsys):
    bad = rows(
        dict(),
        dict(jobs="two"),  # row 3: non-numeric
        dict(democracy_days_missed=-1),  # row 4: negative count
        dict(diary_deduction=5),  # row 5: 第十六条(二)1① 记4分,否则视情扣1-4分 — 5 is above the item's 4
        dict(votes_very_satisfied=10),  # row 6: 10 + 3 + 1 + 0 = 14 votes, 12 entitled
    )
    lines = bad_run(tmp_path, capsys, write_csv(tmp_path / "r.csv", bad))
    path = tmp_path / "r.csv"
    assert lines == [
        f"error: {path}: row 3, column Z jobs (落实就业岗位数): 'two' is not a number",
        f"error: {path}: row 4, column K democracy_days_missed (民主活动日缺次数): -1 is negative (the least allowed is 0)",
        f"error: {path}: row 5, column Q diary_deduction (民情日记扣分): 5 is above the maximum 4: a deduction cannot exceed its item's points",
        f"error: {path}: row 6, column AS eligible_voters (应参加测评人数): the four vote counts add up to 14, more than the 12 entitled voters",
    ]


@pytest.mark.parametrize(
    "column, value, maximum",
    [
        ("conflict_deduction", 6, 5),  # 视情扣1-5分
        ("talks_deduction", 6, 5),  # 记5分,否则视情扣1-5分
        ("appointments_deduction", 4, 3),  # 记3分,否则视情扣1-3分
        ("households_paired", 3, 2),  # 结对帮扶2户特困家庭
        ("branch_rank_change", 4, 3),  # ABCD: at most three ranks
    ],
)
def test_values_above_the_rulebook_maximum(tmp_path, capsys, column, value, maximum):
    lines = bad_run(tmp_path, capsys, write_csv(tmp_path / "r.csv", rows(dict(**{column: value}))))
    assert len(lines) == 1
    assert "row 2, column" in lines[0] and f" {column} (" in lines[0]
    assert f"{value} is above the maximum {maximum}" in lines[0]


def test_branch_rank_cannot_fall_more_than_three(tmp_path, capsys):
    lines = bad_run(tmp_path, capsys, write_csv(tmp_path / "r.csv", rows(dict(branch_rank_change=-4))))
    assert lines == [f"error: {tmp_path / 'r.csv'}: row 2, column AN branch_rank_change (党组织晋降位数): -4 is below the minimum (the least allowed is -3)"]


def test_repeated_id(tmp_path, capsys):
    lines = bad_run(tmp_path, capsys, write_csv(tmp_path / "r.csv", rows(dict(), dict(id="1"))))
    assert lines == [f"error: {tmp_path / 'r.csv'}: row 3, column A id (编号): '1' repeats row 2; values must be unique"]


def test_no_records(tmp_path, capsys):
    records = write_csv(tmp_path / "r.csv", [])
    assert bad_run(tmp_path, capsys, records) == [f"error: {records}: has a header but no records"]


def test_unknown_column_is_a_warning(tmp_path, capsys):
    records = write_csv(tmp_path / "r.csv", rows(*ROWS))
    lines = records.read_text().splitlines()
    records.write_text("\n".join([lines[0] + ",remark"] + [line + ",x" for line in lines[1:]]) + "\n")
    assert score(records, "--out", tmp_path / "graded.csv") == 0
    assert capsys.readouterr().err == f"warning: {records}: column AW 'remark' is not a known column; ignored\n"


def test_scenario_changes_the_rulebook(tmp_path):
    # a reform: 50 % excellent of the 4 ranked rows → floor(2) = 2 excellent (ids 1 and 2)
    reform = tmp_path / "reform.toml"
    reform.write_text(f'extends = "{SCENARIOS / "jiaozhou.toml"}"\n[policy.first_secretary]\nexcellent_share = 50\ngood_share = 20\n')
    records, out = write_csv(tmp_path / "r.csv", rows(*ROWS)), tmp_path / "graded.csv"
    assert score(records, "--out", out, "--scenario", reform, "--lang", "en") == 0
    assert [r["grade"] for r in read_output(out)][:3] == ["excellent", "excellent", "competent"]


def test_scenario_without_the_rulebook(tmp_path, capsys):
    records = write_csv(tmp_path / "r.csv", rows(*ROWS))
    qingxu = SCENARIOS / "qingxu.toml"
    assert score(records, "--scenario", qingxu) == 2
    assert capsys.readouterr().err == f"error: {qingxu}: has no [policy.first_secretary] section, so there is no first-secretary rulebook to score with\n"


def test_bad_scenario_value(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{SCENARIOS / "jiaozhou.toml"}"\n[policy.first_secretary]\nexcellent_share = 80\n')
    assert score(write_csv(tmp_path / "r.csv", rows(*ROWS)), "--scenario", bad) == 2
    assert "excellent_share + policy.first_secretary.good_share = 110, over 100" in capsys.readouterr().err


def test_missing_default_scenario(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(score_command, "DEFAULT_SCENARIO", "absent.toml")
    assert score(write_csv(tmp_path / "r.csv", rows(*ROWS))) == 2
    err = capsys.readouterr().err
    assert "absent.toml is missing; give one with --scenario FILE" in err


def test_records_or_template_needed(tmp_path, capsys):
    assert score() == 2
    assert "give the RECORDS file to score" in capsys.readouterr().err
    assert score(tmp_path / "r.csv", "--template", tmp_path / "t.csv") == 2
    assert not (tmp_path / "t.csv").exists()


def test_records_file_not_found(tmp_path, capsys):
    assert score(tmp_path / "none.csv") == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'none.csv'}: file not found\n"

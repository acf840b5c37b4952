"""Terminal tables fit the terminal and line up by display width (a Chinese character takes two columns)."""

from __future__ import annotations

import re

import pytest
from wcwidth import wcswidth

from simtoolkit.report.terminal import table_text

from conftest import SCENARIOS

SMALL = ("--reps", "2", "--years", "2", "--seed", "5")


def ends(line: str) -> list[int]:
    """Display columns where a cell ends: a character followed by two spaces or the end of the line (cells hold single spaces)."""
    found, col = [], 0
    for i, ch in enumerate(line):
        col += wcswidth(ch)
        if ch != " " and (line[i + 1:i + 3] == "  " or i == len(line) - 1):
            found.append(col)
    return found


def blocks(text: str) -> list[list[str]]:
    """The tables of a printed text: runs of lines with at least two cells, split at blank lines."""
    out, block = [], []
    for line in text.splitlines() + [""]:
        if line.strip() and len(ends(line)) >= 2:
            block.append(line)
        else:
            if len(block) > 1:
                out.append(block)
            block = []
    return out


def check_layout(text: str, columns: int) -> None:
    """Every line fits; in every table, the rows' right-aligned cells end at the same display columns."""
    for line in text.splitlines():
        assert wcswidth(line) <= columns, f"{wcswidth(line)} > {columns}: {line!r}"
    tables = blocks(text)
    assert tables
    for table in tables:
        rows = [ends(line)[1:] for line in table]  # the first cell (row label) is left-aligned
        body = rows[-1]
        assert all(r == body for r in rows if len(r) == len(body)), table
        assert all(set(r) <= set(body) for r in rows), table  # header lines above a wrapped header: a subset


def test_a_chinese_table_wraps_into_blocks_and_aligns_by_display_width():
    # a label of 4 (年份), two columns of 9 (the values) and one of 8 (星级奖励 over 7-wide values), gaps of 2:
    # 4 + 2 + 9 + 2 + 9 = 26 ≤ 30, the third would make 36, so it starts a second block under the label again
    header = ["年份", "基本报酬", "绩效报酬", "星级奖励"]
    rows = [["2023", "9,018,803", "2,712,000", "0"], ["2024", "9,018,803", "3,890,467", "179,333"]]
    text = table_text(header, rows, columns=30)
    assert text.splitlines() == [
        "年份   基本报酬   绩效报酬",
        "2023  9,018,803  2,712,000",
        "2024  9,018,803  3,890,467",
        "",
        "年份  星级奖励",
        "2023         0",
        "2024   179,333",
    ]


def test_a_chinese_header_stays_whole_when_it_fits():
    # 养老保险县财政缴纳 is 18 columns: at 80 the column takes its width and the value is right-aligned under it
    text = table_text(["年份", "养老保险县财政缴纳"], [["2023", "120400"]], columns=80)
    assert text.splitlines() == ["年份  养老保险县财政缴纳", "2023              120400"]


def test_a_header_wider_than_the_terminal_wraps_over_its_column_in_even_lines():
    # at 20 columns, beside the 4-column year and a gap of 2, a column has 14: the 18-column header needs
    # ⌈18/14⌉ = 2 lines; even lines of 9 cannot hold whole characters (4 make 8, a fifth 10), so 10 and 8
    text = table_text(["年份", "养老保险县财政缴纳"], [["2023", "120400"]], columns=20)
    assert text.splitlines() == ["      养老保险县", "年份    财政缴纳", "2023      120400"]


@pytest.mark.parametrize("columns", [100, 120])
def test_run_and_compare_fit_the_terminal_and_align(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    code, run_text, err = cli("run", SCENARIOS / "qingxu.toml", *SMALL)
    assert code == 0, err
    assert "星级分布" in run_text and "各项支出" in run_text
    code, compare_text, err = cli("compare", SCENARIOS / "qingxu_before.toml", SCENARIOS / "qingxu.toml", *SMALL)
    assert code == 0, err
    for text in (run_text, compare_text):
        check_layout(text, columns)
        # one language per run: no English word in the Chinese output (scenario names are file names)
        words = set(re.findall(r"[A-Za-z]{3,}", text)) - {"qingxu", "qingxu_before", "before"}
        assert not words, words
    # the base has no stars: no star rows in the comparison, and a line saying why
    assert "星人数" not in compare_text and "基线方案没有星级评定" in compare_text


def test_run_without_stars_prints_no_star_block(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, text, err = cli("run", SCENARIOS / "qingxu_before.toml", *SMALL, "--lang", "en")
    assert code == 0, err
    assert "Star distribution" not in text and "Cost by item" in text
    check_layout(text, 100)


ANALYSES = {
    "sensitivity": ("--param", "policy.stars.award_per_star=500:2000", "--param", "behaviour.performance.base_fraction=0.6:0.85",
                    "--output", "fiscal_cost@1", "--output", "share_2plus_stars@1", "--samples", "2"),
    "morris": ("--method", "morris", "--param", "policy.stars.award_per_star=500:2000", "--output", "fiscal_cost@1",
               "--samples", "2"),
    "calibrate": ("--target", "heads_2_stars@1=20+-3", "--param", "behaviour.performance.base_fraction=0.6:0.9",
                  "--samples", "4", "--rounds", "1", "--check-reps", "1"),
    "optimise": ("--param", "policy.stars.award_per_star=0:3000", "--objective", "share_2plus_stars@1", "--ceiling", "14000000",
                 "--samples", "4", "--rounds", "1"),
}


@pytest.mark.parametrize("analysis", ANALYSES)
def test_analysis_commands_speak_one_language(cli, monkeypatch, tmp_path, analysis):
    # every line a Chinese run prints, on stdout and stderr, is Chinese: method names (Sobol, Morris) and
    # parameter keys in brackets are the only Latin words; the tables fit 100 columns and align
    import simtoolkit.experiments.runner as runner

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(runner, "_show_progress", lambda progress: True)  # the bar a terminal shows, in the run's language
    command = "sensitivity" if analysis == "morris" else analysis
    code, out, err = cli(command, SCENARIOS / "qingxu.toml", *ANALYSES[analysis], "--reps", "1", "--seed", "5",
                         "--workers", "1", "--out", tmp_path / "out")
    assert code == 0, err
    check_layout(out, 100)
    text = re.sub(r"\[[\w.]+\]|" + re.escape(str(tmp_path)) + r"\S*", "", out + err)
    words = set(re.findall(r"[A-Za-z]{3,}", text)) - {"Sobol", "Morris"}
    assert not words, (words, out + err)
    code, out, err = cli(command, SCENARIOS / "qingxu.toml", *ANALYSES[analysis], "--reps", "1", "--seed", "5",
                         "--workers", "1", "--out", tmp_path / "out", "--lang", "en")
    assert code == 0 and "reused from earlier runs" in out and not re.search(r"[\u4e00-\u9fff]", err), err

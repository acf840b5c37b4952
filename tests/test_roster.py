"""Rosters of heads and former heads: encodings, Chinese headers, XLSX, the World they build, and every bad input."""

from __future__ import annotations

import openpyxl
import pytest

from simtoolkit.errors import InputError
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario
from simtoolkit.streams import Streams
from simtoolkit.rules import grades, roles
from simtoolkit.world.roster import build_world, read_roster

from conftest import SCENARIOS

HEADS_EN = "id,township,village,role,age,sex,years_in_post,stars,name"
HEADS_ZH = "编号,乡镇,村(社区),岗位,年龄,性别,任职年限,星级,姓名,备注"
GOOD_ROWS = ["A1,东镇,一村,一肩挑,52,男,8,2,张三", "A2,东镇,二村,secretary,45,女,3,1,李四",
             "A3,东镇,二村,村委会主任,40,M,2,0,王五", "A4,西镇,三社区,社区书记,50,F,12,3,赵六"]
RETIREES = "id,township,sex,birth_year,stars_at_exit,years_served,exit_year\nR1,西镇,男,1955,2,15,2020\nR2,南镇,女,1960,0,7,2022\n"


@pytest.fixture
def scenario(qingxu):
    """Qingxu: stars up to 5, first year 2023."""
    return load_scenario(qingxu)


def write(tmp_path, text: str, name: str = "roster.csv", encoding: str = "utf-8"):
    """A CSV file in the given encoding."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def heads_file(tmp_path, rows=GOOD_ROWS, header=HEADS_EN, **kw):
    """A heads roster with the given rows."""
    return write(tmp_path, "\n".join([header, *rows]) + "\n", **kw)


def problems(scenario, **files) -> list[str]:
    """The problem lines of a bad roster."""
    with pytest.raises(InputError) as err:
        read_roster(scenario, **files)
    return err.value.lines


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_world_from_roster_in_every_encoding(scenario, tmp_path, encoding):
    rows = [r + ",备注文字" for r in GOOD_ROWS]
    roster = read_roster(scenario, heads_file(tmp_path, rows, HEADS_ZH, encoding=encoding), write(tmp_path, RETIREES, "r.csv", encoding))
    assert any("备注" in w and "ignored" in w for w in roster.warnings)
    world = build_world(scenario, Streams(7, 0), roster)
    # townships in order of appearance, then one named only by a former head
    assert world.township_names() == ["东镇", "西镇", "南镇"]
    assert len(world.villages) == 3 and world.villages.community.tolist() == [False, False, True]
    heads = world.heads
    assert heads.role.tolist() == roles.codes(["secretary_director", "secretary", "director", "community_secretary"]).tolist()
    assert heads.birth_year.tolist() == [1971, 1978, 1983, 1973]  # 2023 − age
    assert heads.sex.tolist() == [0, 1, 0, 1]
    assert heads.start_month.tolist() == [-96, -36, -24, -144]  # years in post before January 2023
    assert heads.stars.tolist() == [2, 1, 0, 3] and heads.rated.tolist() == [True, True, False, True]
    assert world.retirees.township.tolist() == [1, 2] and world.retirees.stars_at_exit.tolist() == [2, 0]
    assert len(world.households) > 0 and len(world.members) >= len(heads)


def test_xlsx_roster(scenario, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADS_ZH.split(",")[:9])
    for row in GOOD_ROWS:
        values = row.split(",")
        book.active.append([*values[:4], int(values[4]), values[5], float(values[6]), int(values[7]), values[8]])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    world = build_world(scenario, Streams(7, 0), read_roster(scenario, path))
    assert world.heads.stars.tolist() == [2, 1, 0, 3]


def test_roster_run_pays_the_roster(scenario, tmp_path):
    # Pension contribution in 2023 (existing 600 per head + 50 per star held after the first rating):
    # four heads in post → 2,400 yuan existing; the retirement subsidy of the two former heads, both
    # eligible (ages 68 and 63 ≥ 60, served 15 and 7 ≥ 6 years): 200 × 12 each = 4,800, and the
    # per-star top-up 15 × 2 × 12 = 360 for the one with two stars.
    roster = read_roster(scenario, heads_file(tmp_path), write(tmp_path, RETIREES, "r.csv"))
    costs = CountyModel(scenario, years=1, roster=roster).run().costs_frame().groupby("item")["fen"].sum() / 100
    assert costs["pension_contribution"] == 2400.0
    assert costs["retirement_subsidy"] == 4800.0 and costs["retirement_star_topup"] == 360.0


@pytest.mark.parametrize("rows, expected", [
    (["A1,东镇,一村,mayor,52,男,8,2,x"], "row 2, column D role (岗位): unknown role code 'mayor'"),
    (["A1,东镇,一村,书记,-3,男,0,2,x"], "row 2, column E age (年龄): -3 is below the minimum"),
    (["A1,东镇,一村,书记,130,男,8,2,x"], "row 2, column E age (年龄): 130 is above the maximum 100"),
    (["A1,东镇,一村,书记,30,男,20,2,x"], "row 2, column G years_in_post (任职年限): 20 years in post is implausible at age 30"),
    (["A1,东镇,一村,书记,50,男,8,6,x"], "row 2, column H stars (星级): 6 is above the maximum 5"),
    (["A1,东镇,一村,书记,50,男,8,1,x", "A1,东镇,二村,书记,50,男,8,1,y"], "row 3, column A id (编号): 'A1' repeats row 2"),
    (["A1,东镇,一村,书记,50,X,8,1,x"], "row 2, column F sex (性别): unknown sex 'X'"),
])
def test_bad_heads_name_row_and_column(scenario, tmp_path, rows, expected):
    lines = problems(scenario, roster=heads_file(tmp_path, rows))
    assert any(expected in line for line in lines), lines


def test_missing_required_column(scenario, tmp_path):
    path = write(tmp_path, "id,township,village,role,age,sex,stars\nA1,东镇,一村,书记,50,男,1\n")
    assert any("missing column years_in_post (任职年限)" in line for line in problems(scenario, roster=path))


@pytest.mark.parametrize("row, expected", [
    ("R1,西镇,男,1955,9,15,2020", "column E stars_at_exit (离任时星级): 9 is above the maximum 5"),
    ("R1,西镇,男,1955,1,15,2030", "column G exit_year (离任年份): 2030 is above the maximum 2023"),
    ("R1,西镇,男,1955,1,50,2020", "column F years_served (任职年限): 50 years served is implausible"),
])
def test_bad_retirees_name_row_and_column(scenario, tmp_path, row, expected):
    path = write(tmp_path, "id,township,sex,birth_year,stars_at_exit,years_served,exit_year\n" + row + "\n", "r.csv")
    lines = problems(scenario, retirees=path)
    assert any(f"row 2, {expected}" in line for line in lines), lines


def test_cli_bad_roster_exits_2_and_writes_nothing(cli, qingxu, tmp_path):
    bad = heads_file(tmp_path, ["A1,东镇,一村,mayor,52,男,8,2,x"])
    out = tmp_path / "out"
    code, _, err = cli("report", qingxu, "--roster", bad, "--reps", 1, "--years", 1, "--out", out)
    assert code == 2 and "unknown role code 'mayor'" in err and "Traceback" not in err
    assert not out.exists()


def test_names_never_reach_the_outputs(cli, qingxu, tmp_path):
    out = tmp_path / "out"
    code, stdout, _ = cli("report", qingxu, "--roster", heads_file(tmp_path), "--reps", 1, "--years", 1, "--out", out)
    assert code == 0
    book = openpyxl.load_workbook(out / "report.xlsx")
    cells = " ".join(str(v) for s in book.worksheets for row in s.iter_rows(values_only=True) for v in row if v is not None)
    page = (out / "report.html").read_text(encoding="utf-8")
    for name in ("张三", "李四", "王五", "赵六"):
        assert name not in cells and name not in page and name not in stdout
    assert "东镇" in cells  # townships do appear


def test_template_writes_empty_files(cli, qingxu, tmp_path):
    code, _, _ = cli("report", qingxu, "--template", tmp_path / "tpl")
    assert code == 0
    header = (tmp_path / "tpl" / "roster.csv").read_text(encoding="utf-8-sig").strip()
    assert header == "编号,乡镇,村(社区),岗位,年龄,性别,任职年限,星级,姓名,上年考核等次,中断前任职年限,任职中断月数"
    book = openpyxl.load_workbook(tmp_path / "tpl" / "retirees.xlsx")
    assert [c.value for c in book.active[1]][:7] == ["编号", "乡镇", "性别", "出生年份", "离任时星级", "任职年限", "离任年份"]


def test_last_grade_marks_a_head_without_stars_as_rated(scenario, tmp_path):
    # 上年考核等次: a head graded last year has been through the initial rating, stars or not, so the next rating
    # is the yearly adjustment. A3 (0 stars, graded 合格 last year) is rated; A2 (1 star, no grade) is rated by its
    # star; a head with neither is not. Grades are read in Chinese and English.
    header = HEADS_EN + ",last_grade"
    rows = ["A1,东镇,一村,一肩挑,52,男,8,2,张三,优秀", "A2,东镇,二村,secretary,45,女,3,1,李四,",
            "A3,东镇,二村,村委会主任,40,M,2,0,王五,合格", "A4,西镇,三社区,社区书记,50,F,12,0,赵六,",
            "A5,西镇,四村,secretary,50,F,12,0,钱七,unqualified"]
    heads = build_world(scenario, Streams(7, 0), read_roster(scenario, heads_file(tmp_path, rows, header))).heads
    assert heads.grade.tolist() == [grades.EXCELLENT, grades.NONE, grades.QUALIFIED, grades.NONE, grades.UNQUALIFIED]
    assert heads.rated.tolist() == [True, True, True, False, True]


def test_roster_is_filled_with_the_full_time_cadres_it_does_not_list(tmp_path):
    # 002_9a823f6d1c9ce30e.txt: “在村(社区)从事基层党建、会计等工作的副书记(副主任)或文书,一般每村(社区)按3名核定”
    # (population.cadres: 3 per village, 1 of them a clerk). A roster listing only the heads gets, like a synthesised
    # county, a clerk and deputies up to 3 posts a village: 一村 (1 head) +1 clerk +1 deputy; 二村 (2 heads) +1 clerk;
    # 三社区 (1 head) +1 clerk +1 deputy — 5 rows more, after the roster's own, with fresh ids.
    qianxinan = load_scenario(SCENARIOS / "qianxinan.toml")
    heads = build_world(qianxinan, Streams(7, 0), read_roster(qianxinan, heads_file(tmp_path))).heads
    assert len(heads) == 4 + 5
    assert heads.id[:4].tolist() == [1, 2, 3, 4] and heads.id[4:].tolist() == [5, 6, 7, 8, 9]
    per_village = {v: sorted(roles.CODES[r] for r in heads.role[heads.village == v]) for v in range(3)}
    assert per_village == {0: ["clerk", "deputy", "secretary_director"], 1: ["clerk", "director", "secretary"],
                           2: ["clerk", "community_secretary", "deputy"]}
    assert not heads.stars[4:].any() and not heads.rated[4:].any()
    qingxu = load_scenario(SCENARIOS / "qingxu.toml")  # no full-time cadres: the roster as it is
    assert len(build_world(qingxu, Streams(7, 0), read_roster(qingxu, heads_file(tmp_path))).heads) == 4

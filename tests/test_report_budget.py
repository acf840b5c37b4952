"""`simtoolkit report`: the workbook and HTML page, reconciled with the ledger and with `run`'s costs.csv."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

from simtoolkit.budget.report import build_report
from simtoolkit.budget.words import term, word
from simtoolkit.cli.main import main
from simtoolkit.ledger import FEN_PER_YUAN
from simtoolkit.budget import figures
from simtoolkit.scenario import load_scenario

REPS, YEARS, SEED = 2, 3, 11
SHEETS_ZH = ["摘要", "项目占比", "人均与每星成本", "分年度分项目", "分项目区间", "分支付方", "分乡镇", "分岗位",
             "长期负债现值", "长期负债现金流", "星级分布", "参数与假设"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """One `report` and one `run` with the same seed, replications and years."""
    root = tmp_path_factory.mktemp("report")
    qingxu = "scenarios/qingxu.toml"
    opts = ["--reps", str(REPS), "--years", str(YEARS), "--seed", str(SEED)]
    assert main(["report", qingxu, *opts, "--out", str(root / "report")]) == 0
    assert main(["run", qingxu, *opts, "--out", str(root / "run")]) == 0
    return root


@pytest.fixture(scope="module")
def report():
    """The same report built through the Python API."""
    scenario = load_scenario("scenarios/qingxu.toml")
    return build_report(scenario, load_scenario("scenarios/qingxu_before.toml"), REPS, SEED, YEARS)


def sheet_frame(sheet, header_row: int) -> pd.DataFrame:
    """A block of a sheet as a frame, from its header row to the first empty row."""
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    end = next((i for i, r in enumerate(rows) if all(v is None for v in r)), len(rows))
    header = [h for h in rows[0] if h is not None]
    return pd.DataFrame([r[: len(header)] for r in rows[1:end]], columns=header)


def test_workbook_sheets_formats_and_frozen_headers(outputs):
    book = openpyxl.load_workbook(outputs / "report" / "report.xlsx")
    assert book.sheetnames == SHEETS_ZH
    items = book["分项目区间"]
    assert items.freeze_panes == "A2"
    assert items["D2"].number_format == "#,##0.00" and items.column_dimensions["B"].width > 8
    assert book["分年度分项目"].freeze_panes == "A3"  # the grid: a note row above the header
    assert book["摘要"].freeze_panes == "A3"  # a note row above the header


def test_workbook_totals_reconcile_with_run_costs_csv(outputs):
    book = openpyxl.load_workbook(outputs / "report" / "report.xlsx")
    by_item = sheet_frame(book["分项目区间"], 1)
    costs = pd.read_csv(outputs / "run" / "costs.csv", encoding="utf-8-sig")
    # mean over replications of each year's cost: the workbook's yearly sum of item means
    from_run = costs.groupby("year")["yuan"].sum() / REPS
    from_book = by_item.groupby("年份")["均值(元)"].sum()
    assert from_book.to_dict() == pytest.approx(from_run.to_dict(), abs=0.01)
    summary = sheet_frame(book["摘要"], 2).set_index("指标")
    assert summary.loc["预测期总成本", "均值(元)"] == pytest.approx(costs["yuan"].sum() / REPS, abs=0.01)
    assert summary.loc["预测期总成本", "均值(万元)"] == pytest.approx(costs["yuan"].sum() / REPS / 10_000, abs=1e-6)
    for grid_sheet in ("分年度分项目", "分支付方", "分乡镇", "分岗位"):
        frame = sheet_frame(book[grid_sheet], 2).set_index("年份")
        assert frame.loc["合计", "合计"] == pytest.approx(costs["yuan"].sum() / REPS, abs=0.05), grid_sheet
        yearly = frame.drop(index="合计")["合计"]
        assert yearly.to_dict() == pytest.approx({str(y): v for y, v in from_run.items()}, abs=0.05), grid_sheet


def test_report_reconciles_with_the_ledger(report):
    p = report.projection
    ledger_yuan = sum(int(r.yearly_fen.sum()) for r in report.runs.results) / FEN_PER_YUAN / REPS
    assert p.horizon_total["mean"].iloc[0] == pytest.approx(ledger_yuan, abs=0.01)
    for table in (p.by_item, p.by_payer, p.by_township, p.by_role, p.by_fiscal):
        assert table["mean"].sum() == pytest.approx(ledger_yuan, abs=0.05)
    # the paired increment is the reform's ledger minus the baseline's, replication by replication
    base_yuan = sum(int(r.yearly_fen.sum()) for r in report.baseline.results) / FEN_PER_YUAN / REPS
    assert p.incremental_total["mean"].iloc[0] == pytest.approx(ledger_yuan - base_yuan, abs=0.01)
    assert p.shares["share"].sum() == pytest.approx(1.0)
    assert p.horizon_fiscal["mean"].sum() == pytest.approx(ledger_yuan, abs=0.01)


def test_figures_plot_the_ledger(report, outputs):
    p = report.projection
    costs = pd.read_csv(outputs / "run" / "costs.csv", encoding="utf-8-sig")
    plotted = figures.cost_data(report).sum(axis=1)  # stacked bar heights per year
    assert plotted.to_dict() == pytest.approx((costs.groupby("year")["yuan"].sum() / REPS).to_dict(), abs=0.01)
    assert figures.cost_data(report).to_numpy().sum() == pytest.approx(p.horizon_total["mean"].iloc[0], abs=0.05)
    assert figures.incremental_data(report)["mean"].sum() == pytest.approx(p.incremental_total["mean"].iloc[0], abs=0.05)
    rated = sum(int(r.star_counts[-1].sum()) for r in report.runs.results) / REPS
    stars = figures.star_data(report)
    assert stars.loc[stars["year"] == stars["year"].max(), "mean"].sum() == pytest.approx(rated)
    assert figures.cashflow_data(report).to_numpy().sum() == pytest.approx(report.flows_end["yuan"].sum() / REPS)
    assert len(figures.figures(report, "zh")) == 4


def test_html_is_self_contained(outputs):
    page = (outputs / "report" / "report.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<link" not in page and "<script" not in page
    sources = re.findall(r'src="([^"]*)"', page)
    assert len(sources) == 4 and all(s.startswith("data:image/png;base64,") for s in sources)
    for sheet in SHEETS_ZH:
        assert f"<h2>{sheet}</h2>" in page
    assert word("report_title", "zh") in page


def test_english_report(tmp_path):
    assert main(["report", "scenarios/qingxu.toml", "--reps", "1", "--years", "1", "--lang", "en", "--out", str(tmp_path)]) == 0
    assert openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames[0] == "Summary"


def test_missing_baseline_is_bad_input(cli, qingxu, tmp_path):
    code, _, err = cli("report", qingxu, "--baseline", tmp_path / "nope.toml", "--out", tmp_path / "o")
    assert code == 2 and "baseline scenario not found" in err
    assert not (tmp_path / "o").exists()


def test_summary_says_which_reading_of_the_yearly_adjustment_is_in_force(report):
    # every star output depends on the reading (docs/model.md): the run note names it, in each language; the
    # baseline before the reform has no star rating, and a scenario without one says nothing of it
    from simtoolkit.budget.report import summary_blocks

    assert report.scenario.value("policy.stars.yearly_reading") == "floor"
    assert "年度星级调整按「保底" in summary_blocks(report, "zh")[0].title
    assert "read as floor" in summary_blocks(report, "en")[0].title
    no_stars = type(report)(**{**report.__dict__, "runs": report.baseline, "baseline": None})
    assert "年度星级调整" not in summary_blocks(no_stars, "zh")[0].title


# ---- the report's tables on tiny hand-made inputs (issue 24: the budget report's tables under mutation testing) -------
# Each test builds its own input, so mutmut links every table function to the tests that check it.

def _tiny_by_item() -> pd.DataFrame:
    """Two years, two items; the pension top-up has no row in 2024 (a sparse table, as the ledger's)."""
    return pd.DataFrame({"year": [2023, 2023, 2024], "item": ["star_award", "pension_star_topup", "star_award"],
                         "mean": [100.0, 50.0, 200.0], "low": [90.0, 40.0, 150.0], "high": [110.0, 60.0, 250.0]})


def test_grid_is_year_by_item_with_total_row_and_column():
    # 分年度分项目 by hand:      星级奖励  养老保险星级补助  合计
    #                 2023      100          50        150
    #                 2024      200           0        200   (no row: 0, not missing)
    #                 合计      300          50        350
    from simtoolkit.budget.report import _grid

    block = _grid(_tiny_by_item(), "item", "zh")
    assert list(block.frame.columns) == ["年份", "星级奖励", "养老保险星级补助", "合计"]  # items in first-seen order
    assert block.frame["年份"].tolist() == ["2023", "2024", "合计"]
    assert block.frame.drop(columns="年份").to_numpy().tolist() == [[100.0, 50.0, 150.0], [200.0, 0.0, 200.0], [300.0, 50.0, 350.0]]
    assert block.title == "各次重复均值(元)"
    assert block.yuan == ("星级奖励", "养老保险星级补助", "合计")
    english = _grid(_tiny_by_item(), "item", "en").frame
    assert list(english.columns) == ["Year", "Star award", "Pension top-up per star", "Total"]
    assert english["Year"].tolist() == ["2023", "2024", "Total"]


def test_grid_sums_items_the_ledger_splits_over_rows():
    # two rows of the same year and payer (two fiscal flags never share a payer, but townships or roles may repeat
    # when a table is coarser than the ledger): the grid's cell is their sum, 30 + 12 = 42
    from simtoolkit.budget.report import _grid

    frame = pd.DataFrame({"year": [2023, 2023], "township": ["清源镇", "清源镇"], "mean": [30.0, 12.0]})
    grid = _grid(frame, "township", "zh").frame.set_index("年份")
    assert grid.loc["2023", "清源镇"] == 42.0 and grid.loc["合计", "合计"] == 42.0
    assert list(grid.columns) == ["清源镇", "合计"]  # a township is a name, not a code: shown as it is


def test_grid_extra_column_is_shown_but_not_added_to_the_total():
    # 分支付方: the public-budget part (其中财政资金) is part of the total, not another payer; by hand:
    #             县财政  乡镇财政  其中财政资金  合计
    #     2023      70      30         100       100   (not 200)
    #     2024      40       0           0        40   (no fiscal row for 2024: 0)
    #     合计     110      30         100       140
    from simtoolkit.budget.report import _grid

    frame = pd.DataFrame({"year": [2023, 2023, 2024], "payer": ["county", "township", "county"], "mean": [70.0, 30.0, 40.0]})
    fiscal = pd.Series({2023: 100.0})
    grid = _grid(frame, "payer", "zh", {"其中财政资金": fiscal}).frame
    assert list(grid.columns) == ["年份", "县财政", "乡镇财政", "其中财政资金", "合计"]
    assert grid.drop(columns="年份").to_numpy().tolist() == [[70.0, 30.0, 100.0, 100.0], [40.0, 0.0, 0.0, 40.0],
                                                           [110.0, 30.0, 100.0, 140.0]]


def test_money_block_keeps_the_band_and_converts_the_mean_to_wan():
    # 万元 = 10,000 yuan: a mean of 123,400 yuan is 12.34 万元; low and high stay in yuan, unconverted
    from simtoolkit.budget.report import _money

    frame = pd.DataFrame({"year": [2023], "item": ["star_award"], "mean": [123_400.0], "low": [100_000.0], "high": [150_000.0]})
    block = _money(frame, "zh", {"year": "year", "item": "item"})
    assert block.frame.to_dict("records") == [{"年份": 2023, "项目": "star_award", "均值(元)": 123_400.0,
                                              "区间下限(元)": 100_000.0, "区间上限(元)": 150_000.0, "均值(万元)": 12.34}]
    assert block.yuan == ("均值(元)", "区间下限(元)", "区间上限(元)") and block.wan == ("均值(万元)",)


def test_per_head_and_per_star_columns_in_order():
    from types import SimpleNamespace

    from simtoolkit.budget.report import per_head_star_block

    per_head = pd.DataFrame({"year": [2023, 2024], "mean": [1.0, 2.0], "low": [0.5, 1.5], "high": [1.5, 2.5]})
    per_star = pd.DataFrame({"year": [2023, 2024], "mean": [10.0, 20.0], "low": [5.0, 15.0], "high": [15.0, 25.0]})
    block = per_head_star_block(SimpleNamespace(per_head=per_head, per_star=per_star), "zh")
    head, star = "人均成本(元/人)", "每星成本(星级相关项目,元/星)"
    names = [f"{head} 均值", f"{head} 下限", f"{head} 上限", f"{star} 均值", f"{star} 下限", f"{star} 上限"]
    assert list(block.frame.columns) == ["年份", *names] and block.yuan == tuple(names)
    assert block.frame.drop(columns="年份").to_numpy().tolist() == [[1.0, 0.5, 1.5, 10.0, 5.0, 15.0], [2.0, 1.5, 2.5, 20.0, 15.0, 25.0]]
    assert block.title == word("per_star_note", "zh")


def test_liability_tables_band_the_present_values_and_average_the_cash_flows():
    # Two replications. Present value at the start: promised retirement subsidy 100 (rep 0) and 300 (rep 1):
    # mean 200; a 90 % band is the 5th and 95th percentile of {100, 300}: 100 + 0.05 × 200 = 110 and 290.
    # At the end only rep 1 has an accruing pension contribution (40): rep 0 counts as 0, mean 20, band 2 … 38.
    # Cash flows after the horizon, summed over replications and divided by 2:
    #   2026: promised subsidy (10 + 30) / 2 = 20, accruing contribution (0 + 4) / 2 = 2, total 22
    #   2027: promised subsidy (10 + 10) / 2 = 10, no accruing row: missing, total 10
    # Columns: promised before accruing, whatever the order of the rows.
    from types import SimpleNamespace

    from simtoolkit.budget.liabilities import ACCRUING, PROMISED
    from simtoolkit.budget.report import liability_blocks

    pv_start = pd.DataFrame({"rep": [0, 1], "basis": PROMISED, "item": "retirement_subsidy", "yuan": [100.0, 300.0]})
    pv_end = pd.DataFrame({"rep": [1], "basis": ACCRUING, "item": "pension_contribution", "yuan": [40.0]})
    flows_end = pd.DataFrame({"rep": [1, 0, 1, 0, 1], "year": [2026, 2026, 2026, 2027, 2027],
                              "basis": [ACCRUING, PROMISED, PROMISED, PROMISED, PROMISED],
                              "item": ["pension_contribution", "retirement_subsidy", "retirement_subsidy", "retirement_subsidy",
                                       "retirement_subsidy"], "yuan": [4.0, 10.0, 30.0, 10.0, 10.0]})
    report = SimpleNamespace(level=0.9, projection=SimpleNamespace(reps=2), pv_start=pv_start, pv_end=pv_end, flows_end=flows_end)
    values, flows = liability_blocks(report, "zh")
    labels = values.frame[["指标", "类别", "项目"]].to_numpy().tolist()
    assert labels == [["期初现值(元)", "已承诺(离任人员)", "离任补贴"], ["期末现值(元)", "在积累(现任主干)", "养老保险县财政缴纳"]]
    money = values.frame[["均值(元)", "区间下限(元)", "区间上限(元)", "均值(万元)"]].to_numpy()
    assert money.tolist() == [pytest.approx([200.0, 110.0, 290.0, 0.02]), pytest.approx([20.0, 2.0, 38.0, 0.002])]
    promised, accruing = "已承诺(离任人员) · 离任补贴", "在积累(现任主干) · 养老保险县财政缴纳"
    assert list(flows.frame.columns) == ["年份", promised, accruing, "合计(元)"]
    assert flows.yuan == (promised, accruing, "合计(元)") and flows.title == word("cashflow_table", "zh")
    table = flows.frame.set_index("年份")
    assert table.loc[2026].tolist() == [20.0, 2.0, 22.0]
    assert table.loc[2027, promised] == 10.0 and table.loc[2027, "合计(元)"] == 10.0


def test_summary_rows_are_the_projections_headlines_in_order(report):
    # 摘要: total, increment, fiscal and non-fiscal parts, the liabilities at the start and the end, then each year's
    # total and increment; every row the projection's own mean and band, and 万元 = yuan / 10,000. The fiscal and
    # non-fiscal parts add up to the total; each liability row is the replications' mean of their summed present values.
    from simtoolkit.budget.report import summary_blocks

    p, years = report.projection, list(range(2023, 2023 + YEARS))
    headline, shares, per = summary_blocks(report, "zh")
    rows = headline.frame.set_index("指标")
    assert list(rows.index) == ["预测期总成本", "相对基准的增量成本(预测期合计)", "其中财政资金", "其中非财政资金",
                                "长期负债现值(期初)", "长期负债现值(期末)", *(f"{y}年总成本" for y in years),
                                *(f"{y}年增量成本" for y in years)]
    assert rows.loc["预测期总成本", ["均值(元)", "区间下限(元)", "区间上限(元)"]].tolist() == p.horizon_total[["mean", "low", "high"]].iloc[0].tolist()
    assert rows.loc["相对基准的增量成本(预测期合计)", "均值(元)"] == p.incremental_total["mean"].iloc[0]
    assert rows.loc["其中财政资金", "均值(元)"] + rows.loc["其中非财政资金", "均值(元)"] == pytest.approx(rows.loc["预测期总成本", "均值(元)"])
    assert rows.loc["其中非财政资金", "均值(元)"] == p.horizon_fiscal.set_index("fiscal").loc[False, "mean"]
    assert rows.loc["长期负债现值(期初)", "均值(元)"] == pytest.approx(report.pv_start["yuan"].sum() / REPS)
    assert rows.loc["长期负债现值(期末)", "均值(元)"] == pytest.approx(report.pv_end["yuan"].sum() / REPS)
    assert rows.loc["长期负债现值(期初)", "均值(元)"] != rows.loc["长期负债现值(期末)", "均值(元)"]
    for _, r in p.total.iterrows():
        assert rows.loc[f"{int(r['year'])}年总成本", ["均值(元)", "区间下限(元)", "区间上限(元)"]].tolist() == [r["mean"], r["low"], r["high"]]
    for _, r in p.incremental.iterrows():
        assert rows.loc[f"{int(r['year'])}年增量成本", ["均值(元)", "区间下限(元)", "区间上限(元)"]].tolist() == [r["mean"], r["low"], r["high"]]
    assert rows["均值(万元)"].tolist() == pytest.approx((rows["均值(元)"] / 10_000).tolist())
    # the run note names the scenario, the baseline and the run's settings
    assert all(s in headline.title for s in (report.scenario.name, report.baseline.scenario.name, f"{REPS}", f"{SEED}"))
    # 项目占比: each item's mean over replications and its share; the shares add up to 1 and the means to the total
    assert shares.frame["均值(元)"].sum() == pytest.approx(p.horizon_total["mean"].iloc[0])
    assert shares.frame["均值(万元)"].tolist() == pytest.approx((shares.frame["均值(元)"] / 10_000).tolist())
    assert shares.frame["占比"].tolist() == p.shares["share"].tolist() and shares.percent == ("占比",)
    assert per.frame["年份"].tolist() == years


def test_the_sheets_hold_the_tables_in_workbook_order(report):
    # the grids' 合计 × 合计 is the horizon total; the payer grid's public-budget column is the fiscal part, year by year;
    # the star sheet is the star band; the assumptions list every value in force once
    from simtoolkit.budget.report import sheets

    titled = sheets(report, "zh")
    assert [title for title, _ in titled] == SHEETS_ZH
    content = {title: blocks for title, blocks in titled}
    total = report.projection.horizon_total["mean"].iloc[0]
    for sheet in ("分年度分项目", "分支付方", "分乡镇", "分岗位"):
        grid = content[sheet][0].frame.set_index("年份")
        assert grid.loc["合计", "合计"] == pytest.approx(total), sheet
    payer = content["分支付方"][0].frame.set_index("年份")
    fiscal = report.projection.by_fiscal
    assert payer.loc["2023", "其中财政资金"] == pytest.approx(fiscal[fiscal["fiscal"] & (fiscal["year"] == 2023)]["mean"].sum())
    stars = content["星级分布"][0].frame
    assert list(stars.columns) == ["年份", "星级", "人数均值", "人数下限", "人数上限"]
    assert stars[["人数下限", "人数上限"]].to_numpy().tolist() == report.stars[["low", "high"]].to_numpy().tolist()
    assert stars["人数均值"].tolist() == report.stars["mean"].tolist()
    # each row names its star level, "2星" for two stars (it read 星级分布, the sheet's title, on every row: the
    # budget words' "stars" is that title, the one vocabulary's is "{n}星")
    assert stars["星级"].tolist() == [f"{int(n)}星" for n in report.stars["stars"]]
    assert set(report.stars["stars"]) == {0, 1, 2, 3, 4, 5}
    assert content["分项目区间"][0].frame["均值(元)"].sum() == pytest.approx(total)
    assert "星级奖励" in content["分项目区间"][0].frame["项目"].tolist()  # items by their Chinese labels
    assert content["摘要"][0].frame.columns[0] == "指标" and content["项目占比"][0].frame.columns[0] == "项目"
    assert content["长期负债现值"][0].frame.columns[0] == "指标" and content["长期负债现金流"][0].frame.columns[0] == "年份"
    assumptions = content["参数与假设"][0].frame
    assert assumptions["键"].tolist() == sorted(report.scenario.values)
    assert list(assumptions.columns) == ["参数", "数值", "来源", "借用", "键"]


def test_liabilities_are_valued_at_the_start_and_at_the_end_of_the_projection(report):
    # pv_start values the worlds before the first year at 2023; pv_end the worlds after the last at 2023 + 3 = 2026, and
    # the cash flows shown are the end's, from 2026 on
    from simtoolkit.budget.liabilities import liabilities

    _, at_start = liabilities(report.runs.start_worlds, report.scenario, 2023)
    flows, at_end = liabilities(report.runs.end_worlds, report.scenario, 2023 + YEARS)
    assert report.pv_start["yuan"].sum() == pytest.approx(at_start["yuan"].sum())
    assert report.pv_end["yuan"].sum() == pytest.approx(at_end["yuan"].sum())
    assert report.flows_end["year"].min() == 2023 + YEARS and report.flows_end["yuan"].sum() == pytest.approx(flows["yuan"].sum())
    assert report.level == report.scenario.value("policy.budget.band_level")


def test_assumptions_show_label_value_source_and_borrowing_in_the_readers_language():
    # scenarios/qingxu.toml: discount_rate = 3 (percent), an assumption of the model; china.toml borrows the democratic
    # weight (20 %) from Qingxu and says so
    from simtoolkit.budget.report import assumption_block

    zh = assumption_block(load_scenario("scenarios/qingxu.toml"), "zh")
    rate = zh.frame.set_index("键").loc["policy.budget.discount_rate"]
    assert rate["参数"] == "折现率" and rate["数值"] == "3%" and rate["来源"].startswith("假设") and rate["借用"] == ""
    assert zh.frame.set_index("键").loc["behaviour.turnover.dismiss_on_punishment", "数值"] == "是"  # a yes/no value, in Chinese
    en = assumption_block(load_scenario("scenarios/qingxu.toml"), "en").frame.set_index("Key").loc["policy.budget.discount_rate"]
    assert en["Parameter"] == "Discount rate for present values" and en["Value"] == "3%" and en["Borrowed"] == ""
    china = assumption_block(load_scenario("scenarios/china.toml"), "zh").frame.set_index("键").loc["policy.assessment.democratic_weight"]
    assert china["数值"] == "20%" and china["借用"] == "借用自清徐县" and china["来源"].startswith("山西省清徐县")
    china_en = assumption_block(load_scenario("scenarios/china.toml"), "en").frame.set_index("Key").loc["policy.assessment.democratic_weight"]
    assert china_en["Borrowed"] == "borrowed from Qingxu" and china_en["Source"].startswith("Qingxu County")
    # a value whose scenario cites its own source shows that source, not the parameter's: Yuncheng's community
    # secretaries' pay is Qingxu's figure before the reform (its source), where the parameter's own says it is assumed
    yuncheng = assumption_block(load_scenario("scenarios/yuncheng.toml"), "zh").frame.set_index("键")
    assert yuncheng.loc["policy.pay.annual_pay_community_secretary", "来源"].startswith("山西省清徐县")


def test_reform_and_baseline_run_on_the_given_roster_with_the_same_seed(tmp_path):
    # a roster of three heads in three villages: both the reform and its baseline are run on those three heads (not a
    # synthesised county), with the report's seed, so that each replication of the increment is paired
    from simtoolkit.world.roster import read_roster

    heads = tmp_path / "heads.csv"
    heads.write_text("id,township,village,role,age,sex,years_in_post,stars\nH1,清源镇,东村,一肩挑,50,男,10,2\n"
                     "H2,清源镇,西村,一肩挑,45,女,5,1\nH3,清源镇,南村,一肩挑,40,男,3,0\n", encoding="utf-8")
    scenario, before = load_scenario("scenarios/qingxu.toml"), load_scenario("scenarios/qingxu_before.toml")
    report = build_report(scenario, before, 1, 5, 1, read_roster(scenario, heads))
    assert [len(w.heads) for w in report.runs.start_worlds] == [3]
    assert [len(w.heads) for w in report.baseline.start_worlds] == [3]
    assert report.runs.seed == report.baseline.seed == 5
    # both over the one year asked for, not qingxu.toml's run.years (10)
    assert [r.years for r in report.runs.results] == [r.years for r in report.baseline.results] == [1]
    # liabilities valued at the start (2023, the worlds before the year) and at the end (2023 + 1 = 2024, after it):
    # the cash flows shown are the end's, from 2024 on
    from simtoolkit.budget.liabilities import liabilities

    assert report.flows_end["year"].min() == 2024
    _, at_start = liabilities(report.runs.start_worlds, scenario, 2023)
    _, at_end = liabilities(report.runs.end_worlds, scenario, 2024)
    assert report.pv_start["yuan"].sum() == pytest.approx(at_start["yuan"].sum())
    assert report.pv_end["yuan"].sum() == pytest.approx(at_end["yuan"].sum())
    # without a baseline there is no increment, and nothing is run for it
    alone = build_report(scenario, None, 1, 5, 1, read_roster(scenario, heads))
    assert alone.baseline is None and alone.projection.incremental is None and alone.projection.incremental_total is None


def test_the_star_figure_labels_each_line_with_its_star_level(report):
    # one line per level, labelled "0★" … "5★" in English and "0星" … "5星" in Chinese (it was "Star distribution" on every line)
    from simtoolkit.budget.figures import star_figure

    for lang, mark in (("en", "★"), ("zh", "星")):
        labels = [text.get_text() for text in star_figure(report, lang).axes[0].get_legend().get_texts()]
        assert labels == [f"{n}{mark}" for n in range(6)], lang


def test_cash_flow_columns_keep_the_order_the_flows_name_the_items():
    # the standard subsidy is named before the per-star top-up (as the rules pay them), though "retirement_star_topup"
    # sorts before "retirement_subsidy": the columns follow the flows, promised before accruing; one replication, so
    # each cell is the flow itself: 2026: 2,400 and 180, total 2,580
    from types import SimpleNamespace

    from simtoolkit.budget.liabilities import PROMISED
    from simtoolkit.budget.report import liability_blocks

    pv = pd.DataFrame({"rep": [0], "basis": PROMISED, "item": "retirement_subsidy", "yuan": [1.0]})
    flows_end = pd.DataFrame({"rep": 0, "year": [2026, 2026], "basis": PROMISED, "item": ["retirement_subsidy", "retirement_star_topup"],
                              "yuan": [2400.0, 180.0]})
    report = SimpleNamespace(level=0.9, projection=SimpleNamespace(reps=1), pv_start=pv, pv_end=pv, flows_end=flows_end)
    _, flows = liability_blocks(report, "en")
    subsidy, topup = "Promised (former heads) · Retirement subsidy (standard)", "Promised (former heads) · " + term("retirement_star_topup", "en")
    assert list(flows.frame.columns) == ["Year", subsidy, topup, "Total (yuan)"]
    assert flows.frame.iloc[0].tolist()[1:] == [2400.0, 180.0, 2580.0]


def test_summary_note_and_item_shares_in_the_readers_language(report):
    # the run note, word by word: scenario and baseline names, 2 replications, seed 11, 3 years, the central 90 % band
    # (band_level 0.9), the discount rate in percent to 4 places (2.123456 % is shown 2.1235), and the reading in force
    import dataclasses

    from simtoolkit.budget.report import summary_blocks

    runs = dataclasses.replace(report.runs, scenario=report.scenario.with_changes({"policy.budget.discount_rate": 2.123456}))
    other = type(report)(**{**report.__dict__, "runs": runs})
    base = report.baseline.scenario.name
    zh, shares, _ = summary_blocks(other, "zh")
    assert zh.title == (f"情景 {report.scenario.name};基准 {base};重复 2 次;种子 11;3 年;区间为中间 90% 的重复结果;折现率 2.1235%"
                        ";年度星级调整按「" + term("floor", "zh") + "」解读")
    en = summary_blocks(other, "en")[0]
    assert en.title.startswith(f"scenario {report.scenario.name}; baseline {base}; 2 replications, seed 11, 3 years; "
                               "bands hold the central 90% of replications; discount rate 2.1235%")
    alone = type(report)(**{**report.__dict__, "baseline": None, "runs": runs})
    assert ";基准 —;" in summary_blocks(alone, "zh")[0].title
    # 项目占比: items by their Chinese labels, yuan and 万元 columns named for the writers' formats
    assert list(shares.frame.columns) == ["项目", "均值(元)", "均值(万元)", "占比"]
    assert "星级奖励" in shares.frame["项目"].tolist() and "star_award" not in shares.frame["项目"].tolist()
    assert shares.yuan == ("均值(元)",) and shares.wan == ("均值(万元)",)
    assert shares.title == "占比"


def test_role_grid_labels_the_roles():
    # 分岗位: roles by their labels, 一肩挑 heads 500 and directors 200 in 2023: total 700
    from simtoolkit.budget.report import _grid

    frame = pd.DataFrame({"year": [2023, 2023], "role": ["secretary_director", "director"], "mean": [500.0, 200.0]})
    grid = _grid(frame, "role", "zh").frame
    assert list(grid.columns) == ["年份", "村党组织书记兼村委会主任(“一肩挑”)", "村委会主任", "合计"]
    assert grid.iloc[0].tolist()[1:] == [500.0, 200.0, 700.0]

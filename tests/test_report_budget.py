"""`simtoolkit report`: the workbook and HTML page, reconciled with the ledger and with `run`'s costs.csv."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

from simtoolkit.budget.report import build_report
from simtoolkit.budget.words import word
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

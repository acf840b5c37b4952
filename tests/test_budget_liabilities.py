"""Liabilities: present values of promised and accruing payments, checked against hand-computed cases.

Source (000_e0b0dd193435af35.txt): "根据离任时获得的星级,补贴标准每月每星增加15元" and
"在原有县财政缴纳标准基础上,每增加一个星级每年补助50元". Qingxu's assumed standard subsidy is
200 yuan/month from age 60 after 6 years served, the existing contribution 600 yuan/year, and
heads leave office in the year they turn 63 (scenarios/qingxu.toml).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simtoolkit.budget.liabilities import ACCRUING, PROMISED, cash_flows, horizon, present_value, survival
from simtoolkit.world.lifetable import read_life_table
from simtoolkit.scenario import load_scenario
from simtoolkit.streams import Streams
from simtoolkit.world.roster import build_world, read_roster

from conftest import SCENARIOS

START = 2023


def write(path, text: str):
    """A UTF-8 CSV file."""
    path.write_text(text, encoding="utf-8")
    return path


def valued(qingxu, tmp_path, changes, heads=None, retirees=None):
    """Cash flows and present values (3 %) of a world built from small roster files."""
    scenario = load_scenario(qingxu).with_changes({"policy.budget.discount_rate": 3, **changes})
    roster = read_roster(scenario, heads and write(tmp_path / "heads.csv", heads), retirees and write(tmp_path / "ret.csv", retirees))
    world = build_world(scenario, Streams(1, 0), roster)
    flows = cash_flows(world, scenario, START)
    return flows, present_value(flows, 0.03, START)


def total(frame, basis):
    """Sum of a basis's yuan."""
    return frame.loc[frame["basis"] == basis, "yuan"].sum()


def test_promised_subsidy_paid_three_years_without_mortality(qingxu, tmp_path):
    # A former head born 1953 (70 in 2023), left in 2022 with 2 stars after 10 years; nobody dies
    # (mortality 0 %) and the subsidy lasts 3 years from 2023 (eligible: max(2022+1, 1953+60) = 2023).
    # Each year: (200 + 15 × 2) × 12 = 2,760 yuan, in 2023, 2024, 2025.
    # PV at 3 %: 2760 × (1 + 1/1.03 + 1/1.03²) = 2760 × 2.9134697 = 8,041.18 yuan.
    retiree = "id,township,sex,birth_year,stars_at_exit,years_served,exit_year\nR1,清源镇,男,1953,2,10,2022\n"
    flows, pv = valued(qingxu, tmp_path, {"behaviour.turnover.mortality_ratio": 0, "policy.retirement.duration_years": 3}, retirees=retiree)
    promised = flows[(flows["basis"] == PROMISED) & (flows["yuan"] > 0)]
    assert promised.groupby("year")["yuan"].sum().to_dict() == pytest.approx({2023: 2760.0, 2024: 2760.0, 2025: 2760.0})
    assert total(pv, PROMISED) == pytest.approx(8041.18, abs=0.01)


def test_promised_subsidy_follows_the_life_table(qingxu, tmp_path):
    # A man aged 108 in 2023 is paid 2,400 a year (no stars) while alive at the start of the year:
    # 2023: 2400; 2024: 2400·(1 − q108); 2025: 2400·(1 − q108)(1 − q109); from 2026 nothing (q110 = 1).
    retiree = "id,township,sex,birth_year,stars_at_exit,years_served,exit_year\nR1,清源镇,男,1915,0,20,2000\n"
    flows, pv = valued(qingxu, tmp_path, {"behaviour.turnover.life_table": "china_2020_gompertz_makeham"}, retirees=retiree)
    q = read_life_table("china_2020_gompertz_makeham").q[0]
    expected = [2400.0, 2400.0 * (1 - q[108]), 2400.0 * (1 - q[108]) * (1 - q[109])]
    promised = flows[flows["basis"] == PROMISED].groupby("year")["yuan"].sum()
    assert promised.loc[2023:2025].tolist() == pytest.approx(expected)
    assert promised.loc[2026:].sum() == 0.0
    assert total(pv, PROMISED) == pytest.approx(expected[0] + expected[1] / 1.03 + expected[2] / 1.03**2)


def test_accruing_contributions_then_subsidy(qingxu, tmp_path):
    # One 一肩挑 head, 62 in 2023 (born 1961), 10 years in post, 2 stars; no deaths; subsidy lasts 2 years.
    # In post 2023 and 2024 (leaves the year he turns 63): contribution 600 + 50 × 2 = 700 each year.
    # Served at exit: 10 + 2 = 12 years ≥ 6; subsidy from max(2025, 1961+60) = 2025 for 2 years:
    # (200 + 15 × 2) × 12 = 2,760 in 2025 and 2026.
    # PV at 3 %: 700 + 700/1.03 + 2760/1.03² + 2760/1.03³ = 6,506.97 yuan.
    head = "id,township,village,role,age,sex,years_in_post,stars\nH1,清源镇,东村,一肩挑,62,男,10,2\n"
    flows, pv = valued(qingxu, tmp_path, {"behaviour.turnover.mortality_ratio": 0, "policy.retirement.duration_years": 2}, heads=head)
    accruing = flows[(flows["basis"] == ACCRUING) & (flows["yuan"] > 0)].groupby("year")["yuan"].sum()
    assert accruing.to_dict() == pytest.approx({2023: 700.0, 2024: 700.0, 2025: 2760.0, 2026: 2760.0})
    assert total(pv, ACCRUING) == pytest.approx(6506.97, abs=0.01)
    assert total(pv, PROMISED) == 0.0


def test_baseline_without_stars_has_no_star_liabilities(qingxu, tmp_path):
    # Before the reform there were no stars: the same former head gets the standard only.
    retiree = "id,township,sex,birth_year,stars_at_exit,years_served,exit_year\nR1,清源镇,女,1950,3,12,2020\n"
    scenario = load_scenario(qingxu.parent / "qingxu_before.toml")
    roster = read_roster(scenario, retirees=write(tmp_path / "r.csv", retiree))
    flows = cash_flows(build_world(scenario, Streams(1, 0), roster), scenario, START)
    assert flows.loc[flows["item"] == "retirement_star_topup", "yuan"].sum() == 0.0
    assert flows.loc[(flows["basis"] == PROMISED) & (flows["year"] == START), "yuan"].sum() == 2400.0


def test_exit_subsidy_valued_from_its_rule(tmp_path):
    # RULES.md §C.8 (002_9a823f6d1c9ce30e.txt): "根据任职年限按标准足额发放离任生活补贴" — Qianxinan pays 20 yuan a month per
    # whole year in office, for life from age 60, after at least 3 years; the liabilities omitted it.
    # A former cadre born 1955 (68 in 2023) who left normally in 2020 after 12.5 years: 20 × 12 = 240 a month,
    # 2,880 a year; nobody dies and the rate is 0 %, so each year from 2023 on is promised 2,880 yuan.
    # A cadre in post aged 59 in the scenario's first year 2022 (born 1963), 10 years in post: leaves the year he
    # turns 63 (2026) after 10 + 5 = 15 whole years (start of 2012 to the end of 2026), so 20 × 15 × 12 = 3,600 a
    # year from 2027, times the chance the exit audit finds nothing (1 − 5 % = 0.95): 3,420 yuan.
    from simtoolkit.budget.liabilities import cash_flows

    qianxinan = SCENARIOS / "qianxinan.toml"
    scenario = load_scenario(qianxinan).with_changes({"behaviour.turnover.mortality_ratio": 0, "policy.cadre_exit.audit_finding_rate": 5,
                                                      "behaviour.turnover.retirement_age": 63})
    retiree = "id,township,sex,birth_year,stars_at_exit,years_served,exit_year\nR1,某镇,男,1955,0,12.5,2020\n"
    head = "id,township,village,role,age,sex,years_in_post,stars\nH1,某镇,东村,一肩挑,59,男,10,0\n"
    roster = read_roster(scenario, write(tmp_path / "heads.csv", head), write(tmp_path / "ret.csv", retiree))
    world = build_world(scenario, Streams(1, 0), roster)
    flows = cash_flows(world, scenario, START)
    exit_flows = flows[flows["item"] == "exit_subsidy"].set_index(["basis", "year"])["yuan"]
    assert exit_flows[(PROMISED, 2023)] == pytest.approx(2880.0)
    assert exit_flows[(PROMISED, 2040)] == pytest.approx(2880.0)
    assert exit_flows[(ACCRUING, 2026)] == pytest.approx(0.0)
    assert exit_flows[(ACCRUING, 2027)] == pytest.approx(3600.0 * 0.95)


def test_present_value_discounts_each_year_from_the_valuation_year():
    # At 3 %: 100 in 2023 is worth 100; 103 in 2024 is 103 / 1.03 = 100; 106.09 in 2025 is 106.09 / 1.03² = 100.
    # Promised retirement subsidy: 300 in all. The accruing contribution of 51.5 in 2024 is 51.5 / 1.03 = 50.
    # One row per basis and item, in the order the flows first name them (the report lists them so).
    flows = pd.DataFrame({"year": [2023, 2024, 2024, 2025], "basis": [PROMISED, ACCRUING, PROMISED, PROMISED],
                          "item": ["retirement_subsidy", "pension_contribution", "retirement_subsidy", "retirement_subsidy"],
                          "yuan": [100.0, 51.5, 103.0, 106.09]})
    pv = present_value(flows, 0.03, START)
    assert pv[["basis", "item"]].to_numpy().tolist() == [[PROMISED, "retirement_subsidy"], [ACCRUING, "pension_contribution"]]
    assert pv["yuan"].tolist() == pytest.approx([300.0, 50.0])
    # valued a year later (2024) the 2023 payment counts 100 × 1.03 = 103, 2024's 103 as it is, 2025's 106.09 / 1.03 = 103:
    # 309
    assert present_value(flows, 0.03, 2024)["yuan"].iloc[0] == pytest.approx(309.0)


def test_survival_to_the_start_of_each_year():
    # A man of 108 and a woman of 100: alive at the start of the valuation year for sure, then the product of
    # (1 − q) over the ages already lived: [1, 1 − q108, (1 − q108)(1 − q109)], the woman's from her own column.
    q = read_life_table("china_2020_gompertz_makeham").q
    P = load_scenario(SCENARIOS / "qingxu.toml").with_changes(
        {"behaviour.turnover.life_table": "china_2020_gompertz_makeham"}).params(START)
    ratio = P.behaviour.turnover.mortality_ratio
    alive = survival(np.array([108, 100]), np.array([0, 1]), 3, P)
    man = [1.0, 1 - ratio * q[0][108], (1 - ratio * q[0][108]) * (1 - ratio * q[0][109])]
    woman = [1.0, 1 - ratio * q[1][100], (1 - ratio * q[1][100]) * (1 - ratio * q[1][101])]
    assert alive.tolist() == [pytest.approx(man), pytest.approx(woman)]
    assert q[0][108] != q[1][108]  # the two columns differ, so taking the wrong one would show


def test_cash_flows_last_until_the_youngest_reaches_the_tables_last_age(qingxu, tmp_path):
    # The youngest person, born 1961, is 62 in 2023 and reaches the last age L in 2023 + L − 62: the flows run from
    # 2023 to that year, L − 62 + 1 years. A dead former head (alive = 0) born later does not lengthen them.
    head = "id,township,village,role,age,sex,years_in_post,stars\nH1,清源镇,东村,一肩挑,62,男,10,2\n"
    scenario = load_scenario(qingxu)
    last = read_life_table(scenario.value("behaviour.turnover.life_table")).last_age
    flows, _ = valued(qingxu, tmp_path, {}, heads=head)
    assert sorted(flows["year"].unique()) == list(range(START, START + last - 62 + 1))
    world = build_world(scenario, Streams(1, 0), read_roster(scenario, write(tmp_path / "h.csv", head)))
    assert horizon(world, START, scenario.params(START)) == last - 62 + 1
    world.retirees.birth_year[:] = 2000  # former heads born in 2000 would lengthen it …
    world.retirees.alive[:] = False  # … but none is alive
    assert horizon(world, START, scenario.params(START)) == last - 62 + 1


def test_liabilities_value_each_replication_at_the_scenarios_rate(qingxu, tmp_path):
    # The one former head of test_promised_subsidy_paid_three_years_without_mortality, in two replications' worlds:
    # 2,760 a year for 3 years, at the scenario's 3 %: 8,041.18 promised each, and the flows carry their replication.
    # (The heads in post are synthesised, differently in each replication: their accruing part differs.)
    from simtoolkit.budget.liabilities import liabilities

    retiree = "id,township,sex,birth_year,stars_at_exit,years_served,exit_year\nR1,清源镇,男,1953,2,10,2022\n"
    scenario = load_scenario(qingxu).with_changes({"policy.budget.discount_rate": 3, "behaviour.turnover.mortality_ratio": 0,
                                                   "policy.retirement.duration_years": 3})
    roster = read_roster(scenario, retirees=write(tmp_path / "ret.csv", retiree))
    worlds = [build_world(scenario, Streams(1, rep), roster) for rep in (0, 1)]
    flows, pv = liabilities(worlds, scenario, START)
    promised = pv[pv["basis"] == PROMISED].groupby("rep")["yuan"].sum()
    assert promised.to_dict() == pytest.approx({0: 8041.18, 1: 8041.18}, abs=0.01)
    paid = flows[flows["basis"] == PROMISED].groupby("rep")["yuan"].sum()
    assert paid.to_dict() == pytest.approx({0: 3 * 2760.0, 1: 3 * 2760.0})
    accruing = pv[pv["basis"] == ACCRUING].groupby("rep")["yuan"].sum()
    assert accruing[0] != accruing[1]  # each replication valued from its own world


def test_dated_values_are_taken_in_each_year_and_at_the_valuation_year(qingxu, tmp_path):
    # Dated values hold from their year on (the module's doc). The standard subsidy rises from 200 to 300 a month in
    # 2025: the former head of test_promised_subsidy_paid_three_years_without_mortality (2 stars) is owed
    # (200 + 30) × 12 = 2,760 in 2023 and 2024, then (300 + 30) × 12 = 3,960 in 2025.
    retiree = "id,township,sex,birth_year,stars_at_exit,years_served,exit_year\nR1,清源镇,男,1953,2,10,2022\n"
    flows, _ = valued(qingxu, tmp_path, {"behaviour.turnover.mortality_ratio": 0, "policy.retirement.duration_years": 3,
                                         "policy.retirement.standard_monthly": {"2023": 200, "2025": 300}}, retirees=retiree)
    promised = flows[flows["basis"] == PROMISED].groupby("year")["yuan"].sum()
    assert promised.loc[2023:2025].tolist() == pytest.approx([2760.0, 2760.0, 3960.0])


def test_accruing_contributions_follow_the_heads_survival_from_his_age(qingxu, tmp_path):
    # The head of test_accruing_contributions_then_subsidy, with the life table on (Qingxu's ratio): in post in 2023
    # and 2024, 700 a year, paid in 2024 only if alive at its start: 700 × (1 − ratio × q62), q of a man of 62.
    head = "id,township,village,role,age,sex,years_in_post,stars\nH1,清源镇,东村,一肩挑,62,男,10,2\n"
    scenario = load_scenario(qingxu)
    q = read_life_table(scenario.value("behaviour.turnover.life_table")).q[0]
    ratio = scenario.value("behaviour.turnover.mortality_ratio")
    flows, _ = valued(qingxu, tmp_path, {"policy.retirement.duration_years": 2}, heads=head)
    contributions = flows[flows["item"].isin(["pension_contribution", "pension_star_topup"])].groupby("year")["yuan"].sum()
    assert ratio * q[62] > 0.001  # a death chance large enough to show
    assert contributions.loc[2023] == pytest.approx(700.0)
    assert contributions.loc[2024] == pytest.approx(700.0 * (1 - ratio * q[62]))


def test_baseline_heads_accrue_no_star_money_whatever_their_roster_says(tmp_path):
    # Before the reform there are no stars: a head listed with 2 stars accrues the existing contribution and the
    # standard subsidy only; nothing per star.
    scenario = load_scenario(SCENARIOS / "qingxu_before.toml")
    head = "id,township,village,role,age,sex,years_in_post,stars\nH1,清源镇,东村,一肩挑,62,男,10,2\n"
    roster = read_roster(scenario, write(tmp_path / "h.csv", head))
    flows = cash_flows(build_world(scenario, Streams(1, 0), roster), scenario, START)
    star_items = flows["item"].isin(["pension_star_topup", "retirement_star_topup"])
    assert flows.loc[star_items, "yuan"].sum() == 0.0
    assert flows.loc[(flows["item"] == "pension_contribution") & (flows["year"] == START), "yuan"].sum() == pytest.approx(600.0)
    # both pension rows are always there, as the report shows them (a 0 per star before the reform), and nothing else
    # accrues but the subsidy and its per-star part
    assert set(flows["item"]) == {"pension_contribution", "pension_star_topup", "retirement_subsidy", "retirement_star_topup"}
    assert (flows.groupby("year")["item"].nunique() == 4).all()


def test_a_heads_subsidy_after_leaving_is_the_one_in_force_each_year(qingxu, tmp_path):
    # The head of test_accruing_contributions_then_subsidy (leaves in 2024, subsidy for 2 years from 2025) under a
    # standard rising from 200 to 300 a month in 2026: (200 + 30) × 12 = 2,760 in 2025, (300 + 30) × 12 = 3,960 in 2026.
    head = "id,township,village,role,age,sex,years_in_post,stars\nH1,清源镇,东村,一肩挑,62,男,10,2\n"
    flows, _ = valued(qingxu, tmp_path, {"behaviour.turnover.mortality_ratio": 0, "policy.retirement.duration_years": 2,
                                         "policy.retirement.standard_monthly": {"2023": 200, "2026": 300}}, heads=head)
    accruing = flows[(flows["basis"] == ACCRUING) & (flows["yuan"] > 0)].groupby("year")["yuan"].sum()
    assert accruing.to_dict() == pytest.approx({2023: 700.0, 2024: 700.0, 2025: 2760.0, 2026: 3960.0})


def test_years_served_at_exit_count_to_the_end_of_the_year_of_leaving(qingxu, tmp_path):
    # Qingxu's standard subsidy needs 6 years served. A head of 62 in 2023 leaves at the end of 2024 (the year he turns
    # 63). With 4 years in post at the start of 2023 (48 months) he has served 48 + 24 = 72 months = 6 years at the end of
    # 2024: owed (200 + 15 × 2) × 12 = 2,760 in 2025. With 3.9 years (46.8, rounded to 47 months) he has served 71 months,
    # one short of 6 years: owed nothing, ever.
    def owed_2025(years_in_post):
        head = f"id,township,village,role,age,sex,years_in_post,stars\nH1,清源镇,东村,一肩挑,62,男,{years_in_post},2\n"
        flows, _ = valued(qingxu, tmp_path, {"behaviour.turnover.mortality_ratio": 0, "policy.retirement.duration_years": 2},
                          heads=head)
        after = flows[flows["item"].isin(["retirement_subsidy", "retirement_star_topup"])]
        return after.loc[after["year"] == 2025, "yuan"].sum(), after["yuan"].sum()

    assert owed_2025(4) == pytest.approx((2760.0, 2 * 2760.0))
    assert owed_2025(3.9) == (0.0, 0.0)

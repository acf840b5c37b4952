"""Notebook tables for non-coders: codes become labels, money gets separators."""

from __future__ import annotations

import pandas as pd

from simtoolkit.report.readable import differences, sweep_summary


def test_differences_label_metrics_and_keep_only_what_moved():
    # three metrics: the star award and 2-star heads moved in some replication, the township top-up never did
    horizon = pd.DataFrame({"metric": ["cost:star_award", "stars:2", "cost:township_pay_topup"],
                            "base_mean": [179333.3, 20.0, 0.0], "reform_mean": [269000.0, 21.5, 0.0],
                            "diff_mean": [89666.7, 1.5, 0.0], "diff_low": [88000.0, 0.0, 0.0], "diff_high": [91000.0, 3.0, 0.0]})
    shown = differences(horizon, "zh")
    assert list(shown.data["指标"]) == ["星级奖励", "2星人数"]
    page = shown.to_html()
    assert "89,666.7" in page and "cost:" not in page and "stars:" not in page


def test_sweep_summary_names_the_parameter_and_separates_thousands():
    summary = pd.DataFrame({"policy.stars.award_per_star": [500, 1500], "reps": [3, 3], "total_mean": [25072810.4, 25161535.0],
                            "total_low": [25067244.0, 25155316.0], "total_high": [25078377.0, 25167754.0], "fiscal_mean": [1.0, 2.0]})
    page = sweep_summary(summary, ["policy.stars.award_per_star"], "zh").to_html()
    assert "星级奖励(每星)" in page and "25,072,810" in page and "policy.stars" not in page


def test_every_indicator_of_the_shipped_scenarios_has_a_chinese_label():
    # indicators.csv names (snake_case) a notebook or a table shows: each must come out in Chinese words
    import re

    from simtoolkit.model import CountyModel
    from simtoolkit.report.vocabulary import indicator
    from simtoolkit.scenario import load_scenario

    from conftest import SCENARIOS

    names = set()
    for name in ("qingxu", "gaoyang", "jiaozhou", "yuncheng", "qianxinan"):
        result = CountyModel(load_scenario(SCENARIOS / f"{name}.toml"), replication=0, years=1).run()
        names |= set(result.indicators_frame()["indicator"])
    unlabelled = sorted(n for n in names if re.search(r"[a-z]{3,}", indicator(n, "zh")))
    assert not unlabelled, unlabelled

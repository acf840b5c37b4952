"""The runner's and compare's contracts: what identifies a stored run, and what two scenarios must share."""

from __future__ import annotations

import pytest

from conftest import SCENARIOS
from simtoolkit.errors import InputError
from simtoolkit.experiments.compare import compare
from simtoolkit.experiments.runner import Job, run_replications, simulate_replication
from simtoolkit.scenario import load_scenario

QINGXU = SCENARIOS / "qingxu.toml"
CALLS: list[tuple[int, int]] = []


def counting(scenario, replication, seed, years):
    """The model run, counted with its horizon (sequential runs only)."""
    CALLS.append((replication, years))
    return simulate_replication(scenario, replication, seed, years)


def test_the_job_key_holds_the_seed_the_horizon_and_the_model_values_not_the_number_of_replications():
    scenario = load_scenario(QINGXU)
    key = Job("base", scenario, 5, 3, 2).key
    assert Job("other name", scenario, 50, 3, 2).key == key  # 5 and 50 replications share their first five runs
    assert Job("base", scenario, 5, 3, 3).key != key  # another horizon
    assert Job("base", scenario, 5, 4, 2).key != key  # another seed
    assert Job("base", scenario.with_changes({"policy.stars.award_per_star": 1001}), 5, 3, 2).key != key
    assert Job("base", scenario.with_changes({"run.replications": 7, "run.years": 9, "run.seed": 11}), 5, 3, 2).key == key


def test_another_horizon_reuses_nothing(tmp_path):
    scenario = load_scenario(QINGXU)
    CALLS.clear()
    first = run_replications(scenario, 2, 3, 1, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    again = run_replications(scenario, 2, 3, 1, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    longer = run_replications(scenario, 2, 3, 2, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    assert CALLS == [(0, 1), (1, 1), (0, 2), (1, 2)]  # the second call reused both, the two-year one ran both again
    assert (first.ran, again.reused, longer.reused, longer.ran) == (2, 2, 0, 2)


def test_compare_refuses_scenarios_that_start_in_different_years(cli, tmp_path):
    base = load_scenario(QINGXU)
    later = base.with_changes({"run.start_year": 2024})
    with pytest.raises(InputError, match="the base starts in 2023 and the reform in 2024"):
        compare(base, later, reps=1, years=1, executor="sequential", progress=False)
    reform = tmp_path / "later.toml"
    reform.write_text(f'extends = "{QINGXU}"\n[run]\nstart_year = 2024\n', encoding="utf-8")
    code, out, err = cli("compare", QINGXU, reform, "--reps", 1, "--years", 1, "--out", tmp_path / "out")
    assert code == 2 and "2023" in err and "2024" in err and not (tmp_path / "out").exists()

"""CountyModel as a Mesa user drives it: rng=, step/run_model stopping at the horizon, clear errors past it, batch_run."""

from __future__ import annotations

import mesa
import pandas as pd
import pytest

from simtoolkit.mesa_idioms import HorizonReached
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def qingxu():
    return load_scenario(SCENARIOS / "qingxu.toml")


def frames_equal(a, b) -> None:
    pd.testing.assert_frame_equal(a.stars_frame(), b.stars_frame())
    pd.testing.assert_frame_equal(a.costs_frame(), b.costs_frame())
    pd.testing.assert_frame_equal(a.indicators_frame(), b.indicators_frame())


def test_rng_is_the_seed_of_the_named_streams(qingxu):
    frames_equal(CountyModel(qingxu, rng=42, years=1).run(), CountyModel(qingxu, seed=42, years=1).run())
    other = CountyModel(qingxu, rng=43, years=1).run()
    assert not other.costs_frame().equals(CountyModel(qingxu, seed=42, years=1).run().costs_frame())
    with pytest.raises(ValueError, match="either seed= or rng="):
        CountyModel(qingxu, seed=1, rng=1)
    with pytest.raises(TypeError, match="whole number"):
        CountyModel(qingxu, rng="42")


def test_run_model_and_steps_stop_at_the_horizon_with_the_result_finished(qingxu):
    model = CountyModel(qingxu, years=1)
    model.run_model()
    assert model.running is False and model.time == 12 and model.steps == 12
    frames_equal(model.result, CountyModel(qingxu, years=1).run())
    stepped = CountyModel(qingxu, years=1)
    for _ in range(12):
        assert stepped.running
        stepped.step()
    assert not stepped.running and stepped.result.yearly_fen is not None  # finished without being asked
    frames_equal(stepped.result, model.result)


def test_past_the_horizon_and_running_twice_are_clear_errors(qingxu):
    model = CountyModel(qingxu, years=1)
    model.run()
    for go_on in (model.step, model.run, lambda: model.run_for(1), lambda: model.run_until(13)):
        with pytest.raises(HorizonReached, match=r"simulates 1 years \(12 months\).*Build a new CountyModel"):
            go_on()
    fresh = CountyModel(qingxu, years=1)
    with pytest.raises(HorizonReached):
        fresh.run_for(13)
    assert fresh.time == 0  # refused before anything ran


def test_mesa_batch_run_collects_monthly_reporters(qingxu):
    rows = mesa.batch_run(CountyModel, parameters={"scenario": [qingxu], "years": 1, "collect": True, "replication": [0, 1]},
                          number_processes=1, data_collection_period=1, display_progress=False)
    data = pd.DataFrame(rows)
    assert sorted(data.replication.unique()) == [0, 1] and (data.groupby("replication").Step.max() == 12).all()
    for k in (0, 1):
        model = CountyModel(qingxu, replication=k, years=1)
        result = model.run()
        last = data[(data.replication == k) & (data.Step == 12)].iloc[0]
        assert last.year == 2023 and last.month == 12
        assert last.paid_yuan == result.total_yuan()  # the ledger's months add up to its year
        heads = model.world.heads  # heads in post at the year's end, after the rating and turnover
        assert last.mean_stars == heads.stars[heads.rated].mean() > 0
        assert (data[(data.replication == k) & (data.Step < 12)].mean_stars == 0).all()  # the first rating is in December
    monthly = data[data.replication == 0].sort_values("Step").paid_yuan
    assert monthly.is_monotonic_increasing and monthly.iloc[0] > 0

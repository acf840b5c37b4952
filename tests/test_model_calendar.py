"""The Mesa calendar: events in order, whole horizon, no deprecation warnings, object views."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario


@pytest.fixture
def scenario(qingxu):
    """Qingxu for two years."""
    return load_scenario(qingxu, {"run.years": 2})


class TracedModel(CountyModel):
    """CountyModel that logs each calendar event with its month."""

    def __init__(self, *args, **kwargs):
        self.log = []
        super().__init__(*args, **kwargs)

    def monthly(self):
        self.log.append(("monthly", self.month))
        super().monthly()

    def quarterly(self):
        self.log.append(("quarterly", self.month))
        super().quarterly()

    def half_yearly(self):
        self.log.append(("half_yearly", self.month))
        super().half_yearly()

    def yearly(self):
        self.log.append(("yearly", self.month))
        super().yearly()


def test_events_run_in_calendar_order(scenario):
    model = TracedModel(scenario)
    model.run()
    expected = []
    for month in range(24):
        expected.append(("monthly", month))
        if month % 3 == 2:
            expected.append(("quarterly", month))
        if month % 6 == 5:
            expected.append(("half_yearly", month))
        if month % 12 == 11:
            expected.append(("yearly", month))
    assert model.log == expected


def test_order_within_a_month():
    """Quarterly after monthly, yearly after both, in the same month (fixed time offsets)."""
    from simtoolkit import model as m

    assert 0 < m.MONTHLY < m.QUARTERLY < m.HALF_YEARLY < m.YEARLY < 1


def test_no_deprecation_warnings(scenario):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        warnings.simplefilter("error", FutureWarning)
        CountyModel(scenario).run()


def test_same_seed_same_result_and_replications_differ(scenario):
    a, b = CountyModel(scenario, 0).run(), CountyModel(scenario, 0).run()
    c = CountyModel(scenario, 1).run()
    assert np.array_equal(a.star_counts, b.star_counts) and np.array_equal(a.yearly_fen, b.yearly_fen)
    assert not np.array_equal(a.indicators["mean_score"], c.indicators["mean_score"])


def test_head_view_and_history(scenario):
    model = CountyModel(scenario, record_persons=True)
    model.run()
    head = model.secretaries[0]
    assert head.slot == 0 and head.role_name in ("secretary_director", "secretary", "director", "community_secretary", "sent_secretary")
    history = head.history()
    assert list(history.year) == [2023, 2024] and set(history.columns) >= {"score", "grade", "stars"}
    with pytest.raises(IndexError):
        model.secretaries[len(model.secretaries)]


def test_agents_are_conserved_through_turnover(qingxu):
    scenario = load_scenario(qingxu, {"run.years": 6})
    model = CountyModel(scenario)
    posts = len(model.world.heads)
    model.run()
    left = int(model.result.indicators["heads_leaving"].sum())
    assert len(model.world.heads) == posts
    assert len(model.world.retirees) == left
    # every person id is either in post or among the retirees, never both
    assert not np.isin(model.world.heads.id, model.world.retirees.id).any()


def test_retirees_at_a_years_end_include_that_years_leavers(qingxu):
    # the indicator counts former heads alive once the year's turnover and mortality are done: the
    # retirees table at the end of the run, alive, is the last year's value; a year's change is its
    # leavers less its deaths, so it can never exceed heads_leaving of that year
    model = CountyModel(load_scenario(qingxu), replication=0, years=3)
    result = model.run()
    retirees, leaving = result.indicators["retirees"], result.indicators["heads_leaving"]
    assert retirees[-1] == model.world.retirees.alive.sum()
    assert (np.diff(np.concatenate([[len(model.world.retirees) - leaving.sum()], retirees])) <= leaving).all()


def test_at_an_election_each_head_loses_by_his_own_draw_and_the_reserve_fills_the_post(qingxu):
    # RULES.md §A (turnover, a parameter): at a village election a head loses his post when his draw from the stream
    # "elections" of that year falls below the loss rate (here 50 %, an election in the run's first year), besides
    # those at the leaving age (63); nobody is punished here, and one low grade does not dismiss. Each vacancy goes
    # to a member of the village's reserve where it has one (the indicator successors_from_reserve), else to a new person.
    scenario = load_scenario(qingxu, {"run.years": 1, "behaviour.turnover.next_election_year": 2023,
                                      "behaviour.turnover.election_loss_rate": 50, "behaviour.events.punishment_rate": 0})
    model = CountyModel(scenario)
    heads = model.world.heads
    ids, birth_year, start = heads.id.copy(), heads.birth_year.copy(), heads.start_month.copy()
    expected = (2023 - birth_year >= 63) | (model.streams.rng("elections", 2023).random(len(heads)) < 0.5)
    assert 0 < expected.sum() < len(heads)
    model.run()
    assert np.array_equal(heads.id != ids, expected)
    members = model.world.members
    from_reserve = np.isin(heads.id[expected], members.id)
    assert model.result.indicators["successors_from_reserve"][0] == from_reserve.sum() > 0
    # every successor starts in January 2024 (month 12), the others keep theirs; a new person's age is drawn first from the stream
    # "succession" of 2023 (normal around the successor age, whole years, within the head ages), so his birth year is
    # 2024 − that age; the heads who left are back among their village's members (category C)
    assert (heads.start_month[expected] == 12).all() and np.array_equal(heads.start_month[~expected], start[~expected])
    P = scenario.params(2023)
    t = P.behaviour.turnover
    age = np.clip(np.rint(model.streams.rng("succession", 2023).normal(t.successor_age_mean, t.successor_age_sd, len(heads))),
                  P.population.head_age_min, P.population.head_age_max)
    fresh = np.flatnonzero(expected)[~from_reserve]
    assert fresh.size > 0 and heads.birth_year[fresh].tolist() == (2024 - age[fresh]).astype(int).tolist()
    left = np.isin(members.id, ids[expected])
    assert left.any() and (members.category[left] == "ABCDEF".index("C")).all()
    # the former heads keep the years they served, to the end of December 2023: (month 11 + 1 − start month) / 12
    r = model.world.retirees
    gone = np.isin(r.id, ids[expected]) & (r.exit_year == 2023)
    served = dict(zip(ids[expected].tolist(), ((12 - start[expected]) / 12.0).tolist()))
    assert gone.sum() == expected.sum()
    assert r.years_served[gone].tolist() == pytest.approx([served[i] for i in r.id[gone].tolist()])

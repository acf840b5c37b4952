"""A rule component that pays for outcomes moves effort by itself: the effort choice prices next year's outcomes
through every component's `effort_money`, with no edit to the effort code (issue: one rulebook, point 2).

Each component below is written in the test, books its money in the ledger like any rule, and prices the same
rule on the effort choice's grid of hypothetical outcomes (`behaviour.effort.Prospect`). The direction is the
rule's own: money for stars, for a good grade or for staying in post makes effort pay more, so heads work harder.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.model import CountyModel
from simtoolkit.rulebook.catalogue import CATALOGUE
from simtoolkit.rulebook.component import Component
from simtoolkit.rules import grades
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

AMOUNT = 20000.0  # yuan a year: large beside Qingxu's pay, so the effect is far beyond the draws' noise


class PerStarHeld(Component):
    """A test rule: AMOUNT yuan a year per star held, paid with the year's pay."""

    requires = ("policy.stars",)
    moments = ("year_pay",)
    items = ("star_award",)

    def year_pay(self, P, m):
        heads = self.model.world.heads
        self.model.ledger.book(m, "star_award", "county", heads.township, heads.role, AMOUNT * heads.stars, heads.id)

    def effort_money(self, prospect, P):
        return AMOUNT * prospect.stars * prospect.post_years[:, None]


class PerExcellentGrade(Component):
    """A test rule: AMOUNT yuan for an excellent grade, paid after the review."""

    moments = ("year_pay",)
    items = ("performance_pay",)

    def year_pay(self, P, m):
        heads = self.model.world.heads
        self.model.ledger.book(m, "performance_pay", "county", heads.township, heads.role, AMOUNT * (heads.grade == grades.EXCELLENT), heads.id)

    def effort_money(self, prospect, P):
        return np.broadcast_to(AMOUNT * (prospect.grade == grades.EXCELLENT) / (1.0 + P.behaviour.effort.discount_rate), prospect.kept.shape)


class PerYearInPost(Component):
    """A test rule: AMOUNT yuan a year to every head in post, lost with the post."""

    moments = ("year_pay",)
    items = ("base_pay",)

    def year_pay(self, P, m):
        heads = self.model.world.heads
        self.model.ledger.book(m, "base_pay", "county", heads.township, heads.role, np.full(len(heads), AMOUNT), heads.id)

    def effort_money(self, prospect, P):
        return AMOUNT * prospect.kept * prospect.after_years[:, None]


def mean_effort(scenario, extra=()) -> float:
    """Mean effort over years 2–3 of one replication with the shipped components plus `extra`."""
    model = CountyModel(scenario, components=CATALOGUE + tuple(extra))
    result = model.run()
    return float(result.indicators["mean_effort"][1:].mean())


def test_each_paying_component_raises_effort_without_editing_the_effort_code():
    scenario = load_scenario(SCENARIOS / "qingxu.toml", {"run.years": 3})
    base = mean_effort(scenario)
    for component in (PerStarHeld, PerExcellentGrade, PerYearInPost):
        raised = mean_effort(scenario, [component])
        assert raised > base + 0.01, component.__name__  # 20,000 yuan a year moves mean effort by ~0.05–0.3


def test_a_component_that_prices_nothing_changes_nothing():
    # Components without effort_money leave every choice as it was: the shipped scenarios' results stand.
    scenario = load_scenario(SCENARIOS / "qingxu.toml", {"run.years": 2})
    assert mean_effort(scenario) == mean_effort(scenario, [type("Idle", (Component,), {})])


class AuditFine(Component):
    """A test rule with an event of its own: a yearly audit that finds a problem with a chance falling with effort
    (chance 0.5 × (1 − effort)) and fines the head AMOUNT. It declares the event; the effort choice widens its outcome
    space to grades × negative × punished × audit (32 outcomes) and prices the fine in the outcomes where it falls."""

    def effort_events(self):
        return {"audit": lambda effort, P, active: 0.5 * (1.0 - effort)}

    def effort_money(self, prospect, P):
        fined = prospect.outcomes.event("audit")
        return np.broadcast_to(-AMOUNT * fined / (1.0 + P.behaviour.effort.discount_rate), prospect.kept.shape)


def test_a_component_declares_an_event_and_the_outcome_space_follows():
    scenario = load_scenario(SCENARIOS / "qingxu.toml", {"run.years": 3})
    model = CountyModel(scenario, components=CATALOGUE + (AuditFine,))
    names = [name for name, _ in model.effort_hooks()["events"]]
    assert names == ["negative", "punished", "audit"]  # DisciplineEvents' two, then the audit, in catalogue order
    assert mean_effort(scenario, [AuditFine]) > mean_effort(scenario) + 0.01  # a fine that effort avoids: more effort

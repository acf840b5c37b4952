"""培训 (RULES.md §C.9, Qianxinan): every cadre in post trained once per election term, at a cost per cadre."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import training

from .component import Component

NEVER = -1  # no term: earlier than any election year


class Training(Component):
    """Training of cadres not yet trained this term."""

    order = 40.5
    requires = ("policy.training",)
    reads = ("behaviour.turnover",)
    moments = ("year_pay",)
    items = ("training",)
    indicators = ("trained",)
    state = {"trained_term": ("int32", NEVER)}  # election year of the term in which the holder was last trained

    def __init__(self, model):
        super().__init__(model)
        if model.config.value("policy.training.trained_before_start"):  # those in post at the start: trained this term
            t = model.config.params(model.start_year).behaviour.turnover
            model.slots.trained_term[:] = training.term_start(model.start_year, t.next_election_year, t.election_cycle)

    def year_pay(self, P, m: int) -> None:
        """Train (and book) every cadre in post not yet trained in this term."""
        model, heads, tp, t = self.model, self.model.world.heads, P.policy.training, P.behaviour.turnover
        term = training.term_start(model.year, t.next_election_year, t.election_cycle)
        due = training.due(model.slots.trained_term, term, heads.months_scored > 0)
        model.slots.trained_term[due] = term
        model.ledger.book(m, "training", tp.payer, heads.township, heads.role, due * tp.cost_per_cadre, heads.id)
        self.note("trained", float(np.sum(due)))

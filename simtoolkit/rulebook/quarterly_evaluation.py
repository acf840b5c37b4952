"""季评价 (RULES.md §C.4, Qianxinan): the quarter's mean monthly score graded; its coefficient pays the quarterly part
of performance pay, and a streak of unqualified quarters can remove a cadre (`cadre_exit.py`)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort_terms
from simtoolkit.rules import cadre_exit, cadre_pay
from simtoolkit.rules.grades import UNQUALIFIED

from .cadre_pay import book, standard
from .component import Component


class QuarterlyEvaluation(Component):
    """The quarterly grade, its pay, and the streak of unqualified quarters."""

    order = 40.05  # before the pay (cadre_pay.py), whose floor on the effort grid counts the quarterly pay
    requires = ("policy.quarterly_evaluation",)
    reads = ("policy.pay",)
    moments = ("quarter",)
    items = ("quarterly_pay",)
    indicators = ("quarters_unqualified",)
    state = {"quarter_grade": ("int8", -1),  # last quarterly grade, -1 none
             "low_quarters": ("int16", 0)}  # consecutive quarters graded unqualified, read by removal and the effort choice

    def quarter(self, P, m: int) -> None:
        """Grade the quarter, book its pay after the lag, count the streak."""
        model, heads, slots, q = self.model, self.model.world.heads, self.model.slots, P.policy.quarterly_evaluation
        months = np.clip(m + 1 - np.maximum(heads.start_month, m - 2), 0, 3)
        mean = np.divide(heads.quarter_score, months, out=np.zeros(len(heads)), where=months > 0)
        grade = cadre_pay.quarter_grade(mean, months > 0, q.threshold_basic, q.threshold_qualified, q.threshold_excellent)
        slots.quarter_grade = grade
        slots.low_quarters = cadre_exit.low_quarter_streak(slots.low_quarters, grade)
        _, performance, _ = standard(model, P)
        amount = cadre_pay.quarterly_pay(performance, q.performance_share, cadre_pay.by_grade(grade, q.coefficients), months)
        if hasattr(slots, "earned"):  # the year's pay against the income floor (cadre_pay.py)
            slots.earned += amount
        book(model, m, "quarterly_pay", P, amount, due=m + q.payment_lag_months)
        self.note("quarters_unqualified", float((grade == UNQUALIFIED).sum()))

    def effort_grid(self, ctx, block) -> None:
        """For the effort choice: the expected quarterly pay over the year and the chance of an unqualified quarter."""
        if block.rows.performance is not None:
            block.quarterly, block.low = effort_terms.quarterly_on_grid(ctx, block.share, block.rows)

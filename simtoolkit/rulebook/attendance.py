"""坐班值班 (RULES.md §C.2, Qianxinan): full-time cadres present in the village on the month's duty days; days short of
the requirement cost score points (and base pay: `cadre_pay.py`)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import attendance as presence
from simtoolkit.behaviour import effort_terms
from simtoolkit.rules import attendance

from .component import Component


class Attendance(Component):
    """Each cadre's days in the village this month, drawn from a chance rising with effort; who covers the duty."""

    order = 40
    requires = ("policy.attendance",)
    reads = ("behaviour.attendance",)
    indicators = ("duty_coverage", "attendance_short_months")
    state = {"days_short": ("float64", 0.0)}  # this month's days short of the requirement, read by the base pay

    def adjust_scores(self, P, totals: np.ndarray) -> np.ndarray:
        """Draw the month's days present (stream `attendance`); days short cost score points."""
        model, heads = self.model, self.model.world.heads
        a, b, m = P.policy.attendance, P.behaviour.attendance, model.month
        in_post = heads.start_month <= m
        chance = presence.presence_chance(heads.effort, P.behaviour.heads.effort_initial, b.presence_rate, b.effort_effect)
        draws = model.streams.rng("attendance", model.year, m % 12).random((len(heads), a.duty_days))
        present = presence.present(draws, chance, in_post)
        short = np.where(in_post, attendance.days_short(present.sum(axis=1), a.required_days), 0.0)
        model.slots.days_short = short
        covered = attendance.duty_covered(present, heads.village, len(model.world.villages))
        self.note("duty_coverage", float(covered.mean()) / 12.0)
        self.note("attendance_short_months", float((short > 0).sum()))
        return attendance.score_after_deduction(totals, short, a.score_deduction_per_day)

    def effort_setup(self, ctx, heads, fraction, year: int, belief) -> None:
        """For the effort choice: the share of base pay kept and the days short at each effort (the binomial of days
        present), and the shift they bring to the expected annual score."""
        ctx.kept, ctx.short_mean, ctx.short_var = effort_terms.attendance_on_grid(ctx.grid, ctx.P)
        ctx.score_shift = effort_terms.attendance_shift(heads, ctx.short_mean, ctx.P)

"""能上能下 and 离任经济责任审计 (RULES.md §C.3, Qianxinan): removal after a streak of unqualified quarters, and the audit
of everyone leaving — an exit for cause, or with a finding, is not a normal exit and forfeits the exit subsidy
(`exit_subsidy.py`)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort_terms, turnover
from simtoolkit.rules import cadre_exit

from .component import Component


class CadreExit(Component):
    """Removals after unqualified quarters, and the exit audit."""

    order = 40.6
    requires = ("policy.cadre_exit",)
    reads = ("behaviour.turnover",)
    indicators = ("removed_for_cause", "audit_findings")

    def removed(self, P) -> np.ndarray:
        """Cadres whose streak of unqualified quarters (`quarterly_evaluation.py`; none without it) reaches the limit."""
        low = getattr(self.model.slots, "low_quarters", None)
        if low is None:
            return np.zeros(len(self.model.world.heads), bool)
        return cadre_exit.removed(low, P.policy.cadre_exit.remove_after_low_quarters)

    def leaving(self, P) -> np.ndarray:
        """Removed this year."""
        return self.removed(P)

    def effort_grid(self, ctx, block) -> None:
        """For the effort choice: the chance of removal at the year's end from the chance of unqualified quarters."""
        if block.low is not None:
            block.removal = effort_terms.removal_chance(block.low, block.rows, ctx.P.policy.cadre_exit.remove_after_low_quarters)

    def exits(self, out: np.ndarray) -> None:
        """Audit everyone leaving (stream `exit_audit`), after they joined the retirees table (same order: by slot)."""
        model, P, slots = self.model, self.model.params(), self.model.slots
        for_cause = turnover.dismissed(slots.punished, slots.low_streak, P) | self.removed(P)
        for dismissed in model.rulebook.hooks("dismissal"):  # the other components' dismissals (a situation's)
            for_cause = for_cause | dismissed(P)
        draw = model.streams.rng("exit_audit", model.year).random(out.size)
        normal = cadre_exit.normal_exit(for_cause, draw, P.policy.cadre_exit.audit_finding_rate)
        model.world.retirees.left_normally[-int(out.sum()):] = normal[out]  # the rows just appended, by slot
        self.note("removed_for_cause", float((out & for_cause).sum()))
        self.note("audit_findings", float((out & ~for_cause & ~normal).sum()))

"""The trainees' heads as one more rule component: a person, not the best response, sets their effort."""

from __future__ import annotations

import numpy as np

from simtoolkit.rulebook import Component


class TraineeEffort(Component):
    """Effort of the head slots trainees play: their choice where they made one, else the model's best response.

    No scenario switches it on: a classroom session adds it to the model's components. It acts through the
    model's `chosen_effort` hook (after the year's best response) and remembers that best response, which a
    silent trainee keeps and the debrief shows.
    """

    order = 1000  # after every rule: it only replaces effort

    def __init__(self, model):
        super().__init__(model)
        n = len(model.world.heads)
        self.wanted = np.full(n, np.nan)  # a trainee's choice for the next period; NaN: none (the best response holds)
        self.best = model.world.heads.effort.astype(np.float64)  # the model's best response; year 1: the initial effort

    def chosen_effort(self, P, chosen: np.ndarray) -> np.ndarray:
        """Next year's effort: the best response, replaced where a trainee already chose (hook of `choose_effort`)."""
        self.best = np.asarray(chosen, np.float64).copy()
        return np.where(np.isnan(self.wanted), chosen, self.wanted)

    def choose(self, slots: np.ndarray, effort: np.ndarray) -> None:
        """Trainees' choices for the next period (NaN: silent, keep the best response)."""
        self.wanted[slots] = effort

    def apply(self, slots: np.ndarray) -> np.ndarray:
        """Put the period's effort of the trainees' slots in force now (a period starts); return it."""
        effort = np.where(np.isnan(self.wanted[slots]), self.best[slots], self.wanted[slots])
        heads = self.model.world.heads
        heads.effort[slots] = effort.astype(heads.effort.dtype)
        self.wanted[slots] = np.nan  # a choice holds for its period only
        return effort

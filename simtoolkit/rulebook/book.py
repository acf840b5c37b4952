"""The rulebook of one model run: the components its scenario switches on, in calendar order."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .catalogue import CATALOGUE
from .component import MOMENTS, Component, new_state

if TYPE_CHECKING:
    from simtoolkit.model import CountyModel


class Slots:
    """Per head slot state declared by the model and its components, as attribute columns."""

    def __init__(self, spec: dict[str, tuple[str, float | None]], n: int):
        self.spec = spec
        for name, column in new_state({k: (d, 0 if r is None else r) for k, (d, r) in spec.items()}, n).items():
            setattr(self, name, column)

    def renew(self, out: np.ndarray) -> None:
        """Slots that changed hands: every column with a value for a new holder gets it."""
        for name, (_, reset) in self.spec.items():
            if reset is not None:
                getattr(self, name)[out] = reset


class Rulebook:
    """The components in force for a model, their actions by moment, and their shared per-slot state."""

    def __init__(self, model: "CountyModel", core_state: dict[str, tuple[str, float | None]], catalogue=None):
        spec = dict(core_state)
        chosen = [c for c in (CATALOGUE if catalogue is None else catalogue) if c.in_force(model.config)]
        for c in chosen:
            clash = set(spec) & set(c.state)
            if clash:
                raise TypeError(f"{c.__name__} declares state already declared: {sorted(clash)}")
            spec.update(c.state)
        model.slots = self.slots = Slots(spec, len(model.world.heads))
        self.components: list[Component] = [c(model) for c in chosen]
        self._hooks: dict[str, list] = {}
        self._heads = model.world.heads
        self._head_columns = {name: value for c in self.components for name, value in c.head_columns.items()}
        self._acting = {moment: [c for c in self.components if moment in c.moments] for moment in MOMENTS}

    def run(self, moment: str, P, m: int) -> None:
        """Every component acting at `moment`, in catalogue order."""
        for component in self._acting[moment]:
            getattr(component, moment)(P, m)

    def find(self, kind: type) -> Component | None:
        """The component of a kind, when in force."""
        return next((c for c in self.components if isinstance(c, kind)), None)

    def hooks(self, name: str) -> list:
        """The components' bound methods of a name (for the model's hooks: score and performance adjustments, removals),
        looked up once per run."""
        if name not in self._hooks:
            self._hooks[name] = [getattr(c, name) for c in self.components if hasattr(c, name)]
        return self._hooks[name]

    def renew(self, out: np.ndarray) -> None:
        """New holders in the slots `out`: every declared column back to its new-holder value."""
        self.slots.renew(out)
        heads = self._heads
        for name, value in self._head_columns.items():
            getattr(heads, name)[out] = value

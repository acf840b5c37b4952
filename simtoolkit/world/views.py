"""A single agent as a light object view over its table row, for notebooks and training."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simtoolkit.rules import roles

if TYPE_CHECKING:
    from simtoolkit.model import CountyModel


class HeadView:
    """One head (a post's current holder): attributes read live from the tables."""

    def __init__(self, model: "CountyModel", slot: int):
        self._model, self.slot = model, slot

    def __getattr__(self, name: str):
        heads = self._model.world.heads
        if name in heads.columns():
            return heads.columns()[name][self.slot].item()
        raise AttributeError(name)

    @property
    def role_name(self) -> str:
        """The role code name."""
        return roles.CODES[self.role]

    @property
    def township_name(self) -> str:
        """The township's name."""
        return str(self._model.world.townships.name[self.township])

    @property
    def age(self) -> int:
        """Age this year."""
        return self._model.year - self.birth_year

    def history(self):
        """Yearly scores, grades and stars of this slot (needs record_persons=True)."""
        import pandas as pd

        h = self._model.history
        if h is None:
            raise RuntimeError("build the model with record_persons=True to keep agent history")
        years = range(self._model.start_year, self._model.start_year + h.person.shape[0])
        return pd.DataFrame({"year": list(years), "person": h.person[:, self.slot], "quantitative": h.quantitative[:, self.slot],
                             "score": h.score[:, self.slot], "grade": h.grade[:, self.slot], "stars": h.stars[:, self.slot]})

    def __repr__(self) -> str:
        return (f"<Head slot={self.slot} id={self.id} {self.role_name} in {self.township_name} "
                f"age={self.age} stars={self.stars}>")

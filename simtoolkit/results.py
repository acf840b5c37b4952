"""Result of one replication: star counts, the ledger's sums and indicators, as arrays and tidy tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simtoolkit.ledger import FEN_PER_YUAN, payers, run_codes
from simtoolkit.rules.grades import NAMES as GRADE_NAMES
from simtoolkit.rules import roles

if TYPE_CHECKING:
    from simtoolkit.model import CountyModel


@dataclass
class Result:
    """What one replication produced; every cost is a sum over the ledger's arrays."""

    replication: int
    start_year: int
    years: int
    townships: list[str]
    max_stars: int
    star_counts: np.ndarray  # year × township × role × stars, rated heads only
    role_present: np.ndarray  # township × role: the post exists
    yearly_fen: np.ndarray | None = None  # year × item × payer × township × role (the run's roles: `role_codes`)
    monthly_fen: np.ndarray | None = None  # month × item × payer
    outstanding_fen: int = 0
    indicators: dict[str, np.ndarray] = field(default_factory=dict)
    category_star_counts: np.ndarray | None = None  # year × village category × stars, when villages have categories
    own_items: tuple[str, ...] = ()  # the scenario's own item codes, after the shared ones in the item axis
    own_roles: tuple[str, ...] = ()  # the scenario's own role codes, after the shared ones in yearly_fen's role axis

    @property
    def item_codes(self) -> tuple[str, ...]:
        """The item code of each position of the item axis."""
        return run_codes(self.own_items)

    @property
    def role_codes(self) -> tuple[str, ...]:
        """The role code of each position of yearly_fen's role axis (star counts have the shared roles only)."""
        return roles.run_codes(self.own_roles)

    @classmethod
    def empty(cls, model: "CountyModel") -> "Result":
        """An empty result sized for a model."""
        cfg, heads = model.config, model.world.heads
        max_stars = max(cfg.value(k, y) for k in ["policy.stars.maximum"] for y in range(model.start_year, model.start_year + model.years)) if cfg.has("policy.stars") else 0
        n_t, n_r = len(model.world.townships), len(roles.CODES)
        present = np.zeros((n_t, n_r), bool)
        present[heads.township, heads.role] = True
        return cls(model.replication, model.start_year, model.years, model.world.township_names(), int(max_stars),
                   np.zeros((model.years, n_t, n_r, max_stars + 1), np.int32), present, own_items=model.ledger.own_items,
                   own_roles=tuple(getattr(model, "own_roles", ())))

    def _indicator(self, name: str) -> np.ndarray:
        """The yearly array of an indicator, created on first use."""
        return self.indicators.setdefault(name, np.zeros(self.years))

    def note(self, model: "CountyModel", name: str, value: float) -> None:
        """Record (add to) an indicator for the model's current year."""
        self._indicator(name)[model.year - self.start_year] += value

    def record_year(self, model: "CountyModel", quantitative: np.ndarray, score: np.ndarray) -> None:
        """Count rated heads by township, role and stars; record the year's indicators."""
        heads, k, w = model.world.heads, model.year - self.start_year, model.world
        rated = heads.rated
        np.add.at(self.star_counts[k], (heads.township[rated], heads.role[rated], heads.stars[rated]), 1)
        if getattr(model, "village_category", None) is not None:
            categories = model.village_category
            self.count_by_category(categories[heads.village[rated]], heads.stars[rated], k, int(categories.max(initial=0)) + 1)
        assessed = heads.grade >= 0
        self._indicator("mean_effort")[k] = float(heads.effort.mean())
        self._indicator("mean_score")[k] = float(score[assessed].mean()) if assessed.any() else 0.0
        self._indicator("mean_quantitative")[k] = float(quantitative[assessed].mean()) if assessed.any() else 0.0
        self._indicator("mean_satisfaction")[k] = w.households.mean_satisfaction()
        self._indicator("excellent")[k] = float((heads.grade == 0).sum())
        for code, name in enumerate(GRADE_NAMES):  # the grade distribution, shown when a scenario has no stars
            self._indicator(f"grade_{name}")[k] = float((heads.grade == code).sum())

    def finish(self, model: "CountyModel") -> None:
        """Take the ledger's sums when the run ends."""
        self.yearly_fen = model.ledger.yearly[: self.years]
        self.monthly_fen = model.ledger.monthly
        self.outstanding_fen = model.ledger.outstanding_fen()
        self._indicator("retirees")  # always present, zero when nobody left
        self._indicator("heads_leaving")

    # ---- tidy tables --------------------------------------------------------------------
    def stars_frame(self) -> pd.DataFrame:
        """rep,year,township,role,stars,count — every level for every township and role present."""
        t, r = np.nonzero(self.role_present)
        levels = self.max_stars + 1
        year = np.repeat(np.arange(self.years), t.size * levels)
        tt, rr = np.tile(np.repeat(t, levels), self.years), np.tile(np.repeat(r, levels), self.years)
        ss = np.tile(np.arange(levels), self.years * t.size)
        return pd.DataFrame({"rep": self.replication, "year": self.start_year + year,
                             "township": np.array(self.townships, dtype=object)[tt], "role": np.array(roles.CODES, dtype=object)[rr],
                             "stars": ss, "count": self.star_counts[year, tt, rr, ss].astype(np.int64)})

    def costs_frame(self, unit: str = "fen") -> pd.DataFrame:
        """rep,year,item,payer,township,fen — non-zero sums paid in each calendar year, in exact integer fen (1/100 yuan).

        ``unit="yuan"`` gives a float `yuan` column instead, as costs.csv reads back.
        """
        by_township = self.yearly_fen.sum(axis=4)  # year × item × payer × township
        y, i, p, t = np.nonzero(by_township)
        return in_unit(pd.DataFrame({"rep": self.replication, "year": self.start_year + y,
                                     "item": np.array(self.item_codes, dtype=object)[i],
                                     "payer": np.array([x.code for x in payers()], dtype=object)[p],
                                     "township": np.array(self.townships, dtype=object)[t], "fen": by_township[y, i, p, t]}), unit)

    def count_by_category(self, category: np.ndarray, stars: np.ndarray, k: int, n_categories: int) -> None:
        """Rated heads by their village's category and stars in year k; the mean stars per category as indicators."""
        if self.category_star_counts is None:
            self.category_star_counts = np.zeros((self.years, n_categories, self.max_stars + 1), np.int32)
        counts = self.category_star_counts[k]
        np.add.at(counts, (category, stars), 1)
        for c, row in enumerate(counts):
            n = row.sum()
            self._indicator(f"mean_stars_category_{c}")[k] = float(row @ np.arange(row.size) / n) if n else 0.0

    def stars_by_category_frame(self) -> pd.DataFrame:
        """rep,year,category,stars,count — rated heads by village category (0 = poorest) and stars."""
        if self.category_star_counts is None:
            return pd.DataFrame(columns=["rep", "year", "category", "stars", "count"])
        y, c, s = np.indices(self.category_star_counts.shape).reshape(3, -1)
        return pd.DataFrame({"rep": self.replication, "year": self.start_year + y, "category": c, "stars": s,
                             "count": self.category_star_counts.reshape(-1)})

    def indicators_frame(self) -> pd.DataFrame:
        """rep,year,indicator,value."""
        rows = [(self.replication, self.start_year + k, name, float(v[k])) for name, v in sorted(self.indicators.items()) for k in range(self.years)]
        return pd.DataFrame(rows, columns=["rep", "year", "indicator", "value"])

    def total_yuan(self) -> float:
        """Everything paid within the horizon, in yuan."""
        return int(self.yearly_fen.sum()) / FEN_PER_YUAN


def in_unit(costs: pd.DataFrame, unit: str) -> pd.DataFrame:
    """A costs frame with its integer `fen` column kept (unit "fen") or turned into float `yuan` (unit "yuan")."""
    if unit == "fen":
        return costs
    if unit != "yuan":
        raise ValueError(f"unit must be 'yuan' or 'fen', got {unit!r}")
    return costs.assign(yuan=costs["fen"] / FEN_PER_YUAN).drop(columns="fen")

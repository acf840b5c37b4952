"""Ensembles: every output of `run` over R replications as a mean and a central percentile band.

Bands are computed on stacked arrays (replication × ...), so 1,000 replications take milliseconds.
A replication in which a cell is absent counts as zero there, as in `report.tables.band`.

Metrics (`metric_names`) are the per-year numbers experiments compare and sweep: ``cost:<item>``
for every ledger item, ``cost:total``, ``cost:fiscal`` (payers that are public budgets) in yuan,
and ``stars:<n>`` — rated heads holding n stars — for each level.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from simtoolkit.experiments.record import Record
from simtoolkit.ledger import FEN_PER_YUAN, payers, run_codes, union_codes
from simtoolkit.rules import roles

DEFAULT_LEVEL = 0.9


def check_level(level: float) -> float:
    """A band level in (0, 1); raise ValueError otherwise."""
    level = float(level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"band level must be between 0 and 1 (for example 0.9), got {level:g}")
    return level


def band(values: np.ndarray, level: float = DEFAULT_LEVEL, axis: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, low and high of the central `level` percentile band along `axis` (replications)."""
    tail = (1.0 - check_level(level)) / 2.0 * 100.0
    values = np.asarray(values, dtype=np.float64)
    low, high = np.percentile(values, [tail, 100.0 - tail], axis=axis)
    return values.mean(axis=axis), low, high


# ---- metrics ------------------------------------------------------------------------------------
def star_levels(records: Sequence[Record]) -> int:
    """Number of star levels (0..max) over records of possibly different scenarios."""
    return max((r.max_stars for r in records), default=0) + 1


def item_codes(records: Sequence[Record]) -> tuple[str, ...]:
    """The items of records of possibly different scenarios: the shared ones, then each scenario's own once."""
    return union_codes(r.own_items for r in records)


def metric_names(levels: int, codes: tuple[str, ...] | None = None) -> list[str]:
    """cost:<item> for every item (`codes`, default the shared items), cost:total, cost:fiscal, stars:<n> for n in
    0..levels-1."""
    return ([f"cost:{code}" for code in (codes or run_codes())] + ["cost:total", "cost:fiscal"]
            + [f"stars:{n}" for n in range(levels)])


def metric_values(record: Record, levels: int, codes: tuple[str, ...] | None = None) -> np.ndarray:
    """year × metric: costs in fen (exact integers as floats) and star counts, in `metric_names` order."""
    by_item = record.cost_by_item(codes or run_codes())
    return np.concatenate([by_item, by_item.sum(axis=1, keepdims=True), record.fiscal_fen()[:, None],
                           record.stars_by_level(levels)], axis=1).astype(np.float64)


def metric_array(records: Sequence[Record], levels: int, codes: tuple[str, ...] | None = None) -> np.ndarray:
    """replication × year × metric for records of one scenario."""
    return np.stack([metric_values(r, levels, codes) for r in records])


def is_cost(name: str) -> bool:
    """True for cost metrics (fen in arrays, yuan in tables)."""
    return name.startswith("cost:")


def to_display(names: Sequence[str], array: np.ndarray) -> np.ndarray:
    """Metric values with costs in yuan (the last axis is the metric)."""
    scale = np.array([1.0 / FEN_PER_YUAN if is_cost(n) else 1.0 for n in names])
    return array * scale


def as_read_back(frame: pd.DataFrame) -> pd.DataFrame:
    """A tidy frame with the dtypes `pandas.read_csv` gives its CSV: int64 whole numbers, float64, text as str."""
    dtypes = {c: ("int64" if pd.api.types.is_integer_dtype(t) else "float64" if pd.api.types.is_float_dtype(t) else str)
              for c, t in frame.dtypes.items()}
    return frame.astype(dtypes)


# ---- the ensemble ---------------------------------------------------------------------------------------
class Ensemble:
    """Replications of one scenario: every replication as tidy frames (as the CSVs), and banded tables of them."""

    def __init__(self, records: Sequence[Record]):
        if not records:
            raise ValueError("an ensemble needs at least one replication")
        self.records = list(records)
        first = self.records[0]
        self.start_year, self.years, self.townships = first.start_year, first.years, first.townships
        self.reps = len(self.records)

    @classmethod
    def run(cls, scenario, reps: int | None = None, seed: int | None = None, years: int | None = None,
            **options) -> "Ensemble":
        """Replications of a scenario (a `Scenario` or a TOML path) on the runner; options as for `runner.run_jobs`."""
        from simtoolkit.experiments.runner import run_replications
        from simtoolkit.scenario import Scenario, load_scenario

        scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        return cls(run_replications(scenario, reps, seed, years, **options).complete("scenario"))

    # ---- every replication as data: the rows and dtypes of the CSVs `run` writes, as pandas reads them back ----
    def stars_frame(self) -> pd.DataFrame:
        """rep,year,township,role,stars,count — stars.csv: rated heads by level, every level of every post present."""
        return as_read_back(pd.concat([r.stars_frame() for r in self.records], ignore_index=True))

    def costs_frame(self, unit: str = "yuan") -> pd.DataFrame:
        """rep,year,item,payer,township,yuan — costs.csv: non-zero yearly sums; ``unit="fen"``: exact integer `fen`."""
        return as_read_back(pd.concat([r.costs_frame(unit) for r in self.records], ignore_index=True))

    def indicators_frame(self) -> pd.DataFrame:
        """rep,year,indicator,value — indicators.csv: every indicator of every replication and year."""
        return as_read_back(pd.concat([r.indicators_frame() for r in self.records], ignore_index=True))

    def to_xarray(self):
        """An `xarray.Dataset`: stars (rep, year, township, role, stars), yuan (rep, year, item, payer, township), indicators."""
        try:
            import xarray as xr
        except ImportError:
            raise ImportError("to_xarray needs xarray: pip install simtoolkit[xarray]") from None
        stars = self.stars_frame().set_index(["rep", "year", "township", "role", "stars"])["count"]
        costs = self.costs_frame().set_index(["rep", "year", "item", "payer", "township"])["yuan"]
        indicators = self.indicators_frame().set_index(["rep", "year", "indicator"])["value"]
        arrays = {"count": stars.to_xarray().fillna(0).astype(np.int64), "yuan": costs.to_xarray().fillna(0.0),
                  "value": indicators.to_xarray()}
        arrays["count"].attrs = {"long_name": "rated heads holding that many stars after the year's rating"}
        arrays["yuan"].attrs = {"long_name": "paid in the calendar year", "units": "yuan"}
        return xr.Dataset(arrays)

    @property
    def year_labels(self) -> np.ndarray:
        return self.start_year + np.arange(self.years)

    def stars(self, level: float = DEFAULT_LEVEL) -> pd.DataFrame:
        """year,township,role,stars,mean,low,high — rated heads, every level for every township and role present.

        A post present in some replications only (synthesised villages differ) counts zero where absent.
        """
        counts = np.stack([r.star_counts for r in self.records])  # rep × year × township × role × stars
        mean, low, high = band(counts, level)
        t, r = np.nonzero(np.any([rec.role_present for rec in self.records], axis=0))
        levels = counts.shape[-1]
        year = np.repeat(np.arange(self.years), t.size * levels)
        tt, rr = np.tile(np.repeat(t, levels), self.years), np.tile(np.repeat(r, levels), self.years)
        ss = np.tile(np.arange(levels), self.years * t.size)
        return pd.DataFrame({"year": self.start_year + year, "township": np.array(self.townships, dtype=object)[tt],
                             "role": np.array(roles.CODES, dtype=object)[rr], "stars": ss,
                             "mean": mean[year, tt, rr, ss], "low": low[year, tt, rr, ss], "high": high[year, tt, rr, ss]})

    def star_distribution(self, level: float = DEFAULT_LEVEL) -> pd.DataFrame:
        """year,stars,mean,low,high — rated heads per level over all townships and roles."""
        counts = np.stack([r.stars_by_level(r.max_stars + 1) for r in self.records])  # rep × year × stars
        mean, low, high = band(counts, level)
        y, s = np.meshgrid(np.arange(self.years), np.arange(counts.shape[2]), indexing="ij")
        return pd.DataFrame({"year": self.start_year + y.ravel(), "stars": s.ravel(), "mean": mean.ravel(),
                             "low": low.ravel(), "high": high.ravel()})

    def costs(self, level: float = DEFAULT_LEVEL) -> pd.DataFrame:
        """year,item,payer,mean,low,high in yuan — every (item, payer) paid in some replication."""
        codes = item_codes(self.records)
        fen = np.stack([r.cost_by_item_payer(codes) for r in self.records])  # rep × year × item × payer
        mean, low, high = band(fen, level)
        y, i, p = np.nonzero((fen != 0).any(axis=0))
        return pd.DataFrame({"year": self.start_year + y, "item": np.array(codes, dtype=object)[i],
                             "payer": np.array([x.code for x in payers()], dtype=object)[p],
                             "mean": mean[y, i, p] / FEN_PER_YUAN, "low": low[y, i, p] / FEN_PER_YUAN,
                             "high": high[y, i, p] / FEN_PER_YUAN})

    def indicators(self, level: float = DEFAULT_LEVEL) -> pd.DataFrame:
        """year,indicator,mean,low,high."""
        names = sorted(set().union(*(r.indicator_names for r in self.records)))
        values = np.zeros((self.reps, len(names), self.years))
        for k, r in enumerate(self.records):
            for i, name in enumerate(r.indicator_names):
                values[k, names.index(name)] = r.indicator_values[i]
        mean, low, high = band(values, level)
        n, y = np.meshgrid(np.arange(len(names)), np.arange(self.years), indexing="ij")
        return pd.DataFrame({"year": self.start_year + y.ravel(), "indicator": np.array(names, dtype=object)[n.ravel()],
                             "mean": mean.ravel(), "low": low.ravel(), "high": high.ravel()})

    def metrics(self, level: float = DEFAULT_LEVEL, levels: int | None = None) -> pd.DataFrame:
        """year,metric,mean,low,high — costs in yuan, star counts per level."""
        levels, codes = levels or star_levels(self.records), item_codes(self.records)
        names = metric_names(levels, codes)
        mean, low, high = (to_display(names, a) for a in band(metric_array(self.records, levels, codes), level))
        y, m = np.meshgrid(np.arange(self.years), np.arange(len(names)), indexing="ij")
        return pd.DataFrame({"year": self.start_year + y.ravel(), "metric": np.array(names, dtype=object)[m.ravel()],
                             "mean": mean.ravel(), "low": low.ravel(), "high": high.ravel()})

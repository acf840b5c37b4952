"""What the dashboard shows of an ensemble: star bands, cost by item, the paired difference, headlines.

Every cost is a sum over the ledger's yearly sums each replication's `Record` keeps; bands are central percentile
bands over replications (`simtoolkit.report.tables.band`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simtoolkit.ledger import FEN_PER_YUAN, payers
from simtoolkit.report.tables import band, costs_table, stars_table
from simtoolkit.experiments.record import Record

# Ledger items that exist only because of stars: the numerator of "cost per star-year".
STAR_ITEMS = ("star_award", "pension_star_topup", "retirement_star_topup")
HEADLINES = ("total_cost", "fiscal_cost", "nonfiscal_cost", "incremental_cost", "cost_per_star", "two_stars_share")


@dataclass(frozen=True)
class Headline:
    """Mean and central band of one number over replications (nan when undefined)."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class Summary:
    """Tables and headline numbers of an ensemble against its paired baseline."""

    stars: pd.DataFrame  # year, stars, mean, low, high (rated heads)
    star_shares: pd.DataFrame  # year, stars, mean, low, high (percent of rated heads, each replication's own share)
    costs: pd.DataFrame  # year, item, mean (yuan)
    difference: pd.DataFrame  # year, mean, low, high (yuan, reform − baseline, paired by replication)
    headlines: dict[str, Headline]
    reps: int
    years: int


def headline(values: np.ndarray, level: float) -> Headline:
    """Mean and central percentile band of per-replication values, ignoring undefined ones."""
    values = values[np.isfinite(values)]
    if values.size == 0:
        return Headline(float("nan"), float("nan"), float("nan"))
    tail = (1 - level) / 2 * 100
    return Headline(float(values.mean()), float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail)))


def yearly_yuan(results: list[Record], payer_mask: np.ndarray | None = None, only_items: tuple[str, ...] | None = None) -> np.ndarray:
    """rep × year yuan paid, optionally only by some payers or for some items (codes)."""
    out = []
    for r in results:
        fen = r.cost_by_item_payer()  # year × item × payer
        if only_items is not None:
            fen = fen[:, np.isin(r.item_codes, only_items)]
        if payer_mask is not None:
            fen = fen[:, :, payer_mask]
        out.append(fen.sum(axis=(1, 2)))
    return np.array(out, dtype=np.int64) / FEN_PER_YUAN


def star_years(results: list[Record]) -> np.ndarray:
    """Per replication: stars held by rated heads, summed over years."""
    return np.array([(r.star_counts * np.arange(r.max_stars + 1)).sum() for r in results], dtype=float)


def two_star_share(results: list[Record]) -> np.ndarray:
    """Per replication: share of rated heads holding 2 stars or more after the last rating."""
    shares = []
    for r in results:
        last = r.star_counts[-1].sum(axis=(0, 1))  # heads by star level
        shares.append(last[2:].sum() / last.sum() if last.sum() else np.nan)
    return np.array(shares, dtype=float)


def share_band(stars: pd.DataFrame, level: float, reps: int) -> pd.DataFrame:
    """Percent of the year's rated heads at each star level: mean and central band over replications of each
    replication's own share (not a count's band over the mean total, which mixes two replications' draws)."""
    counts = stars.groupby(["year", "stars", "rep"], observed=True)["count"].sum().unstack("rep", fill_value=0)
    values = counts.to_numpy(dtype=float)
    if values.shape[1] < reps:  # a replication with no rows in the table rated nobody
        values = np.concatenate([values, np.zeros((values.shape[0], reps - values.shape[1]))], axis=1)
    years = counts.index.get_level_values("year").to_numpy()
    rated = np.stack([values[years == y].sum(axis=0) for y in years])  # per row: that year's rated heads, per replication
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a year nobody was rated in any replication has no share
        shares = np.where(rated > 0, 100 * values / rated, np.nan)
        tail = (1 - level) / 2 * 100
        out = counts.index.to_frame(index=False)
        out["mean"] = np.nanmean(shares, axis=1)
        out["low"] = np.nanpercentile(shares, tail, axis=1)
        out["high"] = np.nanpercentile(shares, 100 - tail, axis=1)
    return out


def summarise(results: list[Record], baseline: list[Record], level: float = 0.9) -> Summary:
    """Tables and headlines of `results`, with differences against `baseline` (same seeds, same reps)."""
    if len(results) != len(baseline):
        raise ValueError("the baseline must have as many replications as the ensemble (paired)")
    fiscal = np.array([p.fiscal for p in payers()])
    total, base_total = yearly_yuan(results), yearly_yuan(baseline)
    star_cost = yearly_yuan(results, only_items=STAR_ITEMS).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_star = np.where(star_years(results) > 0, star_cost / star_years(results), np.nan)
    heads = {
        "total_cost": headline(total.sum(axis=1), level),
        "fiscal_cost": headline(yearly_yuan(results, payer_mask=fiscal).sum(axis=1), level),
        "nonfiscal_cost": headline(yearly_yuan(results, payer_mask=~fiscal).sum(axis=1), level),
        "incremental_cost": headline((total - base_total).sum(axis=1), level),
        "cost_per_star": headline(per_star, level),
        "two_stars_share": headline(two_star_share(results), level),
    }
    start = results[0].start_year
    diff = pd.DataFrame({"rep": np.repeat(np.arange(len(results)), total.shape[1]),
                         "year": np.tile(start + np.arange(total.shape[1]), len(results)),
                         "yuan": (total - base_total).ravel()})
    costs = costs_table(results)
    costs = band(costs.assign(yuan=costs["fen"] / FEN_PER_YUAN), ["year", "item"], "yuan", level, len(results))
    empty = pd.DataFrame(columns=["year", "stars", "mean", "low", "high"])
    rated = stars_table(results) if results[0].max_stars else None
    stars = band(rated, ["year", "stars"], "count", level) if rated is not None else empty
    shares = share_band(rated, level, len(results)) if rated is not None else empty
    return Summary(stars, shares, costs[["year", "item", "mean"]], band(diff, ["year"], "yuan", level, len(results)), heads,
                   len(results), results[0].years)

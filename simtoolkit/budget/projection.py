"""Cost projections: the ledger's yearly sums by item, payer, township and role, with bands over replications.

Every number here is an aggregation of `Result.yearly_fen` (the ledger), through one tidy table
`ledger_frame`; bands are the central `level` share of replications (report.tables.band), and
the incremental cost pairs each replication of the reform with the same replication of the
baseline (same seed, same streams).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simtoolkit.ledger import FEN_PER_YUAN, payers
from simtoolkit.report.tables import band, stars_table
from simtoolkit.results import Result

# Items whose amount depends on stars (for the cost per star).
STAR_ITEMS = ("star_award", "pension_star_topup", "retirement_star_topup")


def ledger_frame(results: list[Result]) -> pd.DataFrame:
    """rep,year,item,payer,fiscal,township,role,yuan — every non-zero cell of every replication's ledger."""
    frames = []
    payer_codes = np.array([x.code for x in payers()], dtype=object)
    fiscal = np.array([x.fiscal for x in payers()])
    for r in results:
        y, i, p, t, o = np.nonzero(r.yearly_fen)
        frames.append(pd.DataFrame({
            "rep": r.replication, "year": r.start_year + y, "item": np.array(r.item_codes, dtype=object)[i], "payer": payer_codes[p],
            "fiscal": fiscal[p], "township": np.array(r.townships, dtype=object)[t],
            "role": np.array(r.role_codes, dtype=object)[o], "yuan": r.yearly_fen[y, i, p, t, o] / FEN_PER_YUAN}))
    return pd.concat(frames, ignore_index=True)


@dataclass
class Projection:
    """Tables of mean and band (columns mean, low, high, in yuan) for one scenario, and against a baseline."""

    reps: int
    level: float
    total: pd.DataFrame  # year
    by_item: pd.DataFrame  # year,item
    by_payer: pd.DataFrame  # year,payer,fiscal
    by_fiscal: pd.DataFrame  # year,fiscal
    by_township: pd.DataFrame  # year,township
    by_role: pd.DataFrame  # year,role
    per_head: pd.DataFrame  # year
    per_star: pd.DataFrame  # year
    shares: pd.DataFrame  # item,share
    horizon_total: pd.DataFrame  # one row
    horizon_fiscal: pd.DataFrame  # fiscal (True/False)
    incremental: pd.DataFrame | None = None  # year (reform − baseline)
    incremental_total: pd.DataFrame | None = None  # one row


def _years(results: list[Result]) -> pd.DataFrame:
    """rep × year grid (so a year with no cost still shows as zero)."""
    r0 = results[0]
    return pd.MultiIndex.from_product([[r.replication for r in results], range(r0.start_year, r0.start_year + r0.years)],
                                      names=["rep", "year"]).to_frame(index=False)


def per_rep_year(ledger: pd.DataFrame, results: list[Result], mask=None) -> pd.DataFrame:
    """rep,year,yuan: the (masked) ledger summed per replication and year, zero-filled."""
    part = ledger if mask is None else ledger[mask]
    sums = part.groupby(["rep", "year"], as_index=False)["yuan"].sum()
    return _years(results).merge(sums, on=["rep", "year"], how="left").fillna({"yuan": 0.0})


def _ratio_band(numerator: pd.DataFrame, denominator: pd.DataFrame, level: float, reps: int) -> pd.DataFrame:
    """Band over replications of numerator ÷ denominator per year (0 where the denominator is 0)."""
    both = numerator.merge(denominator, on=["rep", "year"], suffixes=("", "_per"))
    both["yuan"] = np.where(both["yuan_per"] > 0, both["yuan"] / both["yuan_per"].where(both["yuan_per"] > 0, 1), 0.0)
    return band(both, ["year"], "yuan", level, reps)


def _both_fiscal(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger with a zero row for a fiscal kind no payment had, so both kinds get a band."""
    zeros = pd.DataFrame({"rep": ledger["rep"].iloc[0], "fiscal": [True, False], "yuan": 0.0})
    return pd.concat([ledger[["rep", "fiscal", "yuan"]], zeros], ignore_index=True)


def project(results: list[Result], heads: list[int], level: float, baseline: list[Result] | None = None) -> Projection:
    """Every projection table; `heads` is the number of head posts per replication."""
    reps = len(results)
    ledger = ledger_frame(results)
    totals = per_rep_year(ledger, results)
    stars = stars_table(results)
    held = stars.assign(yuan=stars["stars"] * stars["count"]).groupby(["rep", "year"], as_index=False)["yuan"].sum()
    posts = _years(results).assign(yuan=lambda f: f["rep"].map(dict(enumerate(heads))).astype(float))
    grand = ledger["yuan"].sum()
    shares = ledger.groupby("item", as_index=False)["yuan"].sum().assign(share=lambda f: f["yuan"] / grand if grand else 0.0)
    projection = Projection(
        reps, level, total=band(totals, ["year"], "yuan", level, reps),
        by_item=band(ledger, ["year", "item"], "yuan", level, reps),
        by_payer=band(ledger, ["year", "payer", "fiscal"], "yuan", level, reps),
        by_fiscal=band(ledger, ["year", "fiscal"], "yuan", level, reps),
        by_township=band(ledger, ["year", "township"], "yuan", level, reps),
        by_role=band(ledger, ["year", "role"], "yuan", level, reps),
        per_head=_ratio_band(totals, posts, level, reps),
        per_star=_ratio_band(per_rep_year(ledger, results, ledger["item"].isin(STAR_ITEMS)), held, level, reps),
        shares=shares.sort_values("yuan", ascending=False, ignore_index=True),
        horizon_total=band(totals.assign(all="all"), ["all"], "yuan", level, reps),
        horizon_fiscal=band(_both_fiscal(ledger), ["fiscal"], "yuan", level, reps),
    )
    if baseline is not None:
        projection.incremental, projection.incremental_total = incremental(totals, per_rep_year(ledger_frame(baseline), baseline), level, reps)
    return projection


def incremental(reform: pd.DataFrame, baseline: pd.DataFrame, level: float, reps: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Paired reform − baseline per replication: band per year and over the whole horizon."""
    diff = reform.merge(baseline, on=["rep", "year"], suffixes=("", "_base"), how="left").fillna({"yuan_base": 0.0})
    diff["yuan"] = diff["yuan"] - diff["yuan_base"]
    return band(diff, ["year"], "yuan", level, reps), band(diff.assign(all="all"), ["all"], "yuan", level, reps)

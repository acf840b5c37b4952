"""The budget report's content: projection, star bands and liabilities, as labelled tables for any writer.

`build_report` runs the scenario and its baseline with the same seeds; `sheets` turns the result
into the sheets of the workbook (and the sections of the HTML page): each a list of blocks, each
block a table with localised headers and the names of its money columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from simtoolkit.budget.liabilities import ACCRUING, PROMISED, liabilities
from simtoolkit.budget.projection import Projection, project
from simtoolkit.budget.runs import Runs, simulate
from simtoolkit.budget.words import term, word
from simtoolkit.report.tables import band, stars_table
from simtoolkit.report.vocabulary import borrowed as borrowed_text, source as source_text, value as value_text
from simtoolkit.scenario import Scenario
from simtoolkit.world.roster import Roster

WAN = 10_000  # yuan in one 万元
SHEETS = ("summary", "shares", "per_head_star", "costs_item", "costs_item_band", "costs_payer", "costs_township", "costs_role",
          "liabilities", "cashflows", "stars", "assumptions")


@dataclass
class Block:
    """One table of a sheet: optional title, the frame, and which columns hold yuan or 万元."""

    frame: pd.DataFrame
    title: str = ""
    yuan: tuple[str, ...] = ()
    wan: tuple[str, ...] = ()
    percent: tuple[str, ...] = ()


@dataclass
class BudgetReport:
    """Everything the report shows, computed once."""

    runs: Runs
    baseline: Runs | None
    level: float
    projection: Projection
    stars: pd.DataFrame  # year,stars,mean,low,high
    flows_end: pd.DataFrame  # rep,year,basis,item,yuan
    pv_start: pd.DataFrame  # rep,basis,item,yuan
    pv_end: pd.DataFrame
    notes: dict = field(default_factory=dict)

    @property
    def scenario(self) -> Scenario:
        """The reform scenario."""
        return self.runs.scenario


def build_report(scenario: Scenario, baseline: Scenario | None, reps: int, seed: int, years: int,
                 roster: Roster | None = None) -> BudgetReport:
    """Simulate reform and baseline (same seeds), project costs, value liabilities at the start and the end."""
    level = scenario.value("policy.budget.band_level")
    runs = simulate(scenario, reps, seed, years, roster)
    base = simulate(baseline, reps, seed, years, roster) if baseline is not None else None
    heads = [len(w.heads) for w in runs.start_worlds]
    projection = project(runs.results, heads, level, base.results if base else None)
    start = runs.results[0].start_year
    _, pv_start = liabilities(runs.start_worlds, scenario, start)
    flows_end, pv_end = liabilities(runs.end_worlds, scenario, start + years)
    return BudgetReport(runs, base, level, projection, band(stars_table(runs.results), ["year", "stars"], "count", level, reps),
                        flows_end, pv_start, pv_end)


# ---- sheets ------------------------------------------------------------------------------
def _money(frame: pd.DataFrame, lang: str, keys: dict[str, str]) -> Block:
    """A mean/low/high table with localised headers and a 万元 column."""
    out = pd.DataFrame({word(k, lang): frame[c] for c, k in keys.items()})
    out[word("mean", lang)] = frame["mean"].to_numpy()
    out[word("low", lang)] = frame["low"].to_numpy()
    out[word("high", lang)] = frame["high"].to_numpy()
    out[word("mean_wan", lang)] = frame["mean"].to_numpy() / WAN
    return Block(out, yuan=(word("mean", lang), word("low", lang), word("high", lang)), wan=(word("mean_wan", lang),))


def _grid(frame: pd.DataFrame, column: str, lang: str, extra: dict[str, pd.Series] | None = None) -> Block:
    """A year × `column` grid of mean yuan, codes labelled, with a 合计 column and a 合计 row (what a budget office
    reads); `extra` columns (e.g. the public-budget part) go before the total."""
    labelled = _labelled(frame, column, lang) if column in ("item", "payer", "role") else frame
    grid = labelled.pivot_table(index="year", columns=column, values="mean", aggfunc="sum", sort=False).fillna(0.0)
    grid = grid[list(dict.fromkeys(labelled[column]))]
    for name, values in (extra or {}).items():
        grid[name] = values.reindex(grid.index).fillna(0.0).to_numpy()
    total = word("total_short", lang)
    grid[total] = grid[[c for c in grid.columns if c not in (extra or {})]].sum(axis=1)
    grid.loc[total] = grid.sum(axis=0)
    grid.columns = [str(c) for c in grid.columns]
    out = grid.reset_index(names=word("year", lang))
    out[word("year", lang)] = [str(y) for y in out[word("year", lang)]]
    return Block(out, word("grid_note", lang), yuan=tuple(grid.columns))


def _labelled(frame: pd.DataFrame, column: str, lang: str) -> pd.DataFrame:
    """Codes in a column replaced by their labels."""
    return frame.assign(**{column: [term(c, lang) for c in frame[column]]})


def _measure(label: str, b: pd.DataFrame) -> dict:
    """One summary row from a one-row band."""
    row = b.iloc[0]
    return {"measure": label, "mean": row["mean"], "low": row["low"], "high": row["high"]}


def _liability_total(pv: pd.DataFrame, level: float, reps: int) -> pd.DataFrame:
    """Band of the total present value over replications."""
    return band(pv.assign(all="all"), ["all"], "yuan", level, reps)


def summary_blocks(report: BudgetReport, lang: str) -> list[Block]:
    """Headline numbers, item shares, cost per head and per star."""
    p, reps, level = report.projection, report.projection.reps, report.level
    rows = [_measure(word("horizon_total", lang), p.horizon_total)]
    if p.incremental_total is not None:
        rows.append(_measure(word("incremental_total", lang), p.incremental_total))
    for fiscal, key in ((True, "fiscal_total"), (False, "nonfiscal_total")):
        rows.append(_measure(word(key, lang), p.horizon_fiscal[p.horizon_fiscal["fiscal"] == fiscal]))
    for when, pv in ((word("at_start", lang), report.pv_start), (word("at_end", lang), report.pv_end)):
        rows.append(_measure(word("liability_pv", lang, when=when), _liability_total(pv, level, reps)))
    for _, r in p.total.iterrows():
        rows.append({"measure": word("year_total", lang, year=int(r["year"])), "mean": r["mean"], "low": r["low"], "high": r["high"]})
    if p.incremental is not None:
        for _, r in p.incremental.iterrows():
            rows.append({"measure": word("year_incremental", lang, year=int(r["year"])), "mean": r["mean"], "low": r["low"], "high": r["high"]})
    headline = _money(pd.DataFrame(rows), lang, {"measure": "measure"})
    shares = _labelled(p.shares, "item", lang)
    share_block = Block(pd.DataFrame({word("item", lang): shares["item"], word("mean", lang): shares["yuan"] / reps,
                                      word("mean_wan", lang): shares["yuan"] / reps / WAN, word("share", lang): shares["share"]}),
                        yuan=(word("mean", lang),), wan=(word("mean_wan", lang),), percent=(word("share", lang),))
    note = word("run_note", lang, scenario=report.scenario.name, baseline=report.baseline.scenario.name if report.baseline else "—",
                reps=reps, seed=report.runs.seed, years=report.runs.years, level=round(level * 100),
                rate=round(report.scenario.value("policy.budget.discount_rate") * 100, 4))
    reading = report.scenario.values.get("policy.stars.yearly_reading") if report.scenario.has("policy.stars") else None
    if reading:  # every star output depends on it (docs/model.md, "The yearly adjustment: two readings")
        note += word("reading_note", lang, reading=term(reading, lang))
    headline.title = note
    share_block.title = word("share", lang)
    return [headline, share_block, per_head_star_block(p, lang)]


def per_head_star_block(p: Projection, lang: str) -> Block:
    """Cost per head and per star held, by year, each with its band (yuan: 万元 would read 0.01)."""
    frame = pd.DataFrame({word("year", lang): p.per_head["year"].to_numpy()})
    money = []
    for table, key in ((p.per_head, "per_head"), (p.per_star, "per_star")):
        for column, suffix in (("mean", "mean_short"), ("low", "low_short"), ("high", "high_short")):
            name = f"{word(key, lang)} {word(suffix, lang)}"
            frame[name] = table[column].to_numpy()
            money.append(name)
    return Block(frame, word("per_star_note", lang), yuan=tuple(money))


def liability_blocks(report: BudgetReport, lang: str) -> list[Block]:
    """Present values at the start and the end, and the yearly cash flows after the projection."""
    level, reps = report.level, report.projection.reps
    pv_rows = []
    for key, pv in (("pv_start", report.pv_start), ("pv_end", report.pv_end)):
        b = band(pv, ["basis", "item"], "yuan", level, reps)
        b["basis"] = [word(x, lang) for x in b["basis"]]
        b["item"] = [term(x, lang) for x in b["item"]]
        b.insert(0, "when", word(key, lang))
        pv_rows.append(b)
    pv = pd.concat(pv_rows, ignore_index=True)
    values = _money(pv, lang, {"when": "measure", "basis": "basis", "item": "item"})
    flows = report.flows_end.groupby(["year", "basis", "item"], as_index=False, sort=False)["yuan"].sum()
    flows["yuan"] /= reps
    flows["column"] = [f"{word(b, lang)} · {term(i, lang)}" for b, i in zip(flows["basis"], flows["item"])]
    wide = flows.pivot(index="year", columns="column", values="yuan")
    order = [f"{word(b, lang)} · {term(i, lang)}" for b in (PROMISED, ACCRUING) for i in dict.fromkeys(flows["item"])]
    wide = wide[[c for c in order if c in wide.columns]]
    wide[word("total", lang)] = wide.sum(axis=1)
    wide = wide.reset_index().rename(columns={"year": word("year", lang)})
    money = tuple(c for c in wide.columns if c != word("year", lang))
    return [values, Block(wide, word("cashflow_table", lang), yuan=money)]  # two sheets: one table each


def assumption_block(scenario: Scenario, lang: str) -> Block:
    """Every parameter in force: label, value with its unit and codes by their labels, source by place (the value's own
    when the scenario cites one), whether it is borrowed from another place, and the key last (for --set or a reform)."""
    schema, rows = scenario.schema, []
    for key in sorted(scenario.values):
        param = schema.params[key]
        rows.append({word("parameter", lang): param.label(lang), word("value", lang): value_text(param, scenario.raw(key), lang),
                     word("source", lang): source_text(param, lang, scenario.own_source(key)),
                     word("borrowed", lang): borrowed_text(scenario.borrowed_from(key), lang), word("key", lang): key})
    return Block(pd.DataFrame(rows))


def sheets(report: BudgetReport, lang: str) -> list[tuple[str, list[Block]]]:
    """(sheet title, blocks) in workbook order."""
    p = report.projection
    stars = report.stars.assign(stars=[word("star_level", lang, n=int(n)) for n in report.stars["stars"]])
    star_block = Block(pd.DataFrame({word("year", lang): stars["year"], word("stars_col", lang): stars["stars"],
                                     word("count_mean", lang): stars["mean"], word("count_low", lang): stars["low"],
                                     word("count_high", lang): stars["high"]}))
    fiscal = p.by_fiscal[p.by_fiscal["fiscal"]].set_index("year")["mean"]
    summary, shares, per = summary_blocks(report, lang)
    values, flows = liability_blocks(report, lang)
    content = {
        "summary": [summary],
        "shares": [shares],
        "per_head_star": [per],
        "costs_item": [_grid(p.by_item, "item", lang)],
        "costs_item_band": [_money(_labelled(p.by_item, "item", lang), lang, {"year": "year", "item": "item"})],
        "costs_payer": [_grid(p.by_payer, "payer", lang, {word("fiscal_total", lang): fiscal})],
        "costs_township": [_grid(p.by_township, "township", lang)],
        "costs_role": [_grid(p.by_role, "role", lang)],
        "liabilities": [values],
        "cashflows": [flows],
        "stars": [star_block],
        "assumptions": [assumption_block(report.scenario, lang)],
    }
    return [(word(key, lang), content[key]) for key in SHEETS]

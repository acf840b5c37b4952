"""An analysis's results as a reader sees them, in the terminal or a notebook: parameters and outcomes by their
labels, columns in words, yes/no for true/false, money with separators (the CSV files keep the codes)."""

from __future__ import annotations

import pandas as pd

from simtoolkit.analysis.outcomes import Outcome
from simtoolkit.analysis.words import COLUMNS, word
from simtoolkit.report.vocabulary import parameter, pick


def outcome_label(name: str, lang: str) -> str:
    """An outcome's name (measure@when) as a reader says it; the name itself when it is not one."""
    measure, _, when = name.partition("@")
    return Outcome(name, measure, when).label(lang) if when else name


def headed(frame: pd.DataFrame, lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """A result table as printed: columns by their labels (`names` for the ones a run names, such as parameter
    keys), yes/no for true/false."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == bool:
            shown[column] = [word("yes" if v else "no", lang) for v in shown[column]]
    labels = {c: pick(COLUMNS, c, lang) for c in shown.columns if c in COLUMNS}
    return shown.rename(columns={**labels, **(names or {})})


def indices_table(indices: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sobol or Morris indices with their outputs and parameters by their labels."""
    shown = indices.assign(output=[outcome_label(o, lang) for o in indices["output"]],
                           parameter=[parameter(p, lang) for p in indices["parameter"]])
    return headed(shown, lang)


def frontier_table(frontier: pd.DataFrame, keys: list[str], objective: str, cost: str, lang: str) -> pd.DataFrame:
    """An optimiser's frontier: levers, objective and cost by their labels, the cost in yuan with separators."""
    shown = frontier[[*keys, "objective", "cost", "feasible"]].assign(cost=[f"{c:,.2f}" for c in frontier["cost"]])
    names = {**{k: parameter(k, lang) for k in keys}, "objective": outcome_label(objective, lang), "cost": outcome_label(cost, lang)}
    return headed(shown, lang, names)

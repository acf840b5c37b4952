"""EMA Workbench's view of a scenario: `model(scenario, levers=, uncertainties=, outcomes=)` → an `ema_workbench.Model`.

Install with ``pip install simtoolkit[ema]``. Levers (what a county decides) and uncertainties (what
it does not know) are dotted keys, with bounds from the schema's valid range, or ``key=low:high``;
outcomes are ``measure@when`` as in ``simtoolkit sensitivity``. EMA sees identifier aliases
(``award_per_star``, ``fiscal_cost_at_3``); `model.labels` gives each alias its reader's label from
the schema. The function behind it is `simtoolkit.as_function`: picklable (EMA's multiprocessing
and MPI evaluators ship it to their workers), in-process inside each worker, and with the same
replications at every experiment (common random numbers), so EMA's `Model` (one replication, the
mean over `reps`) is the right class rather than `ReplicatorModel`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simtoolkit.adapters.function import SimFunction, identifier
from simtoolkit.analysis.outcomes import Outcome
from simtoolkit.scenario import Scenario


def model(scenario: str | Path | Scenario, levers: Sequence[str] = (), uncertainties: Sequence[str] = (),
          outcomes: Sequence[str] = (), reps: int | None = None, years: int | None = None, seed: int | None = None,
          lang: str = "en", **run_options: Any):
    """An `ema_workbench.Model` of the scenario with its levers, uncertainties and outcomes (bounds from the schema)."""
    try:
        from ema_workbench import IntegerParameter, Model, RealParameter, ScalarOutcome
    except ImportError:
        raise ImportError("EMA Workbench is not installed: pip install simtoolkit[ema]") from None
    function = SimFunction(scenario, [*levers, *uncertainties], outcomes, reps, years, seed, **run_options)
    name = identifier(function.model.base.name)
    ema = Model(name, function=function)
    parameters = [(IntegerParameter if f.integer else RealParameter)(function.aliases[f.key], f.low, f.high)
                  for f in function.factors]
    ema.levers = parameters[:len(levers)]
    ema.uncertainties = parameters[len(levers):]
    ema.outcomes = [ScalarOutcome(function.outcome_aliases[o.name]) for o in function.model.outcomes]
    ema.labels = labels(function, lang)
    return ema


def labels(function: SimFunction, lang: str) -> dict[str, str]:
    """Alias → the label a reader knows, with its unit, for parameters and outcomes."""
    out = {function.aliases[f.key]: f"{f.label(lang)} ({f.unit})" if f.unit else f.label(lang) for f in function.factors}
    for o in function.model.outcomes:
        out[function.outcome_aliases[o.name]] = Outcome.label(o, lang)
    return out

"""EMA Workbench adapter (``pip install simtoolkit[ema]``): ``simtoolkit.ema.model(scenario, levers=, uncertainties=, outcomes=)``."""

from simtoolkit.adapters.ema import labels, model

__all__ = ["labels", "model"]

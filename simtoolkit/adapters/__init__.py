"""Adapters to tools users already know: the model as a plain function (`function.as_function`), EMA Workbench (`ema`)."""

"""Analyses for policy designers around the model seen as a function from parameters to outcomes.

`factors` (which parameters vary, within which bounds), `outcomes` (named numbers read from a
replication's record), `evaluate` (the adapter: points → outcomes, on the experiment runner, with
common random numbers), `study` (setting one up from what a user names), and the analyses built
on it: `sensitivity`, `calibrate`, `optimise`; `figures` draws their results.
"""

"""Experiments: replicate, compare, sweep — one runner for all."""

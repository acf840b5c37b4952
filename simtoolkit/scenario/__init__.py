"""Scenarios: parameter schema with metadata, loading with overlays, validation, per-year values."""

from .errors import Problem, ScenarioError
from .load import parse_assignment
from .params import Params
from .scenario import Scenario, load_scenario
from .schema import Param, load_schema

__all__ = ["Param", "Params", "Problem", "Scenario", "ScenarioError", "load_scenario", "load_schema", "parse_assignment"]

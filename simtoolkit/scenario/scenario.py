"""The Scenario: validated parameter values of one place's system, with their provenance."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import Problem, ScenarioError
from .load import read_chain
from .params import Params
from .cost_sharing import cost_sharing_problems
from .own_items import keep_labels, own_item_problems
from .own_roles import keep_role_labels, own_role_problems
from .requirements import (condition_problems, cycle_problems, missing_groups, missing_keys, population_problems,
                           situation_problems)
from .schema import Schema, load_schema
from .validate import active_groups, check_value, validate, value_at, with_defaults


@dataclass(frozen=True, eq=False)
class Scenario:
    """Parameter values (dotted key → scalar or dated table), where each came from, and metadata."""

    values: dict[str, Any]
    origins: dict[str, str]
    files: tuple[Path, ...] = ()
    title: str = ""
    description: str = ""
    changes: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, dict] = field(default_factory=dict)  # key → its own source, borrowed_from, the file that says so

    @property
    def schema(self) -> Schema:
        """The parameter schema the values were validated against."""
        return load_schema()

    @property
    def name(self) -> str:
        """A short name: the top file's stem, or 'scenario'."""
        return self.files[-1].stem if self.files else "scenario"

    @cached_property
    def groups(self) -> frozenset[str]:
        """The groups in force (optional groups left out are off)."""
        return frozenset(active_groups(self.schema, self.values))

    def has(self, group: str) -> bool:
        """True when a group (mechanism) is in force in this scenario."""
        return group in self.groups

    def raw(self, key: str) -> Any:
        """The value as written: a scalar or a dated table {year: value}."""
        return self.values[key]

    def value(self, key: str, year: int | None = None) -> Any:
        """The value of one parameter in force in `year`, percentages as fractions."""
        param = self.schema.params[key]
        value = value_at(self.values[key], year)
        scale = 100.0 if param.is_percent else 1.0
        # numbers are floats, so a TOML integer never meets a small integer array (NumPy keeps int8)
        if param.kind == "number":
            return float(value) / scale
        if param.kind == "number_list":
            return [float(v) / scale for v in value]
        return value

    def source_of(self, key: str) -> str:
        """Where a value comes from: its own source when the scenario gives one, else the parameter's."""
        return self.own_source(key) or self.schema.params[key].source

    def own_source(self, key: str) -> str:
        """The value's own source when the scenario cites one ('' otherwise)."""
        return self.provenance.get(key, {}).get("source", "")

    def borrowed_from(self, key: str) -> str:
        """The place a value is borrowed from ('' when it is the place's own or unmarked)."""
        return self.provenance.get(key, {}).get("borrowed_from", "")

    def params(self, year: int) -> Params:
        """Every value in force in `year`, as an attribute tree (cached per year)."""
        cache = self.__dict__.setdefault("_params_cache", {})
        if year not in cache:
            cache[year] = Params({k: self.value(k, year) for k in self.values})
        return cache[year]

    def with_changes(self, changes: dict[str, Any], origin: str = "with_changes") -> "Scenario":
        """A new validated scenario with some values replaced (a reform in Python)."""
        schema = self.schema
        problems = [Problem(origin, k, "unknown key" + _near(k, schema)) for k in changes if k not in schema.params]
        known = {k: v for k, v in changes.items() if k in schema.params}
        values = {**self.values, **known}
        origins = {**self.origins, **{k: origin for k in known}}
        try:
            scenario = build(values, origins, self.files, self.title, self.description, {**self.changes, **known},
                             _unchanged(self.provenance, known))
        except ScenarioError as exc:
            problems.extend(exc.problems)
        if problems:
            raise ScenarioError(problems)
        return scenario

    @cached_property
    def digest(self) -> str:
        """A hash of every resolved value: equal digests, equal scenarios."""
        text = repr(sorted((k, repr(v)) for k, v in self.values.items()))
        return hashlib.sha256(text.encode()).hexdigest()


def _near(key: str, schema: Schema) -> str:
    """Did-you-mean for a full dotted key."""
    import difflib

    close = difflib.get_close_matches(key, list(schema.params), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    """Dated tables get integer year keys."""
    return {k: ({int(y): v for y, v in value.items()} if isinstance(value, dict) else value) for k, value in values.items()}


def _unchanged(provenance: dict[str, dict], changes: dict) -> dict[str, dict]:
    """The provenance of the values a change leaves as they were (a changed value is no longer the one cited)."""
    return {k: v for k, v in provenance.items() if k not in changes}


def build(values, origins, files=(), title="", description="", changes=None, provenance=None) -> Scenario:
    """Validate values and build a Scenario, or raise ScenarioError with every problem."""
    schema = load_schema()
    top = str(files[-1]) if files else "scenario"
    problems = validate(schema, values, origins, top) + missing_groups(schema, values, top) + missing_keys(values, top)
    problems += population_problems(values, origins, top) + cycle_problems(values, origins, top) + situation_problems(values, origins, top)
    problems += condition_problems(schema, values, origins, top) + cost_sharing_problems(values, origins, top)
    problems += own_item_problems(values, origins, top) + own_role_problems(values, origins, top)
    if problems:
        raise ScenarioError(problems)
    keep_labels(values)
    keep_role_labels(values)
    return Scenario(_normalise(with_defaults(schema, values)), dict(origins), tuple(files), title, description, dict(changes or {}),
                    {k: v for k, v in (provenance or {}).items() if k in values})


def load_scenario(path: str | Path, changes: dict[str, Any] | None = None, sources: dict[str, str] | None = None) -> Scenario:
    """Read a scenario file (and what it extends), apply changes, validate everything at once.

    `sources` names where a change came from (``{"run.seed": "--seed"}``) so a problem blames it; '--set' otherwise.
    """
    path = Path(path)
    schema = load_schema()
    files, values, origins, meta, problems, provenance = read_chain(path, schema)
    for key, value in (changes or {}).items():
        if key not in schema.params:
            problems.append(Problem("--set", key, "unknown key" + _near(key, schema)))
        else:
            values[key] = value
            origins[key] = (sources or {}).get(key, "--set")
    try:
        scenario = build(values, origins, files, meta.get("title", ""), meta.get("description", ""), changes,
                         _unchanged(provenance, changes or {}))
    except ScenarioError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return scenario


__all__ = ["Scenario", "load_scenario", "build", "check_value"]

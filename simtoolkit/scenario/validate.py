"""All-or-nothing validation of parameter values against the schema; every problem at once."""

from __future__ import annotations

import math
import re
from typing import Any

from .errors import Problem
from .expressions import problem as expression_problem
from .load import suggest
from .schema import NUMERIC, Check, Column, Param, Schema

YEAR_RANGE = (1900, 2200)
YEAR_KEY = re.compile(r"[0-9]{1,6}")  # ASCII digits only: str.isdigit() also accepts '²⁰²³', which int() cannot read


def _is_number(value: Any) -> bool:
    """True for a finite int or float, not bool (NaN and infinities compare false with everything)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _not_finite(value: Any) -> bool:
    """True for a float NaN or infinity."""
    return isinstance(value, float) and not math.isfinite(value)


def _type_error(kind: str, value: Any, choices: tuple[str, ...] = ()) -> str | None:
    """Why a single (undated) value does not fit a kind, or None."""
    if kind in ("number", "integer") and _not_finite(value):
        return f"must be a finite number, got {value!r}"
    if kind == "number_list" and isinstance(value, list) and any(_not_finite(v) for v in value):
        return f"must hold finite numbers only, got {value!r}"
    if kind == "number" and not _is_number(value):
        return f"expected a number, got {value!r}"
    if kind == "integer" and not (isinstance(value, int) and not isinstance(value, bool)):
        return f"expected a whole number, got {value!r}"
    if kind == "bool" and not isinstance(value, bool):
        return f"expected true or false, got {value!r}"
    if kind == "text" and not isinstance(value, str):
        return f"expected text, got {value!r}"
    if kind == "choice":
        if value not in choices:
            return f"expected one of {', '.join(choices)}, got {value!r}" + suggest(str(value), list(choices))
    if kind == "text_list" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return f"expected a list of text, got {value!r}"
    if kind == "text_list" and choices and (unknown := [v for v in value if v not in choices]):
        return f"{unknown[0]!r} is not one of {', '.join(choices)}" + suggest(unknown[0], list(choices))
    if kind == "number_list" and not (isinstance(value, list) and all(_is_number(v) for v in value)):
        return f"expected a list of numbers, got {value!r}"
    return None


def dated_items(value: Any) -> list[tuple[int | None, Any]]:
    """[(year, value)] for a dated table, or [(None, value)] for a plain value."""
    if isinstance(value, dict):
        return [(int(y), v) for y, v in value.items()]
    return [(None, value)]


def year_of(key: Any) -> int | None:
    """A dated value's key as a year, or None when it is not one (ASCII digits within YEAR_RANGE)."""
    if isinstance(key, bool) or not isinstance(key, (int, str)) or not YEAR_KEY.fullmatch(str(key)):
        return None
    year = int(key)
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


def well_dated(value: Any) -> bool:
    """True for a plain value, or a non-empty dated table whose keys are distinct years."""
    if not isinstance(value, dict):
        return True
    years = [year_of(k) for k in value]
    return bool(years) and None not in years and len(set(years)) == len(years)


def _check_dated_keys(param: Param, value: dict, file: str) -> list[Problem]:
    """Dated tables need year keys, each year once, and only numeric parameters may be dated."""
    if not param.dated:
        return [Problem(file, param.key, "cannot take dated values")]
    problems, seen = [], {}
    for key in value:
        year = year_of(key)
        if year is None:
            problems.append(Problem(file, param.key, f"dated value key {key!r} is not a year"))
        elif year in seen:
            problems.append(Problem(file, param.key, f"dated value keys {seen[year]!r} and {key!r} are both the year {year}"))
        else:
            seen[year] = key
    if not value:
        problems.append(Problem(file, param.key, "dated table is empty"))
    return problems


def _bound(bound: float | str | None, values: dict[str, Any], year: int | None) -> tuple[float | None, str]:
    """A range bound, possibly naming another parameter; returns (number, description)."""
    if bound is None or _is_number(bound):
        return bound, "" if bound is None else f"{bound:g}"
    other = values.get(bound)
    if other is None:
        return None, ""
    number = value_at(other, year)
    return (number, f"{bound} ({number:g})") if _is_number(number) else (None, "")


def _check_range(param: Param, value: Any, values: dict, year: int | None, file: str) -> list[Problem]:
    """Range check of one numeric value, bounds possibly referring to other parameters."""
    problems = []
    when = f" in {year}" if year is not None else ""
    low, low_text = _bound(param.min, values, year)
    high, high_text = _bound(param.max, values, year)
    if low is not None and value < low:
        problems.append(Problem(file, param.key, f"must be at least {low_text}{when}, got {value:g}"))
    if high is not None and value > high:
        problems.append(Problem(file, param.key, f"must be at most {high_text}{when}, got {value:g}"))
    return problems


def _choices(col: Column, values: dict) -> tuple[str, ...]:
    """A choice column's choices: its own, then the codes of the table it names in `also` (a scenario's own roles)."""
    rows = values.get(col.also, []) if col.also else []
    extra = [r["code"] for r in rows if isinstance(r, dict) and isinstance(r.get("code"), str)] if isinstance(rows, list) else []
    return col.choices + tuple(extra)


def _check_column(param: Param, col: Column, row: int, value: Any, values: dict, file: str) -> list[Problem]:
    """Type and range of one cell of a table parameter."""
    where = f"{param.key}[{row}].{col.name}"
    if col.kind == "expression":
        error = _type_error("text", value) or expression_problem(value, col.names)
        return [Problem(file, where, error)] if error else []
    error = _type_error(col.kind, value, _choices(col, values))
    if error:
        return [Problem(file, where, error)]
    if col.kind in NUMERIC:
        if col.min is not None and value < col.min:
            return [Problem(file, where, f"must be at least {col.min:g}, got {value:g}")]
        if col.max is not None and value > col.max:
            return [Problem(file, where, f"must be at most {col.max:g}, got {value:g}")]
    return []


def _check_table(param: Param, value: Any, values: dict, file: str) -> list[Problem]:
    """A table is a list of rows, each with exactly the declared columns."""
    if not (isinstance(value, list) and all(isinstance(r, dict) for r in value)):
        return [Problem(file, param.key, "expected a list of tables ([[...]] rows)")]
    names = [c.name for c in param.columns]
    problems = []
    for i, row in enumerate(value):
        for extra in sorted(set(row) - set(names)):
            problems.append(Problem(file, f"{param.key}[{i}].{extra}", "unknown column" + suggest(extra, names)))
        for col in param.columns:
            if col.name not in row:
                if not col.optional:
                    problems.append(Problem(file, f"{param.key}[{i}].{col.name}", "missing column"))
            else:
                problems.extend(_check_column(param, col, i, row[col.name], values, file))
    for i, row in enumerate(value if not problems else []):
        for low in [n for n in names if n.startswith("from_") and f"to_{n[5:]}" in names]:
            high = f"to_{low[5:]}"
            if row[low] > row[high]:
                problems.append(Problem(file, f"{param.key}[{i}]", f"{low} {row[low]:g} is above {high} {row[high]:g}"))
    if not problems:
        problems.extend(p for col in param.columns for p in _check_rows(param, col, value, file))
    # a `share` column weights the rows a draw chooses among: at least one weight must be positive
    if not problems and "share" in names and value and sum(row["share"] for row in value) <= 0:
        problems.append(Problem(file, param.key, "every share is 0: at least one row needs a positive share"))
    return problems


def _check_rows(param: Param, col: Column, rows: list[dict], file: str) -> list[Problem]:
    """A column's checks across rows: rising strictly, starting at its first value, no value twice, every level once."""
    problems = []
    cells = [row.get(col.name, col.default) for row in rows]
    if col.ascending:
        last: dict[Any, int] = {}  # the previous row of each group (one group unless `ascending_within`)
        for i, row in enumerate(rows):
            group = row[col.ascending_within] if col.ascending_within else None
            before = last.get(group)
            if before is not None and cells[i] <= cells[before]:
                among = f" for {group}" if col.ascending_within else ""
                message = f"{cells[i]:g} does not rise above the row before{among} ({cells[before]:g}): rows go in rising order"
                problems.append(Problem(file, f"{param.key}[{i}].{col.name}", message))
            last[group] = i
    if col.consecutive:
        for i in range(1, len(cells)):
            if cells[i] > cells[i - 1] + 1:
                message = f"{cells[i]:g} skips level {cells[i - 1] + 1:g}: every level needs a row, one level after another"
                problems.append(Problem(file, f"{param.key}[{i}].{col.name}", message))
    if col.starts_at is not None and cells and cells[0] != col.starts_at:
        message = f"the first row starts at {cells[0]:g}: it must start at {col.starts_at:g}, so no value falls in a gap below it"
        problems.append(Problem(file, f"{param.key}[0].{col.name}", message))
    if col.unique:
        for i, cell in enumerate(cells):
            if cell in cells[:i]:
                problems.append(Problem(file, f"{param.key}[{i}].{col.name}", f"{cell!r} is named by an earlier row: every row needs its own"))
    if col.every_choice:
        for choice in col.choices:
            if cells.count(choice) != 1:
                problems.append(Problem(file, f"{param.key}.{col.name}",
                                        f"{choice!r} appears {cells.count(choice)} times: every level needs exactly one row"))
    return problems


def check_value(param: Param, value: Any, values: dict, file: str) -> list[Problem]:
    """Every problem with one parameter's value: kind, dated keys, range."""
    if param.kind == "table":
        return _check_table(param, value, values, file)
    problems = []
    if isinstance(value, dict):
        problems.extend(_check_dated_keys(param, value, file))
        if problems:
            return problems
    for year, item in dated_items(value):
        error = _type_error(param.kind, item, param.choices)
        when = f" (year {year})" if year is not None else ""
        if error:
            problems.append(Problem(file, param.key, error + when))
        elif param.kind in NUMERIC:
            for when in _years_to_check(param, values, year):
                problems.extend(_check_range(param, item, values, when, file))
        elif param.kind == "number_list":
            for number in item:
                for when in _years_to_check(param, values, year):
                    problems.extend(_check_range(param, number, values, when, file))
    return problems


def _years_to_check(param: Param, values: dict, year: int | None) -> list[int | None]:
    """The years a value's range is checked in: its own year, or for a plain value every year a bound naming
    a dated parameter takes a value (a plain 4 under a maximum of 3 in 2023 and 5 from 2025 is refused)."""
    if year is not None:
        return [year]
    named = [values.get(b) for b in (param.min, param.max) if isinstance(b, str)]
    return sorted({int(y) for bound in named if isinstance(bound, dict) for y in bound}) or [None]


def value_at(value: Any, year: int | None) -> Any:
    """The value in force in a year: a dated value holds from its year on."""
    if not isinstance(value, dict):
        return value
    dated = sorted((int(y), v) for y, v in value.items())
    if year is None:
        return dated[-1][1]
    current = dated[0][1]
    for start, item in dated:
        if start <= year:
            current = item
    return current


def _check_consistency(check: Check, values: dict, origins: dict, top: str) -> list[Problem]:
    """Order and sum checks across parameters, for every year any of them changes."""
    present = [k for k in check.keys if k in values]
    if len(present) < len(check.keys):
        return []
    years = sorted({int(y) for k in present if isinstance(values[k], dict) for y in values[k]}) or [None]
    # name the file that set any of the keys last in the chain: the top file if it set one
    files = [origins.get(k, top) for k in check.keys]
    file = top if top in files else files[-1]
    for year in years:
        numbers = [value_at(values[k], year) for k in check.keys]
        if not all(_is_number(n) for n in numbers):
            return []
        when = f" in {year}" if year is not None else ""
        if check.kind == "ordered" and any(a > b for a, b in zip(numbers, numbers[1:])):
            listed = ", ".join(f"{k}={n:g}" for k, n in zip(check.keys, numbers))
            return [Problem(file, check.keys[-1], f"values out of order{when}: need {listed} non-decreasing")]
        if check.kind == "sum_equals" and abs(sum(numbers) - check.limit) > 1e-9:
            listed = " + ".join(check.keys)
            return [Problem(file, check.keys[-1], f"{listed} = {sum(numbers):g}{when}, must be {check.limit:g}")]
        if check.kind == "sum_at_most" and sum(numbers) > check.limit:
            listed = " + ".join(check.keys)
            return [Problem(file, check.keys[-1], f"{listed} = {sum(numbers):g}{when}, over {check.limit:g}")]
    return []


def active_groups(schema: Schema, values: dict[str, Any]) -> set[str]:
    """Groups in force: every non-optional group, and optional groups with any value set."""
    groups = {g.path for g in schema.groups.values() if not g.optional}
    groups |= {schema.params[k].group for k in values}
    return groups


def validate(schema: Schema, values: dict[str, Any], origins: dict[str, str], top: str) -> list[Problem]:
    """Every problem in a set of parameter values; an empty list means the scenario can run."""
    problems: list[Problem] = []
    groups = active_groups(schema, values)
    usable = {k: v for k, v in values.items() if well_dated(v)}  # bounds and cross-checks read only readable years
    for path in sorted(groups):
        group = schema.groups[path]
        found: list[Problem] = []
        for param in group.params:
            if param.key not in values:
                if param.required:
                    found.append(Problem(top, param.key, "missing required key"))
                continue
            found.extend(check_value(param, values[param.key], usable, origins.get(param.key, top)))
        if not found:
            for check in group.checks:
                found.extend(_check_consistency(check, usable, origins, top))
        problems.extend(found)
    start = values.get("run.start_year")
    if isinstance(start, int) and not problems:
        for key, value in values.items():
            if isinstance(value, dict) and min(int(y) for y in value) > start:
                first = min(int(y) for y in value)
                message = f"dated values start in {first}, after run.start_year {start}"
                problems.append(Problem(origins.get(key, top), key, message))
    return problems


def with_defaults(schema, values: dict[str, Any]) -> dict[str, Any]:
    """The values with every table row's left-out optional columns at their defaults (rows are copied, not changed)."""
    filled = dict(values)
    for key, value in values.items():
        param = schema.params.get(key)
        if param is None or param.kind != "table" or not any(c.optional for c in param.columns) or not isinstance(value, list):
            continue
        defaults = {c.name: c.default for c in param.columns if c.optional}
        filled[key] = [{**defaults, **row} for row in value]
    return filled

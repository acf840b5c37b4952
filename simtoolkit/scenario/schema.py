"""The parameter schema: every parameter's metadata, read from the data files in `parameters/`.

Each file describes one group (a dotted path such as ``policy.pay``): its labels, whether a
scenario may leave the whole group out (the mechanism is then off), its parameters and the
checks that tie parameters together. The schema holds no policy values: those live in scenarios.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

PARAMETER_DIR = Path(__file__).parent / "parameters"
KINDS = {"number", "integer", "bool", "choice", "text", "text_list", "number_list", "table"}
NUMERIC = {"number", "integer"}


@dataclass(frozen=True)
class Column:
    """One column of a table parameter."""

    name: str
    kind: str
    zh: str
    en: str
    unit: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    also: str = ""  # a choice column: the key of a table whose `code` column adds choices (a scenario's own roles)
    names: tuple[str, ...] = ()  # an expression column: the names its text may use (scenario/expressions.py)
    ascending: bool = False  # rows must rise strictly in this column (score bands, thresholds)
    ascending_within: str = ""  # ... among the rows sharing this other column's value (bands by role)
    starts_at: float | None = None  # the first row must be at this value: bands leave no gap below
    every_choice: bool = False  # every choice appears exactly once (a table by level misses none)
    optional: bool = False  # a row may leave it out: it then takes `default` (a part of a row that does not apply)
    default: object = None
    unique: bool = False  # no two rows share a value (names)
    consecutive: bool = False  # rows go up one at a time (a table by star level misses none between its first and last)


@dataclass(frozen=True)
class Param:
    """Metadata of one parameter: labels, unit, valid range and source."""

    key: str
    kind: str
    zh: str
    en: str
    unit: str
    source: str
    source_zh: str = ""  # the source as a Chinese reader is told it (seed files still cited by name); else `source`
    min: float | str | None = None
    max: float | str | None = None
    step: float | None = None
    typical_min: float | None = None  # a control's range (display only: validation reads min and max)
    typical_max: float | None = None
    choices: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()  # codes a control offers to choose among (display only: validation ignores it)
    columns: tuple[Column, ...] = ()
    dated: bool = True
    required: bool = True
    note: str = ""

    @property
    def group(self) -> str:
        """The dotted path of the group holding this parameter."""
        return self.key.rsplit(".", 1)[0]

    @property
    def name(self) -> str:
        """The last part of the dotted key."""
        return self.key.rsplit(".", 1)[1]

    @property
    def is_percent(self) -> bool:
        """True when the value is written in percent and used as a fraction."""
        return self.unit == "%"

    def label(self, lang: str) -> str:
        """The label in the given language ('zh' or 'en')."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Check:
    """A consistency check over several parameters (order, sums)."""

    kind: str
    keys: tuple[str, ...]
    limit: float | None = None
    message: str = ""


@dataclass(frozen=True)
class Group:
    """A group of parameters (one schema file)."""

    path: str
    zh: str
    en: str
    optional: bool
    params: tuple[Param, ...]
    checks: tuple[Check, ...] = ()
    source_file: str = ""

    def label(self, lang: str) -> str:
        """The group label in the given language."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Schema:
    """All groups and parameters, indexed by dotted key."""

    groups: dict[str, Group] = field(default_factory=dict)
    params: dict[str, Param] = field(default_factory=dict)

    def group_of(self, key: str) -> Group:
        """The group that holds a parameter key."""
        return self.groups[self.params[key].group]

    def is_group_path(self, path: str) -> bool:
        """True when `path` is a group or a prefix of one (a table of tables in TOML)."""
        return any(g == path or g.startswith(path + ".") for g in self.groups)


@cache
def name_lists() -> dict[str, list[str]]:
    """The shared lists of names an expression column may use (scenario/names.toml)."""
    with (Path(__file__).parent / "names.toml").open("rb") as fh:
        return tomllib.load(fh)


def name_list(key: str) -> list[str]:
    """One shared list of names, by its key (an unknown key is an error in the schema itself)."""
    try:
        return name_lists()[key]
    except KeyError:
        raise ValueError(f"names = {key!r}: no such list in scenario/names.toml") from None


def _column(name: str, spec: dict) -> Column:
    """Build a table column from its spec."""
    return Column(
        name=name,
        kind=spec["kind"],
        zh=spec["zh"],
        en=spec["en"],
        unit=spec.get("unit", ""),
        min=spec.get("min"),
        max=spec.get("max"),
        choices=tuple(spec.get("choices", ())),
        also=spec.get("also", ""),
        names=tuple(name_list(spec["names"]) if isinstance(spec.get("names"), str) else spec.get("names", ())),
        ascending=spec.get("ascending", False),
        ascending_within=spec.get("ascending_within", ""),
        starts_at=spec.get("starts_at"),
        every_choice=spec.get("every_choice", False),
        optional="default" in spec,
        default=spec.get("default"),
        unique=spec.get("unique", False),
        consecutive=spec.get("consecutive", False),
    )


def _param(group: str, name: str, spec: dict, origin: str) -> Param:
    """Build a parameter from its spec, checking the spec itself."""
    kind = spec.get("kind", "number")
    if kind not in KINDS:
        raise ValueError(f"{origin}: {group}.{name}: unknown kind {kind!r}")
    for required in ("zh", "en", "source"):
        if required not in spec:
            raise ValueError(f"{origin}: {group}.{name}: metadata lacks {required!r}")
    columns = tuple(_column(c, s) for c, s in spec.get("columns", {}).items())
    return Param(
        key=f"{group}.{name}",
        kind=kind,
        zh=spec["zh"],
        en=spec["en"],
        unit=spec.get("unit", ""),
        source=spec["source"],
        source_zh=spec.get("source_zh", ""),
        min=spec.get("min"),
        max=spec.get("max"),
        step=spec.get("step"),
        typical_min=spec.get("typical_min"),
        typical_max=spec.get("typical_max"),
        choices=tuple(spec.get("choices", ())),
        offers=tuple(spec.get("offers", spec.get("choices", ()))),
        columns=columns,
        dated=spec.get("dated", kind in NUMERIC),
        required=spec.get("required", True),
        note=spec.get("note", ""),
    )


def _group(path: Path) -> Group:
    """Read one schema file."""
    with path.open("rb") as fh:
        doc = tomllib.load(fh)
    name = doc["group"]
    params = tuple(_param(name, k, v, path.name) for k, v in doc.get("params", {}).items())
    checks = tuple(
        Check(kind=c["kind"], keys=tuple(c["keys"]), limit=c.get("limit"), message=c.get("message", ""))
        for c in doc.get("checks", [])
    )
    return Group(
        path=name,
        zh=doc["zh"],
        en=doc["en"],
        optional=doc.get("optional", False),
        params=params,
        checks=checks,
        source_file=path.name,
    )


@cache
def load_schema(directory: Path = PARAMETER_DIR) -> Schema:
    """Read every schema file once and index groups and parameters."""
    schema = Schema()
    for path in sorted(directory.glob("*.toml")):
        group = _group(path)
        if group.path in schema.groups:
            raise ValueError(f"{path.name}: group {group.path} is defined twice")
        schema.groups[group.path] = group
        for param in group.params:
            schema.params[param.key] = param
    return schema

"""Reading scenario files: TOML, `extends` overlays, and `--set` style changes.

A file is flattened to its parameter leaves (dotted keys); an overlay replaces whole leaves,
so a dated table in a reform replaces the base's table rather than merging year by year.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

from .errors import Problem, ScenarioError
from .schema import Schema, load_schema

TOP_LEVEL = {"extends", "disable", "borrowed", "title", "description", "population", "policy", "behaviour", "run"}
# a value may carry its own provenance, as OpenFisca's dated values carry a reference:
# key = {value = 1500, source = "…", borrowed_from = "qingxu"} (without `value` it marks the inherited value)
PROVENANCE = ("value", "source", "borrowed_from")
META = {"title", "description"}


def suggest(name: str, candidates: list[str]) -> str:
    """A ' (did you mean X?)' suffix when a close candidate exists."""
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _children(schema: Schema, path: str) -> list[str]:
    """Names allowed directly below a group path: sub-groups and parameters."""
    prefix = path + "."
    names = {k[len(prefix):].split(".", 1)[0] for k in schema.params if k.startswith(prefix)}
    return sorted(names)


def is_marked(value: Any) -> bool:
    """True for a value written with its provenance (a table with `value`, `source` or `borrowed_from`)."""
    return isinstance(value, dict) and any(k in PROVENANCE for k in value)


def _mark(value: dict, file: str, key: str) -> tuple[dict[str, str], list[Problem]]:
    """The provenance of a marked value (source, borrowed_from), and problems with its form."""
    problems = [Problem(file, f"{key}.{k}", "unknown key of a value with its source" + suggest(str(k), list(PROVENANCE)))
                for k in value if k not in PROVENANCE]
    mark = {}
    for k in PROVENANCE[1:]:
        if k in value and not (isinstance(value[k], str) and value[k].strip()):
            problems.append(Problem(file, f"{key}.{k}", f"expected text, got {value[k]!r}"))
        elif k in value:
            mark[k] = value[k].strip()
    return mark, problems


def flatten(doc: dict, schema: Schema, file: str, path: str = "") -> tuple[dict[str, Any], dict[str, dict], list[Problem]]:
    """Turn a nested TOML document into parameter leaves and their marks (provenance), reporting keys the schema lacks."""
    leaves: dict[str, Any] = {}
    marks: dict[str, dict] = {}
    problems: list[Problem] = []
    for name, value in doc.items():
        key = f"{path}.{name}" if path else name
        if not path and name in {"extends", "disable", "borrowed", *META}:
            continue
        if not path and name not in TOP_LEVEL:
            problems.append(Problem(file, key, "unknown section" + suggest(name, sorted(TOP_LEVEL))))
        elif key in schema.params and is_marked(value):
            marks[key], found = _mark(value, file, key)
            problems.extend(found)
            if "value" in value:
                leaves[key] = value["value"]
        elif key in schema.params:
            leaves[key] = value
        elif schema.is_group_path(key):
            if isinstance(value, dict):
                sub, sub_marks, sub_problems = flatten(value, schema, file, key)
                leaves.update(sub)
                marks.update(sub_marks)
                problems.extend(sub_problems)
            else:
                problems.append(Problem(file, key, "is a group of parameters, not a value"))
        else:
            siblings = _children(schema, path) if path else sorted(TOP_LEVEL)
            problems.append(Problem(file, key, "unknown key" + suggest(name, siblings)))
    return leaves, marks, problems


BOM = "\ufeff"


def read_toml(path: Path) -> dict:
    """Read a TOML file, turning read and syntax errors into a scenario problem (a UTF-8 BOM, as Notepad writes, is accepted)."""
    if not path.exists():
        raise ScenarioError([Problem(str(path), "", "file not found")])
    if path.is_dir():
        raise ScenarioError([Problem(str(path), "", "is a folder, not a scenario file")])
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8").removeprefix(BOM))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError([Problem(str(path), "", f"malformed TOML: {exc}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(str(path), "", f"cannot read: {exc}")]) from None


def read_chain(path: Path, schema: Schema | None = None) -> tuple[list[Path], dict, dict, dict, list[Problem], dict]:
    """Read a scenario and everything it extends; return files, leaves, origins, meta, problems, provenance."""
    schema = schema or load_schema()
    chain: list[tuple[Path, dict]] = []
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            raise ScenarioError([Problem(str(current), "extends", "circular extends")])
        seen.add(resolved)
        doc = read_toml(current)
        chain.append((current, doc))
        parent = doc.get("extends")
        if parent is not None and not isinstance(parent, str):
            raise ScenarioError([Problem(str(current), "extends", "must be a file name (text)")])
        if parent is not None and not (current.parent / parent).is_file():
            why = "is not a file" if (current.parent / parent).exists() else "not found"
            raise ScenarioError([Problem(str(current), "extends", f"{parent!r} {why} (relative to {current.parent}); "
                                         "give the file this scenario extends, e.g. \"qingxu.toml\"")])
        current = (current.parent / parent) if parent else None
    leaves: dict[str, Any] = {}
    origins: dict[str, str] = {}
    meta: dict[str, str] = {}
    problems: list[Problem] = []
    provenance: dict[str, dict] = {}
    for file, doc in reversed(chain):
        problems.extend(_disable(doc.get("disable", []), leaves, origins, schema, str(file)))
        flat, marks, found = flatten(doc, schema, str(file))
        problems.extend(found)
        leaves.update(flat)
        origins.update({k: str(file) for k in flat})
        meta.update({k: doc[k] for k in META if k in doc})
        for key, mark in _borrowed(doc.get("borrowed", {}), leaves, schema, str(file), problems).items():
            marks[key] = {**mark, **marks.get(key, {})}  # a value's own mark says more than its group's
        problems.extend(_keep_marks(provenance, flat, marks, leaves, str(file)))
    files = [file for file, _ in reversed(chain)]
    return files, leaves, origins, meta, problems, provenance


def _keep_marks(provenance: dict, flat: dict, marks: dict, leaves: dict, file: str) -> list[Problem]:
    """A file's marks replace the provenance of its keys; a value it sets without a mark loses the inherited one."""
    problems = []
    for key in flat:
        provenance.pop(key, None)
    for key, mark in marks.items():
        if key not in leaves:
            problems.append(Problem(file, key, "marks a value it does not give and no file it extends sets (add value = …)"))
        else:
            provenance[key] = {**mark, "file": file}
    for key in [k for k in provenance if k not in leaves]:  # switched off by `disable`
        del provenance[key]
    return problems


def _borrowed(table: Any, leaves: dict, schema: Schema, file: str, problems: list[Problem]) -> dict[str, dict]:
    """``borrowed = {qingxu = ["policy.pay", "policy.pension.base_contribution"]}``: the values in force of those groups
    or keys are marked as borrowed from that place."""
    if not isinstance(table, dict):
        problems.append(Problem(file, "borrowed", "expected a table: place = [groups or keys]"))
        return {}
    marks = {}
    for place, paths in table.items():
        if not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)):
            problems.append(Problem(file, f"borrowed.{place}", "expected a list of groups or dotted keys"))
            continue
        for path in paths:
            keys = [k for k in leaves if k == path or k.startswith(path + ".")]
            if not keys:
                known = sorted({*schema.groups, *schema.params})
                problems.append(Problem(file, f"borrowed.{place}", f"{path!r} is no group or key in force here" + suggest(path, known)))
            marks |= {k: {"borrowed_from": place} for k in keys}
    return marks


def _disable(groups, leaves: dict, origins: dict, schema: Schema, file: str) -> list[Problem]:
    """Switch off optional groups inherited from the files this one extends (``disable = [...]``)."""
    if not (isinstance(groups, list) and all(isinstance(g, str) for g in groups)):
        return [Problem(file, "disable", "expected a list of group names")]
    problems = []
    for group in groups:
        if group not in schema.groups:
            problems.append(Problem(file, "disable", f"unknown group {group!r}" + suggest(group, sorted(schema.groups))))
        elif not schema.groups[group].optional:
            problems.append(Problem(file, "disable", f"group {group!r} is not optional and cannot be switched off"))
        else:
            for key in [k for k in leaves if schema.params[k].group == group]:
                del leaves[key]
                origins.pop(key, None)
    return problems


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse ``dotted.key=value`` as given to ``--set``; the value is read as TOML, else as text."""
    if "=" not in text:
        raise ScenarioError([Problem("--set", text, "expected dotted.key=value")])
    key, raw = (part.strip() for part in text.split("=", 1))
    if not key:
        raise ScenarioError([Problem("--set", text, "missing key before '='")])
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key, value

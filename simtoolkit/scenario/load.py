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

TOP_LEVEL = {"extends", "disable", "title", "description", "population", "policy", "behaviour", "run"}
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


def flatten(doc: dict, schema: Schema, file: str, path: str = "") -> tuple[dict[str, Any], list[Problem]]:
    """Turn a nested TOML document into parameter leaves, reporting keys the schema lacks."""
    leaves: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in doc.items():
        key = f"{path}.{name}" if path else name
        if not path and name in {"extends", "disable", *META}:
            continue
        if not path and name not in TOP_LEVEL:
            problems.append(Problem(file, key, "unknown section" + suggest(name, sorted(TOP_LEVEL))))
        elif key in schema.params:
            leaves[key] = value
        elif schema.is_group_path(key):
            if isinstance(value, dict):
                sub, sub_problems = flatten(value, schema, file, key)
                leaves.update(sub)
                problems.extend(sub_problems)
            else:
                problems.append(Problem(file, key, "is a group of parameters, not a value"))
        else:
            siblings = _children(schema, path) if path else sorted(TOP_LEVEL)
            problems.append(Problem(file, key, "unknown key" + suggest(name, siblings)))
    return leaves, problems


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


def read_chain(path: Path, schema: Schema | None = None) -> tuple[list[Path], dict, dict, dict, list[Problem]]:
    """Read a scenario and everything it extends; return files, leaves, origins, meta, problems."""
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
    for file, doc in reversed(chain):
        problems.extend(_disable(doc.get("disable", []), leaves, origins, schema, str(file)))
        flat, found = flatten(doc, schema, str(file))
        problems.extend(found)
        leaves.update(flat)
        origins.update({k: str(file) for k in flat})
        meta.update({k: doc[k] for k in META if k in doc})
    files = [file for file, _ in reversed(chain)]
    return files, leaves, origins, meta, problems


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

"""Save dashboard settings as a reform file: `extends = "<base>.toml"`, the groups switched off, the changed keys."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from simtoolkit.errors import InputError


def toml_value(value: Any) -> str:
    """One value in TOML: numbers, booleans, text, lists and dated tables {year = value}."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML basic strings
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):  # a table: one row per line
        return "[\n" + "".join(f"  {{ {', '.join(f'{k} = {toml_value(v)}' for k, v in row.items())} }},\n" for row in value) + "]"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{int(k)} = {toml_value(v)}" for k, v in sorted(value.items())) + " }"
    raise TypeError(f"cannot write {value!r} to TOML")


def reform_text(base: Path, target: Path, changes: dict[str, Any], title: str, disable: list[str] = ()) -> str:
    """The reform file's text: title, extends (relative to the target's folder), the groups switched off, one
    table per group (a group switched on has all its given keys there)."""
    extends = Path(os.path.relpath(base.resolve(), target.resolve().parent)).as_posix()
    lines = [f"title = {toml_value(title)}", f"extends = {toml_value(extends)}"]
    if disable:
        lines.append(f"disable = {toml_value(sorted(disable))}")
    groups: dict[str, list[str]] = {}
    for key in sorted(changes):
        group, name = key.rsplit(".", 1)
        groups.setdefault(group, []).append(f"{name} = {toml_value(changes[key])}")
    for group, rows in groups.items():
        lines += ["", f"[{group}]", *rows]
    return "\n".join(lines) + "\n"


def save_reform(base: Path, target: Path, changes: dict[str, Any], title: str, disable: list[str] = ()) -> Path:
    """Write the reform file all at once (a temporary file renamed into place)."""
    target = Path(target)
    if target.suffix != ".toml":
        raise InputError([f"{target}: a scenario file must end in .toml"])
    if target.resolve() == Path(base).resolve():
        raise InputError([f"{target}: would overwrite the scenario it extends"])
    if not target.parent.is_dir():
        raise InputError([f"{target.parent}: folder not found"])
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(reform_text(Path(base), target, changes, title, disable), encoding="utf-8")
    os.replace(temporary, target)
    return target

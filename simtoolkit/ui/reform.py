"""Save dashboard settings as a reform file: `extends = "<base>.toml"`, the groups switched off, the changed keys.

Saving is confined: a reform goes into a reforms folder by a plain file name typed in the page, never
over a file of the shipped scenarios nor over the scenario it extends, and over another existing file
only when asked again (`replace`).
"""

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


def default_reforms_folder() -> Path:
    """Where reforms are saved unless a folder is chosen: $SIMTOOLKIT_REFORMS, else ~/simtoolkit-reforms (not the repository)."""
    return Path(os.environ.get("SIMTOOLKIT_REFORMS") or Path.home() / "simtoolkit-reforms").expanduser()


def reform_target(folder: Path, name: str) -> Path:
    """The file a typed name saves to: a plain file name ending in .toml, inside `folder`."""
    name = name.strip()
    plain = name and "/" not in name and "\\" not in name and "\0" not in name and not name.startswith(".")
    if not plain or Path(name).name != name:
        raise InputError([f"{name!r}: give a plain file name such as my_reform.toml (it is saved in {folder})"])
    if not name.endswith(".toml"):
        raise InputError([f"{name}: a scenario file must end in .toml"])
    return Path(folder) / name


class ExistingReform(InputError):
    """The target file exists: saving again with `replace` overwrites it."""


def save_reform(base: Path, target: Path, changes: dict[str, Any], title: str, disable: list[str] = (),
                protected: tuple[Path, ...] = (), replace: bool = False) -> Path:
    """Write the reform file all at once (a temporary file renamed into place), never into a `protected` folder,
    over the scenario it extends, or over an existing file unless `replace`."""
    from simtoolkit.io.write import write_file

    target = Path(target)
    if target.suffix != ".toml":
        raise InputError([f"{target}: a scenario file must end in .toml"])
    if target.resolve() == Path(base).resolve():
        raise InputError([f"{target}: would overwrite the scenario it extends"])
    for folder in protected:
        if target.resolve().is_relative_to(Path(folder).resolve()):
            raise InputError([f"{target}: is among the shipped scenarios ({folder}), which are never overwritten; "
                              "save the reform in another folder"])
    if target.is_symlink() or target.exists() and not target.is_file():
        raise InputError([f"{target}: exists and is not a plain file"])
    if target.exists() and not replace:
        raise ExistingReform([f"{target}: exists; save again to replace it, or choose another name"])
    text = reform_text(Path(base), target, changes, title, disable)
    write_file(target, lambda p: p.write_text(text, encoding="utf-8"), force=True)
    return target

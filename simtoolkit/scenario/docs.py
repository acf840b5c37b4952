"""Generate docs/parameters.md from the schema (a test fails when the file is stale)."""

from __future__ import annotations

import sys
from pathlib import Path

from .schema import Param, Schema, load_schema

HEADER = """# Parameters

Generated from `simtoolkit/scenario/parameters/*.toml` by `python -m simtoolkit.scenario.docs`;
do not edit by hand. Each scenario sets these values; the schema holds only their metadata.
Numbers may be dated (`{ 2023 = 60000, 2024 = 68000 }`: a value holds from its year on) unless
marked "fixed". Unit % is written in percent. Optional groups may be left out (the mechanism is off)
or switched off in an overlay with `disable = ["group"]`. "typical" is the range a dashboard slider
spans (`typical_min`/`typical_max`: display only; any value in the valid range is accepted).
The "source" column is the parameter's; a scenario may give a value its own source and say it is
borrowed from another place: `key = { value = 1500, source = "…", borrowed_from = "qingxu" }`
(without `value` the mark applies to the inherited value), or `borrowed = { qingxu = ["policy.pay"] }`
for whole groups (docs/scenarios.md).
"""


def _range(p: Param) -> str:
    """The valid range as text."""
    if p.kind == "choice":
        return " / ".join(p.choices)
    low = "" if p.min is None else f"{p.min}"
    high = "" if p.max is None else f"{p.max}"
    valid = f"{low} … {high}" if low or high else ""
    if p.typical_min is not None and p.typical_max is not None:
        return f"{valid} (typical {p.typical_min} … {p.typical_max})"
    return valid


def _cell(text: str) -> str:
    """Escape a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(schema: Schema) -> str:
    """The whole Markdown page."""
    lines = [HEADER]
    for path in sorted(schema.groups):
        g = schema.groups[path]
        optional = " (optional)" if g.optional else ""
        lines += [f"\n## `{path}` — {g.zh} / {g.en}{optional}\n", "| key | 中文 | English | unit | kind | range | source |",
                  "|---|---|---|---|---|---|---|"]
        for p in g.params:
            kind = p.kind + ("" if p.dated or p.kind not in {"number", "integer"} else ", fixed")
            if p.kind == "table":
                kind += " (" + ", ".join(c.name for c in p.columns) + ")"
            lines.append(f"| `{p.name}` | {_cell(p.zh)} | {_cell(p.en)} | {_cell(p.unit)} | {kind} | {_cell(_range(p))} | {_cell(p.source)} |")
        for check in g.checks:
            lines.append(f"\nCheck `{check.kind}`: " + ", ".join(f"`{k}`" for k in check.keys) + (f" = {check.limit:g}" if check.limit is not None else ""))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the page to docs/parameters.md (or the path given)."""
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "docs" / "parameters.md"
    target.write_text(render(load_schema()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

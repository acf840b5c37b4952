"""Property: any overlay or `--set` built from the schema either validates and runs, or is refused in one line per
problem with exit 2 — never a traceback (issue #20, "Done when": "generates scenario overlays and `--set` values
from the schema, including NaN, infinities, huge and negative numbers and odd year keys").
"""

from __future__ import annotations

import contextlib
import io
import math

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import SCENARIOS
from simtoolkit.cli.main import main
from simtoolkit.scenario import load_scenario, load_schema

QINGXU = load_scenario(SCENARIOS / "qingxu.toml")
SCHEMA = load_schema()
NUMERIC = sorted(k for k, p in SCHEMA.params.items() if p.kind in ("number", "integer"))
IN_QINGXU = [k for k in NUMERIC if k in QINGXU.values]
ODD_YEARS = ["²⁰²³", "02023", "2023 ", "1800", "9999", "x", "", "2023.5", "٢٠٢٣"]


def in_range(key: str) -> st.SearchStrategy:
    """A value inside the parameter's own range (bounds naming other parameters taken from Qingxu or left open)."""
    param = SCHEMA.params[key]

    def bound(b, default):
        if isinstance(b, (int, float)):
            return b
        value = QINGXU.values.get(b) if isinstance(b, str) else None
        return value if isinstance(value, (int, float)) else default

    low, high = bound(param.min, -1e6), bound(param.max, 1e6)
    if param.kind == "integer":
        return st.integers(int(math.ceil(low)), int(math.floor(max(low, high))))
    return st.floats(low, max(low, high), allow_nan=False)


def odd_number() -> st.SearchStrategy:
    """Numbers a hostile user types."""
    return st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, -1.0, -5, 0, 2**63, 10**20, 1e-320])


@st.composite
def change(draw) -> tuple[str, object]:
    """One parameter and a value: in range, odd, or a dated table with normal or odd year keys."""
    # mostly the scenario's own parameters with values in range, so that many examples run as well as are refused
    key = draw(st.sampled_from(IN_QINGXU) if draw(st.integers(0, 3)) else st.sampled_from(NUMERIC))
    value = draw(odd_number() if draw(st.integers(0, 4)) == 0 else in_range(key))
    shape = draw(st.sampled_from(["plain"] * 4 + ["dated", "odd_years"]))
    if shape == "dated":
        return key, {"2023": value, str(draw(st.integers(2024, 2030))): draw(in_range(key))}
    if shape == "odd_years":
        return key, {"2023": draw(in_range(key)), draw(st.sampled_from(ODD_YEARS)): value}
    return key, value


def toml_value(value) -> str:
    """A value as TOML text (nan and inf as TOML spells them, year keys quoted as typed)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def toml_key(key: str) -> str:
    """A table key, quoted (so '02023' and '2023 ' stay as typed)."""
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cli(*args) -> tuple[int, str]:
    """The command in-process: (exit code, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code
    return code, err.getvalue()


def assert_refused_cleanly(code: int, err: str, context) -> None:
    """Exit 2, one 'error:' line per problem, no traceback."""
    assert code == 2, (context, err)
    assert "Traceback" not in err, (context, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("error: ") for line in lines), (context, err)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(change(), min_size=1, max_size=2, unique_by=lambda c: c[0]), as_file=st.booleans())
def test_any_change_runs_or_is_refused_in_one_line_per_problem(tmp_path_factory, changes, as_file):
    folder = tmp_path_factory.mktemp("p")
    if as_file:
        groups: dict[str, list[str]] = {}
        for key, value in changes:
            group, name = key.rsplit(".", 1)
            groups.setdefault(group, []).append(f"{name} = {toml_value(value)}")
        text = f'extends = "{(SCENARIOS / "qingxu.toml").as_posix()}"\n' + "".join(
            f"\n[{g}]\n" + "\n".join(rows) + "\n" for g, rows in groups.items())
        scenario, options = folder / "overlay.toml", []
        scenario.write_text(text, encoding="utf-8")
    else:
        scenario = SCENARIOS / "qingxu.toml"
        options = [x for key, value in changes for x in ("--set", f"{key}={toml_value(value)}")]
    code, err = cli("validate", scenario, *options)
    event("refused" if code else "valid")
    if code != 0:
        assert_refused_cleanly(code, err, changes)
        return
    code, err = cli("run", scenario, *options, "--reps", "1", "--years", "1", "--workers", "1", "--out", folder / "o")
    if code == 2:  # refused before running (the resource guard, a roster): still one line per problem
        assert_refused_cleanly(code, err, changes)
        assert not (folder / "o").exists()
        return
    assert code == 0, (changes, err)
    assert "Traceback" not in err

"""Validation that cannot be fooled (issue #20):

"NaN passes validation (range and order checks compare with `<`/`>`): `threshold_basic = nan` runs with exit 0
and grades 49 heads unqualified; `cost_scale = nan` drops effort to 0 … Infinity likewise."
"The same year twice in a dated value (`{ 2023 = 50000, "02023" = 90000 }`) silently takes one."
"Year keys `int()` cannot read though `isdigit()` accepts them (`"²⁰²³"`), and bad years on a parameter that
another's range refers to."
"Rosters are not checked for consistency (two 一肩挑 heads in one village; a village with both a community
secretary and a 一肩挑; a roster with directors only); a tenure band with `from_years` > `to_years` passes."
"The scorer accepts `funds = 1e308` (bonus "inf", grade excellent) and vote counts whose 64-bit sum wraps";
"`jobs = 1e20` in the scorer (OverflowError)."
"A county with zero villages crashes while printing; `townships = []` fails every replication."
"a UTF-8 BOM at the start of a scenario is "Invalid statement (line 1, column 1)"; `extends = "."` names neither
the file nor the key; `--seed -5` is blamed on `--set`; an unknown role in `award_roles` passes `validate`."

Every refusal: exit 2, one line naming the file and key (or row and column), no traceback, no output folder, and
the input files byte-identical.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import SCENARIOS
from snapshot import snapshot
from test_first_secretary_cli import ROWS, rows, write_csv
from test_roster import GOOD_ROWS, HEADS_EN

TOWNSHIPS_ZERO = 'townships = [ { name = "A", villages = 0, communities = 0 } ]'


@pytest.fixture
def county(tmp_path):
    """A folder with copies of the shipped Qingxu and Jiaozhou scenarios to extend."""
    for name in ("qingxu.toml", "jiaozhou.toml"):
        shutil.copy(SCENARIOS / name, tmp_path / name)
    return tmp_path


def refused(cli, folder, *args) -> list[str]:
    """Run a command that must be refused: exit 2, error lines only, no traceback, nothing written, inputs unchanged."""
    before = snapshot(folder)
    code, _, err = cli(*args, "--out", folder / "out") if args[0] in ("run", "report") else cli(*args)
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("error: ") for line in lines), err
    assert snapshot(folder) == before
    return lines


def overlay(folder, text: str, name: str = "reform.toml", base: str = "qingxu.toml"):
    """A reform file extending a shipped scenario with the given TOML."""
    path = folder / name
    path.write_text(f'extends = "{base}"\n{text}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("text, key", [
    ("[policy.grades]\nthreshold_basic = nan", "policy.grades.threshold_basic"),
    ("[behaviour.effort]\ncost_scale = nan", "behaviour.effort.cost_scale"),
    ("[behaviour.effort]\ncost_scale = inf", "behaviour.effort.cost_scale"),
    ("[policy.stars]\naward_per_star = -inf", "policy.stars.award_per_star"),
    ("[policy.stars]\naward_per_star = { 2023 = 1000, 2025 = nan }", "policy.stars.award_per_star"),
    ("[policy.assessment]\nvote_points = [100, nan, 60, 0]", "policy.assessment.vote_points"),
    ("[population]\ntenure_bands = [ { from_years = 0, to_years = inf, share = 100 } ]", "population.tenure_bands[0].to_years"),
])
def test_nan_and_infinity_are_refused_with_the_key_named(cli, county, text, key):
    (line,) = refused(cli, county, "run", overlay(county, text), "--reps", "1", "--years", "1")
    assert f"reform.toml: {key}: must " in line and "finite" in line


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_nan_given_with_set_is_refused(cli, county, value):
    (line,) = refused(cli, county, "run", county / "qingxu.toml", "--set", f"policy.grades.threshold_basic={value}")
    assert line == f"error: --set: policy.grades.threshold_basic: must be a finite number, got {float(value)!r}"


def test_the_same_year_twice_is_refused(cli, county):
    """{ 2023 = 50000, "02023" = 90000 }: two keys, one year."""
    reform = overlay(county, '[policy.pay]\nannual_pay_other = { 2023 = 50000, "02023" = 90000 }')
    (line,) = refused(cli, county, "validate", reform)
    assert line.endswith("policy.pay.annual_pay_other: dated value keys '2023' and '02023' are both the year 2023")


@pytest.mark.parametrize("key", ["²⁰²³", "٢٠٢٣", "2023.0", " 2023", "+2023", "20_23"])
def test_year_keys_must_be_ascii_digits(cli, county, key):
    reform = overlay(county, f'[policy.pay]\nannual_pay_other = {{ 2022 = 50000, "{key}" = 90000 }}')
    (line,) = refused(cli, county, "run", reform, "--reps", "1", "--years", "1")
    assert line.endswith(f"policy.pay.annual_pay_other: dated value key {key!r} is not a year")


def test_a_bad_year_on_a_parameter_another_range_refers_to(cli, county):
    """conflict_deduction_max's maximum is rules_study_points: its bad key is named, the bound check skipped."""
    reform = overlay(county, '[policy.first_secretary]\nrules_study_points = { x = 5 }', base="jiaozhou.toml")
    (line,) = refused(cli, county, "validate", reform)
    assert line.endswith("policy.first_secretary.rules_study_points: dated value key 'x' is not a year")


@pytest.mark.parametrize("key, text", [
    ("policy.stars.award_roles", '[policy.stars]\naward_roles = ["secretary", "mayor"]'),
    ("policy.retirement.star_roles", '[policy.retirement]\nstar_roles = ["secretary", "directer"]'),
    ("policy.performance.graded_roles", '[policy.performance]\ngraded_roles = ["household"]'),
])
def test_an_unknown_role_is_refused(cli, county, key, text):
    (line,) = refused(cli, county, "validate", overlay(county, text))
    assert f"{key}: " in line and "is not one of secretary_director, secretary, director" in line


def test_role_choices_are_the_model_roles():
    """The schema's role vocabulary is the role codes of the agent tables (rules/roles.py)."""
    from simtoolkit.scenario import load_schema
    from simtoolkit.rules import roles

    role_lists = [p for p in load_schema().params.values() if p.kind == "text_list" and "role" in p.key]
    assert len(role_lists) >= 7  # award, graded, star, honour, collective reward, recruitment, tenure allowance roles
    for param in role_lists:
        assert set(param.choices) <= set(roles.CODES) and set(roles.HEAD_ROLES) <= set(param.choices)


def test_a_tenure_band_from_above_to_is_refused(cli, county):
    reform = overlay(county, "[population]\ntenure_bands = [ { from_years = 10, to_years = 3, share = 100 } ]")
    (line,) = refused(cli, county, "run", reform, "--reps", "1", "--years", "1")
    assert line.endswith("population.tenure_bands[0]: from_years 10 is above to_years 3")


@pytest.mark.parametrize("text, message", [
    ("[population]\ntownships = []", "population.townships: is empty: list at least one township"),
    (f"[population]\n{TOWNSHIPS_ZERO}", "population.townships: no township has a village or a community"),
])
def test_a_county_without_villages_is_refused_at_validation(cli, county, text, message):
    reform = overlay(county, text)
    (line,) = refused(cli, county, "validate", reform)
    assert message in line
    refused(cli, county, "run", reform, "--reps", "1", "--years", "1")


def test_a_scenario_starting_with_a_bom_is_read(cli, county):
    """Windows Notepad saves UTF-8 with a BOM: accepted, and the same scenario as without."""
    plain = overlay(county, "[policy.stars]\naward_per_star = 1200")
    bom = county / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    from simtoolkit.scenario import load_scenario

    assert load_scenario(bom).digest == load_scenario(plain).digest
    assert cli("validate", bom)[0] == 0


@pytest.mark.parametrize("target, why", [(".", "is not a file"), ("nowhere.toml", "not found"), ("", None)])
def test_extends_that_is_not_a_file_names_the_file_and_the_key(cli, county, target, why):
    reform = county / "reform.toml"
    reform.write_text(f'extends = "{target}"\n', encoding="utf-8")
    lines = refused(cli, county, "validate", reform)
    if why:
        assert lines == [f"error: {reform}: extends: {target!r} {why} (relative to {county}); "
                         'give the file this scenario extends, e.g. "qingxu.toml"']


@pytest.mark.parametrize("command", [("run", "{q}"), ("compare", "{q}", "{q}"), ("report", "{q}"), ("sweep", "{q}", "--grid", "policy.stars.award_per_star=1,2")])
def test_a_negative_seed_is_blamed_on_seed(cli, county, command):
    args = [a.format(q=county / "qingxu.toml") for a in command]
    before = snapshot(county)
    code, _, err = cli(*args, "--seed", "-5")
    (line,) = [line for line in err.splitlines() if "error" in line]  # after argparse's usage lines
    assert code == 2 and line == "simtoolkit: error: argument --seed: must be at least 0, got -5" and "Traceback" not in err
    assert snapshot(county) == before


def heads(folder, rows) -> object:
    """A heads roster file."""
    path = folder / "heads.csv"
    path.write_text("\n".join([HEADS_EN, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("rows, message", [
    (GOOD_ROWS + ["A5,东镇,一村,一肩挑,49,男,2,1,钱七"], "row 6, column D role (岗位): 东镇 一村 already has a party secretary (row 2)"),
    (GOOD_ROWS + ["A5,西镇,三社区,一肩挑,49,男,2,1,钱七"], "row 6, column D role (岗位): 西镇 三社区 already has a party secretary (row 5)"),
    (GOOD_ROWS + ["A5,东镇,二村,主任,49,男,2,1,钱七"], "row 6, column D role (岗位): 东镇 二村 already has a 'director' (row 4)"),
    (["A1,东镇,一村,主任,52,男,8,2,张三", "A2,东镇,二村,director,45,女,3,1,李四"],
     "row 2, column D role (岗位): 东镇 一村 has a village director but no village or sent secretary"),
])
def test_a_roster_with_two_head_structures_in_a_village_is_refused(cli, county, rows, message):
    roster = heads(county, rows)
    lines = refused(cli, county, "run", county / "qingxu.toml", "--roster", roster, "--reps", "1", "--years", "1")
    assert any(message in line for line in lines), lines


def test_a_good_roster_still_passes(cli, county):
    code, _, err = cli("run", county / "qingxu.toml", "--roster", heads(county, GOOD_ROWS), "--reps", "1", "--years", "1")
    assert code == 0, err


@pytest.mark.parametrize("change, column", [
    (dict(funds_10k=1e308), "funds_10k"),
    (dict(jobs=int(1e20)), "jobs"),
    (dict(jobs="1e20"), "jobs"),
    (dict(votes_very_satisfied=2**62, votes_satisfied=2**62, eligible_voters=2**63 - 1), "votes_very_satisfied"),
    (dict(study_trips=10**9), "study_trips"),
])
def test_scorer_magnitudes_are_bounded(cli, county, change, column):
    records = write_csv(county / "R.csv", rows(*ROWS[:3], change))
    lines = refused(cli, county, "score", "first-secretary", records, "--out", county / "out.csv")
    assert any(f"row 5, column" in line and column in line for line in lines), lines


@pytest.mark.parametrize("option, key", [("--years", "run.years"), ("--reps", "run.replications")])
def test_a_run_option_out_of_range_is_blamed_on_the_option(cli, county, option, key):
    (line,) = refused(cli, county, "run", county / "qingxu.toml", option, "100000000")
    assert line.startswith(f"error: {option}: {key}: must be at most ")


def test_more_villages_with_a_separate_director_than_villages_is_refused(cli, county):
    """Qingxu has 137 villages (and 29 communities): 138 villages with a separate director cannot be synthesised."""
    (line,) = refused(cli, county, "run", county / "qingxu.toml", "--set", "population.villages_with_separate_director=138")
    assert line == "error: --set: population.villages_with_separate_director: 138 is more than the 137 villages of the county"
    assert cli("validate", county / "qingxu.toml", "--set", "population.villages_with_separate_director=137")[0] == 0

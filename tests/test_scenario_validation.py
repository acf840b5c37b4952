"""Scenario validation: every problem at once, naming file and dotted key; exit 2 on bad input."""

from __future__ import annotations

import shutil

import pytest

from simtoolkit.scenario import ScenarioError, load_scenario


@pytest.fixture
def base(tmp_path, qingxu):
    """A temporary folder holding a copy of the shipped Qingxu scenario."""
    shutil.copy(qingxu, tmp_path / "qingxu.toml")
    return tmp_path


def overlay(base, body: str):
    """A reform file extending qingxu.toml with `body`."""
    path = base / "reform.toml"
    path.write_text('extends = "qingxu.toml"\n' + body, encoding="utf-8")
    return path


def problems(path) -> list[str]:
    """The problem lines a scenario raises."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_shipped_scenarios_are_valid(cli, qingxu):
    code, out, err = cli("validate", qingxu)
    assert code == 0 and "valid" in out and err == ""


def test_missing_file(cli, tmp_path):
    code, out, err = cli("validate", tmp_path / "nope.toml")
    assert code == 2
    assert err.strip() == f"error: {tmp_path / 'nope.toml'}: file not found"


def test_malformed_toml(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[run\nyears = 3\n", encoding="utf-8")
    code, _, err = cli("validate", path)
    assert code == 2 and f"{path}: malformed TOML" in err and "Traceback" not in err


def test_unknown_key_suggests_the_near_one(base):
    lines = problems(overlay(base, "[policy.stars]\naward_per_str = 1500\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.award_per_str: unknown key (did you mean 'award_per_star'?)"]


def test_every_problem_is_listed_at_once(base):
    body = '[policy.stars]\naward_per_star = "lots"\nmaximum = 99\n[policy.grades]\nquota_scope = "country"\n[run]\nyearz = 3\n'
    lines = problems(overlay(base, body))
    f = base / "reform.toml"
    assert f"{f}: policy.stars.award_per_star: expected a number, got 'lots'" in lines
    assert f"{f}: policy.stars.maximum: must be at most 10, got 99" in lines
    assert f"{f}: policy.grades.quota_scope: expected one of county, township, got 'country' (did you mean 'county'?)" in lines
    assert f"{f}: run.yearz: unknown key (did you mean 'years'?)" in lines
    assert len(lines) == 4


def test_missing_required_key_names_the_top_file(base):
    text = (base / "qingxu.toml").read_text(encoding="utf-8").replace("award_per_star = 1000\n", "")
    (base / "qingxu.toml").write_text(text, encoding="utf-8")
    assert problems(base / "qingxu.toml") == [f"{base / 'qingxu.toml'}: policy.stars.award_per_star: missing required key"]


def test_thresholds_out_of_order(base):
    lines = problems(overlay(base, "[policy.grades]\nthreshold_qualified = 90\n"))
    assert len(lines) == 1 and "policy.grades.threshold_excellent: values out of order" in lines[0]
    assert "policy.grades.threshold_qualified=90" in lines[0]


def test_weights_must_sum_to_100(base):
    lines = problems(overlay(base, "[policy.assessment]\nquantitative_weight = 70\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.assessment.democratic_weight: "
                     "policy.assessment.quantitative_weight + policy.assessment.organisation_weight + "
                     "policy.assessment.democratic_weight = 110, must be 100"]


def test_bound_naming_another_parameter(base):
    lines = problems(overlay(base, "[policy.stars]\ninitial_stars_excellent = 6\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.initial_stars_excellent: must be at most policy.stars.maximum (5), got 6"]


def test_dated_values_hold_from_their_year(base):
    scenario = load_scenario(overlay(base, "[policy.stars]\naward_per_star = { 2023 = 1000, 2025 = 1500 }\n"))
    assert [scenario.value("policy.stars.award_per_star", y) for y in (2023, 2024, 2025, 2030)] == [1000, 1000, 1500, 1500]


def test_dated_values_must_cover_the_start(base):
    lines = problems(overlay(base, "[policy.stars]\naward_per_star = { 2025 = 1500 }\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.award_per_star: dated values start in 2025, after run.start_year 2023"]


def test_dated_key_must_be_a_year(base):
    lines = problems(overlay(base, '[policy.stars]\naward_per_star = { soon = 1500 }\n'))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.award_per_star: dated value key 'soon' is not a year"]


def test_percent_is_written_in_percent_and_used_as_fraction(qingxu):
    # 000_e0b0dd193435af35.txt: 绩效由原来100%提高到150%发放
    assert load_scenario(qingxu).value("policy.performance.excellent", 2023) == 1.5


def test_overlay_replaces_only_what_it_sets(base):
    scenario = load_scenario(overlay(base, "[policy.stars]\naward_per_star = 1500\n"))
    assert scenario.value("policy.stars.award_per_star") == 1500
    assert scenario.value("policy.stars.maximum") == 5
    assert scenario.origins["policy.stars.award_per_star"].endswith("reform.toml")
    assert scenario.origins["policy.stars.maximum"].endswith("qingxu.toml")


def test_disable_switches_off_an_optional_group(base):
    scenario = load_scenario(overlay(base, 'disable = ["policy.stars", "policy.review", "policy.mentoring", "policy.recruitment"]\n'))
    assert not scenario.has("policy.stars") and scenario.has("policy.pay")


def test_disable_refuses_a_required_group(base):
    lines = problems(overlay(base, 'disable = ["policy.pay"]\n'))
    assert lines == [f"{base / 'reform.toml'}: disable: group 'policy.pay' is not optional and cannot be switched off"]


def test_circular_extends(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n', encoding="utf-8")
    assert problems(tmp_path / "a.toml") == [f"{tmp_path / 'a.toml'}: extends: circular extends"]


def test_with_changes_validates(qingxu):
    scenario = load_scenario(qingxu)
    reform = scenario.with_changes({"policy.stars.award_per_star": 1500})
    assert reform.value("policy.stars.award_per_star") == 1500 and scenario.value("policy.stars.award_per_star") == 1000
    with pytest.raises(ScenarioError) as info:
        scenario.with_changes({"policy.stars.award_per_star": -1, "policy.stars.award_per_sta": 1})
    assert [str(p) for p in info.value.problems] == [
        "with_changes: policy.stars.award_per_sta: unknown key (did you mean 'policy.stars.award_per_star'?)",
        "with_changes: policy.stars.award_per_star: must be at least 0, got -1",
    ]


def test_bad_set_on_the_command_line(cli, qingxu, tmp_path):
    out_dir = tmp_path / "out"
    code, _, err = cli("run", qingxu, "--years", "1", "--reps", "1", "--set", "policy.stars.award_per_star=-5",
                       "--set", "nonsense", "--out", out_dir)
    assert code == 2
    assert "error: --set: nonsense: expected dotted.key=value" in err
    assert not out_dir.exists()


def test_set_value_out_of_range_names_the_key(cli, qingxu, tmp_path):
    code, _, err = cli("run", qingxu, "--years", "1", "--reps", "1", "--set", "policy.stars.award_per_star=-5", "--out", tmp_path / "o")
    assert code == 2
    assert err.strip() == "error: --set: policy.stars.award_per_star: must be at least 0, got -5"
    assert not (tmp_path / "o").exists()


def test_bad_option_exits_2(cli, qingxu):
    code, _, err = cli("run", qingxu, "--reps", "0")
    assert code == 2 and "must be at least 1" in err


def test_scenario_with_used_params_pickles(qingxu):
    import pickle

    scenario = load_scenario(qingxu)
    assert scenario.params(2023).policy.pay.payer == "county"  # fills the per-year cache
    again = pickle.loads(pickle.dumps(scenario))
    assert again.params(2023).policy.stars.maximum == 5
    assert pickle.loads(pickle.dumps(scenario.params(2023))).policy.pay.payer == "county"


def test_a_table_of_shares_needs_a_positive_share(base):
    body = 'tenure_bands = [{ from_years = 0, to_years = 1, share = 0 }, { from_years = 1, to_years = 3, share = 0 }]\n'
    lines = problems(overlay(base, "[population]\n" + body))
    assert lines == [f"{base / 'reform.toml'}: population.tenure_bands: every share is 0: at least one row needs a positive share"]


def test_townships_listed_or_generated(base):
    text = (base / "qingxu.toml").read_text(encoding="utf-8")
    start, end = text.index("townships = ["), text.index("]\n", text.index("townships = [")) + 2
    (base / "qingxu.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert problems(base / "qingxu.toml") == [
        f"{base / 'qingxu.toml'}: population.townships: missing: give population.townships or population.generated_townships"]
    lines = problems(overlay(base, "[population]\ngenerated_townships = 3\n"))
    assert lines == [f"{base / 'reform.toml'}: population.{key}: needed with population.generated_townships"
                     for key in ("generated_communities", "generated_villages", "township_size_shape")]


def test_every_dated_value_is_range_checked_not_only_the_first(base):
    # the award per star must be at least 0: a negative value in a later year is refused, naming that year,
    # and so is one in the middle of three
    lines = problems(overlay(base, "[policy.stars]\naward_per_star = { 2023 = 1000, 2026 = -5 }\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.award_per_star: must be at least 0 in 2026, got -5"]
    lines = problems(overlay(base, "[policy.stars]\naward_per_star = { 2023 = 1000, 2024 = -1, 2025 = 1000 }\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.award_per_star: must be at least 0 in 2024, got -1"]


def test_a_bound_naming_another_parameter_is_read_in_each_year(base):
    # initial_stars_excellent ≤ maximum, with the maximum dated: 4 stars fit under 5 in 2023 but not under 3 from 2025;
    # nor under 3 in 2023 when the maximum only rises to 5 in 2025 (a plain value is checked in each year of its bound)
    lines = problems(overlay(base, "[policy.stars]\nmaximum = { 2023 = 5, 2025 = 3 }\nremoved_punishment = 3\ninitial_stars_excellent = 4\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.initial_stars_excellent: must be at most policy.stars.maximum (3) in 2025, got 4"]
    lines = problems(overlay(base, "[policy.stars]\nmaximum = { 2023 = 3, 2025 = 5 }\nremoved_punishment = 3\ninitial_stars_excellent = 4\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.initial_stars_excellent: must be at most policy.stars.maximum (3) in 2023, got 4"]


def test_an_order_check_is_made_in_every_year_a_value_changes(base):
    # the grade thresholds must not decrease (basic ≤ qualified ≤ excellent): fine in 2023, out of order from 2027
    lines = problems(overlay(base, "[policy.grades]\nthreshold_qualified = { 2023 = 70, 2027 = 90 }\n"))
    assert len(lines) == 1 and "out of order in 2027" in lines[0] and lines[0].startswith(f"{base / 'reform.toml'}: ")


def test_each_kind_of_value_is_type_checked(base):
    # one overlay, every wrong kind at once: a whole number given 2.5 or true, a list of text with a number in it,
    # true/false given text, a list of numbers with text in it, a table's text column given a number
    body = ("[policy.stars]\nmaximum = 2.5\nnegative_situations = true\naward_roles = [\"secretary\", 3]\n"
            "[policy.recruitment]\nleaves_post = \"no\"\n[policy.assessment]\ncategory_points = [15, \"x\", 10, 10, 10, 10, 10, 10, 5, 5]\n")
    lines = problems(overlay(base, body))
    where = f"{base / 'reform.toml'}: "
    assert where + "policy.stars.maximum: expected a whole number, got 2.5" in lines
    assert where + "policy.stars.negative_situations: expected a whole number, got True" in lines
    assert where + "policy.stars.award_roles: expected a list of text, got ['secretary', 3]" in lines
    assert where + "policy.recruitment.leaves_post: expected true or false, got 'no'" in lines
    assert where + "policy.assessment.category_points: expected a list of numbers, got [15, 'x', 10, 10, 10, 10, 10, 10, 5, 5]" in lines
    lines = problems(overlay(base, "[population]\ntownships = [{ name = 5, villages = 3, communities = 0 }]\n"))
    assert where + "population.townships[0].name: expected text, got 5" in lines


def test_dated_tables_need_year_keys_within_range_and_a_numeric_parameter(base):
    # years from 1900 to 2200 are years; 1899 and 2201 are not; an empty table is refused; a choice cannot be dated
    assert load_scenario(overlay(base, "[policy.stars]\naward_per_star = { 1900 = 1000, 2200 = 1500 }\n")).value(
        "policy.stars.award_per_star", 2199) == 1000
    lines = problems(overlay(base, "[policy.stars]\naward_per_star = { 1899 = 1000, 2023 = 1000, 2201 = 5 }\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.award_per_star: dated value key '1899' is not a year",
                     f"{base / 'reform.toml'}: policy.stars.award_per_star: dated value key '2201' is not a year"]
    assert problems(overlay(base, "[policy.stars]\naward_per_star = {}\n")) == [
        f"{base / 'reform.toml'}: policy.stars.award_per_star: dated table is empty"]
    assert problems(overlay(base, "[policy.pay]\nsent_secretary_payer = { 2023 = \"county\" }\n")) == [
        f"{base / 'reform.toml'}: policy.pay.sent_secretary_payer: cannot take dated values"]


def test_a_table_is_checked_row_by_row_and_column_by_column(base):
    # population.townships: rows of name (text), villages and communities (whole numbers from 0 to 100,000). Row 0
    # misspells a column (so "villages" is missing), row 1 has −1 villages, row 2 exactly 100,000 (allowed) and
    # 100,001 communities; every problem names the row and the column
    body = ("[population]\ntownships = [{ name = \"A\", vilages = 3, communities = 0 },"
            " { name = \"B\", villages = -1, communities = 0 }, { name = \"C\", villages = 100000, communities = 100001 }]\n")
    where = f"{base / 'reform.toml'}: population.townships"
    assert problems(overlay(base, body)) == [
        f"{where}[0].vilages: unknown column (did you mean 'villages'?)",
        f"{where}[0].villages: missing column",
        f"{where}[1].villages: must be at least 0, got -1",
        f"{where}[2].communities: must be at most 100000, got 100001",
    ]
    assert problems(overlay(base, "[population]\ntownships = [1, 2]\n")) == [f"{where}: expected a list of tables ([[...]] rows)"]


def test_a_dated_value_in_force_before_between_and_after_its_years(base):
    # 1,000 from 2023, 1,500 from 2025, 2,000 from 2027: a year before the first takes the first; no year, the last
    scenario = load_scenario(overlay(base, "[policy.stars]\naward_per_star = { 2023 = 1000, 2025 = 1500, 2027 = 2000 }\n"))
    value = scenario.value
    assert [value("policy.stars.award_per_star", y) for y in (2020, 2024, 2025, 2026, 2030)] == [1000, 1000, 1500, 1500, 2000]
    assert value("policy.stars.award_per_star") == 2000


def test_problems_in_dated_values_and_number_lists_name_the_year(base):
    # a wrong kind in a later year names that year; every number of a list is range-checked
    lines = problems(overlay(base, "[policy.stars]\naward_per_star = { 2023 = 1000, 2025 = \"x\" }\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.award_per_star: expected a number, got 'x' (year 2025)"]
    lines = problems(overlay(base, "[policy.assessment]\ncategory_points = [15, 15, 10, 10, 10, 10, 10, 10, 5, -5]\n"))
    assert any(line.startswith(f"{base / 'reform.toml'}: policy.assessment.category_points: must be at least 0") for line in lines), lines


def test_cross_checks_allow_ties_and_name_the_file_that_set_the_last_key(base):
    # thresholds may be equal (60 ≤ 70 ≤ 70); out of order by a value given on the command line (--set), the problem
    # names --set, where the last key came from, and lists every key's value
    assert load_scenario(overlay(base, "[policy.grades]\nthreshold_excellent = 70\n")).value("policy.grades.threshold_excellent") == 70
    with pytest.raises(ScenarioError) as info:
        load_scenario(overlay(base, "[policy.pay]\nperformance_share = 30\n"), {"policy.grades.threshold_excellent": 50})
    assert [str(p) for p in info.value.problems] == [
        "--set: policy.grades.threshold_excellent: values out of order: need policy.grades.threshold_basic=60, "
        "policy.grades.threshold_qualified=70, policy.grades.threshold_excellent=50 non-decreasing"]
    # weights must sum to exactly 100: 60 + 20 + 20.5 is refused
    lines = problems(overlay(base, "[policy.assessment]\ndemocratic_weight = 20.5\n"))
    assert lines == [f"{base / 'reform.toml'}: policy.assessment.democratic_weight: policy.assessment.quantitative_weight + "
                     "policy.assessment.organisation_weight + policy.assessment.democratic_weight = 100.5, must be 100"]


def test_shares_may_add_up_to_the_limit_but_not_over(qingxu):
    # Jiaozhou's excellent and good shares (第十九条: 30 % + 30 %) may add up to 100 % but not more
    jiaozhou = qingxu.parent / "jiaozhou.toml"
    shares = {"policy.first_secretary.excellent_share": 60, "policy.first_secretary.good_share": 40}
    assert load_scenario(jiaozhou, shares).value("policy.first_secretary.good_share") == pytest.approx(0.4)
    with pytest.raises(ScenarioError) as info:
        load_scenario(jiaozhou, shares | {"policy.first_secretary.good_share": 41})
    assert [str(p) for p in info.value.problems] == [
        "--set: policy.first_secretary.good_share: policy.first_secretary.excellent_share + policy.first_secretary.good_share"
        " = 101, over 100"]


def test_a_key_left_out_does_not_stop_the_checks_of_the_keys_after_it(tmp_path, qingxu):
    # policy.cadre_pay without its optional income growth: the key after it (base_income_multiple = −1) is still checked
    text = (qingxu.parent / "qianxinan.toml").read_text(encoding="utf-8")
    assert "income_growth = 0\n" in text and "base_income_multiple = 3" in text  # else the edit below would change nothing
    text = text.replace("income_growth = 0\n", "").replace("base_income_multiple = 3", "base_income_multiple = -1")
    (tmp_path / "qingxu.toml").write_bytes(qingxu.read_bytes())
    (tmp_path / "qianxinan.toml").write_text(text, encoding="utf-8")
    assert problems(tmp_path / "qianxinan.toml") == [
        f"{tmp_path / 'qianxinan.toml'}: policy.cadre_pay.base_income_multiple: must be at least 0, got -1"]


def test_a_dated_value_starting_late_names_the_file_that_set_it(base):
    # the reform moves the first year to 2021; Qingxu's pay, dated from 2022 in qingxu.toml, no longer covers it
    lines = problems(overlay(base, "[run]\nstart_year = 2021\n"))
    assert f"{base / 'qingxu.toml'}: policy.pay.annual_pay_secretary_director: dated values start in 2022, after run.start_year 2021" in lines


def test_a_required_group_with_no_value_at_all_is_reported(tmp_path):
    # a file with only its [run] table: the required groups it leaves out entirely are still checked
    path = tmp_path / "bare.toml"
    path.write_text("[run]\nstart_year = 2023\nyears = 1\nseed = 1\nreplications = 1\n", encoding="utf-8")
    assert f"{path}: policy.grades.threshold_basic: missing required key" in problems(path)


def test_a_table_of_shares_with_one_small_positive_share_is_enough(qingxu):
    # the draw among first secretaries' origins needs some positive weight, however small: one origin at share 1
    jiaozhou = load_scenario(qingxu.parent / "jiaozhou.toml", {"policy.first_secretary_posting.origins": [{"origin": "市直部门", "share": 1}]})
    assert jiaozhou.value("policy.first_secretary_posting.origins") == [{"origin": "市直部门", "share": 1}]


# ---- what the tests above left unchecked (issue 24's mutation testing, docs/testing.md) ----------------------------
GRADE_PAY = ('[policy.grade_pay]\nroles = ["secretary"]\npayer = "county"\ntable = [ { grade = "excellent", amount = 3 }, '
             '{ grade = "qualified", amount = 2 }, { grade = "basically_qualified", amount = 1 }, { grade = "unqualified", amount = 0 } ]\n')


def test_a_bound_naming_a_parameter_that_is_itself_wrong_is_no_bound(base):
    # the stars a first rating gives are bounded by policy.stars.maximum; a maximum that is text, an empty dated table
    # or one keyed by no year is reported once, for itself, and the bounds naming it are skipped (no crash, no second line)
    where = f"{base / 'reform.toml'}: policy.stars.maximum"
    assert problems(overlay(base, '[policy.stars]\nmaximum = "x"\n')) == [f"{where}: expected a whole number, got 'x'"]
    assert problems(overlay(base, "[policy.stars]\nmaximum = {}\n")) == [f"{where}: dated table is empty"]
    assert problems(overlay(base, "[policy.stars]\nmaximum = { soon = 3 }\n")) == [f"{where}: dated value key 'soon' is not a year"]


def test_non_finite_values_and_repeated_years_are_refused_for_each_kind(base):
    # a number (nan), a whole number (inf) and a number in a list (nan) each say "finite"; two keys of one year name both
    body = ("[policy.stars]\nmaximum = inf\naward_per_star = nan\n[policy.assessment]\n"
            "category_points = [15, 15, 10, 10, 10, 10, 10, nan, 5, 5]\n")
    f = base / "reform.toml"
    assert problems(overlay(base, body)) == [
        f"{f}: policy.assessment.category_points: must hold finite numbers only, got [15, 15, 10, 10, 10, 10, 10, nan, 5, 5]",
        f"{f}: policy.stars.award_per_star: must be a finite number, got nan",
        f"{f}: policy.stars.maximum: must be a finite number, got inf"]
    assert problems(overlay(base, '[policy.stars]\naward_per_star = { 2023 = 1000, "02023" = 1500 }\n')) == [
        f"{f}: policy.stars.award_per_star: dated value keys '2023' and '02023' are both the year 2023"]


def test_an_unknown_choice_in_a_list_is_the_first_one_named_with_the_nearest(base):
    lines = problems(overlay(base, '[policy.stars]\naward_roles = ["secretary", "directer", "mayor"]\n'))
    assert lines == [f"{base / 'reform.toml'}: policy.stars.award_roles: 'directer' is not one of secretary_director, secretary, "
                     "director, community_secretary, sent_secretary, deputy, clerk (did you mean 'director'?)"]


def test_a_condition_column_takes_text_written_as_an_allowed_expression(base):
    # policy.grade_pay.multipliers' `when`: a readable condition passes, a number is no text, `**` is not allowed
    assert load_scenario(overlay(base, GRADE_PAY + 'deductions = [ { when = "grade_fell", amount = 1000 } ]\n')).value(
        "policy.grade_pay.deductions") == [{"when": "grade_fell", "amount": 1000}]
    body = GRADE_PAY + ('multipliers = [ { when = "satisfaction >= 90", factor = 1.2 }, { when = 5, factor = 1 }, '
                        '{ when = "score ** 2 > 1", factor = 1 } ]\n')
    where = f"{base / 'reform.toml'}: policy.grade_pay.multipliers"
    assert problems(overlay(base, body)) == [f"{where}[1].when: expected text, got 5",
                                            f"{where}[2].when: operator '**' is not allowed (+ - * /)"]


def test_a_table_by_grade_has_each_grade_exactly_once(base):
    assert load_scenario(overlay(base, GRADE_PAY)).value("policy.grade_pay.table")[0] == {"grade": "excellent", "amount": 3}
    body = GRADE_PAY.replace('grade = "qualified"', 'grade = "excellent"')
    where = f"{base / 'reform.toml'}: policy.grade_pay.table.grade"
    assert problems(overlay(base, body)) == [f"{where}: 'excellent' appears 2 times: every level needs exactly one row",
                                            f"{where}: 'qualified' appears 0 times: every level needs exactly one row"]


def test_star_levels_rise_one_at_a_time_and_score_bands_start_at_0(cli, base):
    # policy.branch_rating: awards by star level 0, 1, 2 (each level once, in order) and score bands from 0 points pass;
    # levels 0, 2, 3, 3 skip level 1 and repeat 3; bands from 10 points leave scores below 10 without a level
    head = '[policy.branch_rating]\nbasis = "head_score"\nroles = ["secretary"]\npayer = "county"\n'
    good = head + ("awards = [ { stars = 0, amount = 0 }, { stars = 1, amount = 500 }, { stars = 2, amount = 900 } ]\n"
                   "score_bands = [ { at_least = 0, stars = 0 }, { at_least = 60, stars = 1 } ]\n")
    assert [row["stars"] for row in load_scenario(overlay(base, good)).value("policy.branch_rating.awards")] == [0, 1, 2]
    bad = head + ("awards = [ { stars = 0, amount = 0 }, { stars = 2, amount = 5 }, { stars = 3, amount = 9 }, { stars = 3, amount = 9 } ]\n"
                  "score_bands = [ { at_least = 10, stars = 0 }, { at_least = 60, stars = 1 } ]\n")
    code, _, err = cli("validate", overlay(base, bad))
    where = f"{base / 'reform.toml'}: policy.branch_rating"
    assert code == 2 and err.strip().splitlines() == [f"error: {line}" for line in (
        f"{where}.awards[1].stars: 2 skips level 1: every level needs a row, one level after another",
        f"{where}.awards[3].stars: 3 does not rise above the row before (3): rows go in rising order",
        f"{where}.score_bands[0].at_least: the first row starts at 10: it must start at 0, so no value falls in a gap below it")]
    # levels 2 then 0: out of order, said once (not also as a level skipped from the last row round to the first)
    lines = problems(overlay(base, head.replace("head_score", "head_stars") + "awards = [ { stars = 2, amount = 0 }, { stars = 0, amount = 5 } ]\n"))
    assert lines == [f"{where}.awards[1].stars: 0 does not rise above the row before (2): rows go in rising order"]


def test_bands_rise_within_each_role(base):
    # policy.service_subsidy: years served rise within each role (secretary 0, 10; director 0, 5 interleaved is fine);
    # a secretary's second band at 5 years after his first at 5 does not rise, though a director's row sits between
    head = '[policy.service_subsidy]\nfrom_age = 60\npayer = "county"\n'
    good = head + ('table = [ { role = "secretary", from_years = 0, monthly = 1 }, { role = "director", from_years = 0, monthly = 1 }, '
                   '{ role = "secretary", from_years = 10, monthly = 2 }, { role = "director", from_years = 5, monthly = 2 } ]\n')
    assert len(load_scenario(overlay(base, good)).value("policy.service_subsidy.table")) == 4
    bad = head + ('table = [ { role = "secretary", from_years = 5, monthly = 1 }, { role = "director", from_years = 5, monthly = 1 }, '
                  '{ role = "secretary", from_years = 5, monthly = 2 } ]\n')
    assert problems(overlay(base, bad)) == [f"{base / 'reform.toml'}: policy.service_subsidy.table[2].from_years: "
                                           "5 does not rise above the row before for secretary (5): rows go in rising order"]


def test_named_rows_are_unique_and_columns_left_out_take_their_defaults(base):
    # policy.situations.list: row "a" leaves out effort_protection, stars and years (defaults 0, 0, 1); "b" sets two
    body = ('[policy.situations]\nlist = [ { name = "a", yearly_rate = 1, effect = "dismissal" }, '
            '{ name = "b", yearly_rate = 2, effect = "remove_stars", stars = 2, years = 3 } ]\n')
    assert load_scenario(overlay(base, body)).value("policy.situations.list") == [
        {"name": "a", "yearly_rate": 1, "effect": "dismissal", "effort_protection": 0, "stars": 0, "years": 1},
        {"name": "b", "yearly_rate": 2, "effect": "remove_stars", "effort_protection": 0, "stars": 2, "years": 3}]
    assert problems(overlay(base, body.replace('"b"', '"a"'))) == [
        f"{base / 'reform.toml'}: policy.situations.list[1].name: 'a' is named by an earlier row: every row needs its own"]


def test_a_band_may_be_a_single_point_but_not_run_backwards(base):
    # population.tenure_bands: 5 to 5 years is a band of one length of service; 6 to 5 is refused; a row without its
    # to_years is reported as such, and the order of from and to is then not compared
    bands = "[population]\ntenure_bands = [ { from_years = 0, to_years = 5, share = 50 }, { from_years = 5, to_years = 5, share = 50 } ]\n"
    assert load_scenario(overlay(base, bands)).value("population.tenure_bands")[1] == {"from_years": 5, "to_years": 5, "share": 50}
    where = f"{base / 'reform.toml'}: population.tenure_bands"
    assert problems(overlay(base, bands.replace("from_years = 5", "from_years = 6"))) == [f"{where}[1]: from_years 6 is above to_years 5"]
    missing = bands.replace("from_years = 5", "from_years = 6").replace("to_years = 5, share = 50 },", "share = 50 },", 1)
    assert problems(overlay(base, missing)) == [f"{where}[0].to_years: missing column"]


def test_a_dated_value_given_in_python_needs_years_as_whole_numbers_or_text(qingxu):
    # with_changes takes Python values: {2023: …} and {"2024": …} are years; a numpy integer, a float or true is refused
    # by its key, though its text may read as a year
    import numpy as np

    scenario = load_scenario(qingxu)
    assert scenario.with_changes({"policy.stars.award_per_star": {2023: 1000, "2024": 1500}}).value("policy.stars.award_per_star", 2024) == 1500
    for key in (np.int64(2023), 2023.0, True):
        with pytest.raises(ScenarioError) as info:
            scenario.with_changes({"policy.stars.award_per_star": {key: 1500}})
        assert [str(p) for p in info.value.problems] == [f"with_changes: policy.stars.award_per_star: dated value key {key!r} is not a year"]

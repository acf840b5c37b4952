"""Organisation ratings (rules/branch_rating.py, rulebook/branch_rating.py, policy.branch_rating) on 博罗 2017's awards
(scenarios/examples/boluo.toml): "5星级名村、文明村奖励200万元，4星级名村、文明村奖励100万元，3星级名村、文明村奖励50万元，
2星级名村、文明村奖励20万元，晋星村的奖励应减去原星级所得的奖金"."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.cli.main import main
from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.rulebook import branch_rating as component
from simtoolkit.rules import roles
from simtoolkit.rules.branch_rating import award_at, award_due, branch_stars, stars_of_score
from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.errors import ScenarioError

from conftest import SCENARIOS, formula_columns, validate_edited

BOLUO = SCENARIOS / "examples" / "boluo.toml"
AWARDS = [{"stars": 2, "amount": 200_000}, {"stars": 3, "amount": 500_000}, {"stars": 4, "amount": 1_000_000},
          {"stars": 5, "amount": 2_000_000}]
SECRETARIES = ["secretary_director", "secretary", "community_secretary", "sent_secretary"]


def test_boluo_award_by_level():
    # no stars and 1 star: nothing (the table starts at 2 stars); 2: 20万, 3: 50万, 4: 100万, 5: 200万; 6: the last row's
    assert award_at(np.array([0, 1, 2, 3, 4, 5, 6]), AWARDS).tolist() == [0, 0, 200_000, 500_000, 1_000_000, 2_000_000, 2_000_000]


def test_four_villages_over_three_years_paid_only_the_difference_moving_up():
    # Levels by year (villages A, B, C, D):  year 1: 2, 0, 3, 1;  year 2: 4, 2, 2, 1;  year 3: 5, 3, 4, 3
    #   A: 20万; 100 − 20 = 80万; 200 − 100 = 100万
    #   B: nothing; 20万; 50 − 20 = 30万
    #   C: 50万; fell to 2: nothing, and nothing repaid (the best, 3, is kept); back to 4: 100 − 50 = 50万
    #   D: nothing (1 star is no level of the table); nothing; 3 stars: 50万
    levels = [np.array([2, 0, 3, 1]), np.array([4, 2, 2, 1]), np.array([5, 3, 4, 3])]
    expected = [[200_000, 0, 500_000, 0], [800_000, 200_000, 0, 0], [1_000_000, 300_000, 500_000, 500_000]]
    best = np.zeros(4, np.int64)
    for level, paid in zip(levels, expected):
        assert award_due(level, best, AWARDS).tolist() == paid
        best = np.maximum(best, level)
    assert best.tolist() == [5, 3, 4, 3]


def test_a_village_takes_the_highest_of_its_counted_heads():
    # villages 0, 1, 2: heads in village 0 with 1 and 3 stars (the 3-star one not counted, e.g. a director) → 1;
    # village 1: 2 and 4 stars → 4; village 2: no counted head → 0
    got = branch_stars(np.array([1, 3, 2, 4]), np.array([0, 0, 1, 1]), np.array([True, False, True, True]), 3)
    assert got.tolist() == [1, 4, 0]
    # the example's score bands: 89.9 → 0, 90 → 2, 93 → 3, 95 → 4, 97 → 5
    bands = load_scenario(BOLUO).params(2023).policy.branch_rating.score_bands
    assert stars_of_score(np.array([89.9, 90, 92.9, 93, 95, 97, 100]), bands).tolist() == [0, 2, 2, 3, 4, 5, 5]


@pytest.mark.parametrize("changes", [{}, {"policy.branch_rating.basis": "head_stars"}])
def test_the_model_pays_each_village_the_difference_over_its_best_level(monkeypatch, changes):
    # Each year, after the heads' rating: a village's level is the highest of its secretaries' (in post) stars — from
    # the score bands, or their own stars — and the village is paid the table's award for it less that of the best level
    # already paid, two months later (the third year's after the horizon). Worked out by hand at each rating.
    per_level = np.array([0, 0, 200_000, 500_000, 1_000_000, 2_000_000])
    edges = np.array([90, 93, 95, 97])
    expected, best = [], {}
    original = component.BranchRating.rating

    def watched(self, P, m):
        h, n = self.model.world.heads, len(self.model.world.villages)
        by_score = np.select([h.score >= e for e in edges[::-1]], [5, 4, 3, 2], 0)
        value = h.stars.astype(int) if P.policy.branch_rating.basis == "head_stars" else by_score
        counted = roles.among(h.role, SECRETARIES) & (h.months_scored > 0)
        level = np.zeros(n, int)
        for v, s in zip(h.village[counted], value[counted]):  # a loop by hand, not the rule's np.maximum.at
            level[v] = max(level[v], s)
        before = best.get("v", np.zeros(n, int))
        expected.append(float(np.maximum(per_level[level] - per_level[before], 0).sum()))
        best["v"] = np.maximum(before, level)
        original(self, P, m)
        assert np.array_equal(self.stars, level) and np.array_equal(self.best, best["v"])
    monkeypatch.setattr(component.BranchRating, "rating", watched)
    result = CountyModel(load_scenario(BOLUO, {"run.years": 3, "run.burn_in_years": 0, **changes})).run()
    booked = result.yearly_fen[:, item_index("branch_star_award")].reshape(3, -1).sum(axis=1) / 100
    assert booked[0] == 0 and booked[1:].tolist() == expected[:2] and expected[0] > 0
    # the award is booked to the village itself (role 'village'), paid by the county
    by_role = result.yearly_fen[:, item_index("branch_star_award")].sum(axis=(0, 1, 2))
    assert by_role[roles.code("village")] == by_role.sum() > 0


def test_the_effort_choice_does_not_see_the_villages_award():
    # The award is the village's money, not a head's: no hook offers it to the effort choice, so doubling every award
    # leaves every head's effort exactly as it was (same seed).
    scenario = load_scenario(BOLUO, {"run.years": 3})
    double = [{**row, "amount": 2 * row["amount"]} for row in AWARDS]
    runs = [CountyModel(s).run() for s in (scenario, scenario.with_changes({"policy.branch_rating.awards": double}))]
    assert np.array_equal(runs[0].indicators["mean_effort"], runs[1].indicators["mean_effort"])
    assert runs[1].yearly_fen.sum() > runs[0].yearly_fen.sum()


@pytest.mark.parametrize("edit, says", [
    (("  { stars = 4, amount = 1000000 },\n", ""),
     "policy.branch_rating.awards[2].stars: 5 skips level 4: every level needs a row, one level after another"),
    (("{ stars = 3, amount = 500000 }", "{ stars = 2, amount = 500000 }"),
     "policy.branch_rating.awards[1].stars: 2 does not rise above the row before (2)"),
    (("{ at_least = 93, stars = 3 }", "{ at_least = 89, stars = 3 }"),
     "policy.branch_rating.score_bands[2].at_least: 89 does not rise above the row before (90)"),
    (("{ at_least = 0, stars = 0 },", "{ at_least = 50, stars = 0 },"),
     "policy.branch_rating.score_bands[0].at_least: the first row starts at 50"),
    (('basis = { value = "head_score"', 'basis = { value = "village_score"'), "policy.branch_rating.basis: expected one of head_stars, head_score"),
])
def test_bad_tables_are_one_line_naming_file_and_key(tmp_path, capsys, edit, says):
    bad, err = validate_edited(tmp_path, capsys, BOLUO, edit)
    # one line a problem; a repeated level (2, 2, 4, 5) also leaves level 3 without a row: a second line
    assert err[0].startswith(f"error: {bad}: {says}") and len(err) == 1 + ("(2)" in says)
    assert all(line.startswith(f"error: {bad}: policy.branch_rating.") for line in err)


def test_score_bands_are_needed_with_a_score_basis():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(SCENARIOS / "examples" / "star_pay.toml", {"policy.branch_rating.basis": "head_score",
                                                                 "policy.branch_rating.roles": ["secretary"],
                                                                 "policy.branch_rating.awards": AWARDS,
                                                                 "policy.branch_rating.payer": "county"})
    assert "policy.branch_rating.score_bands: needed with policy.branch_rating.basis = 'head_score'" in str(caught.value)


@pytest.mark.parametrize("example, table, rows", [
    ("boluo", "policy.branch_rating.awards", AWARDS),
    ("zhashui", "policy.cadre_rewards.collective_reward_bands", None),
])
def test_the_dashboard_shows_the_examples_controls_from_the_metadata(example, table, rows):
    # each example's group is switched on in the dashboard, its table in a grid holding the file's rows
    from simtoolkit.ui.controls import Controls

    scenario = load_scenario(SCENARIOS / "examples" / f"{example}.toml")
    controls = Controls(scenario, "zh", lambda key: None)
    assert controls.sections[table.rsplit(".", 1)[0]].on
    assert controls.control(table).value() == (rows or scenario.raw(table))


def test_the_budget_report_lists_the_award_as_its_own_item_paid_to_the_village():
    # two years: the first year's awards are paid in the second (two months after the rating); by item and by role the
    # report holds the same sum, all of it under the item branch_star_award and the recipient 'village'
    from simtoolkit.budget.report import build_report

    report = build_report(load_scenario(BOLUO), load_scenario(SCENARIOS / "qingxu.toml"), 1, 7, 2)
    by_item, by_role = report.projection.by_item, report.projection.by_role
    award = by_item[by_item["item"] == "branch_star_award"]
    village = by_role[by_role["role"] == "village"]
    assert award["year"].tolist() == village["year"].tolist() == [2024]
    assert award["mean"].tolist() == village["mean"].tolist() and award["mean"].iloc[0] > 0


def test_heads_conditions_read_their_villages_level_as_last_rated(monkeypatch):
    # A village's organisation level as a name in the heads' star conditions ("branch_stars"): at the second year's
    # rating each head reads the level its village was rated at in the first year (the organisation is rated after
    # its heads).
    seen = formula_columns(monkeypatch)
    model = CountyModel(load_scenario(BOLUO, {"run.years": 2, "run.burn_in_years": 0,
                                              "policy.star_formula.limits": [{"when": "branch_stars >= 4", "bound": "at_least", "stars": 3}]}))
    model.run_until(12)
    first_year = model.rulebook.find(component.BranchRating).stars.copy()
    model.run_until(24)
    assert first_year.max() > 0
    assert np.array_equal(seen[-1]["branch_stars"], first_year[model.world.heads.village])  # a slot's village never changes


def test_a_condition_naming_the_villages_level_needs_the_organisation_rating(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = {str(SCENARIOS / "qingxu.toml")!r}\n[policy.star_formula]\n'
                   'limits = [ { when = "branch_stars >= 4", bound = "at_least", stars = 3 } ]\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: {bad}: policy.star_formula.limits[0].when: 'branch_stars' needs [policy.branch_rating] "
        "(the village organisations' ratings) in force"]


def branch_rating_on(villages: int, **heads):
    """BranchRating over the heads given (ids from 1) and `villages` villages in townships 5, 6, …, 博罗 in 2023."""
    from conftest import Table, small_model

    n = len(heads["role"])
    model = small_model(load_scenario(BOLUO), 2023, {"id": np.arange(1, n + 1), "township": np.zeros(n, int), **heads},
                        villages=Table(township=np.arange(5, 5 + villages)))
    return component.BranchRating(model), model, model.config.params(2023)


def test_the_rating_counts_the_listed_roles_in_post_and_books_each_villages_award_to_it():
    # 博罗's bands on the secretaries' scores (the example's: 90 → 2 stars, 93 → 3, 95 → 4, 97 → 5): village 0's secretary
    # scored 95 (4 stars: 100万元), its director's 99 is not counted (not a listed role); village 1's secretary of 97
    # scored no month (not counted), the other, one month in post, 90 (2 stars: 20万元); village 2's 80: no level. Each
    # award is booked to the village's township (5, 6), due after the 2-month lag
    secretary, director = roles.code("secretary_director"), roles.code("director")
    rating, model, P = branch_rating_on(3, village=[0, 0, 1, 1, 2], role=[secretary, director, secretary, secretary, secretary],
                                        score=[95.0, 99, 97, 90, 80], months_scored=[12, 12, 0, 1, 12])
    rating.rating(P, 11)
    assert rating.stars.tolist() == [4, 2, 0]
    assert model.ledger == [(13, "branch_star_award", "county", {5: 1_000_000, 6: 200_000})]
    assert model.notes == {"branch_stars_mean": 2.0, "villages_branch_award": 2.0}
    # the next year at the same levels: nothing more is due, and nothing is booked
    rating.rating(P, 23)
    assert model.ledger[1] == (25, "branch_star_award", "county", {}) and model.notes["villages_branch_award"] == 0


def test_a_county_without_villages_rates_none():
    rating, model, P = branch_rating_on(0, village=np.array([], int), role=np.array([], np.int8), score=np.array([]), months_scored=np.array([]))
    rating.rating(P, 11)
    assert model.notes == {"branch_stars_mean": 0.0, "villages_branch_award": 0.0}


def test_an_award_however_small_is_paid():
    # "晋星村的奖励应减去原星级所得的奖金": whatever is left above 0 is paid — under awards of 0.5 yuan at 2 stars, a village whose
    # secretary scored 90 (2 stars) is paid 0.5
    rating, model, _ = branch_rating_on(1, village=[0], role=[roles.code("secretary_director")], score=[90.0], months_scored=[12])
    P = load_scenario(BOLUO, {"policy.branch_rating.awards": [{"stars": 2, "amount": 0.5}]}).params(2023)
    rating.rating(P, 11)
    assert model.ledger == [(13, "branch_star_award", "county", {5: 0.5})]

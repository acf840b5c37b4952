"""Three years of star ratings (RULES.md §A.3–4, §A.8): first the initial rating, then the yearly adjustment; the
county review of increases, the awards for stars gained and the recruitment of high-star secretaries.

Source: /work/shared/seeds/000_e0b0dd193435af35.txt —
“星级评定采取初次评定与年度动态调整相结合的方式进行” (initial rating, then yearly adjustment);
“将考核“基本合格”及以下等次、6种履职不到位负面情形、因违纪违法受到处置3类标尺作为减星依据” (the triggers);
“初评定星及年度动态增星均按照1000元/星标准予以奖励” (1,000 yuan per star gained).

The first test chains the rule functions by hand over three years; the second runs the model for three years
and checks every head's stars and the award bill against a reference written here (not the model's code).
The review: “在村公示无异议后报县委组织部,县委组织部联合县纪委监委进行受处分审核” (an increase stands only without an
upheld objection and the county's veto); recruitment: “一届内优先通过专项招聘纳入乡街事业编,不宜纳入的参照乡街事业编待遇落实岗位报酬”.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simtoolkit.ledger import item_index, payer_index
from simtoolkit.model import CountyModel
from simtoolkit.rules import incentives, stars
from simtoolkit.rules.grades import BASIC, EXCELLENT, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario
from simtoolkit.rules import roles

QINGXU = Path(__file__).resolve().parents[1] / "scenarios" / "qingxu.toml"
MAXIMUM, PER_GRADE, ADDED, AWARD = 3, (2, 1, 0, 0), (1, 0), 1000  # Qingxu's rule with the maximum lowered to 3


def test_three_year_history_by_hand():
    # five heads; removal: 1 star for a grade of basically qualified or lower, 1 for any negative situation
    #   head  grades (y1, y2, y3)     negatives    stars y1 → y2 → y3            awards (per star gained × 1,000)
    #   A     exc, exc, exc           0, 0, 0      2 → 3 → 3 (the maximum)        2,000, 1,000, 0
    #   B     qual, exc, basic        0, 0, 0      1 → 2 → 1                      1,000, 1,000, 0
    #   C     exc, exc, exc           0, 1, 0      2 → 1 (trigger blocks +1) → 2  2,000, 0, 1,000
    #   D     unq, qual, exc          0, 0, 0      0 → 0 → 1                      0, 0, 1,000
    #   E     basic, exc, exc         0, 0, 0      0 → 1 → 2                      0, 1,000, 1,000
    # had the initial rating been redone each year, A would stay at 2 and C, E would never pass 2
    grades_by_year = np.array([[EXCELLENT, QUALIFIED, EXCELLENT, UNQUALIFIED, BASIC],
                               [EXCELLENT, EXCELLENT, EXCELLENT, QUALIFIED, EXCELLENT],
                               [EXCELLENT, BASIC, EXCELLENT, EXCELLENT, EXCELLENT]])
    negatives = np.array([[0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 0]])
    no = np.zeros(5, int)
    held, history, awards = np.zeros(5, np.int64), [], []
    for year, (g, neg) in enumerate(zip(grades_by_year, negatives)):
        removed = stars.removal(g, neg, np.zeros(5, bool), 1, 1, 5)
        new = stars.initial(g, removed, no, MAXIMUM, PER_GRADE) if year == 0 else stars.dynamic(held, g, removed, no, MAXIMUM, ADDED)
        awards.append(incentives.star_award(new.astype(np.int64) - held, AWARD, np.ones(5, bool)).tolist())
        held = new.astype(np.int64)
        history.append(held.tolist())
    assert history == [[2, 1, 2, 0, 0], [3, 2, 1, 0, 1], [3, 1, 2, 1, 2]]
    assert awards == [[2000, 1000, 2000, 0, 0], [1000, 1000, 0, 0, 1000], [0, 0, 1000, 1000, 1000]]


# ---- the model over three years -------------------------------------------------------------------
YEARS, LAG = 3, 2


def reference_history(person, grade, start_month, maximum, senior=False, per_grade=PER_GRADE, floor=False):
    """Stars each year (years × slots) and stars gained, by the source's two steps, for a model without negative
    situations, punishment or review. A head is rated from a full year in post (12 months at the December rating;
    a successor starts the January after its predecessor left, with no stars). Its first rating gives stars by grade
    less 1 for a low grade; later ones add 1 when excellent, remove 1 on a low grade, else keep; with `senior`
    (“满10年以上且实绩特别突出增星”, no cap on places) an excellent head with 120 months in post or more gets one star
    more in either; never below 0 or above the maximum. With `floor` (the reading Qingxu ships, docs/model.md) a later
    rating is never below what a first rating would give for the year's grade."""
    start = start_month.astype(np.int64).copy()
    held, rated_before = np.zeros(person.shape[1], np.int64), np.zeros(person.shape[1], bool)
    history, gained = [], []
    for k in range(person.shape[0]):
        if k > 0:
            successor = person[k] != person[k - 1]
            held[successor], rated_before[successor], start[successor] = 0, False, 12 * k
        rated = (12 * k + 11) + 1 - start >= 12
        first = rated & ~rated_before
        g = grade[k].astype(np.int64)
        low = (g == BASIC) | (g == UNQUALIFIED)
        bonus = senior & (g == EXCELLENT) & ((12 * k + 11) + 1 - start >= 120)
        initial = np.choose(np.clip(g, 0, 3), per_grade) + bonus - low
        change = np.where(low, -1, np.where(g == EXCELLENT, 1, 0) + bonus)
        later = np.maximum(held + change, initial) if floor else held + change
        new = np.where(rated, np.clip(np.where(first, initial, later), 0, maximum), held)
        gained.append(new - np.where(first, 0, held))
        held, rated_before = new, rated_before | rated
        history.append(held.copy())
    return np.array(history), np.array(gained)


@pytest.fixture(params=["floor", "increment"])  # per test: mutmut links a function only to the first test whose setup runs it
def three_years(request):
    """Qingxu for three years, maximum 3 stars, without events, review or long-record additions, under each reading of
    the yearly adjustment."""
    scenario = load_scenario(QINGXU, {"run.years": YEARS, "policy.stars.maximum": MAXIMUM, "policy.stars.removed_punishment": MAXIMUM,
                                           "behaviour.events.negative_rate": 0, "behaviour.events.punishment_rate": 0,
                                           "policy.review.objection_rate": 0, "policy.review.county_veto_rate": 0,
                                           "policy.stars.yearly_reading": request.param})
    model = CountyModel(scenario, record_persons=True)
    assert not model.world.heads.rated.any() and not model.world.heads.stars.any()  # nobody rated before the run
    start_month = model.world.heads.start_month.copy()
    model.run()
    return model, start_month


def test_model_rates_first_then_adjusts_each_year(three_years):
    model, start_month = three_years
    h = model.history
    floor = model.config.value("policy.stars.yearly_reading") == "floor"
    expected, _ = reference_history(h.person, h.grade, start_month, MAXIMUM, floor=floor)
    assert np.array_equal(h.stars, expected)
    assert not np.array_equal(expected, reference_history(h.person, h.grade, start_month, MAXIMUM, floor=not floor)[0])
    # the history reaches the maximum, and stars above the initial rating's 2: the second step is exercised
    assert (h.stars[2] == MAXIMUM).sum() > 0 and (h.stars[1:] > 2).any() and (np.diff(h.stars, axis=0) < 0).any()


def test_model_adds_the_long_record_star():
    # the long-record addition with every place open (quota 100 %), 3 initial stars for excellent and a maximum of 3:
    # an excellent head with ten years in post gets 3 + 1 at its first rating, capped at 3; one graded qualified first
    # (1 star) and excellent the next year with ten years in post gains 1 + 1
    scenario = load_scenario(QINGXU, {
        "run.years": 2, "policy.stars.maximum": 3, "policy.stars.removed_punishment": 3, "policy.stars.initial_stars_excellent": 3,
        "policy.stars.senior_quota": 100, "behaviour.events.negative_rate": 0, "behaviour.events.punishment_rate": 0,
        "policy.review.objection_rate": 0, "policy.review.county_veto_rate": 0,
        "policy.stars.yearly_reading": "increment"})  # under "floor" an excellent head is at the maximum of 3 anyway
    model = CountyModel(scenario, record_persons=True)
    start_month = model.world.heads.start_month.copy()
    model.run()
    h = model.history
    per_grade = (3, 1, 0, 0)
    expected, _ = reference_history(h.person, h.grade, start_month, 3, senior=True, per_grade=per_grade)
    assert np.array_equal(h.stars, expected)
    tenure = 12 - start_month  # months in post at the first December rating
    assert ((h.grade[0] == EXCELLENT) & (tenure >= 120)).any()  # capped first ratings happen
    assert ((h.grade[0] == EXCELLENT) & (tenure >= 120) & (tenure < 130)).any()  # some just past ten years
    assert not np.array_equal(expected, reference_history(h.person, h.grade, start_month, 3, per_grade=per_grade)[0])


def test_model_pays_each_years_awards_after_the_lag(three_years):
    # the award for year k's rating (December, month 12k + 11) is paid in month 12k + 11 + 2; the third
    # year's falls after the horizon and stays outstanding
    model, start_month = three_years
    h = model.history
    _, gained = reference_history(h.person, h.grade, start_month, MAXIMUM, floor=model.config.value("policy.stars.yearly_reading") == "floor")
    entitled = roles.among(model.world.heads.role, roles.SECRETARY_ROLES)  # Qingxu's award_roles: directors get none
    bill = (np.maximum(gained, 0) * entitled).sum(axis=1) * AWARD * 100  # fen per year
    monthly = model.ledger.monthly[:, item_index("star_award"), payer_index("county")]
    assert monthly[11 + LAG] == bill[0] and monthly[23 + LAG] == bill[1]
    assert monthly.sum() == bill[0] + bill[1] and bill[2] > 0
    assert model.ledger.monthly[:, item_index("star_award")].sum() == monthly.sum()  # all from the county


# ---- the review, the payees of awards, recruitment ------------------------------------------------------------
QUIET = {"behaviour.events.negative_rate": 0, "behaviour.events.punishment_rate": 0}  # no trigger removes a star


def test_the_review_stops_first_ratings_where_its_draws_fall_below_the_rates():
    # first rating in 2023: excellent 2 stars, qualified 1, else 0 — an increase from 0. It stands unless the
    # village objection (50 %) or the county veto (20 %) is upheld for the head: the review stream's two uniform
    # draws per slot, objection first, below the rates. A stopped head keeps 0 stars.
    scenario = load_scenario(QINGXU, {"run.years": 1, "policy.review.objection_rate": 50, "policy.review.county_veto_rate": 20, **QUIET})
    model = CountyModel(scenario, record_persons=True)
    rated = model.world.heads.start_month <= 0
    model.run()
    h, n = model.history, len(model.world.heads)
    rng = model.streams.rng("review", 2023)
    objection, veto = rng.random(n), rng.random(n)
    initial = np.where(h.grade[0] == EXCELLENT, 2, np.where(h.grade[0] == QUALIFIED, 1, 0))
    stopped = (objection < 0.5) | (veto < 0.2)
    assert h.stars[0].tolist() == np.where(rated & ~stopped, initial, 0).tolist()
    assert (rated & stopped & (initial > 0)).any() and (rated & ~stopped & (initial > 0)).any()


def test_awards_are_booked_to_the_heads_who_gained():
    # 1,000 yuan a star gained, paid in February 2024 to the secretaries whose first rating gave stars
    scenario = load_scenario(QINGXU, {"run.years": 2, "policy.review.objection_rate": 0, "policy.review.county_veto_rate": 0, **QUIET})
    model = CountyModel(scenario, record_persons=True)
    model.run()
    rows = [(person, fen) for month, item, _, person, fen in model.ledger.persons if month == 13 and item == item_index("star_award")]
    paid = {int(p): int(f) for person, fen in rows for p, f in zip(person, fen) if f > 0}
    h = model.history
    secretary = np.isin(model.world.heads.role, [0, 1, 3, 4])  # the award's roles; directors (2) get none
    gained = {int(p): int(s) * 100000 for p, s, ok in zip(h.person[0], h.stars[0], secretary) if ok and s > 0}
    assert paid == gained


def test_high_star_secretaries_are_recruited_or_paid_as_township_staff():
    # the first rating gives at most 2 stars, so nobody is a candidate (3 stars or more) in the first year; with the
    # review off, excellent heads reach 3 from the second; two places a year go to candidates 45 or younger, and
    # candidates not recruited get the township-referenced top-up (paid the next year)
    scenario = load_scenario(QINGXU, {"run.years": 3, "policy.review.objection_rate": 0, "policy.review.county_veto_rate": 0, **QUIET})
    result = CountyModel(scenario).run()
    recruited = result.indicators["recruited"]
    assert recruited[0] == 0 and recruited[1:].sum() > 0 and recruited.max() <= 2
    topup = result.yearly_fen[:, item_index("township_pay_topup")].sum(axis=(1, 2, 3))
    assert topup[:2].sum() == 0 and topup[2] > 0
    # the third year pays, by role, a whole number of yearly gaps to the reference pay of 72,000: 4,000 for 一肩挑 and
    # community secretaries (68,000), 14,000 for other secretaries (58,000) — the top-up to candidates not recruited,
    # and the same gap (recruited_salary) to those recruited in the second year, who stay in post (leaves_post false);
    # paid monthly, a twelfth rounded to the fen: 333.33 × 12 = 3,999.96 and 1,166.67 × 12 = 14,000.04 a year
    gap = {roles.code("secretary_director"): 3999.96, roles.code("community_secretary"): 3999.96, roles.code("secretary"): 14000.04}
    for item in ("township_pay_topup", "recruited_salary"):
        by_role = result.yearly_fen[2, item_index(item)].sum(axis=(0, 1)) / 100  # yuan by role
        assert set(np.flatnonzero(by_role)) <= set(gap), item
        heads = {r: by_role[r] / g for r, g in gap.items()}
        assert all(abs(n - round(n)) < 1e-6 for n in heads.values()), (item, heads)
        if item == "recruited_salary":
            assert 0 < sum(heads.values()) <= recruited[1]


# ---- the year's grades ----------------------------------------------------------------------------------------------
def test_grades_go_to_every_head_in_post_and_excellent_fills_the_county_quota():
    # “严格把握考核优秀比例”, county-wide: of the heads in post at least a month of the year (a head starting in January
    # of the next year is not graded), floor(10 % × graded) are excellent when that many score 85 or more
    scenario = load_scenario(QINGXU, {"run.years": 1})
    model = CountyModel(scenario, record_persons=True)
    start = model.world.heads.start_month.copy()
    model.run()
    grade, score = model.history.grade[0], model.history.score[0]
    assert ((grade >= 0) == (start <= 11)).all() and (start > 11).any()
    quota = int(np.floor(0.10 * (grade >= 0).sum() + 1e-9))
    assert ((grade >= 0) & (score >= 85)).sum() > quota  # more reach the threshold than the quota allows
    assert (grade == EXCELLENT).sum() == quota and score[grade == EXCELLENT].min() >= score[grade == QUALIFIED].max()
    assert model.world.heads.score.dtype == np.float32


def test_with_village_categories_the_excellent_quota_applies_in_each_township_and_category():
    # Yuncheng's differentiated assessment (RULES.md §B.4) with a township-wide quota: every (township, village
    # category) group grades at most floor(quota × graded) excellent, and exactly that many where enough score high
    from simtoolkit.rules import differentiation

    scenario = load_scenario(QINGXU.parent / "yuncheng.toml", {"run.years": 1, "policy.grades.quota_scope": "township"})
    model = CountyModel(scenario, record_persons=True)
    model.run()
    P, h, heads = scenario.params(2023), model.history, model.world.heads
    category = differentiation.village_categories(scenario, model.world.villages)[heads.village]
    graded, excellent = h.grade[0] >= 0, h.grade[0] == EXCELLENT
    high = graded & (h.score[0] >= P.policy.grades.threshold_excellent) & (h.grade[0] <= QUALIFIED)
    groups = 0
    for key in set(zip(heads.township.tolist(), category.tolist())):
        member = (heads.township == key[0]) & (category == key[1])
        cap = int(np.floor(P.policy.grades.excellent_quota * (member & graded).sum() + 1e-9))
        assert (member & excellent).sum() == min(cap, (member & high).sum()), key
        groups += cap > 0
    assert groups > 3


# ---- the rating component alone, on heads built here ------------------------------------------------------------------
class Draws:
    """The review's draws, handed out in the order the rating asks for them (objection, then veto)."""

    def __init__(self, *arrays):
        self.arrays = list(arrays)

    def random(self, n):
        assert n == len(self.arrays[0])  # one draw per head
        return np.array(self.arrays.pop(0), float)


def rate_heads(heads: dict, draws=None, has=None, hooks=None, changes=None):
    """StarRating.rating at December 2023 over heads built here (ids 1, 2, …), with the review's draws given; what it
    scheduled, by person: (due month, payer, yuan)."""
    scenario = load_scenario(QINGXU, {"policy.review.objection_rate": 50, "policy.review.county_veto_rate": 50, **(changes or {})})
    return rate_heads_in(scenario, heads, draws, has, hooks)


def rate_heads_in(scenario, heads: dict, draws=None, has=None, hooks=None, award_points=None):
    """As rate_heads, under any scenario, with the awards held before (the points mode)."""
    from types import SimpleNamespace

    from simtoolkit.rulebook.star_rating import StarRating

    class Heads(SimpleNamespace):
        def __len__(self):
            return len(self.stars)

    n = len(heads["role"])
    table = Heads(role=np.array([roles.code(r) for r in heads["role"]], np.int8), id=np.arange(1, n + 1), township=np.zeros(n, np.int32),
                  start_month=np.array(heads["start"]), rated=np.array(heads["rated"]), stars=np.array(heads["stars"], np.int8),
                  grade=np.array(heads["grade"], np.int8), score=np.array(heads.get("score", [80.0] * n), np.float32))
    scheduled, table.streams = [], []  # the random streams asked for, (name, year)
    model = SimpleNamespace(
        world=SimpleNamespace(heads=table), year=START, start_year=START,
        config=SimpleNamespace(has=has or scenario.has),
        slots=SimpleNamespace(negatives=np.array(heads.get("negatives", [0] * n)), punished=np.array(heads.get("punished", [False] * n)),
                              award_points=np.array(award_points or [0] * n, np.int64), rated_now=None),
        rulebook=SimpleNamespace(hooks=lambda name: (hooks or {}).get(name, [])),
        streams=SimpleNamespace(rng=lambda name, year: table.streams.append((name, year)) or draws),
        ledger=SimpleNamespace(schedule=lambda due, item, payer, township, role, amount, ids: scheduled.extend(
            (int(p), (due, item, payer, float(a))) for p, a in zip(ids, amount) if a)))
    rating = StarRating.__new__(StarRating)  # without __init__'s draw of the awards held before the run
    rating.model = model
    rating.rating(scenario.params(START), 11)
    return table, model.slots, dict(scheduled)


START = 2023
#          role                  start  rated  stars  grade       events     review draws     → stars, award
HEADS = [("secretary",           0,     False, 0,     EXCELLENT,  "",        (0.9, 0.9)),   # first rating 2, 2,000
         ("secretary",           0,     False, 0,     QUALIFIED,  "",        (0.1, 0.9)),   # 1, objection upheld: 0
         ("secretary_director",  -24,   True,  2,     EXCELLENT,  "",        (0.9, 0.9)),   # 2 + 1 = 3, 1,000
         ("secretary",           -24,   True,  3,     BASIC,      "",        (0.0, 0.0)),   # 3 − 1 = 2: a decrease stands
         ("secretary",           1,     False, 0,     QUALIFIED,  "",        (0.9, 0.9)),   # 11 months: not rated, 0
         ("director",            -24,   True,  1,     QUALIFIED,  "negative", (0.9, 0.9)),  # 1 − 1 = 0
         ("secretary",           -24,   True,  4,     EXCELLENT,  "punished", (0.9, 0.9)),  # 4 − 5 → 0
         ("secretary",           -24,   True,  0,     QUALIFIED,  "",        (0.9, 0.9)),   # floor: max(0, 1) = 1, 1,000
         ("secretary",           -24,   True,  1,     EXCELLENT,  "",        (0.9, 0.2)),   # 2, vetoed by the county: 1
         ("director",            -24,   True,  1,     EXCELLENT,  "",        (0.9, 0.9))]   # 2; directors get no award


def heads_of(rows):
    columns = list(zip(*rows))
    return {"role": columns[0], "start": columns[1], "rated": columns[2], "stars": columns[3], "grade": columns[4],
            "negatives": [int(e == "negative") for e in columns[5]], "punished": [e == "punished" for e in columns[5]]}


def test_the_rating_of_each_kind_of_head_by_hand():
    # Qingxu's rule ("floor" reading), the review at 50 % objection and 50 % veto with the draws in the table above:
    # an increase stands when both draws are at or above 0.5; awards of 1,000 yuan per star gained to secretaries,
    # scheduled for February (December + the 2-month lag) to the county
    draws = Draws([h[6][0] for h in HEADS], [h[6][1] for h in HEADS])
    table, slots, scheduled = rate_heads(heads_of(HEADS), draws)
    assert table.streams == [("review", START)]  # the review's own stream, this year's
    assert table.stars.tolist() == [2, 0, 3, 2, 0, 0, 0, 1, 1, 2]
    assert table.stars.dtype == np.int8
    assert table.rated.tolist() == [True, True, True, True, False, True, True, True, True, True]
    assert slots.rated_now.tolist() == [True, True, True, True, False, True, True, True, True, True]
    assert scheduled == {1: (13, "star_award", "county", 2000.0), 3: (13, "star_award", "county", 1000.0),
                         8: (13, "star_award", "county", 1000.0)}


def test_without_the_review_every_increase_stands():
    has = load_scenario(QINGXU).has
    table, _, scheduled = rate_heads(heads_of(HEADS), None, has=lambda group: group != "policy.review" and has(group))
    assert table.streams == []  # no draws
    assert table.stars.tolist() == [2, 1, 3, 2, 0, 0, 0, 1, 2, 2]
    assert scheduled == {1: (13, "star_award", "county", 2000.0), 2: (13, "star_award", "county", 1000.0),
                         3: (13, "star_award", "county", 1000.0), 8: (13, "star_award", "county", 1000.0),
                         9: (13, "star_award", "county", 1000.0)}


def test_components_add_removal_triggers_and_replace_the_proposal():
    # a further trigger removing 1 star from the second head rated before (3 → 2 instead of 2 + 1; the removal blocks the
    # gain), and a county formula that gives one star more to heads rated for the first time; no review
    has = load_scenario(QINGXU).has
    seen = []

    def formula(P, m, proposed, first):
        seen.append((m, first.tolist()))
        return proposed + first * P.policy.stars.added_excellent  # 1 star

    rows = HEADS[:3]
    hooks = {"star_removal": [lambda P: np.array([0, 0, P.policy.stars.removed_negative])], "star_proposal": [formula]}
    table, _, scheduled = rate_heads(heads_of(rows), None, has=lambda group: group != "policy.review" and has(group), hooks=hooks)
    assert seen == [(11, [True, True, False])]
    assert table.stars.tolist() == [3, 2, 1]
    assert scheduled == {1: (13, "star_award", "county", 3000.0), 2: (13, "star_award", "county", 2000.0)}


def test_the_long_record_addition_goes_to_the_best_excellent_heads_within_the_cap():
    # a cap of 10 % of the 10 heads rated: one place; two excellent heads with 10 years in post (start −108: 120 months by
    # December 2023), the better score (the second) gets one star more: 2 + 1 + 1 = 4, the other 3
    rows = [("secretary", -108, True, 2, EXCELLENT, "", (0.9, 0.9)), ("secretary", -108, True, 2, EXCELLENT, "", (0.9, 0.9))]
    rows += [("secretary", 0, False, 0, QUALIFIED, "", (0.9, 0.9))] * 8
    heads = {**heads_of(rows), "score": [85.0, 92.0] + [80.0] * 8}
    has = load_scenario(QINGXU).has
    table, _, _ = rate_heads(heads, None, has=lambda group: group != "policy.review" and has(group),
                             changes={"policy.stars.senior_quota": 10, "policy.stars.senior_bonus": 1})
    assert table.stars.tolist() == [3, 4] + [1] * 8


def test_in_the_points_mode_heads_start_with_the_awards_of_their_years_before_the_run():
    # Yuncheng (科学设星: “年度考核+任职年限+奖励情况”): awards held at the start are drawn from the stream "awards" of the
    # year before the run, Poisson with a mean of 0.03 per year in post before it. A draw that returns 10 × its mean
    # shows what is asked: 10 years before → 0.3 → 3 awards; 2 years → 0.06 → 0 (0.6 truncated); none → 0
    from types import SimpleNamespace

    from simtoolkit.rulebook.star_rating import StarRating

    asked = []

    class Stream:
        def poisson(self, mean):
            return np.asarray(mean) * 10

    def rng(name, year):
        asked.append((name, year))
        return Stream()

    scenario = load_scenario(QINGXU.parent / "yuncheng.toml")
    model = SimpleNamespace(config=scenario, start_year=2023, streams=SimpleNamespace(rng=rng),
                            world=SimpleNamespace(heads=SimpleNamespace(start_month=np.array([-120, -24, 0, 5]))),
                            slots=SimpleNamespace(award_points=np.zeros(4, np.int64)))
    StarRating(model)
    assert asked == [("awards", 2022)]
    assert model.slots.award_points.tolist() == [3, 0, 0, 0]
    # without the points mode nothing is drawn
    asked.clear()
    model.config, model.slots.award_points = load_scenario(QINGXU), np.zeros(4, np.int64)
    StarRating(model)
    assert asked == [] and model.slots.award_points.tolist() == [0, 0, 0, 0]


def test_the_points_mode_rates_by_grade_years_in_post_and_awards_won_this_year():
    # Yuncheng (“根据“年度考核+任职年限+奖励情况”三项指标设置基础星级”): points for the grade 4 / 2 / 0 / 0, one per 3 full
    # years in post (at most 3), one per award held (at most 2); stars = thresholds reached of 2, 4, 6, 7, 8; a head
    # rated before moves at most one star a year. This year's awards are drawn first, a chance of 20 % when excellent,
    # 2 % when qualified, from the stream "awards" of the year. No review here.
    #   A: rated, 2 stars, 72 months, 1 award, excellent, draw 0.1 → a second award: 4 + 2 + 2 = 8 → 5, limited to 3
    #   B: first rating, 12 months, no award, qualified, draw 0.01 → an award: 2 + 0 + 1 = 3 → 1
    #   C: rated, 3 stars, 36 months, excellent, draw 0.5 → none: 4 + 1 = 5 → 2 (down one)
    #   D: rated, 1 star, 36 months, basically qualified, draw 0 (no chance at all): 0 + 1 = 1 → 0
    #   E: 11 months, not graded: not rated, no draw counts
    rows = [("secretary", -60, True, 2, EXCELLENT, "", (0.1,)), ("secretary", 0, False, 0, QUALIFIED, "", (0.01,)),
            ("secretary", -24, True, 3, EXCELLENT, "", (0.5,)), ("secretary", -24, True, 1, BASIC, "", (0.0,)),
            ("secretary", 1, False, 0, -1, "", (0.0,))]
    yuncheng = load_scenario(QINGXU.parent / "yuncheng.toml")
    has = lambda group: group != "policy.review" and yuncheng.has(group)  # noqa: E731
    draws = Draws([r[6][0] for r in rows])
    heads = heads_of(rows)
    table, slots, scheduled = rate_heads_in(yuncheng, heads, draws, has, award_points=[1, 0, 0, 0, 0])
    assert table.streams == [("awards", START)]
    assert slots.award_points.tolist() == [2, 1, 0, 0, 0]
    assert table.stars.tolist() == [3, 1, 2, 0, 0]
    assert scheduled == {1: (13, "star_award", "county", 1000.0), 2: (13, "star_award", "county", 1000.0)}

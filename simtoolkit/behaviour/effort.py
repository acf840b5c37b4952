"""Effort as a best response to the incentives in force (DESIGN.md §5, docs/model.md §Submodels: effort).

Each year every head compares effort levels on a grid over 0..1 and keeps the one with the highest
expected money plus intrinsic value minus a convex cost. Money is what the rules pay for next year's
outcome, and the rules say it themselves, through the hooks of the rule components in force
(`CountyModel.effort_hooks`): the pay by grade (`effort_pay`) and what is kept with the post
(`effort_keep`), lost on dismissal (`turnover.dismissed`); next year's stars (`StarRating.effort_outcomes`:
the award, the review, and each component's value of holding stars, `star_value`); any component's own
money (`effort_money`) and situations; performance points next year (`effort_boost`); and money that
depends on effort apart from the grade (`effort_setup`, `effort_grid`). This module names no rule.
Outcomes are a tournament against last year's scores: the head expects its annual score from its
own performance through last year's score-on-performance line, with last year's residual spread as
noise, and meets last year's excellent cut-off under the grade quota.

The outcome space (`Outcomes`) is the 4 grades × every combination of the yes/no events the components
declare (`effort_events`; Qingxu: DisciplineEvents' negative situation and punishment, 16 outcomes).
How it is computed (docs/model.md §Submodels: effort): the event chances depend on effort only, not on
the head, so the expectation factorises — each head's outcome money (heads × 4 grades × E event
combinations) is contracted with the event weights (grid × E), then with the grade chances. The
annuities depend on a head's age and sex only and are tabulated once per call. Money that depends on
effort apart from the annual outcome (full-time cadres' pay after attendance deductions, quarterly pay,
floors, removal, the collective reward, recruitment by score) is priced by the components' terms on the
effort grid (`effort_setup`, `effort_grid`, with the helpers of `effort_terms.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import partial

import numpy as np
from scipy.special import ndtr

from simtoolkit.rules import differentiation, eligibility, grades, pay
from simtoolkit.rules.grouping import count_by
from simtoolkit.rules import roles

from . import effort_terms, performance, turnover

ALL_ROLES = np.arange(len(roles.CODES))
LAST_AGE = 110  # ages beyond the last row of any life table add nothing to an annuity
CHUNK = 8192  # heads per block of the best response: bounds memory (grid × heads × outcomes), changes no result


@dataclass(frozen=True)
class Outcomes:
    """The outcomes of next year a head weighs: 4 grades × every yes/no combination of the events the rule components
    in force declare (`effort_events`: DisciplineEvents' negative situation and punishment), grade-major, the first
    event the most significant (Qingxu: 16 outcomes, (no negative, not punished), (no, punished), (negative, not), …)."""

    grade: np.ndarray  # outcomes: the grade code
    names: tuple[str, ...]  # the events, in the order they were declared
    flags: np.ndarray  # events × outcomes: whether the event happens

    @property
    def per_grade(self) -> int:
        """Outcomes within a grade: one per combination of the events."""
        return 2 ** len(self.names)

    @property
    def size(self) -> int:
        """How many outcomes."""
        return self.grade.size

    def event(self, name: str) -> np.ndarray:
        """Whether the event happens in each outcome (never, when no component declares it)."""
        return self.flags[self.names.index(name)] if name in self.names else np.zeros(self.size, bool)


def outcome_space(names: tuple[str, ...]) -> Outcomes:
    """The outcomes for the declared events (made once per list of events)."""
    def make() -> Outcomes:
        k = len(names)
        case = np.tile(np.arange(2 ** k), 4)
        flags = np.array([(case >> (k - 1 - i)) & 1 for i in range(k)], bool).reshape(k, case.size)
        return Outcomes(np.repeat(np.arange(4), 2 ** k), tuple(names), flags)
    return memo(("outcomes", tuple(names)), make)


@dataclass(frozen=True)
class Belief:
    """What heads read off last year's scores: score ≈ intercept + slope × 100·performance, ± noise."""

    intercept: float
    slope: float
    noise: float


def read_belief(fraction: np.ndarray, score: np.ndarray, graded: np.ndarray, noise_min: float) -> Belief:
    """The least-squares line of last year's annual scores on performance share, and its residual spread."""
    x, y = 100.0 * fraction[graded], score[graded].astype(np.float64)
    if x.size == 0:
        return Belief(0.0, 1.0, noise_min)
    mx, my = x.mean(), y.mean()
    dx = x - mx
    var = float(dx @ dx) / x.size
    if x.size < 3 or var <= 0.0:
        return Belief(float(my - mx), 1.0, noise_min)
    slope = float(dx @ (y - my)) / x.size / var
    intercept = float(my - slope * mx)
    return Belief(intercept, slope, max(float(np.std(y - intercept - slope * x)), noise_min))


def excellent_cutoff(score, graded, group, ids, quota_share: float, threshold: float) -> np.ndarray:
    """Each head's bar for "excellent": last year's lowest score within its group's quota, at least the threshold."""
    n_groups = int(group.max()) + 1 if group.size else 0
    count = count_by(group, graded, n_groups)
    quota = grades.excellent_quota(count, quota_share)
    g, sc = group[graded], score[graded]
    ordered = sc[np.lexsort((-sc, g))]  # graded scores, by group, best first (ties do not change the value)
    start = np.cumsum(count) - count
    cut = np.full(n_groups, np.inf)  # a group with no excellent place: nobody can be excellent
    placed = quota > 0
    cut[placed] = ordered[(start + quota - 1)[placed]]
    return np.maximum(cut, threshold)[group]


def ranked_cutoffs(score, graded, group, shares) -> np.ndarray:
    """Each head's bars for excellent, qualified and basically qualified under a forced distribution (3 × heads):
    the score at which last year's ranking cut each grade in the head's group (`grades.forced_places`); a grade with
    no place cannot be reached (+inf), one every rated head reaches cannot be missed (−inf)."""
    n_groups = int(group.max()) + 1 if group.size else 0
    count = count_by(group, graded, n_groups)
    places = grades.forced_places(count, shares)
    g, sc = group[graded], score[graded]
    ordered = sc[np.lexsort((-sc, g))]  # graded scores, by group, best first
    start = (np.cumsum(count) - count)[:, None]
    cuts = np.full(places.shape, np.inf)  # groups × 3
    placed = places > 0
    cuts[placed] = ordered[(start + places - 1)[placed]]
    cuts[places >= count[:, None]] = -np.inf
    return cuts[group].T


def grade_cutoffs(score, graded, group, ids, P) -> np.ndarray:
    """Each head's bars for excellent, qualified and basically qualified (3 × heads) as read off last year: where the
    ranking cut the grades under a forced distribution (`ranked_cutoffs`), else the excellent cut-off within the cap
    (`excellent_cutoff`) and the score thresholds — the grading's own rule (`grades.annual`)."""
    if P.has("policy.forced_distribution"):
        return ranked_cutoffs(score, graded, group, grades.shares_of(P.policy.forced_distribution))
    g = P.policy.grades
    cut = excellent_cutoff(score, graded, group, ids, g.excellent_quota, g.threshold_excellent)
    return np.stack([cut, np.full(cut.shape, float(g.threshold_qualified)), np.full(cut.shape, float(g.threshold_basic))])


def chances_above(mean, noise: float, cut_excellent, qualified: float, basic: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chances of a normal score reaching excellent, at least qualified, at least basically qualified."""
    above = []
    for bar in (cut_excellent, qualified, basic):  # in place: ndtr((mean − bar) / noise)
        z = np.subtract(mean, bar)
        z /= noise
        above.append(ndtr(z, out=z))
    np.maximum(above[1], above[0], out=above[1])
    return tuple(above)


def grade_probabilities(mean, noise: float, cut_excellent, qualified: float, basic: float) -> np.ndarray:
    """Chances of excellent, qualified, basically qualified, unqualified (last axis) for a normal score."""
    above_excellent, above_qualified, above_basic = chances_above(mean, noise, cut_excellent, qualified, basic)
    return np.stack([above_excellent, above_qualified - above_excellent, above_basic - above_qualified, 1.0 - above_basic], axis=-1)


def event_weights(*chances) -> np.ndarray:
    """Chance of each combination of independent yes/no events within a grade (last axis, in the order of `Outcomes`:
    the first event the most significant), from each event's chance (same shape each); no event: one combination."""
    if not chances:
        return np.ones((1,))
    weights = np.stack([1.0 - chances[0], chances[0]], axis=-1)
    for chance in chances[1:]:
        step = np.stack([1.0 - chance, chance], axis=-1)
        weights = (weights[..., :, None] * step[..., None, :]).reshape(*np.shape(chance), -1)
    return weights


def expected_money(above, money, weights) -> np.ndarray:
    """Σ over the outcomes of chance × money (grid × heads), events independent of the grade.

    above: the chances of reaching excellent, qualified, basic (each grid × heads); money: heads × outcomes
    (4 grades × E event combinations); weights: grid × E event combinations. Contracting the events
    first leaves each grade's expected money M_g (grid × heads); then
    Σ_g P(g) M_g = M_unq + P(≥basic)(M_basic − M_unq) + P(≥qualified)(M_qual − M_basic) + P(exc)(M_exc − M_qual).
    """
    return over_grades(above, by_grade(money, weights))


def by_grade(money, weights) -> np.ndarray:
    """Each grade's money expected over the event outcomes (grades × grid × heads)."""
    columns = np.ascontiguousarray(money.T)  # outcomes × heads
    per_grade = weights.shape[-1]
    out = np.empty((4, weights.shape[0], money.shape[0]))
    for g in range(4):
        np.multiply(weights[:, :1], columns[per_grade * g], out=out[g])
        for k in range(1, per_grade):
            out[g] += weights[:, k:k + 1] * columns[per_grade * g + k]
    return out


def over_grades(above, money_by_grade) -> np.ndarray:
    """Σ_g P(g) M_g by telescoping (grid × heads); `money_by_grade` is overwritten."""
    m = money_by_grade
    for g in range(3):  # differences M_g − M_(g+1), in place, each before its minuend is changed
        m[g] -= m[g + 1]
    total = m[3]
    for chance, difference in zip(above[::-1], m[2::-1]):
        difference *= chance
        total += difference
    return total


def in_post_annuities(age, P) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Discounted years in post from next year (all, and after next year), and the years left in post.

    A head stays until the year it reaches the leaving age; elections remove it at the yearly
    average of the election loss rate.
    """
    t, delta = P.behaviour.turnover, 1.0 / (1.0 + P.behaviour.effort.discount_rate)
    stay = 1.0 - t.election_loss_rate / t.election_cycle
    remaining = np.maximum(t.retirement_age - (age + 1), 0) + 1  # the rating next year counts
    k = np.arange(1, int(remaining.max(initial=1)) + 1)
    weight = np.where(k[None, :] <= remaining[:, None], delta ** k * stay ** (k - 1), 0.0)
    return weight.sum(axis=1), weight[:, 1:].sum(axis=1), remaining


def subsidy_annuity(age, sex, exit_year, min_age: int, duration: int, P, alive_at_exit: bool = False) -> np.ndarray:
    """Discounted, survival-weighted years of a subsidy paid from the year after leaving the post at the end of
    year `exit_year` from now (heads × exit years; 1 = next year), no earlier than age `min_age`, for life or
    `duration` years. Survival counts from now, or, with `alive_at_exit`, from the exit on (heads in post do not
    die in the model; leavers meet the year's mortality from their exit year on, `CountyModel.bury_retirees`)."""
    delta = 1.0 / (1.0 + P.behaviour.effort.discount_rate)
    k = np.arange(1, LAST_AGE + 1)
    ages = np.minimum(age[:, None] + k[None, :] - 1, LAST_AGE)
    q = turnover.mortality(ages.ravel(), np.repeat(sex, k.size), P).reshape(ages.shape)
    survival = np.cumprod(1.0 - q, axis=1)
    first = np.maximum(exit_year + 1, (min_age - age)[:, None])[..., None]
    paid = k >= first
    if duration > 0:
        paid &= k < first + duration
    value = (paid * delta ** k * survival[:, None, :]).sum(axis=-1)
    if alive_at_exit:  # survival through the years before the exit year's own draw is certain
        before = np.take_along_axis(survival, np.broadcast_to(exit_year - 1, value.shape), axis=1)
        value = np.divide(value, before, out=np.zeros(value.shape), where=before > 0)
    return value


@dataclass(frozen=True)
class Annuities:
    """Per head: discounted years in post from next year (all, after next year), years left in post — tabulated once
    per distinct age and looked up."""

    post_years: np.ndarray
    after_years: np.ndarray
    remaining: np.ndarray

    def rows(self, part: slice) -> "Annuities":
        """The annuities of a block of heads."""
        return Annuities(*(None if v is None else v[part] for v in (getattr(self, f.name) for f in fields(self))))


def annuities(age, sex, P) -> Annuities:
    """The annuities of every head, looked up in tables by age made once for the values they read."""
    lo, hi = age_range(age)
    post, after, remaining = memo(("annuities", *_leaving_key(P), lo, hi), lambda: in_post_annuities(np.arange(lo, hi + 1), P))
    at = age - lo
    return Annuities(post[at], after[at], remaining[at])


def leaving_annuities(age, sex, min_age: int, duration: int, P) -> np.ndarray:
    """Per head and exit year k = 1, 2, … from now (heads × k): the chance of leaving at the end of year k — an election
    loss at the yearly average rate, else the leaving age — × the discounted, survival-weighted years of a subsidy from
    the year after that exit, no earlier than `min_age`, for life or `duration` years (a rule component's value of a
    payment after a normal exit, e.g. the exit subsidy)."""
    lo, hi = age_range(age)
    table = memo(("leaving", *_leaving_key(P), min_age, duration, lo, hi), lambda: _exit_tables(lo, hi, min_age, duration, P))
    return table[sex.astype(np.int64), age - lo]


def after_leaving(age, sex, min_age: int, duration: int, P) -> np.ndarray:
    """Per head: the discounted, survival-weighted years of a subsidy paid from the year after the head leaves its post
    at the leaving age (`in_post_annuities`), no earlier than `min_age`, for life or `duration` years — looked up in a
    table made once per age and sex (a rule component's value of a post-exit payment, e.g. the retirement subsidy)."""
    lo, hi = age_range(age)
    table = memo(("after_leaving", *_leaving_key(P), min_age, duration, lo, hi), lambda: _leaving_table(lo, hi, min_age, duration, P))
    return table[sex.astype(np.int64), age - lo]


def age_range(age) -> tuple[int, int]:
    """The ages a table covers: from 0 (or below) to the last age of any life table (or above)."""
    return min(int(age.min(initial=0)), 0), max(int(age.max(initial=0)), LAST_AGE)


def _leaving_key(P) -> tuple:
    """The parameters the years in post and their survival depend on."""
    t = P.behaviour.turnover
    return (P.behaviour.effort.discount_rate, t.election_loss_rate, t.election_cycle, t.retirement_age, t.life_table, t.mortality_ratio)


def _leaving_table(lo: int, hi: int, min_age: int, duration: int, P) -> np.ndarray:
    """`after_leaving` for every age lo..hi and both sexes (2 × ages)."""
    ages = np.arange(lo, hi + 1)
    _, _, remaining = in_post_annuities(ages, P)
    both = np.concatenate([ages, ages])
    exits = np.concatenate([remaining, remaining])[:, None]
    return subsidy_annuity(both, np.repeat([0, 1], ages.size), exits, min_age, duration, P)[:, 0].reshape(2, ages.size)


def _exit_tables(lo: int, hi: int, min_age: int, duration: int, P) -> np.ndarray:
    """`leaving_annuities` for every age lo..hi and both sexes (2 × ages × exit years)."""
    t = P.behaviour.turnover
    ages = np.arange(lo, hi + 1)
    _, _, remaining = in_post_annuities(ages, P)
    k = np.arange(1, int(remaining.max()) + 1)
    stay = 1.0 - t.election_loss_rate / t.election_cycle
    leave = stay ** (k - 1) * np.where(k[None, :] < remaining[:, None], 1.0 - stay, k[None, :] == remaining[:, None])
    both = np.concatenate([ages, ages])
    years = subsidy_annuity(both, np.repeat([0, 1], ages.size), k[None, :], min_age, duration, P, alive_at_exit=True)
    return years.reshape(2, ages.size, k.size) * leave[None]


_MEMO: dict = {}


def among(role: np.ndarray, names) -> np.ndarray:
    """`roles.among` with the lookup table kept per list of names."""
    table = memo(("roles", tuple(names)), lambda: roles.among(ALL_ROLES, names))
    return table[role]


def memo(key: tuple, make):
    """`make()`, kept for later calls with the same key — the parameter values it reads (a year's tables)."""
    if key not in _MEMO:
        if len(_MEMO) > 256:
            _MEMO.clear()
        _MEMO[key] = make()
    return _MEMO[key]


@dataclass(frozen=True)
class Prospect:
    """Next year's outcomes as a rule component prices them (`effort_money(prospect, P)` → heads × outcomes, present yuan).

    Outcomes are those of `Outcomes` (grades × the declared events; `negative` and `punished` are never where no
    component declares them); per-head arrays are for the block of heads being chosen for."""

    heads: object  # the heads' table (a block of rows)
    grade: np.ndarray  # outcomes: the grade code
    negative: np.ndarray  # outcomes: some negative situation
    punished: np.ndarray  # outcomes: punished
    kept: np.ndarray  # heads × outcomes: still in post after next year (not dismissed)
    stars: np.ndarray | None  # heads × outcomes: stars after next year's rating (None without a star rating)
    previous: np.ndarray | None  # heads × outcomes: the stars that rating starts from
    years_in_post: np.ndarray  # heads: years in post at the end of next year
    post_years: np.ndarray  # heads: discounted years in post from next year
    after_years: np.ndarray  # heads: discounted years in post after next year
    year: int  # next year
    price_stars: object = None  # stars held after the rating (heads × outcomes) → their money, award and review included
    remove: object = None  # k → the stars after the rating had it removed k more stars in every outcome (heads × outcomes)
    month: int = 0  # the month the choice is made in (December of this year)
    age: np.ndarray | None = None  # heads: age this year
    remaining: np.ndarray | None = None  # heads: years left in post, next year's included
    annual: np.ndarray | None = None  # heads: annual pay by role (before any indexation)
    seen: object = None  # what the model's mechanisms hold for the block (`effort_terms.Seen`)
    everyone: object = None  # the whole heads' table (for county-wide quantities: candidates for places, those rated)
    active: object = None  # group → whether it is in force (the scenario's `has`)
    outcomes: Outcomes | None = None  # the outcome space
    keep: np.ndarray | None = None  # heads × outcomes: the money of keeping the post after next year, lost on dismissal


def priced(extra, prospect: Prospect, P) -> np.ndarray | float:
    """The components' own money for each outcome (0 when none prices outcomes)."""
    money = 0.0
    for effort_money in extra:
        money = money + effort_money(prospect, P)
    return money


def outcome_money(heads, low_streak, year: int, month: int, P, active, years: Annuities | None = None,
                  seen: effort_terms.Seen | None = None, extra=(), situations=(), losses: list | None = None, rating=None,
                  everyone=None, outcomes: Outcomes | None = None, pays=(), keeps=()) -> np.ndarray:
    """What each outcome of next year is worth to each head, in present yuan (heads × outcomes); `extra`: the
    `effort_money` of rule components beyond those written here, added last; `situations`: components' own yearly
    situations, whose money lost in each outcome (`situation_loss`) is appended to `losses`; `rating`: the star
    rating's `effort_outcomes` (None without one), which prices next year's stars and the components under them;
    `outcomes` the outcome space (default: grades alone); `pays` the pay component's `effort_pay` (the pay by grade in
    each outcome and the yearly income kept with the post), `keeps` the components' `effort_keep` (more kept with it)."""
    space = outcome_space(()) if outcomes is None else outcomes
    age = (year - heads.birth_year).astype(np.int64)
    if years is None:
        years = annuities_of(heads, age, month, P, active)
    post_years, after_years = years.post_years, years.after_years
    annual = pay.annual_pay(heads.role, P)
    money, income = next(iter(pays))(heads, seen, space, P, active) if pays else (np.zeros((len(heads), space.size)), np.zeros(len(heads)))
    kept_money = keep_post(low_streak, income, after_years, P, [keep(heads, age, month, P) for keep in keeps], space)
    money += kept_money
    prospect = None
    if extra or situations or rating is not None:
        kept = ~dismissals(low_streak, P, space)
        prospect = partial(Prospect, heads, space.grade, space.event("negative"), space.event("punished"), kept,
                           years_in_post=(eligibility.months_in_post(heads.start_month, month + 12) / 12.0),
                           post_years=post_years, after_years=after_years, year=year + 1, month=month, age=age,
                           remaining=years.remaining, annual=annual, seen=seen, everyone=heads if everyone is None else everyone,
                           active=active, outcomes=space, keep=kept_money)
    if rating is not None:
        return rating(money, prospect, extra, situations, losses, P)
    if situations:
        losses += [loss(prospect(None, None), P) for loss in situations]
    return money + priced(extra, prospect(None, None), P) if extra else money


def dismissals(low_streak, P, outcomes: Outcomes) -> np.ndarray:
    """Dismissed at the end of next year in each outcome (`turnover.dismissed` on the outcome's punishment and the low-grade
    streak it leaves) (heads × outcomes)."""
    streak = turnover.low_grade_streak(np.broadcast_to(np.asarray(low_streak)[:, None], (np.size(low_streak), outcomes.size)),
                                       outcomes.grade[None, :])
    return turnover.dismissed(outcomes.event("punished")[None, :], streak, P)


def keep_post(low_streak, income, after_years, P, more=(), outcomes: Outcomes | None = None) -> np.ndarray:
    """Keeping the post: the yearly income × discounted years in post after next year, and what else the components
    keep with it (`more`: e.g. the exit subsidy of a normal exit), all lost on dismissal — an exit for cause
    (heads × outcomes)."""
    dismissed = dismissals(low_streak, P, outcome_space(()) if outcomes is None else outcomes)
    kept = income * after_years
    for value in more:
        kept = kept + value
    return ~dismissed * kept[:, None]


def annuities_of(heads, age, month: int, P, active) -> Annuities:
    """The annuities of `heads`."""
    return annuities(age, heads.sex, P)


def best_response(heads, endowment, fraction, low_streak, year: int, month: int, P, active, chunk: int = CHUNK,
                  seen: effort_terms.Seen | None = None, extra=(), group: np.ndarray | None = None, situations=(),
                  rating=None, events=(), setups=(), grids=(), pays=(), keeps=(), boosts=()) -> np.ndarray:
    """Next year's effort of every head: the grid level with the highest expected money + intrinsic value − cost.

    `fraction` is last year's performance share per slot; slots graded last year (grade set) form
    the score distribution heads read; `active(group)` says which optional policy groups are in force;
    `seen` is what the model's mechanisms hold (cadre pay, quarterly streaks, awards, collective
    income: `effort_terms.seen`), needed by the terms beyond Qingxu's; `extra` are the `effort_money`
    of rule components that price next year's outcomes themselves (`Prospect`); `group` the groups the excellent
    cap applies within (`differentiation.grading_groups`; default: by `quota_scope` alone); `situations` the
    components' own yearly situations as (chance on the effort grid, money lost in each outcome) pairs; `rating` the star
    rating's `effort_outcomes` (None without a star rating); `events` the yes/no events of the components as (name,
    chance on the effort grid) pairs, which with the grades make the outcome space (`Outcomes`); `setups` and `grids` the
    components' terms on the effort grid (`effort_setup(ctx, heads, fraction, year, belief)` once per call, then
    `effort_grid(ctx, block)` per block of heads, in catalogue order: `effort_terms.GridContext`, `GridBlock`). What all heads share (belief, cut-offs, event chances on
    the grid, annuities by age) is read once; the rest runs in blocks of heads.
    """
    ef = P.behaviour.effort
    graded = heads.grade >= 0
    belief = read_belief(fraction, heads.score, graded, ef.score_noise_min)
    if group is None:
        group = differentiation.grading_groups(heads.township, None, P)
    cuts = grade_cutoffs(heads.score, graded, group, heads.id, P)
    grid = np.linspace(0.0, 1.0, ef.grid_points)
    space = outcome_space(tuple(name for name, _ in events))
    weights = event_weights(*(chance(grid, P, active) for _, chance in events))
    years = annuities_of(heads, (year - heads.birth_year).astype(np.int64), month, P, active)
    seen = seen if seen is not None else effort_terms.Seen()
    ctx = None
    if setups or grids:
        ctx = effort_terms.GridContext(P, active, seen, grid, np.zeros(grid.size))
        for setup in setups:
            setup(ctx, heads, fraction, year, belief)
    chosen = np.empty(len(heads))
    for start in range(0, len(heads), chunk):
        part = slice(start, start + chunk)
        block = years.rows(part)
        rows, seen_rows = (_rows(heads, part), seen.rows(part)) if len(heads) > chunk else (heads, seen)
        losses = []
        money = outcome_money(rows, low_streak[part], year, month, P, active, block, seen_rows, extra,
                              [loss for _, loss in situations], losses, rating, heads, space, pays, keeps)
        cadre = None
        if ctx is not None:
            cadre = CadreTerms(ctx, tuple(grids), part, seen_rows,
                               *cadre_money(rows, low_streak[part], year, month, block, seen_rows, P, active, space, keeps))
        risks = [(chance_on(grid, P), loss) for (chance_on, _), loss in zip(situations, losses)]
        chosen[part] = respond(rows, endowment[part], cuts[:, part], money, weights, belief, grid, year, P, active, cadre, risks, boosts)
    return chosen


@dataclass(frozen=True)
class CadreTerms:
    """The components' terms on the effort grid for one block of heads, with the block's pay pieces."""

    ctx: effort_terms.GridContext
    grids: tuple  # the components' `effort_grid`, in catalogue order
    part: slice
    seen: effort_terms.Seen
    keep: np.ndarray | None  # keeping the post (and what the components keep with it) in each outcome, lost on removal


def cadre_money(heads, low_streak, year: int, month: int, years: Annuities, seen: effort_terms.Seen, P, active, outcomes: Outcomes,
                keeps=()) -> tuple:
    """Full-time cadres' keep-post money by outcome, with what the components keep with the post (or None)."""
    if seen.performance is None:
        return (None,)
    age = (year - heads.birth_year).astype(np.int64)
    return (keep_post(low_streak, seen.base + seen.performance, years.after_years, P, [k(heads, age, month, P) for k in keeps], outcomes),)


def _rows(table, part: slice):
    """The same table restricted to a block of rows."""
    return type(table)(**{name: None if col is None else col[part] for name, col in table.columns().items()})


def respond(heads, endowment, cuts, money, weights, belief: Belief, grid, year: int, P, active, extra: CadreTerms | None = None,
            risks=(), boosts=()) -> np.ndarray:
    """The best responses of a block of heads, given what they read off last year (`cuts`: the bars of the grades,
    3 × heads), the money of each outcome (heads × 16), the event weights on the effort grid (grid × 4), the terms
    beyond Qingxu's and the components' own situations (`risks`: chance on the grid, money lost in each outcome —
    independent of the rest)."""
    ef = P.behaviour.effort
    boost = 0.0
    for next_year in boosts:  # the components' performance points next year (mentoring)
        boost = boost + next_year(heads, year + 1, P)
    share = performance.latent_fraction(heads.ability[None, :], grid[:, None], endowment[None, :], boost, P)
    mean = belief.intercept + belief.slope * 100.0 * share
    if extra is not None:
        mean += extra.ctx.score_shift[:, None]
    above = chances_above(mean, belief.noise, cuts[0][None, :], cuts[1][None, :], cuts[2][None, :])
    if extra is None:
        total = expected_money(above, money, weights)
        for chance, loss in risks:
            total -= chance[:, None] * expected_money(above, loss, weights)
        return choose(grid, total, ef.intrinsic_value + heads.motivation, ef.cost_scale, ef.cost_power)
    grade_money = by_grade(money, weights)
    block = effort_terms.GridBlock(heads, extra.part, share, mean, belief.noise, extra.seen, grade_money)
    for term in extra.grids:
        term(extra.ctx, block)
    flat, removal = block.flat, block.removal
    if removal is not None:
        grade_money -= removal[None] * by_grade(extra.keep, weights)
    total = over_grades(above, grade_money)
    for chance, loss in risks:
        total -= chance[:, None] * expected_money(above, loss, weights)
    if flat is not None:
        total += flat
    return choose(grid, total, ef.intrinsic_value + heads.motivation, ef.cost_scale, ef.cost_power)


def choose(effort, money, intrinsic, cost_scale: float, cost_power: float) -> np.ndarray:
    """The effort level (grid × heads money) maximising money + intrinsic value × effort − cost × effort^power."""
    e = effort[:, None]
    utility = money + np.asarray(intrinsic)[None, :] * e
    utility -= cost_scale * e ** cost_power
    return effort[np.argmax(utility, axis=0)]

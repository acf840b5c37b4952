"""A scenario's own paid roles (issue 18, item 10: "a scenario may declare ... a paid role (e.g. 会计 accountant, with pay
and retirement subsidy), instead of borrowing a label that is wrong"): policy.own_roles, rules/own_roles.py,
world/posts.py, rulebook/own_roles.py, the run's role axis; on 句容's 2019 rule (scenarios/examples/jurong.toml):
"任职满20年以上的，书记、主任、会计每月分别为525元、505元、485元；满15—19年的，505元、485元、465元；满10—14年的，
485元、465元、445元"."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simtoolkit.budget.liabilities import ACCRUING, cash_flows
from simtoolkit.budget.projection import ledger_frame
from simtoolkit.ledger import item_index, payer_index
from simtoolkit.model import CountyModel
from simtoolkit.report.vocabulary import term
from simtoolkit.rules import own_roles, roles
from simtoolkit.scenario import load_scenario
from simtoolkit.world.tables import POST_DTYPES, Posts, empty

from conftest import SCENARIOS, FixedDraws, refusals

JURONG = SCENARIOS / "examples" / "jurong.toml"
ACCOUNTANT = {"code": "accountant", "zh": "村会计", "en": "Village accountant", "posts_per_village": 1, "entry_age": 35,
              "leave_age": 60}
ROLE = len(roles.CODES)  # the accountant's code: after every shared role


def _run(changes) -> CountyModel:
    """A run of the example with `changes`, the model kept."""
    model = CountyModel(load_scenario(JURONG, changes))
    model.run()
    return model


def test_each_village_has_its_declared_posts_with_holders_between_the_ages():
    model = CountyModel(load_scenario(JURONG, {"policy.own_roles.roles": [ACCOUNTANT | {"posts_per_village": 2}]}))
    posts, villages = model.world.posts, model.world.villages
    assert len(posts) == 2 * len(villages)
    assert (np.bincount(posts.village, minlength=len(villages)) == 2).all()
    assert (posts.role == ROLE).all() and (posts.township == villages.township[posts.village]).all()
    age = model.start_year - posts.birth_year
    assert age.min() >= 35 and age.max() <= 59
    served_years = -posts.start_month / 12  # took the post before January of the first year
    assert (served_years >= 0).all() and (served_years <= age - 35 + 1).all()
    assert len(set(posts.id)) == len(posts) and not set(posts.id) & (set(model.world.heads.id) | set(model.world.members.id))


def test_the_pay_is_booked_each_year_by_its_payer_on_the_roles_axis():
    # 2,000 yuan a month, paid by the township: 24,000 yuan a year for each village's accountant, every year (holders
    # change only at a year's end, and a successor takes each post left)
    model = _run({"run.years": 2, "policy.own_roles.roles": [ACCOUNTANT | {"monthly_pay": 2000}], "policy.own_roles.payer": "township"})
    n = len(model.world.villages)
    pay = model.ledger.yearly[:, item_index("own_role_pay")]
    assert pay[:, payer_index("township")].sum(axis=(1, 2)).tolist() == [2000 * 12 * n * 100] * 2
    assert pay.sum() == pay[:, payer_index("township"), :, ROLE].sum()  # nothing booked to another payer or role
    frame = ledger_frame([model.result])
    assert set(frame.loc[frame["item"] == "own_role_pay", "role"]) == {"accountant"}
    assert term("accountant", "zh") == "村会计" and term("accountant", "en") == "Village accountant"


def test_a_holder_leaves_in_the_year_the_role_age_is_reached_or_at_its_rate():
    # leaving age 60, 5 % a year earlier: in 2030 a holder born 1970 (60) leaves; one born 1971 (59) stays unless
    # the year's draw falls below 0.05; one born 1990 drawn 0.01 leaves
    P = SimpleNamespace(policy=SimpleNamespace(own_roles=SimpleNamespace(roles=[ACCOUNTANT | {"leave_rate": 5}])))
    role = np.full(4, ROLE)
    out = own_roles.leaving(2030, np.array([1970, 1971, 1971, 1990]), role, np.array([0.5, 0.5, 0.049, 0.01]), P)
    assert out.tolist() == [True, False, True, True]
    assert own_roles.last_year(np.array([1970, 1985]), role[:2], P).tolist() == [2030, 2045]


def test_leavers_join_the_retirees_with_their_years_and_successors_enter_at_the_entry_age():
    model = _run({"run.years": 4})
    r, posts = model.world.retirees, model.world.posts
    left = r.role == ROLE
    assert left.sum() > 0
    assert (r.exit_year[left] - r.birth_year[left] >= 60).all()  # no earlier leaving without a rate
    # a successor took the post from January after the leaver's December; he was 35 on entry
    new = posts.start_month > 0
    assert (posts.start_month[new] % 12 == 0).all()
    entered = model.start_year + posts.start_month[new] // 12
    assert (entered - 1 + 1 - posts.birth_year[new] == 35).all()
    # years served at exit: whole months from taking the post to the end of December of the exit year
    assert (r.years_served[left] > 0).all()


def test_former_accountants_are_paid_the_jurong_table_each_january():
    # 满20年 485, 15—19年 465, 10—14年 445 yuan a month to those 60 or older out of office: worked out here from the
    # retirees' own columns with the accountant's rows written out by hand
    model = _run({"run.years": 4})
    r = model.world.retirees
    rate = lambda years: 485 if years >= 20 else 465 if years >= 15 else 445 if years >= 10 else 0
    for k, year in enumerate(range(model.start_year, model.start_year + 4)):
        due = (r.role == ROLE) & (r.exit_year < year) & (year - r.birth_year >= 60)
        expected = sum(12 * rate(y) for y in r.years_served[due])
        booked = model.ledger.yearly[k, item_index("service_subsidy"), payer_index("county"), :, ROLE].sum() / 100
        assert booked == pytest.approx(expected)
    assert model.ledger.yearly[:, item_index("service_subsidy"), :, :, ROLE].sum() > 0


def test_the_liabilities_value_what_a_holder_will_be_owed_after_leaving():
    # One accountant, born 1964 (59 in 2023), in post since January 2004: he reaches 60 in 2024 and leaves at its end
    # after 21 years, and is owed 485 × 12 = 5,820 yuan a year from 2025 (nobody dies); nothing before
    scenario = load_scenario(JURONG, {"behaviour.turnover.mortality_ratio": 0})
    world = CountyModel(scenario).world
    world.posts = empty(Posts, POST_DTYPES)
    without = cash_flows(world, scenario, 2023)
    world.posts = Posts(id=np.array([9_999_999]), township=np.array([0], np.int32), village=np.array([0], np.int32),
                        role=np.array([ROLE], np.int8), sex=np.array([0], np.int8), birth_year=np.array([1964], np.int16),
                        start_month=np.array([-12 * 19], np.int32))
    with_one = cash_flows(world, scenario, 2023)
    owed = lambda flows: flows[(flows["basis"] == ACCRUING) & (flows["item"] == "service_subsidy")].groupby("year")["yuan"].sum()
    extra = owed(with_one).sub(owed(without), fill_value=0)
    assert extra[2023] == pytest.approx(0) and extra[2024] == pytest.approx(0)
    assert extra[2025] == pytest.approx(5820) and extra[2040] == pytest.approx(5820)


@pytest.mark.parametrize("edit, says", [
    (('code = "accountant"', 'code = "secretary"'),
     "policy.own_roles.roles[0].code: 'secretary' is a shared role already (村党组织书记 / Village party secretary)"),
    (('code = "accountant"', 'code = "Accountant"'), "policy.own_roles.roles[0].code: 'Accountant' is not a code"),
    (("leave_age = 60", "leave_age = 35"), "policy.own_roles.roles[0].leave_age: 35 is not above the entry age 35"),
    (('{ role = "accountant", from_years = 10', '{ role = "acountant", from_years = 10'),
     "policy.service_subsidy.table[12].role: expected one of secretary_director"),
    (("posts_per_village = 1", "posts_per_village = 1, pay = 3"), "policy.own_roles.roles[0].pay: unknown column"),
])
def test_bad_declarations_are_one_line_naming_file_and_key(tmp_path, capsys, edit, says):
    # one line per problem, each naming the file and the key (a code changed in the declaration only also leaves the
    # subsidy table's rows naming the old code: a line each)
    assert edit[0] in JURONG.read_text(encoding="utf-8")
    bad, err = refusals(JURONG, lambda text: text.replace(*edit, 1), tmp_path, capsys)
    assert err[0].startswith(f"error: {bad}: {says}"), err
    assert all(line.startswith(f"error: {bad}: policy.") for line in err)
    assert len(err) == (4 if "code" in edit[0] else 1)


def test_a_misspelt_own_role_is_answered_with_the_declared_one(tmp_path, capsys):
    edit = ('{ role = "accountant", from_years = 10', '{ role = "acountant", from_years = 10')
    _, err = refusals(JURONG, lambda text: text.replace(*edit), tmp_path, capsys)
    assert "accountant" in err[0].split("expected one of")[1] and "did you mean 'accountant'" in err[0]


def test_the_budget_report_shows_the_role_by_its_labels():
    # Jurong against Qingxu, two replications of four years: the accountants' subsidy is in the report's costs by role,
    # under the role's code, labelled as declared; by item it is part of service_subsidy, which Qingxu does not pay
    from simtoolkit.budget.report import build_report

    report = build_report(load_scenario(JURONG), load_scenario(SCENARIOS / "qingxu.toml"), 2, 1, 4)
    by_role, by_item = report.projection.by_role, report.projection.by_item
    accountant = by_role[by_role["role"] == "accountant"].set_index("year")["mean"]
    subsidy = by_item[by_item["item"] == "service_subsidy"].set_index("year")["mean"]
    assert accountant.sum() > 0 and (accountant <= subsidy.reindex(accountant.index) + 1e-6).all()
    assert term("accountant", "zh") == "村会计"


ROSTER = """id,township,village,role,age,sex,years_in_post,stars
1,清源镇,东村,一肩挑,50,男,10,2
2,清源镇,东村,村会计,59,女,21,0
3,清源镇,西村,书记,45,男,5,1
4,清源镇,西村,主任,47,男,6,0
"""
FORMER = """id,township,sex,birth_year,stars_at_exit,years_served,exit_year,role
R1,清源镇,男,1955,0,22,2022,村会计
R2,清源镇,男,1953,0,22,2022,secretary
"""


def roster_world(tmp_path, heads=ROSTER, retirees=FORMER, changes=None):
    """句容's example on a two-village roster (and its former cadres), nobody dying."""
    from simtoolkit.streams import Streams
    from simtoolkit.world.roster import build_world, read_roster

    scenario = load_scenario(JURONG, {"behaviour.turnover.mortality_ratio": 0, **(changes or {})})
    (tmp_path / "heads.csv").write_text(heads, encoding="utf-8")
    (tmp_path / "former.csv").write_text(retirees, encoding="utf-8")
    roster = read_roster(scenario, tmp_path / "heads.csv", tmp_path / "former.csv")
    return scenario, roster, build_world(scenario, Streams(1, 0), roster)


def test_a_roster_lists_holders_of_the_own_posts_and_former_holders(tmp_path):
    # 东村's accountant is listed (59, 21 years in post); 西村's is not, so his post is drawn; the former accountant R1
    # (22 years) is owed 485 a month, the former secretary R2 (22 years) 525: 12 × (485 + 525) = 12,120 yuan in 2023
    # and 2024; 东村's accountant reaches 60 in 2024 and leaves at its end after 23 years: + 485 × 12 = 5,820 from 2025
    scenario, roster, world = roster_world(tmp_path)
    assert len(world.heads) == 3 and len(world.posts) == 2
    listed = world.posts.village == 0
    assert world.posts.birth_year[listed].tolist() == [2023 - 59] and world.posts.start_month[listed].tolist() == [-21 * 12]
    assert world.retirees.role.tolist() == [ROLE, roles.code("secretary")]
    model = CountyModel(scenario, years=3, roster=roster)
    model.run()
    paid = model.ledger.yearly[:, item_index("service_subsidy")].sum(axis=(1, 2, 3)) / 100
    assert paid.tolist() == pytest.approx([12_120, 12_120, 12_120 + 5_820])


@pytest.mark.parametrize("heads, retirees, says", [
    (ROSTER + "5,清源镇,南村,accountant,40,男,3,0\n", FORMER,
     "row 6, column C village (村(社区)): 清源镇 南村 has no head in the roster: its posts come with its heads"),
    (ROSTER, FORMER.replace("村会计", "会计"), "row 2, column H role (岗位): unknown role code '会计' (use a code such as"),
])
def test_a_rosters_own_posts_are_checked(tmp_path, heads, retirees, says):
    from simtoolkit.errors import InputError

    with pytest.raises(InputError) as caught:
        roster_world(tmp_path, heads, retirees)
    assert len(caught.value.lines) == 1 and says in caught.value.lines[0]
    assert "unknown role" not in says or caught.value.lines[0].endswith("or a role the scenario declares: accountant)")


# ---- the component alone, on a few posts built here ---------------------------------------------------------------------
def own_roles_on(declared, draws=None, **posts):
    """OwnRoles over the posts given (ids from 1, township 7) in 2023, 句容's example with the roles `declared`."""
    from conftest import Table, small_model
    from simtoolkit.rulebook.own_roles import OwnRoles

    n = len(posts["role"])
    appended = []
    model = small_model(load_scenario(JURONG, {"policy.own_roles.roles": declared}), 2023, draws=draws,
                        posts=Table(id=np.arange(1, n + 1), township=np.full(n, 7), village=np.arange(n), **posts),
                        retirees=SimpleNamespace(append=lambda **columns: appended.append(columns)),
                        new_ids=lambda k: np.arange(100, 100 + k))
    model.appended = appended
    return OwnRoles(model), model, model.config.params(2023)


def test_january_books_a_years_monthly_pay_to_each_paid_post_by_its_holder():
    # the accountant 2,000 a month, a cashier 0.5 (paid: above 0), a clerk of our own 0 (nothing booked): in January, 12
    # months from it, by the holders' ids; nothing in another month
    roles3 = [ACCOUNTANT | {"monthly_pay": 2000}, ACCOUNTANT | {"code": "cashier", "monthly_pay": 0.5},
              ACCOUNTANT | {"code": "keeper", "monthly_pay": 0}]
    component, model, P = own_roles_on(roles3, role=[ROLE, ROLE + 1, ROLE + 2])
    component.month_pay(P, 3)
    component.month_pay(P, 12)
    assert model.ledger == [((12, 12), "own_role_pay", "county", {1: 2000, 2: 0.5})]
    # a county with one post pays it too
    component, model, P = own_roles_on(roles3[:1], role=[ROLE])
    component.month_pay(P, 0)
    assert model.ledger == [((0, 12), "own_role_pay", "county", {1: 2000})]


def test_at_the_years_end_leavers_retire_with_their_years_and_successors_enter_at_35_next_month():
    # December 2023 (month 11), leaving age 60 and 5 % a year before it, each post's draw from the stream
    # own_role_turnover: post 1 (born 1963: 60) leaves whatever its draw; post 2 (born 1990) drew 0.01 < 5 %: leaves;
    # post 3 (born 1980) drew 0.9: stays. Post 1 was held from month −120: 132 months, 11 years; post 2 from month 5:
    # 7 months. Successors: new ids 100, 101, born 2024 − 35 = 1989, from January (month 12); a woman where the second
    # draw is below the heads' share of women, Qingxu's 10 % (0.0: yes; exactly 0.1: no)
    draws = FixedDraws([0.9, 0.01, 0.9], [0.0, 0.1, 0.0])
    component, model, P = own_roles_on([ACCOUNTANT | {"leave_rate": 5}], draws, role=[ROLE] * 3, birth_year=[1963, 1990, 1980],
                                       start_month=[-120, 5, -12], sex=[False, True, True])
    component.year_report(P, 11)
    assert model.streams_used == [("own_role_turnover", 2023)] and model.notes == {"own_role_leavers": 2.0}
    (left,) = model.appended
    assert left["id"].tolist() == [1, 2] and left["years_served"].tolist() == pytest.approx([11, 7 / 12])
    assert left["exit_year"].tolist() == [2023, 2023] and left["birth_year"].tolist() == [1963, 1990]
    assert left["alive"].tolist() == [True, True] and left["left_normally"].tolist() == [True, True] and left["sex"].tolist() == [False, True]
    posts = model.world.posts
    assert posts.id.tolist() == [100, 101, 3] and posts.birth_year.tolist() == [1989, 1989, 1980]
    assert posts.sex.tolist() == [True, False, True] and posts.start_month.tolist() == [12, 12, -12]
    # nobody leaving: the note says 0 and nothing joins the retirees
    component, model, P = own_roles_on([ACCOUNTANT], FixedDraws([0.5], [0.5]), role=[ROLE], birth_year=[1980], start_month=[0], sex=[True])
    component.year_report(P, 11)
    assert model.notes == {"own_role_leavers": 0.0} and model.appended == []

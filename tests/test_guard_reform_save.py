"""Safe saving from the dashboard (issue #20):

"The dashboard's "save as reform" writes any `.toml` path, inside or outside its folder, over any file: typing
`../scenarios/qingxu_before.toml` replaces the default baseline of `report`, silently."

A reform is saved only by a plain file name into the chosen reforms folder (default: a user folder, not the
repository), never among the shipped scenarios, and over an existing file only when saved a second time.
"""

from __future__ import annotations

import os

import pytest

from snapshot import snapshot
from simtoolkit.errors import InputError
from simtoolkit.ui import Dashboard
from simtoolkit.ui.catalogue import SCENARIO_DIR
from simtoolkit.ui.reform import default_reforms_folder, reform_target, save_reform

QINGXU = SCENARIO_DIR / "qingxu.toml"
AWARD = "policy.stars.award_per_star"


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    """A small Qingxu dashboard saving into a temporary reforms folder."""
    folder = tmp_path_factory.mktemp("reforms")
    d = Dashboard(QINGXU, reps=2, years=1, workers=1, debounce=0.01, scenarios={}, reforms=folder)
    yield d
    d.close()


@pytest.fixture
def dashboard(board):
    """The dashboard with the award changed and an empty reforms folder."""
    for path in board.reforms.iterdir():
        path.unlink()
    board.reset_all()
    board.set_values({AWARD: 1700})
    board.wait()
    return board


def save_typed(dashboard, name):
    """Type a name into the page's box and press save, as a user does."""
    dashboard.save_path.value = name
    dashboard.save.click()
    return dashboard.save_note.value


@pytest.mark.parametrize("name", ["../scenarios/qingxu_before.toml", str(SCENARIO_DIR / "qingxu_before.toml"),
                                  "sub/x.toml", "..", ".hidden.toml", "reform.txt", "", "a\\b.toml"])
def test_only_a_plain_file_name_is_saved(dashboard, name):
    shipped = snapshot(SCENARIO_DIR)
    note = save_typed(dashboard, name)
    assert "cannot save" in note or "无法保存" in note
    assert snapshot(SCENARIO_DIR) == shipped and snapshot(dashboard.reforms) == {}


def test_a_plain_name_is_saved_in_the_reforms_folder(dashboard):
    note = save_typed(dashboard, "award.toml")
    target = dashboard.reforms / "award.toml"
    assert str(target) in note and target.is_file()
    assert "award_per_star = 1700" in target.read_text(encoding="utf-8")


def test_an_existing_file_is_replaced_only_when_saved_again(dashboard):
    target = dashboard.reforms / "mine.toml"
    target.write_text("# my own notes\n", encoding="utf-8")
    note = save_typed(dashboard, "mine.toml")
    assert "已存在" in note or "exists" in note
    assert target.read_text(encoding="utf-8") == "# my own notes\n"
    save_typed(dashboard, "mine.toml")  # the second click is the answer to the question
    assert "award_per_star = 1700" in target.read_text(encoding="utf-8")


def test_another_name_between_two_clicks_asks_again(dashboard):
    for name in ("a.toml", "b.toml"):
        (dashboard.reforms / name).write_text("# keep\n", encoding="utf-8")
    save_typed(dashboard, "a.toml")
    save_typed(dashboard, "b.toml")
    assert snapshot(dashboard.reforms) == {"a.toml": b"# keep\n", "b.toml": b"# keep\n"}


def test_never_among_the_shipped_scenarios(dashboard, monkeypatch):
    shipped = snapshot(SCENARIO_DIR)
    assert dashboard.save_as(SCENARIO_DIR / "qingxu_before.toml", replace=True) is None
    assert "shipped scenarios" in dashboard.save_note.value
    assert dashboard.save_as(SCENARIO_DIR / "brand_new.toml") is None
    monkeypatch.setattr(dashboard, "reforms", SCENARIO_DIR)  # even when the folder chosen is the shipped one
    save_typed(dashboard, "qingxu_before.toml")
    save_typed(dashboard, "qingxu_before.toml")
    assert snapshot(SCENARIO_DIR) == shipped


def test_a_link_to_a_shipped_scenario_is_not_followed(dashboard):
    link = dashboard.reforms / "link.toml"
    os.symlink(SCENARIO_DIR / "qingxu_before.toml", link)
    shipped = snapshot(SCENARIO_DIR)
    save_typed(dashboard, "link.toml")
    save_typed(dashboard, "link.toml")
    assert snapshot(SCENARIO_DIR) == shipped and link.is_symlink()


def test_the_default_folder_is_the_users_not_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("SIMTOOLKIT_REFORMS", raising=False)
    assert not default_reforms_folder().resolve().is_relative_to(SCENARIO_DIR.parent.resolve())
    monkeypatch.setenv("SIMTOOLKIT_REFORMS", str(tmp_path))
    assert default_reforms_folder() == tmp_path


def test_save_reform_refuses_without_the_dashboard(tmp_path):
    with pytest.raises(InputError, match="plain file name"):
        reform_target(tmp_path, "../x.toml")
    target = tmp_path / "r.toml"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="exists"):
        save_reform(QINGXU, target, {AWARD: 900}, "t")
    assert target.read_text(encoding="utf-8") == "x"
    assert save_reform(QINGXU, target, {AWARD: 900}, "t", replace=True) == target
    with pytest.raises(InputError, match="extends"):
        save_reform(QINGXU, QINGXU, {AWARD: 900}, "t", replace=True)

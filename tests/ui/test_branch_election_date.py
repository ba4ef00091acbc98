"""An election date (本届选举日期) before the founding date (成立日期) is refused with its reason,
under the field in the form and as a rejected row in the Excel import (one shared rule)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import ValidationError
from desktop.services import branches
from desktop.services.branch_import import import_branches
from tests.sheets import HEADERS, branch_row, write_xlsx
from tests.ui.conftest import add_branch, settle
from tests.ui.test_registry_tab import fill_form, open_dialog, press_save

REASON = "2019-06-30 早于成立日期 2019-07-01，换届不能早于支部成立"


@pytest.fixture
def seed(ws):
    return {"和平社区党支部": add_branch(ws, "和平社区党支部", established_on=date(2010, 3, 1))}


def test_form_shows_the_reason_under_the_election_date_and_saves_nothing(qtbot, registry, ws):
    dialog = open_dialog(qtbot, registry, registry.add_button)
    fill_form(qtbot, dialog, "社区", name="光明社区党支部", full_members="12", established_on="2019-07-01",
              elected_on="2019-06-30", term_years="5")
    label = dialog.errors["elected_on"]
    assert label.isVisible() and label.text() == REASON  # inline while typing, named once
    press_save(qtbot, dialog)
    assert dialog.isVisible() and "光明社区党支部" not in branches.branch_names(ws)
    fill_form(qtbot, dialog, elected_on="2019-07-01")  # the same day is allowed
    assert not label.isVisible() or label.text() != REASON
    press_save(qtbot, dialog)
    settle(qtbot, registry.context)
    assert "光明社区党支部" in branches.branch_names(ws)


def test_import_rejects_the_row_with_the_same_reason(ws, seed, tmp_path):
    path = write_xlsx(tmp_path / "台账.xlsx", [
        HEADERS,
        branch_row("光明社区党支部", 成立日期=date(2019, 7, 1), 本届选举日期=date(2019, 6, 30)),
        branch_row("红旗社区党支部", 成立日期=date(2019, 7, 1), 本届选举日期=date(2019, 7, 1)),
    ])
    report = import_branches(ws, path)
    assert [(r.row, r.column, r.reason) for r in report.rejected] == [(2, "本届选举日期", REASON)]
    names = branches.branch_names(ws)
    assert "红旗社区党支部" in names and "光明社区党支部" not in names


def test_import_without_a_founding_column_checks_against_the_stored_date(ws, seed, tmp_path):
    path = write_xlsx(tmp_path / "换届.xlsx", [
        ["支部名称", "支部类型", "正式党员数", "本届选举日期"],
        ["和平社区党支部", "社区", 10, date(2009, 12, 31)],  # founded 2010-03-01, kept: the sheet has no 成立日期
    ])
    report = import_branches(ws, path)
    assert [(r.row, r.column, r.reason) for r in report.rejected] == [
        (2, "本届选举日期", "2009-12-31 早于成立日期 2010-03-01，换届不能早于支部成立")]
    assert branches.get_branch(ws, seed["和平社区党支部"])["elected_on"] == date(2024, 3, 1)  # unchanged


def test_save_branch_refuses_it_too(ws, seed):
    values = dict(branches.get_branch(ws, seed["和平社区党支部"]), elected_on=date(2010, 2, 28))
    with pytest.raises(ValidationError) as refused:
        branches.save_branch(ws, values, seed["和平社区党支部"])
    assert refused.value.fields["elected_on"].startswith("本届选举日期：2010-02-28 早于成立日期 2010-03-01")
    assert branches.get_branch(ws, seed["和平社区党支部"])["elected_on"] == date(2024, 3, 1)

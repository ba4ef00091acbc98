"""四评录入 saves made from what the form loaded: refused once another writer (another ws: the
CLI, another process) has changed the branch's tallies for that year, the database keeping that
writer's data; including tallies that did not exist when the form was opened."""

from __future__ import annotations

from dataclasses import replace

import pytest
from openpyxl import Workbook

from desktop.errors import StaleError
from desktop.rules.scoring import Tally
from desktop.services import evaluation_import, tallies
from desktop.services.tallies import ComplaintEntry, FeedbackEntry, TallyForm
from tests.meeting_helpers import add_branch

NAME = "和平社区党支部"
YEAR = 2025
COUNTS = Tally(participants=20, excellent=15, qualified=5, basic=0, unqualified=0, satisfied=40, public_basic=5,
               dissatisfied=1)
STALE = "该支部 2025 年的四评录入在您打开之后已被修改"



@pytest.fixture
def branch(ws) -> int:
    return add_branch(ws, NAME)


def test_a_save_after_another_writer_changed_the_counts_is_refused(ws, other, branch):
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS, review_grade="good"))
    loaded = tallies.open_tally(ws, branch, YEAR)
    tallies.save_tally(other, branch, YEAR, replace(loaded.form, tally=replace(COUNTS, excellent=18, qualified=2)))

    with pytest.raises(StaleError, match=STALE):
        tallies.save_tally(ws, branch, YEAR, replace(loaded.form, review_grade="excellent"), loaded.basis)
    stored = tallies.get_tally(ws, branch, YEAR)
    assert stored.tally.excellent == 18 and stored.review_grade == "good"


def test_a_form_opened_before_the_tallies_existed_is_refused_once_they_do(ws, other, branch):
    loaded = tallies.open_tally(ws, branch, YEAR)
    assert loaded.form == TallyForm()
    tallies.save_tally(other, branch, YEAR, TallyForm(tally=COUNTS))

    with pytest.raises(StaleError, match=STALE):
        tallies.save_tally(ws, branch, YEAR, TallyForm(tally=replace(COUNTS, dissatisfied=9)), loaded.basis)
    assert tallies.get_tally(ws, branch, YEAR).tally == COUNTS


def test_complaints_replaced_elsewhere_make_the_form_stale(ws, other, branch):
    """Complaints and feedback are records of their own: replacing them leaves the evaluation row
    (and its version) untouched, and must still refuse the older form."""
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS, complaints=(ComplaintEntry("路灯坏了"),)))
    loaded = tallies.open_tally(ws, branch, YEAR)
    tallies.save_tally(other, branch, YEAR, replace(loaded.form, complaints=(ComplaintEntry("路灯坏了", True),)))

    with pytest.raises(StaleError):
        tallies.save_tally(ws, branch, YEAR, replace(loaded.form, veto="逾期未换届"), loaded.basis)
    stored = tallies.get_tally(ws, branch, YEAR)
    assert stored.complaints == (ComplaintEntry("路灯坏了", True),) and stored.veto is None

    loaded = tallies.open_tally(ws, branch, YEAR)
    tallies.save_tally(other, branch, YEAR, replace(loaded.form, feedback=(FeedbackEntry("民政科", False),)))
    with pytest.raises(StaleError):
        tallies.save_tally(ws, branch, YEAR, replace(loaded.form, veto="逾期未换届"), loaded.basis)
    assert tallies.get_tally(ws, branch, YEAR).feedback == (FeedbackEntry("民政科", False),)


def test_a_command_line_import_makes_the_open_form_stale(ws, other, branch, tmp_path):
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS))
    loaded = tallies.open_tally(ws, branch, YEAR)
    book = Workbook()
    book.active.append(["支部名称", "年度", "参评党员数", "评议优秀", "评议合格", "评议基本合格", "评议不合格"])
    book.active.append([NAME, YEAR, 20, 19, 1, 0, 0])
    book.save(tmp_path / "eval.xlsx")
    assert evaluation_import.import_evaluations(other, tmp_path / "eval.xlsx").updated == 1

    with pytest.raises(StaleError, match=STALE):
        tallies.save_tally(ws, branch, YEAR, replace(loaded.form, review_grade="fair"), loaded.basis)
    stored = tallies.get_tally(ws, branch, YEAR)
    assert stored.tally.excellent == 19 and stored.review_grade is None


def test_each_save_returns_the_basis_the_next_one_starts_from(ws, branch):
    loaded = tallies.open_tally(ws, branch, YEAR)
    basis = tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS), loaded.basis)
    assert basis == tallies.open_tally(ws, branch, YEAR).basis != loaded.basis
    basis = tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS, complaints=(ComplaintEntry("噪音"),)),
                               basis)
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS, complaints=(ComplaintEntry("噪音", True),)),
                       basis)
    assert tallies.get_tally(ws, branch, YEAR).complaints == (ComplaintEntry("噪音", True),)
    with pytest.raises(StaleError):  # the basis of the first save is spent
        tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS), basis)


def test_another_years_tallies_do_not_make_the_form_stale(ws, other, branch):
    loaded = tallies.open_tally(ws, branch, YEAR)
    tallies.save_tally(other, branch, YEAR - 1, TallyForm(tally=COUNTS))
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS, review_grade="good"), loaded.basis)
    assert tallies.get_tally(ws, branch, YEAR).review_grade == "good"


def race_after_the_check(monkeypatch, write) -> None:
    """Run `write` (another process's save) once, right after save_tally has checked the basis."""
    check = tallies.basis_of
    raced = []

    def check_then_race(evaluation):
        checked = check(evaluation)
        if not raced:
            raced.append(True)
            write()
        return checked

    monkeypatch.setattr(tallies, "basis_of", check_then_race)


def test_a_write_between_the_check_and_the_update_is_refused_too(ws, other, branch, monkeypatch):
    """The basis matches, then another process commits before this UPDATE: SQLAlchemy's version
    condition catches it with the same Chinese message."""
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS))
    loaded = tallies.open_tally(ws, branch, YEAR)
    race_after_the_check(monkeypatch, lambda: tallies.save_tally(other, branch, YEAR,
                                                                 replace(loaded.form, review_grade="poor")))
    with pytest.raises(StaleError, match=STALE):
        tallies.save_tally(ws, branch, YEAR, replace(loaded.form, review_grade="excellent"), loaded.basis)
    assert tallies.get_tally(ws, branch, YEAR).review_grade == "poor"


def test_tallies_created_between_the_check_and_the_insert_are_refused_too(ws, other, branch, monkeypatch):
    """Nothing stored when checked, then another process creates the year's tallies: the INSERT
    meets the one-per-branch-and-year constraint, refused with the same message."""
    loaded = tallies.open_tally(ws, branch, YEAR)
    race_after_the_check(monkeypatch, lambda: tallies.save_tally(other, branch, YEAR,
                                                                 TallyForm(tally=COUNTS, review_grade="poor")))
    with pytest.raises(StaleError, match=STALE):
        tallies.save_tally(ws, branch, YEAR, TallyForm(tally=COUNTS, review_grade="excellent"), loaded.basis)
    assert tallies.get_tally(ws, branch, YEAR).review_grade == "poor"

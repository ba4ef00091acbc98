"""Scoring on the laptop through the services: the office checks parts out, laptops open them and
make returns, the office merges them back; what the office refuses while a part is out."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.errors import BranchdeskError, PackageRefused
from desktop.models import CheckoutConflict
from desktop.rules.collation import branch_order_key
from desktop.rules.scoring import Tally
from desktop.services import checkout, laptop, merge, rubric, scoring, tallies
from desktop.services.held import HeldError
from desktop.services.tallies import TallyForm
from desktop.store.database import open_database
from tests.services.checkout_helpers import BRANCHES, YEAR, computers, dump, only_session, scores_by_name, seed_office, type_score

__all__ = ["computers"]  # the fixture, used by name

COUNTS = Tally(participants=20, excellent=10, qualified=8, basic=2, unqualified=0, satisfied=30, public_basic=5, dissatisfied=1)


def open_on(computer, made):
    return laptop.open_package(computer.ws, made.file, made.code).session_id


def test_the_whole_loop_with_one_laptop(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    type_score(office.ws, session_id, "甲", BRANCHES[0], 0, 3)
    type_score(office.ws, session_id, "乙", BRANCHES[0], 0, 1)
    made = checkout.export_part(office.ws, session_id, tmp_path / "甲", ["甲"])
    assert made.file.name == "甲.bdsession" and made.scorers == ["甲"] and made.tallies
    assert len(made.code) == 23 and made.code.count("-") == 3

    opened = laptop.open_package(a.ws, made.file, made.code.lower().replace("-", " "))
    assert (opened.branches, opened.scorers, opened.already) == (3, ["甲"], False)
    there = opened.session_id
    assert scores_by_name(a.ws, there) == {("甲", BRANCHES[0], "setup.committee"): 3.0}  # only the part's scores
    grid = scoring.load_grid(a.ws, there)
    # The session lists its branches in the one order of names, on the laptop as in the office.
    assert [n for _i, n in grid.scorers] == ["甲"] and [n for _i, n in grid.branches] == sorted(BRANCHES, key=branch_order_key)
    assert laptop.evidence(a.ws, there)  # the office's evidence lines came along
    assert laptop.evidence(office.ws, session_id) is None

    type_score(a.ws, there, "甲", BRANCHES[0], 0, 4)
    type_score(a.ws, there, "甲", BRANCHES[1], 1, 2.5)
    tallies.save_tally(a.ws, scoring.load_grid(a.ws, there).branches[2][0], YEAR, TallyForm(tally=COUNTS, review_grade="good"))
    back = laptop.make_return(a.ws, there, tmp_path / "回")
    assert (back.number, back.cells, back.tallies) == (1, 2, True)

    preview = merge.merge(office.ws, back.file, dry_run=True)
    assert (preview.merged, preview.new, preview.changed, preview.written) == (2, 1, 1, False)
    assert preview.tallies_merged == 9  # eight counts and the grade
    report = merge.merge(office.ws, back.file)
    assert report.written and report.as_json()["merged"] == 2 and report.conflicts == []
    assert scores_by_name(office.ws, session_id) == {
        ("甲", BRANCHES[0], "setup.committee"): 4.0, ("甲", BRANCHES[1], "setup.term"): 2.5,
        ("乙", BRANCHES[0], "setup.committee"): 1.0}
    branch_id = scoring.load_grid(office.ws, session_id).branches[2][0]
    assert tallies.get_tally(office.ws, branch_id, YEAR) == TallyForm(tally=COUNTS, review_grade="good")
    assert [c.state for c in checkout.checkouts(office.ws, session_id)] == ["merged"]

    before = dump(office.file)
    again = merge.merge(office.ws, back.file)
    assert (again.merged, again.written) == (0, False)
    assert dump(office.file) == before  # a second merge changes nothing


def _loop(computers, tmp_path):
    """甲 to laptop A (with the tallies), 乙 and 丙 to laptop B; both type; both returns made."""
    office, a, b = computers
    session_id = seed_office(office.ws)
    to_a = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    to_b = checkout.export_part(office.ws, session_id, tmp_path / "b", ["乙", "丙"])
    assert (to_a.tallies, to_b.tallies) == (True, False)
    on_a, on_b = open_on(a, to_a), open_on(b, to_b)
    for n, branch in enumerate(BRANCHES):
        type_score(a.ws, on_a, "甲", branch, n, 1)
        type_score(b.ws, on_b, "乙", branch, n, 0.5)
        type_score(b.ws, on_b, "丙", branch, 0, n)
    tallies.save_tally(a.ws, scoring.load_grid(a.ws, on_a).branches[0][0], YEAR, TallyForm(tally=COUNTS))
    return session_id, laptop.make_return(a.ws, on_a, tmp_path / "back-a"), laptop.make_return(b.ws, on_b, tmp_path / "back-b")


def test_disjoint_splits_merged_in_either_order_give_the_same_result(computers, tmp_path):
    office = computers[0]
    session_id, back_a, back_b = _loop(computers, tmp_path)
    office.db.close()
    twin_folder = tmp_path / "office-twin"
    twin_folder.mkdir()
    shutil.copy(office.file, twin_folder / office.file.name)  # closed: the WAL is checkpointed into the file
    office.db = open_database(str(office.file))
    twin = open_database(str(twin_folder / office.file.name))
    try:
        merge.merge(office.ws, back_a.file)
        merge.merge(office.ws, back_b.file)
        merge.merge(twin.workspace, back_b.file)
        merge.merge(twin.workspace, back_a.file)
        one, other = scores_by_name(office.ws, session_id), scores_by_name(twin.workspace, session_id)
        assert one == other and len(one) == 9
        first = scoring.load_grid(office.ws, session_id).branches[0][0]
        assert tallies.get_tally(office.ws, first, YEAR) == tallies.get_tally(twin.workspace, first, YEAR) == TallyForm(tally=COUNTS)
        assert {c.state for c in checkout.checkouts(twin.workspace, session_id)} == {"merged"}
    finally:
        twin.close()


def test_the_office_refuses_what_a_laptop_holds(computers, tmp_path):
    office = computers[0]
    session_id = seed_office(office.ws)
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    with pytest.raises(HeldError, match=r"a\.bdsession"):
        type_score(office.ws, session_id, "甲", BRANCHES[0], 0, 3)
    type_score(office.ws, session_id, "乙", BRANCHES[0], 0, 3)  # the rest of the session goes on
    branch_id = scoring.load_grid(office.ws, session_id).branches[0][0]
    with pytest.raises(HeldError, match="四评录入"):
        tallies.save_tally(office.ws, branch_id, YEAR, TallyForm(tally=COUNTS))
    with pytest.raises(HeldError):
        scoring.finalize(office.ws, session_id, "张")
    with pytest.raises(HeldError):
        scoring.delete_session(office.ws, session_id)
    view = rubric.rubric_for_year(office.ws, YEAR)
    with pytest.raises(HeldError, match="细则"):
        rubric.update_rubric(office.ws, YEAR, pass_line=80, weights=view.weights, drop_extremes=False,
                             items=list(view.items), vetoes=list(view.vetoes))
    with pytest.raises(HeldError, match="不能再次带出"):
        checkout.export_part(office.ws, session_id, tmp_path / "again", ["甲", "乙"])
    with pytest.raises(HeldError, match="四评录入"):
        checkout.export_part(office.ws, session_id, tmp_path / "again", ["乙"], tallies=True)
    assert not (tmp_path / "again.bdsession").exists()
    with pytest.raises(BranchdeskError, match="原因"):
        checkout.cancel(office.ws, session_id, "  ")
    cancelled = checkout.cancel(office.ws, session_id, "U 盘遗失")
    assert [(c.state, c.reason, c.file_name) for c in cancelled] == [("cancelled", "U 盘遗失", made.file.name)]
    type_score(office.ws, session_id, "甲", BRANCHES[0], 0, 3)  # held no longer


def test_a_cell_the_office_typed_and_cleared_after_a_cancel_is_a_conflict_not_overwritten(computers, tmp_path):
    """Empty at the check-out, empty in the office again (typed, then cleared on purpose): the
    office changed it all the same, so the laptop's score is a conflict, not taken silently."""
    office, a, _b = computers
    session_id = seed_office(office.ws)
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    there = open_on(a, made)
    checkout.cancel(office.ws, session_id, "笔记本没带回来")
    type_score(office.ws, session_id, "甲", BRANCHES[0], 0, 1)
    type_score(office.ws, session_id, "甲", BRANCHES[0], 0, None)  # cleared again in the office
    type_score(a.ws, there, "甲", BRANCHES[0], 0, 2)
    back = laptop.make_return(a.ws, there, tmp_path / "back")

    report = merge.merge(office.ws, back.file)
    assert [(c.office, c.laptop) for c in report.conflicts] == [(None, 2)] and report.merged == 0
    assert ("甲", BRANCHES[0], "setup.committee") not in scores_by_name(office.ws, session_id)


def test_a_return_after_a_cancel_reports_conflicts_and_applies_nothing_of_them(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    type_score(office.ws, session_id, "甲", BRANCHES[0], 0, 1)
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    there = open_on(a, made)
    checkout.cancel(office.ws, session_id, "笔记本没带回来")
    type_score(office.ws, session_id, "甲", BRANCHES[0], 0, 3)  # office: 1 → 3
    type_score(a.ws, there, "甲", BRANCHES[0], 0, 2)  # laptop: 1 → 2: a conflict
    type_score(a.ws, there, "甲", BRANCHES[1], 0, 4)  # laptop only: merged
    back = laptop.make_return(a.ws, there, tmp_path / "back")

    report = merge.merge(office.ws, back.file)
    assert [c.as_json() for c in report.conflicts] == [
        {"branch": BRANCHES[0], "scorer": "甲", "item": "组织设置·按人数规范设置/支委配齐", "office": 3, "laptop": 2}]
    assert report.merged == 1
    stored = scores_by_name(office.ws, session_id)
    assert stored[("甲", BRANCHES[0], "setup.committee")] == 3.0 and stored[("甲", BRANCHES[1], "setup.committee")] == 4.0

    before = dump(office.file)
    assert len(merge.merge(office.ws, back.file).conflicts) == 1  # still listed, still not applied
    assert dump(office.file) == before

    chosen = merge.merge(office.ws, back.file, prefer=merge.LAPTOP)
    assert len(chosen.conflicts) == 1 and chosen.merged == 1
    assert scores_by_name(office.ws, session_id)[("甲", BRANCHES[0], "setup.committee")] == 2.0
    with office.ws.read() as session:
        recorded = session.scalars(select(CheckoutConflict)).all()
        assert [(r.kept, r.office_value, r.laptop_value) for r in recorded] == [("laptop", "3.0", "2.0")]
    before = dump(office.file)
    assert merge.merge(office.ws, back.file, prefer=merge.LAPTOP).written is False
    assert dump(office.file) == before


def test_prefer_office_keeps_the_office_score_and_the_laptop_does_not_bring_it_back(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    there = open_on(a, made)
    checkout.cancel(office.ws, session_id, "重新安排")
    type_score(office.ws, session_id, "甲", BRANCHES[0], 0, 3)
    type_score(a.ws, there, "甲", BRANCHES[0], 0, 2)
    merge.merge(office.ws, laptop.make_return(a.ws, there, tmp_path / "one").file, prefer=merge.OFFICE)
    type_score(a.ws, there, "甲", BRANCHES[2], 0, 1)  # the laptop goes on; its 2 stays as it was
    report = merge.merge(office.ws, laptop.make_return(a.ws, there, tmp_path / "two").file)
    assert (report.merged, report.conflicts) == (1, [])
    stored = scores_by_name(office.ws, session_id)
    assert stored[("甲", BRANCHES[0], "setup.committee")] == 3.0 and stored[("甲", BRANCHES[2], "setup.committee")] == 1.0


def test_a_later_return_merges_cleanly_and_an_older_one_is_refused(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    there = open_on(a, checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"]))
    type_score(a.ws, there, "甲", BRANCHES[0], 0, 1)
    first = laptop.make_return(a.ws, there, tmp_path / "one")
    merge.merge(office.ws, first.file)
    type_score(a.ws, there, "甲", BRANCHES[0], 0, 2)  # changed again after the first return
    second = laptop.make_return(a.ws, there, tmp_path / "two")
    assert second.number == 2
    report = merge.merge(office.ws, second.file)
    assert (report.merged, report.conflicts) == (1, [])
    before = dump(office.file)
    with pytest.raises(PackageRefused, match=r"第 1 份.*第 2 份更早"):
        merge.merge(office.ws, first.file)
    assert dump(office.file) == before
    assert scores_by_name(office.ws, session_id)[("甲", BRANCHES[0], "setup.committee")] == 2.0


def test_a_part_checked_out_again_opens_over_the_returned_one(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    there = open_on(a, checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"]))
    type_score(a.ws, there, "甲", BRANCHES[0], 0, 1)
    merge.merge(office.ws, laptop.make_return(a.ws, there, tmp_path / "one").file)
    type_score(office.ws, session_id, "甲", BRANCHES[1], 0, 2)  # the office edits after the merge
    again = checkout.export_part(office.ws, session_id, tmp_path / "a2", ["甲"])
    assert open_on(a, again) == there
    assert scores_by_name(a.ws, there) == scores_by_name(office.ws, session_id)
    assert [p.superseded for p in laptop.packages_of(a.ws, there)] == [True, False]
    type_score(a.ws, there, "甲", BRANCHES[2], 0, 3)
    merge.merge(office.ws, laptop.make_return(a.ws, there, tmp_path / "two").file)
    assert scores_by_name(office.ws, session_id)[("甲", BRANCHES[2], "setup.committee")] == 3.0


def test_a_newer_package_does_not_overwrite_work_no_return_carries(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    there = open_on(a, checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"]))
    type_score(a.ws, there, "甲", BRANCHES[0], 0, 1)
    checkout.cancel(office.ws, session_id, "换一台笔记本")
    again = checkout.export_part(office.ws, session_id, tmp_path / "a2", ["甲"])
    before = dump(a.file)
    with pytest.raises(PackageRefused, match="没有导出带回"):
        laptop.open_package(a.ws, again.file, again.code)
    assert dump(a.file) == before


def test_opening_a_package_twice_changes_nothing(computers, tmp_path):
    office, a, _b = computers
    made = checkout.export_part(office.ws, seed_office(office.ws), tmp_path / "a")
    first = laptop.open_package(a.ws, made.file, made.code)
    before = dump(a.file)
    assert laptop.open_package(a.ws, made.file, made.code) == replace(first, already=True)
    assert dump(a.file) == before
    assert only_session(a.ws) == first.session_id


def test_the_office_does_not_open_its_own_package(computers, tmp_path):
    office = computers[0]
    made = checkout.export_part(office.ws, seed_office(office.ws), tmp_path / "a")
    before = dump(office.file)
    with pytest.raises(PackageRefused, match="本机带出"):
        laptop.open_package(office.ws, made.file, made.code)
    assert dump(office.file) == before


def test_an_existing_package_file_is_not_overwritten(computers, tmp_path):
    office = computers[0]
    session_id = seed_office(office.ws)
    checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    with pytest.raises(BranchdeskError, match="同名文件"):
        checkout.export_part(office.ws, session_id, tmp_path / "a.bdsession", ["乙"])
    assert len(checkout.checkouts(office.ws, session_id)) == 1

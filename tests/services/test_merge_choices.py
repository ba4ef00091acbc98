"""带回评分 with a side picked for each conflict (the window's conflict chooser): each choice is
applied and recorded in the one merge unit; the laptop's other cells merge as usual."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.errors import BranchdeskError
from desktop.models import CheckoutConflict
from desktop.services import checkout, laptop, merge
from desktop.services.merge_choices import CHOSEN, choice_key, merge_choosing
from tests.services.checkout_helpers import BRANCHES, computers, dump, scores_by_name, seed_office, type_score

__all__ = ["computers"]  # the fixture, used by name


def two_conflicts(computers, tmp_path):
    """After a cancel both sides changed 甲's first item in two branches; the laptop alone the third."""
    office, a, _b = computers
    session_id = seed_office(office.ws)
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    there = laptop.open_package(a.ws, made.file, made.code).session_id
    checkout.cancel(office.ws, session_id, "U 盘遗失")
    for branch, office_points, laptop_points in ((BRANCHES[0], 3, 2), (BRANCHES[1], 1, 4)):
        type_score(office.ws, session_id, "甲", branch, 0, office_points)
        type_score(a.ws, there, "甲", branch, 0, laptop_points)
    type_score(a.ws, there, "甲", BRANCHES[2], 0, 1)
    return office, session_id, laptop.make_return(a.ws, there, tmp_path / "back").file


def test_each_conflict_takes_the_side_the_clerk_picked_and_the_choice_is_recorded(computers, tmp_path):
    office, session_id, back = two_conflicts(computers, tmp_path)
    preview = merge.merge(office.ws, back, dry_run=True)
    assert sorted((c.branch, c.office, c.laptop) for c in preview.conflicts) == sorted([(BRANCHES[0], 3, 2), (BRANCHES[1], 1, 4)])
    sides = {BRANCHES[0]: merge.OFFICE, BRANCHES[1]: merge.LAPTOP}
    report = merge_choosing(office.ws, back, {choice_key(c): sides[c.branch] for c in preview.conflicts})
    assert report.prefer == CHOSEN and report.written
    assert (report.merged, report.new, report.changed) == (2, 1, 1)  # BRANCHES[1] from the laptop, BRANCHES[2] new
    stored = scores_by_name(office.ws, session_id)
    assert [stored[("甲", b, "setup.committee")] for b in BRANCHES] == [3.0, 4.0, 1.0]
    with office.ws.read() as session:
        recorded = sorted((r.kept, r.office_value, r.laptop_value) for r in session.scalars(select(CheckoutConflict)))
    assert recorded == [("laptop", "1.0", "4.0"), ("office", "3.0", "2.0")]
    # Settled: the same return again changes nothing and shows no conflict.
    before = dump(office.file)
    again = merge.merge(office.ws, back)
    assert (again.conflicts, again.written) == ([], False) and dump(office.file) == before


def test_a_conflict_without_a_choice_refuses_the_whole_merge(computers, tmp_path):
    office, _session_id, back = two_conflicts(computers, tmp_path)
    preview = merge.merge(office.ws, back, dry_run=True)
    before = dump(office.file)
    with pytest.raises(BranchdeskError, match="出现了新的冲突"):
        merge_choosing(office.ws, back, {choice_key(preview.conflicts[0]): merge.OFFICE})
    with pytest.raises(BranchdeskError, match="只能选择"):
        merge_choosing(office.ws, back, {choice_key(c): "both" for c in preview.conflicts})
    assert dump(office.file) == before

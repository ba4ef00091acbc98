"""A branch's evaluation of a year that was deleted (a tombstone, as a merge leaves one for a record
deleted on the other computer) holds its (branch, year) slot: the constraint is a plain unique one.
Tallies typed for that branch and year again, at the office or merged from a laptop, take the slot
back by reviving the tombstone (same UUID, logged as an update), never by a second row."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop.models import ChangeLog, Evaluation
from desktop.rules.scoring import Tally
from desktop.services import checkout, laptop, merge, scoring, tallies
from desktop.services.tallies import ComplaintEntry, TallyForm
from desktop.store import changelog
from tests.services.checkout_helpers import BRANCHES, YEAR, computers, seed_office

__all__ = ["computers"]  # the fixture, used by name

OLD = TallyForm(tally=Tally(12, 10, 2, 0, 0, 40, 5, 1), review_grade="poor", complaints=(ComplaintEntry("旧投诉"),))
NEW = TallyForm(tally=Tally(20, 10, 8, 2, 0, 30, 5, 1), review_grade="good")


def _branch(ws, session_id, name=BRANCHES[0]) -> int:
    return next(i for i, n in scoring.load_grid(ws, session_id).branches if n == name)


def _delete_evaluation(ws, branch_id) -> str:
    with ws.write() as session:
        evaluation = session.scalar(select(Evaluation).where(Evaluation.branch_id == branch_id, Evaluation.year == YEAR))
        changelog.delete(session, evaluation)
        return evaluation.uuid


def _rows(ws, branch_id) -> list[tuple[str, bool]]:
    with ws.read() as session:
        query = (select(Evaluation.uuid, Evaluation.deleted_at.is_(None)).where(Evaluation.branch_id == branch_id)
                 .execution_options(include_deleted=True))
        return [tuple(row) for row in session.execute(query).all()]


def test_tallies_saved_over_a_deleted_evaluation_revive_it(computers):
    office = computers[0]
    session_id = seed_office(office.ws)
    branch_id = _branch(office.ws, session_id)
    tallies.save_tally(office.ws, branch_id, YEAR, OLD)
    uuid = _delete_evaluation(office.ws, branch_id)
    assert tallies.get_tally(office.ws, branch_id, YEAR) == TallyForm()  # deleted: none shown

    tallies.save_tally(office.ws, branch_id, YEAR, NEW, basis=tallies.open_tally(office.ws, branch_id, YEAR).basis)
    assert tallies.get_tally(office.ws, branch_id, YEAR) == NEW  # the old complaint is gone with the old tallies
    assert _rows(office.ws, branch_id) == [(uuid, True)]
    with office.ws.read() as session:
        last = session.scalars(select(ChangeLog).where(ChangeLog.record_uuid == uuid).order_by(ChangeLog.seq)).all()[-1]
    assert last.op == "update" and json.loads(last.fields)["deleted_at"][1] is None


def test_a_merge_bringing_tallies_for_a_deleted_evaluation_revives_it(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    branch_id = _branch(office.ws, session_id)
    tallies.save_tally(office.ws, branch_id, YEAR, OLD)
    uuid = _delete_evaluation(office.ws, branch_id)
    made = checkout.export_part(office.ws, session_id, tmp_path / "甲", ["甲"], tallies=True)
    there = laptop.open_package(a.ws, made.file, made.code).session_id
    tallies.save_tally(a.ws, _branch(a.ws, there), YEAR, NEW)
    back = laptop.make_return(a.ws, there, tmp_path / "回")

    report = merge.merge(office.ws, back.file)
    assert report.tallies_merged > 0 and report.tally_conflicts == []
    assert tallies.get_tally(office.ws, branch_id, YEAR) == NEW
    assert _rows(office.ws, branch_id) == [(uuid, True)]
    assert merge.merge(office.ws, back.file).written is False  # merged again: nothing changes

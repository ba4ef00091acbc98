"""The workflow service without Qt: a year's workflow of every branch, and the refusals that the
panel and `workflow record` share (the date's year, the recorder)."""

from datetime import date

import pytest

from desktop.errors import BranchdeskError
from desktop.services import workflow
from tests.meeting_helpers import add_branch

YEAR = 2026


def test_year_workflow_lists_active_branches_and_archived_ones_with_steps(ws):
    active = add_branch(ws, "乙社区党支部")
    idle = add_branch(ws, "丙社区党支部")
    gone = add_branch(ws, "甲社区党支部", archived=True)
    add_branch(ws, "丁社区党支部", archived=True)  # archived, no steps: not listed
    for branch in (active, gone):
        workflow.record_step(ws, branch, YEAR, "self_assessed", date(YEAR, 3, 1), "党建办")
    workflow.record_step(ws, active, YEAR, "applied", date(YEAR, 3, 1), "党建办")  # same day: by entry order
    workflow.record_step(ws, active, YEAR - 1, "self_assessed", date(YEAR - 1, 3, 1), "党建办")
    found = workflow.year_workflow(ws, YEAR)
    assert [(e.name, e.state, e.standardized, len(e.steps)) for e in found] == [
        ("丙社区党支部", "not_started", None, 0), ("甲社区党支部", "self_assessed", None, 1), ("乙社区党支部", "applied", None, 2)]
    assert [s.state for s in found[2].steps] == ["self_assessed", "applied"]
    (only,) = workflow.year_workflow(ws, YEAR, [idle])
    assert only.branch_id == idle and only.steps == ()


def test_a_step_dated_in_another_year_is_refused_and_nothing_is_written(ws):
    branch = add_branch(ws)
    for wrong in (date(YEAR + 1, 1, 1), date(YEAR - 1, 12, 31)):
        with pytest.raises(BranchdeskError, match=f"不在 {YEAR} 年度内"):
            workflow.record_step(ws, branch, YEAR, "self_assessed", wrong, "党建办")
    assert workflow.steps_of(ws, branch, YEAR) == []
    for edge in (date(YEAR, 1, 1), date(YEAR, 12, 31)):
        workflow.record_step(ws, branch, YEAR, "self_assessed" if edge.month == 1 else "applied", edge, "党建办")
    assert [s.on_date for s in workflow.steps_of(ws, branch, YEAR)] == [date(YEAR, 1, 1), date(YEAR, 12, 31)]


def test_the_recorder_fits_the_column(ws):
    branch = add_branch(ws)
    with pytest.raises(BranchdeskError, match="不能超过 60 个字"):
        workflow.record_step(ws, branch, YEAR, "self_assessed", date(YEAR, 3, 1), "党" * 61)
    workflow.record_step(ws, branch, YEAR, "self_assessed", date(YEAR, 3, 1), "党" * 60)
    assert workflow.steps_of(ws, branch, YEAR)[0].recorded_by == "党" * 60

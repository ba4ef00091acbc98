"""最强 eligibility in the year's results follows the workflow: a failed 街道考评 or 区委验收, or a
revoked standardization, bars a branch with full marks; pending acceptance leaves it to the score."""

from datetime import date

import pytest

from desktop.errors import BranchdeskError
from desktop.services import tallies, workflow
from desktop.services.results import year_results
from desktop.services.tallies import TallyForm
from tests.services.helpers import add_branch
from tests.services.test_evaluation_services import GOOD

YEAR = 2026
TO_ACCEPTANCE = [("self_assessed", None), ("applied", None), ("assessed", "pass")]


def _full_marks(ws, name):
    branch = add_branch(ws, name)
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=100))
    return branch


def _walk(ws, branch, steps):
    for day, (state, outcome) in enumerate(steps, start=1):
        workflow.record_step(ws, branch, YEAR, state, date(YEAR, 7, day), "党建办", outcome=outcome,
                             reason="经查违纪" if state == "revoked" else None)


def _result(ws, branch):
    (found,) = year_results(ws, YEAR, [branch])
    return found


@pytest.mark.parametrize(("steps", "eligible", "verdict"), [
    ([], True, None),
    (TO_ACCEPTANCE, True, None),
    ([*TO_ACCEPTANCE, ("accepted", "pass")], True, True),
    ([*TO_ACCEPTANCE[:2], ("assessed", "fail")], False, False),
    ([*TO_ACCEPTANCE, ("accepted", "fail")], False, False),
    ([*TO_ACCEPTANCE, ("accepted", "fail"), ("applied", None)], True, None),
    ([*TO_ACCEPTANCE, ("accepted", "pass"), ("revoked", None)], False, False),
])
def test_eligibility_and_verdict_follow_the_workflow(ws, steps, eligible, verdict):
    branch = _full_marks(ws, "甲社区党支部")
    _walk(ws, branch, steps)
    found = _result(ws, branch)
    assert found.meets_standard is True
    assert found.standardized_verdict is verdict
    assert found.strongest_eligible is eligible
    assert ("not_standardized" in found.strongest_bars) is not eligible


def test_a_revoked_strongest_rating_keeps_the_branch_standardized(ws):
    branch = _full_marks(ws, "甲社区党支部")
    _walk(ws, branch, [*TO_ACCEPTANCE, ("accepted", "pass"), ("recommended", None), ("rated_district", None), ("revoked", None)])
    found = _result(ws, branch)
    assert found.standardized_verdict is True and found.strongest_eligible


def test_a_low_score_still_bars_while_acceptance_is_pending(ws):
    branch = add_branch(ws, "乙社区党支部")
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=40))
    _walk(ws, branch, TO_ACCEPTANCE)
    found = _result(ws, branch)
    assert found.standardized_verdict is None and found.strongest_bars == ("not_standardized",)


def test_a_failed_acceptance_cannot_be_recommended(ws):
    branch = _full_marks(ws, "甲社区党支部")
    _walk(ws, branch, [*TO_ACCEPTANCE, ("accepted", "fail")])
    with pytest.raises(BranchdeskError, match="不能直接进入"):
        workflow.record_step(ws, branch, YEAR, "recommended", date(YEAR, 8, 1), "党建办")
    assert [s.state for s in workflow.steps_of(ws, branch, YEAR)][-1] == "accepted"

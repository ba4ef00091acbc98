"""The workflow's verdict on standardization and its part in the 最强 bars (not_standardized)."""

from datetime import date

from desktop.rules.eligibility import StrongestFacts, strongest_bars
from desktop.rules.workflow import Step, date_problem, fold, standardized_verdict, transition_problem

ACCEPTED = [("self_assessed", None), ("applied", None), ("assessed", "pass"), ("accepted", "pass")]


def _verdict(steps):
    return standardized_verdict(fold(steps))


def test_pending_acceptance_has_no_verdict():
    assert _verdict([]) is None
    for end in range(1, 4):  # self_assessed, applied, assessed:pass
        assert _verdict(ACCEPTED[:end]) is None


def test_a_failed_assessment_or_acceptance_is_not_standardized():
    assert _verdict([*ACCEPTED[:2], ("assessed", "fail")]) is False
    assert _verdict([*ACCEPTED[:3], ("accepted", "fail")]) is False


def test_applying_again_after_a_failure_is_pending_again():
    assert _verdict([*ACCEPTED[:3], ("accepted", "fail"), ("applied", None)]) is None
    again = [*ACCEPTED[:3], ("accepted", "fail"), ("applied", None), ("assessed", "pass"), ("accepted", "pass")]
    assert _verdict(again) is True


def test_accepted_and_rated_are_standardized_and_revocation_withdraws_the_latest_rating():
    assert _verdict(ACCEPTED) is True
    rated = [*ACCEPTED, ("recommended", None), ("rated_district", None)]
    assert _verdict(rated) is True
    assert _verdict([*rated, ("revoked", None)]) is True  # the 最强 rating went, the standardization stays
    assert _verdict([*ACCEPTED, ("revoked", None)]) is False  # the standardization itself revoked


def _facts(workflow_standardized, meets_standard=True):
    return StrongestFacts(meets_standard, "excellent", 20, 18, False, False, workflow_standardized)


def test_not_standardized_bars_when_either_the_score_or_the_workflow_says_so():
    assert strongest_bars(_facts(None)) == ()  # pending: the score decides
    assert strongest_bars(_facts(True)) == ()
    assert strongest_bars(_facts(False)) == ("not_standardized",)
    assert strongest_bars(_facts(None, meets_standard=False)) == ("not_standardized",)
    assert strongest_bars(_facts(True, meets_standard=None)) == ("not_standardized",)


def test_a_step_is_dated_inside_its_year():
    assert date_problem(2026, date(2026, 1, 1)) is None and date_problem(2026, date(2026, 12, 31)) is None
    assert date_problem(2026, date(2027, 1, 1)) == "日期 2027-01-01 不在 2026 年度内：2026 年的流程环节须填写 2026 年的日期"
    assert "不在 2026 年度内" in date_problem(2026, date(2025, 12, 31))
    assert date_problem(2026, None) == "请填写日期"
    typo = Step("self_assessed", None, date(2027, 3, 1))
    assert "不在 2026 年度内" in transition_problem(None, typo, year=2026)
    assert transition_problem(None, typo) is None  # without a year only the order is judged


def test_skipped_steps_are_named_before_a_missing_outcome():
    day = date(2026, 7, 1)
    assert transition_problem(None, Step("accepted", None, day)) == "当前环节为“未开始”，不能直接进入“区委验收”"
    applied = Step("applied", None, date(2026, 6, 1))
    assert "不能直接进入“区委验收”" in transition_problem(applied, Step("accepted", None, day))
    # in order, the outcome is still asked for
    assert transition_problem(applied, Step("assessed", None, day)) == "街道考评须注明通过或未通过"
    assessed = Step("assessed", "pass", date(2026, 6, 1))
    assert transition_problem(assessed, Step("accepted", None, day)) == "区委验收须注明通过或未通过"

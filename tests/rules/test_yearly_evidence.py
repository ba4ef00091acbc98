"""Evidence of yearly meetings (组织生活会、民主评议、谈心谈话) at the year's boundaries: a requirement
still owed is 尚未开展 with no suggestion; 不要求 only where the branch is truly exempt."""

from datetime import date

from desktop.rules.compliance import BranchProfile, Rule, evaluate
from desktop.rules.evidence import EvidenceFacts, PeriodCounts, period_counts, suggest

YEAR = 2026
OWED = "尚未开展（年底前须完成）"


def _facts(**meetings) -> EvidenceFacts:
    return EvidenceFacts(12, True, date(2025, 3, 1), 3, True, meetings)


def _counts(meeting_type: str, period: str, as_of: date, met_mask: int = 0, **profile) -> PeriodCounts:
    profile = BranchProfile(**{"has_committee": True, "party_groups": 2, **profile})
    return period_counts(evaluate(YEAR, as_of, Rule(meeting_type, period, 1), profile, met_mask, met_mask.bit_count()))


def test_a_yearly_meeting_not_held_by_december_is_owed_not_exempt():
    for as_of in (date(YEAR, 12, 1), date(YEAR, 12, 30)):
        counts = _counts("talk", "year", as_of)
        assert counts == PeriodCounts(0, 0, "year")
        found = suggest("talk", _facts(talk=counts), 2, YEAR, as_of)
        assert found.text == f"谈心谈话：{OWED}"
        assert found.suggested is None
        assert "不要求" not in found.text


def test_a_yearly_meeting_held_before_the_year_ends_counts_at_once():
    counts = _counts("talk", "year", date(YEAR, 12, 1), met_mask=1)
    assert counts == PeriodCounts(1, 1, None)
    found = suggest("talk", _facts(talk=counts), 2, YEAR, date(YEAR, 12, 1))
    assert found.text == "谈心谈话：应开 1 期，已开 1 期" and found.suggested == 2


def test_after_the_year_an_unheld_yearly_meeting_is_a_gap_scoring_zero():
    for as_of in (date(YEAR, 12, 31), date(YEAR + 1, 1, 15)):
        counts = _counts("talk", "year", as_of)
        assert counts == PeriodCounts(0, 1, None)
        found = suggest("talk", _facts(talk=counts), 2, YEAR, as_of)
        assert found.text == "谈心谈话：应开 1 期，已开 0 期" and found.suggested == 0


def test_life_meeting_item_waits_while_either_half_is_owed():
    as_of = date(YEAR, 12, 15)
    neither = _facts(life_meeting=_counts("life_meeting", "year", as_of),
                     member_review=_counts("member_review", "year", as_of))
    found = suggest("life_meeting", neither, 4, YEAR, as_of)
    assert found.text == f"组织生活会：{OWED}；民主评议党员：{OWED}" and found.suggested is None
    half = _facts(life_meeting=_counts("life_meeting", "year", as_of, met_mask=1),
                  member_review=_counts("member_review", "year", as_of))
    found = suggest("life_meeting", half, 4, YEAR, as_of)
    assert found.text == f"组织生活会：应开 1 期，已开 1 期；民主评议党员：{OWED}" and found.suggested is None
    both = _facts(life_meeting=_counts("life_meeting", "year", as_of, met_mask=1),
                  member_review=_counts("member_review", "year", as_of, met_mask=1))
    assert suggest("life_meeting", both, 4, YEAR, as_of).suggested == 4


def test_an_exempt_branch_is_not_required_and_gets_full_points():
    as_of = date(YEAR, 12, 15)
    counts = _counts("committee_meeting", "month", as_of, has_committee=False)
    assert counts == PeriodCounts(0, 0, None)
    found = suggest("committee_meeting", _facts(committee_meeting=counts), 6, YEAR, as_of)
    assert found.text == "支委会：本年度不要求" and found.suggested == 6
    # A branch founded after the year owes nothing that year.
    counts = _counts("talk", "year", as_of, established_on=date(YEAR + 1, 2, 1))
    assert suggest("talk", _facts(talk=counts), 2, YEAR, as_of).text == "谈心谈话：本年度不要求"


def test_monthly_meetings_judge_ended_months_and_a_month_already_met():
    # 15 December, 支委会 held every month January to November: 11 of 11, December still open.
    eleven = (1 << 11) - 1
    counts = _counts("committee_meeting", "month", date(YEAR, 12, 15), met_mask=eleven)
    assert counts == PeriodCounts(11, 11, "month")
    assert suggest("committee_meeting", _facts(committee_meeting=counts), 6, YEAR, date(YEAR, 12, 15)).suggested == 6
    # December met as well: 12 of 12.
    counts = _counts("committee_meeting", "month", date(YEAR, 12, 15), met_mask=(1 << 12) - 1)
    assert counts == PeriodCounts(12, 12, None)
    # In January nothing has ended: the first month is owed, not exempt.
    counts = _counts("committee_meeting", "month", date(YEAR, 1, 20))
    found = suggest("committee_meeting", _facts(committee_meeting=counts), 6, YEAR, date(YEAR, 1, 20))
    assert found.text == "支委会：尚未开展（本月底前须完成）" and found.suggested is None

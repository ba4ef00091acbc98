"""The scoring, eligibility, workflow and evidence rules at their boundaries."""

from datetime import date

from desktop.rules import scoring
from desktop.rules.eligibility import StrongestFacts, excellent_share_ok, strongest_bars
from desktop.rules.evidence import EvidenceFacts, PeriodCounts, suggest
from desktop.rules.rubric import DEFAULT_ITEMS, DEFAULT_VETOES
from desktop.rules.scoring import Tally
from desktop.rules.workflow import Step, fold, transition_problem


def test_default_rubric_is_the_100_point_table():
    assert sum(i.max_points for i in DEFAULT_ITEMS) == 100
    assert len({i.item_code for i in DEFAULT_ITEMS}) == len(DEFAULT_ITEMS)
    assert "逾期未换届" in DEFAULT_VETOES


def test_org_score_is_mean_of_totals():
    assert scoring.org_score([90, 80, 85]) == 85
    assert scoring.org_score([]) is None


def test_trimmed_mean_needs_five_scorers():
    five = [60, 90, 90, 90, 100]
    assert scoring.org_score(five, drop_extremes=True) == 90  # 60 and 100 dropped
    assert scoring.org_score(five, drop_extremes=False) == 86
    four = [60, 90, 90, 100]
    assert scoring.org_score(four, drop_extremes=True) == 85  # fewer than 5: nothing dropped


def test_member_public_social_scores():
    tally = Tally(participants=10, excellent=6, qualified=2, basic=1, unqualified=1,
                  satisfied=30, public_basic=6, dissatisfied=4)
    assert scoring.member_score(tally) == 80
    assert scoring.public_score(tally) == 90
    assert scoring.social_score(True) == 0 and scoring.social_score(False) == 100
    assert scoring.member_score(Tally()) is None
    assert scoring.member_score(Tally(excellent=0, qualified=0, basic=0, unqualified=0)) is None


def test_composite_rounds_half_up_to_two_decimals():
    assert scoring.composite(90, 80, 70, 100) == 84.0
    # 0.4*85.01 + 0.3*85 + 0.2*85 + 0.1*85 = 85.004 → 85.00
    assert scoring.composite(85.01, 85, 85, 85) == 85.0
    # 0.4*85.0125 = 34.005 → composite 85.005 → 85.01 (half up, not banker's)
    assert scoring.composite(85.0125, 85, 85, 85) == 85.01
    assert scoring.composite(None, 85, 85, 85) is None


def test_composite_exactly_85_meets_the_standard():
    total = scoring.composite(85, 85, 85, 85)
    assert total == 85.0
    assert scoring.meets_standard(total, None) is True
    assert scoring.meets_standard(84.99, None) is False


def test_veto_fails_even_a_high_score():
    assert scoring.meets_standard(99.5, "逾期未换届") is False
    assert scoring.meets_standard(None, "重大违纪违法") is False
    assert scoring.meets_standard(None, None) is None


def test_point_problem_range_and_half_points():
    assert scoring.point_problem(6, 6) is None
    assert scoring.point_problem(5.5, 6) is None
    assert scoring.point_problem(0, 6) is None
    assert "范围" in scoring.point_problem(6.5, 6)
    assert scoring.point_problem(-0.5, 6) == "-0.5 不能为负"
    assert "半分" in scoring.point_problem(5.3, 6)


def test_tally_counts_checked():
    assert scoring.tally_problems(Tally(participants=10, excellent=10)) == {}
    assert "超过" in scoring.tally_problems(Tally(participants=10, excellent=8, qualified=3))["participants"]
    assert "负数" in scoring.tally_problems(Tally(satisfied=-1))["satisfied"]
    assert "参评党员数" in scoring.tally_problems(Tally(excellent=3))["participants"]


def _facts(**overrides):
    values = dict(meets_standard=True, review_grade="excellent", participants=20, excellent=18,
                  verified_dissatisfaction=False, department_noncompliance=False)
    values.update(overrides)
    return StrongestFacts(**values)


def test_exactly_90_percent_excellent_is_eligible():
    assert excellent_share_ok(18, 20)
    assert excellent_share_ok(9, 10)
    assert strongest_bars(_facts()) == ()


def test_just_under_90_percent_is_barred():
    assert not excellent_share_ok(17, 19)  # 89.47 %
    assert not excellent_share_ok(899, 1000)
    assert strongest_bars(_facts(participants=19, excellent=17)) == ("member_excellent_below_90",)


def test_every_bar_and_its_code():
    bars = strongest_bars(_facts(meets_standard=False, review_grade="good", excellent=10,
                                 verified_dissatisfaction=True, department_noncompliance=True))
    assert bars == ("not_standardized", "review_below_excellent", "member_excellent_below_90",
                    "verified_dissatisfaction", "department_noncompliance")
    assert strongest_bars(_facts(meets_standard=None))[0] == "not_standardized"


def test_unverified_dissatisfaction_does_not_bar():
    # the 不满意 count itself is not a bar; only a complaint verified as true
    assert strongest_bars(_facts(verified_dissatisfaction=False)) == ()


D = date(2025, 6, 1)


def test_workflow_order():
    assert transition_problem(None, Step("self_assessed", on_date=D)) is None
    assert "不能直接进入" in transition_problem(None, Step("applied", on_date=D))
    assert "通过或未通过" in transition_problem(Step("applied", on_date=D), Step("assessed", on_date=D))
    assert transition_problem(Step("assessed", "pass", D), Step("accepted", "pass", D)) is None
    assert "不能直接进入" in transition_problem(Step("assessed", "fail", D), Step("accepted", "pass", D))
    assert transition_problem(Step("assessed", "fail", D), Step("applied", on_date=D)) is None
    assert "早于" in transition_problem(Step("applied", on_date=D), Step("assessed", "pass", date(2025, 5, 1)))


def test_not_meeting_the_standard_cannot_be_recommended():
    accepted = Step("accepted", "pass", D)
    problem = transition_problem(accepted, Step("recommended", on_date=D), meets_standard=False)
    assert "未达到标准化规范化标准" in problem
    problem = transition_problem(accepted, Step("recommended", on_date=D), meets_standard=True,
                                 bars=("review_below_excellent",))
    assert "述职评议考核等次不是优秀" in problem
    assert transition_problem(accepted, Step("recommended", on_date=D), meets_standard=True) is None


def test_revoke_needs_a_reason_and_withdraws_the_latest_rating():
    rated = Step("rated_district", on_date=D)
    assert "原因" in transition_problem(rated, Step("revoked", on_date=D))
    assert transition_problem(rated, Step("revoked", on_date=D), reason="违纪") is None
    chain = [("self_assessed", None), ("applied", None), ("assessed", "pass"), ("accepted", "pass"),
             ("recommended", None), ("rated_district", None)]
    assert fold(chain).strongest_level == "district" and fold(chain).standardized
    after = fold([*chain, ("revoked", None)])
    assert after.revoked and after.strongest_level is None and after.standardized
    standardized_only = fold([*chain[:4], ("revoked", None)])
    assert not standardized_only.standardized and standardized_only.state == "revoked"
    assert not fold([*chain[:3], ("accepted", "fail")]).standardized


def _evidence(**overrides):
    values = dict(full_members=12, has_committee=True, elected_on=date(2023, 3, 1), term_years=3, trained=True,
                  meetings={"committee_meeting": PeriodCounts(10, 12)})
    values.update(overrides)
    return EvidenceFacts(**values)


def test_meeting_evidence_suggests_a_proportional_half_point_score():
    found = suggest("committee_meeting", _evidence(), 6, 2025, date(2025, 12, 31))
    assert found.suggested == 5 and "已开 10 期" in found.text
    assert suggest("committee_meeting", _evidence(meetings={"committee_meeting": PeriodCounts(7, 12)}), 6, 2025, D).suggested == 3.5
    assert suggest("theme_day", _evidence(), 6, 2025, D) is None  # not known: no suggestion
    both = _evidence(meetings={"life_meeting": PeriodCounts(1, 1), "member_review": PeriodCounts(0, 1)})
    assert suggest("life_meeting", both, 4, 2025, D).suggested == 2  # 组织生活会 held, 民主评议 not
    surplus = _evidence(meetings={"life_meeting": PeriodCounts(3, 1), "member_review": PeriodCounts(0, 1)})
    assert suggest("life_meeting", surplus, 4, 2025, D).suggested == 2


def test_registry_evidence():
    assert suggest("term", _evidence(elected_on=date(2021, 3, 1)), 3, 2025, D).suggested == 0
    assert suggest("term", _evidence(), 3, 2025, D).suggested == 3
    assert suggest("training", _evidence(), 4, 2025, D).suggested == 4
    assert suggest("training", _evidence(trained=False), 4, 2025, D).suggested == 0
    assert suggest("committee", _evidence(has_committee=False), 4, 2025, D).suggested == 0
    assert suggest("committee", _evidence(full_members=6, has_committee=False), 4, 2025, D).suggested == 4
    assert suggest(None, _evidence(), 4, 2025, D) is None

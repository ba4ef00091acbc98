"""The rewards, honours and plan rules at their boundaries (seed §四, DOMAIN R10–R12)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.rules.honours import eligibility, level_problem
from desktop.rules.plan import plan_count, suggest
from desktop.rules.rewards import MISSING_BASE, MISSING_PAY, Money, Rates, YearStep, figures, tiers

Y = 2025
ACCEPTED = [YearStep("self_assessed", None, date(Y, 3, 1)), YearStep("applied", None, date(Y, 3, 2)),
            YearStep("assessed", "pass", date(Y, 4, 1)), YearStep("accepted", "pass", date(Y, 5, 1))]
DISTRICT = [*ACCEPTED, YearStep("recommended", None, date(Y, 6, 1)), YearStep("rated_district", None, date(Y, 7, 1))]
CITY = [*DISTRICT, YearStep("rated_city", None, date(Y, 9, 1))]
REVOKED_STRONGEST = [*DISTRICT, YearStep("revoked", None, date(Y, 8, 15), "群众反映强烈经查属实")]
LOST = [*ACCEPTED, YearStep("revoked", None, date(Y, 10, 8), "组织生活半年未开展")]
VILLAGE = Money("village", True, pay_total_fen=12_000_000, base_funding_fen=2_000_000)  # 120,000 and 20,000 yuan
RATES = Rates(standardized_bonus_fen=300_000, standardized_uplift_percent=5)


def test_district_strongest_gets_ten_percent_of_the_pay_total_and_thirty_percent_more_funding():
    f = figures(tiers(DISTRICT), VILLAGE, RATES)
    assert (f.bonus_fen, f.uplift_fen, f.funding_fen) == (1_200_000, 600_000, 2_600_000)
    assert f.bonus_rule == "区级最强党支部：班子年待遇报酬总额 120000.00 × 10% = 12000.00"
    assert f.funding_rule == "区级最强党支部：一般保障标准 20000.00 上浮 30% = 6000.00"


def test_the_higher_tier_replaces_the_lower_one():
    standardized = figures(tiers(ACCEPTED), VILLAGE, RATES)
    assert (standardized.bonus_fen, standardized.uplift_fen) == (300_000, 100_000)  # 3,000 set; 5% of 20,000
    strongest = figures(tiers(DISTRICT), VILLAGE, RATES)
    assert strongest.bonus_fen == 1_200_000 and strongest.uplift_fen == 600_000  # not 1,500,000 / 700,000


def test_a_rating_revoked_mid_year_takes_its_benefits_and_the_standard_keeps_its_own():
    f = figures(tiers(REVOKED_STRONGEST), VILLAGE, RATES)
    assert (f.bonus_fen, f.uplift_fen) == (300_000, 100_000)
    assert f.bonus_rule.startswith("区级最强党支部已于 2025-08-15 撤销（群众反映强烈经查属实），其待遇取消；标准化规范化")


def test_standardized_then_lost_gets_nothing():
    f = figures(tiers(LOST), VILLAGE, RATES)
    assert (f.bonus_fen, f.uplift_fen, f.funding_fen) == (0, 0, 2_000_000)
    assert f.bonus_rule == "标准化规范化已于 2025-10-08 撤销（组织生活半年未开展），不发放专项绩效奖励"


def test_strongest_at_street_level_only_is_no_ten_percent_bonus():
    recommended = tiers([*ACCEPTED, YearStep("recommended", None, date(Y, 6, 1))])
    f = figures(recommended, VILLAGE, RATES)
    assert f.bonus_fen == 300_000 and "标准化规范化" in f.bonus_rule and "10%" not in f.bonus_rule
    assert f.uplift_fen == 100_000


def test_a_private_enterprise_branch_gets_no_pay_based_bonus_but_its_funding():
    f = figures(tiers(DISTRICT), Money("private_enterprise", False, None, 1_000_000), RATES)
    assert f.bonus_fen == 0 and "非公企业党支部不属村、社区" in f.bonus_rule
    assert (f.uplift_fen, f.funding_fen) == (300_000, 1_300_000)


def test_no_pay_total_recorded_is_said_instead_of_zero():
    f = figures(tiers(DISTRICT), Money("community", True, None, None), RATES)
    assert f.bonus_fen is None and MISSING_PAY in f.bonus_rule
    assert f.uplift_fen is None and f.funding_fen is None and MISSING_BASE in f.funding_rule


def test_a_branch_under_a_village_takes_the_villages_pay_total_by_name():
    f = figures(tiers(DISTRICT), Money("grid", True, 8_000_000, 1_000_000, pay_of="东村党支部"), RATES)
    assert f.bonus_fen == 800_000 and "（东村党支部） 80000.00" in f.bonus_rule


def test_a_city_rating_adds_the_grant_once_entered():
    waiting = figures(tiers(CITY), VILLAGE, RATES)
    assert waiting.uplift_fen == 600_000 and "尚未录入" in waiting.funding_rule
    granted = figures(tiers(CITY), Money("village", True, 12_000_000, 2_000_000, grant_fen=500_000), RATES)
    assert granted.uplift_fen == 1_100_000 and granted.funding_fen == 3_100_000
    assert "另加市委组织部一次性奖补 5000.00" in granted.funding_rule


def test_not_standardized_and_not_started():
    failed = tiers([*ACCEPTED[:3], YearStep("accepted", "fail", date(Y, 5, 1))])
    f = figures(failed, VILLAGE, RATES)
    assert f.bonus_fen == 0 and f.bonus_rule == "未达到标准化规范化（区委验收未通过），不发放专项绩效奖励"
    none = figures(tiers([]), Money("village", True, None, None), RATES)
    assert none.bonus_fen == 0 and none.funding_fen is None and MISSING_BASE in none.funding_rule


def test_rounding_is_half_up_to_the_fen():
    f = figures(tiers(DISTRICT), Money("village", True, 12_345, 5), Rates(strongest_bonus_percent=10))
    assert f.bonus_fen == 1_235 and f.uplift_fen == 2  # 1234.5 fen → 1235; 1.5 fen → 2


@pytest.mark.parametrize(("steps", "level", "expected"), [
    (ACCEPTED, "street", (True, False)),
    (DISTRICT, "street", (True, True)),
    (ACCEPTED, "autonomous_region", (False, False)),
    (DISTRICT, "autonomous_region", (True, True)),
    (REVOKED_STRONGEST, "autonomous_region", (False, False)),
    (REVOKED_STRONGEST, "district", (True, False)),
    (LOST, "street", (False, False)),
    ([], "street", (False, False)),
])
def test_honours_eligibility(steps, level, expected):
    e = eligibility(tiers(steps), level)
    assert (e.eligible, e.priority) == expected and e.reason


def test_honours_reasons_say_why():
    assert eligibility(tiers(LOST), "street").reason == "标准化规范化已于 2025-10-08 撤销（组织生活半年未开展），不能参评"
    recommended = tiers([*ACCEPTED, YearStep("recommended", None, date(Y, 6, 1))])
    assert "尚未经区级以上党委评定" in eligibility(recommended, "autonomous_region").reason
    assert level_problem("province") and level_problem("street") is None


def test_plan_suggestion_and_count():
    assert suggest(tiers(DISTRICT), None, ()).classification == "advanced"
    lagging = suggest(tiers(ACCEPTED), 2024, ())
    assert lagging.classification == "lagging" and not lagging.planned and "2024 年认定" in lagging.text
    assert suggest(tiers(DISTRICT), None, ("甲", "乙", "丙")).classification == "average"
    assert suggest(tiers(DISTRICT), None, ("甲", "乙")).classification == "advanced"
    assert suggest(tiers(LOST), None, ()).classification == "lagging"
    assert suggest(tiers(ACCEPTED[:2]), None, ()).classification == "average"  # applied, not yet judged
    average = suggest(None, None, ("换届逾期",))
    assert average.classification == "average" and average.planned and "台账问题 1 项：换届逾期" in average.text
    count = plan_count(42, 50, 0.9)
    assert count.needed == 45 and count.short == 3
    assert count.text == "计划达标 42 个，按年度目标 90%（共 50 个党支部）需 45 个，尚差 3 个"
    assert plan_count(3, 5, None).needed is None


def test_many_ledger_problems_are_not_a_plan_to_reach_the_standard_this_year_without_a_word():
    problems = tuple(f"问题{i}" for i in range(11))
    new = suggest(None, None, problems)  # 上年度未参加创建, eleven problems: put right first
    assert (new.classification, new.planned) == ("average", False)
    assert "建议先整改，暂不列入本年度达标计划" in new.text
    few = suggest(None, None, problems[:3])  # planned, with the word that they are to be put right
    assert few.planned and "列入计划的须先整改" in few.text
    kept = suggest(tiers(ACCEPTED), None, problems)  # standardized last year: planned to keep it
    assert kept.planned and "须先整改" in kept.text and "暂不列入" not in kept.text
    assert suggest(None, None, problems[:2]).text == "上年度未参加创建；台账问题 2 项：问题0、问题1"

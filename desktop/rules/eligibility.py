"""最强党支部 eligibility (seed §三(四), R8): exact and not configurable.

Barred if not standardized (by the score, or by the year's workflow: a failed 街道考评 or 区委验收, a
revoked standardization), annual review below 优秀, members rating 优秀 below 90% of the members
who took part ("90%以上" includes 90% itself), a 不满意 verified as true, or any department
reporting non-compliance. An unverified 不满意 does not bar.

One local bar follows the plan's 整顿 line (seed §二(七)): a branch whose 软弱涣散 case is still open
(not 销号) at the year's end cannot be rated 最强 that year (desktop.rules.weak_cases.open_on).
"""

from __future__ import annotations

from dataclasses import dataclass

EXCELLENT = "excellent"
GRADES = {"excellent": "优秀", "good": "良好", "fair": "一般", "poor": "较差"}
GRADE_BY_LABEL = {label: code for code, label in GRADES.items()}

BAR_LABELS = {
    "not_standardized": "未达到标准化规范化标准",
    "review_below_excellent": "述职评议考核等次不是优秀",
    "member_excellent_below_90": "党员评议优秀率低于 90%",
    "verified_dissatisfaction": "群众不满意经查证属实",
    "department_noncompliance": "有部门反馈不符合要求",
    "weak_case_open": "软弱涣散整顿尚未销号",
}


@dataclass(frozen=True)
class StrongestFacts:
    meets_standard: bool | None
    review_grade: str | None
    participants: int | None
    excellent: int | None
    verified_dissatisfaction: bool
    department_noncompliance: bool
    # The workflow's verdict (desktop.rules.workflow.standardized_verdict): None while acceptance
    # is pending, when the score alone decides.
    workflow_standardized: bool | None = None
    weak_case_open: bool = False  # a 软弱涣散 case still open at the year's end


def excellent_share_ok(excellent: int | None, participants: int | None) -> bool:
    """优秀 ÷ 参评党员 ≥ 90%, in integers so exactly 90% is never lost to float rounding."""
    if not participants or excellent is None:
        return False
    return excellent * 10 >= participants * 9


def strongest_bars(facts: StrongestFacts) -> tuple[str, ...]:
    bars = []
    if facts.meets_standard is not True or facts.workflow_standardized is False:
        bars.append("not_standardized")
    if facts.review_grade != EXCELLENT:
        bars.append("review_below_excellent")
    if not excellent_share_ok(facts.excellent, facts.participants):
        bars.append("member_excellent_below_90")
    if facts.verified_dissatisfaction:
        bars.append("verified_dissatisfaction")
    if facts.department_noncompliance:
        bars.append("department_noncompliance")
    if facts.weak_case_open:
        bars.append("weak_case_open")
    return tuple(bars)


def bar_text(bars: tuple[str, ...]) -> str:
    return "；".join(BAR_LABELS[b] for b in bars)

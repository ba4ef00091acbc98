"""Workflow of one branch in one year (DOMAIN.md): which step may follow which, and what a list of
steps means (state, standardized, 最强 level, revoked).

not_started → self_assessed → applied → assessed (pass/fail) → accepted (pass/fail) = standardized;
then recommended → rated_district → rated_city; any rating may be revoked (reason and date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.rules.eligibility import bar_text

PASS, FAIL = "pass", "fail"
STATES = (
    "not_started", "self_assessed", "applied", "assessed", "accepted",
    "recommended", "rated_district", "rated_city", "revoked",
)
STATE_LABELS = {
    "not_started": "未开始", "self_assessed": "已自评", "applied": "已申请", "assessed": "街道已考评",
    "accepted": "区委已验收", "recommended": "已推荐最强", "rated_district": "区级最强",
    "rated_city": "市级最强", "revoked": "已撤销",
}
# What a branch's standing is called where a failed step or a revoked 最强 must not read as success:
# counts by these codes add up (已验收 + 已推荐 + 区级 + 市级 + 最强已撤销 = the standardized count).
SHOWN_LABELS = {
    "not_started": "未开始", "self_assessed": "已自评", "applied": "已申请",
    "assessed:fail": "街道考评未通过", "assessed": "街道已考评",
    "accepted:fail": "区委验收未通过", "accepted": "区委已验收",
    "recommended": "已推荐最强", "rated_district": "区级最强", "rated_city": "市级最强",
    "revoked:strongest": "最强已撤销（仍为标准化）", "revoked:standardized": "标准化已撤销", "revoked": "已撤销",
}
# A step being recorded is an action, not yet a result: its outcome is chosen next to it.
STEP_LABELS = {**STATE_LABELS, "assessed": "街道考评", "accepted": "区委验收", "revoked": "撤销"}
OUTCOME_LABELS = {PASS: "通过", FAIL: "未通过"}
WITH_OUTCOME = {"assessed", "accepted"}
STRONGEST_LEVEL = {"rated_district": "district", "rated_city": "city"}

# The state a step may follow. A failed assessment or acceptance may be applied for again.
_AFTER = {
    "self_assessed": {"not_started"},
    "applied": {"self_assessed", "assessed:fail", "accepted:fail"},
    "assessed": {"applied"},
    "accepted": {"assessed:pass"},
    "recommended": {"accepted:pass"},
    "rated_district": {"recommended"},
    "rated_city": {"recommended", "rated_district"},
    "revoked": {"accepted:pass", "recommended", "rated_district", "rated_city"},
}


@dataclass(frozen=True)
class Step:
    state: str
    outcome: str | None = None
    on_date: date | None = None


@dataclass(frozen=True)
class StandingFacts:
    state: str
    standardized: bool
    strongest_level: str | None
    revoked: bool
    outcome: str | None = None  # of the latest step (assessed / accepted): pass or fail


@dataclass(frozen=True)
class Standing:
    """One branch in one year as the trends and targets views read it. `strongest` = rated at
    district or city level and not revoked."""

    branch_id: int
    year: int
    state: str
    standardized: bool
    strongest: bool
    outcome: str | None = None  # of the latest step (assessed / accepted): pass or fail


def standing_code(state: str, outcome: str | None = None, standardized: bool | None = None) -> str:
    """The standing as shown (a key of SHOWN_LABELS): a failed 考评 or 验收 apart from a passed one,
    and a revocation apart by what it withdrew (a 最强 rating keeps the branch standardized)."""
    if state in WITH_OUTCOME and outcome == FAIL:
        return f"{state}:{FAIL}"
    if state == "revoked" and standardized is not None:
        return "revoked:strongest" if standardized else "revoked:standardized"
    return state


def state_label(state: str, outcome: str | None = None, standardized: bool | None = None) -> str:
    """“区委验收未通过”, not “区委已验收”, for a failed acceptance; see standing_code."""
    code = standing_code(state, outcome, standardized)
    return SHOWN_LABELS.get(code, STATE_LABELS.get(state, state))


def _key(step: Step | None) -> str:
    if step is None:
        return "not_started"
    return f"{step.state}:{step.outcome}" if step.state in WITH_OUTCOME else step.state


def fold(steps: Iterable[tuple[str, str | None]]) -> StandingFacts:
    """What a year's steps (oldest first, as (state, outcome)) amount to. A revocation withdraws
    the latest rating: a 最强 rating if there is one, otherwise the standardized status."""
    state, standardized, level, revoked, last_outcome = "not_started", False, None, False, None
    for step_state, outcome in steps:
        state, last_outcome = step_state, outcome if step_state in WITH_OUTCOME else None
        if step_state == "accepted":
            standardized = outcome == PASS
        elif step_state in STRONGEST_LEVEL:
            level = STRONGEST_LEVEL[step_state]
        elif step_state == "revoked":
            revoked = True
            if level is not None:
                level = None
            else:
                standardized = False
        elif step_state == "applied":
            standardized, level = False, None
    return StandingFacts(state, standardized, level, revoked, last_outcome)


def standardized_verdict(facts: StandingFacts) -> bool | None:
    """What the year's workflow says of standardization: True once 区委验收 passed (a revoked 最强
    keeps it), False after a failed 街道考评 or 区委验收 or a revoked standardization, None while
    acceptance is pending (not started, or applied again after a failure)."""
    if facts.standardized:
        return True
    if facts.state == "revoked" or (facts.state in WITH_OUTCOME and facts.outcome == FAIL):
        return False
    return None


def date_problem(year: int, on_date: date | None) -> str | None:
    """A step of `year` is dated in that year: a 2027 typed for a 2026 step is refused, never
    moved to a 2026 date behind the clerk's back."""
    if on_date is None:
        return "请填写日期"
    if on_date.year != year:
        return f"日期 {on_date:%Y-%m-%d} 不在 {year} 年度内：{year} 年的流程环节须填写 {year} 年的日期"
    return None


def transition_problem(
    last: Step | None, new: Step, *, meets_standard: bool | None = None,
    bars: tuple[str, ...] = (), reason: str | None = None, year: int | None = None,
) -> str | None:
    """Why `new` may not follow `last` (the branch's latest step this year), in Chinese; or None.
    With `year`, the date must lie in that year (date_problem)."""
    if new.state not in STATES or new.state == "not_started":
        return f"未知的流程环节“{new.state}”"
    if new.on_date is None:
        return "请填写日期"
    if year is not None and (problem := date_problem(year, new.on_date)):
        return problem
    if last is not None and last.on_date is not None and new.on_date < last.on_date:
        return f"日期不能早于上一环节（{last.on_date:%Y-%m-%d}）"
    if new.state == "revoked" and not (reason or "").strip():
        return "撤销须填写原因"
    allowed = _AFTER[new.state]
    if _key(last) not in allowed:
        now = state_label(last.state, last.outcome) if last else STATE_LABELS["not_started"]
        return f"当前环节为“{now}”，不能直接进入“{STEP_LABELS[new.state]}”"
    # After the order: a clerk who skipped steps is told so first, not asked for an outcome of a step
    # that may not be recorded yet.
    if new.state in WITH_OUTCOME and new.outcome not in (PASS, FAIL):
        return f"{STEP_LABELS[new.state]}须注明通过或未通过"
    if new.state == "recommended":
        if meets_standard is not True:
            return "该支部未达到标准化规范化标准（综合得分未达及格线或有一票否决事项），不能推荐为最强党支部"
        if bars:
            return "不符合最强党支部推荐条件：" + bar_text(bars)
    return None

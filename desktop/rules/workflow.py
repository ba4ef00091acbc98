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


@dataclass(frozen=True)
class Standing:
    """One branch in one year as the trends and targets views read it. `strongest` = rated at
    district or city level and not revoked."""

    branch_id: int
    year: int
    state: str
    standardized: bool
    strongest: bool


def _key(step: Step | None) -> str:
    if step is None:
        return "not_started"
    return f"{step.state}:{step.outcome}" if step.state in WITH_OUTCOME else step.state


def fold(steps: Iterable[tuple[str, str | None]]) -> StandingFacts:
    """What a year's steps (oldest first, as (state, outcome)) amount to. A revocation withdraws
    the latest rating: a 最强 rating if there is one, otherwise the standardized status."""
    state, standardized, level, revoked = "not_started", False, None, False
    for step_state, outcome in steps:
        state = step_state
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
    return StandingFacts(state, standardized, level, revoked)


def transition_problem(
    last: Step | None, new: Step, *, meets_standard: bool | None = None,
    bars: tuple[str, ...] = (), reason: str | None = None,
) -> str | None:
    """Why `new` may not follow `last` (the branch's latest step this year), in Chinese; or None."""
    if new.state not in STATES or new.state == "not_started":
        return f"未知的流程环节“{new.state}”"
    if new.state in WITH_OUTCOME and new.outcome not in (PASS, FAIL):
        return f"{STATE_LABELS[new.state]}须注明通过或未通过"
    if new.on_date is None:
        return "请填写日期"
    if last is not None and last.on_date is not None and new.on_date < last.on_date:
        return f"日期不能早于上一环节（{last.on_date:%Y-%m-%d}）"
    if new.state == "revoked" and not (reason or "").strip():
        return "撤销须填写原因"
    allowed = _AFTER[new.state]
    if _key(last) not in allowed:
        now = STATE_LABELS[last.state if last else "not_started"]
        if last is not None and last.state in WITH_OUTCOME:
            now += f"（{OUTCOME_LABELS.get(last.outcome, '')}）"
        return f"当前环节为“{now}”，不能直接进入“{STATE_LABELS[new.state]}”"
    if new.state == "recommended":
        if meets_standard is not True:
            return "该支部未达到标准化规范化标准（综合得分未达及格线或有一票否决事项），不能推荐为最强党支部"
        if bars:
            return "不符合最强党支部推荐条件：" + bar_text(bars)
    return None

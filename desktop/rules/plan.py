"""调研摸底 and the yearly plan (seed §三(一)): 分类排队 of every branch, which are planned to reach
the standard this year, and the plan's count set against the year's target (R1).

The suggestion is what the data says; the clerk decides (a stored row is never overwritten by it).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.rules.rewards import LEVEL_LABELS, Tiers
from desktop.rules.targets import required_count

CLASSIFICATIONS = {"advanced": "先进", "average": "一般", "lagging": "后进"}
CLASSIFICATION_BY_LABEL = {label: code for code, label in CLASSIFICATIONS.items()}
PLANNED_LABELS = {True: "计划达标", False: "暂不计划"}
MANY_FINDINGS = 3  # this many ledger findings keep a branch that reached the standard from the 先进
# and say that its ledgers are to be put right first; this many more (§三(一): 找不足、补短板 before
# 考评验收) and reaching the standard this year is not a fair plan for a branch that did not reach it
# last year: not suggested, and said so.
PUT_RIGHT_FIRST = 5


@dataclass(frozen=True)
class Suggestion:
    classification: str
    planned: bool
    reasons: tuple[str, ...]

    @property
    def text(self) -> str:
        return "；".join(self.reasons)

    @property
    def short(self) -> str:
        """“先进，计划达标” / “一般，暂不计划”: what the data suggests, before the clerk decides."""
        return f"{CLASSIFICATIONS[self.classification]}，{PLANNED_LABELS[self.planned]}"


def suggest(last_year: Tiers | None, open_case_year: int | None, findings: tuple[str, ...],
            new_round: str | None = None) -> Suggestion:
    """From last year's result, an open 软弱涣散 case (its year) and this year's ledger findings:
    后进 with an open case or last year's creation failed (or revoked); 先进 when last year reached
    the standard and the ledgers show few problems; 一般 otherwise. 后进 are not planned this year,
    nor is a branch not standardized last year with PUT_RIGHT_FIRST ledger findings or more.
    `new_round`: why a re-elected branch is due a new round (rules.rounds), its first reason: its
    rating ended with the old term, so it is planned to reach the standard again."""
    reasons: list[str] = [new_round] if new_round else []
    lagging = advanced = False
    if open_case_year is not None:
        reasons.append(f"软弱涣散整顿尚未销号（{open_case_year} 年认定）")
        lagging = True
    if last_year is None:
        reasons.append("上年度未参加创建")
    elif last_year.strongest_level:
        reasons.append(f"上年度被评定为{LEVEL_LABELS[last_year.strongest_level]}")
        advanced = True
    elif last_year.standardized:
        reasons.append("上年度已达到标准化规范化")
        advanced = True
    else:
        reasons.append(f"上年度未达到标准化规范化（{last_year.shown}）")
        lagging = lagging or last_year.failed
    if findings:
        shown = "、".join(findings[:3]) + ("等" if len(findings) > 3 else "")
        reasons.append(f"台账问题 {len(findings)} 项：{shown}")
        advanced = advanced and len(findings) < MANY_FINDINGS
    # A branch that reached the standard last year stays planned to keep it, its ledgers to be put right.
    too_many = len(findings) >= PUT_RIGHT_FIRST and not (last_year is not None and last_year.standardized)
    if not lagging and too_many:
        reasons.append("台账问题较多，建议先整改，暂不列入本年度达标计划")
    elif not lagging and len(findings) >= MANY_FINDINGS:
        reasons.append("台账问题较多，列入计划的须先整改")
    classification = "lagging" if lagging else "advanced" if advanced else "average"
    return Suggestion(classification, classification != "lagging" and not too_many, tuple(reasons))


@dataclass(frozen=True)
class PlanCount:
    planned: int
    total: int  # active branches
    share: float | None  # the year's target share (None: no target)
    needed: int | None

    @property
    def short(self) -> int | None:
        return None if self.needed is None else max(0, self.needed - self.planned)

    @property
    def text(self) -> str:
        if self.needed is None or self.share is None:
            return f"计划达标 {self.planned} 个（共 {self.total} 个党支部；本年度未设目标）"
        line = f"计划达标 {self.planned} 个，按年度目标 {self.share * 100:g}%（共 {self.total} 个党支部）需 {self.needed} 个"
        return line + (f"，尚差 {self.short} 个" if self.short else "，计划可以完成目标")


def plan_count(planned: int, total: int, share: float | None) -> PlanCount:
    return PlanCount(planned, total, share, None if share is None else required_count(share, total))

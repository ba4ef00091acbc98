"""督查检查 and 约谈 (seed §五, R14): the kinds of inspection and what an entry may not say.

An inspection visits several branches; each visited branch has its findings, the follow-up it is
required to make with a deadline, and the day that follow-up was done (closed). An inspection is
closed when every branch's follow-up is. A 约谈 is one talk with one person of one branch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

KIND_LABELS = {"special": "专项督查", "spot": "机动检查", "random": "随机抽查"}
KIND_BY_LABEL = {label: code for code, label in KIND_LABELS.items()}
TALK_LABEL = "约谈"


@dataclass(frozen=True)
class VisitFacts:
    deadline: date | None = None
    closed_on: date | None = None
    follow_up: str | None = None


def visit_open(visit: VisitFacts) -> bool:
    """A follow-up is still owed: one was required and it is not closed."""
    return bool(visit.follow_up) and visit.closed_on is None


def visit_overdue(visit: VisitFacts, today: date) -> bool:
    return visit_open(visit) and visit.deadline is not None and visit.deadline < today


def inspection_closed_on(visits: Sequence[VisitFacts]) -> date | None:
    """The day the last owed follow-up was done; None while any is owed. An inspection that
    required nothing is closed on no particular day (None, and not open either)."""
    if any(visit_open(v) for v in visits):
        return None
    days = [v.closed_on for v in visits if v.closed_on is not None]
    return max(days) if days else None


def visit_problems(held_on: date | None, deadline: date | None, closed_on: date | None, today: date) -> dict[str, str]:
    problems = {}
    if held_on is None:
        problems["held_on"] = "请填写检查日期"
        return problems
    if held_on > today:
        problems["held_on"] = f"检查日期 {held_on:%Y-%m-%d} 晚于今天"
    if deadline is not None and deadline < held_on:
        problems["deadline"] = f"整改时限 {deadline:%Y-%m-%d} 早于检查日期 {held_on:%Y-%m-%d}"
    if closed_on is not None:
        if closed_on < held_on:
            problems["closed_on"] = f"整改完成日期 {closed_on:%Y-%m-%d} 早于检查日期 {held_on:%Y-%m-%d}"
        elif closed_on > today:
            problems["closed_on"] = f"整改完成日期 {closed_on:%Y-%m-%d} 晚于今天"
    return problems


def talk_problems(held_on: date | None, person: str | None, reason: str | None, today: date) -> dict[str, str]:
    problems = {}
    if held_on is None:
        problems["held_on"] = "请填写约谈日期"
    elif held_on > today:
        problems["held_on"] = f"约谈日期 {held_on:%Y-%m-%d} 晚于今天"
    if not (person or "").strip():
        problems["person"] = "请填写约谈对象"
    if not (reason or "").strip():
        problems["reason"] = "请填写约谈事由"
    return problems

"""The rectification ledger (整顿台账): what state a case is in, when it is overdue, which entries
are refused, and the 动态清零 figures. Pure functions over plain facts.

A case is one branch in one year. Its state follows from what is recorded, so an imported case and
one kept in the window read alike: 认定 (open) → 整顿中 (rectifying, once progress is noted) →
验收通过 (accepted) or 验收未通过 (failed; new progress after it is 整顿中 again) → 销号 (closed),
which needs a passed acceptance.

A case counts as open on a day from its year on until its 销号 date. That is what the 最强 bar and
the year-end figures read: a branch whose case is still open at the end of a year cannot be
recommended for 最强 that year, whatever year the case was opened in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.rules.weak import GROUND_LABELS

PASS, FAIL = "pass", "fail"
ACCEPTANCE_LABELS = {PASS: "通过", FAIL: "未通过"}
ACCEPTANCE_BY_LABEL = {label: code for code, label in ACCEPTANCE_LABELS.items()}
STATES = ("open", "rectifying", "accepted", "failed", "closed")
STATE_LABELS = {"open": "已认定", "rectifying": "整顿中", "accepted": "验收通过", "failed": "验收未通过", "closed": "已销号"}
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class CaseFacts:
    """What the state, the overdue flag and the figures read of one case."""

    year: int
    deadline: date | None = None
    accepted_on: date | None = None
    acceptance: str | None = None  # pass / fail
    closed_on: date | None = None
    progress_dates: tuple[date, ...] = ()


def state(case: CaseFacts) -> str:
    if case.closed_on is not None:
        return "closed"
    if case.acceptance == PASS:
        return "accepted"
    after = [d for d in case.progress_dates if case.accepted_on is None or d > case.accepted_on]
    if case.acceptance == FAIL:
        return "rectifying" if after else "failed"
    return "rectifying" if case.progress_dates else "open"


def is_open(case: CaseFacts) -> bool:
    """Not yet 销号 (an accepted case is open until it is closed)."""
    return case.closed_on is None


def open_on(case: CaseFacts, day: date) -> bool:
    """Open on `day`: from its year on, until its 销号 date (closed that day: no longer open)."""
    return case.year <= day.year and (case.closed_on is None or case.closed_on > day)


def overdue(case: CaseFacts, today: date) -> bool:
    """Past its deadline without a passed acceptance (a failed one does not stop the clock)."""
    if case.deadline is None or case.deadline >= today or case.closed_on is not None:
        return False
    return not (case.acceptance == PASS and case.accepted_on is not None and case.accepted_on <= today)


def overdue_on(case: CaseFacts, day: date) -> bool:
    """Overdue as things stood on `day` (for a past year's end): open then, past its deadline, and
    not accepted by then."""
    if not open_on(case, day) or case.deadline is None or case.deadline >= day:
        return False
    return not (case.acceptance == PASS and case.accepted_on is not None and case.accepted_on <= day)


# ---------------------------------------------------------------- what is refused


def case_problems(year: int | None, grounds: Sequence[str], deadline: date | None, accepted_on: date | None,
                  acceptance: str | None, closed_on: date | None, today: date) -> dict[str, str]:
    """Why a case as entered is refused, by field (the sheet's and the form's keys)."""
    problems: dict[str, str] = {}
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        problems["year"] = f"认定年度应在 {FIRST_YEAR}–{LAST_YEAR} 之间"
        return problems
    unknown = [g for g in grounds if g not in GROUND_LABELS]
    if not grounds:
        problems["grounds"] = "请至少选择一项认定情形"
    elif unknown:
        problems["grounds"] = "未知的认定情形：" + "、".join(unknown)
    if deadline is not None and deadline.year < year:
        problems["deadline"] = f"整改时限 {deadline:%Y-%m-%d} 早于认定年度 {year} 年"
    if (accepted_on is None) != (acceptance is None):
        key = "acceptance" if accepted_on is not None else "accepted_on"
        problems[key] = "验收日期和验收结论应同时填写"
    if acceptance is not None and acceptance not in ACCEPTANCE_LABELS:
        problems["acceptance"] = "验收结论应为“通过”或“未通过”"
    for key, day, label in (("accepted_on", accepted_on, "验收日期"), ("closed_on", closed_on, "销号日期")):
        if day is None or key in problems:
            continue
        if day.year < year:
            problems[key] = f"{label} {day:%Y-%m-%d} 早于认定年度 {year} 年"
        elif day > today:
            problems[key] = f"{label} {day:%Y-%m-%d} 晚于今天"
    if closed_on is not None and "closed_on" not in problems:
        if acceptance != PASS:
            problems["closed_on"] = "验收通过后才能销号（验收结论须为“通过”）"
        elif accepted_on is not None and closed_on < accepted_on:
            problems["closed_on"] = f"销号日期 {closed_on:%Y-%m-%d} 早于验收日期 {accepted_on:%Y-%m-%d}"
    return problems


def progress_problem(year: int, noted_on: date | None, text: str | None, today: date) -> str | None:
    if noted_on is None:
        return "请填写进展日期"
    if noted_on.year < year:
        return f"进展日期 {noted_on:%Y-%m-%d} 早于认定年度 {year} 年"
    if noted_on > today:
        return f"进展日期 {noted_on:%Y-%m-%d} 晚于今天"
    if not (text or "").strip():
        return "请填写进展情况"
    return None


# ---------------------------------------------------------------- 动态清零


@dataclass(frozen=True)
class YearFigures:
    year: int
    opened: int  # cases of the year
    closed: int  # 销号 during the year, whatever year the case is of
    open_at_end: int  # open at the year's end (today, for the current year)
    overdue_at_end: int
    open_ids: tuple[int, ...] = ()  # the branches behind open_at_end


def year_end(year: int, today: date) -> date:
    return min(date(year, 12, 31), today)


def figures(cases: Iterable[tuple[int, CaseFacts]], first_year: int, last_year: int, today: date) -> list[YearFigures]:
    """Per year: cases opened, cases closed, cases open (and overdue) at the year's end. `cases` are
    (branch id, facts)."""
    cases = list(cases)
    result = []
    for year in range(first_year, last_year + 1):
        end = year_end(year, today)
        open_ids = sorted({b for b, c in cases if open_on(c, end)})
        result.append(YearFigures(
            year,
            opened=sum(1 for _b, c in cases if c.year == year),
            closed=sum(1 for _b, c in cases if c.closed_on is not None and c.closed_on.year == year),
            open_at_end=sum(1 for _b, c in cases if open_on(c, end)),
            overdue_at_end=sum(1 for _b, c in cases if overdue_on(c, end)),
            open_ids=tuple(open_ids),
        ))
    return result

"""The rectification ledger (整顿台账): open a case with its grounds, note progress, record the
acceptance, close it (销号); list the cases with their state and overdue flag; the 动态清零 figures;
and which branches an open case bars from 最强 (read by services/results.py).

Every use case is one unit of work; a case's state is derived (desktop.rules.weak_cases.state).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import BranchdeskError, NotFoundError, ValidationError
from desktop.models import Branch, WeakCase, WeakCaseGround, WeakCaseProgress
from desktop.rules import weak_cases as rules
from desktop.rules.collation import branch_order_key
from desktop.rules.weak import GROUND_LABELS
from desktop.rules.weak_cases import CaseFacts, YearFigures
from desktop.services import versions
from desktop.store import changelog
from desktop.store.workspace import Workspace, local_time

STALE = versions.changed_message("该整顿台账")
TEXT_CHARS, PERSON_CHARS, PROGRESS_CHARS = 2000, 30, 2000


def today_of(ws: Workspace) -> date:
    local = local_time(ws.now())
    assert local is not None
    return local.date()


@dataclass(frozen=True)
class CaseForm:
    """What the clerk enters for a case (the sheet's columns, and the day it was identified)."""

    grounds: tuple[str, ...] = ()
    problems: str | None = None
    measures: str | None = None
    contact_leader: str | None = None
    first_secretary: str | None = None
    responsible: str | None = None
    deadline: date | None = None
    accepted_on: date | None = None
    acceptance: str | None = None
    closed_on: date | None = None
    identified_on: date | None = None


FORM_FIELDS = ("problems", "measures", "contact_leader", "first_secretary", "responsible", "deadline", "accepted_on",
               "acceptance", "closed_on", "identified_on")
LIMITS = {"problems": TEXT_CHARS, "measures": TEXT_CHARS, "contact_leader": PERSON_CHARS,
          "first_secretary": PERSON_CHARS, "responsible": PERSON_CHARS}
LABELS = {"problems": "具体问题", "measures": "整顿措施", "contact_leader": "联系领导", "first_secretary": "第一书记",
          "responsible": "责任人"}


@dataclass(frozen=True)
class Progress:
    id: int
    noted_on: date
    text: str


@dataclass(frozen=True)
class CaseView:
    id: int
    version: int
    branch_id: int
    name: str
    year: int
    form: CaseForm
    state: str
    overdue: bool
    progress: tuple[Progress, ...] = field(default_factory=tuple)

    @property
    def state_label(self) -> str:
        return rules.STATE_LABELS[self.state]

    @property
    def ground_labels(self) -> tuple[str, ...]:
        return tuple(GROUND_LABELS.get(g, g) for g in self.form.grounds)

    def as_json(self) -> dict:
        return {"name": self.name, "year": self.year, "state": self.state, "grounds": list(self.form.grounds),
                "overdue": self.overdue}


def ordered_grounds(grounds: Sequence[str]) -> tuple[str, ...]:
    """Known grounds in the fixed list's order (unknown stored codes last, as stored)."""
    order = {code: i for i, code in enumerate(GROUND_LABELS)}
    return tuple(sorted(dict.fromkeys(grounds), key=lambda g: (order.get(g, len(order)), g)))


def facts_of(case: WeakCase) -> CaseFacts:
    return CaseFacts(case.year, case.deadline, case.accepted_on, case.acceptance, case.closed_on,
                     tuple(p.noted_on for p in case.progress))


def form_of(case: WeakCase) -> CaseForm:
    return CaseForm(ordered_grounds([g.ground for g in case.grounds]), **{k: getattr(case, k) for k in FORM_FIELDS})


def _view(case: WeakCase, name: str, today: date) -> CaseView:
    facts = facts_of(case)
    return CaseView(case.id, case.version, case.branch_id, name, case.year, form_of(case), rules.state(facts),
                    rules.overdue(facts, today), tuple(Progress(p.id, p.noted_on, p.text) for p in case.progress))


def _cleaned(form: CaseForm) -> CaseForm:
    values: dict[str, Any] = {}
    for key, limit in LIMITS.items():
        text = (getattr(form, key) or "").strip() or None
        if text is not None and len(text) > limit:
            raise ValidationError({key: f"{LABELS[key]}不能超过 {limit} 个字"})
        values[key] = text
    return replace(form, grounds=ordered_grounds(form.grounds), **values)


def check_form(year: int, form: CaseForm, today: date) -> CaseForm:
    """The form cleaned, or ValidationError with every refusal by field."""
    form = _cleaned(form)
    problems = rules.case_problems(year, form.grounds, form.deadline, form.accepted_on, form.acceptance,
                                   form.closed_on, today)
    if form.identified_on is not None and form.identified_on > today:
        problems["identified_on"] = f"认定日期 {form.identified_on:%Y-%m-%d} 晚于今天"
    if problems:
        raise ValidationError(problems)
    return form


def apply_form(session: Session, case: WeakCase, form: CaseForm) -> None:
    """Write a checked form onto a case (its grounds replaced as a set)."""
    for key in FORM_FIELDS:
        if getattr(case, key) != getattr(form, key):
            setattr(case, key, getattr(form, key))
    current = {g.ground: g for g in case.grounds}
    for ground in set(current) - set(form.grounds):
        case.grounds.remove(current[ground])
    for ground in form.grounds:
        if ground not in current:
            case.grounds.append(WeakCaseGround(ground=ground))
    if set(current) != set(form.grounds) and case.id is not None:
        changelog.touch(session, case)  # the grounds are part of the case: its version moves


def live_case(session: Session, branch_id: int, year: int) -> WeakCase | None:
    return session.scalar(select(WeakCase).where(WeakCase.branch_id == branch_id, WeakCase.year == year)
                          .options(selectinload(WeakCase.grounds), selectinload(WeakCase.progress)))


def open_case(ws: Workspace, branch_id: int, year: int, form: CaseForm) -> int:
    """认定: a new case for a branch and year (refused when the branch already has one that year)."""
    today = today_of(ws)
    form = check_form(year, replace(form, identified_on=form.identified_on or today), today)
    with ws.write() as session:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise NotFoundError("该支部已不存在。")
        if live_case(session, branch_id, year) is not None:
            raise BranchdeskError(f"{branch.name}已有 {year} 年的整顿台账（每个支部每年一份），请在原台账中修改。")
        case = WeakCase(branch_id=branch_id, year=year)
        session.add(case)
        apply_form(session, case, form)
        session.flush()
        return case.id


def _case(session: Session, case_id: int, version: int | None = None) -> WeakCase:
    case = session.get(WeakCase, case_id, options=[selectinload(WeakCase.grounds), selectinload(WeakCase.progress)])
    if case is None:
        raise NotFoundError("该整顿台账已不存在（可能已被删除）。")
    versions.expect_version(case, version, "该整顿台账")
    return case


def save_case(ws: Workspace, case_id: int, form: CaseForm, version: int | None = None) -> None:
    """Change a case's entries (grounds, problems, measures, people, dates, acceptance, 销号)."""
    today = today_of(ws)
    with versions.refused_if_stale(STALE), ws.write() as session:
        case = _case(session, case_id, version)
        checked = check_form(case.year, replace(form, identified_on=form.identified_on or case.identified_on), today)
        apply_form(session, case, checked)


def add_progress(ws: Workspace, case_id: int, noted_on: date, text: str) -> int:
    """A dated progress note (月度进展): 认定 becomes 整顿中, and so does a failed acceptance."""
    today = today_of(ws)
    text = (text or "").strip()
    with ws.write() as session:
        case = _case(session, case_id)
        problem = rules.progress_problem(case.year, noted_on, text, today)
        if problem is None and len(text) > PROGRESS_CHARS:
            problem = f"进展情况不能超过 {PROGRESS_CHARS} 个字"
        if problem is None and case.closed_on is not None:
            problem = "该台账已销号，不能再添加进展"
        if problem:
            raise ValidationError({"progress": problem})
        note = WeakCaseProgress(case=case, noted_on=noted_on, text=text)
        session.add(note)
        session.flush()
        return note.id


def delete_progress(ws: Workspace, progress_id: int) -> None:
    with ws.write() as session:
        note = session.get(WeakCaseProgress, progress_id)
        if note is None:
            raise NotFoundError("该进展记录已不存在。")
        changelog.delete(session, note)


def _step(ws: Workspace, case_id: int, change: dict, version: int | None) -> None:
    today = today_of(ws)
    with versions.refused_if_stale(STALE), ws.write() as session:
        case = _case(session, case_id, version)
        apply_form(session, case, check_form(case.year, replace(form_of(case), **change), today))


def accept(ws: Workspace, case_id: int, accepted_on: date, passed: bool, version: int | None = None) -> None:
    """验收: passed → 验收通过; not passed → 验收未通过 (rectification goes on)."""
    _step(ws, case_id, {"accepted_on": accepted_on, "acceptance": rules.PASS if passed else rules.FAIL}, version)


def close(ws: Workspace, case_id: int, closed_on: date, version: int | None = None) -> None:
    """销号: only after a passed acceptance, not before it."""
    _step(ws, case_id, {"closed_on": closed_on}, version)


def delete_case(ws: Workspace, case_id: int) -> None:
    with ws.write() as session:
        changelog.delete(session, _case(session, case_id))


def get_case(ws: Workspace, case_id: int) -> CaseView:
    today = today_of(ws)
    with ws.read() as session:
        case = _case(session, case_id)
        return _view(case, session.scalar(select(Branch.name).where(Branch.id == case.branch_id)) or "", today)


def list_cases(ws: Workspace, year: int | None = None, open_only: bool = False, branch_id: int | None = None) -> list[CaseView]:
    """Cases by year, then branch name; `open_only`: not yet 销号."""
    today = today_of(ws)
    with ws.read() as session:
        query = (select(WeakCase, Branch.name).join(Branch, Branch.id == WeakCase.branch_id)
                 .options(selectinload(WeakCase.grounds), selectinload(WeakCase.progress)))
        if year is not None:
            query = query.where(WeakCase.year == year)
        if open_only:
            query = query.where(WeakCase.closed_on.is_(None))
        if branch_id is not None:
            query = query.where(WeakCase.branch_id == branch_id)
        found = sorted(session.execute(query), key=lambda row: (row[0].year, branch_order_key(row[1])))
        return [_view(case, name, today) for case, name in found]


def open_at_year_end(session: Session, year: int) -> set[int]:
    """Branches with a case still open (not 销号) at the end of `year`, of that year or before: the
    最强 bar `weak_case_open`."""
    end = date(year, 12, 31)
    return set(session.scalars(select(WeakCase.branch_id).where(
        WeakCase.year <= year, or_(WeakCase.closed_on.is_(None), WeakCase.closed_on > end))))


@dataclass(frozen=True)
class Clearing:
    """动态清零 at a glance: per year, and right now."""

    years: tuple[YearFigures, ...]
    open_now: int
    overdue_now: int
    open_now_ids: tuple[int, ...]

    def as_json(self) -> dict:
        return {
            "open_now": self.open_now, "overdue_now": self.overdue_now,
            "years": [{"year": f.year, "opened": f.opened, "closed": f.closed, "open_at_end": f.open_at_end,
                       "overdue_at_end": f.overdue_at_end} for f in self.years],
        }


def clearing(ws: Workspace, first_year: int, last_year: int, today: date | None = None) -> Clearing:
    today = today or today_of(ws)
    with ws.read() as session:
        rows = session.execute(select(WeakCase.id, WeakCase.branch_id, WeakCase.year, WeakCase.deadline,
                                      WeakCase.accepted_on, WeakCase.acceptance, WeakCase.closed_on)).all()
    cases = [(branch_id, CaseFacts(year, deadline, accepted_on, acceptance, closed_on))
             for _id, branch_id, year, deadline, accepted_on, acceptance, closed_on in rows]
    now_open = [b for b, c in cases if rules.open_on(c, today)]
    return Clearing(
        tuple(rules.figures(cases, first_year, last_year, today)), len(now_open),
        sum(1 for _b, c in cases if rules.open_on(c, today) and rules.overdue(c, today)), tuple(sorted(set(now_open))),
    )

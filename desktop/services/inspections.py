"""督查检查 and 约谈 (seed §五): the committee's inspection log with the branches each inspection
visited, the 约谈 records, and a branch's whole 整顿 history (cases, visits, talks)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import NotFoundError, ValidationError
from desktop.models import AdmonitionTalk, Branch, Inspection, InspectionVisit
from desktop.rules import inspections as rules
from desktop.rules.collation import in_branch_order
from desktop.rules.inspections import VisitFacts
from desktop.services import weak_cases
from desktop.services.weak_cases import CaseView, today_of
from desktop.store import changelog
from desktop.store.workspace import Workspace

TEXT_CHARS, PERSON_CHARS, NAME_CHARS = 2000, 30, 200


@dataclass(frozen=True)
class VisitForm:
    branch_id: int
    findings: str | None = None
    follow_up: str | None = None
    deadline: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class VisitView:
    id: int
    inspection_id: int
    branch_id: int
    name: str
    findings: str | None
    follow_up: str | None
    deadline: date | None
    closed_on: date | None
    overdue: bool


@dataclass(frozen=True)
class InspectionView:
    id: int
    kind: str
    held_on: date
    topic: str
    inspectors: str
    visits: tuple[VisitView, ...]
    closed_on: date | None  # the day the last owed follow-up was done
    open: bool  # a follow-up is still owed

    @property
    def kind_label(self) -> str:
        return rules.KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class TalkView:
    id: int
    branch_id: int
    name: str
    held_on: date
    person: str
    role: str | None
    by_whom: str | None
    reason: str
    agreed: str | None


def _text(value: str | None, limit: int, label: str, key: str) -> str | None:
    text = (value or "").strip() or None
    if text is not None and len(text) > limit:
        raise ValidationError({key: f"{label}不能超过 {limit} 个字"})
    return text


def check_visit(held_on: date, visit: VisitForm, today: date) -> VisitForm:
    problems = rules.visit_problems(held_on, visit.deadline, visit.closed_on, today)
    if problems:
        raise ValidationError(problems)
    return VisitForm(visit.branch_id, _text(visit.findings, TEXT_CHARS, "发现问题", "findings"),
                     _text(visit.follow_up, TEXT_CHARS, "整改要求", "follow_up"), visit.deadline, visit.closed_on)


def check_inspection(kind: str, held_on: date | None, topic: str | None, inspectors: str | None) -> tuple[str, str]:
    problems = {}
    if kind not in rules.KIND_LABELS:
        problems["kind"] = "检查方式应为专项督查、机动检查或随机抽查"
    if held_on is None:
        problems["held_on"] = "请填写检查日期"
    if not (inspectors or "").strip():
        problems["inspectors"] = "请填写检查人员"
    if problems:
        raise ValidationError(problems)
    return (_text(topic, NAME_CHARS, "检查主题", "topic") or "", _text(inspectors, NAME_CHARS, "检查人员", "inspectors") or "")


def apply_visit(visit: InspectionVisit, form: VisitForm) -> None:
    for key in ("findings", "follow_up", "deadline", "closed_on"):
        if getattr(visit, key) != getattr(form, key):
            setattr(visit, key, getattr(form, key))


def record_inspection(ws: Workspace, kind: str, held_on: date, inspectors: str, visits: Sequence[VisitForm],
                      topic: str | None = None) -> int:
    """One inspection and the branches it visited (each at most once)."""
    today = today_of(ws)
    topic_text, who = check_inspection(kind, held_on, topic, inspectors)
    checked = [check_visit(held_on, v, today) for v in visits]
    if len({v.branch_id for v in checked}) != len(checked):
        raise ValidationError({"visits": "同一次检查中一个支部只能登记一次"})
    with ws.write() as session:
        inspection = Inspection(kind=kind, held_on=held_on, topic=topic_text, inspectors=who)
        session.add(inspection)
        for form in checked:
            if session.get(Branch, form.branch_id) is None:
                raise NotFoundError("所选支部已不存在。")
            visit = InspectionVisit(inspection=inspection, branch_id=form.branch_id)
            apply_visit(visit, form)
            session.add(visit)
        session.flush()
        return inspection.id


def close_visit(ws: Workspace, visit_id: int, closed_on: date) -> None:
    """The follow-up of one visited branch was done on `closed_on`."""
    today = today_of(ws)
    with ws.write() as session:
        visit = session.get(InspectionVisit, visit_id)
        if visit is None:
            raise NotFoundError("该检查记录已不存在。")
        form = check_visit(visit.inspection.held_on, VisitForm(visit.branch_id, visit.findings, visit.follow_up,
                                                               visit.deadline, closed_on), today)
        apply_visit(visit, form)


def delete_inspection(ws: Workspace, inspection_id: int) -> None:
    with ws.write() as session:
        inspection = session.get(Inspection, inspection_id, options=[selectinload(Inspection.visits)])
        if inspection is None:
            raise NotFoundError("该检查记录已不存在。")
        for visit in inspection.visits:
            changelog.delete(session, visit)
        changelog.delete(session, inspection)


def _views(session: Session, query, today: date) -> list[InspectionView]:
    names = dict(session.execute(select(Branch.id, Branch.name)).all())
    result = []
    for inspection in session.scalars(query.options(selectinload(Inspection.visits)).order_by(Inspection.held_on, Inspection.id)):
        visits = tuple(in_branch_order(
            VisitView(v.id, inspection.id, v.branch_id, names.get(v.branch_id, ""), v.findings, v.follow_up,
                      v.deadline, v.closed_on, rules.visit_overdue(VisitFacts(v.deadline, v.closed_on, v.follow_up), today))
            for v in inspection.visits))
        facts = [VisitFacts(v.deadline, v.closed_on, v.follow_up) for v in visits]
        result.append(InspectionView(inspection.id, inspection.kind, inspection.held_on, inspection.topic, inspection.inspectors,
                                     visits, rules.inspection_closed_on(facts), any(rules.visit_open(f) for f in facts)))
    return result


def list_inspections(ws: Workspace, year: int | None = None) -> list[InspectionView]:
    today = today_of(ws)
    with ws.read() as session:
        query = select(Inspection)
        if year is not None:
            query = query.where(Inspection.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        return _views(session, query, today)


def record_talk(ws: Workspace, branch_id: int, held_on: date, person: str, reason: str, role: str | None = None,
                by_whom: str | None = None, agreed: str | None = None) -> int:
    """A 约谈 of one person of one branch."""
    problems = rules.talk_problems(held_on, person, reason, today_of(ws))
    if problems:
        raise ValidationError(problems)
    values = {"person": _text(person, PERSON_CHARS, "约谈对象", "person"), "role": _text(role, PERSON_CHARS, "职务", "role"),
              "by_whom": _text(by_whom, 60, "约谈人", "by_whom"), "reason": _text(reason, TEXT_CHARS, "约谈事由", "reason"),
              "agreed": _text(agreed, TEXT_CHARS, "约谈意见", "agreed")}
    with ws.write() as session:
        if session.get(Branch, branch_id) is None:
            raise NotFoundError("该支部已不存在。")
        talk = AdmonitionTalk(branch_id=branch_id, held_on=held_on, **values)
        session.add(talk)
        session.flush()
        return talk.id


def delete_talk(ws: Workspace, talk_id: int) -> None:
    with ws.write() as session:
        talk = session.get(AdmonitionTalk, talk_id)
        if talk is None:
            raise NotFoundError("该约谈记录已不存在。")
        changelog.delete(session, talk)


def list_talks(ws: Workspace, year: int | None = None, branch_id: int | None = None) -> list[TalkView]:
    with ws.read() as session:
        query = select(AdmonitionTalk, Branch.name).join(Branch, Branch.id == AdmonitionTalk.branch_id)
        if year is not None:
            query = query.where(AdmonitionTalk.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        if branch_id is not None:
            query = query.where(AdmonitionTalk.branch_id == branch_id)
        rows = session.execute(query.order_by(AdmonitionTalk.held_on, AdmonitionTalk.id)).all()
        return [TalkView(t.id, t.branch_id, name, t.held_on, t.person, t.role, t.by_whom, t.reason, t.agreed) for t, name in rows]


@dataclass(frozen=True)
class BranchHistory:
    """Everything the 整顿 line recorded about one branch, oldest first."""

    cases: tuple[CaseView, ...] = field(default_factory=tuple)
    visits: tuple[tuple[InspectionView, VisitView], ...] = field(default_factory=tuple)
    talks: tuple[TalkView, ...] = field(default_factory=tuple)


def branch_history(ws: Workspace, branch_id: int) -> BranchHistory:
    today = today_of(ws)
    with ws.read() as session:
        visited = select(InspectionVisit.inspection_id).where(InspectionVisit.branch_id == branch_id)
        inspections = _views(session, select(Inspection).where(Inspection.id.in_(visited)), today)
        cases = weak_cases.list_cases(ws, branch_id=branch_id)
        talks = list_talks(ws, branch_id=branch_id)
    visits = tuple((i, v) for i in inspections for v in i.visits if v.branch_id == branch_id)
    return BranchHistory(tuple(cases), visits, tuple(talks))

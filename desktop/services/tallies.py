"""Tallies (四评录入) of one branch in one year: member and public counts, complaints with their
check result, departments' feedback, annual review grade, veto. Checked before anything is written,
and refused when the tallies changed since the form read them (services.versions)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from desktop.errors import NotFoundError, StaleError, ValidationError
from desktop.excel import cells
from desktop.excel.cells import CellError
from desktop.excel.evaluations import VETO_CHARS
from desktop.models import Branch, Complaint, DepartmentFeedback, Evaluation
from desktop.rules.eligibility import GRADES
from desktop.rules.scoring import Tally, tally_problems
from desktop.services import held, versions
from desktop.store.workspace import Workspace

# Tally field → Evaluation column (the rules speak of a Tally; the table stores the raw counts).
COUNT_COLUMNS = {
    "participants": "member_participants", "excellent": "member_excellent", "qualified": "member_qualified",
    "basic": "member_basic", "unqualified": "member_unqualified", "satisfied": "public_satisfied",
    "public_basic": "public_basic", "dissatisfied": "public_dissatisfied",
}


@dataclass(frozen=True)
class ComplaintEntry:
    text: str
    verified: bool = False


@dataclass(frozen=True)
class FeedbackEntry:
    department: str
    compliant: bool = True
    text: str | None = None


@dataclass(frozen=True)
class TallyForm:
    tally: Tally = Tally()
    org_score_override: float | None = None
    review_grade: str | None = None
    veto: str | None = None
    complaints: tuple[ComplaintEntry, ...] = field(default_factory=tuple)
    feedback: tuple[FeedbackEntry, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class LoadedTally:
    """A form with what it was read from: `basis` goes back to save_tally."""

    form: TallyForm
    basis: frozenset


def tally_of(evaluation: Evaluation) -> Tally:
    return Tally(**{name: getattr(evaluation, column) for name, column in COUNT_COLUMNS.items()})


def form_of(evaluation: Evaluation | None) -> TallyForm:
    if evaluation is None:
        return TallyForm()
    return TallyForm(
        tally=tally_of(evaluation), org_score_override=evaluation.org_score_override,
        review_grade=evaluation.review_grade, veto=evaluation.veto,
        complaints=tuple(ComplaintEntry(c.text, c.verified) for c in evaluation.complaints),
        feedback=tuple(FeedbackEntry(f.department, f.compliant, f.text) for f in evaluation.feedback),
    )


def form_problems(form: TallyForm) -> dict[str, str]:
    problems = tally_problems(form.tally)
    if form.org_score_override is not None and not 0 <= form.org_score_override <= 100:
        problems["org_score_override"] = "组织评定得分应在 0–100 之间"
    if form.review_grade is not None and form.review_grade not in GRADES:
        problems["review_grade"] = f"未知的述职评议等次“{form.review_grade}”"
    if any(not c.text.strip() for c in form.complaints):
        problems["complaints"] = "不满意事项的内容不能为空"
    if any(not f.department.strip() for f in form.feedback):
        problems["feedback"] = "部门反馈须填写部门名称"
    try:  # the same rule as the sheet's 否决事项 column
        cells.text(form.veto, VETO_CHARS)
    except CellError as error:
        problems["veto"] = f"否决事项：{error.reason}"
    return problems


def _load(session: Session, branch_id: int, year: int) -> Evaluation | None:
    return session.scalar(
        select(Evaluation).where(Evaluation.branch_id == branch_id, Evaluation.year == year)
        .options(selectinload(Evaluation.complaints), selectinload(Evaluation.feedback))
    )


def load_evaluation(session: Session, branch_id: int, year: int) -> Evaluation | None:
    """The branch's evaluation of the year with its complaints and feedback, inside a unit."""
    return _load(session, branch_id, year)


def load_evaluations(session: Session, branch_ids: list[int], year: int) -> dict[int, Evaluation]:
    """{branch id: its evaluation of the year}, with complaints and feedback, in one query (a merge or
    a check-out reads those of 300 branches)."""
    query = (select(Evaluation).where(Evaluation.year == year, Evaluation.branch_id.in_(branch_ids))
             .options(selectinload(Evaluation.complaints), selectinload(Evaluation.feedback)))
    return {evaluation.branch_id: evaluation for evaluation in session.scalars(query)}


def basis_of(evaluation: Evaluation | None) -> frozenset:
    """The versions a form of this evaluation rests on. Its complaints and departments' feedback are
    records of their own: replacing them leaves the evaluation's version alone, so they count too.
    No evaluation yet is a basis of its own (one created meanwhile changes it)."""
    if evaluation is None:
        return versions.basis((part, []) for part in ("evaluation", "complaints", "feedback"))
    return versions.basis((("evaluation", [evaluation]), ("complaints", evaluation.complaints),
                           ("feedback", evaluation.feedback)))


def get_tally(ws: Workspace, branch_id: int, year: int) -> TallyForm:
    return open_tally(ws, branch_id, year).form


def open_tally(ws: Workspace, branch_id: int, year: int) -> LoadedTally:
    with ws.read() as session:
        evaluation = _load(session, branch_id, year)
        return LoadedTally(form_of(evaluation), basis_of(evaluation))


def apply_form(session: Session, branch_id: int, year: int, form: TallyForm) -> bool:
    """Write `form` onto the branch's evaluation for the year. Returns True if anything changed."""
    return apply_forms(session, year, {branch_id: form}) > 0


def apply_forms(session: Session, year: int, forms: dict[int, TallyForm]) -> int:
    """apply_form for many branches ({branch id: form}), their evaluations read in one query.
    Returns how many changed."""
    slots = _slots(session, list(forms), year)
    return sum(_write(session, slots.get(branch_id), branch_id, year, form) for branch_id, form in forms.items())


def _slots(session: Session, branch_ids: list[int], year: int, deleted_only: bool = False) -> dict[int, Evaluation]:
    """{branch id: the record holding its (branch, year) slot}: the live evaluation, or a deleted one
    (the constraint is a plain unique one, so a tombstone keeps the slot and there is never both)."""
    query = (select(Evaluation).where(Evaluation.year == year, Evaluation.branch_id.in_(branch_ids))
             .options(selectinload(Evaluation.complaints), selectinload(Evaluation.feedback))
             .execution_options(include_deleted=True))
    if deleted_only:
        query = query.where(Evaluation.deleted_at.is_not(None))
    return {evaluation.branch_id: evaluation for evaluation in session.scalars(query)}


def _write(session: Session, evaluation: Evaluation | None, branch_id: int, year: int, form: TallyForm) -> bool:
    """`evaluation`: what holds the slot (_slots). Tallies written over a deleted evaluation revive it:
    logged as an update of deleted_at back to none, under the same UUID."""
    if evaluation is not None and evaluation.deleted_at is not None:
        evaluation.deleted_at, evaluation.deleted_by = None, None
    elif evaluation is not None and form_of(evaluation) == form:
        return False
    elif evaluation is None:
        evaluation = Evaluation(branch_id=branch_id, year=year)
        session.add(evaluation)
    for name, column in COUNT_COLUMNS.items():
        setattr(evaluation, column, getattr(form.tally, name))
    evaluation.org_score_override = form.org_score_override
    evaluation.review_grade = form.review_grade
    evaluation.veto = (form.veto or "").strip() or None
    if form_of(evaluation).complaints != form.complaints:
        evaluation.complaints = [Complaint(text=c.text.strip(), verified=c.verified) for c in form.complaints]
    if form_of(evaluation).feedback != form.feedback:
        evaluation.feedback = [DepartmentFeedback(department=f.department.strip(), compliant=f.compliant,
                                                  text=(f.text or "").strip() or None) for f in form.feedback]
    return True


def stale_message(year: int) -> str:
    return versions.changed_message(f"该支部 {year} 年的四评录入")


def save_tally(ws: Workspace, branch_id: int, year: int, form: TallyForm, basis: frozenset | None = None) -> frozenset:
    """Write the form. With the `basis` it was loaded from (open_tally), a save after another write to
    these tallies (an import, another window) is refused with StaleError and nothing is written.
    Returns the basis of what is stored now, for the next save from the same form."""
    problems = form_problems(form)
    if problems:
        raise ValidationError(problems)
    form = replace(form, veto=cells.text(form.veto, VETO_CHARS))  # control characters normalised
    try:
        with versions.refused_if_stale(stale_message(year)), ws.write() as session:
            if session.get(Branch, branch_id) is None:
                raise NotFoundError("该支部已不存在。")
            held.refuse_held_tallies(session, branch_id, year)
            # The record checked is the one written (none: a new one), never one read again later:
            # a write slipping in after this check fails the UPDATE's version condition, or the
            # INSERT's one-evaluation-per-branch-and-year constraint.
            current = _load(session, branch_id, year)
            if basis is not None and basis_of(current) != basis:
                raise StaleError(stale_message(year))
            # None checked: only a tombstone may be taken over; one created since is left to the INSERT to meet.
            slot = current if current is not None else _slots(session, [branch_id], year, deleted_only=True).get(branch_id)
            _write(session, slot, branch_id, year, form)
            session.flush()
            return basis_of(_load(session, branch_id, year))
    except IntegrityError as error:  # another writer created the year's tallies after the check
        raise StaleError(stale_message(year)) from error

"""Tallies (四评录入) of one branch in one year: member and public counts, complaints with their
check result, departments' feedback, annual review grade, veto. Checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import NotFoundError, ValidationError
from desktop.excel import cells
from desktop.excel.cells import CellError
from desktop.excel.evaluations import VETO_CHARS
from desktop.models import Branch, Complaint, DepartmentFeedback, Evaluation
from desktop.rules.eligibility import GRADES
from desktop.rules.scoring import Tally, tally_problems
from desktop.services.session import unit_of_work

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


def get_tally(engine: Engine, branch_id: int, year: int) -> TallyForm:
    with Session(engine) as session:
        return form_of(_load(session, branch_id, year))


def apply_form(session: Session, branch_id: int, year: int, form: TallyForm) -> bool:
    """Write `form` onto the branch's evaluation for the year. Returns True if anything changed."""
    evaluation = _load(session, branch_id, year)
    if evaluation is not None and form_of(evaluation) == form:
        return False
    if evaluation is None:
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


def save_tally(engine: Engine, branch_id: int, year: int, form: TallyForm) -> None:
    problems = form_problems(form)
    if problems:
        raise ValidationError(problems)
    form = replace(form, veto=cells.text(form.veto, VETO_CHARS))  # control characters normalised
    with unit_of_work(engine) as session:
        if session.get(Branch, branch_id) is None:
            raise NotFoundError("该支部已不存在。")
        apply_form(session, branch_id, year, form)

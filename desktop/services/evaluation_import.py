"""Evaluation tallies import (preview, then one transaction), export by year, and template.

The sheet's two yes/no columns summarise the detail records: 是 makes sure a verified complaint
(or a non-compliant department) exists, 否 marks the existing ones as not verified (compliant),
blank leaves them as they are. Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import ValidationError
from desktop.excel import evaluations as sheet
from desktop.excel.sheet import CancelFlag, Progress, write_rows
from desktop.models import Evaluation
from desktop.rules.scoring import Tally, tally_problems
from desktop.services import held, tallies
from desktop.services.imports import ImportPlan, ImportReport, plan_then_apply
from desktop.services.tallies import ComplaintEntry, FeedbackEntry, TallyForm
from desktop.services.yearly_import import Yearly
from desktop.store.workspace import Workspace

SHEET_TITLE = "考评汇总"
IMPORTED_COMPLAINT = "据导入表：不满意经查证属实"
IMPORTED_DEPARTMENT = "导入汇总"
COUNT_KEYS = tuple(tallies.COUNT_COLUMNS)


def merged_form(current: TallyForm, values: dict) -> TallyForm:
    """The form after applying one sheet row to what is stored. Only the sheet's own columns count:
    a column present with an empty cell clears that field, an absent column keeps what is stored."""

    def pick(key: str, stored):
        return values.get(key, stored)

    form = replace(
        current,
        tally=Tally(**{k: pick(k, getattr(current.tally, k)) for k in COUNT_KEYS}),
        org_score_override=pick("org_score_override", current.org_score_override),
        review_grade=pick("review_grade", current.review_grade),
        veto=pick("veto", current.veto),
    )
    verified = values.get("verified_dissatisfaction")
    if verified is True and not any(c.verified for c in form.complaints):
        form = replace(form, complaints=(*form.complaints, ComplaintEntry(IMPORTED_COMPLAINT, True)))
    elif verified is False:
        form = replace(form, complaints=tuple(replace(c, verified=False) for c in form.complaints))
    noncompliant = values.get("department_noncompliance")
    if noncompliant is True and all(f.compliant for f in form.feedback):
        form = replace(form, feedback=(*form.feedback, FeedbackEntry(IMPORTED_DEPARTMENT, False)))
    elif noncompliant is False:
        form = replace(form, feedback=tuple(replace(f, compliant=True) for f in form.feedback))
    return form


def _existing(session: Session) -> dict[tuple[int, int], Evaluation]:
    query = select(Evaluation).options(selectinload(Evaluation.complaints), selectinload(Evaluation.feedback))
    return {(e.branch_id, e.year): e for e in session.scalars(query)}


def sheet_values(form: TallyForm) -> dict:
    """A form in the sheet's columns: its complaints and departments' feedback as the two yes/no."""
    return {**{k: getattr(form.tally, k) for k in COUNT_KEYS}, "org_score_override": form.org_score_override,
            "review_grade": form.review_grade, "veto": form.veto,
            "verified_dissatisfaction": any(c.verified for c in form.complaints),
            "department_noncompliance": not all(f.compliant for f in form.feedback)}


def _write(session: Session, key: tuple[int, int], form: TallyForm, _stored) -> None:
    held.refuse_held_tallies(session, *key)
    tallies.apply_form(session, *key, form)


# Each row's evaluation with its complaints and feedback: the form it writes carries them all.
EVALUATIONS = Yearly(_existing, lambda e: sheet_values(tallies.form_of(e)), _write,
                     parts=lambda e: [e, *e.complaints, *e.feedback])


def plan_import(ws: Workspace, path: Path | str) -> ImportPlan:
    held_by_year: dict[int, dict] = {}

    def merge(session: Session, key: tuple[int, int], current: Evaluation | None, values: dict) -> tuple[dict, TallyForm]:
        branch_id, year = key
        if year not in held_by_year:
            held_by_year[year] = held.held_tally_branches(session, year)
        holder = held_by_year[year].get(branch_id)
        if holder is not None:
            raise ValidationError({"name": f"该支部 {year} 年的四评录入{held.where_it_is(holder)}，暂不能导入"})
        after = merged_form(tallies.form_of(current), values)
        # Checked after merging: the sheet's ballots must fit the stored 参评党员数 too.
        problems = tally_problems(after.tally)
        if problems:
            raise ValidationError(problems)
        return sheet_values(after), after

    return EVALUATIONS.plan(ws, path, sheet.columns(), merge)


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    """Write the plan in one transaction; nothing when an evaluation it names, or one of its
    complaints or departments' feedback, has changed since the preview (StaleError)."""
    return EVALUATIONS.apply(ws, plan)


def import_evaluations(ws: Workspace, path: Path | str, dry_run: bool = False) -> ImportReport:
    return plan_then_apply(plan_import, apply_plan, ws, path, dry_run)


def export_evaluations(ws: Workspace, path: Path | str, year: int | None = None, *,
                       progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    return EVALUATIONS.export(ws, path, year, sheet.columns(), SHEET_TITLE, progress=progress, cancel=cancel)


def write_template(path: Path | str) -> Path:
    return write_rows(path, sheet.columns(), [], SHEET_TITLE)

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

from desktop.excel import evaluations as sheet
from desktop.excel.cells import quote
from desktop.excel.sheet import CancelFlag, Progress, Rejection, read_rows, write_rows
from desktop.models import Branch, Evaluation
from desktop.rules.collation import branch_order_key
from desktop.rules.scoring import Tally, tally_problems
from desktop.services import held, tallies, versions
from desktop.services.imports import NEW, PLAN_CHANGED, SAME, UPDATE, ImportPlan, ImportReport, PlannedRow, check_basis, plan_then_apply
from desktop.services.tallies import ComplaintEntry, FeedbackEntry, TallyForm
from desktop.store.workspace import Workspace

SHEET_TITLE = "考评汇总"
IMPORTED_COMPLAINT = "据导入表：不满意经查证属实"
IMPORTED_DEPARTMENT = "导入汇总"
COUNT_KEYS = tuple(tallies.COUNT_COLUMNS)
COLUMN_OF = {c.key: c.header for c in sheet.columns()}


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


def plan_import(ws: Workspace, path: Path | str) -> ImportPlan:
    parsed, rejected = read_rows(path, sheet.columns())
    plan = ImportPlan(rejected=rejected)
    first_row: dict[tuple[str, int], int] = {}
    with ws.read() as session:
        branch_ids = dict(session.execute(select(Branch.name, Branch.id)).all())
        existing = _existing(session)
        held_by_year: dict[int, dict] = {}
        for row in parsed:
            values = row.values
            name, year = values["name"], values["year"]
            if name not in branch_ids:
                plan.rejected.append(Rejection(row.row, "支部名称", f"没有名为“{quote(name)}”的支部"))
                continue
            if year not in held_by_year:
                held_by_year[year] = held.held_tally_branches(session, year)
            holder = held_by_year[year].get(branch_ids[name])
            if holder is not None:
                plan.rejected.append(Rejection(row.row, "支部名称", f"该支部 {year} 年的四评录入{held.where_it_is(holder)}，暂不能导入"))
                continue
            current = existing.get((branch_ids[name], year))
            before = tallies.form_of(current)
            after = merged_form(before, values)
            # Checked after merging: the sheet's ballots must fit the stored 参评党员数 too.
            problems = tally_problems(after.tally)
            if problems:
                for key, reason in problems.items():
                    plan.rejected.append(Rejection(row.row, COLUMN_OF[key], reason))
                continue
            if (name, year) in first_row:
                plan.rejected.append(Rejection(row.row, "支部名称", f"与第 {first_row[(name, year)]} 行重复（同一支部同一年度）"))
                continue
            first_row[(name, year)] = row.row
            action = NEW if current is None else (SAME if after == before else UPDATE)
            plan.rows.append(PlannedRow(row.row, action, f"{name} {year}",
                                        {"branch_id": branch_ids[name], "year": year, "form": after}))
        plan.basis = _basis(existing, plan.rows)
    plan.rejected.sort(key=lambda r: r.row)
    return plan


def _basis(existing: dict[tuple[int, int], Evaluation], rows: list[PlannedRow]) -> frozenset:
    """Each row's evaluation with its complaints and feedback: the form it writes carries them all."""
    keys = ((row.values["branch_id"], row.values["year"]) for row in rows)
    return versions.basis(
        (key, [existing[key], *existing[key].complaints, *existing[key].feedback] if key in existing else [])
        for key in keys
    )


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    """Write the plan in one transaction; nothing when an evaluation it names, or one of its
    complaints or departments' feedback, has changed since the preview (StaleError)."""
    with versions.refused_if_stale(PLAN_CHANGED), ws.write() as session:
        check_basis(plan, _basis(_existing(session), plan.rows))
        for row in plan.rows:
            if row.action != SAME:
                held.refuse_held_tallies(session, row.values["branch_id"], row.values["year"])
                tallies.apply_form(session, row.values["branch_id"], row.values["year"], row.values["form"])
    return plan.report(written=True)


def import_evaluations(ws: Workspace, path: Path | str, dry_run: bool = False) -> ImportReport:
    return plan_then_apply(plan_import, apply_plan, ws, path, dry_run)


def export_evaluations(ws: Workspace, path: Path | str, year: int | None = None, *,
                       progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    with ws.read() as session:
        names = dict(session.execute(select(Branch.id, Branch.name)).all())
        records = []
        for evaluation in sorted(_existing(session).values(), key=lambda e: (e.year, branch_order_key(names[e.branch_id]))):
            if year is not None and evaluation.year != year:
                continue
            form = tallies.form_of(evaluation)
            record = {k: getattr(form.tally, k) for k in COUNT_KEYS}
            record.update(name=names[evaluation.branch_id], year=evaluation.year,
                          org_score_override=form.org_score_override, review_grade=form.review_grade,
                          veto=form.veto,
                          verified_dissatisfaction=any(c.verified for c in form.complaints),
                          department_noncompliance=not all(f.compliant for f in form.feedback))
            records.append(record)
    write_rows(path, sheet.columns(), records, SHEET_TITLE, progress=progress, cancel=cancel)
    return len(records)


def write_template(path: Path | str) -> Path:
    return write_rows(path, sheet.columns(), [], SHEET_TITLE)

"""The weak-cases dataset (整顿台账): import (preview, then one transaction), export by year, template.

One case per branch and year: a row naming a branch and year that has a case updates it. Only the
sheet's own columns count: an absent column keeps what is stored (the monthly progress notes are
not in the sheet and are never touched), a present column with an empty cell clears it. A row is
refused whole, naming its column, for an unknown branch or ground, an impossible date, a 销号
without a passed 验收, a deadline before the case's year, a date after today, or the same branch
and year twice in the file.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import ValidationError
from desktop.excel import weak as sheet
from desktop.excel.cells import quote
from desktop.excel.sheet import CancelFlag, Progress, Rejection, read_rows, write_rows
from desktop.models import Branch, WeakCase
from desktop.rules.collation import branch_order_key
from desktop.services import versions
from desktop.services.imports import NEW, PLAN_CHANGED, SAME, UPDATE, ImportPlan, ImportReport, PlannedRow, check_basis, plan_then_apply
from desktop.services.weak_cases import FORM_FIELDS, CaseForm, apply_form, check_form, form_of, today_of
from desktop.store.workspace import Workspace

SHEET_TITLE = "软弱涣散整顿台账"
HEADERS = {c.key: c.header for c in sheet.case_columns()}
SHEET_KEYS = ("grounds", *(k for k in FORM_FIELDS if k in HEADERS))


def _existing(session: Session) -> dict[tuple[int, int], WeakCase]:
    query = select(WeakCase).options(selectinload(WeakCase.grounds))
    return {(c.branch_id, c.year): c for c in session.scalars(query)}


def merged_form(current: CaseForm, values: dict) -> CaseForm:
    return replace(current, **{k: values[k] for k in SHEET_KEYS if k in values})


def plan_import(ws: Workspace, path: Path | str, today: date | None = None) -> ImportPlan:
    today = today or today_of(ws)
    parsed, rejected = read_rows(path, sheet.case_columns(today))
    plan = ImportPlan(rejected=rejected)
    first_row: dict[tuple[str, int], int] = {}
    with ws.read() as session:
        branch_ids = dict(session.execute(select(Branch.name, Branch.id)).all())
        existing = _existing(session)
        for row in parsed:
            name, year = row.values["name"], row.values["year"]
            if name not in branch_ids:
                plan.rejected.append(Rejection(row.row, HEADERS["name"], f"没有名为“{quote(name)}”的支部"))
                continue
            key = (branch_ids[name], year)
            current = existing.get(key)
            before = form_of(current) if current is not None else CaseForm()
            try:
                after = check_form(year, merged_form(before, row.values), today)
            except ValidationError as error:
                plan.rejected.extend(Rejection(row.row, HEADERS.get(k, HEADERS["year"]), reason) for k, reason in error.fields.items())
                continue
            if (name, year) in first_row:
                plan.rejected.append(Rejection(row.row, HEADERS["name"], f"与第 {first_row[(name, year)]} 行重复（同一支部同一年度）"))
                continue
            first_row[(name, year)] = row.row
            action = NEW if current is None else (SAME if after == before else UPDATE)
            plan.rows.append(PlannedRow(row.row, action, f"{name} {year}", {"branch_id": key[0], "year": year, "form": after}))
        plan.basis = _basis(existing, plan.rows)
    plan.rejected.sort(key=lambda r: r.row)
    return plan


def _basis(existing: dict[tuple[int, int], WeakCase], rows: list[PlannedRow]) -> frozenset:
    keys = ((row.values["branch_id"], row.values["year"]) for row in rows)
    return versions.basis((key, [existing[key], *existing[key].grounds] if key in existing else []) for key in keys)


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    """Write the plan in one transaction; nothing when a case it names changed since the preview."""
    with versions.refused_if_stale(PLAN_CHANGED), ws.write() as session:
        existing = _existing(session)
        check_basis(plan, _basis(existing, plan.rows))
        for row in plan.rows:
            if row.action == SAME:
                continue
            key = (row.values["branch_id"], row.values["year"])
            case = existing.get(key)
            if case is None:
                case = WeakCase(branch_id=key[0], year=key[1])
                session.add(case)
                existing[key] = case
            apply_form(session, case, row.values["form"])
    return plan.report(written=True)


def import_cases(ws: Workspace, path: Path | str, dry_run: bool = False) -> ImportReport:
    return plan_then_apply(plan_import, apply_plan, ws, path, dry_run)


def export_cases(ws: Workspace, path: Path | str, year: int | None = None, *,
                 progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    with ws.read() as session:
        names = dict(session.execute(select(Branch.id, Branch.name)).all())
        records = []
        for case in sorted(_existing(session).values(), key=lambda c: (c.year, branch_order_key(names[c.branch_id]))):
            if year is not None and case.year != year:
                continue
            form = form_of(case)
            records.append({"name": names[case.branch_id], "year": case.year, **{k: getattr(form, k) for k in SHEET_KEYS}})
    write_rows(path, sheet.case_columns(), records, SHEET_TITLE, progress=progress, cancel=cancel)
    return len(records)


def write_template(path: Path | str) -> Path:
    return write_rows(path, sheet.case_columns(), [], SHEET_TITLE)

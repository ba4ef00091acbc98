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

from desktop.excel import weak as sheet
from desktop.excel.sheet import CancelFlag, Progress, write_rows
from desktop.models import WeakCase
from desktop.services.imports import ImportPlan, ImportReport, plan_then_apply
from desktop.services.weak_cases import FORM_FIELDS, CaseForm, apply_form, check_form, form_of, today_of
from desktop.services.yearly_import import Yearly
from desktop.store.workspace import Workspace

SHEET_TITLE = "软弱涣散整顿台账"
HEADERS = {c.key: c.header for c in sheet.case_columns()}
SHEET_KEYS = ("grounds", *(k for k in FORM_FIELDS if k in HEADERS))


def _existing(session: Session) -> dict[tuple[int, int], WeakCase]:
    query = select(WeakCase).options(selectinload(WeakCase.grounds))
    return {(c.branch_id, c.year): c for c in session.scalars(query)}


def merged_form(current: CaseForm, values: dict) -> CaseForm:
    return replace(current, **{k: values[k] for k in SHEET_KEYS if k in values})


def _sheet_values(form: CaseForm) -> dict:
    return {k: getattr(form, k) for k in SHEET_KEYS}


def _write(session: Session, key: tuple[int, int], form: CaseForm, case: WeakCase | None) -> None:
    if case is None:
        case = WeakCase(branch_id=key[0], year=key[1])
        session.add(case)
    apply_form(session, case, form)


# A case's grounds are part of it: their versions count too.
CASES = Yearly(_existing, lambda case: _sheet_values(form_of(case)), _write, parts=lambda case: [case, *case.grounds])


def plan_import(ws: Workspace, path: Path | str, today: date | None = None) -> ImportPlan:
    today = today or today_of(ws)

    def merge(_session: Session, key: tuple[int, int], current: WeakCase | None, values: dict) -> tuple[dict, CaseForm]:
        after = check_form(key[1], merged_form(form_of(current) if current is not None else CaseForm(), values), today)
        return _sheet_values(after), after

    return CASES.plan(ws, path, sheet.case_columns(today), merge)


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    """Write the plan in one transaction; nothing when a case it names changed since the preview."""
    return CASES.apply(ws, plan)


def import_cases(ws: Workspace, path: Path | str, dry_run: bool = False) -> ImportReport:
    return plan_then_apply(plan_import, apply_plan, ws, path, dry_run)


def export_cases(ws: Workspace, path: Path | str, year: int | None = None, *,
                 progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    return CASES.export(ws, path, year, sheet.case_columns(), SHEET_TITLE, progress=progress, cancel=cancel)


def write_template(path: Path | str) -> Path:
    return write_rows(path, sheet.case_columns(), [], SHEET_TITLE)

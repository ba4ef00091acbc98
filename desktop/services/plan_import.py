"""The plan and pay datasets (年度创建计划, 报酬及保障标准): import (preview, then one transaction),
export by year, template.

One row per branch and year: a row naming a branch and year that has a record updates it; a
column the sheet lacks keeps what is stored, a present column with an empty cell clears it
(本年度计划达标 empty reads as 否). A row is refused
whole, naming its column, for an unknown branch, a bad cell or the same branch and year twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, ValidationError
from desktop.excel import plan as sheet
from desktop.excel.sheet import CancelFlag, Progress, write_rows
from desktop.models import BranchPay, BranchPlan
from desktop.rules.rewards import yuan
from desktop.services.imports import ImportPlan, ImportReport
from desktop.services.plan import PlanEntry, apply_entry, check_entry
from desktop.services.yearly_import import Merge, Yearly
from desktop.store.workspace import Workspace

PLAN_TITLE, PAY_TITLE = "年度创建计划", "报酬及保障标准"
PLAN_FIELDS = ("classification", "planned", "measures", "responsible", "notes")
PAY_FIELDS = ("pay_total_fen", "base_funding_fen")


def _existing(model) -> Callable[[Session], dict]:
    return lambda session: {(r.branch_id, r.year): r for r in session.scalars(select(model))}


def _merge(fields: tuple[str, ...], check: Callable[[int, dict], dict]) -> Merge:
    def merge(_session: Session, key: tuple[int, int], current, values: dict) -> tuple[dict, dict]:
        # A column the sheet lacks keeps what is stored; a present, empty cell clears it.
        merged = {k: values[k] if k in values else getattr(current, k, None) for k in fields}
        try:
            after = check(key[0], merged)
        except BranchdeskError as error:
            raise ValidationError({fields[0]: error.message}) from error
        return after, after

    return merge


def _checked_plan(branch_id: int, values: dict) -> dict:
    entry = check_entry(PlanEntry(branch_id, **values))
    return {k: getattr(entry, k) for k in PLAN_FIELDS}


def _write_plan(session: Session, key: tuple[int, int], values: dict, row: BranchPlan | None) -> None:
    apply_entry(session, key[1], PlanEntry(key[0], **values), row)


def _write_pay(session: Session, key: tuple[int, int], values: dict, row: BranchPay | None) -> None:
    if row is None:
        row = BranchPay(branch_id=key[0], year=key[1])
        session.add(row)
    for name, value in values.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)


def _amount(fen: int | None) -> str | None:
    return None if fen is None else f"{yuan(fen)} 元"


PLANS = Yearly(_existing(BranchPlan), lambda r: {k: getattr(r, k) for k in PLAN_FIELDS}, _write_plan)
PAYS = Yearly(_existing(BranchPay), lambda r: {k: getattr(r, k) for k in PAY_FIELDS}, _write_pay,
              words=dict.fromkeys(PAY_FIELDS, _amount))


# ---------------------------------------------------------------- plan


def plan_import(ws: Workspace, path: Path | str) -> ImportPlan:
    return PLANS.plan(ws, path, sheet.plan_columns(), _merge(PLAN_FIELDS, _checked_plan))


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    return PLANS.apply(ws, plan)


def export_plan(ws: Workspace, path: Path | str, year: int | None = None, *,
                progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    return PLANS.export(ws, path, year, sheet.plan_columns(), PLAN_TITLE, progress=progress, cancel=cancel)


def write_plan_template(path: Path | str) -> Path:
    return write_rows(path, sheet.plan_columns(), [], PLAN_TITLE)


# ---------------------------------------------------------------- pay


def pay_import(ws: Workspace, path: Path | str) -> ImportPlan:
    return PAYS.plan(ws, path, sheet.pay_columns(), _merge(PAY_FIELDS, lambda _branch, values: values))


def apply_pay(ws: Workspace, plan: ImportPlan) -> ImportReport:
    return PAYS.apply(ws, plan)


def export_pay(ws: Workspace, path: Path | str, year: int | None = None, *,
               progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    return PAYS.export(ws, path, year, sheet.pay_columns(), PAY_TITLE, progress=progress, cancel=cancel)


def write_pay_template(path: Path | str) -> Path:
    return write_rows(path, sheet.pay_columns(), [], PAY_TITLE)

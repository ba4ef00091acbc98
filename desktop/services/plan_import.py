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

from desktop.errors import BranchdeskError
from desktop.excel import plan as sheet
from desktop.excel.cells import quote
from desktop.excel.sheet import Column, Rejection, read_rows, write_rows
from desktop.models import Branch, BranchPay, BranchPlan
from desktop.rules.collation import branch_order_key
from desktop.services import versions
from desktop.services.imports import NEW, PLAN_CHANGED, SAME, UPDATE, ImportPlan, ImportReport, PlannedRow, check_basis
from desktop.services.plan import PlanEntry, apply_entry, check_entry
from desktop.store.workspace import Workspace

PLAN_TITLE, PAY_TITLE = "年度创建计划", "报酬及保障标准"
PLAN_FIELDS = ("classification", "planned", "measures", "responsible", "notes")
PAY_FIELDS = ("pay_total_fen", "base_funding_fen")

Records = dict[tuple[int, int], BranchPlan | BranchPay]


def _existing(session: Session, model) -> Records:
    return {(r.branch_id, r.year): r for r in session.scalars(select(model))}


def _plan(ws: Workspace, path: Path | str, columns: list[Column], model, fields: tuple[str, ...],
          check: Callable[[int, dict], dict]) -> ImportPlan:
    parsed, rejected = read_rows(path, columns)
    headers = {c.key: c.header for c in columns}
    plan = ImportPlan(rejected=rejected)
    first_row: dict[tuple[int, int], int] = {}
    with ws.read() as session:
        branch_ids = dict(session.execute(select(Branch.name, Branch.id)).all())
        existing = _existing(session, model)
        for row in parsed:
            name, year = row.values["name"], row.values["year"]
            if name not in branch_ids:
                plan.rejected.append(Rejection(row.row, headers["name"], f"没有名为“{quote(name)}”的支部"))
                continue
            key = (branch_ids[name], year)
            current = existing.get(key)
            # A column the sheet lacks keeps what is stored; a present, empty cell clears it.
            values = {k: row.values[k] if k in row.values else getattr(current, k, None) for k in fields}
            try:
                after = check(key[0], values)
            except BranchdeskError as error:
                plan.rejected.append(Rejection(row.row, headers[fields[0]], error.message))
                continue
            if key in first_row:
                plan.rejected.append(Rejection(row.row, headers["name"], f"与第 {first_row[key]} 行重复（同一支部同一年度）"))
                continue
            first_row[key] = row.row
            before = None if current is None else {k: getattr(current, k) for k in fields}
            action = NEW if current is None else (SAME if after == before else UPDATE)
            plan.rows.append(PlannedRow(row.row, action, f"{name} {year}", {"branch_id": key[0], "year": year, "values": after}))
        plan.basis = _basis(existing, plan.rows)
    plan.rejected.sort(key=lambda r: r.row)
    return plan


def _basis(existing: Records, rows: list[PlannedRow]) -> frozenset:
    keys = ((row.values["branch_id"], row.values["year"]) for row in rows)
    return versions.basis((key, [existing[key]] if key in existing else []) for key in keys)


def _apply(ws: Workspace, plan: ImportPlan, model, write: Callable[[Session, int, int, dict, object], None]) -> ImportReport:
    with versions.refused_if_stale(PLAN_CHANGED), ws.write() as session:
        existing = _existing(session, model)
        check_basis(plan, _basis(existing, plan.rows))
        for row in plan.rows:
            if row.action != SAME:
                key = (row.values["branch_id"], row.values["year"])
                write(session, key[0], key[1], row.values["values"], existing.get(key))
    return plan.report(written=True)


def _checked_plan(branch_id: int, values: dict) -> dict:
    entry = check_entry(PlanEntry(branch_id, **values))
    return {k: getattr(entry, k) for k in PLAN_FIELDS}


def _write_plan(session: Session, branch_id: int, year: int, values: dict, row) -> None:
    apply_entry(session, year, PlanEntry(branch_id, **values), row)


def _write_pay(session: Session, branch_id: int, year: int, values: dict, row) -> None:
    if row is None:
        row = BranchPay(branch_id=branch_id, year=year)
        session.add(row)
    for key, value in values.items():
        if getattr(row, key, None) != value:
            setattr(row, key, value)


def _export(ws: Workspace, path: Path | str, year: int | None, model, columns: list[Column], fields: tuple[str, ...],
            title: str) -> int:
    with ws.read() as session:
        query = select(model, Branch.name).join(Branch, Branch.id == model.branch_id)
        if year is not None:
            query = query.where(model.year == year)
        records = [{"name": name, "year": r.year, **{k: getattr(r, k) for k in fields}} for r, name in session.execute(query)]
    records.sort(key=lambda r: (r["year"], branch_order_key(r["name"])))
    write_rows(path, columns, records, title)
    return len(records)


# ---------------------------------------------------------------- plan


def plan_import(ws: Workspace, path: Path | str) -> ImportPlan:
    return _plan(ws, path, sheet.plan_columns(), BranchPlan, PLAN_FIELDS, _checked_plan)


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    return _apply(ws, plan, BranchPlan, _write_plan)


def export_plan(ws: Workspace, path: Path | str, year: int | None = None) -> int:
    return _export(ws, path, year, BranchPlan, sheet.plan_columns(), PLAN_FIELDS, PLAN_TITLE)


def write_plan_template(path: Path | str) -> Path:
    return write_rows(path, sheet.plan_columns(), [], PLAN_TITLE)


# ---------------------------------------------------------------- pay


def pay_import(ws: Workspace, path: Path | str) -> ImportPlan:
    return _plan(ws, path, sheet.pay_columns(), BranchPay, PAY_FIELDS, lambda _branch, values: values)


def apply_pay(ws: Workspace, plan: ImportPlan) -> ImportReport:
    return _apply(ws, plan, BranchPay, _write_pay)


def export_pay(ws: Workspace, path: Path | str, year: int | None = None) -> int:
    return _export(ws, path, year, BranchPay, sheet.pay_columns(), PAY_FIELDS, PAY_TITLE)


def write_pay_template(path: Path | str) -> Path:
    return write_rows(path, sheet.pay_columns(), [], PAY_TITLE)

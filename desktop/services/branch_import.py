"""Branch ledger import (preview, then one transaction), export and template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from desktop.excel import branches as sheet
from desktop.excel.sheet import CancelFlag, Progress, Rejection, read_rows, write_rows
from desktop.models import Branch, SecretaryTraining
from desktop.rules.collation import in_branch_order
from desktop.services import branches, imports, versions
from desktop.services.imports import NEW, PLAN_CHANGED, SAME, UPDATE, ImportPlan, ImportReport, PlannedRow, check_basis, plan_then_apply
from desktop.store.workspace import Workspace

SHEET_TITLE = "支部台账"
HEADERS = {column.key: column.header for column in sheet.columns()}
# How a preview names a column and says its values (parsing takes the columns of the day).
DESCRIBED = sheet.columns()


def plan_import(ws: Workspace, path: Path | str, today: date | None = None) -> ImportPlan:
    parsed, rejected = read_rows(path, sheet.columns(today), keep_refused=True)
    plan = ImportPlan(rejected=rejected)
    first_row: dict[str, int] = {}
    with ws.read() as session:
        existing = {
            b.name: b for b in session.scalars(select(Branch).options(selectinload(Branch.trainings)))
        }
        for row in parsed:
            if row.refused:  # its cells' reasons are in `rejected`: add what the other cells break
                plan.rejected.extend(_other_problems(row, existing))
                continue
            name = row.values["name"]
            if name in first_row:
                plan.rejected.append(Rejection(row.row, "支部名称", f"与第 {first_row[name]} 行的支部名称重复"))
                continue
            first_row[name] = row.row
            current = existing.get(name)
            now = branches.values_of(current, frozenset(t.year for t in current.trainings)) if current else {}
            problems = branches.row_problems({**now, **row.values})  # a column the sheet lacks keeps its value
            if problems:
                plan.rejected.extend(Rejection(row.row, HEADERS[key], reason) for key, reason in problems.items())
                continue
            changes = "" if current is None else imports.describe_changes(now, _with_defaults(row.values), DESCRIBED)
            action = NEW if current is None else UPDATE if changes else SAME
            plan.rows.append(PlannedRow(row.row, action, name, row.values, changes))
        plan.basis = _basis(existing, plan.rows)
    plan.rejected.sort(key=lambda r: r.row)
    return plan


def _other_problems(row, existing: dict[str, Branch]) -> list[Rejection]:
    """The cross-field problems of a row with refused cells, judged on the cells that were read (a
    refused cell is left out, not replaced by the stored value), so one preview lists them all."""
    current = existing.get(row.values.get("name"))
    now = branches.values_of(current, frozenset(t.year for t in current.trainings)) if current else {}
    values = {k: v for k, v in {**now, **row.values}.items() if k not in row.refused}
    return [Rejection(row.row, HEADERS[key], reason) for key, reason in branches.row_problems(values).items()]


def _basis(existing: dict[str, Branch], rows: list[PlannedRow]) -> frozenset:
    """The branches the rows name (their training years move the branch version too)."""
    return versions.basis((row.key, [existing[row.key]] if row.key in existing else []) for row in rows)


def _with_defaults(values: dict) -> dict:
    return {k: (branches.DEFAULTS.get(k) if v is None and k in branches.DEFAULTS else v) for k, v in values.items()}


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    """Write every valid row of the plan in one transaction: all of them, or none; none when a
    branch it names has changed since the preview (StaleError). The branches it names are loaded in
    one query and changed as records; the new ones are inserted in bulk (the change log logs a bulk
    insert row by row), a fresh ledger of 2,000 branches with its training years in two statements."""
    with versions.refused_if_stale(PLAN_CHANGED), ws.write() as session:
        existing = {b.name: b for b in session.scalars(select(Branch).options(selectinload(Branch.trainings)))}
        check_basis(plan, _basis(existing, plan.rows))
        new: list[tuple[dict, list[int]]] = []
        for row in plan.rows:
            if row.action == SAME:
                continue
            branch = existing.get(row.key)
            if branch is None:
                new.append(_new_branch(session, row.values))
            else:
                branches.apply_values(session, branch, row.values)
        if new:
            _insert(session, new)
    return plan.report(written=True)


def _new_branch(session: Session, values: dict) -> tuple[dict, list[int]]:
    """A new branch's row, by the same rules as a saved one (branches.apply_values onto a record that
    is never added to the session), and its training years."""
    branch = Branch(**branches.DEFAULTS)
    branches.apply_values(session, branch, {k: v for k, v in values.items() if k != "trained_years"})
    return {name: getattr(branch, name) for name in branches.FIELDS}, sorted(values.get("trained_years") or ())


def _insert(session: Session, new: list[tuple[dict, list[int]]]) -> None:
    session.execute(insert(Branch), [row for row, _ in new])
    names = [row["name"] for row, _ in new]
    ids = dict(session.execute(select(Branch.name, Branch.id).where(Branch.name.in_(names))).all())
    years = [{"branch_id": ids[row["name"]], "year": year} for row, trained in new for year in trained]
    if years:
        session.execute(insert(SecretaryTraining), years)


def import_branches(ws: Workspace, path: Path | str, dry_run: bool = False) -> ImportReport:
    return plan_then_apply(plan_import, apply_plan, ws, path, dry_run)


def export_branches(ws: Workspace, path: Path | str, include_archived: bool = False, *,
                    progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    with ws.read() as session:
        query = select(Branch).options(selectinload(Branch.trainings))
        if not include_archived:
            query = query.where(Branch.archived_at.is_(None))
        records = [
            branches.values_of(b, frozenset(t.year for t in b.trainings)) for b in in_branch_order(session.scalars(query))
        ]
    write_rows(path, sheet.columns(), records, SHEET_TITLE, progress=progress, cancel=cancel)
    return len(records)


def write_template(path: Path | str) -> Path:
    return write_rows(path, sheet.columns(), [], SHEET_TITLE)

"""Meeting log import (preview, then one transaction), export and template.

Same contract as the branch import: rejections name the sheet row, the column and the reason; valid
rows are written in one transaction; a meeting is the same meeting when branch, type, date and topic
match, so importing a file twice adds nothing the second time.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.excel import meetings as sheet
from desktop.excel.cells import quote
from desktop.excel.sheet import CancelFlag, Progress, Rejection, read_rows, write_rows
from desktop.glossary import meeting_type_label
from desktop.models import Branch, Meeting
from desktop.rules.collation import in_branch_order
from desktop.services import imports, versions
from desktop.services.imports import NEW, PLAN_CHANGED, SAME, UPDATE, ImportPlan, ImportReport, PlannedRow, check_basis, plan_then_apply
from desktop.services.meetings import FIELDS, apply_values, row_problems
from desktop.store.workspace import Workspace

SHEET_TITLE = "组织生活记录"
HEADERS = {c.key: c.header for c in sheet.columns()}
# How a preview names a column and says its values (parsing takes the columns of the day).
DESCRIBED = sheet.columns()
EXPORT_BATCH = 5_000  # rows a batch of the streamed export reads


def _identity(branch_id: int, values: dict) -> tuple:
    return branch_id, values["meeting_type"], values["held_on"], values.get("topic") or ""


def _existing(session: Session, branch_ids: set[int], dates: list[date]) -> dict[tuple, Meeting]:
    if not dates:
        return {}
    query = select(Meeting).where(
        Meeting.branch_id.in_(branch_ids), Meeting.held_on >= min(dates), Meeting.held_on <= max(dates)
    )
    return {(m.branch_id, m.meeting_type, m.held_on, m.topic): m for m in session.scalars(query)}


def _differs(meeting: Meeting, values: dict) -> bool:
    return any(getattr(meeting, k) != (values[k] if k != "topic" else values[k] or "") for k in FIELDS if k in values)


def plan_import(ws: Workspace, path: Path | str, today: date | None = None) -> ImportPlan:
    parsed, rejected = read_rows(path, sheet.columns(today), keep_refused=True)
    plan = ImportPlan(rejected=rejected)
    with ws.read() as session:
        names = dict(session.execute(select(Branch.name, Branch.id)).all())
        accepted: list[tuple[int, int, dict]] = []
        first_row: dict[tuple, int] = {}
        for row in parsed:
            values = row.values
            # A row with refused cells (already in `rejected`) is still checked on the cells that
            # were read, so that one preview lists all of its problems.
            problems = {k: reason for k, reason in row_problems(values).items() if k not in row.refused}
            branch_id = names.get(str(values.get("branch_name")))
            if branch_id is None and "branch_name" not in row.refused:
                problems = {"branch_name": f"没有名为“{quote(values['branch_name'])}”的支部", **problems}
            if problems or row.refused or branch_id is None:
                plan.rejected.extend(Rejection(row.row, HEADERS[k], reason) for k, reason in problems.items())
                continue
            identity = _identity(branch_id, values)
            if identity in first_row:
                plan.rejected.append(Rejection(
                    row.row, HEADERS["topic"], f"与第 {first_row[identity]} 行是同一会议（支部、类型、日期、主题均相同）"))
                continue
            first_row[identity] = row.row
            accepted.append((row.row, branch_id, values))
        existing = _existing(session, {b for _, b, _ in accepted}, [v["held_on"] for _, _, v in accepted])
        for number, branch_id, values in accepted:
            current = existing.get(_identity(branch_id, values))
            action = NEW if current is None else (UPDATE if _differs(current, values) else SAME)
            changes = "" if action != UPDATE else imports.describe_changes(
                {k: getattr(current, k) for k in FIELDS if k in values},
                {k: (values[k] if k != "topic" else values[k] or "") for k in FIELDS if k in values}, DESCRIBED)
            values = dict(values, branch_id=branch_id)
            key = f"{values['branch_name']} {values['held_on']:%Y-%m-%d} {meeting_type_label(values['meeting_type'])}"
            plan.rows.append(PlannedRow(number, action, key, values, changes))
        plan.basis = _basis(existing, plan.rows)
    plan.rejected.sort(key=lambda r: r.row)
    return plan


def _basis(existing: dict[tuple, Meeting], rows: list[PlannedRow]) -> frozenset:
    identities = (_identity(row.values["branch_id"], row.values) for row in rows)
    return versions.basis((identity, [existing[identity]] if identity in existing else []) for identity in identities)


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    """Write every valid row of the plan in one transaction: all of them, or none; none when a
    meeting it names has changed (or was logged) since the preview (StaleError)."""
    with versions.refused_if_stale(PLAN_CHANGED), ws.write() as session:
        existing = _existing(session, {r.values["branch_id"] for r in plan.rows}, [r.values["held_on"] for r in plan.rows])
        check_basis(plan, _basis(existing, plan.rows))
        for row in (r for r in plan.rows if r.action != SAME):
            meeting = existing.get(_identity(row.values["branch_id"], row.values))
            if meeting is None:
                meeting = Meeting()
                session.add(meeting)
            apply_values(meeting, row.values["branch_id"], row.values)
    return plan.report(written=True)


def import_meetings(ws: Workspace, path: Path | str, dry_run: bool = False) -> ImportReport:
    return plan_then_apply(plan_import, apply_plan, ws, path, dry_run)


def export_meetings(ws: Workspace, path: Path | str, year: int | None = None, *,
                    progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    """Every meeting (or one year's) to a sheet, streamed: read in batches within one unit and written
    as they come, so that the district's 850,000 meetings never sit in memory at once."""
    columns = [Branch.name.label("branch_name"), *(getattr(Meeting, k) for k in FIELDS)]
    joined = select(*columns).join(Branch, Branch.id == Meeting.branch_id)
    if year is not None:
        joined = joined.where(Meeting.held_on >= date(year, 1, 1), Meeting.held_on <= date(year, 12, 31))
    query = joined.order_by(Meeting.held_on, Meeting.id).execution_options(yield_per=EXPORT_BATCH)
    with ws.read() as session:
        total = session.scalar(select(func.count()).select_from(joined.subquery())) or 0
        written = 0

        def records():
            nonlocal written
            rows = ({**row._mapping, "topic": row.topic or None} for row in session.execute(query))
            # By day, and within a day the branches in the one order: sorted a day at a time, so
            # the rows are still written as they are read.
            for _day, day in groupby(rows, key=itemgetter("held_on")):
                for record in in_branch_order(day, name=itemgetter("branch_name")):
                    written += 1
                    yield record

        write_rows(path, sheet.columns(), records(), SHEET_TITLE, total=total, progress=progress, cancel=cancel)
    return written


def write_template(path: Path | str) -> Path:
    return write_rows(path, sheet.columns(), [], SHEET_TITLE)

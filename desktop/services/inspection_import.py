"""The inspections dataset (督查检查记录): one row per inspected branch; the rows with the same 检查方式,
检查日期 and 检查主题 are one inspection, so importing a file twice adds nothing the second time.

A row is refused whole, naming its column, for an unknown branch, an impossible date, a deadline or
a completion before the inspection, a date after today, the same branch twice in one inspection,
or 检查人员 that differ from an earlier row of the same inspection.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import ValidationError
from desktop.excel import weak as sheet
from desktop.excel.cells import quote
from desktop.excel.sheet import CancelFlag, Progress, Rejection, read_rows, write_rows
from desktop.models import Branch, Inspection, InspectionVisit
from desktop.rules.collation import branch_order_key
from desktop.services import imports, versions
from desktop.services.imports import NEW, PLAN_CHANGED, SAME, UPDATE, ImportPlan, ImportReport, PlannedRow, check_basis, plan_then_apply
from desktop.services.inspections import VisitForm, apply_visit, check_inspection, check_visit
from desktop.services.weak_cases import today_of
from desktop.store.workspace import Workspace

SHEET_TITLE = "督查检查记录"
HEADERS = {c.key: c.header for c in sheet.inspection_columns()}
# How a preview names a column and says its values (parsing takes the columns of the day).
DESCRIBED = sheet.inspection_columns()
VISIT_KEYS = ("findings", "follow_up", "deadline", "closed_on")


def _existing(session: Session) -> dict[tuple, Inspection]:
    query = select(Inspection).options(selectinload(Inspection.visits))
    return {(i.kind, i.held_on, i.topic): i for i in session.scalars(query)}


def _visit_of(inspection: Inspection | None, branch_id: int) -> InspectionVisit | None:
    if inspection is None:
        return None
    return next((v for v in inspection.visits if v.branch_id == branch_id), None)


def plan_import(ws: Workspace, path: Path | str, today: date | None = None) -> ImportPlan:
    today = today or today_of(ws)
    parsed, rejected = read_rows(path, sheet.inspection_columns(today))
    plan = ImportPlan(rejected=rejected)
    first_row: dict[tuple, int] = {}
    inspectors_of: dict[tuple, tuple[str, int]] = {}
    with ws.read() as session:
        branch_ids = dict(session.execute(select(Branch.name, Branch.id)).all())
        existing = _existing(session)
        for row in parsed:
            values = row.values
            if values["name"] not in branch_ids:
                plan.rejected.append(Rejection(row.row, HEADERS["name"], f"没有名为“{quote(values['name'])}”的支部"))
                continue
            branch_id = branch_ids[values["name"]]
            try:
                topic, inspectors = check_inspection(values["kind"], values["held_on"], values.get("topic"), values["inspectors"])
                identity = (values["kind"], values["held_on"], topic)
                inspection = existing.get(identity)
                visit = _visit_of(inspection, branch_id)
                stored = {k: getattr(visit, k) for k in VISIT_KEYS} if visit is not None else dict.fromkeys(VISIT_KEYS)
                stored.update({k: values[k] for k in VISIT_KEYS if k in values})
                form = check_visit(values["held_on"], VisitForm(branch_id, **stored), today)
            except ValidationError as error:
                plan.rejected.extend(Rejection(row.row, HEADERS.get(k, HEADERS["held_on"]), reason) for k, reason in error.fields.items())
                continue
            if identity in inspectors_of and inspectors_of[identity][0] != inspectors:
                plan.rejected.append(Rejection(row.row, HEADERS["inspectors"],
                                               f"与第 {inspectors_of[identity][1]} 行（同一次检查）的检查人员不一致"))
                continue
            if (identity, branch_id) in first_row:
                again = first_row[(identity, branch_id)]
                plan.rejected.append(Rejection(row.row, HEADERS["name"], f"与第 {again} 行重复（同一次检查的同一支部）"))
                continue
            first_row[(identity, branch_id)] = row.row
            inspectors_of.setdefault(identity, (inspectors, row.row))
            changes = "" if visit is None else imports.describe_changes(
                {"inspectors": visit.inspection.inspectors, **{k: getattr(visit, k) for k in VISIT_KEYS}},
                {"inspectors": inspectors, **{k: getattr(form, k) for k in VISIT_KEYS}}, DESCRIBED)
            action = NEW if visit is None else UPDATE if changes else SAME
            plan.rows.append(PlannedRow(row.row, action, f"{values['name']} {values['held_on']:%Y-%m-%d}",
                                        {"identity": identity, "inspectors": inspectors, "form": form}, changes))
        plan.basis = _basis(existing, plan.rows)
    plan.rejected.sort(key=lambda r: r.row)
    return plan


def _basis(existing: dict[tuple, Inspection], rows: list[PlannedRow]) -> frozenset:
    identities = {row.values["identity"] for row in rows}
    return versions.basis((identity, [existing[identity], *existing[identity].visits] if identity in existing else [])
                          for identity in identities)


def apply_plan(ws: Workspace, plan: ImportPlan) -> ImportReport:
    with versions.refused_if_stale(PLAN_CHANGED), ws.write() as session:
        existing = _existing(session)
        check_basis(plan, _basis(existing, plan.rows))
        for row in plan.rows:
            if row.action == SAME:
                continue
            kind, held_on, topic = identity = row.values["identity"]
            inspection = existing.get(identity)
            if inspection is None:
                inspection = Inspection(kind=kind, held_on=held_on, topic=topic, inspectors=row.values["inspectors"])
                session.add(inspection)
                existing[identity] = inspection
            elif inspection.inspectors != row.values["inspectors"]:
                inspection.inspectors = row.values["inspectors"]
            form = row.values["form"]
            visit = _visit_of(inspection, form.branch_id)
            if visit is None:
                visit = InspectionVisit(inspection=inspection, branch_id=form.branch_id)
                session.add(visit)
            apply_visit(visit, form)
    return plan.report(written=True)


def import_inspections(ws: Workspace, path: Path | str, dry_run: bool = False) -> ImportReport:
    return plan_then_apply(plan_import, apply_plan, ws, path, dry_run)


def export_inspections(ws: Workspace, path: Path | str, year: int | None = None, *,
                       progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
    with ws.read() as session:
        names = dict(session.execute(select(Branch.id, Branch.name)).all())
        records = []
        for inspection in sorted(_existing(session).values(), key=lambda i: (i.held_on, i.kind, i.topic)):
            if year is not None and inspection.held_on.year != year:
                continue
            for visit in sorted(inspection.visits, key=lambda v: branch_order_key(names[v.branch_id])):
                records.append({"kind": inspection.kind, "held_on": inspection.held_on, "topic": inspection.topic or None,
                                "inspectors": inspection.inspectors, "name": names[visit.branch_id],
                                **{k: getattr(visit, k) for k in VISIT_KEYS}})
    write_rows(path, sheet.inspection_columns(), records, SHEET_TITLE, progress=progress, cancel=cancel)
    return len(records)


def write_template(path: Path | str) -> Path:
    return write_rows(path, sheet.inspection_columns(), [], SHEET_TITLE)

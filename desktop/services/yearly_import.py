"""The datasets of one record per branch and year (考评汇总, 整顿台账, 年度创建计划, 报酬及保障标准):
one way to preview a file, write the preview and export, so that the four refuse, compare and
describe their rows alike.

A row names its branch (支部名称) and year (年度); an unknown branch, a value the dataset refuses and
the same branch and year twice in one file are refused row by row. A row is 新增 when no record
holds its branch and year, 无变化 when the record already holds the row's values in the sheet's
columns, and otherwise 更新 with what changes, old → new (the preview's 变化 column). The write is
one transaction, refused whole when a record the preview read has changed since (StaleError).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.excel.cells import quote
from desktop.excel.sheet import CancelFlag, Column, Progress, Rejection, read_rows, write_rows
from desktop.models import Branch
from desktop.rules.collation import branch_order_key
from desktop.services import versions
from desktop.services.imports import NEW, PLAN_CHANGED, SAME, UPDATE, ImportPlan, ImportReport, PlannedRow, check_basis, describe_changes
from desktop.store.workspace import Workspace

Key = tuple[int, int]  # branch id, year
# (session, key, stored record or None, the row's parsed values) → the record after the row in the
# sheet's columns, and what the write is given; ValidationError ({column key: reason}) refuses the row.
Merge = Callable[[Session, Key, Any, dict], tuple[dict, Any]]


@dataclass(frozen=True)
class Yearly:
    load: Callable[[Session], dict[Key, Any]]  # every stored record by branch and year
    sheet_values: Callable[[Any], dict]  # a stored record in the sheet's columns (export, and "before")
    write: Callable[[Session, Key, Any, Any], None]  # (session, key, what merge gave, stored record or None)
    # The records a row's write rests on, whose versions the write checks (a record and its parts).
    parts: Callable[[Any], list] = lambda record: [record]
    words: Mapping[str, Callable] = field(default_factory=dict)  # describe_changes's, for amounts

    def plan(self, ws: Workspace, path: Path | str, columns: list[Column], merge: Merge) -> ImportPlan:
        parsed, rejected = read_rows(path, columns)
        headers = {c.key: c.header for c in columns}
        plan = ImportPlan(rejected=rejected)
        first_row: dict[Key, int] = {}
        with ws.read() as session:
            branch_ids = dict(session.execute(select(Branch.name, Branch.id)).all())
            existing = self.load(session)
            for row in parsed:
                name, year = row.values["name"], row.values["year"]
                if name not in branch_ids:
                    plan.rejected.append(Rejection(row.row, headers["name"], f"没有名为“{quote(name)}”的支部"))
                    continue
                key = (branch_ids[name], year)
                current = existing.get(key)
                try:
                    after, written = merge(session, key, current, row.values)
                except ValidationError as error:
                    plan.rejected.extend(Rejection(row.row, headers.get(k, headers["year"]), reason)
                                         for k, reason in error.fields.items())
                    continue
                if key in first_row:
                    plan.rejected.append(Rejection(row.row, headers["name"], f"与第 {first_row[key]} 行重复（同一支部同一年度）"))
                    continue
                first_row[key] = row.row
                # What the preview says changes is what decides the action: an 更新 always says what.
                changes = "" if current is None else describe_changes(self.sheet_values(current), after, columns, self.words)
                action = NEW if current is None else UPDATE if changes else SAME
                plan.rows.append(PlannedRow(row.row, action, f"{name} {year}", {"key": key, "written": written}, changes))
            plan.basis = self._basis(existing, plan.rows)
        plan.rejected.sort(key=lambda r: r.row)
        return plan

    def _basis(self, existing: dict[Key, Any], rows: list[PlannedRow]) -> frozenset:
        keys = (row.values["key"] for row in rows)
        return versions.basis((key, self.parts(existing[key]) if key in existing else []) for key in keys)

    def apply(self, ws: Workspace, plan: ImportPlan) -> ImportReport:
        with versions.refused_if_stale(PLAN_CHANGED), ws.write() as session:
            existing = self.load(session)
            check_basis(plan, self._basis(existing, plan.rows))
            for row in plan.rows:
                if row.action != SAME:
                    key = row.values["key"]
                    self.write(session, key, row.values["written"], existing.get(key))
        return plan.report(written=True)

    def export(self, ws: Workspace, path: Path | str, year: int | None, columns: list[Column], title: str, *,
               progress: Progress | None = None, cancel: CancelFlag | None = None) -> int:
        """Every record (or one year's) in year and then branch order."""
        with ws.read() as session:
            names = dict(session.execute(select(Branch.id, Branch.name)).all())
            records = [{"name": names[key[0]], "year": key[1], **self.sheet_values(record)}
                       for key, record in self.load(session).items()
                       if key[0] in names and (year is None or key[1] == year)]
        records.sort(key=lambda r: (r["year"], branch_order_key(r["name"])))
        write_rows(path, columns, records, title, progress=progress, cancel=cancel)
        return len(records)

"""What every Excel import reports, in the shape the CLI prints with --json."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from desktop.errors import StaleError
from desktop.excel.sheet import Column, Rejection

NEW, UPDATE, SAME = "new", "update", "same"
ACTION_LABELS = {NEW: "新增", UPDATE: "更新", SAME: "无变化"}
PLAN_CHANGED = "预览之后，这些记录已被修改（例如在窗口中保存或另一次导入），为免覆盖这些修改，没有写入任何数据"
REPLAN_ATTEMPTS = 3


@dataclass(frozen=True)
class PlannedRow:
    row: int
    action: str  # NEW, UPDATE or SAME
    key: str  # what the clerk recognises the record by (a branch name, ...)
    values: dict
    changes: str = ""  # an update in words, old → new per column (the preview's 变化 column)


def shown(value) -> str:
    """A value as the preview says it: 空 for nothing, 是/否, dates as YYYY-MM-DD, 85 rather than 85.0."""
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, (set, frozenset)):
        return "、".join(str(v) for v in sorted(value)) or "空"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def describe_changes(before: Mapping, after: Mapping, columns: Iterable[Column],
                     words: Mapping[str, Callable] | None = None) -> str:
    """“书记：王建国 → 李明；正式党员数：10 → 12” for the sheet's columns in `after` whose value differs,
    in the sheet's order. A value is said as its column writes it into a cell (a label, not its code;
    是/否), or by `words` for a column whose cell is not how a clerk says it (fen as “1234.50 元”)."""
    parts = []
    for column in columns:
        if column.key not in after or before.get(column.key) == after[column.key]:
            continue
        say = (words or {}).get(column.key, column.to_cell)
        parts.append(f"{column.header}：{shown(say(before.get(column.key)))} → {shown(say(after[column.key]))}")
    return "；".join(parts)


@dataclass
class ImportPlan:
    """A preview: what a file would do, before anything is written."""

    rows: list[PlannedRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    # The records the rows were computed from, as services.versions.basis: the apply refuses the
    # plan when they are no longer at these versions (a write since the preview would be lost).
    basis: frozenset = field(default_factory=frozenset)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejected})

    def report(self, written: bool) -> ImportReport:
        return ImportReport(
            imported=self.count(NEW), updated=self.count(UPDATE), unchanged=self.count(SAME),
            rejected=list(self.rejected), written=written,
        )


@dataclass
class ImportReport:
    imported: int
    updated: int
    unchanged: int
    rejected: list[Rejection]
    written: bool

    @property
    def ok(self) -> bool:
        return not self.rejected

    def as_json(self) -> dict:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "rejected": [r.as_dict() for r in self.rejected],
        }

    def summary(self) -> str:
        verb = "已导入" if self.written else "将导入"
        text = f"{verb}：新增 {self.imported} 条，更新 {self.updated} 条，无变化 {self.unchanged} 条"
        if self.rejected:
            text += f"；拒绝 {len({r.row for r in self.rejected})} 行"
        return text + "。"


def check_basis(plan: ImportPlan, current: frozenset) -> None:
    """Called by an apply inside its transaction, with the basis of the records as they are now."""
    if current != plan.basis:
        raise StaleError(PLAN_CHANGED)


def plan_then_apply(plan_import, apply_plan, ws, path, dry_run: bool = False) -> ImportReport:
    """A one-step import (CLI, scripts): plan the file, then write the plan unless only previewing.
    Nobody has seen this plan, so when the data changes between the two steps it is planned again
    on the new data (a few times, then the refusal stands)."""
    attempt = 1
    while True:
        plan = plan_import(ws, path)
        if dry_run:
            return plan.report(written=False)
        try:
            return apply_plan(ws, plan)
        except StaleError:
            if attempt == REPLAN_ATTEMPTS:
                raise
            attempt += 1

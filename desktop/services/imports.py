"""What every Excel import reports, in the shape the CLI prints with --json."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.excel.sheet import Rejection

NEW, UPDATE, SAME = "new", "update", "same"
ACTION_LABELS = {NEW: "新增", UPDATE: "更新", SAME: "无变化"}


@dataclass(frozen=True)
class PlannedRow:
    row: int
    action: str  # NEW, UPDATE or SAME
    key: str  # what the clerk recognises the record by (a branch name, ...)
    values: dict


@dataclass
class ImportPlan:
    """A preview: what a file would do, before anything is written."""

    rows: list[PlannedRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

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


def plan_then_apply(plan_import, apply_plan, engine, path, dry_run: bool = False) -> ImportReport:
    """A one-step import (CLI, scripts): plan the file, then write the plan unless only previewing."""
    plan = plan_import(engine, path)
    return plan.report(written=False) if dry_run else apply_plan(engine, plan)

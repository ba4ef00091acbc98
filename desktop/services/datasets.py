"""The Excel datasets the CLI and the UI can import, export and template, by name: each declared once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.services import branch_import, evaluation_import, inspection_import, meeting_import, plan_import, weak_import
from desktop.services.imports import ImportPlan, ImportReport, plan_then_apply
from desktop.store.workspace import Workspace


@dataclass(frozen=True)
class Dataset:
    label: str  # 支部台账
    key_header: str  # what a planned row is recognised by in a preview, e.g. 支部名称
    plan: Callable[[Workspace, Path], ImportPlan]  # read and check a file; writes nothing
    apply: Callable[[Workspace, ImportPlan], ImportReport]  # write a plan in one transaction
    # (ws, path, year | None, *, progress=None, cancel=None) -> rows written; progress(done, total) and
    # cancel() as excel.sheet.write_rows takes them (a cancel raises Cancelled and leaves no file)
    export_file: Callable[..., int]
    write_template: Callable[[Path], Path]

    def import_file(self, ws: Workspace, path: Path | str, dry_run: bool = False) -> ImportReport:
        return plan_then_apply(self.plan, self.apply, ws, path, dry_run)


def _of(module, label: str, key_header: str, export_file: Callable) -> Dataset:
    """Every import module offers plan_import, apply_plan and write_template under those names."""
    return Dataset(label, key_header, module.plan_import, module.apply_plan, export_file, module.write_template)


DATASETS: dict[str, Dataset] = {
    "branches": _of(branch_import, "支部台账", "支部名称",
                    lambda ws, path, _year=None, **watch: branch_import.export_branches(ws, path, **watch)),
    "meetings": _of(meeting_import, "组织生活记录", "会议", meeting_import.export_meetings),
    "evaluations": _of(evaluation_import, "考评汇总", "支部 年度", evaluation_import.export_evaluations),
    "weak-cases": _of(weak_import, "软弱涣散整顿台账", "支部 年度", weak_import.export_cases),
    "inspections": _of(inspection_import, "督查检查记录", "支部 检查日期", inspection_import.export_inspections),
    "plan": Dataset("年度创建计划", "支部 年度", plan_import.plan_import, plan_import.apply_plan, plan_import.export_plan,
                    plan_import.write_plan_template),
    "pay": Dataset("报酬及保障标准", "支部 年度", plan_import.pay_import, plan_import.apply_pay, plan_import.export_pay,
                   plan_import.write_pay_template),
}

"""The Excel datasets the CLI and the UI can import, export and template, by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.services import branch_import, evaluation_import, meeting_import


@dataclass(frozen=True)
class Dataset:
    label: str
    import_file: Callable  # (engine, path, dry_run) -> ImportReport
    export_file: Callable  # (engine, path, year | None) -> int
    write_template: Callable  # (path) -> Path


DATASETS: dict[str, Dataset] = {
    "branches": Dataset(
        "支部台账",
        branch_import.import_branches,
        lambda engine, path, _year: branch_import.export_branches(engine, path),
        branch_import.write_template,
    ),
    "meetings": Dataset(
        "组织生活记录",
        meeting_import.import_meetings,
        meeting_import.export_meetings,
        meeting_import.write_template,
    ),
    "evaluations": Dataset(
        "考评汇总",
        evaluation_import.import_evaluations,
        evaluation_import.export_evaluations,
        evaluation_import.write_template,
    ),
}

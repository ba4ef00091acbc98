"""What every tab and dialog is given: the database, the worker and the change announcements."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from desktop.store.workspace import Workspace

from desktop.ui.tasks import TaskRunner

# Areas announced by DataEvents.changed; a tab refreshes when an area it shows has changed.
BRANCHES = "branches"
MEETINGS = "meetings"
EVALUATIONS = "evaluations"
SETTINGS = "settings"
TARGETS = "targets"
EVERYTHING = "*"  # the whole database was replaced (restore): every tab reloads
PAPER = "paper"  # print records and certificates


class DataEvents(QObject):
    """After a write, the writer emits `changed(area)`; tabs listen for the areas they show."""

    changed = Signal(str)

    @staticmethod
    def concerns(area: str, *shown: str) -> bool:
        """Whether an announcement for `area` should refresh a view showing `shown` areas."""
        return area == EVERYTHING or area in shown


@dataclass
class AppContext:
    ws: Workspace
    db_file: Path | None
    events: DataEvents
    tasks: TaskRunner = field(default_factory=TaskRunner)

"""What every tab and dialog is given: where the data is, and the runner of its operations.

The workspace itself stays here and in desktop.ui.operations: a view reaches it only as the argument
of the function it hands to `ops` (tests/ui/test_operations.py checks this).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.services import backups
from desktop.store.workspace import Workspace
from desktop.ui.chart_painter import ChartPainter
from desktop.ui.operations import Operations
from desktop.ui.tasks import TaskRunner


@dataclass
class AppContext:
    ws: Workspace
    db_file: Path | None
    tasks: TaskRunner = field(default_factory=TaskRunner)
    ops: Operations = field(init=False)
    charts: ChartPainter = field(default_factory=ChartPainter)  # matplotlib loaded and charts painted off the GUI thread

    def __post_init__(self) -> None:
        self.ops = Operations(self.ws, self.tasks)

    @property
    def where(self) -> str:
        """The database for the status bar and 关于: its file, or the server's address."""
        return str(self.db_file) if self.db_file else backups.where(self.ws)

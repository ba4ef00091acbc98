"""What every tab and dialog is given: the database and the change announcements."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from sqlalchemy import Engine

# Areas announced by DataEvents.changed; a tab refreshes when an area it shows has changed.
BRANCHES = "branches"
MEETINGS = "meetings"
EVALUATIONS = "evaluations"
SETTINGS = "settings"
TARGETS = "targets"
PAPER = "paper"  # print records and certificates


class DataEvents(QObject):
    """After a write, the writer emits `changed(area)`; tabs listen for the areas they show."""

    changed = Signal(str)


@dataclass
class AppContext:
    engine: Engine
    db_file: Path | None
    events: DataEvents

"""How a view follows changes: it declares the tables it shows, and one mechanism decides when it
reloads.

After every write the runner announces an OpChanges (desktop.ui.operations). A view whose tables it
touches is reloaded at once if it is on screen; a hidden one is marked stale and reloaded when it is
next shown (as Anki does), so the tabs behind the one in use cost nothing. A view is stale until it is
first shown: nothing loads at the app's start for a tab the clerk never opens.

A new view: `self.follower = Follower(self, context.ops, SHOWS, self.reload)`, with SHOWS the tables
its reload reads (the groups below, or table names: tests/ui/test_operations.py checks that each
names a real table). A view whose state (a year, a filter) changed calls `follower.invalidate()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from desktop.ui.operations import OpChanges, Operations

# Tables by area, as views declare what they show. Settings (`setting`) are not records of the
# change log: no view shows them.
BRANCHES = frozenset({"branch", "secretary_training"})
MEETINGS = frozenset({"meeting", "meeting_attachment", "meeting_rule"})
SCORING = frozenset({"scoring_session", "session_scorer", "session_branch", "score", "score_change"})
TALLIES = frozenset({"evaluation", "complaint", "department_feedback"})
RUBRIC = frozenset({"rubric", "rubric_item", "veto_item"})
WORKFLOW = frozenset({"workflow_step"})
TARGETS = frozenset({"target"})
PAPER = frozenset({"print_record", "certificate"})
SETTINGS = frozenset({"setting_year"})
WEAK = frozenset({"weak_case", "weak_case_ground", "weak_case_progress", "weak_rule"})
INSPECTIONS = frozenset({"inspection", "inspection_visit", "admonition_talk"})
PLAN = frozenset({"branch_plan", "branch_pay", "city_grant", "reaffiliation"})
ALL_GROUPS = (BRANCHES, MEETINGS, SCORING, TALLIES, RUBRIC, WORKFLOW, TARGETS, PAPER, SETTINGS, WEAK, INSPECTIONS, PLAN)


class Follower(QObject):
    """Reloads `view` (through `reload`) when an announced change touches a table in `shows`.

    With `own_changes=False` the view's own writes (run with it as their parent) do not reload it:
    it shows their result itself (the scoring grid updates the one cell it saved)."""

    def __init__(self, view: QWidget, ops: Operations, shows: Iterable[str], reload: Callable[[], None],
                 own_changes: bool = True):
        super().__init__(view)
        self.view = view
        self.shows = frozenset(shows)
        self.stale = True
        self._reload = reload
        self._own_changes = own_changes
        view.installEventFilter(self)
        ops.changed.connect(self._changed)

    def _changed(self, changes: OpChanges, initiator: QObject | None) -> None:
        if not changes.touches(self.shows):
            return
        if not self._own_changes and initiator is self.view:
            return
        self.invalidate()

    def invalidate(self) -> None:
        """What the view shows is out of date: reload now if it is on screen, else when shown."""
        self.stale = True
        if self.view.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self.stale = False
        self._reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.view and event.type() == QEvent.Type.Show and self.stale:
            self.refresh()
        return False

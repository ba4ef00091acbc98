"""The window's one way to its data: operations on the single worker, and what they changed.

No view opens a unit of work: the window's workspace refuses the GUI thread (Workspace.forbid_thread),
so a slow unit can never freeze the window behind an import. A view hands a function of the workspace
to the runner instead, as Anki's QueryOp and CollectionOp do:

- `query(parent, work, done)`: `work(ws)` runs on the worker (ui/tasks.py); `done(result)` is called
  on the GUI thread, unless the widget that asked has gone meanwhile.
- `write(parent, work, done)`: the same, with `work` inside `ws.changes()`. Whatever its units
  committed is announced as OpChanges (`changed`), taken from the change log, never typed by hand:
  before `done`, and even when the widget that asked has gone or the work failed half way.

Both take the worker's options: `label` for the busy dialog (shown only if the work takes long),
`quiet` for none, a `token` (tasks.CancelToken) the work reports progress to and is cancelled
through, `on_error`, `on_cancel`, and `writes` / `reads` naming the file an OSError is about. By
default a BranchdeskError is shown as its message, an OSError in Chinese naming the file.

Views follow the announcements through desktop.ui.follow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.store.workspace import Workspace
from desktop.ui.tasks import CancelToken, TaskRunner

T = TypeVar("T")


@dataclass(frozen=True)
class OpChanges:
    """What a write changed: the tables its committed units touched, or everything (a restore
    replaced the whole database)."""

    tables: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def of(cls, *tables: str) -> OpChanges:
        return cls(frozenset(tables))

    def touches(self, shown: Iterable[str]) -> bool:
        """Whether a view showing the tables `shown` is out of date after this change."""
        return self.everything or not self.tables.isdisjoint(shown)

    def __bool__(self) -> bool:
        return self.everything or bool(self.tables)


EVERYTHING = OpChanges(everything=True)


class Operations(QObject):
    """`changed(changes, initiator)` after every write that changed anything; `initiator` is the
    object that ran it (the `parent` it was given), so a view may skip what it already shows."""

    changed = Signal(object, object)

    def __init__(self, ws: Workspace, tasks: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._ws = ws
        self.tasks = tasks

    def query(self, parent: QObject | None, work: Callable[[Workspace], T],
              done: Callable[[T], None] | None = None, **options: Any) -> CancelToken:
        """Read on the worker; `done(result)` on the GUI thread."""
        ws = self._ws
        return self.tasks.run(lambda: work(ws), done, parent=parent, **options)

    def write(self, parent: QObject | None, work: Callable[[Workspace], T],
              done: Callable[[T], None] | None = None, *, everything: bool = False, **options: Any) -> CancelToken:
        """Write on the worker, then announce what the committed units changed (everything, for a
        restore) and call `done(result)` on the GUI thread. A write is never dropped half way: a
        cancel is a request to the work, whose outcome is delivered as it ends."""
        ws = self._ws
        touched: set[str] = set()

        def job() -> T:
            with ws.changes() as collected:
                try:
                    return work(ws)
                finally:
                    touched.update(collected)

        def settled() -> None:
            changes = EVERYTHING if everything else OpChanges(frozenset(touched))
            if changes:
                self.announce(changes, parent)

        return self.tasks.run(job, done, parent=parent, always=settled, keep_cancelled=True, **options)

    def announce(self, changes: OpChanges, initiator: QObject | None = None) -> None:
        self.changed.emit(changes, initiator)

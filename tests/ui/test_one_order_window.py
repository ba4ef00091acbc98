"""The window lists branches in the one order that the files and outputs use (tests/test_one_order.py):
the registry, the results table, the 四评录入 list, the scoring grid and the bulk-entry dialog."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.services import scoring
from desktop.ui.bulk_meeting_dialog import BulkMeetingDialog
from desktop.ui.evaluation_tab import EvaluationTab
from desktop.ui.meetings_tab import MeetingsTab
from desktop.ui.registry_model import MEMBERS, NAME
from desktop.ui.registry_tab import RegistryTab
from tests.test_one_order import ENTERED, ORDER, YEAR, seed_street
from tests.ui.test_window_follows import evaluation_in, show_page, show_tab


@pytest.fixture
def seed(ws):
    ids = seed_street(ws)
    # Picked in the order they were entered: the session lists them in the one order all the same.
    scoring.create_session(ws, YEAR, "年度考评", date(YEAR, 6, 1), [ids[name] for name in ENTERED], ["张三"])
    return ids


def rows_of(view_model, column: int = 0) -> list[str]:
    return [view_model.index(row, column).data() for row in range(view_model.rowCount())]


def test_registry_sorts_and_filters_in_the_one_order(qtbot, window, seed):
    registry = window.tab(RegistryTab)
    assert rows_of(registry.proxy, NAME) == ORDER
    registry.table.sortByColumn(MEMBERS, Qt.SortOrder.AscendingOrder)  # all have 10 members: ties keep the order
    assert rows_of(registry.proxy, NAME) == ORDER
    registry.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert rows_of(registry.proxy, NAME) == ORDER[::-1]
    registry.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    registry.search.setText("和")
    assert rows_of(registry.proxy, NAME) == [name for name in ORDER if "和" in name]
    registry.search.clear()
    assert rows_of(registry.proxy, NAME) == ORDER


def test_evaluation_pages_list_the_one_order(qtbot, window, seed):
    tab: EvaluationTab = evaluation_in(qtbot, window, YEAR)
    show_page(qtbot, tab, tab.results)
    assert rows_of(tab.results.proxy) == ORDER
    show_page(qtbot, tab, tab.tallies)
    assert rows_of(tab.tallies.branch_proxy) == ORDER
    show_page(qtbot, tab, tab.scoring)
    qtbot.waitUntil(lambda: tab.scoring.model is not None, timeout=5000)
    grid = tab.scoring.model
    assert [grid.headerData(c, Qt.Orientation.Horizontal) for c in range(grid.columnCount())] == ORDER


def test_bulk_entry_lists_the_one_order(qtbot, window, seed, monkeypatch):
    tab = show_tab(qtbot, window, MeetingsTab)
    shown: list[str] = []
    # As tests/ui/test_meetings_tab.py does: the dialog is looked at instead of run modally.
    monkeypatch.setattr(BulkMeetingDialog, "exec", lambda dialog: shown.extend(rows_of(dialog.proxy)) or 0)
    qtbot.mouseClick(tab.bulk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == ORDER

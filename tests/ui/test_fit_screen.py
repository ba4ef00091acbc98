"""Every window and dialog fits a 1366×768 office screen: it opens inside the screen's free area,
and every button of it is on screen and visible, not cut by the window's edge or a scroll area."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QTabWidget

from tests.ui.conftest import gui_context, settle
from tests.ui.dialogs import BUILDERS, YEAR, make_demo, window_classes

# A window must leave room for a task bar (40 px on Windows) and its own title bar (about 30 px).
TASK_BAR, TITLE_BAR = 40, 30


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return make_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_context(qtbot, demo):
    from desktop.store.database import open_database

    database = open_database(str(demo.db_file))
    context = gui_context(database)
    yield context, database.workspace
    context.tasks.settle()
    database.close()


def shown(qtbot, builder, context, ws, demo):
    window = builder(context, ws, demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, context)
    QApplication.processEvents()
    return window


def test_every_window_of_the_ui_has_a_builder():
    assert window_classes() == set(BUILDERS)


def test_the_tests_see_an_office_screen(qapp):
    assert qapp.primaryScreen().size().toTuple() == (1366, 768)


def button_problems(window) -> list[str]:
    """Buttons meant to be seen (not hidden on purpose) that are not wholly on screen."""
    free = window.screen().availableGeometry()
    problems = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.width() <= 1:  # hidden on purpose (a tab not shown)
            continue
        name = f"{type(window).__name__}: {button.text() or button.toolTip() or type(button).__name__}"
        if not button.isVisible():
            problems.append(f"{name} not visible")
            continue
        whole = button.visibleRegion().boundingRect()
        if whole.size() != button.size():  # cut by the window, a scroll area or a splitter
            problems.append(f"{name} cut to {whole.size().toTuple()} of {button.size().toTuple()}")
        corner = button.mapToGlobal(button.rect().bottomRight())
        if not free.contains(button.mapToGlobal(button.rect().topLeft())) or not free.contains(corner):
            problems.append(f"{name} off screen at {corner.toTuple()}")
    return problems


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_window_fits_a_1366x768_screen_with_every_button_visible(qtbot, demo_context, demo, name):
    context, ws = demo_context
    window = shown(qtbot, BUILDERS[name], context, ws, demo)
    free = window.screen().availableGeometry()
    assert free.contains(window.frameGeometry()), (name, window.frameGeometry(), free)
    # What no resize can make smaller must fit above a task bar, under a title bar.
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert least.height() <= free.height() - TASK_BAR - TITLE_BAR, (name, least)
    assert least.width() <= free.width(), (name, least)
    problems = button_problems(window)
    # The main window: every tab in turn, as the clerk switches to it.
    tabs = window.findChild(QTabWidget) if name == "MainWindow" else None
    for index in range(tabs.count() if tabs else 0):
        tabs.setCurrentIndex(index)
        settle(qtbot, context)
        QApplication.processEvents()
        scroll = tabs.widget(index)
        if isinstance(scroll, QScrollArea):  # a tab taller than the window would hide its bottom rows
            assert scroll.verticalScrollBar().maximum() == 0, (tabs.tabText(index), scroll.widget().minimumSizeHint())
        problems += button_problems(window)
    assert problems == []


def evaluation_page(qtbot, context, ws, demo, page: str):
    """The main window on the 考评打分 tab of the demo's last whole year, showing its page `page`."""
    from desktop.ui.evaluation_tab import EvaluationTab

    window = shown(qtbot, BUILDERS["MainWindow"], context, ws, demo)
    tab = window.tab(EvaluationTab)
    window.tabs.setCurrentWidget(tab.parentWidget().parentWidget())  # the tab's scroll area
    tab.year.setValue(YEAR)
    tab.pages.setCurrentWidget(getattr(tab, page))
    settle(qtbot, context)
    return window, getattr(tab, page)


def _first_branch_chosen(qtbot, demo_context, demo, page: str, view: str, proxy: str):
    """The evaluation page with its first branch chosen in `view` (through `proxy`), and its data in."""
    context, ws = demo_context
    window, shown = evaluation_page(qtbot, context, ws, demo, page)
    getattr(shown, view).setCurrentIndex(getattr(shown, proxy).index(0, 0))
    settle(qtbot, context)
    QApplication.processEvents()
    return window, shown


def test_the_tallies_form_shows_every_button_with_a_branch_chosen(qtbot, demo_context, demo):
    """The form is filled only once a branch is chosen: 保存 must then be in view without scrolling."""
    window, page = _first_branch_chosen(qtbot, demo_context, demo, "tallies", "branch_list", "branch_proxy")
    assert page.form.isEnabled() and page.title.text().endswith(f"{YEAR} 年")
    assert button_problems(window) == []


def test_the_workflow_steps_show_four_rows_with_a_branch_chosen(qtbot, demo_context, demo):
    window, page = _first_branch_chosen(qtbot, demo_context, demo, "results", "table", "proxy")
    steps = page.workflow.steps_view
    assert page.workflow.steps.rowCount() > 0
    assert steps.viewport().height() >= 4 * steps.verticalHeader().defaultSectionSize()
    assert button_problems(window) == []

"""考评打分 tab: the year's rubric, scoring sessions, tallies, and results with the workflow."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.context import BRANCHES, EVALUATIONS, AppContext
from desktop.ui.results_page import ResultsPage
from desktop.ui.rubric_page import RubricPage
from desktop.ui.scoring_page import ScoringPage
from desktop.ui.tally_page import TallyPage
from desktop.ui.year_box import LABEL as YEAR_LABEL, YearBox


class EvaluationTab(QWidget):
    TITLE = "考评打分"

    def __init__(self, context: AppContext, parent=None, year: int | None = None):
        super().__init__(parent)
        self.context = context
        self.year = YearBox(year)
        self.scoring = ScoringPage(context)
        self.tallies = TallyPage(context)
        self.results = ResultsPage(context)
        self.rubric = RubricPage(context)
        self.pages = QTabWidget()
        self.pages.addTab(self.scoring, "评分会")
        self.pages.addTab(self.tallies, "四评录入")
        self.pages.addTab(self.results, "考评结果与流程")
        self.pages.addTab(self.rubric, "考评细则")
        top = QHBoxLayout()
        top.addWidget(QLabel(YEAR_LABEL))
        top.addWidget(self.year)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages)
        # Pages load when first shown and reload when shown after a change (not on every write:
        # the scoring grid announces each saved cell, and must not reload itself for it).
        self.stale = {page: True for page in self._all()}
        self.shown_year = self.year.value()
        self.year.valueChanged.connect(self._year_changed)
        self.pages.currentChanged.connect(self._refresh_current)
        context.events.changed.connect(self._changed)
        self._refresh_current()

    def _all(self):
        return (self.scoring, self.tallies, self.results, self.rubric)

    def settle_unsaved(self) -> bool:
        """Before the year or the app changes under the tallies form: save, discard or stay (False)."""
        if self.tallies.dirty():
            self.pages.setCurrentWidget(self.tallies)  # the question and any refusal are about this page
        return self.tallies.settle_unsaved()

    def _year_changed(self, year: int) -> None:
        if not self.settle_unsaved():
            self.year.blockSignals(True)
            self.year.setValue(self.shown_year)
            self.year.blockSignals(False)
            return
        self.shown_year = year
        self.stale = {page: True for page in self._all()}
        self._refresh_current()

    def _changed(self, area: str) -> None:
        if area not in (EVALUATIONS, BRANCHES):
            return
        # The page on screen wrote it and is up to date; while the tab is hidden the writer was
        # elsewhere (the 文件 menu's import), so every page is stale.
        current = self.pages.currentWidget() if self.isVisible() else None
        for page in self._all():
            # BRANCHES changes concern every page.
            if page is not current or area == BRANCHES:
                self.stale[page] = True
        if area == BRANCHES:
            self._refresh_current()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._refresh_current()

    def _refresh_current(self) -> None:
        if not self.isVisible():  # loaded when the tab is first shown, not at app start
            return
        page = self.pages.currentWidget()
        if self.stale.get(page):
            self.stale[page] = False
            page.set_year(self.year.value())

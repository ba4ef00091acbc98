"""The 趋势图表 tab driven as a user would: dashboard, chart switching, hover, click, export,
targets editor, and redraw on data changes announced by other tabs."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from desktop.ui.operations import OpChanges
from tests import trends_fakes
from tests.ui.conftest import run_write, settle

TODAY = date(2025, 11, 20)


@pytest.fixture
def street(ws, monkeypatch):
    ids, fake = trends_fakes.street(ws, monkeypatch, year=2025)
    return ids, fake


@pytest.fixture
def tab(qtbot, context, street):
    from desktop.ui.trends_tab import TrendsTab

    widget = TrendsTab(context, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    settle(qtbot, context)  # the figures are read on the worker
    return widget


def choose(qtbot, tab, set_control, value) -> None:
    """Move a control as the user does; the chart it names is drawn once its figures are read."""
    set_control(value)
    settle(qtbot, tab._context)


def _spot(tab, index: int) -> QPoint:
    """Where the picture on screen draws the first series' point number `index` (its bar or marker)."""
    point = tab.picture.data.series[0].points[index]
    hit = next(h for h in tab.picture.hits if h.point is point)
    return QPoint(round((hit.left + hit.right) / 2), round((hit.top + hit.bottom) / 2))


def test_tab_module_does_not_load_matplotlib():
    code = "import sys, desktop.ui.trends_tab; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_dashboard_shows_standing_against_targets(tab):
    assert tab.cards.standardized_value.text() == "2025 年 90%"
    assert "9/10 个，目标 90%，已达到" in tab.cards.standardized_detail.text()
    assert "目标 50%，已达到" in tab.cards.strongest_detail.text()
    assert "已验收 9" in tab.cards.states_value.text() and "已申请 1" in tab.cards.states_value.text()


def test_shortfall_after_targets_change_elsewhere(tab, context, qtbot):
    from desktop.rules.targets import YearTarget
    from desktop.services.targets import save_targets

    run_write(qtbot, context, lambda ws: save_targets(ws, [YearTarget(2025, 1.0, 0.7, True)]))
    assert "还需 1 个支部通过验收" in tab.cards.standardized_detail.text()
    assert "还需 2 个支部评为最强" in tab.cards.strongest_detail.text()


def test_switch_charts_and_controls(tab, qtbot):
    assert tab.chart_name == "standardized" and not tab.year_spin.isEnabled()
    for index, name in enumerate(["standardized", "strongest", "by-kind", "compliance", "scores", "findings"]):
        choose(qtbot, tab, tab.chart_bar.setCurrentIndex, index)
        assert tab.picture.data.name == name
    choose(qtbot, tab, tab.chart_bar.setCurrentIndex, 3)
    assert tab.kind_combo.isEnabled()
    choose(qtbot, tab, tab.kind_combo.setCurrentIndex, tab.kind_combo.findText("社区"))
    assert [s.label for s in tab.picture.data.series] == ["全街道", "社区"]
    choose(qtbot, tab, tab.chart_bar.setCurrentIndex, 2)
    assert tab.year_spin.isEnabled()
    choose(qtbot, tab, tab.year_spin.setValue, 2023)
    assert tab.picture.data.title.startswith("2023 年")
    # A start after the end moves the end along instead of failing.
    tab.from_spin.setValue(2026)
    assert tab.to_spin.value() == 2026


def test_hover_shows_figures_and_click_lists_branches(tab, qtbot):
    choose(qtbot, tab, tab.from_spin.setValue, 2022)
    choose(qtbot, tab, tab.to_spin.setValue, 2025)
    point = _spot(tab, 1)  # 2023: 5 of 10 standardized
    qtbot.mouseMove(tab.view, point)
    qtbot.waitUntil(lambda: "2023 年：标准化 5/10" in tab.hover_label.text())
    assert tab.view.tip.isVisible() and "2023 年：标准化 5/10" in tab.view.tip.text()
    assert tab.view.rect().contains(tab.view.tip.geometry())
    qtbot.mouseClick(tab.view, Qt.MouseButton.LeftButton, pos=point)
    settle(qtbot, tab._context)  # the branches' names are read on the worker
    dialog = tab.branch_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.names() == ["支部01", "支部02", "支部03", "支部04", "支部05"]
    choose(qtbot, tab, dialog.group_combo.setCurrentIndex, 1)
    assert dialog.model.names() == ["支部06", "支部07", "支部08", "支部09", "支部10"]
    qtbot.keyClicks(dialog.filter_edit, "10")
    assert dialog.proxy.rowCount() == 1 and "筛选后 1 个" in dialog.count_label.text()
    dialog.close()


def test_hovering_paints_nothing_and_names_each_point_once(tab, qtbot, monkeypatch):
    """The hover box is a widget over the picture: moving the mouse never draws the chart again
    (that was ~0.2 s of the GUI thread a move), and trembling over one point says it once."""
    choose(qtbot, tab, tab.from_spin.setValue, 2022)
    choose(qtbot, tab, tab.to_spin.setValue, 2025)
    point = _spot(tab, 1)
    paints, named = [], []
    monkeypatch.setattr(tab._context.charts, "paint", lambda *a: paints.append(a))
    tab.view.hovered.connect(named.append)
    qtbot.mouseMove(tab.view, QPoint(2, 2))  # off the chart first: Qt drops a move to where the cursor is
    qtbot.mouseMove(tab.view, point)
    qtbot.waitUntil(tab.view.tip.isVisible)
    for dx in (1, 2, 1):  # the mouse trembles over the same point
        qtbot.mouseMove(tab.view, QPoint(point.x() + dx, point.y()))
    qtbot.wait(50)
    assert [p.x for p in named] == ["2023"] and "2023 年：标准化 5/10" in tab.hover_label.text()
    qtbot.mouseMove(tab.view, _spot(tab, 2))  # 2024: another point, shown at once
    qtbot.waitUntil(lambda: "2024 年" in tab.hover_label.text())
    qtbot.mouseMove(tab.view, QPoint(2, 2))  # off every point: the box goes
    qtbot.waitUntil(lambda: not tab.view.tip.isVisible())
    assert paints == [] and [p and p.x for p in named] == ["2023", "2024", None]


def test_click_a_findings_bar_for_real(tab, qtbot):
    choose(qtbot, tab, tab.chart_bar.setCurrentIndex, 5)
    point = _spot(tab, 3)  # 7 branches (社区/村) have 3 setup findings
    qtbot.mouseClick(tab.view, Qt.MouseButton.LeftButton, pos=point)
    settle(qtbot, tab._context)
    assert tab.branch_dialog.model.rowCount() == 7


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_export_current_chart(tab, tmp_path, monkeypatch, qtbot, suffix, magic):
    target = tmp_path / f"chart{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert not tab.export_button.isEnabled()  # drawn on the charts' thread
    settle(qtbot, tab._context)
    assert target.read_bytes().startswith(magic)
    assert "已导出" in tab.hover_label.text() and tab.export_button.isEnabled()


def test_export_adds_the_chosen_suffix(tab, tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "chart"), "SVG 矢量图 (*.svg)"))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab._context)
    assert (tmp_path / "chart.svg").exists()


def test_export_report(tab, ws, tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "报告"), ""))
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    assert not tab.report_button.isEnabled()  # one report at a time
    qtbot.waitUntil(tab.report_button.isEnabled, timeout=30000)
    assert (tmp_path / "报告.pdf").read_bytes().startswith(b"%PDF")
    assert "已导出" in tab.hover_label.text()
    from desktop.services import documents

    code = tab.hover_label.text().split("验证码：")[1].rstrip("）")
    assert documents.verify(ws, code).document_kind == "trends"


def test_export_report_as_word_chosen_in_the_save_dialog(tab, tmp_path, monkeypatch, qtbot):
    from docx import Document

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "报告"), "Word 文档 (*.docx)"))
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(tab.report_button.isEnabled, timeout=30000)
    written = tmp_path / "报告.docx"
    assert tab.hover_label.text() == f"已导出到 {written}"  # no 验证码: a Word copy is not a print
    assert Document(str(written)).paragraphs[0].text == "趋势分析报告"


def test_export_report_into_a_missing_folder_says_why(tab, tmp_path, monkeypatch, qtbot):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocker / "sub" / "r.pdf"), ""))
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "无法写入" in shown[0] or "Not a directory" in shown[0]


def test_redraw_only_when_visible(tab, context, street, qtbot):
    _ids, fake = street
    settings_only = len(fake.calls)
    context.ops.announce(OpChanges.of("setting_year"))  # names for paper: not shown here, ignored
    settle(qtbot, context)
    assert len(fake.calls) == settings_only and not tab.follower.stale
    before = len(fake.calls)
    tab.hide()
    context.ops.announce(OpChanges.of("meeting"))
    settle(qtbot, context)
    assert len(fake.calls) == before and tab.follower.stale
    tab.show()
    qtbot.waitExposed(tab)
    settle(qtbot, context)
    assert len(fake.calls) > before and not tab.follower.stale
    # A new branch registered elsewhere shows up in the active count.
    run_write(qtbot, context, lambda ws: trends_fakes.add_branches(ws, ["grid"]))
    assert "在册支部 11 个" in tab.cards.states_detail.text()


@pytest.mark.parametrize("name", ["chart.jpg", "chart.JPEG", "chart.bmp"])
def test_export_refuses_a_format_it_cannot_write(tab, tmp_path, monkeypatch, qtbot, boxes, name):
    folder = tmp_path / "charts"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / name), "PNG 图片（300 dpi）(*.png)"))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert list(folder.iterdir()) == []  # neither chart.jpg nor chart.jpg.png
    assert ".png、.svg 或 .pdf" in boxes.texts("warning")[-1]


def test_an_export_that_cannot_be_written_says_why_and_the_button_comes_back(tab, tmp_path, monkeypatch, qtbot, boxes):
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where the folder should be
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocker / "chart.png"), ""))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab._context)
    assert "无法写入" in boxes.texts("warning")[-1] and tab.export_button.isEnabled()
    assert "已导出" not in tab.hover_label.text() and blocker.read_text() == "x"


def test_export_takes_the_format_from_the_typed_suffix(tab, tmp_path, monkeypatch, qtbot):
    folder = tmp_path / "charts"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "chart.pdf"), "PNG 图片（300 dpi）(*.png)"))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab._context)
    assert [p.name for p in folder.iterdir()] == ["chart.pdf"]
    assert (folder / "chart.pdf").read_bytes().startswith(b"%PDF")


def test_weak_goal_is_named_once(tab):
    text = tab.cards.states_detail.text()
    assert text.count("软弱涣散") <= 1 and "目标" in text


def test_a_long_export_path_does_not_widen_the_tab(tab, tmp_path, monkeypatch, qtbot):
    """The message names the file; a deep folder must not push the tab's buttons off a 1366 screen."""
    least = tab.minimumSizeHint().width()
    deep = tmp_path.joinpath(*[f"街道党工委年度考评资料汇编第{n}册" for n in range(6)])
    deep.mkdir(parents=True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(deep / "趋势分析报告"), ""))
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导出到" in tab.hover_label.text(), timeout=30000)
    assert str(deep) in tab.hover_label.text() or str(deep) in tab.hover_label.toolTip()
    assert tab.minimumSizeHint().width() == least


def test_every_chart_is_read_once_when_the_tab_opens(tab, qtbot, monkeypatch):
    """The tab reads the other charts on the worker after the first, one query each: a click on
    one draws it from what was read, with no query of its own (they are asked for once the first
    chart is drawn)."""
    qtbot.waitUntil(lambda: set(tab.chart_keys()) <= set(tab._cache), timeout=5000)
    asked = []
    real = tab._context.ops.query
    monkeypatch.setattr(tab._context.ops, "query", lambda *a, **k: asked.append(a) or real(*a, **k))
    drawn = []
    for index in range(tab.chart_bar.count()):
        choose(qtbot, tab, tab.chart_bar.setCurrentIndex, index)
        drawn.append(tab.picture.data.name)
    assert drawn == list(trends_charts()) and asked == []


def test_a_chart_asked_for_while_the_others_are_read_waits_for_them(qtbot, context, street):
    from desktop.ui.trends_tab import TrendsTab

    widget = TrendsTab(context, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.chart_bar.setCurrentIndex(4)  # before anything has landed
    settle(qtbot, context)
    assert widget.picture.data.name == "scores" and not widget._pending


def trends_charts():
    from desktop.services.trends import CHART_NAMES

    return CHART_NAMES

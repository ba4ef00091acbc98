"""支部档案: one branch's year on one sheet — printed and read back, exported, verified line by line,
and opened from the registry and the results page."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.errors import BranchdeskError
from desktop.services import branch_file, documents, scoring
from desktop.services.meetings import save_meeting
from tests.paper_support import font_problems, missing_glyphs, page_texts, squeeze
from tests.test_paper_real import _scored_street

AS_OF = date(2025, 12, 31)


def _lines(ws, branch_id) -> dict[tuple[str, str], str]:
    (file,) = branch_file.branch_files(ws, 2025, AS_OF, [branch_id])
    return {(part, item): value for part, item, value in file.lines}


def test_the_file_gathers_registry_meetings_scores_tallies_and_steps(ws):
    (a, _b, c), _session_id, grid = _scored_street(ws)
    for held_on, kind in ((date(2025, 3, 4), "theme_day"), (date(2025, 1, 6), "theme_day"), (date(2025, 5, 8), "committee_meeting")):
        save_meeting(ws, {"branch_id": a, "meeting_type": kind, "held_on": held_on, "topic": f"{held_on}"})
    lines = _lines(ws, a)
    assert lines[("基本情况", "类型")] == "社区"
    full = f"{sum(i.max_points for i in grid.rubric.items):.2f}"
    assert lines[("评分", "评委 张三")] == full and lines[("评分", "评委 李四")] == full
    assert lines[("四评", "组织评定")] == full and lines[("结论", "考评达标")] == "是"
    assert lines[("组织生活", "主题党日")] == ("已开 2 次，应开 12 次（1月6日、3月4日）；缺：2025-02、2025-04、2025-05、"
                                            "2025-06、2025-07、2025-08、2025-09、2025-10、2025-11、2025-12")
    # 甲 has no 支委会 to hold one; the one it held anyway is listed, and not counted as required.
    assert lines[("组织生活", "支委会")] == "已开 1 次，本支部不要求（5月8日）"
    assert ("设置问题", "未设支委会") in lines
    assert lines[("流程", "2025-07-01")] == "区委已验收（记录人：党建办）"
    assert lines[("整顿提升", "记录")] == "无"
    # 丙: nothing entered this year, and it says so rather than leaving blanks.
    nothing = _lines(ws, c)
    assert nothing[("评分", "评分会")] == "本年度未评分" and nothing[("流程", "进度")] == "未开始"
    assert nothing[("结论", "考评达标")] == "未考评"


def test_printed_exported_and_verified_by_the_line_that_changed(ws, tmp_path):
    (a, b, _c), session_id, grid = _scored_street(ws)
    printed = documents.print_document(ws, "branch_file", {"year": 2025, "as_of": "2025-12-31", "branch_ids": [a]},
                                       tmp_path / "a.pdf")
    texts = page_texts(tmp_path / "a.pdf")
    text = squeeze("".join(texts))
    assert "党支部档案" in text and "甲社区党支部" in text and "乙社区党支部" not in text
    assert "区委已验收（记录人：党建办）" in text and f"验证码：{printed.code_text}" in squeeze(texts[-1])
    assert missing_glyphs(text) == set() and font_problems(tmp_path / "a.pdf") == []

    item = grid.rubric.items[0]
    zhang = next(i for i, name in grid.scorers if name == "张三")
    scoring.save_score(ws, session_id, (zhang, a, item.id), item.max_points - 1)
    found = documents.verify(ws, printed.code)
    assert found.changed is True
    changed = [line for line in found.lines() if "评委 张三" in line or "综合得分" in line]
    full = sum(i.max_points for i in grid.rubric.items)
    assert f"甲社区党支部 · 评分 · 评委 张三：内容 {full:.2f} → {full - 1:.2f}" in changed
    assert any(line.startswith("甲社区党支部 · 四评 · 综合得分：内容 ") for line in changed)
    # Two branches, as one flat table: each line with its branch in front.
    path = documents.export_sheet(ws, "branch_file", {"year": 2025, "branch_ids": [a, b]}, tmp_path / "档案.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == ("支部名称", "部分", "项目", "内容")
    assert {r[0] for r in rows[1:]} == {"甲社区党支部", "乙社区党支部"}
    assert ("乙社区党支部", "四评", "述职评议考核等次", "良好") in rows


def test_no_branch_no_file(ws, tmp_path):
    with pytest.raises(BranchdeskError, match="没有可打印的党支部"):
        documents.print_document(ws, "branch_file", {"year": 2025}, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_registry_opens_the_print_dialog_on_the_selected_branchs_file(qtbot, ws, db, tmp_path, monkeypatch):
    from desktop.ui import paper_dialog
    from desktop.ui.registry_tab import RegistryTab
    from tests.ui.conftest import gui_context

    (a, _b, _c), _session_id, _grid = _scored_street(ws)
    context = gui_context(db)
    context.db_file = tmp_path / "db.sqlite3"
    opened = []
    monkeypatch.setattr(paper_dialog.PrintDialog, "exec", lambda self: (opened.append(self), self.show()))
    tab = RegistryTab(context)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not context.tasks.busy, timeout=20_000)
    assert not tab.file_button.isEnabled()
    assert tab.select_branch(a)
    qtbot.mouseClick(tab.file_button, Qt.MouseButton.LeftButton)
    (dialog,) = opened
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not context.tasks.busy, timeout=20_000)
    assert dialog.kind() == "branch_file" and dialog.some_radio.isChecked()
    assert dialog.selected_branch_ids() == [a]
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.last_result is not None, timeout=30_000)
    assert "党支部档案" in dialog.status_label.text() and "甲社区党支部" in dialog.status_label.text()
    dialog.preview and dialog.preview.close()
    context.tasks.wait()


def test_the_file_shows_the_branchs_weak_case_and_its_talks_of_the_year(ws):
    from desktop.services import inspections, weak_cases

    (a, _b, _c), _session_id, _grid = _scored_street(ws)
    weak_cases.open_case(ws, a, 2025, weak_cases.CaseForm(grounds=("low_satisfaction",), deadline=date(2025, 11, 30),
                                                           identified_on=date(2025, 3, 1)))
    inspections.record_talk(ws, a, date(2025, 4, 2), "王书记", "组织生活不经常", role="书记", agreed="每月开支委会")
    inspections.record_talk(ws, a, date(2024, 4, 2), "王书记", "去年的约谈")
    lines = _lines(ws, a)
    assert lines[("整顿提升", "整顿台账")] == "已认定；情形：群众满意率低于60%；期限 2025-11-30"
    assert lines[("整顿提升", "2025-04-02 约谈")] == "王书记（书记）：组织生活不经常；每月开支委会"
    assert not any("去年的约谈" in value for value in lines.values())  # another year's talk is that year's file

"""评分记录表: one scorer's scores of one session read back from the PDF (figures, marks, totals, the
signature line), its 验证码 checked by verify-paper, which says what changed, and the stored-value
check that knows the kind."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from desktop.errors import BranchdeskError
from desktop.services import documents, scoring, stored_values, suggestions
from tests.services.helpers import add_branch

YEAR = 2025


def pdf_lines(path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout.splitlines()


@pytest.fixture
def session(ws):
    # Made in another order than the one order of names: the sheet lists 东风, 光明, 和平.
    ids = [add_branch(ws, name, has_committee=True) for name in ("和平社区党支部", "光明村党支部", "东风社区党支部")]
    session_id = scoring.create_session(ws, YEAR, "2025年度述职评议考核", date(YEAR, 12, 20), ids, ["张三", "李四"])
    grid = scoring.load_grid(ws, session_id)
    zhang, (heping, guang, dongfeng) = grid.scorers[0][0], ids
    for item in grid.rubric.items:  # 和平: every item, full marks less half a point on the first
        scoring.save_score(ws, session_id, (zhang, heping, item.id), item.max_points)
    scoring.save_score(ws, session_id, (zhang, heping, grid.rubric.items[0].id), grid.rubric.items[0].max_points - 0.5)
    scoring.save_score(ws, session_id, (zhang, dongfeng, grid.rubric.items[1].id), 2)  # 东风: one item
    filled = suggestions.adopt(ws, session_id, zhang, guang)  # 光明: the ledger's suggestions only
    return session_id, grid, filled, ids


def test_the_sheet_lists_each_branch_with_its_scores_marks_total_and_signature(ws, session, tmp_path):
    session_id, grid, filled, (heping, guang, _dongfeng) = session
    params = {"year": YEAR, "session": grid.session.uuid, "scorer": "张三"}
    result = documents.print_document(ws, "score_record", params, tmp_path / "record.pdf")
    lines = pdf_lines(result.path)
    text = "\n".join(lines)
    rows = [line for line in lines if "党支部" in line and re.match(r"\s*\d+\s", line)]
    assert [re.split(r"\s+", r.strip())[1] for r in rows] == ["东风社区党支部", "光明村党支部", "和平社区党支部"]
    dong, guang_row, he = (re.split(r"\s+", r.strip()) for r in rows)
    full = grid.rubric.total_points
    assert he[2] == f"{grid.rubric.items[0].max_points - 0.5:g}" and he[-1] == f"{full - 0.5:g}"  # total per branch
    assert dong[2:5] == ["—", "2", "—"] and "缺 27 项" in rows[0]
    assert guang_row.count("—") + sum(1 for cell in guang_row if cell.endswith("*")) >= len(grid.rubric.items)
    assert f"{sum(filled.values()):g}*" in guang_row  # the total holding unconfirmed suggestions
    assert "评分人：张三" in text and "评分人签字" in text and "日期" in text
    assert f"另有 {len(filled)} 格建议分未经评分人确认" in text
    assert f"验证码：{result.code_text}" in text

    found = documents.verify(ws, result.code)
    assert found.document_kind == "score_record" and found.changed is False
    assert found.description.startswith("评分记录表（2025 年）") and "张三" in found.description
    suggestions.confirm(ws, session_id, grid.scorers[0][0], guang)
    scoring.save_score(ws, session_id, (grid.scorers[0][0], heping, grid.rubric.items[0].id), 1)
    found = documents.verify(ws, result.code)
    assert found.changed is True
    changed = "\n".join(found.lines())
    assert "和平社区党支部" in changed and "光明村党支部" in changed  # the figure changed, the marks went


def test_another_scorer_another_year_or_none_is_refused(ws, session, tmp_path):
    _session_id, grid, _filled, _ids = session
    for params, message in (({"year": YEAR, "session": grid.session.uuid, "scorer": "王五"}, "没有评委“王五”"),
                            ({"year": YEAR + 1, "session": grid.session.uuid, "scorer": "张三"}, "是 2025 年度的"),
                            ({"year": YEAR, "scorer": "张三"}, "请指定评分会"),
                            ({"year": YEAR, "session": grid.session.uuid}, "请指定评分人")):
        with pytest.raises(BranchdeskError, match=message):
            documents.print_document(ws, "score_record", params, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_the_stored_value_check_knows_the_kind(ws, session, tmp_path):
    _session_id, grid, _filled, _ids = session
    documents.print_document(ws, "score_record", {"year": YEAR, "session": grid.session.uuid, "scorer": "李四"},
                             tmp_path / "li.pdf")
    assert "score_record" in stored_values._document_kinds()
    with ws.engine.connect() as conn:
        assert stored_values.unknown_values(conn) == []


def test_report_score_record_and_verify_paper_on_the_command_line(db, session, tmp_path, capsys):
    from desktop.cli import main

    session_id, grid, _filled, (heping, _guang, _dongfeng) = session
    out = tmp_path / "张三.pdf"
    code = main(["--db", str(db.file), "report", "score-record", "--year", str(YEAR), "--session", "2025年度述职评议考核",
                 "--scorer", "张三", "-o", str(out)])
    shown = capsys.readouterr().out
    assert code == 0 and out.exists() and "评分记录表" in shown
    printed = re.search(r"验证码：(\S+)", shown).group(1)
    assert main(["--db", str(db.file), "verify-paper", printed]) == 0
    assert "打印后数据未变化" in capsys.readouterr().out
    scoring.save_score(db.workspace, session_id, (grid.scorers[0][0], heping, grid.rubric.items[2].id), 0)
    assert main(["--db", str(db.file), "verify-paper", printed]) == 0
    said = capsys.readouterr().out
    assert "数据已有变化" in said and "和平社区党支部" in said
    assert main(["--db", str(db.file), "report", "score-record", "--year", str(YEAR), "-o", str(out)]) == 2
    assert "需要 --session" in capsys.readouterr().err

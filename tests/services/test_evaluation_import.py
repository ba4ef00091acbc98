"""The tallies import: every rejection reason with row and column, one transaction, idempotence,
round trip through export; and the `evaluate --json` shape."""

import json

from openpyxl import Workbook

from desktop.cli import main
from desktop.services import evaluation_import, tallies
from desktop.services.results import year_results
from tests.services.helpers import add_branch

HEADERS = ["支部名称", "年度", "组织评定得分", "述职评议等次", "参评党员数", "评议优秀", "评议合格", "评议基本合格",
           "评议不合格", "群众满意", "群众基本满意", "群众不满意", "不满意经查证属实", "部门反馈不符合", "否决事项"]
GOOD = ["甲社区党支部", 2025, 92, "优秀", 20, 18, 2, 0, 0, 50, 5, 1, "否", "否", None]


def _write(path, *rows):
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _with(**changes):
    row = list(GOOD)
    for header, value in changes.items():
        row[HEADERS.index(header)] = value
    return row


def test_rejections_name_row_column_and_reason(ws, tmp_path):
    add_branch(ws, "甲社区党支部")
    path = _write(tmp_path / "t.xlsx", GOOD,
                  _with(组织评定得分=101), _with(述职评议等次="很好"), _with(评议优秀=19),
                  _with(群众满意=-3), _with(评议合格=1.5), _with(支部名称="不存在党支部"))
    report = evaluation_import.import_evaluations(ws, path)
    got = {(r.row, r.column) for r in report.rejected}
    assert got == {(3, "组织评定得分"), (4, "述职评议等次"), (5, "参评党员数"), (6, "群众满意"), (7, "评议合格"),
                   (8, "支部名称")}
    reasons = {r.row: r.reason for r in report.rejected}
    assert "超出" in reasons[3] and "未知" in reasons[4] and "超过参评党员数" in reasons[5]
    assert "负数" in reasons[6] and "整数" in reasons[7] and "没有名为" in reasons[8]
    assert report.imported == 1


def test_import_is_idempotent_and_round_trips(ws, tmp_path):
    branch = add_branch(ws, "甲社区党支部")
    path = _write(tmp_path / "t.xlsx", _with(不满意经查证属实="是", 部门反馈不符合="是", 否决事项="逾期未换届"))
    assert evaluation_import.import_evaluations(ws, path, dry_run=True).imported == 1
    assert tallies.get_tally(ws, branch, 2025).tally.participants is None  # dry run wrote nothing
    first = evaluation_import.import_evaluations(ws, path)
    assert (first.imported, first.updated) == (1, 0)
    second = evaluation_import.import_evaluations(ws, path)
    assert (second.imported, second.updated, second.unchanged) == (0, 0, 1)
    [result] = year_results(ws, 2025)
    assert result.org == 92 and result.meets_standard is False
    assert set(result.strongest_bars) >= {"verified_dissatisfaction", "department_noncompliance"}
    exported = tmp_path / "out.xlsx"
    assert evaluation_import.export_evaluations(ws, exported, 2025) == 1
    again = evaluation_import.import_evaluations(ws, exported)
    assert (again.imported, again.updated, again.unchanged, again.rejected) == (0, 0, 1, [])
    flipped = evaluation_import.import_evaluations(ws, _write(tmp_path / "f.xlsx", _with(不满意经查证属实="否")))
    assert flipped.updated == 1
    assert not any(c.verified for c in tallies.get_tally(ws, branch, 2025).complaints)


def test_a_rejected_row_leaves_the_rest_written_in_one_go(ws, tmp_path):
    add_branch(ws, "甲社区党支部")
    add_branch(ws, "乙社区党支部")
    path = _write(tmp_path / "t.xlsx", GOOD, _with(支部名称="乙社区党支部"), _with(支部名称="乙社区党支部", 评议优秀=1))
    report = evaluation_import.import_evaluations(ws, path)
    assert report.imported == 2 and [(r.row, r.column) for r in report.rejected] == [(4, "支部名称")]


def test_cli_import_template_and_evaluate_json(ws, db, tmp_path, capsys):
    add_branch(ws, "甲社区党支部")
    add_branch(ws, "乙社区党支部")  # no data: not listed
    target = str(db.file)
    assert main(["--db", target, "template", "evaluations", str(tmp_path / "tpl.xlsx")]) == 0
    capsys.readouterr()
    path = _write(tmp_path / "t.xlsx", GOOD)
    assert main(["--db", target, "import", "evaluations", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": 1, "updated": 0, "rejected": []}
    assert main(["--db", target, "evaluate", "--year", "2025", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload == {"year": 2025, "branches": [{
        "name": "甲社区党支部", "org": 92.0, "member": 100.0, "public": 98.21, "social": 100.0,
        "composite": 96.44, "meets_standard": True, "strongest_eligible": True, "strongest_bars": [],
        "state": "not_started", "standardized": None}]}
    assert main(["--db", target, "export", "evaluations", str(tmp_path / "e.xlsx"), "--year", "2025"]) == 0


def test_a_column_absent_from_the_sheet_keeps_what_is_stored_an_empty_cell_clears(ws, tmp_path):
    branch = add_branch(ws, "甲社区党支部")
    evaluation_import.import_evaluations(ws, _write(tmp_path / "full.xlsx", _with(否决事项="逾期未换届")))
    before = tallies.get_tally(ws, branch, 2025)
    book = Workbook()
    book.active.append(["支部名称", "年度", "组织评定得分"])
    book.active.append(["甲社区党支部", 2025, 80])
    book.save(tmp_path / "partial.xlsx")
    report = evaluation_import.import_evaluations(ws, tmp_path / "partial.xlsx")
    assert (report.updated, report.rejected) == (1, [])
    after = tallies.get_tally(ws, branch, 2025)
    assert after.org_score_override == 80
    assert (after.review_grade, after.tally, after.veto) == (before.review_grade, before.tally, "逾期未换届")
    book = Workbook()
    book.active.append(["支部名称", "年度", "述职评议等次", "评议优秀", "否决事项"])
    book.active.append(["甲社区党支部", 2025, None, None, None])  # present and empty: cleared
    book.save(tmp_path / "clear.xlsx")
    assert evaluation_import.import_evaluations(ws, tmp_path / "clear.xlsx").updated == 1
    cleared = tallies.get_tally(ws, branch, 2025)
    assert (cleared.review_grade, cleared.tally.excellent, cleared.veto) == (None, None, None)
    assert cleared.tally.participants == before.tally.participants == 20


def test_ballots_of_a_partial_sheet_are_checked_against_the_stored_participants(ws, tmp_path):
    add_branch(ws, "甲社区党支部")
    evaluation_import.import_evaluations(ws, _write(tmp_path / "full.xlsx", GOOD))  # 参评党员数 20
    book = Workbook()
    book.active.append(["支部名称", "年度", "评议优秀"])
    book.active.append(["甲社区党支部", 2025, 19])  # with the stored 合格 2: 21 ballots > 20
    book.save(tmp_path / "partial.xlsx")
    report = evaluation_import.import_evaluations(ws, tmp_path / "partial.xlsx")
    assert [(r.row, r.column) for r in report.rejected] == [(2, "参评党员数")] and report.updated == 0

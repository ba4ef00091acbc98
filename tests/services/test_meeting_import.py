"""Meeting import: every rejection reason, idempotence, one transaction, export round trip, CLI."""

import json
from datetime import date

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.services import meeting_import, meetings
from desktop.services.meetings import list_meetings
from tests.meeting_helpers import add_branch
from tests.sheets import write_xlsx

HEADER = ["支部名称", "会议类型", "日期", "应到人数", "实到人数", "主题", "主持人", "记录人"]


def write(path, rows, header=HEADER):
    return write_xlsx(path, [header, *rows])


GOOD = [
    ["和平社区党支部", "党员大会", "2025-03-15", 20, 15, "一季度党员大会", "王建国", "李丽"],
    ["和平社区党支部", "主题党日", date(2025, 3, 5), None, None, "重温入党誓词", None, None],
    ["和平社区党支部", "支委会", "2025/4/2", None, None, None, None, None],
    [None, None, None, None, None, None, None, None],  # blank rows are skipped
    ["幸福村党支部", "专题研究", "2025年5月6日", None, None, "标准化建设", None, None],
]


@pytest.fixture
def two_branches(ws):
    add_branch(ws, "和平社区党支部")
    add_branch(ws, "幸福村党支部", kind="village")


def test_import_then_again_adds_nothing(ws, two_branches, tmp_path):
    path = write(tmp_path / "m.xlsx", GOOD)
    dry = meeting_import.import_meetings(ws, path, dry_run=True)
    assert (dry.imported, dry.written) == (4, False) and list_meetings(ws) == []
    report = meeting_import.import_meetings(ws, path)
    assert (report.imported, report.updated, report.rejected) == (4, 0, [])
    rows = list_meetings(ws)
    assert {r.meeting_type for r in rows} == {"general_meeting", "theme_day", "committee_meeting", "annual_study"}
    again = meeting_import.import_meetings(ws, path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 4)
    changed = [list(GOOD[0])]
    changed[0][4] = 16  # same meeting (branch, type, date, topic), new attendance: an update
    assert meeting_import.import_meetings(ws, write(tmp_path / "c.xlsx", changed)).updated == 1
    assert len(list_meetings(ws)) == 4


def test_every_rejection_names_row_column_reason(ws, two_branches, tmp_path):
    rows = [
        ["无此支部", "主题党日", "2025-03-05", None, None, None, None, None],  # 2 unknown branch
        ["和平社区党支部", "茶话会", "2025-03-05", None, None, None, None, None],  # 3 unknown type
        ["和平社区党支部", "主题党日", "2025-02-30", None, None, None, None, None],  # 4 impossible date
        ["和平社区党支部", "党课", "2025-03-05", 10, 12, None, None, None],  # 5 attended > expected
        ["和平社区党支部", "支部党员大会", "2025-03-05", None, None, None, None, None],  # 6 no counts
        ["和平社区党支部", "党课", "2025-03-05", "十", None, None, None, None],  # 7 not an integer
        ["和平社区党支部", None, "2025-03-05", None, None, None, None, None],  # 8 missing type
        ["和平社区党支部", "主题党日", "2025-03-09", None, None, "学习", None, None],  # 9 fine
        ["和平社区党支部", "主题党日", "2025-03-09", None, None, "学习", None, None],  # 10 duplicate of 9
        ["和平社区党支部", "主题党日", "2099-03-09", None, None, None, None, None],  # 11 future
    ]
    report = meeting_import.import_meetings(ws, write(tmp_path / "bad.xlsx", rows))
    got = {(r.row, r.column) for r in report.rejected}
    assert got == {(2, "支部名称"), (3, "会议类型"), (4, "日期"), (5, "实到人数"), (6, "应到人数"),
                   (7, "应到人数"), (8, "会议类型"), (10, "主题"), (11, "日期")}
    reasons = {r.row: r.reason for r in report.rejected}
    assert "无此支部" in reasons[2] and "茶话会" in reasons[3] and "不是存在的日期" in reasons[4]
    assert "多于" in reasons[5] and "第 9 行" in reasons[10]
    assert report.imported == 1 and len(list_meetings(ws)) == 1


def test_valid_rows_are_written_in_one_transaction(ws, two_branches, tmp_path, monkeypatch):
    path = write(tmp_path / "m.xlsx", GOOD)
    calls = []

    def failing(meeting, branch_id, values):
        calls.append(values)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        original(meeting, branch_id, values)

    original = meeting_import.apply_values
    monkeypatch.setattr(meeting_import, "apply_values", failing)
    with pytest.raises(RuntimeError):
        meeting_import.import_meetings(ws, path)
    assert list_meetings(ws) == []


def test_export_round_trip_and_template(ws, two_branches, tmp_path):
    meeting_import.import_meetings(ws, write(tmp_path / "m.xlsx", GOOD))
    out = tmp_path / "out.xlsx"
    assert meeting_import.export_meetings(ws, out, year=2025) == 4
    assert meeting_import.export_meetings(ws, tmp_path / "none.xlsx", year=2024) == 0
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:8] == HEADER
    assert sheet.cell(row=2, column=2).value in {"支部党员大会", "主题党日", "支委会", "专题研究"}
    again = meeting_import.import_meetings(ws, out)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 4)
    template = meeting_import.write_template(tmp_path / "t.xlsx")
    assert load_workbook(template).active.max_row == 1


def test_cli_import_export_template(ws, db, two_branches, tmp_path, capsys):
    path = write(tmp_path / "m.xlsx", [*GOOD, ["无此支部", "党课", "2025-03-05"]])
    db_path = str(db.file)
    db.close()
    assert main(["--db", db_path, "import", "meetings", str(path), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["imported"] == 4 and payload["updated"] == 0
    assert payload["rejected"] == [{"row": 7, "column": "支部名称", "reason": "没有名为“无此支部”的支部"}]
    assert main(["--db", db_path, "export", "meetings", str(tmp_path / "e.xlsx"), "--year", "2025"]) == 0
    assert main(["--db", db_path, "template", "meetings", str(tmp_path / "t.xlsx")]) == 0
    assert (tmp_path / "e.xlsx").exists() and (tmp_path / "t.xlsx").exists()


def test_form_parsing_uses_the_import_rules():
    values, errors = meetings.parse_form(
        {"meeting_type": "支部党员大会", "held_on": "2025-3-5", "expected": "10", "attended": "5"}, date(2025, 12, 31))
    assert errors == {} and values["held_on"] == date(2025, 3, 5)
    _, errors = meetings.parse_form(
        {"meeting_type": "支部党员大会", "held_on": "2025-3-5", "expected": "5", "attended": "6"}, date(2025, 12, 31))
    assert "attended" in errors
    _, errors = meetings.parse_form({"meeting_type": "", "held_on": "2025-13-5"}, date(2025, 12, 31))
    assert set(errors) == {"meeting_type", "held_on"}

"""The streamed exports: read in batches and written row by row, the round trip still exact, the
dropdowns over whole columns, progress told, and a cancel that leaves no file behind."""

from __future__ import annotations

import tempfile
import tracemalloc
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from desktop.errors import Cancelled
from desktop.excel import branches as branch_sheet
from desktop.excel import meetings as meeting_sheet
from desktop.excel import sheet
from desktop.services import branch_import, meeting_import, meetings
from tests.meeting_helpers import add_branch

TYPES = ("committee_meeting", "theme_day", "party_lecture")


def add_meetings(ws, count: int) -> list[int]:
    first, second = add_branch(ws, "和平社区党支部"), add_branch(ws, "幸福村党支部", kind="village")
    made = []
    for n in range(count):
        made.append(meetings.save_meeting(ws, {
            "branch_id": (first, second)[n % 2], "meeting_type": TYPES[n % 3], "held_on": date(2025, 1, 1) + timedelta(days=n),
            "topic": f"第{n}次" if n % 4 else "", "host": "王建国" if n % 2 else None, "expected": None, "attended": None,
            "minutes": "=SUM(A1)" if n == 5 else ("一\n二" if n == 6 else None),
        }))
    return made


def sheet_rows(path) -> list[tuple]:
    return [row for row in load_workbook(path, read_only=True).active.iter_rows(min_row=2, values_only=True)]


def test_meetings_stream_in_batches_leave_deleted_ones_out_and_round_trip(ws, tmp_path, monkeypatch):
    monkeypatch.setattr(meeting_import, "EXPORT_BATCH", 4)  # 13 meetings: four batches
    made = add_meetings(ws, 14)
    meetings.delete_meeting(ws, made[10])
    live = meetings.list_meetings(ws)
    path = tmp_path / "会议.xlsx"
    assert meeting_import.export_meetings(ws, path) == 13
    rows = sheet_rows(path)
    assert [(r[0], r[2].date(), r[5]) for r in rows] == [(m.branch_name, m.held_on, m.topic or None) for m in live]
    assert "第10次" not in {r[5] for r in rows}  # the deleted meeting
    assert rows[5][8] == "=SUM(A1)" and rows[6][8] == "一\n二" and rows[4][8] is None  # text, not a formula
    report = meeting_import.import_meetings(ws, path)
    assert (report.imported, report.updated, report.unchanged, report.rejected) == (0, 0, 13, [])


@pytest.mark.parametrize(("write_template", "columns"), [
    (branch_import.write_template, branch_sheet.columns()),
    (meeting_import.write_template, meeting_sheet.columns()),
])
def test_every_dropdown_covers_every_row_of_its_column(tmp_path, write_template, columns):
    path = write_template(tmp_path / "模板.xlsx")
    validations = load_workbook(path).active.data_validations.dataValidation
    found = {str(v.sqref): v.formula1 for v in validations}
    wanted = {f"{get_column_letter(n)}2:{get_column_letter(n)}1048576": '"' + ",".join(c.choices) + '"'
              for n, c in enumerate(columns, start=1) if c.choices}
    assert wanted and found == wanted


def test_progress_is_told_and_ends_at_the_row_count(ws, tmp_path, monkeypatch):
    monkeypatch.setattr(sheet, "PROGRESS_ROWS", 3)
    add_meetings(ws, 10)
    told: list[tuple[int, int]] = []
    assert meeting_import.export_meetings(ws, tmp_path / "m.xlsx", progress=lambda done, total: told.append((done, total))) == 10
    assert told == [(3, 10), (6, 10), (9, 10), (10, 10)]


def test_a_cancel_mid_export_leaves_no_file_and_the_old_one_as_it_was(ws, tmp_path, monkeypatch):
    monkeypatch.setattr(sheet, "PROGRESS_ROWS", 2)
    scratch, folder = tmp_path / "scratch", tmp_path / "out"
    scratch.mkdir()
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the writer keeps its rows meanwhile
    add_meetings(ws, 10)
    path = folder / "会议.xlsx"
    path.write_bytes(b"the clerk's earlier export")
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) == 2  # after four rows were written

    with pytest.raises(Cancelled):
        meeting_import.export_meetings(ws, path, cancel=cancel)
    assert path.read_bytes() == b"the clerk's earlier export"
    assert [p.name for p in folder.iterdir()] == ["会议.xlsx"]  # no temporary file left
    assert list(scratch.iterdir()) == []
    fresh = folder / "新.xlsx"
    with pytest.raises(Cancelled):
        meeting_import.export_meetings(ws, fresh, cancel=lambda: True)
    assert not fresh.exists() and list(scratch.iterdir()) == []


def test_rows_are_written_as_they_come_not_held(tmp_path):
    """A generator of 20,000 rows through write_rows: Python's own allocations stay far below what
    holding the rows (or a workbook of cells) would take."""
    columns = meeting_sheet.columns()

    def rows():
        for n in range(20_000):
            yield {"branch_name": f"第{n % 2000}党支部", "meeting_type": "theme_day",
                   "held_on": date(2020, 1, 1) + timedelta(days=n % 2000), "topic": f"主题{n}" * 5, "host": "王建国", "recorder": "李丽"}

    tracemalloc.start()
    try:
        sheet.write_rows(tmp_path / "大.xlsx", columns, rows(), "组织生活记录")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, f"{peak / 1e6:.1f} MB"
    assert len(sheet_rows(tmp_path / "大.xlsx")) == 20_000

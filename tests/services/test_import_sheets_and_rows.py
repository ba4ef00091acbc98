"""The sheet an import reads (the first whose header has the dataset's required columns), and a row
reported with all of its problems at once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import ImportFileError
from desktop.models import Branch
from desktop.services import datasets
from desktop.services.branch_import import import_branches
from desktop.services.meeting_import import import_meetings
from tests.sheets import HEADERS, branch_row, write_sheets

NOTES = ("说明", [["本表为街道党工委 2025 年支部台账"], ["填表人：张三"]])


def test_the_ledger_on_the_second_sheet_is_found(ws, tmp_path):
    path = write_sheets(tmp_path / "ledger.xlsx", [NOTES, ("支部台账", [HEADERS, branch_row("和平社区党支部")])])
    report = import_branches(ws, path)
    assert (report.imported, report.rejected) == (1, [])
    with ws.read() as session:
        assert session.scalars(select(Branch.name)).all() == ["和平社区党支部"]


def test_every_dataset_passes_over_a_notes_sheet(ws, tmp_path):
    # The same search for every dataset: each dataset's template, written after a notes sheet, is read.
    from openpyxl import load_workbook

    for name, dataset in datasets.DATASETS.items():
        template = dataset.write_template(tmp_path / f"{name}-template.xlsx")
        header = [cell.value for cell in next(load_workbook(template).active.iter_rows(max_row=1))]
        path = write_sheets(tmp_path / f"{name}.xlsx", [NOTES, ("数据", [header])])
        report = dataset.import_file(ws, path, dry_run=True)
        assert (report.imported, report.rejected) == (0, []), name


def test_no_sheet_with_the_columns_names_every_sheet_and_what_it_lacks(ws, tmp_path):
    path = write_sheets(tmp_path / "ledger.xlsx", [NOTES, ("去年", [["支部名称", "书记"], ["和平社区党支部", "王"]]),
                                                  ("空白", [])])
    with pytest.raises(ImportFileError) as refusal:
        import_branches(ws, path)
    message = refusal.value.message
    assert "3 个工作表" in message and "支部名称、支部类型、正式党员数" in message
    assert "“说明”缺少支部名称、支部类型、正式党员数" in message
    assert "“去年”缺少支部类型、正式党员数" in message and "“空白”是空的" in message


def test_a_single_sheet_keeps_its_plain_refusal(ws, tmp_path):
    path = write_sheets(tmp_path / "ledger.xlsx", [("台账", [["支部名称", "书记"]])])
    with pytest.raises(ImportFileError, match=r"^缺少必需的列：支部类型、正式党员数。"):
        import_branches(ws, path)


def test_a_ledger_row_reports_all_its_problems_at_once(ws, tmp_path):
    row = branch_row("和平社区党支部", **{"任期年限": 4, "成立日期": date(2010, 5, 1), "本届选举日期": date(2008, 3, 1),
                                      "设支委会": "Y"})
    path = write_sheets(tmp_path / "ledger.xlsx", [("台账", [HEADERS, row])])
    report = import_branches(ws, path, dry_run=True)
    assert sorted((r.column, r.reason) for r in report.rejected) == sorted([
        ("任期年限", "任期年限应为 3 或 5，而不是 4"),
        ("本届选举日期", "2008-03-01 早于成立日期 2010-05-01，换届不能早于支部成立"),
        ("设支委会", "“Y”应填“是”或“否”（只认这两个字）"),
    ])
    assert {r.row for r in report.rejected} == {2} and report.imported == 0


def test_a_refused_founding_date_is_not_compared_with_anything(ws, tmp_path):
    row = branch_row("和平社区党支部", **{"成立日期": "2010-02-30", "本届选举日期": date(2008, 3, 1)})
    report = import_branches(ws, write_sheets(tmp_path / "l.xlsx", [("台账", [HEADERS, row])]), dry_run=True)
    assert [r.column for r in report.rejected] == ["成立日期"]


def test_a_meeting_row_reports_its_unknown_branch_and_its_counts_together(ws, tmp_path):
    header = ["支部名称", "会议类型", "日期", "应到人数", "实到人数", "主持人"]
    row = ["不存在的党支部", "支部党员大会", date(2025, 3, 5), 5, 9, "#REF!"]
    report = import_meetings(ws, write_sheets(tmp_path / "m.xlsx", [("会议", [header, row])]), dry_run=True)
    assert sorted(r.column for r in report.rejected) == ["主持人", "实到人数", "支部名称"]

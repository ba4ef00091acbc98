"""The branch ledger import: file-level refusals, row rejections, updates, idempotence, round trip."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from desktop.errors import ImportFileError
from desktop.models import Branch, SecretaryTraining
from desktop.services import branch_import, branches
from desktop.services.branch_import import export_branches, import_branches, write_template
from tests.sheets import HEADERS, branch_row, write_xlsx


def count(ws, model=Branch) -> int:
    with ws.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def by_name(ws) -> dict[str, dict]:
    with ws.read() as session:
        rows = session.scalars(select(Branch)).all()
        return {b.name: branches.values_of(b, frozenset(t.year for t in b.trainings)) for b in rows}


def reasons(report) -> list[tuple[int, str]]:
    return [(r.row, r.column) for r in report.rejected]


# --- the whole file is refused ---------------------------------------------------------------


def test_wrong_extension_is_refused(ws, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("支部名称,支部类型\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"\.xlsx"):
        import_branches(ws, path)


def test_text_file_named_xlsx_is_refused(ws, tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_text("this is not a workbook", encoding="utf-8")
    with pytest.raises(ImportFileError, match="不是有效的 Excel 文件"):
        import_branches(ws, path)


def test_missing_file_is_refused(ws, tmp_path):
    with pytest.raises(ImportFileError, match="找不到文件"):
        import_branches(ws, tmp_path / "nowhere.xlsx")


def test_empty_sheet_is_refused(ws, tmp_path):
    with pytest.raises(ImportFileError, match="空的"):
        import_branches(ws, write_xlsx(tmp_path / "empty.xlsx", []))


def test_missing_required_headers_are_named(ws, tmp_path):
    path = write_xlsx(tmp_path / "partial.xlsx", [["支部名称", "书记"], ["和平社区党支部", "王建国"]])
    with pytest.raises(ImportFileError) as error:
        import_branches(ws, path)
    assert "支部类型" in error.value.message and "正式党员数" in error.value.message
    assert count(ws) == 0


# --- headers and rows ------------------------------------------------------------------------


def test_headers_in_any_order_with_spaces_and_unknown_columns(ws, tmp_path):
    rows = [
        ["  正式党员数 ", "备用列", " 支部名称", "支部类型  ", " 书记 "],
        [8, "ignored", "幸福社区党支部", "社区", "李秀英"],
        [None, None, None, None, None],
        ["", "  ", "", "", ""],
        [4, "ignored", "光明村党支部", "村", "张志强"],
    ]
    report = import_branches(ws, write_xlsx(tmp_path / "shuffled.xlsx", rows))
    assert (report.imported, report.updated, report.rejected) == (2, 0, [])
    stored = by_name(ws)
    assert stored["幸福社区党支部"]["full_members"] == 8
    assert stored["幸福社区党支部"]["secretary"] == "李秀英"
    assert stored["光明村党支部"]["branch_kind"] == "village"


def test_every_rejection_reason_names_row_and_column(ws, tmp_path):
    rows = [
        HEADERS,
        branch_row("一号党支部"),                                   # 2 good
        branch_row("二号党支部", kind="街道"),                      # 3 unknown kind
        branch_row(None),                                           # 4 missing name
        branch_row("四号党支部", full=None),                        # 5 missing required count
        branch_row("五号党支部", full="3.5"),                       # 6 non-integer
        branch_row("六号党支部", full="abc"),                       # 7 non-integer
        branch_row("七号党支部", full=-1),                          # 8 negative
        branch_row("八号党支部", 本届选举日期="2025-02-30"),        # 9 impossible date
        branch_row("九号党支部", 任期年限=4),                       # 10 term must be 3 or 5
        [None] * len(HEADERS),                                      # 11 blank: skipped
        branch_row("一号党支部", full=9),                           # 12 duplicate of row 2
        branch_row("十号党支部", 书记兼任主任="也许"),              # 13 yes/no
        branch_row("十一号党支部", 预备党员数=2.5),                 # 14 non-integer float
    ]
    report = import_branches(ws, write_xlsx(tmp_path / "bad.xlsx", rows))
    assert reasons(report) == [
        (3, "支部类型"), (4, "支部名称"), (5, "正式党员数"), (6, "正式党员数"), (7, "正式党员数"),
        (8, "正式党员数"), (9, "本届选举日期"), (10, "任期年限"), (12, "支部名称"), (13, "书记兼任主任"),
        (14, "预备党员数"),
    ]
    by_row = {r.row: r.reason for r in report.rejected}
    assert "未知的支部类型“街道”" in by_row[3]
    assert by_row[4] == by_row[5] == "必填项为空"
    assert "3.5" in by_row[6] and "不是整数" in by_row[6]
    assert "abc" in by_row[7]
    assert "负数" in by_row[8]
    assert "不是存在的日期" in by_row[9]
    assert "3 或 5" in by_row[10]
    assert "第 2 行" in by_row[12]  # the later row is the one rejected
    assert report.imported == 1 and not report.ok
    assert list(by_name(ws)) == ["一号党支部"]
    assert by_name(ws)["一号党支部"]["full_members"] == 5


def test_future_date_is_rejected(ws, tmp_path):
    rows = [HEADERS, branch_row("未来党支部", 成立日期=date(date.today().year + 1, 1, 1))]
    report = import_branches(ws, write_xlsx(tmp_path / "future.xlsx", rows))
    assert reasons(report) == [(2, "成立日期")]
    assert "晚于今天" in report.rejected[0].reason


def test_text_dates_and_real_excel_date_cells(ws, tmp_path):
    rows = [
        HEADERS,
        branch_row("甲党支部", 本届选举日期="2025-03-15"),
        branch_row("乙党支部", 本届选举日期="2025/3/15"),
        branch_row("丙党支部", 本届选举日期="2025年3月15日"),
        branch_row("丁党支部", 本届选举日期=datetime(2025, 3, 15)),
    ]
    column = HEADERS.index("本届选举日期") + 1
    path = write_xlsx(tmp_path / "dates.xlsx", rows, {(5, column): "yyyy-mm-dd"})
    report = import_branches(ws, path)
    assert report.rejected == [] and report.imported == 4
    assert {v["elected_on"] for v in by_name(ws).values()} == {date(2025, 3, 15)}


def test_a_name_already_in_the_database_updates_that_branch(ws, tmp_path):
    branch_id = branches.save_branch(ws, {"name": "和平社区党支部", "branch_kind": "community", "full_members": 4, "notes": "keep"})
    rows = [HEADERS, branch_row("和平社区党支部", kind="社区", full=12, 书记="赵春生")]
    report = import_branches(ws, write_xlsx(tmp_path / "update.xlsx", rows))
    assert (report.imported, report.updated) == (0, 1)
    stored = branches.get_branch(ws, branch_id)
    assert stored["full_members"] == 12 and stored["secretary"] == "赵春生"
    assert stored["notes"] == "keep"  # a column the file does not have is left alone


def test_importing_the_same_file_twice_imports_nothing_the_second_time(ws, tmp_path):
    rows = [HEADERS] + [branch_row(f"{i}号党支部", 本届选举日期="2024-05-01", 任期年限=3, 设支委会="否") for i in range(1, 6)]
    path = write_xlsx(tmp_path / "twice.xlsx", rows)
    first = import_branches(ws, path)
    second = import_branches(ws, path)
    assert (first.imported, first.updated) == (5, 0)
    assert (second.imported, second.updated, second.unchanged) == (0, 0, 5)
    assert second.as_json() == {"imported": 0, "updated": 0, "rejected": []}
    assert count(ws) == 5


def test_dry_run_writes_nothing(ws, tmp_path):
    path = write_xlsx(tmp_path / "dry.xlsx", [HEADERS, branch_row("预览党支部")])
    report = import_branches(ws, path, dry_run=True)
    assert report.imported == 1 and not report.written
    assert count(ws) == 0


def test_export_then_import_is_lossless(ws, tmp_path):
    full = {
        "name": "锦绣社区党支部", "branch_kind": "community", "parent_org": "中共和平街道工作委员会",
        "established_on": date(1998, 7, 1), "secretary": "王海燕", "secretary_is_director": True,
        "elected_on": date(2021, 11, 20), "term_years": 5, "full_members": 23, "probationary_members": 2,
        "has_committee": True, "party_groups": 3, "phone": "0471-5551234", "has_college_cadre": False,
        "has_service_center": True, "notes": "第二行备注，含逗号、顿号。", "trained_years": frozenset({2023, 2025}),
    }
    sparse = {"name": "兴业科技有限公司党支部", "branch_kind": "private_enterprise", "full_members": 3}
    branches.save_branch(ws, full)
    branches.save_branch(ws, sparse)
    before = by_name(ws)
    exported = tmp_path / "export.xlsx"
    assert export_branches(ws, exported) == 2

    # Into the same database: nothing changes.
    report = import_branches(ws, exported)
    assert (report.imported, report.updated, report.rejected) == (0, 0, [])

    # Into a fresh database: every field comes back.
    from desktop.store.database import open_database

    other = open_database(str(tmp_path / "other.sqlite3"))
    try:
        report = import_branches(other.workspace, exported)
        assert report.imported == 2 and report.rejected == []
        assert by_name(other.workspace) == before
        assert count(other.workspace, SecretaryTraining) == 2
    finally:
        other.close()


def test_all_or_nothing_when_a_write_fails_mid_transaction(ws, tmp_path, monkeypatch):
    branches.save_branch(ws, {"name": "已有党支部", "branch_kind": "government", "full_members": 4})
    before = by_name(ws)
    rows = [HEADERS, branch_row("已有党支部", kind="机关", full=9)] + [branch_row(f"新{i}党支部") for i in range(5)]
    path = write_xlsx(tmp_path / "fails.xlsx", rows)
    real_apply = branches.apply_values
    calls = []

    def failing_apply(session, branch, values):
        calls.append(values["name"])
        changed = real_apply(session, branch, values)
        if len(calls) == 4:
            session.flush()  # the earlier rows really reached the database inside the transaction
            raise OSError("disk full")
        return changed

    monkeypatch.setattr(branches, "apply_values", failing_apply)
    with pytest.raises(OSError):
        import_branches(ws, path)
    assert len(calls) == 4
    assert by_name(ws) == before


def test_template_has_the_headers_and_no_rows(tmp_path):
    from openpyxl import load_workbook

    path = write_template(tmp_path / "template.xlsx")
    sheet = load_workbook(path).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[: len(HEADERS)] == HEADERS
    assert sheet.max_row == 1
    assert sheet.title == branch_import.SHEET_TITLE


def test_template_imports_as_nothing(ws, tmp_path):
    report = import_branches(ws, write_template(tmp_path / "t.xlsx"))
    assert (report.imported, report.updated, report.rejected) == (0, 0, [])

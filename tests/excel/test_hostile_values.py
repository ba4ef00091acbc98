"""Hostile values through the real imports and forms: each a rejected row naming its column, the same
in --dry-run and in the real import, nothing that can overflow SQLite; control characters normalised
at every entry point; stored ones never break an export; formulas exported as text, exactly."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import text as sql

from desktop.services import branch_import, branches, evaluation_import, meeting_import, meetings
from tests.excel.snapshot import snapshot
from tests.services.helpers import add_branch
from tests.sheets import HEADERS, branch_row, write_xlsx

HOSTILE_COUNTS = [1e20, "1" * 4301, "1E999", "2099；2100", "_x0009_", True, datetime(2025, 1, 1), -3,
                  float("inf"), 100_001, "#VALUE!"]


def _rejections(report) -> list[tuple[int, str]]:
    return [(r.row, r.column) for r in report.rejected]


def test_hostile_counts_are_rejected_alike_in_dry_run_and_real_import(ws, tmp_path):
    rows = [HEADERS] + [branch_row(f"第{i}党支部", full=value) for i, value in enumerate(HOSTILE_COUNTS)]
    rows.append(branch_row("好党支部", full=100_000))
    path = write_xlsx(tmp_path / "counts.xlsx", rows)
    before = snapshot(ws)
    dry = branch_import.import_branches(ws, path, dry_run=True)
    assert snapshot(ws) == before
    real = branch_import.import_branches(ws, path)
    expected = [(row, "正式党员数") for row in range(2, 2 + len(HOSTILE_COUNTS))]
    assert _rejections(dry) == _rejections(real) == expected
    assert all(len(r.reason) < 80 for r in real.rejected)
    assert (dry.imported, real.imported) == (1, 1)
    assert branches.get_branch(ws, branches.branch_names(ws)["好党支部"])["full_members"] == 100_000


@pytest.mark.parametrize("value", ["1E999", "2099；2100", "1899", True, date(2024, 1, 1), "2024、" * 100])
def test_training_years_refuse_hostile_values(ws, tmp_path, value):
    row = branch_row("甲党支部") + [None] * 2 + [value]
    header = [*HEADERS, "大专以上干部", "党群服务中心", "书记培训年度"]
    report = branch_import.import_branches(ws, write_xlsx(tmp_path / "y.xlsx", [header, row]))
    assert _rejections(report) == [(2, "书记培训年度")]


def test_text_longer_than_its_column_allows_is_rejected_with_a_short_reason(ws, tmp_path):
    header = [*HEADERS, "备注"]
    rows = [header, [*branch_row("甲党支部", 书记="王" * 30_000), None], [*branch_row("乙党支部"), "注" * 2001],
            [*branch_row("丙党支部", 书记="王" * 30), "注" * 2000]]
    report = branch_import.import_branches(ws, write_xlsx(tmp_path / "long.xlsx", rows))
    assert _rejections(report) == [(2, "书记"), (3, "备注")]
    assert sum(len(r.reason) for r in report.rejected) < 100
    assert report.imported == 1


def test_evaluation_year_and_counts_are_bounded(ws, tmp_path):
    add_branch(ws, "甲社区党支部")
    header = ["支部名称", "年度", "参评党员数", "群众满意"]
    rows = [header, ["甲社区党支部", 1e20, 5, 5], ["甲社区党支部", 2101, 5, 5], ["甲社区党支部", 2025, 5, 1e20],
            ["甲社区党支部", 2100, 100_000, 100_000]]
    report = evaluation_import.import_evaluations(ws, write_xlsx(tmp_path / "e.xlsx", rows))
    assert _rejections(report) == [(2, "年度"), (3, "年度"), (4, "群众满意")]
    assert report.imported == 1


def test_forms_normalise_control_characters_and_enforce_the_same_limits():
    values, errors = branches.parse_form({"name": "和平\x0b社区党支部", "notes": "第一行\x0b第二行\x01"}, date(2025, 6, 1))
    assert values == {"name": "和平 社区党支部", "notes": "第一行\n第二行"} and errors == {}
    _, errors = branches.parse_form({"secretary": "王" * 31, "name": "甲"}, date(2025, 6, 1))
    assert errors == {"secretary": "书记：超过 30 个字（共 31 个字）"}
    _, errors = meetings.parse_form({"host": "李" * 31, "topic": "#REF!"}, date(2025, 6, 1))
    assert set(errors) == {"host", "topic"} and "Excel 错误值" in errors["topic"]


def test_a_control_character_saved_by_the_form_exports_and_round_trips(ws, tmp_path):
    values, errors = branches.parse_form({"name": "甲党支部", "branch_kind": "村", "full_members": "5",
                                          "notes": "一\x0b二\t三"}, date(2025, 6, 1))
    assert errors == {}
    branches.save_branch(ws, values)
    path = tmp_path / "out.xlsx"
    assert branch_import.export_branches(ws, path) == 1
    again = branch_import.import_branches(ws, path)
    assert (again.unchanged, again.rejected) == (1, [])
    assert branches.get_branch(ws, 1)["notes"] == "一\n二 三"


def test_control_characters_already_stored_never_break_an_export(ws, tmp_path):
    branch = add_branch(ws, "甲党支部")
    meetings.save_meeting(ws, {"branch_id": branch, "meeting_type": "theme_day", "held_on": date(2025, 3, 1),
                                   "topic": "主题", "minutes": "纪要"})
    with ws.engine.begin() as connection:  # as an older version, or a hand edit, could have left them
        connection.execute(sql("UPDATE branch SET notes = :v, secretary = :v"), {"v": "坏\x0b字\x01符\x00"})
        connection.execute(sql("UPDATE meeting SET minutes = :v, host = :v"), {"v": "坏\x0b字\x01符"})
    for name, export in (("b", branch_import.export_branches), ("m", meeting_import.export_meetings)):
        path = tmp_path / f"{name}.xlsx"
        assert export(ws, path) == 1
        assert any("坏" in str(c) for row in load_workbook(path).active.iter_rows(values_only=True) for c in row)


FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"点我\")", "=cmd|' /C calc'!A0", "+1+1", "-1", "@SUM(A1)"]


def test_formula_like_text_is_exported_as_text_and_round_trips_exactly(ws, tmp_path):
    for index, formula in enumerate(FORMULAS):
        branches.save_branch(ws, {"name": formula, "branch_kind": "village", "full_members": index,
                                      "secretary": formula[:30], "notes": formula})
    path = tmp_path / "formulas.xlsx"
    assert branch_import.export_branches(ws, path) == len(FORMULAS)
    sheet = load_workbook(path).active
    text_cells = [c for row in sheet.iter_rows(min_row=2) for c in row if str(c.value)[0] in "=+-@"]
    assert len(text_cells) == 3 * len(FORMULAS)  # name, secretary, notes
    assert all(c.data_type == "s" and c.quotePrefix for c in text_cells)  # never "f": Excel evaluates nothing
    before = snapshot(ws)
    again = branch_import.import_branches(ws, path)
    assert (again.unchanged, again.rejected) == (len(FORMULAS), [])
    assert snapshot(ws) == before
    assert set(branches.branch_names(ws)) == set(FORMULAS)


def test_the_tally_form_normalises_the_veto_and_limits_it_like_the_sheet(ws):
    from desktop.errors import ValidationError
    from desktop.services import tallies

    branch = add_branch(ws, "甲社区党支部")
    tallies.save_tally(ws, branch, 2025, tallies.TallyForm(veto=" 逾期\x0b未换届\x01 "))
    assert tallies.get_tally(ws, branch, 2025).veto == "逾期 未换届"
    with pytest.raises(ValidationError, match="否决事项：超过 200 个字"):
        tallies.save_tally(ws, branch, 2025, tallies.TallyForm(veto="否" * 201))

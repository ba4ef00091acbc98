"""Year matrix, monthly rates, rules per year and `check` findings over a real database."""

from datetime import date

import pytest

from desktop.errors import BranchdeskError, ValidationError
from desktop.rules.compliance import Rule
from desktop.services import branches
from desktop.services.check import check
from desktop.services.compliance import monthly_rates, year_matrix
from desktop.services.meeting_rules import rules_for_year, save_rules
from tests.meeting_helpers import add_branch, add_meeting


def test_quorum_failure_leaves_the_quarter_a_gap_unless_another_valid_one(ws):
    a = add_branch(ws, "甲支部")
    b = add_branch(ws, "乙支部")
    add_meeting(ws, a, "general_meeting", date(2025, 2, 10), expected=10, attended=5)  # exactly half
    add_meeting(ws, b, "general_meeting", date(2025, 2, 10), expected=10, attended=5)
    add_meeting(ws, b, "general_meeting", date(2025, 3, 20), topic="补开", expected=10, attended=6)
    matrix = year_matrix(ws, 2025, date(2025, 6, 30))
    first, second = matrix.branch(a), matrix.branch(b)
    assert first.types["general_meeting"].gaps == ["2025-Q1", "2025-Q2"]
    assert [f.held_on for f in first.quorum_failures] == [date(2025, 2, 10)]
    assert second.types["general_meeting"].gaps == ["2025-Q2"]
    assert second.types["general_meeting"].held == 1 and second.types["general_meeting"].logged == 2
    assert len(second.quorum_failures) == 1


def test_matrix_rates_and_required_sets(ws):
    full = add_branch(ws, "有支委会", committee=True, groups=1)
    bare = add_branch(ws, "无支委会", committee=False, groups=0, established=date(2025, 7, 1))
    add_branch(ws, "已归档", archived=True)
    for month in range(1, 13):
        add_meeting(ws, full, "theme_day", date(2025, month, 5))
    add_meeting(ws, bare, "theme_day", date(2025, 8, 5))
    matrix = year_matrix(ws, 2025, date(2025, 9, 15))
    assert [b.name for b in matrix.branches] == ["无支委会", "有支委会"]  # archived left out
    bare_row = matrix.branch(bare)
    assert not bare_row.types["committee_meeting"].required
    assert not bare_row.types["group_meeting"].required
    assert bare_row.types["theme_day"].gaps == ["2025-07"]
    assert bare_row.types["theme_day"].due_soon == ["2025-09"]
    assert bare_row.types["general_meeting"].gaps == []  # Q3 is not over yet
    full_row = matrix.branch(full)
    assert full_row.types["theme_day"].gaps == []
    assert full_row.types["committee_meeting"].gaps == [f"2025-{m:02d}" for m in range(1, 9)]
    # Due cells: theme 8 + committee 8 + groups 8 + general 2 + lecture 2 = 28; met: 8 theme days.
    assert (full_row.met_cells, full_row.due_cells) == (8, 28)
    assert full_row.rate == pytest.approx(8 / 28)
    assert matrix.due_cells == full_row.due_cells + bare_row.due_cells
    only = year_matrix(ws, 2025, date(2025, 9, 15), branch_ids=[bare])
    assert [b.branch_id for b in only.branches] == [bare]


def test_rules_are_kept_per_year(ws):
    branch = add_branch(ws)
    add_meeting(ws, branch, "party_lecture", date(2025, 2, 1))
    add_meeting(ws, branch, "party_lecture", date(2026, 2, 1))
    assert rules_for_year(ws, 2026)["party_lecture"] == Rule("party_lecture", "quarter", 1)
    stricter = dict(rules_for_year(ws, 2026), party_lecture=Rule("party_lecture", "quarter", 2))
    save_rules(ws, 2026, stricter)
    assert year_matrix(ws, 2025, date(2025, 12, 31)).branch(branch).types["party_lecture"].gaps == [
        "2025-Q2", "2025-Q3", "2025-Q4"]
    assert "2026-Q1" in year_matrix(ws, 2026, date(2026, 12, 31)).branch(branch).types["party_lecture"].gaps
    assert rules_for_year(ws, 2025)["party_lecture"].minimum == 1
    assert rules_for_year(ws, 2030)["party_lecture"].minimum == 2  # inherits the latest earlier year
    # Changing an earlier year freezes what later years inherited: 2026 keeps its own rules.
    save_rules(ws, 2024, dict(rules_for_year(ws, 2024), talk=Rule("talk", "year", 3)))
    assert rules_for_year(ws, 2025)["talk"].minimum == 1
    assert rules_for_year(ws, 2026)["party_lecture"].minimum == 2


def test_rules_are_validated(ws):
    bad = dict(rules_for_year(ws, 2025), theme_day=Rule("theme_day", "month", -1))
    with pytest.raises(ValidationError) as error:
        save_rules(ws, 2025, bad)
    assert "主题党日" in error.value.message


def test_monthly_rates(ws):
    a = add_branch(ws, "甲", kind="community", committee=True, groups=0)
    b = add_branch(ws, "乙", kind="government", committee=False, groups=1, established=date(2025, 3, 10))
    add_branch(ws, "丙", archived=True)
    add_meeting(ws, a, "theme_day", date(2025, 1, 3))
    add_meeting(ws, a, "committee_meeting", date(2025, 1, 3))
    add_meeting(ws, a, "group_meeting", date(2025, 1, 3))  # a has no groups: does not count
    add_meeting(ws, b, "group_meeting", date(2025, 2, 3))  # before b existed: does not count
    add_meeting(ws, b, "group_meeting", date(2025, 3, 3))  # March is due for b (ends after 10th)
    add_meeting(ws, b, "committee_meeting", date(2025, 3, 4))  # b has no committee
    rates = {(r.year, r.month): r for r in monthly_rates(ws, 2025, 2025, date(2025, 3, 31))}
    assert (rates[(2025, 1)].due, rates[(2025, 1)].met) == (2, 2)  # a: theme + committee
    assert (rates[(2025, 2)].due, rates[(2025, 2)].met) == (2, 0)
    assert (rates[(2025, 3)].due, rates[(2025, 3)].met) == (4, 1)  # b joins: theme + group
    assert rates[(2025, 4)].due == 0 and rates[(2025, 4)].rate is None
    village = {(r.year, r.month): r for r in monthly_rates(ws, 2025, 2025, date(2025, 3, 31), "government")}
    assert (village[(2025, 3)].due, village[(2025, 3)].met) == (2, 1)
    assert rates[(2025, 1)].rate == 1.0


def test_check_lists_gaps_and_quorum_failures(ws):
    branch = add_branch(ws, "和平社区党支部", committee=False, groups=0)
    add_meeting(ws, branch, "general_meeting", date(2025, 5, 16), expected=8, attended=4)
    result = check(ws, 2025, date(2025, 12, 31))
    findings = result["branches"][0]["findings"]
    gap = next(f for f in findings if f["code"] == "meeting_gap" and f["meeting"] == "general_meeting")
    assert gap["periods"] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert set(gap) == {"code", "meeting", "periods", "message"}
    quorum = next(f for f in findings if f["code"] == "quorum_not_met")
    assert quorum == {"code": "quorum_not_met", "meeting": "general_meeting", "date": "2025-05-16",
                      "message": quorum["message"]}
    assert "未超过半数" in quorum["message"]
    assert {f["meeting"] for f in findings if f["code"] == "meeting_gap"} == {
        "general_meeting", "party_lecture", "theme_day", "life_meeting", "member_review", "talk", "annual_study"}
    theme = next(f for f in findings if f.get("meeting") == "theme_day")
    assert theme["periods"][0] == "2025-01" and len(theme["periods"]) == 12


def test_branch_with_meetings_cannot_be_deleted(ws):
    branch = add_branch(ws)
    add_meeting(ws, branch, "theme_day", date(2025, 1, 3))
    assert branches.has_history(ws, branch)
    with pytest.raises(BranchdeskError):
        branches.delete_branch(ws, branch)


def test_matrix_judges_alike_branches_once_and_each_as_itself(ws):
    """Branches with the same meetings share one judgement; one established within the year, or
    without a committee, is still judged as itself (as the rules judge it alone)."""
    from desktop.rules.compliance import evaluate

    old = [add_branch(ws, f"老支部{n}", committee=True, groups=1, established=date(2001, 3, n + 1)) for n in range(3)]
    young = add_branch(ws, "新支部", committee=True, groups=1, established=date(2025, 5, 20))
    bare = add_branch(ws, "无支委会", committee=False, groups=0)
    for branch in (*old, young, bare):
        for month in range(1, 13):
            add_meeting(ws, branch, "theme_day", date(2025, month, 5))
    matrix = year_matrix(ws, 2025, date(2025, 12, 31))
    rows = {b.branch_id: b for b in matrix.branches}
    for row in matrix.branches:
        for meeting_type, judged in row.types.items():
            alone = evaluate(2025, matrix.as_of, matrix.rules[meeting_type], row.profile, judged.met_mask, judged.held, judged.logged)
            assert judged == alone, (row.name, meeting_type)
    assert rows[old[0]].types["theme_day"] is rows[old[2]].types["theme_day"]  # one judgement, shared
    assert rows[young].types["theme_day"].due_cells == 8  # May to December, not the whole year
    assert rows[old[0]].types["theme_day"].due_cells == 12
    assert not rows[bare].types["committee_meeting"].required


def test_one_query_for_one_meeting_rules_gives_what_the_query_per_period_gives(ws):
    """With the rules as shipped (one valid meeting meets a period) the year is one GROUP BY; any
    rule asking for more takes the query per period. Both give the same rows."""
    from dataclasses import replace

    from desktop.services.compliance import year_aggregate
    from desktop.services.meeting_rules import rules_in

    a, b = add_branch(ws, "甲党支部"), add_branch(ws, "乙党支部", established=date(2025, 4, 2))
    for day in (date(2025, 1, 9), date(2025, 2, 3), date(2025, 2, 17), date(2025, 5, 9), date(2025, 11, 9)):
        add_meeting(ws, a, "theme_day", day)
    add_meeting(ws, a, "general_meeting", date(2025, 2, 1), expected=10, attended=4)  # no quorum
    add_meeting(ws, a, "general_meeting", date(2025, 5, 1), expected=10, attended=9)
    add_meeting(ws, b, "party_lecture", date(2025, 8, 1))
    add_meeting(ws, b, "talk", date(2024, 12, 30))  # another year
    with ws.read() as session:
        rules = rules_in(session, 2025)
        assert all(r.minimum <= 1 for r in rules.values())
        one = sorted(session.execute(year_aggregate(2025, rules)).all())
        strict = dict(rules, annual_study=replace(rules["annual_study"], minimum=2))  # nobody held one
        per_period = sorted(session.execute(year_aggregate(2025, strict)).all())
    assert one == per_period
    assert (a, "theme_day", 5, 5, 0b10000010011) in one
    assert (a, "general_meeting", 1, 2, 0b10) in one  # Q2 met; Q1's meeting had no quorum

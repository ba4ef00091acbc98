"""Pure compliance rules at their boundaries (no database)."""

from datetime import date

import pytest

from desktop.rules.compliance import (
    DEFAULT_RULES,
    BranchProfile,
    CellState,
    Rule,
    applies_to,
    counts_toward,
    evaluate,
    met_mask_of,
    period_bounds,
    period_index,
    period_label,
    quorum_met,
)

MONTHLY = Rule("theme_day", "month", 1)
QUARTERLY = Rule("general_meeting", "quarter", 1)
YEARLY = Rule("annual_study", "year", 1)


def test_period_labels_and_bounds():
    assert period_label(2025, "month", 2) == "2025-03"
    assert period_label(2025, "quarter", 3) == "2025-Q4"
    assert period_label(2025, "year", 0) == "2025"
    assert period_bounds(2024, "month", 1) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds(2025, "quarter", 3) == (date(2025, 10, 1), date(2025, 12, 31))
    assert period_bounds(2025, "year", 0) == (date(2025, 1, 1), date(2025, 12, 31))
    assert period_index(date(2025, 6, 30), "quarter") == 1


@pytest.mark.parametrize("expected, attended, ok", [(10, 5, False), (10, 6, True), (9, 4, False), (9, 5, True),
                                                    (1, 1, True), (10, None, False)])
def test_quorum_is_strictly_more_than_half(expected, attended, ok):
    assert quorum_met(expected, attended) is ok
    assert counts_toward("general_meeting", expected, attended) is ok
    assert counts_toward("theme_day", expected, attended) is True  # quorum only for 党员大会


def test_committee_and_group_meetings_only_where_they_exist():
    assert applies_to("committee_meeting", BranchProfile(has_committee=True))
    assert not applies_to("committee_meeting", BranchProfile(has_committee=False))
    assert not applies_to("committee_meeting", BranchProfile(has_committee=None))
    assert applies_to("group_meeting", BranchProfile(party_groups=1))
    assert not applies_to("group_meeting", BranchProfile(party_groups=0))
    assert not applies_to("group_meeting", BranchProfile(party_groups=None))
    status = evaluate(2025, date(2025, 12, 31), DEFAULT_RULES["committee_meeting"], BranchProfile(has_committee=False))
    assert not status.required and status.gaps == [] and status.required_count == 0
    assert status.state(0) is CellState.not_required


def test_period_is_due_on_its_last_day_and_due_soon_inside():
    on_last_day = evaluate(2025, date(2025, 3, 31), MONTHLY, BranchProfile())
    assert on_last_day.gaps == ["2025-01", "2025-02", "2025-03"]
    assert on_last_day.due_soon == []
    inside = evaluate(2025, date(2025, 3, 30), MONTHLY, BranchProfile())
    assert inside.gaps == ["2025-01", "2025-02"]
    assert inside.due_soon == ["2025-03"]
    assert inside.state(2) is CellState.due_soon and inside.state(3) is CellState.upcoming


def test_current_quarter_is_never_a_gap():
    status = evaluate(2025, date(2025, 5, 10), QUARTERLY, BranchProfile())
    assert status.gaps == ["2025-Q1"] and status.due_soon == ["2025-Q2"]


def test_established_mid_year():
    profile = BranchProfile(established_on=date(2025, 5, 15))
    months = evaluate(2025, date(2025, 12, 31), MONTHLY, profile)
    assert months.gaps[0] == "2025-05"  # May ends after the establishment: required
    assert months.state(3) is CellState.not_required  # April ended before it existed
    assert months.required_count == 8
    quarters = evaluate(2025, date(2025, 12, 31), QUARTERLY, profile)
    assert quarters.gaps == ["2025-Q2", "2025-Q3", "2025-Q4"]
    # Established on a period's last day: that period is required (it ends on the establishment day).
    last_day = evaluate(2025, date(2025, 12, 31), MONTHLY, BranchProfile(established_on=date(2025, 4, 30)))
    assert last_day.gaps[0] == "2025-04"
    later = evaluate(2025, date(2025, 12, 31), YEARLY, BranchProfile(established_on=date(2026, 1, 1)))
    assert later.gaps == [] and later.required_count == 0


def test_minimum_counts_per_period():
    rule = Rule("party_lecture", "quarter", 2)
    mask = met_mask_of({0: 1, 1: 2, 2: 3}, rule.minimum)
    status = evaluate(2025, date(2025, 12, 31), rule, BranchProfile(), mask)
    assert status.gaps == ["2025-Q1", "2025-Q4"]
    assert status.met_cells == 2 and status.due_cells == 4 and status.required_count == 8
    off = evaluate(2025, date(2025, 12, 31), Rule("talk", "year", 0), BranchProfile())
    assert not off.required and off.gaps == []


def test_as_of_outside_the_year():
    before = evaluate(2025, date(2024, 12, 31), MONTHLY, BranchProfile())
    assert before.due_cells == 0 and before.due_soon == []
    after = evaluate(2025, date(2026, 2, 1), YEARLY, BranchProfile())
    assert after.gaps == ["2025"]

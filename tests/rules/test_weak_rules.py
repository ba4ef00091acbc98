"""软弱涣散 screening rules at their boundaries, and the ledger's states, refusals and figures."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from desktop.rules import weak_cases
from desktop.rules.eligibility import StrongestFacts, strongest_bars
from desktop.rules.weak import (
    COMPUTED,
    GROUND_BY_LABEL,
    GROUND_LABELS,
    ScreeningFacts,
    Thresholds,
    add_months,
    longest_empty_run,
    screen,
    threshold_problems,
    window,
)
from desktop.rules.weak_cases import CaseFacts, case_problems, open_on, overdue, state

AS_OF = date(2025, 6, 10)


def codes(facts: ScreeningFacts, as_of: date = AS_OF, thresholds: Thresholds | None = None) -> list[str]:
    return [g.code for g in screen(facts, 2025, as_of, thresholds or Thresholds())]


def months(*texts: str) -> frozenset[str]:
    return frozenset(texts)


def all_months_but(empty: list[str], as_of: date = AS_OF) -> frozenset[str]:
    return frozenset(f"{y}-{m + 1:02d}" for y, m in window(as_of)) - set(empty)


def test_the_fixed_list_of_grounds_and_the_computed_ones():
    assert len(GROUND_LABELS) == 14 and set(COMPUTED) <= set(GROUND_LABELS)
    assert GROUND_BY_LABEL["群众满意率低于60%"] == "low_satisfaction"
    assert GROUND_BY_LABEL["班子不齐或书记长期缺职"] == "secretary_vacant"
    assert GROUND_BY_LABEL["任期届满未换届"] == "term_overdue"


def test_satisfaction_59_99_fires_and_60_does_not():
    held = all_months_but([])
    assert codes(ScreeningFacts(held_months=held, satisfied=5999, public_basic=0, dissatisfied=4001)) == ["low_satisfaction"]
    assert codes(ScreeningFacts(held_months=held, satisfied=5000, public_basic=1000, dissatisfied=4000)) == []
    ground = screen(ScreeningFacts(held_months=held, satisfied=5999, dissatisfied=4001), 2025, AS_OF)[0]
    assert "59.99%" in ground.message and "有效票 10000" in ground.evidence


def test_satisfaction_without_ballots_or_with_a_year_threshold():
    held = all_months_but([])
    assert codes(ScreeningFacts(held_months=held)) == []  # nothing entered
    assert codes(ScreeningFacts(held_months=held, satisfied=0, public_basic=0, dissatisfied=0)) == []  # no valid ballot
    stricter = Thresholds(satisfaction_percent=Fraction(70))
    assert codes(ScreeningFacts(held_months=held, satisfied=69, dissatisfied=31), thresholds=stricter) == ["low_satisfaction"]
    assert codes(ScreeningFacts(held_months=held, satisfied=7, dissatisfied=3), thresholds=stricter) == []


def test_window_is_the_twelve_months_ending_with_the_as_of_month():
    assert window(AS_OF)[0] == (2024, 6) and window(AS_OF)[-1] == (2025, 5)  # 2024-07 .. 2025-06
    assert len(window(AS_OF)) == 12


def test_exactly_six_empty_months_fire_five_do_not():
    six = ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]
    assert codes(ScreeningFacts(held_months=all_months_but(six))) == ["no_organizational_life"]
    assert codes(ScreeningFacts(held_months=all_months_but(six[:5]))) == []
    # two runs of five with one meeting between them: not six consecutive
    assert codes(ScreeningFacts(held_months=all_months_but([*six[:5], "2025-05", "2025-04"]))) == []


def test_the_as_of_month_counts_whole():
    # As of 10 June, June is one of the twelve months: empty January..June fires.
    empty = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    assert codes(ScreeningFacts(held_months=all_months_but(empty))) == ["no_organizational_life"]
    # A meeting later in June (after the as-of day) still counts for June.
    assert codes(ScreeningFacts(held_months=all_months_but(empty[:-1]))) == []


def test_months_before_establishment_do_not_count():
    # Established 15 January 2025: July–December 2024 do not count, January counts (it ends after).
    held = months("2025-06")
    facts = ScreeningFacts(established_on=date(2025, 1, 15), held_months=held)
    run = longest_empty_run(set(held), AS_OF, date(2025, 1, 15))
    assert run == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    assert codes(facts) == []
    assert codes(ScreeningFacts(established_on=date(2024, 12, 31), held_months=held)) == ["no_organizational_life"]
    assert codes(ScreeningFacts(established_on=date(2025, 7, 1))) == []  # not yet established


def test_three_months_of_vacancy_do_not_fire_and_a_day_more_does():
    held = all_months_but([])
    facts = ScreeningFacts(held_months=held, secretary_vacant_since=date(2025, 3, 10))
    assert codes(facts, date(2025, 6, 10)) == []
    assert codes(facts, date(2025, 6, 11)) == ["secretary_vacant"]
    assert codes(ScreeningFacts(held_months=held, secretary_vacant_since=date(2025, 6, 12))) == []  # not yet vacant
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


def test_vacancy_months_follow_the_year_threshold():
    facts = ScreeningFacts(held_months=all_months_but([]), secretary_vacant_since=date(2025, 4, 10))
    assert codes(facts, thresholds=Thresholds(vacancy_months=2)) == []  # exactly two months
    assert codes(facts, date(2025, 6, 11), thresholds=Thresholds(vacancy_months=2)) == ["secretary_vacant"]


def test_a_term_ending_on_the_as_of_date_is_not_overdue():
    held = all_months_but([])
    on_the_day = ScreeningFacts(held_months=held, elected_on=date(2022, 6, 10), term_years=3)
    assert codes(on_the_day) == []
    assert codes(on_the_day, date(2025, 6, 11)) == ["term_overdue"]
    assert codes(ScreeningFacts(held_months=held, elected_on=date(2022, 6, 10))) == []  # no term length


def test_review_poor_and_assessment_failed_with_evidence():
    facts = ScreeningFacts(held_months=all_months_but([]), review_grade="poor", assessment_failed_on=date(2025, 6, 1))
    found = screen(facts, 2025, AS_OF)
    assert [g.code for g in found] == ["review_poor", "assessment_failed"]
    assert "2025-06-01" in found[1].evidence
    assert codes(ScreeningFacts(held_months=all_months_but([]), review_grade="fair")) == []


def test_grounds_come_in_the_listed_order():
    facts = ScreeningFacts(satisfied=1, dissatisfied=9, secretary_vacant_since=date(2024, 1, 1), elected_on=date(2020, 1, 1),
                           term_years=3, review_grade="poor", assessment_failed_on=date(2025, 5, 1))
    assert codes(facts) == list(COMPUTED)


def test_threshold_problems():
    assert threshold_problems(Thresholds()) == {}
    assert set(threshold_problems(Thresholds(Fraction(0), 0, 25))) == {"satisfaction_percent", "empty_months", "vacancy_months"}
    assert "两位小数" in threshold_problems(Thresholds(Fraction(1, 3)))["satisfaction_percent"]
    assert threshold_problems(Thresholds(Fraction("59.99"))) == {}


# ---------------------------------------------------------------- the ledger


def test_states_follow_what_is_recorded():
    assert state(CaseFacts(2025)) == "open"
    assert state(CaseFacts(2025, progress_dates=(date(2025, 3, 1),))) == "rectifying"
    assert state(CaseFacts(2025, accepted_on=date(2025, 9, 1), acceptance="pass")) == "accepted"
    failed = CaseFacts(2025, accepted_on=date(2025, 9, 1), acceptance="fail", progress_dates=(date(2025, 8, 1),))
    assert state(failed) == "failed"
    again = CaseFacts(2025, accepted_on=date(2025, 9, 1), acceptance="fail", progress_dates=(date(2025, 10, 1),))
    assert state(again) == "rectifying"
    assert state(CaseFacts(2025, accepted_on=date(2025, 9, 1), acceptance="pass", closed_on=date(2025, 9, 5))) == "closed"


def test_overdue_is_past_the_deadline_without_a_passed_acceptance():
    today = date(2025, 10, 1)
    assert not overdue(CaseFacts(2025, deadline=date(2025, 10, 1)), today)  # the deadline day itself
    assert overdue(CaseFacts(2025, deadline=date(2025, 9, 30)), today)
    assert overdue(CaseFacts(2025, deadline=date(2025, 9, 30), accepted_on=date(2025, 9, 1), acceptance="fail"), today)
    assert not overdue(CaseFacts(2025, deadline=date(2025, 9, 30), accepted_on=date(2025, 9, 20), acceptance="pass"), today)
    assert not overdue(CaseFacts(2025), today)


@pytest.mark.parametrize(("values", "key", "part"), [
    ({"grounds": []}, "grounds", "至少"),
    ({"grounds": ["nope"]}, "grounds", "未知"),
    ({"deadline": date(2024, 12, 31)}, "deadline", "早于认定年度"),
    ({"accepted_on": date(2025, 5, 1)}, "acceptance", "同时"),
    ({"acceptance": "pass"}, "accepted_on", "同时"),
    ({"closed_on": date(2025, 5, 1)}, "closed_on", "验收通过后"),
    ({"closed_on": date(2025, 5, 1), "accepted_on": date(2025, 5, 1), "acceptance": "fail"}, "closed_on", "验收通过后"),
    ({"closed_on": date(2025, 4, 1), "accepted_on": date(2025, 5, 1), "acceptance": "pass"}, "closed_on", "早于验收日期"),
    ({"accepted_on": date(2026, 5, 1), "acceptance": "pass"}, "accepted_on", "晚于今天"),
    ({"accepted_on": date(2024, 5, 1), "acceptance": "pass"}, "accepted_on", "早于认定年度"),
])
def test_case_refusals(values, key, part):
    entered = {"grounds": ["review_poor"], "deadline": None, "accepted_on": None, "acceptance": None, "closed_on": None}
    entered.update(values)
    problems = case_problems(2025, today=date(2025, 12, 1), **entered)
    assert key in problems and part in problems[key], problems


def test_a_complete_case_is_accepted():
    assert case_problems(2025, ["review_poor", "team_disunited"], date(2025, 10, 31), date(2025, 10, 20), "pass",
                         date(2025, 10, 25), date(2025, 12, 1)) == {}
    assert "year" in case_problems(1999, ["review_poor"], None, None, None, None, date(2025, 12, 1))


def test_open_on_and_the_year_end_figures():
    cases = [
        (1, CaseFacts(2023, deadline=date(2023, 6, 30), accepted_on=date(2023, 6, 1), acceptance="pass", closed_on=date(2023, 6, 10))),
        (2, CaseFacts(2023, deadline=date(2023, 10, 31))),  # never closed, overdue
        (3, CaseFacts(2024, accepted_on=date(2025, 2, 1), acceptance="pass", closed_on=date(2025, 2, 5))),
    ]
    assert open_on(cases[2][1], date(2024, 12, 31)) and not open_on(cases[2][1], date(2025, 2, 5))
    found = weak_cases.figures(cases, 2023, 2025, date(2025, 6, 1))
    assert [(f.year, f.opened, f.closed, f.open_at_end, f.overdue_at_end) for f in found] == [
        (2023, 2, 1, 1, 1), (2024, 1, 0, 2, 1), (2025, 0, 1, 1, 1)]
    assert found[1].open_ids == (2, 3)


def test_an_open_case_bars_strongest():
    facts = StrongestFacts(True, "excellent", 10, 10, False, False, True, weak_case_open=True)
    assert strongest_bars(facts) == ("weak_case_open",)
    assert strongest_bars(StrongestFacts(True, "excellent", 10, 10, False, False, True)) == ()

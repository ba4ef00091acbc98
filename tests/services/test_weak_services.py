"""软弱涣散 screening from the ledgers, the rectification ledger's use cases, the 最强 refusal, the
动态清零 figures and `check`."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest

from desktop.errors import BranchdeskError, StaleError, ValidationError
from desktop.rules.weak import Thresholds
from desktop.services import meetings, plan, results, tallies, weak_cases, weak_rules, weak_screening, workflow
from desktop.services.check import check
from desktop.services.weak_cases import CaseForm
from desktop.store.workspace import Workspace
from tests.services.helpers import add_branch

NOW = datetime(2025, 12, 1, 2, 0)  # UTC: 1 December 2025 in China


@pytest.fixture
def ws(db) -> Workspace:
    return Workspace(db.engine, db.workspace.files_root, "党建办", clock=lambda: NOW)


def meeting(ws, branch_id, day, kind="theme_day"):
    meetings.save_meeting(ws, {"branch_id": branch_id, "meeting_type": kind, "held_on": day, "topic": f"主题党日 {day}"})


def monthly(ws, branch_id, months, year=2025):
    for month in months:
        meeting(ws, branch_id, date(year, month, 15))


def grounds_of(screening, name):
    return {c.name: [g.code for g in c.grounds] for c in screening.candidates}.get(name, [])


def test_screening_finds_every_computed_ground_with_its_evidence(ws):
    quiet = add_branch(ws, "甲社区党支部", secretary_vacant_since=date(2025, 5, 1), elected_on=date(2020, 3, 1), term_years=3)
    busy = add_branch(ws, "乙社区党支部")
    monthly(ws, busy, range(1, 13))
    monthly(ws, quiet, [1, 2])
    tallies.save_tally(ws, quiet, 2025, tallies.TallyForm(tallies.Tally(satisfied=10, public_basic=1, dissatisfied=9),
                                                          review_grade="poor"))
    for state, outcome, day in (("self_assessed", None, 3), ("applied", None, 4), ("assessed", "fail", 6)):
        workflow.record_step(ws, quiet, 2025, state, date(2025, day, 1), "党建办", outcome=outcome)
    found = weak_screening.screen(ws, 2025, date(2025, 11, 30))
    assert [c.name for c in found.candidates] == ["甲社区党支部"]
    assert grounds_of(found, "甲社区党支部") == ["low_satisfaction", "no_organizational_life", "secretary_vacant",
                                               "term_overdue", "review_poor", "assessment_failed"]
    life = found.candidates[0].grounds[1]
    assert "连续 9 个月" in life.message and "2025-03 至 2025-11" in life.message
    json = found.as_json()
    assert json["year"] == 2025 and json["as_of"] == "2025-11-30"
    assert set(json["candidates"][0]["grounds"][0]) == {"code", "message", "evidence"}


def test_the_as_of_month_counts_whole_and_deleted_meetings_do_not(ws):
    branch = add_branch(ws, "甲社区党支部")
    monthly(ws, branch, range(1, 6))
    meeting(ws, branch, date(2025, 11, 28))  # after the as-of day, in its month
    assert grounds_of(weak_screening.screen(ws, 2025, date(2025, 11, 10)), "甲社区党支部") == []
    # 2024-12 .. 2025-11: empty are Dec, Jun..Oct: five in a row at most
    monthly(ws, branch, [12], 2024)
    assert grounds_of(weak_screening.screen(ws, 2025, date(2025, 11, 10)), "甲社区党支部") == []
    (november,) = meetings.list_meetings(ws, branch, start=date(2025, 11, 1))
    meetings.delete_meeting(ws, november.id)
    assert grounds_of(weak_screening.screen(ws, 2025, date(2025, 11, 10)), "甲社区党支部") == ["no_organizational_life"]


def test_thresholds_are_kept_per_year(ws):
    branch = add_branch(ws, "甲社区党支部")
    monthly(ws, branch, range(1, 13))
    tallies.save_tally(ws, branch, 2025, tallies.TallyForm(tallies.Tally(satisfied=65, public_basic=0, dissatisfied=35)))
    assert grounds_of(weak_screening.screen(ws, 2025, date(2025, 12, 31)), "甲社区党支部") == []
    weak_rules.save_thresholds(ws, 2025, Thresholds(Fraction(70), 6, 3))
    assert grounds_of(weak_screening.screen(ws, 2025, date(2025, 12, 31)), "甲社区党支部") == ["low_satisfaction"]
    assert weak_rules.thresholds_for_year(ws, 2024).satisfaction_percent == 60
    weak_rules.save_thresholds(ws, 2023, Thresholds(Fraction(50), 6, 3))  # does not reach 2025, nor 2024's inheritance
    assert weak_rules.thresholds_for_year(ws, 2025).satisfaction_percent == 70
    assert weak_rules.thresholds_for_year(ws, 2024).satisfaction_percent == 60  # frozen as it inherited
    assert weak_rules.thresholds_for_year(ws, 2023).satisfaction_percent == 50
    assert weak_rules.own_years(ws) == [2023, 2024, 2025]
    with pytest.raises(ValidationError):
        weak_rules.save_thresholds(ws, 2025, Thresholds(Fraction(0), 6, 3))


def test_a_case_goes_from_identified_to_closed(ws):
    branch = add_branch(ws, "甲社区党支部")
    prefilled = weak_screening.computed_grounds(ws, branch, 2025, date(2025, 11, 30))
    assert prefilled == ["no_organizational_life"]
    case_id = weak_cases.open_case(ws, branch, 2025, CaseForm(grounds=(*prefilled, "team_disunited"), deadline=date(2025, 11, 30),
                                                             contact_leader="王书记", problems="三会一课不正常"))
    view = weak_cases.get_case(ws, case_id)
    assert view.state == "open" and view.form.identified_on == date(2025, 12, 1)
    assert view.form.grounds == ("team_disunited", "no_organizational_life")  # the fixed list's order
    assert view.overdue  # deadline 30 November, today 1 December
    weak_cases.add_progress(ws, case_id, date(2025, 11, 5), "召开专题组织生活会，调整支委分工")
    assert weak_cases.get_case(ws, case_id).state == "rectifying"
    weak_cases.accept(ws, case_id, date(2025, 11, 20), passed=False)
    assert weak_cases.get_case(ws, case_id).state == "failed"
    with pytest.raises(ValidationError, match="验收通过后"):
        weak_cases.close(ws, case_id, date(2025, 11, 25))
    weak_cases.add_progress(ws, case_id, date(2025, 11, 25), "补齐党员大会记录")
    assert weak_cases.get_case(ws, case_id).state == "rectifying"
    weak_cases.accept(ws, case_id, date(2025, 11, 28), passed=True)
    view = weak_cases.get_case(ws, case_id)
    assert view.state == "accepted" and not view.overdue
    weak_cases.close(ws, case_id, date(2025, 11, 30))
    view = weak_cases.get_case(ws, case_id)
    assert view.state == "closed" and [p.text for p in view.progress] == ["召开专题组织生活会，调整支委分工", "补齐党员大会记录"]
    with pytest.raises(ValidationError, match="已销号"):
        weak_cases.add_progress(ws, case_id, date(2025, 12, 1), "再添一条")


def test_one_case_per_branch_and_year_and_refusals(ws):
    branch = add_branch(ws, "甲社区党支部")
    case_id = weak_cases.open_case(ws, branch, 2025, CaseForm(grounds=("secretary_unfit",)))
    with pytest.raises(BranchdeskError, match="已有 2025 年的整顿台账"):
        weak_cases.open_case(ws, branch, 2025, CaseForm(grounds=("team_disunited",)))
    with pytest.raises(ValidationError, match="至少选择"):
        weak_cases.open_case(ws, branch, 2024, CaseForm())
    with pytest.raises(ValidationError, match="早于认定年度"):
        weak_cases.open_case(ws, branch, 2024, CaseForm(grounds=("team_disunited",), deadline=date(2023, 12, 31)))
    with pytest.raises(ValidationError, match="晚于今天"):
        weak_cases.add_progress(ws, case_id, date(2025, 12, 2), "明天的进展")
    version = weak_cases.get_case(ws, case_id).version
    weak_cases.save_case(ws, case_id, CaseForm(grounds=("secretary_unfit", "member_disorder")), version)
    with pytest.raises(StaleError):
        weak_cases.save_case(ws, case_id, CaseForm(grounds=("secretary_unfit",)), version)
    weak_cases.delete_case(ws, case_id)
    assert weak_cases.list_cases(ws) == []
    assert weak_cases.open_case(ws, branch, 2025, CaseForm(grounds=("team_disunited",)))  # the tombstone frees the year


def test_an_open_case_bars_strongest_and_recommendation(ws):
    branch = add_branch(ws, "甲社区党支部")
    tallies.save_tally(ws, branch, 2025, tallies.TallyForm(
        tallies.Tally(10, 10, 0, 0, 0, 30, 0, 0), org_score_override=98, review_grade="excellent"))
    (result,) = results.year_results(ws, 2025)
    assert result.strongest_eligible
    case_id = weak_cases.open_case(ws, branch, 2025, CaseForm(grounds=("democracy_disorder",)))
    (result,) = results.year_results(ws, 2025)
    assert not result.strongest_eligible and result.strongest_bars == ("weak_case_open",)
    for state, outcome, month in (("self_assessed", None, 3), ("applied", None, 4), ("assessed", "pass", 6),
                                  ("accepted", "pass", 9)):
        workflow.record_step(ws, branch, 2025, state, date(2025, month, 1), "党建办", outcome=outcome)
    with pytest.raises(BranchdeskError, match="软弱涣散整顿尚未销号"):
        workflow.record_step(ws, branch, 2025, "recommended", date(2025, 10, 1), "党建办")
    weak_cases.accept(ws, case_id, date(2025, 11, 1), passed=True)
    weak_cases.close(ws, case_id, date(2025, 11, 2))
    (result,) = results.year_results(ws, 2025)
    assert result.strongest_eligible
    # A case of an earlier year still open bars this year too; closed in 2026 it still barred 2025.
    weak_cases.open_case(ws, branch, 2024, CaseForm(grounds=("democracy_disorder",)))
    assert results.year_results(ws, 2025)[0].strongest_bars == ("weak_case_open",)


def test_clearing_figures_per_year_and_now(ws):
    a, b, c = (add_branch(ws, name) for name in ("甲党支部", "乙党支部", "丙党支部"))
    first = weak_cases.open_case(ws, a, 2023, CaseForm(grounds=("team_disunited",), deadline=date(2023, 6, 30)))
    weak_cases.accept(ws, first, date(2023, 6, 1), True)
    weak_cases.close(ws, first, date(2023, 6, 5))
    weak_cases.open_case(ws, b, 2024, CaseForm(grounds=("team_disunited",), deadline=date(2024, 10, 31)))
    weak_cases.open_case(ws, c, 2025, CaseForm(grounds=("team_disunited",)))
    figures = weak_cases.clearing(ws, 2023, 2025)
    assert [(f.year, f.opened, f.closed, f.open_at_end, f.overdue_at_end) for f in figures.years] == [
        (2023, 1, 1, 0, 0), (2024, 1, 0, 1, 1), (2025, 1, 0, 2, 1)]
    assert (figures.open_now, figures.overdue_now) == (2, 1)
    assert set(figures.as_json()) == {"open_now", "overdue_now", "years"}
    listed = weak_cases.list_cases(ws, open_only=True)
    assert [(v.name, v.year, v.overdue) for v in listed] == [("乙党支部", 2024, True), ("丙党支部", 2025, False)]
    assert [v.name for v in weak_cases.list_cases(ws, year=2023)] == ["甲党支部"]


def test_check_lists_the_data_grounds_and_an_expired_term_once(ws):
    branch = add_branch(ws, "甲社区党支部", elected_on=date(2019, 1, 1), term_years=5,
                        secretary_vacant_since=date(2025, 1, 1))
    monthly(ws, branch, range(1, 13))
    found = check(ws, 2025, date(2025, 12, 31))
    (entry,) = found["branches"]
    codes = [f["code"] for f in entry["findings"]]
    weak = next(f for f in entry["findings"] if f["code"] == "secretary_vacant")
    assert weak["evidence"] and weak["message"]
    # One fact, one line: the registry's 任期届满 says it is also the 软弱涣散 ground, which is not repeated.
    assert "term_expired" in codes and "term_overdue" not in codes
    (expired,) = [f for f in entry["findings"] if "届满" in f["message"]]
    assert expired["message"] == "本届任期已于 2024-01-01 届满，应及时换届（亦为软弱涣散认定情形“任期届满未换届”）。"
    screened = weak_screening.screen(ws, 2025, date(2025, 12, 31))
    assert "term_overdue" in grounds_of(screened, "甲社区党支部")  # still a ground where grounds are listed
    (row,) = plan.year_plan(ws, 2025).rows
    assert row.suggestion.text.count("2024-01-01") == 1, row.suggestion.text

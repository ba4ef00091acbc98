"""§四(四) dynamic management at its boundaries: a re-election ends the rating made under the old
term and prompts a new round; the rating's own year keeps what it earned."""

from __future__ import annotations

from datetime import date

from desktop.rules.plan import suggest
from desktop.rules.rewards import tiers
from desktop.rules.rounds import NEW_ROUND, NO_RATING, round_of, year_note, year_rating
from desktop.rules.setup import BranchFacts, setup_findings
from tests.rules.test_rewards_rules import ACCEPTED, CITY, DISTRICT, LOST, REVOKED_STRONGEST, Y

RATED_ON = date(Y, 7, 1)  # DISTRICT's rated_district step
AS_OF = date(Y + 1, 12, 31)


def district():
    rating = year_rating(Y, DISTRICT)
    assert rating is not None
    return rating


def test_a_year_is_rated_by_the_step_that_conferred_its_standing():
    assert year_rating(Y, ACCEPTED) == year_rating(Y, REVOKED_STRONGEST)  # the 最强 revoked: 区委验收's date
    assert year_rating(Y, ACCEPTED).rated_on == date(Y, 5, 1) and year_rating(Y, ACCEPTED).level is None
    assert (district().level, district().rated_on) == ("district", RATED_ON)
    assert year_rating(Y, CITY).rated_on == date(Y, 9, 1)
    assert year_rating(Y, LOST) is None and year_rating(Y, ACCEPTED[:3]) is None


def test_a_rating_the_day_before_the_re_election_ends_with_the_old_term():
    found = round_of(district(), date(Y, 7, 2), AS_OF)
    assert found.ended and found.due
    assert found.text == "2025 年区级最强党支部（2025-07-01 评定），随上届任期结束（2025-07-02 换届）"
    assert found.prompt == "已于 2025-07-02 换届，2025 年评定的区级最强党支部随上届任期结束，应开展新一轮建设"
    assert found.finding().code == NEW_ROUND and found.finding().label == "新一轮建设"


def test_a_rating_on_the_day_of_the_re_election_belongs_to_the_new_term():
    found = round_of(district(), RATED_ON, AS_OF)
    assert not found.ended and not found.due and found.finding() is None
    assert found.text == "2025 年区级最强党支部（2025-07-01 评定）"


def test_no_re_election_recorded_keeps_the_rating():
    found = round_of(district(), None, AS_OF)
    assert not found.ended and found.finding() is None
    assert round_of(None, date(Y, 9, 1), AS_OF) is NO_RATING and NO_RATING.text == "未被评定"


def test_a_re_election_after_the_as_of_day_has_not_happened_yet():
    assert not round_of(district(), date(Y + 1, 3, 1), date(Y + 1, 2, 28)).ended
    assert round_of(district(), date(Y + 1, 3, 1), date(Y + 1, 3, 1)).due


def test_a_step_on_or_after_the_re_election_starts_the_new_round():
    elected = date(Y + 1, 3, 1)
    assert round_of(district(), elected, AS_OF, date(Y + 1, 2, 28)).due
    started = round_of(district(), elected, AS_OF, elected)
    assert started.ended and not started.due and started.finding() is None
    assert "随上届任期结束" in started.text  # the old rating is still shown as ended


def test_a_term_expired_without_re_election_is_the_overdue_finding_not_a_new_round():
    elected = date(Y - 3, 4, 1)  # a three-year term, expired 2025-04-01; the rating came after
    facts = BranchFacts("community", 20, has_committee=True, elected_on=elected, term_years=3,
                        trained_years=frozenset({Y + 1}))
    codes = [f.code for f in setup_findings(facts, Y + 1, AS_OF)]
    assert "term_expired" in codes
    assert round_of(district(), elected, AS_OF).finding() is None


def test_the_years_honours_keep_the_rating_and_name_the_re_election():
    assert year_note(district(), date(Y, 7, 2), date(Y, 12, 31)) == "；该评定已随上届任期结束（2025-07-02 换届），应开展新一轮建设"
    assert year_note(district(), RATED_ON, date(Y, 12, 31)) == ""
    assert year_note(district(), None, date(Y, 12, 31)) == "" and year_note(None, date(Y, 7, 2), date(Y, 12, 31)) == ""


def test_the_plan_suggestion_puts_the_new_round_first_and_plans_the_branch():
    prompt = round_of(district(), date(Y + 1, 3, 1), AS_OF).prompt
    s = suggest(tiers(DISTRICT), None, (), prompt)
    assert s.reasons[0] == prompt and s.planned and s.classification == "advanced"
    assert suggest(tiers(DISTRICT), None, ()).reasons[0] == "上年度被评定为区级最强党支部"

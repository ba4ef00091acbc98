"""Setup findings (规范基本设置) at their boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.rules.setup import BranchFacts, add_years, setup_findings, term_end

YEAR = 2025
AS_OF = date(2025, 6, 30)


def facts(**overrides) -> BranchFacts:
    """A branch with nothing to flag; each test changes one thing."""
    values = dict(
        branch_kind="government", full_members=5, probationary_members=0, has_committee=False,
        elected_on=date(2024, 1, 10), term_years=3, trained_years=frozenset({YEAR}),
    )
    values.update(overrides)
    return BranchFacts(**values)


def codes(branch: BranchFacts, year: int = YEAR, as_of: date = AS_OF) -> list[str]:
    return [f.code for f in setup_findings(branch, year, as_of)]


def test_the_baseline_branch_has_no_findings():
    assert codes(facts()) == []


@pytest.mark.parametrize("full, flagged", [(0, True), (2, True), (3, False), (4, False)])
def test_too_few_members_below_three_full_members(full, flagged):
    assert ("too_few_members" in codes(facts(full_members=full))) is flagged


def test_probationary_members_do_not_count_towards_three():
    assert "too_few_members" in codes(facts(full_members=2, probationary_members=5))


@pytest.mark.parametrize("full, probationary, flagged", [(50, 0, False), (51, 0, True), (45, 5, False), (45, 6, True)])
def test_oversized_above_fifty_members_in_total(full, probationary, flagged):
    branch = facts(full_members=full, probationary_members=probationary, has_committee=True)
    assert ("oversized" in codes(branch)) is flagged


@pytest.mark.parametrize(
    "full, has_committee, flagged",
    [(6, False, False), (6, None, False), (7, False, True), (7, None, True), (7, True, False), (6, True, False)],
)
def test_committee_missing_from_seven_full_members(full, has_committee, flagged):
    assert ("committee_missing" in codes(facts(full_members=full, has_committee=has_committee))) is flagged


def test_committee_rule_counts_full_members_only():
    assert "committee_missing" not in codes(facts(full_members=6, probationary_members=3))


def test_term_end_is_election_plus_term_years():
    assert term_end(date(2022, 3, 15), 3) == date(2025, 3, 15)
    assert term_end(date(2021, 3, 15), 5) == date(2026, 3, 15)
    assert term_end(None, 3) is None
    assert term_end(date(2022, 3, 15), None) is None


def test_term_end_from_29_february_falls_on_28_february():
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert term_end(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert term_end(date(2020, 2, 29), 4) == date(2024, 2, 29)  # leap year to leap year


def test_29_february_election_expires_after_28_february():
    branch = facts(elected_on=date(2024, 2, 29), term_years=3)
    assert "term_expired" not in codes(branch, 2027, date(2027, 2, 28))
    assert "term_expired" in codes(branch, 2027, date(2027, 3, 1))


def test_term_ending_on_the_as_of_day_is_not_expired_but_expiring():
    branch = facts(elected_on=date(2022, 6, 30), term_years=3)  # ends 2025-06-30
    found = codes(branch)
    assert "term_expired" not in found
    assert "term_expiring" in found


def test_term_ended_the_day_before_is_expired():
    branch = facts(elected_on=date(2022, 6, 29), term_years=3)  # ended 2025-06-29
    found = codes(branch)
    assert "term_expired" in found
    assert "term_expiring" not in found


@pytest.mark.parametrize("days_left, flagged", [(89, True), (90, True), (91, False)])
def test_term_expiring_within_ninety_days(days_left, flagged):
    end = date.fromordinal(AS_OF.toordinal() + days_left)
    branch = facts(elected_on=end.replace(year=end.year - 3), term_years=3)
    assert term_end(branch.elected_on, 3) == end
    found = codes(branch)
    assert ("term_expiring" in found) is flagged
    assert "term_expired" not in found


def test_term_expiring_message_counts_the_days():
    branch = facts(elected_on=date(2022, 9, 28), term_years=3)  # ends 2025-09-28, 90 days later
    (finding,) = [f for f in setup_findings(branch, YEAR, AS_OF) if f.code == "term_expiring"]
    assert "2025-09-28" in finding.message and "90 天" in finding.message


def test_no_election_date_gives_no_term_finding():
    found = codes(facts(elected_on=None))
    assert "term_expired" not in found and "term_expiring" not in found


def test_secretary_untrained_is_judged_per_year():
    branch = facts(trained_years=frozenset({2024}))
    assert "secretary_untrained" in codes(branch, 2025)
    assert "secretary_untrained" not in codes(branch, 2024, date(2024, 6, 30))
    assert "secretary_untrained" in codes(facts(trained_years=frozenset()), 2025)


@pytest.mark.parametrize("kind", ["village", "community"])
def test_village_and_community_need_one_shoulder_and_a_college_cadre(kind):
    good = facts(branch_kind=kind, term_years=5, secretary_is_director=True, has_college_cadre=True)
    assert codes(good) == []
    refused = setup_findings(facts(branch_kind=kind, term_years=5, secretary_is_director=False, has_college_cadre=False), YEAR, AS_OF)
    unknown = setup_findings(facts(branch_kind=kind, term_years=5), YEAR, AS_OF)
    by_code = {f.code: f.message for f in refused}
    unknown_by_code = {f.code: f.message for f in unknown}
    assert set(by_code) == set(unknown_by_code) == {"not_one_shoulder", "no_college_cadre"}
    # False (recorded as not) and None (never recorded) say different things to the clerk.
    assert by_code["not_one_shoulder"].startswith("书记未兼任")
    assert unknown_by_code["not_one_shoulder"].startswith("未登记")
    assert by_code["no_college_cadre"].startswith("班子中没有")
    assert unknown_by_code["no_college_cadre"].startswith("未登记")


@pytest.mark.parametrize(
    "kind", ["government", "institution", "state_enterprise", "private_enterprise", "social_org", "grid"]
)
def test_other_kinds_are_not_judged_on_one_shoulder_or_cadre(kind):
    branch = facts(branch_kind=kind, secretary_is_director=False, has_college_cadre=False)
    assert codes(branch) == []


def test_every_finding_has_a_label_and_a_chinese_message():
    worst = facts(
        branch_kind="village", full_members=60, probationary_members=0, has_committee=False,
        elected_on=date(2010, 1, 1), term_years=5, trained_years=frozenset(),
    )
    found = setup_findings(worst, YEAR, AS_OF)
    assert {f.code for f in found} == {
        "oversized", "committee_missing", "term_expired", "secretary_untrained", "not_one_shoulder", "no_college_cadre",
    }
    for finding in found:
        assert finding.label and finding.message.endswith("。")

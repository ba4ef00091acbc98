"""Organizational-life compliance (落实基本制度), over plain data: no database, no Qt.

A year is cut into periods per meeting type (12 months, 4 quarters or the whole year). A period is
*due* once it has ended on or before the as-of date, and is required only if it ends on or after
the branch's establishment. The period containing the as-of date is *due soon*: never a gap yet.
Sets of periods are kept as bit masks (bit i = period i) so that 2,000 branches × 9 meeting types
are evaluated with a handful of integer operations each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from desktop.glossary import MeetingType, Period

PERIODS_PER_YEAR = {Period.month: 12, Period.quarter: 4, Period.year: 1}
MONTHS_PER_PERIOD = {Period.month: 1, Period.quarter: 3, Period.year: 12}


@dataclass(frozen=True)
class Rule:
    """At least `minimum` meetings of `meeting_type` per `period`. A minimum of 0 means not required."""

    meeting_type: str
    period: str
    minimum: int


DEFAULT_RULES: dict[str, Rule] = {
    rule.meeting_type: rule
    for rule in (
        Rule(MeetingType.general_meeting, Period.quarter, 1),
        Rule(MeetingType.committee_meeting, Period.month, 1),
        Rule(MeetingType.group_meeting, Period.month, 1),
        Rule(MeetingType.party_lecture, Period.quarter, 1),
        Rule(MeetingType.theme_day, Period.month, 1),
        Rule(MeetingType.life_meeting, Period.year, 1),
        Rule(MeetingType.member_review, Period.year, 1),
        Rule(MeetingType.talk, Period.year, 1),
        Rule(MeetingType.annual_study, Period.year, 1),
    )
}


class CellState(StrEnum):
    not_required = "not_required"  # the branch has no committee/groups, or did not exist yet
    met = "met"
    gap = "gap"  # due and not enough valid meetings
    due_soon = "due_soon"  # the current period, not yet enough meetings: not a gap yet
    upcoming = "upcoming"  # a future period


@dataclass(frozen=True)
class BranchProfile:
    """What decides which meetings a branch owes."""

    established_on: date | None = None
    has_committee: bool | None = None
    party_groups: int | None = None


def quorum_met(expected: int | None, attended: int | None) -> bool:
    """A 党员大会 is valid only if strictly more than half of those expected attended."""
    if expected is None or attended is None:
        return False
    return attended * 2 > expected


def counts_toward(meeting_type: str, expected: int | None, attended: int | None) -> bool:
    return meeting_type != MeetingType.general_meeting or quorum_met(expected, attended)


def applies_to(meeting_type: str, profile: BranchProfile) -> bool:
    """Committee meetings only where a 支委会 exists; group meetings only where party groups exist."""
    if meeting_type == MeetingType.committee_meeting:
        return bool(profile.has_committee)
    if meeting_type == MeetingType.group_meeting:
        return (profile.party_groups or 0) > 0
    return True


def period_index(day: date, period: str) -> int:
    return (day.month - 1) // MONTHS_PER_PERIOD[Period(period)]


@lru_cache(maxsize=64)
def period_bounds(year: int, period: str, index: int) -> tuple[date, date]:
    """First and last day of period `index` (0-based) of `year`."""
    months = MONTHS_PER_PERIOD[Period(period)]
    first_month = index * months + 1
    start = date(year, first_month, 1)
    after = date(year + 1, 1, 1) if first_month + months > 12 else date(year, first_month + months, 1)
    return start, after - timedelta(days=1)


def period_label(year: int, period: str, index: int) -> str:
    """Periods are spelled YYYY-MM, YYYY-Qn or YYYY (the `check` JSON uses these)."""
    if period == Period.month:
        return f"{year}-{index + 1:02d}"
    if period == Period.quarter:
        return f"{year}-Q{index + 1}"
    return str(year)


def full_mask(period: str) -> int:
    return (1 << PERIODS_PER_YEAR[Period(period)]) - 1


@lru_cache(maxsize=4096)
def required_mask(year: int, period: str, established_on: date | None) -> int:
    """Periods of `year` that end on or after the establishment date."""
    mask = 0
    for index in range(PERIODS_PER_YEAR[Period(period)]):
        if established_on is None or period_bounds(year, period, index)[1] >= established_on:
            mask |= 1 << index
    return mask


@lru_cache(maxsize=256)
def as_of_masks(year: int, period: str, as_of: date) -> tuple[int, int]:
    """(periods ended on or before as_of, the period that contains as_of and has not ended)."""
    due = soon = 0
    for index in range(PERIODS_PER_YEAR[Period(period)]):
        start, end = period_bounds(year, period, index)
        if end <= as_of:
            due |= 1 << index
        elif start <= as_of:
            soon |= 1 << index
    return due, soon


def mask_labels(year: int, period: str, mask: int) -> list[str]:
    return [period_label(year, period, i) for i in range(PERIODS_PER_YEAR[Period(period)]) if mask >> i & 1]


@dataclass(frozen=True)
class TypeCompliance:
    """One meeting type for one branch in one year. `met_mask`: periods with enough valid meetings."""

    year: int
    rule: Rule
    required: bool  # the type applies to the branch at all (committee, groups, minimum > 0)
    required_mask: int
    due_mask: int
    soon_mask: int
    met_mask: int
    held: int  # valid meetings in the year
    logged: int  # all meetings in the year, including general meetings without quorum

    @property
    def meeting_type(self) -> str:
        return self.rule.meeting_type

    @property
    def period(self) -> str:
        return self.rule.period

    @property
    def required_count(self) -> int:
        return self.required_mask.bit_count() * self.rule.minimum

    @property
    def gap_mask(self) -> int:
        return self.due_mask & ~self.met_mask

    @property
    def due_cells(self) -> int:
        return self.due_mask.bit_count()

    @property
    def met_cells(self) -> int:
        return (self.due_mask & self.met_mask).bit_count()

    @property
    def gaps(self) -> list[str]:
        return mask_labels(self.year, self.period, self.gap_mask)

    @property
    def due_soon(self) -> list[str]:
        return mask_labels(self.year, self.period, self.soon_mask & ~self.met_mask)

    def state(self, index: int) -> CellState:
        bit = 1 << index
        if not self.required_mask & bit:
            return CellState.not_required
        if self.met_mask & bit:
            return CellState.met
        if self.due_mask & bit:
            return CellState.gap
        if self.soon_mask & bit:
            return CellState.due_soon
        return CellState.upcoming


def evaluate(
    year: int, as_of: date, rule: Rule, profile: BranchProfile, met_mask: int = 0, held: int = 0, logged: int = 0
) -> TypeCompliance:
    """Judge one meeting type of one branch from its met periods (computed by the caller)."""
    required = rule.minimum > 0 and applies_to(rule.meeting_type, profile)
    mask = required_mask(year, rule.period, profile.established_on) if required else 0
    due, soon = as_of_masks(year, rule.period, as_of)
    return TypeCompliance(year, rule, required, mask, due & mask, soon & mask, met_mask & mask, held, logged)


def met_mask_of(counts: dict[int, int], minimum: int) -> int:
    """Periods whose count of valid meetings reaches the minimum (counts: period index -> count)."""
    mask = 0
    for index, count in counts.items():
        if count >= minimum:
            mask |= 1 << index
    return mask


def rate(met: int, due: int) -> float | None:
    return met / due if due else None

"""Evidence from the ledgers for rubric items, and a suggested score next to the scorer's input.

Pure: the caller gathers plain facts (registry, training, meeting counts) for one branch and year.
Suggestions are rounded down to half points: 支委会 held in 10 of 12 required months → 5 of 6.
A requirement whose only period is still open (a yearly 组织生活会 before 31 December) is judged
by nothing yet: it reads 尚未开展 with no suggestion, never as 不要求 with full points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from desktop.glossary import MEETING_TYPE_LABELS, MeetingType
from desktop.rules.compliance import TypeCompliance
from desktop.rules.rubric import HALF_POINT
from desktop.rules.setup import COMMITTEE_FROM, term_end

# The meeting types a rubric item can be evidenced by, labelled as the glossary spells them.
MEETING_LABELS = {kind.value: label for kind, label in MEETING_TYPE_LABELS.items() if kind != MeetingType.annual_study}
# Evidence key of a rubric item → the meeting types (DOMAIN.md code names) that evidence it.
MEETING_EVIDENCE: dict[str, tuple[str, ...]] = {kind: (kind,) for kind in MEETING_LABELS if kind != "member_review"}
MEETING_EVIDENCE["life_meeting"] = ("life_meeting", "member_review")  # 组织生活会+民主评议


# When the open period of a requirement not met yet must be done by, per period kind.
DEADLINES = {"year": "年底前须完成", "quarter": "本季度末前须完成", "month": "本月底前须完成"}


class PeriodCounts(NamedTuple):
    """One meeting type of one branch: `held` of `due` periods count (ended ones, and the open one
    once it is met); `pending` names the period kind when required periods are still open and
    unmet. An exempt type (no committee, no groups, minimum 0) is (0, 0, None)."""

    held: int
    due: int
    pending: str | None = None

    @property
    def not_yet(self) -> bool:
        """Nothing to judge by yet, and the requirement is still owed."""
        return self.due == 0 and self.pending is not None


def period_counts(t: TypeCompliance) -> PeriodCounts:
    """Ended periods count, and the open one (containing as-of) once it is met: a 组织生活会 held in
    October counts in December. Periods still open and unmet are owed, not gaps, and not exempt."""
    if not t.required:
        return PeriodCounts(0, 0)
    open_met = (t.soon_mask & t.met_mask).bit_count()
    owed = t.required_mask & ~t.due_mask & ~(t.soon_mask & t.met_mask)
    return PeriodCounts(t.met_cells + open_met, t.due_cells + open_met, t.period if owed else None)


@dataclass(frozen=True)
class EvidenceFacts:
    full_members: int
    has_committee: bool | None
    elected_on: date | None
    term_years: int | None
    trained: bool
    # Meeting type → its period counts in the year; absent = not known.
    meetings: dict[str, PeriodCounts] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    text: str
    suggested: float | None  # None: the ledgers cannot judge the item yet (尚未开展)


def _half_down(value: float) -> float:
    return math.floor(value / HALF_POINT + 1e-9) * HALF_POINT


def _meeting(key: str, facts: EvidenceFacts, max_points: float) -> Evidence | None:
    """Periods held over periods due, summed over the item's meeting types (a surplus of one
    type does not make up for a gap in another). A type still owed with nothing due yet leaves
    the item without a suggestion: a part of it cannot be judged before its deadline."""
    known = [(kind, facts.meetings[kind]) for kind in MEETING_EVIDENCE[key] if kind in facts.meetings]
    if not known:
        return None
    counted = [(kind, c) for kind, c in known if not c.not_yet]
    owed = [(kind, c.pending) for kind, c in known if c.not_yet and c.pending is not None]  # not_yet: pending is set
    held = sum(min(c.held, c.due) for _kind, c in counted)
    due = sum(c.due for _kind, c in counted)
    parts = []
    if counted:
        label = "、".join(MEETING_LABELS[kind] for kind, _counts in counted)
        parts.append(f"{label}：应开 {due} 期，已开 {held} 期" if due else f"{label}：本年度不要求")
    parts += [f"{MEETING_LABELS[kind]}：尚未开展（{DEADLINES[pending]}）" for kind, pending in owed]
    text = "；".join(parts)
    if owed:
        return Evidence(text, None)
    return Evidence(text, _half_down(max_points * held / due) if due else max_points)


def _committee(facts: EvidenceFacts, max_points: float) -> Evidence:
    if facts.full_members < COMMITTEE_FROM:
        return Evidence(f"正式党员 {facts.full_members} 人，不须设支委会", max_points)
    if facts.has_committee:
        return Evidence(f"正式党员 {facts.full_members} 人，已设支委会", max_points)
    return Evidence(f"正式党员 {facts.full_members} 人，应设未设支委会", 0.0)


def _term(facts: EvidenceFacts, max_points: float, as_of: date) -> Evidence | None:
    end = term_end(facts.elected_on, facts.term_years)
    if end is None:
        return None
    if end < as_of:
        return Evidence(f"任期已于 {end:%Y-%m-%d} 届满，逾期未换届", 0.0)
    return Evidence(f"本届任期至 {end:%Y-%m-%d}", max_points)


def _training(facts: EvidenceFacts, max_points: float, year: int) -> Evidence:
    if facts.trained:
        return Evidence(f"{year} 年书记已参加培训", max_points)
    return Evidence(f"{year} 年未登记书记参加培训", 0.0)


def suggest(evidence_key: str | None, facts: EvidenceFacts, max_points: float, year: int,
            as_of: date) -> Evidence | None:
    """The evidence and suggested score for one item, or None when the ledgers say nothing."""
    if evidence_key is None:
        return None
    if evidence_key == "committee":
        return _committee(facts, max_points)
    if evidence_key == "term":
        return _term(facts, max_points, as_of)
    if evidence_key == "training":
        return _training(facts, max_points, year)
    if evidence_key in MEETING_EVIDENCE:
        return _meeting(evidence_key, facts, max_points)
    return None

"""Evidence from the ledgers for rubric items, and a suggested score next to the scorer's input.

Pure: the caller gathers plain facts (registry, training, meeting counts) for one branch and year.
Suggestions are rounded down to half points: 支委会 held in 10 of 12 required months → 5 of 6.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from desktop.glossary import MEETING_TYPE_LABELS, MeetingType
from desktop.rules.rubric import HALF_POINT
from desktop.rules.setup import COMMITTEE_FROM, term_end

# The meeting types a rubric item can be evidenced by, labelled as the glossary spells them.
MEETING_LABELS = {kind.value: label for kind, label in MEETING_TYPE_LABELS.items() if kind != MeetingType.annual_study}
# Evidence key of a rubric item → the meeting types (DOMAIN.md code names) that evidence it.
MEETING_EVIDENCE = {kind: (kind,) for kind in MEETING_LABELS if kind != "member_review"}
MEETING_EVIDENCE["life_meeting"] = ("life_meeting", "member_review")  # 组织生活会+民主评议


@dataclass(frozen=True)
class EvidenceFacts:
    full_members: int
    has_committee: bool | None
    elected_on: date | None
    term_years: int | None
    trained: bool
    # Meeting type → (periods held, periods required) in the year; absent = not known.
    meetings: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    text: str
    suggested: float


def _half_down(value: float) -> float:
    return math.floor(value / HALF_POINT + 1e-9) * HALF_POINT


def _meeting(key: str, facts: EvidenceFacts, max_points: float) -> Evidence | None:
    """Periods held over periods required, summed over the item's meeting types (a surplus of one
    type does not make up for a gap in another)."""
    known = [(kind, facts.meetings[kind]) for kind in MEETING_EVIDENCE[key] if kind in facts.meetings]
    if not known:
        return None
    held = sum(min(h, r) for _kind, (h, r) in known)
    required = sum(r for _kind, (_h, r) in known)
    label = "、".join(MEETING_LABELS[kind] for kind, _counts in known)
    if required <= 0:
        return Evidence(f"{label}：本年度不要求", max_points)
    return Evidence(f"{label}：应开 {required} 期，已开 {held} 期", _half_down(max_points * held / required))


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

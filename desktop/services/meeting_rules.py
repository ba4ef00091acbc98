"""Meeting frequency rules, kept per year.

A year with no rules stored uses a copy of the latest earlier year's rules, else the defaults.
Saving a year's rules first freezes what later years were inheriting, so that changing 2024's
rules cannot silently rewrite the results of 2025 when 2025 had no rules of its own.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.glossary import MeetingType, Period, meeting_type_label
from desktop.models import Meeting, MeetingRule
from desktop.rules.compliance import DEFAULT_RULES, Rule
from desktop.store.workspace import Workspace

MAX_MINIMUM = 31


def _stored(session: Session, year: int) -> dict[str, Rule]:
    rows = session.execute(
        select(MeetingRule.meeting_type, MeetingRule.period, MeetingRule.minimum).where(MeetingRule.year == year)
    ).all()
    return {t: Rule(t, p, m) for t, p, m in rows}


def rules_in(session: Session, year: int) -> dict[str, Rule]:
    """The rules in force in `year` for every meeting type, in glossary order."""
    source = session.scalar(select(func.max(MeetingRule.year)).where(MeetingRule.year <= year))
    stored = _stored(session, source) if source is not None else {}
    return {t.value: stored.get(t.value, DEFAULT_RULES[t]) for t in MeetingType}


def rules_for_year(ws: Workspace, year: int) -> dict[str, Rule]:
    with ws.read() as session:
        return rules_in(session, year)


def has_own_rules(ws: Workspace, year: int) -> bool:
    with ws.read() as session:
        return session.execute(select(func.count()).where(MeetingRule.year == year)).scalar_one() > 0


def validate(rules: dict[str, Rule]) -> None:
    errors = {}
    for meeting_type, rule in rules.items():
        label = meeting_type_label(meeting_type)
        if rule.period not in set(Period):
            errors[meeting_type] = f"{label}：周期应为每月、每季度或每年"
        elif not isinstance(rule.minimum, int) or not 0 <= rule.minimum <= MAX_MINIMUM:
            errors[meeting_type] = f"{label}：最少次数应为 0–{MAX_MINIMUM} 的整数"
    if errors:
        raise ValidationError(errors)


def _write(session: Session, year: int, rules: dict[str, Rule]) -> None:
    current = {r.meeting_type: r for r in session.scalars(select(MeetingRule).where(MeetingRule.year == year))}
    for meeting_type, rule in rules.items():
        row = current.get(meeting_type)
        if row is None:
            session.add(MeetingRule(year=year, meeting_type=meeting_type, period=rule.period, minimum=rule.minimum))
        elif (row.period, row.minimum) != (rule.period, rule.minimum):
            row.period, row.minimum = rule.period, rule.minimum


def save_rules(ws: Workspace, year: int, rules: dict[str, Rule]) -> None:
    """Store `year`'s rules (every meeting type must be given) without changing any other year."""
    missing = [t.value for t in MeetingType if t.value not in rules]
    if missing:
        raise ValueError(f"rules missing for {missing}")
    validate(rules)
    with ws.write() as session:
        stored_years = set(session.scalars(select(MeetingRule.year).distinct()))
        last_meeting = session.scalar(select(func.max(Meeting.held_on)))
        last_year = max([year, *stored_years, *([last_meeting.year] if last_meeting else [])])
        # Later years that inherit (no rules of their own) keep what they inherit today.
        for later in range(year + 1, last_year + 1):
            if later in stored_years:
                break
            _write(session, later, rules_in(session, later))
        _write(session, year, rules)

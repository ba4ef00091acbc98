"""软弱涣散 screening thresholds, kept per year like the meeting rules (services/meeting_rules.py).

A year without its own thresholds uses the latest earlier year's, else the defaults. Saving a
year's thresholds first freezes what the later years were inheriting, so that changing 2024
cannot silently rewrite the screening of 2025 when 2025 had none of its own.
"""

from __future__ import annotations

from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import WeakCase, WeakRule
from desktop.rules.weak import DEFAULT_THRESHOLDS, Thresholds, threshold_problems
from desktop.store.workspace import Workspace


def _of(row: WeakRule) -> Thresholds:
    return Thresholds(Fraction(row.satisfaction_hundredths, 100), row.empty_months, row.vacancy_months)


def thresholds_in(session: Session, year: int) -> Thresholds:
    """The thresholds in force in `year`."""
    row = session.scalars(select(WeakRule).where(WeakRule.year <= year).order_by(WeakRule.year.desc()).limit(1)).first()
    return DEFAULT_THRESHOLDS if row is None else _of(row)


def thresholds_for_year(ws: Workspace, year: int) -> Thresholds:
    with ws.read() as session:
        return thresholds_in(session, year)


def own_years(ws: Workspace) -> list[int]:
    """The years that have thresholds of their own (the history)."""
    with ws.read() as session:
        return list(session.scalars(select(WeakRule.year).order_by(WeakRule.year)))


def _write(session: Session, year: int, thresholds: Thresholds) -> None:
    hundredths = int(thresholds.satisfaction_percent * 100)
    row = session.scalar(select(WeakRule).where(WeakRule.year == year))
    if row is None:
        session.add(WeakRule(year=year, satisfaction_hundredths=hundredths, empty_months=thresholds.empty_months,
                             vacancy_months=thresholds.vacancy_months))
    elif (row.satisfaction_hundredths, row.empty_months, row.vacancy_months) != (
            hundredths, thresholds.empty_months, thresholds.vacancy_months):
        row.satisfaction_hundredths, row.empty_months, row.vacancy_months = (
            hundredths, thresholds.empty_months, thresholds.vacancy_months)


def save_thresholds(ws: Workspace, year: int, thresholds: Thresholds) -> None:
    """Store `year`'s thresholds without changing what any other year is judged by."""
    problems = threshold_problems(thresholds)
    if problems:
        raise ValidationError(problems)
    with ws.write() as session:
        stored = set(session.scalars(select(WeakRule.year)))
        last_case = session.scalar(select(func.max(WeakCase.year))) or year
        # Up to this year too: this year's screening inherits from the past as well.
        for later in range(year + 1, max([year, last_case, ws.now().year, *stored]) + 1):
            if later in stored:
                break
            _write(session, later, thresholds_in(session, later))
        session.flush()
        _write(session, year, thresholds)

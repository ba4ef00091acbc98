"""Yearly targets: read (defaults merged with the clerk's edits), edit, reset to the plan."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import Target
from desktop.rules.targets import DEFAULT_TARGETS, YearTarget, merged, resolve, validate_share
from desktop.store.workspace import Workspace

MIN_YEAR, MAX_YEAR = 2000, 2100


def _stored(session: Session) -> list[YearTarget]:
    return [
        YearTarget(t.year, t.standardized_share, t.strongest_share, t.weak_cleared, t.weak_goal, "edited")
        for t in session.scalars(select(Target))
    ]


def defined_targets(ws: Workspace) -> dict[int, YearTarget]:
    """Every year that has its own target (the plan's defaults and the clerk's edits)."""
    with ws.read() as session:
        return merged(_stored(session))


def target_for(ws: Workspace, year: int) -> YearTarget | None:
    """The target that applies to `year` (None before the program's first target year)."""
    return resolve(year, defined_targets(ws))


def targets_between(ws: Workspace, first_year: int, last_year: int) -> dict[int, YearTarget | None]:
    defined = defined_targets(ws)
    return {year: resolve(year, defined) for year in range(first_year, last_year + 1)}


def editable_targets(ws: Workspace, through_year: int) -> list[YearTarget]:
    """The rows of the targets editor: every defined year, plus carried years up to `through_year`."""
    defined = defined_targets(ws)
    first = min(defined)
    last = max(through_year, max(defined))
    rows = [resolve(year, defined) for year in range(first, last + 1)]
    return [row for row in rows if row is not None]


def check_target(target: YearTarget) -> dict[str, str]:
    errors = {}
    if not MIN_YEAR <= target.year <= MAX_YEAR:
        errors["year"] = f"年度 {target.year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间"
    for key, label, required in (
        ("standardized_share", f"{target.year} 年标准化规范化目标", True),
        ("strongest_share", f"{target.year} 年“最强党支部”目标", False),
    ):
        message = validate_share(getattr(target, key), label, required)
        if message:
            errors[key] = message
    return errors


def save_targets(ws: Workspace, targets: Iterable[YearTarget], reset_years: Iterable[int] = ()) -> int:
    """Store the given years' targets and forget the edits of `reset_years`, in one transaction
    (all or none). A year whose values equal the plan's default is stored as no row, so it follows
    the plan. Returns the number of rows written or removed."""
    targets = list(targets)
    reset_years = [y for y in reset_years if y not in {t.year for t in targets}]
    errors: dict[str, str] = {}
    years = [t.year for t in targets]
    for target in targets:
        for key, message in check_target(target).items():
            errors[f"{target.year}.{key}"] = message
    duplicates = sorted({y for y in years if years.count(y) > 1})
    if duplicates:
        errors["year"] = "年度重复：" + "、".join(str(y) for y in duplicates)
    if errors:
        raise ValidationError(errors)
    written = 0
    with ws.write() as session:
        written += _delete_years(session, reset_years)
        existing = {t.year: t for t in session.scalars(select(Target).where(Target.year.in_(years)))}
        for target in targets:
            row = existing.get(target.year)
            goal = (target.weak_goal or "").strip() or None
            if _same_as_default(target, goal):
                if row is not None:
                    session.delete(row)
                    written += 1
                continue
            if row is None:
                row = Target(year=target.year)
                session.add(row)
            values = {
                "standardized_share": float(target.standardized_share),
                "strongest_share": None if target.strongest_share is None else float(target.strongest_share),
                "weak_cleared": bool(target.weak_cleared),
                "weak_goal": goal,
            }
            if any(getattr(row, key, None) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                written += 1
    return written


def _same_as_default(target: YearTarget, goal: str | None) -> bool:
    default = DEFAULT_TARGETS.get(target.year)
    return (
        default is not None
        and goal is None
        and abs(default.standardized_share - target.standardized_share) < 1e-9
        and (default.strongest_share is None) == (target.strongest_share is None)
        and (default.strongest_share is None or target.strongest_share is None
             or abs(default.strongest_share - target.strongest_share) < 1e-9)
        and default.weak_cleared == bool(target.weak_cleared)
    )


def _delete_years(session: Session, years: list[int]) -> int:
    rows = list(session.scalars(select(Target).where(Target.year.in_(years)))) if years else []
    for row in rows:
        session.delete(row)
    return len(rows)


def reset_targets(ws: Workspace, years: Iterable[int]) -> int:
    """Forget the clerk's edits for these years: they follow the plan (or the earlier year) again."""
    with ws.write() as session:
        return _delete_years(session, list(years))

"""The program's yearly targets (DOMAIN.md R1-R3, seed §一) and how a year's target is resolved.

The plan: 2022 40% standardized; 2023 60%, 最强 ≥40%, 软弱涣散 cleared; 2024 80%; and a last line
that says "到2023年" again but can only mean 2025 (it follows 2024 and raises 最强 to a half):
90% standardized, 最强 ≥50%. A year without its own target keeps the latest earlier one, so 2024
keeps 2023's 最强 40% and the clearing of 软弱涣散, and every year after 2025 keeps 2025's targets.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

WEAK_CLEARED_TEXT = "软弱涣散党组织动态清零"


@dataclass(frozen=True)
class YearTarget:
    year: int
    standardized_share: float  # fraction 0..1
    strongest_share: float | None  # None: no 最强 target that year
    weak_cleared: bool  # 软弱涣散 branches must be cleared
    weak_goal: str | None = None  # the clerk's own wording, when given
    source: str = "default"  # "default" (the plan), "edited" (stored), "carried" (from an earlier year)

    @property
    def weak_text(self) -> str:
        if self.weak_goal:
            return self.weak_goal
        return WEAK_CLEARED_TEXT if self.weak_cleared else "—"


DEFAULT_TARGETS: dict[int, YearTarget] = {
    t.year: t
    for t in (
        YearTarget(2022, 0.40, None, False),
        YearTarget(2023, 0.60, 0.40, True),
        YearTarget(2024, 0.80, 0.40, True),
        YearTarget(2025, 0.90, 0.50, True),
    )
}


def resolve(year: int, defined: dict[int, YearTarget]) -> YearTarget | None:
    """The target for `year`: its own, else the latest earlier one (marked carried), else None."""
    if year in defined:
        return defined[year]
    earlier = [y for y in defined if y < year]
    if not earlier:
        return None
    base = defined[max(earlier)]
    return YearTarget(year, base.standardized_share, base.strongest_share, base.weak_cleared, base.weak_goal, "carried")


def merged(stored: Iterable[YearTarget]) -> dict[int, YearTarget]:
    """The plan's defaults overridden by the clerk's stored targets."""
    result = dict(DEFAULT_TARGETS)
    result.update({t.year: t for t in stored})
    return result


def validate_share(value: float | None, label: str, required: bool) -> str | None:
    """A Chinese message when a share (fraction) is missing or outside 0..1, else None."""
    if value is None:
        return f"请填写{label}" if required else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return f"{label}应为 0–100 之间的百分数"
    if not 0 <= value <= 1:
        return f"{label}应在 0–100% 之间，而不是 {value * 100:g}%"
    return None


def required_count(share: float, total: int) -> int:
    """How many of `total` branches make `share`: ceil(share × total), robust to float noise
    (0.6 × 5 is 3.0000000000000004 in binary floating point and must stay 3)."""
    return math.ceil(round(share * total, 6))


def shortfall(share: float | None, total: int, achieved: int) -> int | None:
    """How many more branches must reach the status for the target to be met (never negative)."""
    if share is None:
        return None
    return max(0, required_count(share, total) - achieved)

"""Yearly targets: the plan's defaults (R1-R3), the clerk's edits, validation, the shortfall count."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop.errors import ValidationError
from desktop.models import Base
from desktop.rules.targets import YearTarget, required_count, shortfall
from desktop.services import targets


def test_defaults_follow_the_plan(ws):
    assert targets.target_for(ws, 2021) is None
    t2022 = targets.target_for(ws, 2022)
    assert (t2022.standardized_share, t2022.strongest_share, t2022.weak_cleared) == (0.40, None, False)
    t2023 = targets.target_for(ws, 2023)
    assert (t2023.standardized_share, t2023.strongest_share, t2023.weak_cleared) == (0.60, 0.40, True)
    assert targets.target_for(ws, 2024).standardized_share == 0.80
    assert targets.target_for(ws, 2024).strongest_share == 0.40
    # The plan's last line says "到2023" a second time; it is read as 2025.
    t2025 = targets.target_for(ws, 2025)
    assert (t2025.standardized_share, t2025.strongest_share, t2025.source) == (0.90, 0.50, "default")


def test_years_after_2025_keep_2025_until_edited(ws):
    t2030 = targets.target_for(ws, 2030)
    assert (t2030.standardized_share, t2030.strongest_share, t2030.source) == (0.90, 0.50, "carried")
    targets.save_targets(ws, [YearTarget(2027, 0.95, 0.6, True, "清零并巩固")])
    assert targets.target_for(ws, 2026).standardized_share == 0.90
    t2028 = targets.target_for(ws, 2028)
    assert (t2028.standardized_share, t2028.strongest_share, t2028.weak_text) == (0.95, 0.6, "清零并巩固")
    assert targets.reset_targets(ws, [2027]) == 1
    assert targets.target_for(ws, 2028).standardized_share == 0.90


def test_edit_a_default_year_and_back(ws):
    assert targets.save_targets(ws, [YearTarget(2024, 0.85, 0.45, True)]) == 1
    assert targets.target_for(ws, 2024).source == "edited"
    assert targets.save_targets(ws, [YearTarget(2024, 0.85, 0.45, True)]) == 0  # nothing changed
    # Values equal to the plan's default: the stored row goes and the year follows the plan again.
    assert targets.save_targets(ws, [YearTarget(2024, 0.80, 0.40, True)]) == 1
    assert targets.target_for(ws, 2024).source == "default"


@pytest.mark.parametrize(
    "target, field",
    [
        (YearTarget(2026, 1.0001, None, True), "2026.standardized_share"),
        (YearTarget(2026, -0.01, None, True), "2026.standardized_share"),
        (YearTarget(2026, None, None, True), "2026.standardized_share"),
        (YearTarget(2026, 0.9, 1.5, True), "2026.strongest_share"),
        (YearTarget(1990, 0.9, None, True), "1990.year"),
    ],
)
def test_invalid_targets_are_refused_and_nothing_is_written(ws, target, field):
    good = YearTarget(2027, 0.5, None, False)
    with pytest.raises(ValidationError) as error:
        targets.save_targets(ws, [good, target])
    assert field in error.value.fields
    assert "%" in error.value.message or "请填写" in error.value.message or "年度" in error.value.message
    assert targets.target_for(ws, 2027).source == "carried"


def test_bounds_0_and_100_percent_are_accepted(ws):
    targets.save_targets(ws, [YearTarget(2026, 0.0, 1.0, False), YearTarget(2027, 1.0, 0.0, True)])
    assert targets.target_for(ws, 2026).strongest_share == 1.0
    assert targets.target_for(ws, 2027).standardized_share == 1.0


def test_editor_rows_cover_defined_and_carried_years(ws):
    rows = targets.editable_targets(ws, 2027)
    assert [r.year for r in rows] == [2022, 2023, 2024, 2025, 2026, 2027]
    assert rows[-1].source == "carried"


@pytest.mark.parametrize(
    "share, total, achieved, expected",
    [
        (0.6, 5, 3, 0),  # 0.6 × 5 is 3.0000000000000004 in floating point: still exactly 3
        (0.6, 5, 2, 1),  # one short
        (0.9, 100, 90, 0),  # exactly at the target
        (0.9, 100, 89, 1),
        (0.9, 101, 90, 1),  # 90.9 → 91 needed
        (0.5, 10, 10, 0),  # over the target: never negative
        (0.4, 0, 0, 0),
    ],
)
def test_shortfall(share, total, achieved, expected):
    assert shortfall(share, total, achieved) == expected


def test_shortfall_without_target_is_none():
    assert shortfall(None, 10, 3) is None
    assert required_count(0.7, 10) == 7


def test_target_table_matches_its_migration(ws):
    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if "target" in str(d)] == []

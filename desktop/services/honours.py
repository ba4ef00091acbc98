"""评先评优资格 of a year per level of honour, and a nomination list checked against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.errors import BranchdeskError
from desktop.excel.branches import NAME_CHARS, PERSON_CHARS
from desktop.excel.cells import limited, quote
from desktop.excel.sheet import Column, read_rows, write_rows
from desktop.rules.honours import LEVELS, eligibility, level_problem
from desktop.rules.rounds import year_note
from desktop.services.check import default_as_of
from desktop.services.rewards import NOT_STARTED, active_branches, year_tiers
from desktop.services.rounds import year_ratings
from desktop.store.workspace import Workspace

NOMINEE_COLUMNS = [
    Column("姓名", "person", limited(PERSON_CHARS), required=True, width=12),
    Column("支部名称", "name", limited(NAME_CHARS), required=True, width=30),
    Column("表彰项目", "honour", limited(60), width=20),
]
NOMINEES_TITLE = "推荐名单"


@dataclass(frozen=True)
class HonourRow:
    branch_id: int
    name: str
    eligible: bool
    priority: bool
    reason: str

    def as_json(self) -> dict:
        return {"name": self.name, "eligible": self.eligible, "priority": self.priority, "reason": self.reason}


@dataclass(frozen=True)
class YearHonours:
    year: int
    level: str
    rows: tuple[HonourRow, ...]

    @property
    def label(self) -> str:
        return LEVELS[self.level]

    def as_json(self) -> dict:
        return {"year": self.year, "level": self.level, "branches": [r.as_json() for r in self.rows]}


def check_level(level: str) -> str:
    problem = level_problem(level)
    if problem:
        raise BranchdeskError(problem)
    return level


def honours(ws: Workspace, year: int, level: str = "street") -> YearHonours:
    """Every active branch, eligible or not, for the honours (HONOURS) of `level` in `year`."""
    check_level(level)
    as_of = default_as_of(year)
    with ws.read() as session:
        found = year_tiers(session, year)
        branches = active_branches(session)
        # Only a branch re-elected in the year (after its rating, by the as-of day) gets the note.
        rated = year_ratings(session, year, (b.id for b in branches
                                             if b.elected_on and date(year, 1, 1) < b.elected_on <= as_of))
        rows = []
        for b in branches:
            e = eligibility(found.get(b.id, NOT_STARTED), level)
            # The year's rating still counts for that year's honours; a re-election since is named.
            note = year_note(rated.get(b.id), b.elected_on, as_of) if e.eligible else ""
            rows.append(HonourRow(b.id, b.name, e.eligible, e.priority, e.reason + note))
    return YearHonours(year, level, tuple(rows))


@dataclass(frozen=True)
class NomineeCheck:
    row: int
    person: str | None
    name: str | None
    eligible: bool
    priority: bool
    reason: str

    def as_json(self) -> dict:
        return {"row": self.row, "person": self.person, "branch": self.name, "eligible": self.eligible,
                "priority": self.priority, "reason": self.reason}


def check_nominations(ws: Workspace, year: int, level: str, path: Path | str) -> list[NomineeCheck]:
    """Each nominee of a list (姓名, 支部名称, 表彰项目) against the year's eligibility: a nominee's
    branch must be eligible for `level`; an unknown or archived branch, or a bad row, is not."""
    check_level(level)
    parsed, rejected = read_rows(path, NOMINEE_COLUMNS)
    by_name = {r.name: r for r in honours(ws, year, level).rows}
    result = [NomineeCheck(r.row, None, None, False, False, f"{r.column}：{r.reason}") for r in rejected]
    refused = {r.row for r in rejected}
    for row in parsed:
        if row.row in refused:
            continue
        person, name = row.values["person"], row.values["name"]
        found = by_name.get(name)
        if found is None:
            result.append(NomineeCheck(row.row, person, name, False, False, f"没有名为“{quote(name)}”的在册支部"))
        else:
            result.append(NomineeCheck(row.row, person, name, found.eligible, found.priority, found.reason))
    return sorted(result, key=lambda c: c.row)


def write_nominee_template(path: Path | str) -> Path:
    return write_rows(path, NOMINEE_COLUMNS, [], NOMINEES_TITLE)



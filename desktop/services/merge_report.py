"""What a merge of a laptop's return did or would do: the report `session merge --json` prints, the
window's preview and chooser show, and its conflicts (a cell or a tally field changed on both sides)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

OFFICE, LAPTOP = "office", "laptop"
Key = tuple[int, int, int]


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


@dataclass(frozen=True)
class Conflict:
    branch: str
    scorer: str
    item: str
    office: float | None
    laptop: float | None
    key: Key

    def as_json(self) -> dict:
        return {"branch": self.branch, "scorer": self.scorer, "item": self.item,
                "office": _plain(self.office), "laptop": _plain(self.laptop)}


@dataclass(frozen=True)
class TallyConflict:
    branch: str
    field: str  # the field's label (参评党员数, ...)
    office: Any
    laptop: Any
    branch_id: int
    name: str  # the field's code name

    def as_json(self) -> dict:
        return {"branch": self.branch, "field": self.field, "office": _plain(self.office), "laptop": _plain(self.laptop)}


@dataclass
class MergeReport:
    file: str
    checkout: str
    session_id: int
    title: str
    number: int
    prefer: str | None
    merged: int = 0  # score cells written from the laptop (new, changed or cleared)
    new: int = 0
    changed: int = 0
    cleared: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    tallies_merged: int = 0  # tally fields written from the laptop
    tallies_unchanged: int = 0
    tally_conflicts: list[TallyConflict] = field(default_factory=list)
    by_scorer: Counter = field(default_factory=Counter)  # cells written per scorer
    branches: set[str] = field(default_factory=set)  # branches with a cell or tally written
    written: bool = False

    @property
    def settled(self) -> bool:
        """No conflict is left for the clerk (none, or a side was picked)."""
        return self.prefer is not None or not (self.conflicts or self.tally_conflicts)

    def as_json(self) -> dict:
        return {"merged": self.merged, "unchanged": self.unchanged, "conflicts": [c.as_json() for c in self.conflicts],
                "tallies": {"merged": self.tallies_merged, "unchanged": self.tallies_unchanged,
                            "conflicts": [c.as_json() for c in self.tally_conflicts]}}

"""What a printed sheet said, kept with its print record, and what has changed in it since.

A fingerprint can only tell that a sheet's data changed. To say *what* changed (which branches,
which figures, old → new) the printed text itself is kept: the column headers, the rows as printed,
the totals and the notes. Verifying a code rebuilds the same contents from today's data and compares
them row by row. Rows are matched by the branch (or other name) column, never by position or 序号:
a branch added at the top of the list moves every 序号 without changing any other row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

# A column of running numbers: it moves whenever a row is added or removed, and says nothing itself.
SEQUENCE_HEADERS = frozenset({"序号"})
NOTES = "说明"
TOTALS = "合计行"


@dataclass(frozen=True)
class Contents:
    columns: tuple[str, ...]
    key: int  # the column that names a row (a branch's name)
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[tuple[str, ...], ...] = ()
    notes: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps({"columns": self.columns, "key": self.key, "rows": self.rows, "totals": self.totals,
                           "notes": self.notes}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Contents:
        data = json.loads(text)
        return cls(tuple(data["columns"]), int(data["key"]), tuple(tuple(r) for r in data["rows"]),
                   tuple(tuple(r) for r in data["totals"]), tuple(data["notes"]))


def of_table(columns: Sequence[str], rows: Sequence[Sequence[str]], key: int, totals: Sequence[Sequence[str]] = (),
             notes: Sequence[str] = ()) -> Contents:
    return Contents(tuple(columns), key, tuple(tuple(r) for r in rows), tuple(tuple(r) for r in totals), tuple(notes))


@dataclass(frozen=True)
class Difference:
    row: str  # the branch (or 合计行 / 说明) it is in
    column: str  # "" for a whole row added or removed
    old: str | None  # None: the row was not there when printed
    new: str | None  # None: the row is not there now

    @property
    def text(self) -> str:
        if self.old is None:
            return f"新增：{self.row}" if self.column == "" else f"{self.row}：新增“{self.new}”"
        if self.new is None:
            return f"已不在表中：{self.row}" if self.column == "" else f"{self.row}：删去“{self.old}”"
        return f"{self.row}：{self.column} {self.old or '空'} → {self.new or '空'}"


def _keyed(contents: Contents) -> dict[str, tuple[str, ...]]:
    rows: dict[str, tuple[str, ...]] = {}
    for row in contents.rows:
        name = row[contents.key] if contents.key < len(row) else ""
        label, n = name, 1
        while label in rows:  # two rows of the same name (kept apart by their order)
            n += 1
            label = f"{name}（第 {n} 行）"
        rows[label] = row
    return rows


def _cells(row: str, columns: Sequence[str], skip: set[int], old: Sequence[str], new: Sequence[str]) -> list[Difference]:
    return [Difference(row, header, old[i] if i < len(old) else "", new[i] if i < len(new) else "")
            for i, header in enumerate(columns)
            if i not in skip and (old[i] if i < len(old) else "") != (new[i] if i < len(new) else "")]


def differences(printed: Contents, now: Contents) -> list[Difference]:
    """What differs between a sheet as printed and as it would print today, in the printed order
    (rows changed or gone), then the rows that are new, then totals and notes."""
    if printed.columns != now.columns:
        return [Difference("表头", "", "、".join(printed.columns), "、".join(now.columns))]
    skip = {printed.key} | {i for i, header in enumerate(printed.columns) if header in SEQUENCE_HEADERS}
    before, after = _keyed(printed), _keyed(now)
    found: list[Difference] = []
    for name, row in before.items():
        if name not in after:
            found.append(Difference(name, "", "", None))
        else:
            found += _cells(name, printed.columns, skip, row, after[name])
    found += [Difference(name, "", None, "") for name in after if name not in before]
    for index in range(max(len(printed.totals), len(now.totals))):
        label = TOTALS if max(len(printed.totals), len(now.totals)) == 1 else f"{TOTALS} {index + 1}"
        old = printed.totals[index] if index < len(printed.totals) else ()
        new = now.totals[index] if index < len(now.totals) else ()
        found += _cells(label, printed.columns, set(), old, new)
    found += [Difference(NOTES, "内容", note, None) for note in printed.notes if note not in now.notes]
    found += [Difference(NOTES, "内容", None, note) for note in now.notes if note not in printed.notes]
    return found

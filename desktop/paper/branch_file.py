"""支部档案: one branch on one sheet — its registry record, findings, the year's organizational life
with dates, every scorer's total, the 四评, the composite and what bars it, and the workflow steps
with dates and who recorded them.

A 档案 is a list of (部分, 项目, 内容) lines: printed as one table per branch (a new page each, the
部分 cell spanning its lines), exported as the same lines with the branch's name in front, and kept
with its print so that a later check names the line that changed. Typesetting only: the lines come
in as plain text (desktop.services.branch_file gathers them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop.paper.contents import Contents, of_table
from desktop.paper.layout import Col, Section
from desktop.paper.sheets import Sheet, SheetColumn, fingerprint

TITLE = "党支部档案"
PDF_COLUMNS = (Col("部分", 22), Col("项目", 40, "left"), Col("内容", 98, "left"))
SHEET_COLUMNS = (SheetColumn("支部名称", "branch", 30, "left"), SheetColumn("部分", "part", 16),
                 SheetColumn("项目", "item", 30, "left"), SheetColumn("内容", "value", 80, "left"))


@dataclass(frozen=True)
class BranchFile:
    name: str
    year: int
    as_of: date
    lines: tuple[tuple[str, str, str], ...]  # (部分, 项目, 内容), in the order printed


def _subtitle(file: BranchFile) -> tuple[str, ...]:
    return (file.name, f"年度：{file.year} 年　　基准日：{file.as_of:%Y-%m-%d}")


def sections(files: Sequence[BranchFile]) -> list[Section]:
    """One table per branch; a 部分 is named once, on its first line."""
    result = []
    for file in files:
        rows, previous = [], None
        for part, item, value in file.lines:
            rows.append(("" if part == previous else part, item, value))
            previous = part
        result.append(Section(TITLE, _subtitle(file), PDF_COLUMNS, rows, size=10, pad=2.4, merge_first=True))
    return result


def sheet(files: Sequence[BranchFile]) -> Sheet:
    """The same lines as one flat table (Excel and Word), each with its branch's name."""
    year = files[0].year if files else 0
    records = [{"branch": f.name, "part": part, "item": item, "value": value}
               for f in files for part, item, value in f.lines]
    subtitle = (f"年度：{year} 年　　基准日：{files[0].as_of:%Y-%m-%d}",) if files else ()
    return Sheet("branch_file", f"{TITLE}（{year} 年）", subtitle, SHEET_COLUMNS, records)


def contents(files: Sequence[BranchFile]) -> Contents:
    """Keyed by branch · 部分 · 项目, so that a check says “甲社区党支部 · 四评 · 综合得分：…”."""
    rows = [[f"{f.name} · {part} · {item}", value] for f in files for part, item, value in f.lines]
    return of_table(("项目", "内容"), rows, 0)


def files_fingerprint(files: Sequence[BranchFile]) -> str:
    return fingerprint([[f.name, f.year, f.as_of.isoformat(), [list(line) for line in f.lines]] for f in files])

"""评分记录表: one scorer's scores in one scoring session, a branch a row and a rubric item a column,
with the scorer's total per branch and a line to sign on: the record a scorer signs after the
meeting. Drawn from plain values (services/score_record.py gathers them).

The item columns are numbered (the notes name each item with its full marks), so 28 items fit a
landscape page; a score filled in from the ledger and not yet confirmed by the scorer carries a mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.paper import fonts
from desktop.paper.layout import GBT9704_LANDSCAPE, NOTE_SIZE
from desktop.paper.sheets import Sheet, SheetColumn
from desktop.paper.signature import Signature
from desktop.rules.collation import in_branch_order

SUGGESTED_MARK = "*"
NOT_SCORED = "—"
GAP = "　"


def packed(names: Sequence[str], width: float) -> list[str]:
    """`names` as lines of the notes no wider than `width`, whole names only, so that no item's
    number is parted from its name at a line's end."""
    font = fonts.font_name("body")
    lines: list[str] = []
    for name in names:
        joined = f"{lines[-1]}{GAP}{name}" if lines else name
        if lines and stringWidth(joined, font, NOTE_SIZE) <= width:
            lines[-1] = joined
        else:
            lines.append(name)
    return lines


@dataclass(frozen=True)
class ScorerRow:
    """One branch as one scorer scored it: points per item (None: not scored) and the items whose
    score is a suggestion still unconfirmed (positions)."""

    name: str
    points: tuple[float | None, ...]
    suggested: frozenset[int] = frozenset()


def points_text(points: float | None, suggested: bool = False) -> str:
    if points is None:
        return NOT_SCORED
    return f"{points:g}{SUGGESTED_MARK if suggested else ''}"


def _note(row: ScorerRow, items: int) -> str:
    missing = sum(1 for p in row.points if p is None)
    parts = [f"缺 {missing} 项" if missing < items else "未打分"] if missing else []
    if row.suggested:
        parts.append(f"{len(row.suggested)} 项待确认")
    return "；".join(parts)


def score_record_sheet(year: int, session_title: str, held_on: date, scorer: str,
                       items: Sequence[tuple[str, float]], rows: Sequence[ScorerRow]) -> Sheet:
    """`items`: (name, full marks) in the rubric's order; `rows`: any order (printed in the one order
    of names)."""
    columns = (SheetColumn("序号", "seq", 6), SheetColumn("支部名称", "name", 27, "left"),
               *(SheetColumn(str(n), f"i{n}", 6.5) for n in range(1, len(items) + 1)),
               SheetColumn("合计", "total", 10), SheetColumn("备注", "note", 19, "left"))
    records = []
    for seq, row in enumerate(in_branch_order(rows, name=attrgetter("name")), start=1):
        record: dict = {"seq": seq, "name": row.name}
        for n, points in enumerate(row.points):
            record[f"i{n + 1}"] = points_text(points, n in row.suggested)
        scored = [p for p in row.points if p is not None]
        record["total"] = points_text(sum(scored), bool(row.suggested)) if scored else NOT_SCORED
        record["note"] = _note(row, len(items))
        records.append(record)
    full = sum(points for _name, points in items)
    pending = sum(len(r.suggested) for r in rows)
    complete = sum(1 for r in rows if all(p is not None for p in r.points) and not r.suggested)
    named = [f"{n}.{name}（{points:g}）" for n, (name, points) in enumerate(items, start=1)]
    legend = (f"评分项目（括号内为满分，合计 {full:g} 分）：", *packed(named, GBT9704_LANDSCAPE.width))
    notes = (
        f"共 {len(rows)} 个支部，已打完并确认 {complete} 个" + (f"，另有 {pending} 格建议分未经评分人确认" if pending else "")
        + f"。“{SUGGESTED_MARK}”为采用的台账建议分，评分人尚未确认（确认前不计入组织评定）；“{NOT_SCORED}”为未打分。",
        *legend,
        "以上分数经本人核对无误。",
    )
    return Sheet(
        "score_record", f"{year}年度党支部考评评分记录表",
        (f"评分会：{session_title}（{held_on:%Y-%m-%d}）　　评分人：{scorer}",),
        columns, records, [], notes, size=7, pad=1.2,
        signature=Signature((("评分人签字", None), ("日期", None))),
    )

"""The four summary sheets (汇总表) as plain tables: one row set feeds the PDF, the .xlsx export and
the fingerprint that lets a printed sheet be checked against today's data.

Builders take plain rows (duck-typed: any object with the named attributes) so they are tested with
synthetic data and do not care which service produced them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from desktop.glossary import MEETING_TYPE_LABELS, BranchKind, branch_kind_label
from desktop.paper.contents import SEQUENCE_HEADERS, Contents, of_table
from desktop.paper.layout import Col, Section
from desktop.paper.signature import Signature
from desktop.rules.collation import in_branch_order
from desktop.rules.eligibility import BAR_LABELS
from desktop.rules.scoring import Weights
from desktop.rules.setup import FINDING_LABELS, setup_problems
from desktop.rules.targets import shortfall
from desktop.rules.workflow import state_label

# Meeting types in glossary order (DOMAIN.md), labelled as the glossary spells them.
MEETING_LABELS = {kind.value: label for kind, label in MEETING_TYPE_LABELS.items()}


@dataclass(frozen=True)
class SheetColumn:
    header: str
    key: str
    width: float  # millimetres at A4 portrait
    align: str = "center"


@dataclass
class Sheet:
    kind: str
    title: str
    subtitle: tuple[str, ...]
    columns: tuple[SheetColumn, ...]
    records: list[dict[str, Any]]
    totals: list[dict[str, Any]] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    size: float = 9
    pad: float = 2.6
    signature: Signature | None = None  # printed only: names and dates are not the sheet's data

    def text_rows(self, records: Sequence[Mapping[str, Any]], missing: str = "—") -> list[tuple[str, ...]]:
        """Printed text per row; a key absent from a record (a totals row's unused cell) prints `missing`."""
        return [tuple(cell_text(record[c.key]) if c.key in record else missing for c in self.columns) for record in records]

    def section(self) -> Section:
        return Section(
            title=self.title, subtitle=self.subtitle,
            columns=[Col(c.header, c.width, c.align) for c in self.columns],
            rows=self.text_rows(self.records), totals=self.text_rows(self.totals, ""),
            notes=self.notes, size=self.size, pad=self.pad, signature=self.signature,
        )

    def fingerprint(self) -> str:
        return fingerprint([self.title, *self.text_rows(self.records), *self.text_rows(self.totals), *self.notes])

    def contents(self) -> Contents:
        """The sheet's text as printed, kept so that a later check can say what changed."""
        keys = [c.key for c in self.columns]
        key = keys.index("name") if "name" in keys else next(
            (i for i, c in enumerate(self.columns) if c.header not in SEQUENCE_HEADERS), 0)
        return of_table([c.header for c in self.columns], self.text_rows(self.records), key,
                        self.text_rows(self.totals, ""), self.notes)

    def excel_columns(self):
        from desktop.excel.sheet import Column

        return [Column(c.header, c.key, _same, to_cell=excel_cell, width=max(8, int(c.width * 0.8))) for c in self.columns]

    def excel_records(self) -> list[dict[str, Any]]:
        return [*self.records, *self.totals]


def _same(value):
    return value


def excel_cell(value):
    """Numbers stay numbers in Excel; everything else is written as it is printed."""
    if isinstance(value, bool) or value is None:
        return cell_text(value) if value is not None else None
    if isinstance(value, (int, float)):
        return value
    return cell_text(value)


def cell_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):  # scores, all in one format: 100.00, 95.50, 91.25
        return f"{value:.2f}"
    return str(value)


def fingerprint(rows: Any) -> str:
    """sha256 of the canonical JSON of the rows a document was made from."""
    canonical = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"


def kind_label(kind: str) -> str:
    try:
        return branch_kind_label(kind)
    except ValueError:
        return kind


def _target_line(year: int, target: float | None, count: int, done: int) -> str:
    line = f"{year} 年标准化规范化党支部 {done} 个，占 {percent(done, count)}"
    if target is None:
        return line + "；本年度未设目标。"
    short = shortfall(target, count, done)
    return line + f"；年度目标 {target * 100:g}%，" + ("已达到目标。" if short == 0 else f"尚差 {short} 个。")


# ---------------------------------------------------------------- 年度考评汇总表

SUMMARY_COLUMNS = (
    SheetColumn("序号", "seq", 7), SheetColumn("支部名称", "name", 24, "left"), SheetColumn("类型", "kind", 14.5),
    SheetColumn("组织评定", "org", 11.6), SheetColumn("党员评议", "member", 11.6), SheetColumn("群众评判", "public", 11.6),
    SheetColumn("社会评价", "social", 11.6), SheetColumn("综合得分", "composite", 11.6), SheetColumn("考评达标", "meets", 8.5),
    SheetColumn("最强资格", "eligible", 8.5), SheetColumn("未获资格原因", "bars", 18.5, "left"), SheetColumn("状态", "state", 17.5),
)
SCORE_KEYS = ("org", "member", "public", "social", "composite")
# The reasons column carries a mark per bar, and the notes spell the marks out; an applied veto is
# written out, since it is what fails a branch whatever its score.
BAR_MARKS = dict(zip(BAR_LABELS, "①②③④⑤⑥⑦⑧⑨", strict=False))  # marks to spare for a new bar
NOT_SCORED = "未考评"
BAR_LEGEND = ("未获资格原因：" + "　".join(f"{BAR_MARKS[code]}{label}" for code, label in BAR_LABELS.items())
              + f"。“{NOT_SCORED}”：尚无完整的评分。")


# A branch that meets the standard on its scores but whose standardization was withdrawn this year
# (seed §四(四): 取消评定及相关待遇保障) is marked in 考评达标, and a note under the table says when.
REVOKED_MARK = "※"


def standardization_revoked(r: Any) -> bool:
    return bool(r.meets_standard and getattr(r, "revoked", False) and not r.standardized)


def revoked_note(r: Any) -> str:
    when = getattr(r, "revoked_on", None)
    reason = (getattr(r, "revoked_reason", None) or "").strip()
    return (f"{REVOKED_MARK}{r.name}：考评达标，但其标准化规范化党支部评定已于"
            + (f" {when:%Y-%m-%d} " if when else "本年度") + "撤销" + (f"（{reason}）" if reason else "")
            + "，取消评定及相关待遇保障，不计入标准化规范化党支部。")


@dataclass(frozen=True)
class Signing:
    """Who signs the summary sheet in a year (desktop.services.settings): the issuer under its seal, the
    default 制表人 and 审核人 (None: a line to sign on), the 区委组织部 it goes to, and the date."""

    issuer: str
    signed_on: date
    preparer: str | None = None
    reviewer: str | None = None
    department: str | None = None


def _score(value) -> float | None:
    return None if value is None else float(value)


def summary_reasons(r: Any) -> str:
    """Why a branch is not eligible for 最强: 未考评 before its scores are in, an applied veto with
    its text, then the marks of the other bars."""
    veto = getattr(r, "veto", None)
    if r.meets_standard is None and not veto:
        return NOT_SCORED
    bars = [b for b in r.strongest_bars if not (veto and b == "not_standardized")]  # the veto says why
    marks = "".join(BAR_MARKS.get(b, b) for b in bars)
    return "；".join(part for part in (f"一票否决：{veto}" if veto else "", marks) if part)


def summary_sheet(year: int, results: Sequence[Any], target: float | None, weights: Weights = Weights(),
                  signing: Signing | None = None) -> Sheet:
    records, ordered = [], in_branch_order(results)
    for seq, r in enumerate(ordered, start=1):
        record = {"seq": seq, "name": r.name, "kind": kind_label(r.branch_kind)}
        record.update({key: _score(getattr(r, key)) for key in SCORE_KEYS})
        record.update({
            "meets": f"是{REVOKED_MARK}" if standardization_revoked(r) else r.meets_standard,
            "eligible": r.strongest_eligible, "bars": summary_reasons(r),
            "state": state_label(r.state, getattr(r, "outcome", None), r.standardized),
        })
        records.append(record)
    count = len(results)
    done = sum(1 for r in results if r.standardized)
    meets = sum(1 for r in results if r.meets_standard)
    eligible = sum(1 for r in results if r.strongest_eligible)
    totals = [{"name": f"合计 {count} 个", "composite": _mean([r.composite for r in results]),
               "meets": meets, "eligible": eligible}]
    subtitle = f"考评年度：{year} 年　　参评党支部：{count} 个"
    if signing is not None and signing.department:
        subtitle += f"　　报送：{signing.department}"
    return Sheet(
        "summary", f"{year}年度党支部标准化规范化考评汇总表", (subtitle,),
        SUMMARY_COLUMNS, records, totals,
        (_target_line(year, target, count, done),
         f"说明：综合得分 = 组织评定×{weights.org:.0%} + 党员评议×{weights.member:.0%} + 群众评判×{weights.public:.0%}"
         f" + 社会评价×{weights.social:.0%}；合计行的综合得分为平均分。", BAR_LEGEND,
         *(revoked_note(r) for r in ordered if standardization_revoked(r))),
        pad=2.0, signature=signature_of(signing),
    )


def signature_of(signing: Signing | None) -> Signature | None:
    if signing is None:
        return None
    day = signing.signed_on
    return Signature((("制表人", signing.preparer), ("审核人", signing.reviewer),
                      ("日期", f"{day.year}年{day.month}月{day.day}日")), signing.issuer)


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None


# ---------------------------------------------------------------- 创建进度统计表

PROGRESS_COLUMNS = (
    SheetColumn("支部类型", "kind", 30), SheetColumn("支部数", "branches", 22), SheetColumn("标准化规范化", "standardized", 26),
    SheetColumn("占比", "share", 22), SheetColumn("年度目标", "target", 22), SheetColumn("尚差（个）", "shortfall", 22),
)


def progress_sheet(year: int, results: Sequence[Any], target: float | None) -> Sheet:
    by_kind: dict[str, list[Any]] = {}
    for r in results:
        by_kind.setdefault(r.branch_kind, []).append(r)
    order = [k.value for k in BranchKind] + sorted(set(by_kind) - {k.value for k in BranchKind})
    target_text = f"{target * 100:g}%" if target is not None else "—"

    def record(label: str, group: Sequence[Any]) -> dict:
        done = sum(1 for r in group if r.standardized)
        return {"kind": label, "branches": len(group), "standardized": done, "share": percent(done, len(group)),
                "target": target_text, "shortfall": shortfall(target, len(group), done)}

    records = [record(kind_label(kind), by_kind[kind]) for kind in order if kind in by_kind]
    totals = [record("合计", results)]
    done = sum(1 for r in results if r.standardized)
    return Sheet(
        "progress", f"{year}年度党支部标准化规范化创建进度统计表", (f"统计年度：{year} 年",),
        PROGRESS_COLUMNS, records, totals, (_target_line(year, target, len(results), done),), size=11,
    )


# ---------------------------------------------------------------- 组织生活落实情况表


@dataclass(frozen=True)
class MeetingComplianceRow:
    """One branch's year: per required meeting type (held, required) for the whole year, the gap
    periods so far, and (periods met, periods due) summed over its types, for the rate."""

    branch_name: str
    counts: Mapping[str, tuple[int, int]]
    gaps: Mapping[str, Sequence[str]] = field(default_factory=dict)
    periods: tuple[int, int] = (0, 0)


def meetings_sheet(year: int, as_of: date, rows: Sequence[MeetingComplianceRow]) -> Sheet:
    columns = (
        SheetColumn("序号", "seq", 7), SheetColumn("支部名称", "name", 24, "left"),
        *(SheetColumn(label, code, 10) for code, label in MEETING_LABELS.items()),
        SheetColumn("落实率", "rate", 13), SheetColumn("缺项", "gaps", 26, "left"),
    )
    records, met_all, due_all = [], 0, 0
    for seq, row in enumerate(in_branch_order(rows, name=attrgetter("branch_name")), start=1):
        record: dict[str, Any] = {"seq": seq, "name": row.branch_name}
        for code in MEETING_LABELS:
            held, required = row.counts.get(code, (0, 0))
            record[code] = f"{held}/{required}" if required else "—"
        met, due = row.periods
        record["rate"] = percent(met, due)
        record["gaps"] = "\n".join(  # one meeting type a line
            f"{MEETING_LABELS.get(code, code)} {'、'.join(period_label(p, year) for p in periods)}"
            for code, periods in row.gaps.items() if periods
        )
        met_all += met
        due_all += due
        records.append(record)
    with_gaps = sum(1 for r in rows if any(r.gaps.values()))
    return Sheet(
        "meetings", f"{year}年度党支部组织生活落实情况表",
        (f"统计年度：{year} 年　　截至：{as_of:%Y-%m-%d}",
         "单元格为全年“已开/应开”次数，“—”表示该支部无此要求；落实率为已到期各期中按要求开会的比例；"
         "缺项列出已到期而未开会的月份（如 03）、季度（如 Q2）或全年。"),
        columns, records, [{"name": "合计", "rate": percent(met_all, due_all), "gaps": f"有缺项的支部 {with_gaps} 个"}],
        (f"全街道组织生活落实率 {percent(met_all, due_all)}；{len(rows)} 个支部中 {with_gaps} 个有缺项。",),
        size=8.5, pad=1.8,
    )


def period_label(period: str, year: int) -> str:
    """Within one year's sheet: "2025-03" -> "03", "2025-Q2" -> "Q2", "2025" -> "全年"."""
    if period == str(year):
        return "全年"
    prefix = f"{year}-"
    return period[len(prefix):] if period.startswith(prefix) else period


# ---------------------------------------------------------------- 支部基本情况表

REGISTRY_COLUMNS = (
    SheetColumn("序号", "seq", 8), SheetColumn("支部名称", "name", 35, "left"), SheetColumn("类型", "kind", 15),
    SheetColumn("上级党组织", "parent", 30, "left"), SheetColumn("书记", "secretary", 12), SheetColumn("党员", "members", 11),
    SheetColumn("任期届满", "term_end", 18), SheetColumn("设置问题", "findings", 27, "left"),
)


def registry_sheet(year: int, as_of: date, rows: Sequence[Any]) -> Sheet:
    records = []
    for seq, r in enumerate(rows, start=1):
        records.append({
            "seq": seq, "name": r.name, "kind": kind_label(r.branch_kind), "parent": r.parent_org,
            "secretary": r.secretary, "members": f"{r.full_members}+{r.probationary_members}",
            "term_end": r.term_end.isoformat() if r.term_end else None,
            "findings": "、".join(FINDING_LABELS.get(f.code, f.code) for f in setup_problems(r.findings)) or "无",
        })
    flagged = sum(1 for r in rows if setup_problems(r.findings))
    return Sheet(
        "registry", "党支部基本情况表", (f"年度：{year} 年　　基准日：{as_of:%Y-%m-%d}　　党员栏为“正式+预备”",),
        REGISTRY_COLUMNS, records, [],
        (f"共 {len(rows)} 个党支部，其中 {flagged} 个存在设置问题。",), pad=2.0,
    )

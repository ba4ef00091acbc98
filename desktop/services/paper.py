"""Printing use cases: build a document from the data, write the PDF, record the print, verify it.

Each document kind knows how to rebuild its rows from its parameters (year, as-of date, branches,
copies). The same rebuild serves the print and, later, `verify`: the fingerprint of the rebuilt rows
is compared with the one stored when the paper was printed.
"""

from __future__ import annotations

import json
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError
from desktop.models import PrintRecord
from desktop.paper import forms, sheets
from desktop.paper.layout import GBT9704, CancelFlag, Page, Progress, Stamp, format_code, layout_sections, write_pdf
from desktop.services import paper_sources as sources
from desktop.services.session import unit_of_work

# Unambiguous on paper and when typed back: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8

KIND_LABELS = {
    "summary": "年度考评汇总表", "progress": "创建进度统计表", "meetings": "组织生活落实情况表",
    "registry": "支部基本情况表", "score_sheets": "考评打分表", "ballots": "评议票", "certificate": "荣誉证书",
    "trends": "趋势分析报告",
}
SHEET_KINDS = ("summary", "progress", "meetings", "registry")
ISSUER_KINDS = ("summary",)  # printed with the issuer's name under its seal
BALLOT_CHOICES = {"member": ("member",), "public": ("public",), "both": ("member", "public")}


@dataclass
class Built:
    """A document ready to draw: its pages are laid out only when drawn."""

    title: str
    subject: str
    fingerprint: str
    layout: Callable[[], list[Page]]
    sheet: sheets.Sheet | None = None


@dataclass(frozen=True)
class PrintResult:
    code: str
    path: Path
    pages: int
    description: str
    skipped: tuple[str, ...] = field(default_factory=tuple)  # e.g. revoked certificates left out
    codes: tuple[str, ...] = field(default_factory=tuple)  # a certificate batch: one per certificate

    @property
    def code_text(self) -> str:
        return format_code(self.code)


def normalize_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Fill defaults so the stored parameters rebuild exactly the same rows later."""
    if kind not in KIND_LABELS or kind in ("certificate", "trends"):
        raise BranchdeskError(f"未知的文件类型“{kind}”。")
    year = params.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise BranchdeskError("请指定有效的年度（2000–2100）。")
    result: dict[str, Any] = {"year": year}
    if kind in ("meetings", "registry", "score_sheets"):
        as_of = params.get("as_of") or default_as_of(year).isoformat()
        result["as_of"] = as_of.isoformat() if isinstance(as_of, date) else str(as_of)
    if params.get("branch_ids") is not None:
        result["branch_ids"] = sorted(int(i) for i in params["branch_ids"])
    if kind in ("score_sheets", "ballots"):
        copies = params.get("copies")
        copies = 1 if copies is None else copies
        if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 500:
            raise BranchdeskError("份数应为 1–500 的整数。")
        result["copies"] = copies
    if kind == "ballots":
        ballot = params.get("ballot") or "both"
        if ballot not in BALLOT_CHOICES:
            raise BranchdeskError("评议票类型应为 member（党员评议）、public（群众评判）或 both。")
        result["ballot"] = ballot
    return result


def default_as_of(year: int, today: date | None = None) -> date:
    today = today or date.today()
    return today if year >= today.year else date(year, 12, 31)


def _sheet_built(sheet: sheets.Sheet, subject: str) -> Built:
    return Built(sheet.title, subject, sheet.fingerprint(), lambda: layout_sections([sheet.section()]), sheet)


def _scope(engine: Engine, params: dict) -> str:
    """For whom, in words: all branches, the named ones (up to three), or how many were chosen."""
    ids = params.get("branch_ids")
    if ids is None:
        return "全部党支部"
    if len(ids) <= 3:
        return "、".join(b.name for b in sources.branch_briefs(engine, ids)) or "（已删除的支部）"
    return f"所选 {len(ids)} 个党支部"


def build(engine: Engine, kind: str, params: dict[str, Any]) -> Built:
    """Rebuild a document's rows from the database (params already normalized)."""
    year, ids = params["year"], params.get("branch_ids")
    as_of = date.fromisoformat(params["as_of"]) if "as_of" in params else None
    if kind in ("summary", "progress"):
        results, target = sources.year_results(engine, year, ids), sources.year_target(engine, year)
        if kind == "summary":
            sheet = sheets.summary_sheet(year, results, target, sources.rubric_for_year(engine, year).view.weights,
                                         sources.signing(engine, year, date.today()))
        else:
            sheet = sheets.progress_sheet(year, results, target)
        return _sheet_built(sheet, _scope(engine, params))
    if kind == "meetings":
        return _sheet_built(sheets.meetings_sheet(year, as_of, sources.meeting_rows(engine, year, as_of, ids)), _scope(engine, params))
    if kind == "registry":
        from desktop.services.branches import list_branches

        rows = list_branches(engine, year, as_of)
        if ids is not None:
            rows = [r for r in rows if r.id in set(ids)]
        return _sheet_built(sheets.registry_sheet(year, as_of, rows), _scope(engine, params))
    if kind == "score_sheets":
        return _score_sheets(engine, year, as_of, ids, params["copies"], params)
    return _ballots(engine, year, ids, params["copies"], params["ballot"], params)


def _score_sheets(engine, year, as_of, ids, copies, params) -> Built:
    briefs = sources.branch_briefs(engine, ids)
    if not briefs:
        raise BranchdeskError("没有可打印的党支部。")
    rubric = sources.rubric_for_year(engine, year)
    evidence = sources.rubric_evidence(engine, year, as_of, [b.id for b in briefs], rubric)
    branches = [forms.ScoreSheetBranch(b.name, sheets.kind_label(b.branch_kind), evidence.get(b.id, {})) for b in briefs]
    rows = [[b.name, b.kind_label, forms.score_sheet_rows(rubric.areas, b.evidence)] for b in branches] + [rubric.view.vetoes]
    return Built(
        f"{year}年度考评评分表", f"{_scope(engine, params)}，每支部 {copies} 份", sheets.fingerprint([year, copies, rows]),
        lambda: forms.score_sheet_pages(year, rubric.areas, branches, copies, rubric.view.vetoes),
    )


def _ballots(engine, year, ids, copies, ballot, params) -> Built:
    names = [b.name for b in sources.branch_briefs(engine, ids)]
    if not names:
        raise BranchdeskError("没有可打印的党支部。")
    kinds = BALLOT_CHOICES[ballot]
    label = "、".join(forms.BALLOTS[k].title for k in kinds)
    return Built(
        f"{year}年度{label}", f"{_scope(engine, params)}，每支部 {copies} 张", sheets.fingerprint([year, copies, list(kinds), names]),
        lambda: [page for k in kinds for page in forms.ballot_pages(k, year, names, copies)],
    )


# ---------------------------------------------------------------- codes and records


def new_codes(session: Session, count: int) -> list[str]:
    """`count` fresh verification codes, none already recorded."""
    codes: set[str] = set()
    while len(codes) < count:
        batch = {"".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(count - len(codes))}
        taken = set(session.scalars(select(PrintRecord.code).where(PrintRecord.code.in_(batch))))
        codes |= batch - taken
    return sorted(codes, key=lambda _: secrets.randbits(32))


def describe(kind: str, year: int | None, printed_at: datetime, subject: str) -> str:
    when = f"（{year} 年）" if year else ""
    return f"{KIND_LABELS.get(kind, kind)}{when}，{printed_at:%Y-%m-%d %H:%M} 打印，对象：{subject}"


def print_document(
    engine: Engine, kind: str, params: dict[str, Any], path: Path | str,
    progress: Progress | None = None, cancel: CancelFlag | None = None, now: datetime | None = None,
) -> PrintResult:
    """Build, draw and record one document (any kind except certificates)."""
    params = normalize_params(kind, params)
    if kind in ISSUER_KINDS:
        sources.issuer(engine, params["year"])  # refused before anything is drawn or recorded
    built = build(engine, kind, params)
    now = (now or datetime.now()).replace(microsecond=0)
    with Session(engine) as session:
        (code,) = new_codes(session, 1)
    pages = write_pdf(path, built.layout(), GBT9704, built.title, Stamp(code, now), progress, cancel)
    return record_print(engine, code, kind, params, built.subject, now, built.fingerprint, pages, path)


def record_print(engine: Engine, code: str, kind: str, params: dict[str, Any], subject: str, now: datetime,
                 fingerprint: str, pages: int, path: Path | str) -> PrintResult:
    """Record a print so its verification code can be looked up later."""
    with unit_of_work(engine) as session:
        session.execute(insert(PrintRecord), [{
            "code": code, "document_kind": kind, "year": params["year"],
            "parameters": json.dumps(params, ensure_ascii=False, sort_keys=True), "subject": subject[:200],
            "printed_at": now, "fingerprint": fingerprint, "pages": pages,
        }])
    return PrintResult(code, Path(path), pages, describe(kind, params["year"], now, subject))


def export_sheet(engine: Engine, kind: str, params: dict[str, Any], path: Path | str) -> Path:
    """Write a summary sheet's rows (the same rows as its PDF, totals included) to .xlsx."""
    if kind not in SHEET_KINDS:
        raise BranchdeskError(f"“{KIND_LABELS.get(kind, kind)}”不是汇总表，不能导出为 Excel。")
    from desktop.excel.sheet import write_rows

    sheet = build(engine, kind, normalize_params(kind, params)).sheet
    return write_rows(path, sheet.excel_columns(), sheet.excel_records(), KIND_LABELS[kind])


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class Verification:
    code: str
    document_kind: str
    year: int | None
    printed_at: datetime
    subject: str
    pages: int
    changed: bool | None  # None: the data can no longer be rebuilt (see `note`)
    note: str = ""

    @property
    def description(self) -> str:
        text = describe(self.document_kind, self.year, self.printed_at, self.subject) + f"，共 {self.pages} 页。"
        if self.changed is None:
            return text + f"无法核对数据：{self.note}"
        if self.changed:
            return text + "打印后数据已有变化，纸质件与当前数据不一致。"
        return text + "打印后数据未变化。"


def normalize_code(text: str) -> str:
    """A verification code as typed -> as stored. A Chinese IME types full-width letters and dashes
    (ＫＣＸＰ－ＫＰＤＴ); NFKC folds them to ASCII, and every dash, space or other separator is dropped,
    so only the code's letters and digits (upper case) are compared."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def verify(engine: Engine, code: str) -> Verification | None:
    """What a verification code was printed on, and whether its data has changed since. None if unknown."""
    wanted = normalize_code(code)
    with Session(engine) as session:
        record = session.scalar(select(PrintRecord).where(PrintRecord.code == wanted))
        if record is None:
            return None
        session.expunge(record)
    params = json.loads(record.parameters)
    try:
        if record.document_kind == "certificate":
            from desktop.services.certificates import certificate_fingerprint

            now = certificate_fingerprint(engine, params["certificate_id"])
        elif record.document_kind == "trends":
            from desktop.paper.trends_report import rebuilt_fingerprint

            now = rebuilt_fingerprint(engine, params)
        else:
            now = build(engine, record.document_kind, params).fingerprint
        changed, note = now != record.fingerprint, ""
    except BranchdeskError as error:
        changed, note = None, error.message
    return Verification(
        format_code(record.code), record.document_kind, record.year, record.printed_at,
        record.subject, record.pages, changed, note,
    )

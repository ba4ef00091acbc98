"""The printable document kinds, declared once: label, parameters, how to print, how to rebuild the
fingerprint of a printed copy for verification, and whether it also exports to Excel.

The print dialog, `branchdesk report`, `verify-paper` and the stored-value check all read this
registry; a new kind of document is one entry here (its builder lives with the area it prints).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.errors import BranchdeskError
from desktop.glossary import DOCUMENT_LABELS
from desktop.models import PrintRecord
from desktop.paper.contents import Contents, Difference, differences
from desktop.paper.layout import CancelFlag, Progress, format_code
from desktop.services import branch_file, certificates, paper, plan_paper, prints, score_record, trends_report, weak_paper
from desktop.services import paper_sources as sources
from desktop.services.prints import PrintResult
from desktop.services.session import retry_on_conflict
from desktop.store.workspace import Workspace, local_time

Params = dict[str, Any]


def _year(value: Any, params: Params) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise BranchdeskError("请指定有效的年度（2000–2100）。")
    return value


def _as_of(value: Any, params: Params) -> str:
    as_of = value or paper.default_as_of(params["year"])
    return as_of.isoformat() if isinstance(as_of, date) else str(as_of)


def _branch_ids(value: Any, params: Params) -> list[int] | None:
    return None if value is None else sorted(int(i) for i in value)


def _copies(value: Any, params: Params) -> int:
    copies = 1 if value is None else value
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 500:
        raise BranchdeskError("份数应为 1–500 的整数。")
    return copies


def _ballot(value: Any, params: Params) -> str:
    ballot = value or "both"
    if ballot not in paper.BALLOT_CHOICES:
        raise BranchdeskError("评议票类型应为 member（党员评议）、public（群众评判）或 both。")
    return ballot


def _honour(value: Any, params: Params) -> str:
    honour = value or "standardized"
    certificates.check_honour(honour)
    return honour


def _named(what: str) -> Callable[[Any, Params], str]:
    """A name the document cannot do without (a session's UUID, a scorer)."""

    def check(value: Any, params: Params) -> str:
        if not isinstance(value, str) or not value.strip():
            raise BranchdeskError(f"请指定{what}。")
        return value.strip()

    return check


# Each parameter's check and default; a document lists the ones it takes, in this order.
PARAMETERS: dict[str, Callable[[Any, Params], Any]] = {
    "year": _year, "as_of": _as_of, "branch_ids": _branch_ids, "copies": _copies, "ballot": _ballot,
    "honour": _honour, "first_year": _year, "last_year": _year, "branch_kind": lambda value, _params: value or None,
    "session": _named("评分会"), "scorer": _named("评分人（评委）"),
}

Rebuilt = tuple[str, "Contents | None"]
Printer = Callable[[Workspace, Params, "Path | str", "Progress | None", "CancelFlag | None", "datetime | None"], PrintResult]


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # stored in print_record.document_kind
    label: str
    cli_name: str  # `branchdesk report NAME`
    parameters: tuple[str, ...]
    print: Printer  # normalized parameters -> the PDF drawn and recorded
    # A print record's stored parameters -> the data now: its fingerprint and, where kept, its text.
    rebuild: Callable[[Workspace, Params], Rebuilt]
    build: Callable[[Workspace, Params], paper.Built] | None = None  # sheets and forms
    excel: bool = False  # the same rows as .xlsx

    def normalize(self, params: Params) -> Params:
        """Fill defaults so the stored parameters rebuild exactly the same rows later."""
        result: Params = {}
        for name in self.parameters:
            value = PARAMETERS[name](params.get(name), result)
            if value is not None:
                result[name] = value
        return result


def _sheet(kind: str, cli_name: str, parameters: tuple[str, ...], build, *, excel: bool = False,
           issuer: bool = False) -> DocumentKind:
    label = DOCUMENT_LABELS[kind]

    def print_sheet(ws, params, path, progress=None, cancel=None, now=None):
        if issuer:  # printed with the issuer's name under its seal: refused before anything is drawn
            sources.issuer(ws, params["year"])
        return paper.print_built(ws, kind, label, params, build(ws, params), path, progress, cancel, now)

    def rebuild(ws: Workspace, params: Params) -> Rebuilt:
        built = build(ws, params)
        return built.fingerprint, built.contents

    return DocumentKind(kind, label, cli_name, parameters, print_sheet, rebuild, build, excel)


def _print_certificates(ws, params, path, progress=None, cancel=None, now=None) -> PrintResult:
    return certificates.print_certificates(ws, params["year"], params["honour"], path, params.get("branch_ids"),
                                           progress, cancel, now)


def _print_trends(ws, params, path, progress=None, cancel=None, now=None) -> PrintResult:
    return trends_report.trends_report(ws, params["first_year"], params["last_year"], path,
                                       kind=params.get("branch_kind"), now=now)


REGISTRY: dict[str, DocumentKind] = {d.kind: d for d in (
    _sheet("summary", "summary", ("year", "branch_ids"), paper.build_summary, excel=True, issuer=True),
    _sheet("progress", "progress", ("year", "branch_ids"), paper.build_progress, excel=True),
    _sheet("meetings", "meetings", ("year", "as_of", "branch_ids"), paper.build_meetings, excel=True),
    _sheet("registry", "registry", ("year", "as_of", "branch_ids"), paper.build_registry, excel=True),
    _sheet("branch_file", "branch-file", ("year", "as_of", "branch_ids"), branch_file.build, excel=True),
    DocumentKind("certificate", DOCUMENT_LABELS["certificate"], "certificates", ("year", "honour", "branch_ids"), _print_certificates,
                 lambda ws, params: certificates.certificate_rebuilt(ws, params["certificate_id"])),
    _sheet("score_sheets", "score-sheets", ("year", "as_of", "branch_ids", "copies"), paper.build_score_sheets),
    _sheet("ballots", "ballots", ("year", "branch_ids", "copies", "ballot"), paper.build_ballots),
    # One scorer of one session: from the 评分会 page (the print dialog opened on it) and `report score-record`.
    _sheet("score_record", "score-record", ("year", "session", "scorer"), score_record.build),
    _sheet("weak_cases", "weak-cases", ("year", "branch_ids"), weak_paper.build_ledger, excel=True),
    _sheet("weak_closure", "weak-closure", ("year", "branch_ids"), weak_paper.build_closure,
           issuer=True),
    _sheet("inspections", "inspections", ("year",), weak_paper.build_inspections, excel=True),
    _sheet("plan", "plan", ("year",), plan_paper.build_plan, excel=True),
    _sheet("rewards", "rewards", ("year",), plan_paper.build_rewards, excel=True),
    # From the 趋势图表 tab and `report trends` (its own range arguments); never from the print dialog.
    DocumentKind("trends", DOCUMENT_LABELS["trends"], "trends", ("first_year", "last_year", "branch_kind"), _print_trends,
                 lambda ws, params: (trends_report.rebuilt_fingerprint(ws, params), None)),
)}


def document(kind: str) -> DocumentKind:
    if kind not in REGISTRY:
        raise BranchdeskError(f"未知的文件类型“{kind}”。")
    return REGISTRY[kind]


def label(kind: str) -> str:
    """A stored document kind in words (a kind this version does not know: as stored)."""
    return REGISTRY[kind].label if kind in REGISTRY else kind


def by_cli_name(name: str) -> DocumentKind:
    return next(entry for entry in REGISTRY.values() if entry.cli_name == name)


def print_document(
    ws: Workspace, kind: str, params: Params, path: Path | str,
    progress: Progress | None = None, cancel: CancelFlag | None = None, now: datetime | None = None,
) -> PrintResult:
    """Check the parameters, then draw and record one document of any kind: one unit of work for
    what it reads, the numbers it hands out and the prints it records (retried as a whole when a
    concurrent writer took the same certificate serial or verification code)."""
    entry = document(kind)
    normalized = entry.normalize(params)
    return retry_on_conflict(ws, lambda _session: entry.print(ws, normalized, path, progress, cancel, now))


def export_sheet(ws: Workspace, kind: str, params: Params, path: Path | str) -> Path:
    """Write a summary sheet's rows (the same rows as its PDF, totals included) to .xlsx."""
    entry = document(kind)
    if not entry.excel or entry.build is None:
        raise BranchdeskError(f"“{entry.label}”不是汇总表，不能导出为 Excel。")
    return paper.export_built(entry.build(ws, entry.normalize(params)), entry.label, path)


def export_word(ws: Workspace, kind: str, params: Params, path: Path | str) -> Path:
    """Write a summary sheet as .docx (the same rows as its PDF), for pasting into a report."""
    entry = document(kind)
    if not entry.excel or entry.build is None:
        raise BranchdeskError(f"“{entry.label}”不是汇总表，不能导出为 Word。")
    return paper.word_built(entry.build(ws, entry.normalize(params)), entry.label, path, local_time(ws.now()))


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
    # What changed, row by row (the text as printed against today's); empty when unchanged, when the
    # print kept no text (printed before it was kept, a report of charts) or only the title moved.
    differences: tuple[Difference, ...] = ()

    @property
    def description(self) -> str:
        text = prints.describe(label(self.document_kind), self.year, self.printed_at, self.subject) + f"，共 {self.pages} 页。"
        if self.changed is None:
            return text + f"无法核对数据：{self.note}"
        if self.changed:
            text += "打印后数据已有变化，纸质件与当前数据不一致"
            if self.differences:
                return text + f"，共 {len(self.differences)} 处："
            return text + "。"
        return text + "打印后数据未变化。"

    def lines(self, limit: int | None = None) -> list[str]:
        """The changes in words, one a line (at most `limit`, then how many more)."""
        shown = [d.text for d in self.differences[:limit]]
        if limit is not None and len(self.differences) > limit:
            shown.append(f"……另有 {len(self.differences) - limit} 处变化")
        return shown


def normalize_code(text: str) -> str:
    """A verification code as typed -> as stored. A Chinese IME types full-width letters and dashes
    (ＫＣＸＰ－ＫＰＤＴ); NFKC folds them to ASCII, and every dash, space or other separator is dropped,
    so only the code's letters and digits (upper case) are compared."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def shown_code(typed: str) -> str:
    """A code as the clerk is told of it, found or not: as looked up (normalize_code), in the printed
    ABCD-EFGH form when it has a printed code's length; as typed only when nothing of it is left."""
    code = normalize_code(typed)
    if len(code) == prints.CODE_LENGTH:
        return format_code(code)
    return code or typed.strip()


def verify(ws: Workspace, code: str) -> Verification | None:
    """What a verification code was printed on, and whether its data has changed since. None if unknown."""
    wanted = normalize_code(code)
    with ws.read() as session:
        record = session.scalar(select(PrintRecord).where(PrintRecord.code == wanted))
        if record is None:
            return None
        session.expunge(record)
    contents: Contents | None = None
    if record.layout != prints.layout_of(record.document_kind):
        changed, note = None, (
            f"这份文件由较早版本的软件打印（版式第 {record.layout} 版），此后这种文件的内容已更新"
            f"（现为第 {prints.layout_of(record.document_kind)} 版），不能与当前数据逐项比对；"
            "上面的文件名称、年度和打印时间仍可作为来源证明。"
        )
    else:
        try:
            now, contents = document(record.document_kind).rebuild(ws, json.loads(record.parameters))
            changed, note = now != record.fingerprint, ""
        except BranchdeskError as error:
            changed, note = None, error.message
    found: tuple[Difference, ...] = ()
    if changed and record.contents is not None and contents is not None:
        found = tuple(differences(Contents.from_json(record.contents), contents))
    return Verification(
        format_code(record.code), record.document_kind, record.year, local_time(record.printed_at),
        record.subject, record.pages, changed, note, found,
    )

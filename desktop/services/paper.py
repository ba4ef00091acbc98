"""The sheets and forms (汇总表, 进度表, 组织生活表, 基本情况表, 评分表, 评议票): rebuild a document's rows
from its (normalized) parameters, draw it, record the print.

The same rebuild serves the print and, later, verification: the fingerprint of the rebuilt rows is
compared with the one stored when the paper was printed. Which kinds exist, with their labels and
parameters, is declared once in desktop.services.documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.errors import BranchdeskError
from desktop.paper import forms, sheets
from desktop.paper.contents import Contents, of_table
from desktop.paper.layout import GBT9704, CancelFlag, Page, PageStyle, Progress, Stamp, layout_sections, write_pdf
from desktop.services import paper_sources as sources
from desktop.services import prints
from desktop.store.workspace import Workspace, local_time

BALLOT_CHOICES = {"member": ("member",), "public": ("public",), "both": ("member", "public")}


@dataclass
class Built:
    """A document ready to draw: its pages are laid out only when drawn."""

    title: str
    subject: str
    fingerprint: str
    layout: Callable[[], list[Page]]
    sheet: sheets.Sheet | None = None
    style: PageStyle = GBT9704  # the pages' size and margins (a wide 台账 is landscape)
    # The text as printed when it is not the sheet's own rows (a form, or a 档案 printed as sections
    # and exported as a sheet); None: the sheet's rows, or nothing kept.
    form_contents: Contents | None = None

    @property
    def contents(self) -> Contents | None:
        if self.form_contents is not None:
            return self.form_contents
        return self.sheet.contents() if self.sheet is not None else None


def default_as_of(year: int, today: date | None = None) -> date:
    today = today or date.today()
    return today if year >= today.year else date(year, 12, 31)


def _sheet_built(sheet: sheets.Sheet, subject: str) -> Built:
    return Built(sheet.title, subject, sheet.fingerprint(), lambda: layout_sections([sheet.section()]), sheet)


def _scope(ws: Workspace, params: dict) -> str:
    """For whom, in words: all branches, the named ones (up to three), or how many were chosen."""
    ids = params.get("branch_ids")
    if ids is None:
        return "全部党支部"
    if len(ids) <= 3:
        return "、".join(b.name for b in sources.branch_briefs(ws, ids)) or "（已删除的支部）"
    return f"所选 {len(ids)} 个党支部"


def _as_of(params: dict) -> date:
    return date.fromisoformat(params["as_of"])


def build_summary(ws: Workspace, params: dict[str, Any]) -> Built:
    year = params["year"]
    results, target = sources.year_results(ws, year, params.get("branch_ids")), sources.year_target(ws, year)
    sheet = sheets.summary_sheet(year, results, target, sources.rubric_for_year(ws, year).view.weights,
                                 sources.signing(ws, year, date.today()))
    return _sheet_built(sheet, _scope(ws, params))


def build_progress(ws: Workspace, params: dict[str, Any]) -> Built:
    year = params["year"]
    results, target = sources.year_results(ws, year, params.get("branch_ids")), sources.year_target(ws, year)
    return _sheet_built(sheets.progress_sheet(year, results, target), _scope(ws, params))


def build_meetings(ws: Workspace, params: dict[str, Any]) -> Built:
    year, as_of = params["year"], _as_of(params)
    rows = sources.meeting_rows(ws, year, as_of, params.get("branch_ids"))
    return _sheet_built(sheets.meetings_sheet(year, as_of, rows), _scope(ws, params))


def build_registry(ws: Workspace, params: dict[str, Any]) -> Built:
    from desktop.services.branches import list_branches

    year, as_of, ids = params["year"], _as_of(params), params.get("branch_ids")
    rows = list_branches(ws, year, as_of)
    if ids is not None:
        rows = [r for r in rows if r.id in set(ids)]
    return _sheet_built(sheets.registry_sheet(year, as_of, rows), _scope(ws, params))


def build_score_sheets(ws: Workspace, params: dict[str, Any]) -> Built:
    return _score_sheets(ws, params["year"], _as_of(params), params.get("branch_ids"), params["copies"], params)


def build_ballots(ws: Workspace, params: dict[str, Any]) -> Built:
    return _ballots(ws, params["year"], params.get("branch_ids"), params["copies"], params["ballot"], params)


def _score_sheets(ws, year, as_of, ids, copies, params) -> Built:
    briefs = sources.branch_briefs(ws, ids)
    if not briefs:
        raise BranchdeskError("没有可打印的党支部。")
    rubric = sources.rubric_for_year(ws, year)
    evidence = sources.rubric_evidence(ws, year, as_of, [b.id for b in briefs], rubric)
    branches = [forms.ScoreSheetBranch(b.name, sheets.kind_label(b.branch_kind), evidence.get(b.id, {})) for b in briefs]
    rows = [[b.name, b.kind_label, forms.score_sheet_rows(rubric.areas, b.evidence)] for b in branches] + [rubric.view.vetoes]
    return Built(
        f"{year}年度考评评分表", f"{_scope(ws, params)}，每支部 {copies} 份", sheets.fingerprint([year, copies, rows]),
        lambda: forms.score_sheet_pages(year, rubric.areas, branches, copies, rubric.view.vetoes),
        form_contents=of_table(["支部名称", "类型"], [[b.name, b.kind_label] for b in branches], 0),
    )


def _ballots(ws, year, ids, copies, ballot, params) -> Built:
    names = [b.name for b in sources.branch_briefs(ws, ids)]
    if not names:
        raise BranchdeskError("没有可打印的党支部。")
    kinds = BALLOT_CHOICES[ballot]
    label = "、".join(forms.BALLOTS[k].title for k in kinds)
    return Built(
        f"{year}年度{label}", f"{_scope(ws, params)}，每支部 {copies} 张", sheets.fingerprint([year, copies, list(kinds), names]),
        lambda: [page for k in kinds for page in forms.ballot_pages(k, year, names, copies)],
        form_contents=of_table(["支部名称"], [[name] for name in names], 0),
    )


def print_built(
    ws: Workspace, kind: str, label: str, params: dict[str, Any], built: Built, path: Path | str,
    progress: Progress | None = None, cancel: CancelFlag | None = None, now: datetime | None = None,
) -> prints.PrintResult:
    """Draw a built document with a fresh verification code and record the print."""
    now = (now or local_time(ws.now())).replace(microsecond=0)

    def draw(codes: list[str]) -> int:
        return write_pdf(path, built.layout(), built.style, built.title, Stamp(codes[0], now), progress, cancel)

    def records(codes: list[str], pages: int) -> list[dict]:
        return [prints.record(codes[0], kind, params, built.subject, now, built.fingerprint, pages, built.contents)]

    codes, pages = prints.draw_and_record(ws, 1, draw, records)
    return prints.PrintResult(codes[0], Path(path), pages, prints.describe(label, params["year"], now, built.subject))


def export_built(built: Built, label: str, path: Path | str) -> Path:
    """Write a summary sheet's rows (the same rows as its PDF, totals included) to .xlsx."""
    from desktop.excel.sheet import write_rows

    if built.sheet is None:
        raise BranchdeskError(f"“{label}”不是汇总表，不能导出为 Excel。")
    return write_rows(path, built.sheet.excel_columns(), built.sheet.excel_records(), label)


def word_built(built: Built, label: str, path: Path | str, now: datetime) -> Path:
    """Write a summary sheet as .docx: the same rows as its PDF, on the same page."""
    from desktop.paper.word import write_sheet

    if built.sheet is None:
        raise BranchdeskError(f"“{label}”不是汇总表，不能导出为 Word。")
    return write_sheet(path, built.sheet, built.style, now)

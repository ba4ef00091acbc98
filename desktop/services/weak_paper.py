"""The 整顿提升 documents: rebuild their rows from the (normalized) print parameters, for the print
and for `verify-paper` alike (desktop.services.documents declares the kinds)."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.errors import BranchdeskError
from desktop.paper import weak_sheets
from desktop.paper.layout import GBT9704_LANDSCAPE, layout_sections
from desktop.services import inspections, weak_cases
from desktop.services import paper_sources as sources
from desktop.services.paper import Built


def _cases(ws, params: dict[str, Any]) -> list[weak_cases.CaseView]:
    cases = weak_cases.list_cases(ws, params["year"])
    ids = params.get("branch_ids")
    return cases if ids is None else [c for c in cases if c.branch_id in set(ids)]


def _scope(cases, params: dict[str, Any]) -> str:
    if params.get("branch_ids") is None:
        return f"全部 {len(cases)} 个整顿对象"
    names = [c.name for c in cases]
    return "、".join(names) if len(names) <= 3 else f"所选 {len(names)} 个整顿对象"


def build_ledger(ws, params: dict[str, Any]) -> Built:
    year = params["year"]
    cases = _cases(ws, params)
    sheet = weak_sheets.ledger_sheet(year, cases, sources.signing(ws, year, date.today()))
    return Built(sheet.title, _scope(cases, params), sheet.fingerprint(),
                 lambda: layout_sections([sheet.section()], GBT9704_LANDSCAPE), sheet, GBT9704_LANDSCAPE)


def build_closure(ws, params: dict[str, Any]) -> Built:
    """One 整顿销号审批表 per case (of the chosen branches, or every case of the year)."""
    year = params["year"]
    cases = _cases(ws, params)
    if not cases:
        raise BranchdeskError(f"{year} 年没有可打印的整顿台账。")
    issuer = sources.issuer(ws, year)
    return Built("软弱涣散党组织整顿销号审批表", _scope(cases, params), weak_sheets.closure_fingerprint(cases),
                 lambda: layout_sections(weak_sheets.closure_sections(cases, issuer)))


def build_inspections(ws, params: dict[str, Any]) -> Built:
    year = params["year"]
    sheet = weak_sheets.inspections_sheet(year, inspections.list_inspections(ws, year), inspections.list_talks(ws, year))
    return Built(sheet.title, f"{year} 年督查检查和约谈", sheet.fingerprint(),
                 lambda: layout_sections([sheet.section()], GBT9704_LANDSCAPE), sheet, GBT9704_LANDSCAPE)

"""The 创建计划与激励 documents: rebuild their rows from the (normalized) print parameters, for the
print and for `verify-paper` alike (desktop.services.documents declares the kinds)."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.paper import plan_sheets
from desktop.paper.layout import GBT9704_LANDSCAPE, layout_sections
from desktop.services import paper_sources as sources
from desktop.services.paper import Built
from desktop.services.plan import year_plan
from desktop.services.rewards import year_rewards


def _built(sheet, subject: str) -> Built:
    return Built(sheet.title, subject, sheet.fingerprint(), lambda: layout_sections([sheet.section()], GBT9704_LANDSCAPE),
                 sheet, GBT9704_LANDSCAPE)


def build_plan(ws, params: dict[str, Any]) -> Built:
    year = params["year"]
    plan = year_plan(ws, year)
    sheet = plan_sheets.plan_sheet(year, plan.rows, plan.count, sources.signing(ws, year, date.today()))
    return _built(sheet, f"全部 {len(plan.rows)} 个党支部")


def build_rewards(ws, params: dict[str, Any]) -> Built:
    year = params["year"]
    found = year_rewards(ws, year)
    sheet = plan_sheets.rewards_sheet(year, found.rows, found.rates, sources.signing(ws, year, date.today()))
    return _built(sheet, f"全部 {len(found.rows)} 个党支部")

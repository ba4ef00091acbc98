"""Helpers for the paper tests: synthetic evaluation results and meeting rows, and PDF read-back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BASE14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


@dataclass
class FakeResult:
    """The shape of desktop.services.results.BranchResult (issue 4's contract)."""

    branch_id: int
    name: str
    branch_kind: str
    org: float | None = 92.0
    member: float | None = 96.5
    public: float | None = 90.0
    social: float | None = 100.0
    composite: float | None = 93.4
    meets_standard: bool | None = True
    strongest_eligible: bool = False
    strongest_bars: tuple[str, ...] = ("review_below_excellent",)
    state: str = "accepted"
    standardized: bool = True
    strongest_level: str | None = None
    revoked: bool = False


def install_fake_results(monkeypatch, results: list[FakeResult]) -> list[FakeResult]:
    """Route desktop.services.paper_sources.year_results to `results` (the list stays editable)."""
    from desktop.services import paper_sources

    def year_results(engine, year, branch_ids=None):
        rows = list(results)
        return rows if branch_ids is None else [r for r in rows if r.branch_id in set(branch_ids)]

    monkeypatch.setattr(paper_sources, "year_results", year_results)
    return results


def install_fake_meetings(monkeypatch) -> None:
    from desktop.paper.sheets import MeetingComplianceRow
    from desktop.services import paper_sources

    def meeting_rows(engine, year, as_of, branch_ids=None):
        return [
            MeetingComplianceRow(b.name, {"committee_meeting": (10, 12), "theme_day": (12, 12)}, {"committee_meeting": (f"{year}-03", f"{year}-08")})
            for b in paper_sources.branch_briefs(engine, branch_ids)
        ]

    monkeypatch.setattr(paper_sources, "meeting_rows", meeting_rows)


def add_branches(engine, count: int, prefix: str = "测试") -> list[int]:
    from desktop.services.branches import save_branch

    kinds = ("community", "village", "government", "private_enterprise")
    return [
        save_branch(engine, {"name": f"{prefix}{i:04d}社区党支部", "branch_kind": kinds[i % 4], "full_members": 5 + i % 9,
                             "has_committee": i % 2 == 0, "secretary": "王建国"})
        for i in range(count)
    ]


def page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=None)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=0, lazy=True)
    return frozenset(font.getBestCmap())


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` that no font file used by the documents can draw."""
    from desktop.paper import fonts

    covered: set[int] = set()
    for role in fonts.ROLES:
        covered |= _cmap(str(fonts.face_path(role)))
    return {ch for ch in text if not ch.isspace() and ord(ch) not in covered}


def font_problems(path: Path) -> list[str]:
    """Every font on every page must be an embedded TrueType subset (FontFile2), never a base-14 font."""
    from pypdf import PdfReader

    problems = []
    for number, page in enumerate(PdfReader(str(path)).pages, start=1):
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        if not fonts:
            problems.append(f"page {number}: no fonts")
        for key, ref in fonts.items():
            font = ref.get_object()
            base = str(font.get("/BaseFont", "")).lstrip("/")
            if base.split("+")[-1] in BASE14:
                problems.append(f"page {number}: base-14 font {base}")
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                problems.append(f"page {number}: {key} {base} not embedded as TrueType")
            elif "+" not in base:
                problems.append(f"page {number}: {base} is not a subset")
    return problems


FOOTER = re.compile(r"第(\d+)页共(\d+)页")

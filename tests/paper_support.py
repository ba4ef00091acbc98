"""Helpers for the paper tests: evaluation results for the pure sheet tests, branches, PDF read-back."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from desktop.services.results import BranchResult

BASE14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


def result(branch_id: int, name: str, branch_kind: str, **values) -> BranchResult:
    """A real BranchResult for the pure sheet tests: an accepted branch with typical scores unless
    `values` say otherwise."""
    base = {"org": 92.0, "member": 96.5, "public": 90.0, "social": 100.0, "composite": 93.4, "meets_standard": True,
            "strongest_eligible": False, "strongest_bars": ("review_below_excellent",), "state": "accepted",
            "standardized": True, "strongest_level": None, "revoked": False}
    return BranchResult(branch_id, name, branch_kind, **{**base, **values})


def add_branches(ws, count: int, prefix: str = "测试") -> list[int]:
    from desktop.services.branches import save_branch

    kinds = ("community", "village", "government", "private_enterprise")
    return [
        save_branch(ws, {"name": f"{prefix}{i:04d}社区党支部", "branch_kind": kinds[i % 4], "full_members": 5 + i % 9,
                             "has_committee": i % 2 == 0, "secretary": "王建国"})
        for i in range(count)
    ]


def page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
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

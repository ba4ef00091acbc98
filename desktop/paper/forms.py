"""Blank forms for paper scoring: the rubric score sheet per branch, member and public ballots.

Ballots are anonymous by construction: they carry the branch and the year, never a name, and are
not numbered (a number handed out in order would link a ballot to the member who got it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.paper import fonts
from desktop.paper.layout import GBT9704, Col, Page, Section, layout_sections, wrap, wrap_indented
from desktop.rules.evidence import Evidence


@dataclass(frozen=True)
class RubricItem:
    code: str
    name: str
    max_points: float


@dataclass(frozen=True)
class RubricArea:
    name: str
    items: tuple[RubricItem, ...]

    @property
    def points(self) -> float:
        return sum(item.max_points for item in self.items)


@dataclass(frozen=True)
class ScoreSheetBranch:
    name: str
    kind_label: str
    evidence: Mapping[str, Evidence]  # rubric item code -> the ledgers' evidence and suggested score


def points(value: float) -> str:
    return f"{value:g}"


def _suggestion(found: Evidence) -> str:
    return "—" if found.suggested is None else points(found.suggested)  # None: a meeting still owed


def score_sheet_rows(rubric: Sequence[RubricArea], evidence: Mapping[str, Evidence]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for area in rubric:
        for index, item in enumerate(area.items):
            label = f"{area.name}\n（{points(area.points)}分）" if index == 0 else ""
            found = evidence.get(item.code)
            text, suggested = ("", "") if found is None else (found.text, _suggestion(found))
            rows.append((label, item.name, points(item.max_points), text, suggested, ""))
    return rows


SCORE_COLUMNS = (
    Col("一级指标", 24), Col("二级指标", 36, "left"), Col("分值", 11), Col("台账佐证", 54, "left"), Col("建议分", 14),
    Col("得分", 15),
)


def veto_line(vetoes: Sequence[str]) -> str:
    """The year's 一票否决 items as boxes to tick; a blank when the rubric has none."""
    if not vetoes:
        return "一票否决事项（如有）：______________________"
    return "一票否决事项（有则划√）：" + "　".join(f"□{name}" for name in vetoes)


def score_sheet_sections(year: int, rubric: Sequence[RubricArea], branches: Sequence[ScoreSheetBranch], copies: int = 1,
                         vetoes: Sequence[str] = ()) -> list[Section]:
    total = points(sum(area.points for area in rubric))
    sections = []
    for branch in branches:
        section = Section(
            title=f"{year}年度党支部标准化规范化建设考评打分表",
            subtitle=(
                f"被考评党支部：{branch.name}（{branch.kind_label}）",
                "评分人（签字）：______________　　评分日期：______年____月____日",
            ),
            columns=SCORE_COLUMNS,
            rows=score_sheet_rows(rubric, branch.evidence),
            totals=(("合计", "", total, "", "", ""),),
            notes=(
                "说明：每项得分不超过分值，可记半分；台账佐证、建议分由台账和会议记录生成，仅供参考。",
                veto_line(vetoes),
            ),
            size=8.5, pad=1.4, title_size=18, merge_first=True,
        )
        sections.extend([section] * copies)
    return sections


def score_sheet_pages(year: int, rubric: Sequence[RubricArea], branches: Sequence[ScoreSheetBranch], copies: int = 1,
                      vetoes: Sequence[str] = ()) -> list[Page]:
    return layout_sections(score_sheet_sections(year, rubric, branches, copies, vetoes))


# ---------------------------------------------------------------- ballots


@dataclass(frozen=True)
class BallotSpec:
    kind: str  # member | public
    title: str
    subject_label: str
    instruction: str
    choices: tuple[str, ...]
    reason_prompt: str | None = None


BALLOTS = {
    "member": BallotSpec(
        "member", "党员评议党支部评议票", "被评议党支部",
        "请对本支部本年度标准化规范化建设情况作出评价，在所选等次下方的方框内划“√”。只能选一项，多选或不选为无效票。本票不记名。",
        ("优秀", "合格", "基本合格", "不合格"),
    ),
    "public": BallotSpec(
        "public", "群众评判党支部测评表", "被测评党支部",
        "请对该党支部的工作作出评价，在所选意见下方的方框内划“√”。只能选一项。本表不记名。",
        ("满意", "基本满意", "不满意"),
        "如选“不满意”，请写明具体事项（将逐条核实）：",
    ),
}
BALLOTS_PER_PAGE = 2


def _draw_ballot(canvas: Canvas, spec: BallotSpec, year: int, branch: str, top: float, height: float) -> None:
    style = GBT9704
    title, body = fonts.font_name("title"), fonts.font_name("body")
    centre = style.size[0] / 2
    y = top - 9 * mm
    canvas.setFont(title, 18)
    canvas.drawCentredString(centre, y, f"{year}年度{spec.title}")
    canvas.setFont(body, 13)
    y -= 12 * mm
    for line in wrap(f"{spec.subject_label}：{branch}", body, 13, style.width):
        canvas.drawString(style.left, y, line)
        y -= 7 * mm
    y -= 1 * mm
    canvas.setFont(body, 11)
    for indent, line in wrap_indented(spec.instruction, body, 11, style.width, 22):
        canvas.drawString(style.left + indent, y, line)
        y -= 6 * mm
    # Choice grid: labels on top, a box to tick under each.
    y -= 3 * mm
    cell = style.width / len(spec.choices)
    row = 9 * mm
    canvas.setLineWidth(0.8)
    for index, choice in enumerate(spec.choices):
        x = style.left + index * cell
        canvas.rect(x, y - row, cell, row)
        canvas.rect(x, y - 2 * row - 4 * mm, cell, row + 4 * mm)
        canvas.setFont(fonts.font_name("hei"), 13)
        canvas.drawCentredString(x + cell / 2, y - row + 3 * mm, choice)
    y -= 2 * row + 4 * mm
    if spec.reason_prompt:
        canvas.setFont(body, 11)
        y -= 7 * mm
        canvas.drawString(style.left, y, spec.reason_prompt)
        for _ in range(2):
            y -= 8 * mm
            canvas.line(style.left, y, style.left + style.width, y)
    canvas.setFont(body, 11)
    canvas.drawRightString(style.left + style.width, top - height + 8 * mm, "______年____月____日")


def ballot_pages(kind: str, year: int, branches: Sequence[str], copies: int) -> list[Page]:
    """`copies` ballots for each branch, two to an A4 page with a cutting line between them."""
    spec = BALLOTS[kind]
    slips = [name for name in branches for _ in range(copies)]
    half = GBT9704.height / BALLOTS_PER_PAGE
    pages: list[Page] = []
    for start in range(0, len(slips), BALLOTS_PER_PAGE):
        batch = slips[start : start + BALLOTS_PER_PAGE]

        def draw(canvas: Canvas, batch=batch) -> None:
            top = GBT9704.size[1] - GBT9704.top
            for index, branch in enumerate(batch):
                _draw_ballot(canvas, spec, year, branch, top - index * half, half)
            if len(batch) > 1:
                y = top - half
                canvas.setDash(4, 3)
                canvas.setLineWidth(0.5)
                canvas.line(GBT9704.left - 12 * mm, y, GBT9704.size[0] - GBT9704.right + 12 * mm, y)
                canvas.setDash()
                canvas.setFont(fonts.font_name("body"), 8)
                canvas.drawRightString(GBT9704.size[0] - GBT9704.right, y + 1.5 * mm, "沿虚线裁开")

        pages.append(draw)
    return pages

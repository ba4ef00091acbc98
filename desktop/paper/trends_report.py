"""趋势分析报告: every trend chart with a short table of its figures, in one A4 PDF.

Print conventions (DOMAIN.md) come from the shared paper base: GB/T 9704 margins, the title and
body faces of desktop.paper.fonts, and the standard footer ("第 X 页 共 Y 页", generation time,
verification code). Charts and tables flow with platypus, so the page count is known only at the
end: each page's state is kept and the footers are drawn when the document is saved. Typesetting
only: the figures, the drawn charts and the names come in as plain values
(desktop.services.trends_report gathers them and records the print).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.errors import BranchdeskError
from desktop.paper import fonts
from desktop.paper.layout import GBT9704, Stamp, draw_footer
from desktop.paper.sheets import fingerprint
from desktop.rules.trends import ChartData, Dashboard, pct
from desktop.store import files
from desktop.store.files import atomic_path

REPORT_TITLE = "趋势分析报告"


def report_subtitle(subdistrict: str, first_year: int, last_year: int) -> str:
    return f"{subdistrict} · {first_year}—{last_year} 年"


def _footer_canvas(stamp: Stamp):
    class _Footer(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw_footer(self, GBT9704, stamp, number, total)
                super().showPage()
            super().save()

    return _Footer


def _styles(title_font: str, body_font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=title_font, fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=4 * mm),
        "subtitle": ParagraphStyle("subtitle", fontName=body_font, fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=6 * mm),
        "heading": ParagraphStyle("heading", fontName=title_font, fontSize=14, leading=20, spaceBefore=4 * mm, spaceAfter=2 * mm),
        "body": ParagraphStyle("body", fontName=body_font, fontSize=10.5, leading=16),
        "cell": ParagraphStyle("cell", fontName=body_font, fontSize=9, leading=12),
    }


def _table(header, rows, font: str, widths=None) -> Table:
    table = Table([list(header), *[list(r) for r in rows]], colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


@dataclass(frozen=True)
class ChartPicture:
    """A chart already drawn: PNG bytes and the width/height ratio they were drawn at."""

    png: bytes
    aspect: float


def chart_image(picture: ChartPicture, width: float) -> Image:
    """The drawn chart scaled to `width` points."""
    return Image(io.BytesIO(picture.png), width=width, height=width / picture.aspect)


def dashboard_rows(board: Dashboard) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for goal in (board.standardized, board.strongest):
        gap = "—" if goal.shortfall is None else f"{goal.shortfall} 个"
        rows.append((goal.label, f"{goal.achieved}/{goal.total}", pct(goal.share), pct(goal.target), gap))
    return rows


@dataclass(frozen=True)
class ReportSection:
    """One part of the report: a heading (None: it follows the previous table), a chart, a table."""

    heading: str | None
    picture: ChartPicture | None
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class ReportData:
    board: Dashboard
    charts: tuple[ChartData, ...]

    def fingerprint(self) -> str:
        """What the printed figures are made of: the standing table and every chart's table."""
        return fingerprint([
            dashboard_rows(self.board), [(label, len(ids)) for _s, label, ids in self.board.states],
            [(d.title, d.table_header, d.table_rows) for d in self.charts],
        ])


def report_sections(data: ReportData, pictures: list[ChartPicture]) -> list[ReportSection]:
    """The report's parts in order, the same for the PDF and the Word file."""
    board = data.board
    sections = [
        ReportSection(f"{board.year} 年创建进度（在册支部 {board.active} 个；{board.weak_text}）", None,
                      ("指标", "已达到", "占比", "目标", "尚差"), dashboard_rows(board)),
        ReportSection(None, None, ("工作进度", "支部数"), [(label, str(len(ids))) for _s, label, ids in board.states]),
    ]
    for number, (chart, picture) in enumerate(zip(data.charts, pictures, strict=True), start=1):
        sections.append(ReportSection(f"{number}. {chart.title}", picture, tuple(chart.table_header),
                                      [tuple(row) for row in chart.table_rows]))
    return sections


def write_report(
    path: Path | str, data: ReportData, pictures: list[ChartPicture], subdistrict: str, author: str,
    first_year: int, last_year: int, stamp: Stamp,
) -> int:
    """Typeset the report to `path` (atomically); returns the number of pages."""
    title_font, body_font = fonts.font_name("title"), fonts.font_name("body")
    styles = _styles(title_font, body_font)
    story: list = [
        Paragraph(REPORT_TITLE, styles["title"]),
        Paragraph(report_subtitle(subdistrict, first_year, last_year), styles["subtitle"]),
    ]
    for section in report_sections(data, pictures):
        if section.heading is None:
            story.append(Spacer(1, 2 * mm))
        elif section.picture is None:
            story.append(Paragraph(section.heading, styles["heading"]))
        else:
            heading = Paragraph(section.heading, styles["heading"])
            story.append(KeepTogether([heading, chart_image(section.picture, GBT9704.width)]))
            story.append(Spacer(1, 2 * mm))
        story.append(_table(section.header, section.rows, body_font))
    path = Path(path)
    counter = _PageCounter()
    try:
        with atomic_path(path) as temp:
            document = SimpleDocTemplate(
                temp, pagesize=GBT9704.size, topMargin=GBT9704.top, bottomMargin=GBT9704.bottom,
                leftMargin=GBT9704.left, rightMargin=GBT9704.right, title=REPORT_TITLE,
                author=author, subject=f"验证码 {stamp.code_text}",
                initialFontName=body_font,  # else ReportLab leaves an unembedded Helvetica reference
            )
            document.build(story, canvasmaker=_footer_canvas(stamp), onLaterPages=counter, onFirstPage=counter)
    except OSError as error:
        raise BranchdeskError(f"无法写入 {path}：{files.reason(error)}") from error
    return counter.pages


class _PageCounter:
    def __init__(self):
        self.pages = 0

    def __call__(self, _canvas, _document) -> None:
        self.pages += 1

"""趋势分析报告: every trend chart with a short table of its figures, in one A4 PDF.

Print conventions (DOMAIN.md): A4, GB/T 9704 margins (top 37 mm, bottom 35, left 28, right 26),
a title face and a body face, and a footer on every page with "第 X 页 共 Y 页" and the generation
time. The page furniture is kept in `PAGE` and `_Footer` so the document can move onto the shared
sheet base of desktop.paper without touching the content.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import Engine

from desktop import paths, settings
from desktop.errors import BranchdeskError
from desktop.charts.export import atomic_path
from desktop.rules.trends import ChartData, Dashboard, pct
from desktop.services import trends

IMAGE_DPI = 200
BUNDLED_FONT = "WQYMicroHei"


@dataclass(frozen=True)
class PageSetup:
    top: float = 37 * mm
    bottom: float = 35 * mm
    left: float = 28 * mm
    right: float = 26 * mm
    footer_y: float = 20 * mm  # inside the bottom margin


PAGE = PageSetup()


def _fonts() -> tuple[str, str]:
    """(title face, body face). The bundled TrueType CJK font serves both; the shared paper base
    may pick the PC's 黑体/仿宋 instead."""
    if BUNDLED_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(BUNDLED_FONT, str(paths.resource("fonts", "wqy-microhei.ttc")), subfontIndex=0))
    return BUNDLED_FONT, BUNDLED_FONT


def _footer_canvas(font: str, generated: datetime):
    """A canvas that numbers pages as "第 X 页 共 Y 页": the total is known only after the last page,
    so each page's state is kept and the footers are drawn when the document is saved."""

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
                self.setFont(font, 9)
                self.setFillColor(colors.HexColor("#333333"))
                self.drawString(PAGE.left, PAGE.footer_y, f"生成时间：{generated:%Y-%m-%d %H:%M}")
                self.drawRightString(A4[0] - PAGE.right, PAGE.footer_y, f"第 {number} 页 共 {total} 页")
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


def chart_image(data: ChartData, width: float) -> Image:
    """The chart as a 200-dpi PNG, scaled to `width` points."""
    from desktop.charts.figures import draw

    figure = draw(data).figure
    figure.axes[0].set_title("")  # the report's heading above the image says it already
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=IMAGE_DPI, facecolor="white")
    buffer.seek(0)
    inches_w, inches_h = figure.get_size_inches()
    return Image(buffer, width=width, height=width * inches_h / inches_w)


def dashboard_rows(board: Dashboard) -> list[tuple[str, ...]]:
    rows = []
    for goal in (board.standardized, board.strongest):
        gap = "—" if goal.shortfall is None else f"{goal.shortfall} 个"
        rows.append((goal.label, f"{goal.achieved}/{goal.total}", pct(goal.share), pct(goal.target), gap))
    return rows


def trends_report(
    engine: Engine, first_year: int, last_year: int, path: Path | str, kind: str | None = None,
    today: date | None = None,
) -> Path:
    """Write the report for first_year..last_year to `path` (atomically). Returns the path."""
    trends.check_range(first_year, last_year)
    today = today or date.today()
    generated = datetime.now()
    title_font, body_font = _fonts()
    styles = _styles(title_font, body_font)
    width = A4[0] - PAGE.left - PAGE.right
    board = trends.dashboard_for(engine, last_year, today)
    story = [
        Paragraph("趋势分析报告", styles["title"]),
        Paragraph(f"{settings.get(engine, 'subdistrict_name')} · {first_year}—{last_year} 年", styles["subtitle"]),
        Paragraph(f"{board.year} 年创建进度（在册支部 {board.active} 个；{board.weak_text}）", styles["heading"]),
        _table(("指标", "已达到", "占比", "目标", "尚差"), dashboard_rows(board), body_font),
        Spacer(1, 2 * mm),
        _table(("工作进度", "支部数"), [(label, str(len(ids))) for _s, label, ids in board.states], body_font),
    ]
    for number, name in enumerate(trends.CHART_NAMES, start=1):
        data = trends.chart_data(engine, name, first_year, last_year, kind=kind, today=today)
        heading = Paragraph(f"{number}. {data.title}", styles["heading"])
        story.append(KeepTogether([heading, chart_image(data, width)]))
        story.append(Spacer(1, 2 * mm))
        story.append(_table(data.table_header, data.table_rows, body_font))
    path = Path(path)
    try:
        with atomic_path(path) as temp:
            document = SimpleDocTemplate(
                temp, pagesize=A4, topMargin=PAGE.top, bottomMargin=PAGE.bottom, leftMargin=PAGE.left,
                rightMargin=PAGE.right, title="趋势分析报告", author=settings.get(engine, "issuer_name"),
                initialFontName=body_font,  # else ReportLab leaves an unembedded Helvetica reference
            )
            document.build(story, canvasmaker=_footer_canvas(body_font, generated))
    except OSError as error:
        raise BranchdeskError(f"无法写入 {path}：{error.strerror or error}") from error
    return path

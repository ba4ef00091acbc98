"""趋势分析报告: every trend chart with a short table of its figures, in one A4 PDF.

Print conventions (DOMAIN.md) come from the shared paper base: GB/T 9704 margins, the title and
body faces of desktop.paper.fonts, and the standard footer ("第 X 页 共 Y 页", generation time,
verification code). Charts and tables flow with platypus, so the page count is known only at the
end: each page's state is kept and the footers are drawn when the document is saved. The print is
recorded like every other sheet, and `verify-paper` recomputes the figures behind it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop import settings
from desktop.charts.export import atomic_path
from desktop.errors import BranchdeskError
from desktop.paper import fonts
from desktop.paper.layout import GBT9704, Stamp, draw_footer
from desktop.paper.sheets import fingerprint, kind_label
from desktop.rules.trends import ChartData, Dashboard, pct
from desktop.services import paper, trends
from desktop.store import files

IMAGE_DPI = 200
KIND = "trends"


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


def report_data(engine: Engine, first_year: int, last_year: int, kind: str | None, today: date) -> ReportData:
    trends.check_range(first_year, last_year)
    return ReportData(
        trends.dashboard_for(engine, last_year, today),
        tuple(trends.chart_data(engine, name, first_year, last_year, kind=kind, today=today) for name in trends.CHART_NAMES),
    )


def params_of(first_year: int, last_year: int, kind: str | None, today: date) -> dict:
    return {"year": last_year, "first_year": first_year, "last_year": last_year, "branch_kind": kind, "as_of": today.isoformat()}


def rebuilt_fingerprint(engine: Engine, params: dict) -> str:
    """The fingerprint of a recorded report's figures as they are today (for verification)."""
    return report_data(engine, params["first_year"], params["last_year"], params["branch_kind"],
                       date.fromisoformat(params["as_of"])).fingerprint()


def trends_report(
    engine: Engine, first_year: int, last_year: int, path: Path | str, kind: str | None = None,
    today: date | None = None, now: datetime | None = None,
) -> paper.PrintResult:
    """Write the report for first_year..last_year to `path` (atomically) and record the print."""
    today = today or date.today()
    subdistrict = settings.require(engine, "subdistrict_name")  # the report names the street
    data = report_data(engine, first_year, last_year, kind, today)
    now = (now or datetime.now()).replace(microsecond=0)
    with Session(engine) as session:
        (code,) = paper.new_codes(session, 1)
    title_font, body_font = fonts.font_name("title"), fonts.font_name("body")
    styles = _styles(title_font, body_font)
    board = data.board
    story = [
        Paragraph("趋势分析报告", styles["title"]),
        Paragraph(f"{subdistrict} · {first_year}—{last_year} 年", styles["subtitle"]),
        Paragraph(f"{board.year} 年创建进度（在册支部 {board.active} 个；{board.weak_text}）", styles["heading"]),
        _table(("指标", "已达到", "占比", "目标", "尚差"), dashboard_rows(board), body_font),
        Spacer(1, 2 * mm),
        _table(("工作进度", "支部数"), [(label, str(len(ids))) for _s, label, ids in board.states], body_font),
    ]
    for number, chart in enumerate(data.charts, start=1):
        heading = Paragraph(f"{number}. {chart.title}", styles["heading"])
        story.append(KeepTogether([heading, chart_image(chart, GBT9704.width)]))
        story.append(Spacer(1, 2 * mm))
        story.append(_table(chart.table_header, chart.table_rows, body_font))
    path = Path(path)
    counter = _PageCounter()
    try:
        with atomic_path(path) as temp:
            document = SimpleDocTemplate(
                temp, pagesize=GBT9704.size, topMargin=GBT9704.top, bottomMargin=GBT9704.bottom,
                leftMargin=GBT9704.left, rightMargin=GBT9704.right, title="趋势分析报告",
                author=settings.get(engine, "issuer_name", last_year) or subdistrict, subject=f"验证码 {Stamp(code, now).code_text}",
                initialFontName=body_font,  # else ReportLab leaves an unembedded Helvetica reference
            )
            document.build(story, canvasmaker=_footer_canvas(Stamp(code, now)), onLaterPages=counter, onFirstPage=counter)
    except OSError as error:
        raise BranchdeskError(f"无法写入 {path}：{files.reason(error)}") from error
    scope = f"{first_year}—{last_year} 年" + (f"，{kind_label(kind)}" if kind else "")
    return paper.record_print(engine, code, KIND, params_of(first_year, last_year, kind, today), scope, now,
                              data.fingerprint(), counter.pages, path)


class _PageCounter:
    def __init__(self):
        self.pages = 0

    def __call__(self, _canvas, _document) -> None:
        self.pages += 1

"""The 趋势分析报告 use case: gather the figures, draw the charts, typeset (desktop.paper.trends_report)
and record the print; `verify-paper` rebuilds the same figures and compares their fingerprint."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.glossary import DOCUMENT_LABELS
from desktop.paper.layout import Stamp
from desktop.paper.sheets import kind_label
from desktop.rules.trends import ChartData
from desktop.services import prints, settings, trends
from desktop.store.workspace import Workspace, local_time

if TYPE_CHECKING:
    from desktop.paper.trends_report import ChartPicture, ReportData

# desktop.paper.trends_report (ReportLab's platypus, ~0.3 s to import) is imported where the report
# is drawn or its figures fingerprinted: the registry of printable documents lists this kind, and
# every other print, and the stored-value check, import the registry.

IMAGE_DPI = 200
KIND = "trends"
LABEL = DOCUMENT_LABELS["trends"]


def report_data(ws: Workspace, first_year: int, last_year: int, kind: str | None, today: date) -> ReportData:
    from desktop.paper.trends_report import ReportData

    trends.check_range(first_year, last_year)
    with ws.read():  # one unit: the charts share what they read alike (trends.Read)
        read = trends.Read(ws)
        return ReportData(
            trends.dashboard_for(ws, last_year, today),
            tuple(trends.chart_data(ws, name, first_year, last_year, kind=kind, today=today, read=read)
                  for name in trends.REPORT_CHARTS),
        )


def chart_picture(data: ChartData) -> ChartPicture:
    """The chart as a 200-dpi PNG, without its title (the report's heading above it says it)."""
    from desktop.charts.figures import draw
    from desktop.charts.picture import DRAWING
    from desktop.paper.trends_report import ChartPicture

    buffer = io.BytesIO()
    with DRAWING:  # the window's charts may be painting on their own thread meanwhile
        figure = draw(data).figure
        figure.axes[0].set_title("")
        figure.savefig(buffer, format="png", dpi=IMAGE_DPI, facecolor="white")
    inches_w, inches_h = figure.get_size_inches()
    return ChartPicture(buffer.getvalue(), inches_w / inches_h)


def params_of(first_year: int, last_year: int, kind: str | None, today: date) -> dict:
    return {"year": last_year, "first_year": first_year, "last_year": last_year, "branch_kind": kind, "as_of": today.isoformat()}


def rebuilt_fingerprint(ws: Workspace, params: dict) -> str:
    """The fingerprint of a recorded report's figures as they are today (for verification)."""
    return report_data(ws, params["first_year"], params["last_year"], params["branch_kind"],
                       date.fromisoformat(params["as_of"])).fingerprint()


def trends_word(ws: Workspace, first_year: int, last_year: int, path: Path | str, kind: str | None = None,
                today: date | None = None) -> Path:
    """The report as .docx (charts as pictures, the same tables): not a print, no 验证码."""
    from desktop.paper.trends_report import report_sections, report_subtitle
    from desktop.paper.word import write_trends

    subdistrict = settings.require(ws, "subdistrict_name")
    data = report_data(ws, first_year, last_year, kind, today or date.today())
    sections = report_sections(data, [chart_picture(chart) for chart in data.charts])
    return write_trends(path, report_subtitle(subdistrict, first_year, last_year), sections, local_time(ws.now()))


def trends_report(
    ws: Workspace, first_year: int, last_year: int, path: Path | str, kind: str | None = None,
    today: date | None = None, now: datetime | None = None,
) -> prints.PrintResult:
    """Write the report for first_year..last_year to `path` (atomically) and record the print."""
    from desktop.paper.trends_report import write_report

    today = today or date.today()
    subdistrict = settings.require(ws, "subdistrict_name")  # the report names the street
    author = settings.get(ws, "issuer_name", last_year) or subdistrict
    data = report_data(ws, first_year, last_year, kind, today)
    pictures = [chart_picture(chart) for chart in data.charts]
    now = (now or local_time(ws.now())).replace(microsecond=0)
    params = params_of(first_year, last_year, kind, today)
    scope = f"{first_year}—{last_year} 年" + (f"，{kind_label(kind)}" if kind else "")

    def draw(codes: list[str]) -> int:
        return write_report(path, data, pictures, subdistrict, author, first_year, last_year, Stamp(codes[0], now))

    def records(codes: list[str], pages: int) -> list[dict]:
        return [prints.record(codes[0], KIND, params, scope, now, data.fingerprint(), pages)]

    codes, pages = prints.draw_and_record(ws, 1, draw, records)
    return prints.PrintResult(codes[0], Path(path), pages, prints.describe(LABEL, params["year"], now, scope))

"""The baselines for the paper benchmarks: certificates and table pages drawn with bare ReportLab
canvas calls and nothing else imported, the same page furniture as branchdesk's (two coloured
frames and sixteen corner strokes on a certificate; a header row, ruled rows and a footer on a table
page). `bench_paper.py` draws them in its own process, `bench_startup.py` runs this file as a
whole process:

    python scripts/bare_pages.py FONT certificates PAGES 0 OUT.pdf
    python scripts/bare_pages.py FONT summary PAGES ROWS OUT.pdf
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

RED = (0.72, 0.08, 0.08)
GOLD = (0.72, 0.55, 0.2)
# GB/T 9704 A4: top, bottom, left, right margins (desktop/paper/layout.py GBT9704).
MARGINS = (37 * mm, 35 * mm, 28 * mm, 26 * mm)
# The summary sheet's twelve columns (millimetres, desktop/paper/sheets.py SUMMARY_COLUMNS) and a
# row of typical cells.
SUMMARY_WIDTHS = (7, 24, 14.5, 11.6, 11.6, 11.6, 11.6, 11.6, 8.5, 8.5, 18.5, 17.5)
SUMMARY_CELLS = ("{n}", "和平{n:04d}社区党支部", "社区党支部", "90.50", "88.00", "100.00", "95.00", "92.35",
                 "是", "否", "②④", "已命名")


def certificate(canvas: Canvas, faces: tuple[str, str, str], recipient: str, year: int, honour_title: str,
                issuer: str, date_text: str, number: str, code: str) -> None:
    """One certificate page (title, kai and body faces), as desktop/paper/certificates.py lays it out."""
    title, kai, body = faces
    width, height = landscape(A4)
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setStrokeColorRGB(*GOLD)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    for cx, cy, dx, dy in ((13 * mm, 13 * mm, 1, 1), (13 * mm, height - 13 * mm, 1, -1),
                           (width - 13 * mm, 13 * mm, -1, 1), (width - 13 * mm, height - 13 * mm, -1, -1)):
        for o in (4 * mm, 6 * mm):
            canvas.line(cx + dx * o, cy + dy * o, cx + dx * (o + 14 * mm), cy + dy * o)
            canvas.line(cx + dx * o, cy + dy * o, cx + dx * o, cy + dy * (o + 14 * mm))
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setFillColorRGB(*RED)
    canvas.setFont(title, 50)
    canvas.drawCentredString(width / 2, height - 52 * mm, "荣 誉 证 书")
    canvas.setFillGray(0)
    canvas.setFont(kai, 22)
    canvas.drawString(42 * mm, height - 80 * mm, f"{recipient}：")
    canvas.drawString(42 * mm + 44, height - 95 * mm, f"你单位在{year}年度党支部标准化规范化创建工作中成绩突")
    canvas.drawString(42 * mm, height - 110 * mm, "出，被评为")
    canvas.setFillColorRGB(*RED)
    canvas.setFont(title, 32)
    canvas.drawCentredString(width / 2, height - 130 * mm, f"“{year}年度{honour_title}”")
    canvas.setFillGray(0)
    canvas.setFont(kai, 22)
    canvas.drawString(42 * mm + 44, height - 148 * mm, "特发此证。")
    canvas.setFont(kai, 20)
    canvas.drawCentredString(width - 81 * mm, 52 * mm, issuer)
    canvas.drawCentredString(width - 81 * mm, 40 * mm, date_text)
    canvas.setFont(body, 12)
    canvas.drawString(28 * mm, 30 * mm, f"证书编号：{number}")
    canvas.setFont(body, 10)
    canvas.drawString(28 * mm, 23 * mm, f"验证码：{code[:4]}-{code[4:]}")
    canvas.showPage()


def table(canvas: Canvas, faces: tuple[str, str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float],
          rows_per_page: int, pages: int) -> None:
    """Table pages on A4 with GB/T 9704 margins: the same cells at fixed positions, a header per page,
    ruled rows and a page-number footer, with no layout pass (body and heading faces)."""
    body, hei = faces
    top_margin, bottom, left, right = MARGINS
    page_width, page_height = A4
    scale = (page_width - left - right) / (sum(widths_mm) * mm)
    xs = [left]
    for w in widths_mm:
        xs.append(xs[-1] + w * mm * scale)
    top = page_height - top_margin
    for page in range(pages):
        y = top
        canvas.setFont(hei, 9)
        for i, x in enumerate(xs[:-1]):
            canvas.drawCentredString((x + xs[i + 1]) / 2, y - 11, "表头")
        for row in rows[page * rows_per_page: (page + 1) * rows_per_page]:
            y -= 15.25
            canvas.setFont(body, 9)
            for i, text in enumerate(row):
                canvas.drawString(xs[i] + 2, y - 11, text)
            canvas.line(xs[0], y, xs[-1], y)
        for x in xs:
            canvas.line(x, top, x, y)
        canvas.setFont(body, 9)
        canvas.drawCentredString(page_width / 2, bottom - 14 * mm, f"第 {page + 1} 页 共 {pages} 页")
        canvas.showPage()


def main(argv: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font, kind, pages, rows, out = argv[0], argv[1], int(argv[2]), int(argv[3]), argv[4]
    pdfmetrics.registerFont(TTFont("F", font, subfontIndex=0))
    if kind == "certificates":
        canvas = Canvas(out, pagesize=landscape(A4), initialFontName="F", pageCompression=1)
        for i in range(pages):
            certificate(canvas, ("F", "F", "F"), f"中共和平{i:04d}社区党支部委员会", 2025, "标准化规范化党支部",
                        "中共和平街道工作委员会", "二〇二六年三月", f"2025-标-{i:03d}", "ACDE3467")
    else:
        canvas = Canvas(out, pagesize=A4, initialFontName="F", pageCompression=1)
        cells = [tuple(c.format(n=n) for c in SUMMARY_CELLS) for n in range(1, rows + 1)]
        table(canvas, ("F", "F"), cells, SUMMARY_WIDTHS, -(-rows // pages), pages)
    canvas.save()


if __name__ == "__main__":
    main(sys.argv[1:])

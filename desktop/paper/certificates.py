"""荣誉证书: A4 landscape certificates, one page each, drawn straight onto the canvas.

The lower right quarter holds only the issuer and the date: the red seal is pressed over them
(盖章压字), so nothing else may sit within the seal's reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.glossary import HONOURS
from desktop.paper import fonts
from desktop.paper.layout import CERTIFICATE, CancelFlag, Page, Progress, format_code, wrap, wrap_indented, write_pdf

HONOUR_MARKS = {"standardized": "标", "strongest": "强"}
RED = (0.72, 0.08, 0.08)
GOLD = (0.72, 0.55, 0.2)
SEAL_DIAMETER = 42 * mm


@dataclass(frozen=True)
class CertificateSheet:
    """Everything printed on one certificate (plain data, already worded)."""

    honour: str  # standardized | strongest
    year: int
    recipient: str
    issuer: str
    date_text: str  # 二〇二六年三月
    number: str  # 2026-标-001
    code: str  # XXXXXXXX

    @property
    def honour_title(self) -> str:
        return HONOURS[self.honour]


def certificate_number(year: int, honour: str, serial: int) -> str:
    return f"{year}-{HONOUR_MARKS[honour]}-{serial:03d}"


def _draw_border(canvas: Canvas, width: float, height: float) -> None:
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setStrokeColorRGB(*GOLD)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    # Corner ornaments: short double strokes, drawn with lines so no glyph can go missing.
    for x, y, dx, dy in ((13, 13, 1, 1), (13, None, 1, -1), (None, 13, -1, 1), (None, None, -1, -1)):
        cx = 13 * mm if x is not None else width - 13 * mm
        cy = 13 * mm if y is not None else height - 13 * mm
        for offset in (4 * mm, 6 * mm):
            canvas.line(cx + dx * offset, cy + dy * offset, cx + dx * (offset + 14 * mm), cy + dy * offset)
            canvas.line(cx + dx * offset, cy + dy * offset, cx + dx * offset, cy + dy * (offset + 14 * mm))
    canvas.setStrokeColorRGB(0, 0, 0)


def certificate_page(sheet: CertificateSheet) -> Page:
    def draw(canvas: Canvas) -> None:
        width, height = CERTIFICATE.size
        title, kai = fonts.font_name("title"), fonts.font_name("kai")
        _draw_border(canvas, width, height)
        canvas.setFillColorRGB(*RED)
        canvas.setFont(title, 50)
        canvas.drawCentredString(width / 2, height - 52 * mm, "荣 誉 证 书")
        canvas.setFillGray(0)

        left, right = 42 * mm, width - 42 * mm
        size = 22
        canvas.setFont(kai, size)
        recipient = wrap(f"{sheet.recipient}：", kai, size, right - left)  # long unit names wrap
        # Extra recipient lines start the block higher, so the seal's room below stays clear.
        y = height - 80 * mm + (len(recipient) - 1) * size * 1.6
        for index, line in enumerate(recipient):
            canvas.drawString(left, y - index * size * 1.6, line)
        y -= (len(recipient) - 1) * size * 1.6
        body = f"你单位在{sheet.year}年度党支部标准化规范化创建工作中成绩突出，被评为"
        for indent, line in wrap_indented(body, kai, size, right - left, 2 * size):
            y -= size * 1.9
            canvas.drawString(left + indent, y, line)

        y -= size * 2.6
        canvas.setFillColorRGB(*RED)
        canvas.setFont(title, 32)
        canvas.drawCentredString(width / 2, y, f"“{sheet.year}年度{sheet.honour_title}”")
        canvas.setFillGray(0)
        canvas.setFont(kai, size)
        y -= size * 2.4
        canvas.drawString(left + 2 * size, y, "特发此证。")

        # Issuer and date, centred under where the seal will be pressed.
        seal_x = width - 40 * mm - SEAL_DIAMETER / 2 - 20 * mm
        canvas.setFont(kai, 20)
        canvas.drawCentredString(seal_x, 52 * mm, sheet.issuer)
        canvas.drawCentredString(seal_x, 40 * mm, sheet.date_text)

        body = fonts.font_name("body")
        canvas.setFont(body, 12)
        canvas.drawString(28 * mm, 30 * mm, f"证书编号：{sheet.number}")
        canvas.setFont(body, 10)
        canvas.drawString(28 * mm, 23 * mm, f"验证码：{format_code(sheet.code)}")

    return draw


def write_certificates(
    path: Path | str,
    sheets: Sequence[CertificateSheet],
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> int:
    title = "荣誉证书"
    if sheets:
        title = f"{sheets[0].year}年度{sheets[0].honour_title}荣誉证书"
    return write_pdf(path, [certificate_page(s) for s in sheets], CERTIFICATE, title, None, progress, cancel)

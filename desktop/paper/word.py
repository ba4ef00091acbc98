"""The summary sheets and the 趋势分析报告 as Word documents (.docx), for pasting into the year's 总结.

The same rows as the PDF, on the same page (A4, GB/T 9704 margins, landscape for a wide 台账), in
tables drawn like the PDF's: a grey header row repeated on every page, thin grey rules, the totals
row in bold, the notes below. A Word file is meant to be edited, so it carries no 验证码 and is not
recorded as a print; its last line says where and when it was exported. Fonts are named, not
embedded: 宋体 and 黑体 are on every Chinese Windows and WPS installation.

Typesetting only: plain sheets (desktop.paper.sheets) and report figures come in.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from desktop.errors import BranchdeskError
from desktop.paper.layout import GBT9704, PageStyle
from desktop.paper.sheets import Sheet
from desktop.paper.trends_report import REPORT_TITLE, ReportSection
from desktop.store import files
from desktop.store.files import atomic_path

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
HEADER_FILL = "EEEEEE"  # the PDF tables' header grey
RULE_COLOUR = "888888"
ALIGN = {"left": 0, "center": 1, "right": 2}  # WD_ALIGN_PARAGRAPH values


def _east_asian(run_or_style, name: str) -> None:
    """Word keeps a separate font for Chinese text: without w:eastAsia it falls back to its default."""
    from docx.oxml.ns import qn

    run_or_style.font.name = name
    properties = run_or_style.element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _document(style: PageStyle):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Pt(style.size[0]), Pt(style.size[1])
    section.orientation = WD_ORIENT.LANDSCAPE if style.size[0] > style.size[1] else WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Pt(style.top), Pt(style.bottom)
    section.left_margin, section.right_margin = Pt(style.left), Pt(style.right)
    normal = document.styles["Normal"]
    _east_asian(normal, BODY_FONT)
    normal.font.size = Pt(10.5)
    return document


def _paragraph(document, text: str, size: float, *, font: str = BODY_FONT, centred: bool = False, bold: bool = False):
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if centred:
        paragraph.alignment = ALIGN["center"]
    run = paragraph.add_run(text)
    _east_asian(run, font)
    run.font.size, run.font.bold = Pt(size), bold
    return paragraph


def _cell_fill(cell, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _rules(table) -> None:
    """Thin grey rules on every edge, as the PDF's GRID."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", RULE_COLOUR)):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def add_table(document, header: Sequence[str], rows: Sequence[Sequence[str]], *, widths: Sequence[float] | None = None,
              aligns: Sequence[str] | None = None, bold_rows: int = 0, size: float = 9) -> None:
    """A table like the PDF's; `widths` in points (scaled to fit), the last `bold_rows` rows in bold."""
    from docx.shared import Pt

    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.autofit = False
    table.alignment = ALIGN["center"]
    _rules(table)
    _repeat_header(table.rows[0])
    aligns = aligns or ["center"] * len(header)
    for r, values in enumerate([header, *rows]):
        bold = r == 0 or r > len(rows) - bold_rows
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            if widths is not None:
                cell.width = Pt(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.alignment = ALIGN["center"] if r == 0 else ALIGN.get(aligns[c], 1)
            run = paragraph.add_run(str(value))
            _east_asian(run, BODY_FONT)
            run.font.size, run.font.bold = Pt(size), bold
            if r == 0:
                _cell_fill(cell, HEADER_FILL)


def _exported_line(document, exported_at: datetime) -> None:
    _paragraph(document, f"本文件由党支部标准化规范化创建管理软件导出（{exported_at:%Y-%m-%d %H:%M}），不作为验证凭据；"
                         "核对数据请以带验证码的打印件为准。", 8)


def _save(document, path: Path | str) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".docx":
        path = path.with_suffix(".docx")
    try:
        with atomic_path(path) as temp:
            document.save(temp)
    except OSError as error:
        raise BranchdeskError(f"无法写入 {path}：{files.reason(error)}") from error
    return path


def write_sheet(path: Path | str, sheet: Sheet, style: PageStyle, exported_at: datetime) -> Path:
    """One summary sheet as .docx: title, subtitle lines, the table with its totals, the notes."""
    document = _document(style)
    _paragraph(document, sheet.title, 18, font=TITLE_FONT, centred=True)
    for line in sheet.subtitle:
        _paragraph(document, line, 10.5, centred=True)
    scale = style.width / sum(c.width for c in sheet.columns)
    add_table(document, [c.header for c in sheet.columns],
              [*sheet.text_rows(sheet.records), *sheet.text_rows(sheet.totals, "")],
              widths=[c.width * scale for c in sheet.columns], aligns=[c.align for c in sheet.columns],
              bold_rows=len(sheet.totals), size=sheet.size)
    for note in sheet.notes:
        _paragraph(document, note, 9)
    _exported_line(document, exported_at)
    return _save(document, path)


def write_trends(path: Path | str, subtitle: str, sections: Sequence[ReportSection], exported_at: datetime) -> Path:
    """The 趋势分析报告 as the PDF has it: per section a heading, its chart when it has one, its table."""
    from docx.shared import Pt

    document = _document(GBT9704)
    _paragraph(document, REPORT_TITLE, 22, font=TITLE_FONT, centred=True)
    _paragraph(document, subtitle, 12, centred=True)
    for section in sections:
        if section.heading is not None:
            _paragraph(document, section.heading, 14, font=TITLE_FONT)
        else:
            _paragraph(document, "", 4)  # the PDF's small gap between two tables
        if section.picture is not None:
            document.add_picture(io.BytesIO(section.picture.png), width=Pt(GBT9704.width))
            document.paragraphs[-1].alignment = ALIGN["center"]
        add_table(document, section.header, section.rows)
    _exported_line(document, exported_at)
    return _save(document, path)

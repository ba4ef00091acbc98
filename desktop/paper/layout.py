"""Page layout shared by every document: GB/T 9704 margins, the footer, tables, atomic writing.

Documents are laid out first (pure Python: which rows go on which page) and drawn second, so the
total page count is known before the first footer is drawn ("第 X 页 共 Y 页" in one pass). Tables
are drawn with direct canvas calls rather than platypus tables: a 2,000-row sheet stays within a
small factor of bare drawing, and the header row is simply redrawn at the top of every page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.errors import Cancelled
from desktop.paper import fonts
from desktop.paper.signature import Signature, draw_signature, signature_height
from desktop.store.files import atomic_path

Page = Callable[[Canvas], None]
Progress = Callable[[int, int], None]  # (done, total)
CancelFlag = Callable[[], bool]


@dataclass(frozen=True)
class PageStyle:
    size: tuple[float, float]
    top: float
    bottom: float
    left: float
    right: float

    @property
    def width(self) -> float:
        return self.size[0] - self.left - self.right

    @property
    def height(self) -> float:
        return self.size[1] - self.top - self.bottom


# Compressed streams stay binary: ASCII85 only makes files larger, and without ReportLab's C
# accelerator it is the single slowest step of writing a large document.
rl_config.useA85 = 0

GBT9704 = PageStyle(A4, 37 * mm, 35 * mm, 28 * mm, 26 * mm)
# A wide table (a 台账 of a dozen columns) on A4 turned sideways, the portrait margins turned with it.
GBT9704_LANDSCAPE = PageStyle(landscape(A4), 28 * mm, 26 * mm, 37 * mm, 35 * mm)
CERTIFICATE = PageStyle(landscape(A4), 18 * mm, 18 * mm, 18 * mm, 18 * mm)


@dataclass(frozen=True)
class Stamp:
    """What every page of a printed document carries so it can be traced back."""

    code: str  # XXXXXXXX; printed as XXXX-XXXX
    generated_at: datetime

    @property
    def code_text(self) -> str:
        return format_code(self.code)


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# ---------------------------------------------------------------- text measuring and wrapping

_widths: dict[tuple[str, float], dict[str, float]] = {}
# Punctuation that may not start a line (避头尾): the character before it moves down with it.
NO_LINE_END = set("“‘（《「『")
NO_LINE_START = set("，。、；：！？）》」』”’%％·…")


def _word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width`. CJK text may break between any characters,
    a run of ASCII letters and digits only where it has to; an explicit newline always breaks."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if stringWidth(paragraph, font, size) <= width:
            lines.append(paragraph)
            continue
        cache = _widths.setdefault((font, size), {})
        line, used = "", 0.0
        for char in paragraph:
            w = cache.get(char)
            if w is None:
                w = cache[char] = stringWidth(char, font, size)
            if used + w > width and line:
                # Break before `char`, but never start a line with a closing mark nor end one with an
                # opening mark: carry the characters involved down to the next line.
                cut = len(line)
                if char in NO_LINE_START:
                    cut -= 1
                    while cut > 0 and line[cut] in NO_LINE_START:
                        cut -= 1
                while cut > 0 and line[cut - 1] in NO_LINE_END:
                    cut -= 1
                # Nor split a number or a Latin word ("09", "Q2"): move the whole run down.
                while cut > 0 and _word(line[cut] if cut < len(line) else char) and _word(line[cut - 1]):
                    cut -= 1
                if cut > 0:  # else nothing can move: let the punctuation hang
                    lines.append(line[:cut])
                    line = line[cut:]
                    used = stringWidth(line, font, size)
            line += char
            used += w
        lines.append(line)
    return lines


def wrap_indented(text: str, font: str, size: float, width: float, indent: float) -> list[tuple[float, str]]:
    """A paragraph whose first line is indented (two characters, as Chinese prose is set):
    (indent, line) pairs."""
    first, *rest = wrap(text, font, size, width - indent) or [""]
    remainder = "".join(rest)
    return [(indent, first)] + [(0.0, line) for line in (wrap(remainder, font, size, width) if remainder else [])]


def draw_aligned(canvas: Canvas, text: str, x0: float, x1: float, y: float, align: str) -> None:
    if align == "left":
        canvas.drawString(x0, y, text)
    elif align == "right":
        canvas.drawRightString(x1, y, text)
    else:
        canvas.drawCentredString((x0 + x1) / 2, y, text)


# ---------------------------------------------------------------- footer and writing


def draw_footer(canvas: Canvas, style: PageStyle, stamp: Stamp, number: int, total: int) -> None:
    canvas.setFont(fonts.font_name("body"), 9)
    canvas.setFillGray(0)
    y = style.bottom - 14 * mm
    x0, x1 = style.left, style.size[0] - style.right
    canvas.drawString(x0, y, f"生成时间：{stamp.generated_at:%Y-%m-%d %H:%M}")
    canvas.drawCentredString((x0 + x1) / 2, y, f"第 {number} 页 共 {total} 页")
    canvas.drawRightString(x1, y, f"验证码：{stamp.code_text}")


def write_pdf(
    path: Path | str,
    pages: Sequence[Page],
    style: PageStyle,
    title: str,
    stamp: Stamp | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> int:
    """Draw `pages` into `path` atomically (a cancel or an error leaves no file). Returns the page count.

    `stamp` adds the standard footer; certificates pass None and carry their code themselves.
    """
    body = fonts.font_name("body")
    with atomic_path(path) as temp:
        # initialFontName: otherwise ReportLab writes an unembedded Helvetica into every page.
        canvas = Canvas(temp, pagesize=style.size, initialFontName=body, initialFontSize=10, pageCompression=1)
        canvas.setTitle(title)
        canvas.setAuthor("branchdesk")
        canvas.setCreator("branchdesk")
        if stamp is not None:
            canvas.setSubject(f"验证码 {stamp.code_text}")
        total = len(pages)
        for number, page in enumerate(pages, start=1):
            if cancel is not None and cancel():
                raise Cancelled()
            canvas.setFont(body, 10)
            page(canvas)
            if stamp is not None:
                draw_footer(canvas, style, stamp, number, total)
            canvas.showPage()
            if progress is not None:
                progress(number, total)
        canvas.save()
    return len(pages)


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Col:
    header: str
    width: float  # millimetres
    align: str = "center"


@dataclass
class Section:
    """A title block, a table (header repeated on each page), closing notes and an optional
    signature block; starts a new page."""

    title: str
    subtitle: Sequence[str]
    columns: Sequence[Col]
    rows: Sequence[Sequence[str]]
    totals: Sequence[Sequence[str]] = ()
    notes: Sequence[str] = ()
    size: float = 9
    pad: float = 2.6  # cell padding, points
    title_size: float = 20
    merge_first: bool = False  # a blank first cell continues the cell above (一级指标 spans its items)
    signature: Signature | None = None


SUB_SIZE = 11
NOTE_SIZE = 10.5


def _fit_columns(columns: Sequence[Col], width: float) -> list[float]:
    total = sum(c.width for c in columns) * mm
    return [c.width * mm * width / total for c in columns]


def layout_sections(sections: Sequence[Section], style: PageStyle = GBT9704) -> list[Page]:
    pages: list[Page] = []
    for section in sections:
        pages.extend(_layout_section(section, style))
    return pages


def _layout_section(section: Section, style: PageStyle) -> list[Page]:
    title_font, body_font, hei = fonts.font_name("title"), fonts.font_name("body"), fonts.font_name("hei")
    widths = _fit_columns(section.columns, style.width)
    size, pad, title_size = section.size, section.pad, section.title_size
    leading = size * 1.25

    def measure(cells: Sequence[str], font: str) -> tuple[list[list[str]], float]:
        # Not strict: a row shorter than the columns leaves its last cells empty.
        wrapped = [wrap(str(text), font, size, w - 2 * pad) for text, w in zip(cells, widths, strict=False)]
        return wrapped, max(len(lines) for lines in wrapped) * leading + 2 * pad

    header = measure([c.header for c in section.columns], hei)
    body_rows = [(measure(row, body_font), body_font) for row in section.rows]
    body_rows += [(measure(row, hei), hei) for row in section.totals]
    title_lines = wrap(section.title, title_font, title_size, style.width)
    intro = [line for text in section.subtitle for line in wrap(text, body_font, SUB_SIZE, style.width)]
    intro_height = len(title_lines) * title_size * 1.5 + 4 * mm + len(intro) * SUB_SIZE * 1.6 + 2 * mm
    notes = [line for text in section.notes for line in wrap(text, body_font, NOTE_SIZE, style.width)]

    # Paginate: the first page loses the title block; each page repeats the header row.
    chunks: list[list[tuple]] = [[]]
    room = style.height - intro_height - header[1]
    for row in body_rows:
        height = row[0][1]
        if height > room and chunks[-1]:
            chunks.append([])
            room = style.height - header[1]
        chunks[-1].append(row)
        room -= height
    note_height = len(notes) * NOTE_SIZE * 1.7 + (3 * mm if notes else 0)
    closing = bool(notes) or section.signature is not None
    # The signature block stays with the notes: both move to a new page when they do not fit.
    closing_height = note_height + (signature_height(section.signature) if section.signature is not None else 0)
    notes_on_new_page = closing and closing_height > room

    def table_page(rows: list[tuple], first: bool, with_notes: bool) -> Page:
        def draw(canvas: Canvas) -> None:
            top = style.size[1] - style.top
            if first:
                canvas.setFont(title_font, title_size)
                for line in title_lines:
                    top -= title_size * 1.2
                    canvas.drawCentredString(style.size[0] / 2, top, line)
                    top -= title_size * 0.3
                top -= 4 * mm
                canvas.setFont(body_font, SUB_SIZE)
                for line in intro:
                    top -= SUB_SIZE * 1.3
                    canvas.drawString(style.left, top, line)
                    top -= SUB_SIZE * 0.3
                top -= 2 * mm
            if rows or not with_notes:
                top = _draw_table(canvas, style, section, widths, header, rows, top, leading, hei)
            if with_notes:
                canvas.setFont(body_font, NOTE_SIZE)
                top -= 3 * mm
                for line in notes:
                    top -= NOTE_SIZE * 1.3
                    canvas.drawString(style.left, top, line)
                    top -= NOTE_SIZE * 0.4
                if section.signature is not None:
                    draw_signature(canvas, style.left, style.width, top, section.signature)

        return draw

    pages = [table_page(rows, i == 0, closing and not notes_on_new_page and i == len(chunks) - 1) for i, rows in enumerate(chunks)]
    if notes_on_new_page:
        pages.append(table_page([], False, True))
    return pages


def _draw_table(canvas, style, section, widths, header, rows, top, leading, hei) -> float:
    size, pad = section.size, section.pad
    x_edges = [style.left]
    for w in widths:
        x_edges.append(x_edges[-1] + w)
    table_top = top
    canvas.setFillGray(0.9)
    canvas.rect(style.left, top - header[1], style.width, header[1], stroke=0, fill=1)
    canvas.setFillGray(0)
    rules = [(top, x_edges[0])]  # (y, x where the horizontal rule starts)
    for number, ((wrapped, height), font) in enumerate([(header, hei), *rows]):
        canvas.setFont(font, size)
        for index, lines in enumerate(wrapped):
            align = "center" if number == 0 else section.columns[index].align
            # Vertically centre the block of lines inside the row.
            y = top - (height - len(lines) * leading) / 2 - size * 0.95
            for line in lines:
                draw_aligned(canvas, line, x_edges[index] + pad, x_edges[index + 1] - pad, y, align)
                y -= leading
        top -= height
        following = rows[number][0][0] if number < len(rows) else None
        spans = section.merge_first and following is not None and following[0] == [""]
        rules.append((top, x_edges[1] if spans else x_edges[0]))
    canvas.setLineWidth(0.6)
    for y, x in rules:
        canvas.line(x, y, x_edges[-1], y)
    for x in x_edges:
        canvas.line(x, table_top, x, top)
    return top

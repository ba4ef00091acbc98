"""The signature and seal block that closes an official sheet (the summary sheet's 签字盖章栏).

Drawn by desktop.paper.layout after a section's notes; `SIGNATURE_HEIGHT` is what the layout
reserves for it, so the block moves to a new page with the notes rather than into the margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.paper import fonts


@dataclass(frozen=True)
class Signature:
    """The people who sign (a blank name leaves a line to sign on), then the issuing unit under
    the place where its seal is pressed."""

    fields: Sequence[tuple[str, str | None]]  # (label, name or None): 制表人, 审核人, 日期
    unit: str = ""  # empty: a person signs alone (a scorer's 评分记录表), no seal


SIGNATURE_SIZE = 12
SIGNATURE_HEIGHT = 60 * mm  # the fields row (12 mm), the seal circle 5 mm under it (40 mm), 3 mm spare
SEAL_RADIUS = 20 * mm  # a committee's round seal is about 40 mm across
SIGNED_ALONE_HEIGHT = 18 * mm  # the fields row only: a person's signature without a seal


def signature_height(signature: Signature) -> float:
    """What the layout reserves for `signature`: the seal's room only when a unit seals it."""
    return SIGNATURE_HEIGHT if signature.unit else SIGNED_ALONE_HEIGHT


def fitted(text: str, font: str, size: float, width: float) -> float:
    """`size`, or smaller so that `text` fits in `width` on one line (a name is never wrapped)."""
    natural = stringWidth(text, font, size)
    return size if natural <= width else size * width / natural


def draw_signature(canvas: Canvas, left: float, width: float, top: float, signature: Signature) -> None:
    """One row of labelled fields, then the unit's name on the right with a dashed circle over it
    marking where the seal goes (the seal covers the name, as on certificates)."""
    body = fonts.font_name("body")
    canvas.setFont(body, SIGNATURE_SIZE)
    y = top - 12 * mm
    slot = width / len(signature.fields)
    for index, (label, name) in enumerate(signature.fields):
        x = left + index * slot
        text = f"{label}："
        canvas.drawString(x, y, text)
        start = x + stringWidth(text, body, SIGNATURE_SIZE)
        if name:
            canvas.setFont(body, fitted(name, body, SIGNATURE_SIZE, x + slot - 4 * mm - start))
            canvas.drawString(start, y, name)
            canvas.setFont(body, SIGNATURE_SIZE)
        else:  # a line to sign or write on
            canvas.setLineWidth(0.5)
            canvas.line(start, y - 2, x + slot - 6 * mm, y - 2)
    if not signature.unit:
        return
    # The unit's name sits under the seal at the right; a long name is set smaller so that it
    # stays within half the width, and the seal moves left with it.
    right = left + width
    unit_size = fitted(signature.unit, body, SIGNATURE_SIZE, width / 2)
    half = stringWidth(signature.unit, body, unit_size) / 2
    centre_x = min(right - SEAL_RADIUS - 8 * mm, right - half)
    unit_y = y - 5 * mm - SEAL_RADIUS - 3 * mm  # the circle's top 5 mm under the fields
    canvas.setFont(body, unit_size)
    canvas.drawCentredString(centre_x, unit_y, signature.unit)
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setStrokeGray(0.55)
    canvas.setFillGray(0.55)
    canvas.setLineWidth(0.6)
    canvas.circle(centre_x, unit_y + 3 * mm, SEAL_RADIUS, stroke=1, fill=0)
    canvas.setFont(body, 9)
    canvas.drawCentredString(centre_x, unit_y + 3 * mm + SEAL_RADIUS - 7 * mm, "盖章处")
    canvas.restoreState()

"""Print records: every printed document gets verification codes no other print has, and one
record per code, written in one transaction after the PDF is drawn.

Codes are random, so two writers can draw the same one; the unique constraint on
print_record.code decides. The codes are checked against the records before drawing (cheap, and
nearly always enough); a code another writer recorded while this one was drawing fails the insert,
and the document is drawn again with fresh codes, so no paper ever carries a code that names
another document.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.models import PrintRecord
from desktop.paper.contents import Contents
from desktop.paper.layout import format_code
from desktop.services.session import retry_on_conflict
from desktop.store.workspace import Workspace, utc_of

# Unambiguous on paper and when typed back: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8


@dataclass(frozen=True)
class PrintResult:
    code: str
    path: Path
    pages: int
    description: str
    skipped: tuple[str, ...] = field(default_factory=tuple)  # e.g. revoked certificates left out
    codes: tuple[str, ...] = field(default_factory=tuple)  # a certificate batch: one per certificate

    @property
    def code_text(self) -> str:
        return format_code(self.code)


_CODES = len(CODE_ALPHABET) ** CODE_LENGTH


def _code(number: int) -> str:
    """The code that spells `number` in CODE_ALPHABET's digits: one draw from the system's source
    per code rather than one per character (a batch of 1,600 certificates drew 13,000)."""
    letters = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[digit])
    return "".join(letters)


def new_codes(session: Session, count: int) -> list[str]:
    """`count` fresh verification codes, none already recorded."""
    codes: set[str] = set()
    while len(codes) < count:
        batch = {_code(secrets.randbelow(_CODES)) for _ in range(count - len(codes))}
        taken = set(session.scalars(select(PrintRecord.code).where(PrintRecord.code.in_(batch))))
        codes |= batch - taken
    return sorted(codes, key=lambda _: secrets.randbits(32))


# The layout edition of each kind of printed document (1 unless listed). Raise a kind's edition when
# a release changes what its rebuilt rows contain for the same data, so that a sheet printed in an
# earlier edition is reported as not comparable instead of as "data changed".
#   summary 2: every score with two decimals, an applied veto among the reasons, 未考评 (0.2.0)
#   summary 3: the legend of the reasons names the sixth bar, an open 软弱涣散 case (⑥)
#   summary 4, and 2 for every other sheet or form listing branches by name: the one order of names
#   (rules/collation.py, pinyin) instead of character codes
#   branch_file 2: the 评定 line and the 新一轮建设 prompt (rules/rounds.py)
#   rewards 2: a rule that depends on a setting left at 0 names the setting in Chinese (no "上浮 0%")
#   plan 2: the 研判依据 name an expired term once, and a branch with many ledger problems is not
#   suggested to reach the standard this year (rules/plan.py)
#   summary 5: a branch whose standardization was revoked is marked ※ in 考评达标, with a note
#   trends 2: a year with no data reads 无数据 in the tables (and is a gap in the charts), not 0%
LAYOUTS: dict[str, int] = {"summary": 5, "meetings": 2, "registry": 2, "score_sheets": 2, "ballots": 2,
                           "weak_cases": 2, "inspections": 2, "branch_file": 2, "rewards": 2, "plan": 2,
                           "trends": 2}


def layout_of(kind: str) -> int:
    return LAYOUTS.get(kind, 1)


def record(code: str, kind: str, params: dict[str, Any], subject: str, now: datetime, fingerprint: str,
           pages: int, contents: Contents | None = None) -> dict:
    """One print_record row: what a verification code was printed on (and, where kept, its text)."""
    return {
        "code": code, "document_kind": kind, "year": params.get("year"),
        "parameters": json.dumps(params, ensure_ascii=False, sort_keys=True), "subject": subject[:200],
        "printed_at": utc_of(now), "fingerprint": fingerprint, "pages": pages, "layout": layout_of(kind),
        "contents": contents.to_json() if contents is not None else None,
    }


def draw_and_record(
    ws: Workspace, count: int, draw: Callable[[list[str]], int], records: Callable[[list[str], int], list[dict]],
    also: Callable[[Session], None] | None = None,
) -> tuple[list[str], int]:
    """Draw with `count` fresh codes, then record `records(codes, pages)` (and run `also` in the
    same transaction). Returns (codes, pages)."""
    drawn: dict[str, Any] = {}

    def attempt(session: Session) -> None:
        if "codes" not in drawn:  # first attempt, or the codes were taken meanwhile
            codes = new_codes(session, count)
            drawn["pages"], drawn["codes"] = draw(codes), codes
        try:
            session.execute(insert(PrintRecord), records(drawn["codes"], drawn["pages"]))
        except IntegrityError:
            drawn.pop("codes")  # taken meanwhile: the retry draws again with fresh codes
            raise
        if also is not None:
            also(session)

    retry_on_conflict(ws, attempt)
    return drawn["codes"], drawn["pages"]


def describe(label: str, year: int | None, printed_at: datetime, subject: str) -> str:
    when = f"（{year} 年）" if year else ""
    return f"{label}{when}，{printed_at:%Y-%m-%d %H:%M} 打印，对象：{subject}"

"""Certificates (荣誉证书): numbering, revocation mirroring, batch printing, one record per certificate.

A branch holds an honour for a year when the evaluation results say so: `standardized` for
标准化规范化党支部, a `strongest_level` for 最强党支部. Its certificate is numbered the first time a
batch for that honour and year is printed (in name order) and keeps the number for every reprint.
The revoked flag mirrors the rating: a revoked certificate is listed as such and never printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError
from desktop.glossary import DOCUMENT_LABELS
from desktop.models import Branch, Certificate
from desktop.paper.certificates import HONOURS, CertificateSheet, certificate_number, write_certificates
from desktop.paper.contents import Contents, of_table
from desktop.paper.layout import CancelFlag, Progress
from desktop.paper.numerals import chinese_month, recipient_name
from desktop.paper.sheets import fingerprint
from desktop.rules.collation import branch_order_key
from desktop.services import paper_sources as sources
from desktop.services import prints
from desktop.services.prints import PrintResult
from desktop.services.session import retry_on_conflict
from desktop.store.workspace import Workspace, local_time

LABEL = DOCUMENT_LABELS["certificate"]


def check_honour(honour: str) -> None:
    if honour not in HONOURS:
        raise BranchdeskError("荣誉类型应为 standardized（标准化规范化党支部）或 strongest（最强党支部）。")


def holds(result: Any, honour: str) -> bool:
    return bool(result.standardized) if honour == "standardized" else result.strongest_level is not None


def is_revoked(result: Any | None, honour: str, stored: bool = False) -> bool:
    """A certificate is revoked when the branch no longer holds the honour. The workflow decides
    what a revocation withdraws (desktop.rules.workflow.fold: the 最强 rating if there is one, else
    the standardized status), so revoking a 最强 rating leaves the standardized certificate valid."""
    if result is None:  # not in this year's results any more (archived): keep what was recorded
        return stored
    return not holds(result, honour)


@dataclass(frozen=True)
class CertificateLine:
    branch_id: int
    branch_name: str
    number: str | None  # None until first printed
    revoked: bool
    first_printed_at: datetime | None

    @property
    def status(self) -> str:
        if self.revoked:
            return "已撤销"
        return "已打印" if self.first_printed_at else "待打印"


def _existing(session: Session, year: int, honour: str) -> dict[int, Certificate]:
    query = select(Certificate).where(Certificate.year == year, Certificate.honour == honour)
    return {c.branch_id: c for c in session.scalars(query)}


def list_certificates(ws: Workspace, year: int, honour: str) -> list[CertificateLine]:
    """Every branch that holds (or held) the honour this year, with its number and status. Read-only."""
    check_honour(honour)
    results = {r.branch_id: r for r in sources.year_results(ws, year)}
    with ws.read() as session:
        existing = _existing(session, year, honour)
        names = dict(session.execute(select(Branch.id, Branch.name)).all())
    lines = []
    for branch_id in set(existing) | {i for i, r in results.items() if holds(r, honour)}:
        cert = existing.get(branch_id)
        revoked = is_revoked(results.get(branch_id), honour, cert.revoked if cert else False)
        lines.append(CertificateLine(branch_id, names.get(branch_id, "?"), cert.number if cert else None,
                                     revoked, cert.first_printed_at if cert else None))
    return sorted(lines, key=lambda line: (line.number is None, line.number or "", branch_order_key(line.branch_name)))


def _sync(session: Session, year: int, honour: str, results: dict[int, Any], names: dict[int, str]) -> dict[int, tuple[int, str, bool]]:
    """Mirror revocations onto existing certificates and number the new holders, in name order:
    branch id -> (certificate id, number, revoked).

    The next serial is read from the data (max + 1); a writer that numbered the same honour and
    year meanwhile makes the unique (honour, year, serial) or (honour, year, branch) constraint
    refuse the insert, and the caller runs this again on what that writer stored
    (`retry_on_conflict`): no number is handed out twice and a reprint keeps its number.
    Certificates are read as columns and the new ones inserted in one statement: a district's
    first batch is some 1,600 of them, which as records cost more than drawing them."""
    mine = (Certificate.year == year, Certificate.honour == honour)
    existing = {branch_id: (cert_id, number, revoked) for cert_id, branch_id, number, revoked in session.execute(
        select(Certificate.id, Certificate.branch_id, Certificate.number, Certificate.revoked).where(*mine))}
    flipped = {cert_id: branch_id for branch_id, (cert_id, _n, revoked) in existing.items()
               if is_revoked(results.get(branch_id), honour, revoked) != revoked}
    if flipped:  # as records: a change of one field is logged with its old value
        for cert in session.scalars(select(Certificate).where(Certificate.id.in_(flipped))):
            cert.revoked = not cert.revoked
            existing[cert.branch_id] = (cert.id, cert.number, cert.revoked)
    serial = session.scalar(select(func.max(Certificate.serial)).where(*mine)) or 0
    new = [i for i, r in results.items() if i not in existing and holds(r, honour) and not is_revoked(r, honour)]
    rows: list[dict[str, Any]] = [{"honour": honour, "year": year, "branch_id": branch_id, "serial": serial,
             "number": certificate_number(year, honour, serial), "revoked": False}
            for serial, branch_id in enumerate(sorted(new, key=lambda i: branch_order_key(names.get(i, ""))), start=serial + 1)]
    if rows:
        session.execute(insert(Certificate), rows)
        numbers: dict[int, str] = {row["branch_id"]: row["number"] for row in rows}
        made = session.execute(select(Certificate.id, Certificate.branch_id).where(*mine))
        existing.update({branch_id: (cert_id, numbers[branch_id], False) for cert_id, branch_id in made if branch_id in numbers})
    return existing


def _subject(branch_name: str, honour: str, number: str) -> str:
    return f"{branch_name}（{HONOURS[honour]}，证书编号 {number}）"


def _row(honour: str, year: int, number: str, branch_name: str, has_committee: bool | None, revoked: bool) -> list:
    return [honour, year, number, branch_name, recipient_name(branch_name, has_committee), revoked]


CONTENT_COLUMNS = ("荣誉", "年度", "证书编号", "支部名称", "证书上的名称", "状态")


def _contents(row: list) -> Contents:
    honour, year, number, name, recipient, revoked = row
    return of_table(CONTENT_COLUMNS, [[HONOURS[honour], str(year), number, name, recipient, "已撤销" if revoked else "有效"]], 3)


def certificate_rebuilt(ws: Workspace, certificate_id: int) -> tuple[str, Contents]:
    """A certificate's fingerprint and text as its data stands now (for verify)."""
    with ws.read() as session:
        cert = session.get(Certificate, certificate_id)
        if cert is None:
            raise BranchdeskError("该证书记录已不存在。")
        branch = session.get(Branch, cert.branch_id)
        assert branch is not None, "a branch with certificates is never deleted (delete_branch refuses)"
        honour, year, number, stored = cert.honour, cert.year, cert.number, cert.revoked
        name, committee = branch.name, branch.has_committee
    results = sources.year_results(ws, year, [cert.branch_id])
    revoked = is_revoked(results[0] if results else None, honour, stored)
    row = _row(honour, year, number, name, committee, revoked)
    return fingerprint(row), _contents(row)


def print_certificates(
    ws: Workspace, year: int, honour: str, path: Path | str, branch_ids: Sequence[int] | None = None,
    progress: Progress | None = None, cancel: CancelFlag | None = None,
    now: datetime | None = None, issued_on: date | None = None,
) -> PrintResult:
    """One PDF with a certificate for each holder of the honour (or the selected ones).
    Revoked certificates are left out and named in `skipped`; if nothing is left, nothing is printed."""
    check_honour(honour)
    issuer = sources.issuer(ws, year)  # before a number is handed out: nothing is written without it
    now = (now or local_time(ws.now())).replace(microsecond=0)
    results = {r.branch_id: r for r in sources.year_results(ws, year)}
    briefs = {b.id: b for b in sources.branch_briefs(ws, list(results) + list(branch_ids or ()))}
    names = {i: b.name for i, b in briefs.items()}
    certs = retry_on_conflict(ws, lambda session: _sync(session, year, honour, results, names))
    wanted = sorted(certs) if branch_ids is None else list(dict.fromkeys(branch_ids))
    skipped = [f"{names.get(i, i)}（已撤销）" for i in wanted if i in certs and certs[i][2]]
    skipped += [f"{names.get(i, i)}（未获此荣誉）" for i in wanted if i not in certs]
    chosen = sorted((i for i in wanted if i in certs and not certs[i][2]), key=lambda i: certs[i][1])
    if not chosen:
        detail = "：" + "、".join(skipped) if skipped else ""
        raise BranchdeskError(f"没有可打印的{year}年度“{HONOURS[honour]}”证书{detail}。")
    date_text = chinese_month(issued_on or now.date())

    # draw_and_record draws one code per chosen certificate, so chosen and codes zip strictly.
    def draw(codes: list[str]) -> int:
        pages = [CertificateSheet(honour, year, recipient_name(briefs[i].name, briefs[i].has_committee), issuer, date_text,
                                  certs[i][1], code) for i, code in zip(chosen, codes, strict=True)]
        return write_certificates(path, pages, progress, cancel)

    def records(codes: list[str], _count: int) -> list[dict]:
        rows = []
        for branch_id, code in zip(chosen, codes, strict=True):
            brief, (cert_id, number, _revoked) = briefs[branch_id], certs[branch_id]
            params = {"certificate_id": cert_id, "honour": honour, "year": year, "branch_id": branch_id}
            subject = _subject(brief.name, honour, number)
            row = _row(honour, year, number, brief.name, brief.has_committee, False)
            rows.append(prints.record(code, "certificate", params, subject, now, fingerprint(row), 1, _contents(row)))
        return rows

    def first_printed(session: Session) -> None:
        stamped = select(Certificate).where(Certificate.id.in_([certs[i][0] for i in chosen]),
                                            Certificate.first_printed_at.is_(None))
        for certificate in session.scalars(stamped):
            certificate.first_printed_at = ws.now()

    codes, count = prints.draw_and_record(ws, len(chosen), draw, records, also=first_printed)
    subject = (_subject(briefs[chosen[0]].name, honour, certs[chosen[0]][1]) if count == 1
               else f"{year}年度“{HONOURS[honour]}” {count} 个党支部")
    return PrintResult(codes[0], Path(path), count, prints.describe(LABEL, year, now, subject), tuple(skipped), tuple(codes))

"""带出评分 (office): check a part of a scoring session out to a laptop file, list and cancel.

A part is some of the session's scorers (parts out at the same time never share a scorer) and
perhaps the session's 四评 tallies, which travel with exactly one part: by default the one with the
session's first scorer. The package carries only what scoring needs (the session, its branches'
names, the rubric, the evidence lines and suggested scores, the part's scores and tallies), sealed
with a key stretched from a pairing code shown once. The office keeps the key (to open returns)
and the baseline the package was cut from (cell values with the office record's id and version)
for the merge. The record and the file are made in one write unit: a file that cannot be written
leaves no check-out, and a unit that fails after the file was written removes the file.
"""

from __future__ import annotations

import json
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, NotFoundError
from desktop.models import Branch, Checkout, CheckoutData, Evaluation, Score, ScoringSession, SessionBranch, SessionScorer, Setting
from desktop.models.base import Record
from desktop.models.checkout import CANCELLED, OPEN
from desktop.models.scoring import FINALIZED
from desktop.services import held, packages, scoring
from desktop.services import rubric as rubrics
from desktop.services.evidence import evidence_for
from desktop.services.tallies import form_of, load_evaluations
from desktop.store import package, pairing, revisions
from desktop.store.changelog import INCLUDE_DELETED
from desktop.store.workspace import Workspace, local_time

INSTALLATION_KEY = "office_installation"
KEY, SENT = "key", "sent"


def copy_name(copy: str) -> str:
    return f"copy:{copy}"


def pack_blob(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack_blob(data: bytes) -> Any:
    return json.loads(zlib.decompress(data).decode("utf-8"))


def installation_id(session: Session, create: bool = False) -> str | None:
    """This database's office installation: made once, by its first check-out. A return names it
    (authenticated), so a file made for another office is refused."""
    row = session.get(Setting, INSTALLATION_KEY)
    if row is not None:
        return json.loads(row.value)
    if not create:
        return None
    value = str(uuid.uuid4())
    session.add(Setting(key=INSTALLATION_KEY, value=json.dumps(value)))
    return value


def evaluation_stamp(evaluation: Evaluation | None) -> list[list]:
    """The records a branch's tallies are read from, with their versions (services/tallies.basis_of
    as JSON): a merge tells from it whether the office changed them since."""
    if evaluation is None:
        return []
    parts: list[tuple[str, Record]] = [("e", evaluation), *(("c", c) for c in evaluation.complaints),
                                       *(("f", f) for f in evaluation.feedback)]
    return sorted([kind, record.id, record.version] for kind, record in parts)


@dataclass(frozen=True)
class Exported:
    file: Path
    code: str  # shown grouped: XXXXX-XXXXX-XXXXX-XXXXX
    scorers: list[str]
    tallies: bool
    checkout: str


@dataclass(frozen=True)
class CheckoutView:
    uuid: str
    session_id: int
    scorers: list[str]
    tallies: bool
    file_name: str
    left_at: datetime | None
    left_by: str
    state: str
    reason: str | None
    closed_at: datetime | None
    last_return: int

    def as_json(self) -> dict:
        return {"checkout": self.uuid, "scorers": self.scorers, "tallies": self.tallies, "file": self.file_name,
                "left_at": self.left_at.isoformat(sep=" ") if self.left_at else None, "state": self.state,
                "reason": self.reason, "last_return": self.last_return}


def _view(checkout: Checkout, names: dict[str, str]) -> CheckoutView:
    return CheckoutView(checkout.uuid, checkout.session_id, [names.get(u, "?") for u in held.scorer_uuids(checkout)],
                        checkout.tallies, checkout.file_name, local_time(checkout.left_at), checkout.left_by, checkout.state,
                        checkout.reason, local_time(checkout.closed_at), checkout.last_return)


def _scorer_names(session: Session, session_id: int) -> dict[str, str]:
    query = select(SessionScorer.uuid, SessionScorer.name).where(SessionScorer.session_id == session_id)
    return dict(session.execute(query.execution_options(include_deleted=True)).all())


def checkouts(ws: Workspace, session_id: int) -> list[CheckoutView]:
    """The session's check-outs, oldest first (open, merged and cancelled)."""
    with ws.read() as session:
        names = _scorer_names(session, session_id)
        rows = session.scalars(select(Checkout).where(Checkout.session_id == session_id).order_by(Checkout.id))
        return [_view(c, names) for c in rows]


def _part(scorers: list[SessionScorer], wanted: list[str] | None) -> list[SessionScorer]:
    if not wanted:
        return scorers
    by_name = {s.name: s for s in scorers}
    names = [n.strip() for n in wanted if n and n.strip()]
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise BranchdeskError(f"该评分会没有评委“{'、'.join(unknown)}”。该评分会的评委：{'、'.join(by_name)}。")
    if len(set(names)) != len(names):
        raise BranchdeskError("带出的评委有重复。")
    chosen = set(names)
    return [s for s in scorers if s.name in chosen]


def _branches(session: Session, session_id: int) -> list[tuple[Branch, SessionBranch]]:
    query = (select(Branch, SessionBranch).join(SessionBranch, SessionBranch.branch_id == Branch.id)
             .where(SessionBranch.session_id == session_id).order_by(SessionBranch.position, SessionBranch.id))
    return [(b, link) for b, link in session.execute(query).all()]


def _refuse_held(session: Session, row: ScoringSession, part: list[SessionScorer], carry: bool, asked: bool | None,
                 branches: list[tuple[Branch, SessionBranch]]) -> None:
    holder = held.holder_of_scorers(session, row.id, {s.uuid for s in part})
    if holder is not None:
        out = set(held.scorer_uuids(holder))
        names = "、".join(s.name for s in part if s.uuid in out)
        raise held.HeldError(f"评委“{names}”的评分{held.where_it_is(holder)}，不能再次带出。"
                             "一位评委同一时间只能在一台笔记本上打分；请先带回合并或取消那次带出。")
    if carry:
        held_tallies = held.held_tally_branches(session, row.year)
        for branch, _link in branches:
            holder = held_tallies.get(branch.id)
            if holder is not None:
                hint = "" if asked else "如本次不带四评录入，请在命令行加 --no-tallies。"
                raise held.HeldError(f"“{branch.name}”{row.year} 年的四评录入{held.where_it_is(holder)}，"
                                     f"同一时间只能随一个评分包带出。{hint}")


def export_part(ws: Workspace, session_id: int, path: Path | str, scorers: list[str] | None = None,
                tallies: bool | None = None) -> Exported:
    """Check out the session (or the part with `scorers`) to `path`. `tallies`: whether the 四评
    tallies travel with this part (None: when it has the session's first scorer)."""
    path = package.package_path(path)
    if path.exists():
        raise BranchdeskError(f"已有同名文件“{path}”，为免覆盖另一次带出的评分包，请换一个文件名。")
    code = pairing.new_code()
    salt, cost = pairing.new_salt(), pairing.KDF
    key = pairing.derive_key(code, salt, cost)  # before the unit: a quarter second no writer waits for
    written: list[Path] = []
    try:
        return _export(ws, session_id, path, scorers, tallies, code, key, salt, cost, written)
    except BaseException:
        for made in written:  # the unit did not commit: no check-out holds this file
            made.unlink(missing_ok=True)
        raise


def _export(ws: Workspace, session_id: int, path: Path, scorers: list[str] | None, tallies: bool | None, code: str,
            key: bytes, salt: bytes, cost: pairing.KdfCost, written: list[Path]) -> Exported:
    with ws.write() as session:
        row = session.get(ScoringSession, session_id)
        if row is None:
            raise NotFoundError("该评分会已不存在。")
        if row.status == FINALIZED:
            raise BranchdeskError("该评分会已确认锁定，不能带出打分。")
        everyone = list(session.scalars(select(SessionScorer).where(SessionScorer.session_id == session_id)
                                        .order_by(SessionScorer.position, SessionScorer.id)))
        part = _part(everyone, scorers)
        carry = tallies if tallies is not None else bool(everyone) and everyone[0] in part
        branches = _branches(session, session_id)
        _refuse_held(session, row, part, carry, tallies, branches)
        # The laptop's copy carries scores, not marks: what travels is what the scorers have confirmed.
        scoring.refuse_pending_suggestions(session, session_id, "带出", [s.id for s in part])
        rubric = rubrics.load(session, row.year)
        if rubric is None or not rubric.items:
            raise BranchdeskError(f"{row.year} 年还没有考评细则，不能带出。")
        checkout = Checkout(session_id=session_id, scorers=json.dumps([s.uuid for s in part]), tallies=carry,
                            file_name=path.name, left_at=ws.now(), left_by=ws.actor, state=OPEN, returns="{}")
        session.add(checkout)
        session.flush()
        payload, sent = _contents(ws, session, row, rubric, part, everyone, branches, carry)
        payload.update(kind="checkout", office=installation_id(session, create=True), revision=_revision(),
                       checkout=checkout.uuid, left_at=checkout.left_at.isoformat(), file=path.name)
        session.add_all([CheckoutData(checkout_id=checkout.id, name=KEY, data=key),
                         CheckoutData(checkout_id=checkout.id, name=SENT, data=pack_blob(sent))])
        session.flush()
        data = package.seal(package.CHECKOUT, checkout.uuid, key, payload, salt, cost)
        written.append(package.write_file(path, data))
        return Exported(written[0], pairing.shown(code), [s.name for s in part], carry, checkout.uuid)


def _revision() -> str:
    heads = sorted(revisions.head_revisions())
    return heads[0] if len(heads) == 1 else ",".join(heads)


def _contents(ws: Workspace, session: Session, row: ScoringSession, rubric, part: list[SessionScorer],
              everyone: list[SessionScorer], branches: list[tuple[Branch, SessionBranch]], carry: bool) -> tuple[dict, dict]:
    """The package's payload (without its header fields) and the office's baseline of it."""
    items = list(rubric.items)
    scorer_at = {s.id: n for n, s in enumerate(part)}
    branch_at = {b.id: n for n, (b, _link) in enumerate(branches)}
    item_at = {i.id: n for n, i in enumerate(items)}
    cells = [(scorer_at[s], branch_at[b], item_at[i], p, sid, v)
             for (s, b, i), (p, sid, v) in latest_records(session, row.id, list(scorer_at)).items()
             if b in branch_at and i in item_at]
    forms, stamps = [], []
    if carry:
        evaluations = load_evaluations(session, [b.id for b, _link in branches], row.year)
        for branch, _link in branches:
            evaluation = evaluations.get(branch.id)
            forms.append([branch_at[branch.id], packages.fields_of(form_of(evaluation))])
            stamps.append([branch_at[branch.id], packages.fields_of(form_of(evaluation)), evaluation_stamp(evaluation)])
    found = evidence_for(ws, row.year, [b.id for b, _link in branches], rubrics.view_of(rubric, True).items)
    evidence = [[branch_at[b], item_at[i], e.text, e.suggested] for (b, i), e in sorted(found.items()) if b in branch_at]
    payload = {
        "session": {"uuid": row.uuid, "year": row.year, "title": row.title, "held_on": row.held_on.isoformat()},
        "rubric": {"uuid": rubric.uuid, "revision": rubric.revision, "pass_line": rubric.pass_line,
                   "weights": [rubric.weight_org, rubric.weight_member, rubric.weight_public, rubric.weight_social],
                   "drop_extremes": rubric.drop_extremes,
                   "items": [[i.uuid, i.area_code, i.area_name, i.item_code, i.item_name, i.max_points, i.evidence_key] for i in items],
                   "vetoes": [[v.uuid, v.name] for v in rubric.vetoes]},
        "branches": [[b.uuid, b.name, b.branch_kind, link.uuid] for b, link in branches],
        "scorers": [[s.uuid, s.name] for s in part],
        "all_scorers": [s.name for s in everyone],
        "scores": [[s, b, i, p] for s, b, i, p, _id, _v in cells if p is not None],
        "tallies": forms if carry else None,
        "evidence": evidence,
    }
    sent = {"scorers": [s.uuid for s in part], "branches": [b.uuid for b, _link in branches], "items": [i.uuid for i in items],
            "cells": [list(cell) for cell in cells], "tallies": stamps if carry else None}
    return payload, sent


def cancel(ws: Workspace, session_id: int, reason: str, scorers: list[str] | None = None) -> list[CheckoutView]:
    """Cancel the session's open check-outs (or those holding any of `scorers`): the stick was lost,
    or the laptop will not come back. The reason is recorded; a return made from the file later is
    still merged (its cells changed on both sides are conflicts)."""
    if not (reason or "").strip():
        raise BranchdeskError("取消带出须填写原因（例如：U 盘遗失）。")
    with ws.write() as session:
        if session.get(ScoringSession, session_id) is None:
            raise NotFoundError("该评分会已不存在。")
        names = _scorer_names(session, session_id)
        chosen = held.open_checkouts(session, session_id)
        if scorers:
            wanted = {u for u, n in names.items() if n in {s.strip() for s in scorers}}
            chosen = [c for c in chosen if wanted & set(held.scorer_uuids(c))]
        if not chosen:
            raise BranchdeskError("该评分会没有带出中的评分，无需取消。")
        for checkout in chosen:
            checkout.state, checkout.reason = CANCELLED, reason.strip()
            checkout.closed_at, checkout.closed_by = ws.now(), ws.actor
        session.flush()
        return [_view(c, names) for c in chosen]


def latest_records(session: Session, session_id: int, scorer_ids: list[int]) -> dict[tuple[int, int, int], tuple]:
    """Each cell's latest record as (points, id, version), a deleted one included with points None.

    What a merge compares with the baseline: a cell the office typed and then cleared has moved
    although it is empty again, so the laptop's value for it is a conflict, not silently taken.
    Records are never removed (tombstones), so the highest id of a cell is its latest state."""
    return cell_records(session, session_id, scorer_ids)[1]


def cell_records(session: Session, session_id: int, scorer_ids: list[int]) -> tuple[dict, dict]:
    """The cells' live records and their latest ones (see latest_records), as (points, id, version),
    from one query: a merge reads both for 60,000 cells. Whether a record is deleted is asked of the
    database, not read as a time (parsing 60,000 of them was most of the query's cost)."""
    query = (select(Score.scorer_id, Score.branch_id, Score.item_id, Score.points, Score.id, Score.version,
                    Score.deleted_at.is_(None))
             .where(Score.session_id == session_id, Score.scorer_id.in_(scorer_ids)).order_by(Score.id)
             .execution_options(**{INCLUDE_DELETED: True}))
    live: dict[tuple[int, int, int], tuple] = {}
    latest: dict[tuple[int, int, int], tuple] = {}
    for s, b, i, p, sid, v, alive in session.execute(query):
        if alive:
            live[(s, b, i)] = latest[(s, b, i)] = (p, sid, v)
        else:
            latest[(s, b, i)] = (None, sid, v)
    return live, latest

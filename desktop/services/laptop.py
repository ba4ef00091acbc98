"""打开评分包 / 导出评分结果 (laptop): open a package into this database, and write its return.

The laptop keeps the office's UUIDs for the session, its branches, scorers and rubric, so that a
return names every cell by the office's records. Nothing else of the office comes along: branches
carry their name and kind only, and the evidence lines are the office's, kept as text beside the
package (the laptop has no ledgers to compute them from). Scores and tallies are typed with the
ordinary services. A return is the part's whole state (not a diff), numbered by this copy's own
counter: the laptop's clock is never asked.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, NotFoundError, PackageRefused
from desktop.models import Branch, LaptopPackage, Rubric, RubricItem, Score, ScoringSession, SessionBranch, SessionScorer, VetoItem
from desktop.models.scoring import OPEN
from desktop.rules.evidence import Evidence
from desktop.services import checkout as office
from desktop.services import packages, scoring
from desktop.services import rubric as rubrics
from desktop.services.packages import CheckoutContents
from desktop.services.tallies import apply_forms, form_of, load_evaluations
from desktop.store import changelog, package, pairing, revisions
from desktop.store.workspace import Workspace

T = TypeVar("T")
WRONG_CODE = ("无法打开：配对码不对，或文件已损坏、被改动（校验未通过）；未做任何改动。"
              "请核对配对码；若无误，请到办公室重新带出评分包。")


@dataclass(frozen=True)
class Opened:
    session_id: int
    session: str  # UUID
    branches: int
    scorers: list[str]
    already: bool  # this package was opened here before: nothing was written


@dataclass(frozen=True)
class Returned:
    file: Path
    number: int
    cells: int
    tallies: bool
    checkout: str


def refuse_newer(revision: str, name: str) -> None:
    if not set(revision.split(",")) <= revisions.known_revisions():
        raise PackageRefused(f"“{name}”由更新版本的本软件生成（数据结构 {revision}），请先升级本软件；未做任何改动。")


def digest(cells: list[tuple[str, str, str, float]], tallies: list[tuple[str, dict]] | None) -> str:
    text = json.dumps([sorted(cells), sorted(tallies or [], key=lambda t: t[0])], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path | str, code: str) -> tuple[CheckoutContents, bytes]:
    data = package.read_file(path)
    name = Path(path).name
    header = package.read_header(data, name, package.CHECKOUT)
    key = pairing.derive_key(pairing.normalized(code), header.salt, header.cost)
    contents = packages.read_checkout(package.unseal(data, header, key, name, WRONG_CODE), name)
    if contents.checkout != header.checkout:
        raise PackageRefused(f"“{name}”的内容与文件头不符，文件已被改动；未做任何改动。")
    refuse_newer(contents.revision, name)
    return contents, key


def read_package(path: Path | str, code: str) -> CheckoutContents:
    """Open and check a package file (what the window shows before opening it); writes nothing."""
    return _read(path, code)[0]


def open_package(ws: Workspace, path: Path | str, code: str) -> Opened:
    """Open a package into this database. Opening the same package again changes nothing."""
    contents, key = _read(path, code)
    name = Path(path).name
    with ws.read() as session:
        if office.installation_id(session) == contents.office:
            raise PackageRefused(f"“{name}”是本机带出的评分包，应在笔记本电脑上打开；未做任何改动。")
        known = session.scalar(select(LaptopPackage).where(LaptopPackage.checkout_uuid == contents.checkout))
        if known is not None:
            return Opened(known.session_id, contents.session["uuid"], len(contents.branches),
                          [n for _u, n in contents.scorers], True)
    with ws.write() as session:
        session_id = _write(session, contents, key)
    return Opened(session_id, contents.session["uuid"], len(contents.branches), [n for _u, n in contents.scorers], False)


def _by_uuid(session: Session, model: type[T], uuids) -> dict[str, T]:
    query = select(model).where(model.uuid.in_(list(uuids))).execution_options(include_deleted=True)  # type: ignore[attr-defined]
    return {row.uuid: row for row in session.scalars(query)}  # type: ignore[attr-defined]


def _branches(session: Session, contents: CheckoutContents) -> list[int]:
    found = _by_uuid(session, Branch, [b[0] for b in contents.branches])
    live = dict(session.execute(select(Branch.name, Branch.uuid)).all())
    rows = []
    for branch_uuid, name, kind, _link in contents.branches:
        if live.get(name, branch_uuid) != branch_uuid:
            raise PackageRefused(f"本机数据库中已有一个名为“{name}”的支部，但不是从这个办公室带来的。"
                                 "请在笔记本上用一个新的（空的）数据库打开评分包；未做任何改动。")
        row = found.get(branch_uuid)
        if row is None:
            row = Branch(uuid=branch_uuid, name=name, branch_kind=kind)
            session.add(row)
        else:
            row.name, row.deleted_at, row.deleted_by = name, None, None
        rows.append(row)
    session.flush()  # once for all: the names were checked above
    return [row.id for row in rows]


def _rubric(session: Session, contents: CheckoutContents, year: int) -> list[int]:
    """The office's rubric of the year, with its UUIDs: reused when it is the one here already,
    put in place of another one while this year has no scores on the laptop, refused otherwise."""
    wanted = [i.uuid for i in contents.items]
    rubric = rubrics.load(session, year)
    if rubric is not None and rubric.uuid == contents.rubric["uuid"] and [i.uuid for i in rubric.items] == wanted:
        return [i.id for i in rubric.items]
    if rubric is not None:
        if rubrics.has_scores(session, year):
            raise PackageRefused(f"本机 {year} 年已有按另一份考评细则打的分，不能打开这份评分包。"
                                 "请在笔记本上用一个新的（空的）数据库打开；未做任何改动。")
        session.delete(rubric)
        session.flush()
    r = contents.rubric
    rubric = Rubric(uuid=r["uuid"], year=year, pass_line=r["pass_line"], weight_org=r["weights"][0],
                    weight_member=r["weights"][1], weight_public=r["weights"][2], weight_social=r["weights"][3],
                    drop_extremes=r["drop_extremes"], revision=r["revision"])
    rubric.items = [RubricItem(uuid=i.uuid, area_code=i.area_code, area_name=i.area_name, item_code=i.item_code,
                               item_name=i.item_name, max_points=i.max_points, position=n, evidence_key=i.evidence_key)
                    for n, i in enumerate(contents.items)]
    rubric.vetoes = [VetoItem(uuid=u, name=name, position=n) for n, (u, name) in enumerate(contents.vetoes)]
    session.add(rubric)
    session.flush()
    return [i.id for i in rubric.items]


def _session(session: Session, contents: CheckoutContents) -> ScoringSession:
    s = contents.session
    row = _by_uuid(session, ScoringSession, [s["uuid"]]).get(s["uuid"])
    if row is None:
        row = ScoringSession(uuid=s["uuid"], year=s["year"], title=s["title"], held_on=date.fromisoformat(s["held_on"]), status=OPEN)
        session.add(row)
    else:
        row.title, row.deleted_at, row.deleted_by = s["title"], None, None
    session.flush()
    return row


def _members(session: Session, row: ScoringSession, contents: CheckoutContents, branch_ids: list[int]) -> list[int]:
    """The part's scorers (ids) and the session's branches, added where missing."""
    scorers = _by_uuid(session, SessionScorer, [u for u, _n in contents.scorers])
    ids = []
    for scorer_uuid, name in contents.scorers:
        scorer = scorers.get(scorer_uuid)
        position = contents.all_scorers.index(name) if name in contents.all_scorers else len(contents.all_scorers)
        if scorer is None:
            scorer = SessionScorer(uuid=scorer_uuid, session_id=row.id, name=name, position=position)
            session.add(scorer)
        else:
            scorer.deleted_at, scorer.deleted_by = None, None
        session.flush()
        ids.append(scorer.id)
    linked = set(session.scalars(select(SessionBranch.branch_id).where(SessionBranch.session_id == row.id)))
    for position, ((_u, _n, _k, link), branch_id) in enumerate(zip(contents.branches, branch_ids, strict=True)):
        if branch_id not in linked:
            session.add(SessionBranch(uuid=link, session_id=row.id, branch_id=branch_id, position=position))
    session.flush()
    return ids


def _cells_now(session: Session, session_id: int, scorer_ids: list[int]) -> dict[tuple[int, int, int], Score]:
    query = select(Score).where(Score.session_id == session_id, Score.scorer_id.in_(scorer_ids))
    return {(s.scorer_id, s.branch_id, s.item_id): s for s in session.scalars(query)}


def _settle_older(session: Session, row: ScoringSession, contents: CheckoutContents) -> None:
    """An older package of these scorers on this laptop: its work must all be in a return already."""
    mine = {u for u, _n in contents.scorers}
    for older in session.scalars(select(LaptopPackage).where(LaptopPackage.session_id == row.id, LaptopPackage.superseded.is_(False))):
        theirs = set(json.loads(older.scorers))
        if not theirs & mine:
            continue
        if not theirs <= mine:
            raise PackageRefused("这份评分包与本机已打开的评分包只有部分评委相同，不能一起打开。"
                                 "请在办公室按原来的评委分组重新带出；未做任何改动。")
        if state_digest(session, older) != older.settled:
            raise PackageRefused(f"本机还有“{older.file_name}”的评分修改没有导出带回（上次导出评分结果之后又改过）。"
                                 "请先导出评分结果，带回办公室合并，再打开新的评分包；未做任何改动。")
        older.superseded = True


def _write(session: Session, contents: CheckoutContents, key: bytes) -> int:
    year = contents.session["year"]
    here = _by_uuid(session, ScoringSession, [contents.session["uuid"]]).get(contents.session["uuid"])
    if here is not None:
        if here.year != year:
            raise PackageRefused("本机已有同一评分会但年度不同，数据不一致；请用一个新的（空的）数据库打开；未做任何改动。")
        _settle_older(session, here, contents)
    branch_ids = _branches(session, contents)
    item_ids = _rubric(session, contents, year)
    row = _session(session, contents)
    scorer_ids = _members(session, row, contents, branch_ids)
    wanted = {(scorer_ids[s], branch_ids[b], item_ids[i]): p for s, b, i, p in contents.scores}
    current = _cells_now(session, row.id, scorer_ids)
    for key_, score in current.items():
        if key_ not in wanted:
            changelog.delete(session, score)
        elif score.points != wanted[key_]:
            score.points = wanted[key_]
    new = [{"session_id": row.id, "scorer_id": s, "branch_id": b, "item_id": i, "points": p}
           for (s, b, i), p in wanted.items() if (s, b, i) not in current]
    session.flush()
    if new:
        session.execute(insert(Score), new)
    apply_forms(session, year, {branch_ids[index]: packages.form_from(fields) for index, fields in (contents.tallies or {}).items()})
    evidence = [[contents.branches[b][0], contents.items[i].uuid, text, suggested] for b, i, text, suggested in contents.evidence]
    uuids = ([u for u, _n in contents.scorers], [b[0] for b in contents.branches], [i.uuid for i in contents.items])
    tallies = None if contents.tallies is None else [(contents.branches[b][0], f) for b, f in contents.tallies.items()]
    session.add(LaptopPackage(
        checkout_uuid=contents.checkout, office=contents.office, copy=str(uuid.uuid4()), session_id=row.id,
        scorers=json.dumps(uuids[0]), all_scorers=json.dumps(contents.all_scorers, ensure_ascii=False),
        tallies=contents.tallies is not None, file_name=contents.file_name, left_at=contents.left_at, returns_made=0,
        superseded=False, key=key, evidence=office.pack_blob(evidence),
        settled=digest([(uuids[0][s], uuids[1][b], uuids[2][i], p) for s, b, i, p in contents.scores], tallies)))
    session.flush()
    return row.id


def _state(session: Session, pkg: LaptopPackage) -> tuple[list, list, list, list, list | None]:
    """The part as it is on this laptop now: scorer, branch and item UUIDs, cells, tallies."""
    scorer_uuids = json.loads(pkg.scorers)
    scorers = {s.uuid: s.id for s in session.scalars(select(SessionScorer).where(SessionScorer.session_id == pkg.session_id))}
    row = session.get(ScoringSession, pkg.session_id)
    if row is None or any(u not in scorers for u in scorer_uuids):
        raise NotFoundError("本机上这份评分包的评分会或评委已被删除，无法导出评分结果。")
    branches = session.execute(select(Branch.id, Branch.uuid).join(SessionBranch, SessionBranch.branch_id == Branch.id)
                               .where(SessionBranch.session_id == pkg.session_id).order_by(SessionBranch.position)).all()
    rubric = rubrics.load(session, row.year)
    items = [(i.id, i.uuid) for i in rubric.items] if rubric else []
    scorer_at = {scorers[u]: n for n, u in enumerate(scorer_uuids)}
    branch_at = {b: n for n, (b, _u) in enumerate(branches)}
    item_at = {i: n for n, (i, _u) in enumerate(items)}
    query = select(Score.scorer_id, Score.branch_id, Score.item_id, Score.points).where(
        Score.session_id == row.id, Score.scorer_id.in_(list(scorer_at)))  # columns, not 60,000 records
    cells = [[scorer_at[s], branch_at[b], item_at[i], p] for s, b, i, p in session.execute(query) if b in branch_at and i in item_at]
    tallies = None
    if pkg.tallies:
        evaluations = load_evaluations(session, [b for b, _u in branches], row.year)
        tallies = [[n, packages.fields_of(form_of(evaluations.get(b)))] for n, (b, _u) in enumerate(branches)]
    return scorer_uuids, [u for _b, u in branches], [u for _i, u in items], cells, tallies


def state_digest(session: Session, pkg: LaptopPackage) -> str:
    scorers, branches, items, cells, tallies = _state(session, pkg)
    return digest([(scorers[s], branches[b], items[i], p) for s, b, i, p in cells],
                  None if tallies is None else [(branches[b], f) for b, f in tallies])


def _package(session: Session, session_id: int, checkout: str | None) -> LaptopPackage:
    query = select(LaptopPackage).where(LaptopPackage.session_id == session_id, LaptopPackage.superseded.is_(False))
    found = [p for p in session.scalars(query.order_by(LaptopPackage.id)) if checkout in (None, p.checkout_uuid)]
    if not found:
        raise BranchdeskError("这个评分会不是从评分包打开的（或已被更新的评分包取代），没有可导出的评分结果。")
    if len(found) > 1:
        listed = "；".join(f"{p.file_name}（{p.checkout_uuid}）" for p in found)
        raise BranchdeskError(f"本机为这个评分会打开了 {len(found)} 份评分包：{listed}。请用 --checkout 指明导出哪一份。")
    return found[0]


def make_return(ws: Workspace, session_id: int, path: Path | str, checkout: str | None = None) -> Returned:
    """Write the part's scores (and tallies) as they are now to a return file, numbered one more than
    this copy's last return."""
    written: list[Path] = []
    try:
        with ws.write() as session:
            pkg = _package(session, session_id, checkout)
            # A return carries scores, not marks: suggestions adopted here are confirmed before they travel.
            part = list(session.scalars(select(SessionScorer.id).where(
                SessionScorer.session_id == session_id, SessionScorer.uuid.in_(json.loads(pkg.scorers)))))
            scoring.refuse_pending_suggestions(session, session_id, "导出评分结果", part)
            pkg.returns_made += 1
            scorers, branches, items, cells, tallies = _state(session, pkg)
            row = session.get(ScoringSession, session_id)
            payload = {"kind": "return", "office": pkg.office, "revision": ",".join(sorted(revisions.head_revisions())),
                       "checkout": pkg.checkout_uuid, "copy": pkg.copy, "number": pkg.returns_made,
                       "session": row.uuid if row else "", "scorers": scorers, "branches": branches, "items": items,
                       "scores": cells, "tallies": tallies}
            pkg.settled = digest([(scorers[s], branches[b], items[i], p) for s, b, i, p in cells],
                                 None if tallies is None else [(branches[b], f) for b, f in tallies])
            session.flush()
            data = package.seal(package.RETURN, pkg.checkout_uuid, pkg.key, payload)
            written.append(package.write_file(path, data))
            return Returned(written[0], pkg.returns_made, len(cells), tallies is not None, pkg.checkout_uuid)
    except BaseException:
        for made in written:
            made.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class PackageView:
    checkout: str
    file_name: str
    left_at: str
    scorers: list[str]
    tallies: bool
    returns_made: int
    superseded: bool


def packages_of(ws: Workspace, session_id: int) -> list[PackageView]:
    """The packages this laptop opened for a session (none: the session is this database's own)."""
    with ws.read() as session:
        names = dict(session.execute(select(SessionScorer.uuid, SessionScorer.name).where(SessionScorer.session_id == session_id)).all())
        rows = session.scalars(select(LaptopPackage).where(LaptopPackage.session_id == session_id).order_by(LaptopPackage.id))
        return [PackageView(p.checkout_uuid, p.file_name, p.left_at, [names.get(u, "?") for u in json.loads(p.scorers)], p.tallies,
                            p.returns_made, p.superseded) for p in rows]


def evidence(ws: Workspace, session_id: int) -> dict[tuple[int, int], Evidence] | None:
    """(branch id, item id) → the office's evidence line and suggestion, for a session opened from a
    package; None for a session of this database's own (its evidence comes from its ledgers)."""
    with ws.read() as session:
        rows = list(session.scalars(select(LaptopPackage).where(LaptopPackage.session_id == session_id)))
        if not rows:
            return None
        branches = dict(session.execute(select(Branch.uuid, Branch.id)).all())
        items = dict(session.execute(select(RubricItem.uuid, RubricItem.id)).all())
        found = {}
        for row in rows:
            for branch, item, text, suggested in office.unpack_blob(row.evidence):
                if branch in branches and item in items:
                    found[(branches[branch], items[item])] = Evidence(text, suggested)
        return found

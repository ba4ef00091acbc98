"""带回评分 (office): verify a laptop's return, show what it would change, merge it in one unit.

A three-way merge per cell, against the baseline the laptop's copy started from (the package, or
this copy's last merged return): the laptop changed a cell when its value differs from the
baseline's; the office changed it when its record (id and version) differs from the baseline's.
Laptop only → taken; both, to different values → a conflict: both values reported, the office's
kept until the clerk picks a side (`prefer`), and the choice recorded. Tallies merge per field the
same way (the office side moved when the evaluation or its complaints and feedback moved).

Returns are numbered per laptop copy: one numbered below the copy's last merged return is an old
file replayed, and refused; the same number again is merged again and changes nothing (or only
settles the conflicts it left, when a side is picked). Every refusal happens before anything is
written, or rolls the whole unit back; the merge is checked (foreign keys, cell counts) before it
commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, PackageRefused
from desktop.excel.evaluations import columns as tally_columns
from desktop.models import Branch, Checkout, CheckoutConflict, CheckoutData, Score, ScoringSession, SessionBranch, SessionScorer
from desktop.models.checkout import MERGED, OPEN
from desktop.models.scoring import FINALIZED
from desktop.rules.scoring import point_problem
from desktop.services import checkout as office
from desktop.services import held, packages
from desktop.services import rubric as rubrics
from desktop.services.laptop import refuse_newer
from desktop.services.merge_report import LAPTOP, OFFICE, Conflict, Key, MergeReport, TallyConflict
from desktop.services.packages import TALLY_FIELDS, ReturnContents
from desktop.services.tallies import apply_forms, form_of, form_problems, load_evaluations
from desktop.store import changelog, package
from desktop.store.workspace import Workspace

WRONG_KEY = "已损坏或被改动（校验未通过）；未做任何改动。请在笔记本上重新导出评分结果再带回。"
TALLY_LABELS = {**{c.key: c.header for c in tally_columns()}, "complaints": "不满意事项", "feedback": "部门反馈"}


@dataclass
class _Part:
    """The return read against the office: ids of its records, their names, the baseline."""

    checkout: Checkout
    contents: ReturnContents
    row: ScoringSession
    scorers: list[tuple[int, str]]
    branches: list[tuple[int, str]]
    items: list[tuple[int, str, float]]
    laptop: dict[Key, float]
    base: dict[Key, tuple[float | None, int | None, int | None]]
    base_tallies: dict[int, tuple[dict, list]]


def merge(ws: Workspace, path: Path | str, prefer: str | None = None, dry_run: bool = False) -> MergeReport:
    """Merge a return file (or, with `dry_run`, only say what it would do). PackageRefused when the
    file is refused; the database is then as it was."""
    if prefer not in (None, OFFICE, LAPTOP):
        raise BranchdeskError("--prefer 只能是 office（保留办公室的分数）或 laptop（采用笔记本的分数）。")
    opened = open_return(path)
    with (ws.read() if dry_run else ws.write()) as session:
        plan = plan_return(session, opened, prefer)
        report = plan.report
        if not dry_run:
            _apply(ws, session, plan.part, plan.writes, plan.forms, report)
            if report.written:
                _verify(session, plan.part, set(plan.current), plan.writes)
    return report


def open_return(path: Path | str) -> tuple[bytes, package.Header, str]:
    """A return file's bytes, its checked header and its name (read before any unit is opened)."""
    data = package.read_file(path)
    name = Path(path).name
    return data, package.read_header(data, name, package.RETURN), name


@dataclass
class ReturnPlan:
    """A return read, refused or planned inside the caller's unit: what merging it would write."""

    part: _Part
    report: MergeReport
    current: dict  # the office's live cells before the merge
    writes: list  # (key, points or None, the office's cell or None)
    forms: list  # (branch id, tally fields)


def plan_return(session: Session, opened: tuple[bytes, package.Header, str], prefer: str | None) -> ReturnPlan:
    """Every conflict is planned the `prefer` way (the laptop's when None: the report lists them)."""
    data, header, name = opened
    part = _read(session, data, header, name)
    report = MergeReport(name, part.checkout.uuid, part.row.id, part.row.title, part.contents.number, prefer)
    current, latest = office.cell_records(session, part.row.id, [s for s, _n in part.scorers])
    writes = _plan_cells(part, current, latest, report)
    return ReturnPlan(part, report, current, writes, _plan_tallies(session, part, report))


def _read(session: Session, data: bytes, header: package.Header, name: str) -> _Part:
    checkout = session.scalar(select(Checkout).where(Checkout.uuid == header.checkout))
    key = None if checkout is None else session.get(CheckoutData, (checkout.id, office.KEY))
    if checkout is None or key is None:
        raise PackageRefused(f"“{name}”不是本机带出的评分包的结果（可能来自另一个单位的办公电脑，或本机数据库已被替换）；未做任何改动。")
    contents = packages.read_return(package.unseal(data, header, key.data, name, WRONG_KEY), name)
    if contents.checkout != checkout.uuid:
        raise PackageRefused(f"“{name}”的内容与文件头不符，文件已被改动；未做任何改动。")
    if contents.office != office.installation_id(session):
        raise PackageRefused(f"“{name}”是为另一个单位的办公电脑带出的评分结果，不能在本机合并；未做任何改动。")
    refuse_newer(contents.revision, name)
    row = session.get(ScoringSession, checkout.session_id)
    if row is None or row.deleted_at is not None or row.uuid != contents.session:
        raise PackageRefused(f"“{name}”所属的评分会在本机已不存在，不能合并；未做任何改动。")
    if row.status == FINALIZED:
        raise PackageRefused(f"评分会“{row.title}”已确认锁定，不能再合并笔记本的评分；未做任何改动。")
    returns = json.loads(checkout.returns)
    last = returns.get(contents.copy, 0)
    if contents.number < last:
        raise PackageRefused(f"“{name}”是这台笔记本的第 {contents.number} 份评分结果，比已合并的第 {last} 份更早。"
                             "旧文件不能覆盖较新的评分，未做任何改动。请使用笔记本最后导出的评分结果。")
    part = held.scorer_uuids(checkout)
    scorers = dict((u, (i, n)) for u, i, n in session.execute(
        select(SessionScorer.uuid, SessionScorer.id, SessionScorer.name).where(SessionScorer.session_id == row.id)).all())
    outside = [scorers.get(u, (0, u))[1] for u in contents.scorers if u not in part or u not in scorers]
    if outside:
        raise PackageRefused(f"“{name}”含有不属于这次带出的评委“{'、'.join(outside)}”的评分，不能合并；未做任何改动。")
    if contents.tallies is not None and not checkout.tallies:
        raise PackageRefused(f"“{name}”含有四评录入，但四评录入没有随这次带出；不能合并，未做任何改动。")
    holder = held.holder_of_scorers(session, row.id, set(contents.scorers), but=checkout.id)
    if holder is not None:
        raise PackageRefused(f"这些评委的评分{held.where_it_is(holder)}。请等该文件带回合并（或取消那次带出）后，"
                             f"再带回“{name}”；未做任何改动。")
    branches = dict((u, (i, n)) for u, i, n in session.execute(
        select(Branch.uuid, Branch.id, Branch.name).join(SessionBranch, SessionBranch.branch_id == Branch.id)
        .where(SessionBranch.session_id == row.id)).all())
    missing = [u for u in contents.branches if u not in branches]
    if missing:
        raise PackageRefused(f"“{name}”含有不在该评分会中的支部（{len(missing)} 个），不能合并；未做任何改动。")
    if contents.tallies is not None:
        held_tallies = held.held_tally_branches(session, row.year, but=checkout.id)
        for index in contents.tallies:
            holder = held_tallies.get(branches[contents.branches[index]][0])
            if holder is not None:
                raise PackageRefused(f"四评录入{held.where_it_is(holder)}；请等该文件带回后再合并“{name}”，未做任何改动。")
    rubric = rubrics.load(session, row.year)
    items = {i.uuid: (i.id, f"{i.area_name}·{i.item_name}", i.max_points) for i in (rubric.items if rubric else [])}
    if any(u not in items for u in contents.items):
        raise PackageRefused(f"“{name}”的考评项目与本机 {row.year} 年的考评细则不一致，不能合并；未做任何改动。")
    s_list, b_list, i_list = ([scorers[u] for u in contents.scorers], [branches[u] for u in contents.branches],
                              [items[u] for u in contents.items])
    laptop: dict[Key, float] = {}
    for s, b, i, points in contents.scores:
        problem = point_problem(points, i_list[i][2])
        if problem:
            raise PackageRefused(f"“{name}”中{b_list[b][1]}、{s_list[s][1]}、{i_list[i][1]}的分数{problem}，不能合并；未做任何改动。")
        laptop[(s_list[s][0], b_list[b][0], i_list[i][0])] = points
    base, base_tallies = _baseline(session, checkout, contents.copy, scorers, branches, items)
    return _Part(checkout, contents, row, s_list, b_list, i_list, laptop, base, base_tallies)


def _baseline(session: Session, checkout: Checkout, copy: str, scorers: dict, branches: dict, items: dict):
    """The copy's baseline after its last merge, or the package's when none of its returns is merged."""
    stored = session.get(CheckoutData, (checkout.id, office.copy_name(copy))) or session.get(CheckoutData, (checkout.id, office.SENT))
    blob = office.unpack_blob(stored.data) if stored else {"scorers": [], "branches": [], "items": [], "cells": [], "tallies": None}
    s_ids = [scorers.get(u, (None,))[0] for u in blob["scorers"]]
    b_ids = [branches.get(u, (None,))[0] for u in blob["branches"]]
    i_ids = [items.get(u, (None,))[0] for u in blob["items"]]
    base = {}
    for s, b, i, points, record, version in blob["cells"]:
        if None not in (s_ids[s], b_ids[b], i_ids[i]):
            base[(s_ids[s], b_ids[b], i_ids[i])] = (points, record, version)
    tallies = {b_ids[b]: (fields, stamp) for b, fields, stamp in (blob["tallies"] or []) if b_ids[b] is not None}
    return base, tallies


def _plan_cells(part: _Part, current: dict, latest: dict, report: MergeReport) -> list[tuple[Key, float | None, tuple | None]]:
    scorers, branches, items = ({s for s, _n in part.scorers}, {b for b, _n in part.branches}, {i for i, _l, _m in part.items})
    names = {"s": dict(part.scorers), "b": dict(part.branches), "i": {i: label for i, label, _m in part.items}}
    writes = []
    for key in sorted(set(part.base) | set(part.laptop)):
        if key[0] not in scorers or key[1] not in branches or key[2] not in items:
            continue
        base_value, base_id, base_version = part.base.get(key, (None, None, None))
        laptop = part.laptop.get(key)
        now = current.get(key)
        office_value = now[0] if now else None
        if laptop in (base_value, office_value):
            report.unchanged += 1
            continue
        _points, latest_id, latest_version = latest.get(key, (None, None, None))
        moved = (latest_id, latest_version) != (base_id, base_version)
        if moved:
            report.conflicts.append(Conflict(names["b"][key[1]], names["s"][key[0]], names["i"][key[2]], office_value, laptop, key))
            if report.prefer != LAPTOP:
                continue
        writes.append((key, laptop, now))
        report.merged += 1
        report.by_scorer[names["s"][key[0]]] += 1
        report.branches.add(names["b"][key[1]])
        if now is None:
            report.new += 1
        elif laptop is None:
            report.cleared += 1
        else:
            report.changed += 1
    return writes


def _plan_tallies(session: Session, part: _Part, report: MergeReport) -> list[tuple[int, dict]]:
    if part.contents.tallies is None:
        return []
    empty = packages.fields_of(form_of(None))
    forms = []
    evaluations = load_evaluations(session, [part.branches[index][0] for index in part.contents.tallies], part.row.year)
    for index, laptop in part.contents.tallies.items():
        branch_id, branch_name = part.branches[index]
        evaluation = evaluations.get(branch_id)
        now = packages.fields_of(form_of(evaluation))
        base, stamp = part.base_tallies.get(branch_id, (empty, []))
        moved = office.evaluation_stamp(evaluation) != stamp
        merged = dict(now)
        for name in TALLY_FIELDS:
            if laptop[name] in (base[name], now[name]):
                report.tallies_unchanged += 1
                continue
            if moved and now[name] != base[name]:
                report.tally_conflicts.append(TallyConflict(branch_name, TALLY_LABELS[name], now[name], laptop[name], branch_id, name))
                if report.prefer != LAPTOP:
                    continue
            merged[name] = laptop[name]
            report.tallies_merged += 1
            report.branches.add(branch_name)
        if merged != now:
            problems = form_problems(packages.form_from(merged))
            if problems:
                raise PackageRefused(f"合并后“{branch_name}”的四评录入不成立（{'；'.join(problems.values())}），"
                                     "可能是办公室和笔记本各改了一部分。请先在办公室核对该支部的四评录入；未做任何改动。")
            forms.append((branch_id, merged))
    return forms


def _apply(ws: Workspace, session: Session, part: _Part, writes: list, forms: list, report: MergeReport) -> None:
    checkout, contents = part.checkout, part.contents
    inserts = [{"session_id": part.row.id, "scorer_id": k[0], "branch_id": k[1], "item_id": k[2], "points": p}
               for k, p, now in writes if now is None]
    records = {r.id: r for r in _records(session, [now[1] for _k, _p, now in writes if now is not None])}
    for _key, points, now in writes:
        if now is None:
            continue
        if points is None:
            changelog.delete(session, records[now[1]])
        else:
            records[now[1]].points = points
    session.flush()
    if inserts:
        session.execute(insert(Score), inserts)
    apply_forms(session, part.row.year, {branch_id: packages.form_from(fields) for branch_id, fields in forms})
    if report.prefer is not None:
        _record_choices(session, part, report)
    returns = json.loads(checkout.returns)
    changed = bool(writes or forms or (report.prefer and (report.conflicts or report.tally_conflicts)))
    if checkout.state == OPEN:
        checkout.state, checkout.closed_at, checkout.closed_by = MERGED, ws.now(), ws.actor
        changed = True
    if returns.get(contents.copy) != contents.number:
        returns[contents.copy] = contents.number
        checkout.returns = json.dumps(returns, sort_keys=True)
        checkout.last_return = max(checkout.last_return, contents.number)
        changed = True
    session.flush()
    if report.settled:
        changed = _advance(session, part) or changed
    report.written = changed


def _records(session: Session, ids: list[int]) -> list[Score]:
    found: list[Score] = []
    for start in range(0, len(ids), 500):
        found.extend(session.scalars(select(Score).where(Score.id.in_(ids[start:start + 500]))))
    return found


def _record_choices(session: Session, part: _Part, report: MergeReport) -> None:
    kept = report.prefer or OFFICE
    session.add_all(CheckoutConflict(
        checkout_id=part.checkout.id, return_number=part.contents.number, branch_id=c.key[1], scorer_id=c.key[0],
        item_id=c.key[2], field=None, office_value=json.dumps(c.office), laptop_value=json.dumps(c.laptop), kept=kept)
        for c in report.conflicts)
    session.add_all(CheckoutConflict(
        checkout_id=part.checkout.id, return_number=part.contents.number, branch_id=c.branch_id, scorer_id=None, item_id=None,
        field=c.name, office_value=json.dumps(c.office, ensure_ascii=False), laptop_value=json.dumps(c.laptop, ensure_ascii=False),
        kept=kept) for c in report.tally_conflicts)


def _advance(session: Session, part: _Part) -> bool:
    """This copy's baseline becomes the return as merged: its next return is compared with it."""
    contents = part.contents
    s_at = {s: n for n, (s, _name) in enumerate(part.scorers)}
    b_at = {b: n for n, (b, _name) in enumerate(part.branches)}
    i_at = {i: n for n, (i, _l, _m) in enumerate(part.items)}
    _current, latest = office.cell_records(session, part.row.id, [s for s, _n in part.scorers])
    cells = []
    for key in sorted(set(part.laptop) | set(latest)):
        if key[0] in s_at and key[1] in b_at and key[2] in i_at:
            now = latest.get(key)
            cells.append([s_at[key[0]], b_at[key[1]], i_at[key[2]], part.laptop.get(key), now[1] if now else None,
                          now[2] if now else None])
    tallies = None
    if contents.tallies is not None:
        evaluations = load_evaluations(session, [part.branches[index][0] for index in contents.tallies], part.row.year)
        tallies = [[index, fields, office.evaluation_stamp(evaluations.get(part.branches[index][0]))]
                   for index, fields in sorted(contents.tallies.items())]
    blob = office.pack_blob({"scorers": contents.scorers, "branches": contents.branches, "items": contents.items,
                             "cells": cells, "tallies": tallies})
    name = office.copy_name(contents.copy)
    stored = session.get(CheckoutData, (part.checkout.id, name))
    if stored is not None and stored.data == blob:
        return False
    if stored is None:
        session.add(CheckoutData(checkout_id=part.checkout.id, name=name, data=blob))
    else:
        stored.data = blob
    session.flush()
    return True


def _verify(session: Session, part: _Part, before: set[Key], writes: list) -> None:
    """Checked inside the unit, before it commits: a failure rolls the whole merge back."""
    if session.get_bind().dialect.name == "sqlite":
        broken = session.execute(text("PRAGMA foreign_key_check")).first()
        if broken is not None:
            raise BranchdeskError(f"合并后的核对未通过（{broken[0]} 表的关联不完整），已全部撤销，数据库未做任何改动。")
    expected = (before | {k for k, p, _now in writes if p is not None}) - {k for k, p, _now in writes if p is None}
    live = session.scalar(select(func.count(Score.id)).where(
        Score.session_id == part.row.id, Score.scorer_id.in_([s for s, _n in part.scorers])))
    if live != len(expected):
        raise BranchdeskError(f"合并后的核对未通过（应有 {len(expected)} 格评分，实有 {live} 格），已全部撤销，数据库未做任何改动。")


__all__ = ["LAPTOP", "OFFICE", "Conflict", "MergeReport", "TallyConflict", "merge"]

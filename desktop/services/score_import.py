"""Scores typed from paper (导入评分): one session's cells from Excel, with the grid's checks.

A row names its cell by scorer, branch and item (一级指标·二级指标); the score must lie in 0..the
item's maximum in whole or half points. At the office a scorer whose part is on a laptop is
refused row by row (its scores come back with the laptop); on a laptop, a scorer of the session
who is not in this laptop's part is named as such. The whole plan is written in one unit, or
nothing when a cell it read has changed since (StaleError; the one-step import plans again).
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.errors import ImportFileError, NotFoundError
from desktop.excel import scores as sheet
from desktop.excel.cells import quote
from desktop.excel.sheet import Rejection, read_rows, write_rows
from desktop.models import Branch, LaptopPackage, Score, ScoringSession, SessionBranch, SessionScorer
from desktop.models.scoring import FINALIZED
from desktop.rules.numbers import NumberError
from desktop.rules.scoring import read_points
from desktop.services import held, imports, versions
from desktop.services import rubric as rubrics
from desktop.services.imports import NEW, PLAN_CHANGED, SAME, UPDATE, ImportPlan, ImportReport, PlannedRow, check_basis, plan_then_apply
from desktop.store.workspace import Workspace

SHEET_TITLE = "评分录入"
DESCRIBED = sheet.columns()  # how a preview names 得分


def _session(session: Session, session_id: int) -> ScoringSession:
    row = session.get(ScoringSession, session_id)
    if row is None:
        raise NotFoundError("该评分会已不存在。")
    if row.status == FINALIZED:
        raise ImportFileError(f"评分会“{row.title}”已确认锁定，不能再导入评分；修改请在评分表中逐格进行并填写原因。")
    return row


def _names(session: Session, row: ScoringSession):
    scorers = dict(session.execute(select(SessionScorer.name, SessionScorer.id).where(SessionScorer.session_id == row.id)).all())
    branches = dict(session.execute(select(Branch.name, Branch.id).join(SessionBranch, SessionBranch.branch_id == Branch.id)
                                    .where(SessionBranch.session_id == row.id)).all())
    rubric = rubrics.load(session, row.year)
    items = {f"{i.area_name}·{i.item_name}": (i.id, i.max_points) for i in (rubric.items if rubric else [])}
    elsewhere: set[str] = set()  # on a laptop: the session's scorers cut into other parts
    for package in session.scalars(select(LaptopPackage).where(LaptopPackage.session_id == row.id)):
        elsewhere |= set(json.loads(package.all_scorers))
    return scorers, branches, items, elsewhere - set(scorers)


def _existing(session: Session, session_id: int) -> dict[tuple[int, int, int], Score]:
    return {(s.scorer_id, s.branch_id, s.item_id): s for s in session.scalars(select(Score).where(Score.session_id == session_id))}


def plan_import(ws: Workspace, path: Path | str, session_id: int) -> ImportPlan:
    parsed, rejected = read_rows(path, sheet.columns())
    plan = ImportPlan(rejected=rejected)
    first_row: dict[tuple[int, int, int], int] = {}
    with ws.read() as session:
        row = _session(session, session_id)
        scorers, branches, items, elsewhere = _names(session, row)
        held_scorers = held.held_scorer_ids(session, session_id)
        existing = _existing(session, session_id)
        for line in parsed:
            values = line.values
            problems = []
            scorer_id = scorers.get(values["scorer"])
            if scorer_id is None:
                why = "不在本笔记本带出的评委中" if values["scorer"] in elsewhere else "不是该评分会的评委"
                problems.append(Rejection(line.row, "评委", f"“{quote(values['scorer'])}”{why}"))
            elif scorer_id in held_scorers:
                where = held.where_it_is(held_scorers[scorer_id])
                problems.append(Rejection(line.row, "评委", f"“{quote(values['scorer'])}”的评分{where}，暂不能导入"))
            branch_id = branches.get(values["branch"])
            if branch_id is None:
                problems.append(Rejection(line.row, "支部名称", f"“{quote(values['branch'])}”不在该评分会中"))
            item = items.get(values["item"])
            if item is None:
                problems.append(Rejection(line.row, "考评项目", f"考评细则中没有“{quote(values['item'])}”（应写作 一级指标·二级指标）"))
            else:
                try:
                    points = read_points(values["points"], item[1])
                except NumberError as error:
                    problems.append(Rejection(line.row, "得分", error.reason))
            if problems:
                plan.rejected.extend(problems)
                continue
            key = (scorer_id, branch_id, item[0])
            if key in first_row:
                plan.rejected.append(Rejection(line.row, "考评项目", f"与第 {first_row[key]} 行重复（同一评委、支部和项目）"))
                continue
            first_row[key] = line.row
            stored = existing.get(key)
            changes = "" if stored is None else imports.describe_changes({"points": stored.points}, {"points": points}, DESCRIBED)
            action = NEW if stored is None else UPDATE if changes else SAME
            plan.rows.append(PlannedRow(line.row, action, f"{values['scorer']} {values['branch']} {values['item']}",
                                        {"key": key, "points": points}, changes))
        plan.basis = _basis(existing, plan.rows)
    plan.rejected.sort(key=lambda r: r.row)
    return plan


def _basis(existing: dict, rows: list[PlannedRow]) -> frozenset:
    keys = (row.values["key"] for row in rows)
    return versions.basis((key, [existing[key]] if key in existing else []) for key in keys)


def apply_plan(ws: Workspace, plan: ImportPlan, session_id: int) -> ImportReport:
    with versions.refused_if_stale(PLAN_CHANGED), ws.write() as session:
        _session(session, session_id)
        existing = _existing(session, session_id)
        check_basis(plan, _basis(existing, plan.rows))
        held_scorers = held.held_scorer_ids(session, session_id)
        new = []
        for row in plan.rows:
            scorer_id, branch_id, item_id = row.values["key"]
            if row.action != SAME and scorer_id in held_scorers:
                held.refuse_held_scorer(session, session_id, scorer_id)
            if row.action == NEW:
                new.append({"session_id": session_id, "scorer_id": scorer_id, "branch_id": branch_id, "item_id": item_id,
                            "points": row.values["points"]})
            elif row.action == UPDATE:  # another score than a suggestion held: the scorer's now
                cell = existing[row.values["key"]]
                cell.points, cell.suggested = row.values["points"], False
        session.flush()
        if new:
            session.execute(insert(Score), new)
    return plan.report(written=True)


def import_scores(ws: Workspace, path: Path | str, session_id: int, dry_run: bool = False) -> ImportReport:
    return plan_then_apply(lambda w, p: plan_import(w, p, session_id), lambda w, plan: apply_plan(w, plan, session_id),
                           ws, path, dry_run)


def write_template(ws: Workspace, path: Path | str, session_id: int) -> tuple[Path, int]:
    """Every cell of the session, one per row, with the score typed so far (empty where none)."""
    with ws.read() as session:
        row = session.get(ScoringSession, session_id)
        if row is None:
            raise NotFoundError("该评分会已不存在。")
        scorers = session.execute(select(SessionScorer.id, SessionScorer.name).where(SessionScorer.session_id == session_id)
                                  .order_by(SessionScorer.position)).all()
        branches = session.execute(select(Branch.id, Branch.name).join(SessionBranch, SessionBranch.branch_id == Branch.id)
                                   .where(SessionBranch.session_id == session_id).order_by(SessionBranch.position)).all()
        rubric = rubrics.load(session, row.year)
        items = list(rubric.items) if rubric else []
        stored = {key: s.points for key, s in _existing(session, session_id).items()}
    records = [{"scorer": s_name, "branch": b_name, "item": f"{i.area_name}·{i.item_name}", "max_points": i.max_points,
                "points": stored.get((s_id, b_id, i.id))}
               for s_id, s_name in scorers for b_id, b_name in branches for i in items]
    return write_rows(path, sheet.columns(), records, SHEET_TITLE), len(records)

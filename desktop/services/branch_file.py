"""支部档案: everything the app knows about one branch in one year, gathered in one read, as the
lines desktop.paper.branch_file prints, exports and keeps for verification: the registry, findings,
meetings, scores, 四评, workflow, and the branch's 整顿 history (case, inspections, 约谈)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select

from desktop.errors import BranchdeskError
from desktop.glossary import YES_NO, branch_kind_label, meeting_type_label
from desktop.models import Branch, Rubric, RubricItem, Score, ScoringSession, SessionScorer
from desktop.paper import branch_file
from desktop.paper.branch_file import BranchFile
from desktop.paper.layout import layout_sections
from desktop.paper.sheets import cell_text
from desktop.rules import scoring
from desktop.rules.eligibility import BAR_LABELS, GRADES
from desktop.rules.workflow import state_label
from desktop.services import paper_sources as sources
from desktop.services.branches import list_branches, trained_years_by_branch
from desktop.services.compliance import year_matrix
from desktop.services.inspections import branch_history
from desktop.services.meetings import list_meetings
from desktop.services.paper import Built, default_as_of
from desktop.services.workflow import year_workflow
from desktop.store.workspace import Workspace

Line = tuple[str, str, str]
NONE = "无"


def _day(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


def _registry(branch: Branch, trained: frozenset[int], row) -> list[Line]:
    secretary = branch.secretary or (f"空缺（自 {_day(branch.secretary_vacant_since)}）" if branch.secretary_vacant_since else "空缺")
    term = "—"
    if branch.elected_on:
        term = f"{_day(branch.elected_on)} 选举，任期 {branch.term_years or '—'} 年"
        term += f"，{_day(row.term_end)} 届满" if row.term_end else ""
    lines = [
        ("基本情况", "类型", branch_kind_label(branch.branch_kind)),
        ("基本情况", "上级党组织", branch.parent_org or "—"),
        ("基本情况", "成立日期", _day(branch.established_on)),
        ("基本情况", "书记", secretary),
        ("基本情况", "党员", f"正式 {branch.full_members} 人，预备 {branch.probationary_members} 人"),
        ("基本情况", "支委会", YES_NO[bool(branch.has_committee)]),
        ("基本情况", "党小组", f"{branch.party_groups or 0} 个"),
        ("基本情况", "换届", term),
        ("基本情况", "评定", row.standing.text),
        ("基本情况", "书记参加培训", "、".join(f"{y} 年" for y in sorted(trained)) or NONE),
    ]
    lines += [("设置问题", f.label, f.message) for f in row.findings] or [("设置问题", "检查结果", NONE)]
    return lines


def _meetings(types: dict, held_on: dict[str, list[date]]) -> list[Line]:
    lines = []
    for kind, t in types.items():
        dates = "、".join(f"{d.month}月{d.day}日" for d in held_on.get(kind, ())) or "未开"
        if not t.required:  # listed only when held anyway (a 支委会 of a branch without a committee)
            if held_on.get(kind):
                lines.append(("组织生活", meeting_type_label(kind), f"已开 {t.logged} 次，本支部不要求（{dates}）"))
            continue
        gaps = f"；缺：{'、'.join(t.gaps)}" if t.gaps else ""
        lines.append(("组织生活", meeting_type_label(kind), f"已开 {t.held} 次，应开 {t.required_count} 次（{dates}）{gaps}"))
    return lines or [("组织生活", "要求", "本年度无应开会议")]


def _scorer_totals(session, year: int, ids: list[int]) -> dict[int, list[Line]]:
    """Every scorer's total for each branch, per scoring session of the year (a half-scored row says so)."""
    items = session.scalar(select(func.count(RubricItem.id)).join(Rubric).where(Rubric.year == year)) or 0
    rows = session.execute(
        select(Score.branch_id, ScoringSession.id, ScoringSession.title, SessionScorer.name, func.sum(Score.points),
               func.count(Score.points))
        .join(ScoringSession, ScoringSession.id == Score.session_id)
        .join(SessionScorer, SessionScorer.id == Score.scorer_id)
        .where(ScoringSession.year == year, Score.branch_id.in_(ids))
        .group_by(Score.branch_id, ScoringSession.id, ScoringSession.title, ScoringSession.held_on,
                  SessionScorer.id, SessionScorer.name, SessionScorer.position)
        .order_by(ScoringSession.held_on, ScoringSession.id, SessionScorer.position, SessionScorer.id)
    ).all()
    several = len({session_id for _b, session_id, *_rest in rows}) > 1  # name the session only when there are two
    found: dict[int, list[Line]] = defaultdict(list)
    for branch_id, _session_id, title, scorer, total, scored in rows:
        done = "" if scoring.scorer_complete(scored, items) else f"（已评 {scored}/{items} 项，不计入）"
        found[branch_id].append(("评分", f"{title} · {scorer}" if several else f"评委 {scorer}", f"{cell_text(float(total))}{done}"))
    return found


def _results(r: Any) -> list[Line]:
    if r is None:
        return [("四评", "考评", "未考评")]
    lines = [("四评", label, cell_text(getattr(r, key)))
             for key, label in (("org", "组织评定"), ("member", "党员评议"), ("public", "群众评判"), ("social", "社会评价"),
                                ("composite", "综合得分"))]
    lines.append(("四评", "述职评议考核等次", GRADES.get(r.review_grade, "—") if r.review_grade else "—"))
    if r.veto:
        lines.append(("四评", "一票否决", r.veto))
    meets = "未考评" if r.meets_standard is None else YES_NO[r.meets_standard]
    lines.append(("结论", "考评达标", meets))
    lines.append(("结论", "最强党支部资格", YES_NO[r.strongest_eligible]))
    if r.strongest_bars:
        lines.append(("结论", "未获资格原因", "；".join(BAR_LABELS.get(b, b) for b in r.strongest_bars)))
    return lines


def _steps(workflow: Any) -> list[Line]:
    if workflow is None or not workflow.steps:
        return [("流程", "进度", "未开始")]
    lines = []
    for step in workflow.steps:
        why = f"；{step.reason}" if step.reason else ""
        lines.append(("流程", _day(step.on_date), f"{state_label(step.state, step.outcome)}（记录人：{step.recorded_by}）{why}"))
    return lines


def _weak(history: Any, year: int, as_of: date) -> list[Line]:
    """The year's 整顿 case, the inspections that visited the branch and its 约谈, up to the as-of date.
    Whether a case is overdue is left out: it would change the sheet from one day to the next."""
    lines = []
    for case in (c for c in history.cases if c.year == year):
        deadline = f"；期限 {_day(case.form.deadline)}" if case.form.deadline else ""
        lines.append(("整顿提升", "整顿台账", f"{case.state_label}；情形：{'、'.join(case.ground_labels) or '—'}{deadline}"))
    for inspection, visit in history.visits:
        if inspection.held_on.year == year and inspection.held_on <= as_of:
            follow = f"；整改要求：{visit.follow_up}" if visit.follow_up else ""
            lines.append(("整顿提升", f"{_day(inspection.held_on)} {inspection.kind_label}",
                          f"{visit.findings or '无问题记录'}{follow}"))
    for talk in history.talks:
        if talk.held_on.year == year and talk.held_on <= as_of:
            role = f"（{talk.role}）" if talk.role else ""
            agreed = f"；{talk.agreed}" if talk.agreed else ""
            lines.append(("整顿提升", f"{_day(talk.held_on)} 约谈", f"{talk.person}{role}：{talk.reason}{agreed}"))
    return lines or [("整顿提升", "记录", NONE)]


def branch_files(ws: Workspace, year: int, as_of: date, branch_ids: list[int] | None = None) -> list[BranchFile]:
    """The 档案 of the chosen branches (or of every active one), in the registry's order."""
    with ws.read() as session:
        rows = [r for r in list_branches(ws, year, as_of) if branch_ids is None or r.id in set(branch_ids)]
        if not rows:
            raise BranchdeskError("没有可打印的党支部。")
        ids = [r.id for r in rows]
        branches = {b.id: b for b in session.scalars(select(Branch).where(Branch.id.in_(ids)))}
        trained = trained_years_by_branch(session)
        matrix = {b.branch_id: b for b in year_matrix(ws, year, as_of, ids).branches}
        held: dict[int, dict[str, list[date]]] = defaultdict(lambda: defaultdict(list))
        for m in list_meetings(ws, start=date(year, 1, 1), end=min(as_of, date(year, 12, 31))):
            if m.branch_id in branches:
                held[m.branch_id][m.meeting_type].append(m.held_on)
        scores = _scorer_totals(session, year, ids)
        results = {r.branch_id: r for r in sources.year_results(ws, year, ids)}
        workflow = {w.branch_id: w for w in year_workflow(ws, year, ids)}
        files = []
        for row in rows:
            lines = _registry(branches[row.id], trained.get(row.id, frozenset()), row)
            lines += _meetings(matrix[row.id].types if row.id in matrix else {}, held[row.id])
            lines += scores.get(row.id) or [("评分", "评分会", "本年度未评分")]
            lines += _results(results.get(row.id)) + _steps(workflow.get(row.id))
            lines += _weak(branch_history(ws, row.id), year, as_of)
            files.append(BranchFile(row.name, year, as_of, tuple(lines)))
        return files


def build(ws: Workspace, params: dict[str, Any]) -> Built:
    year = params["year"]
    as_of = date.fromisoformat(params["as_of"]) if params.get("as_of") else default_as_of(year)
    files = branch_files(ws, year, as_of, params.get("branch_ids"))
    subject = files[0].name if len(files) == 1 else f"{len(files)} 个党支部"
    return Built(f"{branch_file.TITLE}（{year} 年）", subject, branch_file.files_fingerprint(files),
                 lambda: layout_sections(branch_file.sections(files)), branch_file.sheet(files),
                 form_contents=branch_file.contents(files))

"""A database holding one of each record kind that travels, live and deleted side by side.

What the services can delete is deleted through them (a branch without history, a meeting with
its scan, one attachment, an open scoring session with its scorers, branches and scores, one score
cell); an evaluation, a workflow step and a certificate, which no service deletes, are marked the
way a laptop merge will mark them (changelog.delete in a write unit). Every text of a deleted
record carries MARK, so "no read shows a deleted record" is "no read shows MARK" (and none of their
UUIDs); where a leak would show only as a number, the deleted record is built to change that number
(a later session scoring 0, a general meeting filling a quarter, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select, text

from desktop.models import Certificate, Evaluation, WorkflowStep
from desktop.rules.scoring import Tally
from desktop.rules.targets import YearTarget
from desktop.services import branches, documents, meetings, scoring, settings, tallies, targets, workflow
from desktop.services.tallies import ComplaintEntry, FeedbackEntry, TallyForm
from desktop.store import changelog
from desktop.store.workspace import Workspace

MARK = "〔已删〕"
YEAR = 2025
AS_OF = date(2025, 12, 31)
TOMBSTONED = ("branch", "meeting", "meeting_attachment", "scoring_session", "session_scorer", "session_branch",
              "score", "evaluation", "workflow_step", "certificate")
KEPT_A, KEPT_B, GONE = "和平社区党支部", "幸福村党支部", f"{MARK}光明社区党支部"


@dataclass
class Built:
    """The ids of what was built; `deleted` maps a table to the ids marked in it."""

    a: int = 0
    b: int = 0
    gone: int = 0
    meeting: int = 0
    dropped_meeting: int = 0
    live_session: int = 0
    dropped_session: int = 0
    cleared: tuple[int, int, int] = (0, 0, 0)
    certificate: int = 0
    summary_code: str = ""
    deleted: dict[str, set[int]] = field(default_factory=dict)
    deleted_uuids: set[str] = field(default_factory=set)


def _source(folder: Path, name: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def _branches(ws: Workspace, built: Built) -> None:
    built.a = branches.save_branch(ws, {
        "name": KEPT_A, "branch_kind": "community", "full_members": 12, "has_committee": True, "party_groups": 1,
        "established_on": date(2000, 1, 1), "elected_on": date(2024, 1, 10), "term_years": 5,
        "secretary": "张建华", "trained_years": {YEAR}})
    built.b = branches.save_branch(ws, {"name": KEPT_B, "branch_kind": "village", "full_members": 8,
                                        "established_on": date(1998, 5, 1), "secretary": "李秀英"})
    built.gone = branches.save_branch(ws, {"name": GONE, "branch_kind": "community", "full_members": 5,
                                           "secretary": f"{MARK}赵书记", "notes": f"{MARK}备注"})
    branches.delete_branch(ws, built.gone)


def _meetings(ws: Workspace, built: Built, sources: Path) -> None:
    built.meeting = meetings.save_meeting(ws, {"branch_id": built.a, "meeting_type": "theme_day",
                                               "held_on": date(YEAR, 3, 5), "topic": "三月主题党日", "host": "张建华"})
    meetings.add_attachment(ws, built.meeting, _source(sources, "签到表.pdf", b"%PDF-1.4 sign-in"))
    removed = meetings.add_attachment(ws, built.meeting, _source(sources, f"{MARK}照片.jpg", b"jpeg bytes"))
    meetings.remove_attachment(ws, removed.id)
    # A quorate general meeting in the second quarter: leaked, it would fill A's quarter.
    built.dropped_meeting = meetings.save_meeting(ws, {
        "branch_id": built.a, "meeting_type": "general_meeting", "held_on": date(YEAR, 6, 10), "expected": 12,
        "attended": 11, "topic": f"{MARK}党员大会", "host": f"{MARK}主持人", "minutes": f"{MARK}会议记录"})
    meetings.add_attachment(ws, built.dropped_meeting, _source(sources, f"{MARK}会议记录.pdf", b"%PDF-1.4 minutes"))
    meetings.delete_meeting(ws, built.dropped_meeting)


def _fill(ws: Workspace, session_id: int, scorer: int, branch_id: int, points) -> None:
    for item in scoring.load_grid(ws, session_id).rubric.items:
        scoring.save_score(ws, session_id, (scorer, branch_id, item.id), points(item.max_points))


def _scoring(ws: Workspace, built: Built) -> None:
    built.live_session = scoring.create_session(ws, YEAR, "2025年度考评", date(YEAR, 6, 1), [built.a, built.b],
                                                ["张评委", "李评委"])
    grid = scoring.load_grid(ws, built.live_session)
    (zhang, _), (li, _) = grid.scorers
    for branch_id in (built.a, built.b):
        _fill(ws, built.live_session, zhang, branch_id, lambda top: top)
    _fill(ws, built.live_session, li, built.a, lambda top: 0)
    scoring.finalize(ws, built.live_session, "党建办王丽华")
    # 李 scored A 0 everywhere; clearing one cell leaves him incomplete for A: A's org score is 张's 100.
    built.cleared = (li, built.a, grid.rubric.items[0].id)
    scoring.save_score(ws, built.live_session, built.cleared, None, changed_by="王丽华", reason="评委漏看一项，重新打分",
                       shown=0)
    # A later session (the latest one counts) scoring A 0, deleted while open.
    built.dropped_session = scoring.create_session(ws, YEAR, f"{MARK}复评会", date(YEAR, 9, 1), [built.a],
                                                   [f"{MARK}王评委"])
    (dropped_scorer, _), = scoring.load_grid(ws, built.dropped_session).scorers
    _fill(ws, built.dropped_session, dropped_scorer, built.a, lambda top: 0)
    scoring.delete_session(ws, built.dropped_session)


def _evaluation_and_workflow(ws: Workspace, built: Built) -> None:
    tallies.save_tally(ws, built.a, YEAR, TallyForm(Tally(12, 10, 2, 0, 0, 40, 5, 1), review_grade="excellent",
                                                    complaints=(ComplaintEntry("楼道照明长期未修"),),
                                                    feedback=(FeedbackEntry("街道综治办"),)))
    tallies.save_tally(ws, built.b, YEAR, TallyForm(Tally(8, 1, 2, 3, 2, 30, 5, 20), review_grade="poor",
                                                    veto=f"{MARK}否决事项",
                                                    complaints=(ComplaintEntry(f"{MARK}投诉", True),),
                                                    feedback=(FeedbackEntry(f"{MARK}部门", False, f"{MARK}反馈"),)))
    for state, outcome, day in (("self_assessed", None, (3, 15)), ("applied", None, (4, 10)),
                                ("assessed", "pass", (6, 20)), ("accepted", "pass", (9, 15))):
        workflow.record_step(ws, built.a, YEAR, state, date(YEAR, *day), "王丽华", outcome=outcome)
    workflow.record_step(ws, built.b, YEAR, "self_assessed", date(YEAR, 3, 15), f"{MARK}记录人", reason=f"{MARK}自评")
    with ws.write() as session:
        session.add(Certificate(honour="strongest", year=YEAR, branch_id=built.a, serial=1, number=f"{MARK}001",
                                revoked=False))
        session.flush()
        # What a merge does with records deleted on the other computer:
        for record in (session.scalar(select(Evaluation).where(Evaluation.branch_id == built.b)),
                       session.scalar(select(WorkflowStep).where(WorkflowStep.branch_id == built.b)),
                       session.scalar(select(Certificate).where(Certificate.honour == "strongest"))):
            changelog.delete(session, record)


def _paper(ws: Workspace, built: Built, out: Path) -> None:
    settings.save(ws, [settings.Change("issuer_name", "中共和平街道工作委员会", YEAR),
                       settings.Change("subdistrict_name", "和平街道")])
    targets.save_targets(ws, [YearTarget(YEAR, 0.5, 0.2, False, None, "edited")])
    printed = documents.print_document(ws, "certificate", {"year": YEAR, "honour": "standardized"}, out / "certificates.pdf")
    assert printed.pages == 1
    built.summary_code = documents.print_document(ws, "summary", {"year": YEAR}, out / "summary.pdf").code
    with ws.read() as session:
        built.certificate = session.scalar(select(Certificate.id))


def _rectification(ws: Workspace, built: Built) -> None:
    """A 整顿 case and an inspection of a live branch, so their datasets and sheets have rows."""
    from desktop.services import inspections, weak_cases

    weak_cases.open_case(ws, built.a, YEAR, weak_cases.CaseForm(
        grounds=("no_organizational_life",), problems="半年未开展组织生活", identified_on=date(YEAR, 3, 1), deadline=date(YEAR, 9, 30)))
    inspections.record_inspection(ws, "special", date(YEAR, 4, 8), "街道党工委督查组",
                                  [inspections.VisitForm(built.a, findings="台账不全")], topic="组织生活专项督查")


def _plan_and_rewards(ws: Workspace, built: Built) -> None:
    """The live branches' pay, plan and 隶属关系调整 through the services; the deleted branch's rows
    (which no service writes, since they would be its history) as an older copy could hold them."""
    from desktop.models import BranchPay, BranchPlan, Reaffiliation
    from desktop.services import plan, rewards

    rewards.save_pay(ws, built.a, YEAR, 20_000_000, 2_000_000)
    rewards.save_pay(ws, built.b, YEAR, 15_000_000, 1_500_000)
    plan.save_plan(ws, YEAR, [plan.PlanEntry(built.a, "advanced", True, "巩固提升", "张建华")])
    rewards.reaffiliate(ws, built.b, "中共和平街道工作委员会", date(YEAR, 6, 1))
    with ws.write() as session:
        session.add_all([
            BranchPlan(branch_id=built.gone, year=YEAR, classification="average", planned=True, notes=f"{MARK}计划"),
            BranchPay(branch_id=built.gone, year=YEAR, pay_total_fen=99_900_000, base_funding_fen=9_990_000),
            Reaffiliation(branch_id=built.gone, on_date=date(YEAR, 5, 1), old_parent=f"{MARK}旧", new_parent=f"{MARK}新"),
        ])


def build(ws: Workspace, work: Path) -> Built:
    built = Built()
    _branches(ws, built)
    _meetings(ws, built, work / "sources")
    _scoring(ws, built)
    _evaluation_and_workflow(ws, built)
    _paper(ws, built, work)
    _rectification(ws, built)
    _plan_and_rewards(ws, built)
    with ws.engine.begin() as conn:  # a hand edit (or another program) left values nobody knows on deleted records
        conn.execute(text("UPDATE branch SET branch_kind = 'bogus' WHERE id = :id"), {"id": built.gone})
        conn.execute(text("UPDATE meeting SET meeting_type = 'bogus' WHERE id = :id"), {"id": built.dropped_meeting})
    with ws.engine.connect() as conn:  # past the seam: what is marked in the file
        for table in TOMBSTONED:
            rows = conn.execute(text(f"SELECT id, uuid FROM {table} WHERE deleted_at IS NOT NULL")).all()
            built.deleted[table] = {row[0] for row in rows}
            built.deleted_uuids.update(row[1] for row in rows)
    return built

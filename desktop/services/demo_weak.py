"""Demo step for 整顿提升: a living ledger of 软弱涣散 cases, the committee's inspections and 约谈.

Runs after the evaluation step and reads what it wrote, so the data hangs together: the branches
put on the ledger are the weak ones of their year (a failed 街道考评, a poor or fair review), never
one recommended for 最强 that year or the next; most cases are closed within their year, a few
run into the next spring, and only this year's may still be open. A couple of secretaries' posts
are vacant, so the screening finds that ground too. Everything is bulk-inserted.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.models import (
    AdmonitionTalk,
    Branch,
    Evaluation,
    Inspection,
    InspectionVisit,
    WeakCase,
    WeakCaseGround,
    WeakCaseProgress,
    WorkflowStep,
)
from desktop.rules.weak_cases import FAIL, PASS
from desktop.services.demo_people import person

YEARS = 10
JUDGED = ("secretary_unfit", "team_disunited", "democracy_disorder", "member_disorder", "no_venue_or_funds",
          "petitions_concentrated")
PROBLEMS = {
    "secretary_unfit": "书记履职能力不足，抓党建工作思路不清",
    "team_disunited": "班子成员分工不明，相互推诿，议事决策不规范",
    "democracy_disorder": "党务、居务公开不及时，重大事项未经民主程序",
    "member_disorder": "流动党员底数不清，党费收缴不及时",
    "no_venue_or_funds": "活动场所狭小，党员活动经费未落实",
    "petitions_concentrated": "辖区信访矛盾集中，群众意见较大",
    "assessment_failed": "年度街道党工委考评未通过",
    "review_poor": "书记述职评议等次较差",
}
MEASURES = ("街道党工委班子成员包联，选派第一书记驻点指导", "调整充实支部班子，建立问题清单、任务清单、责任清单",
            "每月召开支委会，按季度召开党员大会，落实三会一课", "结对共建单位帮扶，落实活动场所和经费")
STEPS = ("召开专题组织生活会，查摆问题，制定整改方案", "调整支委分工，补选支部委员", "补开党员大会，完善会议记录台账",
         "开展党员集中学习，落实党费按月收缴", "走访群众，公开整改承诺", "整改事项逐项对账，申请验收")
FINDINGS = ("三会一课记录不全", "党费收缴台账不规范", "党务公开栏内容未更新", "发展党员程序材料缺失", "主题党日活动流于形式", "未发现问题")
FOLLOW_UPS = ("补齐会议记录", "规范党费收缴台账", "一个月内更新党务公开内容", "补齐发展党员材料", "制定主题党日年度计划")
KINDS = ("special", "spot", "random")


def _uuid(counters: dict[str, int], table: str, code: int) -> str:
    n = counters.get(table, 0)
    counters[table] = n + 1
    return f"00000000-0000-4000-b{code:03d}-{n:012d}"


def _weak_pools(session: Session, years: range) -> tuple[dict[int, list[int]], dict[int, set[int]], dict[tuple[int, int], str]]:
    """Per year the branches that could be weak, the branches recommended for 最强, and the data
    ground of each weak branch (a failed 街道考评, else a poor review)."""
    pools: dict[int, list[int]] = defaultdict(list)
    recommended: dict[int, set[int]] = defaultdict(set)
    data_ground: dict[tuple[int, int], str] = {}
    for branch_id, year, state, outcome in session.execute(
            select(WorkflowStep.branch_id, WorkflowStep.year, WorkflowStep.state, WorkflowStep.outcome)
            .where(WorkflowStep.year.between(years.start, years.stop - 1))):
        if state == "recommended":
            recommended[year].add(branch_id)
        elif state == "assessed" and outcome == FAIL:
            data_ground[(branch_id, year)] = "assessment_failed"
    for branch_id, year, grade in session.execute(
            select(Evaluation.branch_id, Evaluation.year, Evaluation.review_grade)
            .where(Evaluation.year.between(years.start, years.stop - 1), Evaluation.review_grade.in_(("poor", "fair")))):
        if grade == "poor":
            data_ground.setdefault((branch_id, year), "review_poor")
        pools[year].append(branch_id)
    for (branch_id, year) in data_ground:
        if branch_id not in pools[year]:
            pools[year].append(branch_id)
    return pools, recommended, data_ground


def weak_step(session: Session, ctx) -> None:
    rng: random.Random = random.Random(ctx.rng.random())
    today: date = ctx.today
    years = range(today.year - YEARS + 1, today.year + 1)
    counters: dict[str, int] = {}
    pools, recommended, data_ground = _weak_pools(session, years)
    per_year = max(2, len(ctx.branch_ids) // 20)
    cases: list[dict] = []
    grounds: list[dict] = []
    notes: list[dict] = []
    talks: list[dict] = []
    for year in years:
        barred = recommended[year] | recommended.get(year + 1, set())
        pool = sorted(b for b in pools[year] if b not in barred)
        for branch_id in rng.sample(pool, min(per_year, len(pool))):
            current = year == today.year  # this year's ledger is still being worked through
            first = max(2, min(today.month - 4, 9)) if current else 2
            identified = date(year, rng.randint(first, first + 2), rng.randint(1, 28))
            if identified > today:
                continue
            deadline = identified + timedelta(days=rng.choice((150, 180, 210)))
            chosen = [data_ground[(branch_id, year)]] if (branch_id, year) in data_ground else []
            chosen += rng.sample(JUDGED, rng.choice((1, 1, 2)))
            roll = rng.random()
            accepted_on = closed_on = acceptance = None
            if roll < (0.45 if current else 0.85):  # accepted by the deadline and closed within the year
                accepted_on = min(deadline - timedelta(days=rng.randint(0, 20)), date(year, 12, 10))
                acceptance, closed_on = PASS, accepted_on + timedelta(days=rng.randint(2, 10))
            elif roll < (0.6 if current else 0.95):  # failed once, closed the next spring
                accepted_on, acceptance = min(deadline, date(year, 12, 1)), FAIL
                closed_on = date(year + 1, rng.randint(2, 4), rng.randint(1, 28))
            if closed_on is not None and closed_on > today:  # this year's: still under way
                accepted_on, acceptance, closed_on = (None, None, None) if accepted_on and accepted_on > today else (
                    accepted_on, acceptance, None)
            if acceptance == FAIL and closed_on is not None:  # passed on the second acceptance, just before
                accepted_on, acceptance = closed_on - timedelta(days=3), PASS
            if year < today.year and closed_on is None:
                continue  # a past year's case left open would bar 最强 in years the demo recommended it
            case_id = len(cases) + 1
            cases.append({"id": case_id, "branch_id": branch_id, "year": year, "identified_on": identified,
                          "problems": "；".join(PROBLEMS[g] for g in chosen if g in PROBLEMS) or "组织生活不正常",
                          "measures": "；".join(rng.sample(MEASURES, 2)), "contact_leader": person(rng),
                          "first_secretary": person(rng), "responsible": person(rng), "deadline": deadline,
                          "accepted_on": accepted_on, "acceptance": acceptance, "closed_on": closed_on,
                          "uuid": _uuid(counters, "weak_case", 1)})
            for ground in dict.fromkeys(chosen):
                grounds.append({"case_id": case_id, "ground": ground, "uuid": _uuid(counters, "weak_case_ground", 2)})
            last = min(closed_on or today, accepted_on or today, today)
            day = identified + timedelta(days=20)
            for text in STEPS:
                if day > last:
                    break
                notes.append({"case_id": case_id, "noted_on": day, "text": text, "uuid": _uuid(counters, "weak_case_progress", 3)})
                day += timedelta(days=rng.randint(25, 40))
            if rng.random() < 0.4 and identified + timedelta(days=10) <= today:
                talks.append({"branch_id": branch_id, "held_on": identified + timedelta(days=10), "person": person(rng),
                              "role": "书记", "by_whom": "街道党工委副书记" + person(rng),
                              "reason": "党支部建设不力，被认定为软弱涣散党组织",
                              "agreed": "对照问题清单限期整改，每月报告进展", "uuid": _uuid(counters, "admonition_talk", 4)})
    inspections, visits = _inspections(rng, ctx.branch_ids, years, today, counters)
    for model, rows in ((WeakCase, cases), (WeakCaseGround, grounds), (WeakCaseProgress, notes), (AdmonitionTalk, talks),
                        (Inspection, inspections), (InspectionVisit, visits)):
        if rows:
            session.execute(insert(model), rows)
    _vacancies(session, rng, ctx.branch_ids, today)


def _inspections(rng: random.Random, branch_ids: list[int], years: range, today: date, counters) -> tuple[list, list]:
    inspections: list[dict] = []
    visits: list[dict] = []
    visited = max(3, len(branch_ids) // 12)
    for year in years:
        for number, kind in enumerate([*rng.sample(KINDS, 3), rng.choice(KINDS)], start=1):
            held_on = date(year, 3 * number, rng.randint(1, 25))
            if held_on > today:
                break
            inspection_id = len(inspections) + 1
            topic = {"special": "组织生活专项督查", "spot": "党建工作机动检查", "random": "党支部标准化建设随机抽查"}[kind]
            inspections.append({"id": inspection_id, "kind": kind, "held_on": held_on, "topic": f"{topic}（第{number}次）",
                                "inspectors": f"{person(rng)}、{person(rng)}", "uuid": _uuid(counters, "inspection", 5)})
            for branch_id in rng.sample(branch_ids, min(visited, len(branch_ids))):
                finding = rng.choice(FINDINGS)
                follow_up = None if finding == "未发现问题" else rng.choice(FOLLOW_UPS)
                deadline = held_on + timedelta(days=30) if follow_up else None
                done = deadline - timedelta(days=rng.randint(0, 20)) if deadline and rng.random() < 0.9 else None
                visits.append({"inspection_id": inspection_id, "branch_id": branch_id, "findings": finding,
                               "follow_up": follow_up, "deadline": deadline,
                               "closed_on": done if done and done <= today else None,
                               "uuid": _uuid(counters, "inspection_visit", 6)})
    return inspections, visits


def _vacancies(session: Session, rng: random.Random, branch_ids: list[int], today: date) -> None:
    """A few secretaries' posts vacant since some weeks or months (loaded and changed one by one:
    the seam logs every change)."""
    for branch_id in rng.sample(branch_ids, min(len(branch_ids), max(2, len(branch_ids) // 30))):
        branch = session.get(Branch, branch_id)
        if branch is not None:
            branch.secretary_vacant_since = today - timedelta(days=rng.choice((40, 75, 130, 200)))
    session.flush()

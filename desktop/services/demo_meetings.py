"""Demo step: ten years (three at the city scale) of organizational life for every demo branch, with realistic gaps.

Most branches are diligent; a few are weak and skip many meetings; now and then a 党员大会 falls short
of its quorum. Rows are built as plain dicts and bulk-inserted in date order (as a clerk logs them).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.glossary import MeetingType
from desktop.models import Branch, Meeting
from desktop.services.demo_people import person

CHUNK = 20_000
YEARS = 10
THEMES = (
    "学习贯彻党的二十大精神", "重温入党誓词", "学党章守党规", "志愿服务进社区", "主题教育专题学习",
    "廉政警示教育", "红色教育基地参观", "文明城市创建", "垃圾分类宣传", "关爱困难群众走访",
    "安全生产大检查", "党史学习教育", "民族团结进步创建", "疫情防控志愿服务", "基层治理座谈",
)
LECTURES = ("书记讲党课：践行初心使命", "党的创新理论专题党课", "作风建设专题党课", "弘扬伟大建党精神")
GROUP_NAMES = "一二三四五六"
ANNUAL_TOPICS = {
    MeetingType.life_meeting: "年度组织生活会",
    MeetingType.member_review: "民主评议党员",
    MeetingType.annual_study: "专题研究党支部标准化规范化建设",
}


def _day(rng, year: int, month: int) -> date:
    return date(year, month, rng.randint(1, 28))


def meeting_rows(rng, branch: dict, today: date, person, years: int = YEARS) -> list[dict]:
    """Every meeting one branch held in the `years` years up to `today`."""
    start = max(branch["established_on"] or date.min, date(today.year - years + 1, 1, 1))
    # Reliability: most branches miss little; one in twelve is weak and misses a lot.
    keep = rng.uniform(0.55, 0.8) if rng.random() < 0.08 else rng.uniform(0.96, 0.999)
    expected = branch["full_members"]
    secretary = branch["secretary"] or person(rng)
    recorder = person(rng)
    rows = []

    def add(meeting_type, held_on, topic, attended=None, expected_=None):
        if start <= held_on <= today:
            rows.append({
                "branch_id": branch["id"], "meeting_type": meeting_type, "held_on": held_on, "topic": topic,
                "expected": expected_, "attended": attended, "host": secretary, "recorder": recorder,
            })

    for year in range(today.year - years + 1, today.year + 1):
        for month in range(1, 13):
            if rng.random() < keep:
                add(MeetingType.theme_day, _day(rng, year, month), f"{month}月主题党日：{rng.choice(THEMES)}")
            if branch["has_committee"] and rng.random() < keep:
                add(MeetingType.committee_meeting, _day(rng, year, month), f"{month}月支委会")
            for group in range(branch["party_groups"] or 0):
                if rng.random() < keep:
                    add(MeetingType.group_meeting, _day(rng, year, month), f"第{GROUP_NAMES[group % 6]}党小组{month}月学习")
        for quarter in range(4):
            month = quarter * 3 + rng.randint(1, 3)
            if rng.random() < keep and expected:
                # About one in forty general meetings falls short of its quorum.
                low = rng.random() < 0.025
                attended = rng.randint(max(0, expected // 3), expected // 2) if low else rng.randint(expected // 2 + 1, expected)
                add(MeetingType.general_meeting, _day(rng, year, month), f"{year}年第{quarter + 1}季度党员大会", attended, expected)
            if rng.random() < keep:
                add(MeetingType.party_lecture, _day(rng, year, quarter * 3 + rng.randint(1, 3)), rng.choice(LECTURES))
        for meeting_type, topic in ANNUAL_TOPICS.items():
            if rng.random() < keep:
                month = rng.randint(11, 12) if meeting_type != MeetingType.annual_study else rng.randint(2, 5)
                add(meeting_type, _day(rng, year, month), f"{year}年{topic}")
        for talk in range(rng.randint(1, 3) if rng.random() < keep else 0):
            add(MeetingType.talk, _day(rng, year, rng.randint(1, 12)), f"{year}年谈心谈话（{talk + 1}）")
    return rows


def meetings_step(session: Session, ctx) -> None:
    columns = (Branch.id, Branch.established_on, Branch.full_members, Branch.secretary, Branch.has_committee, Branch.party_groups)
    branches = [row._asdict() for row in session.execute(select(*columns).where(Branch.id.in_(ctx.branch_ids)).order_by(Branch.id))]
    rows = []
    for branch in branches:
        rows.extend(meeting_rows(ctx.rng, branch, ctx.today, person, ctx.meeting_years))
    rows.sort(key=lambda r: r["held_on"])
    for number, row in enumerate(rows):
        row["uuid"] = f"00000000-0000-4000-a000-{number:012d}"
    for first in range(0, len(rows), CHUNK):
        session.execute(insert(Meeting), rows[first : first + CHUNK])

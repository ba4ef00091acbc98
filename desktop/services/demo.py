"""Realistic, deterministic demo data (a 街道 of ~60 branches, a 区 of ~2,000, or a 市 of ~10,000).

Used for screenshots and benchmarks. Each area adds a step to STEPS; a step gets the session, a
seeded Random, the branch ids it may use and the reference date, so the same seed gives the same data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError
from desktop.glossary import BranchKind
from desktop.models import Branch, SecretaryTraining
from desktop.services.demo_meetings import meetings_step
from desktop.services.demo_people import person
from desktop.store.workspace import Workspace

SCALES = {"street": 60, "district": 2000, "city": 10000}
# Years of organizational life per scale (ten unless named): ten years for 10,000 branches would be
# 4.3 million meetings (~4 GB, minutes to make); three still fill the year matrix of this year and of
# the two before it, which is what the city scale is measured on.
MEETING_YEARS = {"city": 3}
# Share of each kind in a typical urban 街道 (村 are few, 社区 and 机关 many).
KIND_WEIGHTS = {
    BranchKind.community: 30, BranchKind.village: 10, BranchKind.government: 20,
    BranchKind.institution: 12, BranchKind.state_enterprise: 8, BranchKind.private_enterprise: 10,
    BranchKind.social_org: 5, BranchKind.grid: 5,
}
PLACES = (
    "和平", "幸福", "光明", "建设", "解放", "团结", "新华", "胜利", "民主", "友谊", "东风", "红星", "长青",
    "朝阳", "阳光", "滨河", "金桥", "银杏", "丰收", "育才", "锦绣", "兴业", "翠园", "书香", "南湖", "北苑",
    "西城", "东郊", "文化", "青年", "振兴", "富民", "安康", "和谐", "康乐", "明珠", "东湖", "花园", "龙泉", "青山",
)
UNITS = {
    BranchKind.community: ("{p}社区", "{p}社区党支部"),
    BranchKind.village: ("{p}村", "{p}村党支部"),
    BranchKind.government: ("{p}街道办事处", "街道{u}机关党支部"),
    BranchKind.institution: ("{p}学校", "{p}小学党支部"),
    BranchKind.state_enterprise: ("{p}供热公司", "{p}供热公司党支部"),
    BranchKind.private_enterprise: ("{p}科技有限公司", "{p}科技有限公司党支部"),
    BranchKind.social_org: ("{p}养老服务中心", "{p}养老服务中心党支部"),
    BranchKind.grid: ("{p}网格", "{p}第一网格党支部"),
}
OFFICES = ("党政办", "社区办", "经济办", "综治办", "城管科", "民政科", "财政所", "司法所", "文化站", "退役军人服务站")


@dataclass(frozen=True)
class DemoContext:
    rng: random.Random
    scale: str
    today: date
    branch_ids: list[int]
    meeting_years: int = 10


Step = Callable[[Session, DemoContext], None]


def _names(rng: random.Random, count: int) -> list[tuple[str, BranchKind]]:
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    used: set[str] = set()
    result: list[tuple[str, BranchKind]] = []
    while len(result) < count:
        kind = rng.choices(kinds, weights)[0]
        place = rng.choice(PLACES)
        name = UNITS[kind][1].format(p=place, u=rng.choice(OFFICES))
        serial = 2
        base = name
        while name in used:  # a district has many 和平社区: number them as clerks do
            name = base.replace("党支部", f"第{serial}党支部")
            serial += 1
        used.add(name)
        result.append((name, kind))
    return result


def branch_rows(rng: random.Random, count: int, today: date) -> list[dict]:
    rows: list[dict[str, Any]] = []
    for name, kind in _names(rng, count):
        full = max(1, int(rng.gauss(22, 14)))
        village_like = kind.is_village_or_community
        term = 5 if village_like else 3
        # Most terms are current; a few overdue or about to expire, as in a real ledger.
        elected = today - timedelta(days=rng.randint(60, int(term * 365 * 1.08)))
        established = date(rng.randint(1985, 2019), rng.randint(1, 12), rng.randint(1, 28))
        rows.append({
            "name": name,
            "branch_kind": kind.value,
            "parent_org": "中共和平街道工作委员会" if village_like or kind is BranchKind.government else f"{name[:4]}党总支",
            "established_on": established,
            "secretary": person(rng),
            "secretary_is_director": (rng.random() < 0.85) if village_like else None,
            "elected_on": max(elected, established),
            "term_years": term,
            "full_members": full,
            "probationary_members": rng.choice((0, 0, 0, 1, 1, 2, 3)),
            "has_committee": full >= 7 and rng.random() < 0.93,
            "party_groups": rng.choice((0, 0, 1, 2, 3)) if full >= 10 else 0,
            "phone": f"0471-{rng.randint(3000000, 6999999)}",
            "has_college_cadre": (rng.random() < 0.9) if village_like else None,
            "has_service_center": village_like or rng.random() < 0.4,
            "uuid": f"00000000-0000-4000-8000-{len(rows):012d}",
        })
    return rows


def _branches_step(session: Session, ctx: DemoContext) -> None:
    rows = branch_rows(ctx.rng, SCALES[ctx.scale], ctx.today)
    session.execute(insert(Branch), rows)
    ids = session.scalars(select(Branch.id).order_by(Branch.id)).all()
    ctx.branch_ids.extend(ids)
    trainings: list[dict[str, Any]] = []
    for branch_id in ids:
        for year in range(ctx.today.year - 9, ctx.today.year + 1):
            if ctx.rng.random() < 0.88:
                trainings.append({
                    "branch_id": branch_id, "year": year,
                    "trained_on": date(year, ctx.rng.randint(3, 11), ctx.rng.randint(1, 28)),
                    "course": "街道党工委基层党组织书记培训班",
                    "uuid": f"00000000-0000-4000-9000-{len(trainings):012d}",
                })
    trainings = [t for t in trainings if t["trained_on"] <= ctx.today]
    if trainings:
        session.execute(insert(SecretaryTraining), trainings)


# The demo street's own fictional names, so its paper reads like a real street's.
DEMO_NAMES = {
    "subdistrict_name": "和平街道", "issuer_name": "中共和平街道工作委员会",
    "district_department_name": "中共和平区委组织部", "preparer_name": "王丽华", "reviewer_name": "李建国",
}


def _names_step(session: Session, ctx: DemoContext) -> None:
    """The demo street's names, except those the clerk already gave (the window's start page asks for
    them before it offers the demo): the demo never renames the clerk's committee."""
    from desktop.services import settings

    first_year = ctx.today.year - 9  # the demo's first year of data
    settings.store(session, [
        settings.Change(key, value, first_year if settings.DECLARED[key].per_year else None)
        for key, value in DEMO_NAMES.items() if not settings.is_set(session, key)
    ])


def _evaluation_step(session: Session, ctx: DemoContext) -> None:
    from desktop.services.demo_evaluation import evaluation_step

    evaluation_step(session, ctx)


def _weak_step(session: Session, ctx: DemoContext) -> None:
    from desktop.services.demo_weak import weak_step

    weak_step(session, ctx)


def _rewards_step(session: Session, ctx: DemoContext) -> None:
    from desktop.services.demo_rewards import rewards_step

    rewards_step(session, ctx)


STEPS: list[Step] = [_names_step, _branches_step, meetings_step, _evaluation_step, _weak_step, _rewards_step]


def generate(ws: Workspace, scale: str = "street", seed: int = 1, today: date | None = None) -> int:
    """Fill an empty database with demo data. Returns the number of branches created."""
    if scale not in SCALES:
        raise BranchdeskError(f"未知的规模“{scale}”，应为 {'、'.join(SCALES)} 之一。")
    with ws.write() as session:
        if session.scalar(select(func.count()).select_from(Branch)):
            raise BranchdeskError("数据库中已有支部数据。为保护真实数据，演示数据只能写入空数据库（用 --db 指定一个新文件）。")
        ctx = DemoContext(random.Random(seed), scale, today or date.today(), [], MEETING_YEARS.get(scale, 10))
        for step in STEPS:
            step(session, ctx)
        return len(ctx.branch_ids)

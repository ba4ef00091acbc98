"""创建计划与激励 through the services: the calculator over real workflow steps, settings per year,
the 市委 grant, 隶属关系调整, honours and a nomination list, the plan's prefill, count and saves."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import BranchdeskError, StaleError
from desktop.excel.sheet import write_rows
from desktop.models import Branch, BranchPlan
from desktop.services import honours, plan, rewards, settings, targets, weak_cases, workflow
from desktop.services.weak_cases import CaseForm
from tests.services.helpers import add_branch

Y = 2025
PATH = (("self_assessed", None), ("applied", None), ("assessed", "pass"), ("accepted", "pass"))


def steps(ws, branch_id: int, *extra: tuple[str, str | None], year: int = Y, reason: str | None = None) -> None:
    for day, (state, outcome) in enumerate((*PATH, *extra), start=1):
        workflow.record_step(ws, branch_id, year, state, date(year, 3, day), "党建办", outcome=outcome,
                             reason=reason if state == "revoked" else None)


def rated(ws, branch_id: int, *levels: str, year: int = Y) -> None:
    """Accepted, recommended (which needs a passing evaluation) and rated, without the scoring."""
    from unittest import mock

    from desktop.services import results

    found = results.BranchResult(branch_id, "", "community", 95, 95, 95, 100, 95, True, True, (), "accepted", True,
                                 None, False)
    with mock.patch.object(results, "year_results", return_value=[found]):
        steps(ws, branch_id, ("recommended", None), *((level, None) for level in levels), year=year)


@pytest.fixture
def street(ws):
    ids = {
        "village": add_branch(ws, "东村党支部", branch_kind="village"),
        "under": add_branch(ws, "东村第一网格党支部", branch_kind="grid", parent_org="东村党支部"),
        "private": add_branch(ws, "丰收科技有限公司党支部", branch_kind="private_enterprise", parent_org="街道非公党委"),
        "community": add_branch(ws, "西苑社区党支部"),
        "lost": add_branch(ws, "北苑社区党支部"),
        "idle": add_branch(ws, "南苑社区党支部"),
    }
    rated(ws, ids["village"], "rated_district")
    rated(ws, ids["under"], "rated_district")
    rated(ws, ids["private"], "rated_district")
    rated(ws, ids["community"], "rated_district", "rated_city")
    steps(ws, ids["lost"], ("revoked", None), reason="组织生活半年未开展")
    for key, pay, base in (("village", 30_000_000, 3_000_000), ("under", None, 1_000_000), ("private", None, 1_200_000),
                           ("community", None, 2_500_000), ("lost", 20_000_000, 2_000_000)):
        rewards.save_pay(ws, ids[key], Y, pay, base)
    return ids


def by_name(found) -> dict:
    return {r.name: r for r in found.rows}


def test_the_calculator_over_the_workflow(ws, street):
    found = by_name(rewards.year_rewards(ws, Y))
    village = found["东村党支部"].figures
    assert (village.bonus_fen, village.uplift_fen, village.funding_fen) == (3_000_000, 900_000, 3_900_000)
    under = found["东村第一网格党支部"].figures
    assert under.bonus_fen == 3_000_000 and "（东村党支部）" in under.bonus_rule  # the village team's pay total
    private = found["丰收科技有限公司党支部"].figures
    assert private.bonus_fen == 0 and "非公企业" in private.bonus_rule and private.uplift_fen == 360_000
    community = found["西苑社区党支部"].figures
    assert community.bonus_fen is None and "缺少报酬总额" in community.bonus_rule
    assert "市委组织部一次性奖补尚未录入" in community.funding_rule
    lost = found["北苑社区党支部"].figures
    assert (lost.bonus_fen, lost.uplift_fen, lost.funding_fen) == (0, 0, 2_000_000)
    assert "标准化规范化已于 2025-03-05 撤销（组织生活半年未开展）" in lost.bonus_rule
    idle = found["南苑社区党支部"].figures
    assert idle.funding_fen is None and "缺少一般保障标准" in idle.funding_rule
    payload = rewards.year_rewards(ws, Y).as_json()
    assert list(payload) == ["year", "branches", "total_bonus", "total_funding"]
    assert payload["total_bonus"] == 60_000.0 and payload["total_funding"] == 39_000 + 13_000 + 15_600 + 32_500 + 20_000


def test_a_revocation_later_in_the_year_withdraws_the_rating_at_once(ws, street):
    workflow.record_step(ws, street["village"], Y, "revoked", date(Y, 9, 1), "党建办", reason="有关部门反馈不符合标准")
    village = by_name(rewards.year_rewards(ws, Y))["东村党支部"].figures
    assert village.bonus_fen == 0 and village.uplift_fen == 0  # standardized, but no bonus set and 0% uplift
    assert village.bonus_rule.startswith("区级最强党支部已于 2025-09-01 撤销（有关部门反馈不符合标准），其待遇取消")


def test_settings_per_year_hold_from_their_year_on(ws, street):
    settings.save(ws, [settings.Change("standardized_bonus", "2000", 2024),
                       settings.Change("strongest_bonus_percent", "12", 2026)])
    assert settings.amounts(ws, 2025)["standardized_bonus"] == 2000.0
    assert settings.amounts(ws, 2025)["strongest_bonus_percent"] == 10.0
    assert settings.amounts(ws, 2026)["strongest_bonus_percent"] == 12.0
    with pytest.raises(BranchdeskError, match="应为数字"):
        settings.save(ws, [settings.Change("standardized_bonus", "两千", 2025)])
    with pytest.raises(BranchdeskError, match="0–100"):
        settings.save(ws, [settings.Change("strongest_bonus_percent", "150", 2025)])
    lost_revived = add_branch(ws, "新村党支部", branch_kind="village")
    steps(ws, lost_revived)
    rewards.save_pay(ws, lost_revived, Y, 10_000_000, 1_000_000)
    figures = by_name(rewards.year_rewards(ws, Y))["新村党支部"].figures
    assert figures.bonus_fen == 200_000 and "2000.00（本年度设定）" in figures.bonus_rule


def test_a_city_grant_is_entered_for_a_city_rating_only(ws, street):
    with pytest.raises(BranchdeskError, match="未被市委评定"):
        rewards.record_grant(ws, street["village"], Y, 500_000, date(Y, 12, 1))
    rewards.record_grant(ws, street["community"], Y, 800_000, date(Y, 12, 1))
    community = by_name(rewards.year_rewards(ws, Y))["西苑社区党支部"].figures
    assert community.uplift_fen == 750_000 + 800_000 and "另加市委组织部一次性奖补 8000.00" in community.funding_rule


def test_reaffiliation_keeps_the_history_and_moves_the_pay_total(ws, street):
    rewards.reaffiliate(ws, street["under"], "中共和平街道工作委员会", date(Y, 11, 1))
    (moved,) = rewards.reaffiliations(ws, street["under"])
    assert (moved.old_parent, moved.new_parent, moved.on_date) == ("东村党支部", "中共和平街道工作委员会", date(Y, 11, 1))
    with ws.read() as session:
        assert session.get(Branch, street["under"]).parent_org == "中共和平街道工作委员会"
    under = by_name(rewards.year_rewards(ws, Y))["东村第一网格党支部"].figures
    assert under.bonus_fen == 0 and "网格党支部不属村、社区" in under.bonus_rule
    with pytest.raises(BranchdeskError, match="已是"):
        rewards.reaffiliate(ws, street["under"], "中共和平街道工作委员会", date(Y, 11, 2))


def test_honours_per_level(ws, street):
    street_level = by_name(honours.honours(ws, Y))
    assert street_level["东村党支部"].eligible and street_level["东村党支部"].priority
    assert not street_level["北苑社区党支部"].eligible and "撤销" in street_level["北苑社区党支部"].reason
    assert not street_level["南苑社区党支部"].eligible and "未开始" in street_level["南苑社区党支部"].reason
    region = by_name(honours.honours(ws, Y, "autonomous_region"))
    assert [n for n, r in region.items() if r.eligible] == ["东村党支部", "东村第一网格党支部", "丰收科技有限公司党支部", "西苑社区党支部"]
    with pytest.raises(BranchdeskError, match="未知的表彰层级"):
        honours.honours(ws, Y, "province")


def test_a_nomination_list_is_checked(ws, street, tmp_path):
    path = write_rows(tmp_path / "名单.xlsx", honours.NOMINEE_COLUMNS, [
        {"person": "张明", "name": "东村党支部", "honour": "优秀共产党员"},
        {"person": "李华", "name": "北苑社区党支部"},
        {"person": "王芳", "name": "不存在党支部"},
        {"person": None, "name": "东村党支部"},
    ], "推荐名单")
    checks = honours.check_nominations(ws, Y, "street", path)
    assert [(c.row, c.eligible) for c in checks] == [(2, True), (3, False), (4, False), (5, False)]
    assert checks[0].priority and "撤销" in checks[1].reason and "没有名为" in checks[2].reason
    assert checks[3].reason.startswith("姓名")


def test_the_plan_suggests_from_the_data_and_the_clerk_decides(ws, street):
    targets.save_targets(ws, [targets.YearTarget(Y + 1, 0.9, None, False, None)])
    weak_cases.open_case(ws, street["idle"], Y, CaseForm(grounds=("team_disunited",), deadline=date(Y, 12, 31)))
    found = {r.name: r for r in plan.year_plan(ws, Y + 1).rows}
    village = found["东村党支部"].suggestion  # rated last year, but its ledgers (no meetings logged) show gaps
    assert village.reasons[0] == "上年度被评定为区级最强党支部" and "台账问题" in village.reasons[1]
    assert village.classification == "average" and village.planned
    assert found["南苑社区党支部"].suggestion.classification == "lagging"
    assert "软弱涣散整顿尚未销号（2025 年认定）" in found["南苑社区党支部"].suggestion.text
    lost = found["北苑社区党支部"].suggestion
    assert lost.reasons[0] == "上年度未达到标准化规范化（标准化已撤销）" and lost.classification == "lagging"
    assert plan.year_plan(ws, Y + 1).count.planned == 0  # suggestions are not the plan
    plan.save_plan(ws, Y + 1, [plan.PlanEntry(street["idle"], "lagging", False, "选派第一书记", "王建军")])
    assert plan.prefill_plan(ws, Y + 1) == 5
    decided = plan.year_plan(ws, Y + 1)
    idle = next(r for r in decided.rows if r.name == "南苑社区党支部")
    assert idle.stored.measures == "选派第一书记" and idle.stored.responsible == "王建军"
    assert decided.count.planned == 4 and decided.count.needed == 6  # the two 后进 are not planned
    assert decided.count.text == "计划达标 4 个，按年度目标 90%（共 6 个党支部）需 6 个，尚差 2 个"
    assert plan.prefill_plan(ws, Y + 1) == 0


def test_a_plan_row_changed_meanwhile_is_refused(ws, street, other):
    plan.save_plan(ws, Y, [plan.PlanEntry(street["idle"], "average", True)])
    row = next(r for r in plan.year_plan(ws, Y).rows if r.branch_id == street["idle"])
    plan.save_plan(other, Y, [plan.PlanEntry(street["idle"], "advanced", True, version=row.stored.version)])
    with pytest.raises(StaleError):
        plan.save_plan(ws, Y, [plan.PlanEntry(street["idle"], "lagging", False, version=row.stored.version)])
    with ws.read() as session:
        assert session.query(BranchPlan).one().classification == "advanced"
    with pytest.raises(BranchdeskError, match="类别应为"):
        plan.save_plan(ws, Y, [plan.PlanEntry(street["idle"], "excellent")])

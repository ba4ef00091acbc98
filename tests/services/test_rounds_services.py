"""§四(四): a re-election recorded in the registry ends the rating of the old term wherever the
branch's standing is shown, and prompts a new round (registry, check, 支部档案, plan, honours)."""

from __future__ import annotations

from datetime import date

from desktop.services import branch_file, branches, honours, plan, rewards
from desktop.services.check import check
from tests.services.helpers import add_branch
from tests.services.test_rewards_services import rated, steps

Y = 2025
RE_ELECTED = date(Y + 1, 1, 15)
AS_OF = date(Y + 1, 6, 30)
PROMPT = "已于 2026-01-15 换届，2025 年评定的区级最强党支部随上届任期结束，应开展新一轮建设"


def re_elect(ws, branch_id: int, on: date) -> None:
    values = branches.get_branch(ws, branch_id)
    version = values.pop("version")
    for key in ("id", "archived"):
        values.pop(key)
    branches.save_branch(ws, {**values, "elected_on": on}, branch_id, version)


def row(ws, name: str, as_of: date = AS_OF):
    return next(r for r in branches.list_branches(ws, Y + 1, as_of) if r.name == name)


def test_a_re_election_ends_the_old_terms_rating_and_prompts_a_new_round(ws):
    kept = add_branch(ws, "西苑社区党支部", elected_on=date(Y - 1, 5, 1), term_years=5)
    moved = add_branch(ws, "东苑社区党支部", elected_on=date(Y - 1, 5, 1), term_years=5)
    for branch_id in (kept, moved):
        rated(ws, branch_id, "rated_district")  # rated on 2025-03-06
    assert row(ws, "东苑社区党支部").standing.text == "2025 年区级最强党支部（2025-03-06 评定）"
    re_elect(ws, moved, RE_ELECTED)

    registry = row(ws, "东苑社区党支部")
    assert registry.standing.text == "2025 年区级最强党支部（2025-03-06 评定），随上届任期结束（2026-01-15 换届）"
    assert [(f.code, f.message) for f in registry.findings if f.code == "new_round"] == [("new_round", PROMPT + "。")]
    assert not any(f.code == "new_round" for f in row(ws, "西苑社区党支部").findings)
    assert not row(ws, "东苑社区党支部", date(Y + 1, 1, 14)).standing.ended  # not yet re-elected then

    checked = {b["name"]: b["findings"] for b in check(ws, Y + 1, AS_OF)["branches"]}
    assert {"code": "new_round", "message": PROMPT + "。"} in checked["东苑社区党支部"]

    (file,) = branch_file.branch_files(ws, Y + 1, AS_OF, [moved])
    lines = {(section, label): text for section, label, text in file.lines}
    assert lines[("基本情况", "评定")] == registry.standing.text
    assert lines[("设置问题", "新一轮建设")] == PROMPT + "。"

    suggestion = next(r for r in plan.year_plan(ws, Y + 1).rows if r.name == "东苑社区党支部").suggestion
    assert suggestion.reasons[0] == PROMPT and suggestion.planned
    assert all("新一轮建设" not in reason for reason in suggestion.reasons[1:])  # not also a 台账问题
    plan.prefill_plan(ws, Y + 1)
    stored = next(r for r in plan.year_plan(ws, Y + 1).rows if r.name == "东苑社区党支部").stored
    assert stored is not None and stored.planned


def test_the_rating_keeps_its_years_benefits_and_honours(ws):
    moved = add_branch(ws, "东村党支部", branch_kind="village", elected_on=date(Y - 2, 5, 1), term_years=5)
    rated(ws, moved, "rated_district")
    rewards.save_pay(ws, moved, Y, 10_000_000, 1_000_000)
    before = rewards.year_rewards(ws, Y).rows[0].figures
    re_elect(ws, moved, date(Y, 10, 8))  # the same year, after the rating
    assert rewards.year_rewards(ws, Y).rows[0].figures == before
    (found,) = honours.honours(ws, Y).rows
    assert found.eligible and found.priority
    assert found.reason.endswith("优先推荐；该评定已随上届任期结束（2025-10-08 换届），应开展新一轮建设")


def test_a_step_since_the_re_election_starts_the_new_round(ws):
    moved = add_branch(ws, "东苑社区党支部", elected_on=date(Y - 1, 5, 1), term_years=5)
    rated(ws, moved, "rated_district")
    re_elect(ws, moved, RE_ELECTED)
    steps(ws, moved, year=Y + 1)  # 2026-03-01 … 2026-03-04: a new round, accepted again
    registry = row(ws, "东苑社区党支部")
    assert not any(f.code == "new_round" for f in registry.findings)
    assert registry.standing.text == "2026 年标准化规范化党支部（2026-03-04 评定）"


def test_the_new_round_prompt_is_not_counted_as_a_setup_problem(ws):
    from desktop.paper.sheets import registry_sheet
    from desktop.services import trends

    moved = add_branch(ws, "东苑社区党支部", elected_on=date(Y - 1, 5, 1), term_years=5)
    rated(ws, moved, "rated_district")
    re_elect(ws, moved, RE_ELECTED)
    rows = branches.list_branches(ws, Y + 1, AS_OF)
    codes = [f.code for f in rows[0].findings]
    assert "new_round" in codes  # the registry shows the prompt with the setup findings
    problems = len(codes) - 1
    (record,) = registry_sheet(Y + 1, AS_OF, rows).records
    assert "新一轮建设" not in record["findings"] and len(record["findings"].split("、")) == problems
    chart = trends.findings_chart(ws, Y + 1, AS_OF)
    assert [(p.x, p.value) for p in chart.series[0].points if p.value] == [(str(problems), 1.0)]

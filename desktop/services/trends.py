"""The data behind each 趋势图表 chart and the dashboard: a few set-based queries, then the pure
figures of desktop.rules.trends.

Workflow standing, results and compliance come from the services of the meetings and evaluation
areas (desktop.services.workflow / results / compliance), called through their modules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from desktop.errors import BranchdeskError
from desktop.glossary import BRANCH_KIND_LABELS, BranchKind
from desktop.models import Branch
from desktop.rules import trends as rules
from desktop.rules.collation import in_branch_order
from desktop.rules.setup import setup_problems
from desktop.rules.trends import ChartData, Dashboard, MonthFact, Standing
from desktop.services import compliance, results, workflow
from desktop.services.targets import target_for, targets_between
from desktop.store.workspace import Workspace

# The charts in the order the issue lists them; the CLI names them so.
CHART_TITLES = {
    "standardized": "标准化占比",
    "strongest": "最强占比",
    "by-kind": "分类型标准化",
    "compliance": "组织生活落实率",
    "scores": "综合得分分布",
    "findings": "设置问题分布",
    "weak": "软弱涣散整顿",
}
CHART_NAMES = tuple(CHART_TITLES)
# The 趋势分析报告 keeps the charts it was first printed with: a sheet printed before the 软弱涣散
# chart existed still verifies against the same figures.
REPORT_CHARTS = CHART_NAMES[:6]
YEAR_CHARTS = {"by-kind", "scores", "findings"}  # drawn for one year (default: the range's last)
MAX_YEARS = 30


@dataclass(frozen=True)
class BranchFacts:
    id: int
    name: str
    branch_kind: str
    established_on: date | None
    archived_on: date | None


@dataclass(frozen=True)
class BranchLabel:
    id: int
    name: str
    kind_label: str


def check_range(first_year: int, last_year: int) -> None:
    if first_year > last_year:
        raise BranchdeskError(f"起始年度 {first_year} 晚于截止年度 {last_year}。")
    if last_year - first_year >= MAX_YEARS:
        raise BranchdeskError(f"年度范围过大：最多 {MAX_YEARS} 年。")


def branch_facts(ws: Workspace) -> list[BranchFacts]:
    with ws.read() as session:
        rows = session.execute(
            select(Branch.id, Branch.name, Branch.branch_kind, Branch.established_on, Branch.archived_at)
        ).all()
    return [BranchFacts(i, n, k, e, a.date() if a else None) for i, n, k, e, a in rows]


def active_by_year(branches: list[BranchFacts], first_year: int, last_year: int, today: date) -> dict[int, set[int]]:
    return {
        year: {b.id for b in branches if rules.active_in(b.established_on, b.archived_on, year, today)}
        for year in range(first_year, last_year + 1)
    }


def standing_facts(ws: Workspace, first_year: int, last_year: int) -> list[Standing]:
    return workflow.standing(ws, first_year, last_year)


class Read:
    """What several charts read alike, read once when they are drawn together in one unit (the
    趋势分析报告): the
    branches, and the workflow standing of a range of years (folding ten years of steps is a
    quarter of a second at 2,000 branches). One year's standing is cut from a range that holds it:
    the standing of a (branch, year) is folded from that year's steps alone."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._branches: list[BranchFacts] | None = None
        self._standing: dict[tuple[int, int], list[Standing]] = {}

    def branches(self) -> list[BranchFacts]:
        if self._branches is None:
            self._branches = branch_facts(self.ws)
        return self._branches

    def standing(self, first_year: int, last_year: int) -> list[Standing]:
        for (first, last), facts in self._standing.items():
            if first <= first_year and last_year <= last:
                if (first, last) == (first_year, last_year):
                    return facts
                return [f for f in facts if first_year <= f.year <= last_year]
        facts = self._standing[(first_year, last_year)] = standing_facts(self.ws, first_year, last_year)
        return facts


def _achieved(facts: list[Standing], attribute: str) -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    for fact in facts:
        if getattr(fact, attribute):
            result[fact.year].add(fact.branch_id)
    return result


def _recorded(facts: list[Standing]) -> dict[int, set[int]]:
    """Per year, the branches with any creation step: where none has one, the year has no data."""
    result: dict[int, set[int]] = defaultdict(set)
    for fact in facts:
        result[fact.year].add(fact.branch_id)
    return result


def _share_chart(ws: Workspace, name: str, first_year: int, last_year: int, today: date | None,
                 read: Read | None = None) -> ChartData:
    check_range(first_year, last_year)
    today = today or date.today()
    read = read or Read(ws)
    active = active_by_year(read.branches(), first_year, last_year, today)
    facts = read.standing(first_year, last_year)
    targets = targets_between(ws, first_year, last_year)
    if name == "standardized":
        shares = {y: t.standardized_share if t else None for y, t in targets.items()}
        return rules.share_by_year(name, "标准化", active, _achieved(facts, "standardized"), shares, _recorded(facts))
    shares = {y: t.strongest_share if t else None for y, t in targets.items()}
    return rules.share_by_year(name, "最强", active, _achieved(facts, "strongest"), shares, _recorded(facts))


def standardized_chart(ws: Workspace, first_year: int, last_year: int, today: date | None = None) -> ChartData:
    return _share_chart(ws, "standardized", first_year, last_year, today)


def strongest_chart(ws: Workspace, first_year: int, last_year: int, today: date | None = None) -> ChartData:
    return _share_chart(ws, "strongest", first_year, last_year, today)


def by_kind_chart(ws: Workspace, year: int, today: date | None = None, read: Read | None = None) -> ChartData:
    today = today or date.today()
    read = read or Read(ws)
    branches = read.branches()
    active = active_by_year(branches, year, year, today)[year]
    facts = read.standing(year, year)
    standardized = _achieved(facts, "standardized")[year]
    target = target_for(ws, year)
    kinds = {b.id: b.branch_kind for b in branches}
    return rules.share_by_kind(year, kinds, active, standardized, target.standardized_share if target else None,
                               _recorded(facts)[year])


def check_kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    try:
        return BranchKind(kind).value
    except ValueError:
        for value, label in BRANCH_KIND_LABELS.items():
            if kind == label:
                return value.value
    raise BranchdeskError(f"未知的支部类型“{kind}”，应为：" + "、".join(k.value for k in BranchKind) + "。")


def compliance_chart(
    ws: Workspace, first_year: int, last_year: int, kind: str | None = None, as_of: date | None = None
) -> ChartData:
    check_range(first_year, last_year)
    kind = check_kind(kind)
    as_of = as_of or date.today()

    def facts(branch_kind):
        rates = compliance.monthly_rates(ws, first_year, last_year, as_of, branch_kind=branch_kind)
        return [MonthFact(r.year, r.month, r.due, r.met) for r in rates]

    if kind is None:
        return rules.compliance_by_month(facts(None))
    return rules.compliance_by_month(facts(None), facts(kind), rules.kind_label(kind))


def scores_chart(ws: Workspace, year: int) -> ChartData:
    """Composite scores of the year, with the pass line of the year's rubric (as the results use it)."""
    rows = results.year_results(ws, year)
    return rules.score_histogram(year, [(r.branch_id, r.composite) for r in rows], results.year_pass_line(ws, year))


def weak_chart(ws: Workspace, first_year: int, last_year: int, today: date | None = None) -> ChartData:
    """Open 软弱涣散 cases at each year's end against the target of 0 (R3)."""
    from desktop.services.weak_cases import clearing

    check_range(first_year, last_year)
    today = today or date.today()
    targets = targets_between(ws, first_year, last_year)
    cleared = {y: bool(t and t.weak_cleared) for y, t in targets.items()}
    branches = {y: len(ids) for y, ids in active_by_year(branch_facts(ws), first_year, last_year, today).items()}
    return rules.weak_by_year(clearing(ws, first_year, last_year, today).years, cleared, today, branches)


def year_as_of(year: int, today: date | None = None) -> date:
    """The day a year is judged on: today within the current year, else the year's last day."""
    today = today or date.today()
    return min(date(year, 12, 31), today)


def findings_chart(ws: Workspace, year: int, as_of: date | None = None) -> ChartData:
    from desktop.services.branches import list_branches

    rows = list_branches(ws, year, as_of or year_as_of(year))
    return rules.findings_histogram(year, {row.id: [f.code for f in setup_problems(row.findings)] for row in rows})


def chart_data(
    ws: Workspace, name: str, first_year: int, last_year: int, year: int | None = None,
    kind: str | None = None, today: date | None = None, read: Read | None = None,
) -> ChartData:
    """One chart's data by its CLI name; `year` (default: last_year) for the one-year charts."""
    check_range(first_year, last_year)
    year = last_year if year is None else year
    if name in ("standardized", "strongest"):
        return _share_chart(ws, name, first_year, last_year, today, read)
    if name == "by-kind":
        return by_kind_chart(ws, year, today, read)
    if name == "compliance":
        return compliance_chart(ws, first_year, last_year, kind, today)
    if name == "scores":
        return scores_chart(ws, year)
    if name == "findings":
        return findings_chart(ws, year, year_as_of(year, today))
    if name == "weak":
        return weak_chart(ws, first_year, last_year, today)
    raise BranchdeskError(f"未知的图表“{name}”，应为：" + "、".join(CHART_NAMES) + "。")


def dashboard_for(ws: Workspace, year: int | None = None, today: date | None = None) -> Dashboard:
    today = today or date.today()
    year = year or today.year
    active = active_by_year(branch_facts(ws), year, year, today)[year]
    return rules.dashboard(year, active, standing_facts(ws, year, year), target_for(ws, year))


def branch_labels(ws: Workspace, branch_ids) -> list[BranchLabel]:
    """Names and kinds of the branches behind a bar or point, sorted by name."""
    ids = list(branch_ids)
    result: list[BranchLabel] = []
    with ws.read() as session:
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start : start + 500]
            for i, name, kind in session.execute(
                select(Branch.id, Branch.name, Branch.branch_kind).where(Branch.id.in_(chunk))
            ):
                result.append(BranchLabel(i, name, rules.kind_label(kind)))
    return in_branch_order(result)

"""The figures behind the 趋势图表 charts and the dashboard, computed from plain data.

No database, no matplotlib: desktop.services.trends gathers the inputs, desktop.charts draws the
result, and the report prints `ChartData.table`. Every bar or point carries the ids of the branches
behind it, so a click can list them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.glossary import BRANCH_KIND_LABELS, branch_kind_label
from desktop.rules.rubric import DEFAULT_PASS_LINE
from desktop.rules.setup import FINDING_LABELS
from desktop.rules.targets import YearTarget, required_count, shortfall
from desktop.rules.workflow import SHOWN_LABELS, Standing, standing_code  # labels in the order a branch moves

SCORE_BIN = 5  # points per histogram bar
# What a chart shows for a year it has nothing to go on (no branch yet, no creation work recorded):
# a gap with this label, never a 0 that reads as "everyone failed".
NO_DATA = "无数据"


@dataclass(frozen=True)
class BranchGroup:
    label: str
    branch_ids: tuple[int, ...]


@dataclass(frozen=True)
class Point:
    x: str  # the category shown on the axis: a year, a kind, a month, a score band, a count
    value: float | None  # None: no data, drawn as a gap labelled NO_DATA (no branches, nothing due)
    detail: str  # what hovering shows
    groups: tuple[BranchGroup, ...] = ()  # the branches behind the point, for a click
    span: tuple[float, float] | None = None  # histogram bars: the band [low, high)


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class ChartData:
    name: str  # CLI name: standardized, strongest, by-kind, compliance, scores, findings
    title: str
    x_label: str
    y_label: str
    style: str  # "line", "bar" or "histogram"
    series: tuple[Series, ...]
    percent: bool = False  # values are fractions, shown as percentages
    targets: tuple[float | None, ...] = ()  # one per point of the first series (a step line)
    target_label: str = "目标"
    reference: float | None = None  # histogram: the pass line, on the x axis
    reference_label: str = ""
    table_header: tuple[str, ...] = ()
    table_rows: tuple[tuple[str, ...], ...] = ()
    zero_is_data: bool = False  # counts whose goal is 0 (open 软弱涣散 cases): zeros are the news

    @property
    def empty(self) -> bool:
        """Nothing to draw: no value at all, or (for counts) only zeros. A 0% share is a value."""
        values = [p.value for s in self.series for p in s.points]
        return all(v is None for v in values) or (not self.percent and not self.zero_is_data and not any(values))


@dataclass(frozen=True)
class MonthFact:
    """Meetings due and met in one month (desktop.services.compliance.MonthRate)."""

    year: int
    month: int
    due: int
    met: int


@dataclass(frozen=True)
class Goal:
    """One status against its target on the dashboard."""

    label: str
    achieved: int
    total: int
    target: float | None
    branch_ids: tuple[int, ...]

    @property
    def share(self) -> float | None:
        return self.achieved / self.total if self.total else None

    @property
    def required(self) -> int | None:
        return None if self.target is None else required_count(self.target, self.total)

    @property
    def shortfall(self) -> int | None:
        return shortfall(self.target, self.total, self.achieved)


@dataclass(frozen=True)
class Dashboard:
    year: int
    active: int
    standardized: Goal
    strongest: Goal
    states: tuple[tuple[str, str, tuple[int, ...]], ...]  # (state, label, branch ids), in workflow order
    weak_text: str
    target_source: str | None


def pct(share: float | None) -> str:
    if share is None:
        return "—"
    text = f"{share * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def active_in(established_on: date | None, archived_on: date | None, year: int, today: date) -> bool:
    """A branch counts in `year` when it exists at the year's end (or today, for the current year)."""
    end = min(date(year, 12, 31), today)
    return (established_on is None or established_on <= end) and (archived_on is None or archived_on > end)


def _ids(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(values))


def share_by_year(
    name: str, status: str, active: Mapping[int, set[int]], achieved: Mapping[int, set[int]],
    targets: Mapping[int, float | None], recorded: Mapping[int, set[int]] | None = None,
) -> ChartData:
    """A status's share of active branches per year (standardized, or 最强) with the yearly target.

    `recorded`: per year, the branches with any creation step. A year where no active branch has one
    (no 考评 held, nothing entered) has no share: unknown, not 0%. None: every year has its steps."""
    points, rows = [], []
    for year in sorted(active):
        total, done = active[year], achieved.get(year, set()) & active[year]
        known = bool(total) and (recorded is None or bool(recorded.get(year, set()) & total))
        share = len(done) / len(total) if known else None
        target = targets.get(year)
        groups = (BranchGroup(f"{status}支部", _ids(done)), BranchGroup(f"未{status}支部", _ids(total - done)))
        if not known:
            why = "尚无在册支部" if not total else "当年没有创建工作记录"
            points.append(Point(str(year), None, f"{year} 年：{NO_DATA}（{why}）", groups if total else ()))
            rows.append((str(year), str(len(total)), "—", NO_DATA, pct(target), "—"))
            continue
        gap = shortfall(target, len(total), len(done))
        detail = f"{year} 年：{status} {len(done)}/{len(total)}，{pct(share)}"
        if target is not None:
            detail += f"；目标 {pct(target)}" + (f"，还差 {gap} 个" if gap else "，已达到")
        points.append(Point(str(year), share, detail, groups))
        rows.append((str(year), str(len(total)), str(len(done)), pct(share), pct(target), "—" if gap is None else str(gap)))
    return ChartData(
        name, f"{status}党支部占比（按年度）", "年度", "占比", "line", (Series(f"{status}占比", tuple(points)),),
        percent=True, targets=tuple(targets.get(y) for y in sorted(active)), target_label=f"{status}目标",
        table_header=("年度", "支部数", status, "占比", "目标", "尚差"), table_rows=tuple(rows),
    )


def share_by_kind(
    year: int, kinds: Mapping[int, str], active: set[int], standardized: set[int], target: float | None,
    recorded: set[int] | None = None,
) -> ChartData:
    """Standardized share per branch kind for one year; kinds without branches are left out.
    `recorded`: the branches with any creation step that year (None: all); a kind none of whose
    branches has one has no share yet (as share_by_year)."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for branch_id in active:
        by_kind[kinds[branch_id]].add(branch_id)
    points, rows = [], []
    for kind, label in BRANCH_KIND_LABELS.items():
        total = by_kind.get(kind.value)
        if not total:
            continue
        done = total & standardized
        if recorded is not None and not total & recorded:
            unrecorded: tuple[BranchGroup, ...] = (BranchGroup(f"{label}·未标准化", _ids(total)),)
            points.append(Point(label, None, f"{label}：{NO_DATA}（{year} 年没有创建工作记录）", unrecorded))
            rows.append((label, str(len(total)), "—", NO_DATA, pct(target), "—"))
            continue
        share = len(done) / len(total)
        gap = shortfall(target, len(total), len(done))
        detail = f"{label}：标准化 {len(done)}/{len(total)}，{pct(share)}"
        if target is not None:
            detail += f"；按目标 {pct(target)} " + (f"还差 {gap} 个" if gap else "已达到")
        groups = (BranchGroup(f"{label}·已标准化", _ids(done)), BranchGroup(f"{label}·未标准化", _ids(total - done)))
        points.append(Point(label, share, detail, groups))
        rows.append((label, str(len(total)), str(len(done)), pct(share), pct(target), "—" if gap is None else str(gap)))
    return ChartData(
        "by-kind", f"{year} 年各类型党支部标准化占比", "支部类型", "占比", "bar",
        (Series("标准化占比", tuple(points)),), percent=True, targets=tuple(target for _ in points),
        target_label=f"{year} 年目标", table_header=("类型", "支部数", "标准化", "占比", "目标", "尚差"),
        table_rows=tuple(rows),
    )


def pool_months(facts: Iterable[MonthFact]) -> list[tuple[int, int, int, int]]:
    """(year, month, due, met) per month, summing rows of the same month; sorted by month."""
    pooled: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for fact in facts:
        cell = pooled[(fact.year, fact.month)]
        cell[0] += fact.due
        cell[1] += fact.met
    return [(y, m, due, met) for (y, m), (due, met) in sorted(pooled.items())]


def pool_years(months: Iterable[tuple[int, int, int, int]]) -> dict[int, tuple[int, int]]:
    """(due, met) per year. A year's rate is met ÷ due over its months, not a mean of monthly rates."""
    years: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for year, _month, due, met in months:
        years[year][0] += due
        years[year][1] += met
    return {year: (due, met) for year, (due, met) in sorted(years.items())}


def _rate(due: int, met: int) -> float | None:
    return met / due if due else None


def compliance_by_month(
    street: Iterable[MonthFact], kind_facts: Iterable[MonthFact] | None = None, kind_label: str | None = None
) -> ChartData:
    """Organizational-life compliance (meetings held ÷ due) per month, street-wide and for one kind."""
    lines = [("全街道", pool_months(street))]
    if kind_facts is not None:
        lines.append((kind_label or "所选类型", pool_months(kind_facts)))
    months = sorted({(y, m) for _label, pooled in lines for y, m, _d, _t in pooled})
    series = []
    for label, pooled in lines:
        by_month = {(y, m): (due, met) for y, m, due, met in pooled}
        points = []
        for y, m in months:
            due, met = by_month.get((y, m), (0, 0))
            rate = _rate(due, met)
            detail = f"{label} {y}年{m}月：" + (f"应开 {due} 次，已开 {met} 次，落实率 {pct(rate)}" if due
                                                 else f"{NO_DATA}（没有应开的会议）")
            points.append(Point(f"{y}-{m:02d}", rate, detail))
        series.append(Series(label, tuple(points)))
    yearly = [pool_years(pooled) for _label, pooled in lines]
    rows = []
    for year in sorted({y for y, _m in months}):
        row = [str(year)]
        for per_year in yearly:
            due, met = per_year.get(year, (0, 0))
            row += [str(due), str(met), pct(_rate(due, met)) if due else NO_DATA]
        rows.append(tuple(row))
    header = ["年度"]
    for label, _pooled in lines:
        header += [f"{label}应开", f"{label}已开", f"{label}落实率"]
    return ChartData(
        "compliance", "组织生活落实率（按月）", "月份", "落实率", "line", tuple(series), percent=True,
        table_header=tuple(header), table_rows=tuple(rows),
    )


def score_histogram(
    year: int, scores: Iterable[tuple[int, float | None]], pass_line: float = DEFAULT_PASS_LINE
) -> ChartData:
    """Composite scores of a year in bands of SCORE_BIN points; the top band includes 100."""
    scores = list(scores)
    scored = [(branch_id, score) for branch_id, score in scores if score is not None]
    lowest = min((s for _b, s in scored), default=pass_line)
    start = int(min(lowest, 60) // SCORE_BIN * SCORE_BIN)
    bands: dict[int, list[int]] = {low: [] for low in range(start, 100, SCORE_BIN)}
    for branch_id, score in scored:
        low = min(int(score // SCORE_BIN * SCORE_BIN), 100 - SCORE_BIN)
        bands[low].append(branch_id)
    points, rows = [], []
    for low, ids in bands.items():
        high = low + SCORE_BIN
        band = f"{low}–{high}" if high < 100 else f"{low}–100"
        side = "达到合格线" if low >= pass_line else ("低于合格线" if high <= pass_line else "跨合格线")
        detail = f"{year} 年综合得分 {band}：{len(ids)} 个支部（{side}）"
        points.append(Point(band, float(len(ids)), detail, (BranchGroup(f"得分 {band}", _ids(ids)),), (low, high)))
        rows.append((band, str(len(ids))))
    passing = sum(1 for _b, s in scored if s >= pass_line)
    rows.append((f"≥{pass_line:g} 分", str(passing)))
    if len(scored) < len(scores):
        rows.append(("未评分", str(len(scores) - len(scored))))
    return ChartData(
        "scores", f"{year} 年综合得分分布", "综合得分", "支部数", "histogram", (Series("支部数", tuple(points)),),
        reference=pass_line, reference_label=f"合格线 {pass_line:g} 分",
        table_header=("分数段", "支部数"), table_rows=tuple(rows),
    )


def findings_histogram(year: int, findings: Mapping[int, Iterable[str]]) -> ChartData:
    """Branches by the number of open setup findings (0, 1, 2, ...), with the commonest codes."""
    buckets: dict[int, list[int]] = defaultdict(list)
    codes: dict[int, Counter] = defaultdict(Counter)
    for branch_id, found in findings.items():
        found = list(found)
        buckets[len(found)].append(branch_id)
        codes[len(found)].update(found)
    total = len(findings)
    points, rows = [], []
    for count in range(0, max(buckets, default=0) + 1):
        ids = buckets.get(count, [])
        common = "、".join(f"{FINDING_LABELS.get(c, c)} {n}" for c, n in codes[count].most_common(3))
        detail = f"{count} 个问题：{len(ids)} 个支部" + (f"（{common}）" if common else "")
        points.append(Point(str(count), float(len(ids)), detail, (BranchGroup(f"有 {count} 个问题的支部", _ids(ids)),)))
        rows.append((str(count), str(len(ids)), pct(len(ids) / total if total else None)))
    return ChartData(
        "findings", f"{year} 年支部设置问题数分布", "设置问题数", "支部数", "bar", (Series("支部数", tuple(points)),),
        table_header=("问题数", "支部数", "占比"), table_rows=tuple(rows),
    )


def weak_by_year(figures: Iterable[Any], cleared: Mapping[int, bool], today: date,
                 branches: Mapping[int, int] | None = None) -> ChartData:
    """软弱涣散 cases open at each year's end (today, for the current year) and opened that year,
    against the target of 0 in the years the plan wants them cleared (R3). `figures` are
    desktop.rules.weak_cases.YearFigures; `branches`: the number of branches per year (None: some
    every year). With branches, no case is a real 0; before the first branch there is no data."""
    figures = list(figures)
    open_points, opened_points, rows = [], [], []
    for f in figures:
        end = "目前" if f.year >= today.year else "年底"
        target = "清零" if cleared.get(f.year) else "—"
        if branches is not None and not branches.get(f.year):
            detail = f"{f.year} 年：{NO_DATA}（尚无在册支部）"
            open_points.append(Point(str(f.year), None, detail))
            opened_points.append(Point(str(f.year), None, detail))
            rows.append((str(f.year), NO_DATA, NO_DATA, NO_DATA, NO_DATA, target))
            continue
        detail = f"{f.year} 年{end}未销号 {f.open_at_end} 个（其中逾期 {f.overdue_at_end} 个）；当年认定 {f.opened} 个，销号 {f.closed} 个"
        open_points.append(Point(str(f.year), float(f.open_at_end), detail, (BranchGroup(f"{f.year} 年{end}未销号", f.open_ids),)))
        opened_points.append(Point(str(f.year), float(f.opened), detail))
        rows.append((str(f.year), str(f.opened), str(f.closed), str(f.open_at_end), str(f.overdue_at_end), target))
    return ChartData(
        "weak", "软弱涣散党组织整顿（按年度）", "年度", "个数", "line",
        (Series("年底未销号", tuple(open_points)), Series("当年认定", tuple(opened_points))),
        targets=tuple(0.0 if cleared.get(f.year) else None for f in figures), target_label="动态清零目标（0 个）",
        table_header=("年度", "当年认定", "当年销号", "年底未销号", "其中逾期", "目标"), table_rows=tuple(rows),
        zero_is_data=True,
    )


def dashboard(year: int, active: set[int], standings: Iterable[Standing], target: YearTarget | None) -> Dashboard:
    """This year's position: both shares against their targets, the shortfalls, counts by state."""
    by_branch = {s.branch_id: s for s in standings if s.year == year and s.branch_id in active}
    standardized = {b for b, s in by_branch.items() if s.standardized}
    strongest = {b for b, s in by_branch.items() if s.strongest}
    states: dict[str, set[int]] = defaultdict(set)
    for branch_id in active:
        fact = by_branch.get(branch_id)
        # A failed 验收 is not counted as 已验收: the counts add up to the standardized share.
        code = standing_code(fact.state, fact.outcome, fact.standardized) if fact else "not_started"
        states[code].add(branch_id)
    order = list(SHOWN_LABELS) + sorted(set(states) - set(SHOWN_LABELS))
    return Dashboard(
        year=year,
        active=len(active),
        standardized=Goal("已验收（标准化）", len(standardized), len(active),
                          target.standardized_share if target else None, _ids(standardized)),
        strongest=Goal("最强党支部", len(strongest), len(active), target.strongest_share if target else None, _ids(strongest)),
        states=tuple((s, SHOWN_LABELS.get(s, s), _ids(states[s])) for s in order if states.get(s)),
        weak_text=target.weak_text if target else "—",
        target_source=target.source if target else None,
    )


def kind_label(kind: str | None) -> str:
    return branch_kind_label(kind) if kind else "全街道"


__all__ = [
    "NO_DATA", "BranchGroup", "ChartData", "Dashboard", "Goal", "MonthFact", "Point", "Series", "Standing",
    "active_in", "compliance_by_month", "dashboard", "findings_histogram", "kind_label", "pct",
    "pool_months", "pool_years", "score_histogram", "share_by_kind", "share_by_year", "weak_by_year",
]

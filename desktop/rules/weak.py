"""软弱涣散 screening (排查, seed §二(七)): the grounds (认定情形), the per-year thresholds of the six
grounds the ledgers can show, and the screening of one branch. Pure functions over plain facts.

The fourteen grounds are a fixed list (the weak-cases sheet takes them by label); six of them are
computed from the data, the others are the clerk's judgment when a case is opened. Thresholds are
kept per year like the meeting rules (desktop.services.weak_rules): a 2024 screening is judged by
the 2024 thresholds.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from desktop.rules.setup import term_end

# code -> the label of the weak-cases sheet, in the sheet's order.
GROUND_LABELS: dict[str, str] = {
    "secretary_unfit": "书记不胜任",
    "secretary_vacant": "班子不齐或书记长期缺职",
    "team_disunited": "班子不团结",
    "no_organizational_life": "组织生活不正常",
    "democracy_disorder": "民主管理混乱",
    "clan_interference": "宗族或黑恶势力干扰",
    "election_bribery": "换届拉票贿选",
    "petitions_concentrated": "治安信访矛盾集中",
    "member_disorder": "党员管理混乱",
    "no_venue_or_funds": "无活动场所或经费",
    "low_satisfaction": "群众满意率低于60%",
    "review_poor": "述职评议较差",
    "assessment_failed": "考评未通过",
    "term_overdue": "任期届满未换届",
}
GROUND_BY_LABEL = {label: code for code, label in GROUND_LABELS.items()}
# The grounds the data shows, in the order the issue lists them (and `weak screen` reports them).
COMPUTED = ("low_satisfaction", "no_organizational_life", "secretary_vacant", "term_overdue", "review_poor",
            "assessment_failed")
WINDOW_MONTHS = 12  # the organizational-life ground looks at the twelve months ending with the as-of month


@dataclass(frozen=True)
class Thresholds:
    """What fires a computed ground in a year. Defaults from DOMAIN.md: 满意率 below 60%, six or
    more consecutive empty months, the secretary's post vacant for more than three months."""

    satisfaction_percent: Fraction = Fraction(60)  # 满意率 strictly below this fires
    empty_months: int = 6  # this many consecutive months without any meeting fire
    vacancy_months: int = 3  # a vacancy longer than this fires

    def __post_init__(self):
        object.__setattr__(self, "satisfaction_percent", Fraction(self.satisfaction_percent))


DEFAULT_THRESHOLDS = Thresholds()
SATISFACTION_RANGE = (Fraction(0), Fraction(100))
EMPTY_MONTHS_RANGE = (1, WINDOW_MONTHS)
VACANCY_MONTHS_RANGE = (1, 24)


def threshold_problems(thresholds: Thresholds) -> dict[str, str]:
    """Why thresholds are refused, by field (empty when they are fine)."""
    problems = {}
    low, high = SATISFACTION_RANGE
    if not low < thresholds.satisfaction_percent <= high:
        problems["satisfaction_percent"] = f"满意率界限应在 {low}–{high}% 之间（大于 0）"
    elif thresholds.satisfaction_percent.denominator not in (1, 2, 4, 5, 10, 20, 25, 50, 100):
        problems["satisfaction_percent"] = "满意率界限最多保留两位小数"
    for key, (first, last), label in (("empty_months", EMPTY_MONTHS_RANGE, "连续未开展组织生活的月数"),
                                      ("vacancy_months", VACANCY_MONTHS_RANGE, "书记空缺的月数")):
        value = getattr(thresholds, key)
        if isinstance(value, bool) or not isinstance(value, int) or not first <= value <= last:
            problems[key] = f"{label}应为 {first}–{last} 的整数"
    return problems


def percent_text(value: Fraction) -> str:
    """60 -> "60%", 59.99 -> "59.99%": as a threshold is typed."""
    shown = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return f"{shown}%"


# ---------------------------------------------------------------- the months of a window


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it has no such day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def window(as_of: date, months: int = WINDOW_MONTHS) -> list[tuple[int, int]]:
    """The `months` calendar months ending with the as-of month (which counts as whole), oldest first."""
    last = as_of.year * 12 + as_of.month - 1
    return [divmod(index, 12) for index in range(last - months + 1, last + 1)]


def _month_text(year: int, month0: int) -> str:
    return f"{year}-{month0 + 1:02d}"


@functools.lru_cache(maxsize=16)
def _window_months(as_of: date) -> tuple[tuple[str, date], ...]:
    """The window's months as ("YYYY-MM", last day): the same for every branch of one screening."""
    return tuple((_month_text(year, month0), date(year, month0 + 1, calendar.monthrange(year, month0 + 1)[1]))
                 for year, month0 in window(as_of))


def longest_empty_run(held_months: set[str], as_of: date, established_on: date | None) -> list[str]:
    """The longest run of consecutive months with no meeting (months as "YYYY-MM") in the window;
    months that ended before the branch was established do not count, so they are not empty."""
    best: list[str] = []
    run: list[str] = []
    for text, last_day in _window_months(as_of):
        counted = established_on is None or last_day >= established_on
        if counted and text not in held_months:
            run.append(text)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return best


# ---------------------------------------------------------------- one branch


@dataclass(frozen=True)
class ScreeningFacts:
    """What the six computed grounds look at for one branch in one year, detached from the ORM."""

    established_on: date | None = None
    held_months: frozenset[str] = frozenset()  # "YYYY-MM" of every month in the window with a meeting
    secretary_vacant_since: date | None = None
    elected_on: date | None = None
    term_years: int | None = None
    satisfied: int | None = None
    public_basic: int | None = None
    dissatisfied: int | None = None
    review_grade: str | None = None
    assessment_failed_on: date | None = None  # the year's latest 街道考评 (by the as-of date) failed that day


@dataclass(frozen=True)
class Ground:
    code: str
    message: str
    evidence: str

    @property
    def label(self) -> str:
        return GROUND_LABELS[self.code]

    def as_json(self) -> dict:
        return {"code": self.code, "message": self.message, "evidence": self.evidence}


def satisfaction_below(satisfied: int, basic: int, valid: int, percent: Fraction) -> bool:
    """(满意 + 基本满意) ÷ 有效票 < percent, exactly (no float rounding at 59.99% / 60%)."""
    return valid > 0 and Fraction(satisfied + basic, valid) * 100 < percent


def vacancy_exceeds(vacant_since: date, as_of: date, months: int) -> bool:
    """Vacant for more than `months`: exactly three months (10 Jan → 10 Apr) is not more."""
    return as_of > add_months(vacant_since, months)


def screen(facts: ScreeningFacts, year: int, as_of: date, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Ground]:
    """Every computed ground that fires for one branch, in COMPUTED order."""
    found: list[Ground] = []
    s, b, d = facts.satisfied, facts.public_basic, facts.dissatisfied
    if not (s is None and b is None and d is None):
        s, b, d = s or 0, b or 0, d or 0
        valid = s + b + d
        if satisfaction_below(s, b, valid, thresholds.satisfaction_percent):
            rate = Fraction(s + b, valid) * 100
            found.append(Ground(
                "low_satisfaction",
                f"{year} 年群众满意率 {float(rate):.2f}%，低于 {percent_text(thresholds.satisfaction_percent)}。",
                f"群众评判：满意 {s}、基本满意 {b}、不满意 {d}，有效票 {valid}。"))
    run = longest_empty_run(set(facts.held_months), as_of, facts.established_on)
    if len(run) >= thresholds.empty_months:
        found.append(Ground(
            "no_organizational_life",
            f"连续 {len(run)} 个月未开展任何组织生活（{run[0]} 至 {run[-1]}）。",
            f"截至 {as_of:%Y-%m-%d} 的 12 个月内，这些月份没有登记任何会议"
            + (f"；成立（{facts.established_on:%Y-%m-%d}）前的月份不计。" if facts.established_on else "。")))
    vacant = facts.secretary_vacant_since
    if vacant is not None and vacancy_exceeds(vacant, as_of, thresholds.vacancy_months):
        found.append(Ground(
            "secretary_vacant",
            f"书记空缺超过 {thresholds.vacancy_months} 个月。",
            f"书记自 {vacant:%Y-%m-%d} 起空缺，至 {as_of:%Y-%m-%d} 已 {(as_of - vacant).days} 天。"))
    end = term_end(facts.elected_on, facts.term_years)
    if end is not None and end < as_of:
        found.append(Ground(
            "term_overdue",
            f"任期已于 {end:%Y-%m-%d} 届满，未换届。",
            f"本届选举日期 {facts.elected_on:%Y-%m-%d}，任期 {facts.term_years} 年；此后未登记换届。"))
    if facts.review_grade == "poor":
        found.append(Ground("review_poor", f"{year} 年述职评议考核等次为较差。", f"{year} 年考评汇总：述职评议等次“较差”。"))
    if facts.assessment_failed_on is not None:
        found.append(Ground(
            "assessment_failed", f"{year} 年街道党工委考评未通过。",
            f"{facts.assessment_failed_on:%Y-%m-%d} 街道考评结论为未通过，此后未再通过考评。"))
    return found


# ---------------------------------------------------------------- before a 最强 step

STRONGEST_STEPS = ("recommended", "rated_district", "rated_city")


def strongest_caution(grounds: list[Ground]) -> str | None:
    """A warning, not a refusal, before a branch the screening flags is recommended or rated 最强.

    The policy's bars to 最强 are exactly four (§三(四), DOMAIN R8; an open 整顿 case is the sixth
    bar of results): a computed ground alone is not one of them. But a branch with such a ground
    falls short of the standard it is to excel in — an expired term above all: §二(一) asks
    "任期届满的及时换届", and §四(四) withdraws a rating when a branch "不符合建设标准" — so the clerk
    is told why before the step is recorded."""
    if not grounds:
        return None
    listed = "；".join(f"“{g.label}”：{g.message.rstrip('。')}" for g in grounds)
    why = "，不符合“任期届满的及时换届”的创建要求" if any(g.code == "term_overdue" for g in grounds) else ""
    return (f"注意：该支部经软弱涣散排查有认定情形{listed}{why}。按方案，党支部出现不符合建设标准的情形时，"
            f"应当取消评定及相关待遇保障；建议整改（如完成换届）或核实后再推荐、评定最强党支部。")

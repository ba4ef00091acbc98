"""Organization setup findings (规范基本设置), from DOMAIN.md and the 支部工作条例 (2018).

Each finding is a flag for the clerk, not an error: the registry shows it as a badge and the
`check` command lists it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.glossary import is_village_or_community

MIN_FULL_MEMBERS = 3  # fewer full members: a joint branch (联合党支部) instead
MAX_MEMBERS = 50  # more: consider a general branch (党总支)
COMMITTEE_FROM = 7  # this many full members or more: a branch committee is required
EXPIRING_WITHIN_DAYS = 90
TERM_YEARS_ALLOWED = (3, 5)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str

    @property
    def label(self) -> str:
        return FINDING_LABELS[self.code]

    @property
    def severe(self) -> bool:
        return self.code in SEVERE


FINDING_LABELS = {
    "too_few_members": "人数不足",
    "oversized": "规模过大",
    "committee_missing": "未设支委会",
    "term_expired": "任期届满",
    "term_expiring": "即将换届",
    "secretary_untrained": "书记未培训",
    "not_one_shoulder": "未一肩挑",
    "no_college_cadre": "缺大专干部",
    "new_round": "新一轮建设",  # rules.rounds: re-elected after a rating, no new round recorded yet
}
SEVERE = {"too_few_members", "committee_missing", "term_expired"}
# Shown with the findings in the registry, but a call to act rather than a fault of the branch's
# setup: the sheets and charts of 设置问题 leave it out.
PROMPTS = frozenset({"new_round"})


def setup_problems(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that are faults of the branch's setup (no prompts)."""
    return [f for f in findings if f.code not in PROMPTS]


@dataclass(frozen=True)
class BranchFacts:
    """What the setup rules look at, detached from the ORM."""

    branch_kind: str
    full_members: int
    probationary_members: int = 0
    has_committee: bool | None = None
    elected_on: date | None = None
    term_years: int | None = None
    secretary_is_director: bool | None = None
    has_college_cadre: bool | None = None
    trained_years: frozenset[int] = frozenset()


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def term_end(elected_on: date | None, term_years: int | None) -> date | None:
    if elected_on is None or not term_years:
        return None
    return add_years(elected_on, term_years)


def setup_findings(facts: BranchFacts, year: int, as_of: date) -> list[Finding]:
    found: list[Finding] = []
    full = facts.full_members
    total = full + facts.probationary_members
    if full < MIN_FULL_MEMBERS:
        found.append(Finding("too_few_members", f"正式党员 {full} 人，不足 3 人，应与其他单位组建联合党支部。"))
    if total > MAX_MEMBERS:
        found.append(Finding("oversized", f"党员 {total} 人，超过 50 人，可考虑设立党总支。"))
    if full >= COMMITTEE_FROM and not facts.has_committee:
        found.append(Finding("committee_missing", f"正式党员 {full} 人（7 人以上），应设立支部委员会。"))
    end = term_end(facts.elected_on, facts.term_years)
    if end is not None:
        if end < as_of:
            found.append(Finding("term_expired", f"本届任期已于 {end:%Y-%m-%d} 届满，应及时换届。"))
        elif end <= as_of + timedelta(days=EXPIRING_WITHIN_DAYS):
            days = (end - as_of).days
            found.append(Finding("term_expiring", f"本届任期将于 {end:%Y-%m-%d} 届满（还有 {days} 天），请做好换届准备。"))
    if year not in facts.trained_years:
        found.append(Finding("secretary_untrained", f"{year} 年未登记书记参加培训（每年至少一次）。"))
    if is_village_or_community(facts.branch_kind):
        if facts.secretary_is_director is not True:
            found.append(Finding("not_one_shoulder", _unrecorded(
                facts.secretary_is_director, "书记未兼任村（居）委会主任（应推行“一肩挑”）", "是否“一肩挑”")))
        if facts.has_college_cadre is not True:
            found.append(Finding("no_college_cadre", _unrecorded(
                facts.has_college_cadre, "班子中没有大专以上学历干部", "班子中是否有大专以上学历干部")))
    return found


def _unrecorded(value: bool | None, when_false: str, what: str) -> str:
    return f"{when_false}。" if value is False else f"未登记{what}。"

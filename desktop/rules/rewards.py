"""专项绩效奖励 and 经费倾斜 (seed §四(二)(三), DOMAIN R11, R12): what a branch's year of workflow
earns, computed, never typed, each figure with the rule that produced it.

- One-off bonus (村/社区 branches and the branches under one): standardized → the year's set amount
  (default 0); 最强 rated at 区级 or above → `strongest_bonus_percent` (10%) of the 村/社区 team's
  current annual pay total. Other kinds of branch get no bonus (the policy gives their secretaries
  other preferences).
- Funding: standardized → the base (一般保障标准) raised by `standardized_funding_uplift_percent`
  (default 0); 最强 rated by the 区委 (or above) → base + `strongest_district_funding_uplift_percent`
  (30%); rated by the 市委 → also the 市委组织部's one-off grant, once it is entered.
- The higher tier replaces the lower one. A revocation withdraws that year's benefits of the tier
  it revoked; the tier below it, if it stands, keeps its own. A branch whose standardization was
  revoked (or failed) gets none. A figure that needs an amount nobody recorded is None with the
  missing amount named, never 0.

Amounts are in fen (integers); percentages are numbers (10 = 10%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from desktop.glossary import branch_kind_label
from desktop.rules.workflow import fold, standardized_verdict, state_label

LEVEL_LABELS = {"district": "区级最强党支部", "city": "市级最强党支部"}
SETTING_DEFAULTS = {
    "standardized_bonus": 0.0,  # yuan
    "standardized_funding_uplift_percent": 0.0,
    "strongest_bonus_percent": 10.0,
    "strongest_district_funding_uplift_percent": 30.0,
}
# The settings' names as the clerk reads them (services.settings declares them with these labels):
# a rule that depends on a setting names it so, never by its key.
SETTING_LABELS = {
    "standardized_bonus": "标准化规范化一次性专项绩效奖励（元）",
    "standardized_funding_uplift_percent": "标准化规范化经费上浮比例（%）",
    "strongest_bonus_percent": "最强党支部奖励占班子年待遇报酬总额比例（%）",
    "strongest_district_funding_uplift_percent": "区级最强党支部经费上浮比例（%）",
}
MISSING_PAY = "缺少报酬总额"
MISSING_BASE = "缺少一般保障标准"


@dataclass(frozen=True)
class YearStep:
    state: str
    outcome: str | None
    on_date: date
    reason: str | None = None


@dataclass(frozen=True)
class Revocation:
    tier: str  # "strongest" or "standardized": what the revocation withdrew
    level: str | None  # the 最强 level withdrawn
    on_date: date
    reason: str | None

    def text(self) -> str:
        what = LEVEL_LABELS[self.level] if self.level else "标准化规范化"
        because = f"（{self.reason}）" if self.reason else ""
        return f"{what}已于 {self.on_date:%Y-%m-%d} 撤销{because}"


@dataclass(frozen=True)
class Tiers:
    """A branch's year as far as benefits go: standardized and 最强 level still standing."""

    standardized: bool
    strongest_level: str | None  # district / city, not revoked
    revocations: tuple[Revocation, ...]
    shown: str  # the standing in words (区委验收未通过, 已推荐最强, ...)
    recommended: bool = False  # 街道推荐 only, not (yet) rated at 区级 or above
    failed: bool = False  # 街道考评 or 区委验收 failed, or the standardization was revoked


def tiers(steps: Sequence[YearStep]) -> Tiers:
    """The steps of one branch in one year, oldest first."""
    pairs = tuple((s.state, s.outcome) for s in steps)
    if not any(state == "revoked" for state, _outcome in pairs):
        return unrevoked(pairs)
    return _tiers(steps, pairs)


@lru_cache(maxsize=512)
def unrevoked(pairs: tuple[tuple[str, str | None], ...]) -> Tiers:
    """Without a revocation the tiers depend on the states alone, and a district's 2,000 branches
    share a few dozen sequences: each is folded once (a fifth of the calculator's time)."""
    return _tiers((), pairs)


def _tiers(steps: Sequence[YearStep], pairs: tuple[tuple[str, str | None], ...]) -> Tiers:
    facts = fold(pairs)
    revocations = []
    for index, step in enumerate(steps):
        if step.state == "revoked":
            before = fold(pairs[:index])
            tier = "strongest" if before.strongest_level else "standardized"
            revocations.append(Revocation(tier, before.strongest_level, step.on_date, step.reason))
    verdict = standardized_verdict(facts)
    shown = state_label(facts.state, facts.outcome, verdict)
    return Tiers(facts.standardized, facts.strongest_level, tuple(revocations), shown,
                 facts.standardized and facts.state == "recommended", verdict is False)


@dataclass(frozen=True)
class Rates:
    """The year's settings (desktop.services.settings, kept per year)."""

    standardized_bonus_fen: int = 0
    standardized_uplift_percent: float = 0.0
    strongest_bonus_percent: float = 10.0
    district_uplift_percent: float = 30.0


@dataclass(frozen=True)
class Money:
    """What the calculator knows of one branch in one year."""

    kind: str
    village_like: bool  # a 村/社区 branch, or one under a 村/社区 (its pay total is that team's)
    pay_total_fen: int | None
    base_funding_fen: int | None
    grant_fen: int | None = None  # the 市委组织部's one-off grant, when entered
    pay_of: str | None = None  # the 村/社区 whose team's pay total applies, when not the branch's own


@dataclass(frozen=True)
class Figures:
    bonus_fen: int | None  # None: an amount it needs is missing (the rule says which)
    bonus_rule: str
    uplift_fen: int | None
    funding_fen: int | None  # base + uplift
    funding_rule: str
    unset: tuple[str, ...] = ()  # the settings left at 0 that the rules above name (SETTING_LABELS)


def yuan(fen: int | None) -> str:
    return "—" if fen is None else f"{Decimal(fen) / 100:.2f}"


def _percent(value: float) -> str:
    return f"{value:g}%"


def _share(fen: int, percent: float) -> int:
    exact = Decimal(fen) * Decimal(str(percent)) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _setting(key: str) -> str:
    return f"设置“{SETTING_LABELS[key]}”"


def _standing(t: Tiers) -> str:
    if t.strongest_level:
        return LEVEL_LABELS[t.strongest_level]
    return "标准化规范化" if t.standardized else ""


def _prefix(t: Tiers) -> str:
    return "".join(f"{r.text()}，其待遇取消；" for r in t.revocations)


def _without(t: Tiers, what: str) -> str:
    """The rule of a branch that is not standardized (never was this year, failed, or lost it)."""
    lost = [r.text() for r in t.revocations]
    if not any(r.tier == "standardized" for r in t.revocations):
        lost.append(f"未达到标准化规范化（{t.shown}）")
    return "；".join(lost) + f"，{what}"


def bonus(t: Tiers, m: Money, rates: Rates) -> tuple[int | None, str]:
    head = _prefix(t)
    if not t.standardized:
        return 0, _without(t, "不发放专项绩效奖励")
    if not m.village_like:
        return 0, head + f"{_standing(t)}；{branch_kind_label(m.kind)}党支部不属村、社区，不发放专项绩效奖励"
    if t.strongest_level:
        of = f"（{m.pay_of}）" if m.pay_of else ""
        if m.pay_total_fen is None:
            return None, head + f"{_standing(t)}：{MISSING_PAY}{of}，无法按班子年待遇报酬总额的 " \
                                f"{_percent(rates.strongest_bonus_percent)} 测算，请先录入"
        amount = _share(m.pay_total_fen, rates.strongest_bonus_percent)
        return amount, head + (f"{_standing(t)}：班子年待遇报酬总额{of} {yuan(m.pay_total_fen)} × "
                               f"{_percent(rates.strongest_bonus_percent)} = {yuan(amount)}")
    if not rates.standardized_bonus_fen:
        return 0, head + f"标准化规范化：本年度未设定一次性专项绩效奖励（{_setting('standardized_bonus')}为 0），不发放"
    return rates.standardized_bonus_fen, head + f"标准化规范化：一次性专项绩效奖励 {yuan(rates.standardized_bonus_fen)}（本年度设定）"


def funding(t: Tiers, m: Money, rates: Rates) -> tuple[int | None, int | None, str]:
    """(uplift, base + uplift, rule)."""
    head, base = _prefix(t), m.base_funding_fen
    if not t.standardized:
        rule = _without(t, "按一般保障标准，不上浮")
        return 0, base, rule if base is not None else rule + f"（{MISSING_BASE}）"
    percent = rates.district_uplift_percent if t.strongest_level else rates.standardized_uplift_percent
    key = "strongest_district_funding_uplift_percent" if t.strongest_level else "standardized_funding_uplift_percent"
    uplift: int | None
    if not percent:  # nothing to raise: the total is the base, which may still be missing
        uplift = 0
        rule = head + f"{_standing(t)}：本年度未设定经费上浮（{_setting(key)}为 0），" + (
            f"{MISSING_BASE}，请先录入" if base is None else f"按一般保障标准 {yuan(base)}，不上浮")
    elif base is None:
        uplift = None
        rule = head + f"{_standing(t)}：{MISSING_BASE}，无法测算上浮 {_percent(percent)} 的金额，请先录入"
    else:
        uplift = _share(base, percent)
        rule = head + f"{_standing(t)}：一般保障标准 {yuan(base)} 上浮 {_percent(percent)} = {yuan(uplift)}"
    if t.strongest_level == "city":
        if m.grant_fen is None:
            rule += "；市委组织部一次性奖补尚未录入"
        elif uplift is not None:
            uplift += m.grant_fen
            rule += f"；另加市委组织部一次性奖补 {yuan(m.grant_fen)}"
    return uplift, None if base is None or uplift is None else base + uplift, rule


def unset(t: Tiers, m: Money, rates: Rates) -> tuple[str, ...]:
    """The settings at 0 that decide this branch's figures (the cases bonus() and funding() name them)."""
    if not t.standardized:
        return ()
    keys = []
    if m.village_like and not t.strongest_level and not rates.standardized_bonus_fen:
        keys.append("standardized_bonus")
    if t.strongest_level and not rates.district_uplift_percent:
        keys.append("strongest_district_funding_uplift_percent")
    elif not t.strongest_level and not rates.standardized_uplift_percent:
        keys.append("standardized_funding_uplift_percent")
    return tuple(keys)


def figures(t: Tiers, m: Money, rates: Rates) -> Figures:
    amount, bonus_rule = bonus(t, m, rates)
    uplift, total, funding_rule = funding(t, m, rates)
    return Figures(amount, bonus_rule, uplift, total, funding_rule, unset(t, m, rates))


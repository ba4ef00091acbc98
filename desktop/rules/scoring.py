"""The four evaluations (四评) combined into one judgment. Pure functions over raw counts.

Defaults are the contract of issue 4: org = mean of scorer totals (optionally dropping the highest
and lowest with 5+ scorers); member = (优秀+合格) ÷ all four ballots × 100; public = (满意+基本满意) ÷
all three × 100; social = 0 if any department reports non-compliance, else 100; composite =
weighted sum rounded to 2 decimals; meets the standard = composite ≥ pass line and no veto.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop.rules.numbers import NumberError, parse_number, shown
from desktop.rules.rubric import DEFAULT_PASS_LINE, DEFAULT_WEIGHTS, HALF_POINT

TRIM_FROM_SCORERS = 5  # dropping extremes needs at least this many scorers


@dataclass(frozen=True)
class Weights:
    org: float = DEFAULT_WEIGHTS[0]
    member: float = DEFAULT_WEIGHTS[1]
    public: float = DEFAULT_WEIGHTS[2]
    social: float = DEFAULT_WEIGHTS[3]


@dataclass(frozen=True)
class Tally:
    """One branch's raw counts for a year (None = not entered)."""

    participants: int | None = None
    excellent: int | None = None
    qualified: int | None = None
    basic: int | None = None
    unqualified: int | None = None
    satisfied: int | None = None
    public_basic: int | None = None
    dissatisfied: int | None = None


def _dec(value: float) -> Decimal:
    return Decimal(repr(value))


def round2(value: Decimal | float) -> float:
    """Half-up to 2 decimals on the decimal value, so 84.995 becomes 85.00, not 84.99."""
    value = value if isinstance(value, Decimal) else _dec(value)
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def scorer_complete(scored_items: int, rubric_items: int) -> bool:
    """A scorer's total counts for a branch only once every rubric item of the year is scored: an
    empty cell is not yet a judgment, and counting it as 0 would drag the mean down."""
    return rubric_items > 0 and scored_items >= rubric_items


def org_score(totals: Sequence[float], drop_extremes: bool = False) -> float | None:
    """Mean of the scorers' totals; with `drop_extremes` and ≥ 5 scorers, one highest and one
    lowest total are left out first."""
    if not totals:
        return None
    values = sorted(_dec(t) for t in totals)
    if drop_extremes and len(values) >= TRIM_FROM_SCORERS:
        values = values[1:-1]
    return round2(sum(values) / len(values))


def _rate(good: int, total: int) -> float | None:
    return None if total <= 0 else round2(Decimal(good) * 100 / Decimal(total))


def member_score(tally: Tally) -> float | None:
    parts = (tally.excellent, tally.qualified, tally.basic, tally.unqualified)
    if all(p is None for p in parts):
        return None
    e, q, b, u = (p or 0 for p in parts)
    return _rate(e + q, e + q + b + u)


def public_score(tally: Tally) -> float | None:
    parts = (tally.satisfied, tally.public_basic, tally.dissatisfied)
    if all(p is None for p in parts):
        return None
    s, b, d = (p or 0 for p in parts)
    return _rate(s + b, s + b + d)


def social_score(department_noncompliance: bool) -> float:
    return 0.0 if department_noncompliance else 100.0


def composite(org: float | None, member: float | None, public: float | None, social: float | None,
              weights: Weights = Weights()) -> float | None:
    """Weighted sum, rounded half-up to 2 decimals; None while any of the four is missing."""
    if org is None or member is None or public is None or social is None:
        return None
    total = (_dec(weights.org) * _dec(org) + _dec(weights.member) * _dec(member)
             + _dec(weights.public) * _dec(public) + _dec(weights.social) * _dec(social))
    return round2(total)


def meets_standard(composite_score: float | None, veto: str | None,
                   pass_line: float = DEFAULT_PASS_LINE) -> bool | None:
    """composite ≥ pass line and no veto item. A veto fails even before every score is in."""
    if veto:
        return False
    if composite_score is None:
        return None
    return composite_score >= pass_line


def read_points(typed: str | float, max_points: float) -> float:
    """A typed (or imported) item score → points, or NumberError saying why, in this item's own
    range and with the value as typed: range first, then whole or half points."""
    points = parse_number(typed, 0, max_points, span=f"本项 0–{max_points:g} 分")
    if abs(points / HALF_POINT - round(points / HALF_POINT)) > 1e-9:
        raise NumberError(f"{shown(typed)} 不是整分或半分（只能精确到 0.5 分）")
    return points


def point_problem(points: float, max_points: float) -> str | None:
    """Why an item score is refused (range and half points), or None."""
    try:
        read_points(points, max_points)
    except NumberError as error:
        return error.reason
    return None


def tally_problems(tally: Tally) -> dict[str, str]:
    """Count checks: nothing negative, and the four member ballots never exceed 参评党员数."""
    problems = {}
    for name, value in vars(tally).items():
        if value is not None and value < 0:
            problems[name] = f"{COUNT_LABELS[name]}不能为负数"
    ballots = [tally.excellent, tally.qualified, tally.basic, tally.unqualified]
    if any(b is not None for b in ballots) and "participants" not in problems:
        cast = sum(b or 0 for b in ballots)
        if tally.participants is None:
            problems["participants"] = "已填评议票数，请填写参评党员数"
        elif cast > tally.participants:
            problems["participants"] = f"评议票数合计 {cast} 超过参评党员数 {tally.participants}"
    return problems


COUNT_LABELS = {
    "participants": "参评党员数", "excellent": "评议优秀", "qualified": "评议合格", "basic": "评议基本合格",
    "unqualified": "评议不合格", "satisfied": "群众满意", "public_basic": "群众基本满意", "dissatisfied": "群众不满意",
}


# ---------------------------------------------------------------- suggested scores (采用建议分)
# A score filled in from the ledger's suggestion is the ledger's, not yet the scorer's: it shows in
# the grid and on the scorer's 评分记录表 marked, it does not make the scorer's column complete for
# the 组织评定 (see `confirmed_count`), and a session is not locked, nor its scorers taken to or
# brought back from a laptop, while any remains unconfirmed.
NAMED_BRANCHES = 5  # a refusal names this many branches per scorer, then how many more


def confirmed_count(scored_items: int, suggested_items: int) -> int:
    """The items a scorer has judged for a branch: scored, less those still only suggested."""
    return scored_items - suggested_items


def suggestions_refusal(doing: str, pending: Sequence[tuple[str, str]]) -> str | None:
    """Why `doing` (确认锁定, 带出, 导出评分结果) is refused while suggestions are unconfirmed:
    `pending` is (scorer, branch) pairs in the grid's order; None when there are none."""
    if not pending:
        return None
    by_scorer: dict[str, list[str]] = {}
    for scorer, branch in pending:
        names = by_scorer.setdefault(scorer, [])
        if branch not in names:
            names.append(branch)
    parts = []
    for scorer, branches in by_scorer.items():
        named = "、".join(branches[:NAMED_BRANCHES])
        more = f"等 {len(branches)} 个支部" if len(branches) > NAMED_BRANCHES else ""
        parts.append(f"{scorer}：{named}{more}")
    return (f"还有采用的建议分未经评分人确认（{'；'.join(parts)}），不能{doing}。"
            "请评分人逐格核对：改分直接输入，无需改动的点“确认建议分”。")

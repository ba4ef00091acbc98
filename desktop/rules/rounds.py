"""动态调整管理 (seed §四(四), DOMAIN R12): "被评定的党支部任期届满，应当开展新一轮建设".

A branch's 评定 is the latest year whose workflow ended standardized (or 最强, not revoked), dated
by the step that conferred it (区委验收 passed; the last 区级/市级 rating for a 最强). The registry
keeps only the current term's election date (`elected_on`), and that is enough: a rating dated
before the current election was made under an earlier term, so a re-election ends it. A rating
dated on the election day itself belongs to the new term (the new committee is in office from the
day it is elected). Nothing is stored: correcting a mistyped election date restores the rating.

The rating still gave its year's benefits and honours (those are read per year, DOMAIN R11); what
ends is the standing as current. The branch is then due a new round until it records a workflow
step on or after the election day. A term that has run out without a re-election is the registry's
任期届满 finding (rules.setup), not a new round: the term has not been renewed yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop.rules.rewards import LEVEL_LABELS, YearStep
from desktop.rules.setup import Finding
from desktop.rules.workflow import PASS, STRONGEST_LEVEL, fold

NEW_ROUND = "new_round"
ENDED = "随上届任期结束"


@dataclass(frozen=True)
class Rating:
    year: int
    level: str | None  # None: 标准化规范化; district / city: 最强
    rated_on: date

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level] if self.level else "标准化规范化党支部"

    @property
    def text(self) -> str:
        return f"{self.year} 年{self.label}（{self.rated_on:%Y-%m-%d} 评定）"


# The steps that move a year's rating (rules.workflow.fold): the others leave it as it was.
RATING_STATES = ("applied", "accepted", "rated_district", "rated_city", "revoked")


def year_rating(year: int, steps: Sequence[YearStep]) -> Rating | None:
    """What one year's steps (oldest first; those of RATING_STATES suffice) rated the branch, with
    the date that conferred it."""
    facts = fold((s.state, s.outcome) for s in steps)
    if not facts.standardized:
        return None
    if facts.strongest_level:
        on = [s.on_date for s in steps if s.state in STRONGEST_LEVEL][-1]
    else:
        on = [s.on_date for s in steps if s.state == "accepted" and s.outcome == PASS][-1]
    return Rating(year, facts.strongest_level, on)


@dataclass(frozen=True)
class Round:
    """A branch's rating as it stands on a day, and whether a new round of creation is due."""

    rating: Rating | None  # the latest rating, current or ended
    re_elected_on: date | None  # the election that ended it (None: the rating is current)
    started: bool = False  # a workflow step since that election: the new round is under way

    @property
    def ended(self) -> bool:
        return self.re_elected_on is not None

    @property
    def due(self) -> bool:
        return self.ended and not self.started

    @property
    def text(self) -> str:
        """The standing in words: “2025 年区级最强党支部（2025-11-20 评定）”, and when a
        re-election ended it “…，随上届任期结束（2026-05-10 换届）”."""
        if self.rating is None:
            return "未被评定"
        if self.re_elected_on is None:
            return self.rating.text
        return f"{self.rating.text}，{ENDED}（{self.re_elected_on:%Y-%m-%d} 换届）"

    @property
    def prompt(self) -> str | None:
        """Why the branch is due a new round (the registry's finding, the plan's reason)."""
        if not self.due or self.rating is None or self.re_elected_on is None:
            return None
        return (f"已于 {self.re_elected_on:%Y-%m-%d} 换届，{self.rating.year} 年评定的{self.rating.label}"
                f"{ENDED}，应开展新一轮建设")

    def finding(self) -> Finding | None:
        prompt = self.prompt
        return Finding(NEW_ROUND, prompt + "。") if prompt else None


NO_RATING = Round(None, None)


def round_of(rating: Rating | None, elected_on: date | None, as_of: date, last_step_on: date | None = None) -> Round:
    """`rating`: the latest one dated on or before `as_of`; `last_step_on`: the branch's latest
    workflow step on or before `as_of`. No election recorded: the rating stands."""
    if rating is None:
        return NO_RATING
    if elected_on is None or not rating.rated_on < elected_on <= as_of:
        return Round(rating, None)
    return Round(rating, elected_on, last_step_on is not None and last_step_on >= elected_on)


def year_note(rating: Rating | None, elected_on: date | None, as_of: date) -> str:
    """For a year's honours: its rating still counts for that year, but say when a re-election
    has since ended it (“；该评定已随上届任期结束（2026-05-10 换届）”)."""
    if rating is None or elected_on is None or not rating.rated_on < elected_on <= as_of:
        return ""
    return f"；该评定已{ENDED}（{elected_on:%Y-%m-%d} 换届），应开展新一轮建设"

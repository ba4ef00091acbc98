"""The year's rubric: created from the default (or the latest earlier year) when first needed,
edited while no score uses it, copied from another year on request.

A year that has scores keeps its rubric: editing it then is refused, so a result once given is
never silently re-judged. Each year owns its rows, so editing 2025 never touches 2024.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import BranchdeskError, ValidationError
from desktop.models import Rubric, RubricItem, Score, ScoringSession, VetoItem
from desktop.rules import rubric as default
from desktop.rules.scoring import Weights
from desktop.services import held
from desktop.store.workspace import Workspace


@dataclass(frozen=True)
class ItemView(default.ItemSpec):
    """A stored rubric item: the spec plus its row id (None before it is saved)."""

    id: int | None = None


@dataclass(frozen=True)
class RubricView:
    id: int | None  # None: not saved yet (a preview of what the year starts from)
    year: int
    revision: int
    pass_line: float
    weights: Weights
    drop_extremes: bool
    items: tuple[ItemView, ...]
    vetoes: tuple[str, ...]
    locked: bool  # scores exist for the year

    @property
    def total_points(self) -> float:
        return sum(item.max_points for item in self.items)


def view_of(rubric: Rubric, locked: bool) -> RubricView:
    return RubricView(
        id=rubric.id, year=rubric.year, revision=rubric.revision, pass_line=rubric.pass_line,
        weights=Weights(rubric.weight_org, rubric.weight_member, rubric.weight_public, rubric.weight_social),
        drop_extremes=rubric.drop_extremes,
        items=tuple(ItemView(i.area_code, i.area_name, i.item_code, i.item_name, i.max_points, i.evidence_key, i.id)
                    for i in rubric.items),
        vetoes=tuple(v.name for v in rubric.vetoes), locked=locked,
    )


def _has_scores(session: Session, year: int) -> bool:
    query = select(func.count()).select_from(Score).join(ScoringSession, Score.session_id == ScoringSession.id)
    return bool(session.scalar(query.where(ScoringSession.year == year).limit(1)))


def has_scores(session: Session, year: int) -> bool:
    """Whether any session of the year has a score (inside a unit)."""
    return _has_scores(session, year)


def load(session: Session, year: int) -> Rubric | None:
    return session.scalar(
        select(Rubric).where(Rubric.year == year).options(selectinload(Rubric.items), selectinload(Rubric.vetoes))
    )


def _fill(rubric: Rubric, items, vetoes) -> None:
    rubric.items = [
        RubricItem(area_code=i.area_code, area_name=i.area_name, item_code=i.item_code, item_name=i.item_name,
                   max_points=i.max_points, position=n, evidence_key=i.evidence_key)
        for n, i in enumerate(items)
    ]
    rubric.vetoes = [VetoItem(name=name, position=n) for n, name in enumerate(vetoes)]


def ensure_in(session: Session, year: int) -> Rubric:
    """The year's rubric inside an open unit of work, created if missing: a copy of the latest
    earlier year's rubric, or the default table."""
    rubric = _stored_or_draft(session, year)
    if rubric.id is None:
        session.add(rubric)
        session.flush()
    return rubric


def _stored_or_draft(session: Session, year: int) -> Rubric:
    """The year's stored rubric, or the one it would start from (not added to the session)."""
    rubric = load(session, year)
    if rubric is not None:
        return rubric
    earlier = session.scalar(select(Rubric.year).where(Rubric.year < year).order_by(Rubric.year.desc()).limit(1))
    rubric = Rubric(year=year)
    if earlier is not None:
        source = load(session, earlier)
        assert source is not None, "its year was just read from the stored rubrics"
        _copy_settings(source, rubric)
        _fill(rubric, source.items, [v.name for v in source.vetoes])
    else:
        rubric.pass_line = default.DEFAULT_PASS_LINE
        (rubric.weight_org, rubric.weight_member, rubric.weight_public, rubric.weight_social) = default.DEFAULT_WEIGHTS
        rubric.drop_extremes = False
        _fill(rubric, default.DEFAULT_ITEMS, default.DEFAULT_VETOES)
    rubric.revision = 1
    return rubric


def _copy_settings(source: Rubric, target: Rubric) -> None:
    for name in ("pass_line", "weight_org", "weight_member", "weight_public", "weight_social", "drop_extremes"):
        setattr(target, name, getattr(source, name))


def rubric_for_year(ws: Workspace, year: int) -> RubricView:
    """The year's rubric. A year without one shows what it would start from (the latest earlier
    year's rubric, or the default), unsaved (id None): looking at a year writes nothing."""
    with ws.read() as session:
        rubric = _stored_or_draft(session, year)
        stored = rubric.id is not None
        view = view_of(rubric, _has_scores(session, year))
    if stored:
        return view
    return replace(view, id=None, items=tuple(replace(item, id=None) for item in view.items))


def _refuse_if_scored(session: Session, year: int) -> None:
    held.refuse_year_out(session, year)
    if _has_scores(session, year):
        raise BranchdeskError(
            f"{year} 年已有评分，考评细则已锁定，不能修改（修改会改变已评出的结果）。"
            "如确需调整，请先删除该年度尚未锁定的评分会，再修改或复制细则并重新评分。"
        )


def validate(pass_line: float, weights: Weights, items: list[ItemView]) -> dict[str, str]:
    problems = {}
    if not 0 <= pass_line <= 100:
        problems["pass_line"] = "及格线应在 0–100 之间"
    total_weight = round(weights.org + weights.member + weights.public + weights.social, 6)
    if any(w < 0 for w in vars(weights).values()) or total_weight != 1:
        problems["weights"] = f"四评权重应均不为负且合计为 1（当前合计 {total_weight:g}）"
    codes = [i.item_code for i in items]
    if len(set(codes)) != len(codes):
        problems["items"] = "细则项目编号重复"
    elif any(i.max_points <= 0 or (i.max_points * 2) % 1 for i in items):
        problems["items"] = "每项分值须大于 0，且为整分或半分"
    elif any(not i.item_name.strip() for i in items):
        problems["items"] = "细则项目名称不能为空"
    return problems


def update_rubric(ws: Workspace, year: int, *, pass_line: float, weights: Weights, drop_extremes: bool,
                  items: list[ItemView], vetoes: list[str]) -> RubricView:
    """Replace the year's rubric content (refused once the year has scores)."""
    problems = validate(pass_line, weights, items)
    if problems:
        raise ValidationError(problems)
    with ws.write() as session:
        _refuse_if_scored(session, year)
        rubric = ensure_in(session, year)
        rubric.pass_line = pass_line
        rubric.weight_org, rubric.weight_member = weights.org, weights.member
        rubric.weight_public, rubric.weight_social = weights.public, weights.social
        rubric.drop_extremes = drop_extremes
        rubric.items.clear()
        rubric.vetoes.clear()
        session.flush()
        _fill(rubric, items, [v.strip() for v in vetoes if v.strip()])
        rubric.revision += 1
        session.flush()
        return view_of(rubric, False)


def copy_rubric(ws: Workspace, from_year: int, to_year: int) -> RubricView:
    """Make `to_year`'s rubric a copy of `from_year`'s (refused when `to_year` has scores)."""
    if from_year == to_year:
        raise BranchdeskError("来源年度与目标年度相同。")
    with ws.write() as session:
        _refuse_if_scored(session, to_year)
        source = ensure_in(session, from_year)
        target = ensure_in(session, to_year)
        _copy_settings(source, target)
        target.items.clear()
        target.vetoes.clear()
        session.flush()
        _fill(target, source.items, [v.name for v in source.vetoes])
        target.revision += 1
        session.flush()
        return view_of(target, False)

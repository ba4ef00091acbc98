"""Branch registry use cases: list with findings, read, validate, save, archive, delete."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, NotFoundError, ValidationError
from desktop.excel import branches as sheet
from desktop.excel.sheet import parse_fields
from desktop.glossary import branch_kind_label
from desktop.models import Base, Branch, SecretaryTraining
from desktop.rules.collation import in_branch_order
from desktop.rules.rounds import NO_RATING, Round
from desktop.rules.setup import BranchFacts, Finding, setup_findings, term_end
from desktop.services import versions
from desktop.services.rounds import branch_rounds
from desktop.store import changelog
from desktop.store.workspace import Workspace

# Fields stored on the branch row itself (trained years live in their own table).
FIELDS = (
    "name", "branch_kind", "parent_org", "established_on", "secretary", "secretary_vacant_since", "secretary_is_director",
    "elected_on", "term_years", "full_members", "probationary_members", "has_committee",
    "party_groups", "phone", "has_college_cadre", "has_service_center", "notes",
)
DEFAULTS = {"full_members": 0, "probationary_members": 0}
STALE = versions.changed_message("该支部")


@dataclass(frozen=True)
class BranchRow:
    """One line of the registry table."""

    id: int
    name: str
    branch_kind: str
    parent_org: str | None
    secretary: str | None
    full_members: int
    probationary_members: int
    term_end: date | None
    archived: bool
    findings: tuple[Finding, ...]
    standing: Round = NO_RATING  # the latest 评定, and whether a re-election ended it (rules.rounds)

    @property
    def kind_label(self) -> str:
        return branch_kind_label(self.branch_kind)

    @property
    def members_total(self) -> int:
        return self.full_members + self.probationary_members


def facts_of(branch: Branch | Row, trained_years: frozenset[int]) -> BranchFacts:
    """A branch's facts for the setup rules, from the record or from a row of its columns."""
    return BranchFacts(
        branch_kind=branch.branch_kind,
        full_members=branch.full_members,
        probationary_members=branch.probationary_members,
        has_committee=branch.has_committee,
        elected_on=branch.elected_on,
        term_years=branch.term_years,
        secretary_is_director=branch.secretary_is_director,
        has_college_cadre=branch.has_college_cadre,
        trained_years=trained_years,
    )


def trained_years_by_branch(session: Session, year: int | None = None) -> dict[int, frozenset[int]]:
    """Branch id -> the years its secretary was trained (only `year`, when given)."""
    query = select(SecretaryTraining.branch_id, SecretaryTraining.year)
    if year is not None:
        query = query.where(SecretaryTraining.year == year)
    years: dict[int, set[int]] = defaultdict(set)
    for branch_id, trained_in in session.execute(query):
        years[branch_id].add(trained_in)
    return {key: frozenset(value) for key, value in years.items()}


# What the registry's rows and their findings read: columns, not records (10,000 ORM objects cost
# ~0.3 s of the window's start at a city's scale).
LISTED = (
    Branch.id, Branch.name, Branch.branch_kind, Branch.parent_org, Branch.secretary, Branch.full_members,
    Branch.probationary_members, Branch.has_committee, Branch.elected_on, Branch.term_years,
    Branch.secretary_is_director, Branch.has_college_cadre, Branch.archived_at,
)


def list_branches(ws: Workspace, year: int, as_of: date, include_archived: bool = False) -> list[BranchRow]:
    with ws.read() as session:
        query = select(*LISTED)
        if not include_archived:
            query = query.where(Branch.archived_at.is_(None))
        trained = trained_years_by_branch(session, year)  # the findings ask about this year only
        branches = list(session.execute(query))
        rounds = branch_rounds(session, as_of, ((b.id, b.elected_on) for b in branches))
        rows = []
        for branch in branches:
            findings = setup_findings(facts_of(branch, trained.get(branch.id, frozenset())), year, as_of)
            standing = rounds[branch.id]
            if (prompt := standing.finding()) is not None:
                findings.append(prompt)
            rows.append(
                BranchRow(
                    id=branch.id, name=branch.name, branch_kind=branch.branch_kind,
                    parent_org=branch.parent_org, secretary=branch.secretary,
                    full_members=branch.full_members, probationary_members=branch.probationary_members,
                    term_end=term_end(branch.elected_on, branch.term_years),
                    archived=branch.archived_at is not None, findings=tuple(findings), standing=standing,
                )
            )
        return in_branch_order(rows)


def values_of(branch: Branch, trained_years: frozenset[int]) -> dict:
    values = {name: getattr(branch, name) for name in FIELDS}
    values["trained_years"] = trained_years
    return values


def get_branch(ws: Workspace, branch_id: int) -> dict:
    with ws.read() as session:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise NotFoundError("该支部已不存在（可能已被删除）。")
        values = values_of(branch, frozenset(t.year for t in branch.trainings))
        values["id"] = branch.id
        values["archived"] = branch.archived_at is not None
        values["version"] = branch.version  # handed back to save_branch by the form
        return values


def branch_names(ws: Workspace, include_archived: bool = True) -> dict[str, int]:
    with ws.read() as session:
        query = select(Branch.name, Branch.id)
        if not include_archived:
            query = query.where(Branch.archived_at.is_(None))
        return dict(session.execute(query).all())


def row_problems(values: dict) -> dict[str, str]:
    """Cross-field rules shared by the form, the import and save_branch: key -> reason, every one
    that applies (a row is reported whole, not one problem per attempt)."""
    problems = {}
    founded, elected = values.get("established_on"), values.get("elected_on")
    if founded is not None and elected is not None and elected < founded:
        problems["elected_on"] = f"{elected:%Y-%m-%d} 早于成立日期 {founded:%Y-%m-%d}，换届不能早于支部成立"
    vacant = values.get("secretary_vacant_since")
    if founded is not None and vacant is not None and vacant < founded:
        problems["secretary_vacant_since"] = f"{vacant:%Y-%m-%d} 早于成立日期 {founded:%Y-%m-%d}，书记空缺不能早于支部成立"
    return problems


def _headed(problems: dict[str, str]) -> dict[str, str]:
    """Reasons worded like a field's own parse error: "本届选举日期：…"."""
    headers = {column.key: column.header for column in sheet.columns()}
    return {key: f"{headers[key]}：{reason}" for key, reason in problems.items()}


def parse_form(raw: dict[str, object], today: date) -> tuple[dict, dict[str, str]]:
    """Parse form text with the same rules as the Excel import. Returns (values, errors by field)."""
    values, errors = parse_fields(sheet.columns(today), raw)
    for key, message in _headed(row_problems(values)).items():
        errors.setdefault(key, message)
    return values, errors


def _check_unique(session: Session, name: str, branch_id: int | None) -> None:
    clash = session.scalar(select(Branch.id).where(Branch.name == name))
    if clash is not None and clash != branch_id:
        raise ValidationError({"name": f"已有名为“{name}”的支部"})


def apply_values(session: Session, branch: Branch, values: dict) -> bool:
    """Copy `values` onto `branch` (and its training years). Returns True if anything changed."""
    changed = False
    for name in FIELDS:
        if name in values:
            new = values[name] if values[name] is not None or name not in DEFAULTS else DEFAULTS[name]
            if getattr(branch, name) != new:
                setattr(branch, name, new)
                changed = True
    row_changed = changed
    if "trained_years" in values:
        wanted = set(values["trained_years"] or ())
        current = {t.year: t for t in branch.trainings}
        for year in set(current) - wanted:
            branch.trainings.remove(current[year])
            changed = True
        for year in sorted(wanted - set(current)):
            branch.trainings.append(SecretaryTraining(year=year))
            changed = True
        if changed and not row_changed and branch.id is not None:
            # The training years are part of the branch: a change to them alone still moves its
            # version, so a form opened before it cannot save the old years back.
            changelog.touch(session, branch)
    return changed


def save_branch(ws: Workspace, values: dict, branch_id: int | None = None, version: int | None = None) -> int:
    """Create (branch_id None) or update a branch from parsed values. Returns its id. `version` is
    the one the form loaded (get_branch): if the branch has changed since, nothing is written and
    StaleError says so."""
    with versions.refused_if_stale(STALE), ws.write() as session:
        _check_unique(session, values["name"], branch_id)
        branch: Branch | None  # a new one, or the stored one (None if it is gone: refused below)
        if branch_id is None:
            branch = Branch(**{k: v for k, v in DEFAULTS.items()})
            session.add(branch)
        else:
            branch = session.get(Branch, branch_id)
            if branch is None:
                raise NotFoundError("该支部已不存在（可能已被删除）。")
            versions.expect_version(branch, version, "该支部")
        apply_values(session, branch, values)
        problems = row_problems({"established_on": branch.established_on, "elected_on": branch.elected_on,
                                 "secretary_vacant_since": branch.secretary_vacant_since})
        if problems:  # raised inside the unit of work: nothing is written
            raise ValidationError(_headed(problems))
        session.flush()
        return branch.id


def set_archived(ws: Workspace, branch_id: int, archived: bool) -> None:
    with ws.write() as session:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise NotFoundError("该支部已不存在（可能已被删除）。")
        branch.archived_at = ws.now() if archived else None


def _history_tables():
    """Tables that reference a branch and count as its history (trainings are part of the branch;
    deleted records are not history)."""
    for table in Base.metadata.sorted_tables:
        if table.name == "secretary_training":
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "branch":
                live = table.c.deleted_at.is_(None) if "deleted_at" in table.c else True
                yield table, fk.parent, live


def has_history(ws: Workspace, branch_id: int) -> bool:
    with ws.read() as session:
        return any(
            session.scalar(select(func.count()).select_from(table).where(column == branch_id, live))
            for table, column, live in _history_tables()
        )


def delete_branch(ws: Workspace, branch_id: int) -> None:
    with ws.write() as session:
        for table, column, live in _history_tables():
            if session.scalar(select(func.count()).select_from(table).where(column == branch_id, live)):
                raise BranchdeskError("该支部已有会议、考评等历史记录，不能删除，只能归档。")
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise NotFoundError("该支部已不存在（可能已被删除）。")
        changelog.delete(session, branch)

"""带回评分 with the clerk's choice per conflict (the window's conflict chooser).

`merge.merge` settles every conflict one way (`prefer`); here each cell or tally field changed on
both sides gets its own side, and each choice is recorded. The rest of the return merges exactly
as `merge.merge` does: the same reading and refusals, plan, checks and baseline, in one unit.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError
from desktop.models import CheckoutConflict
from desktop.services import packages
from desktop.services.merge import (
    LAPTOP,
    OFFICE,
    Conflict,
    MergeReport,
    TallyConflict,
    _advance,
    _apply,
    _Part,
    _verify,
    open_return,
    plan_return,
)
from desktop.services.tallies import form_of, load_evaluation
from desktop.store.workspace import Workspace

CHOSEN = "chosen"  # a report's `prefer` when each conflict was settled on its own


def choice_key(conflict: Conflict | TallyConflict) -> tuple:
    """How a conflict is named in the choices: a cell by its key, a tally field by branch and field."""
    if isinstance(conflict, Conflict):
        return conflict.key
    return (conflict.branch_id, conflict.name)


@dataclass
class Preview:
    """A dry run of a return, with what it writes per branch and scorer: {(branch, scorer):
    [new, changed, cleared]} and the branches whose 四评 tallies it changes."""

    report: MergeReport
    cells: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    tallies: set[str] = field(default_factory=set)


def preview(ws: Workspace, path: Path | str) -> Preview:
    """What merging the return would do, as the merge preview shows it; writes nothing (the same
    reading, refusals and plan as `merge.merge(dry_run=True)`)."""
    opened = open_return(path)
    with ws.read() as session:
        plan = plan_return(session, opened, None)
    part, report, writes, forms = plan.part, plan.report, plan.writes, plan.forms
    scorers, branches = dict(part.scorers), dict(part.branches)
    shown = Preview(report, tallies={branches[b] for b, _f in forms})
    at = {key: n for n, key in enumerate(branches)}, {key: n for n, key in enumerate(scorers)}
    for key, points, now in sorted(writes, key=lambda w: (at[0][w[0][1]], at[1][w[0][0]])):  # the session's order
        counts = shown.cells.setdefault((branches[key[1]], scorers[key[0]]), [0, 0, 0])
        counts[0 if now is None else 2 if points is None else 1] += 1
    return shown


def merge_choosing(ws: Workspace, path: Path | str, choices: dict[tuple, str]) -> MergeReport:
    """Merge a return with the clerk's side for each conflict (`choice_key` → OFFICE or LAPTOP).
    A conflict without a choice (the office changed since the preview) refuses the whole merge."""
    if any(side not in (OFFICE, LAPTOP) for side in choices.values()):
        raise BranchdeskError("每一处冲突只能选择保留办公室的或采用评分电脑的。")
    opened = open_return(path)
    with ws.write() as session:
        plan = plan_return(session, opened, LAPTOP)  # every conflict planned the laptop's way
        part, report, current, writes, forms = plan.part, plan.report, plan.current, plan.writes, plan.forms
        conflicts: list[Conflict | TallyConflict] = [*report.conflicts, *report.tally_conflicts]
        if any(choice_key(c) not in choices for c in conflicts):
            raise BranchdeskError("评分在预览之后又有改动，出现了新的冲突；未做任何改动。请重新带回评分，核对后再合并。")
        kept = {choice_key(c) for c in conflicts if choices[choice_key(c)] == OFFICE}
        writes = [w for w in writes if w[0] not in kept]
        forms = _keep_office_fields(session, part, report, forms, kept)
        _recount(report, part, writes, forms)
        report.prefer = None  # _apply records no choice of its own: each is recorded below
        _apply(ws, session, part, writes, forms, report)
        _record_each(session, part, report, choices)
        report.prefer = CHOSEN
        report.written = _advance(session, part) or report.written or bool(conflicts)
        _verify(session, part, set(current), writes)
    return report


def _keep_office_fields(session: Session, part: _Part, report: MergeReport, forms: list[tuple[int, dict]],
                        kept: set[tuple]) -> list[tuple[int, dict]]:
    """The forms to write, with the office's value in each tally field the clerk kept; a form left
    equal to the office's is not written."""
    result = []
    for branch_id, fields in forms:
        fields = dict(fields)
        for c in report.tally_conflicts:
            if c.branch_id == branch_id and (branch_id, c.name) in kept:
                fields[c.name] = c.office
                report.tallies_merged -= 1
        if fields != packages.fields_of(form_of(load_evaluation(session, branch_id, part.row.year))):
            result.append((branch_id, fields))
    return result


def _recount(report: MergeReport, part: _Part, writes: list, forms: list[tuple[int, dict]]) -> None:
    """The counts of what is written, once the cells kept at the office have left the plan."""
    scorers, branches = dict(part.scorers), dict(part.branches)
    report.merged, report.new, report.changed, report.cleared = len(writes), 0, 0, 0
    report.by_scorer = Counter(scorers[key[0]] for key, _p, _now in writes)
    for _key, points, now in writes:
        if now is None:
            report.new += 1
        elif points is None:
            report.cleared += 1
        else:
            report.changed += 1
    report.branches = {branches[key[1]] for key, _p, _now in writes} | {branches[b] for b, _f in forms}


def _record_each(session: Session, part: _Part, report: MergeReport, choices: dict[tuple, str]) -> None:
    number = part.contents.number
    session.add_all(CheckoutConflict(
        checkout_id=part.checkout.id, return_number=number, branch_id=c.key[1], scorer_id=c.key[0], item_id=c.key[2],
        field=None, office_value=json.dumps(c.office), laptop_value=json.dumps(c.laptop), kept=choices[c.key])
        for c in report.conflicts)
    session.add_all(CheckoutConflict(
        checkout_id=part.checkout.id, return_number=number, branch_id=c.branch_id, scorer_id=None, item_id=None,
        field=c.name, office_value=json.dumps(c.office, ensure_ascii=False),
        laptop_value=json.dumps(c.laptop, ensure_ascii=False), kept=choices[(c.branch_id, c.name)])
        for c in report.tally_conflicts)
    session.flush()

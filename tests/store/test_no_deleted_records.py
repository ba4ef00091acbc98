"""No query returns a deleted record: every public read of desktop/services, called on a database
that holds deleted records of every travelling kind (tests/store/deleted_records.py), shows none of
their texts, UUIDs or ids, and computes its figures as if they had never been written.

The list of reads is checked against the services themselves: a new public function taking a
workspace must be added here (as a read, called below) or to WRITES."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

import desktop.services
from desktop.errors import BranchdeskError, NotFoundError
from desktop.models import Base
from desktop.services import (
    backups,
    branch_file,
    branch_import,
    branches,
    certificates,
    check,
    checkout,
    compliance,
    documents,
    evaluation_import,
    evidence,
    first_start,
    honours,
    inspection_import,
    inspections,
    laptop,
    meeting_import,
    meeting_rules,
    meetings,
    paper,
    paper_sources,
    plan,
    plan_import,
    plan_paper,
    results,
    rewards,
    rubric,
    score_import,
    score_record,
    scoring,
    settings,
    stored_values,
    suggestions,
    tallies,
    targets,
    trends,
    trends_report,
    weak_cases,
    weak_import,
    weak_paper,
    weak_rules,
    weak_screening,
    workflow,
)
from desktop.services.tallies import TallyForm
from desktop.store.database import open_database
from tests.store.deleted_records import AS_OF, GONE, KEPT_A, KEPT_B, MARK, TOMBSTONED, YEAR, build

TODAY = date(2026, 2, 1)
WRITES = {
    "branch_import.apply_plan", "branch_import.import_branches", "branches.save_branch", "branches.set_archived",
    "branches.delete_branch", "certificates.print_certificates", "demo.generate", "documents.print_document",
    "evaluation_import.apply_plan", "evaluation_import.import_evaluations", "meeting_import.apply_plan",
    "meeting_import.import_meetings", "meeting_rules.save_rules", "meetings.save_meeting", "meetings.bulk_create",
    "meetings.delete_meeting", "meetings.add_attachment", "meetings.remove_attachment", "paper.print_built",
    "prints.draw_and_record", "rubric.update_rubric", "rubric.copy_rubric", "scoring.create_session",
    "scoring.save_score", "scoring.finalize", "scoring.delete_session", "session.retry_on_conflict", "settings.save",
    "tallies.save_tally", "targets.save_targets", "targets.reset_targets", "trends_report.trends_report",
    "workflow.record_step",
    # Backups copy the file as it is; the laptop loop and the 整顿提升 ledger write.
    "backups.auto_backup", "backups.begin_auto_backup", "backups.verify_auto_backup", "backups.finish_auto_backup",
    "backups.backup_to", "backups.restore_from",
    "checkout.cancel", "checkout.export_part", "laptop.make_return", "laptop.open_package", "merge.merge",
    "merge_choices.merge_choosing", "merge_choices.preview",  # the preview reads a return file as merge's dry run does
    "score_import.apply_plan", "score_import.import_scores", "suggestions.adopt", "suggestions.confirm",
    "inspection_import.apply_plan", "inspection_import.import_inspections",
    "inspections.close_visit", "inspections.delete_inspection", "inspections.delete_talk", "inspections.record_inspection",
    "inspections.record_talk", "weak_cases.accept", "weak_cases.add_progress", "weak_cases.close", "weak_cases.delete_case",
    "weak_cases.delete_progress", "weak_cases.open_case", "weak_cases.save_case", "weak_import.apply_plan",
    "weak_import.import_cases", "weak_rules.save_thresholds",
    "plan.save_plan", "plan.prefill_plan", "plan_import.apply_plan", "plan_import.apply_pay", "rewards.save_pay",
    "rewards.record_grant", "rewards.reaffiliate",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    work = tmp_path_factory.mktemp("deleted")
    database = open_database(str(work / "data.sqlite3"))
    built = build(database.workspace, work)
    yield database.workspace, built, work
    database.close()


def params(kind: str, **values) -> dict:
    return documents.REGISTRY[kind].normalize({"year": YEAR, **values})


def reads(ws, b, work: Path) -> dict:
    """Every public read of the services, called with arguments that reach the deleted records."""
    items = rubric.rubric_for_year(ws, YEAR).items
    key = b.cleared
    everyone = [b.a, b.b, b.gone]
    year_rubric = paper_sources.rubric_for_year(ws, YEAR)
    return {
        "branch_import.plan_import": lambda: branch_import.plan_import(ws, work / "exported-branches.xlsx"),
        "branch_import.export_branches": lambda: branch_import.export_branches(ws, work / "r-branches.xlsx", True),
        "branches.list_branches": lambda: (branches.list_branches(ws, YEAR, AS_OF),
                                           branches.list_branches(ws, YEAR, AS_OF, include_archived=True)),
        "branches.get_branch": lambda: [branches.get_branch(ws, i) for i in (b.a, b.b)],
        "branches.branch_names": lambda: (branches.branch_names(ws), branches.branch_names(ws, include_archived=False)),
        "branches.has_history": lambda: [branches.has_history(ws, i) for i in (b.a, b.b)],
        "first_start.start_state": lambda: first_start.start_state(ws),
        "certificates.list_certificates": lambda: [certificates.list_certificates(ws, YEAR, h) for h in ("standardized", "strongest")],
        "certificates.certificate_rebuilt": lambda: certificates.certificate_rebuilt(ws, b.certificate),
        "check.check": lambda: check.check(ws, YEAR, AS_OF),
        "compliance.year_matrix": lambda: (compliance.year_matrix(ws, YEAR, AS_OF), compliance.year_matrix(ws, YEAR, AS_OF, everyone)),
        "compliance.monthly_rates": lambda: (compliance.monthly_rates(ws, YEAR - 1, YEAR, AS_OF),
                                             compliance.monthly_rates(ws, YEAR, YEAR, AS_OF, "community")),
        "documents.export_sheet": lambda: [documents.export_sheet(ws, k, params(k), work / f"r-{k}.xlsx")
                                           for k, entry in documents.REGISTRY.items() if entry.excel],
        "documents.verify": lambda: documents.verify(ws, b.summary_code),
        "documents.export_word": lambda: [word_text(documents.export_word(ws, k, params(k), work / f"r-{k}.docx"))
                                          for k, entry in documents.REGISTRY.items() if entry.excel],
        "trends_report.trends_word": lambda: word_text(trends_report.trends_word(ws, YEAR - 1, YEAR, work / "t.docx",
                                                                                 today=TODAY)),
        "branch_file.branch_files": lambda: branch_file.branch_files(ws, YEAR, AS_OF, everyone),
        "branch_file.build": lambda: branch_file.build(ws, params("branch_file")).contents,
        "evaluation_import.plan_import": lambda: evaluation_import.plan_import(ws, work / "exported-evaluations.xlsx"),
        "evaluation_import.export_evaluations": lambda: evaluation_import.export_evaluations(ws, work / "r-evaluations.xlsx"),
        "evidence.meeting_counts": lambda: evidence.meeting_counts(ws, YEAR, AS_OF, everyone),
        "evidence.evidence_for": lambda: evidence.evidence_for(ws, YEAR, everyone, items, AS_OF),
        "meeting_import.plan_import": lambda: meeting_import.plan_import(ws, work / "exported-meetings.xlsx"),
        "meeting_import.export_meetings": lambda: meeting_import.export_meetings(ws, work / "r-meetings.xlsx"),
        "meeting_rules.rules_for_year": lambda: meeting_rules.rules_for_year(ws, YEAR),
        "meeting_rules.has_own_rules": lambda: meeting_rules.has_own_rules(ws, YEAR),
        "meetings.branch_choices": lambda: meetings.branch_choices(ws),
        "meetings.voting_members": lambda: meetings.voting_members(ws),
        "meetings.list_meetings": lambda: (meetings.list_meetings(ws), meetings.list_meetings(ws, b.a, "general_meeting")),
        "meetings.get_meeting": lambda: meetings.get_meeting(ws, b.meeting),
        "meetings.attachment_path": lambda: [meetings.attachment_path(ws, a.stored_path)
                                             for a in meetings.get_meeting(ws, b.meeting)["attachments"]],
        "meetings.clean_attachment_temporaries": lambda: meetings.clean_attachment_temporaries(ws),
        "paper.build_summary": lambda: paper.build_summary(ws, params("summary")),
        "paper.build_progress": lambda: paper.build_progress(ws, params("progress")),
        "paper.build_meetings": lambda: paper.build_meetings(ws, params("meetings")),
        "paper.build_registry": lambda: paper.build_registry(ws, params("registry")),
        "paper.build_score_sheets": lambda: paper.build_score_sheets(ws, params("score_sheets", as_of=AS_OF)),
        "paper.build_ballots": lambda: paper.build_ballots(ws, params("ballots")),
        "paper_sources.year_target": lambda: paper_sources.year_target(ws, YEAR),
        "paper_sources.issuer": lambda: paper_sources.issuer(ws, YEAR),
        "paper_sources.signing": lambda: paper_sources.signing(ws, YEAR, AS_OF),
        "paper_sources.year_results": lambda: paper_sources.year_results(ws, YEAR, everyone),
        "paper_sources.meeting_rows": lambda: paper_sources.meeting_rows(ws, YEAR, AS_OF),
        "paper_sources.rubric_for_year": lambda: year_rubric,
        "paper_sources.rubric_evidence": lambda: paper_sources.rubric_evidence(ws, YEAR, AS_OF, everyone, year_rubric),
        "paper_sources.branch_briefs": lambda: (paper_sources.branch_briefs(ws), paper_sources.branch_briefs(ws, everyone)),
        "results.year_pass_line": lambda: results.year_pass_line(ws, YEAR),
        "results.year_results": lambda: (results.year_results(ws, YEAR), results.year_results(ws, YEAR, everyone)),
        "results.export_results": lambda: results.export_results(ws, YEAR, work / "r-results.xlsx"),
        "rubric.rubric_for_year": lambda: rubric.rubric_for_year(ws, YEAR),
        "scoring.list_sessions": lambda: (scoring.list_sessions(ws), scoring.list_sessions(ws, YEAR)),
        "scoring.load_grid": lambda: scoring.load_grid(ws, b.live_session),
        "scoring.check_shown": lambda: scoring.check_shown(ws, b.live_session, key, None),
        "scoring.empty_cells": lambda: scoring.empty_cells(ws, b.live_session),
        "scoring.changes": lambda: scoring.changes(ws, b.live_session),
        "settings.get": lambda: [settings.get(ws, k, YEAR) for k in settings.DECLARED],
        "settings.require": lambda: settings.require(ws, "issuer_name", YEAR),
        "settings.listing": lambda: settings.listing(ws, YEAR),
        "stored_values.refuse_unknown_values": lambda: stored_values.refuse_unknown_values(ws),
        "tallies.get_tally": lambda: [tallies.get_tally(ws, i, YEAR) for i in (b.a, b.b)],
        "tallies.open_tally": lambda: [tallies.open_tally(ws, i, YEAR) for i in (b.a, b.b)],
        "targets.defined_targets": lambda: targets.defined_targets(ws),
        "targets.target_for": lambda: targets.target_for(ws, YEAR),
        "targets.targets_between": lambda: targets.targets_between(ws, YEAR - 1, YEAR),
        "targets.editable_targets": lambda: targets.editable_targets(ws, YEAR),
        "trends.branch_facts": lambda: trends.branch_facts(ws),
        "trends.standing_facts": lambda: trends.standing_facts(ws, YEAR - 1, YEAR),
        "trends.standardized_chart": lambda: trends.standardized_chart(ws, YEAR - 1, YEAR, TODAY),
        "trends.strongest_chart": lambda: trends.strongest_chart(ws, YEAR - 1, YEAR, TODAY),
        "trends.by_kind_chart": lambda: trends.by_kind_chart(ws, YEAR, TODAY),
        "trends.compliance_chart": lambda: trends.compliance_chart(ws, YEAR - 1, YEAR, "community", TODAY),
        "trends.scores_chart": lambda: trends.scores_chart(ws, YEAR),
        "trends.findings_chart": lambda: trends.findings_chart(ws, YEAR, AS_OF),
        "trends.chart_data": lambda: [trends.chart_data(ws, n, YEAR - 1, YEAR, today=TODAY) for n in trends.CHART_NAMES],
        "trends.dashboard_for": lambda: trends.dashboard_for(ws, YEAR, TODAY),
        "trends.branch_labels": lambda: trends.branch_labels(ws, everyone),
        "trends_report.report_data": lambda: trends_report.report_data(ws, YEAR - 1, YEAR, None, TODAY),
        "trends_report.rebuilt_fingerprint": lambda: trends_report.rebuilt_fingerprint(
            ws, trends_report.params_of(YEAR - 1, YEAR, None, TODAY)),
        "workflow.standing": lambda: workflow.standing(ws, YEAR - 1, YEAR),
        "workflow.steps_of": lambda: [workflow.steps_of(ws, i, YEAR) for i in (b.a, b.b)],
        "workflow.strongest_caution": lambda: [workflow.strongest_caution(ws, i, YEAR, "recommended", AS_OF)
                                               for i in (b.a, b.b)],
        "workflow.year_workflow": lambda: (workflow.year_workflow(ws, YEAR), workflow.year_workflow(ws, YEAR, everyone)),
        "backups.where": lambda: backups.where(ws),
        "checkout.checkouts": lambda: checkout.checkouts(ws, b.live_session),
        "laptop.evidence": lambda: laptop.evidence(ws, b.live_session),
        "laptop.packages_of": lambda: laptop.packages_of(ws, b.live_session),
        "score_import.write_template": lambda: score_import.write_template(ws, work / "r-scores.xlsx", b.live_session),
        "score_import.plan_import": lambda: refused_or(lambda: score_import.plan_import(ws, work / "r-scores.xlsx", b.live_session)),
        "scoring.find_session": lambda: scoring.find_session(ws, scoring.list_sessions(ws)[0].title),
        "suggestions.grid_evidence": lambda: suggestions.grid_evidence(ws, scoring.load_grid(ws, b.live_session)),
        "suggestions.fillable": lambda: [suggestions.fillable(ws, b.live_session, key[0], branch) for branch in (None, b.a)],
        "suggestions.pending": lambda: suggestions.pending(ws, b.live_session),
        "score_record.session_ref": lambda: score_record.session_ref(ws, "2025年度考评"),
        "score_record.build": lambda: [score_record.build(ws, params(
            "score_record", session=score_record.session_ref(ws, "2025年度考评"), scorer=name)).contents
            for name in ("张评委", "李评委")],
        "inspection_import.export_inspections": lambda: inspection_import.export_inspections(ws, work / "r-inspections.xlsx"),
        "inspection_import.plan_import": lambda: inspection_import.plan_import(ws, work / "r-inspections.xlsx"),
        "inspections.branch_history": lambda: [inspections.branch_history(ws, i) for i in (b.a, b.b)],
        "inspections.list_inspections": lambda: inspections.list_inspections(ws, YEAR),
        "inspections.list_talks": lambda: inspections.list_talks(ws, YEAR),
        "trends.weak_chart": lambda: trends.weak_chart(ws, YEAR - 1, YEAR, TODAY),
        "weak_cases.clearing": lambda: weak_cases.clearing(ws, YEAR - 1, YEAR, TODAY),
        "weak_cases.get_case": lambda: [weak_cases.get_case(ws, c.id) for c in weak_cases.list_cases(ws)],
        "weak_cases.list_cases": lambda: (weak_cases.list_cases(ws), weak_cases.list_cases(ws, YEAR, open_only=True)),
        "weak_cases.today_of": lambda: weak_cases.today_of(ws),
        "weak_import.export_cases": lambda: weak_import.export_cases(ws, work / "r-weak.xlsx"),
        "weak_import.plan_import": lambda: weak_import.plan_import(ws, work / "r-weak.xlsx"),
        "weak_paper.build_closure": lambda: refused_or(lambda: weak_paper.build_closure(ws, {"year": YEAR})),
        "weak_paper.build_inspections": lambda: refused_or(lambda: weak_paper.build_inspections(ws, {"year": YEAR})),
        "weak_paper.build_ledger": lambda: refused_or(lambda: weak_paper.build_ledger(ws, {"year": YEAR})),
        "weak_rules.own_years": lambda: weak_rules.own_years(ws),
        "weak_rules.thresholds_for_year": lambda: weak_rules.thresholds_for_year(ws, YEAR),
        "weak_screening.computed_grounds": lambda: [weak_screening.computed_grounds(ws, i, YEAR, AS_OF) for i in (b.a, b.b)],
        "plan.year_plan": lambda: plan.year_plan(ws, YEAR),
        "plan_import.export_plan": lambda: plan_import.export_plan(ws, work / "r-plan.xlsx"),
        "plan_import.plan_import": lambda: plan_import.plan_import(ws, work / "r-plan.xlsx"),
        "plan_import.export_pay": lambda: plan_import.export_pay(ws, work / "r-pay.xlsx"),
        "plan_import.pay_import": lambda: plan_import.pay_import(ws, work / "r-pay.xlsx"),
        "plan_paper.build_plan": lambda: plan_paper.build_plan(ws, {"year": YEAR}),
        "plan_paper.build_rewards": lambda: plan_paper.build_rewards(ws, {"year": YEAR}),
        "rewards.year_rewards": lambda: rewards.year_rewards(ws, YEAR),
        "rewards.pay_rows": lambda: rewards.pay_rows(ws),
        "rewards.reaffiliations": lambda: rewards.reaffiliations(ws),
        "honours.honours": lambda: [honours.honours(ws, YEAR, level) for level in ("street", "autonomous_region")],
        "honours.check_nominations": lambda: honours.check_nominations(ws, YEAR, "street", nominees(work)),
        "settings.amounts": lambda: settings.amounts(ws, YEAR),
        "weak_screening.screen": lambda: (weak_screening.screen(ws, YEAR, AS_OF), weak_screening.screen(ws, YEAR, AS_OF, everyone)),
    }


def nominees(work: Path) -> Path:
    from desktop.excel.sheet import write_rows

    return write_rows(work / "r-nominees.xlsx", honours.NOMINEE_COLUMNS,
                      [{"person": "张建华", "name": KEPT_A}, {"person": "李秀英", "name": KEPT_B}], "推荐名单")


def refused_or(call):
    """What a read returns, or its refusal's message (a finalized session takes no imported scores)."""
    try:
        return call()
    except BranchdeskError as error:
        return error.message


def public_ws_functions() -> set[str]:
    found = set()
    for module in pkgutil.iter_modules(desktop.services.__path__):
        loaded = importlib.import_module(f"desktop.services.{module.name}")
        for name, function in vars(loaded).items():
            ours = inspect.isfunction(function) and function.__module__ == loaded.__name__
            if ours and not name.startswith("_") and list(inspect.signature(function).parameters)[:1] == ["ws"]:
                found.add(f"{module.name}.{name}")
    return found


# ---------------------------------------------------------------- walking what a read returns

ID_FIELDS = {"branch_id": "branch", "branch_ids": "branch", "meeting_id": "meeting", "session_id": "scoring_session",
             "scorer_id": "session_scorer"}
OWN_ID = {"BranchRow": "branch", "BranchBrief": "branch", "BranchLabel": "branch", "BranchFacts": "branch",
          "BranchResult": "branch", "MeetingRow": "meeting", "AttachmentRow": "meeting_attachment",
          "SessionInfo": "scoring_session", "StepView": "workflow_step", "QuorumFailure": "meeting"}


def word_text(path: Path) -> list[str]:
    """Everything a Word file says: its paragraphs and every table cell."""
    from docx import Document

    document = Document(str(path))
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for row in t.rows for c in row.cells]


def walk(value, owner: str = "", name: str = "") -> Iterator[tuple[str, str, object]]:
    """(owner type, field name, leaf value) for everything a read returned."""
    if isinstance(value, (str, int, float, bool, date, datetime, Path)) or value is None:
        yield owner, name, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from walk(getattr(value, f.name), type(value).__name__, f.name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from walk(key, owner, name)
            yield from walk(item, owner, key if isinstance(key, str) else name)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from walk(item, owner, name)
    elif not callable(value):
        yield owner, name, repr(value)


def leaks(value, built) -> list[str]:
    found = []
    for owner, name, leaf in walk(value):
        shown = str(leaf)
        if MARK in shown or any(uuid in shown for uuid in built.deleted_uuids):
            found.append(f"{owner}.{name} = {shown}")
        kind = OWN_ID.get(owner) if name == "id" else ID_FIELDS.get(name)
        if kind and isinstance(leaf, int) and not isinstance(leaf, bool) and leaf in built.deleted[kind]:
            found.append(f"{owner}.{name} = {leaf} (a deleted {kind})")
    return found


# ---------------------------------------------------------------- the tests


def test_every_public_service_taking_a_workspace_is_a_read_called_here_or_a_write(world):
    ws, built, work = world
    assert public_ws_functions() == set(reads(ws, built, work)) | WRITES


def test_no_read_returns_a_deleted_record(world):
    ws, built, work = world
    branch_import.export_branches(ws, work / "exported-branches.xlsx")
    meeting_import.export_meetings(ws, work / "exported-meetings.xlsx")
    evaluation_import.export_evaluations(ws, work / "exported-evaluations.xlsx")
    found = {}
    for name, call in reads(ws, built, work).items():
        problems = leaks(call(), built)
        if problems:
            found[name] = problems
    assert found == {}


def test_the_figures_are_those_without_the_deleted_records(world):
    ws, b, _ = world
    by_id = {r.branch_id: r for r in results.year_results(ws, YEAR)}
    assert set(by_id) == {b.a, b.b}
    # The deleted later session (0 points) and the cleared cell (李 then complete, 0 points) would
    # each pull A's org score down from 张's 100.
    assert by_id[b.a].org == 100
    assert (by_id[b.b].member, by_id[b.b].review_grade, by_id[b.b].veto, by_id[b.b].state) == (None, None, None, "not_started")
    assert {"verified_dissatisfaction", "department_noncompliance"}.isdisjoint(by_id[b.b].strongest_bars)
    assert [(s.branch_id, s.state) for s in workflow.standing(ws, YEAR, YEAR)] == [(b.a, "accepted")]
    assert workflow.steps_of(ws, b.b, YEAR) == []
    a = compliance.year_matrix(ws, YEAR, AS_OF).branch(b.a)
    assert a.types["general_meeting"].held == 0 and a.quorum_failures == ()
    assert [(m.id, m.attachments) for m in meetings.list_meetings(ws)] == [(b.meeting, 1)]
    assert certificates.list_certificates(ws, YEAR, "strongest") == []
    assert [line.branch_id for line in certificates.list_certificates(ws, YEAR, "standardized")] == [b.a]
    grid = scoring.load_grid(ws, b.live_session)
    assert b.cleared not in grid.scores and len(grid.scores) == 3 * len(grid.rubric.items) - 1
    assert scoring.empty_cells(ws, b.live_session) == len(grid.rubric.items) + 1  # 李 scored only A
    assert [(s.id, s.scorers, s.branches) for s in scoring.list_sessions(ws)] == [(b.live_session, 2, 2)]
    assert tallies.get_tally(ws, b.b, YEAR) == TallyForm()
    assert set(evidence.meeting_counts(ws, YEAR, AS_OF, [b.a, b.b, b.gone])) == {b.a, b.b}
    assert {branch for branch, _ in evidence.evidence_for(ws, YEAR, [b.a, b.b, b.gone], rubric.rubric_for_year(ws, YEAR).items,
                                                           AS_OF)} == {b.a, b.b}
    assert [label.id for label in trends.branch_labels(ws, [b.a, b.b, b.gone])] == [b.a, b.b]
    assert trends.dashboard_for(ws, YEAR, TODAY).active == 2
    assert {r.branch_name for r in paper_sources.meeting_rows(ws, YEAR, AS_OF)} == {KEPT_A, KEPT_B}
    assert branches.has_history(ws, b.b) is True  # the live session's scores; the marked evaluation is none


def test_a_deleted_record_is_not_found_by_its_id(world):
    ws, b, _ = world
    for call in (lambda: branches.get_branch(ws, b.gone), lambda: meetings.get_meeting(ws, b.dropped_meeting),
                 lambda: scoring.load_grid(ws, b.dropped_session), lambda: scoring.empty_cells(ws, b.dropped_session)):
        with pytest.raises(NotFoundError):
            call()
    with pytest.raises(BranchdeskError, match="证书记录已不存在"):
        certificates.certificate_rebuilt(ws, min(b.deleted["certificate"]))
    assert scoring.changes(ws, b.dropped_session) == []


def test_the_files_of_deleted_attachments_are_gone_and_verify_does_not_miss_them(world):
    ws, _, _ = world
    stored = [p.name for p in (ws.files_root / "attachments").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].endswith("签到表.pdf")
    with ws.engine.connect() as conn:
        assert stored_values.unknown_values(conn) == []


def test_include_deleted_sees_every_tombstone(world):
    ws, b, _ = world
    with ws.read() as session:
        for table in TOMBSTONED:
            model = next(m.class_ for m in Base.registry.mappers if m.local_table.name == table)
            marked = select(model.id).where(model.deleted_at.is_not(None))
            assert set(session.scalars(marked.execution_options(include_deleted=True))) == b.deleted[table], table
            assert session.scalars(marked).all() == [], table
    assert b.deleted["branch"] == {b.gone} and b.deleted["meeting"] == {b.dropped_meeting}
    assert len(b.deleted["meeting_attachment"]) == 2 and all(b.deleted[t] for t in TOMBSTONED)


def copy_of(ws, target: Path):
    """A copy of the world's file to write on, leaving the shared one as it is."""
    source = sqlite3.connect(str(ws.engine.url.database))
    copy = sqlite3.connect(str(target))
    source.backup(copy)
    source.close()
    copy.close()
    return open_database(str(target))


def test_what_was_deleted_can_be_taken_again(world, tmp_path):
    ws, b, _ = world
    database = copy_of(ws, tmp_path / "copy.sqlite3")
    try:
        again = database.workspace
        taken = branches.save_branch(again, {"name": GONE, "branch_kind": "community"})
        assert branches.branch_names(again)[GONE] == taken != b.gone
        scoring.save_score(again, b.live_session, b.cleared, 1.5, changed_by="王丽华", reason="补录", shown=None)
        assert scoring.load_grid(again, b.live_session).scores[b.cleared] == 1.5
        logged = meetings.save_meeting(again, {"branch_id": b.a, "meeting_type": "general_meeting", "held_on": date(YEAR, 6, 10),
                                               "expected": 12, "attended": 11, "topic": f"{MARK}党员大会"})
        assert logged != b.dropped_meeting
        with again.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM branch WHERE name = :n"), {"n": GONE}).scalar() == 2
    finally:
        database.close()

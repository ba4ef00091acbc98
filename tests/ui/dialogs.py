"""Every window and dialog of desktop/ui, built as the window builds it, on a street of demo data:
the screen-fit and Chinese-text tests walk them all, and fail when a dialog is added without a
builder here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

import desktop.ui
from desktop.services import branches, meeting_rules, meetings, scoring, settings, targets
from desktop.services.datasets import DATASETS
from desktop.services.demo import generate
from desktop.services.documents import print_document
from tests.ui.laptop_demo import LaptopDemo, make_laptop_demo

YEAR = date.today().year - 1  # the demo's last whole year: scores, tallies, results


@dataclass
class Demo:
    """The demo database's file and what the dialogs open: a printed sheet and an exported ledger."""

    db_file: Path
    pdf: Path
    ledger: Path
    laptop: LaptopDemo


def make_demo(folder: Path) -> Demo:
    from desktop.store.database import open_database

    database = open_database(str(folder / "demo.sqlite3"))
    ws = database.workspace
    generate(ws, "street")
    pdf = print_document(ws, "summary", {"year": YEAR, "branch_ids": None}, folder / "summary.pdf").path
    ledger = folder / "branches.xlsx"
    DATASETS["branches"].export_file(ws, ledger, None)
    database.close()
    loop = make_laptop_demo(folder / "demo.sqlite3", folder, YEAR)
    return Demo(folder / "demo.sqlite3", Path(pdf), ledger, loop)


@dataclass(frozen=True)
class Group:  # what a chart point holds (services.trends): a label and its branches
    label: str
    branch_ids: tuple[int, ...]


Builder = Callable[..., QWidget]


def _main_window(context, ws, demo):
    from desktop.ui.main_window import MainWindow

    return MainWindow(context)


def _branch(context, ws, demo):
    from desktop.ui.branch_dialog import BranchDialog, load

    first = branches.list_branches(ws, YEAR, date(YEAR, 12, 31))[0].id
    return BranchDialog(context, YEAR, load(ws, first))


def _branch_list(context, ws, demo):
    from desktop.ui.branch_list_dialog import BranchListDialog

    rows = branches.list_branches(ws, YEAR, date(YEAR, 12, 31))
    groups = [Group("达标", tuple(r.id for r in rows[:30])), Group("未达标", tuple(r.id for r in rows[30:]))]
    return BranchListDialog(context, f"{YEAR} 年考评达标率", groups)


def _bulk_meeting(context, ws, demo):
    from desktop.ui.bulk_meeting_dialog import BulkMeetingDialog

    return BulkMeetingDialog(context, meetings.branch_choices(ws))


def _changes(context, ws, demo):
    from desktop.ui.changes_dialog import ChangesDialog

    rows = [scoring.ChangeView("王建国", name, "组织建设", 8.0, 9.5, "评委当场更正计分错误", "李明", datetime(YEAR, 12, 20, 15, 30))
            for name in list(branches.branch_names(ws))[:12]]
    return ChangesDialog(rows)


def _import(context, ws, demo):
    from desktop.ui.file_actions import sheet_for
    from desktop.ui.import_dialog import ImportDialog

    return ImportDialog(context, sheet_for("branches"), demo.ledger)


def _meeting(context, ws, demo):
    from desktop.ui.meeting_dialog import MeetingDialog, load

    with ws.read() as session:
        from sqlalchemy import select

        from desktop.models.meeting import Meeting

        meeting_id = session.scalars(select(Meeting.id).limit(1)).one()
    return MeetingDialog(context, load(ws, meeting_id), meeting_id)


def _meeting_rules(context, ws, demo):
    from desktop.ui.meeting_rules_dialog import MeetingRulesDialog

    return MeetingRulesDialog(context, YEAR, meeting_rules.rules_for_year(ws, YEAR), meeting_rules.has_own_rules(ws, YEAR))


def _print(context, ws, demo):
    from desktop.ui.paper_dialog import PrintDialog

    return PrintDialog(context)


def _verify(context, ws, demo):
    from desktop.ui.paper_dialog import VerifyPaperDialog

    return VerifyPaperDialog(context)


def _preview(context, ws, demo):
    from desktop.ui.pdf_preview import PdfPreviewDialog

    return PdfPreviewDialog(demo.pdf)


def _reason(context, ws, demo):
    from desktop.ui.reason_dialog import ReasonDialog

    return ReasonDialog("第一党支部 · 组织建设：8 → 9.5", "李明")


def _session(context, ws, demo):
    from desktop.ui.session_dialog import SessionDialog

    return SessionDialog(context, YEAR, branches.list_branches(ws, YEAR, date(YEAR, 12, 31)))


def _settings(context, ws, demo):
    from desktop.ui.settings_dialog import SettingsDialog

    return SettingsDialog(context, settings.listing(ws, YEAR), first_start=True)


def _targets(context, ws, demo):
    from desktop.ui.targets_dialog import TargetsDialog

    return TargetsDialog(context, targets.editable_targets(ws, YEAR + 1))


def _case(context, ws, demo):
    from desktop.services import weak_cases
    from desktop.ui.weak_case_dialog import CaseDialog

    cases = weak_cases.list_cases(ws)
    return CaseDialog(context, case=max(cases, key=lambda c: len(c.progress)))


def _thresholds(context, ws, demo):
    from desktop.services import weak_rules
    from desktop.ui.weak_rules_dialog import ThresholdsDialog

    return ThresholdsDialog(context, YEAR, weak_rules.thresholds_for_year(ws, YEAR), YEAR in weak_rules.own_years(ws))


def _live_branches(ws) -> dict[str, int]:
    return dict(sorted(branches.branch_names(ws, include_archived=False).items()))


def _inspection(context, ws, demo):
    from desktop.ui.inspection_dialog import InspectionDialog

    return InspectionDialog(context, _live_branches(ws))


def _talk(context, ws, demo):
    from desktop.ui.inspection_dialog import TalkDialog

    return TalkDialog(context, _live_branches(ws))


def _manual(context, ws, demo):
    from desktop.ui.manual_dialog import ManualDialog

    return ManualDialog()


def _checkout(context, ws, demo):
    from desktop.ui.checkout_dialogs import CheckoutDialog

    info = scoring.list_sessions(ws)[-1]
    scorers = [name for _id, name in scoring.load_grid(ws, info.id).scorers]
    return CheckoutDialog(context, info.id, info.title, scorers, demo.db_file.parent)


def _open_package(context, ws, demo):
    from desktop.ui.checkout_dialogs import OpenPackageDialog

    return OpenPackageDialog(context, demo.db_file.parent)


def _checkouts(context, ws, demo):
    from desktop.ui.laptop_actions import CheckoutsDialog

    return CheckoutsDialog(context, demo.laptop.session_id, demo.laptop.checkouts)


def _cancel_reason(context, ws, demo):
    from desktop.ui.checkout_dialogs import ReasonAsk

    out = demo.laptop.checkouts[-1]
    return ReasonAsk(f"取消带出评委 {'、'.join(out.scorers)} 的评分（文件“{out.file_name}”）。")


def _merge_preview(context, ws, demo):
    from desktop.ui.merge_dialogs import MergePreviewDialog

    return MergePreviewDialog(demo.laptop.shown)


def _conflicts(context, ws, demo):
    from desktop.ui.merge_dialogs import ConflictDialog

    return ConflictDialog(demo.laptop.shown.report)


def _grant(context, ws, demo):
    from desktop.services.rewards import year_rewards
    from desktop.ui.grant_dialog import GrantDialog

    rows = year_rewards(ws, YEAR).rows
    return GrantDialog(context, YEAR, next((r for r in rows if r.city_rated), rows[0]))


BUILDERS: dict[str, Builder] = {
    "MainWindow": _main_window,
    "BranchDialog": _branch,
    "BranchListDialog": _branch_list,
    "BulkMeetingDialog": _bulk_meeting,
    "ChangesDialog": _changes,
    "ImportDialog": _import,
    "MeetingDialog": _meeting,
    "MeetingRulesDialog": _meeting_rules,
    "PrintDialog": _print,
    "VerifyPaperDialog": _verify,
    "PdfPreviewDialog": _preview,
    "ReasonDialog": _reason,
    "SessionDialog": _session,
    "SettingsDialog": _settings,
    "TargetsDialog": _targets,
    "CaseDialog": _case,
    "ThresholdsDialog": _thresholds,
    "InspectionDialog": _inspection,
    "TalkDialog": _talk,
    "ManualDialog": _manual,
    "CheckoutDialog": _checkout,
    "OpenPackageDialog": _open_package,
    "CheckoutsDialog": _checkouts,
    "ReasonAsk": _cancel_reason,
    "MergePreviewDialog": _merge_preview,
    "ConflictDialog": _conflicts,
    "GrantDialog": _grant,
}
# Not windows of their own: the busy dialog (Qt's QProgressDialog, sized by Qt) and the form bases.
NOT_WINDOWS = {"_BusyDialog", "WriteDialog", "_Form"}


def window_classes() -> set[str]:
    """Every QDialog and QMainWindow class that desktop/ui defines."""
    found = set()
    for module_info in pkgutil.iter_modules(desktop.ui.__path__, "desktop.ui."):
        module = importlib.import_module(module_info.name)
        for name, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__ == module.__name__ and issubclass(value, QDialog | QMainWindow):
                found.add(name)
    return found - NOT_WINDOWS

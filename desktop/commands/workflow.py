"""`workflow record` (the next step of one branch's year) and `workflow show` (every branch's steps).

The refusals are the window's: both go through services.workflow.record_step and the rules behind it.
"""

from __future__ import annotations

import getpass
import sys
from datetime import date

from desktop.commands import command_parser
from desktop.commands.common import database, parse_day, print_json, year
from desktop.errors import BranchdeskError
from desktop.rules.workflow import OUTCOME_LABELS, STATES, STEP_LABELS, WITH_OUTCOME, state_label
from desktop.services import workflow
from desktop.services.workflow import BranchWorkflow

VERDICT_LABELS = {True: "已标准化", False: "未标准化", None: "尚未验收"}


def register(sub) -> None:
    p = command_parser(sub, "workflow")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    r = actions.add_parser("record", help="为一个支部记录下一个流程环节")
    r.add_argument("--year", type=year, required=True, help="年度")
    r.add_argument("--branch", required=True, metavar="NAME", help="支部名称")
    r.add_argument("--state", required=True, choices=STATES[1:], metavar="STATE",
                   help="环节：" + "，".join(f"{code} {STEP_LABELS[code]}" for code in STATES[1:]))
    r.add_argument("--outcome", choices=tuple(OUTCOME_LABELS), help="assessed / accepted 的结果：pass 通过，fail 未通过")
    r.add_argument("--date", metavar="YYYY-MM-DD", help="日期，须在该年度内（默认：今天）")
    r.add_argument("--by", metavar="WHO", help="记录人（默认：本机登录名）")
    r.add_argument("--reason", metavar="TEXT", help="原因（撤销时必填）")
    r.add_argument("--json", action="store_true", help="以 JSON 输出")
    r.set_defaults(handler=run_record)

    s = actions.add_parser("show", help="查看某年度各支部的流程")
    s.add_argument("--year", type=year, required=True, help="年度")
    s.add_argument("--branch", metavar="NAME", help="只看该支部")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_show)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name: record_step then asks for --by
        return ""


def _branch_id(ws, name: str) -> int:
    from desktop.services.branches import branch_names

    found = branch_names(ws).get(name)
    if found is None:
        raise BranchdeskError(f"找不到支部：{name}")
    return found


def as_json(entry: BranchWorkflow) -> dict:
    return {
        "name": entry.name, "state": entry.state, "outcome": entry.outcome, "standardized": entry.standardized,
        "steps": [{"state": s.state, "outcome": s.outcome, "date": s.on_date.isoformat(), "by": s.recorded_by}
                  for s in entry.steps],
    }


def _print_branch(entry: BranchWorkflow) -> None:
    shown = state_label(entry.state, entry.outcome, entry.standardized)
    print(f"{entry.name}\t{shown}\t{VERDICT_LABELS[entry.standardized]}")
    for s in entry.steps:
        outcome = f"（{OUTCOME_LABELS[s.outcome]}）" if s.outcome else ""
        reason = f"\t原因：{s.reason}" if s.reason else ""
        print(f"  {s.on_date:%Y-%m-%d}\t{STEP_LABELS[s.state]}{outcome}\t{s.recorded_by}{reason}")


def run_record(args) -> int:
    if args.outcome is not None and args.state not in WITH_OUTCOME:
        raise BranchdeskError("--outcome 只用于 assessed（街道考评）和 accepted（区委验收）。")
    on_date = parse_day(args.date) if args.date is not None else date.today()
    by = args.by if args.by is not None else _login_name()
    with database(args) as db:
        branch_id = _branch_id(db.workspace, args.branch)
        caution = workflow.strongest_caution(db.workspace, branch_id, args.year, args.state, on_date)
        workflow.record_step(db.workspace, branch_id, args.year, args.state, on_date, by,
                             outcome=args.outcome, reason=args.reason)
        (entry,) = workflow.year_workflow(db.workspace, args.year, [branch_id])
    if caution:  # recorded, as asked: the warning goes beside the output, never into the JSON
        print(f"{entry.name}：{caution}", file=sys.stderr)
    if args.json:
        print_json({"year": args.year, "branches": [as_json(entry)]})
        return 0
    print(f"已记录：{entry.name} {args.year} 年 {state_label(entry.state, entry.outcome, entry.standardized)}"
          f"（{on_date:%Y-%m-%d}）")
    _print_branch(entry)
    return 0


def run_show(args) -> int:
    with database(args) as db:
        ids = [_branch_id(db.workspace, args.branch)] if args.branch is not None else None
        entries = workflow.year_workflow(db.workspace, args.year, ids)
    if args.json:
        print_json({"year": args.year, "branches": [as_json(e) for e in entries]})
        return 0
    started = sum(1 for e in entries if e.steps)
    accepted = sum(1 for e in entries if e.standardized)
    print(f"{args.year} 年：{len(entries)} 个支部，{started} 个已开始创建，{accepted} 个已标准化。")
    for entry in entries:
        _print_branch(entry)
    return 0

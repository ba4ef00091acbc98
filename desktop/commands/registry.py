"""`check`: findings of every active branch."""

from __future__ import annotations

from datetime import date

from desktop.commands import command_parser
from desktop.commands.common import database, parse_day, print_json, year
from desktop.rules.setup import FINDING_LABELS
from desktop.rules.weak import COMPUTED, GROUND_LABELS
from desktop.services.check import check, default_as_of

# Text output shows a label a clerk knows; --json keeps the code names for scripts.
LABELS = {**FINDING_LABELS, "meeting_gap": "组织生活未落实", "quorum_not_met": "党员大会不足半数",
          **{code: f"软弱涣散：{GROUND_LABELS[code]}" for code in COMPUTED}}


def register(sub) -> None:
    p = command_parser(sub, "check")
    p.add_argument("--year", type=year, default=date.today().year)
    p.add_argument("--as-of", help="检查基准日 YYYY-MM-DD（默认：今天，或该年年底）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_check)


def run_check(args) -> int:
    as_of = parse_day(args.as_of) if args.as_of else default_as_of(args.year)
    with database(args) as db:
        result = check(db.workspace, args.year, as_of)
    if args.json:
        print_json(result)
        return 0
    flagged = [b for b in result["branches"] if b["findings"]]
    print(f"{args.year} 年（基准日 {result['as_of']}）：{len(result['branches'])} 个支部，{len(flagged)} 个有问题。")
    for branch in flagged:
        print(branch["name"])
        for finding in branch["findings"]:
            print(f"  - [{LABELS.get(finding['code'], finding['code'])}] {finding['message']}")
    return 0

"""`weak screen` (排查: the branches whose ledgers show a 软弱涣散 ground) and `weak list` (整顿台账)."""

from __future__ import annotations

from desktop.commands import command_parser
from desktop.commands.common import database, parse_day, print_json, year
from desktop.rules.weak import GROUND_LABELS, percent_text
from desktop.rules.weak_cases import STATE_LABELS


def register(sub) -> None:
    p = command_parser(sub, "weak")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    s = actions.add_parser("screen", help="按台账数据排查软弱涣散党组织")
    s.add_argument("--year", type=year, required=True, help="年度")
    s.add_argument("--as-of", help="基准日 YYYY-MM-DD（默认：今天，或该年年底）")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_screen)

    ls = actions.add_parser("list", help="列出整顿台账")
    ls.add_argument("--year", type=year, help="只看该认定年度")
    ls.add_argument("--open", action="store_true", help="只看尚未销号的")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.set_defaults(handler=run_list)


def run_screen(args) -> int:
    from desktop.services.check import default_as_of
    from desktop.services.weak_screening import screen

    as_of = parse_day(args.as_of) if args.as_of else default_as_of(args.year)
    with database(args) as db:
        found = screen(db.workspace, args.year, as_of)
    if args.json:
        print_json(found.as_json())
        return 0
    t = found.thresholds
    print(f"{args.year} 年软弱涣散排查（基准日 {as_of:%Y-%m-%d}；满意率低于 {percent_text(t.satisfaction_percent)}、"
          f"连续 {t.empty_months} 个月无组织生活、书记空缺超过 {t.vacancy_months} 个月）：{len(found.candidates)} 个支部。")
    for candidate in found.candidates:
        print(candidate.name)
        for ground in candidate.grounds:
            print(f"  - [{GROUND_LABELS[ground.code]}] {ground.message} {ground.evidence}")
    return 0


def run_list(args) -> int:
    from desktop.services.weak_cases import list_cases

    with database(args) as db:
        cases = list_cases(db.workspace, args.year, args.open)
    if args.json:
        print_json({"cases": [c.as_json() for c in cases]})
        return 0
    scope = f"{args.year} 年" if args.year is not None else "全部年度"
    overdue = sum(1 for c in cases if c.overdue)
    print(f"整顿台账（{scope}{'，未销号' if args.open else ''}）：{len(cases)} 个，其中逾期 {overdue} 个。")
    for c in cases:
        flag = "\t逾期" if c.overdue else ""
        deadline = f"\t时限 {c.form.deadline:%Y-%m-%d}" if c.form.deadline else ""
        print(f"{c.year}\t{c.name}\t{STATE_LABELS[c.state]}\t{'、'.join(c.ground_labels)}{deadline}{flag}")
    return 0

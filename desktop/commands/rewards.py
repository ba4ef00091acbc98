"""创建计划与激励 on the command line: `plan` (the year's 创建计划 and its count against the target),
`rewards` (专项绩效奖励及经费倾斜, each figure with its rule), `honours` (评先评优资格, and a nomination
list checked against it), `grant` (the 市委组织部's
one-off grant) and `reaffiliate` (隶属关系调整)."""

from __future__ import annotations

from datetime import date

from desktop.commands import command_parser
from desktop.commands.common import database, parse_day, print_json, year
from desktop.errors import BranchdeskError
from desktop.rules.honours import LEVELS
from desktop.rules.plan import CLASSIFICATIONS, PLANNED_LABELS
from desktop.rules.rewards import yuan


def register(sub) -> None:
    p = command_parser(sub, "plan")
    p.add_argument("--year", type=year, required=True, help="年度")
    p.add_argument("--prefill", action="store_true", help="为尚未定类的支部按台账数据预填（已定的不改）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run_plan)

    p = command_parser(sub, "rewards")
    p.add_argument("--year", type=year, required=True, help="年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run_rewards)

    p = command_parser(sub, "honours")
    p.add_argument("--year", type=year, required=True, help="年度")
    p.add_argument("--level", choices=tuple(LEVELS), default="street",
                   help="表彰层级：" + "，".join(f"{k} {v}" for k, v in LEVELS.items()) + "（默认 street）")
    p.add_argument("--check", metavar="FILE.xlsx", help="核对推荐名单（列：姓名、支部名称、表彰项目）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run_honours)

    p = command_parser(sub, "grant")
    p.add_argument("--year", type=year, required=True, help="年度")
    p.add_argument("--branch", required=True, metavar="NAME", help="支部名称")
    p.add_argument("--amount", required=True, metavar="YUAN", help="金额（元）")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="奖补日期（默认：今天）")
    p.set_defaults(handler=run_grant)

    p = command_parser(sub, "reaffiliate")
    p.add_argument("--branch", required=True, metavar="NAME", help="支部名称")
    p.add_argument("--parent", required=True, metavar="NAME", help="调整后的上级党组织")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="调整日期（默认：今天）")
    p.set_defaults(handler=run_reaffiliate)


def _branch_id(ws, name: str) -> int:
    from desktop.services.branches import branch_names

    found = branch_names(ws).get(name)
    if found is None:
        raise BranchdeskError(f"找不到支部：{name}")
    return found


def run_plan(args) -> int:
    from desktop.services.plan import prefill_plan, year_plan

    with database(args) as db:
        added = prefill_plan(db.workspace, args.year) if args.prefill else None
        plan = year_plan(db.workspace, args.year)
    if args.json:
        print_json(plan.as_json())
        return 0
    if added is not None:
        print(f"已按台账数据预填 {added} 个支部。")
    print(f"{args.year} 年度创建计划：{plan.count.text}{plan.undecided_note}。")
    for r in plan.rows:  # the decision, or 未定 with the suggestion apart: the count is of the decided
        if r.stored:
            decided = f"{CLASSIFICATIONS[r.stored.classification]}\t{PLANNED_LABELS[r.stored.planned]}"
        else:
            decided = f"未定\t建议：{r.suggestion.short}"
        print(f"{r.name}\t{decided}\t{r.suggestion.text}")
    return 0


def run_rewards(args) -> int:
    from desktop.services.rewards import year_rewards

    with database(args) as db:
        found = year_rewards(db.workspace, args.year)
    if args.json:
        print_json(found.as_json())
        return 0
    print(f"{args.year} 年度专项绩效奖励合计 {yuan(found.total_bonus_fen)} 元，经费合计 {yuan(found.total_funding_fen)} 元"
          f"（{len(found.rows)} 个党支部" + (f"，其中 {found.missing} 个缺少金额未计入" if found.missing else "") + "）。")
    for r in found.rows:
        f = r.figures
        print(r.name)
        print(f"  奖励 {yuan(f.bonus_fen)}：{f.bonus_rule}")
        print(f"  经费 {yuan(f.funding_fen)}（上浮 {yuan(f.uplift_fen)}）：{f.funding_rule}")
    if found.unset_note:
        print(f"提示：{found.unset_note}。")
    return 0


def run_honours(args) -> int:
    from desktop.services.honours import check_nominations, honours

    with database(args) as db:
        if args.check:
            checks = check_nominations(db.workspace, args.year, args.level, args.check)
        else:
            found = honours(db.workspace, args.year, args.level)
    if args.check:
        if args.json:
            print_json({"year": args.year, "level": args.level, "nominees": [c.as_json() for c in checks]})
        else:
            bad = sum(1 for c in checks if not c.eligible)
            print(f"推荐名单 {len(checks)} 人（{LEVELS[args.level]}），不符合条件 {bad} 人。")
            for c in checks:
                print(f"第 {c.row} 行\t{c.person or '—'}\t{c.name or '—'}\t{'符合' if c.eligible else '不符合'}\t{c.reason}")
        return 1 if any(not c.eligible for c in checks) else 0
    if args.json:
        print_json(found.as_json())
        return 0
    eligible = sum(1 for r in found.rows if r.eligible)
    print(f"{args.year} 年度{found.label}：可参评 {eligible} 个，其中优先推荐 {sum(1 for r in found.rows if r.priority)} 个"
          f"（共 {len(found.rows)} 个党支部）。")
    for r in found.rows:
        mark = "优先推荐" if r.priority else "可参评" if r.eligible else "不可参评"
        print(f"{r.name}\t{mark}\t{r.reason}")
    return 0


def run_grant(args) -> int:
    from desktop.services.rewards import parse_yuan, record_grant

    amount = parse_yuan(args.amount, "一次性奖补")
    if amount is None:
        raise BranchdeskError("请填写一次性奖补金额。")
    on_date = parse_day(args.date) if args.date else date.today()
    with database(args) as db:
        record_grant(db.workspace, _branch_id(db.workspace, args.branch), args.year, amount, on_date)
    print(f"已录入：{args.branch} {args.year} 年市委组织部一次性奖补 {yuan(amount)} 元（{on_date:%Y-%m-%d}）")
    return 0


def run_reaffiliate(args) -> int:
    from desktop.services.rewards import reaffiliate

    on_date = parse_day(args.date) if args.date else date.today()
    with database(args) as db:
        reaffiliate(db.workspace, _branch_id(db.workspace, args.branch), args.parent, on_date)
    print(f"已调整：{args.branch} 自 {on_date:%Y-%m-%d} 起隶属于 {args.parent.strip()}，创建情况接续")
    return 0

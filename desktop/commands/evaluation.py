"""`evaluate`: the year's results (four scores, composite, meets standard, 最强 eligibility)."""

from __future__ import annotations

from datetime import date

from desktop.commands import command_parser
from desktop.commands.common import database, print_json, year
from desktop.rules.eligibility import BAR_LABELS
from desktop.services.results import BranchResult, year_results


def register(sub) -> None:
    p = command_parser(sub, "evaluate")
    p.add_argument("--year", type=year, default=date.today().year)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run_evaluate)


def as_json(result: BranchResult) -> dict:
    return {
        "name": result.name, "org": result.org, "member": result.member, "public": result.public,
        "social": result.social, "composite": result.composite, "meets_standard": result.meets_standard,
        "strongest_eligible": result.strongest_eligible, "strongest_bars": list(result.strongest_bars),
        "state": result.state, "standardized": result.standardized_verdict,
    }


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def run_evaluate(args) -> int:
    with database(args) as db:
        results = [r for r in year_results(db.workspace, args.year) if r.has_data]
    if args.json:
        print_json({"year": args.year, "branches": [as_json(r) for r in results]})
        return 0
    met = sum(1 for r in results if r.meets_standard)
    print(f"{args.year} 年：{len(results)} 个支部有考评数据，{met} 个达标，"
          f"{sum(1 for r in results if r.strongest_eligible)} 个可评最强。")
    for r in results:
        verdict = {True: "达标", False: "未达标", None: "待定"}[r.meets_standard]
        bars = "、".join(BAR_LABELS[b] for b in r.strongest_bars) or "可评最强"
        print(f"{r.name}\t综合 {_fmt(r.composite)}\t{verdict}\t{bars}\t{r.state_label}")
    return 0

"""`chart` (one trend chart as PNG/SVG/PDF) and `targets` (the yearly targets and this year's
standing). `run_trends_report` is the handler of `report trends`, whose arguments
(common.add_report_arguments) the `report` command takes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.commands import command_parser
from desktop.commands.common import database, print_json, year, year_range
from desktop.errors import BranchdeskError
from desktop.rules.trends import pct
from desktop.services import trends


def register(sub) -> None:
    p = command_parser(sub, "chart")
    p.add_argument("name", choices=trends.CHART_NAMES)
    year_range(p)
    p.add_argument("--year", type=year, help="单一年度的图（by-kind、scores、findings）用哪一年（默认：截止年度）")
    p.add_argument("--kind", help="compliance：另画一条该类支部的落实率（如 community 或 社区）")
    p.add_argument("-o", "--output", required=True, help="输出文件 .png / .svg / .pdf")
    p.set_defaults(handler=run_chart)

    p = command_parser(sub, "targets")
    p.add_argument("--year", type=year, default=date.today().year, help="看哪一年的进度（默认：今年）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_targets)


def _years(args) -> tuple[int, int]:
    first = args.from_year if args.from_year is not None else args.to_year - 4
    trends.check_range(first, args.to_year)
    return first, args.to_year


def run_chart(args) -> int:
    from desktop.charts.export import check_format, export_chart

    check_format(args.output)  # before any query: a wrong name fails at once
    first, last = _years(args)
    with database(args) as db:
        data = trends.chart_data(db.workspace, args.name, first, last, year=args.year, kind=args.kind)
    path = export_chart(data, args.output)
    print(f"已导出“{data.title}”到 {path}")
    return 0


def run_trends_report(args) -> int:
    """`report trends --from Y1 --to Y2 -o FILE.pdf|.docx [--branch-kind K]`: reads args.from_year, to_year,
    output and branch_kind (see add_report_arguments)."""
    from desktop.services.trends_report import trends_report, trends_word

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise BranchdeskError("趋势分析报告应保存为 .pdf 文件（也可导出为 Word 的 .docx）。")
    first, last = _years(args)
    kind = getattr(args, "branch_kind", None)
    with database(args) as db:
        if suffix == ".docx":
            print(f"已导出 {trends_word(db.workspace, first, last, args.output, kind=kind)}")
            return 0
        result = trends_report(db.workspace, first, last, args.output, kind=kind)
    print(f"已生成趋势分析报告 {result.path}（{result.pages} 页）\n验证码：{result.code_text}")
    return 0


def run_targets(args) -> int:
    from desktop.services.targets import editable_targets
    from desktop.services.weak_cases import clearing

    with database(args) as db:
        rows = editable_targets(db.workspace, args.year)
        board = trends.dashboard_for(db.workspace, args.year)
        # 动态清零 (R3) over the same years as the targets, up to the year asked for.
        weak = clearing(db.workspace, min(t.year for t in rows), max(args.year, min(t.year for t in rows)))
    if args.json:
        print_json({
            "year": board.year,
            "targets": [
                {"year": t.year, "standardized_share": t.standardized_share, "strongest_share": t.strongest_share,
                 "weak_cleared": t.weak_cleared, "weak_goal": t.weak_goal, "source": t.source}
                for t in rows
            ],
            "standing": {
                "active": board.active,
                **{
                    f"{key}{suffix}": value
                    for key, goal in (("standardized", board.standardized), ("strongest", board.strongest))
                    for suffix, value in (("", goal.achieved), ("_share", goal.share), ("_target", goal.target),
                                          ("_shortfall", goal.shortfall))
                },
                "states": {state: len(ids) for state, _label, ids in board.states},
            },
            "weak": weak.as_json(),
        })
        return 0
    sources = {"default": "方案", "edited": "已修改", "carried": "沿用上年"}
    print("年度  标准化目标  最强目标  软弱涣散            来源")
    for t in rows:
        print(f"{t.year}  {pct(t.standardized_share):>9}  {pct(t.strongest_share):>7}  {t.weak_text:<18}  {sources[t.source]}")
    print(f"\n{board.year} 年进度（在册支部 {board.active} 个）：")
    for goal in (board.standardized, board.strongest):
        gap = "" if goal.shortfall is None else (f"，还需 {goal.shortfall} 个" if goal.shortfall else "，已达到目标")
        print(f"  {goal.label}：{goal.achieved} 个，{pct(goal.share)}（目标 {pct(goal.target)}{gap}）")
    print("  " + "；".join(f"{label} {len(ids)}" for _s, label, ids in board.states))
    print(f"  软弱涣散（{board.weak_text}）：目前未销号 {weak.open_now} 个，其中逾期 {weak.overdue_now} 个；"
          + "；".join(f"{f.year} 年底 {f.open_at_end} 个" for f in weak.years))
    return 0

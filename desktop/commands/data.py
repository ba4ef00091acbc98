"""`import`, `export` and `template` for every Excel dataset."""

from __future__ import annotations

from desktop.commands import command_parser
from desktop.commands.common import database, may_create_database, print_json, year
from desktop.errors import BranchdeskError
from desktop.excel.sheet import xlsx_path
from desktop.services import datasets, score_import, scoring

# Scores belong to one session: `import scores` and `template scores` take --session, and are
# not a dataset of the 文件 menu (the window imports them from the session's own page).
SCORES = "scores"


def register(sub) -> None:
    names = sorted(datasets.DATASETS)
    p = command_parser(sub, "import")
    p.add_argument("dataset", choices=[*names, SCORES])
    p.add_argument("file")
    p.add_argument("--session", metavar="SESSION", help="导入评分时：评分会的 UUID 或完整名称")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(handler=run_import)
    may_create_database(p)

    p = command_parser(sub, "export")
    p.add_argument("dataset", choices=names)
    p.add_argument("file")
    p.add_argument("--year", type=year, help="只导出该年度（会议、考评、整顿台账、督查检查）")
    p.set_defaults(handler=run_export)

    p = command_parser(sub, "template")
    p.add_argument("dataset", choices=[*names, SCORES])
    p.add_argument("file")
    p.add_argument("--session", metavar="SESSION", help="评分模板：评分会的 UUID 或完整名称（列出该评分会的评委、支部和项目）")
    p.set_defaults(handler=run_template)


def _session_of(args, ws) -> int:
    if not args.session:
        raise BranchdeskError("导入或生成评分模板须用 --session 指明评分会（UUID 或完整名称）。")
    return scoring.find_session(ws, args.session)


def run_import(args) -> int:
    with database(args) as db:
        if args.dataset == SCORES:
            report = score_import.import_scores(db.workspace, args.file, _session_of(args, db.workspace), args.dry_run)
        else:
            report = datasets.DATASETS[args.dataset].import_file(db.workspace, args.file, args.dry_run)
    if args.json:
        print_json(report.as_json())
    else:
        print(report.summary())
        for rejection in report.rejected:
            print(f"  第 {rejection.row} 行，{rejection.column}：{rejection.reason}")
    return 0 if report.ok else 1


def run_export(args) -> int:
    dataset = datasets.DATASETS[args.dataset]
    with database(args) as db:
        count = dataset.export_file(db.workspace, args.file, args.year)
    print(f"已导出 {count} 条到 {xlsx_path(args.file)}")
    return 0


def run_template(args) -> int:
    if args.dataset == SCORES:
        with database(args) as db:
            path, count = score_import.write_template(db.workspace, args.file, _session_of(args, db.workspace))
        print(f"已生成模板 {path}（{count} 格）")
        return 0
    path = datasets.DATASETS[args.dataset].write_template(args.file)
    print(f"已生成模板 {path}")
    return 0

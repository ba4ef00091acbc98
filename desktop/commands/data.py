"""`import`, `export` and `template` for every Excel dataset."""

from __future__ import annotations

from desktop.commands.common import database, may_create_database, print_json, year
from desktop.excel.sheet import xlsx_path
from desktop.services import datasets


def register(sub) -> None:
    names = sorted(datasets.DATASETS)
    p = sub.add_parser("import", help="从 Excel 导入（先预览：--dry-run）")
    p.add_argument("dataset", choices=names)
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(handler=run_import)
    may_create_database(p)

    p = sub.add_parser("export", help="导出到 Excel")
    p.add_argument("dataset", choices=names)
    p.add_argument("file")
    p.add_argument("--year", type=year, help="只导出该年度（会议、考评、整顿台账、督查检查）")
    p.set_defaults(handler=run_export)

    p = sub.add_parser("template", help="生成空白导入模板")
    p.add_argument("dataset", choices=names)
    p.add_argument("file")
    p.set_defaults(handler=run_template)


def run_import(args) -> int:
    dataset = datasets.DATASETS[args.dataset]
    with database(args) as db:
        report = dataset.import_file(db.workspace, args.file, args.dry_run)
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
    path = datasets.DATASETS[args.dataset].write_template(args.file)
    print(f"已生成模板 {path}")
    return 0

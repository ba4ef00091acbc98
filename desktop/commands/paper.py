"""`report`: print a document to PDF (or a summary sheet to .xlsx); `verify-paper`: look up a code."""

from __future__ import annotations

from pathlib import Path

from desktop.commands import command_parser
from desktop.commands.common import add_report_arguments, database, parse_day, year
from desktop.errors import BranchdeskError
from desktop.services.documents import REGISTRY, by_cli_name


def register(sub) -> None:
    p = command_parser(sub, "report")
    p.add_argument("document", choices=[entry.cli_name for entry in REGISTRY.values()])
    p.add_argument("--year", type=year, help="年度（trends 以外的文件必填）")
    p.add_argument("-o", "--output", required=True, help="输出文件：.pdf；汇总表也可为 .xlsx 或 .docx")
    p.add_argument("--kind", choices=("standardized", "strongest"), default="standardized", help="证书的荣誉类型")
    p.add_argument("--copies", type=int, default=1, help="评分表、评议票每个支部的份数")
    p.add_argument("--ballot", choices=("member", "public", "both"), default="both", help="评议票类型")
    p.add_argument("--as-of", help="基准日 YYYY-MM-DD（支部基本情况表、组织生活表）")
    p.add_argument("--branch", action="append", metavar="NAME", help="只打印该支部（可重复）")
    p.add_argument("--session", metavar="SESSION", help="评分会（UUID 或完整名称；评分记录表）")
    p.add_argument("--scorer", metavar="NAME", help="评委姓名（评分记录表）")
    add_report_arguments(p)  # report trends --from Y1 --to Y2 [--branch-kind K]
    p.set_defaults(handler=run_report)

    p = command_parser(sub, "verify-paper")
    p.add_argument("code", help="验证码，例如 ABCD-EFGH")
    p.set_defaults(handler=run_verify_paper)


def _branch_ids(ws, names: list[str] | None) -> list[int] | None:
    if not names:
        return None
    from desktop.services.branches import branch_names

    known = branch_names(ws)
    missing = [n for n in names if n not in known]
    if missing:
        raise BranchdeskError("找不到支部：" + "、".join(missing))
    return [known[n] for n in names]


def _scorer_of_session(ws, args) -> dict:
    if not args.session or not args.scorer:
        raise BranchdeskError(f"report {args.document} 需要 --session 评分会 和 --scorer 评委姓名。")
    from desktop.services.score_record import session_ref

    return {"session": session_ref(ws, args.session), "scorer": args.scorer.strip()}


def run_report(args) -> int:
    if args.document == "trends":  # its own range arguments (--from/--to) and messages
        from desktop.commands import trends

        return trends.run_trends_report(args)
    if args.year is None:
        raise BranchdeskError(f"report {args.document} 需要 --year 年度。")
    from desktop.services import documents

    output = Path(args.output)
    entry = by_cli_name(args.document)
    suffix = output.suffix.lower()
    if suffix not in (".pdf", ".xlsx", ".docx") or (suffix != ".pdf" and not entry.excel):
        raise BranchdeskError("输出文件应为 .pdf（汇总表也可导出为 .xlsx 或 .docx）。")
    with database(args) as db:
        params = {"year": args.year, "branch_ids": _branch_ids(db.workspace, args.branch), "copies": args.copies,
                  "ballot": args.ballot, "honour": args.kind}
        if args.as_of:
            params["as_of"] = parse_day(args.as_of).isoformat()
        if "session" in entry.parameters:
            params.update(_scorer_of_session(db.workspace, args))
        if suffix in (".xlsx", ".docx"):
            export = documents.export_sheet if suffix == ".xlsx" else documents.export_word
            print(f"已导出 {export(db.workspace, entry.kind, params, output)}")
            return 0
        result = documents.print_document(db.workspace, entry.kind, params, output)
    print(f"已生成 {result.path}（{result.pages} 页）：{result.description}")
    if len(result.codes) <= 1:
        print(f"验证码：{result.code_text}")
    for line in result.skipped:
        print(f"  未打印：{line}")
    return 0


def run_verify_paper(args) -> int:
    from desktop.services.documents import shown_code, verify

    if not args.code.strip():
        raise BranchdeskError("请输入纸质文件上的验证码，例如 ABCD-EFGH。")
    with database(args) as db:
        found = verify(db.workspace, args.code)
    if found is None:
        print(f"验证码 {shown_code(args.code)} 不存在：本数据库中没有这份文件的打印记录。")
        return 1
    print(f"验证码 {found.code}：{found.description}")
    for line in found.lines(limit=200):
        print(f"  {line}")
    return 0

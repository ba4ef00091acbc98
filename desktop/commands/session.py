"""`session`: scoring sessions, and scoring them on a laptop (list, create, export, open, return,
merge, cancel). The window's 带出评分 / 打开评分包 / 导出评分结果 / 带回评分 call the same services.

Exit codes: 0 done (a merge with conflicts left for the clerk is done too), 2 refused (the reason
on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import re

from desktop.commands import command_parser
from desktop.commands.common import database, may_create_database, parse_day, print_json, year
from desktop.errors import BranchdeskError
from desktop.models.checkout import CANCELLED, MERGED, OPEN
from desktop.rules.collation import branch_order_key
from desktop.services import checkout, laptop, merge, scoring
from desktop.services.branches import branch_names

STATE_LABELS = {OPEN: "带出中", MERGED: "已带回合并", CANCELLED: "已取消"}


def names(text: str | None) -> list[str]:
    """A list typed on the command line: 甲,乙 or 甲，乙 or 甲、乙."""
    return [n.strip() for n in re.split(r"[,，、]", text or "") if n.strip()]


def register(sub) -> None:
    p = command_parser(sub, "session")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    s = actions.add_parser("list", help="某年度的评分会及其带出情况")
    s.add_argument("--year", type=year, required=True, help="年度")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_list)

    s = actions.add_parser("create", help="新建评分会")
    s.add_argument("--year", type=year, required=True, help="年度")
    s.add_argument("--title", required=True, help="评分会名称")
    s.add_argument("--held-on", required=True, metavar="YYYY-MM-DD", help="日期")
    s.add_argument("--scorers", required=True, metavar="甲,乙,丙", help="评委姓名，用逗号分隔")
    chosen = s.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--branches", metavar="名称,名称", help="参加评分的支部名称，用逗号分隔")
    chosen.add_argument("--all", action="store_true", help="所有未归档的支部")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_create)

    s = actions.add_parser("export", help="带出评分：把评分会（或部分评委）写入评分包，带到笔记本上打分（办公室）")
    s.add_argument("session", metavar="SESSION", help="评分会的 UUID 或完整名称")
    s.add_argument("-o", "--output", required=True, metavar="FILE.bdsession", help="评分包文件")
    s.add_argument("--scorers", metavar="甲,乙", help="只带出这些评委（默认：全部）")
    s.add_argument("--tallies", action=argparse.BooleanOptionalAction, default=None,
                   help="四评录入是否随本评分包带出（默认：含第一位评委的评分包带出）")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_export)

    s = actions.add_parser("open", help="打开评分包（笔记本）")
    s.add_argument("file", metavar="FILE.bdsession")
    s.add_argument("--code", required=True, help="办公室显示的配对码")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_open)
    may_create_database(s)

    s = actions.add_parser("return", help="导出评分结果，带回办公室合并（笔记本）")
    s.add_argument("session", metavar="SESSION", help="评分会的 UUID 或完整名称")
    s.add_argument("-o", "--output", required=True, metavar="BACK.bdsession", help="评分结果文件")
    s.add_argument("--checkout", metavar="UUID", help="本机为同一评分会打开了几份评分包时，指明哪一份")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_return)

    s = actions.add_parser("merge", help="带回评分：核对并合并笔记本导出的评分结果（办公室）")
    s.add_argument("file", metavar="BACK.bdsession")
    s.add_argument("--prefer", choices=(merge.OFFICE, merge.LAPTOP),
                   help="两边都改过的格子：office 保留办公室的分数，laptop 采用笔记本的分数（默认：都不改，列出冲突）")
    s.add_argument("--dry-run", action="store_true", help="只核对并列出将改动的内容，不写入")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_merge)

    s = actions.add_parser("cancel", help="取消带出（如 U 盘遗失），须说明原因")
    s.add_argument("session", metavar="SESSION", help="评分会的 UUID 或完整名称")
    s.add_argument("--reason", required=True, help="取消的原因")
    s.add_argument("--scorers", metavar="甲,乙", help="只取消带出了这些评委的那几份（默认：全部带出中的）")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(handler=run_cancel)


def run_list(args) -> int:
    with database(args) as db:
        ws = db.workspace
        found: list[dict] = []
        for info in scoring.list_sessions(ws, args.year):
            outs = [c.as_json() for c in checkout.checkouts(ws, info.id)]
            opened = [{"checkout": p.checkout, "file": p.file_name, "scorers": p.scorers, "tallies": p.tallies,
                       "returns_made": p.returns_made, "superseded": p.superseded} for p in laptop.packages_of(ws, info.id)]
            found.append({"session": info.uuid, "title": info.title, "held_on": info.held_on.isoformat(), "status": info.status,
                          "branches": info.branches, "scorers": info.scorers, "checkouts": outs, "packages": opened})
    if args.json:
        print_json({"year": args.year, "sessions": found})
        return 0
    print(f"{args.year} 年：{len(found)} 个评分会。")
    for entry in found:
        print(f"{entry['title']}\t{entry['held_on']}\t{entry['branches']} 个支部\t{entry['scorers']} 位评委\t{entry['session']}")
        for out in entry["checkouts"]:
            tallies = "，含四评录入" if out["tallies"] else ""
            state = STATE_LABELS.get(out["state"], out["state"])
            print(f"  带出：{'、'.join(out['scorers'])}{tallies} → {out['file']}（{out['left_at']}）{state}")
        for opened in entry["packages"]:
            print(f"  本机打开的评分包：{opened['file']}（{'、'.join(opened['scorers'])}），已导出 {opened['returns_made']} 份评分结果")
    return 0


def run_create(args) -> int:
    held_on = parse_day(args.held_on)
    with database(args) as db:
        known = branch_names(db.workspace, include_archived=False)
        if args.all:
            branch_ids = list(known.values())  # create_session lists them in the one order of names
        else:
            wanted = names(args.branches)
            unknown = [n for n in wanted if n not in known]
            if unknown:
                raise BranchdeskError(f"找不到支部：{'、'.join(unknown)}")
            branch_ids = [known[n] for n in wanted]
        session_id = scoring.create_session(db.workspace, args.year, args.title, held_on, branch_ids, names(args.scorers))
        info = next(i for i in scoring.list_sessions(db.workspace, args.year) if i.id == session_id)
    if args.json:
        print_json({"session": info.uuid, "branches": info.branches, "scorers": info.scorers})
    else:
        print(f"已新建评分会“{info.title}”：{info.branches} 个支部，{info.scorers} 位评委（{info.uuid}）")
    return 0


def run_export(args) -> int:
    with database(args) as db:
        session_id = scoring.find_session(db.workspace, args.session)
        made = checkout.export_part(db.workspace, session_id, args.output, names(args.scorers) or None, args.tallies)
    if args.json:
        print_json({"file": str(made.file), "code": made.code, "scorers": made.scorers})
    else:
        tallies = "，含四评录入" if made.tallies else ""
        print(f"已带出评委 {'、'.join(made.scorers)} 的评分{tallies}：{made.file}")
        print(f"配对码：{made.code}")
        print("请把配对码另行告知笔记本的使用人（不要和 U 盘放在一起）；它只显示这一次。")
    return 0


def run_open(args) -> int:
    with database(args) as db:
        opened = laptop.open_package(db.workspace, args.file, args.code)
    if args.json:
        print_json({"session": opened.session, "branches": opened.branches, "scorers": opened.scorers})
    else:
        again = "（本机已打开过这份评分包，未做改动）" if opened.already else ""
        print(f"已打开评分包{again}：{opened.branches} 个支部，评委 {'、'.join(opened.scorers)}（评分会 {opened.session}）")
    return 0


def run_return(args) -> int:
    with database(args) as db:
        session_id = scoring.find_session(db.workspace, args.session)
        made = laptop.make_return(db.workspace, session_id, args.output, args.checkout)
    if args.json:
        print_json({"file": str(made.file), "number": made.number, "cells": made.cells, "tallies": made.tallies})
    else:
        print(f"已导出第 {made.number} 份评分结果：{made.cells} 格评分{'和四评录入' if made.tallies else ''} → {made.file}")
    return 0


def run_merge(args) -> int:
    with database(args) as db:
        report = merge.merge(db.workspace, args.file, args.prefer, args.dry_run)
    if args.json:
        print_json(report.as_json())
        return 0
    verb = "将合并" if args.dry_run else ("已合并" if report.written else "没有需要合并的改动")
    print(f"{verb}：“{report.title}”第 {report.number} 份评分结果，{len(report.branches)} 个支部；"
          f"新增 {report.new} 格，修改 {report.changed} 格，清空 {report.cleared} 格，无变化 {report.unchanged} 格；"
          f"四评录入 {report.tallies_merged} 项。")
    for scorer, count in sorted(report.by_scorer.items(), key=lambda entry: branch_order_key(entry[0])):
        print(f"  {scorer}：{count} 格")
    kept = {None: "未改动，请选择保留哪一边（--prefer office 或 laptop）", merge.OFFICE: "保留办公室的",
            merge.LAPTOP: "采用笔记本的"}[args.prefer]
    for c in report.conflicts:
        print(f"  冲突：{c.branch} / {c.scorer} / {c.item}：办公室 {_shown(c.office)}，笔记本 {_shown(c.laptop)}（{kept}）")
    for t in report.tally_conflicts:
        print(f"  冲突：{t.branch} / 四评录入·{t.field}：办公室 {_shown(t.office)}，笔记本 {_shown(t.laptop)}（{kept}）")
    return 0


def _shown(value) -> str:
    if value is None:
        return "空"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def run_cancel(args) -> int:
    with database(args) as db:
        session_id = scoring.find_session(db.workspace, args.session)
        cancelled = checkout.cancel(db.workspace, session_id, args.reason, names(args.scorers) or None)
    if args.json:
        print_json({"cancelled": [c.as_json() for c in cancelled]})
    else:
        for c in cancelled:
            print(f"已取消带出：{'、'.join(c.scorers)} → {c.file_name}。之后带回的评分结果仍可合并，两边都改过的格子会列为冲突。")
    return 0

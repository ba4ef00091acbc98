"""`demo`: fill an empty database with realistic demo data."""

from __future__ import annotations

from desktop.commands import command_parser
from desktop.commands.common import database, may_create_database
from desktop.services import demo


def register(sub) -> None:
    p = command_parser(sub, "demo")
    p.add_argument("--scale", choices=sorted(demo.SCALES), default="street",
                   help="street ≈ 60 个支部；district ≈ 2000 个；city ≈ 10000 个（组织生活记录只含近三年）")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=run_demo)
    may_create_database(p)


def run_demo(args) -> int:
    with database(args) as db:
        count = demo.generate(db.workspace, args.scale, args.seed)
    print(f"已生成演示数据：{count} 个支部。")
    return 0

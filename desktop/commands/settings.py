"""`settings`: list the 单位设置 (names printed on paper) and `settings set KEY VALUE [--year Y]`."""

from __future__ import annotations

from desktop.commands.common import database, may_create_database, print_json, year
from desktop.commands.usage import ChineseParser
from desktop.services import settings


def register(sub) -> None:
    p = sub.add_parser("settings", help="单位设置：街道名称、党工委全称、区委组织部名称、制表人、审核人，及奖励经费测算的金额和比例")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run_list)
    actions = p.add_subparsers(dest="settings_action", parser_class=ChineseParser, metavar="ACTION")
    s = actions.add_parser("set", help="修改一项设置（按年度保存的，自 --year 年度起生效，默认今年）")
    s.add_argument("key", help="设置名：" + "、".join(settings.ALL))
    s.add_argument("value", help="新的值（名称为文字，金额和比例为数字）")
    s.add_argument("--year", type=year, help="自哪一年起生效（只用于按年度保存的设置）")
    s.set_defaults(handler=run_set)
    may_create_database(s)  # naming the committee is often the first thing done on a new computer


def _text(view: settings.SettingView) -> list[str]:
    scope = "，按年度" if view.per_year else ""
    lines = [f"{view.label}（{view.key}{scope}）：{_shown(view.value)}"]
    lines += [f"    {from_year} 年起：{_shown(value, '（空白）')}" for from_year, value in view.history]
    return lines


def _shown(value, missing: str = "（未设置）") -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return value or missing


def run_list(args) -> int:
    with database(args) as db:
        views = settings.listing(db.workspace, amounts=True)
    if args.json:
        print_json({"settings": [view.as_json() for view in views]})
    else:
        print("\n".join(line for view in views for line in _text(view)))
    return 0


def run_set(args) -> int:
    change = settings.validate([settings.Change(args.key, args.value, args.year)])[0]  # before opening the database
    with database(args) as db:
        settings.save(db.workspace, [change])
    item = settings.ALL[change.key]
    since = f"（自 {change.year} 年起）" if item.per_year else ""
    print(f"已保存：{item.label}{since} = {_shown(change.value, '（空白）')}")
    return 0

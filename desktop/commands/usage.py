"""Chinese for argparse's own messages (usage errors, help headings).

argparse looks every message up through its module-level `_` and `ngettext` (gettext) at the moment
it emits it. A small in-code catalog is swapped in while one of our parsers runs, instead of a
process-wide gettext install, so another argparse user in the same process keeps its language.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager

CATALOG = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURALS = {"expected %s argument": "需要 %s 个值"}


def translate(message: str) -> str:
    return CATALOG.get(message, message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


@contextmanager
def chinese():
    """argparse speaks Chinese inside the block (nesting is fine: the outer values are restored)."""
    # `_` and `ngettext` are argparse's own imports of gettext's functions, which its stubs do not
    # declare: swapped in the module's namespace, the same globals its functions read.
    names = vars(argparse)
    saved = names["_"], names["ngettext"]
    names["_"], names["ngettext"] = translate, ntranslate
    try:
        yield
    finally:
        names["_"], names["ngettext"] = saved


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose messages, usage and help are Chinese; a usage error exits 2."""

    def __init__(self, *args, **kwargs):
        with chinese():  # the "options" heading and the -h help text are made here
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with chinese():  # "unrecognized arguments" is raised here, after parse_known_args
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with chinese():
            return super().format_help()

    def error(self, message: str):  # usage errors: a message and exit 2, never a traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"用法错误：{message}\n")

"""CLI subcommands, one module per area. Each module has `register(subparsers)`.

Building the parser imports none of them: COMMANDS names every command, the module that registers
it and the line `branchdesk --help` shows for it, so `--help`, `--version` and a usage error import
neither SQLAlchemy nor Alembic nor ReportLab. `desktop.cli` imports the module of the one command
that runs (tests/test_cli_lazy.py holds the table to the modules' own registrations).
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

# name: (module in desktop.commands, help line); in the order --help lists them, each module's
# commands together and in the order its register() adds them.
COMMANDS: dict[str, tuple[str, str]] = {
    "import": ("data", "从 Excel 导入（先预览：--dry-run）"),
    "export": ("data", "导出到 Excel"),
    "template": ("data", "生成空白导入模板"),
    "check": ("registry", "检查各支部的设置问题"),
    "backup": ("store", "备份数据库（经完整性校验）"),
    "restore": ("store", "从备份文件恢复数据库（当前数据先自动备份）"),
    "verify": ("store", "检查数据库完整性和取值"),
    "demo": ("demo", "向空数据库写入演示数据"),
    "evaluate": ("evaluation", "计算某年度各支部的考评结果"),
    "session": ("session", "评分会：新建、查看，带到笔记本上打分并带回合并"),
    "report": ("paper", "生成打印文件（PDF）：汇总表、证书、评分表、评议票、趋势分析报告、整顿台账、销号审批表、"
                        "督查检查汇总、创建计划表、奖励经费测算表"),
    "verify-paper": ("paper", "核对纸质文件上的验证码"),
    "chart": ("trends", "导出一张趋势图（PNG 300dpi、SVG 或 PDF）"),
    "targets": ("trends", "各年度目标和本年度创建进度"),
    "workflow": ("workflow", "记录或查看创建流程（自评、申请、考评、验收、最强、撤销）"),
    "weak": ("weak", "软弱涣散党组织：排查、整顿台账"),
    "plan": ("rewards", "年度创建计划：分类排队、计划达标的支部，与年度目标对照"),
    "rewards": ("rewards", "专项绩效奖励及经费倾斜测算（按创建流程计算，列出每项依据）"),
    "honours": ("rewards", "评先评优资格：哪些支部（及其党员、党务工作者）可参评，哪些优先推荐"),
    "grant": ("rewards", "录入市委组织部对市级最强党支部的一次性奖补（元）"),
    "reaffiliate": ("rewards", "隶属关系调整：改变支部的上级党组织并记录日期（创建情况接续）"),
    "settings": ("settings", "单位设置：街道名称、党工委全称、区委组织部名称、制表人、审核人，及奖励经费测算的金额和比例"),
}


def module_of(name: str) -> ModuleType:
    return importlib.import_module(f"desktop.commands.{COMMANDS[name][0]}")


def command_parser(sub, name: str) -> argparse.ArgumentParser:
    """The parser of command `name`, with its help line from COMMANDS."""
    return sub.add_parser(name, help=COMMANDS[name][1])

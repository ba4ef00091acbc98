"""branchdesk — 党支部标准化规范化创建管理."""

import os

# openpyxl parses with lxml whenever lxml is installed, and python-docx brings lxml along. The
# importers' defences against hostile workbooks (size limits, entity bombs, what a cell may hold)
# were built and fuzzed against openpyxl's own parser: keep it, whatever else is installed.
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"
APP_NAME = "branchdesk"
APP_TITLE = "党支部标准化规范化创建管理"

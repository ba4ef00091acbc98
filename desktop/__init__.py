"""branchdesk — 党支部标准化规范化创建管理."""

__version__ = "0.1.0"
APP_NAME = "branchdesk"
APP_TITLE = "党支部标准化规范化创建管理"

"""CLI subcommands, one module per area. Each module has `register(subparsers)`."""

from desktop.commands import data, demo, evaluation, paper, registry, store, trends
from desktop.commands import settings

COMMAND_MODULES = [data, registry, store, demo, evaluation, paper, trends,
                   settings]

"""CLI subcommands, one module per area. Each module has `register(subparsers)`."""

from desktop.commands import data, demo, evaluation, paper, registry, rewards, session, settings, store, trends, weak, workflow

COMMAND_MODULES = [data, registry, store, demo, evaluation, session, paper, trends, workflow, weak, rewards, settings]

"""CLI subcommands, one module per area. Each module has `register(subparsers)`."""

from desktop.commands import data, demo, evaluation, registry, store

COMMAND_MODULES = [data, registry, store, demo, evaluation]

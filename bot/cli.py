"""Command line: `python -m bot [run|...]`; subcommands are registered here, in one place."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn

from bot import texts
from bot.config import ConfigError, Settings, load_settings


@dataclass(frozen=True)
class Subcommand:
    """One CLI subcommand: how to declare its arguments and how to run it."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    configure: Callable[[argparse.ArgumentParser], None] = lambda parser: None


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Vietnamese."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(add_help=False, **kwargs)  # type: ignore[arg-type]
        self._optionals.title = texts.CLI_OPTIONS_TITLE
        self.add_argument("-h", "--help", action="help", help=texts.CLI_HELP_OPTION)

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", texts.CLI_USAGE_PREFIX, 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", texts.CLI_USAGE_PREFIX, 1)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, texts.cli_error(message) + "\n")


def settings_or_exit(*, require_token: bool) -> Settings:
    """Load settings or print the one-paragraph reason and exit with code 2."""
    try:
        return load_settings(require_token=require_token)
    except ConfigError as exc:
        print(texts.config_error(str(exc)), file=sys.stderr)
        raise SystemExit(2) from None


def _run(args: argparse.Namespace) -> int:
    settings = settings_or_exit(require_token=True)
    from bot.runner import run_bot  # imported late: PTB is not needed to print a bad setting

    return run_bot(settings)


def _ask(args: argparse.Namespace) -> int:
    from bot import ask_cli

    return ask_cli.run(args, settings_or_exit(require_token=False))


def _configure_ask(parser: argparse.ArgumentParser) -> None:
    from bot import ask_cli

    ask_cli.configure(parser)


def _kb(args: argparse.Namespace) -> int:
    from bot import kb_cli

    return kb_cli.run(args, settings_or_exit(require_token=False))


def _configure_kb(parser: argparse.ArgumentParser) -> None:
    from bot import kb_cli

    kb_cli.configure(parser)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("run", texts.CLI_RUN_HELP, _run),
    Subcommand("ask", texts.CLI_ASK_HELP, _ask, _configure_ask),
    Subcommand("kb", texts.CLI_KB_HELP, _kb, _configure_kb),
)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every registered subcommand."""
    parser = _Parser(prog="python -m bot", description=texts.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", title=texts.CLI_COMMANDS_TITLE, metavar="LỆNH")
    for command in SUBCOMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        child.set_defaults(handler=command.run)
        command.configure(child)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen subcommand (default: run)."""
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", _run)
    return handler(args)

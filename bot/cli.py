"""Command line: `python -m bot [run|...]`; subcommands are registered here, in one place."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
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


def _check(args: argparse.Namespace) -> int:
    from bot.ops import run_checks
    from bot.runner import check_telegram

    lines = run_checks(settings_or_exit(require_token=False), check_telegram)
    for line in lines:
        print(line.text)
    return 0 if all(line.ok for line in lines) else 1


def _demo(args: argparse.Namespace) -> int:
    from bot.playground import demo  # imported late: PTB and aiohttp only when asked for

    return demo.run(args)


def _configure_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8080, metavar="N", help=texts.CLI_DEMO_PORT)
    parser.add_argument(
        "--database", type=Path, default=None, metavar="TỆP", help=texts.CLI_DEMO_DATABASE
    )


def _path_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help=texts.CLI_PATH)


def _backup(args: argparse.Namespace) -> int:
    from bot.ops import backup_to

    settings = settings_or_exit(require_token=False)
    size = backup_to(settings.database_path, args.path)
    print(texts.backup_done(str(args.path), size))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.ops import RestoreRefused, restore_from, verify_backup
    from storage.lock import AlreadyRunning, InstanceLock

    settings = settings_or_exit(require_token=False)
    database = settings.database_path
    # Checked first (on a private copy) so a bad file is named even while the bot runs.
    problem = verify_backup(args.path, database.parent)
    if problem is not None:
        print(texts.restore_refused(problem), file=sys.stderr)
        return 1
    lock = InstanceLock(database)
    try:
        lock.acquire()
    except AlreadyRunning:
        print(texts.OPS_RESTORE_RUNNING, file=sys.stderr)
        return 3
    try:
        kept = restore_from(database, args.path, datetime.now(UTC))
    except RestoreRefused as refused:
        print(texts.restore_refused(refused.reason), file=sys.stderr)
        return 1
    finally:
        lock.release()
    print(texts.restore_done(str(kept)))
    return 0


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("run", texts.CLI_RUN_HELP, _run),
    Subcommand("ask", texts.CLI_ASK_HELP, _ask, _configure_ask),
    Subcommand("kb", texts.CLI_KB_HELP, _kb, _configure_kb),
    Subcommand("check", texts.CLI_CHECK_HELP, _check),
    Subcommand("backup", texts.CLI_BACKUP_HELP, _backup, _path_argument),
    Subcommand("restore", texts.CLI_RESTORE_HELP, _restore, _path_argument),
    Subcommand("demo", texts.CLI_DEMO_HELP, _demo, _configure_demo),
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
    # Everything the bot creates (database, WAL, lock, backups, exports, temporary files)
    # holds personal data: files 0600, folders 0700, whatever the shell's umask was.
    os.umask(0o077)
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", _run)
    return handler(args)

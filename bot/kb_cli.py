"""`python -m bot kb import FILE --doc ND73`: import an official text from the shell."""

from __future__ import annotations

import argparse
import asyncio
import re
from pathlib import Path

from bot import texts
from bot.authority import Authority
from bot.clock import SystemClock
from bot.config import Settings
from bot.knowledge.notices import describe
from bot.knowledge.official import NotStaged, OfficialImportService, doc_from_name
from bot.models.official import DOCS
from bot.models.outcomes import Ok
from storage.db import Database
from storage.migrations import migrate
from storage.official import OfficialRepository
from storage.users import UserRepository

_TAGS = re.compile(r"<[^>]+>")


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare `kb import`."""
    actions = parser.add_subparsers(dest="kb_action", metavar="VIỆC", required=True)
    importing = actions.add_parser("import", help=texts.CLI_KB_IMPORT_HELP)
    importing.add_argument("file", type=Path, help=texts.CLI_KB_FILE)
    importing.add_argument("--doc", help=texts.CLI_KB_DOC)
    importing.add_argument("--dry-run", action="store_true", help=texts.CLI_KB_DRY_RUN)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `kb import`."""
    path: Path = args.file
    if not path.is_file():
        print(texts.cli_error(f"không có tệp {path}"))
        return 2
    return asyncio.run(_import(args, settings, path.name, path.read_bytes()))


async def _import(args: argparse.Namespace, settings: Settings, name: str, data: bytes) -> int:
    db = Database(settings.database_path)
    await db.open()
    try:
        await migrate(db.conn)
        authority = Authority(UserRepository(db), settings.admin_ids)
        service = OfficialImportService(db, OfficialRepository(db), SystemClock(), authority)
        doc = doc_from_name(args.doc or "") if args.doc else await service.guess_doc(data, name)
        if isinstance(doc, NotStaged):
            print(_plain(describe(doc)))
            return 1
        if doc is None or doc not in DOCS:
            print(texts.CLI_KB_NEED_DOC)
            return 2
        result = await service.stage(None, data, name, doc)
        print(_plain(describe(result)))
        if isinstance(result, NotStaged):
            return 1
        if args.dry_run:
            await service.discard(None, result.import_id)
            return 0
        applied = await service.apply(None, result.import_id)
        units = applied.value.units if isinstance(applied, Ok) else 0
        print(_plain(texts.import_applied(doc, units)))
        return 0
    finally:
        await db.close()


def _plain(html: str) -> str:
    return _TAGS.sub("", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

"""Reading a file the page uploads (multipart/form-data: "file" and optional "caption"),
streamed so a file over the limit is never held in memory."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from aiohttp import BodyPartReader, web

from bot import texts

CHUNK = 256 * 1024
CAPTION_BYTES = 16 * 1024
NAME_LIMIT = 200
# A body this much larger than the file limit is refused before reading it.
DECLARED_SLACK = 1024 * 1024


class TooBig(Exception):
    """The file is over the limit."""


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    content: bytes
    content_type: str | None
    caption: str | None


async def read_upload(request: web.Request, limit: int) -> Upload | None:
    """The uploaded file (None when the form has none); TooBig over `limit` bytes,
    ValueError for a body that is not a form with a file."""
    declared = request.content_length
    if declared is not None and declared > limit + DECLARED_SLACK:
        raise TooBig
    try:
        reader = await request.multipart()
    except (AssertionError, KeyError) as exc:
        raise ValueError("not a multipart body") from exc
    upload: Upload | None = None
    caption: str | None = None
    too_big = False
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise ValueError("nested multipart")
        if part.name == "file" and upload is None:
            content = await _read_limited(part, limit)
            too_big = too_big or content is None
            upload = Upload(
                clean_name(part.filename), content or b"", part.headers.get("Content-Type"), None
            )
        elif part.name == "caption":
            raw = await _read_limited(part, CAPTION_BYTES)
            if raw is None:
                raise ValueError("caption too long")
            caption = raw.decode("utf-8", errors="replace").strip() or None
        else:
            await part.release()
    if too_big:
        raise TooBig
    if upload is None:
        return None
    return Upload(upload.name, upload.content, upload.content_type, caption)


async def _read_limited(part: BodyPartReader, limit: int) -> bytes | None:
    """The part's bytes, or None (after reading the rest, so the client hears the answer)
    when it is over `limit`."""
    data = bytearray()
    over = False
    while chunk := await part.read_chunk(CHUNK):
        if over or len(data) + len(chunk) > limit:
            over = True
            continue
        data.extend(chunk)
    return None if over else bytes(data)


def clean_name(name: str | None) -> str:
    """A file name as Telegram keeps it: no folders, no control characters, not too long."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    kept = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return unicodedata.normalize("NFC", kept)[:NAME_LIMIT] or texts.DEMO_FILE_NAME

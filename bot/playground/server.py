"""The playground's web server: the page's files and the HTTP API it talks to.

Every chat is a private chat whose id is the persona's Telegram user id; any other id is 404.
JSON is UTF-8; an error is {"ok": false, "error": "<Vietnamese sentence>"} with 400 (bad body,
empty or overlong text), 403 (a request from another site), 404 (unknown chat, file or
button) or 413 (file over 20 MB).

GET  /                          static/index.html
GET  /static/{name}             a file directly in static/ (no sub-folders, no "..")
GET  /api/personas              {"bot": {"name", "username"}, "banner",
                                 "personas": [{"key", "user_id", "name", "label"}]}  (in order)
GET  /api/chats/{uid}/messages?since=V&wait=S
     {"version", "messages", "reply_keyboard", "input_placeholder"}: at once when the chat's
     version is not V (or V is absent), else after the next change or S seconds (at most 25).
     "messages" is the whole timeline (oldest first, the last 200); each message is
     {"id": "u-<n>" | "b-<message_id>", "message_id", "from": "user" | "bot",
      "html" (safe: see render.py), "date" (unix seconds), "edited", "deleted",
      "buttons": [[{"text", "data", "url"}]], "document": {"name", "size", "url"} | null,
      "photo": {"url"} | null, "caption_html"}; the keyboard is {"rows": [[str]], "one_time"}.
GET  /api/chats/{uid}/commands  {"commands": [{"command", "description"}]}: the chat's menu
                                (chat scope, else all private chats, else default)
POST /api/chats/{uid}/text      {"text"} (1-4096 characters; "/cmd" is sent as a command)
                                -> {"ok": true}
POST /api/chats/{uid}/press     {"message_id", "data"} -> {"ok": true, "toast":
                                {"text", "show_alert"} | null} (waits up to 5 s for the answer)
POST /api/chats/{uid}/file      multipart "file" (<= 20 MB) and optional "caption"; PNG and
                                JPEG arrive as a photo, the rest as a document -> {"ok": true}
GET  /api/files/{file_id}       the bytes, as an attachment named by filename*=UTF-8''...

The server listens on 127.0.0.1 only, answers only requests addressed to this machine (Host)
and refuses writes sent from another site (Origin).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from aiohttp import web

from bot import texts
from bot.emulator import utf16_len
from bot.playground.chats import Chats
from bot.playground.personas import Persona
from bot.playground.upload import TooBig, read_upload

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
FILE_LIMIT = 20 * 1024 * 1024
MAX_WAIT = 25.0
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_STATIC_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
_STATIC_TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".json": "application/json",
}
# Types a downloaded file is never served as (the browser could run them).
_ACTIVE_TYPES = ("html", "xml", "svg", "javascript", "ecmascript")
_PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

CHATS_KEY = web.AppKey("chats", Chats)
STATIC_KEY = web.AppKey("static", Path)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def create_app(chats: Chats, static_dir: Path) -> web.Application:
    """The page's web application over the personas' chats."""
    app = web.Application(middlewares=[_guard])
    app[CHATS_KEY] = chats
    app[STATIC_KEY] = static_dir.resolve()
    app.router.add_get("/", _index)
    app.router.add_get("/static/{name}", _static)
    app.router.add_get("/api/personas", _personas)
    app.router.add_get("/api/chats/{uid}/messages", _messages)
    app.router.add_get("/api/chats/{uid}/commands", _commands)
    app.router.add_post("/api/chats/{uid}/text", _text)
    app.router.add_post("/api/chats/{uid}/press", _press)
    app.router.add_post("/api/chats/{uid}/file", _file)
    app.router.add_get("/api/files/{file_id}", _download)
    return app


def error(status: int, text: str) -> web.Response:
    """The API's error answer."""
    return web.json_response({"ok": False, "error": text}, status=status)


@web.middleware
async def _guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Only this machine's pages may use the API; unknown paths answer in JSON; every answer
    tells the browser not to sniff, frame or leak it."""
    host = urlsplit(f"//{request.host}").hostname or ""
    origin = request.headers.get("Origin")
    if host not in _LOCAL_HOSTS or (
        request.method not in ("GET", "HEAD") and origin is not None and origin != _origin(request)
    ):
        response: web.StreamResponse = error(403, texts.DEMO_ERR_FORBIDDEN)
    else:
        try:
            response = await handler(request)
        except web.HTTPNotFound:
            response = error(404, texts.DEMO_ERR_NOT_FOUND)
        except web.HTTPMethodNotAllowed:
            response = error(405, texts.DEMO_ERR_BAD_BODY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Content-Security-Policy", _PAGE_POLICY)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


# -- the page's files ---------------------------------------------------------------------


async def _index(request: web.Request) -> web.StreamResponse:
    return _static_file(request.app[STATIC_KEY], "index.html")


async def _static(request: web.Request) -> web.StreamResponse:
    return _static_file(request.app[STATIC_KEY], request.match_info["name"])


def _static_file(folder: Path, name: str) -> web.StreamResponse:
    """A file directly inside the static folder; anything else (paths, dot files) is 404."""
    if not _STATIC_NAME.fullmatch(name) or ".." in name:
        return error(404, texts.DEMO_ERR_NOT_FOUND)
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        return error(404, texts.DEMO_ERR_NOT_FOUND)
    kind = _STATIC_TYPES.get(path.suffix.lower(), "application/octet-stream")
    response = web.Response(body=path.read_bytes(), content_type=kind)
    if kind.startswith("text/") or kind == "application/json":
        response.charset = "utf-8"
    response.headers["Cache-Control"] = "no-cache"
    return response


# -- the API ------------------------------------------------------------------------------


async def _personas(request: web.Request) -> web.StreamResponse:
    chats = request.app[CHATS_KEY]
    bot = chats.fake.bot_user
    return web.json_response(
        {
            "bot": {"name": bot["first_name"], "username": bot["username"]},
            "banner": texts.DEMO_BANNER,
            "personas": [
                {"key": p.key, "user_id": p.user_id, "name": p.name, "label": p.label}
                for p in chats.personas
            ],
        }
    )


def _persona(request: web.Request) -> Persona | None:
    try:
        user_id = int(request.match_info["uid"])
    except ValueError:
        return None
    return request.app[CHATS_KEY].persona(user_id)


async def _messages(request: web.Request) -> web.StreamResponse:
    persona = _persona(request)
    if persona is None:
        return error(404, texts.DEMO_ERR_UNKNOWN_CHAT)
    try:
        since = int(request.query["since"]) if "since" in request.query else None
        wait = min(max(float(request.query.get("wait", "0")), 0.0), MAX_WAIT)
    except ValueError:
        return error(400, texts.DEMO_ERR_BAD_BODY)
    timeline = request.app[CHATS_KEY].timeline
    await timeline.wait(persona.user_id, since, wait)
    return web.json_response(timeline.snapshot(persona.user_id))


async def _commands(request: web.Request) -> web.StreamResponse:
    persona = _persona(request)
    if persona is None:
        return error(404, texts.DEMO_ERR_UNKNOWN_CHAT)
    commands = request.app[CHATS_KEY].fake.commands_for_chat(persona.user_id)
    return web.json_response({"commands": commands})


async def _json_body(request: web.Request) -> dict[str, Any] | None:
    """The request's JSON object (any content type: the Origin check guards writes)."""
    try:
        body = json.loads(await request.text())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


async def _text(request: web.Request) -> web.StreamResponse:
    persona = _persona(request)
    if persona is None:
        return error(404, texts.DEMO_ERR_UNKNOWN_CHAT)
    body = await _json_body(request)
    if body is None or not isinstance(body.get("text"), str):
        return error(400, texts.DEMO_ERR_BAD_BODY)
    text = body["text"].strip()  # Telegram trims what is sent
    if not text:
        return error(400, texts.DEMO_ERR_EMPTY_TEXT)
    if utf16_len(text) > TEXT_LIMIT:
        return error(400, texts.DEMO_ERR_TEXT_TOO_LONG)
    request.app[CHATS_KEY].send_text(persona, text)
    return web.json_response({"ok": True})


async def _press(request: web.Request) -> web.StreamResponse:
    persona = _persona(request)
    if persona is None:
        return error(404, texts.DEMO_ERR_UNKNOWN_CHAT)
    body = await _json_body(request)
    message_id, data = (body or {}).get("message_id"), (body or {}).get("data")
    if (
        not isinstance(message_id, int)
        or isinstance(message_id, bool)
        or not isinstance(data, str)
    ):
        return error(400, texts.DEMO_ERR_BAD_BODY)
    chats = request.app[CHATS_KEY]
    if not chats.has_button(persona, message_id, data):
        return error(404, texts.DEMO_ERR_NO_BUTTON)
    toast = await chats.press(persona, message_id, data)
    answer = {"text": toast.text, "show_alert": toast.show_alert} if toast else None
    return web.json_response({"ok": True, "toast": answer})


async def _file(request: web.Request) -> web.StreamResponse:
    persona = _persona(request)
    if persona is None:
        return error(404, texts.DEMO_ERR_UNKNOWN_CHAT)
    try:
        upload = await read_upload(request, FILE_LIMIT)
    except TooBig:
        return error(413, texts.DEMO_ERR_FILE_TOO_BIG)
    except ValueError:
        return error(400, texts.DEMO_ERR_BAD_BODY)
    if upload is None:
        return error(400, texts.DEMO_ERR_NO_FILE)
    if not upload.content:
        return error(400, texts.DEMO_ERR_EMPTY_FILE)
    if upload.caption is not None and utf16_len(upload.caption) > CAPTION_LIMIT:
        return error(400, texts.DEMO_ERR_CAPTION_TOO_LONG)
    request.app[CHATS_KEY].send_file(
        persona, upload.name, upload.content, upload.content_type, upload.caption
    )
    return web.json_response({"ok": True})


async def _download(request: web.Request) -> web.StreamResponse:
    stored = request.app[CHATS_KEY].fake.stored_file(request.match_info["file_id"])
    if stored is None:
        return error(404, texts.DEMO_ERR_UNKNOWN_FILE)
    name = stored.file_name or PurePosixPath(stored.file_path).name
    kind = stored.mime_type or "application/octet-stream"
    if any(active in kind.lower() for active in _ACTIVE_TYPES):
        kind = "application/octet-stream"
    response = web.Response(body=stored.content, content_type=kind)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response

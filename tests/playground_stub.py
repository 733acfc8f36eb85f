"""A stand-in for the playground backend, speaking its HTTP contract with canned replies.

The page test (tests/e2e/test_playground_page.py) drives the real page in Chromium against
this stub, so every behaviour of the page (toasts, alerts, edits, deletions, files, unread
marks, a lost connection) is reached in seconds and deterministically. The real bot behind the
real backend is driven by tests/e2e/test_playground_browser.py.

What the canned bot does with a text:
  /start      greets, sets a reply keyboard
  dài         a long formatted message with callback and url buttons
  tệp         sends a document and a photo
  báo admin   messages the admin persona (for unread marks)
  anything    echoes it
Buttons: "ok" answers with a toast, "alert" with an alert, "edit" edits the message,
"del" deletes it, "quiet" answers without text.
"""

from __future__ import annotations

import asyncio
import html
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

STATIC = Path(__file__).resolve().parent.parent / "bot" / "playground" / "static"
MAX_FILE = 20 * 1024 * 1024

PERSONAS = [
    {
        "key": "newcomer",
        "user_id": 5001,
        "name": "Lê Văn Mới",
        "label": "Người mới (chưa đăng ký)",
    },
    {"key": "staff", "user_id": 5002, "name": "Trần Thị Bình", "label": "Chuyên viên"},
    {"key": "head", "user_id": 5003, "name": "Nguyễn Văn An", "label": "Thủ trưởng đơn vị"},
    {"key": "deputy", "user_id": 5004, "name": "Phạm Thu Hà", "label": "Phó Chủ tịch UBND"},
    {"key": "admin", "user_id": 5005, "name": "Đỗ Minh Quân", "label": "Phòng Nội vụ (quản trị)"},
]
ADMIN_UID = 5005
BANNER = "Bản chạy thử cục bộ: dữ liệu giả, không kết nối Telegram."
COMMANDS = [
    {"command": "start", "description": "Bắt đầu"},
    {"command": "help", "description": "Hướng dẫn sử dụng"},
    {"command": "toi", "description": "Thông tin của tôi"},
]
LONG_HTML = (
    "<b>Điều 8. Trình tự xem xét đề xuất</b><br>"
    + "<br>".join(
        f"{n}. Nội dung khoản {n}: cán bộ có đề xuất đổi mới, sáng tạo gửi thủ trưởng "
        "cơ quan, đơn vị xem xét theo thẩm quyền."
        for n in range(1, 9)
    )
    + "<br><blockquote>Theo Điều 8 Nghị định 73/2023/NĐ-CP</blockquote>"
    + "Mã: <code>ĐX-2026-0001</code> · <i>nghiêng</i> · <u>gạch chân</u> · "
    + '<span class="tg-spoiler">ẩn</span> · <a href="https://example.org/">liên kết</a>'
)
LONG_BUTTONS = [
    [
        {"text": "👍 Hữu ích", "data": "ok", "url": None},
        {"text": "⚠️ Cảnh báo", "data": "alert", "url": None},
    ],
    [
        {"text": "✏️ Sửa tin", "data": "edit", "url": None},
        {"text": "🗑 Xoá tin", "data": "del", "url": None},
    ],
    [{"text": "Lặng lẽ", "data": "quiet", "url": None}],
    [{"text": "Văn bản gốc", "data": None, "url": "https://example.org/nd73"}],
]
REPLY_KEYBOARD = {"rows": [["❓ Hỏi đáp", "📝 Đề xuất"], ["👤 Tài khoản"]], "one_time": False}


def tiny_png() -> bytes:
    """A 24x16 blue PNG, made here."""
    width, height = 24, 16
    raw = b"".join(b"\x00" + b"\x33\x90\xec" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@dataclass
class Chat:
    version: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)
    keyboard: dict[str, Any] | None = None


class Stub:
    """The canned backend's state: chats, files, and who waits for a change."""

    def __init__(self) -> None:
        self.chats = {p["user_id"]: Chat() for p in PERSONAS}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.changed = asyncio.Event()
        self.offline = False
        self.closing = False
        self._next = 0

    def _id(self) -> int:
        self._next += 1
        return self._next

    def bump(self, uid: int) -> None:
        self.chats[uid].version += 1
        self.changed.set()
        self.changed = asyncio.Event()

    def add(self, uid: int, sender: str, text_html: str, **extra: Any) -> dict[str, Any]:
        number = self._id()
        message: dict[str, Any] = {
            "id": f"{'u' if sender == 'user' else 'b'}-{number}",
            "message_id": number if sender == "bot" else None,
            "from": sender,
            "html": text_html,
            "date": int(time.time()),
            "edited": False,
            "deleted": False,
            "buttons": [],
            "document": None,
            "photo": None,
            "caption_html": None,
        }
        message.update(extra)
        self.chats[uid].messages.append(message)
        self.bump(uid)
        return message

    def store(self, name: str, data: bytes) -> str:
        file_id = f"f{self._id()}"
        self.files[file_id] = (name, data)
        return f"/api/files/{file_id}"

    def reply(self, uid: int, text: str) -> None:
        if text == "/start":
            self.chats[uid].keyboard = REPLY_KEYBOARD
            self.add(uid, "bot", "<b>Xin chào!</b><br>Mời chọn một mục trong menu hoặc gõ /help.")
        elif text == "dài":
            self.add(uid, "bot", LONG_HTML, buttons=LONG_BUTTONS)
        elif text == "tệp":
            csv = "ma,ten\nLTH,Phường Lộc Thọ\n".encode()
            url = self.store("danh-sach.csv", csv)
            self.add(
                uid, "bot", "", document={"name": "danh-sach.csv", "size": len(csv), "url": url}
            )
            self.add(
                uid,
                "bot",
                "",
                photo={"url": self.store("anh.png", tiny_png())},
                caption_html="Ảnh <b>mẫu</b>",
            )
        elif text == "báo admin":
            self.add(ADMIN_UID, "bot", "Có <b>1</b> yêu cầu đăng ký mới.")
            self.add(uid, "bot", "Đã báo quản trị.")
        else:
            echo = html.escape(text).replace("\n", "<br>")
            self.add(uid, "bot", f"Bạn đã gửi: {echo}")

    def press(self, uid: int, message_id: int, data: str) -> dict[str, Any] | None:
        target = next((m for m in self.chats[uid].messages if m["message_id"] == message_id), None)
        if target is None:
            return {"text": "Tin nhắn không còn.", "show_alert": False}
        if data == "ok":
            return {"text": "Cảm ơn bạn đã đánh giá.", "show_alert": False}
        if data == "alert":
            return {"text": "Đây là thông báo dạng hộp thoại.", "show_alert": True}
        if data == "edit":
            target.update(html="<b>Đã sửa</b> nội dung tin nhắn.", edited=True, buttons=[])
        elif data == "del":
            target["deleted"] = True
        self.bump(uid)
        return None


def build_app(stub: Stub) -> web.Application:
    """The aiohttp application: the page's static files and the contract's endpoints."""

    def persona_uid(request: web.Request) -> int:
        uid = int(request.match_info["uid"])
        if uid not in stub.chats:
            raise web.HTTPNotFound(
                text='{"ok": false, "error": "Không có cuộc trò chuyện này."}',
                content_type="application/json",
            )
        return uid

    async def index(_: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html")

    async def static(request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        path = STATIC / name
        if "/" in name or ".." in name or not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def personas(_: web.Request) -> web.Response:
        bot = {"name": "Trợ lý NĐ73", "username": "nd73_demo_bot"}
        return web.json_response({"bot": bot, "banner": BANNER, "personas": PERSONAS})

    async def messages(request: web.Request) -> web.Response:
        uid = persona_uid(request)
        if stub.offline:
            return web.Response(status=503, text="offline")
        chat = stub.chats[uid]
        since = request.query.get("since")
        wait = min(float(request.query.get("wait", "0")), 25.0)
        if since is not None and chat.version <= int(since) and wait > 0:
            deadline = asyncio.get_running_loop().time() + wait
            while chat.version <= int(since) and not stub.closing:
                left = deadline - asyncio.get_running_loop().time()
                if left <= 0:
                    break
                try:
                    await asyncio.wait_for(stub.changed.wait(), left)
                except TimeoutError:
                    break
        return web.json_response(
            {
                "version": chat.version,
                "messages": chat.messages[-200:],
                "reply_keyboard": chat.keyboard,
                "input_placeholder": None,
            }
        )

    async def commands(request: web.Request) -> web.Response:
        persona_uid(request)
        return web.json_response({"commands": COMMANDS})

    async def text(request: web.Request) -> web.Response:
        uid = persona_uid(request)
        body = await request.json()
        value = str(body.get("text", ""))
        if len(value) > 4096:
            return web.json_response({"ok": False, "error": "Tin nhắn quá dài."}, status=400)
        stub.add(uid, "user", html.escape(value).replace("\n", "<br>"))
        stub.reply(uid, value)
        return web.json_response({"ok": True})

    async def press(request: web.Request) -> web.Response:
        uid = persona_uid(request)
        body = await request.json()
        toast = stub.press(uid, int(body["message_id"]), str(body["data"]))
        return web.json_response({"ok": True, "toast": toast})

    async def upload(request: web.Request) -> web.Response:
        uid = persona_uid(request)
        form = await request.post()
        part = form.get("file")
        if not isinstance(part, web.FileField):
            return web.json_response({"ok": False, "error": "Thiếu tệp."}, status=400)
        data = part.file.read()
        url = stub.store(part.filename, data)
        caption = form.get("caption")
        caption_html = html.escape(caption) if isinstance(caption, str) else None
        if part.content_type in ("image/png", "image/jpeg"):
            stub.add(uid, "user", "", photo={"url": url}, caption_html=caption_html)
        else:
            doc = {"name": part.filename, "size": len(data), "url": url}
            stub.add(uid, "user", "", document=doc, caption_html=caption_html)
        stub.add(uid, "bot", f"Đã nhận tệp {html.escape(part.filename)}.")
        return web.json_response({"ok": True})

    async def download(request: web.Request) -> web.Response:
        name, data = stub.files[request.match_info["file_id"]]
        return web.Response(
            body=data,
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    async def set_offline(request: web.Request) -> web.Response:
        stub.offline = bool((await request.json())["offline"])
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=MAX_FILE + 1024 * 1024)
    app.router.add_get("/", index)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/api/personas", personas)
    app.router.add_get("/api/chats/{uid}/messages", messages)
    app.router.add_get("/api/chats/{uid}/commands", commands)
    app.router.add_post("/api/chats/{uid}/text", text)
    app.router.add_post("/api/chats/{uid}/press", press)
    app.router.add_post("/api/chats/{uid}/file", upload)
    app.router.add_get("/api/files/{file_id}", download)
    app.router.add_post("/_stub/offline", set_offline)
    return app


class StubServer:
    """The stub on 127.0.0.1 in a thread of its own, so a blocking browser driver can use it."""

    def __init__(self) -> None:
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._stub: Stub | None = None

    def __enter__(self) -> StubServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _start(self) -> None:
        self._stub = Stub()
        self._runner = web.AppRunner(build_app(self._stub), shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def _stop(self) -> None:
        assert self._runner is not None and self._stub is not None
        self._stub.closing = True
        self._stub.changed.set()  # long polls return now
        await self._runner.cleanup()
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)


if __name__ == "__main__":  # A manual look: python -m tests.playground_stub
    with StubServer() as server:
        print(server.url, flush=True)
        threading.Event().wait()

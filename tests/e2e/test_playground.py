"""The playground (`python -m bot demo`) end to end: its HTTP API over the real bot, the
emulator and a fresh SQLite file, driven as the web page drives it."""

from __future__ import annotations

import asyncio
import html
import io
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from yarl import URL

from bot import texts
from bot.models.outcomes import Ok
from bot.models.people import Role
from bot.models.proposals import Route
from bot.playground.demo import Demo
from bot.playground.personas import ADMIN, CHAIR, DEPUTY, HEAD, NEWCOMER, PERSONAS, STAFF, Persona
from bot.playground.server import FILE_LIMIT
from tests.e2e.seed import seed_users

Snapshot = dict[str, Any]
INDEX = "<!doctype html><title>Trợ lý NĐ73</title>"
REPO_ROOT = Path(__file__).resolve().parents[2]


def leftovers(folder: Path) -> list[Path]:
    return list(folder.iterdir())


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Demo]:
    """The demo's components on a free port, a fresh database and a page folder of its own."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text(INDEX, encoding="utf-8")
    (static / "app.js").write_text("// the page", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the page", encoding="utf-8")
    running = Demo(port=0, database=tmp_path / "demo.sqlite3", static_dir=static)
    await running.start()
    try:
        yield running
        # Flood control (429) is Telegram's rule at work, which the bot waits out.
        refused = [r for r in running.fake.rejections if r.error_code != 429]
        assert refused == [], running.fake.describe_sent()
    finally:
        await running.stop()


@pytest.fixture
async def client(demo: Demo) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=demo.url) as session:
        yield session


async def get(client: aiohttp.ClientSession, path: str, **params: Any) -> Any:
    async with client.get(path, params=params or None) as response:
        assert response.status == 200, await response.text()
        return await response.json()


async def post(client: aiohttp.ClientSession, path: str, body: Any) -> tuple[int, Any]:
    async with client.post(path, json=body) as response:
        return response.status, await response.json()


async def say(client: aiohttp.ClientSession, persona: Persona, text: str) -> None:
    status, answer = await post(client, f"/api/chats/{persona.user_id}/text", {"text": text})
    assert (status, answer) == (200, {"ok": True})


async def until(
    client: aiohttp.ClientSession,
    persona: Persona,
    check: Callable[[Snapshot], bool],
    timeout: float = 20.0,
) -> Snapshot:
    """Long-poll the chat, as the page does, until `check` holds."""
    path = f"/api/chats/{persona.user_id}/messages"
    snapshot: Snapshot = await get(client, path)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check(snapshot):
        if loop.time() > deadline:
            raise AssertionError(f"not seen in {timeout}s: {plain_messages(snapshot)[-5:]}")
        snapshot = await get(client, path, since=snapshot["version"], wait=2)
    return snapshot


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n")))


def plain_messages(snapshot: Snapshot) -> list[str]:
    return [plain(m["html"]) for m in snapshot["messages"]]


def bot_messages(snapshot: Snapshot) -> list[dict[str, Any]]:
    return [m for m in snapshot["messages"] if m["from"] == "bot" and not m["deleted"]]


def last_bot(snapshot: Snapshot, containing: str) -> dict[str, Any]:
    found = [m for m in bot_messages(snapshot) if containing in plain(m["html"])]
    assert found, plain_messages(snapshot)
    return found[-1]


def has_bot(containing: str) -> Callable[[Snapshot], bool]:
    return lambda snapshot: any(containing in plain(m["html"]) for m in bot_messages(snapshot))


def button(message: dict[str, Any], label: str) -> str:
    for row in message["buttons"]:
        for item in row:
            if label in item["text"] and item["data"]:
                return str(item["data"])
    raise AssertionError(f"no button {label!r} in {message['buttons']}")


async def press(
    client: aiohttp.ClientSession, persona: Persona, message: dict[str, Any], label: str
) -> Any:
    body = {"message_id": message["message_id"], "data": button(message, label)}
    status, answer = await post(client, f"/api/chats/{persona.user_id}/press", body)
    assert status == 200 and answer["ok"] is True, answer
    return answer["toast"]


def keyboard_labels(snapshot: Snapshot) -> list[str]:
    keyboard = snapshot["reply_keyboard"]
    assert keyboard is not None, "no reply keyboard"
    return [label for row in keyboard["rows"] for label in row]


async def test_personas_and_the_page(demo: Demo, client: aiohttp.ClientSession) -> None:
    answer = await get(client, "/api/personas")
    assert [p["key"] for p in answer["personas"]] == [p.key for p in PERSONAS]
    assert [p["label"] for p in answer["personas"]][:3] == [
        "Chuyên viên",
        "Thủ trưởng đơn vị",
        "Phó Chủ tịch UBND",
    ]
    assert all(p["user_id"] and p["name"] for p in answer["personas"])
    assert answer["banner"].startswith("Bản chạy thử cục bộ")
    assert answer["bot"]["username"] == demo.fake.bot_user["username"]
    async with client.get("/") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert await response.text() == INDEX
    async with client.get("/static/app.js") as response:
        assert response.status == 200 and response.content_type == "text/javascript"


async def test_a_newcomer_registers_and_an_admin_approves_through_the_page(
    client: aiohttp.ClientSession,
) -> None:
    await say(client, NEWCOMER, "/start")
    greeted = await until(client, NEWCOMER, has_bot("Xin chào"))
    mine = [m for m in greeted["messages"] if m["from"] == "user"]
    assert mine[0]["html"] == "/start" and mine[0]["id"].startswith("u-")
    greeting = last_bot(greeted, "Xin chào")
    assert "<b>Em</b>" in greeting["html"] and greeting["id"] == f"b-{greeting['message_id']}"
    assert texts.MENU_REGISTER in keyboard_labels(greeted)
    await say(client, NEWCOMER, "/dangky")
    await until(client, NEWCOMER, has_bot("Bước 1/3"))
    await say(client, NEWCOMER, NEWCOMER.name)
    await until(client, NEWCOMER, has_bot("Bước 2/3"))
    await say(client, NEWCOMER, "loc tho")
    step3 = await until(client, NEWCOMER, has_bot("Bước 3/3"))
    await press(client, NEWCOMER, last_bot(step3, "Bước 3/3"), "Chuyên viên")
    review = await until(client, NEWCOMER, has_bot("Xem lại"))
    await press(client, NEWCOMER, last_bot(review, "Xem lại"), texts.BTN_SUBMIT)
    await until(client, NEWCOMER, has_bot(texts.REG_SUBMITTED))
    request = last_bot(await until(client, ADMIN, has_bot(NEWCOMER.name)), NEWCOMER.name)
    toast = await press(client, ADMIN, request, texts.BTN_APPROVE)
    assert toast == {"text": f"Đã duyệt yêu cầu của {NEWCOMER.name}.", "show_alert": False}
    decided = await until(client, ADMIN, has_bot("Đã duyệt bởi"))
    edited = last_bot(decided, "Đã duyệt bởi")
    assert edited["message_id"] == request["message_id"] and edited["edited"]
    assert edited["buttons"] == []
    welcomed = await until(client, NEWCOMER, has_bot("đã được duyệt"))
    assert texts.MENU_PROPOSE in keyboard_labels(welcomed)


async def test_the_long_poll_returns_on_a_change(client: aiohttp.ClientSession) -> None:
    path = f"/api/chats/{NEWCOMER.user_id}/messages"
    first = await get(client, path)
    assert first["messages"] == [] and first["reply_keyboard"] is None
    quiet = await get(client, path, since=first["version"], wait=0.3)
    assert quiet["version"] == first["version"]
    waiting = asyncio.create_task(get(client, path, since=first["version"], wait=20))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    loop = asyncio.get_running_loop()
    started = loop.time()
    await say(client, NEWCOMER, "/help")
    changed = await waiting
    assert loop.time() - started < 5
    assert changed["version"] > first["version"]
    assert changed["messages"][-1]["from"] == "user"


async def test_a_question_and_a_toast(client: aiohttp.ClientSession) -> None:
    await say(client, STAFF, "can bo dam nghi dam lam la gi")
    answered = await until(client, STAFF, has_bot("Theo Điều 3"))
    answer = last_bot(answered, "Theo Điều 3")
    assert "<b>" in answer["html"] and "<br>" in answer["html"]
    toast = await press(client, STAFF, answer, "👍")
    assert toast == {"text": texts.FEEDBACK_THANKS, "show_alert": False}


async def test_menus_follow_the_role(client: aiohttp.ClientSession) -> None:
    def commands_of(answer: Any) -> set[str]:
        return {item["command"] for item in answer["commands"]}

    staff = commands_of(await get(client, f"/api/chats/{STAFF.user_id}/commands"))
    admin = commands_of(await get(client, f"/api/chats/{ADMIN.user_id}/commands"))
    newcomer = commands_of(await get(client, f"/api/chats/{NEWCOMER.user_id}/commands"))
    assert {"dexuat", "hanbaocao"} <= staff and "nguoidung" not in staff
    assert {"nguoidung", "donvi", "taohan"} <= admin
    assert "dangky" in newcomer and "dexuat" not in newcomer


async def test_seeded_work_waits_for_each_persona(client: aiohttp.ClientSession) -> None:
    card = last_bot(await until(client, HEAD, has_bot("ĐX-")), "ĐX-")
    assert texts.ACTION_BUTTONS["approve"] in [b["text"] for row in card["buttons"] for b in row]
    title = texts.DEMO_STAFF_PLAN["title"]
    await say(client, HEAD, "/duyet")
    waiting = await until(client, HEAD, has_bot("chờ bạn xử lý"))
    assert title in plain(last_bot(waiting, "chờ bạn xử lý")["html"])
    deputy_card = await until(client, DEPUTY, has_bot(texts.DEMO_HEAD_PLAN["title"]))
    assert "Chuyển đổi số" in plain(last_bot(deputy_card, "ĐX-")["html"])
    await say(client, STAFF, "/hanbaocao")
    deadlines = await until(client, STAFF, has_bot(texts.DEMO_DEADLINE_TITLE))
    listed = last_bot(deadlines, texts.DEMO_DEADLINE_TITLE)
    assert any("Đã nộp" in b["text"] for row in listed["buttons"] for b in row)


async def test_a_heads_plan_in_any_field_reaches_the_deputy(
    demo: Demo, client: aiohttp.ClientSession
) -> None:
    """The deputy is in charge of the ward (and of «Chuyển đổi số»); the chair is informed."""
    services = demo.services
    title = "Rút ngắn thời gian cấp giấy phép xây dựng"
    start = services.clock.now().astimezone(services.settings.tz).date() + timedelta(days=30)
    answers = {"title": title, "field": "Cải cách hành chính", "period": {"start": f"{start}"}}
    async with services.db.transaction() as conn:
        assert isinstance(await services.proposals.submit(conn, HEAD.user_id, answers), Ok)
    services.wake_outbox()
    card = last_bot(await until(client, DEPUTY, has_bot(title)), title)
    assert texts.ACTION_BUTTONS["approve"] in [b["text"] for row in card["buttons"] for b in row]
    assert f"{DEPUTY.name} (Cấp trên: Lãnh đạo UBND thành phố)" in plain(card["html"])
    sent = await services.proposals.views.mine(HEAD.user_id)
    proposal = next(p for p in sent if p.title == title)
    assert (proposal.route, proposal.reviewer_id) == (Route.CITY, DEPUTY.user_id)
    chair = await services.people.users.get(CHAIR.user_id)
    assert chair is not None and chair.is_head and chair.role is Role.LEADER
    async with asyncio.timeout(20):  # the chair, at the same level, is informed
        while not any(m.chat_id == CHAIR.user_id and title in m.body for m in demo.fake.sent):
            await demo.fake.wait_change(1)
    await say(client, ADMIN, f"/nguoidung {DEPUTY.user_id}")
    found = await until(client, ADMIN, has_bot(texts.users_found(1)))
    await press(client, ADMIN, last_bot(found, texts.users_found(1)), DEPUTY.name)
    shown = await until(client, ADMIN, has_bot("Đơn vị: Lãnh đạo UBND thành phố"))
    assert "phụ trách đơn vị: Phường Lộc Thọ" in plain(last_bot(shown, "Đơn vị:")["html"])


async def test_files_both_ways(demo: Demo, client: aiohttp.ClientSession) -> None:
    rows = "code,name,kind\nP-THU,Phường Thử Nghiệm,ward\n".encode()
    form = aiohttp.FormData(quote_fields=False)  # as browsers send names: raw UTF-8
    form.add_field("file", rows, filename="đơn vị.csv", content_type="text/csv")
    form.add_field("caption", "donvi them")
    async with client.post(f"/api/chats/{ADMIN.user_id}/file", data=form) as response:
        assert response.status == 200, await response.text()
    imported = await until(client, ADMIN, has_bot(texts.csv_imported(1, replace=False)))
    sent = [m for m in imported["messages"] if m["from"] == "user" and m["document"]][-1]
    assert sent["document"]["name"] == "đơn vị.csv" and sent["caption_html"] == "donvi them"
    async with client.get(sent["document"]["url"]) as response:
        assert await response.read() == rows
        assert response.content_type == "text/csv"
    await say(client, ADMIN, "/xuat cauhoi")
    exported = await until(client, ADMIN, lambda s: any(m["document"] for m in bot_messages(s)))
    document = next(m for m in bot_messages(exported) if m["document"])["document"]
    assert document["name"].endswith(".xlsx") and document["size"] > 0
    async with client.get(document["url"]) as response:
        assert response.status == 200
        assert (await response.read())[:2] == b"PK"
        disposition = response.headers["Content-Disposition"]
        assert disposition == f"attachment; filename*=UTF-8''{document['name']}"
    photo = aiohttp.FormData()
    photo.add_field(
        "file", b"\x89PNG\r\n\x1a\n fake", filename="anh.png", content_type="image/png"
    )
    async with client.post(f"/api/chats/{STAFF.user_id}/file", data=photo) as response:
        assert response.status == 200
    snapshot = await get(client, f"/api/chats/{STAFF.user_id}/messages")
    assert snapshot["messages"][-1]["photo"]["url"].startswith("/api/files/")
    page = aiohttp.FormData()
    page.add_field(
        "file", b"<script>alert(1)</script>", filename="x.html", content_type="text/html"
    )
    async with client.post(f"/api/chats/{STAFF.user_id}/file", data=page) as response:
        assert response.status == 200
    snapshot = await get(client, f"/api/chats/{STAFF.user_id}/messages")
    async with client.get(snapshot["messages"][-1]["document"]["url"]) as response:
        assert response.content_type == "application/octet-stream"  # never run as a page
        assert response.headers["Content-Security-Policy"].startswith("sandbox")


async def test_what_the_api_refuses(demo: Demo, client: aiohttp.ClientSession) -> None:
    for path in ("/api/chats/1/messages", "/api/chats/1/commands", "/api/chats/abc/messages"):
        async with client.get(path) as response:
            assert response.status == 404
            assert (await response.json())["ok"] is False
    assert (await post(client, "/api/chats/1/text", {"text": "hi"}))[0] == 404
    text_path = f"/api/chats/{STAFF.user_id}/text"
    for body in ({"text": ""}, {"text": "   \n"}, {"text": "x" * 4097}, {"nope": 1}, [1]):
        status, answer = await post(client, text_path, body)
        assert status == 400 and answer["ok"] is False and answer["error"], body
    async with client.post(text_path, data=b"{not json") as response:
        assert response.status == 400
    press_path = f"/api/chats/{STAFF.user_id}/press"
    assert (await post(client, press_path, {"message_id": "1", "data": "x"}))[0] == 400
    assert (await post(client, press_path, {"message_id": 1, "data": "forged"}))[0] == 404
    big = aiohttp.FormData()
    big.add_field("file", io.BytesIO(b"0" * (FILE_LIMIT + 1)), filename="big.bin")
    async with client.post(f"/api/chats/{STAFF.user_id}/file", data=big) as response:
        assert response.status == 413
        assert (await response.json())["error"] == texts.DEMO_ERR_FILE_TOO_BIG
    empty = aiohttp.FormData()
    empty.add_field("caption", "no file")
    async with client.post(f"/api/chats/{STAFF.user_id}/file", data=empty) as response:
        assert response.status == 400
    async with client.get("/api/files/BQACnothing") as response:
        assert response.status == 404
    for path in ("/static/..%2Fsecret.txt", "/static/.hidden", "/static/%2E%2E", "/../secret.txt"):
        async with client.get(URL(path, encoded=True)) as response:  # sent as written
            assert response.status == 404, path
            assert "not for the page" not in await response.text()
    async with client.get("/api/personas", headers={"Host": "attacker.example"}) as response:
        assert response.status == 403
    origin = {"Origin": "http://attacker.example"}
    async with client.post(text_path, json={"text": "hi"}, headers=origin) as response:
        assert response.status == 403
    staff = await get(client, f"/api/chats/{STAFF.user_id}/messages")
    assert not any(m["from"] == "user" and m["html"] == "hi" for m in staff["messages"])


async def test_the_command_runs_until_ctrl_c_and_leaves_nothing_behind(tmp_path: Path) -> None:
    """`python -m bot demo` as a person runs it: the address printed, the page answering,
    Ctrl-C stopping it with exit code 0, its temporary database gone, no token printed."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "BOT_TOKEN": "1234567:must-never-be-read"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=REPO_ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        async with asyncio.timeout(90):
            first = (await process.stdout.readline()).decode()
        found = re.search(r"http://127\.0\.0\.1:(\d+)", first)
        assert found, first + (await process.stderr.read()).decode()
        assert leftovers(tmp_path), "no temporary database"
        async with (
            aiohttp.ClientSession(base_url=found.group()) as session,
            session.get("/api/personas") as response,
        ):
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):
            out, err = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err.decode()
    printed = first + out.decode() + err.decode()
    assert texts.DEMO_STOPPED in printed
    assert "7000000001:" not in printed and "must-never-be-read" not in printed
    assert leftovers(tmp_path) == []


async def test_a_kept_database_is_seeded_once(tmp_path: Path) -> None:
    kept = tmp_path / "kept.sqlite3"
    for run in range(2):
        demo = Demo(port=0, database=kept, static_dir=tmp_path)
        await demo.start()
        try:
            proposals = await demo.services.proposals.views.mine(STAFF.user_id)
            deadlines = await demo.services.deadlines.for_user(STAFF.user_id)
            starts = [m for m in demo.fake.sent if m.chat_id == HEAD.user_id]
        finally:
            await demo.stop()
        assert [p.title for p in proposals] == [texts.DEMO_STAFF_PLAN["title"]], run
        assert [d.deadline.title for d in deadlines] == [texts.DEMO_DEADLINE_TITLE], run
        assert bool(starts) == (run == 0), "the chats are opened on the first start only"


async def test_a_database_in_use_gets_no_demo_people(tmp_path: Path) -> None:
    used = tmp_path / "used.sqlite3"
    await seed_users(used, [(4242, "Người Thật", "NV", Role.STAFF, False)])
    demo = Demo(port=0, database=used, static_dir=tmp_path)
    await demo.start()
    try:
        users = demo.services.people.users
        assert [await users.get(p.user_id) for p in PERSONAS] == [None] * len(PERSONAS)
        assert await demo.services.proposals.views.mine(STAFF.user_id) == []
    finally:
        await demo.stop()

"""The local playground: `python -m bot demo` runs the real bot against the embedded Bot API
emulator (bot/emulator) and serves a web chat page on 127.0.0.1 where one person can be a
member of staff, a unit head, a Phó Chủ tịch, an admin and a newcomer, each in their own chat.

demo.py wires and runs it; server.py is the page's HTTP API (its contract is in that module's
docstring); chats.py acts as the personas; timeline.py is what each chat shows; render.py turns
Telegram formatting into safe HTML; upload.py reads uploaded files; seed.py writes the demo
data; personas.py names the people. The page itself is plain HTML, CSS and JavaScript in
static/, served as is.
"""

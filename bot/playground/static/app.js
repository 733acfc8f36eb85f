// The playground's chat page: one Telegram-like private chat per persona, talking to the
// local backend over the JSON API in docs (GET messages by long poll, POST text/press/file).
// Plain browser JavaScript, no build step, no external resources.
"use strict";

(() => {
  const MAX_FILE_BYTES = 20 * 1024 * 1024;
  const POLL_WAIT_S = 25;
  const OTHERS_EVERY_MS = 4000;
  const TOAST_MS = 2500;
  const NOTICE_MS = 6000;

  const WORDS = {
    loading: "đang tải…",
    offline: "Mất kết nối với máy chủ chạy thử. Đang thử lại…",
    sendFailed: "Không gửi được tin nhắn. Vui lòng thử lại.",
    pressFailed: "Không bấm được nút. Vui lòng thử lại.",
    fileTooBig: (name, size) =>
      `Tệp «${name}» có dung lượng ${formatSize(size)}, vượt quá giới hạn 20 MB.`,
    fileSending: (name) => `Đang gửi tệp «${name}»…`,
    fileFailed: "Không gửi được tệp. Vui lòng thử lại.",
    noCommands: "Bot chưa đặt danh sách lệnh cho cuộc trò chuyện này.",
    commandsFailed: "Không tải được danh sách lệnh.",
    edited: "đã chỉnh sửa",
    today: "Hôm nay",
    yesterday: "Hôm qua",
    empty: "Chưa có tin nhắn nào. Bấm «Bắt đầu» để gửi /start cho bot.",
    start: "Bắt đầu",
    photo: "Ảnh",
    download: "Tải xuống",
    placeholder: "Tin nhắn",
    unread: (n) => `${n} tin chưa đọc`,
  };

  const $ = (id) => document.getElementById(id);
  const ui = {
    botName: $("bot-name"),
    whoami: $("whoami"),
    avatar: $("bot-avatar"),
    personas: $("personas"),
    banner: $("banner"),
    notice: $("notice"),
    messages: $("messages"),
    cmdMenu: $("cmd-menu"),
    replyKb: $("reply-keyboard"),
    form: $("composer-bar"),
    menuBtn: $("menu-btn"),
    attach: $("attach"),
    fileInput: $("file-input"),
    composer: $("composer"),
    kbToggle: $("kb-toggle"),
    toast: $("toast"),
    alert: $("alert"),
    alertText: $("alert-text"),
    alertOk: $("alert-ok"),
  };

  const state = {
    personas: [],
    active: null,
    chats: new Map(), // user_id -> {version, messages, keyboard, placeholder, seen:Set, loaded}
    drafts: new Map(), // user_id -> text typed but not sent
    pollToken: 0,
    pollAbort: null,
    nodes: new Map(), // message id -> {sig, el} for the active chat
    shownIds: new Set(),
    kbSig: null,
    kbHidden: false,
    offline: false,
  };

  // ---------- small helpers ----------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const pad = (n) => String(n).padStart(2, "0");

  function formatSize(bytes) {
    const number = (value) => value.toLocaleString("vi-VN", { maximumFractionDigits: 1 });
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${number(bytes / 1024)} KB`;
    return `${number(bytes / (1024 * 1024))} MB`;
  }

  function timeOf(seconds) {
    const d = new Date(seconds * 1000);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  function dayOf(seconds) {
    const d = new Date(seconds * 1000);
    const today = new Date();
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    const same = (a, b) =>
      a.getFullYear() === b.getFullYear() &&
      a.getMonth() === b.getMonth() &&
      a.getDate() === b.getDate();
    if (same(d, today)) return WORDS.today;
    if (same(d, yesterday)) return WORDS.yesterday;
    return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  }

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function request(path, init) {
    const response = await fetch(path, init);
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok || (body && body.ok === false)) {
      const message = body && body.error ? body.error : `Lỗi ${response.status}`;
      throw new ApiError(message, response.status);
    }
    return body;
  }

  const getJSON = (path, signal) => request(path, { signal, cache: "no-store" });
  const postJSON = (path, payload) =>
    request(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });

  const chatPath = (persona, tail) => `/api/chats/${persona.user_id}/${tail}`;

  function chatOf(persona) {
    let chat = state.chats.get(persona.user_id);
    if (!chat) {
      chat = { version: null, messages: [], keyboard: null, placeholder: null, seen: new Set() };
      state.chats.set(persona.user_id, chat);
    }
    return chat;
  }

  // ---------- notices, toast, alert ----------

  let noticeTimer = null;

  function showNotice(text, sticky) {
    clearTimeout(noticeTimer);
    ui.notice.textContent = text;
    ui.notice.hidden = false;
    if (!sticky) noticeTimer = setTimeout(hideNotice, NOTICE_MS);
  }

  function hideNotice() {
    clearTimeout(noticeTimer);
    ui.notice.hidden = true;
  }

  function setOffline(offline) {
    if (offline === state.offline) return;
    state.offline = offline;
    if (offline) showNotice(WORDS.offline, true);
    else hideNotice();
  }

  function reportError(error, fallback) {
    if (error instanceof ApiError) showNotice(error.message || fallback, false);
    else showNotice(fallback, false);
  }

  let toastTimer = null;

  function showToast(text) {
    clearTimeout(toastTimer);
    // Near the bottom, just above the composer, as a phone shows it.
    const app = document.getElementById("app").getBoundingClientRect();
    const bar = ui.form.getBoundingClientRect();
    ui.toast.style.bottom = `${Math.max(app.bottom - bar.top, 0) + 14}px`;
    ui.toast.textContent = text;
    ui.toast.hidden = false;
    ui.toast.classList.add("show");
    toastTimer = setTimeout(() => {
      ui.toast.classList.remove("show");
      ui.toast.hidden = true;
    }, TOAST_MS);
  }

  function showAlert(text) {
    ui.alertText.textContent = text;
    ui.alert.hidden = false;
    ui.alertOk.focus();
  }

  function closeAlert() {
    ui.alert.hidden = true;
    ui.composer.focus({ preventScroll: true });
  }

  // ---------- personas ----------

  function renderPersonas() {
    ui.personas.replaceChildren();
    for (const persona of state.personas) {
      const tab = el("button", "persona");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.dataset.key = persona.key;
      tab.title = `${persona.name} · ${persona.label}`;
      // "Người mới (chưa đăng ký)": the part in brackets goes on a smaller second line.
      const match = /^(.*?)\s*\((.+)\)$/.exec(persona.label);
      tab.append(el("span", "label", match ? match[1] : persona.label));
      if (match) tab.append(el("span", "note", match[2]));
      tab.append(el("span", "badge"));
      tab.addEventListener("click", () => switchPersona(persona.key));
      ui.personas.append(tab);
    }
  }

  function updateTabs() {
    for (const tab of ui.personas.querySelectorAll(".persona")) {
      const persona = state.personas.find((p) => p.key === tab.dataset.key);
      const active = persona === state.active;
      tab.classList.toggle("active", active);
      tab.setAttribute("aria-selected", active ? "true" : "false");
      const chat = chatOf(persona);
      const unread = active
        ? 0
        : chat.messages.filter((m) => m.from === "bot" && !m.deleted && !chat.seen.has(m.id))
            .length;
      const badge = tab.querySelector(".badge");
      badge.dataset.count = String(unread);
      badge.title = unread > 0 ? WORDS.unread(unread) : "";
      tab.setAttribute("aria-label", unread > 0 ? `${tab.title}, ${WORDS.unread(unread)}` : tab.title);
      tab.classList.toggle("unread", unread > 0);
    }
  }

  function switchPersona(key) {
    const persona = state.personas.find((p) => p.key === key);
    if (!persona || persona === state.active) return;
    if (state.active) state.drafts.set(state.active.user_id, ui.composer.value);
    state.active = persona;
    try {
      localStorage.setItem("playground-persona", key);
    } catch (_) {
      /* storage may be off: the choice then lasts for this page only */
    }
    history.replaceState(null, "", `#${key}`);
    ui.whoami.textContent = `${persona.name} · ${persona.label}`;
    ui.composer.value = state.drafts.get(persona.user_id) || "";
    autosize();
    closeMenu();
    state.nodes.clear();
    state.shownIds.clear();
    ui.messages.replaceChildren();
    state.kbSig = null;
    state.kbHidden = false;
    const chat = chatOf(persona);
    if (chat.version !== null) renderChat(persona);
    updateTabs();
    startActivePoll();
  }

  // ---------- messages ----------

  const COMMAND = /(^|[\s(«"])(\/[A-Za-z0-9_]{1,32})(?=$|[\s.,;:!?)»"])/g;

  // As Telegram does, a /command in the bot's text is a link that sends it.
  function linkCommands(box) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.parentElement.closest("a, code, pre") && COMMAND.test(node.data)) found.push(node);
      COMMAND.lastIndex = 0;
    }
    for (const node of found) {
      const pieces = document.createDocumentFragment();
      let last = 0;
      for (const match of node.data.matchAll(COMMAND)) {
        const start = match.index + match[1].length;
        pieces.append(node.data.slice(last, start));
        const link = el("a", "cmd-link", match[2]);
        link.href = "#";
        link.addEventListener("click", (event) => {
          event.preventDefault();
          sendText(match[2]);
        });
        pieces.append(link);
        last = start + match[2].length;
      }
      pieces.append(node.data.slice(last));
      node.replaceWith(pieces);
    }
  }

  function bubbleText(html, className, commands) {
    const box = el("div", className);
    box.innerHTML = html;
    for (const link of box.querySelectorAll("a[href]")) {
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
    if (commands) linkCommands(box);
    return box;
  }

  function documentChip(doc) {
    const chip = el("a", "doc");
    chip.href = doc.url;
    chip.download = doc.name;
    chip.title = `${WORDS.download}: ${doc.name}`;
    const icon = el("span", "doc-icon");
    icon.innerHTML =
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14"/></svg>';
    const info = el("span", "doc-info");
    info.append(el("span", "doc-name", doc.name), el("span", "doc-size", formatSize(doc.size)));
    chip.append(icon, info);
    return chip;
  }

  function photoBox(photo) {
    const link = el("a", "photo");
    link.href = photo.url;
    link.target = "_blank";
    link.rel = "noopener";
    const img = el("img");
    img.src = photo.url;
    img.alt = WORDS.photo;
    img.addEventListener("load", () => {
      if (nearBottom(200)) scrollToBottom(false);
    });
    link.append(img);
    return link;
  }

  function inlineKeyboard(message) {
    const board = el("div", "inline-kb");
    for (const row of message.buttons) {
      const line = el("div", "kb-row");
      for (const button of row) {
        let node;
        if (button.url) {
          node = el("a", "inline-btn url", button.text);
          node.title = button.url;
          node.href = button.url;
          node.target = "_blank";
          node.rel = "noopener noreferrer";
        } else {
          node = el("button", "inline-btn", button.text);
          node.type = "button";
          node.title = button.text;
          node.dataset.data = button.data || "";
          node.addEventListener("click", () => press(node, message, button.data || ""));
        }
        line.append(node);
      }
      board.append(line);
    }
    return board;
  }

  function messageNode(message) {
    const side = message.from === "user" ? "out" : "in";
    const row = el("div", `msg ${side}`);
    row.dataset.id = message.id;
    if (message.message_id !== null && message.message_id !== undefined) {
      row.dataset.messageId = String(message.message_id);
    }
    const bubble = el("div", `bubble ${side}`);
    if (message.photo) {
      bubble.classList.add("has-photo");
      bubble.append(photoBox(message.photo));
    }
    if (message.document) bubble.append(documentChip(message.document));
    const parts = [message.html, message.caption_html].filter((part) => part);
    if (parts.length === 2 && parts[0] === parts[1]) parts.pop();
    for (const part of parts) bubble.append(bubbleText(part, "text", side === "in"));
    const meta = el("span", "meta");
    if (message.edited) meta.append(el("span", "edited", WORDS.edited));
    meta.append(el("span", "time", timeOf(message.date)));
    if (side === "out") meta.append(el("span", "ticks", "✓✓"));
    bubble.append(meta);
    row.append(bubble);
    if (message.buttons && message.buttons.length) row.append(inlineKeyboard(message));
    return row;
  }

  function nearBottom(slack) {
    const box = ui.messages;
    return box.scrollHeight - box.scrollTop - box.clientHeight < slack;
  }

  function scrollToBottom(smooth) {
    const box = ui.messages;
    box.scrollTo({ top: box.scrollHeight, behavior: smooth ? "smooth" : "auto" });
  }

  function emptyNode() {
    const box = el("div", "empty");
    box.append(el("p", null, WORDS.empty));
    const start = el("button", "start-btn", WORDS.start);
    start.type = "button";
    start.id = "start-btn";
    start.addEventListener("click", () => sendText("/start"));
    box.append(start);
    return box;
  }

  function renderChat(persona) {
    const chat = chatOf(persona);
    const wasNearBottom = nearBottom(120);
    const firstPaint = state.shownIds.size === 0;
    const visible = chat.messages.filter((m) => !m.deleted);
    const nodes = [];
    const kept = new Map();
    let lastDay = null;
    let arrived = false;
    for (const message of visible) {
      const day = dayOf(message.date);
      if (day !== lastDay) {
        nodes.push(el("div", "day", day));
        lastDay = day;
      }
      const sig = JSON.stringify(message);
      const cached = state.nodes.get(message.id);
      const node = cached && cached.sig === sig ? cached.el : messageNode(message);
      kept.set(message.id, { sig, el: node });
      nodes.push(node);
      if (!state.shownIds.has(message.id)) arrived = true;
    }
    if (!visible.length) nodes.push(emptyNode());
    state.nodes = kept;
    state.shownIds = new Set(visible.map((m) => m.id));
    ui.messages.replaceChildren(...nodes);
    renderReplyKeyboard(chat);
    ui.composer.placeholder = chat.placeholder || WORDS.placeholder;
    if (firstPaint || wasNearBottom || arrived) scrollToBottom(!firstPaint && arrived);
  }

  // ---------- reply keyboard and command menu ----------

  function renderReplyKeyboard(chat) {
    const keyboard = chat.keyboard;
    const sig = JSON.stringify(keyboard);
    if (sig !== state.kbSig) {
      state.kbSig = sig;
      state.kbHidden = false;
      ui.replyKb.replaceChildren();
      if (keyboard) {
        for (const row of keyboard.rows) {
          const line = el("div", "kb-row");
          for (const label of row) {
            const key = el("button", "reply-btn", label);
            key.type = "button";
            key.addEventListener("click", () => {
              sendText(label);
              if (keyboard.one_time) {
                state.kbHidden = true;
                showReplyKeyboard();
              }
            });
            line.append(key);
          }
          ui.replyKb.append(line);
        }
      }
    }
    showReplyKeyboard();
  }

  function showReplyKeyboard() {
    const chat = state.active ? chatOf(state.active) : null;
    const has = Boolean(chat && chat.keyboard);
    ui.kbToggle.hidden = !has;
    ui.replyKb.hidden = !has || state.kbHidden;
    ui.kbToggle.classList.toggle("on", has && !state.kbHidden);
  }

  function closeMenu() {
    ui.cmdMenu.hidden = true;
    ui.menuBtn.setAttribute("aria-expanded", "false");
  }

  async function toggleMenu() {
    if (!ui.cmdMenu.hidden) {
      closeMenu();
      return;
    }
    const persona = state.active;
    if (!persona) return;
    let commands;
    try {
      commands = (await getJSON(chatPath(persona, "commands"))).commands || [];
    } catch (error) {
      reportError(error, WORDS.commandsFailed);
      return;
    }
    if (persona !== state.active) return;
    ui.cmdMenu.replaceChildren();
    if (!commands.length) ui.cmdMenu.append(el("div", "cmd-empty", WORDS.noCommands));
    for (const item of commands) {
      const name = `/${String(item.command).replace(/^\//, "")}`;
      const entry = el("button", "cmd");
      entry.type = "button";
      entry.setAttribute("role", "menuitem");
      entry.dataset.command = name;
      entry.append(el("span", "cmd-name", name), el("span", "cmd-desc", item.description));
      entry.addEventListener("click", () => {
        closeMenu();
        sendText(name);
      });
      ui.cmdMenu.append(entry);
    }
    ui.cmdMenu.hidden = false;
    ui.menuBtn.setAttribute("aria-expanded", "true");
  }

  // ---------- actions ----------

  async function sendText(text) {
    const persona = state.active;
    if (!persona || !text.trim()) return false;
    try {
      await postJSON(chatPath(persona, "text"), { text });
      return true;
    } catch (error) {
      reportError(error, WORDS.sendFailed);
      return false;
    }
  }

  async function sendComposer() {
    const text = ui.composer.value;
    if (!text.trim()) return;
    ui.composer.value = "";
    autosize();
    const sent = await sendText(text.trim());
    if (!sent && !ui.composer.value) {
      ui.composer.value = text;
      autosize();
    }
  }

  async function press(node, message, data) {
    const persona = state.active;
    if (!persona || node.classList.contains("busy")) return;
    node.classList.add("busy");
    try {
      const answer = await postJSON(chatPath(persona, "press"), {
        message_id: message.message_id,
        data,
      });
      const toast = answer && answer.toast;
      if (toast && toast.text && persona === state.active) {
        if (toast.show_alert) showAlert(toast.text);
        else showToast(toast.text);
      }
    } catch (error) {
      reportError(error, WORDS.pressFailed);
    } finally {
      node.classList.remove("busy");
    }
  }

  async function sendFile(file) {
    const persona = state.active;
    if (!persona || !file) return;
    if (file.size > MAX_FILE_BYTES) {
      showNotice(WORDS.fileTooBig(file.name, file.size), false);
      return;
    }
    const form = new FormData();
    form.append("file", file, file.name);
    const caption = ui.composer.value.trim();
    if (caption) form.append("caption", caption);
    showNotice(WORDS.fileSending(file.name), true);
    try {
      await request(chatPath(persona, "file"), { method: "POST", body: form });
      hideNotice();
      if (caption && ui.composer.value.trim() === caption) {
        ui.composer.value = "";
        autosize();
      }
    } catch (error) {
      reportError(error, WORDS.fileFailed);
    }
  }

  // ---------- polling ----------

  function absorb(persona, data) {
    const chat = chatOf(persona);
    const changed = chat.version !== data.version || !chat.loaded;
    const first = !chat.loaded;
    chat.version = data.version;
    chat.messages = data.messages || [];
    chat.keyboard = data.reply_keyboard || null;
    chat.placeholder = data.input_placeholder || null;
    chat.loaded = true;
    // What was there when the page opened, or is on screen now, counts as read.
    if (first || persona === state.active) {
      for (const message of chat.messages) chat.seen.add(message.id);
    }
    return changed;
  }

  function startActivePoll() {
    state.pollToken += 1;
    if (state.pollAbort) state.pollAbort.abort();
    pollActive(state.pollToken);
  }

  async function pollActive(token) {
    let delay = 1000;
    let failed = false; // after a failure, ask without waiting: the notice goes at once
    while (token === state.pollToken) {
      const persona = state.active;
      const chat = chatOf(persona);
      const wait = failed ? 0 : POLL_WAIT_S;
      const query = chat.loaded ? `?since=${chat.version}&wait=${wait}` : "";
      const controller = new AbortController();
      state.pollAbort = controller;
      try {
        const data = await getJSON(chatPath(persona, `messages${query}`), controller.signal);
        if (token !== state.pollToken) return;
        setOffline(false);
        delay = 1000;
        failed = false;
        const fresh = state.shownIds.size === 0 && !ui.messages.childElementCount;
        if (absorb(persona, data) || fresh) renderChat(persona);
        updateTabs();
      } catch (error) {
        if (token !== state.pollToken || (error && error.name === "AbortError")) return;
        if (!(error instanceof ApiError) || error.status >= 500) setOffline(true);
        failed = true;
        await sleep(delay);
        delay = Math.min(delay * 2, 8000);
      }
    }
  }

  async function pollOthers() {
    for (const persona of state.personas) {
      if (persona === state.active) continue;
      const chat = chatOf(persona);
      const query = chat.loaded ? `?since=${chat.version}&wait=0` : "";
      try {
        absorb(persona, await getJSON(chatPath(persona, `messages${query}`)));
      } catch (_) {
        // The active chat's loop reports the connection; unread dots wait for the next round.
      }
    }
    updateTabs();
    setTimeout(pollOthers, OTHERS_EVERY_MS);
  }

  // ---------- composer ----------

  function autosize() {
    ui.composer.style.height = "auto";
    ui.composer.style.height = `${Math.min(ui.composer.scrollHeight, 140)}px`;
  }

  function wire() {
    ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      sendComposer();
    });
    ui.composer.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        sendComposer();
      }
    });
    ui.composer.addEventListener("input", autosize);
    ui.menuBtn.addEventListener("click", toggleMenu);
    ui.attach.addEventListener("click", () => ui.fileInput.click());
    ui.fileInput.addEventListener("change", () => {
      const file = ui.fileInput.files && ui.fileInput.files[0];
      ui.fileInput.value = "";
      sendFile(file);
    });
    ui.kbToggle.addEventListener("click", () => {
      state.kbHidden = !state.kbHidden;
      showReplyKeyboard();
    });
    ui.alertOk.addEventListener("click", closeAlert);
    ui.alert.addEventListener("click", (event) => {
      if (event.target === ui.alert) closeAlert();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        if (!ui.alert.hidden) closeAlert();
        closeMenu();
      }
    });
    document.addEventListener("click", (event) => {
      if (!ui.cmdMenu.hidden && !ui.cmdMenu.contains(event.target) && event.target !== ui.menuBtn) {
        closeMenu();
      }
    });
    // Whatever resizes the timeline (the reply keyboard, the menu, a photo, a longer draft)
    // keeps it at the bottom when it was there.
    let atBottom = true;
    ui.messages.addEventListener("scroll", () => {
      atBottom = nearBottom(40);
    });
    new ResizeObserver(() => {
      if (atBottom) scrollToBottom(false);
    }).observe(ui.messages);
    ui.messages.addEventListener("click", (event) => {
      const spoiler = event.target.closest(".tg-spoiler");
      if (spoiler) spoiler.classList.toggle("revealed");
    });
  }

  async function boot() {
    wire();
    ui.whoami.textContent = WORDS.loading;
    let info;
    for (let delay = 1000; ; delay = Math.min(delay * 2, 8000)) {
      try {
        info = await getJSON("/api/personas");
        setOffline(false);
        break;
      } catch (_) {
        setOffline(true);
        await sleep(delay);
      }
    }
    const bot = info.bot || {};
    ui.botName.textContent = bot.name || bot.username || "Bot";
    document.title = `${ui.botName.textContent} · chạy thử`;
    const words = ui.botName.textContent.split(/\s+/).filter((w) => w);
    const initials = words.length > 1 ? words[0][0] + words[words.length - 1][0] : words[0] || "B";
    ui.avatar.textContent = initials.slice(0, 2).toUpperCase();
    if (info.banner) {
      ui.banner.textContent = info.banner;
      ui.banner.hidden = false;
    }
    state.personas = info.personas || [];
    renderPersonas();
    let wanted = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (!state.personas.some((p) => p.key === wanted)) {
      try {
        wanted = localStorage.getItem("playground-persona") || "";
      } catch (_) {
        wanted = "";
      }
    }
    const first = state.personas.find((p) => p.key === wanted) || state.personas[0];
    if (first) switchPersona(first.key);
    setTimeout(pollOthers, 500);
  }

  window.addEventListener("hashchange", () => {
    const key = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (state.personas.some((p) => p.key === key)) switchPersona(key);
  });

  boot();
})();

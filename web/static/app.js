// procscope client. It connects the socket, sends the command named on what
// was clicked (data-op and its data-* arguments), merges the HTML fragments
// the server rendered into the page without ever replacing the element that
// has focus or the text a reader selected, announces what a user's action
// caused, and reports its height to an embedding page. It holds no
// simulation rules and makes no markup of its own.
"use strict";
(function () {
  const body = document.body;
  const conn = document.getElementById("conn");
  const announcer = document.getElementById("announcer");
  const errorLine = document.getElementById("error-line");
  const reduceMotion = () => document.documentElement.dataset.motion === "reduce" ||
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  let ws = null;
  let retry = 0;
  let lastTick = 0;
  let awaitingAnswer = false; // a user's command is on its way: announce its result
  let autoPaused = false;
  // The live session's id outlives a reload of this tab (sessionStorage:
  // per tab, never sent by the browser by itself), so a reload resumes its
  // own lab instead of leaving it behind on the server.
  let session = recall("procscope-session");
  let loading = false; // a program was sent: a full frame means it loaded
  let role = body.dataset.role || "solo"; // solo, teacher, follower, controller
  let following = body.dataset.room || ""; // the class this page follows (a student)
  let lastSave = "";
  let frameStart = 0; // when the message being handled arrived (performance.now)
  // A page opened to follow a class is drawn read-only, but that is its
  // role's doing (the server sends a follower read-only frames): if the
  // teacher hands it control, or the class ends, it acts like any lab.
  const pageMode = body.dataset.room ? "explore" : (body.dataset.mode || "explore");
  const deferred = new Map(); // fragment id -> html held while a selection is inside

  // ---------- connection
  function setConn(state) {
    conn.dataset.state = state;
    conn.querySelector(".conn-now").textContent = conn.dataset[state] || state;
  }

  function socketURL() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    let path = body.dataset.wsPath || "/ws";
    if (lastTick > 0) path += (path.includes("?") ? "&" : "?") + "step=" + lastTick;
    return scheme + "//" + location.host + path;
  }

  function connect() {
    if (ws) return;
    setConn(retry === 0 ? "connecting" : "reconnecting");
    ws = new WebSocket(socketURL());
    ws.onopen = function () {
      retry = 0;
      setConn("live");
      ws.send(JSON.stringify(helloMsg()));
    };
    ws.onmessage = function (ev) {
      frameStart = performance.now();
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.type === "hello") {
        if (msg.reload) { location.reload(); return; }
        session = msg.session || "";
        remember("procscope-session", session);
        setRole(msg.role || "solo");
        roomBack();
      } else if (msg.type === "frame") onFrame(msg);
      else if (msg.type === "room") onRoom(msg);
      else if (msg.type === "roster") onRoster(msg);
      else if (msg.type === "error") onError(msg);
      else if (msg.type === "export") onExport(msg);
    };
    ws.onclose = function () {
      ws = null;
      retry++;
      setConn("reconnecting");
      const delay = Math.min(10000, 250 * 2 ** Math.min(retry, 6));
      setTimeout(connect, delay);
    };
  }

  // helloMsg says where this page lands (protocol v1, docs/protocol.md):
  // the teacher's own room (code and token in the URL fragment), the class
  // it follows, its live session, its saved lab, or a fresh one. A live
  // session's id travels with the saved lab, so a server that no longer
  // knows the id (restarted, or another replica) rebuilds the same lab.
  function helloMsg() {
    const hello = { op: "hello", protocol: 1, lang: body.dataset.lang || "en", assets: body.dataset.assets || "",
      controls: body.dataset.controls || "full", mode: pageMode,
      step: lastTick || Number(body.dataset.step || 0), autoplay: body.dataset.autoplay === "1" };
    const h = hashParams();
    const save = lastSave || h.get("s");
    if (h.get("room") && h.get("token")) { hello.room = h.get("room"); hello.token = h.get("token"); }
    else if (following) {
      hello.room = following;
      // A self-paced class gives this page a lab of its own: a reload
      // brings it back (the server ignores these for a presented class).
      if (session) hello.session = session;
      if (save) hello.save = save;
      if (save && h.get("lp")) hello.progress = h.get("lp");
    } else if (session || save) {
      if (session) hello.session = session;
      if (save) hello.save = save;
      if (save && h.get("lp")) hello.progress = h.get("lp"); // the lesson's step (lessons section)
    } else {
      if (body.dataset.lesson) hello.lesson = body.dataset.lesson;
      if (body.dataset.seed) hello.seed = Number(body.dataset.seed);
    }
    return hello;
  }

  // The URL fragment holds the saved lab (s) and, on the teacher's page
  // only, the room's code and token: never in a link meant for students.
  function hashParams() {
    return new URLSearchParams(location.hash.slice(1));
  }
  function setHash(changes) {
    const h = hashParams();
    for (const k in changes) { if (changes[k]) h.set(k, changes[k]); else h.delete(k); }
    const u = new URL(location.href);
    u.hash = h.toString();
    if (!following) u.searchParams.delete("room");
    else u.searchParams.set("room", following);
    history.replaceState(null, "", u);
  }

  function send(msg) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(msg));
    awaitingAnswer = true;
    return true;
  }

  // ---------- commands from the page
  const numeric = ["pid", "tid", "n", "tick", "addr", "fd"];

  function valueOf(id) {
    const el = document.getElementById(id);
    return el ? el.value : "";
  }

  function command(el) {
    const d = el.dataset;
    const msg = { op: d.op };
    for (const k of numeric) if (d[k] !== undefined) msg[k] = Number(d[k]);
    // the action bar's commands go from the chosen thread or process
    const acts = el.closest("[data-acts]");
    if (acts && d.tid === undefined && d.pid === undefined) {
      if (acts.dataset.acts === "thread") msg.tid = acting.tid; else msg.pid = acting.pid;
    }
    if (d.name !== undefined) msg.name = d.name;
    if (d.lesson !== undefined) msg.lesson = d.lesson;
    if (d.format !== undefined) msg.format = d.format;
    if (d.nameFrom) msg.name = valueOf(d.nameFrom);
    if (d.programFrom) { msg.program = valueOf(d.programFrom); loading = true; }
    if (d.nFrom) {
      const input = document.getElementById(d.nFrom);
      const n = Number(input ? input.value : NaN);
      if (input && input.value === "" || !Number.isFinite(n) || (input && input.validity && !input.validity.valid)) {
        if (input) input.setAttribute("aria-invalid", "true");
        showError(input && input.validationMessage ? input.validationMessage : String(input ? input.value : ""));
        return;
      }
      if (input) input.removeAttribute("aria-invalid");
      msg[d.nAs || "n"] = n;
    }
    send(msg);
  }

  document.addEventListener("click", function (ev) {
    const pick = ev.target.closest("[data-select-tid], [data-select-pid]");
    if (pick) { choose(Number(pick.dataset.selectTid || 0), Number(pick.dataset.selectPid || 0)); return; }
    const el = ev.target.closest("[data-op], [data-action]");
    if (!el || el.disabled || el.tagName === "SELECT") return;
    if (el.dataset.action) { action(el); return; }
    if (el.type === "submit") return; // the form's submit event sends it
    if (role === "follower" && el.dataset.op !== "export") return;
    ev.preventDefault();
    command(el);
  });
  document.addEventListener("change", function (ev) {
    const el = ev.target;
    if (el.id === "scrub") { send({ op: "goto", tick: Number(el.value) }); return; }
    if (el.matches("select[data-op]")) command(el);
    else if (el.matches("select[data-action=theme]")) setTheme(el.value);
    else if (el.id === "paced-lesson") el.dataset.chosen = "1";
    else if (el.id === "shortcuts-on") store("procscope.shortcuts", el.checked ? "1" : "0");
  });
  document.addEventListener("submit", function (ev) {
    if (ev.target.id === "join-form") { ev.preventDefault(); joinClass(); return; }
    if (ev.target.id === "paced-form") { ev.preventDefault(); send({ op: "room", mode: "self-paced", lesson: valueOf("paced-lesson") }); return; }
    if (ev.target.id === "nick-form") { ev.preventDefault(); send({ op: "nickname", name: valueOf("nick") }); return; }
    if (ev.target.id === "cmdline") { ev.preventDefault(); runLine(); return; }
    const form = ev.target.closest("[data-op-form]");
    if (!form) return;
    ev.preventDefault();
    const btn = form.querySelector("[data-op]");
    if (btn) command(btn);
  });

  // ---------- client-side actions: help, share, copy, theme
  function action(el) {
    const a = el.dataset.action;
    if (a === "help") openDialog("help-dialog");
    else if (a === "share") openShare();
    else if (a === "copy") copy(el.dataset.copyFrom);
    else if (a === "room-open") send({ op: "room" });
    else if (a === "handover") send({ op: "handover", to: el.dataset.to });
    else if (a === "takeback") send({ op: "takeback" });
    else if (a === "close-room") send({ op: "close-room" });
    else if (a === "leave") leaveClass();
    else if (a === "goto-line") gotoLine(Number(el.dataset.line));
    else if (a === "lesson-open") openLesson();
  }
  // openLesson opens the lesson column (the one-line step in the bar
  // asked for it) and brings the step's heading into view, focused.
  function openLesson() {
    const box = el("lesson-box");
    if (!box) return;
    box.open = true;
    const h = el("lesson-step-title");
    if (!h) return;
    h.tabIndex = -1;
    h.scrollIntoView({ block: "start" });
    h.focus({ preventScroll: true });
  }

  // ---------- classroom (docs/protocol.md, room)
  const el = function (id) { return document.getElementById(id); };
  const fmt = function (f, v) { return String(f || "").replace(/%[ds]/, String(v)); };

  function show(id, on) {
    const e = el(id);
    if (e) e.hidden = !on;
  }

  function setRole(r) {
    role = r;
    body.dataset.role = r;
    show("class-solo", r === "solo");
    show("class-teacher", r === "teacher");
    show("class-follower", r === "follower" || r === "controller");
    show("class-student", r === "student");
    const state = el("follow-state");
    if (state) state.textContent = r === "controller" ? state.dataset.controller : state.dataset.follower;
    lockControls();
  }

  // lockControls disables every command a follower may not send (its
  // frames already come without them; this covers what the first page
  // drew): reading the history (export) stays.
  // Only this marks controls data-locked, so whether any is locked is
  // known without looking: a frame asked the whole page for
  // [data-locked] (~3 ms of a spawn's frame in the 12-thread lab).
  let anyLocked = false;
  function lockControls() {
    const locked = role === "follower";
    if (!locked && !anyLocked) return; // nothing to lock or unlock
    anyLocked = locked;
    for (const c of document.querySelectorAll("[data-op]")) {
      if (c.dataset.op === "export") continue;
      if (locked && !c.disabled) { c.disabled = true; c.dataset.locked = "1"; }
      else if (!locked && c.dataset.locked) { c.disabled = false; delete c.dataset.locked; }
    }
  }

  function onRoom(msg) {
    if (msg.ended) { endClass("ended"); return; }
    setRole(msg.role || "solo");
    if (msg.role === "student") showStudent(msg);
    if (msg.role !== "teacher") {
      setHash({}); // the student's address names the class at once (a reload rejoins it)
      return;
    }
    setHash({ room: msg.code, token: msg.token });
    el("room-code").textContent = msg.code;
    el("room-link").value = msg.join;
    const paced = msg.mode === "self-paced";
    show("paced-roster", paced);
    for (const e of document.querySelectorAll("#class-teacher .class-roster, #btn-takeback")) e.hidden = paced;
    if (paced) { showPacedLesson(msg); return; }
    const list = el("room-roster");
    const tpl = el("roster-item");
    const followers = msg.followers || [];
    el("room-count").textContent = "(" + fmt(el("room-count").dataset.format, followers.length) + ")";
    const items = followers.map(function (f) {
      const li = tpl.content.firstElementChild.cloneNode(true);
      li.dataset.id = f.id;
      li.querySelector(".who").textContent = f.id;
      const lang = li.querySelector(".r-lang");
      lang.textContent = lang.dataset[f.lang] || f.lang;
      li.querySelector(".r-ctl").hidden = f.id !== msg.controller;
      const b = li.querySelector("button");
      b.dataset.to = f.id;
      b.setAttribute("aria-label", fmt(b.dataset.label, f.id));
      b.disabled = f.id === msg.controller;
      return li;
    });
    if (items.length === 0) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = list.dataset.empty;
      items.push(li);
    }
    const neu = list.cloneNode(false);
    neu.replaceChildren(...items);
    morph(list, neu); // keeps the focused button when the roster changes
    const ctl = el("room-controller");
    ctl.textContent = msg.controller ? fmt(ctl.dataset.student, msg.controller) : ctl.dataset.teacher;
    el("btn-takeback").disabled = !msg.controller;
  }

  // endClass drops the room from the URL and carries on solo: after
  // close-room the server already moved a follower into a lab of its own.
  function endClass(why) {
    following = "";
    delete body.dataset.room;
    setHash({ room: "", token: "" });
    setRole("solo");
    const note = el("class-note");
    if (note) {
      note.textContent = note.dataset[why] || "";
      note.hidden = false;
    }
    announce(note ? note.textContent : "");
  }

  function joinClass() {
    const input = el("join-code");
    const code = (input ? input.value : "").toUpperCase().replace(/[\s-]/g, "");
    if (!/^[0-9A-Z]{4,12}$/.test(code)) {
      if (input) { input.setAttribute("aria-invalid", "true"); input.focus(); }
      return;
    }
    input.removeAttribute("aria-invalid");
    following = code;
    show("class-note", false);
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(helloMsg()));
  }

  function leaveClass() {
    session = "";
    remember("procscope-session", "");
    endClass("left"); // the hello below takes the class's lab (#s=) as this page's own
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(helloMsg()));
  }

  // ---------- self-paced class (docs/protocol.md, Self-paced rooms)
  // The student's banner: the class and the name the teacher sees.
  function showStudent(msg) {
    const st = el("student-state");
    if (st) st.textContent = fmt(st.dataset.format, msg.code);
    const shown = el("nick-shown");
    if (shown) shown.textContent = fmt(shown.dataset.format, msg.name || fmt(shown.dataset.student, msg.seat));
    const nick = el("nick");
    if (nick) {
      nick.removeAttribute("aria-invalid");
      if (document.activeElement !== nick) nick.value = msg.name || "";
    }
    show("nick-error", false);
  }

  // nickRefused says beside the field why a nickname was refused (the
  // error line at the foot of the screen would cover the field).
  function nickRefused(text) {
    const e = el("nick-error");
    e.textContent = text;
    e.hidden = false;
    el("nick").setAttribute("aria-invalid", "true");
    el("nick").focus();
  }

  // showPacedLesson names the class's lesson by the title the lesson
  // picker of the teacher's page gives it, and warns when students must
  // reach this server (several replicas).
  function showPacedLesson(msg) {
    const opt = document.querySelector('#paced-lesson option[value="' + CSS.escape(msg.lesson || "") + '"]');
    el("paced-lesson-name").textContent = opt ? opt.textContent : (msg.lesson || "");
    show("paced-local", !!msg.local);
  }

  // The roster arrives whole after the room message, then as the
  // students that changed (at most four times a second): the page keeps
  // every student and redraws the table from them.
  const pupils = new Map();
  function onRoster(msg) {
    if (msg.full) pupils.clear();
    for (const p of msg.students || []) pupils.set(p.id, p);
    const rows = el("paced-rows");
    const tpl = el("paced-row");
    if (!rows || !tpl) return;
    const d = rows.dataset;
    const all = Array.from(pupils.values()).sort(function (a, b) { return a.n - b.n; });
    let here = 0, finished = 0;
    const items = all.map(function (p) {
      if (p.connected) here++;
      if (p.finished) finished++;
      const tr = tpl.content.firstElementChild.cloneNode(true);
      tr.dataset.id = p.id;
      tr.dataset.state = !p.connected ? "gone" : p.off ? "off" : p.finished ? "finished" : "on";
      tr.querySelector(".who").textContent = p.name || fmt(d.student, p.n);
      const bar = tr.querySelector("progress");
      bar.max = msg.total;
      bar.value = Math.min(msg.total, Math.max(0, p.step - 1 + (p.done ? 1 : 0)));
      tr.querySelector(".at").textContent = p.finished ? d.finished : fmt2(d.step, p.step, msg.total);
      tr.querySelector(".right").textContent = fmt2(d.right, p.correct, p.predicted);
      const state = tr.querySelector(".state");
      state.textContent = !p.connected ? d.gone : p.off ? d.off : d.here;
      if (p.code) {
        const code = document.createElement("code");
        code.textContent = fmt(d.code, p.code);
        state.append(" ", code);
      }
      return tr;
    });
    if (items.length === 0) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = 4;
      td.className = "empty";
      td.textContent = d.empty;
      tr.append(td);
      items.push(tr);
    }
    rows.replaceChildren(...items);
    const sum = el("paced-summary");
    sum.textContent = fmt(fmt(fmt(sum.dataset.format, all.length), here), finished);
  }
  const fmt2 = function (f, a, b) { return fmt(fmt(f, a), b); };

  // pacedPickFollows offers the lesson the lab runs now for a self-paced
  // class, until the teacher picks one there.
  function pacedPickFollows() {
    const pick = el("paced-lesson");
    const now = currentLesson();
    if (pick && !pick.dataset.chosen && now && pick.querySelector('option[value="' + CSS.escape(now) + '"]')) pick.value = now;
  }

  function openDialog(id) {
    const d = document.getElementById(id);
    if (d && !d.open && d.showModal) d.showModal();
  }

  // pageURL is this page at this step, carrying the saved lab (#s=) so it
  // opens on the same tick with the same processes anywhere: step= alone
  // only rewinds inside a saved history. The teacher's room token never
  // travels in it.
  function pageURL(extra) {
    const u = new URL(location.href);
    const save = lastSave || hashParams().get("s");
    u.hash = save ? "s=" + save : "";
    u.searchParams.set("step", String(lastTick));
    for (const k in extra || {}) u.searchParams.set(k, extra[k]);
    return u;
  }

  // freeLabRoute is the embed route's name for the free lab: the server
  // opens the default lab for any name that is not a lesson (server/page.go
  // servePage), and no lesson is called "lab".
  const freeLabRoute = "lab";

  // currentLesson is the lesson the lab runs now: the lesson panel is
  // redrawn by every load, so it beats the lesson the page was opened with.
  function currentLesson() {
    const panel = document.getElementById("lesson");
    if (panel && panel.dataset.currentLesson !== undefined) return panel.dataset.currentLesson;
    return body.dataset.lesson || "";
  }

  // shareURLs are the plain link and the iframe's src for this lab: its
  // lesson, step and settings, under the server's base path.
  function shareURLs() {
    const base = body.dataset.basePath || "";
    const lesson = currentLesson();
    const link = pageURL();
    link.pathname = base + "/";
    if (lesson) link.searchParams.set("lesson", lesson); else link.searchParams.delete("lesson");
    const embed = new URL(link);
    embed.pathname = base + "/embed/v1/" + encodeURIComponent(lesson || freeLabRoute);
    embed.searchParams.delete("lesson"); // the route names it
    return { link: link, embed: embed };
  }

  function openShare() {
    const u = shareURLs();
    const title = (body.dataset.embedTitle || "procscope").replace(/"/g, "&quot;");
    document.getElementById("share-link").value = u.link.toString();
    document.getElementById("share-embed").value =
      '<iframe src="' + u.embed.toString().replace(/&/g, "&amp;") + '" title="' + title +
      '" width="100%" height="760" allowfullscreen></iframe>\n<a href="' + u.link.toString().replace(/&/g, "&amp;") + '">' + title + "</a>";
    openDialog("share-dialog");
  }

  function copy(id) {
    const el = document.getElementById(id);
    if (!el) return;
    const done = function () { announce(body.dataset.copied || "copied"); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(el.value).then(done, function () { el.select(); });
    } else {
      el.select();
    }
  }

  function setTheme(theme) {
    const root = document.documentElement;
    if (theme) root.dataset.theme = theme; else delete root.dataset.theme;
    const u = new URL(location.href);
    if (theme) u.searchParams.set("theme", theme); else u.searchParams.delete("theme");
    history.replaceState(null, "", u);
    updateLinks();
  }

  function remember(key, value) {
    try { sessionStorage.setItem(key, value); } catch (e) { /* sandboxed: a reload starts from #s= */ }
  }
  function recall(key) {
    try { return sessionStorage.getItem(key) || ""; } catch (e) { return ""; }
  }

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* partitioned or sandboxed: fine */ }
  }
  function load(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  // ---------- keyboard shortcuts (single keys, can be turned off)
  const shortcuts = { p: "btn-play", s: "btn-step", b: "btn-back", f: "btn-forward", n: "btn-until-switch", h: "btn-until-halt" };
  const toggle = document.getElementById("shortcuts-on");
  if (toggle && load("procscope.shortcuts") === "0") toggle.checked = false;

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    const t = ev.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable], dialog[open]")) return;
    if (toggle && !toggle.checked) return;
    if (ev.key === "?") { ev.preventDefault(); openDialog("help-dialog"); return; }
    const id = shortcuts[ev.key.toLowerCase()];
    if (!id) return;
    const btn = document.getElementById(id);
    if (btn && !btn.disabled) { ev.preventDefault(); btn.click(); }
  });

  // ---------- after the paint: what the reader does not see yet
  // A click is answered by the next paint, so work that changes nothing on
  // screen waits until just after it: the address bar (history.replaceState
  // costs tens of milliseconds in Chromium), the links that carry the step,
  // and fragments inside a closed <details> (the text view, a closed lesson
  // box). Each job is keyed, so a burst of frames runs it once. A timer
  // backs up the animation frame, which a hidden or off-screen frame may
  // never get.
  const laterJobs = new Map();
  function later(key, fn) {
    const first = laterJobs.size === 0;
    laterJobs.set(key, fn);
    if (!first) return;
    requestAnimationFrame(function () { setTimeout(runLater, 0); });
    setTimeout(runLater, 250);
  }
  function runLater() {
    if (laterJobs.size === 0) return;
    // the first task after the paint: the click → paint measurement (e2e
    // TestMeasureClickToPaint) ends here, not after these jobs
    performance.clearMarks("procscope:painted");
    performance.mark("procscope:painted");
    const jobs = Array.from(laterJobs.values());
    laterJobs.clear();
    for (const fn of jobs) fn();
  }

  // syncURL puts the newest saved lab into the address bar and the step
  // into the links that carry it.
  let saveDue = false;
  function syncURL() {
    if (saveDue) { saveDue = false; setHash({ s: lastSave }); }
    updateLinks();
  }

  // unseen: fragment id -> html of a fragment the reader cannot see now:
  // inside a closed <details>, or in a panel under the stage that is off
  // screen (content-visibility: auto skips it: app.css). Placed after the
  // paint, parsing and merging it does not delay the stage's (the CPUs,
  // the process tree and the costs change on every spawn and step). The
  // event log is placed at once: the live region reads its new items.
  const unseen = new Map();
  function isUnseen(id) {
    const old = document.getElementById(id);
    if (!old) return false;
    // the text view is a panel too, but once opened it is placed with
    // each frame, as before this rule (its rows are read as a table)
    const panel = id !== "event-log" && old.closest(".below > *");
    if (panel && panel.id !== "text-view-box" && skipped.has(panel)) return true;
    const d = old.closest("details:not([open])");
    return !!d && !(old.closest("summary") && old.closest("summary").parentElement === d);
  }
  // skipped are the panels under the stage that the browser does not
  // render now, as its contentvisibilityautostatechange events say (a
  // browser without them renders every panel and places every fragment at
  // once, as before); one that comes near the viewport is brought up to
  // date at once.
  const skipped = new Set();
  document.addEventListener("contentvisibilityautostatechange", function (ev) {
    if (ev.skipped) { skipped.add(ev.target); return; }
    skipped.delete(ev.target);
    placeUnseen();
  }, true);
  // unseenEdits are a frame's edits (remove, insert, trim, append) of
  // elements the reader cannot see, held in order for after the paint: a
  // spawn inserts its thread's rows into the closed text view. The
  // fragments that wait are edited at once (editPending); after the paint
  // the page's elements are edited in the order the edits came, then the
  // fragments that waited are placed over them.
  const unseenEdits = [];
  function editSeen(id, edit) {
    if (!waits(id)) { editList(id, edit); return; }
    editPending(id, edit);
    unseenEdits.push([id, edit]);
  }
  // waits says whether a change of element id waits for after the paint:
  // it is unseen, or not on the page while edits wait (one of them may
  // insert it).
  function waits(id) {
    return isUnseen(id) || (unseenEdits.length > 0 && !document.getElementById(id));
  }
  // a fragment placed now over an element a held edit changes: the edits
  // (and the fragments that wait) go first
  function placeSeen(id, html) {
    const old = unseenEdits.length > 0 && document.getElementById(id);
    if (old && unseenEdits.some(function (e) { return old.contains(document.getElementById(e[0])); })) placeUnseen();
    place(id, html);
  }
  function placeUnseen() {
    if (unseen.size === 0 && unseenEdits.length === 0) return;
    for (const [id, edit] of unseenEdits.splice(0)) {
      const el = document.getElementById(id);
      if (el) edit(el);
    }
    const frags = Array.from(unseen);
    unseen.clear();
    for (const [id, html] of frags) place(id, html);
    lockControls();
    highlight(); // a reveal's marks on what was just placed (the process tree, the costs)
  }
  // opening a <details> shows what it holds as of now
  document.addEventListener("toggle", function (ev) { if (ev.target.open) placeUnseen(); }, true);

  // ---------- frames: merge fragments without disturbing the reader
  function onFrame(f) {
    if (typeof f.tick === "number") lastTick = f.tick;
    if (loading && f.full) clearProblems();
    if (f.save) { lastSave = f.save; saveDue = true; }
    const frags = f.fragments || {};
    const before = registers();
    // keyed elements that went and came (a thread's card), before the
    // replacements: an insertion goes beside a sibling the page has
    for (const id of f.remove || []) editSeen(id, function (el) { el.remove(); });
    for (const ins of f.insert || []) {
      if (ins.after) editSeen(ins.after, function (el) { el.insertAdjacentHTML("afterend", ins.html); });
      else editSeen(ins.before, function (el) { el.insertAdjacentHTML("beforebegin", ins.html); });
    }
    for (const id of Object.keys(frags)) {
      // a fragment that waits goes after what waited before it (placed
      // in the order they came, a part never lands under an older whole)
      unseen.delete(id);
      if (waits(id)) unseen.set(id, frags[id]);
      else placeSeen(id, frags[id]);
    }
    for (const id of Object.keys(f.trim || {})) {
      const k = f.trim[id];
      editSeen(id, function (el) { for (let i = 0; i < k && el.firstElementChild; i++) el.firstElementChild.remove(); });
    }
    for (const id of Object.keys(f.append || {})) {
      const html = f.append[id];
      editSeen(id, function (el) { el.insertAdjacentHTML("beforeend", html); });
    }
    if (unseen.size > 0 || unseenEdits.length > 0) later("unseen", placeUnseen);
    if (f.log) addEvents(f.log);
    const changed = markChanged(before);
    applyChoice();
    lockControls();
    // a frame redraws an open menu as the server wrote it
    for (const d of document.querySelectorAll("details.menu[open]")) keepOnScreen(d.querySelector(".menu-pop"));
    if (typeof f.playing === "boolean") showPlaying(f.playing);
    showFuture(f.tick || 0, f.future || 0);
    layoutSoon();
    // Only a frame with events answers a command: a resync frame that
    // crossed the command on the wire must not swallow its announcement.
    const answered = (f.events || []).length > 0;
    if (!announceAlarms() && awaitingAnswer && answered) announceNew(changed);
    if (answered) { awaitingAnswer = false; if (fromLine) { fromLine = false; hint(""); } }
    cues(f.events || []);
    lessonFrame(f);
    pacedPickFollows();
    later("url", syncURL);
    // the time this frame took to apply, for the click → paint measurement
    // (e2e TestMeasureClickToPaint); only the latest is kept
    performance.clearMeasures("procscope:frame");
    performance.measure("procscope:frame", { start: frameStart });
  }

  // showPlaying makes the play button say what it will do: the server's
  // fragments are drawn without knowing whether the session plays.
  function showPlaying(on) {
    const b = document.getElementById("btn-play");
    if (!b) return;
    const op = on ? "pause" : "play";
    if (b.dataset.op === op) return;
    b.dataset.op = op;
    b.dataset.testid = op;
    const lbl = b.querySelector(".lbl");
    if (lbl) lbl.textContent = on ? b.dataset.labelPause : b.dataset.labelPlay;
    const play = b.querySelector(".ico-play");
    const pause = b.querySelector(".ico-pause");
    if (play) play.hidden = on;
    if (pause) pause.hidden = !on;
  }

  // showFuture enables forward and stretches the timeline while an earlier
  // back left something to redo (the frame's future tick).
  function showFuture(tick, future) {
    const fwd = document.getElementById("btn-forward");
    if (fwd && !fwd.dataset.locked) fwd.disabled = !(future > tick);
    const scrub = document.getElementById("scrub");
    if (scrub) {
      scrub.max = String(Math.max(tick, future));
      scrub.value = String(tick);
      if (future > tick) scrub.disabled = false;
    }
  }

  // ---------- the chosen thread and process (the client's own, never shared)
  // The action bar is drawn once (templates ActionBar): its commands go
  // from the thread or process chosen here, and of its controls marked
  // data-pids only those for the chosen process show. A choice that no
  // longer exists falls back to the thread's process, then to the bar's
  // default (data-tid, data-pid).
  let chosen = { tid: 0, pid: 0 };
  let acting = { tid: 0, pid: 0 }; // what the bar acts on now
  function choose(tid, pid) {
    if (tid) {
      const card = document.querySelector('.tcard[data-tid="' + tid + '"]');
      pid = card ? Number(card.dataset.pid) : pid;
    }
    chosen = { tid: tid, pid: pid };
    applyChoice();
    drawLinks();
  }
  function words(s) { return (s || "").split(" ").filter(Boolean); }
  // settleChoice is the thread and process the bar acts on: the chosen
  // ones while the bar offers them (the threads it acts from are the cards
  // marked data-commands), else the process's first such thread, else the
  // bar's default.
  function settleChoice(bar) {
    const pids = words(bar.dataset.pids);
    let pid = String(chosen.pid), tid = String(chosen.tid);
    if (!pids.includes(pid)) { pid = bar.dataset.pid || ""; tid = bar.dataset.tid || ""; }
    const card = document.querySelector('.tcard[data-commands][data-tid="' + tid + '"][data-pid="' + pid + '"]') ||
      document.querySelector('.tcard[data-commands][data-pid="' + pid + '"]');
    return { tid: card ? Number(card.dataset.tid) : 0, pid: Number(pid) || 0 };
  }
  let barShown = null; // the bar as showActing last left it: [bar node, tid, pid]
  let barDirty = false; // a frame redrew the action bar since (place)
  function applyChoice() {
    const bar = document.getElementById("actions");
    acting = bar ? settleChoice(bar) : { tid: 0, pid: 0 };
    // the bar is touched only when the choice changed or a frame redrew it
    if (bar && !(barShown && barShown[0] === bar && barShown[1] === acting.tid && barShown[2] === acting.pid && !barDirty)) {
      showActing(bar);
      barShown = [bar, acting.tid, acting.pid];
      barDirty = false;
    }
    for (const c of document.querySelectorAll(".tcard")) {
      const on = Number(c.dataset.tid) === acting.tid;
      c.classList.toggle("chosen", on);
      const b = c.querySelector(".sel-thread");
      if (b) setAttr(b, "aria-pressed", on ? "true" : "false");
    }
    for (const b of document.querySelectorAll(".sel-proc")) setAttr(b, "aria-pressed", Number(b.dataset.selectPid) === acting.pid ? "true" : "false");
  }
  // showActing labels the bar with the thread and process it acts on and
  // shows the controls that apply to that process.
  function showActing(bar) {
    setAttr(bar, "data-acting-tid", String(acting.tid));
    setAttr(bar, "data-acting-pid", String(acting.pid));
    const tg = bar.querySelector('[data-acts="thread"]');
    if (tg) {
      if (tg.hidden === !!acting.tid) tg.hidden = !acting.tid;
      setAttr(tg, "aria-label", fmt(tg.dataset.label, acting.tid));
      const chip = document.getElementById("act-chip");
      const from = document.querySelector('.tcard[data-tid="' + acting.tid + '"] .chip');
      if (chip && from) { setAttr(chip, "class", from.className); if (chip.textContent !== from.textContent) chip.textContent = from.textContent; }
    }
    const pg = bar.querySelector('[data-acts="process"]');
    if (pg) {
      if (pg.hidden === !!acting.pid) pg.hidden = !acting.pid;
      setAttr(pg, "aria-label", fmt(pg.dataset.label, acting.pid));
      const name = document.getElementById("act-pname");
      if (name && name.textContent !== fmt(name.dataset.label, acting.pid)) name.textContent = fmt(name.dataset.label, acting.pid);
    }
    const pid = String(acting.pid);
    for (const e of bar.querySelectorAll("[data-pids]")) {
      const on = words(e.dataset.pids).includes(pid);
      if (e.hidden === on) e.hidden = !on;
    }
    for (const sel of bar.querySelectorAll("select")) {
      const cur = sel.options[sel.selectedIndex];
      if (cur && cur.hidden) {
        const first = Array.from(sel.options).find(function (o) { return !o.hidden; });
        if (first) sel.value = first.value;
      }
    }
  }

  // ---------- registers: what changed in the last step is marked, then fades
  function registers() {
    const m = new Map();
    for (const r of document.querySelectorAll(".tcard .reg")) {
      const card = r.closest(".tcard");
      m.set(card.dataset.tid + ":" + r.dataset.reg, r.querySelector("dd").textContent.trim());
    }
    return m;
  }
  function markChanged(before) {
    const said = new Map();
    if (before.size === 0) return "";
    for (const r of document.querySelectorAll(".tcard .reg")) {
      const tid = r.closest(".tcard").dataset.tid;
      const was = before.get(tid + ":" + r.dataset.reg);
      const now = r.querySelector("dd").textContent.trim();
      const on = was !== undefined && was !== now;
      r.classList.toggle("changed", on);
      if (on) {
        r.title = (body.dataset.changed || "") + ": " + was + " → " + now;
        if (!said.has(tid)) said.set(tid, []);
        said.get(tid).push(r.dataset.reg + " " + was + " → " + now);
      } else r.removeAttribute("title");
    }
    const parts = [];
    for (const [tid, list] of said) parts.push("T" + tid + ": " + list.join(", "));
    return parts.join(". ");
  }

  // followLines keeps every thread's line in view in the program listing
  // (scrolling the listing only, never the page).
  function followLines() {
    const src = document.querySelector("#program-view .src");
    const cur = src && src.querySelector("li.current");
    if (!cur) return;
    const top = cur.offsetTop - src.offsetTop;
    if (top < src.scrollTop || top + cur.offsetHeight > src.scrollTop + src.clientHeight) {
      src.scrollTop = Math.max(0, top - src.clientHeight / 3);
    }
  }

  // ---------- lines from pages to frames: geometry only, from the
  // server's markup (each page names its frame)
  const SVGNS = "http://www.w3.org/2000/svg";
  const linkPaths = new Map(); // "cell id:vpage" -> that page square's line
  function drawLinks() {
    const svg = document.getElementById("links");
    const box = document.getElementById("col-maps");
    if (!svg || !box) return;
    const origin = box.getBoundingClientRect();
    const wrap = box.querySelector(".axis-wrap");
    const clip = wrap ? wrap.getBoundingClientRect() : origin;
    // read every place first, then write: a path changed between two
    // reads would make the browser lay the page out again for the second
    const lines = [];
    for (const pg of box.querySelectorAll(".page[data-frame]")) {
      const fr = document.getElementById("frame-" + pg.dataset.frame);
      if (!fr) continue;
      const a = pg.getBoundingClientRect();
      if (a.right < clip.left || a.left > clip.right || a.width === 0) continue;
      lines.push({ pg: pg, fr: fr, a: a, b: fr.getBoundingClientRect() });
    }
    // a page keeps its line from frame to frame (keyed by its region's
    // cell and the page), and a line is touched only where it changed: a step that
    // moves no page repaints no line, and a page added or gone does not
    // shift every other page's line onto its neighbour's
    const seen = new Set();
    for (const l of lines) {
      const a = l.a, b = l.b, pg = l.pg, fr = l.fr;
      const pid = (pg.closest("[data-pid]") || { dataset: {} }).dataset.pid || "";
      // a page can show in two regions of one process (the data and bss
      // of a small program share a page): each square has its line
      const key = (pg.closest("[id]") || { id: pid }).id + ":" + pg.dataset.vpage;
      if (seen.has(key)) continue;
      seen.add(key);
      let p = linkPaths.get(key);
      if (!p) { p = document.createElementNS(SVGNS, "path"); linkPaths.set(key, p); }
      if (p.parentNode !== svg) svg.appendChild(p);
      const x1 = a.left + a.width / 2 - origin.left, y1 = a.bottom - origin.top;
      const x2 = b.left + b.width / 2 - origin.left, y2 = b.top - origin.top;
      const dy = Math.max(20, (y2 - y1) / 2);
      const cls = [];
      if (pg.classList.contains("cow")) cls.push("cow");
      if (Number(fr.dataset.refs) > 1) cls.push("shared");
      if (fr.classList.contains("fresh")) cls.push("fresh");
      if (pg.classList.contains("hot")) cls.push("hot");
      setAttr(p, "d", "M" + x1 + " " + y1 + " C" + x1 + " " + (y1 + dy) + " " + x2 + " " + (y2 - dy) + " " + x2 + " " + y2);
      setAttr(p, "class", cls.join(" "));
      setAttr(p, "data-frame", pg.dataset.frame);
      setAttr(p, "data-pid", pid);
    }
    for (const [key, p] of linkPaths) if (!seen.has(key)) linkPaths.delete(key);
    const drawn = new Set(linkPaths.values());
    for (const p of Array.from(svg.children)) if (!drawn.has(p)) p.remove();
    svg.dataset.links = String(drawn.size);
  }
  function setAttr(e, name, value) {
    if (e.getAttribute(name) !== value) e.setAttribute(name, value);
  }
  let linkTimer = 0;
  // layoutSoon scrolls the listing to the threads' lines and redraws the
  // links in the animation frame before the next paint: both read the
  // layout, and read in the frame's own task they made the browser lay
  // the page out there and again for the paint (what the frame wrote
  // after them); in the animation frame it is laid out once.
  let layoutDue = false;
  function layoutSoon() {
    if (layoutDue) return;
    layoutDue = true;
    requestAnimationFrame(function () {
      layoutDue = false;
      followLines();
      drawLinks();
    });
  }
  function redrawSoon() { cancelAnimationFrame(linkTimer); linkTimer = requestAnimationFrame(drawLinks); }
  window.addEventListener("resize", redrawSoon);
  document.addEventListener("scroll", function (ev) { if (ev.target.classList && ev.target.classList.contains("axis-wrap")) redrawSoon(); }, true);
  document.addEventListener("toggle", redrawSoon, true);
  // one menu open at a time, and a click elsewhere closes it
  document.addEventListener("toggle", function (ev) {
    const d = ev.target;
    if (!d.matches || !d.matches("details.menu") || !d.open) return;
    for (const o of document.querySelectorAll("details.menu[open]")) if (o !== d && !o.contains(d)) o.open = false;
    keepOnScreen(d.querySelector(".menu-pop"));
  }, true);
  // keepOnScreen turns a menu that opened partly off the screen's side
  // (its summary near the other edge, as when the action row wraps) to
  // open the other way; a phone's menus are fixed to the screen already.
  function keepOnScreen(pop) {
    if (!pop || getComputedStyle(pop).position === "fixed") return;
    pop.classList.remove("to-left", "to-right");
    const r = pop.getBoundingClientRect();
    if (r.left < 0) pop.classList.add("to-right");
    else if (r.right > document.documentElement.clientWidth) pop.classList.add("to-left");
  }
  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("details.menu")) return;
    for (const o of document.querySelectorAll("details.menu[open]")) o.open = false;
  });
  // pointing at a page or a frame lights up its links
  document.addEventListener("mouseover", function (ev) {
    const t = ev.target.closest && ev.target.closest(".page[data-frame], .frame[data-frame]");
    for (const h of document.querySelectorAll(".hot")) h.classList.remove("hot");
    if (!t) return;
    const f = t.dataset.frame;
    for (const e of document.querySelectorAll('.page[data-frame="' + f + '"], #frame-' + f + ', svg.links path[data-frame="' + f + '"]')) e.classList.add("hot");
  });

  // ---------- the command line: the server parses the line (op line)
  const cmdForm = document.getElementById("cmdline");
  const cmdInput = document.getElementById("cmd");
  const cmdHint = document.getElementById("cmd-hint");
  const cmdHistory = [];
  let cmdAt = 0;
  let fromLine = false;
  function runLine() {
    const text = cmdInput.value.trim();
    if (!text) return;
    if (role === "follower") return;
    cmdHistory.push(text);
    cmdAt = cmdHistory.length;
    fromLine = send({ op: "line", text: text });
    cmdInput.value = "";
    hint("");
  }
  function hint(text, err) {
    if (!cmdHint) return;
    cmdHint.textContent = text || cmdHint.dataset.hint;
    cmdHint.classList.toggle("err", !!err);
  }
  function formsFor(word) {
    return Array.from(document.querySelectorAll("#cmd-forms li")).filter(function (li) { return li.dataset.op.startsWith(word); });
  }
  if (cmdInput) {
    cmdInput.addEventListener("input", function () {
      const word = cmdInput.value.trim().split(/\s+/)[0].toLowerCase();
      if (!word) { hint(""); return; }
      const forms = formsFor(word);
      const exact = forms.filter(function (li) { return li.dataset.op === word; });
      const show = exact.length ? exact : forms;
      hint(show.length ? show.slice(0, 4).map(function (li) { return li.textContent; }).join(" · ") : cmdHint.dataset.unknown, !show.length);
    });
    cmdInput.addEventListener("keydown", function (ev) {
      if (ev.key === "Tab" && !ev.shiftKey && cmdInput.value.trim() && !/\s/.test(cmdInput.value.trim())) {
        const forms = formsFor(cmdInput.value.trim().toLowerCase());
        if (forms.length >= 1) {
          ev.preventDefault();
          const ops = forms.map(function (li) { return li.dataset.op; });
          let common = ops[0];
          for (const o of ops) while (!o.startsWith(common)) common = common.slice(0, -1);
          cmdInput.value = common + (ops.length === 1 ? " " : "");
          cmdInput.dispatchEvent(new Event("input"));
        }
      } else if (ev.key === "ArrowUp" && cmdAt > 0) {
        ev.preventDefault(); cmdInput.value = cmdHistory[--cmdAt];
      } else if (ev.key === "ArrowDown" && cmdAt < cmdHistory.length) {
        ev.preventDefault(); cmdAt++; cmdInput.value = cmdHistory[cmdAt] || "";
      } else if (ev.key === "Escape") {
        cmdInput.value = ""; hint("");
      }
    });
  }

  // selected is where the reader's selection starts, as of the last
  // selectionchange: asking the Selection during a frame would force a
  // style and layout pass after every fragment placed.
  let selected = null;
  function selectionInside(el) {
    return !!selected && el.contains(selected);
  }

  function place(id, html) {
    const old = document.getElementById(id);
    // a part the page does not hold yet may be inside a whole that waits
    // (the closed text view's tables, sent whole by the frame before this
    // one and placed after the paint): it goes into that whole, or the
    // whole, placed later, would bring the part back as it was
    if (!old) {
      editPending(id, function (el) { const neu = parsed(html); if (neu) el.replaceWith(neu); });
      return;
    }
    if (selectionInside(old)) { deferred.set(id, html); return; }
    deferred.delete(id);
    if (id === "actions") barDirty = true;
    const neu = parsed(html);
    if (neu) morph(old, neu);
  }
  // parsed is the element a fragment's markup makes (null for none).
  function parsed(html) {
    const tpl = document.createElement("template");
    tpl.innerHTML = html.trim();
    return tpl.content.firstElementChild;
  }

  // editList changes element id as a frame's remove, insert, trim or
  // append says: edit removes it or inserts beside it (keyed elements: a
  // thread's card), or drops its first children or adds to its end (the
  // slices and switches of an interval of the CPU chart, the scrubber's
  // marks).
  // A replacement of it, or of what holds it, that waits (a selection
  // inside, a closed <details>) is edited too, or placing it later would
  // undo the edit.
  function editList(id, edit) {
    editPending(id, edit);
    const el = document.getElementById(id);
    if (el) edit(el);
  }
  function editPending(id, edit) {
    for (const pending of [deferred, unseen]) {
      for (const [pid, ph] of pending) {
        // most of what waits (the closed text view, 20 KB) does not hold
        // the list: it is not parsed again on every step to find out
        if (ph.indexOf('id="' + id + '"') < 0) continue;
        const tpl = document.createElement("template");
        tpl.innerHTML = ph.trim();
        const top = tpl.content.firstElementChild;
        const el = top && (top.id === id ? top : top.querySelector("#" + CSS.escape(id)));
        if (el) { edit(el); pending.set(pid, tpl.innerHTML); }
      }
    }
  }

  // addEvents puts a frame's new event-log items on top of the list (once
  // the page has the list the server sends only those), takes the "new"
  // mark off the items of older ticks and keeps the newest log.keep.
  function addEvents(log) {
    if (deferred.has("event-log")) { // the whole log waited for a selection: it goes first
      const old = document.getElementById("event-log");
      const neu = parsed(deferred.get("event-log"));
      deferred.delete("event-log");
      if (old && neu) morph(old, neu);
    }
    const list = document.querySelector("#event-log ol.events");
    if (!list) return;
    const tpl = document.createElement("template");
    tpl.innerHTML = log.add.trim();
    const top = tpl.content.firstElementChild;
    if (!top) return;
    for (const li of list.querySelectorAll("li[data-new]")) {
      if (li.dataset.tick !== top.dataset.tick) { li.classList.remove("new"); delete li.dataset.new; }
    }
    list.prepend(tpl.content);
    while (list.children.length > log.keep) list.lastElementChild.remove();
  }

  document.addEventListener("selectionchange", function () {
    const sel = window.getSelection();
    selected = sel && !sel.isCollapsed && sel.rangeCount > 0 ? sel.anchorNode : null;
    for (const [id, html] of deferred) {
      const el = document.getElementById(id);
      if (!el || !selectionInside(el)) place(id, html);
    }
  });

  // same says whether two unkeyed siblings are the same node in two
  // versions of the markup (one is morphed into the other).
  function same(a, b) {
    if (a.nodeType !== b.nodeType) return false;
    if (a.nodeType !== 1) return true;
    return a.tagName === b.tagName && !keyOf(a) && !keyOf(b);
  }

  // keyOf is what a child is matched by across versions: its id, or for a
  // table row its first cell's id. The address axis's rows have no id of
  // their own; matched by position, a row inserted above (a new thread's
  // stack) would morph every row below into its neighbour, and the page
  // would restyle and lay out the whole table instead of one row.
  function keyOf(e) {
    if (e.nodeType !== 1) return "";
    if (e.id) return e.id;
    if (e.tagName === "TR") for (const c of e.children) if (c.id) return "row:" + c.id;
    return "";
  }

  // morph updates a in place to look like b, keeping a's node (and so
  // focus, caret, open <details>, typed input values) wherever the markup
  // still has that node.
  function morph(a, b) {
    if (a.nodeType !== 1) {
      if (a.nodeValue !== b.nodeValue) a.nodeValue = b.nodeValue;
      return;
    }
    if (a.tagName !== b.tagName) {
      if (!a.contains(document.activeElement)) a.replaceWith(b);
      return;
    }
    // most of a fragment is as it was: the browser compares a subtree much
    // faster than this walk, and an untouched node costs no style or layout
    if (a.isEqualNode(b)) return;
    syncAttrs(a, b);
    if (a.tagName === "TEXTAREA") return; // its text is the user's
    const keyed = new Map();
    for (const c of a.children) { const k = keyOf(c); if (k) keyed.set(k, c); }
    const news = Array.from(b.childNodes);
    const kept = new Set(news.map(keyOf));
    let cur = a.firstChild;
    for (const nb of news) {
      const k = keyOf(nb);
      let match = null;
      if (k) match = keyed.get(k) || null;
      else if (cur && same(cur, nb)) match = cur;
      if (match) {
        // keyed nodes that are gone go now, so the ones after them stay
        // where they are (a moved node is styled and laid out anew)
        while (cur && cur !== match && keyOf(cur) && !kept.has(keyOf(cur))) {
          const next = cur.nextSibling;
          cur.remove();
          cur = next;
        }
        if (match !== cur) a.insertBefore(match, cur);
        morph(match, nb);
        cur = match.nextSibling;
      } else {
        a.insertBefore(nb, cur);
      }
    }
    while (cur) {
      const next = cur.nextSibling;
      cur.remove();
      cur = next;
    }
  }

  function syncAttrs(a, b) {
    const focused = a === document.activeElement;
    const keepOpen = a.tagName === "DETAILS" || a.tagName === "DIALOG";
    for (const at of Array.from(a.attributes)) {
      if (!b.hasAttribute(at.name) && !(keepOpen && at.name === "open") && at.name !== "aria-invalid") a.removeAttribute(at.name);
    }
    for (const at of Array.from(b.attributes)) {
      if (focused && at.name === "value") continue;
      if (a.getAttribute(at.name) !== at.value) a.setAttribute(at.name, at.value);
    }
  }

  // ---------- the polite live region: queued, rate-limited
  const queue = [];
  let speaking = false;
  function announce(text) {
    if (!text) return;
    queue.push(text);
    while (queue.length > 4) queue.shift();
    if (!speaking) speakNext();
  }
  function speakNext() {
    const text = queue.shift();
    if (!text) { speaking = false; return; }
    speaking = true;
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 60);
    setTimeout(speakNext, 1500);
  }
  function announceNew(changed) {
    const items = Array.from(document.querySelectorAll("#event-log li[data-new] .say"));
    const said = items.slice(0, 3).reverse().map(function (s) { return s.textContent.trim(); });
    if (changed) said.push((body.dataset.regsChanged || "") + " " + changed + ".");
    if (said.length === 0) return;
    announce(said.join(" "));
  }

  // A deadlock or an all-blocked machine is announced even while playing:
  // the lab has stopped for good and the reader should know.
  // It goes ahead of anything still queued.
  function announceAlarms() {
    const items = Array.from(document.querySelectorAll("#event-log li[data-new].ev-alarm .say"));
    if (items.length === 0) return false;
    queue.length = 0;
    announce(items.map(function (s) { return s.textContent.trim(); }).reverse().join(" "));
    return true;
  }

  function showError(text, sticky) {
    if (!errorLine) return;
    errorLine.textContent = text;
    errorLine.hidden = false;
    clearTimeout(showError.timer);
    showError.sticky = !!sticky;
    if (!sticky) showError.timer = setTimeout(function () { errorLine.hidden = true; }, 5000);
  }

  // A class that lost its way to the teacher's server (this server
  // reconnecting to the others, or the room's server stopped) keeps its
  // notice up until the room answers again with a hello.
  const roomWaits = ["room-reconnecting", "room-lost"];

  function roomBack() {
    if (!showError.sticky) return;
    showError.sticky = false;
    errorLine.hidden = true;
    if (ws && ws.readyState === WebSocket.OPEN) setConn("live");
  }

  // A hello that could not join a class (no such room, a full room, a
  // wrong token) started no session: the page carries on solo.
  const joinErrors = ["room-not-found", "follower-limit", "not-teacher", "paced-local"];

  function onError(msg) {
    awaitingAnswer = false;
    if (msg.code === "old-model") { showNotice(msg.message); return; }
    if (msg.code === "bad-nickname" && el("nick")) { nickRefused(msg.message); return; }
    const waiting = roomWaits.indexOf(msg.code) >= 0;
    if (waiting) setConn("reconnecting");
    if (msg.op === "hello" && joinErrors.indexOf(msg.code) >= 0) {
      const hadRoom = following || hashParams().get("room");
      following = "";
      delete body.dataset.room;
      setHash({ room: "", token: "" });
      setRole("solo");
      if (hadRoom && msg.code !== "follower-limit" && ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(helloMsg()));
    }
    if (msg.code === "bad-program" && Array.isArray(msg.problems)) {
      loading = false;
      showProblems(msg.problems);
      showError(String(msg.message || "").split("\n")[0]);
      return;
    }
    if (fromLine) {
      fromLine = false;
      hint((msg.message || msg.code || "error") + (msg.detail ? " (" + msg.detail + ")" : ""), true);
    }
    showError(msg.message || msg.code || "error", waiting);
  }

  // showNotice keeps a notice on screen (a lab saved under an older model
  // opened: its replay may differ from what its author saw).
  function showNotice(text) {
    const n = el("model-note");
    if (!n || !text) return;
    n.textContent = text;
    n.hidden = false;
  }

  function clearProblems() {
    loading = false;
    const box = document.getElementById("program-errors");
    if (box) box.replaceChildren();
    const src = document.getElementById("program-src");
    if (src) src.removeAttribute("aria-invalid");
  }

  // showProblems lists every assembler problem at its line, under the
  // editor, in the page's words (the server keeps the lab unchanged and the
  // editor keeps the text).
  function showProblems(problems) {
    const box = document.getElementById("program-errors");
    if (!box) return;
    const fmt = box.dataset.lineFormat || "line %d: %s";
    const h = document.createElement("h3");
    h.textContent = box.dataset.title || "";
    const ul = document.createElement("ul");
    for (const p of problems) {
      const li = document.createElement("li");
      li.dataset.line = String(p.line);
      const b = document.createElement("button"); // choosing it puts the cursor on its line
      b.type = "button";
      b.className = "err-line";
      b.dataset.action = "goto-line";
      b.dataset.line = String(p.line);
      b.textContent = fmt.replace("%d", String(p.line)).replace("%s", String(p.message));
      li.appendChild(b);
      ul.appendChild(li);
    }
    box.replaceChildren(h, ul);
    const src = document.getElementById("program-src");
    if (src) src.setAttribute("aria-invalid", "true");
  }

  // ---------- the program editor: line numbers, and errors that lead to their line
  const editorSrc = document.getElementById("program-src");
  const gutter = document.getElementById("program-gutter");
  function numberLines() {
    if (!editorSrc || !gutter) return;
    const n = Math.max(editorSrc.value.split("\n").length, editorSrc.rows || 1);
    if (gutter.dataset.n === String(n)) return;
    gutter.dataset.n = String(n);
    gutter.textContent = Array.from({ length: n }, function (_, i) { return String(i + 1); }).join("\n");
  }
  if (editorSrc && gutter) {
    editorSrc.addEventListener("input", numberLines);
    editorSrc.addEventListener("scroll", function () { gutter.scrollTop = editorSrc.scrollTop; });
    numberLines();
  }

  // gotoLine selects line n (from 1) of the editor and scrolls it into view.
  function gotoLine(n) {
    if (!editorSrc || !(n >= 1)) return;
    const editor = document.getElementById("editor");
    if (editor && !editor.open) editor.open = true;
    const lines = editorSrc.value.split("\n");
    const line = Math.min(n, lines.length);
    let start = 0;
    for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
    editorSrc.focus();
    editorSrc.setSelectionRange(start, start + lines[line - 1].length);
    const lh = parseFloat(getComputedStyle(editorSrc).lineHeight) || 18;
    editorSrc.scrollTop = Math.max(0, (line - 3) * lh);
    if (gutter) gutter.scrollTop = editorSrc.scrollTop;
  }

  // onExport downloads the server's export (the session's whole history)
  // under the name the server chose.
  function onExport(msg) {
    const type = msg.format === "json" ? "application/json" : "text/plain;charset=utf-8";
    const blob = new Blob([msg.body || ""], { type: type });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = msg.name || "procscope-export.txt";
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    body.dataset.lastExport = a.download;
    announce(fmt(body.dataset.exported, a.download) + (msg.truncated ? " " + (body.dataset.exportTruncated || "") : ""));
  }

  // ---------- animation cues named by events
  function cues(events) {
    if (reduceMotion()) return;
    for (const e of events) {
      const kind = e.kind || e.Kind;
      const other = e.other !== undefined ? e.other : e.Other;
      // the new thread's stack, in its process's column of the axis
      if (kind === "thread-created") flash('.region[data-owner="' + other + '"]');
      if (kind === "process-forked") flash('article[data-pid="' + other + '"]');
    }
  }
  // flash starts an element's cue. One still running is taken off and put
  // back two animation frames later, so that the browser sees it end and
  // start: reading the layout to restart it at once would lay the page out
  // in the middle of applying a frame. A cue that ended is taken off.
  function flash(selector) {
    for (const el of document.querySelectorAll(selector)) {
      if (!el.classList.contains("cue")) { el.classList.add("cue"); continue; }
      el.classList.remove("cue");
      requestAnimationFrame(function () { requestAnimationFrame(function () { el.classList.add("cue"); }); });
    }
  }
  document.addEventListener("animationend", function (ev) {
    if (ev.animationName === "ring-fade" && ev.target.classList) ev.target.classList.remove("cue");
  });

  // ---------- links keep the current step and theme
  function updateLinks() {
    const theme = document.documentElement.dataset.theme;
    // the embed's "open in a new tab": the full page at this lab's state
    const full = document.getElementById("open-full");
    if (full) {
      const u = shareURLs().link;
      u.searchParams.delete("controls"); // the full page shows every control
      full.href = u.toString();
    }
    for (const a of document.querySelectorAll("a.lang")) {
      const u = new URL(a.getAttribute("href"), location.href);
      if (lastTick > 0) u.searchParams.set("step", String(lastTick));
      if (theme) u.searchParams.set("theme", theme); else u.searchParams.delete("theme");
      // the saved lab (and the teacher's room) travel along, so the other
      // language shows this lab; a student's page keeps following its class
      u.hash = location.hash;
      if (following) u.searchParams.set("room", following); else u.searchParams.delete("room");
      a.href = u.toString();
    }
  }

  // ---------- embedding: height reporting and parent commands
  const framed = window.parent !== window;
  if (framed && "ResizeObserver" in window) {
    let timer = 0;
    let last = 0;
    const report = function () {
      const height = Math.ceil(document.documentElement.scrollHeight);
      if (height === last) return;
      last = height;
      // Only a height goes to "*": nothing sensitive.
      window.parent.postMessage({ type: "procscope:resize", height: height }, "*");
      window.parent.postMessage(JSON.stringify({ subject: "lti.frameResize", height: height }), "*");
    };
    new ResizeObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(report, 100);
    }).observe(document.body);
  }
  const allowed = (body.dataset.allowedOrigins || "").split(/[\s,]+/).filter(Boolean);
  const parentOps = { "procscope:play": "play", "procscope:pause": "pause", "procscope:step": "step", "procscope:reset": "reset" };
  window.addEventListener("message", function (ev) {
    if (!framed || ev.source !== window.parent || allowed.indexOf(ev.origin) < 0) return;
    const op = ev.data && parentOps[ev.data.type];
    if (op) send({ op: op });
  });

  // ---------- lessons (docs/lessons.md, docs/embedding.md)
  // The step panel is the server's (the lesson-step fragment); here: its
  // prediction form, the signed progress kept in the URL fragment (lp)
  // next to the saved lab, procscope:progress to an embedding page whose
  // origin the server allows, and the reveal's highlights on the stage.
  let lastProgress = "";
  document.addEventListener("submit", function (ev) {
    const form = ev.target.closest("[data-lesson-form=predict]");
    if (!form) return;
    ev.preventDefault();
    if (role === "follower") return;
    const answer = String(new FormData(form).get("answer") || "").trim();
    if (answer) send({ op: "lesson-predict", answer: answer });
  });

  function lessonFrame(f) {
    const l = f.lesson;
    if (l && l.progress && l.progress !== lastProgress) {
      lastProgress = l.progress;
      if (!following || role === "student") setHash({ lp: l.progress }); // a self-paced student's progress is their own
      postProgress(l);
    } else if (!l && lastProgress) {
      lastProgress = "";
      setHash({ lp: "" });
    }
    highlight();
  }

  // parentOrigin is the embedding page's origin when the server allows
  // it (-origins host patterns, "*.example.edu" included), else "".
  function parentOrigin() {
    let origin = "";
    if (location.ancestorOrigins && location.ancestorOrigins.length) origin = location.ancestorOrigins[0];
    else if (document.referrer) { try { origin = new URL(document.referrer).origin; } catch (e) { origin = ""; } }
    if (!origin || origin === "null") return "";
    let host = "";
    try { host = new URL(origin).host; } catch (e) { return ""; }
    const ok = allowed.some(function (p) {
      if (p.indexOf("://") >= 0) return p === origin;
      if (p.indexOf("*.") === 0) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
      return p === host;
    });
    return ok ? origin : "";
  }

  // postProgress tells the embedding page where the student is, only if
  // its origin is one the server was configured with; never "*".
  function postProgress(l) {
    if (!framed) return;
    const origin = parentOrigin();
    if (!origin) return;
    const msg = { type: "procscope:progress", lesson: l.lesson, step: Math.min(l.step, l.total), total: l.total,
      done: !!l.done, finished: l.step > l.total, predicted: l.predicted || 0, correct: l.correct || 0 };
    if (l.code) msg.code = l.code;
    window.parent.postMessage(msg, origin);
  }

  // highlight marks what the current reveal talks about (the panel's
  // data-show tokens) on the stage; each frame redraws the marks.
  const showSelectors = {
    // a process is its column's heading: app.css outlines the column
    // from there down as one box, not a box per region
    process: function (a) { return '#address-spaces th[data-pid="' + a[0] + '"], #proc-tree [data-pid="' + a[0] + '"]'; },
    thread: function (a) { return "#thread-" + a[0]; },
    // A process's regions are cells of the address axis (maps.templ), one
    // column per process: its cells carry the pid, not an ancestor.
    region: function (a) { return '#address-spaces td.region[data-pid="' + a[0] + '"][data-kind="' + a[1] + '"]'; },
    global: function (a) { return '#address-spaces td.region[data-pid="' + a[0] + '"] tr[data-global="' + a[1] + '"]'; },
    frame: function (a) { return "#frame-" + a[0]; },
    line: function (a) { return '#program-view li[data-line="' + a[0] + '"]'; },
    cost: function (a) { return 'tr[data-cost="' + a[0] + '"]'; }
  };
  function highlight() {
    for (const e of document.querySelectorAll(".lesson-hl")) e.classList.remove("lesson-hl");
    const panel = document.getElementById("lesson-step");
    if (!panel || panel.dataset.done !== "true") return;
    for (const tok of (panel.dataset.show || "").split(" ").filter(Boolean)) {
      const parts = tok.split(":");
      const sel = showSelectors[parts[0]];
      if (!sel || !parts.slice(1).every(function (x) { return /^[A-Za-z0-9_.]+$/.test(x); })) continue;
      for (const e of document.querySelectorAll(sel(parts.slice(1)))) e.classList.add("lesson-hl");
    }
    sizeColumnOutline();
  }
  // sizeColumnOutline tells app.css how far an outlined column reaches:
  // from its heading to the axis's end (--axis-h on the maps' column).
  function sizeColumnOutline() {
    const th = document.querySelector("#address-spaces th.proc.lesson-hl");
    const box = document.getElementById("col-maps");
    if (!th || !box) return;
    const h = Math.round(th.closest("table").getBoundingClientRect().bottom - th.getBoundingClientRect().top) + "px";
    if (box.style.getPropertyValue("--axis-h") !== h) box.style.setProperty("--axis-h", h);
  }
  window.addEventListener("resize", sizeColumnOutline);
  document.addEventListener("toggle", sizeColumnOutline, true);

  // ---------- program.js (the reader's choices in the program view, the
  // editor's files) is not needed for the first picture: it loads when
  // the reader first reaches for what it serves (points at or focuses the
  // program, its assembly or the maps, or opens the editor). A click or
  // key that came before it loaded is handed to it once it has.
  let programJS = null;
  let programWaiting = null;
  const programParts = "#program-view, #program-code, #address-spaces, #editor";
  function needProgramJS(ev) {
    if (!body.dataset.programJs) return;
    if (ev && handOver(ev)) programWaiting = ev;
    if (programJS) return;
    programJS = document.createElement("script");
    programJS.src = body.dataset.programJs;
    programJS.onload = function () {
      programJS.dataset.loaded = "1";
      const w = programWaiting;
      programWaiting = null;
      if (!w || !w.target.isConnected) return;
      w.target.dispatchEvent(w.type === "click" ? new MouseEvent("click", { bubbles: true }) : new KeyboardEvent("keydown", { key: w.key, bubbles: true }));
    };
    document.head.append(programJS);
  }
  // handOver says whether program.js should get ev again once loaded: a
  // click on the listing or a map (not on a control, which did its own
  // work) or a key that chooses in the listing.
  function handOver(ev) {
    if (ev.type === "click") return !ev.target.closest("button, a, input, select, textarea, summary, [data-op], [data-action]");
    return ev.type === "keydown" && /^(Arrow(Up|Down|Left|Right)|Escape)$/.test(ev.key);
  }
  for (const type of ["pointerover", "focusin", "click", "keydown"]) {
    document.addEventListener(type, function (ev) {
      if (programJS && programJS.dataset.loaded === "1") return;
      if (ev.target.closest && ev.target.closest(programParts)) needProgramJS(ev);
    }, true);
  }
  const editorBox = document.getElementById("editor");
  if (editorBox) editorBox.addEventListener("toggle", function () { needProgramJS(); });

  // ---------- pause while nobody can see the lab
  function playing() {
    const b = document.getElementById("btn-play");
    return !!(b && b.dataset.op === "pause");
  }
  function hidden(isHidden) {
    if (isHidden && playing()) { autoPaused = send({ op: "pause" }); awaitingAnswer = false; }
    else if (!isHidden && autoPaused) { autoPaused = false; send({ op: "play" }); awaitingAnswer = false; }
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) connect();
    hidden(document.hidden);
  });
  if (framed && "IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      hidden(!entries[entries.length - 1].isIntersecting);
    }).observe(document.getElementById("lab"));
  }

  const lessonBox = document.getElementById("lesson-box");
  if (lessonBox) {
    if (window.innerWidth < 1280) lessonBox.open = false;
    lessonBox.dataset.placed = ""; // app.css holds its first paint until here
  }
  // the lesson column stays in view under the sticky bar, whose height
  // changes as it wraps (app.css reads --bar-h)
  const bar = document.getElementById("bar");
  if (bar && "ResizeObserver" in window) {
    new ResizeObserver(function () {
      document.documentElement.style.setProperty("--bar-h", bar.offsetHeight + "px");
    }).observe(bar);
  }
  setRole(role);
  applyChoice();
  followLines();
  drawLinks();
  if (!document.hidden) connect();
})();

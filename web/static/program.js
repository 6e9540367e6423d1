// procscope program view: the reader's own choices in the C listing. A
// chosen line shows the instructions it compiled to (colour-matched, with
// each thread's next instruction marked); a chosen variable is marked in
// the source, in every address space, on its page and its frame, and
// choosing a global in a map chooses its line. Choices live only here,
// never in the shared render: they are drawn by one constructed style
// sheet of attribute selectors, so the frames that app.js merges never
// wipe them. The editor's download and open-from-disk live here too.
(function () {
  "use strict";
  const lab = document.getElementById("lab");
  if (!lab) return;
  const sheet = "adoptedStyleSheets" in document ? new CSSStyleSheet() : null;
  if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  const choice = { line: 0, sym: "" };
  let drawn = "";

  function q(v) { return '"' + CSS.escape(String(v)) + '"'; }
  function all(sel) { return Array.from(document.querySelectorAll(sel)); }

  // rules is the style sheet for the current choice and the current
  // frame: pages and frames move with copy-on-write, threads with steps.
  function rules() {
    const out = [];
    const code = document.getElementById("program-code");
    if (choice.line) {
      out.push("#program-view li[data-line=" + q(choice.line) + "]{--pick:1}");
      const asm = code && code.querySelector(".asm[data-asm-line=" + q(choice.line) + "]");
      out.push(asm ? "#program-code .asm[data-asm-line=" + q(choice.line) + "]{--show:block}" : "#program-code .asm-none{--show:block}");
      out.push("#program-code .asm-hint{display:none}");
      const at = new Map();
      for (const m of all("#program-view .tmark[data-instr]")) {
        const label = "T" + m.dataset.tid + "·P" + m.dataset.pid;
        at.set(m.dataset.instr, (at.has(m.dataset.instr) ? at.get(m.dataset.instr) + " " : "◀ ") + label);
      }
      for (const [instr, label] of at) {
        out.push("#program-code li[data-instr=" + q(instr) + "]{--pick:1}");
        out.push("#program-code li[data-instr=" + q(instr) + "]::after{content:" + JSON.stringify(label) + "}");
      }
    }
    if (choice.sym) {
      const s = q(choice.sym);
      out.push(".sym[data-sym=" + s + "],#address-spaces tr[data-global=" + s + "],#address-spaces [data-sym=" + s + "]{--pick:1}");
      out.push("#program-code .sym-info[data-sym-info=" + s + "]{--show:block}");
      const info = code && code.querySelector(".sym-info[data-sym-info=" + s + "]");
      const vpage = info && info.dataset.vpage;
      if (vpage) {
        out.push("#address-spaces .page[data-vpage=" + q(vpage) + "]{--pick:1}");
        const frames = new Set(all("#address-spaces .page[data-vpage=" + q(vpage) + "]").map(function (p) { return p.dataset.frame; }));
        for (const f of frames) out.push("#frame-" + CSS.escape(f) + "{--pick:1}");
      }
    }
    return out.join("\n");
  }

  function draw() {
    if (!sheet) return;
    const css = rules();
    if (css !== drawn) { sheet.replaceSync(css); drawn = css; }
  }

  // Frames replace the listing and the maps; redraw once per animation
  // frame after they land, and only while something is chosen.
  let pending = 0;
  new MutationObserver(function () {
    if ((choice.line || choice.sym) && !pending) pending = requestAnimationFrame(function () { pending = 0; draw(); });
  }).observe(lab, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-instr", "data-frame"] });

  function choose(line, sym) {
    choice.line = line === choice.line && !sym ? 0 : line;
    choice.sym = sym || "";
    draw();
  }

  function lineOf(el) { const li = el.closest("#program-view li[data-line]"); return li ? Number(li.dataset.line) : 0; }

  // showLine scrolls the listing (not the page) to line n.
  function showLine(n) {
    const src = document.querySelector("#program-view .src");
    const li = src && src.querySelector("li[data-line=" + q(n) + "]");
    if (li) src.scrollTop = Math.max(0, li.offsetTop - src.offsetTop - src.clientHeight / 3);
  }

  lab.addEventListener("click", function (ev) {
    const t = ev.target;
    if (!t.closest) return;
    const sym = t.closest("#program-view .sym[data-sym]");
    if (sym) { choose(lineOf(sym), sym.dataset.sym === choice.sym ? "" : sym.dataset.sym); return; }
    if (t.closest("#program-view .src li[data-line]") && !t.closest("button")) { choose(lineOf(t), ""); return; }
    const g = t.closest("#address-spaces tr[data-global], #address-spaces [data-sym]");
    if (!g) return;
    const id = g.dataset.global || g.dataset.sym;
    const info = document.querySelector("#program-code .sym-info[data-sym-info=" + q(id) + "]");
    if (!info) return;
    const line = Number(info.dataset.line) || 0;
    choose(line, id);
    showLine(line);
  });

  // Keyboard: in the focused listing, ↑ ↓ choose a line, ← → step through
  // its variables, Escape clears.
  lab.addEventListener("keydown", function (ev) {
    const src = ev.target.closest && ev.target.closest("#program-view .src");
    if (!src || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const lines = src.querySelectorAll("li[data-line]").length;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      const n = Math.min(lines, Math.max(1, (choice.line || 0) + (ev.key === "ArrowDown" ? 1 : -1)));
      ev.preventDefault();
      choice.sym = "";
      choice.line = n;
      draw();
      showLine(n);
    } else if ((ev.key === "ArrowRight" || ev.key === "ArrowLeft") && choice.line) {
      const syms = Array.from(src.querySelectorAll("li[data-line=" + q(choice.line) + "] .sym")).map(function (s) { return s.dataset.sym; });
      if (syms.length === 0) return;
      ev.preventDefault();
      const i = syms.indexOf(choice.sym);
      const next = ev.key === "ArrowRight" ? (i + 1) % syms.length : (i <= 0 ? syms.length - 1 : i - 1);
      choice.sym = syms[next];
      draw();
    } else if (ev.key === "Escape" && (choice.line || choice.sym)) {
      choice.line = 0; choice.sym = "";
      draw();
    }
  });

  // ---------- the editor's files: download the program, open one from disk.
  // The buttons arrive with the socket's first frame (editor-files), so
  // they are found when used.
  function fileProblem(text) {
    const p = document.getElementById("program-file-error");
    if (!p) return;
    p.textContent = text;
    p.hidden = !text;
  }
  document.addEventListener("click", function (ev) {
    const editor = document.getElementById("program-src");
    if (!editor || !ev.target.closest || !ev.target.closest("#program-download")) return;
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([editor.value], { type: "text/plain" }));
    // named as the load would read it: C has an #include or a function body
    const c = /#include/.test(editor.value) || /main\(/.test(editor.value) && editor.value.indexOf("{") >= 0;
    a.download = c ? "main.c" : "main.s";
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  });
  document.addEventListener("change", function (ev) {
    const file = ev.target;
    const editor = document.getElementById("program-src");
    if (file.id !== "program-file" || !editor) return;
    const f = file.files && file.files[0];
    file.value = "";
    if (!f) return;
    if (f.size > Number(file.dataset.maxBytes)) { fileProblem(file.dataset.tooBig); return; }
    f.text().then(function (text) {
      // a text file has no NUL bytes and decodes without replacement characters
      if (text.indexOf("\u0000") >= 0 || text.indexOf("\uFFFD") >= 0) { fileProblem(file.dataset.notText); return; }
      fileProblem("");
      editor.value = text;
      editor.dispatchEvent(new Event("input"));
      editor.focus();
    }, function () { fileProblem(file.dataset.notText); });
  });
})();

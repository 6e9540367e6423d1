package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe.min.js
var axeSource string

// labTab opens a tab that records Content-Security-Policy violations (an
// inline style the CSP blocks would otherwise pass silently).
func labTab(t *testing.T, width, height int64) context.Context {
	t.Helper()
	ctx := tab(t, width, height)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
			window.__clicks = []; document.addEventListener("click", e => { const t = e.target; window.__clicks.push((t.id || t.tagName) + "@" + e.clientX + "," + e.clientY + " scrollY " + scrollY); window.__clicks.splice(0, window.__clicks.length - 4); }, true);`,
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds.
// A navigation in between only delays it. It waits up to 10 s: CI runs
// these tests with -race beside the other packages' on two cores, where
// a class moving to another replica took over 5 s once in 25 runs.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+js+")"))
		if err == nil && ok {
			return
		}
		last = err
		if err := chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("waiting for %s (%s): gave up (last error: %v); the page: %s", what, js, last, pageState(ctx))
}

// pageState says what a page shows when a wait gives up: its connection,
// its role and its error line, so a failure in CI can be read without
// rerunning it.
func pageState(ctx context.Context) string {
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const conn = document.getElementById("conn"), line = document.getElementById("error-line");
		return "url " + location.href + ", conn " + (conn ? conn.dataset.state : "none") + ", role " + document.body.dataset.role +
			", error line " + (line && !line.hidden ? JSON.stringify(line.textContent.trim()) : "hidden") +
			", last clicks " + JSON.stringify(window.__clicks || []);
	})()`))
	if err != nil {
		return err.Error()
	}
	return s
}

// click clicks an element as a person would reach it: a command of a
// thread or process the action bar does not show yet is reached by
// choosing that thread or process first, and a closed menu is opened.
func click(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	opened := eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; let opened = false;
		for (let d = e.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) if ((e.tagName !== "SUMMARY" || d !== e.parentElement) && !d.open) { d.open = true; opened = true; }
		return opened })()`, css))
	if opened { // the page places an opened menu on its toggle event, before a person could click in it
		if err := chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		t.Fatalf("click %s: %v", css, err)
	}
}

func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	if err := waitLive(ctx); err != nil {
		t.Fatal(err)
	}
}

// freeLabLine is line n of the free lab's C program.
func freeLabLine(t *testing.T, n int) string {
	t.Helper()
	src, err := os.ReadFile("../server/freelab/freelab.c")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	if n < 1 || n > len(lines) {
		t.Fatalf("the free lab has no line %d", n)
	}
	return lines[n-1]
}

func noCSPViolations(t *testing.T, ctx context.Context) {
	t.Helper()
	if v := eval[[]string](t, ctx, `window.__csp || []`); len(v) > 0 {
		t.Errorf("CSP violations: %v", v)
	}
}

// pid2Global is the value of a global in a process's map.
func globalValue(t *testing.T, ctx context.Context, pid int, name string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector('td[data-pid="%d"] tr[data-global=%s] .val') || {}).textContent || ""`, pid, name))
}

// writeGlobal writes a value to a global from a process's main thread,
// through the action bar.
func writeGlobal(t *testing.T, ctx context.Context, pid int, name string, value int) {
	t.Helper()
	choose(t, ctx, pid)
	eval[bool](t, ctx, fmt.Sprintf(`(() => { document.getElementById("act-write-name").value = %q; document.getElementById("act-write-v").value = "%d"; return true })()`, name, value))
	click(t, ctx, "#act-write")
}

// eventKinds lists the kinds in the page's event log, oldest first.
func eventKinds(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `[...document.querySelectorAll('#event-log li[data-kind]')].map(e => e.dataset.kind).reverse()`)
}

// stepUntilValueIs10 clicks Step until fork-cow's first line has stored
// 10 into value (the page gets its frame); the C program runs _start and
// main's prologue first.
func stepUntilValueIs10(t *testing.T, ctx context.Context) {
	t.Helper()
	for range 30 {
		if globalValue(t, ctx, 2, "value") == "10" {
			return
		}
		tick := tickOf(t, ctx)
		click(t, ctx, "#btn-step")
		waitFor(t, ctx, "the next tick", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, tick))
	}
	t.Fatal("fork-cow's value never became 10")
}

func tickOf(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector('[data-testid=tick]').textContent`)
}

// spawnForkWrite is the lab's central story on the default lab: pid 2
// spawns thread 3, writes counter = 5 (its data page gets a frame), forks
// child 4, and the child writes counter = 7.
func spawnForkWrite(t *testing.T, ctx context.Context) {
	t.Helper()
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3's stack in pid 2", `!!document.querySelector('td[data-pid="2"][data-kind=stack][data-owner="3"]')`)
	writeGlobal(t, ctx, 2, "counter", 5)
	waitFor(t, ctx, "the parent's counter to read 5", `(document.querySelector('[data-pid="2"] tr[data-global=counter] .val')||{}).textContent === "5"`)
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 4's map", `!!document.querySelector('td[data-pid="4"][data-kind=text]')`)
	writeGlobal(t, ctx, 4, "counter", 7)
	waitFor(t, ctx, "the child's counter to read 7", `(document.querySelector('[data-pid="4"] tr[data-global=counter] .val')||{}).textContent === "7"`)
}

func TestClickThroughSpawnForkWriteAndBack(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	if got := eval[string](t, ctx, `document.querySelector('[data-testid=thread-count]').textContent`); got != "threads: 2" {
		t.Fatalf("thread count on a fresh lab reads %q, want threads: 2 (init and counter)", got)
	}

	// spawn: a new stack with a guard page directly below it, in the same map.
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3's stack in pid 2", `!!document.querySelector('td[data-pid="2"][data-kind=stack][data-owner="3"]')`)
	if got := eval[string](t, ctx, `(() => {
		const rows = [...document.querySelectorAll('td[data-pid="2"]')];
		const i = rows.findIndex(r => r.dataset.kind === "stack" && r.dataset.owner === "3");
		const g = rows[i + 1];
		if (!g || g.dataset.kind !== "guard" || g.dataset.owner !== "3") return "not the next row";
		return g.dataset.end === rows[i].dataset.start ? "directly below" : "below with a gap " + g.dataset.end + " " + rows[i].dataset.start;
	})()`); got != "directly below" {
		t.Errorf("guard page of thread 3 is %s, want directly below its stack", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('th[data-pid=\"2\"]').dataset.threads`); got != "2" {
		t.Errorf("pid 2 has %s threads after spawn, want 2", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('[data-testid=thread-count]').textContent`); got != "threads: 3" {
		t.Errorf("thread count reads %q after spawn, want threads: 3", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('td[data-pid="2"][data-kind=stack]').length`); n != 2 {
		t.Errorf("pid 2 shows %d stacks, want 2 (one per thread)", n)
	}
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "act-spawn" {
		t.Errorf("focus after spawn is on %q, want it to stay on act-spawn", got)
	}
	waitFor(t, ctx, "the live region to say what happened", `document.getElementById("announcer").textContent.includes("Thread 3 created")`)

	// the parent touches counter, then forks: the same addresses, frames shared.
	writeGlobal(t, ctx, 2, "counter", 5)
	waitFor(t, ctx, "the parent's counter to read 5", `(document.querySelector('[data-pid="2"] tr[data-global=counter] .val')||{}).textContent === "5"`)
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 4's map", `!!document.querySelector('td[data-pid="4"][data-kind=text]')`)
	for _, kind := range []string{"text", "rodata", "data", "bss", "heap"} {
		same := eval[bool](t, ctx, fmt.Sprintf(`(() => { const a = document.querySelector('td[data-pid="2"][data-kind=%[1]s]'), b = document.querySelector('td[data-pid="4"][data-kind=%[1]s]'); return !!a && !!b && a.dataset.start === b.dataset.start && a.dataset.end === b.dataset.end })()`, kind))
		if !same {
			t.Errorf("%s is not at the same addresses in parent and child", kind)
		}
	}
	if got := eval[string](t, ctx, `document.querySelector('th[data-pid=\"4\"]').dataset.threads`); got != "1" {
		t.Errorf("the child has %s threads, want 1 (only the forking thread is copied)", got)
	}
	shared := eval[int](t, ctx, `[...document.querySelectorAll('#frames .frame[data-cow]')].filter(f => f.dataset.refs === "2" && f.textContent.includes("P2") && f.textContent.includes("P4")).length`)
	if shared < 1 {
		t.Errorf("frames shared copy-on-write by P2 and P4 = %d, want at least the data page", shared)
	}
	framesBefore := eval[int](t, ctx, `document.querySelectorAll('#frames .frame').length`)

	// the child writes: exactly one frame copied, the parent's value unchanged.
	writeGlobal(t, ctx, 4, "counter", 7)
	waitFor(t, ctx, "the child's counter to read 7", `(document.querySelector('[data-pid="4"] tr[data-global=counter] .val')||{}).textContent === "7"`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#frames .frame.fresh').length`); n != 1 {
		t.Errorf("freshly copied frames = %d, want exactly 1", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#frames .frame').length`); n != framesBefore+1 {
		t.Errorf("frames after the child's write = %d, want %d (one copy)", n, framesBefore+1)
	}
	if v := globalValue(t, ctx, 2, "counter"); v != "5" {
		t.Errorf("parent's counter = %q after the child wrote, want 5", v)
	}
	cow := eval[[]string](t, ctx, `[...document.querySelectorAll('#event-log li[data-kind=cow-fault] .say')].map(s => s.textContent)`)
	if len(cow) != 1 || !strings.Contains(cow[0], "Process 4 wrote to a shared page") {
		t.Errorf("cow-fault narration = %q, want one sentence about process 4", cow)
	}
	if !eval[bool](t, ctx, `document.getElementById("actions").dataset.actingTid === "4"`) {
		t.Error("the child's thread is no longer the chosen one after the frame arrived")
	}
	before := tickOf(t, ctx)

	// step back: the previous state returns.
	click(t, ctx, "#btn-back")
	waitFor(t, ctx, "the copied frame to go away", `document.querySelectorAll('#frames .frame.fresh').length === 0 && (document.querySelector('[data-pid="4"] tr[data-global=counter] .val')||{}).textContent === "5"`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#frames .frame').length`); n != framesBefore {
		t.Errorf("frames after step back = %d, want %d", n, framesBefore)
	}
	if got := tickOf(t, ctx); got == before {
		t.Errorf("tick still %s after step back", got)
	}
	if kinds := eventKinds(t, ctx); slices.Contains(kinds, "cow-fault") {
		t.Errorf("the event log still holds the undone cow-fault: %v", kinds)
	}
	noCSPViolations(t, ctx)
}

func TestLessonForkCOW(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lesson=fork-cow&lang=en")
	stepUntilValueIs10(t, ctx)
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 3", `!!document.querySelector('td[data-pid="3"][data-kind=data]')`)
	if v := globalValue(t, ctx, 3, "value"); v != "10" {
		t.Errorf("the child's value after fork = %q, want the parent's 10", v)
	}
	writeGlobal(t, ctx, 3, "value", 30)
	waitFor(t, ctx, "the child's value 30", `(document.querySelector('[data-pid="3"] tr[data-global=value] .val')||{}).textContent === "30"`)
	if v := globalValue(t, ctx, 2, "value"); v != "10" {
		t.Errorf("the parent's value = %q after the child wrote, want 10", v)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#event-log li[data-kind=cow-fault]').length`); n != 1 {
		t.Errorf("cow-fault events = %d, want 1", n)
	}
}

func TestPlayPauseAndReset(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	// 100 instructions a second: the tick moves while playing.
	eval[bool](t, ctx, `(() => { const s = document.getElementById("speed"); s.value = "100"; s.dispatchEvent(new Event("change", { bubbles: true })); return true })()`)
	click(t, ctx, "#btn-play")
	waitFor(t, ctx, "the pause button", `document.getElementById("btn-play").dataset.op === "pause"`)
	waitFor(t, ctx, "the tick to pass 10", `Number(document.querySelector('[data-testid=tick]').textContent) > 10`)
	if !eval[bool](t, ctx, `!!document.querySelector('#cpus [data-testid=gantt] .slice')`) {
		t.Error("no Gantt slices while the lab plays")
	}
	click(t, ctx, "#btn-play")
	waitFor(t, ctx, "the play button again", `document.getElementById("btn-play").dataset.op === "play"`)
	paused := tickOf(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if got := tickOf(t, ctx); got != paused {
		t.Errorf("tick moved from %s to %s while paused", paused, got)
	}
	// main may be waiting in pthread_join by now, so its controls are not
	// the ones shown: the command line spawns from it
	typeLine(t, ctx, "spawn 2 worker")
	waitFor(t, ctx, "the spawned thread", `!!document.querySelector('#event-log li[data-kind=thread-created]')`)
	click(t, ctx, "#btn-reset")
	waitFor(t, ctx, "a fresh lab", `document.querySelector('[data-testid=tick]').textContent === "0" && !document.getElementById("thread-3")`)
	if kinds := eventKinds(t, ctx); len(kinds) != 0 {
		t.Errorf("event log after reset = %v, want empty", kinds)
	}
}

func TestGanttShowsSwitchesByKind(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
	// thread 3 runs next: a switch inside process 2
	act(t, ctx, 3, "run")
	waitFor(t, ctx, "a thread switch on the chart", `!!document.querySelector('#cpus .gantt .switch.sw-thread')`)
	click(t, ctx, "#btn-step")
	waitFor(t, ctx, "slices of both threads", `(() => { const s = [...document.querySelectorAll('#cpus .gantt .slice title')].map(t => t.textContent); return s.some(x => x.startsWith("T2")) && s.some(x => x.startsWith("T3")) })()`)
	if got := eval[string](t, ctx, `(document.querySelector('#cpus tr[data-cost=switching] .num') || {}).textContent || ""`); got == "" || got == "0 ns" {
		t.Errorf("the switching overhead row reads %q after a switch, want its cost", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('#cpus .gantt .switch.sw-thread title').textContent`); !strings.Contains(got, "T2 → T3") {
		t.Errorf("switch mark says %q, want it to name T2 → T3", got)
	}
}

func TestInitIsCompactAndHasNoCommands(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	if n := eval[int](t, ctx, `document.querySelectorAll('.tgroup[data-pid="1"] [data-op], td[data-pid="1"], .tcard[data-pid="1"][data-commands]').length + document.getElementById("actions").dataset.pids.split(" ").includes("1")`); n != 0 {
		t.Errorf("init offers %d commands or map cells, want none", n)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#proc-tree li[data-pid="1"] li[data-pid="2"]')`) {
		t.Error("the process tree does not show pid 2 under init")
	}
	// A menu a person opened stays open when a frame arrives. (A click
	// elsewhere closes it by design, so the command comes from the command
	// line without a click.)
	act(t, ctx, 2, "more > summary")
	typeLine(t, ctx, "spawn 2 worker")
	waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
	if !eval[bool](t, ctx, `document.getElementById("act-more").open`) {
		t.Error("thread 2's menu closed again when a frame arrived")
	}
}

func TestBadProgramShowsEveryErrorAtItsLine(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	click(t, ctx, "#editor > summary")
	const bad = ".main\nmov $1, %ax\nfrobnicate %ax\nadd $1, %ax\njmp nowhere\nhalt"
	setSource := func(src string) {
		eval[bool](t, ctx, fmt.Sprintf(`(() => { document.getElementById("program-src").value = %q; return true })()`, src))
	}
	setSource(bad)
	click(t, ctx, "#program-load")
	waitFor(t, ctx, "the assembler's errors", `document.querySelectorAll('#program-errors li').length > 0`)
	lines := eval[[]string](t, ctx, `[...document.querySelectorAll('#program-errors li')].map(l => l.dataset.line)`)
	if !slices.Contains(lines, "3") {
		t.Errorf("errors at lines %v, want line 3 (frobnicate) among them", lines)
	}
	texts := eval[[]string](t, ctx, `[...document.querySelectorAll('#program-errors li')].map(l => l.textContent)`)
	for _, s := range texts {
		if !strings.HasPrefix(s, "line ") {
			t.Errorf("error %q does not start with its line", s)
		}
	}
	if got := eval[string](t, ctx, `document.getElementById("program-src").value`); got != bad {
		t.Errorf("the editor lost the user's text: %q", got)
	}
	// nothing was changed: still the free lab's program, still tick 0
	if got, want := eval[string](t, ctx, `document.querySelector('#program-view .src li[data-line="6"] .code').textContent`), freeLabLine(t, 6); got != want {
		t.Errorf("listing line 6 = %q, want the old program's %q", got, want)
	}
	// another frame does not wipe the errors
	click(t, ctx, "#btn-step")
	waitFor(t, ctx, "tick 1", `document.querySelector('[data-testid=tick]').textContent === "1"`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#program-errors li').length`); n != len(texts) {
		t.Errorf("errors after a frame = %d, want the %d still listed", n, len(texts))
	}
	// a good program loads and clears them
	setSource(".main\nmov $1, %ax\nhalt")
	click(t, ctx, "#program-load")
	waitFor(t, ctx, "the new listing", `(document.querySelector('#program-view .src li[data-line="2"] .code')||{}).textContent === "mov $1, %ax"`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#program-errors li').length`); n != 0 {
		t.Errorf("errors after a good load = %d, want 0", n)
	}
}

// A Korean student's bad program gets its problems in Korean, each under
// its 행 (line) label, like the English page's "line N".
func TestBadProgramShowsKoreanErrorsAtTheirLines(t *testing.T) {
	ctx := labTab(t, 390, 800)
	open(t, ctx, baseURL+"/?lang=ko")
	click(t, ctx, "#editor > summary")
	const bad = ".main\nmov $1, %ax\nfrobnicate %ax\nadd $1, %ax\njmp nowhere\nhalt"
	eval[bool](t, ctx, fmt.Sprintf(`(() => { document.getElementById("program-src").value = %q; return true })()`, bad))
	click(t, ctx, "#program-load")
	waitFor(t, ctx, "the assembler's errors", `document.querySelectorAll('#program-errors li').length > 0`)
	if got := eval[string](t, ctx, `document.querySelector('#program-errors h3').textContent`); got != "어셈블러 오류" {
		t.Errorf("errors title = %q, want 어셈블러 오류", got)
	}
	type item struct{ Line, Text string }
	items := eval[[]item](t, ctx, `[...document.querySelectorAll('#program-errors li')].map(l => ({Line: l.dataset.line, Text: l.textContent}))`)
	var lines []string
	for _, it := range items {
		lines = append(lines, it.Line)
		if !strings.HasPrefix(it.Text, it.Line+"행: ") {
			t.Errorf("error %q does not start with %s행", it.Text, it.Line)
		}
		if strings.Contains(it.Text, "line ") || !strings.ContainsFunc(it.Text, func(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }) {
			t.Errorf("error %q is not in Korean", it.Text)
		}
	}
	if !slices.Contains(lines, "3") || !slices.Contains(lines, "5") {
		t.Errorf("errors at lines %v, want 3 (frobnicate) and 5 (jmp nowhere)", lines)
	}
	for _, it := range items {
		if it.Line == "3" && !strings.Contains(it.Text, "알 수 없는 명령어입니다") {
			t.Errorf("line 3 reads %q, want the Korean unknown-mnemonic message", it.Text)
		}
	}
	if over := eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); over {
		t.Error("the Korean errors overflow a 390px screen sideways")
	}
}

func TestSelectedTextIsNotReplaced(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	eval[bool](t, ctx, `(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('#address-spaces .axis-note')); getSelection().removeAllRanges(); getSelection().addRange(r); return true })()`)
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "the frame to arrive", `document.querySelector('[data-testid=tick]').textContent === "1"`)
	if n := eval[int](t, ctx, `document.querySelectorAll('td[data-pid="2"][data-kind=stack]').length`); n != 1 {
		t.Errorf("maps changed under a reader's selection: %d stacks, want the old 1", n)
	}
	eval[bool](t, ctx, `(getSelection().removeAllRanges(), true)`)
	waitFor(t, ctx, "the held fragment after the selection ends", `document.querySelectorAll('td[data-pid="2"][data-kind=stack]').length === 2`)
}

// visibleTextJS lists the page's text outside code, keys and form values.
const visibleTextJS = `(() => {
  const out = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, { acceptNode(n) {
    return n.parentElement.closest("code, kbd, script, textarea, option, .visually-hidden") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
  }});
  while (w.nextNode()) { const s = w.currentNode.data.replace(/\s+/g, " ").trim(); if (s) out.push(s); }
  out.push(document.title);
  return out;
})()`

func TestLanguageSwitchChangesEveryString(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	spawnForkWrite(t, ctx)
	// every panel open, so what they hold is compared too
	eval[bool](t, ctx, `(document.querySelectorAll("details").forEach(d => d.open = true), true)`)
	waitFor(t, ctx, "the saved lab in the address", `location.hash.startsWith("#s=") && document.getElementById("lang-ko").href.includes("#s=")`)
	en := eval[[]string](t, ctx, visibleTextJS)
	click(t, ctx, "#lang-ko")
	waitFor(t, ctx, "the Korean page", `document.documentElement.lang === "ko"`)
	if err := waitLive(ctx); err != nil {
		t.Fatal(err)
	}
	// the same lab, now in Korean
	waitFor(t, ctx, "the child's map in the Korean page", `(document.querySelector('[data-pid="4"] tr[data-global=counter] .val')||{}).textContent === "7"`)
	eval[bool](t, ctx, `(document.querySelectorAll("details").forEach(d => d.open = true), true)`)
	ko := eval[[]string](t, ctx, visibleTextJS)
	koAll := strings.Join(ko, "\n")
	if !strings.Contains(koAll, "주소 공간") || !strings.Contains(koAll, "물리 페이지 프레임") {
		t.Fatalf("Korean page lacks its headings")
	}
	for _, s := range en {
		if isPhrase(s) && strings.Contains(koAll, s) {
			t.Errorf("still English after switching to Korean: %q", s)
		}
	}
	// and back
	click(t, ctx, "#lang-en")
	waitFor(t, ctx, "the English page", `document.documentElement.lang === "en"`)
}

// isPhrase reports whether s is words of a language rather than a name,
// an address or a number that reads the same in both.
func isPhrase(s string) bool {
	if strings.HasPrefix(s, "0x") || s == "English" || s == "procscope" {
		return false
	}
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	return letters >= 4 && len(strings.Fields(s)) >= 2
}

func TestKeyboardAloneReachesEveryControl(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	spawnForkWrite(t, ctx)
	// Every control that is visible now (those inside closed <details> are
	// reached through their summary) gets a number.
	n := eval[int](t, ctx, `(() => { let i = 0; document.querySelectorAll('button, a[href], select, input, summary, textarea, [tabindex="0"]')
		.forEach(e => { if (e.checkVisibility() && !e.disabled && !e.closest('dialog')) e.dataset.kb = String(i++); }); return i; })()`)
	reached := map[string]bool{}
	first := ""
	for i := 0; i < 3*n; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		kb := eval[string](t, ctx, `document.activeElement.dataset.kb || ""`)
		if kb == "" {
			continue
		}
		if kb == first {
			break // round the page once
		}
		if first == "" {
			first = kb
		}
		reached[kb] = true
		visible := eval[bool](t, ctx, `(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle !== "none" && s.outlineWidth !== "0px"; })()`)
		if !visible {
			t.Errorf("focus on control %s (%s) has no visible outline", kb, eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
		}
	}
	for i := range n {
		if !reached[fmt.Sprint(i)] {
			t.Errorf("Tab never reached %s", eval[string](t, ctx, fmt.Sprintf(`document.querySelector('[data-kb="%d"]').outerHTML.slice(0, 100)`, i)))
		}
	}
	// Shortcuts work from the keyboard and the help dialog lists them.
	// (single-key shortcuts stay quiet inside form fields, where the round ended)
	eval[bool](t, ctx, `(document.activeElement.blur(), true)`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("?")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the help dialog", `document.getElementById("help-dialog").open`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\x1b")); err != nil { // Escape
		t.Fatal(err)
	}
	waitFor(t, ctx, "the help dialog to close", `!document.getElementById("help-dialog").open`)
}

// shot is one screenshot of the lab after spawn + fork + write.
type shot struct {
	name          string
	path          string // the page, with its query
	width, height int64
}

// readmeShots are the screenshots docs/img keeps (-update-screenshots).
// Two more come from the classroom test: classroom-teacher-ko and
// classroom-student-ko.
var readmeShots = map[string]bool{
	"lab-laptop-en": true, "lab-laptop-ko": true, "lab-iframe-ko": true, "lab-phone-ko": true, "lab-dark-en": true,
}

func TestScreenshotsAfterSpawnForkWrite(t *testing.T) {
	shots := []shot{
		{"lab-laptop-en", "/?lang=en", 1280, 800},
		{"lab-laptop-ko", "/?lang=ko", 1280, 800},
		{"lab-iframe-en", "/?lang=en", 960, 600},
		{"lab-iframe-ko", "/embed/v1/fork-cow?lang=ko", 960, 600},
		{"lab-phone-en", "/?lang=en", 390, 844},
		{"lab-phone-ko", "/?lang=ko", 390, 844},
		{"lab-dark-en", "/?lang=en&theme=dark", 1280, 800},
		{"lab-dark-ko", "/?lang=ko&theme=dark", 390, 844},
		{"lab-projector-ko", "/?lang=ko&theme=projector", 1280, 800},
	}
	for _, sh := range shots {
		t.Run(sh.name, func(t *testing.T) {
			ctx := labTab(t, sh.width, sh.height)
			open(t, ctx, baseURL+sh.path)
			if strings.HasPrefix(sh.path, "/embed/") {
				// the fork-cow lesson as an LMS shows it (the minimal
				// controls: the command line): touch value, fork, the
				// child writes
				stepUntilValueIs10(t, ctx)
				typeLine(t, ctx, "fork 2")
				waitFor(t, ctx, "child 3", `!!document.querySelector('td[data-pid="3"][data-kind=data]')`)
				typeLine(t, ctx, "write 3 value 30")
				waitFor(t, ctx, "the child's write", `document.querySelectorAll('#frames .frame.fresh').length === 1`)
			} else {
				spawnForkWrite(t, ctx)
			}
			eval[bool](t, ctx, `(document.activeElement && document.activeElement.blur(), document.querySelectorAll(".axis-wrap").forEach(r => r.scrollLeft = 0), window.scrollTo(0, 0), true)`)
			if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
				t.Errorf("page overflows sideways at %dx%d: %s", sh.width, sh.height,
					eval[string](t, ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 4).map(e => e.tagName + "." + e.className).join(", ")`))
			}
			screenshotFor(t, ctx, sh.name+"-full", false)
			// The README's pictures: the first screen, which holds the
			// whole stage (issue 12), at the size a person sees it.
			viewportShot(t, ctx, sh.name, readmeShots[sh.name])
			noCSPViolations(t, ctx)
		})
	}
}

type axeResult struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

func TestAccessibilityHasNoSeriousViolations(t *testing.T) {
	for _, c := range []struct{ lang, theme string }{
		{"en", ""}, {"ko", ""}, {"en", "dark"}, {"ko", "projector"},
	} {
		t.Run(c.lang+"-"+c.theme, func(t *testing.T) {
			ctx := labTab(t, 1280, 800)
			open(t, ctx, baseURL+"/?lang="+c.lang+"&theme="+c.theme)
			spawnForkWrite(t, ctx)
			// open every <details> so what they hold is checked too
			eval[bool](t, ctx, `(document.querySelectorAll("details").forEach(d => d.open = true), true)`)
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
				t.Fatal(err)
			}
			res, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeResult](
				`axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations)`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range res {
				where := ""
				for i, n := range v.Nodes {
					if i == 3 {
						break
					}
					where += fmt.Sprint(n.Target) + " "
				}
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, where)
				} else {
					t.Logf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, where)
				}
			}
		})
	}
}

func TestRunToNextSwitchStopsAtTheSwitch(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#cpus .gantt .switch').length`); n != 0 {
		t.Fatalf("the chart shows %d switches before any ran", n)
	}
	before := eval[int](t, ctx, `Number(document.querySelector('[data-testid=tick]').textContent)`)
	click(t, ctx, "#btn-until-switch")
	waitFor(t, ctx, "the until to stop", `!!document.querySelector('#event-log li[data-kind=stopped]')`)

	why := eval[string](t, ctx, `document.querySelector('#event-log li[data-kind=stopped]').dataset.why`)
	ran := eval[int](t, ctx, `Number(document.querySelector('#event-log li[data-kind=stopped]').dataset.ran)`)
	if why != "switch" || ran < 1 {
		t.Fatalf("stopped because %q after %d instructions, want at a switch after at least one", why, ran)
	}
	if got := eval[int](t, ctx, `Number(document.querySelector('[data-testid=tick]').textContent)`); got != before+ran {
		t.Errorf("tick after the run = %d, want %d + %d instructions run = %d", got, before, ran, before+ran)
	}
	t.Logf("ran %d instructions to the switch, tick %d → %d", ran, before, before+ran)
	// It stopped right after the switch: the stopped sentence is the
	// newest, the switch comes just before it, and there is only one.
	kinds := eventKinds(t, ctx)
	if n := len(kinds); n < 2 || kinds[n-1] != "stopped" || kinds[n-2] != "switch" {
		t.Errorf("the log ends %v, want … switch, stopped", kinds[max(0, len(kinds)-4):])
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#event-log li[data-kind=switch]').length`); n != 1 {
		t.Errorf("switches in the log = %d, want exactly 1 (it stops at the first)", n)
	}
	say := eval[string](t, ctx, `document.querySelector('#event-log li[data-kind=stopped] .say').textContent`)
	if want := fmt.Sprintf("Ran %d instructions and stopped at the context switch.", ran); ran > 1 && say != want {
		t.Errorf("stopped says %q, want %q", say, want)
	}
	// The Gantt chart marks the switch by its kind: thread 3 is in
	// process 2, so pid 2's thread switch (init only waits).
	kind := eval[string](t, ctx, `(() => { const m = document.querySelectorAll('#cpus .gantt .switch'); return m.length === 1 ? m[0].getAttribute("class") : "marks: " + m.length })()`)
	if !strings.Contains(kind, "sw-thread") {
		t.Errorf("the chart's switch mark is %q, want one thread switch (sw-thread)", kind)
	}
	if title := eval[string](t, ctx, `(document.querySelector('#cpus .gantt .switch title')||{}).textContent||""`); !strings.Contains(title, "T2 → T3") {
		t.Errorf("the switch mark says %q, want T2 → T3", title)
	}
	waitFor(t, ctx, "the live region to say why it stopped", `document.getElementById("announcer").textContent.includes("stopped at the context switch")`)

	// The keyboard does the same: n runs to the following switch.
	eval[bool](t, ctx, `(document.activeElement.blur(), true)`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("n")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "a second stop", `document.querySelectorAll('#event-log li[data-kind=stopped]').length === 2`)
	noCSPViolations(t, ctx)
}

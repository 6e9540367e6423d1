package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// chromedpAwait makes an evaluation wait for the promise it returns.
var chromedpAwait = chromedp.EvalAwaitPromise

// stageSize is a screen the stage is checked at.
type stageSize struct {
	name          string
	width, height int64
	fits          bool // the whole stage is in the first screen
}

// stageSizes are the sizes the stage must work at: an LMS iframe, a
// laptop and a phone.
var stageSizes = []stageSize{
	{"iframe", 960, 600, true},
	{"laptop", 1280, 800, true},
	{"phone", 390, 844, false},
}

// choose picks a thread for the action bar (a click on its card).
func choose(t *testing.T, ctx context.Context, tid int) {
	t.Helper()
	if eval[bool](t, ctx, fmt.Sprintf(`document.getElementById("actions").dataset.actingTid === "%d"`, tid)) {
		return
	}
	click(t, ctx, fmt.Sprintf(`.tcard[data-tid="%d"] .sel-thread`, tid))
	waitFor(t, ctx, fmt.Sprintf("the bar acting as thread %d", tid), fmt.Sprintf(`document.getElementById("actions").dataset.actingTid === "%d"`, tid))
}

// chooseProc picks a process for the action bar (its name over its
// thread cards).
func chooseProc(t *testing.T, ctx context.Context, pid int) {
	t.Helper()
	click(t, ctx, fmt.Sprintf(`.sel-proc[data-select-pid="%d"]`, pid))
	waitFor(t, ctx, fmt.Sprintf("the bar acting on process %d", pid), fmt.Sprintf(`document.getElementById("actions").dataset.actingPid === "%d"`, pid))
}

// act clicks one of the action bar's controls (its id after "act-") as
// thread tid, choosing that thread first.
func act(t *testing.T, ctx context.Context, tid int, control string) {
	t.Helper()
	choose(t, ctx, tid)
	click(t, ctx, "#act-"+control)
}

// typeLine runs one command through the page's command line.
func typeLine(t *testing.T, ctx context.Context, line string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const i = document.getElementById("cmd"); i.value = %q; document.getElementById("cmdline").requestSubmit(); return true })()`, line))
}

// inView lists the elements (by CSS selector) that are not wholly inside
// the viewport.
func outOfView(t *testing.T, ctx context.Context, sels []string) []string {
	t.Helper()
	return eval[[]string](t, ctx, fmt.Sprintf(`(() => { const out = [];
		for (const s of %s) { const e = document.querySelector(s);
			if (!e) { out.push(s + " (missing)"); continue; }
			const r = e.getBoundingClientRect();
			if (r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1) out.push(s + " at " + Math.round(r.top) + ".." + Math.round(r.bottom)); }
		return out })()`, jsList(sels)))
}

func jsList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// smallText lists visible text under 12 px.
const smallText = `[...document.querySelectorAll("body *")].filter(e => {
	if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) return false;
	const r = e.getBoundingClientRect(); if (r.width === 0 || r.height <= 1) return false;
	if (e.closest(".visually-hidden, [hidden], dialog:not([open]), details:not([open]) > :not(summary)")) return false;
	return parseFloat(getComputedStyle(e).fontSize) < 12 }).slice(0, 5).map(e => e.tagName + "." + e.className + " " + getComputedStyle(e).fontSize + " " + e.textContent.trim().slice(0, 20))`

// overflowing lists boxes whose content sticks out sideways.
const overflowing = `[...document.querySelectorAll(".tcard, .region, .frame, .btn, .act-group, .toolbar, .panel, .cmdline")].filter(e => e.getBoundingClientRect().width > 0 && !e.closest("details:not([open]) > :not(summary)") && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible").slice(0, 5).map(e => e.tagName + "." + e.className.slice(0, 40) + " " + e.scrollWidth + ">" + e.clientWidth)`

// cutValues lists the registers on the cards and the regions' names on
// the axis that are cut short (an ellipsis hides their end).
const cutValues = `[...document.querySelectorAll(".tcard .reg dd, .region .rname, .region .size")].filter(e => e.parentElement.getBoundingClientRect().width > 0 && getComputedStyle(e).display !== "none" && (e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > e.parentElement.getBoundingClientRect().right + 1)).slice(0, 5).map(e => (c => c.dataset.tid ? "T" + c.dataset.tid : "P" + c.dataset.pid)(e.closest("[data-tid], [data-pid]")) + " " + e.textContent.trim())`

func TestStageAfterSpawnAndForkFitsWithoutScrolling(t *testing.T) {
	for _, size := range stageSizes {
		for _, lang := range []string{"en", "ko"} {
			t.Run(size.name+"-"+lang, func(t *testing.T) {
				ctx := labTab(t, size.width, size.height)
				open(t, ctx, baseURL+"/?lang="+lang)
				act(t, ctx, 2, "spawn")
				waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
				firstScreen(t, ctx, size, 2, 0)
				act(t, ctx, 2, "fork")
				waitFor(t, ctx, "child 4 on the axis", `!!document.querySelector('td[data-pid="4"][data-kind=data]')`)
				viewportShot(t, ctx, fmt.Sprintf("stage-%s-%s", size.name, lang), false)
				firstScreen(t, ctx, size, 2, 4)
				if size.fits {
					lessonBeside(t, ctx, size.width)
				}
			})
		}
	}
}

// firstScreen checks issue 12's list for the first screen after a spawn
// (child 0) or a fork: the parent's and the child's maps on one axis, no
// text under 12 px, nothing sticking out of its box, at least 8 source
// lines around the thread markers, no serious axe finding, and where the
// stage fits (else the phone's order) in view without scrolling: the
// toolbar and command line, the two processes' thread cards with pc, sp
// and every register the step changed (a fork changes one), their stack, data and heap, and
// the frames strip.
func firstScreen(t *testing.T, ctx context.Context, size stageSize, parent, child int) {
	t.Helper()
	eval[bool](t, ctx, `(document.activeElement.blur(), window.scrollTo(0, 0), true)`)
	pids := []int{parent}
	if child != 0 {
		pids = append(pids, child)
		for _, kind := range []string{"data", "text"} {
			if got := eval[float64](t, ctx, fmt.Sprintf(`document.querySelector('td[data-pid="%d"][data-kind=%s]').getBoundingClientRect().top - document.querySelector('td[data-pid="%d"][data-kind=%s]').getBoundingClientRect().top`, parent, kind, child, kind)); got != 0 {
				t.Errorf("%s is %v px lower in the parent than in the child, want the same y", kind, got)
			}
		}
	}
	if s := eval[[]string](t, ctx, smallText); len(s) > 0 {
		t.Errorf("text under 12 px: %v", s)
	}
	if s := eval[[]string](t, ctx, overflowing); len(s) > 0 {
		t.Errorf("boxes overflow: %v", s)
	}
	if s := eval[[]string](t, ctx, cutValues); len(s) > 0 {
		t.Errorf("values or names cut short: %v", s)
	}
	if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
		t.Errorf("the page scrolls sideways")
	}
	sourceAroundMarkers(t, ctx)
	axeOn(t, ctx, "body")
	if !size.fits {
		phoneStacks(t, ctx)
		return
	}
	want := []string{"#toolbar", "#btn-play", "#scrub", "#cmd", `.src li.current`, "#frames .frame-strip"}
	var every []string
	if child != 0 { // the fork's return value changed the parent's ax
		every = append(every, `.tcard .reg.changed`)
	}
	for _, pid := range pids {
		for _, kind := range []string{"stack", "data", "heap"} {
			want = append(want, fmt.Sprintf(`td[data-pid="%d"][data-kind=%s] .rhead`, pid, kind))
		}
		every = append(every, fmt.Sprintf(`.tcard[data-pid="%d"] .reg[data-reg=pc]`, pid), fmt.Sprintf(`.tcard[data-pid="%d"] .reg[data-reg=sp]`, pid))
	}
	if out := outOfView(t, ctx, want); len(out) > 0 {
		t.Errorf("not in the first screen at %dx%d: %v", size.width, size.height, out)
	}
	if out := everyInView(t, ctx, every); len(out) > 0 {
		t.Errorf("registers not in the first screen at %dx%d: %v", size.width, size.height, out)
	}
}

// everyInView lists, of every element each selector matches, those not
// wholly inside the viewport (and a selector that matches nothing).
func everyInView(t *testing.T, ctx context.Context, sels []string) []string {
	t.Helper()
	return eval[[]string](t, ctx, fmt.Sprintf(`(() => { const out = [];
		for (const s of %s) { const es = document.querySelectorAll(s);
			if (es.length === 0) out.push(s + " (none)");
			for (const e of es) { const r = e.getBoundingClientRect(); const c = e.closest("[data-tid]");
				if (r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1) out.push(s + (c ? " of T" + c.dataset.tid : "") + " at " + Math.round(r.top) + ".." + Math.round(r.bottom)); } }
		return out })()`, jsList(sels)))
}

// sourceAroundMarkers checks that the listing shows at least 8 lines in
// the first screen and every thread's marker among them.
func sourceAroundMarkers(t *testing.T, ctx context.Context) {
	t.Helper()
	got := eval[struct {
		Shown  int
		Hidden []string
	}](t, ctx, `(() => { const src = document.querySelector("#program-view .src"); const s = src.getBoundingClientRect();
		const seen = l => { const r = l.getBoundingClientRect(); return r.top >= Math.max(s.top, 0) - 1 && r.bottom <= Math.min(s.bottom, innerHeight) + 1 };
		const lines = [...src.querySelectorAll("li")];
		return { shown: lines.filter(seen).length, hidden: lines.filter(l => l.querySelector(".tmark") && !seen(l)).map(l => l.dataset.line) } })()`)
	if got.Shown < 8 {
		t.Errorf("%d source lines in the first screen, want at least 8", got.Shown)
	}
	if len(got.Hidden) > 0 {
		t.Errorf("lines %v carry a thread's marker but are not in view", got.Hidden)
	}
}

// box is an element's place on the screen.
type box struct{ Top, Bottom, Left, Right, Width float64 }

func boxOf(t *testing.T, ctx context.Context, sel string) box {
	t.Helper()
	return eval[box](t, ctx, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width } })()`, sel))
}

// lessonBeside checks, where there is room for it, that the lesson sits
// to the right of the maps and level with the program, closed to one line
// below 1280 px, and that opening it moves neither.
func lessonBeside(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	prog, maps, lesson := boxOf(t, ctx, "#program-view"), boxOf(t, ctx, "#col-maps"), boxOf(t, ctx, "#lesson-box")
	if lesson.Left < maps.Right-1 || lesson.Top > prog.Top {
		t.Errorf("the lesson at x %.0f, y %.0f..%.0f is not beside the stage (maps end at x %.0f, the program starts at y %.0f)", lesson.Left, lesson.Top, lesson.Bottom, maps.Right, prog.Top)
	}
	if width >= 1280 {
		return
	}
	if eval[bool](t, ctx, `document.getElementById("lesson-box").open`) {
		t.Errorf("at %d px the lesson starts open, want it closed to one line", width)
	}
	if lesson.Width > 40 {
		t.Errorf("the closed lesson is %.0f px wide, want one line (≤ 40 px)", lesson.Width)
	}
	click(t, ctx, "#lesson-box > summary")
	waitFor(t, ctx, "the lesson open", `document.getElementById("lesson-box").open`)
	open := boxOf(t, ctx, "#lesson-box")
	if now := boxOf(t, ctx, "#program-view"); now.Top != prog.Top || open.Left < boxOf(t, ctx, "#col-maps").Right-1 {
		t.Errorf("opened, the lesson (x %.0f) is not beside the maps, or moved the program from y %.0f to %.0f", open.Left, prog.Top, now.Top)
	}
	if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
		t.Errorf("with the lesson open the page scrolls sideways")
	}
	click(t, ctx, "#lesson-box > summary")
}

// phoneStacks checks the phone's order: the bar, the program, the threads,
// the maps, the frames and then the lesson, each the width of the screen,
// and that the first screen shows the program and the new thread.
func phoneStacks(t *testing.T, ctx context.Context) {
	t.Helper()
	order := []string{"#toolbar", "#program-view", "#threads", "#address-spaces", "#frames", "#lesson-box"}
	prev := boxOf(t, ctx, order[0])
	for _, sel := range order[1:] {
		b := boxOf(t, ctx, sel)
		if b.Top < prev.Bottom-1 {
			t.Errorf("%s starts at y %.0f, above the end of the piece before it (%.0f)", sel, b.Top, prev.Bottom)
		}
		if b.Width < 300 {
			t.Errorf("%s is %.0f px wide on a 390 px screen", sel, b.Width)
		}
		prev = b
	}
	if out := outOfView(t, ctx, []string{`.src li.current`, `.tcard[data-tid="3"] .reg[data-reg=pc]`}); len(out) > 0 {
		t.Errorf("the phone's first screen lacks %v", out)
	}
}

// frameOf is the frame a page's data page of a process maps.
func dataFrame(t *testing.T, ctx context.Context, pid int) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector('td[data-pid="%d"][data-kind=data] .page') || {dataset: {}}).dataset.frame || ""`, pid))
}

// The fork-cow lesson through the command line, at every size: the
// child's write adds a frame and splits the data page's one link into
// two; back and forward land on the same tick and state.
func TestCommandLineCOWWriteSplitsTheLinkAndForwardUndoesBack(t *testing.T) {
	for _, size := range stageSizes {
		for _, lang := range []string{"en", "ko"} {
			t.Run(size.name+"-"+lang, func(t *testing.T) {
				cowWriteBackForward(t, size, lang)
			})
		}
	}
}

// cowWriteBackForward is that test at one size and language.
func cowWriteBackForward(t *testing.T, size stageSize, lang string) {
	ctx := labTab(t, size.width, size.height)
	open(t, ctx, baseURL+"/?lesson=fork-cow&lang="+lang)
	stepUntilValueIs10(t, ctx)
	typeLine(t, ctx, "fork 2")
	waitFor(t, ctx, "child 3", `!!document.querySelector('td[data-pid="3"][data-kind=data] .page')`)
	frames := eval[int](t, ctx, `document.querySelectorAll("#frames .frame").length`)
	if p, c := dataFrame(t, ctx, 2), dataFrame(t, ctx, 3); p != c || p == "" {
		t.Fatalf("after fork the data pages map frames %q and %q, want one shared frame", p, c)
	}
	waitFor(t, ctx, "lines drawn", `Number(document.getElementById("links").dataset.links) > 0`)
	typeLine(t, ctx, "write 3 value 7")
	waitFor(t, ctx, "the child's 7", `(document.querySelector('td[data-pid="3"] tr[data-global=value] .val')||{}).textContent === "7"`)
	if got := eval[int](t, ctx, `document.querySelectorAll("#frames .frame").length`); got != frames+1 {
		t.Errorf("frames after the copy-on-write = %d, want %d", got, frames+1)
	}
	p, c := dataFrame(t, ctx, 2), dataFrame(t, ctx, 3)
	if p == c {
		t.Errorf("after the child's write both data pages still map frame %s", p)
	}
	if n := eval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll('#links path[data-frame="%s"]').length + document.querySelectorAll('#links path[data-frame="%s"]').length`, p, c)); n < 2 {
		t.Errorf("%d lines reach the two data frames, want one each", n)
	}
	viewportShot(t, ctx, "stage-cow-"+size.name+"-"+lang, false)

	// the text view is read open: a closed one is brought up to date
	// only after the stage is painted
	eval[bool](t, ctx, `(document.getElementById("text-view-box").open = true)`)
	tick := tickOf(t, ctx)
	state := eval[string](t, ctx, `document.getElementById("text-view").textContent`)
	click(t, ctx, "#btn-back")
	waitFor(t, ctx, "a tick back", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, tick))
	waitFor(t, ctx, "forward enabled", `!document.getElementById("btn-forward").disabled`)
	click(t, ctx, "#btn-forward")
	waitFor(t, ctx, "the same tick again", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent === %q`, tick))
	if got := eval[string](t, ctx, `document.getElementById("text-view").textContent`); got != state {
		t.Error("the text view after back and forward differs from before")
	}
	typeLine(t, ctx, "frobnicate 3")
	waitFor(t, ctx, "the error under the command line", `document.getElementById("cmd-hint").classList.contains("err")`)
	noCSPViolations(t, ctx)
}

// The action bar is drawn once and acts on the thread or process the
// reader chose, by mouse or keyboard: its chip and labels follow the
// choice, a command goes from the chosen thread or to the chosen process,
// and a process that is gone gives the bar back to the default.
func TestActionBarActsOnTheChosenThreadOrProcess(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			ctx := labTab(t, 960, 600)
			open(t, ctx, baseURL+"/?lang="+lang)
			act(t, ctx, 2, "spawn")
			waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
			act(t, ctx, 2, "fork")
			waitFor(t, ctx, "child 4", `!!document.getElementById("thread-4")`)
			if n := eval[int](t, ctx, `document.querySelectorAll("#actions [data-op=fork]").length`); n != 1 {
				t.Errorf("%d fork buttons for 3 threads, want one bar", n)
			}

			// the keyboard chooses thread 3
			eval[bool](t, ctx, `(document.querySelector('.tcard[data-tid="3"] .sel-thread').focus(), true)`)
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "the bar acting as thread 3", `document.getElementById("actions").dataset.actingTid === "3"`)
			got := eval[[]string](t, ctx, `[document.getElementById("act-chip").textContent, document.querySelector('[data-acts=thread]').getAttribute("aria-label"),
				document.querySelector('.tcard[data-tid="3"] .sel-thread').getAttribute("aria-pressed"), document.querySelector('.tcard[data-tid="2"] .sel-thread').getAttribute("aria-pressed")]`)
			want := map[string]string{"en": "Commands for thread 3", "ko": "스레드 3 명령"}[lang]
			if got[0] != "T3" || got[1] != want || got[2] != "true" || got[3] != "false" {
				t.Errorf("acting as thread 3: chip, label, pressed T3, pressed T2 = %q; want T3, %q, true, false", got, want)
			}
			// a command goes from the chosen thread: thread 3 exits, 2 runs on
			click(t, ctx, "#act-exit")
			waitFor(t, ctx, "thread 3 exited", `!document.querySelector('.tcard[data-tid="3"]:not(.st-exited)')`)
			if eval[bool](t, ctx, `!!document.querySelector('.tcard[data-tid="2"].st-exited')`) {
				t.Error("thread 2 exited: the command went from the default thread, not the chosen one")
			}

			// the child, chosen by its name: its menu names it, kill goes to it
			chooseProc(t, ctx, 4)
			wantMenu := map[string]string{"en": "Process 4", "ko": "프로세스 4"}[lang]
			if got := eval[string](t, ctx, `document.getElementById("act-pname").textContent`); got != wantMenu {
				t.Errorf("the process menu reads %q, want %q", got, wantMenu)
			}
			eval[bool](t, ctx, `(document.getElementById("act-sig").value = "9", true)`)
			click(t, ctx, "#act-pmore > summary")
			waitFor(t, ctx, "the process menu open inside the screen", `(r => r.left >= 0 && r.right <= innerWidth)(document.querySelector("#act-pmore .menu-pop").getBoundingClientRect())`)
			viewportShot(t, ctx, "actbar-process-menu-"+lang, false)
			click(t, ctx, "#act-kill")
			waitFor(t, ctx, "child 4 a zombie", `!!document.querySelector('th[data-pid="4"] .st-zombie')`)
			if eval[bool](t, ctx, `document.getElementById("actions").dataset.actingPid !== "4" || !document.getElementById("act-kill").closest("[data-pids]").hidden`) {
				t.Error("the zombie is not the chosen process any more, or is still offered kill")
			}
			click(t, ctx, "#act-wait")
			waitFor(t, ctx, "the bar back on process 2 once 4 is reaped", `document.getElementById("actions").dataset.actingPid === "2" && !document.getElementById("actions").dataset.pids.split(" ").includes("4")`)
			if s := eval[[]string](t, ctx, overflowing); len(s) > 0 {
				t.Errorf("boxes overflow: %v", s)
			}
		})
	}
}

// A reveal that points at a process outlines its column of the address
// axis as one box, from its heading past its last region, at every
// width the column changes to, and draws no box around each region.
func TestAProcessIsOutlinedAsOneColumn(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			ctx := labTab(t, 1280, 800)
			open(t, ctx, baseURL+"/?lesson=crash-isolation&lang="+lang)
			click(t, ctx, "#lesson-do")
			waitFor(t, ctx, "the fork's reveal", `document.getElementById("lesson-step").dataset.done === "true"`)
			waitFor(t, ctx, "process 3's heading outlined", `!!document.querySelector('#address-spaces th[data-pid="3"].lesson-hl')`)
			viewportShot(t, ctx, "process-outline-"+lang, false)
			for _, width := range []int64{1280, 960} {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
					t.Fatal(err)
				}
				if n := eval[int](t, ctx, `document.querySelectorAll("#address-spaces td.lesson-hl, #address-spaces td .lesson-hl").length`); n != 0 {
					t.Errorf("%d regions carry their own outline, want one box per column", n)
				}
				for _, pid := range []int{2, 3} {
					// the box (the heading's ::after) holds every cell of the
					// column and ends with the axis
					got := eval[struct{ Top, Bottom, Left, Right, CellsTop, CellsBottom, CellsLeft, CellsRight float64 }](t, ctx, fmt.Sprintf(`(() => {
						const th = document.querySelector('#address-spaces th[data-pid="%d"]'), r = th.getBoundingClientRect(), st = getComputedStyle(th, "::after");
						const top = r.top + parseFloat(st.top), left = r.left + parseFloat(st.left);
						const cells = [...document.querySelectorAll('#address-spaces td[data-pid="%d"]')].map(c => c.getBoundingClientRect());
						return { top: top, bottom: top + parseFloat(st.height), left: left, right: left + parseFloat(st.width),
							cellsTop: Math.min(...cells.map(c => c.top)), cellsBottom: Math.max(...cells.map(c => c.bottom)),
							cellsLeft: Math.min(...cells.map(c => c.left)), cellsRight: Math.max(...cells.map(c => c.right)) } })()`, pid, pid))
					if st := eval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.querySelector('#address-spaces th[data-pid="%d"]'), "::after").borderTopStyle`, pid)); st != "solid" {
						t.Errorf("at %d px process %d's column has no outline (border %q)", width, pid, st)
					}
					if got.Top > got.CellsTop || got.Bottom < got.CellsBottom-1 || got.Left > got.CellsLeft || got.Right < got.CellsRight {
						t.Errorf("at %d px process %d's outline (x %.0f..%.0f, y %.0f..%.0f) does not hold its column (x %.0f..%.0f, y %.0f..%.0f)",
							width, pid, got.Left, got.Right, got.Top, got.Bottom, got.CellsLeft, got.CellsRight, got.CellsTop, got.CellsBottom)
					}
				}
			}
		})
	}
}

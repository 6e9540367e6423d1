package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// openSync chooses a thread and opens the action bar's "pipes and locks"
// panel (once).
func openSync(t *testing.T, ctx context.Context, tid int) {
	t.Helper()
	choose(t, ctx, tid)
	if !eval[bool](t, ctx, `document.getElementById("act-more").open`) {
		click(t, ctx, "#act-more > summary")
	}
}

// lockFrom locks (or unlocks) a global from a thread's panel.
func lockFrom(t *testing.T, ctx context.Context, op string, tid int, global string) {
	t.Helper()
	openSync(t, ctx, tid)
	eval[bool](t, ctx, fmt.Sprintf(`(document.getElementById("act-g").value = %q, true)`, global))
	click(t, ctx, "#act-"+op)
}

// pipeAndWrite makes pipe 1 in process 2 (fd 3 read, fd 4 write) and
// writes value into it.
func pipeAndWrite(t *testing.T, ctx context.Context, value int) {
	t.Helper()
	openSync(t, ctx, 2)
	act(t, ctx, 2, "pipe")
	waitFor(t, ctx, "fds 3 and 4 in process 2's card", `!!document.querySelector('[data-act-pid="2"] table.fds tr[data-fd="3"][data-end=read]') && !!document.querySelector('[data-act-pid="2"] table.fds tr[data-fd="4"][data-end=write]')`)
	eval[bool](t, ctx, fmt.Sprintf(`(document.getElementById("p2-fd4-v").value = "%d", true)`, value))
	click(t, ctx, "#p2-fd4-write")
	waitFor(t, ctx, "the word in the pipe's buffer", fmt.Sprintf(`!!document.querySelector('#pipe-1 .cell.full[data-value="%d"]')`, value))
}

func TestPipeCreatedShowsDescriptorsAndWordsMoveThroughTheBuffer(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-act-pid="2"] table.fds').length`); n != 0 {
		t.Errorf("a fresh process shows %d descriptor tables, want none", n)
	}
	pipeAndWrite(t, ctx, 42)
	if got := eval[string](t, ctx, `document.querySelector('[data-act-pid="2"] tr[data-fd="3"] td').textContent`); got != "pipe 1, read end" {
		t.Errorf("fd 3 row says %q, want pipe 1, read end", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("pipe-1").dataset.used`); got != "1" {
		t.Errorf("pipe 1 holds %s words after one write, want 1", got)
	}
	// a C program's pipe holds 64 KiB, a value a byte: the page draws
	// 64 cells of it (server's maxPipeCells) and says how full it is
	if n := eval[int](t, ctx, `document.querySelectorAll('#pipe-1 .cell').length`); n != 64 {
		t.Errorf("pipe 1 draws %d cells, want 64 of its 64 KiB", n)
	}
	eval[bool](t, ctx, `(document.getElementById("p2-fd4-v").value = "7", true)`)
	click(t, ctx, "#p2-fd4-write")
	waitFor(t, ctx, "two words, oldest first", `[...document.querySelectorAll('#pipe-1 .cell.full')].map(c => c.dataset.value).join(",") === "42,7"`)

	// read: the oldest word leaves the buffer and the log says which
	click(t, ctx, "#p2-fd3-read")
	waitFor(t, ctx, "42 to leave the buffer", `[...document.querySelectorAll('#pipe-1 .cell.full')].map(c => c.dataset.value).join(",") === "7"`)
	say := eval[string](t, ctx, `document.querySelector('#event-log li[data-kind=pipe-read] .say').textContent`)
	if !strings.Contains(say, "read 42 from pipe 1 through fd 3") {
		t.Errorf("pipe-read narration = %q, want it to say 42 came out of pipe 1", say)
	}
	// close the write end: the row goes away
	click(t, ctx, "#p2-fd4-close")
	waitFor(t, ctx, "fd 4 to close", `!document.querySelector('[data-act-pid="2"] tr[data-fd="4"]')`)
	if got := eval[string](t, ctx, `document.querySelector('#pipe-1 .pipe-head').textContent`); !strings.Contains(got, "write ends open: 0") {
		t.Errorf("pipe head after closing the write end says %q", got)
	}
	noCSPViolations(t, ctx)
}

func TestSecondLockBlocksAndWaitsInTheMutexQueue(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
	lockFrom(t, ctx, "lock", 2, "counter")
	waitFor(t, ctx, "counter held by T2", `!!document.querySelector('#ipc .mutex[data-mutex=counter][data-owner="2"]')`)
	lockFrom(t, ctx, "lock", 3, "counter")
	waitFor(t, ctx, "T3 in the queue", `!!document.querySelector('#ipc .mutex[data-mutex=counter] .queue [data-tid="3"]')`)
	if got := eval[string](t, ctx, `document.getElementById("thread-3").className`); !strings.Contains(got, "st-blocked") {
		t.Errorf("thread 3 class %q, want it blocked", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('#thread-3 .why').textContent.trim()`); !strings.Contains(got, "waiting: mutex held by T2") {
		t.Errorf("thread 3 says %q, want why it waits", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("announcer").textContent + document.querySelector('#event-log li[data-kind=blocked] .say').textContent`); !strings.Contains(got, "held by thread 2") {
		t.Errorf("the blocked event says %q, want who holds the mutex", got)
	}
	// unlock hands it over: T3 owns it and the queue empties
	lockFrom(t, ctx, "unlock", 2, "counter")
	waitFor(t, ctx, "T3 to own counter", `!!document.querySelector('#ipc .mutex[data-mutex=counter][data-owner="3"]') && !document.querySelector('#thread-3 .why')`)
}

func TestDeadlockIsProminentAndAnnounced(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
	lockFrom(t, ctx, "lock", 2, "counter")
	waitFor(t, ctx, "counter held", `!!document.querySelector('#ipc .mutex[data-mutex=counter]')`)
	lockFrom(t, ctx, "lock", 3, "loops")
	waitFor(t, ctx, "loops held", `!!document.querySelector('#ipc .mutex[data-mutex=loops]')`)
	lockFrom(t, ctx, "lock", 2, "loops")
	waitFor(t, ctx, "T2 waiting", `!!document.querySelector('#ipc .mutex[data-mutex=loops] .queue [data-tid="2"]')`)
	lockFrom(t, ctx, "lock", 3, "counter")
	waitFor(t, ctx, "the deadlock in the log", `!!document.querySelector('#event-log li.ev-alarm[data-kind=deadlock] strong.say')`)
	say := eval[string](t, ctx, `document.querySelector('#event-log li[data-kind=deadlock] .say').textContent`)
	if !strings.Contains(say, "T3 → T2 → T3") && !strings.Contains(say, "T2 → T3 → T2") {
		t.Errorf("deadlock sentence %q does not name the cycle", say)
	}
	waitFor(t, ctx, "the live region to announce it", `document.getElementById("announcer").textContent.includes("Deadlock")`)
	eval[bool](t, ctx, `(document.getElementById("legend").open = true, document.getElementById("event-log").scrollIntoView(), true)`)
	screenshot(t, ctx, "deadlock-en")
}

func TestComparisonShowsProcessesCostMoreThanThreads(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=ko")
	ratios := eval[[]string](t, ctx, `[...document.querySelectorAll('#compare [data-ratio] .rval')].map(r => r.textContent)`)
	if len(ratios) != 4 {
		t.Fatalf("comparison shows %d ratios, want 4 (create, switch, message, total)", len(ratios))
	}
	for _, r := range ratios {
		v, err := strconv.ParseFloat(strings.TrimSuffix(r, "×"), 64)
		if err != nil || v <= 1 {
			t.Errorf("ratio %q, want a number above 1 (processes cost more)", r)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#compare tbody[data-measure]').length`); n != 5 {
		t.Errorf("comparison has %d measures, want 5", n)
	}
	text := eval[string](t, ctx, `document.getElementById("compare").textContent`)
	for _, want := range []string{"25%", "캐시", "7–20배"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Korean comparison lacks %q", want)
		}
	}
}

func TestLessonPickerLoadsALessonAndItsText(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=ko")
	if n := eval[int](t, ctx, `document.querySelectorAll('#lesson .lesson-btn').length`); n < 6 {
		t.Errorf("the picker offers %d choices, want the free lab and five lessons", n)
	}
	click(t, ctx, "#lesson-fork-cow")
	waitFor(t, ctx, "the fork-cow text", `!!document.querySelector('#lesson .lesson-text[data-lesson=fork-cow]')`)
	if got := eval[string](t, ctx, `document.querySelector('#lesson .lesson-text h3').textContent`); got != "fork와 쓰기 시 복사(COW)" {
		t.Errorf("lesson heading %q", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("lesson-fork-cow").getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("the chosen lesson's button is aria-pressed=%s", got)
	}
	waitFor(t, ctx, "the lesson's machine (global value)", `!!document.querySelector('[data-pid="2"] tr[data-global=value]')`)
	waitFor(t, ctx, "the lesson's first step", `document.querySelector('#lesson-step h2').textContent.startsWith("1 / 5단계")`)
	// back to the free lab
	click(t, ctx, "#lesson-default")
	waitFor(t, ctx, "the free lab", `!document.querySelector('#lesson .lesson-text') && !!document.querySelector('[data-pid="2"] tr[data-global=counter]')`)
	waitFor(t, ctx, "no step panel in the free lab", `document.getElementById("lesson-step").hidden`)
}

// ipcScene is a lab with a pipe holding two words, a held mutex with a
// waiter and a shared segment mapped in a parent and its child.
func ipcScene(t *testing.T, ctx context.Context) {
	t.Helper()
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
	pipeAndWrite(t, ctx, 42)
	eval[bool](t, ctx, `(document.getElementById("p2-fd4-v").value = "7", true)`)
	click(t, ctx, "#p2-fd4-write")
	waitFor(t, ctx, "two words", `document.querySelectorAll('#pipe-1 .cell.full').length === 2`)
	act(t, ctx, 2, "shm")
	waitFor(t, ctx, "the shared segment", `!!document.querySelector('td[data-pid="2"][data-kind=shared]')`)
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 4", `!!document.querySelector('td[data-pid="4"][data-kind=shared]')`)
	lockFrom(t, ctx, "lock", 2, "counter")
	waitFor(t, ctx, "counter held", `!!document.querySelector('#ipc .mutex[data-mutex=counter]')`)
	lockFrom(t, ctx, "lock", 3, "counter")
	waitFor(t, ctx, "T3 waiting", `!!document.querySelector('#thread-3 .why')`)
}

func TestSharedSegmentIsTheSameFrameInBothMaps(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	ipcScene(t, ctx)
	seg := eval[[]string](t, ctx, `[2, 4].map(p => document.querySelector('[data-pid="' + p + '"][data-kind=shared] .shm-note .fref').textContent)`)
	if len(seg) != 2 || seg[0] != seg[1] {
		t.Errorf("the segment's frame in parent and child = %v, want the same frame", seg)
	}
	frame := strings.TrimPrefix(seg[0], "#")
	if !eval[bool](t, ctx, fmt.Sprintf(`(() => { const f = document.getElementById("frame-%s"); return !!f && f.classList.contains("shm") && !f.classList.contains("cow") })()`, frame)) {
		t.Errorf("frame %s is not marked shared (and not COW) in the frames strip", frame)
	}
	// the child inherited the pipe's descriptors
	if !eval[bool](t, ctx, `!!document.querySelector('[data-act-pid="4"] tr[data-fd="4"][data-end=write]')`) {
		t.Error("the child did not inherit fd 4")
	}
}

func TestIPCPanelsFitAndPassAxeAtEverySize(t *testing.T) {
	for _, c := range []struct {
		lang          string
		width, height int64
	}{
		{"en", 1280, 800}, {"ko", 1280, 800}, {"ko", 960, 600}, {"en", 960, 600}, {"ko", 390, 844}, {"en", 390, 844},
	} {
		name := fmt.Sprintf("ipc-%s-%dx%d", c.lang, c.width, c.height)
		t.Run(name, func(t *testing.T) {
			ctx := labTab(t, c.width, c.height)
			open(t, ctx, baseURL+"/?lang="+c.lang)
			ipcScene(t, ctx)
			eval[bool](t, ctx, `(document.querySelectorAll("details").forEach(d => d.open = true), document.activeElement && document.activeElement.blur(), document.querySelectorAll(".axis-wrap").forEach(r => r.scrollLeft = 0), window.scrollTo(0, 0), true)`)
			if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
				t.Errorf("page overflows sideways: %s", eval[string](t, ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 4).map(e => e.tagName + "." + e.className).join(", ")`))
			}
			// nothing inside the new panels is cut off at its right edge
			clipped := eval[[]string](t, ctx, `[...document.querySelectorAll("#ipc *, #compare *, #lesson *, table.fds *, .thread *")].filter(e => { const p = e.closest(".panel, .proc"); if (!p) return false; const r = e.getBoundingClientRect(), q = p.getBoundingClientRect(); return r.width > 0 && r.right > q.right + 1 }).slice(0, 5).map(e => e.tagName + "." + e.className + " " + e.textContent.slice(0, 30))`)
			if len(clipped) > 0 {
				t.Errorf("elements stick out of their panel: %v", clipped)
			}
			if c.lang == "ko" {
				ko := strings.Join(eval[[]string](t, ctx, `[...document.querySelectorAll("#ipc, #compare, #lesson, table.fds, .threads")].map(e => e.innerText)`), "\n")
				for _, en := range []string{"waiting", "pipe", "held by", "read end", "threads", "processes", "Lock"} {
					if strings.Contains(ko, en) {
						t.Errorf("English %q on the Korean page", en)
					}
				}
			}
			screenshot(t, ctx, name)
			if c.width == 1280 {
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
					t.Fatal(err)
				}
				res, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeResult](
					`axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations)`, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range res {
					if v.Impact == "serious" || v.Impact == "critical" {
						var where []string
						for i, n := range v.Nodes {
							if i < 3 {
								where = append(where, fmt.Sprint(n.Target))
							}
						}
						t.Errorf("axe %s (%s): %s at %v", v.ID, v.Impact, v.Help, where)
					}
				}
			}
			noCSPViolations(t, ctx)
		})
	}
}

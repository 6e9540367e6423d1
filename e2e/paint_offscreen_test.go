package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A panel under the stage that is off screen (the process tree, in the
// 12-thread lab at 1280×800) is brought up to date just after the paint,
// not in the task that applies the frame, whose work delays the stage's
// paint; read after the paint, it is up to date.
func TestAnOffScreenPanelIsPlacedAfterThePaint(t *testing.T) {
	ctx := bigLab(t)
	if !eval[bool](t, ctx, `document.getElementById("proc-tree").getBoundingClientRect().top > 2 * innerHeight`) {
		t.Fatal("the process tree is on screen: this lab no longer shows what the test needs")
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`new Promise(done => {
		const tree = () => document.querySelector('#proc-tree [data-pid="2"]').textContent.replace(/\s+/g, " ").trim();
		const before = tree();
		const mo = new MutationObserver(() => {
			mo.disconnect();
			const during = tree();
			requestAnimationFrame(() => setTimeout(() => done([before, during, tree()]), 0));
		});
		mo.observe(document.getElementById("toolbar"), { subtree: true, childList: true, characterData: true, attributes: true });
		document.querySelector('.tcard[data-tid="2"] .sel-thread').click();
		document.querySelector("#act-spawn").click();
	})`, chromedpAwait))
	if err != nil {
		t.Fatal(err)
	}
	before, during, after := got[0], got[1], got[2]
	if during != before {
		t.Errorf("the off-screen process tree was changed with the frame (before the paint): %q → %q", before, during)
	}
	if after == before {
		t.Errorf("after the paint the process tree still reads %q: the spawn's thread is not in it", after)
	}
}

// What the reader cannot see waits for after the paint: the closed text
// view's rows a spawn inserts, an exit removes and a step changes, and
// the off-screen panels' fragments and edits. A page that was sent a lab
// of threads and processes coming and going that way reads like a fresh
// page of the same lab once the text view is opened.
func TestWhatWaitedForThePaintReadsLikeAFreshPage(t *testing.T) {
	ctx := labTab(t, 390, 844)
	open(t, ctx, baseURL+"/?lang=en")
	if !eval[bool](t, ctx, `document.getElementById("proc-tree").getBoundingClientRect().top > 2 * innerHeight && !document.getElementById("text-view-box").open`) {
		t.Fatal("the process tree is on screen or the text view open: this page no longer shows what the test needs")
	}
	for _, l := range []string{"spawn 2 worker", "fork 2", "write 4 counter 3", "spawn 4 worker", "step 5", "thread-exit 3", "spawn 2 worker", "kill 4 KILL", "wait 4", "step 3"} {
		typeLine(t, ctx, l)
	}
	readsLikeAFreshPage(t, ctx)
}

// holdFrames wraps the page's socket handler (from the next page on) so
// that, while the tab's sessionStorage says hold-frames, the frames that
// arrive are kept in window.__held; window.__release() hands them to the
// page one after the other in one task, as frames that crossed on a busy
// machine reach it before the page's after-paint jobs ran.
const holdFrames = `window.__held = [];
	const desc = Object.getOwnPropertyDescriptor(WebSocket.prototype, "onmessage");
	Object.defineProperty(WebSocket.prototype, "onmessage", { set(f) {
		window.__release = () => { sessionStorage.removeItem("hold-frames"); for (const ev of window.__held.splice(0)) f.call(this, ev); return true; };
		desc.set.call(this, ev => {
			if (sessionStorage.getItem("hold-frames") && JSON.parse(ev.data).type === "frame") { window.__held.push(ev); return; }
			return f.call(this, ev);
		}); }, get() { return desc.get.call(this); } });`

// A frame whose whole text view waits for the paint (the text view is
// closed), followed before that paint by a frame with a part of it that
// the page does not hold yet (its tables came in the first): the part is
// merged into the whole that waits, not dropped. It was dropped, and
// TestASlidingChartReadsLikeAFreshOne read cost rows a step old about
// one run in ten (a fork's frame brought the text view's new costs table
// whole, the step typed just after it changed its rows).
func TestAPartOfAWholeThatWaitsIsNotLost(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: holdFrames}); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, baseURL+"/?lang=en")
	if eval[bool](t, ctx, `document.getElementById("text-view-box").open`) {
		t.Fatal("the text view is open: this page no longer shows what the test needs")
	}
	// the frames of a reload and two steps, held, reach the page in one
	// task: the first two are whole (the text view's tables among them),
	// the last one's parts change rows the page does not hold yet
	eval[bool](t, ctx, `(sessionStorage.setItem("hold-frames", "1"), location.reload(), true)`)
	if err := waitLive(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the first frame, held", `window.__held.length === 1 && !document.querySelector("#text-view table")`)
	typeLine(t, ctx, "step 3")
	waitFor(t, ctx, "the step's frame, held", `window.__held.length === 2`)
	typeLine(t, ctx, "step 2")
	waitFor(t, ctx, "the next step's frame, held", `window.__held.length === 3`)
	if !eval[bool](t, ctx, `(m => !m.full && Object.keys(m.fragments).some(id => id.startsWith("tv-")))(JSON.parse(window.__held[2].data))`) {
		t.Fatal("the last frame held is whole or changes no row of the text view: the test no longer shows what it needs")
	}
	eval[bool](t, ctx, `window.__release()`)
	readsLikeAFreshPage(t, ctx)
}

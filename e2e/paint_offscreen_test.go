package e2e

import (
	"testing"

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

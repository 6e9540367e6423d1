package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// panelTexts reads what the panels that step frames patch part by part
// say (each element's text, whitespace collapsed).
func panelTexts(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	settled(t, ctx)
	return eval[map[string]string](t, ctx, `(() => {
		const out = {};
		for (const id of ["threads", "address-spaces", "text-view", "toolbar", "cpus"]) {
			const el = document.getElementById(id);
			out[id] = el ? el.textContent.replace(/\s+/g, " ").trim() : "(missing)";
		}
		// the chart's slices and switches, in the order they are drawn
		// (a frame appends them to their interval)
		out.chart = Array.from(document.querySelectorAll(".gantt g")).map(g => g.getAttribute("class") + " " + g.textContent).join("|");
		return out;
	})()`)
}

// settled waits until the page has done what it leaves for when it is
// idle (app.js's later: the parts inside a closed <details>, such as the
// text view, are placed then), so what a test reads is the whole frame.
func settled(t *testing.T, ctx context.Context) {
	t.Helper()
	const idle = `new Promise(r => requestAnimationFrame(() => (window.requestIdleCallback || setTimeout)(() => r(true), {timeout: 1000})))`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](idle, chromedpAwait)); err != nil {
		t.Fatal(err)
	}
}

// Issue 10: a step frame carries only the parts that changed (one
// thread's card, one region of a map, a row of the text view), each
// patched into the page by its id. The page they build must read exactly
// like a fresh page of the same lab.
func TestAPagePatchedPartByPartReadsLikeAFreshOne(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	spawnForkStep(t, ctx)
	for range 6 {
		before := tickOf(t, ctx)
		click(t, ctx, "#btn-step")
		waitFor(t, ctx, "a step", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, before))
	}
	readsLikeAFreshPage(t, ctx)
}

// A lab whose window of recent events slides, with threads that switch
// on most steps: its frames drop the oldest slices, switches and marks
// and append the new ones (a frame's trim and append), and the page
// they build reads like a fresh one.
func TestASlidingChartReadsLikeAFreshOne(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en&lesson=counter-race")
	// the lesson's interrupts, a program that never ends, two processes
	click(t, ctx, "#editor > summary")
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.getElementById("program-src"); e.value = %q; e.dispatchEvent(new Event("input")); return true })()`, spinForever))
	click(t, ctx, "#program-load")
	waitFor(t, ctx, "the program", `document.querySelector("#program-view [data-sym=n], #program-view") !== null && document.querySelector('[data-testid=tick]').textContent === "0"`)
	typeLine(t, ctx, "fork 2")
	waitFor(t, ctx, "the fork", `document.querySelectorAll(".tcard").length >= 2`)
	typeLine(t, ctx, "step 400")
	waitFor(t, ctx, "400 steps", `Number(document.querySelector('[data-testid=tick]').textContent) >= 400`)
	openTextView(t, ctx) // open, its rows are placed with each frame, not after the paint
	for range 12 {
		before := tickOf(t, ctx)
		click(t, ctx, "#btn-step")
		waitFor(t, ctx, "a step", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, before))
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".gantt g.switch").length`); n == 0 {
		t.Fatalf("the chart shows no switch: the lab does not test a sliding chart")
	}
	// back and forward again: the jump's frame is a full one, drawn afresh
	tick := tickOf(t, ctx)
	want := panelTexts(t, ctx)
	typeLine(t, ctx, "back")
	waitFor(t, ctx, "back", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, tick))
	typeLine(t, ctx, "forward")
	waitFor(t, ctx, "forward", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent === %q`, tick))
	got := panelTexts(t, ctx)
	for id, w := range want {
		if got[id] != w {
			n := 0
			for n < min(len(w), len(got[id])) && w[n] == got[id][n] {
				n++
			}
			from := max(0, n-200)
			t.Errorf("#%s after the steps reads\n…%s\nbut drawn afresh\n…%s", id, w[from:min(len(w), n+200)], got[id][from:min(len(got[id]), n+200)])
		}
	}
}

// spinForever adds 1 to n forever on one thread.
const spinForever = ".var n\n.main\n.top\nmov n, %ax\nadd $1, %ax\nmov %ax, n\nj .top\n"

// readsLikeAFreshPage opens the lab of the page in ctx, as its address
// saves it, in a fresh tab and compares what their panels say.
func readsLikeAFreshPage(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the saved lab in the address", `location.hash.includes("s=")`)
	openTextView(t, ctx)
	want, lab := panelTexts(t, ctx), labOf(t, ctx)
	link := eval[string](t, ctx, `location.href`)

	fresh := freshTab(t)
	if err := chromedp.Do(fresh, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	waitLab(t, fresh, "the same lab in a fresh tab", lab)
	openTextView(t, fresh)
	got := panelTexts(t, fresh)
	for id, w := range want {
		if got[id] != w {
			t.Errorf("#%s after the steps reads\n%s\nbut on a fresh page\n%s", id, w, got[id])
		}
	}
}

// openTextView opens the text view and waits for its tables: a first load
// draws it empty, and the page fills a closed <details> only after the
// paint (or when it is opened), so reading it at once would race the page.
func openTextView(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(document.getElementById("text-view-box").open = true, true)`)
	waitFor(t, ctx, "the text view's tables", `document.querySelector("#text-view table") !== null`)
}

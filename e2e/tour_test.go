package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestNewUserTour walks the central story the way a new user would at
// 1280×800 and saves what each step looks like (the first screen and the
// whole page), for people to look at.
func TestNewUserTour(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	shots := func(name string) {
		eval[bool](t, ctx, `(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true)`)
		viewportShot(t, ctx, "tour-"+name, false)
		screenshot(t, ctx, "tour-"+name+"-full")
	}
	shots("0-open")
	click(t, ctx, "#p2-spawn")
	waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
	shots("1-spawn")
	click(t, ctx, "#p2-fork")
	waitFor(t, ctx, "child 4", `!!document.querySelector('article[data-pid="4"] li[data-kind=text]')`)
	shots("2-fork")
	writeGlobal(t, ctx, 4, "counter", 7)
	waitFor(t, ctx, "the child's write", `(document.querySelector('[data-pid="4"] tr[data-global=counter] .val')||{}).textContent === "7"`)
	shots("3-write")
	click(t, ctx, "#btn-back")
	waitFor(t, ctx, "the write undone", `(document.querySelector('[data-pid="4"] tr[data-global=counter] .val')||{}).textContent !== "7"`)
	shots("4-back")
	click(t, ctx, "#btn-until-switch")
	waitFor(t, ctx, "the stop", `!!document.querySelector('#event-log li[data-kind=stopped]')`)
	shots("5-switch")
	for _, part := range []string{"cpus", "event-log", "toolbar"} {
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#"+part)))
		if err != nil {
			t.Fatalf("screenshot of #%s: %v", part, err)
		}
		savePNG(t, "tour-5-switch-"+part, png, false)
	}
	noCSPViolations(t, ctx)
}

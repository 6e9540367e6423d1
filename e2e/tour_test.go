package e2e

import (
	"strconv"
	"strings"
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
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3", `!!document.getElementById("thread-3")`)
	shots("1-spawn")
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 4", `!!document.querySelector('td[data-pid="4"][data-kind=text]')`)
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

	// Run until all stop: the free lab's threads (the spawned one and the
	// child's too) finish their loops, main prints and every thread has
	// ended, and the log says so.
	before := eval[int](t, ctx, `Number(document.querySelector('[data-testid=tick]').textContent)`)
	click(t, ctx, "#btn-until-halt")
	waitFor(t, ctx, "the second stop", `Number(document.querySelector('[data-testid=tick]').textContent) > `+strconv.Itoa(before)+` && !!document.querySelector('#event-log li[data-kind=stopped][data-new]')`)
	why := eval[string](t, ctx, `document.querySelector('#event-log li[data-kind=stopped]').dataset.why`)
	ran := eval[int](t, ctx, `Number(document.querySelector('#event-log li[data-kind=stopped]').dataset.ran)`)
	if why != "halt" || ran < 100 {
		t.Errorf("run until all stop on the free lab ended by %q after %d instructions, want every thread ended", why, ran)
	}
	if got := eval[int](t, ctx, `Number(document.querySelector('[data-testid=tick]').textContent)`); got != before+ran {
		t.Errorf("tick %d after running %d instructions from %d", got, ran, before)
	}
	if say := eval[string](t, ctx, `document.querySelector('#event-log li[data-kind=stopped] .say').textContent`); !strings.Contains(say, "no thread can run any more") {
		t.Errorf("the stop says %q, want it to say no thread can run", say)
	}
	if term := eval[string](t, ctx, `document.getElementById("terminal").textContent`); !strings.Contains(term, "counter = ") {
		t.Errorf("the terminal reads %q, want main's counter = N", term)
	}
	shots("6-until-halt")
	noCSPViolations(t, ctx)
}

package e2e

import (
	"context"
	"fmt"
	"strconv"
	"testing"
)

// timelineState is what the page says about one tick: the clock, the
// event log's newest entry, the Gantt's cursor, and the text view.
type timelineState struct {
	Tick     string
	LogTick  string // the newest entry in the event log
	LogOver  int    // entries after the tick shown
	GanttTo  string // the tick the CPU chart ends at (its cursor)
	Scrub    string // the scrubber's position
	TextView string
}

func readTimeline(t *testing.T, ctx context.Context) timelineState {
	t.Helper()
	return eval[timelineState](t, ctx, `(() => { const tick = document.querySelector('[data-testid=tick]').textContent;
		const items = [...document.querySelectorAll("#event-log li.ev")];
		const g = document.getElementById("gantt-now");
		return { tick, logTick: items.length ? items[0].dataset.tick : "", logOver: items.filter(li => Number(li.dataset.tick) > Number(tick)).length,
			ganttTo: g ? g.dataset.to : "", scrub: document.getElementById("scrub").value,
			textView: document.getElementById("text-view").textContent } })()`)
}

// scrubTo moves the timeline's slider as a reader's drag ends: a change.
func scrubTo(t *testing.T, ctx context.Context, tick int) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.getElementById("scrub"); s.value = %d; s.dispatchEvent(new Event("change", { bubbles: true })); return true })()`, tick))
	waitFor(t, ctx, fmt.Sprintf("tick %d", tick), fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent === "%d"`, tick))
}

// The scrubber reaches any tick, back and forward, and the event log, the
// CPU chart and the slider all show that tick: the log's newest entry is
// an event of that tick (one was chosen) and none is later, the chart ends
// there, and going back then forward lands on the same state.
func TestScrubberKeepsLogAndGanttOnTheTick(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			ctx := labTab(t, 1280, 800)
			open(t, ctx, baseURL+"/?lang="+lang)
			eval[bool](t, ctx, `(document.getElementById("text-view-box").open = true)`)
			for _, line := range []string{"spawn 2 worker", "step 9", "fork 2", "step 12"} {
				before := tickOf(t, ctx)
				typeLine(t, ctx, line)
				waitFor(t, ctx, line, fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, before))
			}
			end := readTimeline(t, ctx)
			last, _ := strconv.Atoi(end.Tick)
			// a tick in the middle where something happened: one of the
			// scrubber's marks
			marks := eval[[]int](t, ctx, `[...document.querySelectorAll("#scrub-marks option")].map(o => Number(o.value))`)
			mid := 0
			for _, m := range marks {
				if m > 2 && m < last-2 {
					mid = m
				}
			}
			if mid == 0 {
				t.Fatalf("no event mark between the start and tick %d: %v", last, marks)
			}
			scrubTo(t, ctx, mid)
			at := readTimeline(t, ctx)
			want := strconv.Itoa(mid)
			if at.LogTick != want || at.LogOver != 0 {
				t.Errorf("at tick %d the log's newest entry is at tick %s (%d later ones), want %s and none", mid, at.LogTick, at.LogOver, want)
			}
			if at.GanttTo != want {
				t.Errorf("at tick %d the CPU chart ends at tick %q", mid, at.GanttTo)
			}
			if at.Scrub != want {
				t.Errorf("at tick %d the slider sits at %s", mid, at.Scrub)
			}

			click(t, ctx, "#btn-back")
			waitFor(t, ctx, "a tick back", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, want))
			waitFor(t, ctx, "forward enabled", `!document.getElementById("btn-forward").disabled`)
			click(t, ctx, "#btn-forward")
			waitFor(t, ctx, "the same tick again", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent === %q`, want))
			if again := readTimeline(t, ctx); again != at {
				t.Errorf("back then forward to tick %d shows another state:\n%+v\nwant\n%+v", mid, again, at)
			}

			scrubTo(t, ctx, last) // the future that forward can reach
			if got := readTimeline(t, ctx); got != end {
				t.Errorf("scrubbing back to tick %d shows another state than before:\n%+v\nwant\n%+v", last, got, end)
			}
		})
	}
}

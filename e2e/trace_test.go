package e2e

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// mainThreadCPU is what the page's main thread spent while run ran, in ms
// of thread time (a trace event's tdur): wall-clock times on a shared
// machine measure the other processes too, thread time does not.
type mainThreadCPU struct {
	Total, Style, Layout, Paint float64
}

// Script is what is left of Total after style, layout and paint: the
// script, the HTML parser, garbage collection.
func (c mainThreadCPU) Script() float64 { return c.Total - c.Style - c.Layout - c.Paint }

// traceEvent is the part of a Chrome trace event the sums need.
type traceEvent struct {
	Name string  `json:"name"`
	Ph   string  `json:"ph"`
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
	Ts   float64 `json:"ts"`   // µs, wall clock
	Dur  float64 `json:"dur"`  // µs, wall clock
	Tdur float64 `json:"tdur"` // µs of thread time
	Args struct {
		Name string `json:"name"`
	} `json:"args"`
}

// paintEvents are the steps from a laid-out page to pixels on the main
// thread.
var paintEvents = map[string]bool{"PrePaint": true, "Paint": true, "Layerize": true, "UpdateLayer": true, "Commit": true}

// timelineCategories are what traceMainThread records: the DevTools
// timeline's events (tasks, style, layout, paint, GC, script).
var timelineCategories = []string{"devtools.timeline", "toplevel", "v8", "blink"}

// traceMainThread runs run while Chrome traces, and sums the thread time of
// the busiest renderer main thread.
func traceMainThread(t *testing.T, ctx context.Context, run func()) mainThreadCPU {
	t.Helper()
	var all []traceEvent
	for _, raw := range traceRaw(t, ctx, timelineCategories, run) {
		var e traceEvent
		if json.Unmarshal(raw, &e) == nil {
			all = append(all, e)
		}
	}
	return sumMainThread(all)
}

// traceRaw runs run while Chrome traces the given categories and returns
// every event as Chrome wrote it (a DevTools Performance panel opens them
// as {"traceEvents": [...]}).
func traceRaw(t *testing.T, ctx context.Context, categories []string, run func()) []json.RawMessage {
	t.Helper()
	events := make(chan []json.RawMessage, 64)
	done := make(chan struct{})
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(done)
		for ev, err := range chromedp.Events(lctx, tracing.DataCollected) {
			if err != nil {
				return
			}
			batch := make([]json.RawMessage, 0, len(ev.Value))
			for _, v := range ev.Value {
				batch = append(batch, json.RawMessage(v))
			}
			events <- batch
		}
	}()
	complete := make(chan struct{})
	go func() {
		for _, err := range chromedp.Events(lctx, tracing.TracingComplete) {
			if err == nil {
				close(complete)
			}
			return
		}
	}()
	call := func(f func(ctx context.Context, tg *chromedp.Target) error) {
		if err := chromedp.Do(ctx, chromedp.Func(f)); err != nil {
			t.Fatal(err)
		}
	}
	call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{
			IncludedCategories: categories,
		}})
		return err
	})
	run()
	call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.End, cdp.Empty{})
		return err
	})
	var all []json.RawMessage
	for {
		select {
		case b := <-events:
			all = append(all, b...)
			continue
		case <-complete:
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		}
		break
	}
	cancel()
	for {
		select {
		case b := <-events:
			all = append(all, b...)
			continue
		case <-done:
		}
		break
	}
	return all
}

// sumMainThread adds up the thread time of the renderer main thread that
// was busiest (the tab's; an idle about:blank has one too).
func sumMainThread(all []traceEvent) mainThreadCPU {
	type key struct{ pid, tid int }
	main := map[key]bool{}
	for _, e := range all {
		if e.Ph == "M" && e.Name == "thread_name" && e.Args.Name == "CrRendererMain" {
			main[key{e.Pid, e.Tid}] = true
		}
	}
	threads := map[key][]traceEvent{}
	for _, e := range all {
		if k := (key{e.Pid, e.Tid}); e.Ph == "X" && main[k] {
			threads[k] = append(threads[k], e)
		}
	}
	var best mainThreadCPU
	for _, evs := range threads {
		if s := sumThread(evs); s.Total > best.Total {
			best = s
		}
	}
	return best
}

// The kinds of work sumThread adds up.
const (
	other = iota
	task
	style
	layout
	paint
)

func kindOf(name string) int {
	switch {
	case name == "RunTask" || name == "ThreadControllerImpl::RunTask":
		return task
	case name == "UpdateLayoutTree":
		return style
	case name == "Layout":
		return layout
	case paintEvents[name]:
		return paint
	}
	return other
}

// sumThread adds up one thread's events by kind, each only where no
// enclosing event is of the same kind: a task runs inside a task (RunTask
// holds ThreadControllerImpl::RunTask) and a paint inside a paint, and
// counted twice they would double the sums.
func sumThread(evs []traceEvent) mainThreadCPU {
	slices.SortFunc(evs, func(a, b traceEvent) int {
		return cmp.Or(cmp.Compare(a.Ts, b.Ts), cmp.Compare(b.Dur, a.Dur))
	})
	var s mainThreadCPU
	var open []traceEvent // the events enclosing the current one
	for _, e := range evs {
		for len(open) > 0 && open[len(open)-1].Ts+open[len(open)-1].Dur <= e.Ts {
			open = open[:len(open)-1]
		}
		k := kindOf(e.Name)
		nested := slices.ContainsFunc(open, func(o traceEvent) bool { return kindOf(o.Name) == k })
		open = append(open, e)
		if k == other || nested {
			continue
		}
		ms := e.Tdur / 1000
		switch k {
		case task:
			s.Total += ms
		case style:
			s.Style += ms
		case layout:
			s.Layout += ms
		case paint:
			s.Paint += ms
		}
	}
	return s
}

func (c mainThreadCPU) String() string {
	return fmt.Sprintf("%.1f ms (script %.1f, style %.1f, layout %.1f, paint %.1f)", c.Total, c.Script(), c.Style, c.Layout, c.Paint)
}

// A task inside a task and a paint inside a paint are counted once; a
// layout forced inside a script is counted as layout.
func TestSumThreadCountsNestedEventsOnce(t *testing.T) {
	ev := func(name string, ts, dur float64) traceEvent {
		return traceEvent{Name: name, Ph: "X", Ts: ts, Dur: dur, Tdur: dur}
	}
	got := sumThread([]traceEvent{
		ev("ThreadControllerImpl::RunTask", 1000, 98000),
		ev("RunTask", 0, 100000),
		ev("Paint", 10000, 20000),
		ev("Paint", 12000, 5000),
		ev("FunctionCall", 40000, 30000),
		ev("Layout", 45000, 10000),
		ev("RunTask", 200000, 50000),
		ev("UpdateLayoutTree", 210000, 4000),
	})
	want := mainThreadCPU{Total: 150, Style: 4, Layout: 10, Paint: 20}
	if got != want {
		t.Errorf("sums = %+v, want %+v", got, want)
	}
}

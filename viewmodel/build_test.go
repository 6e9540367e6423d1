package viewmodel

import (
	"fmt"
	"testing"

	"procscope/sim"
)

func TestTimelineFromSwitchEvents(t *testing.T) {
	st := sim.State{Tick: 10, CPUs: []sim.CPU{{ID: 0, Tid: 3, Pid: 2}},
		Processes: []sim.ProcessState{{Pid: 2, Threads: []sim.ThreadState{{Tid: 2}, {Tid: 3}}}}}
	evs := []sim.Event{
		{Tick: 4, Kind: sim.EvSwitch, CPU: 0, Pid: 2, Tid: 2, Other: 3, Switch: sim.SwitchThread, Cost: 2870},
	}
	tl := timeline(st, evs, map[int]int{2: 2, 3: 3})
	if len(tl.Lanes) != 1 || len(tl.Lanes[0].Slices) != 2 {
		t.Fatalf("lanes = %+v, want one CPU with two slices", tl.Lanes)
	}
	s0, s1 := tl.Lanes[0].Slices[0], tl.Lanes[0].Slices[1]
	if s0.Tid != 2 || s0.From != 0 || s0.To != 4 || s1.Tid != 3 || s1.From != 4 || s1.To != 10 {
		t.Errorf("slices = %+v, want T2 0–4 then T3 4–10", tl.Lanes[0].Slices)
	}
	if len(tl.Switch) != 1 || tl.Switch[0].Kind != "thread" || tl.Switch[0].Cost != "2.9 µs" {
		t.Errorf("switches = %+v, want one thread switch costing 2.9 µs", tl.Switch)
	}
	if got, want := s1.X, 80.0; got != want || tl.Start != 0 || tl.End != 20 {
		t.Errorf("T3's slice starts at x = %v on a chart of ticks %d–%d, want %v (4/20 of the width: the axis 0–20 a label every 5)", got, tl.Start, tl.End, want)
	}
	if tl.NowX != 200 {
		t.Errorf("the cursor at tick 10 is at x = %v, want 200", tl.NowX)
	}
}

// The chart's axis holds the window, is at most a little more than a
// quarter empty past the cursor once past its smallest span, and changes
// seldom: a slice once closed keeps its coordinates while it does not.
func TestTimelineSpanHoldsTheWindowAndChangesSeldom(t *testing.T) {
	for _, width := range []uint64{0, 150, 4000} { // from 0, then a sliding window of that many ticks
		changes, last := 0, [3]uint64{}
		for to := width + 1; to < width+20000; to++ {
			from := to - width
			if width == 0 {
				from = 0
			}
			start, step, end := span(from, to)
			n := (end - start) / step
			if start > from || end < to || (end-start)%step != 0 || start%step != 0 || n < minSteps || n > maxSteps+1 {
				t.Fatalf("span(%d, %d) = %d, %d, %d: want round labels holding the window in 4 to 7 steps", from, to, start, step, end)
			}
			if end-to > step && n > minSteps {
				t.Fatalf("span(%d, %d) = %d, %d, %d: more than a step empty past the cursor", from, to, start, step, end)
			}
			if got := [3]uint64{start, step, end}; got != last {
				changes, last = changes+1, got
			}
		}
		if changes > 20000/40 {
			t.Errorf("window %d: the axis changed %d times in 20,000 ticks, want it to change seldom", width, changes)
		}
	}
}

// A descriptor's commands act from a thread that can make a system call.
func TestActorTidSkipsBlockedAndExitedThreads(t *testing.T) {
	for _, c := range []struct {
		name    string
		threads []sim.ThreadState
		want    int
	}{
		{"the main thread when it can run", []sim.ThreadState{{Tid: 2, State: sim.ThreadRunning}, {Tid: 3, State: sim.ThreadRunnable}}, 2},
		{"the next thread when main is blocked", []sim.ThreadState{{Tid: 2, State: sim.ThreadBlocked}, {Tid: 3, State: sim.ThreadRunnable}}, 3},
		{"past an exited thread", []sim.ThreadState{{Tid: 2, State: sim.ThreadBlocked}, {Tid: 3, State: sim.ThreadExited}, {Tid: 4, State: sim.ThreadRunning}}, 4},
		{"the first thread when all are blocked", []sim.ThreadState{{Tid: 2, State: sim.ThreadBlocked}, {Tid: 3, State: sim.ThreadBlocked}}, 2},
		{"the pid when no thread is left", nil, 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := processView(sim.ProcessState{Pid: 7, State: sim.ProcRunning, Threads: c.threads}, map[int]int{}, nil, nil, nil)
			if v.ActorTid != c.want {
				t.Errorf("ActorTid = %d, want %d", v.ActorTid, c.want)
			}
		})
	}
}

func TestHexAddrPrintsLikeFmt(t *testing.T) {
	for _, n := range []uint64{0, 1, 0x3e8, 0x555555555000, 0x7fffffffdff0, 1<<64 - 1} {
		if got, want := HexAddr(n), fmt.Sprintf("%#x", n); got != want {
			t.Errorf("HexAddr(%d) = %q, want %q", n, got, want)
		}
	}
}

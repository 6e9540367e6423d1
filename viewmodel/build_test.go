package viewmodel

import (
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
	if got, want := s1.X, 160.0; got != want {
		t.Errorf("T3's slice starts at x = %v, want %v (4/10 of the width)", got, want)
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
			v := processView(sim.ProcessState{Pid: 7, State: sim.ProcRunning, Threads: c.threads}, map[int]int{}, nil)
			if v.ActorTid != c.want {
				t.Errorf("ActorTid = %d, want %d", v.ActorTid, c.want)
			}
		})
	}
}

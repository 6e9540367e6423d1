package server

import (
	"strings"
	"testing"

	"procscope/sim"
	"procscope/templates"
)

// Every event the simulator emits reads as its own sentence in both
// languages: none falls through to the generic "kind (process, thread)".
func TestEveryEventKindIsNarratedInBothLanguages(t *testing.T) {
	kinds := []sim.EventKind{
		sim.EvThreadCreated, sim.EvThreadExited, sim.EvProcessForked, sim.EvProcessExited, sim.EvKilled,
		sim.EvZombie, sim.EvReaped, sim.EvAdopted, sim.EvSubreaper, sim.EvExec, sim.EvPageFault, sim.EvCOWFault,
		sim.EvSegfault, sim.EvSwitch, sim.EvMalloc, sim.EvFree, sim.EvWrite, sim.EvRead, sim.EvCall, sim.EvRet,
		sim.EvBlocked, sim.EvWoken, sim.EvHalt, sim.EvPrint, sim.EvIdle, sim.EvError, sim.EvStopped,
	}
	for _, k := range kinds {
		e := sim.Event{Tick: 3, Kind: k, Pid: 2, Tid: 3, Other: 4, Addr: 0x555555558000, Start: 0x7ffff75d5000, End: 0x7ffff7dd5000,
			OldFrame: 4, NewFrame: 9, Value: 7, Name: "counter", Switch: sim.SwitchThread, Cost: 2870}
		if k == sim.EvError {
			e.Err = &sim.Error{Code: "ESRCH", Msg: "no thread with tid 99"}
		}
		v := eventView(1, e, true)
		for _, lang := range templates.Langs {
			t.Run(string(k)+"/"+lang, func(t *testing.T) {
				got := templates.For(lang).Narrate(v)
				if strings.HasPrefix(got, string(k)+" (") {
					t.Errorf("%s falls back to the generic sentence: %q", k, got)
				}
				if strings.Contains(got, "%!") {
					t.Errorf("bad format verbs: %q", got)
				}
			})
		}
	}
}

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

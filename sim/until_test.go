package sim

import (
	"errors"
	"reflect"
	"testing"
)

func TestUntilSwitchStopsRightAfterTheFirstSwitch(t *testing.T) {
	m := newMachine(t, Config{Threads: 2, Interrupt: 50})
	for _, want := range []struct {
		tick     uint64
		from, to int
	}{{50, 2, 3}, {100, 3, 2}} {
		evs := mustApply(t, m, "until switch")
		if len(evs) != 2 {
			t.Fatalf("until switch: %d events %+v, want a switch and stopped", len(evs), evs)
		}
		sw, st := evs[0], evs[1]
		if sw.Kind != EvSwitch || sw.Tick != want.tick || sw.Tid != want.from || sw.Other != want.to || sw.Switch != SwitchThread || sw.Name != "interrupt" {
			t.Errorf("switch event %+v, want T%d→T%d (thread, interrupt) at tick %d", sw, want.from, want.to, want.tick)
		}
		if st.Kind != EvStopped || st.Name != UntilSwitch || st.Value != 50 || st.Tick != want.tick {
			t.Errorf("stopped event %+v, want Name switch, Value 50 at tick %d", st, want.tick)
		}
		if m.Tick() != want.tick || m.Instructions() != want.tick {
			t.Errorf("tick %d, instructions %d: want %d of each (one tick per instruction)", m.Tick(), m.Instructions(), want.tick)
		}
	}
}

func TestUntilHaltRunsUntilNoThreadCanRun(t *testing.T) {
	cfg := Config{Profile: "ostep", Program: loopingRace, Threads: 2, Interrupt: 3, ThreadArgs: []string{"bx=3"}}
	m := newMachine(t, cfg)
	evs := mustApply(t, m, "until halt")
	st := evs[len(evs)-1]
	// each thread: 3 loops of 6 instructions, then halt
	if st.Kind != EvStopped || st.Name != UntilHalt || st.Value != 38 {
		t.Fatalf("last event %+v, want stopped halt after 38 instructions", st)
	}
	if got := countEvents(evs, EvHalt); got != 2 {
		t.Errorf("%d halt events, want 2", got)
	}
	if m.Tick() != 38 {
		t.Errorf("tick %d, want 38", m.Tick())
	}
	evs = mustApply(t, m, "until halt", "until switch")
	for _, e := range evs {
		if e.Kind == EvStopped && (e.Name != UntilHalt || e.Value != 0) {
			t.Errorf("nothing left to run: %+v, want stopped halt after 0 instructions", e)
		}
	}
	if countEvents(evs, EvStopped) != 2 || m.Tick() != 38 {
		t.Errorf("events %+v at tick %d: want two stopped events and no ticks", evs, m.Tick())
	}
}

func TestUntilStopsAtItsBound(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		lim        int64
		want       Event
		ticks      uint64
	}{
		{"a bound before the switch", "until switch 10", 0, Event{Kind: EvStopped, Name: UntilLimit, Value: 10}, 10},
		{"a bound at the switch", "until switch 50", 0, Event{Kind: EvStopped, Name: UntilSwitch, Value: 50}, 50},
		{"halt never comes in counter", "until halt 120", 0, Event{Kind: EvStopped, Name: UntilLimit, Value: 120}, 120},
		{"the machine's limit without a bound", "until halt", 1000, Event{Kind: EvStopped, Name: UntilLimit, Value: 1000}, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t, Config{Threads: 2, Interrupt: 50, Limits: Limits{MaxStepsPerCommand: tc.lim}})
			evs := mustApply(t, m, tc.line)
			got := evs[len(evs)-1]
			if got.Kind != tc.want.Kind || got.Name != tc.want.Name || got.Value != tc.want.Value || m.Tick() != tc.ticks {
				t.Errorf("%s: %+v at tick %d, want %s after %d instructions at tick %d", tc.line, got, m.Tick(), tc.want.Name, tc.want.Value, tc.ticks)
			}
		})
	}
	m := newMachine(t, Config{Limits: Limits{MaxStepsPerCommand: 100}})
	evs := mustApply(t, m, "until switch 101")
	if len(evs) != 1 || evs[0].Kind != EvError || !errors.Is(evs[0].Err, ErrLimit) || m.Tick() != 1 || m.Instructions() != 0 {
		t.Errorf("until switch 101 over a limit of 100: %+v at tick %d, want one EAGAIN error taking one tick and no instructions", evs, m.Tick())
	}
}

func TestUntilReplaysExactly(t *testing.T) {
	cfg := Config{Seed: 4, Threads: 2, Interrupt: 7, Limits: Limits{MaxStepsPerCommand: 500}}
	lines := []string{"until switch", "fork 2", "until switch", "write 3 counter 9", "step 60", "step 600", "until halt 40", "until switch 3", "until switch"}
	l, _ := runScript(t, cfg, lines)
	end := l.Machine().Tick()
	for back := 1; back <= int(end); back++ {
		l2, _ := runScript(t, cfg, lines)
		if err := l2.Back(back); err != nil {
			t.Fatal(err)
		}
		if got := l2.Machine().Tick(); got != end-uint64(back) {
			t.Fatalf("back %d: tick %d, want %d", back, got, end-uint64(back))
		}
		straight, _ := runScript(t, cfg, nil)
		for _, a := range l2.History() {
			straight.Apply(a.Command)
		}
		if !reflect.DeepEqual(straight.Machine().State(), l2.Machine().State()) {
			t.Fatalf("back %d: the kept history %v does not replay to the same state", back, l2.History())
		}
	}
}

// A refused step (over the limit) takes one tick and runs nothing; going
// back to just after it must not turn it into a step that runs.
func TestGotoAfterARefusedStepRunsNothing(t *testing.T) {
	cfg := Config{Limits: Limits{MaxStepsPerCommand: 100}}
	l, _ := runScript(t, cfg, []string{"step 5", "step 101", "write 2 counter 1"})
	if err := l.Goto(6); err != nil {
		t.Fatal(err)
	}
	if got := l.Machine().Instructions(); got != 5 {
		t.Errorf("goto 6 (after step 5 and a refused step 101): %d instructions ran, want 5", got)
	}
}

func TestMaxTicksBoundsEveryCommand(t *testing.T) {
	for line, want := range map[string]uint64{
		"step": 1, "step 40": 40, "step 1001": 1, "until switch": 1000, "until halt 7": 7,
		"until switch 1001": 1, "fork 2": 1, "call 2 500": 1,
	} {
		c, err := ParseCommand(line)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.MaxTicks(1000); got != want {
			t.Errorf("%q.MaxTicks(1000) = %d, want %d", line, got, want)
		}
	}
}

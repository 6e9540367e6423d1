package cc

import (
	"testing"

	"procscope/sim"
)

const stepSrc = `int twice(int x) {
    int y = x * 2;
    return y;
}
int main(void) {
    int a = 1;
    a = twice(a);
    a = a + 1;
    return a;
}
`

// lineOf is the current source line of thread tid.
func lineOf(t *testing.T, lab *sim.Lab, tid int) int {
	for _, p := range lab.Machine().State().Processes {
		for _, th := range p.Threads {
			if th.Tid == tid {
				return th.Line
			}
		}
	}
	t.Fatalf("no thread %d", tid)
	return 0
}

func stepLab(t *testing.T) *sim.Lab {
	prog, err := Compile("t", stepSrc)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := sim.NewLab(Config(prog))
	if err != nil {
		t.Fatal(err)
	}
	return lab
}

func apply(t *testing.T, lab *sim.Lab, c sim.Command) string {
	t.Helper()
	why := ""
	for _, e := range lab.Apply(c) {
		if e.Kind == sim.EvError {
			t.Fatalf("%v: %v", c, e.Err)
		}
		if e.Kind == sim.EvStopped {
			why = e.Name
		}
	}
	return why
}

func TestNextStepInFinish(t *testing.T) {
	lab := stepLab(t)
	// from _start (line 5, main's), step into main's body
	apply(t, lab, sim.Command{Op: sim.CmdStepIn, Tid: 2})
	apply(t, lab, sim.Command{Op: sim.CmdNext, Tid: 2})
	if got := lineOf(t, lab, 2); got != 6 {
		t.Fatalf("after entering main: line %d, want 6", got)
	}
	apply(t, lab, sim.Command{Op: sim.CmdNext, Tid: 2})
	if got := lineOf(t, lab, 2); got != 7 {
		t.Fatalf("next: line %d, want 7", got)
	}
	// step-in enters twice (its first line is the signature's: the prologue)
	apply(t, lab, sim.Command{Op: sim.CmdStepIn, Tid: 2})
	if got := lineOf(t, lab, 2); got != 1 {
		t.Fatalf("step-in: line %d, want 1", got)
	}
	apply(t, lab, sim.Command{Op: sim.CmdNext, Tid: 2})
	if got := lineOf(t, lab, 2); got != 2 {
		t.Fatalf("next in twice: line %d, want 2", got)
	}
	if why := apply(t, lab, sim.Command{Op: sim.CmdFinish, Tid: 2}); why != sim.StopReturn {
		t.Fatalf("finish stopped for %q", why)
	}
	if got := lineOf(t, lab, 2); got != 7 {
		t.Fatalf("finish: back on line %d, want 7", got)
	}
	apply(t, lab, sim.Command{Op: sim.CmdNext, Tid: 2})
	if got := lineOf(t, lab, 2); got != 8 {
		t.Fatalf("next after finish: line %d, want 8", got)
	}
	// next steps over a call: a fresh lab, from line 7 to line 8 in one go
	lab2 := stepLab(t)
	apply(t, lab2, sim.Command{Op: sim.CmdStepIn, Tid: 2}) // into main
	for lineOf(t, lab2, 2) != 7 {
		apply(t, lab2, sim.Command{Op: sim.CmdNext, Tid: 2})
	}
	apply(t, lab2, sim.Command{Op: sim.CmdNext, Tid: 2})
	if got := lineOf(t, lab2, 2); got != 8 {
		t.Fatalf("next over twice(): line %d, want 8", got)
	}
	// back replays a line step exactly
	tick := lab2.Machine().Tick()
	if err := lab2.Back(1); err != nil {
		t.Fatal(err)
	}
	if lab2.Machine().Tick() != tick-1 {
		t.Fatalf("back 1: tick %d, want %d", lab2.Machine().Tick(), tick-1)
	}
	if err := lab2.Goto(tick - 1); err != nil {
		t.Fatal(err)
	}
	refused := false
	for _, e := range lab2.Apply(sim.Command{Op: sim.CmdNext, Tid: 99}) {
		refused = refused || e.Kind == sim.EvError && e.Err.Code == "ESRCH"
	}
	if !refused {
		t.Fatal("next of a missing thread was not refused with ESRCH")
	}
}

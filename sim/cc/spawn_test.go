package cc

import (
	"strings"
	"testing"

	"procscope/sim"
)

// The spawn command in a C program starts a thread as pthread_create
// does: at the named function, through the thread start code, so the
// function's return ends the thread (not the process) and main is not
// run a second time. Without a function it is refused, and says why.
func TestSpawnInACProgramStartsAFunction(t *testing.T) {
	src := `int counter;
void *worker(void *arg) {
    counter++;
    return 0;
}
int main(void) {
    for (;;)
        ;
    return 0;
}
`
	m, err := sim.New(sim.Config{Program: src, Language: "c"})
	if err != nil {
		t.Fatal(err)
	}
	m.Apply(sim.Command{Op: sim.CmdStep, N: 20}) // main is in its loop
	for _, bad := range []struct{ name, want string }{{"", "starts at a function"}, {"nosuch", `no function "nosuch"`}} {
		evs := m.Apply(sim.Command{Op: sim.CmdSpawn, Tid: 2, Name: bad.name})
		if len(evs) == 0 || evs[0].Kind != sim.EvError || !strings.Contains(evs[0].Err.Msg, bad.want) {
			t.Errorf("spawn %q: %+v, want an error saying %q", bad.name, evs, bad.want)
		}
	}
	evs := m.Apply(sim.Command{Op: sim.CmdSpawn, Tid: 2, Name: "worker"})
	var tid int
	for _, e := range evs {
		if e.Kind == sim.EvThreadCreated {
			tid = e.Other
		}
	}
	if tid == 0 {
		t.Fatalf("spawn worker: %+v", evs)
	}
	m.Apply(sim.Command{Op: sim.CmdStep, N: 400})
	st := m.State()
	var p sim.ProcessState
	for _, q := range st.Processes {
		if q.Pid == 2 {
			p = q
		}
	}
	if p.State != sim.ProcRunning {
		t.Fatalf("the process ended when the spawned thread returned: %+v", p.Status)
	}
	for _, g := range p.Globals {
		if g.Name == "counter" && g.Value != 1 {
			t.Errorf("counter = %d, want 1: worker ran once", g.Value)
		}
	}
	for _, th := range p.Threads {
		if th.Tid == tid && th.State != sim.ThreadExited {
			t.Errorf("thread %d is %s after worker returned, want exited", tid, th.State)
		}
	}
}

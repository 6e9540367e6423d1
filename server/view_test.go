package server

import (
	"strings"
	"testing"

	"procscope/sim"
	"procscope/templates"
	"procscope/viewmodel"
)

// Every event the simulator emits reads as its own sentence in both
// languages: none falls through to the generic "kind (process, thread)".
func TestEveryEventKindIsNarratedInBothLanguages(t *testing.T) {
	kinds := []sim.EventKind{
		sim.EvThreadCreated, sim.EvThreadExited, sim.EvProcessForked, sim.EvProcessExited, sim.EvKilled,
		sim.EvZombie, sim.EvReaped, sim.EvAdopted, sim.EvSubreaper, sim.EvExec, sim.EvPageFault, sim.EvCOWFault,
		sim.EvSegfault, sim.EvSwitch, sim.EvMalloc, sim.EvFree, sim.EvWrite, sim.EvRead, sim.EvCall, sim.EvRet,
		sim.EvBlocked, sim.EvWoken, sim.EvHalt, sim.EvPrint, sim.EvIdle, sim.EvError, sim.EvStopped,
		sim.EvPipeCreated, sim.EvPipeWrite, sim.EvPipeRead, sim.EvClose, sim.EvShm, sim.EvLock, sim.EvUnlock,
		sim.EvAtomicAdd, sim.EvSignal, sim.EvDeadlock, sim.EvAllBlocked, sim.EvOOMKill, sim.EvCOWReuse, sim.EvOutput, sim.EvRandom,
	}
	for _, k := range kinds {
		e := sim.Event{Tick: 3, Kind: k, Pid: 2, Tid: 3, Other: 4, Addr: 0x555555558000, Start: 0x7ffff75d5000, End: 0x7ffff7dd5000,
			OldFrame: 4, NewFrame: 9, Value: 7, Name: "counter", Switch: sim.SwitchThread, Cost: 2870, FD: 3, Object: 1, Tids: []int{2, 3}}
		if k == sim.EvError {
			e.Err = &sim.Error{Code: "ESRCH", Msg: "no thread with tid 99"}
		}
		v := viewmodel.EventView(1, e, true)
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

// A blocked thread's sentence says why it waits, in both languages.
func TestBlockedNarrationSaysWhy(t *testing.T) {
	for _, c := range []struct {
		reason, en, ko string
	}{
		{"mutex held", "held by thread 4", "스레드 4가 잡고"},
		{"pipe empty", "pipe 4 is empty", "파이프 4가 비어"},
		{"pipe full", "pipe 4 is full", "파이프 4가 가득"},
	} {
		t.Run(c.reason, func(t *testing.T) {
			v := viewmodel.EventView(1, sim.Event{Kind: sim.EvBlocked, Pid: 2, Tid: 3, Other: 4, Name: c.reason}, true)
			if got := templates.For("en").Narrate(v); !strings.Contains(got, c.en) {
				t.Errorf("en: %q lacks %q", got, c.en)
			}
			if got := templates.For("ko").Narrate(v); !strings.Contains(got, c.ko) {
				t.Errorf("ko: %q lacks %q", got, c.ko)
			}
		})
	}
	t.Run("deadlock names the cycle", func(t *testing.T) {
		v := viewmodel.EventView(1, sim.Event{Kind: sim.EvDeadlock, Tids: []int{2, 3}}, true)
		if got := templates.For("en").Narrate(v); !strings.Contains(got, "T2 → T3 → T2") {
			t.Errorf("deadlock sentence %q does not name the cycle T2 → T3 → T2", got)
		}
	})
}

// The overhead bars come from the machine's categories and add up to its
// clock; the comparison panel shows processes costing more.
func TestOverheadAndComparisonViews(t *testing.T) {
	m, err := sim.New(sim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"spawn 2", "pipe 2", "write-fd 2 4 42", "lock 2 counter", "lock 3 counter", "step 20"} {
		c, err := sim.ParseCommand(line)
		if err != nil {
			t.Fatal(err)
		}
		m.Apply(c)
	}
	st := m.State()
	lab := viewmodel.LabFromState(st, nil)
	var kinds []string
	for _, c := range lab.Overhead {
		kinds = append(kinds, c.Kind)
	}
	if got, want := strings.Join(kinds, ","), "creation,switching,faults,communication,sync,work,other"; got != want {
		t.Errorf("overhead rows %s, want %s", got, want)
	}
	if st.Overhead.Total() != st.Clock {
		t.Errorf("overhead total %d != clock %d", st.Overhead.Total(), st.Clock)
	}
	if len(lab.Pipes) != 1 || lab.Pipes[0].Used != 1 || lab.Pipes[0].Cells[0].Value != "42" || len(lab.Pipes[0].Cells) != 8 {
		t.Errorf("pipe view = %+v, want one pipe holding 42 in the first of 8 cells", lab.Pipes)
	}
	if len(lab.Mutexes) != 1 || lab.Mutexes[0].Owner.Tid != 2 || len(lab.Mutexes[0].Queue) != 1 || lab.Mutexes[0].Queue[0].Tid != 3 {
		t.Errorf("mutex view = %+v, want counter held by T2 with T3 waiting", lab.Mutexes)
	}
	var t3 templates.Thread
	for _, p := range lab.Procs {
		for _, th := range p.Threads {
			if th.Tid == 3 {
				t3 = th
			}
		}
	}
	if got := templates.For("en").WaitText(t3.Waiting, t3.WaitFor); got != "waiting: mutex held by T2" {
		t.Errorf("T3 says %q, want waiting: mutex held by T2", got)
	}
	c := viewmodel.Compare()
	if c.Err != "" || len(c.Rows) != 5 || len(c.Ratios) != 4 {
		t.Fatalf("comparison = %+v", c)
	}
	for _, r := range c.Ratios {
		if !r.Above1 {
			t.Errorf("ratio %s = %s, want processes to cost more than threads", r.Kind, r.Value)
		}
	}
}

// viewLab builds the default lab and applies commands, failing on any
// refused one; it returns the lab view the page draws, with the events.
func viewLab(t *testing.T, cmds ...sim.Command) templates.Lab {
	t.Helper()
	st, evs := stateAfter(t, cmds...)
	return viewmodel.LabFromState(st, evs)
}

// stateAfter is the default lab's state and events after commands, failing
// on any refused one.
func stateAfter(t *testing.T, cmds ...sim.Command) (sim.State, []sim.Event) {
	t.Helper()
	srv, err := newServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.CloseSockets()
	l, err := srv.buildLab(labConfig{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var evs []sim.Event
	for _, c := range cmds {
		got := l.Apply(c)
		for _, e := range got {
			if e.Kind == sim.EvError {
				t.Fatalf("%+v refused: %v", c, e.Err)
			}
		}
		evs = append(evs, got...)
	}
	return l.Machine().State(), evs
}

func procView(t *testing.T, lab templates.Lab, pid int) templates.Process {
	t.Helper()
	for _, p := range lab.Procs {
		if p.Pid == pid {
			return p
		}
	}
	t.Fatalf("no process %d in the view", pid)
	return templates.Process{}
}

// fork 2 → 3, fork 3 → 4, 3 exits: 4 is an orphan init adopts.
func TestOrphanedGrandchildIsMarkedAdoptedByInit(t *testing.T) {
	lab := viewLab(t,
		sim.Command{Op: sim.CmdFork, Tid: 2},
		sim.Command{Op: sim.CmdFork, Tid: 3},
		sim.Command{Op: sim.CmdExit, Tid: 3, N: 0},
	)
	g := procView(t, lab, 4)
	if !g.Adopted || g.PPid != 1 {
		t.Errorf("grandchild 4: adopted %v, parent %d; want adopted by init (1)", g.Adopted, g.PPid)
	}
	for _, pid := range []int{2, 3} {
		if p := procView(t, lab, pid); p.Adopted {
			t.Errorf("process %d is marked adopted; only the orphan 4 was", pid)
		}
	}
}

func TestExitStatusIsTheShellsStatus(t *testing.T) {
	for _, c := range []struct {
		name string
		end  sim.Command
		want int64
	}{
		{"exit 3 reads 3", sim.Command{Op: sim.CmdExit, Tid: 3, N: 3}, 3},
		{"SIGKILL reads 137", sim.Command{Op: sim.CmdKill, Pid: 3, N: 9}, 137},
		{"SIGSEGV reads 139", sim.Command{Op: sim.CmdKill, Pid: 3, N: 11}, 139},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := procView(t, viewLab(t, sim.Command{Op: sim.CmdFork, Tid: 2}, c.end), 3)
			if !p.Exited || p.Exit != c.want {
				t.Errorf("child 3: exited %v, status %d; want %d", p.Exited, p.Exit, c.want)
			}
		})
	}
}

// Each CPU's own busy and idle time (issue 9 item 15) is drawn from the
// machine's state, and together they fill the wall clock.
func TestCPUsShowTheirBusyAndIdleTime(t *testing.T) {
	st, _ := stateAfter(t, cmds(t, "spawn 2 worker", "step 40")...)
	lab := viewmodel.LabFromState(st, nil)
	if len(lab.CPUs) != len(st.CPUs) || len(st.CPUs) == 0 {
		t.Fatalf("%d CPUs drawn, machine has %d", len(lab.CPUs), len(st.CPUs))
	}
	for i, c := range st.CPUs {
		if c.Time.Busy+c.Time.Idle+c.IdleNow != st.Clock {
			t.Errorf("cpu %d: busy %d + idle %d + idle now %d != clock %d", i, c.Time.Busy, c.Time.Idle, c.IdleNow, st.Clock)
		}
		if got, want := lab.CPUs[i].Busy, viewmodel.Nanos(c.Time.Busy); got != want {
			t.Errorf("cpu %d busy %q, want %q", i, got, want)
		}
		if got, want := lab.CPUs[i].Idle, viewmodel.Nanos(c.Time.Idle+c.IdleNow); got != want {
			t.Errorf("cpu %d idle %q, want %q", i, got, want)
		}
	}
	if st.CPUs[0].Time.Busy == 0 {
		t.Error("CPU 0 did no work in 40 steps")
	}
}

package lessons

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"procscope/sim"
)

// run builds a lesson's machine and steps it n instructions, collecting the
// events by kind.
func run(t *testing.T, name string, n int64) (*sim.Lab, []sim.Event) {
	t.Helper()
	l, ok := Get(name)
	if !ok {
		t.Fatalf("no lesson %q", name)
	}
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatalf("lesson %s does not build: %v", name, err)
	}
	return lab, lab.Apply(sim.Command{Op: sim.CmdStep, N: n})
}

func find(evs []sim.Event, kind sim.EventKind) []sim.Event {
	var out []sim.Event
	for _, e := range evs {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func TestEveryLessonHasTitlesTextAndAProgramThatAssembles(t *testing.T) {
	ls, err := All()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"fork-cow", "threads-share", "counter-race", "stack-overflow", "zombie-orphan", "mutex-counter", "deadlock"}
	if !slices.Equal(Names(), want) {
		t.Errorf("lessons %v, want %v in this order", Names(), want)
	}
	for _, l := range ls {
		t.Run(l.Name, func(t *testing.T) {
			for _, lang := range Langs {
				if l.Title[lang] == "" || !strings.HasPrefix(l.Text[lang], "# ") {
					t.Errorf("%s: title %q, text starts %.20q", lang, l.Title[lang], l.Text[lang])
				}
			}
			m, err := sim.New(l.Config(1))
			if err != nil {
				t.Fatalf("program does not assemble: %v", err)
			}
			if got := m.State().Program.Source; len(got) < 5 {
				t.Errorf("program view has %d lines", len(got))
			}
		})
	}
}

func TestForkCowParentAndChildEachKeepTheirValue(t *testing.T) {
	_, evs := run(t, "fork-cow", 400)
	forks := find(evs, sim.EvProcessForked)
	if len(forks) != 1 || forks[0].Other != 3 {
		t.Fatalf("forks %+v, want pid 2 forking pid 3", forks)
	}
	if cow := find(evs, sim.EvCOWFault); len(cow) != 1 || cow[0].OldFrame == cow[0].NewFrame {
		t.Errorf("cow faults %+v, want one private copy for the first writer", cow)
	}
	var printed []int64
	for _, e := range find(evs, sim.EvPrint) {
		printed = append(printed, e.Value)
	}
	if !slices.Equal(printed, []int64{20, 30}) {
		t.Errorf("printed %v, want the parent's 20 then the child's 30", printed)
	}
}

func TestThreadsShareSeesTheWorkersWrite(t *testing.T) {
	_, evs := run(t, "threads-share", 100)
	if tc := find(evs, sim.EvThreadCreated); len(tc) != 1 || tc[0].Other != 3 {
		t.Fatalf("thread-created %+v, want tid 3", tc)
	}
	if p := find(evs, sim.EvPrint); len(p) != 1 || p[0].Value != 2 {
		t.Errorf("print %+v, want the worker's 2 seen by main", p)
	}
	if len(find(evs, sim.EvCOWFault))+len(find(evs, sim.EvProcessForked)) != 0 {
		t.Error("threads copied something")
	}
}

func TestCounterRaceLosesUpdates(t *testing.T) {
	l, _ := Get("counter-race")
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatal(err)
	}
	// Step until the first thread halts: the process (and count) is still
	// there, and the other thread has finished its updates too.
	for len(find(lab.Apply(sim.Command{Op: sim.CmdStep, N: 1}), sim.EvHalt)) == 0 {
		if lab.Machine().Tick() > 1000 {
			t.Fatal("no thread ever halted")
		}
	}
	g := lab.Machine().State().Processes[1].Globals
	if len(g) != 1 || g[0].Name != "count" || g[0].Addr != 100 || g[0].Value >= 6 || g[0].Value < 3 {
		t.Errorf("globals %+v, want count at 100 below the 6 a lock would give", g)
	}
}

func TestStackOverflowHitsTheGuardPage(t *testing.T) {
	_, evs := run(t, "stack-overflow", 3000)
	seg := find(evs, sim.EvSegfault)
	if len(seg) != 1 || seg[0].Tid != 3 || seg[0].Name != "guard page" {
		t.Fatalf("segfaults %+v, want thread 3 on its guard page", seg)
	}
	if k := find(evs, sim.EvKilled); len(k) != 1 || k[0].Signal != sim.SIGSEGV || k[0].Pid != 2 {
		t.Errorf("killed %+v, want pid 2 killed by SIGSEGV", k)
	}
}

func TestZombieOrphanIsAdoptedAndReapedByInit(t *testing.T) {
	_, evs := run(t, "zombie-orphan", 400)
	z := find(evs, sim.EvZombie)
	if len(z) == 0 || z[0].Pid != 3 || z[0].Value != 7 {
		t.Fatalf("zombies %+v, want pid 3 with status 7 first", z)
	}
	adopted := map[int]bool{}
	for _, e := range find(evs, sim.EvAdopted) {
		adopted[e.Pid] = e.Other == 1
	}
	if !adopted[3] || !adopted[4] {
		t.Errorf("adopted %v, want pids 3 and 4 adopted by init", adopted)
	}
	for _, e := range find(evs, sim.EvReaped) {
		if e.Pid != 1 {
			t.Errorf("pid %d reaped %d, want init to reap everyone", e.Pid, e.Other)
		}
	}
}

func TestBrokenLessonFilesAreReported(t *testing.T) {
	ok := func(m fstest.MapFS, name string) fstest.MapFS {
		m[name+"/lesson.json"] = &fstest.MapFile{Data: []byte(`{"title":{"ko":"가","en":"a"}}`)}
		m[name+"/program.s"] = &fstest.MapFile{Data: []byte(".main\nhalt\n")}
		m[name+"/ko.md"] = &fstest.MapFile{Data: []byte("# 가\n")}
		m[name+"/en.md"] = &fstest.MapFile{Data: []byte("# a\n")}
		return m
	}
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		wants string
	}{
		{"bad name", ok(fstest.MapFS{}, "Bad_Name"), "name"},
		{"unknown field", func() fstest.MapFS {
			m := ok(fstest.MapFS{}, "x")
			m["x/lesson.json"] = &fstest.MapFile{Data: []byte(`{"title":{"ko":"가","en":"a"},"colour":1}`)}
			return m
		}(), "colour"},
		{"no Korean title", func() fstest.MapFS {
			m := ok(fstest.MapFS{}, "x")
			m["x/lesson.json"] = &fstest.MapFile{Data: []byte(`{"title":{"en":"a"}}`)}
			return m
		}(), "no ko title"},
		{"no English text", func() fstest.MapFS {
			m := ok(fstest.MapFS{}, "x")
			delete(m, "x/en.md")
			return m
		}(), "en.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(tc.fsys)
			if err == nil || !strings.Contains(err.Error(), tc.wants) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.wants)
			}
		})
	}
}

// untilFirstHalt steps a lesson's lab one instruction at a time until a
// thread halts (the process and its globals are still there), returning
// every event.
func untilFirstHalt(t *testing.T, name string) (*sim.Lab, []sim.Event) {
	t.Helper()
	l, _ := Get(name)
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatal(err)
	}
	var all []sim.Event
	for {
		evs := lab.Apply(sim.Command{Op: sim.CmdStep, N: 1})
		all = append(all, evs...)
		if len(find(evs, sim.EvHalt)) > 0 {
			return lab, all
		}
		if lab.Machine().Tick() > 1000 {
			t.Fatalf("%s: no thread ever halted", name)
		}
	}
}

func TestMutexCounterLosesNoUpdatesWhereCounterRaceDoes(t *testing.T) {
	race, _ := untilFirstHalt(t, "counter-race")
	lab, evs := untilFirstHalt(t, "mutex-counter")
	raced := race.Machine().State().Processes[1].Globals[0]
	g := lab.Machine().State().Processes[1].Globals
	if len(g) != 2 || g[0].Name != "count" || g[0].Value != 6 {
		t.Fatalf("globals %+v, want count 6: two threads × 3 increments, none lost", g)
	}
	if raced.Value >= g[0].Value {
		t.Errorf("counter-race reached %d on the same machine, want fewer than the mutex's %d", raced.Value, g[0].Value)
	}
	// The lock is what made the difference: the timer (every 2
	// instructions) caught a thread inside the critical section, and the
	// other one waited for the mutex instead of loading a stale count.
	var waited, handed int
	for _, e := range evs {
		if e.Kind == sim.EvBlocked && e.Name == "mutex held" {
			waited++
		}
		if e.Kind == sim.EvUnlock && e.Other != 0 {
			handed++
		}
	}
	if waited != 3 || handed != 3 {
		t.Errorf("%d waits for the mutex, %d hand-overs; want 3 and 3 (once per round)", waited, handed)
	}
	if locks := find(evs, sim.EvLock); len(locks) != 6 || locks[0].Addr != g[1].Addr {
		t.Errorf("%d locks (first at %#x), want 6 on mutex at %#x", len(locks), locks[0].Addr, g[1].Addr)
	}
}

func TestDeadlockNamesTheCycleOfTheTwoThreads(t *testing.T) {
	lab, evs := run(t, "deadlock", 100)
	dl := find(evs, sim.EvDeadlock)
	if len(dl) != 1 {
		t.Fatalf("%d deadlock events, want 1", len(dl))
	}
	if !slices.Equal(dl[0].Tids, []int{2, 3}) || dl[0].Name != "tid 2 waits for tid 3 (mutex), tid 3 waits for tid 2 (mutex)" {
		t.Errorf("deadlock tids %v %q, want the cycle 2 → 3 → 2", dl[0].Tids, dl[0].Name)
	}
	if ab := find(evs, sim.EvAllBlocked); len(ab) != 1 || !slices.Equal(ab[0].Tids, []int{2, 3}) {
		t.Errorf("all-blocked %+v, want both threads", ab)
	}
	st := lab.Machine().State()
	g := st.Processes[1].Globals
	if len(st.Mutexes) != 2 || st.Mutexes[0].Addr != g[0].Addr || st.Mutexes[0].Owner != 2 || !slices.Equal(st.Mutexes[0].Queue, []int{3}) ||
		st.Mutexes[1].Addr != g[1].Addr || st.Mutexes[1].Owner != 3 || !slices.Equal(st.Mutexes[1].Queue, []int{2}) {
		t.Errorf("mutexes %+v, want a owned by 2 with 3 waiting, b owned by 3 with 2 waiting", st.Mutexes)
	}
	if n := len(find(evs, sim.EvHalt)); n != 0 || st.Tick != 8 {
		t.Errorf("%d halts, stuck at tick %d; want none, stuck at tick 8", n, st.Tick)
	}
}

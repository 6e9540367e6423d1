package lessons

import (
	"fmt"
	"maps"
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
	// The study note's order; lessons added later slot in between, so the
	// test asks for these in this order, not for these alone.
	want := []string{"memory-map", "threads-share", "fork-cow", "threads-vs-processes", "pipe-eof", "shared-memory", "stack-overflow", "crash-isolation", "zombie-orphan", "tiny-shell", "counter-race", "mutex-counter", "peterson", "ticket-lock", "deadlock"}
	if !isSubsequence(want, Names()) {
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
	_, evs := untilHalt(t, "fork-cow", nil)
	forks := find(evs, sim.EvProcessForked)
	if len(forks) != 1 || forks[0].Other != 3 {
		t.Fatalf("forks %+v, want pid 2 forking pid 3", forks)
	}
	// The parent copies two pages (its stack, then the page of value);
	// the child, left alone on the old frames, reuses them.
	cow, reuse := find(evs, sim.EvCOWFault), find(evs, sim.EvCOWReuse)
	if len(cow) != 2 || cow[0].Pid != 2 || cow[1].Pid != 2 || len(reuse) != 2 || reuse[0].Pid != 3 {
		t.Errorf("cow faults %+v, reuses %+v: want the parent's two copies, then the child's two reuses", cow, reuse)
	}
	if got := output(evs); !slices.Equal(got, []string{"parent: value = 20\n", "child:  value = 30\n"}) {
		t.Errorf("output %q, want the parent's 20 then the child's 30", got)
	}
}

// output lists what reached the terminal, in order.
func output(evs []sim.Event) []string {
	var out []string
	for _, e := range find(evs, sim.EvOutput) {
		out = append(out, e.Name)
	}
	return out
}

func TestThreadsShareSeesTheWorkersWrite(t *testing.T) {
	_, evs := untilHalt(t, "threads-share", nil)
	if tc := find(evs, sim.EvThreadCreated); len(tc) != 1 || tc[0].Other != 3 {
		t.Fatalf("thread-created %+v, want tid 3", tc)
	}
	if got := output(evs); !slices.Equal(got, []string{"shared = 2\n"}) {
		t.Errorf("output %q, want the worker's 2 seen by main", got)
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
	_, evs := run(t, "stack-overflow", 100_000)
	seg := find(evs, sim.EvSegfault)
	if len(seg) != 1 || seg[0].Tid != 3 || seg[0].Name != "guard page" {
		t.Fatalf("segfaults %+v, want thread 3 on its guard page", seg)
	}
	if k := find(evs, sim.EvKilled); len(k) != 1 || k[0].Signal != sim.SIGSEGV || k[0].Pid != 2 {
		t.Errorf("killed %+v, want pid 2 killed by SIGSEGV", k)
	}
}

// TestZombieOrphanIsAdoptedByInitThenByTheSubreaper plays the lesson's
// steps (the second orphan after "subreaper 2") and checks who reaped
// whom: init the first orphan, the subreaper the second.
func TestZombieOrphanIsAdoptedByInitThenByTheSubreaper(t *testing.T) {
	l, _ := Get("zombie-orphan")
	var evs []sim.Event
	walk(t, l, func(_ int, _ Step, o *Observation) { evs = append(evs, o.Events...) })
	z := find(evs, sim.EvZombie)
	if len(z) == 0 || z[0].Pid != 3 || z[0].Value != 7 {
		t.Fatalf("zombies %+v, want pid 3 with status 7 first", z)
	}
	adopted := map[int]int{}
	for _, e := range find(evs, sim.EvAdopted) {
		adopted[e.Pid] = e.Other
	}
	if want := map[int]int{5: 1, 7: 2}; !maps.Equal(adopted, want) {
		t.Errorf("adopted (orphan: adopter) %v, want %v", adopted, want)
	}
	want := map[int]string{3: "by 2: exited with status 7", 4: "by 2: exited with status 0", 5: "by 1: exited with status 3",
		6: "by 2: exited with status 0", 7: "by 2: exited with status 3", 2: "by 1: exited with status 0"}
	if got := reaped(evs); !maps.Equal(got, want) {
		t.Errorf("reaped %v, want %v", got, want)
	}
}

// okStep is a one-step lesson.json and its texts, valid as they stand.
const (
	okJSON = `{"title":{"ko":"가","en":"a"},"steps":[{"run":["step 1"],"check":["processes >= 1"],` +
		`"predict":{"choices":{"a":"processes >= 1","b":"processes == 0"}},"show":["line 2"]}]}`
	okKo = "# 가\n\n## 하나\n\n실행하세요.\n\n### question\n몇 개?\n\n- (a) 하나 이상\n- (b) 없음\n\n### wrong b\n아닙니다.\n\n### reveal\n그렇습니다.\n"
	okEn = "# a\n\n## One\n\nRun it.\n\n### question\nHow many?\n\n- (a) at least one\n- (b) none\n\n### wrong b\nNo.\n\n### reveal\nYes.\n"
)

func TestBrokenLessonFilesAreReported(t *testing.T) {
	ok := func(m fstest.MapFS, name string) fstest.MapFS {
		m[name+"/lesson.json"] = &fstest.MapFile{Data: []byte(okJSON)}
		m[name+"/program.s"] = &fstest.MapFile{Data: []byte(".main\nhalt\n")}
		m[name+"/ko.md"] = &fstest.MapFile{Data: []byte(okKo)}
		m[name+"/en.md"] = &fstest.MapFile{Data: []byte(okEn)}
		return m
	}
	with := func(file, data string) fstest.MapFS {
		m := ok(fstest.MapFS{}, "x")
		m["x/"+file] = &fstest.MapFile{Data: []byte(data)}
		return m
	}
	json := func(old, new string) fstest.MapFS { return with("lesson.json", strings.Replace(okJSON, old, new, 1)) }
	en := func(old, new string) fstest.MapFS { return with("en.md", strings.Replace(okEn, old, new, 1)) }
	if ls, err := load(ok(fstest.MapFS{}, "x")); err != nil || len(ls) != 1 || ls[0].Steps[0].Text["ko"].Title != "하나" {
		t.Fatalf("the valid lesson: %v, %+v", err, ls)
	}
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		wants string
	}{
		{"bad name", ok(fstest.MapFS{}, "Bad_Name"), "name"},
		{"unknown field", json(`"steps"`, `"colour":1,"steps"`), "colour"},
		{"no Korean title", json(`"ko":"가",`, ``), "no ko title"},
		{"no English text", func() fstest.MapFS {
			m := ok(fstest.MapFS{}, "x")
			delete(m, "x/en.md")
			return m
		}(), "en.md"},
		{"no steps", json(`"steps":[`, `"steps":[],"x":[`), "x"},
		{"a typo in a probe", json(`"check":["processes >= 1"]`, `"check":["proceses >= 1"]`), `unknown probe "proceses"`},
		{"a word where a number goes", json(`"check":["processes >= 1"]`, `"check":["processes == zombie"]`), `processes is a number`},
		{"an unknown state", json(`"check":["processes >= 1"]`, `"check":["process 2 == dead"]`), `process is one of running, zombie, reaped, none`},
		{"an unknown event kind", json(`"check":["processes >= 1"]`, `"check":["events cow == 1"]`), `unknown event kind "cow"`},
		{"no comparison", json(`"check":["processes >= 1"]`, `"check":["processes 1"]`), "no comparison"},
		{"a bad command", json(`"run":["step 1"]`, `"run":["stpe 1"]`), `run "stpe 1"`},
		{"a bad until", json(`"run":["step 1"]`, `"run":["until global 2 == 1"]`), `global takes 2 argument(s)`},
		{"a line past the program", json(`"line 2"`, `"line 3"`), "lines 1 to 2"},
		{"an unknown target", json(`"line 2"`, `"frames 2"`), "unknown target"},
		{"choices that differ", en("(b) none", "(c) none"), "choices [a c], lesson.json has [a b]"},
		{"no reveal", en("### reveal\nYes.\n", ""), `no "### reveal"`},
		{"no question", en("### question\nHow many?\n\n- (a) at least one\n- (b) none\n\n### wrong b\nNo.\n\n", ""), `no "### question"`},
		{"a step too many", en("### reveal\nYes.\n", "### reveal\nYes.\n\n## Two\n\nMore.\n\n### reveal\nDone.\n"), "en.md has 2 steps"},
		{"feedback for no choice", en("### wrong b", "### wrong z"), `choices [a b] have no feedback`},
		{"both a C and an assembler program", func() fstest.MapFS {
			m := ok(fstest.MapFS{}, "x")
			m["x/program.c"] = &fstest.MapFile{Data: []byte("int main(void) { return 0; }\n")}
			return m
		}(), "both program.c and program.s"},
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

// untilHalt runs a lesson (optionally with its program edited) until no
// thread can run, returning the lab and every event.
func untilHalt(t *testing.T, name string, edit func(string) string) (*sim.Lab, []sim.Event) {
	t.Helper()
	l, ok := Get(name)
	if !ok {
		t.Fatalf("no lesson %q", name)
	}
	cfg := l.Config(1)
	if edit != nil {
		cfg.Program = edit(cfg.Program)
	}
	lab, err := sim.NewLab(cfg)
	if err != nil {
		t.Fatalf("lesson %s does not build: %v", name, err)
	}
	evs := lab.Apply(sim.Command{Op: sim.CmdUntil, Name: "halt", N: 10_000})
	if st := find(evs, sim.EvStopped); len(st) != 1 || st[0].Name != "halt" {
		t.Fatalf("%s: until halt stopped with %+v", name, st)
	}
	return lab, evs
}

func printed(evs []sim.Event) []int64 {
	var out []int64
	for _, e := range find(evs, sim.EvPrint) {
		out = append(out, e.Value)
	}
	return out
}

// reaped maps each reaped pid to who reaped it and how it ended.
func reaped(evs []sim.Event) map[int]string {
	out := map[int]string{}
	for _, e := range find(evs, sim.EvReaped) {
		out[e.Other] = fmt.Sprintf("by %d: %s", e.Pid, e.Name)
	}
	return out
}

func TestThreadsVsProcessesSameResultDifferentCosts(t *testing.T) {
	lab, evs := untilHalt(t, "threads-vs-processes", nil)
	if got := output(evs); !slices.Equal(got, []string{"threads 60, processes 60\n"}) {
		t.Fatalf("output %q, want 60 from the threads and 60 from the children", got)
	}
	want := map[int]string{2: "by 1: exited with status 0"}
	for pid := 7; pid <= 10; pid++ {
		want[pid] = "by 2: exited with status 0"
	}
	if got := reaped(evs); !maps.Equal(got, want) {
		t.Errorf("reaped %v, want %v", got, want)
	}
	// Creation: fork ÷ pthread_create, facts 7–20×.
	tc, pf := find(evs, sim.EvThreadCreated), find(evs, sim.EvProcessForked)
	if len(tc) != 4 || len(pf) != 4 {
		t.Fatalf("%d thread-created, %d process-forked; want four each", len(tc), len(pf))
	}
	if r := float64(pf[0].Cost) / float64(tc[0].Cost); r < 7 || r > 20 {
		t.Errorf("fork %d ns ÷ spawn %d ns = %.1f, want 7–20 as measured", pf[0].Cost, tc[0].Cost, r)
	}
	// Communication: one long through the pipe (a write and a read of its
	// 8 bytes) against one store and one load of a shared word, facts
	// 20–80× for a message.
	w, r := find(evs, sim.EvPipeWrite), find(evs, sim.EvPipeRead)
	shared := 2 * sim.DefaultCosts.SharedAccess
	if len(w) != 4 || w[0].Cost+r[0].Cost != 516 || (w[0].Cost+r[0].Cost)/shared < 20 {
		t.Errorf("%d pipe writes, write+read %d ns, shared store+load %d ns; want 4 writes, 516 ns and at least 20×", len(w), w[0].Cost+r[0].Cost, shared)
	}
	// Switching: a process switch costs more than a thread switch, but
	// only by about a quarter.
	var thr, proc []uint64
	for _, e := range find(evs, sim.EvSwitch) {
		if e.Cost == 0 {
			continue
		}
		if e.Switch == sim.SwitchThread {
			thr = append(thr, e.Cost)
		} else {
			proc = append(proc, e.Cost)
		}
	}
	if len(thr) == 0 || len(proc) == 0 {
		t.Fatalf("thread switches %v, process switches %v: want both kinds", thr, proc)
	}
	if r := float64(proc[0]) / float64(thr[0]); r <= 1 || r > 1.3 {
		t.Errorf("process switch %d ns ÷ thread switch %d ns = %.2f, want a little more than 1 (~1.25)", proc[0], thr[0], r)
	}
	ov := lab.Machine().State().Overhead
	if ov.Creation < 4*(pf[0].Cost+tc[0].Cost) || ov.Communication < 4*(w[0].Cost+r[0].Cost) {
		t.Errorf("overhead %+v, want creation and communication to hold the forks, spawns and pipe calls", ov)
	}
}

// isSubsequence says whether every name of want appears in all, in order.
func isSubsequence(want, all []string) bool {
	i := 0
	for _, n := range all {
		if i < len(want) && n == want[i] {
			i++
		}
	}
	return i == len(want)
}

// linesCompileTo lists the instructions a lesson's C program compiles
// each of the given lines to, as the lesson's text shows them.
func linesCompileTo(t *testing.T, name string, line int) []string {
	t.Helper()
	l, ok := Get(name)
	if !ok {
		t.Fatalf("no lesson %q", name)
	}
	m, err := sim.New(l.Config(1))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, in := range m.Program().Instrs {
		if in.Line == line {
			out = append(out, in.Text)
		}
	}
	return out
}

// TestRaceMutexAtomicShowsTheInstructionsTheCompilerMakes keeps the
// lesson's listing true: plain++ is a load, an add and a store, and
// atomic_fetch_add one fetchadd.
func TestRaceMutexAtomicShowsTheInstructionsTheCompilerMakes(t *testing.T) {
	if got, want := linesCompileTo(t, "race-mutex-atomic", 15), []string{"movsl plain, %ax", "add $1, %ax", "movl %ax, plain"}; !slices.Equal(got, want) {
		t.Errorf("plain++ compiles to %q, the lesson shows %q", got, want)
	}
	if got := linesCompileTo(t, "race-mutex-atomic", 30); !slices.Contains(got, "fetchadd %ax, atomic") || slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "movl") }) {
		t.Errorf("atomic_fetch_add compiles to %q, want one fetchadd and no separate store", got)
	}
	l, _ := Get("race-mutex-atomic")
	for _, lang := range Langs {
		if tx := l.Steps[0].Text[lang].Do; !strings.Contains(tx, "movsl plain, %ax") || !strings.Contains(tx, "movl %ax, plain") {
			t.Errorf("%s: the first step does not show the three instructions: %q", lang, tx)
		}
	}
}

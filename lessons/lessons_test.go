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
	want := []string{"fork-cow", "threads-share", "counter-race", "stack-overflow", "zombie-orphan"}
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

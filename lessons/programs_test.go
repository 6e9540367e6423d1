package lessons

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"procscope/sim"
)

// This file tests a lesson's other programs (NAME.c beside program.c,
// which exec runs) and the tiny-shell lesson built on them.

func TestALessonsOtherCFilesArePrograms(t *testing.T) {
	l, ok := Get("tiny-shell")
	if !ok {
		t.Fatal("no tiny-shell")
	}
	if got := slices.Sorted(maps.Keys(l.Programs)); !slices.Equal(got, []string{"greet"}) {
		t.Fatalf("programs %v, want [greet]", got)
	}
	if l.Programs["greet"].Name != "greet" || l.Config(1).Programs["greet"] != l.Programs["greet"] {
		t.Error("greet is not named greet, or the machine does not get it")
	}
}

// okLesson is the valid one-step lesson "x" of lessons_test.go with its
// lesson.json replaced.
func okLesson(lessonJSON string) fstest.MapFS {
	return fstest.MapFS{
		"x/lesson.json": {Data: []byte(lessonJSON)},
		"x/program.s":   {Data: []byte(".main\nhalt\n")},
		"x/ko.md":       {Data: []byte(okKo)},
		"x/en.md":       {Data: []byte(okEn)},
	}
}

func TestABrokenOtherProgramFailsLoading(t *testing.T) {
	for _, tc := range []struct{ file, src, wants string }{
		{"x/child.c", "int main(void) { return 0 }\n", "child.c:"},
		{"x/Child.c", "int main(void) { return 0; }\n", "Child.c: a program's name"},
	} {
		m := okLesson(okJSON)
		m[tc.file] = &fstest.MapFile{Data: []byte(tc.src)}
		if _, err := load(m); err == nil || !strings.Contains(err.Error(), tc.wants) {
			t.Errorf("%s: %v, want an error saying %q", tc.file, err, tc.wants)
		}
	}
}

// TestTinyShellRunsWhatAShellPrints runs the shell beside greet to the
// end: it prints the lines gcc's build prints on a terminal (pids
// aside), and
// exec replaced pid 3's image (greet's globals, none of the shell's).
func TestTinyShellRunsWhatAShellPrints(t *testing.T) {
	l, _ := Get("tiny-shell")
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatal(err)
	}
	var evs []sim.Event
	for len(find(evs, sim.EvExec)) == 0 && lab.Machine().Tick() < 10_000 {
		evs = append(evs, lab.Apply(sim.Command{Op: sim.CmdStep, N: 1})...)
	}
	var names []string
	for _, p := range lab.Machine().State().Processes {
		if p.Pid == 3 {
			for _, g := range p.Globals {
				names = append(names, g.Name)
			}
		}
	}
	if !slices.Contains(names, "greetings") || slices.Contains(names, "last_status") {
		t.Errorf("pid 3's globals after exec: %v, want greet's and none of the shell's", names)
	}
	evs = append(evs, lab.Apply(sim.Command{Op: sim.CmdUntil, Name: "halt", N: 100_000})...)
	want := "$ ./greet\nhello from greet, pid 3, parent 2\n$ ./nosuch\ntiny-shell: ./nosuch: no such program\n2 commands, last status 127\n"
	if out := stdout(evs); out != want {
		t.Errorf("printed %q, want %q", out, want)
	}
}

func TestAScheduleReadsAsX86PyReadsDashP(t *testing.T) {
	l, _ := Get("ticket-lock")
	want := append(slices.Repeat([]int{2}, 8), slices.Repeat([]int{3}, 8)...)
	if got := l.Config(1).Schedule; !slices.Equal(got, want) {
		t.Errorf("schedule %v, want %v", got, want)
	}
	m := okLesson(strings.Replace(okJSON, `"steps"`, `"schedule":"0a","steps"`, 1))
	if _, err := load(m); err == nil || !strings.Contains(err.Error(), `schedule "0a": want thread numbers 0-9`) {
		t.Errorf("a bad schedule: %v", err)
	}
}

// TestCounterRaceUnderRandomInterruptsDependsOnTheSeed backs the lesson's
// closing advice: after "random SEED", some seeds lose updates and some
// do not, and each seed gives the same count every time. The final count
// is the last one readable before the process ends with its threads.
func TestCounterRaceUnderRandomInterruptsDependsOnTheSeed(t *testing.T) {
	l, _ := Get("counter-race")
	final := func(seed int64) int64 {
		lab, err := sim.NewLab(l.Config(1))
		if err != nil {
			t.Fatal(err)
		}
		lab.Apply(sim.Command{Op: sim.CmdRandom, N: seed})
		last := int64(-1)
		for range 1000 {
			lab.Apply(sim.Command{Op: sim.CmdStep, N: 1})
			v := readGlobal(&Observation{State: lab.Machine().State()}, []string{"2", "count"})
			if v.Missing != "" {
				return last
			}
			last = v.Num
		}
		t.Fatalf("seed %d: the threads never finished", seed)
		return 0
	}
	counts := map[int64]int{}
	for seed := int64(1); seed <= 20; seed++ {
		c := final(seed)
		if again := final(seed); again != c {
			t.Errorf("seed %d: count %d, then %d", seed, c, again)
		}
		counts[c]++
	}
	if counts[6] == 0 || counts[6] == 20 {
		t.Errorf("final counts over seeds 1..20: %v, want some runs that lose an update and some that do not", counts)
	}
}

package sim

import (
	"reflect"
	"testing"
)

// pacedScript is the replay script with long steps and a reset, so the
// pacer is called inside runs, on commands and across a restart.
var pacedScript = append(append([]string{"step 2500"}, script...), "step 4000", "reset", "step 3333", "random 5", "step 1500")

// A pacer never changes the run: the same commands give the same events
// and state with one called every few ticks as with none, and it is
// called at the same ticks every time.
func TestPacerChangesNothing(t *testing.T) {
	for _, cfg := range []Config{{Seed: 7}, {Seed: 7, ASLR: true, CPUs: 2}, {Profile: "ostep", Threads: 2}} {
		plain, want := runScript(t, cfg, pacedScript)
		var runs [2][]uint64
		for i := range runs {
			l, err := NewLab(cfg)
			if err != nil {
				t.Fatal(err)
			}
			l.SetPacer(7, func() { runs[i] = append(runs[i], l.Machine().Tick()) })
			var got []Event
			for _, line := range pacedScript {
				c, err := ParseCommand(line)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, l.Apply(c)...)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%+v: the events differ with a pacer", cfg)
			}
			if a, b := l.Machine().State(), plain.Machine().State(); !reflect.DeepEqual(a, b) {
				t.Fatalf("%+v: the state differs with a pacer: %s", cfg, stateDiff(a, b))
			}
		}
		if len(runs[0]) == 0 || !reflect.DeepEqual(runs[0], runs[1]) {
			t.Errorf("%+v: pacer calls at ticks %d… and %d…, want the same, at least one", cfg, len(runs[0]), len(runs[1]))
		}
	}
}

// The pacer is called once per `every` ticks of a run, on the tick that
// completes them; each command's own tick counts too.
func TestPacerEvery(t *testing.T) {
	m, err := New(Config{Profile: "ostep", Program: loopingRace, Threads: 2, ThreadArgs: []string{"bx=1000000000"}})
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, m, "step 3")
	var at []uint64
	m.SetPacer(100, func() { at = append(at, m.Tick()) })
	mustApply(t, m, "step 1000")
	want := []uint64{103, 203, 303, 403, 503, 603, 703, 803, 903, 1003}
	if !reflect.DeepEqual(at, want) {
		t.Fatalf("pacer at ticks %v, want %v", at, want)
	}
	at = nil
	m.SetPacer(2, func() { at = append(at, m.Tick()) })
	mustApply(t, m, "spawn 2", "spawn 2", "spawn 2", "spawn 2") // one tick each
	if !reflect.DeepEqual(at, []uint64{1005, 1007}) {
		t.Fatalf("pacer at ticks %v after four commands, want [1005 1007]", at)
	}
	at = nil
	m.SetPacer(0, nil)
	mustApply(t, m, "step 500")
	if at != nil {
		t.Fatalf("a removed pacer was called at %v", at)
	}
}

// A lab keeps its pacer on the machines it replays (Goto, Back) and in
// its clones; a machine's clone (a snapshot) has none.
func TestLabKeepsItsPacer(t *testing.T) {
	l, err := NewLab(Config{Profile: "ostep", Program: loopingRace, Threads: 2, ThreadArgs: []string{"bx=1000000000"}})
	if err != nil {
		t.Fatal(err)
	}
	l.SetSnapshotEvery(0) // Goto replays from the seed
	calls := 0
	l.SetPacer(1000, func() { calls++ })
	mustApplyLab(t, l, "step 50000")
	if calls != 50 {
		t.Fatalf("%d calls over 50,000 ticks, want 50", calls)
	}
	calls = 0
	if err := l.Goto(30_000); err != nil {
		t.Fatal(err)
	}
	if calls != 30 {
		t.Errorf("%d calls replaying 30,000 ticks, want 30", calls)
	}
	calls = 0
	c := l.Clone()
	mustApplyLab(t, c, "step 10000")
	if calls != 10 {
		t.Errorf("%d calls in a clone's 10,000 ticks, want 10", calls)
	}
	calls = 0
	s := l.Machine().Clone()
	s.Apply(Command{Op: CmdStep, N: 10000})
	if calls != 0 {
		t.Errorf("a machine's clone called the pacer %d times", calls)
	}
}

func mustApplyLab(t *testing.T, l *Lab, lines ...string) {
	t.Helper()
	for _, line := range lines {
		c, err := ParseCommand(line)
		if err != nil {
			t.Fatal(err)
		}
		l.Apply(c)
	}
}

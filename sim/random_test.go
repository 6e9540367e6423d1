package sim

import (
	"slices"
	"testing"
)

// switchesUnder runs the race after "random SEED" until no thread can
// run and lists the ticks of its context switches.
func switchesUnder(t *testing.T, cfg Config, seed int64) (switches []uint64, count int64) {
	t.Helper()
	lab, err := NewLab(cfg)
	if err != nil {
		t.Fatal(err)
	}
	lab.Apply(Command{Op: CmdStep, N: 5})
	evs := lab.Apply(Command{Op: CmdRandom, N: seed})
	if len(evs) != 1 || evs[0].Kind != EvRandom || evs[0].Value != seed || evs[0].Other != cfg.Interrupt {
		t.Fatalf("random %d: events %+v, want one random-interrupts event", seed, evs)
	}
	if tm := lab.Machine().State().Timer; !tm.Random || tm.Seed != seed || tm.Schedule || tm.Interval != cfg.Interrupt {
		t.Fatalf("timer %+v after random %d", tm, seed)
	}
	for {
		evs := lab.Apply(Command{Op: CmdStep, N: 1})
		for _, e := range evs {
			if e.Kind == EvSwitch {
				switches = append(switches, e.Tick)
			}
		}
		st := lab.Machine().State()
		if g := st.Processes[1].Globals; len(g) == 1 {
			count = g[0].Value
		}
		if len(evs) > 0 && (evs[len(evs)-1].Kind == EvIdle || evs[0].Kind == EvHalt && len(st.Processes[1].Threads) == 0) || st.Tick > 10_000 {
			return switches, count
		}
	}
}

// TestRandomRestartsWithSeededIntervals: "random SEED" starts the program
// over (count back at 0, from the first instruction), drops a manual
// schedule, and the same seed gives the same interleaving and result
// while other seeds give others.
func TestRandomRestartsWithSeededIntervals(t *testing.T) {
	cfg := Config{Profile: "ostep", Program: loopingRace, Threads: 2, ThreadArgs: []string{"bx=20"}, Interrupt: 6, Schedule: []int{2, 3}}
	a, ca := switchesUnder(t, cfg, 7)
	b, cb := switchesUnder(t, cfg, 7)
	if !slices.Equal(a, b) || ca != cb {
		t.Errorf("seed 7 twice: switches %v and %v, count %d and %d", a, b, ca, cb)
	}
	differ := false
	for seed := int64(1); seed <= 5; seed++ {
		s, _ := switchesUnder(t, cfg, seed)
		differ = differ || !slices.Equal(s, a)
	}
	if !differ {
		t.Error("seeds 1 to 5 all switch exactly as seed 7 does")
	}
	// Intervals are 1..Interrupt: no thread runs more than 6 instructions
	// between switches, and not every interval is the same.
	gaps := map[uint64]bool{}
	for i := 1; i < len(a); i++ {
		if d := a[i] - a[i-1]; d > 6 {
			t.Errorf("a thread ran %d instructions between switches, want at most 6", d)
		} else {
			gaps[d] = true
		}
	}
	if len(gaps) < 2 {
		t.Errorf("intervals %v: want random ones", gaps)
	}
}

func TestRandomRefusesANegativeSeed(t *testing.T) {
	m, err := New(Config{Profile: "ostep", Program: loopingRace})
	if err != nil {
		t.Fatal(err)
	}
	evs := m.Apply(Command{Op: CmdRandom, N: -1})
	if len(evs) != 1 || evs[0].Kind != EvError || m.State().Timer.Random {
		t.Errorf("random -1: %+v, timer %+v; want an error and the timer unchanged", evs, m.State().Timer)
	}
}

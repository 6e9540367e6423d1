package sim

import "fmt"

// The lost-update experiment: N threads each run counter++ L times, with
// no protection, under a mutex, or with an atomic add, and the machine
// reports how many of the N×L updates survived.
const (
	RaceUnlocked = "unlocked"
	RaceMutex    = "mutex"
	RaceAtomic   = "atomic"
)

var raceBodies = map[string]string{
	RaceUnlocked: "mov counter, %ax\nadd $1, %ax\nmov %ax, counter\n",
	RaceMutex:    "lock mutex\nmov counter, %ax\nadd $1, %ax\nmov %ax, counter\nunlock mutex\n",
	RaceAtomic:   "mov $1, %ax\nfetchadd %ax, counter\n",
}

// RaceResult is what a counter++ run ended with.
type RaceResult struct {
	Mode                   string
	Threads                int
	Loops                  int64
	Expected, Actual, Lost int64
	Clock                  uint64 // simulated ns the run took
	Sync                   uint64 // of which mutexes and atomic adds
}

// CountLostUpdates runs the experiment on a machine built from cfg (its
// program, thread count and register arguments are replaced).
func CountLostUpdates(mode string, threads int, loops int64, cfg Config) (RaceResult, error) {
	body, ok := raceBodies[mode]
	if !ok {
		return RaceResult{}, fmt.Errorf("race mode %q: want unlocked, mutex or atomic: %w", mode, ErrInvalid)
	}
	if threads < 1 || loops < 1 || int64(threads)*loops > 1<<24 {
		return RaceResult{}, fmt.Errorf("race: %d threads × %d loops: want at least 1 each, at most 16M updates: %w", threads, loops, ErrInvalid)
	}
	cfg.Program, cfg.Threads, cfg.ThreadArgs, cfg.Schedule = "", threads, []string{fmt.Sprintf("bx=%d", loops)}, nil
	cfg.Code = build("race-"+mode, ".data counter 0\n.data mutex 0\n.main\n.top\n"+body+"sub $1, %bx\ntest $0, %bx\njgt .top\nprint counter\nhalt\n")
	m, err := New(cfg)
	if err != nil {
		return RaceResult{}, err
	}
	// each thread prints the counter as it finishes; the last print is
	// the final value (the process is gone right after it)
	var last int64
	for m.byID[2].state == ProcRunning {
		before := m.instrs
		for _, e := range m.Apply(Command{Op: CmdStep, N: 1 << 20}) {
			if e.Kind == EvPrint {
				last = e.Value
			}
		}
		if m.instrs == before {
			return RaceResult{}, fmt.Errorf("race: the threads stopped before finishing: %w", ErrNoThread)
		}
	}
	exp := int64(threads) * loops
	return RaceResult{Mode: mode, Threads: threads, Loops: loops, Expected: exp, Actual: last, Lost: exp - last,
		Clock: m.clock, Sync: m.over.Sync}, nil
}

package sim

// The command "random SEED" is x86.py's -r -s SEED for a lab already
// open: the machine starts over from its program, as reset does, but the
// timer now fires after a random 1..Interrupt instructions, each interval
// drawn from a generator seeded with SEED (a manual schedule is dropped).
// The same seed gives the same interleaving every time, so a student can
// try seed after seed and come back to the one that lost an update; the
// command is in the lab's history like any other, so back, goto and
// links replay it.

// rerunRandom restarts the machine with random interrupts from seed.
func (m *Machine) rerunRandom(seed int64) *Error {
	cfg := m.cfg
	cfg.Seed, cfg.RandomInterrupts, cfg.Schedule = seed, true, nil
	if err := m.restart(cfg); err != nil {
		return err
	}
	m.emit(Event{Kind: EvRandom, Pid: 2, Value: seed, Other: m.cfg.Interrupt})
	return nil
}

// Timer is how the machine's timer interrupts threads (State.Timer).
type Timer struct {
	// Interval is the interrupt interval in instructions; with Random,
	// the longest one.
	Interval int
	// Random: each interval is drawn from 1..Interval with Seed.
	Random bool
	Seed   int64
	// Schedule: a manual schedule (x86.py -P) decides instead.
	Schedule bool
}

func (m *Machine) timer() Timer {
	t := Timer{Interval: m.cfg.Interrupt, Random: m.cfg.RandomInterrupts, Schedule: m.sched != nil}
	if t.Random {
		t.Seed = m.cfg.Seed
	}
	return t
}

package sim

import (
	"fmt"
	"slices"
)

// Lab is a machine with its history: the configuration and every command
// with the tick at which it applied. Past states are reached by replay
// from the nearest snapshot (a Machine.Clone taken every SnapshotEvery
// ticks), so going back costs at most one snapshot interval of replay.
type Lab struct {
	cfg     Config
	m       *Machine
	history []Applied
	every   uint64
	snaps   []snapshot
	// pace and paceEvery are the pacer every machine of the lab gets
	// (SetPacer).
	pace      func()
	paceEvery uint64
}

// snapshot is the machine as it was after the first n commands.
type snapshot struct {
	n int
	m *Machine
}

// DefaultSnapshotEvery is how many ticks apart a lab takes snapshots.
const DefaultSnapshotEvery = 20_000

// maxSnapshots bounds the snapshots a lab keeps: past it, every other one
// is dropped (the spacing doubles), so memory stays bounded.
const maxSnapshots = 32

// SetSnapshotEvery sets the snapshot spacing in ticks (0: none, replay
// from the seed as before). Existing snapshots are dropped.
func (l *Lab) SetSnapshotEvery(k uint64) {
	l.every, l.snaps = k, nil
}

// Applied is one command of the history and the tick at which it applied
// (the machine's tick just before it).
type Applied struct {
	Tick    uint64
	Command Command
}

// NewLab builds a lab around a fresh machine.
func NewLab(cfg Config) (*Lab, error) {
	m, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return &Lab{cfg: cfg, m: m, every: DefaultSnapshotEvery}, nil
}

// Apply applies c to the machine and records it.
func (l *Lab) Apply(c Command) []Event {
	l.history = append(l.history, Applied{Tick: l.m.Tick(), Command: c})
	evs := l.m.Apply(c)
	l.maybeSnapshot()
	return evs
}

func (l *Lab) maybeSnapshot() {
	if l.every == 0 {
		return
	}
	last := uint64(0)
	if n := len(l.snaps); n > 0 {
		last = l.snaps[n-1].m.Tick()
	}
	if l.m.Tick() < last+l.every {
		return
	}
	l.snaps = append(l.snaps, snapshot{n: len(l.history), m: l.m.Clone()})
	if len(l.snaps) > maxSnapshots {
		kept := l.snaps[:0]
		for i, s := range l.snaps {
			if i%2 == 1 || i == len(l.snaps)-1 {
				kept = append(kept, s)
			}
		}
		l.snaps = kept
		l.every *= 2
	}
}

// Machine is the lab's current machine.
func (l *Lab) Machine() *Machine { return l.m }

// History returns a copy of the commands applied so far.
func (l *Lab) History() []Applied { return append([]Applied(nil), l.history...) }

// Back goes back n ticks by replay.
func (l *Lab) Back(n int) error {
	if n < 0 || uint64(n) > l.m.Tick() {
		return fmt.Errorf("back %d: the machine is at tick %d: %w", n, l.m.Tick(), ErrInvalid)
	}
	return l.Goto(l.m.Tick() - uint64(n))
}

// Goto replays the history up to tick (which must not be in the future).
// A step or until cut in the middle replays with a smaller count or bound
// (their ticks are their instructions, so a cut never falls on their own
// tick; a refused one, which takes one tick, is replayed unchanged). Commands after the
// tick are dropped from the history: new commands branch from there.
func (l *Lab) Goto(tick uint64) error {
	if tick > l.m.Tick() {
		return fmt.Errorf("goto %d: the machine is only at tick %d: %w", tick, l.m.Tick(), ErrInvalid)
	}
	for len(l.snaps) > 0 && l.snaps[len(l.snaps)-1].m.Tick() > tick {
		l.snaps = l.snaps[:len(l.snaps)-1]
	}
	var m *Machine
	start := 0
	if n := len(l.snaps); n > 0 {
		m, start = l.snaps[n-1].m.Clone(), l.snaps[n-1].n
	} else {
		fresh, err := New(l.cfg)
		if err != nil {
			return err
		}
		m = fresh
	}
	m.obs = nil
	m.SetPacer(l.paceEvery, l.pace) // the replay below may be long
	kept := slices.Clone(l.history[:start])
	for _, a := range l.history[start:] {
		if m.Tick() >= tick {
			break
		}
		c := a.Command
		if n, runs := m.runBound(c); runs && n > int64(tick-m.Tick()) {
			c.N = int64(tick - m.Tick()) // cut: the same run, fewer instructions
		}
		kept = append(kept, Applied{Tick: m.Tick(), Command: c})
		m.Apply(c)
	}
	m.obs = l.m.obs
	l.m, l.history = m, kept
	return nil
}

package sim

import "fmt"

// Lab is a machine with its history: the configuration and every command
// with the tick at which it applied. Past states are reached by replaying
// the history from the seed, so going back costs no stored states.
type Lab struct {
	cfg     Config
	m       *Machine
	history []Applied
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
	return &Lab{cfg: cfg, m: m}, nil
}

// Apply applies c to the machine and records it.
func (l *Lab) Apply(c Command) []Event {
	l.history = append(l.history, Applied{Tick: l.m.Tick(), Command: c})
	return l.m.Apply(c)
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
// A step cut in the middle replays as a shorter step (a step's ticks are
// its instructions, so a cut never falls on a step's own tick). Commands after the
// tick are dropped from the history: new commands branch from there.
func (l *Lab) Goto(tick uint64) error {
	if tick > l.m.Tick() {
		return fmt.Errorf("goto %d: the machine is only at tick %d: %w", tick, l.m.Tick(), ErrInvalid)
	}
	m, err := New(l.cfg)
	if err != nil {
		return err
	}
	m.obs = nil
	var kept []Applied
	for _, a := range l.history {
		if m.Tick() >= tick {
			break
		}
		c := a.Command
		if c.Op == CmdStep {
			left := int64(tick - m.Tick())
			if max(c.N, 1) > left {
				c.N = left
			}
		}
		kept = append(kept, Applied{Tick: m.Tick(), Command: c})
		m.Apply(c)
	}
	m.obs = l.m.obs
	l.m, l.history = m, kept
	return nil
}

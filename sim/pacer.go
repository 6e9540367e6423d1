package sim

import "math"

// A machine runs as long as it is told: one step may run a hundred
// thousand instructions and a replay millions. The program that hosts it
// may need to share its processor meanwhile (a server with many labs on
// one core), but the machine is pure and knows no clock, goroutine or
// scheduler. So it offers a pacer: a function it calls every so many
// ticks while it runs, which may pause the caller (and let others run)
// but must not touch the machine. The pacer never changes what the
// machine does: the same commands give the same states and events with
// or without one, and its calls fall at the same ticks every time.

// SetPacer makes the machine call fn after every `every` ticks it runs
// (instructions, or commands for the ticks they take), counted from now;
// fn nil or every 0 removes it. Clone does not copy it (a snapshot is
// not running); a Lab carries its own across Goto and Clone.
func (m *Machine) SetPacer(every uint64, fn func()) {
	if fn == nil || every == 0 {
		m.pace, m.paceEvery, m.paceAt = nil, 0, math.MaxUint64
		return
	}
	m.pace, m.paceEvery, m.paceAt = fn, every, m.tick+every
}

// paced runs when the tick reaches paceAt: it calls the pacer and sets
// the next mark. A machine without one (its zero paceAt included) just
// moves the mark out of reach, so the run loop's one comparison is all
// it costs.
func (m *Machine) paced() {
	if m.pace == nil {
		m.paceAt = math.MaxUint64
		return
	}
	m.paceAt = m.tick + m.paceEvery
	m.pace()
}

// SetPacer gives the lab's machine a pacer (see Machine.SetPacer) and
// keeps it on every machine the lab goes on to use: after Goto and Back,
// which replay from a snapshot or the seed, and in its Clones.
func (l *Lab) SetPacer(every uint64, fn func()) {
	l.paceEvery, l.pace = every, fn
	l.m.SetPacer(every, fn)
}

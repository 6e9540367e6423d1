package sim

// Time on several CPUs. Each CPU keeps its own clock: the work it does
// (instructions, system calls, faults, switches) advances only its clock,
// and the next instruction runs on the CPU whose clock is earliest (the
// lowest-numbered on a tie), so two CPUs running two threads finish in
// half the time one CPU would take. The machine's wall clock is the
// latest CPU clock. A CPU that takes a thread which became ready later
// than the CPU's clock (woken, created or descheduled by another CPU, or
// by a command from the page) waits until then: that wait is its idle
// time. With one CPU every cost lands on CPU 0 and nothing waits, so
// one-CPU runs keep the single clock they always had.

// CPUTime is one CPU's clock and how it was spent: Busy + Idle = Clock.
type CPUTime struct {
	Clock uint64 // ns: how far this CPU's time has run
	Busy  uint64 // ns charged to work on this CPU
	Idle  uint64 // ns it waited for a thread to become ready
}

// advance books ns of work on CPU c and moves the wall clock with it.
func (m *Machine) advance(c int, ns uint64) {
	cp := &m.cpus[c]
	cp.time.Clock += ns
	cp.time.Busy += ns
	m.clock = max(m.clock, cp.time.Clock)
}

// payer is the CPU whose clock pays for what happens now: the CPU running
// the current instruction or command, else the one that is free first.
func (m *Machine) payer() int {
	if m.onCPU > 0 {
		return m.onCPU - 1
	}
	return m.earliestCPU()
}

// earliestCPU is the CPU whose clock is earliest (the lowest number on a
// tie).
func (m *Machine) earliestCPU() int {
	best := 0
	for c := 1; c < len(m.cpus); c++ {
		if m.cpus[c].time.Clock < m.cpus[best].time.Clock {
			best = c
		}
	}
	return best
}

// now is the time of what happens now: the clock of the CPU it happens
// on. A thread made ready now can run on another CPU from then on.
func (m *Machine) now() uint64 {
	if m.onCPU > 0 {
		return m.cpus[m.onCPU-1].time.Clock
	}
	return m.clock
}

// ready marks t runnable from now on.
func (m *Machine) ready(t *thread) {
	t.state = ThreadRunnable
	t.readyAt = m.now()
}

// catchUp lets CPU c wait, idle, until t is ready to run on it.
func (m *Machine) catchUp(c int, t *thread) {
	cp := &m.cpus[c]
	if t.readyAt > cp.time.Clock {
		cp.time.Idle += t.readyAt - cp.time.Clock
		cp.time.Clock = t.readyAt
		m.clock = max(m.clock, cp.time.Clock)
	}
}

// commandCPU is the CPU a command from the page runs on: CPU 0 for run
// (which puts its thread there), its thread's, or the CPU that is free
// first.
func (m *Machine) commandCPU(c Command) int {
	if c.Op == CmdRun {
		return 0
	}
	if t := m.tids[c.Tid]; t != nil && t.cpu >= 0 {
		return t.cpu
	}
	return m.earliestCPU()
}

// nextCPU picks the CPU that runs the next instruction: of the CPUs that
// have a thread or can take one, the one whose clock is earliest. -1:
// no thread can run anywhere.
func (m *Machine) nextCPU() int {
	if len(m.cpus) == 1 {
		if m.cpus[0].cur == nil {
			m.idleTakes(0)
		}
		if m.cpus[0].cur == nil {
			return -1
		}
		return 0
	}
	var tried uint64 // CPUs found idle with nothing to take (at most 64 CPUs)
	for {
		best := -1
		for c := range m.cpus {
			if tried&(1<<c) == 0 && (best < 0 || m.cpus[c].time.Clock < m.cpus[best].time.Clock) {
				best = c
			}
		}
		if best < 0 {
			return -1
		}
		if m.cpus[best].cur != nil {
			return best
		}
		if m.idleTakes(best); m.cpus[best].cur == nil {
			tried |= 1 << best
		} // else it may have waited for its thread: look again
	}
}

// idleTakes lets idle CPU c take the next runnable thread, if any.
func (m *Machine) idleTakes(c int) {
	m.onCPU = c + 1
	m.reschedule(c, "idle")
	m.onCPU = 0
}

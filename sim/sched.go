package sim

import "fmt"

// cpu is one processor: the thread on it and its interrupt countdown.
type cpu struct {
	cur       *thread
	last      int // tid that ran last (where round robin continues)
	lastPid   int // its process
	countdown int
	time      CPUTime // its own clock (clocks.go)
}

// CPU is what State shows of a processor.
type CPU struct {
	ID  int
	Tid int // 0: idle
	Pid int
	// Countdown is how many instructions remain before the next interrupt.
	Countdown int
	// Time is this CPU's own clock and its busy and idle time.
	Time CPUTime
	// IdleNow is how long a CPU without a thread has sat idle since its
	// clock stopped: the wall clock minus Time.Clock (0 while it runs a
	// thread). It becomes Time.Idle when the CPU takes a thread again.
	IdleNow uint64
}

// initCPUs validates the manual schedule and puts the first threads on
// the CPUs.
func (m *Machine) initCPUs(p *process) error {
	m.cpus = make([]cpu, m.cfg.CPUs)
	if len(m.cfg.Schedule) > 0 {
		seen := map[int]bool{}
		for _, tid := range m.cfg.Schedule {
			if t := m.tids[tid]; t == nil || t.p != p {
				return fmt.Errorf("bad schedule: cannot include a thread that does not exist (%d): %w", tid, ErrBadConfig)
			}
			seen[tid] = true
		}
		if len(seen) != len(p.threads) {
			return fmt.Errorf("bad schedule: does not include ALL threads %v: %w", m.cfg.Schedule, ErrBadConfig)
		}
		m.sched = append([]int(nil), m.cfg.Schedule...)
	}
	for i := range m.cpus {
		c := &m.cpus[i]
		c.countdown = m.interval()
		if i == 0 && m.sched != nil {
			m.put(i, m.tids[m.sched[0]])
			continue
		}
		if t := m.pickAfter(0); t != nil {
			m.put(i, t)
		}
	}
	return nil
}

// interval is the next interrupt countdown: fixed, 1 under a manual
// schedule, or drawn from 1..Interrupt (x86.py -r).
func (m *Machine) interval() int {
	switch {
	case m.sched != nil:
		return 1
	case m.cfg.RandomInterrupts:
		return m.rng.IntN(m.cfg.Interrupt) + 1
	}
	return m.cfg.Interrupt
}

// pickAfter finds the first runnable thread, in tid order, after tid
// (wrapping around), that is not on a CPU.
func (m *Machine) pickAfter(tid int) *thread {
	n := len(m.threads)
	start := 0
	for start < n && m.threads[start].tid <= tid {
		start++
	}
	for k := 0; k < n; k++ {
		t := m.threads[(start+k)%n]
		if t.state == ThreadRunnable {
			return t
		}
	}
	return nil
}

// next picks who runs on CPU c after the current thread (which may still
// be runnable: it is the last candidate, as in x86.py).
func (m *Machine) next(c int) *thread {
	cp := &m.cpus[c]
	if m.sched != nil {
		for k := 0; k < len(m.sched); k++ {
			m.schedAt = (m.schedAt + 1) % len(m.sched)
			t := m.tids[m.sched[m.schedAt]]
			if t != nil && (t.state == ThreadRunnable || t == cp.cur) {
				return t
			}
		}
		if t := m.pickAfter(cp.last); t != nil || cp.cur == nil {
			return t
		}
		return cp.cur
	}
	last := cp.last
	if cp.cur != nil {
		last = cp.cur.tid
	}
	if t := m.pickAfter(last); t != nil {
		return t
	}
	return cp.cur
}

// put places t on CPU c.
func (m *Machine) put(c int, t *thread) {
	cp := &m.cpus[c]
	if cp.cur != nil {
		m.touchSwitch(cp.cur)
		cp.cur.state = ThreadRunnable
		cp.cur.readyAt = cp.time.Clock // another CPU may take it from now on
		cp.cur.cpu = -1
		cp.last, cp.lastPid = cp.cur.tid, cp.cur.p.pid
	}
	cp.cur = t
	if t != nil {
		m.touchSwitch(t) // and the switch's event charges it its cost
		m.catchUp(c, t)
		t.state = ThreadRunning
		t.cpu = c
	}
}

// reschedule moves CPU c to the next thread and reports the switch.
func (m *Machine) reschedule(c int, reason string) {
	cp := &m.cpus[c]
	from := cp.cur
	fromTid, fromPid := cp.last, cp.lastPid
	if from != nil {
		fromTid, fromPid = from.tid, from.p.pid
	}
	to := m.next(c)
	if to != from {
		m.put(c, to)
	}
	if m.obs != nil {
		toTid := 0
		if to != nil {
			toTid = to.tid
		}
		m.obs.Scheduled(SchedInfo{Tick: m.tick, CPU: c, From: fromTid, To: toTid, Reason: reason})
	}
	if to == nil || to == from {
		return
	}
	kind, cost := SwitchThread, uint64(m.cost.SwitchThread)
	if fromPid != to.p.pid {
		kind, cost = SwitchProcess, m.cost.SwitchProcess
		to.p.as.cold = m.cost.TLBRefillAccesses
	}
	m.switches++
	m.emit(Event{Kind: EvSwitch, CPU: c, Pid: to.p.pid, Tid: fromTid, Other: to.tid, Switch: kind, Name: reason, Cost: cost})
}

// runNext makes tid the next thread to run on CPU 0 (a click on a thread,
// or x86.py's manual schedule).
func (m *Machine) runNext(tid int) *Error {
	t, err := m.thread(tid)
	if err != nil {
		return err
	}
	if t.state == ThreadBlocked {
		return errorf(ErrState, "tid %d is blocked and cannot run until it is woken", tid)
	}
	if t.cpu >= 0 {
		return nil
	}
	from := m.cpus[0].cur
	m.put(0, t)
	m.cpus[0].countdown = m.interval()
	kind, cost := SwitchThread, uint64(m.cost.SwitchThread)
	fromTid := 0
	if from != nil {
		fromTid = from.tid
		if from.p != t.p {
			kind, cost = SwitchProcess, m.cost.SwitchProcess
			t.p.as.cold = m.cost.TLBRefillAccesses
		}
	}
	m.emit(Event{Kind: EvSwitch, Pid: t.p.pid, Tid: fromTid, Other: tid, Switch: kind, Name: "manual", Cost: cost})
	return nil
}

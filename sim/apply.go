package sim

import "strings"

// Apply runs one command and returns the events it caused. It never
// panics: a command that cannot apply yields an error event. Every applied
// command advances the tick by one, except step, whose ticks are the
// instructions it runs.
func (m *Machine) Apply(c Command) []Event {
	m.events = m.events[:0]
	n, runs := m.runBound(c)
	if !runs {
		m.tick++ // a step's ticks are its instructions; a refused one takes one
	}
	if err := c.Validate(); err != nil {
		m.fail(m.pidOf(c), c.Tid, asError(err))
		m.settle()
		return m.takeEvents()
	}
	if runs {
		m.runCommand(c, n)
	} else {
		m.onCPU = m.commandCPU(c) + 1 // its costs go on that CPU's clock
		if err := m.apply(c); err != nil {
			m.fail(m.pidOf(c), c.Tid, err)
		} else {
			m.touchAll() // a command acts on any process (changes.go)
		}
		m.onCPU = 0
	}
	if m.blockedDirty {
		m.detectDeadlock()
	}
	if m.tick >= m.paceAt {
		m.paced() // a command's own tick
	}
	m.settle()
	return m.takeEvents()
}

// runBound says whether c runs instructions (a valid step or until within
// Limits.MaxStepsPerCommand) and at most how many.
func (m *Machine) runBound(c Command) (int64, bool) {
	if c.Op != CmdStep && c.Op != CmdUntil && !isLineStep(c.Op) {
		return 0, false
	}
	lim := m.cfg.Limits.MaxStepsPerCommand
	n := max(c.N, 1)
	if c.Op != CmdStep && c.N == 0 {
		n = lim
	}
	return n, n <= lim && c.Validate() == nil
}

// runCommand runs step or until for at most n instructions.
func (m *Machine) runCommand(c Command, n int64) {
	if c.Op == CmdStep {
		m.run(n)
		return
	}
	if isLineStep(c.Op) {
		m.runLines(c, n)
		return
	}
	before := m.switches
	done := m.runUntil(n, c.Name)
	why := UntilLimit
	switch {
	case c.Name == UntilSwitch && m.switches != before:
		why = UntilSwitch
	case !m.anyRunnable():
		why = UntilHalt // also ends until switch: nothing is left to switch to
	}
	m.emit(Event{Kind: EvStopped, Name: why, Value: done})
}

// pidOf is the process a refused command acted on: its Pid, or the
// process of its thread (a zombie's too), so that the error event names
// the pid of the thread that failed. 0 when there is none.
func (m *Machine) pidOf(c Command) int {
	if c.Pid != 0 || c.Tid == 0 {
		return c.Pid
	}
	if t := m.tids[c.Tid]; t != nil {
		return t.p.pid
	}
	if p := m.byID[c.Tid]; p != nil && p.state != ProcReaped {
		return p.pid // a zombie's main thread
	}
	return 0
}

func (m *Machine) takeEvents() []Event {
	out := make([]Event, len(m.events))
	copy(out, m.events)
	return out
}

func (m *Machine) apply(c Command) *Error {
	switch c.Op {
	case CmdStep, CmdUntil, CmdNext, CmdStepIn, CmdFinish:
		return errorf(ErrLimit, "%s: at most %d instructions per command", c, m.cfg.Limits.MaxStepsPerCommand)
	case CmdRun:
		return m.runNext(c.Tid)
	case CmdReset:
		return m.reset()
	case CmdRandom:
		return m.rerunRandom(c.N)
	case CmdKill, CmdWait, CmdExec, CmdSubreaper:
		return m.applyToProcess(c)
	}
	t, err := m.thread(c.Tid)
	if err != nil {
		return err
	}
	return m.applyFromThread(t, c)
}

// applyFromThread runs the commands a thread performs.
func (m *Machine) applyFromThread(t *thread, c Command) *Error {
	switch c.Op {
	case CmdPipe, CmdClose, CmdWriteFD, CmdReadFD, CmdShm, CmdLock, CmdUnlock, CmdAtomicAdd:
		return m.applyIPC(t, c) // their costs include the system call
	case CmdSpawn:
		// A label may be written with its dot (.worker, as in the
		// program) or without (worker).
		name := strings.TrimPrefix(c.Name, ".")
		if t.p.code.prog.Debug != nil {
			return m.spawnC(t, name)
		}
		target := 0
		if name != "" {
			at, ok := t.p.code.prog.Labels[name]
			if !ok || at >= len(t.p.code.code) {
				return errorf(ErrNotExist, "spawn: no label %q in %s", c.Name, t.p.name)
			}
			target = at
		}
		_, err := m.spawn(t, target, name)
		return err
	case CmdFork:
		_, err := m.fork(t)
		return err
	}
	pid, tid := t.p.pid, t.tid
	err := m.applySyscall(t, c)
	if err == nil { // a refused call changes nothing, not even the clock
		m.charge(pid, tid, catOther, m.cost.Syscall)
	}
	return err
}

// applySyscall runs the thread commands that cost one plain system call.
func (m *Machine) applySyscall(t *thread, c Command) *Error {
	switch c.Op {
	case CmdExit:
		m.exitProcess(t.p, WaitStatus{Code: int(c.N)})
	case CmdThreadExit:
		m.threadExit(t, c.N)
	case CmdCall:
		m.callDeeper(t, max(c.N, 1))
	case CmdRet:
		return m.retFrames(t, max(c.N, 1))
	case CmdWrite, CmdRead:
		return m.access(t, c)
	case CmdMalloc:
		_, err := m.malloc(t, c.N)
		return err
	case CmdFree:
		return m.free(t, c.Addr)
	}
	return nil
}

// access writes or reads a global (by name) or an address for thread t. A
// write to a read-only or unmapped address is a segmentation fault.
func (m *Machine) access(t *thread, c Command) *Error {
	addr := c.Addr
	if c.Name != "" {
		g, ok := t.p.global(c.Name)
		if !ok {
			return errorf(ErrNotExist, "%s: pid %d has no global %q", c.Op, t.p.pid, c.Name)
		}
		addr = g.Addr
	}
	if c.Op == CmdRead {
		v, f := m.read(t, addr)
		if f != FaultNone {
			m.segfault(t, addr, f)
			return nil
		}
		m.emit(Event{Kind: EvRead, Pid: t.p.pid, Tid: t.tid, Addr: addr, Value: v, Name: c.Name})
		return nil
	}
	if f := m.write(t, addr, c.N); f != FaultNone {
		m.segfault(t, addr, f)
		return nil
	}
	m.emit(Event{Kind: EvWrite, Pid: t.p.pid, Tid: t.tid, Addr: addr, Value: c.N, Name: c.Name})
	return nil
}

// applyToProcess runs the commands that act on a process.
func (m *Machine) applyToProcess(c Command) *Error {
	if c.Op == CmdWait {
		return m.waitFor(c.Pid)
	}
	if c.Op == CmdKill {
		return m.killCmd(c)
	}
	p, err := m.liveProc(c.Pid)
	if err != nil {
		return err
	}
	switch c.Op {
	case CmdExec:
		if p.pid == 1 {
			return errorf(ErrState, "exec: init (pid 1) keeps its program")
		}
		return m.exec(p, c.Name)
	case CmdSubreaper:
		p.subreaper = c.Name != "off"
		m.emit(Event{Kind: EvSubreaper, Pid: p.pid, Value: map[bool]int64{true: 1, false: 0}[p.subreaper]})
	}
	return nil
}

// reset rebuilds the machine from its configuration; the tick keeps
// counting so the history stays in order.
func (m *Machine) reset() *Error {
	if err := m.restart(m.cfg); err != nil {
		return err
	}
	m.emit(Event{Kind: EvExec, Pid: 2, Tid: 2, Name: "reset"})
	return nil
}

// restart builds the machine afresh from cfg, keeping the tick and the
// clocks running and the observer, pacer and counters in place.
func (m *Machine) restart(cfg Config) *Error {
	fresh, err := New(cfg)
	if err != nil {
		return asError(err)
	}
	tick, clock, over, obs, events, onCPU := m.tick, m.clock, m.over, m.obs, m.events, m.onCPU
	pace, paceEvery, paceAt := m.pace, m.paceEvery, m.paceAt
	times := make([]CPUTime, len(m.cpus))
	for i := range m.cpus {
		times[i] = m.cpus[i].time
	}
	*m = *fresh
	m.tick, m.clock, m.over, m.obs, m.events, m.onCPU = tick, clock, over, obs, events, onCPU
	m.pace, m.paceEvery, m.paceAt = pace, paceEvery, paceAt
	for i := range m.cpus { // the clocks keep running, as the tick does
		m.cpus[i].time = times[i]
	}
	return nil
}

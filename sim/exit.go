package sim

import "fmt"

// WaitStatus is how a process ended, as waitpid reports it.
type WaitStatus struct {
	Code   int // exit status when Signal == 0
	Signal int // the killing signal, 0 if the process exited
}

// String says what wait reports: "exited with status 3", "killed by
// signal 9 (SIGKILL)". Never "(core dumped)": the model writes no core
// file, as Linux with its usual ulimit -c 0.
func (w WaitStatus) String() string {
	if w.Signal != 0 {
		return fmt.Sprintf("killed by signal %d (%s)", w.Signal, SignalName(w.Signal))
	}
	return fmt.Sprintf("exited with status %d", w.Code)
}

// Word is the status word waitpid stores, which the W* macros decode:
// WIFEXITED and WEXITSTATUS = Code (the word is Code << 8), or
// WIFSIGNALED and WTERMSIG = Signal (the word is the signal; the core
// dump bit 0x80 stays clear: no core file is written).
func (w WaitStatus) Word() int {
	if w.Signal != 0 {
		return w.Signal & 0x7f
	}
	return (w.Code & 0xff) << 8
}

// Shell is the shell's $? for this status (not what wait reports): the
// code, or 128 + signal (137 for SIGKILL, 139 for a segfault).
func (w WaitStatus) Shell() int {
	if w.Signal != 0 {
		return 128 + w.Signal
	}
	return w.Code & 0xff
}

// threadExit ends one thread; the last thread's exit ends the process with
// its status.
func (m *Machine) threadExit(t *thread, status int64) {
	p := t.p
	if len(p.threads) == 1 {
		m.exitProcess(p, WaitStatus{Code: int(status & 0xff)})
		return
	}
	m.removeThread(t)
	if !m.profile.Flat && t.guard.End != 0 {
		p.as.removeRegions(func(r Region) bool { return r == t.stack || r == t.guard })
		m.mmapFree(p.as, t.guard.Start, t.stack.End)
	} else {
		p.as.removeRegions(func(r Region) bool { return r == t.stack })
		if !m.profile.Flat {
			m.unmapRange(p.as, t.stack.Start, t.stack.End)
		}
		// ostep: a 1000-address stack shares its 4 KiB page with code,
		// variables and other stacks, and x86.py keeps every cell after a
		// halt; unmapping the page would wipe the other threads' memory.
	}
	m.emit(Event{Kind: EvThreadExited, Pid: p.pid, Tid: t.tid, Value: status, Start: t.stack.Start, End: t.stack.End, Cost: m.cost.ThreadExit})
	for _, o := range p.threads {
		if o.state == ThreadBlocked && o.wait.kind == waitJoin && o.wait.id == t.tid {
			o.regs[RegAX] = status
			m.wake(o)
		}
	}
}

// exitProcess ends every thread of p, releases its memory and leaves it a
// zombie holding its status until its parent waits. Its children are
// adopted; a parent that is init, or is blocked in wait for it, reaps it
// at once.
func (m *Machine) exitProcess(p *process, st WaitStatus) {
	for len(p.threads) > 0 {
		m.removeThread(p.threads[0])
	}
	m.release(p.as)
	p.as.heap = heap{}
	m.dropMutexes(p)
	p.state, p.exitCode, p.signal = ProcZombie, st.Code, st.Signal
	m.closeAll(p)
	if st.Signal != 0 {
		m.emit(Event{Kind: EvKilled, Pid: p.pid, Tid: p.pid, Signal: st.Signal, Value: int64(st.Shell()), Cost: m.cost.Signal})
	}
	m.emit(Event{Kind: EvProcessExited, Pid: p.pid, Tid: p.pid, Other: p.ppid, Value: int64(st.Code), Signal: st.Signal, Name: st.String(), Cost: m.cost.Exit})
	m.emit(Event{Kind: EvZombie, Pid: p.pid, Other: p.ppid, Value: int64(st.Code), Signal: st.Signal})
	m.adoptChildren(p)
	if parent := m.byID[p.ppid]; parent != nil && !parent.reaper {
		m.signal(parent, SIGCHLD, p.pid)
	}
	m.notifyParent(p)
}

// adoptChildren gives p's children to the nearest ancestor marked
// subreaper, else to init.
func (m *Machine) adoptChildren(p *process) {
	newParent := 1
	for a := m.byID[p.ppid]; a != nil; a = m.byID[a.ppid] {
		if a.subreaper && a.state == ProcRunning {
			newParent = a.pid
			break
		}
	}
	for _, c := range m.procs {
		if c.ppid != p.pid || c.state == ProcReaped {
			continue
		}
		c.ppid = newParent
		c.adopted = true
		m.emit(Event{Kind: EvAdopted, Pid: c.pid, Other: newParent})
		if c.state == ProcZombie {
			m.notifyParent(c)
		}
	}
}

// notifyParent lets a zombie's parent reap it if the parent is init or is
// blocked waiting for it.
func (m *Machine) notifyParent(z *process) {
	parent := m.byID[z.ppid]
	if parent == nil {
		return
	}
	if parent.reaper {
		m.reap(parent, parent.pid, z)
		return
	}
	for _, t := range parent.threads {
		if t.state == ThreadBlocked && t.wait.kind == waitChild && (t.wait.id == -1 || t.wait.id == z.pid) {
			st := m.reap(parent, t.tid, z)
			t.regs[RegAX] = int64(z.pid)
			t.regs[RegBX] = int64(st.Word())
			m.wake(t)
			return
		}
	}
}

// reap removes zombie z for parent, returning its status.
func (m *Machine) reap(parent *process, tid int, z *process) WaitStatus {
	st := WaitStatus{Code: z.exitCode, Signal: z.signal}
	z.state = ProcReaped
	m.emit(Event{Kind: EvReaped, Pid: parent.pid, Tid: tid, Other: z.pid, Value: int64(st.Code), Signal: st.Signal, Name: st.String(), Cost: m.cost.Wait})
	return st
}

// waitFor reaps child pid for its parent (the wait command).
func (m *Machine) waitFor(pid int) *Error {
	c, err := m.proc(pid)
	if err != nil {
		return err
	}
	parent := m.byID[c.ppid]
	if parent == nil || pid == 1 {
		return errorf(ErrNoChild, "pid %d has no parent to wait for it", pid)
	}
	if c.state != ProcZombie {
		return errorf(ErrNotReady, "pid %d is still running; waitpid(%d, WNOHANG) would return 0", pid, pid)
	}
	m.reap(parent, parent.pid, c)
	return nil
}

// wake makes a blocked thread runnable again.
func (m *Machine) wake(t *thread) {
	m.ready(t)
	t.wait = waitState{}
	m.emit(Event{Kind: EvWoken, Pid: t.p.pid, Tid: t.tid})
}

// block parks t until a child exits or a thread ends.
func (m *Machine) block(t *thread, w waitState) { m.blockFor(t, w, 0, "") }

// blockFor parks t in wait w; cost is what the call that blocked cost,
// reason says why in words.
func (m *Machine) blockFor(t *thread, w waitState, cost uint64, reason string) {
	t.state = ThreadBlocked
	t.wait = w
	if t.cpu >= 0 {
		m.cpus[t.cpu].cur = nil
		m.cpus[t.cpu].last, m.cpus[t.cpu].lastPid = t.tid, t.p.pid
		t.cpu = -1
	}
	m.blockedDirty = true
	m.emit(Event{Kind: EvBlocked, Pid: t.p.pid, Tid: t.tid, Other: w.id, Name: reason, Cost: cost})
}

package sim

// syscall executes one of the lab's system-call instructions for t.
// Results go to %ax (and %bx for wait's status); a failing call sets %ax
// to -1 and emits an error event, the way a C library returns -1 and sets
// errno.
func (m *Machine) syscall(c int, t *thread, in *Instr) rc {
	p := t.p
	switch in.Op {
	case OpPipe, OpReadFD, OpWriteFD, OpClose, OpShm, OpLock, OpUnlock:
		return m.sysIPC(t, in)
	case OpFork, OpSpawn, OpExec:
		// their costs include the system call
	default:
		m.charge(p.pid, t.tid, catOther, m.cost.Syscall)
	}
	switch in.Op {
	case OpRdump, OpMdump:
		return rcOK
	case OpPrint:
		m.lastPrint = m.load(t, &in.A)
		m.emit(Event{Kind: EvPrint, Pid: p.pid, Tid: t.tid, Value: m.lastPrint})
	case OpFork:
		if _, err := m.fork(t); err != nil {
			return m.sysFail(t, err)
		}
	case OpSpawn:
		return m.sysSpawn(t, in)
	case OpJoin:
		return m.sysJoin(t, in)
	case OpExit:
		m.exitProcess(p, WaitStatus{Code: int(m.load(t, &in.A) & 0xff)})
		return rcGone
	case OpThreadExit:
		last := len(p.threads) == 1
		m.threadExit(t, m.load(t, &in.A))
		if last {
			return rcGone
		}
		return rcBlock
	case OpWait:
		return m.sysWait(t, in)
	case OpExec:
		name := in.A.Label
		if name == "" {
			name = in.A.Var
		}
		if err := m.exec(p, name); err != nil {
			return m.sysFail(t, err)
		}
		return rcGone
	case OpMalloc:
		ptr, err := m.malloc(t, m.load(t, &in.A))
		if err != nil {
			t.regs[RegAX] = 0
			m.fail(p.pid, t.tid, err)
			return rcOK
		}
		t.regs[RegAX] = int64(ptr)
	case OpFree:
		if err := m.free(t, uint64(m.load(t, &in.A))); err != nil {
			m.fail(p.pid, t.tid, err)
		}
	}
	return rcOK
}

// sysSpawn creates a thread at the label; its ax is the second operand,
// the caller's ax its tid.
func (m *Machine) sysSpawn(t *thread, in *Instr) rc {
	target := 0
	if in.A.Kind == ArgLabel {
		target = in.A.Target
	}
	nt, err := m.spawn(t, target, in.A.Label)
	if err != nil {
		return m.sysFail(t, err)
	}
	nt.regs[RegAX] = m.load(t, &in.B)
	t.regs[RegAX] = int64(nt.tid)
	return rcOK
}

// sysJoin blocks t until the thread it names (of its own process) ends.
func (m *Machine) sysJoin(t *thread, in *Instr) rc {
	tid := int(m.load(t, &in.A))
	o := m.tids[tid]
	if o == nil || o.p != t.p {
		t.regs[RegAX] = 0 // already gone: join returns at once
		return rcOK
	}
	if o == t {
		return m.sysFail(t, errorf(ErrInvalid, "join: tid %d cannot join itself: it would wait for itself forever", tid))
	}
	m.block(t, waitState{kind: waitJoin, id: tid})
	return rcBlock
}

func (m *Machine) sysFail(t *thread, err *Error) rc {
	t.regs[RegAX] = -1
	m.fail(t.p.pid, t.tid, err)
	return rcOK
}

// sysWait reaps a zombie child (any, or the pid in the operand) or blocks
// until one exits. With no such child it returns -1 (ECHILD).
func (m *Machine) sysWait(t *thread, in *Instr) rc {
	p := t.p
	want := -1
	if in.A.Kind != ArgNone {
		want = int(m.load(t, &in.A))
	}
	has := false
	for _, c := range m.procs {
		if c.ppid != p.pid || c.state == ProcReaped || (want != -1 && c.pid != want) {
			continue
		}
		has = true
		if c.state == ProcZombie {
			st := m.reap(p, t.tid, c)
			t.regs[RegAX], t.regs[RegBX] = int64(c.pid), int64(st.Word())
			return rcOK
		}
	}
	if !has {
		if p.reaper {
			m.block(t, waitState{kind: waitChild, id: -1})
			return rcBlock
		}
		return m.sysFail(t, errorf(ErrNoChild, "wait: pid %d has no such child", p.pid))
	}
	m.block(t, waitState{kind: waitChild, id: want})
	return rcBlock
}

// spawn creates a thread in t's process starting at instruction target.
func (m *Machine) spawn(t *thread, target int, label string) (*thread, *Error) {
	nt, err := m.newThread(t.p, target)
	if err != nil {
		return nil, err
	}
	m.emit(Event{Kind: EvThreadCreated, Pid: t.p.pid, Tid: t.tid, Other: nt.tid, Addr: uint64(nt.regs[RegSP]),
		Start: nt.stack.Start, End: nt.stack.End, Name: label, Cost: m.cost.ThreadCreate})
	nt.readyAt = m.now() // runnable once pthread_create's work is done
	return nt, nil
}

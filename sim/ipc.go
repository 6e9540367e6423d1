package sim

// The IPC and synchronisation system calls, as instructions (sysIPC) and
// as commands from the page (applyIPC). Instruction forms (docs/asm.md):
//
//	pipe                 ax = read end, bx = write end
//	read FD              one word: ax = 1 and bx = the word, 0 at end of file
//	read FD, mem         up to %dx words into memory at mem; ax = words read
//	write FD, %r|$i      one word; ax = 1
//	write FD, mem        %dx words from memory at mem; ax = words written
//	close FD             ax = 0
//	shm KEY              map segment KEY; ax = its address
//	lock mem / unlock mem  the mutex at that address; ax = 0
//
// A failing call sets ax to -1 and emits an error event (EBADF, EMFILE as
// EAGAIN, EDEADLK, EPERM). %dx carries the count as rdx does in Linux's
// system-call convention.

const maxBlockWords = 1 << 16

// sysIPC runs one IPC instruction for t.
func (m *Machine) sysIPC(t *thread, in *Instr) rc {
	p := t.p
	switch in.Op {
	case OpPipe:
		r, w, err := m.pipeCreate(t)
		if err != nil {
			return m.sysFail(t, err)
		}
		t.regs[RegAX], t.regs[RegBX] = int64(r), int64(w)
	case OpReadFD:
		return m.sysReadFD(t, in)
	case OpWriteFD:
		return m.sysWriteFD(t, in)
	case OpClose:
		m.charge(p.pid, t.tid, catCommunication, m.cost.Syscall)
		if err := m.closeFD(p, t.tid, int(m.load(t, &in.A))); err != nil {
			return m.sysFail(t, err)
		}
		t.regs[RegAX] = 0
	case OpShm:
		addr, err := m.shmMap(t, m.load(t, &in.A))
		if err != nil {
			return m.sysFail(t, err)
		}
		t.regs[RegAX] = int64(addr)
	case OpLock:
		blocked, err := m.lock(t, ea(t, &in.A), in.A.Var)
		if err != nil {
			return m.sysFail(t, err)
		}
		if blocked {
			return rcBlock
		}
		t.regs[RegAX] = 0
	case OpUnlock:
		if err := m.unlock(t, ea(t, &in.A), in.A.Var); err != nil {
			return m.sysFail(t, err)
		}
		t.regs[RegAX] = 0
	}
	return rcOK
}

// sysReadFD reads one word into bx, or up to %dx words into memory.
func (m *Machine) sysReadFD(t *thread, in *Instr) rc {
	fd := int(m.load(t, &in.A))
	block := in.B.Kind == ArgMem
	n := 1
	if block {
		n = int(min(max(t.regs[RegDX], 1), maxBlockWords))
	}
	vals, res, err := m.pipeRead(t, fd, n, !block)
	switch {
	case err != nil:
		return m.sysFail(t, err)
	case res == pipeBlocked:
		return m.blockedCall(t, block)
	}
	t.regs[RegAX] = int64(len(vals))
	if !block {
		t.regs[RegBX] = 0
		if len(vals) > 0 {
			t.regs[RegBX] = vals[0]
		}
		return rcOK
	}
	base := ea(t, &in.B)
	for i, v := range vals {
		m.storeAt(t, base+uint64(i)*uint64(m.profile.WordSize), v)
	}
	return rcOK
}

// sysWriteFD writes one word, or %dx words from memory.
func (m *Machine) sysWriteFD(t *thread, in *Instr) rc {
	fd := int(m.load(t, &in.A))
	block := in.B.Kind == ArgMem
	vals := []int64{m.load(t, &in.B)}
	if block {
		vals = vals[:0]
		base := ea(t, &in.B)
		for i := int64(0); i < min(max(t.regs[RegDX], 1), maxBlockWords) && m.flt == FaultNone; i++ {
			v, f := m.read(t, base+uint64(i*m.profile.WordSize))
			if f != FaultNone {
				m.flt, m.fltAddr = f, base+uint64(i*m.profile.WordSize)
			}
			vals = append(vals, v)
		}
	}
	if m.flt != FaultNone {
		return rcOK // the interpreter turns the fault into SIGSEGV
	}
	n, res, err := m.pipeWrite(t, fd, vals, !block)
	switch {
	case err != nil:
		return m.sysFail(t, err)
	case res == pipeKilled:
		return rcGone
	case res == pipeBlocked:
		return m.blockedCall(t, block)
	}
	t.regs[RegAX] = int64(n)
	return rcOK
}

// blockedCall finishes an instruction that blocked: a retrying call runs
// again when woken, so its pc goes back to it.
func (m *Machine) blockedCall(t *thread, retry bool) rc {
	if retry {
		t.pc -= 1 << t.p.code.shift
	}
	return rcBlock
}

// applyIPC runs the IPC commands a thread performs from the page. They
// act as the one-word system calls would, results in the same registers.
func (m *Machine) applyIPC(t *thread, c Command) *Error {
	if t.state == ThreadBlocked {
		return errorf(ErrState, "%s: tid %d is blocked; it can make no system call until it is woken", c.Op, t.tid)
	}
	p := t.p
	switch c.Op {
	case CmdPipe:
		r, w, err := m.pipeCreate(t)
		if err != nil {
			return err
		}
		t.regs[RegAX], t.regs[RegBX] = int64(r), int64(w)
	case CmdClose:
		if err := m.closeFD(p, t.tid, c.FD); err != nil {
			return err // refused: no charge
		}
		m.charge(p.pid, t.tid, catCommunication, m.cost.Syscall)
	case CmdWriteFD:
		n, res, err := m.pipeWrite(t, c.FD, []int64{c.N}, true)
		if err == nil && res == pipeDone {
			t.regs[RegAX] = int64(n)
		}
		return err
	case CmdReadFD:
		vals, res, err := m.pipeRead(t, c.FD, 1, true)
		if err == nil && res == pipeDone {
			t.regs[RegAX], t.regs[RegBX] = int64(len(vals)), 0
			if len(vals) > 0 {
				t.regs[RegBX] = vals[0]
			}
		}
		return err
	case CmdShm:
		addr, err := m.shmMap(t, c.N)
		if err == nil {
			t.regs[RegAX] = int64(addr)
		}
		return err
	}
	addr, err := m.commandAddr(t, c)
	if err != nil {
		return err
	}
	switch c.Op {
	case CmdLock:
		_, err := m.lock(t, addr, c.Name)
		return err
	case CmdUnlock:
		return m.unlock(t, addr, c.Name)
	case CmdAtomicAdd:
		old, f := m.atomicAdd(t, addr, c.N)
		if f != FaultNone {
			m.segfault(t, addr, f)
			return nil
		}
		m.emit(Event{Kind: EvAtomicAdd, Pid: p.pid, Tid: t.tid, Addr: addr, Name: c.Name, Value: old + c.N, Cost: m.cost.AtomicAdd})
	}
	return nil
}

// commandAddr resolves a command's global name or address.
func (m *Machine) commandAddr(t *thread, c Command) (uint64, *Error) {
	if c.Name == "" {
		return c.Addr, nil
	}
	g, ok := t.p.global(c.Name)
	if !ok {
		return 0, errorf(ErrNotExist, "%s: pid %d has no global %q", c.Op, t.p.pid, c.Name)
	}
	return g.Addr, nil
}

package sim

// The C library's threads, mutexes and pipes (see libc.go). A C pipe
// carries bytes: each byte is one value (one address of the buffer read
// or written), so a pipe's capacity counts bytes for a C program.

// libPipe is pipe(fds): the read end in fds[0], the write end in fds[1].
func libPipe(m *Machine, t *thread, _ *Instr) rc {
	fds := uint64(m.arg(t, 0))
	r, w, err := m.pipeCreate(t)
	if err != nil {
		return m.sysFail(t, err)
	}
	m.storeAt(t, fds, int64(r))
	m.storeAt(t, fds+4, int64(w))
	return ret(t, 0)
}

// libRead is read(fd, buf, n): up to n bytes from a pipe, blocking while
// it is empty and a writer exists; 0 at end of file. fd 0 (no terminal
// input in the lab) is always at end of file.
func libRead(m *Machine, t *thread, _ *Instr) rc {
	fd, buf, n := m.arg(t, 0), uint64(m.arg(t, 1)), m.arg(t, 2)
	if fd == 0 {
		return ret(t, 0)
	}
	if n <= 0 {
		return ret(t, 0)
	}
	vals, res, err := m.pipeRead(t, int(fd), int(min(n, maxBlockWords)), false)
	switch {
	case err != nil:
		return m.sysFail(t, err)
	case res == pipeBlocked:
		return m.blockedCall(t, true)
	}
	for i, v := range vals {
		m.storeAt(t, buf+uint64(i), v)
	}
	return ret(t, int64(len(vals)))
}

// libWrite is write(fd, buf, n): to the terminal for fd 1 and 2
// (unbuffered: it passes stdio's buffer by), else to a pipe.
func libWrite(m *Machine, t *thread, _ *Instr) rc {
	fd, buf, n := m.arg(t, 0), uint64(m.arg(t, 1)), m.arg(t, 2)
	n = min(max(n, 0), maxBlockWords)
	vals := make([]int64, 0, n)
	for i := int64(0); i < n; i++ {
		v, f := m.read(t, buf+uint64(i))
		if f != FaultNone {
			m.flt, m.fltAddr = f, buf+uint64(i)
			return rcOK
		}
		vals = append(vals, v)
	}
	if fd == 1 || fd == 2 {
		b := make([]byte, len(vals))
		for i, v := range vals {
			b[i] = byte(v)
		}
		m.terminal(t, int(fd), string(b))
		return ret(t, n)
	}
	if n == 0 {
		return ret(t, 0)
	}
	w, res, err := m.pipeWrite(t, int(fd), vals, false)
	switch {
	case err != nil:
		return m.sysFail(t, err)
	case res == pipeKilled:
		return rcGone
	case res == pipeBlocked:
		return m.blockedCall(t, true)
	}
	return ret(t, int64(w))
}

func libClose(m *Machine, t *thread, _ *Instr) rc {
	fd := int(m.arg(t, 0))
	m.charge(t.p.pid, t.tid, catCommunication, m.cost.Syscall)
	if err := m.closeFD(t.p, t.tid, fd); err != nil {
		return m.sysFail(t, err)
	}
	return ret(t, 0)
}

// libPthreadCreate starts a thread at ThreadStart with the function in
// %ax and its argument in %bx, and stores its tid in *thread.
func libPthreadCreate(m *Machine, t *thread, _ *Instr) rc {
	out, fn, arg := uint64(m.arg(t, 0)), m.arg(t, 2), m.arg(t, 3)
	start, ok := t.p.code.prog.Labels[ThreadStart]
	if !ok {
		return m.sysFail(t, errorf(ErrInvalid, "pthread_create: the program has no thread start code"))
	}
	nt, err := m.spawn(t, start, t.p.code.labelAt(uint64(fn)))
	if err != nil {
		m.fail(t.p.pid, t.tid, err)
		return ret(t, 11) // EAGAIN, as pthread_create returns it
	}
	nt.regs[RegAX], nt.regs[RegBX] = fn, arg
	m.storeAt(t, out, int64(nt.tid))
	return ret(t, 0)
}

// spawnC is the spawn command in a C program: a thread starts the way
// pthread_create starts one, at ThreadStart calling the named function
// (with a NULL argument). Started at instruction 0 as in assembly, it
// would run _start and call main a second time, so a C spawn must name a
// function of the program.
func (m *Machine) spawnC(t *thread, name string) *Error {
	if name == "" {
		return errorf(ErrInvalid, "spawn: in a C program a thread starts at a function, as with pthread_create: spawn %d FUNCTION", t.tid)
	}
	d, prog := t.p.code.prog.Debug, t.p.code.prog
	at := -1
	for _, f := range d.Funcs {
		if f.Name == name {
			at = f.Entry
		}
	}
	start, ok := prog.Labels[ThreadStart]
	if at < 0 || !ok {
		return errorf(ErrNotExist, "spawn: no function %q in %s", name, t.p.name)
	}
	nt, err := m.spawn(t, start, name)
	if err != nil {
		return err
	}
	nt.regs[RegAX], nt.regs[RegBX] = int64(t.p.code.addrOf(at)), 0
	return nil
}

// libPthreadJoin waits for the thread; __join_value, next, stores its
// result.
func libPthreadJoin(m *Machine, t *thread, _ *Instr) rc {
	tid := int(m.arg(t, 0))
	o := m.tids[tid]
	if o == nil || o.p != t.p {
		if v, ok := m.threadResult(t, tid, false); ok {
			return ret(t, v)
		}
		m.fail(t.p.pid, t.tid, errorf(ErrNoSuch, "pthread_join: no thread %d to join in pid %d", tid, t.p.pid))
		return ret(t, 3) // ESRCH
	}
	if o == t {
		m.fail(t.p.pid, t.tid, errorf(ErrDeadlock, "pthread_join: tid %d cannot join itself", tid))
		return ret(t, 35) // EDEADLK
	}
	m.block(t, waitState{kind: waitJoin, id: tid})
	return rcBlock
}

// libJoinValue stores the joined thread's result (in %ax) where the
// second argument points, and returns 0.
func libJoinValue(m *Machine, t *thread, _ *Instr) rc {
	if t.regs[RegAX] == 3 {
		if _, ok := m.threadResult(t, int(m.arg(t, 0)), false); !ok {
			return rcOK // ESRCH from pthread_join
		}
	}
	m.threadResult(t, int(m.arg(t, 0)), true)
	if ptr := uint64(m.arg(t, 1)); ptr != 0 {
		m.storeAt(t, ptr, t.regs[RegAX])
	}
	return ret(t, 0)
}

func libPthreadExit(m *Machine, t *thread, _ *Instr) rc {
	last := len(t.p.threads) == 1
	v := m.arg(t, 0)
	if last {
		m.stdoutFlush(t) // the last thread's exit is exit(0)
		v = 0
	}
	m.keepResult(t, v)
	m.threadExit(t, v)
	if last {
		return rcGone
	}
	return rcBlock
}

func libPthreadSelf(_ *Machine, t *thread, _ *Instr) rc { return ret(t, int64(t.tid)) }

func libMutexLock(m *Machine, t *thread, _ *Instr) rc {
	addr := uint64(m.arg(t, 0))
	blocked, err := m.lock(t, addr, t.p.globalAt(addr))
	if err != nil {
		m.fail(t.p.pid, t.tid, err)
		return ret(t, 35) // EDEADLK
	}
	if blocked {
		return rcBlock // unlock hands the mutex over and sets %ax = 0
	}
	return ret(t, 0)
}

func libMutexUnlock(m *Machine, t *thread, _ *Instr) rc {
	addr := uint64(m.arg(t, 0))
	if err := m.unlock(t, addr, t.p.globalAt(addr)); err != nil {
		m.fail(t.p.pid, t.tid, err)
		return ret(t, 1) // EPERM
	}
	return ret(t, 0)
}

// keepResult records an ending thread's result in ThreadResults.
func (m *Machine) keepResult(t *thread, v int64) {
	g, ok := t.p.global(ThreadResults)
	if !ok {
		return
	}
	for i := uint64(0); i < ThreadResultSlots; i++ {
		if tid, _ := m.read(t, g.Addr+16*i); tid == 0 {
			m.storeAt(t, g.Addr+16*i, int64(t.tid))
			m.storeAt(t, g.Addr+16*i+8, v)
			return
		}
	}
}

// threadResult finds the result kept for tid (and frees its slot when
// clear is set).
func (m *Machine) threadResult(t *thread, tid int, clear bool) (int64, bool) {
	g, ok := t.p.global(ThreadResults)
	if !ok {
		return 0, false
	}
	for i := uint64(0); i < ThreadResultSlots; i++ {
		if got, _ := m.read(t, g.Addr+16*i); got == int64(tid) {
			v, _ := m.read(t, g.Addr+16*i+8)
			if clear {
				m.storeAt(t, g.Addr+16*i, 0)
				m.storeAt(t, g.Addr+16*i+8, 0)
			}
			return v, true
		}
	}
	return 0, false
}

// globalAt names the global a mutex lives in ("" for one on the stack or
// the heap), so the page can say "lock" instead of an address.
func (p *process) globalAt(addr uint64) string {
	for _, g := range p.as.globals {
		if addr >= g.Addr && addr < g.Addr+max(g.Size, 1) {
			return g.Name
		}
	}
	return ""
}

package sim

// fork copies t's process by reference: same virtual addresses, page table
// entries pointing at the same frames, writable ones marked copy-on-write
// in both. Only the calling thread exists in the child, with tid = the
// child's pid; it returns 0 there (ax) and the child's pid in the parent.
func (m *Machine) fork(t *thread) (*process, *Error) {
	p := t.p
	if m.liveCount() >= m.cfg.Limits.MaxProcs {
		return nil, errorf(ErrLimit, "fork: %d processes exist (limit %d)", m.liveCount(), m.cfg.Limits.MaxProcs)
	}
	child := &process{pid: m.nextID, ppid: p.pid, name: p.name, state: ProcRunning, code: p.code}
	m.nextID++
	child.as = m.cloneAddrSpace(p.as, t, child.pid)
	ct := &thread{tid: child.pid, p: child, regs: t.regs, pc: t.pc, cc: t.cc, state: ThreadRunnable, cpu: -1,
		stack: t.stack, guard: t.guard, slot: t.slot, frames: append([]CallFrame(nil), t.frames...)}
	ct.stack.Owner, ct.guard.Owner = child.pid, child.pid
	if ct.guard.End == 0 {
		ct.guard.Owner = 0
	}
	ct.regs[RegAX] = 0
	t.regs[RegAX] = int64(child.pid)
	child.threads = []*thread{ct}
	m.procs = append(m.procs, child)
	m.byID[child.pid] = child
	m.addThread(ct)
	m.dupFDs(p, child)
	m.forkMutexes(p, child, t)
	m.emit(Event{Kind: EvProcessForked, Pid: p.pid, Tid: t.tid, Other: child.pid, Value: int64(len(p.as.pt)),
		Cost: m.cost.Fork + m.cost.ForkPerPTE*uint64(len(p.as.pt))})
	ct.readyAt = m.now() // the child is woken once fork's work is done
	return child, nil
}

// cloneAddrSpace builds the child's address space. The calling thread's
// stack becomes the child's main stack; the other threads' stacks stay
// mapped (as Linux does) but belong to no thread: they show as plain
// anonymous mappings.
func (m *Machine) cloneAddrSpace(src *addrSpace, t *thread, childPid int) *addrSpace {
	as := &addrSpace{pt: make(map[uint64]pte, len(src.pt)), mmapNext: src.mmapNext,
		holes: append([]span(nil), src.holes...), globals: append([]GlobalState(nil), src.globals...)}
	as.heap = src.heap
	as.heap.blocks = append([]HeapBlock(nil), src.heap.blocks...)
	for _, r := range src.regions {
		switch {
		case r.Owner == t.tid:
			r.Owner = childPid
		case r.Kind == RegionStack:
			r.Kind, r.Owner = RegionMmap, 0
		case r.Kind == RegionGuard:
			r.Owner = 0
		}
		as.regions = append(as.regions, r)
	}
	m.shareForFork(src, as)
	return as
}

// addThread puts t into the run order, which is tid order (x86.py runs its
// threads in index order).
func (m *Machine) addThread(t *thread) {
	i := len(m.threads)
	for i > 0 && m.threads[i-1].tid > t.tid {
		i--
	}
	m.threads = append(m.threads, nil)
	copy(m.threads[i+1:], m.threads[i:])
	m.threads[i] = t
	m.tids[t.tid] = t
}

// removeThread takes t out of the run order and off its CPU.
func (m *Machine) removeThread(t *thread) {
	for i, o := range m.threads {
		if o == t {
			m.threads = append(m.threads[:i], m.threads[i+1:]...)
			break
		}
	}
	delete(m.tids, t.tid)
	if t.cpu >= 0 {
		m.cpus[t.cpu].cur = nil
		m.cpus[t.cpu].last, m.cpus[t.cpu].lastPid = t.tid, t.p.pid
		t.cpu = -1
	}
	m.unqueue(t)
	t.state = ThreadExited
	p := t.p
	p.cpuDone += t.cpuNS
	t.cpuNS = 0
	for i, o := range p.threads {
		if o == t {
			p.threads = append(p.threads[:i], p.threads[i+1:]...)
			break
		}
	}
}

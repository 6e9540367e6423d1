package sim

import "sort"

// A mutex lives at an address: in a process's private memory (key pid +
// address) or in a shared-memory segment (key segment + offset, the same
// mutex for every process that maps it). It has an owner and a FIFO wait
// queue: lock on a held mutex blocks, unlock hands the mutex to the first
// waiter. Only held mutexes exist as objects; a free one is just memory.
type mutexKey struct {
	pid, seg int
	addr     uint64
}

type mutex struct {
	key   mutexKey
	addr  uint64 // where the locker saw it
	name  string // the global, when locked by name
	owner int    // tid; it may have died holding the mutex
	queue []int  // tids waiting, in arrival order
}

// mutexKeyAt says which mutex address addr of t's process names.
func (m *Machine) mutexKeyAt(t *thread, addr uint64) mutexKey {
	if r, ok := t.p.as.region(addr); ok && r.Kind == RegionShared && r.Segment != 0 {
		return mutexKey{seg: r.Segment, addr: addr - r.Start}
	}
	return mutexKey{pid: t.p.pid, addr: addr}
}

// lock acquires the mutex at addr for t, or queues t behind its owner.
// Locking a mutex t already holds is EDEADLK (an error-checking mutex; a
// default one would hang forever).
func (m *Machine) lock(t *thread, addr uint64, name string) (blocked bool, err *Error) {
	key := m.mutexKeyAt(t, addr)
	mu := m.mutexes[key]
	if mu == nil {
		if len(m.mutexes) >= maxMutexes {
			return false, errorf(ErrLimit, "lock: %d mutexes are held (limit %d)", len(m.mutexes), maxMutexes)
		}
		mu = &mutex{key: key, addr: addr, name: name, owner: t.tid}
		m.mutexes[key] = mu
		m.emit(Event{Kind: EvLock, Pid: t.p.pid, Tid: t.tid, Addr: addr, Name: name, Cost: m.cost.MutexLock})
		return false, nil
	}
	if mu.owner == t.tid {
		return false, errorf(ErrDeadlock, "lock: tid %d already holds the mutex at %#x (a default mutex would wait for itself forever)", t.tid, addr)
	}
	mu.queue = append(mu.queue, t.tid)
	m.blockFor(t, waitState{kind: waitMutex, id: mu.owner, mutex: key}, m.cost.MutexContended, "mutex held")
	return true, nil
}

// unlock releases the mutex at addr. Only its owner may; a waiter, if
// any, becomes the owner and is woken with lock's result 0 in %ax.
func (m *Machine) unlock(t *thread, addr uint64, name string) *Error {
	key := m.mutexKeyAt(t, addr)
	mu := m.mutexes[key]
	if mu == nil {
		return errorf(ErrState, "unlock: the mutex at %#x is not locked", addr)
	}
	if mu.owner != t.tid {
		return errorf(ErrState, "unlock: tid %d does not own the mutex at %#x; tid %d does", t.tid, addr, mu.owner)
	}
	if len(mu.queue) == 0 {
		delete(m.mutexes, key)
		m.emit(Event{Kind: EvUnlock, Pid: t.p.pid, Tid: t.tid, Addr: addr, Name: name, Cost: m.cost.MutexUnlock})
		return nil
	}
	next := m.tids[mu.queue[0]]
	mu.queue = mu.queue[1:]
	mu.owner = next.tid
	m.emit(Event{Kind: EvUnlock, Pid: t.p.pid, Tid: t.tid, Other: next.tid, Addr: addr, Name: name, Cost: m.cost.MutexUnlock + m.cost.MutexContended})
	for _, w := range mu.queue { // the rest now wait for the new owner
		m.tids[w].wait.id = next.tid
	}
	m.wake(next)
	next.regs[RegAX] = 0
	m.emit(Event{Kind: EvLock, Pid: next.p.pid, Tid: next.tid, Addr: mu.addr, Name: mu.name, Value: 1, Cost: m.cost.MutexLock})
	return nil
}

const maxMutexes = 1024

// forkMutexes copies parent's held private mutexes into child, as fork
// copies the memory they live in: one the forking thread held is held by
// the child's thread; one another thread held stays locked by a thread
// that does not exist in the child (the classic fork-with-threads trap).
func (m *Machine) forkMutexes(parent, child *process, forker *thread) {
	for _, mu := range m.sortedMutexes() {
		if mu.key.pid != parent.pid {
			continue
		}
		c := &mutex{key: mutexKey{pid: child.pid, addr: mu.key.addr}, addr: mu.addr, name: mu.name, owner: mu.owner}
		if mu.owner == forker.tid {
			c.owner = child.pid
		}
		m.mutexes[c.key] = c
	}
}

// dropMutexes forgets p's private mutexes (its memory is gone).
func (m *Machine) dropMutexes(p *process) {
	for k := range m.mutexes {
		if k.pid == p.pid {
			delete(m.mutexes, k)
		}
	}
}

// sortedMutexes lists the held mutexes in a stable order.
func (m *Machine) sortedMutexes() []*mutex {
	out := make([]*mutex, 0, len(m.mutexes))
	for _, mu := range m.mutexes {
		out = append(out, mu)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].key, out[j].key
		if a.seg != b.seg {
			return a.seg < b.seg
		}
		if a.pid != b.pid {
			return a.pid < b.pid
		}
		return a.addr < b.addr
	})
	return out
}

// atomicAdd adds v to the word at addr in one indivisible step (lock
// xadd) and returns the old value.
func (m *Machine) atomicAdd(t *thread, addr uint64, v int64) (int64, Fault) {
	old, f := m.read(t, addr)
	if f != FaultNone {
		return 0, f
	}
	if f := m.write(t, addr, old+v); f != FaultNone {
		return 0, f
	}
	return old, FaultNone
}

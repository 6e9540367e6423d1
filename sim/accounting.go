package sim

// Overhead is where the simulated time went, by category. Its Total is
// always the machine's Clock.
type Overhead struct {
	Creation      uint64 // fork, pthread_create, exec
	Switching     uint64 // context switches and the TLB refills after them
	Faults        uint64 // first-touch and copy-on-write page faults (copies and reuses)
	Communication uint64 // pipes and shared-memory hand-offs
	Sync          uint64 // mutexes and atomic adds
	Work          uint64 // instructions: the useful work
	Other         uint64 // other system calls, exit, wait, malloc, signals
}

// Total is the sum of every category.
func (o Overhead) Total() uint64 {
	return o.Creation + o.Switching + o.Faults + o.Communication + o.Sync + o.Work + o.Other
}

type costCat uint8

const (
	catOther costCat = iota
	catCreation
	catSwitching
	catFaults
	catCommunication
	catSync
	catWork
)

func (o *Overhead) add(c costCat, ns uint64) {
	switch c {
	case catCreation:
		o.Creation += ns
	case catSwitching:
		o.Switching += ns
	case catFaults:
		o.Faults += ns
	case catCommunication:
		o.Communication += ns
	case catSync:
		o.Sync += ns
	case catWork:
		o.Work += ns
	default:
		o.Other += ns
	}
}

// eventCategory says which category an event's cost belongs to.
func eventCategory(e *Event) costCat {
	switch e.Kind {
	case EvBlocked:
		switch e.Name {
		case "pipe full", "pipe empty":
			return catCommunication
		case "mutex held":
			return catSync
		}
	case EvThreadCreated, EvProcessForked, EvExec:
		return catCreation
	case EvSwitch:
		return catSwitching
	case EvPageFault, EvCOWFault, EvCOWReuse:
		return catFaults
	case EvPipeCreated, EvPipeWrite, EvPipeRead, EvClose, EvShm:
		return catCommunication
	case EvLock, EvUnlock, EvAtomicAdd:
		return catSync
	}
	return catOther
}

// charge advances the paying CPU's clock by ns (clocks.go) and books it
// to a category, to thread tid if it is alive, else to process pid.
func (m *Machine) charge(pid, tid int, c costCat, ns uint64) {
	if ns == 0 {
		return
	}
	m.advance(m.payer(), ns)
	m.over.add(c, ns)
	if t := m.tids[tid]; t != nil {
		t.cpuNS += ns
		return
	}
	if p := m.byID[pid]; p != nil {
		p.cpuDone += ns
	}
}

// cpuTime is a process's CPU time: its exited threads' and its live ones'.
func (p *process) cpuTime() uint64 {
	n := p.cpuDone
	for _, t := range p.threads {
		n += t.cpuNS
	}
	return n
}

// refill charges one TLB refill: the first accesses after a switch into
// another address space walk the page tables again.
func (m *Machine) refill(t *thread) {
	t.p.as.cold--
	m.charge(t.p.pid, t.tid, catSwitching, m.cost.TLBRefill)
}

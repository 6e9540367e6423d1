package sim

import "slices"

// A page table entry maps one virtual page to a frame.
type pte struct {
	frame int32
	flags uint8
}

const (
	pteWrite  uint8 = 1 << iota // the region allows writes
	pteCOW                      // shared after fork: the next write copies
	pteShared                   // a shared-memory segment: never copy-on-write
)

// tlbEntry caches one translation so the hot loop skips the map lookup.
type tlbEntry struct {
	page  uint64
	f     *frame
	write bool
	valid bool
}

const tlbSize = 4

// addrSpace is one process's memory: regions, page table, heap and the
// mmap area's allocator.
type addrSpace struct {
	regions  []Region
	pt       map[uint64]pte
	heap     heap
	mmapNext uint64
	holes    []span // freed mmap ranges, reused first-fit from the top
	globals  []GlobalState
	tlb      [tlbSize]tlbEntry
	// cold counts the accesses still to pay a TLB refill after a switch
	// into this address space.
	cold uint64
}

type span struct{ start, end uint64 }

func newAddrSpace() *addrSpace { return &addrSpace{pt: map[uint64]pte{}} }

func (as *addrSpace) flushTLB() { as.tlb = [tlbSize]tlbEntry{} }

// region finds the region holding addr.
func (as *addrSpace) region(addr uint64) (Region, bool) {
	for _, r := range as.regions {
		if r.Contains(addr) {
			return r, true
		}
	}
	return Region{}, false
}

// Fault says why an access failed.
type Fault uint8

// Faults.
const (
	FaultNone     Fault = iota
	FaultUnmapped       // no region there
	FaultReadOnly       // write to a region without write permission
	FaultGuard          // a guard page
	FaultNoMemory       // no frame left to back the page (the OOM killer then runs)
	FaultKilled         // the OOM killer killed the faulting process: nothing more to do
)

var faultNames = [...]string{"", "unmapped address", "write to a read-only region", "guard page", "out of memory", "killed by the OOM killer"}

// String says what went wrong in words.
func (f Fault) String() string { return faultNames[f] }

// read returns the value at addr in t's address space.
func (m *Machine) read(t *thread, addr uint64) (int64, Fault) {
	as := t.p.as
	if as.cold != 0 {
		m.refill(t)
	}
	vp := addr >> pageShift
	e := &as.tlb[vp&(tlbSize-1)]
	if e.valid && e.page == vp {
		return e.f.get(addr & (PageSize - 1)), FaultNone
	}
	if pt, ok := as.pt[vp]; ok {
		f := m.mem.all[pt.frame]
		*e = tlbEntry{page: vp, f: f, write: pt.flags&pteWrite != 0 && pt.flags&pteCOW == 0, valid: true}
		return f.get(addr & (PageSize - 1)), FaultNone
	}
	if fault := m.check(as, addr, false); fault != FaultNone {
		return 0, fault
	}
	return 0, FaultNone // an untouched page reads as zeros and costs no frame
}

// write stores v at addr in t's address space, faulting in a fresh frame
// on first touch and copying a shared page on a copy-on-write fault.
func (m *Machine) write(t *thread, addr uint64, v int64) Fault {
	as := t.p.as
	if as.cold != 0 {
		m.refill(t)
	}
	vp := addr >> pageShift
	e := &as.tlb[vp&(tlbSize-1)]
	if e.valid && e.page == vp && e.write {
		e.f.set(addr&(PageSize-1), v)
		return FaultNone
	}
	f, fault := m.writablePage(t, addr)
	if fault != FaultNone {
		return fault
	}
	*e = tlbEntry{page: vp, f: f, write: true, valid: true}
	f.set(addr&(PageSize-1), v)
	return FaultNone
}

// writablePageOnce resolves the slow path of a write once: permission
// check, first touch, copy-on-write; FaultNoMemory when no frame is free.
func (m *Machine) writablePageOnce(t *thread, addr uint64) (*frame, Fault) {
	as := t.p.as
	vp := addr >> pageShift
	pt, ok := as.pt[vp]
	if !ok {
		if fault := m.check(as, addr, true); fault != FaultNone {
			return nil, fault
		}
		n, f, err := m.mem.alloc()
		if err != nil {
			return nil, FaultNoMemory
		}
		as.pt[vp] = pte{frame: n, flags: pteWrite}
		m.emit(Event{Kind: EvPageFault, Pid: t.p.pid, Tid: t.tid, Addr: addr, NewFrame: int(n), OldFrame: -1, Cost: m.cost.FirstTouch})
		return f, FaultNone
	}
	if pt.flags&pteWrite == 0 {
		return nil, FaultReadOnly
	}
	if pt.flags&pteCOW != 0 {
		return m.cowFault(t, vp, pt, addr)
	}
	return m.mem.all[pt.frame], FaultNone
}

// check says whether addr may be accessed at all (and written, if write).
func (m *Machine) check(as *addrSpace, addr uint64, write bool) Fault {
	if m.profile.Flat {
		if addr >= m.memLimit {
			return FaultUnmapped
		}
		return FaultNone
	}
	r, ok := as.region(addr)
	switch {
	case !ok:
		return FaultUnmapped
	case r.Kind == RegionGuard:
		return FaultGuard
	case write && r.Perm&PermWrite == 0:
		return FaultReadOnly
	}
	return FaultNone
}

// poke writes without permission checks or events: the loader filling
// .data, .rodata and text.
func (m *Machine) poke(as *addrSpace, addr uint64, v int64, perm Perm) error {
	vp := addr >> pageShift
	pt, ok := as.pt[vp]
	if !ok {
		n, _, err := m.mem.alloc()
		if err != nil {
			return err
		}
		pt = pte{frame: n}
		if perm&PermWrite != 0 {
			pt.flags = pteWrite
		}
		as.pt[vp] = pt
	}
	m.mem.all[pt.frame].set(addr&(PageSize-1), v)
	return nil
}

// unmapRange drops every page of [start, end) and releases its frames.
func (m *Machine) unmapRange(as *addrSpace, start, end uint64) {
	for _, vp := range as.pages(start, end) {
		m.mem.unref(as.pt[vp].frame)
		delete(as.pt, vp)
	}
	as.flushTLB()
}

// release drops the whole address space (exit, exec).
func (m *Machine) release(as *addrSpace) {
	for _, vp := range as.pages(0, ^uint64(0)) {
		m.mem.unref(as.pt[vp].frame)
		delete(as.pt, vp)
	}
	as.regions = nil
	as.flushTLB()
}

// Peek reads the value at addr in pid's address space without side effects
// (no faults, no frames). ok is false for a missing process or an address
// it cannot read.
func (m *Machine) Peek(pid int, addr uint64) (v int64, ok bool) {
	p, err := m.proc(pid)
	if err != nil || p.as == nil {
		return 0, false
	}
	if pt, found := p.as.pt[addr>>pageShift]; found {
		return m.mem.all[pt.frame].get(addr & (PageSize - 1)), true
	}
	return 0, m.check(p.as, addr, false) == FaultNone
}

// pages lists the mapped virtual pages whose addresses fall in [start, end),
// in address order, so frames are freed (and later reused) deterministically.
func (as *addrSpace) pages(start, end uint64) []uint64 {
	var out []uint64
	for vp := range as.pt {
		if a := vp << pageShift; a >= start && a < end {
			out = append(out, vp)
		}
	}
	slices.Sort(out)
	return out
}

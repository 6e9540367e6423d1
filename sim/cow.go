package sim

// cowFault handles the first write to a page shared by fork: if another
// process still maps the frame, copy exactly this page into a fresh frame.
// If not (the other sharers exited, exec'd or copied it already), the
// write still faults, since the entry is write-protected, and the kernel
// reuses the page instead of copying it (do_wp_page's reuse): a
// cow-reuse event with its cost, so fault counts agree with Linux's.
func (m *Machine) cowFault(t *thread, vp uint64, pt pte, addr uint64) (*frame, Fault) {
	as := t.p.as
	old := m.mem.all[pt.frame]
	if old.refs == 1 {
		pt.flags &^= pteCOW
		as.pt[vp] = pt
		as.flushTLB()
		m.emit(Event{Kind: EvCOWReuse, Pid: t.p.pid, Tid: t.tid, Addr: addr, Start: vp << pageShift, End: (vp + 1) << pageShift,
			OldFrame: int(pt.frame), NewFrame: int(pt.frame), Cost: m.cost.COWReuse})
		return old, FaultNone
	}
	n, f, err := m.mem.alloc()
	if err != nil {
		return nil, FaultNoMemory
	}
	f.copyFrom(old)
	m.mem.unref(pt.frame)
	as.pt[vp] = pte{frame: n, flags: pteWrite}
	as.flushTLB()
	m.emit(Event{Kind: EvCOWFault, Pid: t.p.pid, Tid: t.tid, Addr: addr, Start: vp << pageShift, End: (vp + 1) << pageShift,
		OldFrame: int(pt.frame), NewFrame: int(n), Cost: m.cost.COWFault})
	return f, FaultNone
}

// shareForFork makes child's page table point at parent's frames, marking
// every writable page copy-on-write in both.
func (m *Machine) shareForFork(parent, child *addrSpace) {
	for vp, pt := range parent.pt {
		if pt.flags&pteWrite != 0 && pt.flags&pteShared == 0 {
			pt.flags |= pteCOW
			parent.pt[vp] = pt
		}
		child.pt[vp] = pt
		m.mem.ref(pt.frame)
	}
	parent.flushTLB()
}

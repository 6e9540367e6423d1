package sim

import (
	"maps"
	"math/rand/v2"
	"slices"
)

// Clone returns a deep copy of the machine: same state, same random
// sequence ahead, nothing shared but the immutable programs. The copy has
// no observer and no pacer. Lab keeps clones as snapshots so that going back replays
// only from the nearest one.
func (m *Machine) Clone() *Machine {
	c := *m
	pcg := *m.pcg
	c.pcg = &pcg
	c.rng = rand.New(c.pcg)
	c.obs = nil
	c.SetPacer(0, nil)
	c.events = nil
	c.sched = slices.Clone(m.sched)
	c.term = slices.Clone(m.term)
	c.mem = m.mem.clone()
	c.byID = make(map[int]*process, len(m.byID))
	c.tids = make(map[int]*thread, len(m.tids))
	c.procs = make([]*process, len(m.procs))
	tmap := map[*thread]*thread{}
	for i, p := range m.procs {
		np := *p
		np.fds = slices.Clone(p.fds)
		np.as = p.as.clone()
		np.threads = make([]*thread, len(p.threads))
		for k, t := range p.threads {
			nt := *t
			nt.p = &np
			nt.frames = slices.Clone(t.frames)
			np.threads[k] = &nt
			tmap[t] = &nt
			c.tids[nt.tid] = &nt
		}
		c.procs[i] = &np
		c.byID[np.pid] = &np
	}
	c.threads = make([]*thread, len(m.threads))
	for i, t := range m.threads {
		c.threads[i] = tmap[t]
	}
	c.cpus = slices.Clone(m.cpus)
	for i := range c.cpus {
		if c.cpus[i].cur != nil {
			c.cpus[i].cur = tmap[c.cpus[i].cur]
		}
	}
	c.pipes = make(map[int]*pipe, len(m.pipes))
	for id, pi := range m.pipes {
		np := *pi
		np.buf, np.readQ, np.writeQ = slices.Clone(pi.buf), slices.Clone(pi.readQ), slices.Clone(pi.writeQ)
		c.pipes[id] = &np
	}
	c.segs = make(map[int64]*segment, len(m.segs))
	for k, s := range m.segs {
		ns := *s
		ns.frames = slices.Clone(s.frames)
		c.segs[k] = &ns
	}
	c.mutexes = make(map[mutexKey]*mutex, len(m.mutexes))
	for k, mu := range m.mutexes {
		nm := *mu
		nm.queue = slices.Clone(mu.queue)
		c.mutexes[k] = &nm
	}
	return &c
}

// clone deep-copies an address space; the software TLB starts empty
// because its entries point at the original's frames.
func (as *addrSpace) clone() *addrSpace {
	if as == nil {
		return nil
	}
	c := *as
	c.regions = slices.Clone(as.regions)
	c.pt = maps.Clone(as.pt)
	if c.pt == nil {
		c.pt = map[uint64]pte{}
	}
	c.holes = slices.Clone(as.holes)
	c.globals = slices.Clone(as.globals)
	c.heap.blocks = slices.Clone(as.heap.blocks)
	c.flushTLB()
	return &c
}

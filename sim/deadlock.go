package sim

import (
	"fmt"
	"slices"
	"strings"
)

// waitsFor lists the threads that could end t's wait: a mutex's owner,
// every thread of a process holding the other end of a pipe, a joined
// thread, the threads of the awaited children. init is left out: it
// waits for ever by design.
func (m *Machine) waitsFor(t *thread) []int {
	var out []int
	procThreads := func(p *process) {
		for _, o := range p.threads {
			out = append(out, o.tid)
		}
	}
	switch t.wait.kind {
	case waitMutex:
		if mu := m.mutexes[t.wait.mutex]; mu != nil && m.tids[mu.owner] != nil {
			out = append(out, mu.owner)
		}
	case waitPipeRead, waitPipeWrite:
		wantWrite := t.wait.kind == waitPipeRead
		for _, p := range m.procs {
			for _, e := range p.fds {
				if e.pipe == t.wait.id && e.write == wantWrite && p.state == ProcRunning {
					procThreads(p)
					break
				}
			}
		}
	case waitJoin:
		if m.tids[t.wait.id] != nil {
			out = append(out, t.wait.id)
		}
	case waitChild:
		for _, c := range m.procs {
			if c.ppid == t.p.pid && c.state == ProcRunning && (t.wait.id == -1 || t.wait.id == c.pid) {
				procThreads(c)
			}
		}
	}
	return out
}

// detectDeadlock finds the blocked threads that nothing can wake: a
// thread is hopeful if it can run, or if something it waits for is
// hopeful. A cycle among the hopeless is reported as a deadlock event
// naming it; a machine where no thread can run at all is reported as
// all-blocked. Each situation is reported once, when it appears.
func (m *Machine) detectDeadlock() {
	m.blockedDirty = false
	var blocked []*thread
	hopeful := map[int]bool{}
	edges := map[int][]int{}
	for _, t := range m.threads {
		if t.p.reaper {
			continue
		}
		if t.state != ThreadBlocked {
			hopeful[t.tid] = true
			continue
		}
		blocked = append(blocked, t)
		edges[t.tid] = m.waitsFor(t)
	}
	for changed := true; changed; {
		changed = false
		for _, t := range blocked {
			if hopeful[t.tid] {
				continue
			}
			for _, o := range edges[t.tid] {
				if hopeful[o] {
					hopeful[t.tid], changed = true, true
					break
				}
			}
		}
	}
	var stuck []int
	for _, t := range blocked {
		if !hopeful[t.tid] {
			stuck = append(stuck, t.tid)
		}
	}
	key := fmt.Sprint(stuck)
	if len(stuck) == 0 || key == m.stuckKey {
		m.stuckKey = key
		return
	}
	m.stuckKey = key
	if cyc := findCycle(stuck, edges); cyc != nil {
		m.emit(Event{Kind: EvDeadlock, Pid: m.tids[cyc[0]].p.pid, Tid: cyc[0], Tids: cyc, Name: m.describeCycle(cyc)})
	}
	if len(hopeful) == 0 {
		m.emit(Event{Kind: EvAllBlocked, Tids: stuck, Name: allBlockedText(len(stuck))})
	}
}

// findCycle returns a cycle of the wait-for graph among nodes, starting
// at its smallest tid, or nil.
func findCycle(nodes []int, edges map[int][]int) []int {
	in := map[int]bool{}
	for _, n := range nodes {
		in[n] = true
	}
	state := map[int]int{} // 1: on the path, 2: done
	var path []int
	var found []int
	var visit func(n int) bool
	visit = func(n int) bool {
		state[n] = 1
		path = append(path, n)
		for _, o := range edges[n] {
			if !in[o] {
				continue
			}
			if state[o] == 1 {
				i := slices.Index(path, o)
				found = slices.Clone(path[i:])
				return true
			}
			if state[o] == 0 && visit(o) {
				return true
			}
		}
		path = path[:len(path)-1]
		state[n] = 2
		return false
	}
	for _, n := range nodes {
		if state[n] == 0 && visit(n) {
			break
		}
	}
	if found == nil {
		return nil
	}
	i := slices.Index(found, slices.Min(found))
	return append(found[i:], found[:i]...)
}

// describeCycle says who waits for whom: "tid 3 waits for tid 4 (mutex),
// tid 4 waits for tid 3 (mutex)".
func (m *Machine) describeCycle(cyc []int) string {
	var parts []string
	for i, tid := range cyc {
		next := cyc[(i+1)%len(cyc)]
		parts = append(parts, fmt.Sprintf("tid %d waits for tid %d (%s)", tid, next, waitNames[m.tids[tid].wait.kind]))
	}
	return strings.Join(parts, ", ")
}

// unqueue takes a dying thread out of the pipe or mutex queue it waits in.
func (m *Machine) unqueue(t *thread) {
	if t.state != ThreadBlocked {
		return
	}
	drop := func(q []int) []int {
		if i := slices.Index(q, t.tid); i >= 0 {
			return slices.Delete(q, i, i+1)
		}
		return q
	}
	switch t.wait.kind {
	case waitPipeRead:
		if pi := m.pipes[t.wait.id]; pi != nil {
			pi.readQ = drop(pi.readQ)
		}
	case waitPipeWrite:
		if pi := m.pipes[t.wait.id]; pi != nil {
			pi.writeQ = drop(pi.writeQ)
		}
	case waitMutex:
		if mu := m.mutexes[t.wait.mutex]; mu != nil {
			mu.queue = drop(mu.queue)
		}
	}
	m.blockedDirty = true
}

// allBlockedText says how many threads are stuck, in English that agrees
// with the number.
func allBlockedText(n int) string {
	if n == 1 {
		return "1 thread blocked, it cannot run"
	}
	return fmt.Sprintf("%d threads blocked, none can run", n)
}

package sim

import (
	"fmt"
	"testing"
)

// checkInvariants verifies the rules every state must satisfy: each page
// table entry points at a live frame; each frame's reference count equals
// the number of entries pointing at it; every thread's stack lies in its
// own process and no two stacks overlap; a zombie owns no frames.
func checkInvariants(m *Machine) error {
	refs := m.segmentRefs()
	for _, p := range m.procs {
		if p.as == nil {
			continue
		}
		if p.state != ProcRunning && len(p.as.pt) > 0 {
			return fmt.Errorf("pid %d is %s but maps %d pages", p.pid, p.state, len(p.as.pt))
		}
		for vp, e := range p.as.pt {
			if int(e.frame) >= len(m.mem.all) || m.mem.all[e.frame] == nil {
				return fmt.Errorf("pid %d page %#x points at dead frame %d", p.pid, vp<<pageShift, e.frame)
			}
			refs[e.frame]++
		}
		var stacks []Region
		for _, t := range p.threads {
			if t.p != p || m.tids[t.tid] != t {
				return fmt.Errorf("tid %d is listed in pid %d but not registered there", t.tid, p.pid)
			}
			found := t.stack == Region{} // an ostep stack outside the space has no region
			for _, r := range p.as.regions {
				if r == t.stack {
					found = true
				}
			}
			if !found {
				return fmt.Errorf("tid %d's stack %#x-%#x is not a region of pid %d", t.tid, t.stack.Start, t.stack.End, p.pid)
			}
			for _, s := range stacks {
				if s.Start < t.stack.End && t.stack.Start < s.End {
					return fmt.Errorf("tid %d's stack overlaps another stack in pid %d", t.tid, p.pid)
				}
			}
			stacks = append(stacks, t.stack)
		}
		for i := 1; i < len(p.as.regions); i++ {
			// ostep: x86.py's flat space has no regions, only places; with a
			// small -m the stacks lie on the code and the variables.
			if !m.profile.Flat && p.as.regions[i-1].End > p.as.regions[i].Start {
				return fmt.Errorf("pid %d regions overlap: %+v and %+v", p.pid, p.as.regions[i-1], p.as.regions[i])
			}
		}
	}
	used := 0
	for i, f := range m.mem.all {
		if f == nil {
			continue
		}
		used++
		if f.refs != refs[int32(i)] {
			return fmt.Errorf("frame %d has refcount %d but %d entries map it", i, f.refs, refs[int32(i)])
		}
	}
	if used != m.mem.used {
		return fmt.Errorf("%d frames live but the pool counts %d", used, m.mem.used)
	}
	for _, t := range m.threads {
		if t.p.state != ProcRunning {
			return fmt.Errorf("tid %d runs in %s pid %d", t.tid, t.p.state, t.p.pid)
		}
	}
	if err := checkIPC(m); err != nil {
		return err
	}
	return checkClocks(m)
}

// checkClocks verifies time on the CPUs: each CPU's busy and idle time add
// up to its clock, the wall clock is the latest CPU clock, and the
// overhead categories add up to the work of all CPUs (with one CPU, the
// clock).
func checkClocks(m *Machine) error {
	var busy, latest uint64
	for i, c := range m.cpus {
		if c.time.Busy+c.time.Idle != c.time.Clock {
			return fmt.Errorf("cpu %d: busy %d + idle %d ns != its clock %d", i, c.time.Busy, c.time.Idle, c.time.Clock)
		}
		busy += c.time.Busy
		latest = max(latest, c.time.Clock)
	}
	if m.clock != latest {
		return fmt.Errorf("wall clock %d ns, latest CPU clock %d", m.clock, latest)
	}
	if got := m.over.Total(); got != busy {
		return fmt.Errorf("overhead categories add up to %d ns, the CPUs were busy for %d", got, busy)
	}
	return nil
}

// cpuClocks are the CPUs' clocks now.
func cpuClocks(m *Machine) []uint64 {
	out := make([]uint64, len(m.cpus))
	for i, c := range m.cpus {
		out[i] = c.time.Clock
	}
	return out
}

// clocksNeverGoBack checks that no CPU clock went back between two states.
func clocksNeverGoBack(before, after []uint64) error {
	for i := range before {
		if i < len(after) && after[i] < before[i] {
			return fmt.Errorf("cpu %d's clock went back from %d to %d ns", i, before[i], after[i])
		}
	}
	return nil
}

// checkIPC verifies descriptors and wait queues: every open descriptor
// names a live pipe and each pipe's end counts equal the descriptors
// naming them (so no end is referenced after close); every blocked thread
// in a pipe or mutex wait sits in exactly that one queue, and every queued
// thread is blocked on that object; a mutex owner never waits for itself.
func checkIPC(m *Machine) error {
	readers, writers := map[int]int{}, map[int]int{}
	for _, p := range m.procs {
		if p.state != ProcRunning && len(p.fds) > 0 {
			return fmt.Errorf("pid %d is %s but holds %d descriptors", p.pid, p.state, len(p.fds))
		}
		for fd, e := range p.fds {
			if e.pipe == 0 {
				continue
			}
			if m.pipes[e.pipe] == nil {
				return fmt.Errorf("pid %d fd %d refers to closed pipe %d", p.pid, fd, e.pipe)
			}
			if e.write {
				writers[e.pipe]++
			} else {
				readers[e.pipe]++
			}
		}
	}
	queued := map[int]string{}
	enqueue := func(tid int, where string) error {
		if prev, ok := queued[tid]; ok {
			return fmt.Errorf("tid %d waits in two queues: %s and %s", tid, prev, where)
		}
		queued[tid] = where
		return nil
	}
	for id, pi := range m.pipes {
		if pi.readers != readers[id] || pi.writers != writers[id] {
			return fmt.Errorf("pipe %d counts %d readers/%d writers, descriptors say %d/%d", id, pi.readers, pi.writers, readers[id], writers[id])
		}
		if pi.readers == 0 && pi.writers == 0 {
			return fmt.Errorf("pipe %d has no open end but still exists", id)
		}
		if len(pi.buf) > pi.capacity {
			return fmt.Errorf("pipe %d holds %d words, capacity %d", id, len(pi.buf), pi.capacity)
		}
		for _, q := range []struct {
			tids []int
			kind waitKind
		}{{pi.readQ, waitPipeRead}, {pi.writeQ, waitPipeWrite}} {
			for _, tid := range q.tids {
				t := m.tids[tid]
				if t == nil || t.state != ThreadBlocked || t.wait.kind != q.kind || t.wait.id != id {
					return fmt.Errorf("tid %d is queued on pipe %d but is not blocked on it", tid, id)
				}
				if err := enqueue(tid, fmt.Sprintf("pipe %d", id)); err != nil {
					return err
				}
			}
		}
	}
	for k, mu := range m.mutexes {
		for _, tid := range mu.queue {
			t := m.tids[tid]
			if t == nil || t.state != ThreadBlocked || t.wait.kind != waitMutex || t.wait.mutex != k {
				return fmt.Errorf("tid %d is queued on the mutex at %#x but is not blocked on it", tid, mu.addr)
			}
			if tid == mu.owner {
				return fmt.Errorf("tid %d waits for the mutex it owns", tid)
			}
			if err := enqueue(tid, fmt.Sprintf("mutex %#x", mu.addr)); err != nil {
				return err
			}
		}
	}
	for _, t := range m.threads {
		_, in := queued[t.tid]
		switch k := t.wait.kind; {
		case t.state == ThreadBlocked && (k == waitPipeRead || k == waitPipeWrite || k == waitMutex) && !in:
			return fmt.Errorf("tid %d is blocked on a %s but in no queue", t.tid, waitNames[k])
		case t.state != ThreadBlocked && in:
			return fmt.Errorf("tid %d is %s but sits in a wait queue", t.tid, t.state)
		}
	}
	return nil
}

// mustApply applies commands (text form) and checks invariants after each.
func mustApply(t *testing.T, m *Machine, lines ...string) []Event {
	t.Helper()
	var all []Event
	for _, line := range lines {
		c, err := ParseCommand(line)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		before := cpuClocks(m)
		all = append(all, m.Apply(c)...)
		if err := checkInvariants(m); err != nil {
			t.Fatalf("after %q: %v", line, err)
		}
		if err := clocksNeverGoBack(before, cpuClocks(m)); err != nil {
			t.Fatalf("after %q: %v", line, err)
		}
	}
	return all
}

func newMachine(t *testing.T, cfg Config) *Machine {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkInvariants(m); err != nil {
		t.Fatal(err)
	}
	return m
}

func findEvent(evs []Event, kind EventKind) (Event, bool) {
	for _, e := range evs {
		if e.Kind == kind {
			return e, true
		}
	}
	return Event{}, false
}

func countEvents(evs []Event, kind EventKind) int {
	n := 0
	for _, e := range evs {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

func procState(t *testing.T, m *Machine, pid int) ProcessState {
	t.Helper()
	for _, p := range m.State().Processes {
		if p.Pid == pid {
			return p
		}
	}
	t.Fatalf("no pid %d", pid)
	return ProcessState{}
}

func global(t *testing.T, m *Machine, pid int, name string) int64 {
	t.Helper()
	for _, g := range procState(t, m, pid).Globals {
		if g.Name == name {
			return g.Value
		}
	}
	t.Fatalf("pid %d has no global %s", pid, name)
	return 0
}

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
	refs := map[int32]int32{}
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
			found := false
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
			if p.as.regions[i-1].End > p.as.regions[i].Start {
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
		all = append(all, m.Apply(c)...)
		if err := checkInvariants(m); err != nil {
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

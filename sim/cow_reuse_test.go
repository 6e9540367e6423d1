package sim

import "testing"

// The last sharer of a copy-on-write page still takes a write fault, and
// the kernel reuses the page instead of copying it. Linux counts the
// fault: 4096 pages written by the parent after its child exited took
// 4096 minor faults here, as many as with the child alive (reuse.c in
// docs/costs.md).
func TestLastSharersWriteFaultsAndReusesThePage(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "write 2 counter 1", "fork 2", "exit 3 0", "wait 3")
	faultsBefore := m.State().Overhead.Faults
	evs := mustApply(t, m, "write 2 counter 2")
	r, ok := findEvent(evs, EvCOWReuse)
	if !ok || r.Pid != 2 || r.OldFrame != r.NewFrame || r.OldFrame < 0 || r.Cost != DefaultCosts.COWReuse {
		t.Fatalf("the last sharer's write: want a cow-reuse event on its own frame costing %d ns, got %+v", DefaultCosts.COWReuse, evs)
	}
	if n := countEvents(evs, EvCOWFault) + countEvents(evs, EvPageFault); n != 0 {
		t.Errorf("a reuse copies nothing and maps no fresh frame: %+v", evs)
	}
	if got := m.State().Overhead.Faults - faultsBefore; got != DefaultCosts.COWReuse {
		t.Errorf("fault time grew by %d ns, want %d", got, DefaultCosts.COWReuse)
	}
	if evs := mustApply(t, m, "write 2 counter 3"); countEvents(evs, EvCOWReuse)+countEvents(evs, EvCOWFault) != 0 {
		t.Errorf("the page is writable now: a second write must not fault, got %+v", evs)
	}
}

// With both processes writing, the first writer copies and the second,
// now the page's only mapper, reuses: two faults, one copy, as on Linux.
func TestBothWritersFaultOnceEach(t *testing.T) {
	m := newMachine(t, Config{})
	evs := mustApply(t, m, "fork 2", "write 3 counter 1", "write 2 counter 2")
	if c, r := countEvents(evs, EvCOWFault), countEvents(evs, EvCOWReuse); c != 1 || r != 1 {
		t.Errorf("child then parent write: %d copies and %d reuses, want 1 and 1", c, r)
	}
}

package sim

import "testing"

// An orphan's state says it was adopted, and says so after a snapshot
// clone too (the page's badge reads it from State, not from the event log).
func TestOrphanStateSaysAdopted(t *testing.T) {
	m, err := New(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Command{{Op: CmdFork, Tid: 2}, {Op: CmdFork, Tid: 3}, {Op: CmdExit, Tid: 3}} {
		for _, e := range m.Apply(c) {
			if e.Kind == EvError {
				t.Fatalf("%v: %v", c, e.Err)
			}
		}
	}
	for _, mm := range []*Machine{m, m.Clone()} {
		for _, p := range mm.State().Processes {
			want := p.Pid == 4
			if p.Adopted != want {
				t.Errorf("pid %d (ppid %d) Adopted = %v, want %v", p.Pid, p.PPid, p.Adopted, want)
			}
			if p.Pid == 4 && p.PPid != 1 {
				t.Errorf("orphan 4 has parent %d, want init", p.PPid)
			}
		}
	}
}

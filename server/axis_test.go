package server

import (
	"testing"

	"procscope/sim"
	"procscope/templates"
	"procscope/viewmodel"
)

// After a spawn and a fork, parent and child map their text, data, heap
// and main stack at the same addresses: on the axis each such region
// starts in the same band in both columns, and every column covers every
// band that is not a gap exactly once.
func TestTheAxisPutsTheSameAddressInTheSameBand(t *testing.T) {
	l, err := sim.NewLab(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	l.Apply(sim.Command{Op: sim.CmdSpawn, Tid: 2})
	l.Apply(sim.Command{Op: sim.CmdFork, Tid: 2})
	lab := viewmodel.LabFromState(l.Machine().State(), nil)
	ax := templates.NewAxis(lab.Procs)
	if len(ax.Procs) != 2 {
		t.Fatalf("axis columns = %d, want parent and child", len(ax.Procs))
	}
	start := map[int]map[string]int{} // pid -> region start -> band
	covered := map[int]int{}
	bands := 0
	for b, row := range ax.Rows {
		if row.Gap {
			if len(row.Cells) != 0 {
				t.Errorf("gap band %d has cells", b)
			}
			continue
		}
		bands++
		for _, c := range row.Cells {
			covered[c.Pid] += c.Span
			if !c.Empty {
				if start[c.Pid] == nil {
					start[c.Pid] = map[string]int{}
				}
				start[c.Pid][c.Row.Start] = b
			}
		}
	}
	for _, p := range ax.Procs {
		if covered[p.Pid] != bands {
			t.Errorf("P%d's cells span %d bands, want all %d", p.Pid, covered[p.Pid], bands)
		}
	}
	parent, child := ax.Procs[0].Pid, ax.Procs[1].Pid
	same := 0
	for addr, b := range start[parent] {
		if cb, ok := start[child][addr]; ok {
			same++
			if cb != b {
				t.Errorf("region at %s: band %d in P%d, %d in P%d", addr, b, parent, cb, child)
			}
		}
	}
	if same < 4 {
		t.Errorf("only %d regions start at the same address in both: %v / %v", same, start[parent], start[child])
	}
}

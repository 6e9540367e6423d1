package viewmodel

import (
	"testing"

	"procscope/sim"
)

// A C pipe buffers 64 KiB: the page draws a bounded strip of it, the
// buffered values first, and the caption keeps the real figures.
func TestAPipeOfAWholeCPipeDrawsABoundedStrip(t *testing.T) {
	st := sim.State{Pipes: []sim.PipeState{{ID: 1, Buffer: []int64{10, 0, 0, 0, 20}, Capacity: sim.CPipeCapacity, Writers: 1}}}
	v := pipesView(st, nil)
	if len(v) != 1 || len(v[0].Cells) != maxPipeCells || v[0].Capacity != sim.CPipeCapacity || v[0].Used != 5 {
		t.Fatalf("pipe view: %d cells, used %d of %d; want %d cells, 5 of %d", len(v[0].Cells), v[0].Used, v[0].Capacity, maxPipeCells, sim.CPipeCapacity)
	}
	if c := v[0].Cells; !c[0].Full || c[0].Value != "10" || !c[4].Full || c[4].Value != "20" || c[5].Full {
		t.Errorf("cells %+v, want the five buffered values first", c[:6])
	}
}

package server

import (
	"testing"

	"procscope/sim"
)

// The "try random interrupts" control belongs to the ostep machine: it
// offers seed 1 first, then the seed after the one the lab runs with.
func TestRandomTryOffersTheNextSeedOnTheOSTEPMachineOnly(t *testing.T) {
	if r := randomTry(sim.State{Profile: sim.LinuxX8664.Name}); r != nil {
		t.Errorf("linux-x86_64: %+v, want no control", r)
	}
	r := randomTry(sim.State{Profile: sim.OSTEP.Name, Timer: sim.Timer{Interval: 2}})
	if r == nil || r.Random || r.Next != 1 {
		t.Errorf("fixed timer: %+v, want seed 1 offered", r)
	}
	r = randomTry(sim.State{Profile: sim.OSTEP.Name, Timer: sim.Timer{Interval: 50, Random: true, Seed: 7}})
	if r == nil || !r.Random || r.Seed != 7 || r.Interval != 50 || r.Next != 8 {
		t.Errorf("seed 7: %+v, want it shown and 8 offered", r)
	}
}

package lessons

import (
	"testing"

	"procscope/sim"
)

// TestStackProbeGrowsByAFramePerCall: in stack-overflow each call of dive
// holds 256 bytes of locals, so every deeper call adds at least that many
// bytes to what `stack 3` reads.
func TestStackProbeGrowsByAFramePerCall(t *testing.T) {
	l, _ := Get("stack-overflow")
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatal(err)
	}
	used := map[int64]int64{} // depth → the most bytes in use at it
	for range 400 {
		lab.Apply(sim.Command{Op: sim.CmdStep, N: 1})
		o := &Observation{State: lab.Machine().State()}
		if d := readDepth(o, []string{"3"}); d.Missing == "" {
			used[d.Num] = max(used[d.Num], readStack(o, []string{"3"}).Num)
		}
	}
	for d := int64(3); d <= 10; d++ {
		if used[d]-used[d-1] < 256 {
			t.Errorf("depth %d uses %d bytes, depth %d %d: want at least 256 more per call", d, used[d], d-1, used[d-1])
		}
	}
	if v := readStack(&Observation{}, []string{"3"}); v.Missing == "" {
		t.Errorf("a thread that does not exist reads %v", v)
	}
}

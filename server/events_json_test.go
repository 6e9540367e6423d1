package server

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"procscope/sim"
)

// TestEventsJSONIsWireJSONs encodes random events, with every field set
// or not, errors, deadlock cycles and names that need escaping, by hand
// and through wireJSON, and fails on the first byte they differ in.
func TestEventsJSONIsWireJSONs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"", "a", "<b>", "&", "\\", "\"", "\n", "\x00", "\x1f", "한국어", "\u2028", "\xff", "🙂", "'", "/"}
	str := randomStrings(rng, pieces, 4)
	num := func() int { return []int{0, -1, 1, 7, 1 << 40, -(1 << 62)}[rng.IntN(6)] }
	u64 := func() uint64 { return []uint64{0, 1, 0x555555558000, 1<<64 - 1}[rng.IntN(4)] }
	for range 3000 {
		evs := make([]sim.Event, rng.IntN(4))
		for i := range evs {
			e := sim.Event{Tick: u64(), Kind: sim.EventKind(str()), Pid: num(), Tid: num(), Other: num(), CPU: num(),
				Addr: u64(), Start: u64(), End: u64(), OldFrame: num(), NewFrame: num(), Value: int64(num()),
				Signal: num(), Switch: sim.SwitchKind(str()), Name: str(), Cost: u64(), FD: num(), Object: num()}
			if rng.IntN(3) == 0 {
				e.Err = &sim.Error{Code: str(), Msg: str()}
			}
			if rng.IntN(3) == 0 {
				e.Tids = []int{}
				for range rng.IntN(3) {
					e.Tids = append(e.Tids, num())
				}
			}
			evs[i] = e
		}
		want, err := wireJSON(evs)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendEvents(nil, evs); !bytes.Equal(got, want) {
			t.Fatalf("events %+v:\n got %s\nwant %s", evs, got, want)
		}
	}
}

package server

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"procscope/sim"
)

// A long run (a restore's replay, a long step) gives way: on one
// processor, a bystander's command sent while another client's run is
// under way is answered before that run ends. Without pacing Go would
// hand the core over only when it preempts the run (~10 ms) and look at
// the network only every ~10 ms, so a run of 300,000 ticks (~10 ms
// here; more under -race, which only makes it easier) finished first.
// The test asserts the order of what happens, never a time.
func TestALongRunGivesWayToABystander(t *testing.T) {
	const ticks = 300_000
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for _, long := range []string{"replay", "step"} {
		t.Run(long, func(t *testing.T) {
			h := newHarness(t, Config{Limits: Limits{MaxStepsPerCommand: ticks, MaxTicks: 2 * ticks}})
			by := h.dial("/ws")
			by.hello(nil)
			a := h.dial("/ws")
			spinSave := func(log string) string { // spin never stops: every step runs all its ticks
				prog, _ := json.Marshal(spin)
				return encodeRaw(fmt.Sprintf(`{"v":2,"model":%d,"seed":1,"program":%s,"log":[%s]}`, sim.ModelVersion, prog, log))
			}
			var running func() bool
			done := "" // what the long run's client receives when it ends
			if long == "replay" {
				a.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "save": spinSave(fmt.Sprintf(`"10*step %d"`, ticks/10))})
				running = func() bool { return len(h.s.replaySem) == 1 }
				done = `"type":"hello"`
			} else {
				hello, _ := a.hello(map[string]any{"save": spinSave("")})
				s := h.s.session(hello["session"].(string))
				a.send(map[string]any{"op": "step", "n": ticks})
				running = func() bool {
					if s.mu.TryLock() {
						s.mu.Unlock()
						return false
					}
					return true
				}
				done = fmt.Sprintf(`"tick":%d`, ticks)
			}
			ended := make(chan struct{})
			go func() {
				defer close(ended)
				for {
					b, err := a.readBytes()
					if err != nil || strings.Contains(string(b), done) {
						return
					}
				}
			}()
			for !running() {
				select {
				case <-ended:
					t.Fatalf("the %s of %d ticks ended before this test's goroutine had the core once", long, ticks)
				case <-time.After(10 * time.Microsecond): // parks: the server's goroutines run
				}
			}
			by.send(map[string]any{"op": "step"})
			by.read("frame")
			if !running() {
				t.Fatalf("the bystander's step was answered only after the %s of %d ticks ended", long, ticks)
			}
		})
	}
}

// A flood is not read in a loop: each message refused by the rate limit
// is followed by a pause of one token's time (100 ms here) before the socket is read
// again (TCP holds the rest), so a flooding client cannot keep the core.
func TestARefusedMessagePausesReading(t *testing.T) {
	var mu sync.Mutex
	var pauses []time.Duration
	h := newHarness(t, Config{Limits: Limits{CommandsPerSecond: 10, CommandBurst: 2}}, func(s *Server) {
		s.sleep = func(_ context.Context, d time.Duration) { mu.Lock(); pauses = append(pauses, d); mu.Unlock() }
	})
	c := h.dial("/ws")
	c.hello(map[string]any{"format": "json"}) // one token of two
	for range 4 {
		c.raw(`{"op":"snapshot"}`) // one token, then two owed (paced), then over the debt
	}
	for {
		b, err := c.readBytes()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), string(CodeRateLimited)) {
			break
		}
	}
	// The pause follows the refusal on the reader, which queued the error first.
	waitUntil(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		// two owed tokens paced (100 and 200 ms), then the refusal's pause
		return slices.Equal(pauses, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 100 * time.Millisecond})
	})
}

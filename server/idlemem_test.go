package server

import (
	"bytes"
	"runtime"
	"testing"
)

// TestAnIdleSessionCostsLittle counts the memory of idle pages: sockets
// that said hello, got their first frame and then only listen (a
// lecture hall between clicks; issue 10's target is 10,000 of them in
// under 1 GiB of RSS). It counts bytes, not time: the live heap after a
// collection and the goroutine stacks, per session. The clients are raw
// sockets with a 4 KiB reader each, counted in the heap too.
//
// Before the socket got a goroutine of its own, small buffers, a hello
// apart from its reader and a writer only while there is something to
// write, a session cost 43 KB of heap and 20 KB of stacks; after, 31 KB
// and 8 KB.
func TestAnIdleSessionCostsLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 200 sockets")
	}
	const n = 200
	h := newHarness(t, Config{Limits: Limits{MaxSessions: n + 10, MaxSessionsPerAddr: n + 10, MaxConnsPerAddr: n + 10}})
	before := memNow()
	conns := make([]*rawWS, 0, n)
	for range n {
		r := h.dialRaw()
		r.text(`{"op":"hello","protocol":1}`)
		r.waitFrame()
		conns = append(conns, r)
	}
	after := memNow()
	heap := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	stack := (int64(after.StackInuse) - int64(before.StackInuse)) / n
	t.Logf("per idle session: heap %d B, stacks %d B", heap, stack)
	// RSS is about twice the live heap (GOGC) plus the stacks: 10,000
	// sessions in 1 GiB leave ~100 KiB each, so ~42 KiB of heap with the
	// test's client.
	if heap > 42<<10 {
		t.Errorf("live heap per idle session %d B, want at most %d", heap, 42<<10)
	}
	maxStack := int64(12 << 10)
	if raceOn {
		maxStack = 14 << 10 // the race detector's frames are larger
	}
	if stack > maxStack {
		t.Errorf("goroutine stacks per idle session %d B, want at most %d", stack, maxStack)
	}
	runtime.KeepAlive(conns)
}

// memNow is the memory after collections have freed what they can (a
// few, so that stacks are shrunk too).
func memNow() runtime.MemStats {
	var m runtime.MemStats
	for range 3 {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return m
}

// waitFrame reads until the first frame.
func (r *rawWS) waitFrame() {
	r.t.Helper()
	for {
		op, p, err := r.readFrame()
		if err != nil {
			r.t.Fatal(err)
		}
		if op == 0x1 && bytes.HasPrefix(p, []byte(`{"type":"frame"`)) {
			return
		}
	}
}

package server

import (
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"procscope/sim"
)

// A long run gives way. One step may run 100,000 instructions and a
// restore 5,000,000 ticks: tens of milliseconds on one core. Go takes the
// core from a running goroutine only every ~10 ms, and the network poller
// (which wakes a bystander's socket) runs when a processor has nothing
// else to do, or from the runtime's monitor every ~10 ms: so a
// bystander's command used to wait one to three of those slices behind a
// hostile client's long run. Now every lab's machine calls its pacer
// every paceTicks ticks (sim.Machine.SetPacer; sim itself knows no clock
// or scheduler), and once the run has held the core for paceSlice the
// pacer parks the goroutine until the network poller has looked once
// (giveWay): whatever is ready, a bystander's command or frame included,
// runs first, and a bystander waits at most about one slice.
//
// runtime.Gosched would not do: the yielded goroutine goes back on the
// run queue and, with nothing else queued, runs again at once without the
// poller being asked. Parking on a timer would: but the poller sleeps in
// whole milliseconds, so each park would idle the core ~1 ms when nobody
// waits. The doorbell costs two system calls and no idling.

// paceTicks is how many ticks apart a machine calls its pacer: a few
// microseconds of instructions, so a call (a clock read) costs well under
// 1 % of a run.
const paceTicks = 256

// paceSlice is how long a run holds the core before it gives way.
const paceSlice = 500 * time.Microsecond

// paceGap is a pause between two pacer calls long enough to mean a new
// run began (the lab was idle between commands): its slice starts then.
const paceGap = 5 * time.Millisecond

// pacer times one lab's runs. Its fields are atomic because a lab's
// clones share it (a room's students each get a clone when it ends).
type pacer struct {
	called atomic.Int64 // monotonic nanoseconds of the previous call
	since  atomic.Int64 // when the run last got the core
}

// paceEpoch makes the pacer's clock monotonic (time.Since reads Go's
// monotonic clock).
var paceEpoch = time.Now()

// pace is the lab's pacer: it gives way once the run has held the core
// for paceSlice.
func (p *pacer) pace() {
	now := int64(time.Since(paceEpoch))
	if now-p.called.Swap(now) > int64(paceGap) {
		p.since.Store(now) // a new run: its slice starts now
		return
	}
	if now-p.since.Load() < int64(paceSlice) {
		return
	}
	giveWay()
	now = int64(time.Since(paceEpoch))
	p.called.Store(now)
	p.since.Store(now)
}

// paceLab gives a lab a pacer of its own and returns it.
func paceLab(l *sim.Lab) *pacer {
	p := &pacer{}
	l.SetPacer(paceTicks, p.pace)
	return p
}

// doorbell parks goroutines that give way until the network poller has
// run: a parked goroutine rings it (a byte into a pipe the poller
// watches) and waits; when the poller reports the pipe readable (along
// with every socket that is ready) the doorbell's goroutine wakes the
// waiters. One per process, started by the first long run.
type doorbell struct {
	start   sync.Once
	ok      bool
	r, w    *os.File
	mu      sync.Mutex
	waiting []chan struct{}
}

var bell doorbell

// giveWay parks the calling goroutine until the network poller has run
// once and whatever it woke has had its turn at the core.
func giveWay() {
	bell.start.Do(bell.open)
	if !bell.ok {
		runtime.Gosched() // no pipe (out of descriptors): the next best
		return
	}
	ch := make(chan struct{})
	bell.mu.Lock()
	bell.waiting = append(bell.waiting, ch)
	bell.mu.Unlock()
	if _, err := bell.w.Write([]byte{1}); err != nil {
		bell.ring() // cannot happen with an open pipe; never park forever
	}
	<-ch
}

// open makes the doorbell's pipe and starts its goroutine.
func (d *doorbell) open() {
	r, w, err := os.Pipe()
	if err != nil {
		return
	}
	d.r, d.w, d.ok = r, w, true
	go d.loop()
}

// loop wakes the waiters each time the pipe has bytes to read.
func (d *doorbell) loop() {
	buf := make([]byte, 64)
	for {
		if _, err := d.r.Read(buf); err != nil {
			d.ring()
			return
		}
		d.ring()
	}
}

// ring wakes every goroutine waiting at the doorbell.
func (d *doorbell) ring() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, ch := range d.waiting {
		close(ch)
	}
	d.waiting = d.waiting[:0]
}

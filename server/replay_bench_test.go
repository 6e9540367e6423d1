package server

import (
	"runtime"
	"testing"

	"procscope/sim"
)

// spin runs forever on two threads, so a long play never goes idle.
const spin = `.var n
.main
.top
mov n, %ax
add $1, %ax
mov %ax, n
j .top
`

// playedLab is a session's lab after a long play: `step k` commands at
// the fastest speed (k = 334 for 10,000 instructions/s at 30 frames/s) up
// to ticks.
func playedLab(tb testing.TB, every uint64, ticks uint64) *sim.Lab {
	tb.Helper()
	srv, err := newServer(Config{})
	if err != nil {
		tb.Fatal(err)
	}
	defer srv.CloseSockets()
	l, err := srv.buildLab(labConfig{Seed: 1, Lesson: "counter-race", Program: spin})
	if err != nil {
		tb.Fatal(err)
	}
	l.SetSnapshotEvery(every)
	k, _ := playPace(10_000, 30)
	for l.Machine().Tick() < ticks {
		l.Apply(sim.Command{Op: sim.CmdStep, N: k})
	}
	return l
}

// BenchmarkBackOneAt5MTicks is the cost of the worst thing a client can
// ask for after a long play: back 1 with the history at its limit
// (-max-ticks, 5,000,000). Target: under 50 ms at the server's snapshot
// spacing (it was ~330 ms replaying from the seed).
func BenchmarkBackOneAt5MTicks(b *testing.B) {
	for _, c := range []struct {
		name  string
		every uint64
	}{{"server-spacing", snapshotEvery}, {"every-5000", 5000}, {"none", 0}} {
		b.Run(c.name, func(b *testing.B) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			l := playedLab(b, c.every, DefaultLimits.MaxTicks)
			runtime.GC()
			runtime.ReadMemStats(&after)
			for b.Loop() {
				if err := l.Back(1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "lab-MiB")
		})
	}
}

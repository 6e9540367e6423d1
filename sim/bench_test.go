package sim

import (
	"runtime"
	"testing"
)

// loopingRace is x86.py's looping-race-nolock loop, written for this lab.
const loopingRace = `# two threads add to one unlocked counter
.var count
.main
.top
mov count, %ax
add $1, %ax
mov %ax, count
sub $1, %bx
test $0, %bx
jgt .top
halt
`

// BenchmarkLoopingRace runs two threads of the race loop with interrupt
// interval 100 and no observer. Target: >= 20 million instr/s, 0 allocs per
// instruction (one op = one instruction).
func BenchmarkLoopingRace(b *testing.B) {
	for _, profile := range []string{"ostep", "linux-x86_64"} {
		b.Run(profile, func(b *testing.B) {
			m, err := New(Config{Profile: profile, Program: loopingRace, Threads: 2, Interrupt: 100, ThreadArgs: []string{"bx=1000000000000"}})
			if err != nil {
				b.Fatal(err)
			}
			m.Apply(Command{Op: CmdStep, N: 1000}) // warm the pages
			b.ReportAllocs()
			b.ResetTimer()
			for left := int64(b.N); left > 0; {
				n := min(left, 1_000_000)
				m.run(n)
				m.events = m.events[:0]
				left -= n
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "instr/s")
		})
	}
}

// BenchmarkHeapHeld reports the Go heap a machine holds with one process
// of four threads after a thousand instructions. Target: <= 128 KiB.
func BenchmarkHeapHeld(b *testing.B) {
	var held uint64
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := New(Config{Threads: 4, StackSize: 64 << 10})
		if err != nil {
			b.Fatal(err)
		}
		m.Apply(Command{Op: CmdStep, N: 1000})
		m.events = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		held = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(m)
	}
	b.ReportMetric(float64(held), "heap-bytes")
}

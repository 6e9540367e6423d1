package lessons

import (
	"testing"

	"procscope/sim"
)

// BenchmarkUntil resolves one "until" action of a lesson (the runner
// reads its check after every instruction), on the lab as the earlier
// steps left it. One op is one whole resolution; instr/op says how many
// instructions it looked through.
func BenchmarkUntil(b *testing.B) {
	for _, c := range []struct {
		lesson string
		step   int // 1-based, as in testdata/until.golden
	}{
		{"more-threads", 1},      // until threads 2 == 5: 4 C threads, ~10,000 instructions
		{"race-mutex-atomic", 4}, // until line 2 == 46: two C threads take turns at a mutex
	} {
		b.Run(c.lesson, func(b *testing.B) {
			l, ok := Get(c.lesson)
			if !ok {
				b.Fatalf("no lesson %s", c.lesson)
			}
			lab, err := sim.NewLab(l.Config(1))
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range l.Steps[:c.step-1] {
				if _, err := s.Play(lab, 1_000_000); err != nil {
					b.Fatal(err)
				}
			}
			a := l.Steps[c.step-1].Run[0]
			if a.Until == nil {
				b.Fatalf("step %d's first action %q is no until", c.step, a.Src)
			}
			var n int64
			b.ReportAllocs()
			for b.Loop() {
				cmd, _, err := a.Resolve(lab.Machine(), 1_000_000)
				if err != nil {
					b.Fatal(err)
				}
				n = cmd.N
			}
			b.ReportMetric(float64(n), "instr/op")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/instr")
		})
	}
}

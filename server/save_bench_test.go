package server

import (
	"strconv"
	"testing"

	"procscope/sim"
)

// BenchmarkPackSave is the cost of the saved lab a paused lab's frame
// carries, for a lab stepped by hand (a few lines, the last one's count
// growing with each step) and for an hour of varied commands. "frame" is
// a session's path (saveLog.pack: the head kept, the run's line stored);
// "whole" compresses everything each time (packSave). It reports the
// string's length, which ends up in the page's link.
func BenchmarkPackSave(b *testing.B) {
	cfg := labConfig{Seed: 1, Program: ".var n\n.main\n.top\nmov n, %ax\nadd $1, %ax\nmov %ax, n\nj .top\n"}
	step := sim.Command{Op: sim.CmdStep, N: 1}
	for _, n := range []int{2, 400} {
		var l saveLog
		l.rebuild(nil)
		for i := range n {
			l.add(sim.Command{Op: sim.CmdStep, N: int64(i%7 + 2)})
			l.add(sim.Command{Op: sim.CmdWrite, Tid: 3, Name: "n", N: int64(i)})
		}
		b.Run(strconv.Itoa(2*n)+"-lines/frame", func(b *testing.B) {
			cpu := processCPU()
			for b.Loop() {
				l.add(step)
				l.pack(cfg)
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e3, "cpu-us/op")
			b.ReportMetric(float64(len(l.pack(cfg))), "chars")
		})
		b.Run(strconv.Itoa(2*n)+"-lines/whole", func(b *testing.B) {
			cpu := processCPU()
			for b.Loop() {
				l.add(step)
				packSave(cfg, l.lines())
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e3, "cpu-us/op")
			b.ReportMetric(float64(len(packSave(cfg, l.lines()))), "chars")
		})
	}
}

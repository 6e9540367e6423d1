package server

import (
	"testing"

	"procscope/sim"
)

// BenchmarkSpawnFrame is the server's CPU for the click → paint budget's
// other click: a spawn in the 8-process, 12-thread lab, its frame built
// for one page, then taken back (as the page measurement does, so every
// spawn is made in the same lab); cpu-ms/op counts both frames.
func BenchmarkSpawnFrame(b *testing.B) {
	s, c := benchSession(b, viewKey{lang: "en", controls: "full", mode: "explore"}, "", bigLab...)
	var bytes int
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		s.mu.Lock()
		s.applyLocked(sim.Command{Op: sim.CmdSpawn, Tid: 2})
		s.publishLocked(false)
		s.mu.Unlock()
		bytes += drain(c)
		s.mu.Lock()
		if err := s.controlLocked(request{Op: "back", N: 1}); err != nil {
			b.Fatal(err)
		}
		s.publishLocked(false)
		s.mu.Unlock()
		drain(c)
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "spawn-bytes/frame")
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

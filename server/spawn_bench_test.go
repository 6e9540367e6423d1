package server

import (
	"testing"
	"time"

	"procscope/sim"
)

// BenchmarkSpawnFrame is the server's CPU for the click → paint budget's
// other click: a spawn in the 8-process, 12-thread lab, its frame built
// for one page, then taken back (as the page measurement does, so every
// spawn is made in the same lab); cpu-ms/op counts both frames,
// spawn-wall-ms the spawn's alone.
func BenchmarkSpawnFrame(b *testing.B) {
	s, c := benchSession(b, viewKey{lang: "en", controls: "full", mode: "explore"}, "", bigLab...)
	var bytes int
	var spawnWall time.Duration
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		t0 := time.Now()
		s.mu.Lock()
		s.applyLocked(sim.Command{Op: sim.CmdSpawn, Tid: 2})
		s.publishLocked(false)
		s.mu.Unlock()
		bytes += drain(c)
		spawnWall += time.Since(t0)
		s.mu.Lock()
		if err := s.controlLocked(request{Op: "back", N: 1}); err != nil {
			b.Fatal(err)
		}
		s.publishLocked(false)
		s.mu.Unlock()
		drain(c)
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "spawn-bytes/frame")
	// the spawn's half alone, in wall time: what the page waits for
	b.ReportMetric(float64(spawnWall.Microseconds())/float64(b.N)/1e3, "spawn-wall-ms")
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

package sim

import "testing"

// TestCalibration checks that every processes/threads ratio of the
// experiment points the way the facts do and lies within 2× of them.
func TestCalibration(t *testing.T) {
	c := docCalibration(t)
	for _, s := range []Side{c.Threads, c.Processes} {
		if s.Result != 40_000 {
			t.Fatalf("%+v: the workers' reports add up to %d, want 40000", s, s.Result)
		}
	}
	create, sw, msg, total := c.Ratios()
	t.Logf("threads   %+v", c.Threads)
	t.Logf("processes %+v", c.Processes)
	t.Logf("fork/pthread_create %.2f×, process/thread switch %.2f×, pipe/shared message %.1f×, total %.2f×", create, sw, msg, total)
	for _, r := range []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"process switch / thread switch (facts 1.24)", sw, calibrationBounds.switching[0], calibrationBounds.switching[1]},
		{"fork / pthread_create (facts 7–20)", create, calibrationBounds.create[0], calibrationBounds.create[1]},
		{"pipe / shared-memory message (facts 20–80)", msg, calibrationBounds.message[0], calibrationBounds.message[1]},
		{"processes / threads total", total, 1.0001, 1e9},
	} {
		if r.got < r.min || r.got > r.max {
			t.Errorf("%s = %.2f, want %.2f..%.2f", r.name, r.got, r.min, r.max)
		}
	}
	if c.Processes.Frames <= c.Threads.Frames || c.Processes.PTEs <= c.Threads.PTEs {
		t.Errorf("processes use %d frames / %d PTEs, threads %d / %d; processes should need more", c.Processes.Frames, c.Processes.PTEs, c.Threads.Frames, c.Threads.PTEs)
	}
	if c.Processes.Faults <= c.Threads.Faults {
		t.Errorf("processes faulted for %d ns, threads %d: each child's report should copy a page", c.Processes.Faults, c.Threads.Faults)
	}
}

func TestCompareRejectsBadSizes(t *testing.T) {
	for _, tc := range []struct {
		n    int
		work int64
	}{{0, 100}, {33, 1000}, {4, 2}, {4, 1 << 25}} {
		if _, err := CompareThreadsProcesses(tc.n, tc.work, Config{}); err == nil {
			t.Errorf("n=%d work=%d: want an error", tc.n, tc.work)
		}
	}
}

func TestCostTableCitesEverySource(t *testing.T) {
	for _, e := range DefaultCosts.Table() {
		if e.NS == 0 || (len(e.Source) < 12) || (e.Source[:5] != "facts" && e.Source[:7] != "derived") {
			t.Errorf("%s: %d ns, source %q: every cost needs a value and a facts line or a derivation", e.Name, e.NS, e.Source)
		}
	}
}

package lessons

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"procscope/sim"
)

// Recorded runs. A lab has one machine with one number of CPUs, but a
// lesson may need to compare the same program on several ("more threads
// is not always faster": 1, 2 and 4 CPUs). The probes `elapsed CPUS SET`
// and `switched CPUS SET` answer from a recorded run: the lesson's own
// program, on a fresh machine of the lesson's configuration with CPUS
// CPUs, its globals set first by the lab's own `write` commands (SET is
// "name=value,…" or "-" for none), run until nothing can run. The numbers
// are the model's, computed by the same simulator the page shows; a run
// depends only on its inputs, so it is computed once and kept.

// maxRecordedCPUs and maxRecordedSteps bound what a lesson (a teacher's
// too) can make the server compute for one recorded run.
const (
	maxRecordedCPUs  = 8
	maxRecordedSteps = 4_000_000
	maxSettings      = 4
)

// recordedRun is what a recorded run measured.
type recordedRun struct {
	clock, switching uint64
	missing          string
}

type recordedKey struct {
	program, language, profile string
	stack                      uint64
	interrupt, threads, cpus   int
	settings                   string
}

var (
	recordedMu   sync.Mutex
	recordedRuns = map[recordedKey]recordedRun{}
)

// parseSettings reads "name=value,…" ("-": none) into write commands.
func parseSettings(s string) ([]sim.Command, error) {
	if s == "-" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > maxSettings {
		return nil, fmt.Errorf("%q: at most %d settings", s, maxSettings)
	}
	var out []sim.Command
	for _, p := range parts {
		name, val, ok := strings.Cut(p, "=")
		n, err := strconv.ParseInt(val, 10, 64)
		if !ok || !isName(name) || err != nil {
			return nil, fmt.Errorf("%q: want name=number pairs separated by commas, or -", s)
		}
		out = append(out, sim.Command{Op: sim.CmdWrite, Tid: 2, Name: name, N: n})
	}
	return out, nil
}

// recorded runs (or recalls) the run a probe names.
func (o *Observation) recorded(a []string) recordedRun {
	if o.Lesson == nil {
		return recordedRun{missing: "a recorded run needs the lesson's program"}
	}
	l := o.Lesson
	k := recordedKey{program: l.Program, language: l.Language, profile: l.Profile, stack: l.StackSize,
		interrupt: l.Interrupt, threads: l.Threads, cpus: atoi(a[0]), settings: a[1]}
	recordedMu.Lock()
	r, ok := recordedRuns[k]
	recordedMu.Unlock()
	if ok {
		return r
	}
	r = record(l.Config(1), k.cpus, a[1])
	recordedMu.Lock()
	recordedRuns[k] = r
	recordedMu.Unlock()
	return r
}

// record makes one recorded run.
func record(cfg sim.Config, cpus int, settings string) recordedRun {
	cfg.CPUs = cpus
	m, err := sim.New(cfg)
	if err != nil {
		return recordedRun{missing: err.Error()}
	}
	writes, _ := parseSettings(settings) // checked when the lesson loaded
	for _, c := range writes {
		for _, e := range m.Apply(c) {
			if e.Kind == sim.EvError || e.Kind == sim.EvSegfault {
				return recordedRun{missing: fmt.Sprintf("setting %s: %s %v", c.Name, e.Kind, e.Err)}
			}
		}
	}
	evs := m.Apply(sim.Command{Op: sim.CmdUntil, Name: sim.UntilHalt, N: maxRecordedSteps})
	if last := evs[len(evs)-1]; last.Kind != sim.EvStopped || last.Name != sim.UntilHalt {
		return recordedRun{missing: fmt.Sprintf("the run on %d CPUs with %s does not end within %d instructions", cpus, settings, maxRecordedSteps)}
	}
	st := m.State()
	return recordedRun{clock: st.Clock, switching: st.Overhead.Switching}
}

func readElapsed(o *Observation, a []string) Value {
	r := o.recorded(a)
	if r.missing != "" {
		return missing("%s", r.missing)
	}
	return num(int64(r.clock))
}

func readSwitched(o *Observation, a []string) Value {
	r := o.recorded(a)
	if r.missing != "" {
		return missing("%s", r.missing)
	}
	return num(int64(r.switching))
}

// readRunning counts the threads on a CPU now.
func readRunning(o *Observation, _ []string) Value {
	n := 0
	for _, c := range o.State.CPUs {
		if c.Tid != 0 {
			n++
		}
	}
	return num(int64(n))
}

package server

import (
	"fmt"
	"strings"
	"testing"

	"procscope/sim"
)

// asmCounter is sim's assembly counter program, the free lab's program
// before it was C: tests about the assembly language, or that name its
// labels and registers, load it explicitly.
var asmCounter = sim.BuiltinSource("counter")

// loadAsmCounter loads the assembly counter into c's lab, on the machine
// the lab had.
func (c *client) loadAsmCounter() map[string]any {
	c.t.Helper()
	return c.do(map[string]any{"op": "load", "program": asmCounter, "language": "asm"})
}

// terminalText is everything the lab's programs wrote to the terminal.
func terminalText(st sim.State) string {
	var b strings.Builder
	for _, w := range st.Terminal {
		b.WriteString(w.Text)
	}
	return b.String()
}

// A page with no lesson, a reset and a load of neither lesson nor program
// all start the free lab: its C program, with worker as the function the
// Spawn button starts.
func TestTheFreeLabRunsItsCProgram(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, nil)
	check := func(when string) {
		t.Helper()
		st, _ := c.snapshot()
		if st.Program.Language != "c" || strings.Join(st.Program.Source, "\n")+"\n" != freeLabSource {
			t.Errorf("%s: a %q program of %d lines, want the free lab's C", when, st.Program.Language, len(st.Program.Source))
		}
	}
	check("a new lab")
	c.loadAsmCounter()
	c.do(map[string]any{"op": "load"})
	check("a load of neither lesson nor program")
	c.do(map[string]any{"op": "line", "text": "step 30"})
	c.do(map[string]any{"op": "reset"})
	check("a reset")
	if p := procView(t, viewLab(t), 2); !p.CProgram || p.ThreadFunc != "worker" {
		t.Errorf("the free lab: C %v, thread function %q, want C and worker", p.CProgram, p.ThreadFunc)
	}
}

// Played to the end on the lab's machine, the two workers' loads and
// stores interleave (a timer every 50 instructions) and updates are lost:
// main prints a counter below 2 × loops. gcc, whose threads run in time
// slices of milliseconds, prints 2 × loops (sim/cc's examples test).
func TestTheFreeLabLosesUpdatesToTheRace(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, nil)
	st, _ := c.snapshot()
	loops := global(t, process(t, st, 2), "loops").Value
	c.do(map[string]any{"op": "line", "text": "until halt"})
	st, _ = c.snapshot()
	var n int64
	if _, err := fmt.Sscanf(terminalText(st), "counter = %d\n", &n); err != nil || n >= 2*loops || n < loops {
		t.Errorf("terminal %q, want counter = %d to %d: updates lost", terminalText(st), loops, 2*loops-1)
	}
}

// A lab saved when the free lab was assembly (versions 1 and 2 of the
// saved-lab encoding, neither lesson nor program) replays on that
// assembly program, so an old link opens where it was; a new save of the
// free lab restores the C program.
func TestAFreeLabSavedBeforeCStillReplaysItsAssembly(t *testing.T) {
	for _, tt := range []struct {
		name, js string
		lang     string
	}{
		{"version 1", `{"v":1,"seed":1,"log":["write 2 counter 7","spawn 2 .worker"]}`, ""},
		{"version 2", `{"v":2,"model":2,"seed":1,"log":["write 2 counter 7","spawn 2 .worker"]}`, ""},
	} {
		sv, err := decodeSave(encodeRaw(tt.js), DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if sv.cfg.Program != asmCounter || sv.cfg.Lesson != "" {
			t.Errorf("%s: restores %q with %d bytes of program, want the assembly counter", tt.name, sv.cfg.Lesson, len(sv.cfg.Program))
		}
		srv, err := newServer(Config{})
		if err != nil {
			t.Fatal(err)
		}
		l, err := srv.buildLab(sv.cfg)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, cmd := range sv.log {
			for _, e := range l.Apply(cmd) {
				if e.Err != nil {
					t.Errorf("%s: %s: %v", tt.name, cmd, e.Err)
				}
			}
		}
		srv.CloseSockets()
	}
	sv, err := decodeSave(packSave(labConfig{Seed: 3}, []string{"step 5"}), DefaultLimits)
	if err != nil || sv.cfg != (labConfig{Seed: 3}) {
		t.Errorf("a saved free lab restores as %+v (%v), want the free lab with seed 3", sv.cfg, err)
	}
}

package sim

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden event traces in testdata/")

// script is a lesson-like run touching every command.
var script = []string{
	"spawn 2 worker", "step 120", "write 3 counter 41", "fork 2", "write 4 counter 7",
	"malloc 3 64", "malloc 2 200000", "call 3 5", "ret 3 2", "subreaper 2", "fork 4",
	"exec 5 hello", "step 30", "kill 4", "wait 4", "run 3", "step 7", "thread-exit 3",
	"read 2 counter", "exit 2 3", "fork 2",
}

func runScript(t testing.TB, cfg Config, lines []string) (*Lab, []Event) {
	l, err := NewLab(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	for _, line := range lines {
		c, err := ParseCommand(line)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		evs = append(evs, l.Apply(c)...)
		if err := checkInvariants(l.Machine()); err != nil {
			t.Fatalf("after %q: %v", line, err)
		}
	}
	return l, evs
}

func TestDeterminism(t *testing.T) {
	for _, cfg := range []Config{{Seed: 7}, {Seed: 7, ASLR: true, CPUs: 2}, {Profile: "ostep", Threads: 2}} {
		_, a := runScript(t, cfg, script)
		_, b := runScript(t, cfg, script)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%+v: two runs with the same seed and commands gave different events", cfg)
		}
	}
	_, a := runScript(t, Config{Seed: 1, ASLR: true}, script[:1])
	_, b := runScript(t, Config{Seed: 2, ASLR: true}, script[:1])
	if reflect.DeepEqual(a, b) {
		t.Errorf("ASLR with different seeds placed the stack at the same address")
	}
}

func TestReplayBackThenForwardEqualsStraightRun(t *testing.T) {
	l, _ := runScript(t, Config{Seed: 3}, script)
	final := l.Machine().State()
	end := l.Machine().Tick()
	for _, back := range []int{1, 5, 40, int(end)} {
		l2, _ := runScript(t, Config{Seed: 3}, script)
		if err := l2.Back(back); err != nil {
			t.Fatal(err)
		}
		if got := l2.Machine().Tick(); got != end-uint64(back) {
			t.Fatalf("back %d: tick %d, want %d", back, got, end-uint64(back))
		}
		l3, err := NewLab(Config{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range l2.History() {
			l3.Apply(a.Command)
		}
		if !reflect.DeepEqual(l3.Machine().State(), l2.Machine().State()) {
			t.Errorf("back %d: replaying the kept history does not give the same state", back)
		}
	}
	if err := l.Goto(end); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l.Machine().State(), final) {
		t.Errorf("goto the current tick changed the state")
	}
	if err := l.Goto(end + 1); err == nil {
		t.Errorf("goto the future: want an error")
	}
}

func TestBackOneTickInsideAStep(t *testing.T) {
	l, _ := runScript(t, Config{}, []string{"step 10"})
	if err := l.Back(1); err != nil {
		t.Fatal(err)
	}
	if got := l.Machine().Instructions(); got != 9 {
		t.Errorf("back 1 after step 10: %d instructions ran, want 9", got)
	}
	h := l.History()
	if len(h) != 1 || h[0].Command.N != 9 {
		t.Errorf("history after back: %+v, want one step 9", h)
	}
}

func TestSnapshotRoundTrips(t *testing.T) {
	l, _ := runScript(t, Config{Seed: 3}, script)
	s := l.Machine().State()
	s.Program.code = nil // the shared program it points at is not state, and stays off the wire
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, back) {
		t.Errorf("state does not survive a JSON round trip")
	}
}

// TestGoldenEventTraces pins the event log of lesson-like scripts.
func TestGoldenEventTraces(t *testing.T) {
	cases := map[string]struct {
		cfg   Config
		lines []string
	}{
		"lesson-linux": {Config{Seed: 1, StackSize: 64 << 10}, script},
		"overflow":     {Config{StackSize: 64 << 10}, []string{"spawn 2", "call 3 100", "call 3 200"}},
		"ostep-race":   {Config{Profile: "ostep", Program: loopingRace, Threads: 2, Interrupt: 3, ThreadArgs: []string{"bx=3"}}, []string{"step 100"}},
		"fork-cow":     {Config{}, []string{"write 2 counter 1", "fork 2", "write 3 counter 2", "write 3 counter 3", "write 2 counter 4", "exit 3 0", "wait 3"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, evs := runScript(t, c.cfg, c.lines)
			var b strings.Builder
			for _, line := range c.lines {
				fmt.Fprintf(&b, "# %s\n", line)
			}
			for _, e := range evs {
				b.WriteString(formatEvent(e) + "\n")
			}
			path := filepath.Join("testdata", name+".events")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("event trace differs from %s (run with -update and review the diff)", path)
			}
		})
	}
}

func formatEvent(e Event) string {
	s := fmt.Sprintf("%6d %-15s pid=%d tid=%d", e.Tick, e.Kind, e.Pid, e.Tid)
	if e.Other != 0 {
		s += fmt.Sprintf(" other=%d", e.Other)
	}
	if e.Addr != 0 {
		s += fmt.Sprintf(" addr=%#x", e.Addr)
	}
	if e.End != 0 {
		s += fmt.Sprintf(" range=%#x-%#x", e.Start, e.End)
	}
	if e.OldFrame >= 0 || e.NewFrame >= 0 {
		s += fmt.Sprintf(" frames=%d->%d", e.OldFrame, e.NewFrame)
	}
	if e.Value != 0 {
		s += fmt.Sprintf(" value=%d", e.Value)
	}
	if e.Signal != 0 {
		s += fmt.Sprintf(" signal=%d", e.Signal)
	}
	if e.Switch != "" {
		s += " switch=" + string(e.Switch)
	}
	if e.Name != "" {
		s += " name=" + strings.ReplaceAll(e.Name, " ", "_")
	}
	if e.Err != nil {
		s += " err=" + e.Err.Code + ":" + e.Err.Msg
	}
	return s + fmt.Sprintf(" cost=%d", e.Cost)
}

// FuzzCommands applies random command sequences and checks the invariants
// after each: no panic, no broken frame accounting.
func FuzzCommands(f *testing.F) {
	f.Add([]byte("spawn 2\nfork 3\ncall 3 300\nwrite 4 counter 5\nstep 50\nkill 2\nwait 2"))
	f.Add([]byte("fork 2\nfork 3\nexit 3\nmalloc 4 200000\nfree 4 0x10\nexec 4 recurse\nstep 4000"))
	f.Add([]byte("pipe 2\nfork 2\nwrite-fd 2 4 1\nread-fd 3 3\nread-fd 3 3\nclose 2 4\nclose 3 4\nstep 50\nkill 3 PIPE"))
	f.Add([]byte("spawn 2\nlock 2 counter\nlock 3 buffer\nlock 2 buffer\nlock 3 counter\nunlock 3 counter\nshm 2 1\nfork 2\natomic-add 4 counter 3\nstep 100"))
	f.Add([]byte("until switch\nspawn 2\nuntil switch 3\nuntil halt\nstep 0\nuntil halt 0\nfork 3\nuntil switch\nkill 2\nuntil halt"))
	f.Add([]byte("call 2 0\nret 2 -1\nmalloc 2 -5\nexit 2 256\nkill 2 0\nclose 2 99999999\nuntil maybe\nstep 99999999999999999999"))
	f.Add([]byte("malloc 2 300000\nspawn 2\nfork 2\ncall 2 40\ncall 3 40\ncall 4 40\nstep 3000\nkill 4\nstep 2000"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, fc := range []struct {
			profile      string
			cpus, frames int
		}{{"linux-x86_64", 1, 256}, {"ostep", 1, 256}, {"linux-x86_64", 2, 10}} { // the last runs out of frames: the OOM killer
			profile := fc.profile
			m, err := New(Config{Profile: profile, CPUs: fc.cpus, StackSize: 16 << 10, Limits: Limits{MaxProcs: 8, MaxThreadsPerProc: 4, MaxFrames: fc.frames, MaxStepsPerCommand: 5000}})
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(data), "\n") {
				if i > 40 {
					break
				}
				c, err := ParseCommand(line)
				if err != nil {
					continue
				}
				if c2, err := ParseCommand(c.String()); err != nil || c2 != c {
					t.Fatalf("%q: String %q does not round-trip (%v)", line, c.String(), err)
				}
				var before State
				if c.Op != CmdStep && c.Op != CmdUntil {
					before = m.State()
				}
				clocks := cpuClocks(m)
				evs := m.Apply(c)
				if err := clocksNeverGoBack(clocks, cpuClocks(m)); err != nil {
					t.Fatalf("%s after %q: %v", profile, line, err)
				}
				if _, refused := findEvent(evs, EvError); refused && c.Op != CmdStep && c.Op != CmdUntil {
					after := m.State()
					ticked := after.Tick == before.Tick+1
					after.Tick = before.Tick
					if len(evs) != 1 || !ticked || !reflect.DeepEqual(before, after) {
						t.Fatalf("%s: refused %q changed %s (events %+v)", profile, line, stateDiff(before, after), evs)
					}
				}
				if err := checkInvariants(m); err != nil {
					t.Fatalf("%s after %q: %v", profile, line, err)
				}
			}
		}
	})
}

package sim

import (
	"errors"
	"reflect"
	"testing"
)

// A label is accepted with or without its dot: in the spawn command (the
// example in docs/trace.md) and in the program's jump and spawn targets.
func TestLabelsWithOrWithoutTheDot(t *testing.T) {
	for _, line := range []string{"spawn 2 .worker", "spawn 2 worker"} {
		m := newMachine(t, Config{})
		evs := mustApply(t, m, line)
		if e, ok := findEvent(evs, EvError); ok {
			t.Fatalf("%s refused: %+v", line, e.Err)
		}
		c, ok := findEvent(evs, EvThreadCreated)
		if !ok || c.Name != "worker" {
			t.Errorf("%s: want a thread created at worker, got %+v", line, evs)
		}
		if c, _ := ParseCommand(line); c.String() != line {
			t.Errorf("%s prints as %q", line, c.String())
		}
	}
	with, err := assemble(".main\nspawn .w, $1\n.top\nadd $1, %ax\njmp .top\n.w\nhalt\n")
	if err != nil {
		t.Fatal(err)
	}
	without, err := assemble(".main\nspawn w, $1\n.top\nadd $1, %ax\njmp top\n.w\nhalt\n")
	if err != nil {
		t.Fatalf("targets without the dot: %v", err)
	}
	for i := range with.Instrs {
		a, b := with.Instrs[i], without.Instrs[i]
		a.Text, b.Text = "", ""
		if !reflect.DeepEqual(a, b) {
			t.Errorf("instruction %d: %+v without the dot, %+v with it", i, b, a)
		}
	}
}

// An error event names the process of the thread whose command failed.
func TestErrorEventsNameThePidOfTheThread(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "spawn 2", "fork 2", "exit 4 1")
	for _, tc := range []struct {
		line    string
		pid     int
		wantErr error
	}{
		{"free 3 0x1234", 2, ErrInvalid},    // a second thread of pid 2
		{"spawn 2 nowhere", 2, ErrNotExist}, // the main thread
		{"fork 4", 4, ErrZombie},            // the zombie's main thread
		{"fork 99", 0, ErrNoSuch},           // no such thread: no pid either
	} {
		evs := mustApply(t, m, tc.line)
		e, ok := findEvent(evs, EvError)
		if !ok || e.Pid != tc.pid || !errors.Is(e.Err, tc.wantErr) {
			t.Errorf("%s: want an error event with pid=%d, got %+v", tc.line, tc.pid, evs)
		}
	}
}

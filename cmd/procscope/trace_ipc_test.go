package main

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"procscope/sim"
)

// runIPCProgram assembles testdata/ipc/NAME.s with sim/asm (through
// sim.New) on the default linux-x86_64 machine, runs it for steps
// instructions and returns the events.
func runIPCProgram(t *testing.T, name string, steps int) []sim.Event {
	t.Helper()
	src, err := os.ReadFile("testdata/ipc/" + name + ".s")
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.New(sim.Config{Program: string(src)})
	if err != nil {
		t.Fatalf("sim.New(%s): %v", name, err)
	}
	c, err := sim.ParseCommand("step " + strconv.Itoa(steps))
	if err != nil {
		t.Fatal(err)
	}
	return m.Apply(c)
}

// ipcOutcome is what a run of an IPC program comes to.
type ipcOutcome struct {
	prints    []int64     // values of print events, in order
	errors    []string    // error codes, in order
	exits     map[int]int // pid -> exit code of process-exited
	deadlock  []int       // Tids of the deadlock event, if any
	blocked   []int       // Tids of the all-blocked event, if any
	kinds     map[sim.EventKind]int
	pipeEnds  [2]int // pipe-created: FD (read end), Value (write end)
	readWords []int64
}

func outcome(evs []sim.Event) ipcOutcome {
	o := ipcOutcome{exits: map[int]int{}, kinds: map[sim.EventKind]int{}}
	for _, e := range evs {
		o.kinds[e.Kind]++
		switch e.Kind {
		case sim.EvPrint:
			o.prints = append(o.prints, e.Value)
		case sim.EvError:
			o.errors = append(o.errors, e.Err.Code)
		case sim.EvProcessExited:
			o.exits[e.Pid] = int(e.Value)
		case sim.EvDeadlock:
			o.deadlock = e.Tids
		case sim.EvAllBlocked:
			o.blocked = e.Tids
		case sim.EvPipeCreated:
			o.pipeEnds = [2]int{e.FD, int(e.Value)}
		case sim.EvPipeRead:
			if e.Name != "eof" {
				o.readWords = append(o.readWords, e.Value)
			}
		}
	}
	return o
}

func TestIPCProgramsRunEndToEnd(t *testing.T) {
	t.Run("child writes 1, 2, 3 and exits; the parent reads to end of file and prints 6", func(t *testing.T) {
		o := outcome(runIPCProgram(t, "pipe-sum", 300))
		if o.pipeEnds != [2]int{3, 4} {
			t.Errorf("pipe ends %v, want read end 3 and write end 4", o.pipeEnds)
		}
		if !reflect.DeepEqual(o.readWords, []int64{1, 2, 3}) {
			t.Errorf("words read %v, want [1 2 3]", o.readWords)
		}
		if !reflect.DeepEqual(o.prints, []int64{6}) {
			t.Errorf("prints %v, want [6]", o.prints)
		}
		if o.exits[2] != 6 || o.exits[3] != 0 {
			t.Errorf("exit codes %v, want parent (pid 2) 6 and child (pid 3) 0", o.exits)
		}
		if o.kinds[sim.EvDeadlock]+o.kinds[sim.EvAllBlocked]+len(o.errors) != 0 {
			t.Errorf("a correct program reported deadlock/all-blocked/errors: %v %v", o.kinds, o.errors)
		}
	})
	t.Run("the parent forgets to close its write end: after 3 words the read never ends", func(t *testing.T) {
		o := outcome(runIPCProgram(t, "pipe-forgot-close", 300))
		if !reflect.DeepEqual(o.readWords, []int64{1, 2, 3}) {
			t.Errorf("words read %v, want [1 2 3] before the hang", o.readWords)
		}
		if len(o.prints) != 0 {
			t.Errorf("prints %v, want none: the sum is never reached", o.prints)
		}
		if !reflect.DeepEqual(o.deadlock, []int{2}) {
			t.Errorf("deadlock cycle %v, want [2] (the parent waits for its own write end)", o.deadlock)
		}
		if !reflect.DeepEqual(o.blocked, []int{2}) {
			t.Errorf("all-blocked %v, want [2]", o.blocked)
		}
		if _, exited := o.exits[2]; exited {
			t.Errorf("the parent exited (%v); it should be blocked for good", o.exits)
		}
	})
	t.Run("block write and block read move %dx words at once", func(t *testing.T) {
		evs := runIPCProgram(t, "pipe-block", 300)
		o := outcome(evs)
		// the child prints the words written (3); the parent the sum and the words read
		if !reflect.DeepEqual(o.prints, []int64{3, 60, 3}) {
			t.Errorf("prints %v, want [3 60 3] (child: 3 written; parent: 10+20+30, 3 read)", o.prints)
		}
		if o.kinds[sim.EvPipeWrite] != 1 || o.kinds[sim.EvPipeRead] != 1 {
			t.Errorf("pipe-write ×%d, pipe-read ×%d, want one of each (one call each)", o.kinds[sim.EvPipeWrite], o.kinds[sim.EvPipeRead])
		}
		if len(o.errors) != 0 {
			t.Errorf("errors %v", o.errors)
		}
	})
	t.Run("two processes add under a shared mutex and with fetchadd: 100 and 100", func(t *testing.T) {
		o := outcome(runIPCProgram(t, "shm-lock", 3000))
		if !reflect.DeepEqual(o.prints, []int64{100, 100}) {
			t.Errorf("prints %v, want [100 100]", o.prints)
		}
		if o.kinds[sim.EvShm] != 1 || o.kinds[sim.EvLock] != 100 || o.kinds[sim.EvUnlock] != 100 {
			t.Errorf("shm-mapped ×%d, lock ×%d, unlock ×%d; want 1, 100, 100", o.kinds[sim.EvShm], o.kinds[sim.EvLock], o.kinds[sim.EvUnlock])
		}
		if o.exits[2] != 0 || o.exits[3] != 0 || len(o.errors) != 0 {
			t.Errorf("exits %v errors %v", o.exits, o.errors)
		}
	})
	t.Run("failing calls set ax to -1 with the reason and the program goes on", func(t *testing.T) {
		o := outcome(runIPCProgram(t, "errors", 300))
		if !reflect.DeepEqual(o.prints, []int64{-1, -1, -1, -1}) {
			t.Errorf("prints %v, want four -1", o.prints)
		}
		if want := []string{"EBADF", "EBADF", "EDEADLK", "EPERM"}; !reflect.DeepEqual(o.errors, want) {
			t.Errorf("error codes %v, want %v", o.errors, want)
		}
		if code, ok := o.exits[2]; !ok || code != 0 {
			t.Errorf("exit %v, want pid 2 exited with 0", o.exits)
		}
	})
}

func TestTraceScriptRunsAnIPCProgram(t *testing.T) {
	var out, errb bytes.Buffer
	err := trace(context.Background(), []string{"--script", "testdata/scripts/pipe.txt", "-p", "testdata/ipc/pipe-forgot-close.s"}, &out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	log := out.String()
	for _, want := range []string{
		"pipe-created    pid=2 tid=2 value=4 fd=3 object=1",
		"pipe-read       pid=2 tid=2 value=3",
		"deadlock        pid=2 tid=2 tids=2 name=",
		"all-blocked     pid=0 tid=0 tids=2",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("event log lacks %q:\n%s", want, log)
		}
	}
}

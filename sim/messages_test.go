package sim

import (
	"regexp"
	"strings"
	"testing"
)

// Every error message says its code once (Error() adds it) and starts with
// the operation that failed, the way "close: …" and "unlock: …" do.
func TestErrorMessagesNameTheOperationAndTheCodeOnce(t *testing.T) {
	const prog = ".data counter 0\n.main\nhalt\n"
	tests := []struct {
		name   string
		setup  []string
		cmd    string
		code   string
		prefix string
	}{
		{"unlock of an unlocked mutex", nil, "unlock 2 counter", "EPERM", "unlock: "},
		{"unlock by a thread that does not own it", []string{"spawn 2", "lock 2 counter"}, "unlock 3 counter", "EPERM", "unlock: "},
		{"lock of a mutex you hold", []string{"lock 2 counter"}, "lock 2 counter", "EDEADLK", "lock: "},
		{"write to a read end", []string{"pipe 2"}, "write-fd 2 3 7", "EBADF", "write: "},
		{"read from a write end", []string{"pipe 2"}, "read-fd 2 4", "EBADF", "read: "},
		{"write to a descriptor that is not open", nil, "write-fd 2 9 7", "EBADF", "write: "},
		{"read from a descriptor that is not open", nil, "read-fd 2 9", "EBADF", "read: "},
		{"close of a descriptor that is not open", nil, "close 2 9", "EBADF", "close: "},
	}
	code := regexp.MustCompile(`\([A-Z]{4,}\)`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t, Config{Program: prog})
			mustApply(t, m, tc.setup...)
			e, ok := findEvent(mustApply(t, m, tc.cmd), EvError)
			if !ok || e.Err.Code != tc.code {
				t.Fatalf("%s: want one %s error event, got %+v", tc.cmd, tc.code, e)
			}
			msg := e.Err.Error()
			if n := len(code.FindAllString(msg, -1)); n != 1 || !strings.HasSuffix(msg, "("+tc.code+")") {
				t.Errorf("%q: want the code (%s) once, at the end; found %d codes", msg, tc.code, n)
			}
			if !strings.HasPrefix(msg, tc.prefix) {
				t.Errorf("%q: want it to start with %q", msg, tc.prefix)
			}
		})
	}
}

// The all-blocked event's text agrees with the number of threads.
func TestAllBlockedTextAgreesWithTheCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{1, "1 thread blocked, it cannot run"},
		{2, "2 threads blocked, none can run"},
		{5, "5 threads blocked, none can run"},
	} {
		if got := allBlockedText(tc.n); got != tc.want {
			t.Errorf("allBlockedText(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	// One thread reading its own pipe, whose write end it still holds.
	m := newMachine(t, Config{})
	evs := mustApply(t, m, "pipe 2", "read-fd 2 3")
	e, ok := findEvent(evs, EvAllBlocked)
	if !ok || e.Name != "1 thread blocked, it cannot run" {
		t.Errorf("all-blocked event %+v, want the singular text", e)
	}
}

// A pipe call costs the same whether or not it had to wait: PipeCall plus
// PipePerWord per word, charged once, on the event that finishes it.
func TestPipeCallCostsTheSameAfterAWait(t *testing.T) {
	c := DefaultCosts
	oneWord := c.PipeCall + c.PipePerWord
	cost := func(evs []Event, kind EventKind) uint64 {
		e, ok := findEvent(evs, kind)
		if !ok {
			t.Fatalf("no %s event in %+v", kind, evs)
		}
		return e.Cost
	}
	t.Run("a read that did not wait", func(t *testing.T) {
		m := newMachine(t, Config{})
		evs := mustApply(t, m, "pipe 2", "spawn 2", "write-fd 2 4 7", "read-fd 3 3")
		if got := cost(evs[len(evs)-1:], EvPipeRead); got != oneWord {
			t.Errorf("pipe-read cost %d ns, want %d", got, oneWord)
		}
	})
	t.Run("a read woken by a write", func(t *testing.T) {
		m := newMachine(t, Config{})
		mustApply(t, m, "pipe 2", "spawn 2")
		blocked := mustApply(t, m, "read-fd 3 3")
		if got := cost(blocked, EvBlocked); got != 0 {
			t.Errorf("blocked event cost %d ns, want 0 (the call is charged when it finishes)", got)
		}
		evs := mustApply(t, m, "write-fd 2 4 7")
		var read Event
		for _, e := range evs {
			if e.Kind == EvPipeRead {
				read = e
			}
		}
		if read.Tid != 3 || read.Cost != oneWord {
			t.Errorf("woken reader's pipe-read: tid %d cost %d ns, want tid 3 and %d", read.Tid, read.Cost, oneWord)
		}
	})
	t.Run("a write woken by a read", func(t *testing.T) {
		m := newMachine(t, Config{PipeCapacity: 1})
		mustApply(t, m, "pipe 2", "spawn 2", "write-fd 2 4 7")
		mustApply(t, m, "write-fd 2 4 8")
		evs := mustApply(t, m, "read-fd 3 3")
		var w Event
		for _, e := range evs {
			if e.Kind == EvPipeWrite {
				w = e
			}
		}
		if w.Tid != 2 || w.Value != 8 || w.Cost != oneWord {
			t.Errorf("woken writer's pipe-write: %+v, want tid 2 writing 8 for %d ns", w, oneWord)
		}
	})
	t.Run("end of file after a wait", func(t *testing.T) {
		m := newMachine(t, Config{})
		mustApply(t, m, "pipe 2", "spawn 2", "read-fd 3 3")
		evs := mustApply(t, m, "close 2 4")
		var eof Event
		for _, e := range evs {
			if e.Kind == EvPipeRead {
				eof = e
			}
		}
		if eof.Name != "eof" || eof.Cost != c.PipeCall {
			t.Errorf("eof after a wait: %+v, want cost %d like an eof without one", eof, c.PipeCall)
		}
	})
}

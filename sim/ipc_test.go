package sim

import (
	"errors"
	"reflect"
	"testing"
)

func errorCodes(evs []Event) []string {
	var out []string
	for _, e := range evs {
		if e.Kind == EvError {
			out = append(out, e.Err.Code)
		}
	}
	return out
}

func threadOf(t *testing.T, m *Machine, tid int) ThreadState {
	t.Helper()
	for _, p := range m.State().Processes {
		for _, th := range p.Threads {
			if th.Tid == tid {
				return th
			}
		}
	}
	t.Fatalf("no live tid %d", tid)
	return ThreadState{}
}

func TestPipeBlocksWhenFullAndWhenEmpty(t *testing.T) {
	m := newMachine(t, Config{PipeCapacity: 2})
	evs := mustApply(t, m, "pipe 2")
	e, ok := findEvent(evs, EvPipeCreated)
	if !ok || e.FD != 3 || e.Value != 4 {
		t.Fatalf("pipe 2: %+v, want read end 3 and write end 4", e)
	}
	mustApply(t, m, "spawn 2", "write-fd 2 4 7", "write-fd 2 4 8")
	pi := m.State().Pipes[0]
	if !reflect.DeepEqual(pi.Buffer, []int64{7, 8}) || pi.Bytes != 16 {
		t.Fatalf("buffer %v (%d bytes), want [7 8] (16 bytes)", pi.Buffer, pi.Bytes)
	}
	t.Run("a write to a full pipe blocks the writer in the write queue", func(t *testing.T) {
		evs := mustApply(t, m, "write-fd 2 4 9")
		if _, ok := findEvent(evs, EvBlocked); !ok || threadOf(t, m, 2).State != ThreadBlocked {
			t.Fatalf("tid 2 did not block: %v", evs)
		}
		if q := m.State().Pipes[0].WriteQueue; !reflect.DeepEqual(q, []int{2}) {
			t.Errorf("write queue %v, want [2]", q)
		}
		if codes := errorCodes(mustApply(t, m, "write-fd 2 4 10")); !reflect.DeepEqual(codes, []string{"EPERM"}) {
			t.Errorf("a blocked thread's second call: %v, want EPERM", codes)
		}
	})
	t.Run("a read makes room and the blocked word goes in", func(t *testing.T) {
		mustApply(t, m, "read-fd 3 3")
		if th := threadOf(t, m, 3); th.Regs.AX != 1 || th.Regs.BX != 7 {
			t.Errorf("read-fd: ax=%d bx=%d, want 1 and 7", th.Regs.AX, th.Regs.BX)
		}
		if th := threadOf(t, m, 2); th.State == ThreadBlocked || th.Regs.AX != 1 {
			t.Errorf("writer: %s ax=%d, want woken with ax=1", th.State, th.Regs.AX)
		}
		if b := m.State().Pipes[0].Buffer; !reflect.DeepEqual(b, []int64{8, 9}) {
			t.Errorf("buffer %v, want [8 9]", b)
		}
	})
	t.Run("a read of an empty pipe blocks until a word arrives", func(t *testing.T) {
		mustApply(t, m, "read-fd 3 3", "read-fd 3 3", "read-fd 3 3")
		if th := threadOf(t, m, 3); th.State != ThreadBlocked || th.Waiting != "pipe-read" {
			t.Fatalf("reader is %s waiting for %q, want blocked on pipe-read", th.State, th.Waiting)
		}
		mustApply(t, m, "write-fd 2 4 42")
		if th := threadOf(t, m, 3); th.State == ThreadBlocked || th.Regs.BX != 42 {
			t.Errorf("reader %s bx=%d, want woken with 42", th.State, th.Regs.BX)
		}
	})
	t.Run("bad descriptors are EBADF", func(t *testing.T) {
		for _, line := range []string{"close 2 9", "read-fd 2 4", "write-fd 2 3 1", "read-fd 2 0"} {
			evs := mustApply(t, m, line)
			if codes := errorCodes(evs); len(codes) != 1 || codes[0] != "EBADF" || !errors.Is(evs[len(evs)-1].Err, ErrBadFD) {
				t.Errorf("%s: %v, want EBADF", line, codes)
			}
		}
	})
}

// pipeProgram: the parent sends 11 and 22 to its child through a pipe,
// closes its write end and waits; the child adds what it reads until end
// of file and exits with the sum. closeInChild decides whether the child
// closes its own copy of the write end first.
func pipeProgram(closeInChild bool) *Program {
	src := `.main
pipe
mov %ax, %cx
mov %bx, %dx
fork
test $0, %ax
je .child
write %dx, $11
write %dx, $22
close %dx
wait
exit $0
.child
`
	if closeInChild {
		src += "close %dx\n"
	}
	src += `.loop
read %cx
test $0, %ax
je .done
add %bx, %fx
j .loop
.done
exit %fx
`
	return build("pipe-eof", src)
}

func TestPipeEOFNeedsEveryWriteEndClosedInEveryProcess(t *testing.T) {
	t.Run("child closes its write end: it reads end of file and exits with the sum", func(t *testing.T) {
		m := newMachine(t, Config{Code: pipeProgram(true)})
		evs := mustApply(t, m, "step 200")
		r, ok := findEvent(evs, EvReaped)
		if !ok || r.Pid != 2 || r.Other != 3 || r.Value != 33 {
			t.Fatalf("parent reaped %+v, want child 3 exited with 33", r)
		}
		if _, ok := findEvent(evs, EvDeadlock); ok {
			t.Errorf("a deadlock was reported for a correct program")
		}
	})
	t.Run("child forgot to close its write end: its read never ends, a deadlock cycle of one", func(t *testing.T) {
		m := newMachine(t, Config{Code: pipeProgram(false)})
		evs := mustApply(t, m, "step 200")
		d, ok := findEvent(evs, EvDeadlock)
		if !ok || !reflect.DeepEqual(d.Tids, []int{3}) {
			t.Fatalf("deadlock event %+v, want the cycle [3] (the child waits for its own write end)", d)
		}
		if a, ok := findEvent(evs, EvAllBlocked); !ok || !reflect.DeepEqual(a.Tids, []int{2, 3}) {
			t.Errorf("all-blocked event %+v, want tids [2 3]", a)
		}
		st := m.State()
		if len(st.Pipes) != 1 || st.Pipes[0].Writers != 1 || !reflect.DeepEqual(st.Pipes[0].ReadQueue, []int{3}) {
			t.Errorf("pipe %+v, want one writer left (the child's) and the child in the read queue", st.Pipes)
		}
		if again := mustApply(t, m, "step 10"); countEvents(again, EvDeadlock) != 0 {
			t.Errorf("the same deadlock was reported twice")
		}
	})
}

func TestSIGPIPEKillsAWriterWithNoReader(t *testing.T) {
	m := newMachine(t, Config{})
	evs := mustApply(t, m, "fork 2", "pipe 3", "close 3 3", "write-fd 3 4 1")
	s, ok := findEvent(evs, EvSignal)
	if !ok || s.Pid != 3 || s.Signal != SIGPIPE || s.Name != "SIGPIPE: terminate" {
		t.Fatalf("signal event %+v, want SIGPIPE to pid 3", s)
	}
	p := procState(t, m, 3)
	if p.State != ProcZombie || p.Status.Signal != SIGPIPE || p.Status.Shell() != 141 {
		t.Errorf("pid 3: %s %+v ($? %d), want a zombie killed by 13 ($? 141)", p.State, p.Status, p.Status.Shell())
	}
	if c, ok := findEvent(evs[len(evs)-3:], EvSignal); !ok || c.Pid != 2 || c.Signal != SIGCHLD || c.Other != 3 {
		t.Errorf("parent's SIGCHLD: %+v", c)
	}
	if procState(t, m, 2).State != ProcRunning {
		t.Errorf("SIGCHLD's default action is to ignore it; the parent died")
	}
}

func TestBlockedWriterGetsSIGPIPEWhenTheLastReaderCloses(t *testing.T) {
	m := newMachine(t, Config{PipeCapacity: 1})
	mustApply(t, m, "fork 2", "pipe 3", "write-fd 3 4 1", "write-fd 3 4 2")
	if threadOf(t, m, 3).State != ThreadBlocked {
		t.Fatal("second write to a one-word pipe did not block")
	}
	mustApply(t, m, "spawn 3", "close 4 3")
	if p := procState(t, m, 3); p.State != ProcZombie || p.Status.Signal != SIGPIPE || len(p.Threads) != 0 {
		t.Errorf("pid 3 %s %+v with %d threads, want killed by SIGPIPE with every thread gone", p.State, p.Status, len(p.Threads))
	}
}

package server

import (
	"slices"
	"testing"

	"procscope/sim"
)

// The IPC and synchronisation commands of sim's table reach the machine
// over the socket with their own fields, and come back as events and
// state with real values.

func TestPipeCarriesAWordBetweenProcessesOverTheSocket(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{"lesson": "threads-share"})
	f := c.do(map[string]any{"op": "pipe", "tid": 2})
	ev := eventOf(f, "pipe-created")
	if ev == nil || num(ev, "fd") != 3 || num(ev, "value") != 4 || num(ev, "object") == 0 {
		t.Fatalf("pipe: %v, want pipe-created with read end fd 3, write end 4", f["events"])
	}
	pipeID := num(ev, "object")
	f = c.do(map[string]any{"op": "fork", "tid": 2})
	child := num(eventOf(f, "process-forked"), "other") // the child's pid, and its main thread's tid

	// The child writes 42 into the inherited write end; the parent reads it.
	f = c.do(map[string]any{"op": "write-fd", "tid": child, "fd": 4, "n": 42})
	if ev := eventOf(f, "pipe-write"); ev == nil || num(ev, "value") != 42 || num(ev, "fd") != 4 || num(ev, "object") != pipeID {
		t.Fatalf("write-fd: %v", f["events"])
	}
	st, _ := c.snapshot()
	if len(st.Pipes) != 1 || !slices.Equal(st.Pipes[0].Buffer, []int64{42}) || st.Pipes[0].Readers != 2 || st.Pipes[0].Writers != 2 {
		t.Fatalf("pipes after the write: %+v, want one pipe holding [42], 2 readers and 2 writers (parent and child)", st.Pipes)
	}
	f = c.do(map[string]any{"op": "read-fd", "tid": 2, "fd": 3})
	if ev := eventOf(f, "pipe-read"); ev == nil || num(ev, "value") != 42 || ev["name"] == "eof" {
		t.Fatalf("read-fd: %v", f["events"])
	}

	// The parent closes its write end and reads the empty pipe: it blocks,
	// since the child still holds a write end.
	c.do(map[string]any{"op": "close", "tid": 2, "fd": 4})
	f = c.do(map[string]any{"op": "read-fd", "tid": 2, "fd": 3})
	if ev := eventOf(f, "blocked"); ev == nil || num(ev, "tid") != 2 || ev["name"] != "pipe empty" {
		t.Fatalf("read of an empty pipe: %v", f["events"])
	}
	// Closing the last write end wakes it with end of file.
	f = c.do(map[string]any{"op": "close", "tid": child, "fd": 4})
	if ev := eventOf(f, "pipe-read"); ev == nil || num(ev, "tid") != 2 || ev["name"] != "eof" {
		t.Errorf("last write end closed: %v, want tid 2's read to end with eof", f["events"])
	}
	st, _ = c.snapshot()
	if p := process(t, st, int(child)); slices.ContainsFunc(p.FDs, func(d sim.FDState) bool { return d.FD == 4 }) {
		t.Errorf("child still has fd 4 after close: %+v", p.FDs)
	}
	if len(st.Pipes) != 1 || st.Pipes[0].Writers != 0 || st.Pipes[0].Readers != 2 || st.Pipes[0].Words != 1 {
		t.Errorf("pipe after the closes: %+v, want 0 writers, 2 readers, 1 word through", st.Pipes)
	}
	// A write to the read end is EBADF, with the simulator's detail.
	c.send(map[string]any{"op": "write-fd", "tid": child, "fd": 3, "n": 1})
	c.read("frame")
	if e := c.wantError(CodeEBADF); e["detail"] == "" || e["op"] != "write-fd" {
		t.Errorf("write-fd on a read end: %v", e)
	}
}

func TestLockByTwoThreadsQueuesTheSecondAndUnlockHandsItOver(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{"lesson": "threads-share"})
	f := c.do(map[string]any{"op": "spawn", "tid": 2, "name": "worker"}) // a C thread starts at a function
	t3 := num(eventOf(f, "thread-created"), "other")
	st, _ := c.snapshot()
	name := writableGlobal(t, process(t, st, 2)).Name

	f = c.do(map[string]any{"op": "lock", "tid": 2, "name": name})
	if ev := eventOf(f, "lock"); ev == nil || num(ev, "tid") != 2 || num(ev, "value") != 0 || ev["name"] != name {
		t.Fatalf("lock by 2: %v", f["events"])
	}
	f = c.do(map[string]any{"op": "lock", "tid": t3, "name": name})
	if ev := eventOf(f, "blocked"); ev == nil || num(ev, "tid") != t3 || ev["name"] != "mutex held" {
		t.Fatalf("lock by %d: %v, want blocked (mutex held)", t3, f["events"])
	}
	st, _ = c.snapshot()
	if len(st.Mutexes) != 1 || st.Mutexes[0].Owner != 2 || !slices.Equal(st.Mutexes[0].Queue, []int{int(t3)}) || st.Mutexes[0].Name != name {
		t.Fatalf("mutexes: %+v, want %s owned by 2 with queue [%d]", st.Mutexes, name, t3)
	}
	// Locking again by the owner is EDEADLK; unlocking by the waiter EPERM.
	c.send(map[string]any{"op": "lock", "tid": 2, "name": name})
	c.read("frame")
	c.wantError(CodeEDEADLK)
	c.send(map[string]any{"op": "unlock", "tid": t3, "name": name})
	c.read("frame")
	c.wantError(CodeEPERM)

	f = c.do(map[string]any{"op": "unlock", "tid": 2, "name": name})
	if ev := eventOf(f, "unlock"); ev == nil || num(ev, "other") != t3 {
		t.Fatalf("unlock: %v, want the mutex handed to %d", f["events"], t3)
	}
	if eventOf(f, "woken") == nil {
		t.Errorf("unlock woke nobody: %v", f["events"])
	}
	st, _ = c.snapshot()
	if len(st.Mutexes) != 1 || st.Mutexes[0].Owner != int(t3) || len(st.Mutexes[0].Queue) != 0 {
		t.Errorf("mutexes after unlock: %+v, want owner %d, empty queue", st.Mutexes, t3)
	}
}

func TestAtomicAddAndSharedMemoryOverTheSocket(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{"lesson": "threads-share"})
	st, _ := c.snapshot()
	g := writableGlobal(t, process(t, st, 2))
	f := c.do(map[string]any{"op": "atomic-add", "tid": 2, "name": g.Name, "n": 5})
	if ev := eventOf(f, "atomic-add"); ev == nil || num(ev, "value") != g.Value+5 || uint64(num(ev, "addr")) != g.Addr {
		t.Fatalf("atomic-add: %v, want value %d at %#x", f["events"], g.Value+5, g.Addr)
	}

	// Two processes map segment 7: the same frame, no copy-on-write, and
	// a write by one is seen by the other.
	f = c.do(map[string]any{"op": "shm", "tid": 2, "n": 7})
	ev := eventOf(f, "shm-mapped")
	if ev == nil || num(ev, "value") != 7 || num(ev, "end")-num(ev, "start") != 4096 {
		t.Fatalf("shm: %v, want one page of segment key 7", f["events"])
	}
	addr := num(ev, "start")
	f = c.do(map[string]any{"op": "fork", "tid": 2})
	child := num(eventOf(f, "process-forked"), "other")
	c.do(map[string]any{"op": "atomic-add", "tid": 2, "addr": addr, "n": 9})
	f = c.do(map[string]any{"op": "atomic-add", "tid": child, "addr": addr, "n": 1})
	if ev := eventOf(f, "atomic-add"); ev == nil || num(ev, "value") != 10 || num(ev, "pid") != child {
		t.Fatalf("the child's add on the shared page: %v, want 10 (the parent's 9 + 1)", f["events"])
	}
	st, _ = c.snapshot()
	if len(st.Segments) != 1 || st.Segments[0].Key != 7 || len(st.Segments[0].Maps) != 2 {
		t.Errorf("segments: %+v, want key 7 mapped by parent and child", st.Segments)
	}
}

func TestOppositeLockOrderIsADeadlockNamingTheCycle(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{"lesson": "threads-share"})
	c.do(map[string]any{"op": "load", "program": ".data a 0\n.data b 0\n.main\nhalt\n"})
	f := c.do(map[string]any{"op": "spawn", "tid": 2})
	t3 := num(eventOf(f, "thread-created"), "other")
	c.do(map[string]any{"op": "lock", "tid": 2, "name": "a"})
	c.do(map[string]any{"op": "lock", "tid": t3, "name": "b"})
	c.do(map[string]any{"op": "lock", "tid": 2, "name": "b"})
	f = c.do(map[string]any{"op": "lock", "tid": t3, "name": "a"})
	ev := eventOf(f, "deadlock")
	if ev == nil {
		t.Fatalf("no deadlock event: %v", f["events"])
	}
	tids, _ := ev["tids"].([]any)
	var got []int64
	for _, x := range tids {
		got = append(got, int64(x.(float64)))
	}
	slices.Sort(got)
	if !slices.Equal(got, []int64{2, t3}) || ev["name"] == "" {
		t.Errorf("deadlock tids %v name %q, want the cycle [2 %d] in words", got, ev["name"], t3)
	}
}

// writableGlobal is the process's first global in .data or .bss (a C
// program's first globals are its string literals, read-only).
func writableGlobal(t *testing.T, p sim.ProcessState) sim.GlobalState {
	t.Helper()
	for _, g := range p.Globals {
		if g.Section == "data" || g.Section == "bss" {
			return g
		}
	}
	t.Fatalf("pid %d has no writable global: %+v", p.Pid, p.Globals)
	return sim.GlobalState{}
}

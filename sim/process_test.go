package sim

import (
	"errors"
	"testing"
)

func TestThreadsShareGlobalsButNotStacks(t *testing.T) {
	m := newMachine(t, Config{})
	evs := mustApply(t, m, "spawn 2 worker", "spawn 2 worker", "write 3 counter 7")
	e, ok := findEvent(evs, EvThreadCreated)
	if !ok || e.Other != 3 {
		t.Fatalf("want thread-created for tid 3, got %+v", evs)
	}
	const top = 0x7ffff7dd5000
	ps := procState(t, m, 2)
	th := ps.Threads
	if len(th) != 3 {
		t.Fatalf("pid 2 has %d threads, want 3", len(th))
	}
	if th[1].Stack.End != top || th[1].Guard.End != th[1].Stack.Start || th[1].Guard.Size() != PageSize {
		t.Errorf("tid 3 stack %#x-%#x guard %#x-%#x, want stack ending at %#x with a 4 KiB guard below",
			th[1].Stack.Start, th[1].Stack.End, th[1].Guard.Start, th[1].Guard.End, uint64(top))
	}
	if stride := th[1].Stack.End - th[2].Stack.End; stride != 8<<20+PageSize {
		t.Errorf("stack stride %#x, want 8 MiB + 4 KiB", stride)
	}
	if got := global(t, m, 2, "counter"); got != 7 {
		t.Errorf("counter = %d after tid 3 wrote 7, want every thread to see 7", got)
	}
	var addr uint64
	for _, g := range ps.Globals {
		if g.Name == "counter" {
			addr = g.Addr
		}
	}
	if v, _ := m.Peek(2, addr); v != 7 {
		t.Errorf("peek = %d, want 7", v)
	}
}

func TestForkSharesFramesUntilWrite(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "write 2 counter 5")
	evs := mustApply(t, m, "fork 2")
	e, ok := findEvent(evs, EvProcessForked)
	if !ok || e.Other != 3 {
		t.Fatalf("want process-forked with child 3, got %+v", evs)
	}
	child := procState(t, m, 3)
	if child.PPid != 2 || len(child.Threads) != 1 || child.Threads[0].Tid != 3 {
		t.Fatalf("child = %+v, want pid 3 ppid 2 with one thread tid 3", child)
	}
	for _, f := range m.State().Frames {
		if len(f.Maps) > 0 && f.Maps[0].Pid == 2 && f.Refs != 2 {
			t.Errorf("frame %d refs %d after fork, want 2", f.Index, f.Refs)
		}
	}
	evs = mustApply(t, m, "write 3 counter 9")
	cow, ok := findEvent(evs, EvCOWFault)
	if !ok || cow.OldFrame == cow.NewFrame || cow.Pid != 3 {
		t.Fatalf("first write in the child: want a cow-fault copying a frame, got %+v", evs)
	}
	if n := countEvents(mustApply(t, m, "write 3 counter 10"), EvCOWFault); n != 0 {
		t.Errorf("second write faulted %d times, want 0", n)
	}
	if p, c := global(t, m, 2, "counter"), global(t, m, 3, "counter"); p != 5 || c != 10 {
		t.Errorf("parent sees %d, child %d; want 5 and 10", p, c)
	}
}

func TestForkKeepsOnlyTheCallingThread(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "spawn 2", "fork 3")
	c := procState(t, m, 4)
	if len(c.Threads) != 1 || c.Threads[0].Tid != 4 {
		t.Fatalf("child threads %+v, want only tid 4", c.Threads)
	}
	parent3 := procState(t, m, 2).Threads[1]
	if c.Threads[0].Stack.Start != parent3.Stack.Start {
		t.Errorf("child's stack %#x, want the forking thread's %#x", c.Threads[0].Stack.Start, parent3.Stack.Start)
	}
}

func TestExitWaitZombieOrphan(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "fork 2", "fork 3") // 3 child of 2, 4 child of 3
	evs := mustApply(t, m, "exit 3 3")
	if _, ok := findEvent(evs, EvZombie); !ok {
		t.Fatalf("no zombie event: %+v", evs)
	}
	if a, ok := findEvent(evs, EvAdopted); !ok || a.Pid != 4 || a.Other != 1 {
		t.Errorf("want pid 4 adopted by init, got %+v", a)
	}
	z := procState(t, m, 3)
	if z.State != ProcZombie || len(z.Regions) != 0 || z.Status.String() != "exited with status 3" {
		t.Fatalf("pid 3 = %s %q with %d regions, want a zombie that exited with 3 and owns nothing", z.State, z.Status, len(z.Regions))
	}
	evs = mustApply(t, m, "fork 3")
	if e, ok := findEvent(evs, EvError); !ok || !errors.Is(e.Err, ErrZombie) {
		t.Errorf("fork from a zombie: want a ZOMBIE error, got %+v", evs)
	}
	evs = mustApply(t, m, "wait 3")
	if r, ok := findEvent(evs, EvReaped); !ok || r.Pid != 2 || r.Other != 3 || r.Value != 3 {
		t.Fatalf("wait 3: want pid 2 reaping 3 with status 3, got %+v", evs)
	}
	evs = mustApply(t, m, "kill 4 SEGV")
	if r, ok := findEvent(evs, EvReaped); !ok || r.Pid != 1 || r.Signal != 11 {
		t.Errorf("init should reap its adopted child at once, got %+v", evs)
	}
}

func TestSubreaperAdoptsOrphans(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "fork 2", "subreaper 2", "fork 3") // 2 -> 3 -> 4
	evs := mustApply(t, m, "kill 3")
	if a, ok := findEvent(evs, EvAdopted); !ok || a.Other != 2 {
		t.Fatalf("want pid 4 adopted by subreaper 2, got %+v", evs)
	}
	if procState(t, m, 4).PPid != 2 {
		t.Errorf("pid 4's parent is %d, want 2", procState(t, m, 4).PPid)
	}
}

func TestThreadExitLeavesProcessRunning(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "spawn 2", "thread-exit 3")
	if p := procState(t, m, 2); p.State != ProcRunning || len(p.Threads) != 1 {
		t.Fatalf("pid 2 = %s with %d threads, want running with 1", p.State, len(p.Threads))
	}
	evs := mustApply(t, m, "thread-exit 2 4")
	if e, ok := findEvent(evs, EvProcessExited); !ok || e.Value != 4 {
		t.Errorf("last thread exit should end the process with 4, got %+v", evs)
	}
}

func TestCallDeeperReachesGuardPage(t *testing.T) {
	m := newMachine(t, Config{StackSize: 64 << 10})
	mustApply(t, m, "spawn 2", "fork 2")
	evs := mustApply(t, m, "call 3 1000")
	seg, ok := findEvent(evs, EvSegfault)
	if !ok {
		t.Fatalf("no segfault after 1000 frames on a 64 KiB stack: %+v", evs)
	}
	guard := procState(t, m, 2).Regions
	_ = guard
	if seg.Name != "guard page" {
		t.Errorf("fault %q at %#x, want the guard page", seg.Name, seg.Addr)
	}
	if p := procState(t, m, 2); p.State == ProcRunning {
		t.Errorf("pid 2 still running after SIGSEGV in tid 3; the whole process must die")
	}
	if p := procState(t, m, 4); p.State != ProcRunning {
		t.Errorf("the child pid 4 is %s, want running (a crash does not spread)", p.State)
	}
	if p := procState(t, m, 2); p.Status.Shell() != 139 {
		t.Errorf("shell status %d, want 139", p.Status.Shell())
	}
}

func TestWriteToReadOnlyIsASegfault(t *testing.T) {
	m := newMachine(t, Config{})
	evs := mustApply(t, m, "write 2 limit 5")
	if e, ok := findEvent(evs, EvSegfault); !ok || e.Name != "write to a read-only region" {
		t.Fatalf("writing .rodata: want a segfault, got %+v", evs)
	}
}

func TestMallocLikeGlibc(t *testing.T) {
	m := newMachine(t, Config{})
	heapStart := procState(t, m, 2).Regions[4].Start
	evs := mustApply(t, m, "malloc 2 64", "malloc 2 200000")
	first, _ := findEvent(evs, EvMalloc)
	if first.Addr != heapStart+0x2a0 {
		t.Errorf("malloc(64) = %#x, want heap start + 0x2a0 = %#x", first.Addr, heapStart+0x2a0)
	}
	big := evs[len(evs)-1]
	if big.Kind != EvMalloc || big.Addr&(PageSize-1) != 0x10 || big.Addr < 0x7f0000000000 {
		t.Errorf("malloc(200000) = %#x, want a fresh mapping + 0x10 in the mmap area", big.Addr)
	}
	evs = mustApply(t, m, "free 2 "+hex(big.Addr), "free 2 "+hex(first.Addr), "free 2 "+hex(first.Addr))
	if e, ok := findEvent(evs, EvError); !ok || e.Err.Code != "EINVAL" {
		t.Errorf("double free: want EINVAL, got %+v", evs)
	}
}

func TestLimitsGiveErrorEvents(t *testing.T) {
	m := newMachine(t, Config{Limits: Limits{MaxProcs: 3, MaxThreadsPerProc: 2}})
	evs := mustApply(t, m, "fork 2", "fork 2")
	if e, ok := findEvent(evs, EvError); !ok || e.Err.Code != "EAGAIN" {
		t.Errorf("third process: want EAGAIN, got %+v", evs)
	}
	evs = mustApply(t, m, "spawn 2", "spawn 2")
	if e, ok := findEvent(evs, EvError); !ok || e.Err.Code != "EAGAIN" {
		t.Errorf("third thread: want EAGAIN, got %+v", evs)
	}
	evs = mustApply(t, m, "fork 99")
	if e, ok := findEvent(evs, EvError); !ok || !errors.Is(e.Err, ErrNoSuch) {
		t.Errorf("no such tid: want ESRCH, got %+v", evs)
	}
}

func TestExecReplacesImageKeepsPid(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "spawn 2", "fork 2", "exec 4 hello")
	p := procState(t, m, 4)
	if p.Name != "hello" || p.PPid != 2 || len(p.Threads) != 1 || p.Threads[0].Tid != 4 {
		t.Fatalf("after exec: %+v", p)
	}
	evs := mustApply(t, m, "exec 4 nosuch")
	if e, ok := findEvent(evs, EvError); !ok || e.Err.Code != "ENOENT" {
		t.Errorf("exec of an unknown program: want ENOENT, got %+v", evs)
	}
}

func hex(v uint64) string { return "0x" + formatHex(v) }

func formatHex(v uint64) string {
	const digits = "0123456789abcdef"
	if v == 0 {
		return "0"
	}
	var b []byte
	for v > 0 {
		b = append([]byte{digits[v&15]}, b...)
		v >>= 4
	}
	return string(b)
}

package sim

import (
	"fmt"
	"testing"
)

// oomMachine is a machine with room for only `spare` more frames after
// fork 2 (pid 3 is the child) and a 1 MiB mapping in pid want that both
// can write pages into.
func oomMachine(t *testing.T, spare int) (*Machine, uint64) {
	t.Helper()
	probe := newMachine(t, Config{})
	mustApply(t, probe, "fork 2", "malloc 2 1048576")
	used := len(probe.State().Frames)
	m := newMachine(t, Config{Limits: Limits{MaxFrames: used + spare}})
	evs := mustApply(t, m, "fork 2", "malloc 2 1048576")
	mal, ok := findEvent(evs, EvMalloc)
	if !ok {
		t.Fatalf("no malloc: %+v", evs)
	}
	return m, mal.Addr
}

// Out of memory is the OOM killer's SIGKILL to the process with the most
// resident pages; here that is the faulting process itself.
func TestOutOfMemoryIsTheOOMKillersSIGKILL(t *testing.T) {
	m, buf := oomMachine(t, 3)
	var evs []Event
	for i := 1; i <= 4; i++ {
		evs = mustApply(t, m, fmt.Sprintf("write 2 %#x %d", buf+uint64(i)*PageSize, i))
	}
	o, ok := findEvent(evs, EvOOMKill)
	if !ok || o.Pid != 2 || o.Other != 2 || o.Signal != SIGKILL {
		t.Fatalf("fourth page: want the OOM killer to kill pid 2 for its own fault, got %+v", evs)
	}
	if _, ok := findEvent(evs, EvSegfault); ok {
		t.Errorf("out of memory is not a segmentation fault: %+v", evs)
	}
	st := procState(t, m, 2).Status
	if st.Signal != SIGKILL || st.String() != "killed by signal 9 (SIGKILL)" {
		t.Errorf("pid 2 ended %v, want killed by SIGKILL", st)
	}
	if procState(t, m, 3).State != ProcRunning {
		t.Errorf("the child that used less memory should live on")
	}
}

// The victim is the process with the most resident pages, not
// necessarily the one that faulted; the faulting write then succeeds.
func TestOOMKillerPicksTheLargestProcess(t *testing.T) {
	m, buf := oomMachine(t, 3)
	for i := 1; i <= 3; i++ { // pid 2 now holds 3 more pages than pid 3
		mustApply(t, m, fmt.Sprintf("write 2 %#x %d", buf+uint64(i)*PageSize, i))
	}
	evs := mustApply(t, m, "write 3 counter 7")
	o, ok := findEvent(evs, EvOOMKill)
	if !ok || o.Pid != 2 || o.Other != 3 {
		t.Fatalf("want pid 2 (the largest) killed for pid 3's fault, got %+v", evs)
	}
	if w, ok := findEvent(evs, EvWrite); !ok || w.Pid != 3 || global(t, m, 3, "counter") != 7 {
		t.Errorf("pid 3's write should succeed with the freed frames: %+v", evs)
	}
	if procState(t, m, 3).State != ProcRunning || procState(t, m, 2).Status.Signal != SIGKILL {
		t.Errorf("want pid 2 killed by SIGKILL and pid 3 running")
	}
}

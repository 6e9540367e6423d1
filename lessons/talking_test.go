package lessons

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"procscope/sim"
)

// This file tests the lessons on talking between processes (pipe-eof,
// shared-memory) beyond their steps: the whole run, and the run a student
// gets by deleting the line the lesson is about.

// stdout is what the run wrote to the terminal (fd 1), in order.
func stdout(evs []sim.Event) string {
	var b strings.Builder
	for _, e := range find(evs, sim.EvOutput) {
		if e.FD == 1 {
			b.WriteString(e.Name)
		}
	}
	return b.String()
}

func TestPipeEOFSumsTheChildsNumbersAndEndsAtEOF(t *testing.T) {
	_, evs := untilHalt(t, "pipe-eof", nil)
	if out := stdout(evs); out != "sum 100\n" {
		t.Errorf("printed %q, want the sum 10+20+30+40 = 100 (gcc prints the same)", out)
	}
	eof := 0
	for _, e := range find(evs, sim.EvPipeRead) {
		if e.Pid != 2 {
			t.Errorf("pid %d read from the pipe, want only the parent", e.Pid)
		}
		if e.Name == "eof" {
			eof++
		}
	}
	if eof != 1 {
		t.Errorf("%d end-of-file reads, want one", eof)
	}
	want := map[int]string{3: "by 2: exited with status 0", 2: "by 1: exited with status 0"}
	if got := reaped(evs); !maps.Equal(got, want) {
		t.Errorf("reaped %v, want %v", got, want)
	}
	if n := len(find(evs, sim.EvDeadlock)) + len(find(evs, sim.EvAllBlocked)); n != 0 {
		t.Errorf("%d deadlock/all-blocked events with the close in place", n)
	}
}

func TestPipeEOFWithoutTheParentsCloseBlocksForever(t *testing.T) {
	const line = "    close(fds[1]);              // the parent never writes: forget this and see\n"
	lab, evs := untilHalt(t, "pipe-eof", func(src string) string {
		if !strings.Contains(src, line) {
			t.Fatalf("the program has no line %q for the students to delete", line)
		}
		return strings.Replace(src, line, "", 1)
	})
	if out := stdout(evs); out != "" {
		t.Errorf("printed %q, want nothing: the parent never sees end of file", out)
	}
	dl := find(evs, sim.EvDeadlock)
	if len(dl) != 1 || !slices.Equal(dl[0].Tids, []int{2}) {
		t.Errorf("deadlock %+v, want tid 2 waiting for itself on the pipe", dl)
	}
	st := lab.Machine().State()
	if len(st.Pipes) != 1 || st.Pipes[0].Writers != 1 || !slices.Equal(st.Pipes[0].ReadQueue, []int{2}) {
		t.Errorf("pipes %+v, want one pipe whose only write end (the parent's) keeps tid 2 waiting", st.Pipes)
	}
	for _, p := range st.Processes {
		if p.Pid == 3 && (p.State != sim.ProcZombie || p.Status.Code != 0) {
			t.Errorf("child %+v, want a zombie that exited with 0", p)
		}
	}
}

func TestSharedMemoryPrintsWhatGCCPrints(t *testing.T) {
	_, evs := untilHalt(t, "shared-memory", nil)
	if out := stdout(evs); out != "plain 1, shared 2\n" {
		t.Errorf("printed %q, want gcc's %q", out, "plain 1, shared 2\n")
	}
}

// TestSharedMemoryCopiesOnlyPrivatePages checks the reveal of the child's
// writes: the child's store to plain copied its .bss page and the
// parent's first push after fork its stack page; nothing in the shared
// region was ever copied.
func TestSharedMemoryCopiesOnlyPrivatePages(t *testing.T) {
	l, _ := Get("shared-memory")
	kinds := map[string]int{}
	walk(t, l, func(i int, _ Step, o *Observation) {
		for _, e := range find(o.Events, sim.EvCOWFault) {
			p, _ := o.process(e.Pid)
			for _, r := range p.Regions {
				if e.Addr >= r.Start && e.Addr < r.End {
					kinds[fmt.Sprintf("step %d pid %d %s", i+1, e.Pid, r.Kind)]++
				}
			}
		}
	})
	want := map[string]int{"step 3 pid 4 bss": 1, "step 3 pid 2 stack": 1}
	if !maps.Equal(kinds, want) {
		t.Errorf("copy-on-write faults %v, want %v", kinds, want)
	}
}

func TestSharedProbeReadsTheMappingsFrameOrSaysThereIsNone(t *testing.T) {
	c, err := ParseCheck("shared 2 == shared 3")
	if err != nil {
		t.Fatal(err)
	}
	o := &Observation{State: sim.State{Processes: []sim.ProcessState{
		{Pid: 2, Regions: []sim.RegionState{{Region: sim.Region{Kind: sim.RegionShared}, Pages: []sim.PageState{{Frame: 9}}}}},
		{Pid: 3, Regions: []sim.RegionState{{Region: sim.Region{Kind: sim.RegionHeap}, Pages: []sim.PageState{{Frame: 9}}}}},
	}}}
	if r := c.Eval(o); r.OK || r.Left.Num != 9 || r.Right.Missing != "pid 3 has no shared mapping" {
		t.Errorf("%+v, want frame 9 against pid 3's missing mapping", r)
	}
}

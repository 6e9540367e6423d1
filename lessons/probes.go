package lessons

import (
	"strconv"

	"procscope/sim"
)

// This file reads each probe of the vocabulary (check.go) from an
// Observation. A probe of something that is not there reads "missing"
// with the reason, which fails the check and tells the author why.

// isName is sim's rule for globals and labels: a letter, _ or . first,
// then letters, digits, _ or .
func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		letter := ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch == '_' || ch == '.'
		if !letter && (i == 0 || ch < '0' || ch > '9') {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func (o *Observation) process(pid int) (*sim.ProcessState, bool) {
	for i := range o.State.Processes {
		if o.State.Processes[i].Pid == pid {
			return &o.State.Processes[i], true
		}
	}
	return nil, false
}

func (o *Observation) thread(tid int) (*sim.ThreadState, bool) {
	for i := range o.State.Processes {
		for j := range o.State.Processes[i].Threads {
			if t := &o.State.Processes[i].Threads[j]; t.Tid == tid {
				return t, true
			}
		}
	}
	return nil, false
}

// global finds a global of a live process, or says why it cannot.
func (o *Observation) global(a []string) (*sim.ProcessState, *sim.GlobalState, Value) {
	p, ok := o.process(atoi(a[0]))
	if !ok {
		return nil, nil, missing("pid %s does not exist", a[0])
	}
	if len(p.Regions) == 0 {
		return nil, nil, missing("pid %s has no memory left (%s)", a[0], p.State)
	}
	for i := range p.Globals {
		if p.Globals[i].Name == a[1] {
			return p, &p.Globals[i], Value{}
		}
	}
	return nil, nil, missing("pid %s has no global %q", a[0], a[1])
}

func readGlobal(o *Observation, a []string) Value {
	_, g, bad := o.global(a)
	if g == nil {
		return bad
	}
	return num(g.Value)
}

func readSection(o *Observation, a []string) Value {
	_, g, bad := o.global(a)
	if g == nil {
		return bad
	}
	return word(g.Section)
}

// page is the page table entry of the page holding a global.
func (o *Observation) page(a []string) (sim.PageState, Value) {
	p, g, bad := o.global(a)
	if g == nil {
		return sim.PageState{}, bad
	}
	for _, r := range p.Regions {
		for _, pg := range r.Pages {
			if g.Addr >= pg.Addr && g.Addr < pg.Addr+sim.PageSize {
				return pg, Value{}
			}
		}
	}
	return sim.PageState{}, missing("the page of %s in pid %s is not mapped yet", a[1], a[0])
}

func readFrame(o *Observation, a []string) Value {
	pg, bad := o.page(a)
	if bad.Missing != "" {
		return bad
	}
	return num(int64(pg.Frame))
}

func readRefs(o *Observation, a []string) Value {
	pg, bad := o.page(a)
	if bad.Missing != "" {
		return bad
	}
	for _, f := range o.State.Frames {
		if f.Index == pg.Frame {
			return num(int64(f.Refs))
		}
	}
	return missing("frame %d is free", pg.Frame)
}

func readProcess(o *Observation, a []string) Value {
	if p, ok := o.process(atoi(a[0])); ok {
		return word(string(p.State))
	}
	return word("none")
}

// ended finds a process that has exited (zombie or reaped).
func (o *Observation) ended(a []string) (*sim.ProcessState, Value) {
	p, ok := o.process(atoi(a[0]))
	if !ok {
		return nil, missing("pid %s does not exist", a[0])
	}
	if p.State == sim.ProcRunning {
		return nil, missing("pid %s is still running", a[0])
	}
	return p, Value{}
}

func readExit(o *Observation, a []string) Value {
	p, bad := o.ended(a)
	if p == nil {
		return bad
	}
	if p.Status.Signal != 0 {
		return missing("pid %s was killed by signal %d; it has no exit status", a[0], p.Status.Signal)
	}
	return num(int64(p.Status.Code))
}

func readSignal(o *Observation, a []string) Value {
	p, bad := o.ended(a)
	if p == nil {
		return bad
	}
	return num(int64(p.Status.Signal))
}

func readPPid(o *Observation, a []string) Value {
	if p, ok := o.process(atoi(a[0])); ok {
		return num(int64(p.PPid))
	}
	return missing("pid %s does not exist", a[0])
}

func readThreads(o *Observation, a []string) Value {
	p, ok := o.process(atoi(a[0]))
	if !ok {
		return missing("pid %s does not exist", a[0])
	}
	n := 0
	for _, t := range p.Threads {
		if t.State != sim.ThreadExited {
			n++
		}
	}
	return num(int64(n))
}

func countProcs(o *Observation, st sim.ProcState) Value {
	n := 0
	for _, p := range o.State.Processes {
		if p.State == st {
			n++
		}
	}
	return num(int64(n))
}

func readProcesses(o *Observation, _ []string) Value { return countProcs(o, sim.ProcRunning) }
func readZombies(o *Observation, _ []string) Value   { return countProcs(o, sim.ProcZombie) }

func readThread(o *Observation, a []string) Value {
	if t, ok := o.thread(atoi(a[0])); ok {
		return word(string(t.State))
	}
	return word("none")
}

func readBlocked(o *Observation, _ []string) Value {
	n := 0
	for _, p := range o.State.Processes {
		for _, t := range p.Threads {
			if t.State == sim.ThreadBlocked && p.Pid != 1 {
				n++
			}
		}
	}
	return num(int64(n))
}

func readReg(o *Observation, a []string) Value {
	t, ok := o.thread(atoi(a[0]))
	if !ok {
		return missing("tid %s does not exist", a[0])
	}
	r := t.Regs
	v := map[string]int64{"pc": int64(r.PC), "sp": r.SP, "bp": r.BP, "ax": r.AX, "bx": r.BX, "cx": r.CX, "dx": r.DX, "ex": r.EX, "fx": r.FX}
	return num(v[a[1]])
}

func readDepth(o *Observation, a []string) Value {
	t, ok := o.thread(atoi(a[0]))
	if !ok {
		return missing("tid %s does not exist", a[0])
	}
	return num(int64(len(t.Frames) + t.MoreFrames))
}

func readEvents(o *Observation, a []string) Value {
	n := 0
	for _, e := range o.Events {
		if string(e.Kind) == a[0] {
			n++
		}
	}
	return num(int64(n))
}

func readPrinted(o *Observation, a []string) Value {
	pid := atoi(a[0])
	for i := len(o.Events) - 1; i >= 0; i-- {
		if e := o.Events[i]; e.Kind == sim.EvPrint && e.Pid == pid {
			return num(e.Value)
		}
	}
	return missing("pid %d printed nothing in this step", pid)
}

func readCost(o *Observation, a []string) Value {
	ov := o.State.Overhead
	v := map[string]uint64{"creation": ov.Creation, "switching": ov.Switching, "faults": ov.Faults,
		"communication": ov.Communication, "sync": ov.Sync, "work": ov.Work, "other": ov.Other, "total": ov.Total()}
	return num(int64(v[a[0]]))
}

// readSpent sums the simulated nanoseconds the step's events of a kind cost.
func readSpent(o *Observation, a []string) Value {
	var ns int64
	for _, e := range o.Events {
		if string(e.Kind) == a[0] {
			ns += int64(e.Cost)
		}
	}
	return num(ns)
}

func readLine(o *Observation, a []string) Value {
	if t, ok := o.thread(atoi(a[0])); ok {
		return num(int64(t.Line))
	}
	return missing("tid %s does not exist", a[0])
}

// readPipe counts the open write (or read) ends of a pipe, over all
// processes.
func readPipe(o *Observation, a []string, write bool) Value {
	for _, p := range o.State.Pipes {
		if p.ID == atoi(a[0]) {
			if write {
				return num(int64(p.Writers))
			}
			return num(int64(p.Readers))
		}
	}
	return missing("pipe %s does not exist", a[0])
}

// readShared is the frame behind the first page of a process's shared
// mapping (mmap MAP_SHARED, shm): two processes that share the page read
// the same frame, where a private page after fork would part on a write.
func readShared(o *Observation, a []string) Value {
	p, ok := o.process(atoi(a[0]))
	if !ok {
		return missing("pid %s does not exist", a[0])
	}
	for _, r := range p.Regions {
		if r.Kind == sim.RegionShared && len(r.Pages) > 0 {
			return num(int64(r.Pages[0].Frame))
		}
	}
	return missing("pid %s has no shared mapping", a[0])
}

// readStack is how many bytes of its stack a thread uses: from the top of
// its stack region down to sp. It grows as calls go deeper, because the
// stack grows down; a stack growing up would make it negative.
func readStack(o *Observation, a []string) Value {
	t, ok := o.thread(atoi(a[0]))
	if !ok {
		return missing("tid %s does not exist", a[0])
	}
	return num(int64(t.Stack.End) - t.Regs.SP)
}

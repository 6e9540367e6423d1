package sim

import (
	"slices"
	"sort"
)

// State is a complete, plain, deep-copied view of the machine for the page,
// the JSON snapshot and tests.
type State struct {
	Tick, Clock, Instructions uint64
	Profile                   string
	CPUs                      []CPU
	Processes                 []ProcessState
	Frames                    []FrameState
	Program                   ProgramState
}

// ProcessState is one process as the page shows it.
type ProcessState struct {
	Pid, PPid int
	Name      string
	State     ProcState
	// Status is how it ended (zombie or reaped).
	Status    WaitStatus
	Subreaper bool
	Threads   []ThreadState
	Regions   []RegionState
	Globals   []GlobalState
	Heap      []HeapBlock
}

// Registers are a thread's registers.
type Registers struct {
	PC                             uint64
	SP, BP, AX, BX, CX, DX, EX, FX int64
	// Flags holds the condition codes test set: GT, GTE, LT, LTE, EQ, NEQ
	// from bit 0 up.
	Flags uint8
}

// ThreadState is one thread as the page shows it.
type ThreadState struct {
	Tid, Pid int
	State    RunState
	CPU      int // -1 when not on a CPU
	Regs     Registers
	Stack    Region
	Guard    Region // End == 0: no guard page
	Frames   []CallFrame
	Line     int    // source line of the next instruction (0: outside the program)
	WaitFor  int    // blocked: the child pid (-1 any) or tid it waits for
	Waiting  string // "child", "join" or ""
}

// RegionState is a region with its mapped pages.
type RegionState struct {
	Region
	Pages []PageState
}

// PageState is one mapped virtual page.
type PageState struct {
	Addr  uint64 // first address of the page
	Frame int
	COW   bool
	Write bool
}

// GlobalState is one named global: where it lives and its value (the
// first word's, for arrays).
type GlobalState struct {
	Name, Section string
	Addr, Size    uint64
	Value         int64
}

// FrameState is one physical frame and who maps it.
type FrameState struct {
	Index int
	Refs  int
	Maps  []PageRef
}

// PageRef names one page table entry: a process and a virtual page.
type PageRef struct {
	Pid  int
	Addr uint64
}

// ProgramState is pid 2's program for the program view.
type ProgramState struct {
	Name   string
	Source []string
	Labels []Label
}

// Label is a label with the instruction index and source line it marks.
type Label struct {
	Name  string
	Index int
}

// State returns a deep copy of everything the page can show.
func (m *Machine) State() State {
	s := State{Tick: m.tick, Clock: m.clock, Instructions: m.instrs, Profile: m.profile.Name}
	for i, c := range m.cpus {
		cs := CPU{ID: i, Countdown: c.countdown}
		if c.cur != nil {
			cs.Tid, cs.Pid = c.cur.tid, c.cur.p.pid
		}
		s.CPUs = append(s.CPUs, cs)
	}
	for _, p := range m.procs {
		s.Processes = append(s.Processes, m.processState(p))
	}
	s.Frames = m.frameStates()
	s.Program = ProgramState{Name: m.prog.Name, Source: slices.Clone(m.prog.Source)}
	for name, at := range m.prog.Labels {
		s.Program.Labels = append(s.Program.Labels, Label{Name: name, Index: at})
	}
	sort.Slice(s.Program.Labels, func(i, j int) bool {
		a, b := s.Program.Labels[i], s.Program.Labels[j]
		return a.Index < b.Index || a.Index == b.Index && a.Name < b.Name
	})
	return s
}

// Processes returns the process table in pid order (reaped ones included).
func (m *Machine) Processes() []ProcessState { return m.State().Processes }

func (m *Machine) processState(p *process) ProcessState {
	ps := ProcessState{Pid: p.pid, PPid: p.ppid, Name: p.name, State: p.state, Subreaper: p.subreaper,
		Status: WaitStatus{Code: p.exitCode, Signal: p.signal}}
	for _, t := range p.threads {
		ps.Threads = append(ps.Threads, m.threadState(t))
	}
	if p.as == nil {
		return ps
	}
	pages := p.as.pages(0, ^uint64(0))
	for _, r := range p.as.regions {
		rs := RegionState{Region: r}
		for _, vp := range pages {
			if a := vp << pageShift; r.Contains(a) || (a < r.Start && a+PageSize > r.Start && !m.profile.Flat) {
				pt := p.as.pt[vp]
				rs.Pages = append(rs.Pages, PageState{Addr: a, Frame: int(pt.frame), COW: pt.flags&pteCOW != 0, Write: pt.flags&pteWrite != 0})
			}
		}
		ps.Regions = append(ps.Regions, rs)
	}
	for _, g := range p.as.globals {
		g.Value, _ = m.Peek(p.pid, g.Addr)
		ps.Globals = append(ps.Globals, g)
	}
	ps.Heap = slices.Clone(p.as.heap.blocks)
	return ps
}

func (m *Machine) threadState(t *thread) ThreadState {
	ts := ThreadState{Tid: t.tid, Pid: t.p.pid, State: t.state, CPU: t.cpu, Stack: t.stack, Guard: t.guard,
		Frames: slices.Clone(t.frames), WaitFor: t.wait.id}
	r := &t.regs
	ts.Regs = Registers{PC: t.pc, SP: r[RegSP], BP: r[RegBP], AX: r[RegAX], BX: r[RegBX], CX: r[RegCX], DX: r[RegDX], EX: r[RegEX], FX: r[RegFX], Flags: t.cc}
	switch t.wait.kind {
	case waitChild:
		ts.Waiting = "child"
	case waitJoin:
		ts.Waiting = "join"
	}
	code := t.p.code
	if off := t.pc - code.base; off>>code.shift < uint64(len(code.code)) {
		ts.Line = code.code[off>>code.shift].Line
	}
	return ts
}

func (m *Machine) frameStates() []FrameState {
	maps := map[int32][]PageRef{}
	for _, p := range m.procs {
		if p.as == nil {
			continue
		}
		for _, vp := range p.as.pages(0, ^uint64(0)) {
			n := p.as.pt[vp].frame
			maps[n] = append(maps[n], PageRef{Pid: p.pid, Addr: vp << pageShift})
		}
	}
	var out []FrameState
	for i, f := range m.mem.all {
		if f != nil {
			out = append(out, FrameState{Index: i, Refs: int(f.refs), Maps: maps[int32(i)]})
		}
	}
	return out
}

// Registers returns tid's registers (for the trace printer), ok false if
// there is no such live thread.
func (m *Machine) Registers(tid int) (Registers, bool) {
	t := m.tids[tid]
	if t == nil {
		return Registers{}, false
	}
	return m.threadState(t).Regs, true
}

// Current returns the tid running on CPU c (0: idle or no such CPU).
func (m *Machine) Current(c int) int {
	if c < 0 || c >= len(m.cpus) || m.cpus[c].cur == nil {
		return 0
	}
	return m.cpus[c].cur.tid
}

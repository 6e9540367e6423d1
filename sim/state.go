package sim

import (
	"slices"
	"sort"
	"strings"
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
	// Overhead splits Clock by category (creation, switching, faults,
	// communication, sync, work, other).
	Overhead Overhead
	Pipes    []PipeState
	Mutexes  []MutexState
	Segments []SegmentState
	// Terminal is what C programs wrote to the terminal, in the order the
	// machine ran, each write with its pid (the last MaxTerminalWrites).
	Terminal []TerminalWrite
	// Timer is how threads are interrupted: fixed, random from a seed
	// (the random command) or a manual schedule.
	Timer Timer
}

// PipeState is one pipe: the words in its buffer (oldest first), how many
// descriptors hold each end and who sleeps on it.
type PipeState struct {
	ID               int
	Buffer           []int64
	Bytes, Capacity  int // bytes buffered (8 per word) and the capacity in words
	Readers, Writers int // open descriptors to each end, over all processes
	ReadQueue        []int
	WriteQueue       []int
	Words            uint64 // words that have gone through
}

// FDState is one open descriptor of a process.
type FDState struct {
	FD   int
	Pipe int
	End  string // "read" or "write"
}

// MutexState is one held mutex: where it is, its owner (who may have died
// holding it) and its wait queue.
type MutexState struct {
	Pid       int // the process whose memory holds it (0: in a segment)
	Segment   int // the segment holding it (0: private)
	Addr      uint64
	Name      string
	Owner     int
	OwnerDead bool
	Queue     []int
}

// SegmentState is one shared-memory segment and where it is mapped.
type SegmentState struct {
	ID     int
	Key    int64
	Frames []int
	Maps   []PageRef
}

// ProcessState is one process as the page shows it.
type ProcessState struct {
	Pid, PPid int
	Name      string
	State     ProcState
	// Status is how it ended (zombie or reaped).
	Status    WaitStatus
	Subreaper bool
	// Adopted says its parent exited and init (or the nearest subreaper)
	// took it in: PPid is the adopter.
	Adopted bool
	// Program names the program its code is ("" before any is loaded):
	// exec changes it, so a page marks only threads in the listed one.
	Program string
	Threads []ThreadState
	Regions []RegionState
	Globals []GlobalState
	Heap    []HeapBlock
	FDs     []FDState
	CPUTime uint64 // ns charged to its threads, exited ones included
	// Version changes whenever anything above may have changed, Shape
	// whenever more than registers, call frames, CPU time and the values
	// in memory may have, Layout whenever more than that and its
	// threads' states and CPUs may have (changes.go).
	Version, Shape, Layout uint64
}

// Registers are a thread's registers.
type Registers struct {
	PC                             uint64
	SP, BP, AX, BX, CX, DX, EX, FX int64
	// Zero is x86.py's %zero: 0 unless a program (mov $4, %zero) or -a
	// zero=N set it; every address adds it, so it must be visible.
	Zero int64
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
	Guard    Region      // End == 0: no guard page
	Frames   []CallFrame // the innermost MaxStateFrames, outermost first
	// MoreFrames counts the outer frames left out of Frames; the call
	// depth is len(Frames)+MoreFrames.
	MoreFrames int
	Line       int // source line of the next instruction (0: outside the program)
	// Instr is the index of the next instruction in its program's Instrs
	// (-1 outside the program), for a view of the generated code.
	Instr int
	// Source is the C call stack, outermost first: each function's
	// named locals with their addresses and values (nil for assembly).
	Source  []SourceFrame
	WaitFor int    // blocked: the child pid (-1 any) or tid it waits for
	Waiting string // "child", "join", "pipe-read", "pipe-write", "mutex" or ""
	CPUTime uint64 // ns charged to this thread
	// Version changes whenever anything above may have changed (changes.go).
	Version uint64
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
// first word's, for arrays). A C program's char array (a string literal,
// say) also has its characters up to the first NUL, at most
// MaxGlobalText of them, in Text; IsText says it is one.
type GlobalState struct {
	Name, Section string
	Addr, Size    uint64
	Value         int64
	Text          string `json:",omitempty"`
	IsText        bool   `json:",omitempty"`
	// Pointer says the value is an address (a C pointer).
	Pointer bool `json:",omitempty"`
}

// MaxGlobalText bounds the characters of a char array a state carries.
const MaxGlobalText = 256

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
	// Language is "c" for a compiled C program, else "asm"; a C
	// program's line table and symbols are in Machine.Program().
	Language string
	// CodeBase and InstrShift place the listed program's code: its
	// instruction i is at CodeBase + i<<InstrShift (0, 0: not loaded).
	CodeBase   uint64
	InstrShift uint
	code       *Program
}

// Code is the decoded program itself (its instructions, each with its
// line and text, and a C program's Debug), shared with the machine and
// never to be modified. It is unexported so it stays off the wire.
func (ps ProgramState) Code() *Program { return ps.code }

// Label is a label with the instruction index and source line it marks.
type Label struct {
	Name  string
	Index int
}

// Parts names parts of a State, for a reader that needs only some of it
// (a lesson's "until" check, read after every instruction). The
// counters (Tick, Clock, Instructions, Profile, Overhead, Timer) are
// always filled in: they cost nothing to copy.
type Parts uint16

const (
	PartCPUs       Parts = 1 << iota // CPUs
	PartProcesses                    // Processes: the table, each thread's registers, state and line, FDs
	PartCallFrames                   // each thread's Frames and MoreFrames (needs PartProcesses)
	PartSource                       // each thread's C Source frames (needs PartProcesses)
	PartMemory                       // each process's Regions with pages and Globals (needs PartProcesses)
	PartHeap                         // each process's Heap (needs PartProcesses)
	PartFrames                       // Frames: physical frames and who maps them
	PartIPC                          // Pipes, Mutexes, Segments
	PartTerminal                     // Terminal
	PartProgram                      // Program
	// AllParts is the whole State.
	AllParts Parts = 1<<iota - 1
)

// State returns a deep copy of everything the page can show.
func (m *Machine) State() State { return m.StateOf(AllParts) }

// StateOf returns the parts of State that want names, each exactly as
// State fills it in; the other parts are left empty.
func (m *Machine) StateOf(want Parts) State {
	var s State
	m.StateInto(&s, want)
	return s
}

// StateInto sets *s to StateOf(want), reusing the memory of s's process
// and thread tables, which a reader of one state after every
// instruction would otherwise allocate anew each time. Nobody may still
// hold those tables of the old *s.
func (m *Machine) StateInto(s *State, want Parts) { m.stateInto(s, want, false) }

// ViewState is State for a reader that only reads it, on every step (a
// page's view): each process's regions with their pages, the physical
// frames and the program are made once per layout (changes.go) and shared by
// every ViewState of that layout, not copied on every step, which runs
// one thread and moves no layout. Nobody may change them.
// TestVersionsMoveWithTheState compares it with State after every
// command of random labs.
func (m *Machine) ViewState() State {
	var s State
	m.ViewStateInto(&s)
	return s
}

// ViewStateInto sets *s to ViewState(), reusing the memory of s's
// process and thread tables as StateInto does: nobody may still hold
// those tables of the old *s.
func (m *Machine) ViewStateInto(s *State) { m.stateInto(s, AllParts, true) }

// stateInto is StateInto, sharing what ViewState shares when share is
// set.
func (m *Machine) stateInto(s *State, want Parts, share bool) {
	old := s.Processes
	*s = State{Tick: m.tick, Clock: m.clock, Instructions: m.instrs, Profile: m.profile.Name, Timer: m.timer(), Overhead: m.over}
	if want&PartCPUs != 0 {
		s.CPUs = m.cpuStates()
	}
	if want&PartProcesses != 0 && len(m.procs) > 0 {
		s.Processes = slices.Grow(old[:0], len(m.procs))
		for i, p := range m.procs {
			var threads []ThreadState
			if i < len(old) {
				threads = old[i].Threads[:0]
			}
			s.Processes = append(s.Processes, m.processState(p, want, threads, share))
		}
	}
	if want&PartFrames != 0 {
		s.Frames = m.frameStates(share)
	}
	if want&PartIPC != 0 {
		m.ipcStates(s)
	}
	if want&PartProgram != 0 {
		s.Program = m.sharedProgramState(share)
	}
	if want&PartTerminal != 0 {
		s.Terminal = slices.Clone(m.term)
	}
}

func (m *Machine) cpuStates() []CPU {
	var out []CPU
	for i, c := range m.cpus {
		cs := CPU{ID: i, Countdown: c.countdown, Time: c.time}
		if c.cur != nil {
			cs.Tid, cs.Pid = c.cur.tid, c.cur.p.pid
		} else {
			cs.IdleNow = m.clock - c.time.Clock
		}
		out = append(out, cs)
	}
	return out
}

// sharedProgramState is programState; with share, the one made at the
// machine's layout (ViewState): the program is the machine's, and where
// it is loaded moves only with what moves every layout (an exec, an
// exit).
func (m *Machine) sharedProgramState(share bool) ProgramState {
	if !share || !m.settled() {
		return m.programState()
	}
	if m.view.program == nil || m.view.programAt != m.layoutGen {
		ps := m.programState()
		m.view.program, m.view.programAt = &ps, m.layoutGen
	}
	return *m.view.program
}

func (m *Machine) programState() ProgramState {
	ps := ProgramState{Name: m.prog.Name, Source: slices.Clone(m.prog.Source), Language: "asm", code: m.prog}
	if m.prog.Debug != nil {
		ps.Language = "c"
	}
	for _, p := range m.procs {
		if p.code != nil && p.code.prog == m.prog {
			ps.CodeBase, ps.InstrShift = p.code.base, p.code.shift
			break
		}
	}
	for name, at := range m.prog.Labels {
		ps.Labels = append(ps.Labels, Label{Name: name, Index: at})
	}
	sort.Slice(ps.Labels, func(i, j int) bool {
		a, b := ps.Labels[i], ps.Labels[j]
		return a.Index < b.Index || a.Index == b.Index && a.Name < b.Name
	})
	return ps
}

// Processes returns the process table in pid order (reaped ones included).
func (m *Machine) Processes() []ProcessState { return m.State().Processes }

// processState builds one process's row, its threads in the memory of
// threads (a reused table, or nil), its regions shared when share is set
// (ViewState).
func (m *Machine) processState(p *process, want Parts, threads []ThreadState, share bool) ProcessState {
	ps := ProcessState{Pid: p.pid, PPid: p.ppid, Name: p.name, State: p.state, Subreaper: p.subreaper, Adopted: p.adopted,
		Status: WaitStatus{Code: p.exitCode, Signal: p.signal}, CPUTime: p.cpuTime(), Version: p.ver, Shape: p.shape, Layout: p.layout}
	if p.code != nil {
		ps.Program = p.code.prog.Name
	}
	for fd, e := range p.fds {
		if e.pipe != 0 {
			ps.FDs = append(ps.FDs, FDState{FD: fd, Pipe: e.pipe, End: map[bool]string{false: "read", true: "write"}[e.write]})
		}
	}
	if len(p.threads) > 0 { // none: nil, as JSON has always said
		ps.Threads = slices.Grow(threads[:0], len(p.threads))
	}
	for _, t := range p.threads {
		ps.Threads = append(ps.Threads, m.threadState(t, want&PartCallFrames != 0))
	}
	if p.as == nil {
		return ps
	}
	if want&PartMemory != 0 {
		m.memoryState(p, &ps, share)
	}
	if want&PartHeap != 0 {
		ps.Heap = slices.Clone(p.as.heap.blocks)
	}
	if want&PartSource != 0 {
		m.sourceFrames(p, &ps)
	}
	return ps
}

// memoryState fills in a process's regions with their pages and its
// globals with their values; with share, the regions made at the
// process's layout (ViewState).
func (m *Machine) memoryState(p *process, ps *ProcessState, share bool) {
	switch {
	case !share || !m.settled():
		ps.Regions = m.regionStates(p)
	case p.view.regions != nil && p.view.regionsAt == p.layout:
		ps.Regions = p.view.regions
	default:
		ps.Regions = m.regionStates(p)
		p.view.regions, p.view.regionsAt = ps.Regions, p.layout
	}
	for _, g := range p.as.globals {
		g.Value, _ = m.Peek(p.pid, g.Addr)
		if p.code.texts[g.Name] {
			g.Text, g.IsText = m.peekString(p.pid, g.Addr, min(g.Size, MaxGlobalText)), true
		}
		g.Pointer = p.code.pointers[g.Name]
		ps.Globals = append(ps.Globals, g)
	}
}

// regionStates are a process's regions with their pages.
func (m *Machine) regionStates(p *process) []RegionState {
	pages := p.as.pages(0, ^uint64(0))
	out := make([]RegionState, 0, len(p.as.regions))
	for _, r := range p.as.regions {
		rs := RegionState{Region: r}
		for _, vp := range pages {
			if a := vp << pageShift; r.Contains(a) || (a < r.Start && a+PageSize > r.Start && !m.profile.Flat) {
				pt := p.as.pt[vp]
				rs.Pages = append(rs.Pages, PageState{Addr: a, Frame: int(pt.frame), COW: pt.flags&pteCOW != 0, Write: pt.flags&pteWrite != 0})
			}
		}
		out = append(out, rs)
	}
	return out
}

// peekString reads the characters at addr, one per address, up to the
// first NUL and at most n of them.
func (m *Machine) peekString(pid int, addr, n uint64) string {
	var b strings.Builder
	for i := range n {
		c, _ := m.Peek(pid, addr+i)
		if byte(c) == 0 {
			break
		}
		b.WriteByte(byte(c))
	}
	return b.String()
}

func (m *Machine) threadState(t *thread, frames bool) ThreadState {
	ts := ThreadState{Tid: t.tid, Pid: t.p.pid, State: t.state, CPU: t.cpu, Stack: t.stack, Guard: t.guard,
		WaitFor: t.wait.id, CPUTime: t.cpuNS, Waiting: waitNames[t.wait.kind], Version: t.ver}
	if frames {
		ts.Frames, ts.MoreFrames = m.callFrames(t)
	}
	r := &t.regs
	ts.Regs = Registers{PC: t.pc, SP: r[RegSP], BP: r[RegBP], AX: r[RegAX], BX: r[RegBX], CX: r[RegCX], DX: r[RegDX], EX: r[RegEX], FX: r[RegFX], Zero: r[RegZero], Flags: t.cc}
	code := t.p.code
	ts.Instr = -1
	if idx, ok := shownInstr(t); ok {
		ts.Line, ts.Instr = code.code[idx].Line, idx
	}
	return ts
}

// shownInstr is the instruction a view shows a thread at: the next one it
// will run, or for a blocked thread the one it is blocked in (its pc has
// already moved past the lock, join or read that is waiting, and a
// student looks for the thread at that line, as a debugger shows it).
func shownInstr(t *thread) (int, bool) {
	code := t.p.code
	off := t.pc - code.base
	idx := int(off >> code.shift)
	if t.pc < code.base || idx >= len(code.code) {
		return -1, false
	}
	if t.state == ThreadBlocked && idx > 0 {
		idx--
	}
	return idx, true
}

// frameStates are the physical frames and who maps them; with share,
// the ones made at the machine's layout (ViewState): a frame is mapped,
// copied or freed only by what moves every process's layout.
func (m *Machine) frameStates(share bool) []FrameState {
	if !share || !m.settled() {
		return m.makeFrameStates()
	}
	if m.view.frames == nil || m.view.framesAt != m.layoutGen {
		m.view.frames, m.view.framesAt = m.makeFrameStates(), m.layoutGen
	}
	return m.view.frames
}

func (m *Machine) makeFrameStates() []FrameState {
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
	return m.threadState(t, false).Regs, true
}

// Current returns the tid running on CPU c (0: idle or no such CPU).
func (m *Machine) Current(c int) int {
	if c < 0 || c >= len(m.cpus) || m.cpus[c].cur == nil {
		return 0
	}
	return m.cpus[c].cur.tid
}

// ipcStates fills in pipes, held mutexes and segments in id order.
func (m *Machine) ipcStates(s *State) {
	ids := make([]int, 0, len(m.pipes))
	for id := range m.pipes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		pi := m.pipes[id]
		s.Pipes = append(s.Pipes, PipeState{ID: id, Buffer: slices.Clone(pi.buf), Bytes: 8 * len(pi.buf), Capacity: pi.capacity,
			Readers: pi.readers, Writers: pi.writers, ReadQueue: slices.Clone(pi.readQ), WriteQueue: slices.Clone(pi.writeQ), Words: pi.words})
	}
	for _, mu := range m.sortedMutexes() {
		s.Mutexes = append(s.Mutexes, MutexState{Pid: mu.key.pid, Segment: mu.key.seg, Addr: mu.addr, Name: mu.name,
			Owner: mu.owner, OwnerDead: m.tids[mu.owner] == nil, Queue: slices.Clone(mu.queue)})
	}
	for _, seg := range m.sortedSegments() {
		ss := SegmentState{ID: seg.id, Key: seg.key}
		for _, f := range seg.frames {
			ss.Frames = append(ss.Frames, int(f))
		}
		for _, p := range m.procs {
			if p.as == nil {
				continue
			}
			for _, r := range p.as.regions {
				if r.Segment == seg.id {
					ss.Maps = append(ss.Maps, PageRef{Pid: p.pid, Addr: r.Start})
				}
			}
		}
		s.Segments = append(s.Segments, ss)
	}
}

// Program is pid 2's program as loaded: its instructions (each with its
// source line and text: a C program's line table and generated
// assembly) and, for C, its symbol table (Debug). It is shared and must
// not be changed.
func (m *Machine) Program() *Program { return m.prog }

package sim

import (
	"cmp"
	"slices"
)

// RunState is where a thread is in its life.
type RunState string

// Thread states.
const (
	ThreadRunnable RunState = "runnable"
	ThreadRunning  RunState = "running"
	ThreadBlocked  RunState = "blocked"
	ThreadExited   RunState = "exited"
)

// Condition-code bits set by test, read by the conditional jumps; all clear
// at start, as in x86.py.
const (
	ccGT uint8 = 1 << iota
	ccGTE
	ccLT
	ccLTE
	ccEQ
	ccNEQ
)

type waitKind uint8

const (
	waitNone      waitKind = iota
	waitChild              // wait for a child (id, or -1 for any) to become a zombie
	waitJoin               // join thread id
	waitPipeRead           // pipe id is empty
	waitPipeWrite          // pipe id is full
	waitMutex              // the mutex at addr (key) is held
)

var waitNames = [...]string{"", "child", "join", "pipe-read", "pipe-write", "mutex"}

// waitState is what a blocked thread waits for. A direct pipe wait
// finishes its one-word call when woken (val holds a write's word); other
// pipe waits run their instruction again.
type waitState struct {
	kind   waitKind
	id     int
	fd     int
	val    int64
	direct bool
	mutex  mutexKey
}

type thread struct {
	ver    uint64 // changes.go
	dirty  bool   // changed since the last command (changes.go)
	tid    int
	p      *process
	regs   [NumRegs]int64
	pc     uint64
	cc     uint8
	state  RunState
	stack  Region
	guard  Region // zero End: none (main thread, ostep)
	frames []CallFrame
	wait   waitState
	cpu    int    // -1 when not on a CPU
	slot   int    // ostep stack slot
	cpuNS  uint64 // CPU time charged to this thread
	// readyAt is when it last became runnable (on the clock of the CPU
	// that made it so): no CPU runs it earlier.
	readyAt uint64
}

// CallFrame is one frame a call pushed: where it returns to, the saved
// frame pointer, and the stack range it occupies (locals included).
type CallFrame struct {
	ReturnAddr uint64
	SavedBP    uint64
	Start, End uint64 // [Start, End): the frame's bytes on the stack
	Label      string // the callee, when known
	// Words are the values stored at the top of the frame, highest address
	// first: the return address slot (one word below End), then the saved bp and the
	// callee's pushes or locals below it, at most MaxFrameWords (a C
	// function's: each named local at its own address, at most
	// MaxFrameLocals more). The frame
	// reaches down to the next inner frame (the innermost to the thread's
	// sp), so words a callee pushed after its call count as its own. Filled
	// only in State, read without faulting or allocating a frame; unmapped
	// words are left out.
	Words []StackWord
}

// StackWord is one word of a stack frame as memory holds it.
type StackWord struct {
	Addr  uint64
	Value int64
}

// Bounds on what State reads of a thread's stack.
const (
	MaxFrameWords  = 4  // words per frame in CallFrame.Words
	MaxFrameLocals = 8  // a C function's locals beyond them
	MaxStateFrames = 16 // innermost frames per thread in ThreadState.Frames
)

// callFrames copies t's innermost MaxStateFrames call frames (outermost
// first, as t.frames keeps them) with the words each holds, and says how
// many outer frames were left out.
func (m *Machine) callFrames(t *thread) ([]CallFrame, int) {
	skip := max(len(t.frames)-MaxStateFrames, 0)
	out := slices.Clone(t.frames[skip:])
	for i := range out {
		f := &out[i]
		low := f.Start
		if i+1 < len(out) {
			low = min(low, out[i+1].End)
		} else if sp := uint64(t.regs[RegSP]); sp <= f.End {
			low = min(low, sp)
		}
		for _, a := range m.frameAddrs(t.p, f, low) {
			if v, ok := m.Peek(t.p.pid, a); ok {
				f.Words = append(f.Words, StackWord{Addr: a, Value: v})
			}
		}
	}
	return out, skip
}

// frameAddrs are the addresses of a frame's words, highest first: the
// return address and saved bp slots, then, in a C function, each of its
// locals at its own address (an int four bytes below bp is a value of
// its own, which a word-by-word walk would pass over), else every word
// down to low, at most MaxFrameWords in all.
func (m *Machine) frameAddrs(p *process, f *CallFrame, low uint64) []uint64 {
	w := uint64(m.profile.WordSize)
	var out []uint64
	if fn := debugFunc(p, f.Label); fn != nil {
		bp := f.End - 2*w // the callee pushed bp below its return address
		out = append(out, f.End-w, bp)
		for _, l := range fn.Locals {
			if a := bp + uint64(l.Offset); !l.Param && a >= low && a < bp && len(out) < MaxFrameWords+MaxFrameLocals {
				out = append(out, a)
			}
		}
		slices.SortFunc(out, func(a, b uint64) int { return cmp.Compare(b, a) })
		return slices.Compact(out)
	}
	for a := f.End - w; a >= low && a < f.End && len(out) < MaxFrameWords; a -= w {
		out = append(out, a)
	}
	return out
}

// debugFunc is the C function named name in p's program, if it has one.
func debugFunc(p *process, name string) *DebugFunc {
	if p.code == nil || p.code.prog.Debug == nil || name == "" {
		return nil
	}
	for i, f := range p.code.prog.Debug.Funcs {
		if f.Name == name {
			return &p.code.prog.Debug.Funcs[i]
		}
	}
	return nil
}

// newThread creates a thread in p with its own stack (and guard page in the
// linux profile), starting at instruction index start.
func (m *Machine) newThread(p *process, start int) (*thread, *Error) {
	if len(p.threads) >= m.cfg.Limits.MaxThreadsPerProc {
		return nil, errorf(ErrLimit, "pid %d already has %d threads (limit %d)", p.pid, len(p.threads), m.cfg.Limits.MaxThreadsPerProc)
	}
	tid := p.pid // a main thread's tid is its pid
	main := len(p.threads) == 0 && m.tids[p.pid] == nil
	if !main {
		tid = m.nextID
	}
	t := &thread{tid: tid, p: p, state: ThreadRunnable, cpu: -1, readyAt: m.now()}
	if err := m.placeStack(p, t, main); err != nil {
		return nil, err
	}
	if !main {
		m.nextID++
	}
	t.pc = p.code.addrOf(start)
	t.regs[RegSP] = int64(t.stack.End - m.spOffset(t))
	if m.profile.Flat {
		t.regs[RegSP] = m.flatStackTop(t.slot)
	}
	p.threads = append(p.threads, t)
	m.addThread(t)
	return t, nil
}

// flatStackTop is where x86.py starts the stack of the thread in slot i:
// memsize×1000 − 1000·i, with no check, so it can be 0 or negative when
// -t is large for -m.
func (m *Machine) flatStackTop(slot int) int64 {
	return int64(m.cfg.MemSize)*1000 - int64(slot)*int64(m.profile.StackStride)
}

// spOffset is how far below the stack's end a new thread's sp starts:
// x86.py starts at the very top; Linux keeps argv/env above the main
// thread's first frame and the thread descriptor and TLS (~4.3 KiB) above a
// new thread's.
func (m *Machine) spOffset(t *thread) uint64 {
	switch {
	case m.profile.Flat:
		return 0
	case t.tid == t.p.pid:
		return 0x1000
	}
	return 0x1100
}

// placeStack maps t's stack: the main thread's at the top of user space,
// the others in the mmap area with a guard page directly below (stride
// StackSize + 4 KiB, growing down); ostep stacks 1000 apart.
func (m *Machine) placeStack(p *process, t *thread, main bool) *Error {
	as := p.as
	if m.profile.Flat {
		used := map[int]bool{}
		for _, o := range p.threads {
			used[o.slot] = true
		}
		for used[t.slot] {
			t.slot++
		}
		top := m.flatStackTop(t.slot)
		if top < int64(m.profile.StackStride) {
			// x86.py puts the stack there without a check (sp may be 0
			// or negative); a push then writes outside the space and
			// faults. The thread has no stack region.
			t.stack = Region{}
			return nil
		}
		t.stack = Region{Kind: RegionStack, Start: uint64(top) - m.profile.StackStride, End: uint64(top), Perm: PermRead | PermWrite, Owner: t.tid}
		as.regions = append(as.regions, t.stack)
		sortRegions(as.regions)
		return nil
	}
	size := m.cfg.StackSize
	if main {
		t.stack = Region{Kind: RegionStack, Start: m.profile.StackTop - size, End: m.profile.StackTop, Perm: PermRead | PermWrite, Owner: t.tid}
		as.regions = append(as.regions, t.stack)
		sortRegions(as.regions)
		return nil
	}
	start, err := m.mmapAlloc(as, size+PageSize)
	if err != nil {
		return err
	}
	t.guard = Region{Kind: RegionGuard, Start: start, End: start + PageSize, Owner: t.tid}
	t.stack = Region{Kind: RegionStack, Start: start + PageSize, End: start + PageSize + size, Perm: PermRead | PermWrite, Owner: t.tid}
	as.regions = append(as.regions, t.guard, t.stack)
	sortRegions(as.regions)
	return nil
}

// mmapAlloc reserves size bytes (page multiple) in the mmap area: the
// highest freed hole that fits, else below everything mapped so far.
func (m *Machine) mmapAlloc(as *addrSpace, size uint64) (uint64, *Error) {
	for i, h := range as.holes {
		if h.end-h.start >= size {
			start := h.end - size
			if start == h.start {
				as.holes = append(as.holes[:i], as.holes[i+1:]...)
			} else {
				as.holes[i].end = start
			}
			return start, nil
		}
	}
	if as.mmapNext < size+(1<<40) {
		return 0, errorf(ErrNoMemory, "the mmap area is exhausted")
	}
	as.mmapNext -= size
	return as.mmapNext, nil
}

// mmapFree returns [start, end) to the mmap area and forgets its pages.
func (m *Machine) mmapFree(as *addrSpace, start, end uint64) {
	m.unmapRange(as, start, end)
	as.holes = append(as.holes, span{start, end})
	for i := len(as.holes) - 1; i > 0 && as.holes[i].start > as.holes[i-1].start; i-- {
		as.holes[i], as.holes[i-1] = as.holes[i-1], as.holes[i]
	}
}

// removeRegions drops the regions matching drop.
func (as *addrSpace) removeRegions(drop func(Region) bool) {
	out := as.regions[:0]
	for _, r := range as.regions {
		if !drop(r) {
			out = append(out, r)
		}
	}
	as.regions = out
}

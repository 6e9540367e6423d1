package sim

// EventKind names what happened.
type EventKind string

// Event kinds. Narration lives in the presentation layer; events carry the
// numbers it needs.
const (
	EvThreadCreated EventKind = "thread-created"
	EvThreadExited  EventKind = "thread-exited"
	EvProcessForked EventKind = "process-forked"
	EvProcessExited EventKind = "process-exited"
	EvKilled        EventKind = "killed"
	EvZombie        EventKind = "zombie"
	EvReaped        EventKind = "reaped"
	EvAdopted       EventKind = "adopted"
	EvSubreaper     EventKind = "subreaper"
	EvExec          EventKind = "exec"
	EvPageFault     EventKind = "page-fault" // first touch of a page: a fresh frame
	EvCOWFault      EventKind = "cow-fault"
	EvSegfault      EventKind = "segfault"
	EvSwitch        EventKind = "switch"
	EvMalloc        EventKind = "malloc"
	EvFree          EventKind = "free"
	EvWrite         EventKind = "write"
	EvRead          EventKind = "read"
	EvCall          EventKind = "call"
	EvRet           EventKind = "ret"
	EvBlocked       EventKind = "blocked"
	EvWoken         EventKind = "woken"
	EvHalt          EventKind = "halt"
	EvPrint         EventKind = "print"
	EvIdle          EventKind = "idle" // no thread can run
	EvError         EventKind = "error"
)

// SwitchKind says whether a context switch stayed inside one address space.
type SwitchKind string

// Switch kinds.
const (
	SwitchNone    SwitchKind = ""
	SwitchThread  SwitchKind = "thread"  // same process: registers and stack only
	SwitchProcess SwitchKind = "process" // address-space switch
)

// Event is one thing the OS saw happen.
type Event struct {
	Tick     uint64
	Kind     EventKind
	Pid, Tid int
	// Other is the other pid or tid involved: the child, the new thread,
	// the adopter, the thread switched to, the reaped child ...
	Other int
	// CPU is the CPU involved in a switch, halt or idle.
	CPU        int
	Addr       uint64 // the address involved (fault address, malloc pointer, new sp ...)
	Start, End uint64 // a range: a stack, a region, a page, a frame on the stack
	// OldFrame and NewFrame are physical frame numbers (-1: none).
	OldFrame, NewFrame int
	Value              int64 // written value, exit status, malloc size ...
	Signal             int   // killing signal (SIGSEGV = 11)
	Switch             SwitchKind
	Name               string // a global, a label, a program, a reason
	Cost               uint64 // simulated ns this event cost
	Err                *Error // Kind == EvError
}

// Simulated costs in nanoseconds, calibrated to the medians in
// shared/facts/linux-x86_64.md.
const (
	costInstr         = 1
	costSyscall       = 240
	costFork          = 65_000
	costForkPerPTE    = 80
	costThreadCreate  = 9_000
	costExec          = 900_000
	costExit          = 20_000
	costWait          = 2_000
	costSwitchThread  = 2_870
	costSwitchProcess = 3_560
	costCOWFault      = 4_000
	costFirstTouch    = 3_000
	costMalloc        = 60
	costFree          = 40
	costSignal        = 2_000
)

// Signals the lab uses.
const (
	SIGKILL = 9
	SIGSEGV = 11
	SIGTERM = 15
)

func (m *Machine) emit(e Event) {
	e.Tick = m.tick
	if e.Kind != EvPageFault && e.Kind != EvCOWFault {
		e.OldFrame, e.NewFrame = -1, -1
	}
	m.clock += e.Cost
	m.events = append(m.events, e)
}

// fail emits an error event.
func (m *Machine) fail(pid, tid int, err *Error) {
	m.emit(Event{Kind: EvError, Pid: pid, Tid: tid, Err: err})
}

// Observer receives per-instruction detail. It is optional; a machine
// without one pays nothing for it.
type Observer interface {
	// Step is called after each executed instruction.
	Step(s StepInfo)
	// Scheduled is called when a CPU's thread changes or an interrupt or
	// halt passes through the scheduler (x86.py prints those rows even when
	// the same thread continues).
	Scheduled(s SchedInfo)
}

// StepInfo describes one executed instruction.
type StepInfo struct {
	Tick    uint64
	CPU     int
	Pid     int
	Tid     int
	PC      uint64 // address of the instruction
	Index   int    // its index in the program
	Line    int    // its source line
	Text    string // its source text
	Output  string // what rdump, mdump or print printed
	MemAddr uint64 // the address written, if MemWrite
	MemVal  int64
	// MemWrite is true when the instruction stored to memory.
	MemWrite bool
}

// SchedInfo describes a pass through the scheduler.
type SchedInfo struct {
	Tick     uint64
	CPU      int
	From, To int    // tids (0: none)
	Reason   string // "interrupt", "yield", "halt", "block", "exit", "manual"
}

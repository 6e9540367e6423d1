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
	EvCOWReuse      EventKind = "cow-reuse" // a write fault on a COW page only this process maps: the frame is reused (OldFrame = NewFrame)
	EvSegfault      EventKind = "segfault"
	EvOOMKill       EventKind = "oom-kill" // no free frame: the OOM killer kills Pid (Value = its resident pages) for Other's fault
	EvSwitch        EventKind = "switch"
	EvMalloc        EventKind = "malloc" // Name = "mmap" when the block got a mapping of its own
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

	EvPipeCreated EventKind = "pipe-created"      // FD = read end, Value = write end, Object = pipe id
	EvPipeWrite   EventKind = "pipe-write"        // FD, Object, Value = the word (first word), End = words
	EvPipeRead    EventKind = "pipe-read"         // FD, Object, Value = the word; Name = "eof" at end of file
	EvClose       EventKind = "close"             // FD, Object; Name = which end
	EvShm         EventKind = "shm-mapped"        // Object = segment id, Value = key, Start/End = where
	EvLock        EventKind = "lock"              // Addr, Object = mutex id, Name = global; Value 1 = had to wait
	EvUnlock      EventKind = "unlock"            // Other = the waiter handed the mutex (0: none)
	EvAtomicAdd   EventKind = "atomic-add"        // Addr, Value = the new value
	EvSignal      EventKind = "signal"            // Signal, Name = its name and the action taken, Other = sender pid
	EvDeadlock    EventKind = "deadlock"          // Tids = the cycle in the wait-for graph, Name = it in words
	EvAllBlocked  EventKind = "all-blocked"       // Tids = every blocked thread: nothing can run again
	EvOutput      EventKind = "output"            // a C program's write to the terminal: FD 1 or 2, Name = the bytes
	EvStopped     EventKind = "stopped"           // an until command ended: Name = switch, halt or limit; Value = instructions run
	EvRandom      EventKind = "random-interrupts" // the machine restarted with random interrupts: Value = the seed, Other = the longest interval
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
	// FD is the file descriptor involved; Object the pipe, segment or
	// mutex id.
	FD, Object int
	// Tids lists the threads of a deadlock cycle or of an all-blocked
	// machine.
	Tids []int
}

func (m *Machine) emit(e Event) {
	e.Tick = m.tick
	if e.Kind != EvPageFault && e.Kind != EvCOWFault && e.Kind != EvCOWReuse {
		e.OldFrame, e.NewFrame = -1, -1
	}
	if e.Cost != 0 {
		payer := e.Tid
		if e.Kind == EvSwitch {
			payer = e.Other
		}
		m.charge(e.Pid, payer, eventCategory(&e), e.Cost)
	}
	m.events = append(m.events, e)
	if e.Kind != EvSwitch { // a switch touches its two threads (put)
		m.emitted++
	}
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

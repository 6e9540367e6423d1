package sim

// Command is one line of the command table (docs/commands.md): what a
// click, a script line or a protocol message asks the machine to do. A
// command that acts from a thread names Tid; one that acts on a process
// names Pid; machine commands name neither.
type Command struct {
	Op   string
	Tid  int
	Pid  int
	N    int64  // step count or bound, call depth, malloc size, exit status, value to write, signal, key
	Name string // label, global, program, "off" for subreaper, until's condition
	Addr uint64 // address for write, read, lock, unlock, atomic-add (when Name is empty; 0 is a valid address) and free
	FD   int    // file descriptor for close, write-fd, read-fd
}

// The command ops.
const (
	CmdSpawn      = "spawn"
	CmdFork       = "fork"
	CmdExit       = "exit"
	CmdThreadExit = "thread-exit"
	CmdCall       = "call"
	CmdRet        = "ret"
	CmdWrite      = "write"
	CmdRead       = "read"
	CmdMalloc     = "malloc"
	CmdFree       = "free"
	CmdKill       = "kill"
	CmdWait       = "wait"
	CmdExec       = "exec"
	CmdSubreaper  = "subreaper"
	CmdStep       = "step"
	CmdUntil      = "until"
	CmdRun        = "run"
	CmdReset      = "reset"
	CmdPipe       = "pipe"
	CmdClose      = "close"
	CmdWriteFD    = "write-fd"
	CmdReadFD     = "read-fd"
	CmdShm        = "shm"
	CmdLock       = "lock"
	CmdUnlock     = "unlock"
	CmdAtomicAdd  = "atomic-add"
	// CmdRandom restarts the machine with random interrupts (random.go).
	CmdRandom = "random"
	// Source-level stepping of a C program (stepping.go).
	CmdNext   = "next"
	CmdStepIn = "step-in"
	CmdFinish = "finish"
)

// The conditions of until, and why it stopped (Event.Name of EvStopped).
const (
	UntilSwitch = "switch" // a switch event on any CPU
	UntilHalt   = "halt"   // no runnable thread left (all halted, exited or blocked)
	UntilLimit  = "limit"  // the bound came first
)

// cmdShape says which fields a command takes, in order.
type cmdShape struct {
	id      byte // 't': tid, 'p': pid, 0: none
	args    string
	minArgs int
}

// Arg letters: n = N (optional unless counted in minArgs), l = Name
// (label/program), g = Name or Addr, a = Addr, s = signal into N, o = "off",
// f = FD, c = an until condition into Name.
var shapes = map[string]cmdShape{
	CmdSpawn:      {'t', "l", 0},
	CmdFork:       {'t', "", 0},
	CmdExit:       {'t', "n", 0},
	CmdThreadExit: {'t', "n", 0},
	CmdCall:       {'t', "n", 0},
	CmdRet:        {'t', "n", 0},
	CmdWrite:      {'t', "gn", 2},
	CmdRead:       {'t', "g", 1},
	CmdMalloc:     {'t', "n", 1},
	CmdFree:       {'t', "a", 1},
	CmdKill:       {'p', "s", 0},
	CmdWait:       {'p', "", 0},
	CmdExec:       {'p', "l", 1},
	CmdSubreaper:  {'p', "o", 0},
	CmdStep:       {0, "n", 0},
	CmdUntil:      {0, "cn", 1},
	CmdRun:        {'t', "", 0},
	CmdReset:      {0, "", 0},
	CmdPipe:       {'t', "", 0},
	CmdClose:      {'t', "f", 1},
	CmdWriteFD:    {'t', "fn", 2},
	CmdReadFD:     {'t', "f", 1},
	CmdShm:        {'t', "n", 1},
	CmdLock:       {'t', "g", 1},
	CmdUnlock:     {'t', "g", 1},
	CmdAtomicAdd:  {'t', "gn", 2},
	CmdRandom:     {0, "n", 1},
	CmdNext:       {'t', "n", 0},
	CmdStepIn:     {'t', "n", 0},
	CmdFinish:     {'t', "n", 0},
}

// Ops lists the command ops in table order.
func Ops() []string {
	return []string{CmdSpawn, CmdFork, CmdExit, CmdThreadExit, CmdCall, CmdRet, CmdWrite, CmdRead, CmdMalloc,
		CmdFree, CmdKill, CmdWait, CmdExec, CmdSubreaper, CmdStep, CmdUntil, CmdRun, CmdReset,
		CmdPipe, CmdClose, CmdWriteFD, CmdReadFD, CmdShm, CmdLock, CmdUnlock, CmdAtomicAdd,
		CmdNext, CmdStepIn, CmdFinish, CmdRandom}
}

// MaxTicks is the most ticks c can take on a machine whose
// Limits.MaxStepsPerCommand is lim: a step its count, an until its bound
// (without one, lim), any other command (and a refused one) 1.
func (c Command) MaxTicks(lim int64) uint64 {
	n := int64(1)
	switch c.Op {
	case CmdStep:
		n = max(c.N, 1)
	case CmdUntil, CmdNext, CmdStepIn, CmdFinish:
		n = c.N
		if n == 0 {
			n = lim
		}
	}
	if n <= 0 || n > lim {
		return 1 // refused
	}
	return uint64(n)
}

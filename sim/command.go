package sim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

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
}

// Ops lists the command ops in table order.
func Ops() []string {
	return []string{CmdSpawn, CmdFork, CmdExit, CmdThreadExit, CmdCall, CmdRet, CmdWrite, CmdRead, CmdMalloc,
		CmdFree, CmdKill, CmdWait, CmdExec, CmdSubreaper, CmdStep, CmdUntil, CmdRun, CmdReset,
		CmdPipe, CmdClose, CmdWriteFD, CmdReadFD, CmdShm, CmdLock, CmdUnlock, CmdAtomicAdd}
}

// ParseCommand reads one line of the command table: "fork 2",
// "spawn 2 worker", "write 3 counter 7", "step 100". Blank lines and
// comments are not commands.
func ParseCommand(line string) (Command, error) {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(line)
	if len(f) == 0 {
		return Command{}, fmt.Errorf("empty command: %w", ErrSyntax)
	}
	c := Command{Op: strings.ToLower(f[0])}
	sh, ok := shapes[c.Op]
	if !ok {
		return c, fmt.Errorf("unknown command %q (want one of %s): %w", f[0], strings.Join(Ops(), ", "), ErrSyntax)
	}
	rest := f[1:]
	if sh.id != 0 {
		if len(rest) == 0 {
			return c, fmt.Errorf("%s: missing %s: %w", c.Op, idName(sh.id), ErrSyntax)
		}
		id, err := strconv.Atoi(rest[0])
		if err != nil || id <= 0 {
			return c, fmt.Errorf("%s: %s %q is not a positive number: %w", c.Op, idName(sh.id), rest[0], ErrSyntax)
		}
		if sh.id == 't' {
			c.Tid = id
		} else {
			c.Pid = id
		}
		rest = rest[1:]
	}
	if len(rest) < sh.minArgs || len(rest) > len(sh.args) {
		return c, fmt.Errorf("%s: got %d arguments after the id, want %s: %w", c.Op, len(rest), usage(c.Op), ErrSyntax)
	}
	for i, a := range rest {
		if err := c.setArg(sh.args[i], a); err != nil {
			return c, fmt.Errorf("%s: %w", c.Op, err)
		}
	}
	return c, c.Validate()
}

func idName(b byte) string {
	if b == 't' {
		return "tid"
	}
	return "pid"
}

func (c *Command) setArg(kind byte, a string) error {
	switch kind {
	case 'n':
		v, err := parseInt(a)
		if err != nil {
			return err
		}
		if v == 0 && countNames[c.Op] != "" {
			return fmt.Errorf("%s needs a %s of at least 1 (leave it out for 1): %w", c.Op, countNames[c.Op], ErrSyntax)
		}
		c.N = v
	case 'c':
		c.Name = strings.ToLower(a)
	case 'l':
		c.Name = a
	case 'f':
		v, err := strconv.Atoi(a)
		if err != nil || v < 0 || v > maxFD {
			return fmt.Errorf("%q is not a file descriptor (a number from 0 to %d): %w", a, maxFD, ErrSyntax)
		}
		c.FD = v
	case 'g', 'a':
		if a[0] >= '0' && a[0] <= '9' {
			v, err := strconv.ParseUint(a, 0, 64)
			if err != nil {
				return fmt.Errorf("%q is not an address (0 to 0xffffffffffffffff): %w", a, ErrSyntax)
			}
			c.Addr = v
		} else if kind == 'a' {
			return fmt.Errorf("%q is not an address: %w", a, ErrSyntax)
		} else {
			c.Name = a
		}
	case 's':
		if v, ok := signalNames[strings.TrimPrefix(strings.ToUpper(a), "SIG")]; ok {
			c.N = v
			return nil
		}
		v, err := strconv.ParseInt(a, 10, 64)
		if err != nil || v < 1 || v > 64 {
			return fmt.Errorf("%q is not a signal (1..64 or KILL, SEGV, TERM, INT, ABRT, PIPE, CHLD): %w", a, ErrSyntax)
		}
		c.N = v
	case 'o':
		if a != "on" && a != "off" {
			return fmt.Errorf("%q: want on or off: %w", a, ErrSyntax)
		}
		if a == "off" {
			c.Name = a
		}
	}
	return nil
}

// countNames are the ops whose number is a count: written out, it must be
// at least 1 ("step 0" would silently run one instruction).
var countNames = map[string]string{CmdStep: "count", CmdUntil: "bound", CmdCall: "depth", CmdRet: "count"}

// maxFD bounds a file descriptor in the text form and in Validate.
const maxFD = 1 << 20

// parseInt reads a decimal, 0x hexadecimal, 0o octal or 0b binary integer.
func parseInt(a string) (int64, error) {
	v, err := strconv.ParseInt(a, 0, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%s is out of range (a 64-bit integer is at most 9223372036854775807): %w", a, ErrSyntax)
	case err != nil:
		return 0, fmt.Errorf("%q is not an integer: %w", a, ErrSyntax)
	}
	return v, nil
}

func usage(op string) string {
	return map[string]string{
		CmdSpawn: "spawn TID [LABEL]", CmdFork: "fork TID", CmdExit: "exit TID [STATUS]", CmdThreadExit: "thread-exit TID [STATUS]",
		CmdCall: "call TID [DEPTH]", CmdRet: "ret TID [N]", CmdWrite: "write TID GLOBAL|ADDR VALUE", CmdRead: "read TID GLOBAL|ADDR",
		CmdMalloc: "malloc TID SIZE", CmdFree: "free TID ADDR", CmdKill: "kill PID [SIGNAL]", CmdWait: "wait PID",
		CmdExec: "exec PID PROGRAM", CmdSubreaper: "subreaper PID [on|off]", CmdStep: "step [N]", CmdUntil: "until switch|halt [MAX]", CmdRun: "run TID", CmdReset: "reset",
		CmdPipe: "pipe TID", CmdClose: "close TID FD", CmdWriteFD: "write-fd TID FD VALUE", CmdReadFD: "read-fd TID FD",
		CmdShm: "shm TID KEY", CmdLock: "lock TID GLOBAL|ADDR", CmdUnlock: "unlock TID GLOBAL|ADDR", CmdAtomicAdd: "atomic-add TID GLOBAL|ADDR VALUE",
	}[op]
}

// String renders the command in the table's text form;
// ParseCommand(c.String()) == c for every valid command.
func (c Command) String() string {
	sh, ok := shapes[c.Op]
	if !ok {
		return c.Op
	}
	var b strings.Builder
	b.WriteString(c.Op)
	switch sh.id {
	case 't':
		fmt.Fprintf(&b, " %d", c.Tid)
	case 'p':
		fmt.Fprintf(&b, " %d", c.Pid)
	}
	for i := 0; i < len(sh.args); i++ {
		switch sh.args[i] {
		case 'n', 's':
			if c.N != 0 || i < sh.minArgs {
				fmt.Fprintf(&b, " %d", c.N)
			}
		case 'l':
			if c.Name != "" {
				b.WriteString(" " + c.Name)
			}
		case 'g', 'a':
			if c.Name != "" {
				b.WriteString(" " + c.Name)
			} else {
				fmt.Fprintf(&b, " %#x", c.Addr)
			}
		case 'f':
			fmt.Fprintf(&b, " %d", c.FD)
		case 'o':
			if c.Name == "off" {
				b.WriteString(" off")
			}
		case 'c':
			b.WriteString(" " + c.Name)
		}
	}
	return b.String()
}

// MaxTicks is the most ticks c can take on a machine whose
// Limits.MaxStepsPerCommand is lim: a step its count, an until its bound
// (without one, lim), any other command (and a refused one) 1.
func (c Command) MaxTicks(lim int64) uint64 {
	n := int64(1)
	switch c.Op {
	case CmdStep:
		n = max(c.N, 1)
	case CmdUntil:
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

// Validate checks the command's shape without a machine: a known op, the
// id it needs, arguments in range. N = 0 means the default of an optional
// number (step and until: 1 and Limits.MaxStepsPerCommand; call and ret:
// 1; kill: SIGKILL; exit: 0).
func (c Command) Validate() error {
	sh, ok := shapes[c.Op]
	if !ok {
		return fmt.Errorf("unknown command %q: %w", c.Op, ErrSyntax)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %w", c.Op, fmt.Sprintf(format, args...), ErrSyntax)
	}
	switch {
	case sh.id == 't' && c.Tid <= 0:
		return bad("needs a tid")
	case sh.id == 'p' && c.Pid <= 0:
		return bad("needs a pid")
	case sh.id != 't' && c.Tid != 0, sh.id != 'p' && c.Pid != 0:
		return bad("takes no %s", map[bool]string{true: "tid", false: "pid"}[c.Tid != 0])
	}
	if err := c.validateN(); err != nil {
		return bad("%s", err)
	}
	switch c.Op {
	case CmdExec:
		if c.Name == "" {
			return bad("needs a program name")
		}
	case CmdSubreaper:
		if c.Name != "" && c.Name != "off" {
			return bad("want on or off")
		}
	case CmdUntil:
		if c.Name != UntilSwitch && c.Name != UntilHalt {
			return bad("condition %q: want switch or halt", c.Name)
		}
	}
	if c.Name != "" && !isName(c.Name) {
		return bad("name %q: want a label, global or program name (a letter, _ or ., then letters, digits, _ or .)", c.Name)
	}
	if !strings.ContainsAny(sh.args, "ga") && c.Addr != 0 {
		return bad("takes no address")
	}
	if !strings.Contains(sh.args, "f") && c.FD != 0 {
		return bad("takes no file descriptor")
	}
	if c.FD < 0 || c.FD > maxFD {
		return bad("file descriptor %d: want 0..%d", c.FD, maxFD)
	}
	if c.Name != "" && !strings.ContainsAny(sh.args, "lgoc") {
		return bad("takes no name")
	}
	if c.N != 0 && !strings.ContainsAny(sh.args, "ns") {
		return bad("takes no number")
	}
	return nil
}

// validateN checks the number's range for the ops that bound it.
func (c Command) validateN() error {
	switch c.Op {
	case CmdCall, CmdRet:
		if c.N < 0 || c.N > 1_000_000 {
			return fmt.Errorf("depth %d: want 1..1000000", c.N)
		}
	case CmdStep, CmdUntil:
		if c.N < 0 {
			return fmt.Errorf("%s %d: want at least 1", countNames[c.Op], c.N)
		}
	case CmdMalloc:
		if c.N <= 0 {
			return fmt.Errorf("size %d: want at least 1 byte", c.N)
		}
	case CmdKill:
		if c.N < 0 || c.N > 64 {
			return fmt.Errorf("signal %d: want 1..64", c.N)
		}
	case CmdExit, CmdThreadExit:
		if c.N < 0 || c.N > 255 {
			return fmt.Errorf("status %d: want 0..255 (exit keeps the low 8 bits; say which you mean)", c.N)
		}
	}
	return nil
}

// isName: a letter, _ or . first, then letters, digits, _ or . (labels,
// globals and program names; digits start an address instead).
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

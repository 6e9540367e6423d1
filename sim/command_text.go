package sim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

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
			return fmt.Errorf("the %s must be at least 1 (leave it out for 1): %w", countNames[c.Op], ErrSyntax)
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
var countNames = map[string]string{CmdStep: "count", CmdUntil: "bound", CmdCall: "depth", CmdRet: "count",
	CmdNext: "bound", CmdStepIn: "bound", CmdFinish: "bound"}

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
		CmdNext: "next TID [MAX]", CmdStepIn: "step-in TID [MAX]", CmdFinish: "finish TID [MAX]",
		CmdRandom: "random SEED",
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

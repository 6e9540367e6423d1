package sim

import (
	"fmt"
	"strings"
)

// Validate checks the command's shape without a machine: a known op, the
// id it needs, arguments in range. N = 0 means the default of an optional
// number (step and until: 1 and Limits.MaxStepsPerCommand; call and ret:
// 1; kill: SIGTERM; exit: 0).
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
	case CmdStep, CmdUntil, CmdNext, CmdStepIn, CmdFinish:
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
	case CmdRandom:
		if c.N < 0 {
			return fmt.Errorf("seed %d: want 0 or more", c.N)
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

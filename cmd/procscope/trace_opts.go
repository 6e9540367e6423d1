package main

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
)

// traceOptions are `procscope trace`'s options: x86.py's, with its
// defaults, plus --script and --json.
type traceOptions struct {
	Seed       int64
	Threads    int64
	Program    string
	Interrupt  int64
	ProcSched  string
	RandInts   bool
	Argv       string
	LoadAddr   int64
	MemSize    int64
	MemTrace   string
	RegTrace   string
	CCTrace    bool
	PrintStats bool
	Verbose    bool
	HeaderCnt  int64
	Compute    bool
	Script     string
	JSON       bool
	Help       bool
}

func defaultTraceOptions() traceOptions {
	return traceOptions{Threads: 2, Interrupt: 50, LoadAddr: 1000, MemSize: 128, HeaderCnt: -1}
}

// optKind is what an option takes.
type optKind uint8

const (
	optFlag optKind = iota
	optInt
	optString
)

// traceOpt is one option, spelled as x86.py's OptionParser spells it.
type traceOpt struct {
	short byte // 0: long only
	long  string
	kind  optKind
	help  string
	set   func(o *traceOptions, s string, i int64)
}

var traceOpts = []traceOpt{
	{'s', "seed", optInt, "random seed (for -r)", func(o *traceOptions, _ string, i int64) { o.Seed = i }},
	{'t', "threads", optInt, "number of threads (default 2)", func(o *traceOptions, _ string, i int64) { o.Threads = i }},
	{'p', "program", optString, "source program (in .s)", func(o *traceOptions, s string, _ int64) { o.Program = s }},
	{'i', "interrupt", optInt, "interrupt frequency in instructions (default 50)", func(o *traceOptions, _ string, i int64) { o.Interrupt = i }},
	{'P', "procsched", optString, "exact schedule, one thread id per instruction, e.g. 0011", func(o *traceOptions, s string, _ int64) { o.ProcSched = s }},
	{'r', "randints", optFlag, "random interrupt intervals", func(o *traceOptions, _ string, _ int64) { o.RandInts = true }},
	{'a', "argv", optString, "per-thread registers, e.g. ax=1,ax=2 or ax=1:bx=2,cx=3", func(o *traceOptions, s string, _ int64) { o.Argv = s }},
	{'L', "loadaddr", optInt, "address where code is loaded (default 1000)", func(o *traceOptions, _ string, i int64) { o.LoadAddr = i }},
	{'m', "memsize", optInt, "size of the address space in KB (default 128)", func(o *traceOptions, _ string, i int64) { o.MemSize = i }},
	{'M', "memtrace", optString, "comma-separated addresses or variable names to trace", func(o *traceOptions, s string, _ int64) { o.MemTrace = s }},
	{'R', "regtrace", optString, "comma-separated registers to trace, e.g. ax,bx", func(o *traceOptions, s string, _ int64) { o.RegTrace = s }},
	{'C', "cctrace", optFlag, "trace the condition codes", func(o *traceOptions, _ string, _ int64) { o.CCTrace = true }},
	{'S', "printstats", optFlag, "print statistics and an icount column", func(o *traceOptions, _ string, _ int64) { o.PrintStats = true }},
	{'v', "verbose", optFlag, "print what the loader does", func(o *traceOptions, _ string, _ int64) { o.Verbose = true }},
	{'H', "headercount", optInt, "print the header again every N instructions", func(o *traceOptions, _ string, i int64) { o.HeaderCnt = i }},
	{'c', "compute", optFlag, "compute the answers (otherwise values print as ?)", func(o *traceOptions, _ string, _ int64) { o.Compute = true }},
	{0, "script", optString, "run one command per line from FILE (see docs/commands.md)", func(o *traceOptions, s string, _ int64) { o.Script = s }},
	{0, "json", optFlag, "with --script: print the final state as JSON", func(o *traceOptions, _ string, _ int64) { o.JSON = true }},
	{'h', "help", optFlag, "show this help and exit", func(o *traceOptions, _ string, _ int64) { o.Help = true }},
}

// usageError is a bad command line (x86.py's optparse exits 2 for these).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// parseTraceArgs reads args the way Python's optparse does for x86.py:
// "-t 2", "-t2", "--threads=2", "--threads 2", unique long prefixes
// ("--thr=2"), clustered flags ("-cC", "-ct2"), the last repeat wins, bare
// arguments are ignored, "--" ends the options, and integers take
// optparse's forms (0x hex, 0b binary, a leading 0 means octal).
func parseTraceArgs(args []string) (traceOptions, error) {
	o := defaultTraceOptions()
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return o, nil
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			opt, err := matchLong(name)
			if err != nil {
				return o, err
			}
			spelled := "--" + opt.long
			if opt.kind == optFlag {
				if hasVal {
					return o, usagef("%s option does not take a value", spelled)
				}
				opt.set(&o, "", 0)
				continue
			}
			if !hasVal {
				if i+1 >= len(args) {
					return o, usagef("%s option requires 1 argument", spelled)
				}
				i++
				val = args[i]
			}
			if err := setOpt(&o, opt, spelled, val); err != nil {
				return o, err
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			for j := 1; j < len(a); j++ {
				opt, ok := matchShort(a[j])
				if !ok {
					return o, usagef("no such option: -%c", a[j])
				}
				spelled := "-" + string(a[j])
				if opt.kind == optFlag {
					opt.set(&o, "", 0)
					continue
				}
				val := a[j+1:]
				if val == "" {
					if i+1 >= len(args) {
						return o, usagef("%s option requires 1 argument", spelled)
					}
					i++
					val = args[i]
				}
				if err := setOpt(&o, opt, spelled, val); err != nil {
					return o, err
				}
				break
			}
		default:
			// A bare argument: optparse keeps it in args, x86.py ignores it.
		}
	}
	return o, nil
}

func setOpt(o *traceOptions, opt traceOpt, spelled, val string) error {
	if opt.kind == optString {
		opt.set(o, val, 0)
		return nil
	}
	n, err := parsePyInt(val, true)
	if err != nil {
		return usagef("option %s: invalid integer value: '%s'", spelled, val)
	}
	opt.set(o, "", n)
	return nil
}

func matchShort(c byte) (traceOpt, bool) {
	for _, opt := range traceOpts {
		if opt.short == c {
			return opt, true
		}
	}
	return traceOpt{}, false
}

// matchLong finds a long option by its full name or a unique prefix.
func matchLong(name string) (traceOpt, error) {
	var found []traceOpt
	for _, opt := range traceOpts {
		if opt.long == name {
			return opt, nil
		}
		if name != "" && strings.HasPrefix(opt.long, name) {
			found = append(found, opt)
		}
	}
	switch len(found) {
	case 0:
		return traceOpt{}, usagef("no such option: --%s", name)
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, f := range found {
		names[i] = "--" + f.long
	}
	return traceOpt{}, usagef("ambiguous option: --%s (%s?)", name, strings.Join(names, ", "))
}

// errIntRange is an integer that does not fit in 64 bits.
var errIntRange = errors.New("integer out of range")

// parsePyInt converts like Python's int(): surrounding whitespace, a sign,
// and _ between digits are allowed. With optparse set, the radix comes
// from optparse's rule: "0x" hex, "0b" binary, a leading "0" octal
// (checked on the text as given, so "-010" is decimal -10).
func parsePyInt(s string, optparse bool) (int64, error) {
	radix := 10
	if optparse {
		switch low := strings.ToLower(s); {
		case strings.HasPrefix(low, "0x"):
			radix, s = 16, s[2:]
		case strings.HasPrefix(low, "0b"):
			radix, s = 2, s[2:]
			if s == "" {
				s = "0"
			}
		case strings.HasPrefix(s, "0"):
			radix = 8
		}
	}
	t := strings.TrimSpace(s)
	neg := false
	if radix == 10 && t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = strings.TrimSpace(t[1:])
		if t != "" && (t[0] == ' ' || t[0] == '\t') {
			return 0, errors.New("invalid")
		}
	}
	if t == "" || t[0] == '_' || t[len(t)-1] == '_' || strings.Contains(t, "__") {
		return 0, errors.New("invalid")
	}
	t = strings.ReplaceAll(t, "_", "")
	z, ok := new(big.Int).SetString(t, radix)
	if !ok || strings.ContainsAny(t, "+-") {
		return 0, errors.New("invalid")
	}
	if neg {
		z.Neg(z)
	}
	if !z.IsInt64() {
		return 0, errIntRange
	}
	return z.Int64(), nil
}

// printTraceUsage prints the help, x86.py's options first.
func printTraceUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: procscope trace [options]            run a program like OSTEP's x86.py -c")
	fmt.Fprintln(w, "       procscope trace --script FILE [--json] run lab commands (docs/commands.md)")
	fmt.Fprintln(w, "사용법: x86.py와 같은 옵션으로 프로그램을 실행하고 표를 출력합니다 (docs/trace.md).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "options:")
	for _, opt := range traceOpts {
		val := ""
		switch opt.kind {
		case optInt:
			val = "=N"
		case optString:
			val = "=TEXT"
		}
		names := "    --" + opt.long + val
		if opt.short != 0 {
			names = fmt.Sprintf("-%c, --%s%s", opt.short, opt.long, val)
		}
		fmt.Fprintf(w, "  %-26s %s\n", names, opt.help)
	}
}

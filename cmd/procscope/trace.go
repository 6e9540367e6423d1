package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"procscope/sim/asm"
)

// x86Setup is everything an x86.py-style run needs, already checked.
type x86Setup struct {
	Prog      *asm.Program
	Source    string
	Threads   int
	LoadAddr  int64
	MemSize   int64 // in KB, as x86.py's -m
	Interrupt int64
	Sched     []int // -P as thread ids; nil for round robin
	RandInts  bool
	Seed      int64
	// Regs holds, per thread, the -a register settings in order.
	Regs [][]regInit
}

type regInit struct {
	Reg   asm.Reg
	Value int64
}

// x86Runner runs a setup the way x86.py does, reporting every row to t.
// It returns the number of instructions executed.
type x86Runner func(s x86Setup, t *x86Table) (int64, error)

// runX86 is the engine behind `procscope trace`: the sim package's
// interpreter in its ostep profile.
var runX86 x86Runner = simRunX86

// trace is `procscope trace`: x86.py's command line and table, or a
// script of lab commands.
func trace(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if isCTrace(args) {
		return traceC(args, stdout, stderr)
	}
	o, err := parseTraceArgs(args)
	if err != nil {
		printTraceUsage(stderr)
		return fmt.Errorf("trace: %w", err)
	}
	if o.Help {
		printTraceUsage(stdout)
		return nil
	}
	if o.Script != "" {
		return traceScript(ctx, o, stdout)
	}
	if o.JSON {
		return errors.New("trace: --json needs --script FILE")
	}
	err = traceX86(o, stdout)
	var abort *x86Abort
	var fail *x86Fail
	switch {
	case errors.As(err, &abort):
		fmt.Fprintln(stdout, "ABORT::", abort.msg)
		return fmt.Errorf("trace: %s", abort.msg)
	case errors.As(err, &fail):
		fmt.Fprintln(stdout, fail.msg)
		return fmt.Errorf("trace: %s", fail.msg)
	case err != nil:
		return fmt.Errorf("trace: %w", err)
	}
	return nil
}

// traceX86 runs x86.py's flow: the ARG block, the checks in x86.py's
// order, loading, then the table.
func traceX86(o traceOptions, stdout io.Writer) error {
	argBlock(stdout, o)
	if o.Interrupt <= 0 {
		return &x86Abort{"Interrupt frequency must be greater than 0"}
	}
	if o.Program == "" {
		return &x86Abort{"Program file must be specified"}
	}
	if o.Threads < 1 || o.Threads > 64 {
		return fmt.Errorf("-t %d: expected 1 to 64 threads", o.Threads)
	}
	if o.MemSize < 1 || o.MemSize > 1<<20 {
		return fmt.Errorf("-m %d: expected a memory size of 1 to 1048576 KB", o.MemSize)
	}
	argv := strings.Split(o.Argv, ",")
	if int64(len(argv)) != o.Threads && len(argv) != 1 {
		return &x86Abort{"argv: must be one per-thread or just one set of values for all threads"}
	}
	var regs []asm.Reg
	if o.RegTrace != "" {
		for _, name := range strings.Split(o.RegTrace, ",") {
			r, ok := asm.ParseReg(name)
			if !ok || strings.HasPrefix(name, "%") {
				return &x86Abort{fmt.Sprintf("Register %s cannot be traced because it does not exist", name)}
			}
			regs = append(regs, r)
		}
	}
	src, err := os.ReadFile(o.Program)
	if err != nil {
		return fmt.Errorf("cannot read the program: %w", err)
	}
	prog, err := asm.Parse(string(src))
	if err != nil {
		return fmt.Errorf("%s: %w", o.Program, err)
	}
	addrs, end := ostepVarAddrs(prog)
	if o.Verbose {
		verboseLoad(stdout, prog, addrs, o.LoadAddr)
	}
	if len(prog.Vars) > 0 && end >= o.LoadAddr {
		return &x86Abort{"Load address overrun by static data"}
	}
	s := x86Setup{
		Prog: prog, Source: string(src), Threads: int(o.Threads), LoadAddr: o.LoadAddr,
		MemSize: o.MemSize, Interrupt: o.Interrupt, RandInts: o.RandInts, Seed: o.Seed,
	}
	for t := 0; t < s.Threads; t++ {
		item := argv[0]
		if len(argv) > 1 {
			item = argv[t]
		}
		ri, err := parseRegInit(item)
		if err != nil {
			return fmt.Errorf("-a %q: %w", o.Argv, err)
		}
		s.Regs = append(s.Regs, ri)
	}
	if o.ProcSched != "" {
		seen := map[int]bool{}
		for _, c := range o.ProcSched {
			if c < '0' || c > '9' {
				return fmt.Errorf("-P %q: expected thread ids 0-9, found %q", o.ProcSched, c)
			}
			id := int(c - '0')
			if id >= s.Threads {
				return &x86Fail{fmt.Sprintf("bad schedule: cannot include a thread that does not exist (%d)", id)}
			}
			s.Sched = append(s.Sched, id)
			seen[id] = true
		}
		if len(seen) != s.Threads {
			return &x86Fail{"bad schedule: does not include ALL processes " + pyList(s.Sched)}
		}
	}
	t := &x86Table{
		w: stdout, regs: regs, cc: o.CCTrace, compute: o.Compute, stats: o.PrintStats,
		hdrEvery: o.HeaderCnt, threads: s.Threads, manual: s.Sched != nil,
	}
	if o.MemTrace != "" {
		for _, m := range strings.Split(o.MemTrace, ",") {
			col := traceCol{name: m}
			if m != "" && m[0] >= '0' && m[0] <= '9' {
				a, err := parsePyInt(m, false)
				if err != nil {
					return fmt.Errorf("-M %q: %q is not an address", o.MemTrace, m)
				}
				col.addr, col.num = a, true
			} else if a, ok := addrs[m]; ok {
				col.addr = a
			} else {
				// x86.py finds this while printing the header: after the
				// empty line and the columns before this one.
				fmt.Fprintln(stdout)
				t.headerPartial()
				return &x86Abort{fmt.Sprintf("Traced variable %s not declared", m)}
			}
			t.mem = append(t.mem, col)
		}
	}
	if runX86 == nil {
		return errors.New("the simulator's x86.py engine is not available in this build")
	}
	began := time.Now()
	n, err := runX86(s, t)
	secs := time.Since(began).Seconds()
	if err == nil {
		err = t.err
	}
	if err != nil {
		return err
	}
	if o.PrintStats {
		fmt.Fprintln(stdout)
		fmt.Fprintf(stdout, "STATS:: Instructions    %d\n", n)
		rate := 0.0
		if secs > 0 {
			rate = float64(n) / secs / 1000
		}
		fmt.Fprintf(stdout, "STATS:: Emulation Rate  %.2f kinst/sec\n", rate)
	}
	return nil
}

// headerPartial prints the header columns before an undeclared -M
// variable, without the thread columns or a newline, as x86.py does before
// its ABORT.
func (t *x86Table) headerPartial() {
	if t.stats {
		t.printf("icount ")
	}
	for _, m := range t.mem {
		if m.num {
			t.printf("%5d ", m.addr)
		} else {
			t.printf("%5s ", m.name)
		}
	}
}

// ostepVarAddrs places variables as x86.py does: from address 100, each
// one its size further. It returns the addresses and the end.
func ostepVarAddrs(p *asm.Program) (map[string]int64, int64) {
	addrs := map[string]int64{}
	at := int64(100)
	for _, v := range p.Vars {
		addrs[v.Name] = at
		at += v.Size
	}
	return addrs, at
}

// parseRegInit reads one -a item: reg=value pairs separated by ':'.
func parseRegInit(item string) ([]regInit, error) {
	if item == "" {
		return nil, nil
	}
	var out []regInit
	for _, kv := range strings.Split(item, ":") {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || strings.Contains(val, "=") {
			return nil, fmt.Errorf("expected REGISTER=VALUE, found %q", kv)
		}
		r, ok := asm.ParseReg(name)
		if !ok || strings.HasPrefix(name, "%") {
			return nil, fmt.Errorf("expected a register name (ax bx cx dx ex fx sp bp zero), found %q", name)
		}
		x, err := parsePyInt(val, false)
		if err != nil {
			return nil, fmt.Errorf("expected an integer value for %s, found %q", name, val)
		}
		out = append(out, regInit{r, x})
	}
	return out, nil
}

// verboseLoad prints -v's loader lines: the ASSIGN lines in source order
// exactly as x86.py does, then one LOADING line per instruction (x86.py
// prints its internal Python call there; we print the decoded operands).
func verboseLoad(w io.Writer, p *asm.Program, addrs map[string]int64, load int64) {
	for _, line := range p.Source {
		f := strings.Fields(stripHash(line))
		if len(f) == 0 || !strings.HasPrefix(line, ".") {
			continue
		}
		switch f[0] {
		case ".var", ".data", ".bss", ".rodata":
			fmt.Fprintln(w, "ASSIGN VAR", f[0], "-->", f[1], addrs[f[1]])
		default:
			fmt.Fprintln(w, "ASSIGN LABEL", f[0], "-->", load+int64(p.Labels[f[0]]))
		}
	}
	fmt.Fprintln(w)
	for i, in := range p.Instrs {
		fmt.Fprintln(w, "opcode", strings.Fields(in.Text)[0])
		args := make([]string, len(in.Args))
		for j, a := range in.Args {
			args[j] = a.String()
		}
		fmt.Fprintf(w, "pc:%d LOADING %20s --> %s %s\n", load+int64(i), in.Text, in.Op, strings.Join(args, ", "))
	}
	fmt.Fprintln(w)
}

func stripHash(line string) string {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		return line[:i]
	}
	return line
}

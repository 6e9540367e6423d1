package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"procscope/sim/asm"
)

// x86View is what the table reads from the machine at the moment a row is
// printed: the registers and condition codes of the thread now on the CPU,
// and memory.
type x86View interface {
	Reg(r asm.Reg) int64
	// Cond reports condition code i in x86.py's -C column order:
	// 0 >=, 1 >, 2 <=, 3 <, 4 !=, 5 ==.
	Cond(i int) bool
	// Load reads a memory cell; ok is false where x86.py would crash
	// (a cell outside memory that was never written, or a code cell).
	Load(addr int64) (v int64, ok bool)
}

// traceCol is one -M column: a numeric address, or a variable resolved to
// its address.
type traceCol struct {
	name string // as given
	addr int64
	num  bool // given as a number
}

// x86Table prints exactly the table `x86.py -c` (threads-locks) prints:
// the same header, widths, trailing spaces and Halt/Interrupt rows.
type x86Table struct {
	w        io.Writer
	mem      []traceCol
	regs     []asm.Reg
	cc       bool
	compute  bool
	stats    bool
	hdrEvery int64
	threads  int
	manual   bool

	icount   int64
	lastVals string // the traced values of the last row
	err      error  // the first row that could not be printed
}

// x86CondHeader is the -C header, in condlist order.
const x86CondHeader = ">= >  <= <  != == "

func (t *x86Table) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// header prints the column header (without the empty lines around it).
// An undeclared -M variable stops it, as in x86.py, after the columns
// printed so far.
func (t *x86Table) header() {
	var b strings.Builder
	if t.stats {
		b.WriteString("icount ")
	}
	for _, m := range t.mem {
		if m.num {
			fmt.Fprintf(&b, "%5d ", m.addr)
		} else {
			fmt.Fprintf(&b, "%5s ", m.name)
		}
	}
	if len(t.mem) > 0 {
		b.WriteString("  ")
	}
	for _, r := range t.regs {
		fmt.Fprintf(&b, "%5s ", r.String())
	}
	if len(t.regs) > 0 {
		b.WriteString("  ")
	}
	if t.cc {
		b.WriteString(x86CondHeader)
	}
	for i := 0; i < t.threads; i++ {
		fmt.Fprintf(&b, "       Thread %d         ", i)
	}
	b.WriteString("\n")
	t.printf("%s", b.String())
}

// prefix is the traced values: icount, memory, registers, flags. The part
// after icount is kept for a repeated -H header.
func (t *x86Table) prefix(v x86View) string {
	t.lastVals = t.values(v)
	return t.icountCol() + t.lastVals
}

func (t *x86Table) icountCol() string {
	if t.stats {
		return fmt.Sprintf("%6d ", t.icount)
	}
	return ""
}

func (t *x86Table) values(v x86View) string {
	var b strings.Builder
	for _, m := range t.mem {
		if !t.compute {
			b.WriteString("    ? ")
			continue
		}
		x, ok := v.Load(m.addr)
		if !ok && t.err == nil {
			t.err = fmt.Errorf("traced memory %s (address %d) holds no value: x86.py would crash here (KeyError/TypeError)", m.name, m.addr)
		}
		fmt.Fprintf(&b, "%5d ", x)
	}
	if len(t.mem) > 0 {
		b.WriteString("  ")
	}
	for _, r := range t.regs {
		if t.compute {
			fmt.Fprintf(&b, "%5d ", v.Reg(r))
		} else {
			b.WriteString("    ? ")
		}
	}
	if len(t.regs) > 0 {
		b.WriteString("  ")
	}
	if t.cc {
		for i := 0; i < 6; i++ {
			switch {
			case !t.compute:
				b.WriteString("?  ")
			case v.Cond(i):
				b.WriteString("1  ")
			default:
				b.WriteString("0  ")
			}
		}
	}
	return b.String()
}

func (t *x86Table) traced() bool { return len(t.mem) > 0 || len(t.regs) > 0 || t.cc }

// start prints the empty line, the header, the empty line and the initial
// values (if anything is traced).
func (t *x86Table) start(v x86View) {
	t.printf("\n")
	t.header()
	t.printf("\n")
	p := t.prefix(v)
	if t.traced() {
		t.printf("%s\n", p)
	}
}

// beforeInstr repeats the header every -H instructions, with the values
// as they are before the next fetch: those the last row printed (nothing
// changes between a row and the next fetch), with the icount of now. It
// may be called after the instruction has run, as long as its row has
// not been printed.
func (t *x86Table) beforeInstr() {
	if t.hdrEvery > 0 && t.icount > 0 && t.icount%t.hdrEvery == 0 {
		t.printf("\n")
		t.header()
		t.printf("\n")
		if t.traced() {
			t.printf("%s%s\n", t.icountCol(), t.lastVals)
		}
	}
}

// instr prints the row of an instruction that has just executed on
// thread tid, with the state after it. rdump and mdump print their output
// first, as x86.py does (rdump without a newline).
func (t *x86Table) instr(v x86View, tid int, pc int64, in asm.Instr) {
	switch in.Op {
	case "rdump":
		t.printf("REGISTERS:: ax: %d bx: %d cx: %d dx: %d ex: %d fx: %d ",
			v.Reg(asm.AX), v.Reg(asm.BX), v.Reg(asm.CX), v.Reg(asm.DX), v.Reg(asm.EX), v.Reg(asm.FX))
	case "mdump":
		if len(in.Args) == 1 {
			addr := in.Args[0].Imm
			x, ok := v.Load(addr)
			if !ok && t.err == nil {
				t.err = fmt.Errorf("line %d: mdump %d: address %d holds no value: x86.py would crash here (KeyError)", in.Line, addr, addr)
			}
			t.printf("m[%d]  %d\n", addr, x)
		}
	}
	p := t.prefix(v)
	t.printf("%s%s%d %s\n", p, strings.Repeat(" ", 25*tid), pc, in.Text)
	t.icount++
}

// halt prints the row after a halt switched to another thread; v shows
// the new thread.
func (t *x86Table) halt(v x86View) {
	t.printf("%s%s\n", t.prefix(v), strings.Repeat("----- Halt;Switch -----  ", t.threads))
}

// interrupt prints the row of a timer interrupt or yield; v shows the
// thread switched to. With -P it is printed only if the thread changed;
// otherwise always, even when the same thread goes on.
func (t *x86Table) interrupt(v x86View, changed bool) {
	if t.manual && !changed {
		return
	}
	t.printf("%s%s\n", t.prefix(v), strings.Repeat("------ Interrupt ------  ", t.threads))
}

// argBlock prints x86.py's ARG lines and the empty line after them.
func argBlock(w io.Writer, o traceOptions) {
	py := func(b bool) string {
		if b {
			return "True"
		}
		return "False"
	}
	fmt.Fprintf(w, "ARG seed %d\n", o.Seed)
	fmt.Fprintf(w, "ARG numthreads %d\n", o.Threads)
	fmt.Fprintf(w, "ARG program %s\n", o.Program)
	fmt.Fprintf(w, "ARG interrupt frequency %d\n", o.Interrupt)
	fmt.Fprintf(w, "ARG interrupt randomness %s\n", py(o.RandInts))
	fmt.Fprintf(w, "ARG procsched %s\n", o.ProcSched)
	fmt.Fprintf(w, "ARG argv %s\n", o.Argv)
	fmt.Fprintf(w, "ARG load address %d\n", o.LoadAddr)
	fmt.Fprintf(w, "ARG memsize %d\n", o.MemSize)
	fmt.Fprintf(w, "ARG memtrace %s\n", o.MemTrace)
	fmt.Fprintf(w, "ARG regtrace %s\n", o.RegTrace)
	fmt.Fprintf(w, "ARG cctrace %s\n", py(o.CCTrace))
	fmt.Fprintf(w, "ARG printstats %s\n", py(o.PrintStats))
	fmt.Fprintf(w, "ARG verbose %s\n", py(o.Verbose))
	fmt.Fprintln(w)
}

// x86Abort is x86.py's zassert: "ABORT:: msg" on stdout, exit 1.
type x86Abort struct{ msg string }

func (e *x86Abort) Error() string { return e.msg }

// x86Fail is one of x86.py's other fatal messages printed without the
// ABORT prefix ("bad schedule: ...").
type x86Fail struct{ msg string }

func (e *x86Fail) Error() string { return e.msg }

// pyList prints ints the way Python prints a list: [0, 1].
func pyList(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

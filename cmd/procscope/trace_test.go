package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"procscope/sim/asm"
)

func TestParseTraceArgsSpellings(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want func(o *traceOptions)
	}{
		{"defaults", nil, func(o *traceOptions) {}},
		{"short with separate value", []string{"-t", "3"}, func(o *traceOptions) { o.Threads = 3 }},
		{"short with attached value", []string{"-t3"}, func(o *traceOptions) { o.Threads = 3 }},
		{"long with equals", []string{"--threads=3"}, func(o *traceOptions) { o.Threads = 3 }},
		{"long with separate value", []string{"--threads", "3"}, func(o *traceOptions) { o.Threads = 3 }},
		{"unique long prefix", []string{"--thr=3", "--prog", "x.s"}, func(o *traceOptions) { o.Threads = 3; o.Program = "x.s" }},
		{"clustered flags", []string{"-cC"}, func(o *traceOptions) { o.Compute = true; o.CCTrace = true }},
		{"cluster ending in a value", []string{"-cSt2"}, func(o *traceOptions) { o.Compute = true; o.PrintStats = true; o.Threads = 2 }},
		{"value that looks like an option", []string{"-a", "-x"}, func(o *traceOptions) { o.Argv = "-x" }},
		{"attached value with equals", []string{"-abx=2"}, func(o *traceOptions) { o.Argv = "bx=2" }},
		{"leading zero is octal", []string{"-L", "0100"}, func(o *traceOptions) { o.LoadAddr = 64 }},
		{"hex", []string{"-i", "0x10"}, func(o *traceOptions) { o.Interrupt = 16 }},
		{"binary", []string{"-i", "0b101"}, func(o *traceOptions) { o.Interrupt = 5 }},
		{"negative with leading zero is decimal", []string{"-s", "-010"}, func(o *traceOptions) { o.Seed = -10 }},
		{"plus sign and spaces", []string{"-m", " +64 "}, func(o *traceOptions) { o.MemSize = 64 }},
		{"underscores between digits", []string{"-m", "1_024"}, func(o *traceOptions) { o.MemSize = 1024 }},
		{"last repeat wins", []string{"-t", "4", "-t", "2"}, func(o *traceOptions) { o.Threads = 2 }},
		{"bare arguments are ignored", []string{"extra", "-t", "1", "more"}, func(o *traceOptions) { o.Threads = 1 }},
		{"double dash ends options", []string{"-t", "1", "--", "-t", "5"}, func(o *traceOptions) { o.Threads = 1 }},
		{"every x86.py option", []string{"-s", "7", "-p", "a.s", "-i", "9", "-P", "01", "-r", "-a", "ax=1", "-L", "500", "-m", "4", "-M", "x,2000", "-R", "ax,sp", "-C", "-S", "-v", "-H", "5", "-c"},
			func(o *traceOptions) {
				*o = traceOptions{Seed: 7, Threads: 2, Program: "a.s", Interrupt: 9, ProcSched: "01", RandInts: true, Argv: "ax=1",
					LoadAddr: 500, MemSize: 4, MemTrace: "x,2000", RegTrace: "ax,sp", CCTrace: true, PrintStats: true, Verbose: true, HeaderCnt: 5, Compute: true}
			}},
		{"script and json", []string{"--script", "s.txt", "--json"}, func(o *traceOptions) { o.Script = "s.txt"; o.JSON = true }},
		{"help", []string{"-h"}, func(o *traceOptions) { o.Help = true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTraceArgs(tt.args)
			if err != nil {
				t.Fatalf("parseTraceArgs(%q): %v", tt.args, err)
			}
			want := defaultTraceOptions()
			tt.want(&want)
			if got != want {
				t.Errorf("parseTraceArgs(%q) =\n %+v\nwant\n %+v", tt.args, got, want)
			}
		})
	}
}

func TestParseTraceArgsErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad integer", []string{"-t", "2x"}, "option -t: invalid integer value: '2x'"},
		{"bad integer long", []string{"--thr=two"}, "option --threads: invalid integer value: 'two'"},
		{"octal with 8", []string{"-L", "08"}, "option -L: invalid integer value: '08'"},
		{"sign inside hex", []string{"-i", "0x-5"}, "option -i: invalid integer value: '0x-5'"},
		{"too big", []string{"-i", "99999999999999999999"}, "invalid integer value"},
		{"unknown short", []string{"-Z"}, "no such option: -Z"},
		{"unknown long", []string{"--nope"}, "no such option: --nope"},
		{"ambiguous prefix", []string{"--pr=x"}, "ambiguous option: --pr (--program, --procsched, --printstats?)"},
		{"missing value", []string{"-t"}, "-t option requires 1 argument"},
		{"missing long value", []string{"--threads"}, "--threads option requires 1 argument"},
		{"value for a flag", []string{"--compute=yes"}, "--compute option does not take a value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseTraceArgs(tt.args)
			var ue *usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseTraceArgs(%q) = %v, want a usage error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestParseRegInit(t *testing.T) {
	got, err := parseRegInit("ax=1:bx=-2:zero=0x10")
	want := []regInit{{asm.AX, 1}, {asm.BX, -2}}
	if err == nil || len(got) != 0 {
		// 0x10 is not a Python int() literal without a base.
		t.Errorf("parseRegInit with 0x10 = %v, %v; want an error", got, err)
	}
	got, err = parseRegInit("ax=1:bx=-2")
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("parseRegInit = %v, %v; want %v", got, err, want)
	}
	for _, bad := range []string{"ax", "gx=1", "ax=1=2", "%ax=1", "ax=x"} {
		if _, err := parseRegInit(bad); err == nil {
			t.Errorf("parseRegInit(%q) succeeded", bad)
		}
	}
}

// feedView is a fixed machine state for printer tests.
type feedView struct {
	regs [asm.NumRegs]int64
	cc   [6]bool
	mem  map[int64]int64
}

func (f *feedView) Reg(r asm.Reg) int64 { return f.regs[r] }
func (f *feedView) Cond(i int) bool     { return f.cc[i] }
func (f *feedView) Load(a int64) (int64, bool) {
	v, ok := f.mem[a]
	return v, ok
}

func TestTablePrinterRows(t *testing.T) {
	var b bytes.Buffer
	tab := &x86Table{w: &b, mem: []traceCol{{name: "2000", addr: 2000, num: true}, {name: "count", addr: 104}},
		regs: []asm.Reg{asm.AX, asm.SP}, cc: true, compute: true, stats: true, threads: 2, hdrEvery: 2}
	v := &feedView{mem: map[int64]int64{2000: 5, 104: -3}}
	v.regs[asm.AX] = 7
	v.regs[asm.SP] = 128000
	v.cc = [6]bool{true, false, true, false, false, true}
	tab.start(v)
	tab.beforeInstr()
	tab.instr(v, 1, 1000, asm.Instr{Op: "rdump", Text: "rdump"})
	tab.beforeInstr()
	tab.instr(v, 1, 1001, asm.Instr{Op: "mdump", Args: []asm.Operand{{Kind: asm.OpImm, Imm: 2000}}, Text: "mdump 2000"})
	tab.halt(v)
	tab.beforeInstr()
	tab.interrupt(v, false)
	want := "\n" +
		"icount  2000 count      ax    sp   >= >  <= <  != ==        Thread 0                Thread 1         \n" +
		"\n" +
		"     0     5    -3       7 128000   1  0  1  0  0  1  \n" +
		"REGISTERS:: ax: 7 bx: 0 cx: 0 dx: 0 ex: 0 fx: 0      0     5    -3       7 128000   1  0  1  0  0  1                           1000 rdump\n" +
		"m[2000]  5\n" +
		"     1     5    -3       7 128000   1  0  1  0  0  1                           1001 mdump 2000\n" +
		"     2     5    -3       7 128000   1  0  1  0  0  1  ----- Halt;Switch -----  ----- Halt;Switch -----  \n" +
		"\n" +
		"icount  2000 count      ax    sp   >= >  <= <  != ==        Thread 0                Thread 1         \n" +
		"\n" +
		"     2     5    -3       7 128000   1  0  1  0  0  1  \n" +
		"     2     5    -3       7 128000   1  0  1  0  0  1  ------ Interrupt ------  ------ Interrupt ------  \n"
	if got := b.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s\n%s", got, want, firstDiff(got, want))
	}
	if tab.err != nil {
		t.Errorf("err = %v", tab.err)
	}
}

func TestTablePrinterManualAndUncomputed(t *testing.T) {
	var b bytes.Buffer
	tab := &x86Table{w: &b, regs: []asm.Reg{asm.BX}, threads: 1, manual: true}
	v := &feedView{}
	tab.start(v)
	tab.instr(v, 0, 1000, asm.Instr{Op: "nop", Text: "nop"})
	tab.interrupt(v, false) // -P: same thread, no row
	want := "\n   bx          Thread 0         \n\n    ?   \n    ?   1000 nop\n"
	if got := b.String(); got != want {
		t.Errorf("table = %q, want %q", got, want)
	}
}

func TestTablePrinterUnreadableMemory(t *testing.T) {
	var b bytes.Buffer
	tab := &x86Table{w: &b, mem: []traceCol{{name: "1000", addr: 1000, num: true}}, compute: true, threads: 1}
	tab.start(&feedView{})
	if tab.err == nil || !strings.Contains(tab.err.Error(), "address 1000") {
		t.Errorf("err = %v, want an error naming address 1000", tab.err)
	}
}

func TestTraceChecksInX86Order(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "p.s")
	if err := os.WriteFile(prog, []byte(".var x\n.main\nmov $1, x\nhalt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.s")
	if err := os.WriteFile(bad, []byte(".main\n  .top\nmvo $1, %ax\nj .nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdout string // last line of stdout
		err    string
	}{
		{"interrupt checked first", []string{"-i", "0", "-t", "0"}, "ABORT:: Interrupt frequency must be greater than 0", "Interrupt frequency"},
		{"program needed", []string{"-t", "1"}, "ABORT:: Program file must be specified", "Program file"},
		{"zero threads", []string{"-p", prog, "-t", "0"}, "", "expected 1 to 64 threads"},
		{"unreadable program", []string{"-p", filepath.Join(dir, "none.s")}, "", "cannot read the program"},
		{"assembler errors, all of them", []string{"-p", bad}, "", "line 2: expected a label to start in column 1"},
		{"bad -a register", []string{"-p", prog, "-a", "gx=1"}, "", `expected a register name`},
		{"-P with a letter", []string{"-p", prog, "-P", "0a"}, "", `expected thread ids 0-9`},
		{"json without script", []string{"--json"}, "", "--json needs --script"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := trace(context.Background(), tt.args, &out, &errb)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.err)
			}
			lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
			if tt.stdout != "" && lines[len(lines)-1] != tt.stdout {
				t.Errorf("last stdout line = %q, want %q", lines[len(lines)-1], tt.stdout)
			}
		})
	}
	var out, errb bytes.Buffer
	err := trace(context.Background(), []string{"-p", bad}, &out, &errb)
	if n := strings.Count(err.Error(), "\nline "); n != 3 {
		t.Errorf("assembler error lists %d problems, want 3:\n%v", n, err)
	}
}

func TestTraceUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if err := trace(context.Background(), []string{"--help"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-t, --threads=N", "-M, --memtrace=TEXT", "--script=TEXT", "사용법"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, out.String())
		}
	}
	err := trace(context.Background(), []string{"-t", "x"}, &out, &errb)
	if err == nil || !strings.Contains(errb.String(), "usage: procscope trace") {
		t.Errorf("bad option: err %v, stderr %q; want usage on stderr", err, errb.String())
	}
}

func TestTraceScriptEventLog(t *testing.T) {
	var out, errb bytes.Buffer
	if err := trace(context.Background(), []string{"--script", "testdata/scripts/fork-cow.txt"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	log := out.String()
	for _, want := range []string{"# 2: fork 2\n", "process-forked  pid=2 tid=2 other=3", "# 3: write 2 counter 7\n", "write           pid=2 tid=2", "value=7 name=counter", "# 4: read 3 counter\n"} {
		if !strings.Contains(log, want) {
			t.Errorf("event log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "error") {
		t.Errorf("event log has an error:\n%s", log)
	}
}

func TestTraceScriptJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if err := trace(context.Background(), []string{"--script=testdata/scripts/fork-cow.txt", "--json"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var st struct {
		Processes []struct {
			Pid, PPid int
			Threads   []struct{ Tid int }
			Globals   []struct {
				Name  string
				Value int64
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &st); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out.String())
	}
	counter := map[int]int64{}
	for _, p := range st.Processes {
		for _, g := range p.Globals {
			if g.Name == "counter" {
				counter[p.Pid] = g.Value
			}
		}
	}
	if counter[2] != 7 {
		t.Errorf("parent's counter = %d, want 7 (it wrote it)", counter[2])
	}
	if v, ok := counter[3]; !ok || v == 7 {
		t.Errorf("child's counter = %d (present %v), want the old value: copy-on-write", v, ok)
	}
}

func TestTraceScriptBadLines(t *testing.T) {
	var out, errb bytes.Buffer
	err := trace(context.Background(), []string{"--script", "testdata/scripts/bad.txt"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "2 bad line(s)") ||
		!strings.Contains(err.Error(), "bad.txt:2: ") || !strings.Contains(err.Error(), "bad.txt:3: ") {
		t.Errorf("err = %v, want both bad lines with their numbers", err)
	}
	if out.Len() != 0 {
		t.Errorf("a bad script ran: %q", out.String())
	}
	err = trace(context.Background(), []string{"--script", "testdata/scripts/none.txt"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "cannot read the script") {
		t.Errorf("missing script: err = %v", err)
	}
}

func FuzzParseTraceArgs(f *testing.F) {
	f.Add("-p x.s -t2 --thr=3 -cC -abx=1 -L 0100 -- -t 5")
	f.Add("--pr=x -i 0x -m 0b --json=1")
	f.Fuzz(func(t *testing.T, line string) {
		o, err := parseTraceArgs(strings.Fields(line))
		var ue *usageError
		if err != nil && !errors.As(err, &ue) {
			t.Fatalf("parseTraceArgs(%q) = %v, not a usage error", line, err)
		}
		if err == nil && o.Threads == 0 && !strings.Contains(line, "-t") && !strings.Contains(line, "--t") {
			t.Fatalf("threads lost its default: %+v", o)
		}
	})
}

func TestTraceStopsAProgramThatNeverHalts(t *testing.T) {
	old := x86MaxInstructions
	x86MaxInstructions = 500
	t.Cleanup(func() { x86MaxInstructions = old })
	prog := filepath.Join(t.TempDir(), "loop.s")
	if err := os.WriteFile(prog, []byte(".main\n.top\nj .top\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err := trace(context.Background(), []string{"-p", prog, "-t", "2", "-c", "-R", "ax"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "stopped after 500 instructions") {
		t.Errorf("err = %v, want a stop after 500 instructions", err)
	}
	if rows := strings.Count(out.String(), "1000 j .top"); rows != 500 {
		t.Errorf("%d instruction rows, want 500", rows)
	}
}

// FuzzTraceProgram runs arbitrary programs through the whole x86.py path
// (assembler, machine, table): any input ends in a table or a clear error,
// never a panic or a hang.
func FuzzTraceProgram(f *testing.F) {
	f.Add(".var c\n.main\n.top\nmov c, %ax\nadd $1, %ax\nmov %ax, c\nsub $1, %bx\ntest $0, %bx\njgt .top\nhalt\n", "bx=2", "c,2000")
	f.Add(".main\npush %ax\ncall .f\npop\nhalt\n.f\nrdump\nmdump 127990\nret\n", "", "127996")
	f.Add(".main\nmov 999999, %ax\nyield\nhalt\n", "ax=1", "")
	f.Fuzz(func(t *testing.T, src, argv, memtrace string) {
		old := x86MaxInstructions
		x86MaxInstructions = 2000
		defer func() { x86MaxInstructions = old }()
		prog := filepath.Join(t.TempDir(), "p.s")
		if err := os.WriteFile(prog, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"-p", prog, "-t", "2", "-i", "3", "-a", argv, "-R", "ax,sp", "-C", "-c"}
		if memtrace != "" {
			args = append(args, "-M", memtrace)
		}
		var out, errb bytes.Buffer
		_ = trace(context.Background(), args, &out, &errb)
	})
}

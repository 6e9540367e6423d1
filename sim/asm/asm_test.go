package asm

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// mem builds the memory operand disp(base,index,scale).
func mem(disp int64, base, index Reg, scale int64) Operand {
	return Operand{Kind: OpMem, Disp: disp, Base: base, Index: index, Scale: scale}
}

func reg(r Reg) Operand      { return Operand{Kind: OpReg, Reg: r} }
func imm(x int64) Operand    { return Operand{Kind: OpImm, Imm: x} }
func label(l string) Operand { return Operand{Kind: OpLabel, Label: l} }
func variable(v string) Operand {
	return Operand{Kind: OpMem, Var: v, Base: Zero, Index: Zero, Scale: 1}
}

const decls = ".var count\n.var flag 2\n.main\n.top\n"

func TestParseInstructionForms(t *testing.T) {
	tests := []struct {
		name string
		line string
		op   string
		args []Operand
	}{
		{"mov immediate to register", "mov $5, %ax", "mov", []Operand{imm(5), reg(AX)}},
		{"mov multi-digit negative immediate", "mov $-100,%cx", "mov", []Operand{imm(-100), reg(CX)}},
		{"mov leading zero immediate is decimal", "mov $010, %ax", "mov", []Operand{imm(10), reg(AX)}},
		{"mov hex immediate", "mov $0x10, %ax", "mov", []Operand{imm(16), reg(AX)}},
		{"mov absolute address to register", "mov 2000, %ax", "mov", []Operand{mem(2000, Zero, Zero, 1), reg(AX)}},
		{"mov register to absolute address", "mov %ax, 2000", "mov", []Operand{reg(AX), mem(2000, Zero, Zero, 1)}},
		{"mov negative absolute address", "mov -4, %ax", "mov", []Operand{mem(-4, Zero, Zero, 1), reg(AX)}},
		{"mov absolute address with underscores", "mov 1_000, %ax", "mov", []Operand{mem(1000, Zero, Zero, 1), reg(AX)}},
		{"minus without a number is x86.py's 0", "mov -(%bx), %ax", "mov", []Operand{mem(0, BX, Zero, 1), reg(AX)}},
		{"mov variable", "mov count, %ax", "mov", []Operand{variable("count"), reg(AX)}},
		{"mov immediate to variable", "mov $1, flag", "mov", []Operand{imm(1), variable("flag")}},
		{"mov base with displacement", "mov 8(%bp), %ax", "mov", []Operand{mem(8, BP, Zero, 1), reg(AX)}},
		{"mov negative displacement", "mov -4(%sp), %ax", "mov", []Operand{mem(-4, SP, Zero, 1), reg(AX)}},
		{"mov minus space displacement", "mov - 16 (%dx,%cx,4),%bx", "mov", []Operand{mem(-16, DX, CX, 4), reg(BX)}},
		{"mov base only no displacement", "mov (%ax),   %cx", "mov", []Operand{mem(0, AX, Zero, 1), reg(CX)}},
		{"mov base and index", "mov 16(%dx,%cx),%bx", "mov", []Operand{mem(16, DX, CX, 1), reg(BX)}},
		{"mov scaled index as destination", "mov $1, 0(%fx,%bx,4)", "mov", []Operand{imm(1), mem(0, FX, BX, 4)}},
		{"mov scaled index as source", "mov 0(%fx,%cx,4), %ax", "mov", []Operand{mem(0, FX, CX, 4), reg(AX)}},
		{"mov spaces inside parentheses", "mov 16 (   %dx , %cx,3) , %bx", "mov", []Operand{mem(16, DX, CX, 3), reg(BX)}},
		{"mov no base means zero register", "mov 16(,%cx,2),%bx", "mov", []Operand{mem(16, Zero, CX, 2), reg(BX)}},
		{"mov no registers at all", "mov 16(,,2),%bx", "mov", []Operand{mem(16, Zero, Zero, 2), reg(BX)}},
		{"mov negative scale", "mov -16(%dx,%cx,-4),%bx", "mov", []Operand{mem(-16, DX, CX, -4), reg(BX)}},
		{"mov register to register", "mov %sp, %bp", "mov", []Operand{reg(SP), reg(BP)}},
		{"mov hidden zero register", "mov %zero, %ax", "mov", []Operand{reg(Zero), reg(AX)}},
		{"lea variable", "lea flag, %fx", "lea", []Operand{variable("flag"), reg(FX)}},
		{"lea displacement", "lea 8(%bp), %ax", "lea", []Operand{mem(8, BP, Zero, 1), reg(AX)}},
		{"add immediate", "add $1, %ax", "add", []Operand{imm(1), reg(AX)}},
		{"sub register", "sub %cx, %dx", "sub", []Operand{reg(CX), reg(DX)}},
		{"mul immediate", "mul $3, %ex", "mul", []Operand{imm(3), reg(EX)}},
		{"neg register", "neg %cx", "neg", []Operand{reg(CX)}},
		{"test immediate register", "test $0, %bx", "test", []Operand{imm(0), reg(BX)}},
		{"test register immediate", "test %bx, $0", "test", []Operand{reg(BX), imm(0)}},
		{"cmp is test", "cmp %cx, %ax", "test", []Operand{reg(CX), reg(AX)}},
		{"xchg register memory", "xchg %cx, (%ax)", "xchg", []Operand{reg(CX), mem(0, AX, Zero, 1)}},
		{"xchg keeps index and scale", "xchg %ax, 0(%bx,%cx,4)", "xchg", []Operand{reg(AX), mem(0, BX, CX, 4)}},
		{"fetchadd variable", "fetchadd %ax, count", "fetchadd", []Operand{reg(AX), variable("count")}},
		{"push register", "push %bp", "push", []Operand{reg(BP)}},
		{"push memory (pushes the address)", "push count", "push", []Operand{variable("count")}},
		{"bare pop", "pop", "pop", nil},
		{"pop register", "pop %bp", "pop", []Operand{reg(BP)}},
		{"call label", "call .top", "call", []Operand{label(".top")}},
		{"ret", "ret", "ret", nil},
		{"j", "j .top", "j", []Operand{label(".top")}},
		{"jmp is j", "jmp .top", "j", []Operand{label(".top")}},
		{"je", "je .top", "je", []Operand{label(".top")}},
		{"jne with tab", "jne\t.top", "jne", []Operand{label(".top")}},
		{"jlt", "jlt .top", "jlt", []Operand{label(".top")}},
		{"jlte", "jlte .top", "jlte", []Operand{label(".top")}},
		{"jgt", "jgt .top", "jgt", []Operand{label(".top")}},
		{"jgte", "jgte .top", "jgte", []Operand{label(".top")}},
		{"nop ignores operands", "nop whatever, 1", "nop", nil},
		{"halt", "halt", "halt", nil},
		{"yield", "yield", "yield", nil},
		{"rdump", "rdump", "rdump", nil},
		{"mdump address", "mdump 2000", "mdump", []Operand{imm(2000)}},
		{"fork", "fork", "fork", nil},
		{"spawn at label", "spawn .top", "spawn", []Operand{label(".top")}},
		{"spawn with an argument for the new thread's ax", "spawn .top, %bx", "spawn", []Operand{label(".top"), reg(BX)}},
		{"join register", "join %ax", "join", []Operand{reg(AX)}},
		{"exit status", "exit $3", "exit", []Operand{imm(3)}},
		{"exit without status", "exit", "exit", nil},
		{"thread_exit alias", "thread_exit", "thread-exit", nil},
		{"wait", "wait", "wait", nil},
		{"exec program name", "exec ls", "exec", []Operand{{Kind: OpLabel, Label: "ls"}}},
		{"malloc size", "malloc $64", "malloc", []Operand{imm(64)}},
		{"free pointer", "free %ax", "free", []Operand{reg(AX)}},
		{"lock variable", "lock count", "lock", []Operand{variable("count")}},
		{"unlock address in register", "unlock (%ax)", "unlock", []Operand{mem(0, AX, Zero, 1)}},
		{"print register", "print %ax", "print", []Operand{reg(AX)}},
		{"pipe takes nothing", "pipe", "pipe", nil},
		{"read one word from a descriptor in a register", "read %cx", "read", []Operand{reg(CX)}},
		{"read one word from descriptor 3", "read $3", "read", []Operand{imm(3)}},
		{"read %dx words into a variable", "read %cx, count", "read", []Operand{reg(CX), variable("count")}},
		{"read %dx words through a pointer", "read $3, 8(%bp)", "read", []Operand{imm(3), mem(8, BP, Zero, 1)}},
		{"write a register", "write %dx, %fx", "write", []Operand{reg(DX), reg(FX)}},
		{"write an immediate", "write %dx, $11", "write", []Operand{reg(DX), imm(11)}},
		{"write an immediate to descriptor 4", "write $4, $-1", "write", []Operand{imm(4), imm(-1)}},
		{"write to descriptor 4 from a register", "write $4, %ax", "write", []Operand{imm(4), reg(AX)}},
		{"write %dx words from a variable", "write %ex, count", "write", []Operand{reg(EX), variable("count")}},
		{"write %dx words from an indexed array", "write $4, 0(%fx,%bx,4)", "write", []Operand{imm(4), mem(0, FX, BX, 4)}},
		{"close a descriptor in a register", "close %dx", "close", []Operand{reg(DX)}},
		{"close descriptor 3", "close $3", "close", []Operand{imm(3)}},
		{"shm key immediate", "shm $7", "shm", []Operand{imm(7)}},
		{"shm key in a register", "shm %bx", "shm", []Operand{reg(BX)}},
		{"lock through a pointer", "lock 0(%ax)", "lock", []Operand{mem(0, AX, Zero, 1)}},
		{"unlock variable", "unlock count", "unlock", []Operand{variable("count")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(decls + tt.line + "\nhalt\n")
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.line, err)
			}
			in := p.Instrs[0]
			if in.Op != tt.op || !reflect.DeepEqual(in.Args, tt.args) {
				t.Errorf("Parse(%q) = %s %+v, want %s %+v", tt.line, in.Op, in.Args, tt.op, tt.args)
			}
			if in.Line != 5 || in.Text != strings.TrimSpace(tt.line) {
				t.Errorf("line/text = %d %q, want 5 %q", in.Line, in.Text, strings.TrimSpace(tt.line))
			}
		})
	}
}

func TestParseProgramStructure(t *testing.T) {
	src := "# a lock\r\n" +
		".var mutex\n" +
		".var flag   2     \n" +
		".data limit 10 -2 0x10\n" +
		".bss buf 64\n" +
		".rodata msg 7\n" +
		"\n" +
		".main\n" +
		".top\t\n" +
		"mov  mutex, %ax   # a comment, with a comma\n" +
		"  sub  $1,%dx\n" +
		"jgt .top\n" +
		"halt\n" +
		".end\n"
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	wantVars := []Var{
		{Name: "mutex", Section: "var", Size: 4, Line: 2},
		{Name: "flag", Section: "var", Size: 8, Line: 3},
		{Name: "limit", Section: "data", Size: 12, Init: []int64{10, -2, 16}, Line: 4},
		{Name: "buf", Section: "bss", Size: 64, Line: 5},
		{Name: "msg", Section: "rodata", Size: 4, Init: []int64{7}, Line: 6},
	}
	if !reflect.DeepEqual(p.Vars, wantVars) {
		t.Errorf("Vars = %+v\nwant %+v", p.Vars, wantVars)
	}
	wantLabels := map[string]int{".main": 0, ".top": 0, ".end": 4}
	if !reflect.DeepEqual(p.Labels, wantLabels) {
		t.Errorf("Labels = %v, want %v", p.Labels, wantLabels)
	}
	texts := []string{}
	for _, in := range p.Instrs {
		texts = append(texts, in.Text)
	}
	wantTexts := []string{"mov  mutex, %ax", "sub  $1,%dx", "jgt .top", "halt"}
	if !reflect.DeepEqual(texts, wantTexts) {
		t.Errorf("texts = %q, want %q (inner spacing kept, comments and outer space dropped)", texts, wantTexts)
	}
	if len(p.Source) != 14 || p.Source[0] != "# a lock" {
		t.Errorf("Source = %d lines, first %q; want 14 lines without CR", len(p.Source), p.Source[0])
	}
	if v, ok := p.Var("flag"); !ok || v.Size != 8 {
		t.Errorf("Var(flag) = %+v %v", v, ok)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line N: substring", in order
	}{
		{"indented label", ".main\n  .top\nhalt\n", []string{"line 2: expected a label to start in column 1"}},
		{"indented var", "  .var x\nhalt\n", []string{"line 1: expected a .var declaration to start in column 1"}},
		{"undefined label", "j .nowhere\nhalt\n", []string{"line 1: j: no label `.nowhere` in this program"}},
		{"label with nothing after it", "j .end\nhalt\n.end\n", []string{"line 1: j: expected a label followed by an instruction, found .end at the end"}},
		{"unknown mnemonic", "mvo $1, %ax\nhalt\n", []string{`line 1: expected an instruction (mov, add`, `found unknown mnemonic "mvo"`}},
		{"upper case mnemonic", "MOV $1, %ax\n", []string{`line 1: expected an instruction, found "MOV" (mnemonics are lower case: mov)`}},
		{"gnu label", "top:\nhalt\n", []string{`line 1: expected an instruction, found "top:" (labels start with a dot`}},
		{"bad register", "mov $1, %gx\n", []string{`line 1: mov: expected a register (%ax`, `found "%gx"`}},
		{"bad immediate", "mov $x, %ax\n", []string{`line 1: mov: expected an immediate like $5 or $-3`}},
		{"undeclared variable", "mov count, %ax\n", []string{`line 1: mov: expected a declared variable, found "count"`}},
		{"register without percent", "mov ax, %bx\n", []string{`registers are written with %: %ax`}},
		{"two memory operands", ".var a\n.var b\nmov a, b\n", []string{"line 3: mov: expected at most one memory operand"}},
		{"two immediates", "mov $1, $2\n", []string{"line 1: mov: expected $number, %register or memory, %register or %register, %register or %register, memory or $number, memory, found $number, $number"}},
		{"add to memory", "add $1, 2000\n", []string{"line 1: add: expected $number, %register or %register, %register, found $number, memory"}},
		{"missing operand", "add $1\n", []string{"line 1: add: expected $number, %register or %register, %register, found 1 operand"}},
		{"missing operands", "mov\n", []string{"line 1: mov: expected"}},
		{"push immediate", "push $1\n", []string{"line 1: push: expected %register or memory, found $number"}},
		{"neg memory", "neg 2000\n", []string{"line 1: neg: expected %register, found memory"}},
		{"nested parentheses", "mov ((%ax)), %bx\n", []string{"line 1: mov: expected at most one pair of parentheses"}},
		{"right paren first", "mov %ax), %bx\n", []string{"line 1: mov: expected ( before )"}},
		{"unclosed paren", "mov 4(%ax, %bx\n", []string{"line 1: mov: expected ) to close ("}},
		{"too many parts", "mov 4(%ax,%bx,4,5), %cx\n", []string{"at most base, index and scale"}},
		{"garbage after paren", "mov 4(%ax)x, %cx\n", []string{`unexpected "x" after )`}},
		{"minus alone", "mov -, %cx\n", []string{`a number must follow the minus sign`}},
		{"displacement with underscore", "mov 1_0(%ax), %cx\n", []string{`the displacement must be a decimal number`}},
		{"non register in parens", "mov 4(ax), %cx\n", []string{`expected a register like %bx inside the parentheses, found "ax"`}},
		{"three operands", "mov $1, %ax, %bx\n", []string{"line 1: mov: expected", "found 3 operands"}},
		{"empty operand", "mov $1,, %ax\n", []string{"line 1: mov: expected an operand, found nothing"}},
		{"label on same line", ".top mov $1, %ax\n", []string{`line 1: expected a label alone on its line`}},
		{"label with colon", ".top:\n", []string{`line 1: expected a label without a colon, like .top`}},
		{"duplicate label", ".a\n.a\nhalt\n", []string{"line 2: expected a new label name, found .a again (first defined on line 1)"}},
		{"duplicate var", ".var x\n.var x\n", []string{"line 2: expected a new variable name, found x again (first declared on line 1)"}},
		{"var without name", ".var\n", []string{"line 1: expected .var NAME [COUNT], found .var without a name"}},
		{"var zero count", ".var x 0\n", []string{`line 1: expected an element count of 1 or more after .var x, found "0"`}},
		{"var bad name", ".var 9x\n", []string{`line 1: expected a variable name`}},
		{"data without value", ".data x\n", []string{"line 1: expected .data NAME VALUE..., found no value"}},
		{"data bad value", ".data x 1 two\n", []string{`line 1: expected an integer initial value for x, found "two"`}},
		{"bss without size", ".bss buf\n", []string{"line 1: expected .bss NAME SIZE"}},
		{"call a variable", ".var f\ncall f\n", []string{"line 2: call: no label `f` in this program (f is a variable)"}},
		{"a jump to a label that is not there", ".top\nmov $1, %ax\njmp loop\n", []string{"line 3: jmp: no label `loop` in this program"}},
		{"a missing comma", "mov $1 %ax\n", []string{`line 1: mov: missing comma between operands in "$1 %ax" (write $1, %ax)`}},
		{"a missing comma before memory", "mov -8(%bp, %cx, 8) %ax\n", []string{`line 1: mov: missing comma between operands in "-8(%bp, %cx, 8) %ax" (write -8(%bp, %cx, 8), %ax)`}},
		{"three operands where two go", "mov $1 %ax %bx\n", []string{"line 1: mov: expected $number, %register or memory, %register or %register, %register or %register, memory or $number, memory, found 1 operand"}},
		{"jump to a number", "j 1000\n", []string{"line 1: j: expected .label, found memory"}},
		{"ret with operand", "ret %ax\n", []string{"line 1: ret: expected no operands, found 1 operand"}},
		{"mdump of a register", "mdump %ax\n", []string{"line 1: mdump: expected a memory address"}},
		{"immediate too big", "mov $99999999999999999999, %ax\n", []string{"64-bit integer"}},
		{"spawn a variable", ".var w\nspawn w\n", []string{"line 2: spawn: no label `w` in this program (w is a variable)"}},
		{"pipe with an operand", "pipe %ax\n", []string{"line 1: pipe: expected no operands, found 1 operand"}},
		{"read without a descriptor", "halt\nread\n", []string{"line 2: read: expected %register or $number or %register, memory or $number, memory, found no operands"}},
		{"read into a register", "read %cx, %ax\n", []string{"line 1: read: expected", "found %register, %register (read FD puts the word in %bx by itself; read FD, mem reads %dx words into memory)"}},
		{"read with an immediate second operand", "read $3, $1\n", []string{"line 1: read: expected", "found $number, $number (read FD puts the word in %bx"}},
		{"read from a descriptor in memory", ".var fd\nread fd\n", []string{"line 2: read: expected", "found memory (the first operand is the file descriptor, a %register or $number: mov it into a register first)"}},
		{"read three operands", "read %cx, %ax, %bx\n", []string{"line 1: read: expected", "found 3 operands"}},
		{"write without a value", "write %dx\n", []string{"line 1: write: expected %register, %register or %register, $number or $number, %register or $number, $number or %register, memory or $number, memory, found 1 operand"}},
		{"write to a descriptor in memory", ".var fd\nwrite fd, $1\n", []string{"line 2: write: expected", "found memory, $number (the first operand is the file descriptor"}},
		{"write a label", ".top\nwrite %dx, .top\n", []string{"line 2: write: expected", "found %register, .label (write sends a %register, a $number, or %dx words from memory)"}},
		{"close two descriptors", "close %cx, %dx\n", []string{"line 1: close: expected %register or $number, found 2 operands"}},
		{"close memory", "close 2000\n", []string{"line 1: close: expected %register or $number, found memory (the first operand is the file descriptor"}},
		{"shm without a key", "shm\n", []string{"line 1: shm: expected %register or $number, found no operands"}},
		{"shm key in memory", ".var k\nshm k\n", []string{"line 2: shm: expected %register or $number, found memory (the key is a %register or $number, not memory)"}},
		{"lock a register", "lock %ax\n", []string{"line 1: lock: expected memory, found %register (the mutex is the memory word it lives in: lock mutex or lock (%ax)"}},
		{"unlock an immediate", "unlock $100\n", []string{"line 1: unlock: expected memory, found $number (the mutex is the memory word"}},
		{"lock nothing", "lock\n", []string{"line 1: lock: expected memory, found no operands"}},
		{"every problem, in line order", "mov $1, %gx\nhalt\nj .x\n  .y\nfoo\n", []string{"line 1:", "line 3:", "line 4:", "line 5:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.src)
			if err == nil {
				t.Fatalf("Parse(%q) = %d instructions, want an error", tt.src, len(p.Instrs))
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList", err)
			}
			msg := err.Error()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error:\n%s\nwant (in order) %q", msg, w)
				}
				at += i + len(w)
			}
			for _, e := range list {
				if e.Line < 1 || e.Line > strings.Count(tt.src, "\n")+1 {
					t.Errorf("error %q has line %d outside the source", e.Msg, e.Line)
				}
			}
		})
	}
}

func TestErrorListLists(t *testing.T) {
	_, err := Parse("foo\nbar\n")
	want := "2 problems:\nline 1: expected an instruction (mov, add, sub, test, j..., push, pop, call, ret, xchg, halt, ...), found unknown mnemonic \"foo\"\n" +
		"line 2: expected an instruction (mov, add, sub, test, j..., push, pop, call, ret, xchg, halt, ...), found unknown mnemonic \"bar\""
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

func TestOperandString(t *testing.T) {
	tests := []struct {
		o    Operand
		want string
	}{
		{reg(SP), "%sp"},
		{imm(-3), "$-3"},
		{label(".top"), ".top"},
		{variable("count"), "count"},
		{mem(2000, Zero, Zero, 1), "2000"},
		{mem(-4, SP, Zero, 1), "-4(%sp)"},
		{mem(0, FX, BX, 4), "0(%fx,%bx,4)"},
		{mem(16, Zero, CX, 2), "16(,%cx,2)"},
	}
	for _, tt := range tests {
		if got := tt.o.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseRegAndMnemonics(t *testing.T) {
	for _, name := range []string{"ax", "%bx", "cx", "dx", "ex", "fx", "sp", "bp", "zero"} {
		r, ok := ParseReg(name)
		if !ok || "%"+r.String() != "%"+strings.TrimPrefix(name, "%") {
			t.Errorf("ParseReg(%q) = %v %v", name, r, ok)
		}
	}
	if _, ok := ParseReg("gx"); ok {
		t.Error("ParseReg(gx) succeeded")
	}
	if _, ok := ParseReg(""); ok {
		t.Error("ParseReg(\"\") succeeded")
	}
	m := strings.Join(Mnemonics(), " ")
	for _, want := range []string{"mov", "lea", "fetchadd", "xchg", "spawn", "rdump", "mdump", "jgte", "pipe", "read", "write", "close", "shm", "lock", "unlock"} {
		if !strings.Contains(" "+m+" ", " "+want+" ") {
			t.Errorf("Mnemonics() lacks %s: %s", want, m)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		decls + "mov 0(%fx,%bx,4), %ax\nxchg %cx, (%ax)\njgt .top\nhalt\n",
		".data x 1 2\n.bss b 8\nspawn .w\njoin %ax\nhalt\n.w\nexit $1\n",
		"mov - 16 (%dx,%cx,4),%bx\n",
		"  .top\nj .nowhere\nmov ((\n",
		"mdump 4\nrdump\npush count\npop\n",
		".var buf 3\npipe\nmov %ax, %cx\nwrite %bx, $1\nwrite $4, buf\nread %cx\nread $3, 0(%fx,%bx,4)\nclose %cx\nshm $7\nlock (%ax)\nunlock buf\n",
		"read %ax, %bx\nwrite fd, $1\nclose\nshm 100\nlock $1\n",
	} {
		f.Add(s)
	}
	codeArgs := map[string]int{}
	for _, c := range Codes() {
		codeArgs[c.Code] = len(c.Args)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse(src)
		lines := strings.Count(src, "\n") + 1
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			for _, e := range list {
				if e.Line < 1 || e.Line > lines {
					t.Fatalf("error %q at line %d, source has %d lines", e.Msg, e.Line, lines)
				}
				if n, ok := codeArgs[e.Code]; !ok || len(e.Args) != n {
					t.Fatalf("error %q has code %q and args %q, not a code of Codes() with its args", e.Msg, e.Code, e.Args)
				}
			}
			return
		}
		for _, in := range p.Instrs {
			if in.Line < 1 || in.Line > lines {
				t.Fatalf("instruction %q at line %d of %d", in.Text, in.Line, lines)
			}
			for _, a := range in.Args {
				if a.Kind == OpLabel && in.Op != "exec" {
					if at, ok := p.Labels[a.Label]; !ok || at >= len(p.Instrs) {
						t.Fatalf("label %q unresolved in %q", a.Label, in.Text)
					}
				}
				if a.Kind == OpMem && (a.Base == RegNone || a.Index == RegNone || a.Base >= NumRegs || a.Index >= NumRegs) {
					t.Fatalf("memory operand %+v has a missing register", a)
				}
			}
		}
	})
}

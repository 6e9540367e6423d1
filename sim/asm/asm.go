// Package asm is procscope's assembler: it reads the small AT&T-style
// language of OSTEP's x86.py simulator (the threads-intro and threads-locks
// homework), plus the lab's system calls and C-like globals, and returns a
// Program of instructions with their operands already classified.
//
// The assembler knows nothing about addresses: where code, variables and
// stacks live is the simulator's layout profile. It only checks that each
// line is well formed, that every label and variable it names exists, and
// that every instruction gets operands of the kinds it accepts. Parse never
// panics; it returns an ErrorList that names every problem with its line.
//
// The language, and every difference from x86.py, is described in
// docs/asm.md.
package asm

import (
	"fmt"
	"sort"
	"strings"
)

// Reg is a register. The zero value RegNone means "no register".
type Reg uint8

// The registers. AX..BP have x86.py's numbers; Zero is x86.py's hidden
// zero register: it stands in for an absent base or index in a memory
// operand, so that `-a zero=N` shifts absolute addresses exactly as x86.py
// does. It can also be named as %zero.
const (
	RegNone Reg = iota
	AX
	BX
	CX
	DX
	EX
	FX
	SP
	BP
	Zero
	NumRegs
)

var regNames = [NumRegs]string{"", "ax", "bx", "cx", "dx", "ex", "fx", "sp", "bp", "zero"}

// String is the register's name without the percent sign ("ax").
func (r Reg) String() string {
	if r < NumRegs {
		return regNames[r]
	}
	return fmt.Sprintf("reg(%d)", uint8(r))
}

// ParseReg finds a register by name, with or without the percent sign:
// "ax", "%sp", "zero".
func ParseReg(name string) (Reg, bool) {
	name = strings.TrimPrefix(name, "%")
	for i, n := range regNames {
		if i > 0 && n == name {
			return Reg(i), true
		}
	}
	return RegNone, false
}

// OperandKind says what an operand is.
type OperandKind uint8

// Operand kinds.
const (
	OpNone  OperandKind = iota
	OpReg               // %ax: Reg
	OpImm               // $5, $-3: Imm. mdump's address is an OpImm too.
	OpMem               // disp(base,index,scale), 2000, or a variable name: see Operand
	OpLabel             // .top: Label (for exec, the program name, without a dot)
)

var kindNames = [...]string{"nothing", "register", "immediate", "memory operand", "label"}

// String names the kind the way error messages do ("register").
func (k OperandKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Operand is one classified operand.
//
// A memory operand (OpMem) addresses Disp + address(Var) + Base +
// Scale*Index, where address(Var) is 0 when Var is empty, and Base and
// Index are register values. An absent base or index is Zero (never
// RegNone) and an absent scale is 1, so every OpMem has all four parts.
type Operand struct {
	Kind  OperandKind
	Reg   Reg
	Imm   int64
	Disp  int64
	Base  Reg
	Index Reg
	Scale int64
	Label string
	Var   string
}

// String prints the operand in canonical assembler form.
func (o Operand) String() string {
	switch o.Kind {
	case OpReg:
		return "%" + o.Reg.String()
	case OpImm:
		return fmt.Sprintf("$%d", o.Imm)
	case OpLabel:
		return o.Label
	case OpMem:
		if o.Var != "" && o.Disp == 0 && o.Base == Zero && o.Index == Zero {
			return o.Var
		}
		s := ""
		if o.Var != "" {
			s = o.Var + "+"
		}
		if o.Base == Zero && o.Index == Zero {
			return s + fmt.Sprint(o.Disp)
		}
		s += fmt.Sprintf("%d(", o.Disp)
		if o.Base != Zero {
			s += "%" + o.Base.String()
		}
		if o.Index != Zero || o.Scale != 1 {
			s += ",%" + o.Index.String()
			if o.Scale != 1 {
				s += fmt.Sprintf(",%d", o.Scale)
			}
		}
		return s + ")"
	}
	return ""
}

// Instr is one instruction. Op is the canonical mnemonic (aliases such as
// cmp and jmp are reported as test and j); Text is the source line without
// its comment and outer whitespace, inner spacing kept, which is what
// x86.py's trace prints; Line is 1-based.
type Instr struct {
	Op   string
	Args []Operand
	Line int
	Text string
}

// Var is a declared variable.
//
// Section is "var" (x86.py's `.var NAME [COUNT]`), "data", "bss" or
// "rodata". Size is in address units (bytes): each element is 4 units, as
// x86.py spaces its variables, so `.var x` is 4, `.var a 3` is 12 and
// `.data v 1 2` is 8; `.bss NAME SIZE` gives SIZE itself. Init holds one
// value per element for .data and .rodata, and is nil (all zero) for .var
// and .bss.
type Var struct {
	Name    string
	Section string
	Size    int64
	Init    []int64
	Line    int
}

// ElemSize is the distance, in address units, between two elements of a
// variable (x86.py's 4).
const ElemSize = 4

// Program is an assembled program. Labels maps each label, as written with
// its dot (".top"), to the index in Instrs of the instruction that follows
// it (len(Instrs) for a label at the very end). Vars are in declaration
// order. Source holds the lines of the source, without line endings.
type Program struct {
	Instrs []Instr
	Labels map[string]int
	Vars   []Var
	Source []string
}

// Var returns the variable with the given name.
func (p *Program) Var(name string) (Var, bool) {
	for _, v := range p.Vars {
		if v.Name == name {
			return v, true
		}
	}
	return Var{}, false
}

// Error is one problem at one source line (1-based; 0 if the problem is
// not tied to a line). Msg is the English text; Code names the kind of
// problem and Args are the values Msg speaks of, so that a caller can say
// the same in another language (see Codes for every Code and its Args).
type Error struct {
	Line int
	Msg  string
	Code string
	Args []string
}

func (e Error) Error() string {
	if e.Line <= 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// ErrorList is every problem Parse found, sorted by line.
type ErrorList []Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems:", len(l))
	for _, e := range l {
		b.WriteString("\n")
		b.WriteString(e.Error())
	}
	return b.String()
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Line < l[j].Line })
}

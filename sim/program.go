package sim

import (
	"fmt"
	"strings"
)

// Opcode is one instruction of the decoded program the interpreter runs.
type Opcode uint8

// The opcodes: x86.py's instruction set, then the lab's system calls.
const (
	OpNop Opcode = iota
	OpMov
	OpAdd
	OpSub
	OpMul
	OpNeg
	OpLea
	OpPush
	OpPop
	OpCall
	OpRet
	OpJmp
	OpJe
	OpJne
	OpJlt
	OpJlte
	OpJgt
	OpJgte
	OpTest
	OpXchg
	OpFetchAdd
	OpHalt
	OpYield
	OpRdump
	OpMdump
	// System calls.
	OpFork
	OpSpawn
	OpJoin
	OpExit
	OpThreadExit
	OpWait
	OpExec
	OpMalloc
	OpFree
	OpPrint
	OpPipe
	OpReadFD
	OpWriteFD
	OpClose
	OpShm
	OpLock
	OpUnlock
	// C's instructions (ops_c.go): arithmetic and bitwise operations,
	// unsigned compare, sized loads and stores, indirect call, library call.
	OpDiv
	OpDivu
	OpRem
	OpRemu
	OpAnd
	OpOr
	OpXor
	OpNot
	OpShl
	OpSar
	OpShr
	OpTestu
	OpMovsb
	OpMovzb
	OpMovsw
	OpMovzw
	OpMovsl
	OpMovzl
	OpMovb
	OpMovw
	OpMovl
	OpCallR
	OpLib
	numOpcodes
)

var opNames = [numOpcodes]string{
	"nop", "mov", "add", "sub", "mul", "neg", "lea", "push", "pop", "call", "ret",
	"j", "je", "jne", "jlt", "jlte", "jgt", "jgte", "test", "xchg", "fetchadd",
	"halt", "yield", "rdump", "mdump",
	"fork", "spawn", "join", "exit", "thread-exit", "wait", "exec", "malloc", "free", "print",
	"pipe", "read", "write", "close", "shm", "lock", "unlock",
	"div", "divu", "rem", "remu", "and", "or", "xor", "not", "shl", "sar", "shr", "testu",
	"movsb", "movzb", "movsw", "movzw", "movsl", "movzl", "movb", "movw", "movl", "callr", "lib",
}

// String is the mnemonic.
func (o Opcode) String() string {
	if o < numOpcodes {
		return opNames[o]
	}
	return fmt.Sprintf("op%d", o)
}

// OpcodeByName finds an opcode by mnemonic ("cmp" is accepted for "test",
// "jmp" for "j", "thread_exit" for "thread-exit").
func OpcodeByName(name string) (Opcode, bool) {
	switch name {
	case "cmp":
		return OpTest, true
	case "jmp":
		return OpJmp, true
	case "thread_exit", "texit":
		return OpThreadExit, true
	}
	for i, n := range opNames {
		if n == name {
			return Opcode(i), true
		}
	}
	return 0, false
}

// Reg is a register operand. RegZero is x86.py's hidden zero register, used
// for an absent base or index.
type Reg uint8

// Registers, in x86.py's order.
const (
	RegZero Reg = iota
	RegAX
	RegBX
	RegCX
	RegDX
	RegEX
	RegFX
	RegSP
	RegBP
	NumRegs
)

var regNames = [NumRegs]string{"zero", "ax", "bx", "cx", "dx", "ex", "fx", "sp", "bp"}

// String is the register's name without the percent sign.
func (r Reg) String() string {
	if r < NumRegs {
		return regNames[r]
	}
	return fmt.Sprintf("r%d", r)
}

// RegByName finds a register by name ("ax", "%ax").
func RegByName(name string) (Reg, bool) {
	name = strings.TrimPrefix(name, "%")
	for i, n := range regNames {
		if n == name && i > 0 {
			return Reg(i), true
		}
	}
	return 0, false
}

// ArgKind says what an operand is.
type ArgKind uint8

// Operand kinds.
const (
	ArgNone ArgKind = iota
	ArgReg
	ArgImm
	ArgMem   // Disp + Base + Scale*Index; Var names a variable whose address is added at load
	ArgLabel // Target is an instruction index; Label keeps the name
)

// Arg is one operand of a decoded instruction.
type Arg struct {
	Kind   ArgKind
	Reg    Reg   // ArgReg
	Imm    int64 // ArgImm
	Disp   int64 // ArgMem
	Base   Reg
	Index  Reg
	Scale  int64 // 0 means 1
	Var    string
	Target int // ArgLabel: instruction index
	Label  string
}

// Instr is one decoded instruction with the source line it came from.
type Instr struct {
	Op   Opcode
	A, B Arg
	Line int
	Text string
}

// Var is a variable the program declares: x86.py's .var (section "var") or
// a global in .data, .bss or .rodata with its C size and initial values.
type Var struct {
	Name    string
	Section string
	Size    int64
	Init    []int64
	Line    int
	// Offsets, when set, gives the byte offset of each Init value (a C
	// object: one value per address); nil puts them a word apart.
	Offsets []int64
}

// Program is a decoded program: instructions with resolved label targets,
// its labels and variables, and its source lines for the program view.
// Addresses are not resolved here; loading places code and variables per
// layout profile.
type Program struct {
	Name   string
	Instrs []Instr
	Labels map[string]int
	Vars   []Var
	Source []string
	// Debug is the C compiler's symbol table (nil for assembly).
	Debug *Debug
}

// Validate checks that every label target and register is in range, so the
// interpreter never indexes out of bounds.
func (p *Program) Validate() error {
	if p == nil || len(p.Instrs) == 0 {
		return fmt.Errorf("program has no instructions: %w", ErrInvalid)
	}
	for i, in := range p.Instrs {
		if in.Op >= numOpcodes {
			return fmt.Errorf("instruction %d: bad opcode %d: %w", i, in.Op, ErrInvalid)
		}
		for _, a := range [2]Arg{in.A, in.B} {
			if a.Kind == ArgLabel && (a.Target < 0 || a.Target >= len(p.Instrs)) {
				return fmt.Errorf("instruction %d: label %q out of range: %w", i, a.Label, ErrInvalid)
			}
			if a.Reg >= NumRegs || a.Base >= NumRegs || a.Index >= NumRegs {
				return fmt.Errorf("instruction %d: bad register: %w", i, ErrInvalid)
			}
		}
	}
	for name, at := range p.Labels {
		if at < 0 || at > len(p.Instrs) {
			return fmt.Errorf("label %q out of range: %w", name, ErrInvalid)
		}
	}
	return nil
}

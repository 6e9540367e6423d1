package sim

import (
	"errors"
	"fmt"
	"strings"

	"procscope/sim/asm"
)

// assemble turns assembler source into a decoded program with the real
// assembler (package sim/asm). A bad program yields an error that wraps
// the assembler's asm.ErrorList (every problem with its line; use
// errors.As) and ErrInvalid.
func assemble(src string) (*Program, error) {
	ap, err := asm.Parse(src)
	if err != nil {
		var list asm.ErrorList
		if errors.As(err, &list) {
			return nil, programError(list)
		}
		return nil, fmt.Errorf("program: %w: %w", err, ErrInvalid)
	}
	p, list := fromAsm(ap)
	if len(list) > 0 {
		return nil, programError(list)
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("program: %w", err)
	}
	return p, nil
}

// programError wraps every problem of a program so that errors.As finds
// the asm.ErrorList and errors.Is finds ErrInvalid.
func programError(list asm.ErrorList) error {
	return fmt.Errorf("program has %d problem(s) (%w):\n%w", len(list), ErrInvalid, list)
}

// fromAsm maps the assembler's program onto the interpreter's: opcodes by
// mnemonic, x86.py register numbers (asm.Zero and asm.RegNone become
// RegZero), label names without their dot, and variable sizes in the
// simulator's convention (.var: element count; .data/.rodata: 8 bytes per
// element; .bss: bytes).
func fromAsm(ap *asm.Program) (*Program, asm.ErrorList) {
	p := &Program{Name: "main", Labels: map[string]int{}, Source: append([]string(nil), ap.Source...)}
	var errs asm.ErrorList
	for name, at := range ap.Labels {
		p.Labels[strings.TrimPrefix(name, ".")] = at
	}
	for _, in := range ap.Instrs {
		op, ok := OpcodeByName(in.Op)
		if !ok {
			errs = append(errs, asm.Error{Line: in.Line, Msg: fmt.Sprintf("%s: the simulator does not implement this instruction", in.Op)})
			continue
		}
		out := Instr{Op: op, Line: in.Line, Text: in.Text}
		for k, a := range in.Args {
			arg := fromOperand(a, p.Labels)
			if op == OpMdump && arg.Kind == ArgImm { // mdump ADDRESS reads that cell
				arg = Arg{Kind: ArgMem, Disp: a.Imm, Scale: 1}
			}
			switch k {
			case 0:
				out.A = arg
			case 1:
				out.B = arg
			}
		}
		p.Instrs = append(p.Instrs, out)
	}
	for _, v := range ap.Vars {
		sv := Var{Name: v.Name, Section: v.Section, Init: append([]int64(nil), v.Init...), Line: v.Line}
		switch v.Section {
		case "var":
			sv.Size = max(v.Size/asm.ElemSize, 1)
		case "data", "rodata":
			sv.Size = max(v.Size/asm.ElemSize, 1) * 8
		default:
			sv.Size = v.Size
		}
		p.Vars = append(p.Vars, sv)
	}
	return p, errs
}

func fromReg(r asm.Reg) Reg {
	if r == asm.RegNone || r == asm.Zero || r >= asm.NumRegs {
		return RegZero
	}
	return Reg(r) // AX..BP share x86.py's numbers 1..8
}

func fromOperand(a asm.Operand, labels map[string]int) Arg {
	switch a.Kind {
	case asm.OpReg:
		return Arg{Kind: ArgReg, Reg: fromReg(a.Reg)}
	case asm.OpImm:
		return Arg{Kind: ArgImm, Imm: a.Imm}
	case asm.OpMem:
		arg := Arg{Kind: ArgMem, Disp: a.Disp, Base: fromReg(a.Base), Index: fromReg(a.Index), Scale: a.Scale, Var: a.Var}
		if arg.Scale == 0 {
			arg.Scale = 1
		}
		return arg
	case asm.OpLabel:
		name := strings.TrimPrefix(a.Label, ".")
		return Arg{Kind: ArgLabel, Label: name, Target: labels[name]} // exec's program name resolves to 0, unused
	}
	return Arg{}
}

// build assembles a program this package writes itself (the built-in
// programs, the experiments' generated programs, test programs). It panics
// on a mistake, because its inputs are constants or generators of this
// package, every one run by the tests.
func build(name, src string) *Program {
	p, err := assemble(src)
	if err != nil {
		panic(name + ": " + err.Error())
	}
	p.Name = name
	return p
}

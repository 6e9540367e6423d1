package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// build decodes the small assembler dialect the built-in programs and the
// tests are written in: x86.py's syntax (labels ".name", ".var name",
// "%reg", "$imm", "disp(%base,%index,scale)", variable names) plus
// ".data name v...", ".bss name size" and ".rodata name v...". It is not the
// user-facing assembler (package sim/asm is); it panics on a mistake,
// because its inputs are constants of this package checked by tests.
func build(name, src string) *Program {
	p, err := buildProgram(name, src)
	if err != nil {
		panic(err)
	}
	return p
}

func buildProgram(name, src string) (*Program, error) {
	p := &Program{Name: name, Labels: map[string]int{}, Source: strings.Split(strings.TrimRight(src, "\n"), "\n")}
	type fix struct{ instr, arg int }
	var fixes []fix
	for i, raw := range p.Source {
		line := raw
		if c := strings.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if f[0][0] == '.' {
			if err := p.directive(f, i+1); err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			continue
		}
		op, ok := OpcodeByName(f[0])
		if !ok {
			return nil, fmt.Errorf("line %d: unknown instruction %q", i+1, f[0])
		}
		in := Instr{Op: op, Line: i + 1, Text: strings.TrimSpace(line)}
		args := splitArgs(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), f[0])))
		for k, a := range args {
			arg, err := parseArg(a)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			if arg.Kind == ArgLabel {
				fixes = append(fixes, fix{len(p.Instrs), k})
			}
			if k == 0 {
				in.A = arg
			} else {
				in.B = arg
			}
		}
		p.Instrs = append(p.Instrs, in)
	}
	for _, f := range fixes {
		a := &p.Instrs[f.instr].A
		if f.arg == 1 {
			a = &p.Instrs[f.instr].B
		}
		at, ok := p.Labels[a.Label]
		if !ok {
			return nil, fmt.Errorf("line %d: unknown label %q", p.Instrs[f.instr].Line, a.Label)
		}
		a.Target = at
	}
	return p, p.Validate()
}

func (p *Program) directive(f []string, line int) error {
	nums := func(ss []string) ([]int64, error) {
		var out []int64
		for _, s := range ss {
			v, err := strconv.ParseInt(s, 0, 64)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	switch f[0] {
	case ".var":
		size := int64(1)
		if len(f) == 3 {
			n, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil {
				return err
			}
			size = n
		}
		p.Vars = append(p.Vars, Var{Name: f[1], Section: "var", Size: size, Line: line})
	case ".data", ".rodata":
		init, err := nums(f[2:])
		if err != nil {
			return err
		}
		p.Vars = append(p.Vars, Var{Name: f[1], Section: f[0][1:], Size: int64(max(1, len(init))) * 8, Init: init, Line: line})
	case ".bss":
		size := int64(8)
		if len(f) == 3 {
			n, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil {
				return err
			}
			size = n
		}
		p.Vars = append(p.Vars, Var{Name: f[1], Section: "bss", Size: size, Line: line})
	default:
		if len(f) != 1 {
			return fmt.Errorf("label %q takes nothing after it", f[0])
		}
		p.Labels[f[0][1:]] = len(p.Instrs)
	}
	return nil
}

// splitArgs splits operands on commas outside parentheses.
func splitArgs(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

func parseArg(s string) (Arg, error) {
	switch {
	case strings.HasPrefix(s, "%"):
		r, ok := RegByName(s)
		if !ok {
			return Arg{}, fmt.Errorf("unknown register %q", s)
		}
		return Arg{Kind: ArgReg, Reg: r}, nil
	case strings.HasPrefix(s, "$"):
		v, err := strconv.ParseInt(s[1:], 0, 64)
		return Arg{Kind: ArgImm, Imm: v}, err
	case strings.HasPrefix(s, "."):
		return Arg{Kind: ArgLabel, Label: s[1:]}, nil
	}
	a := Arg{Kind: ArgMem, Scale: 1}
	disp, rest, _ := strings.Cut(s, "(")
	if disp != "" {
		if v, err := strconv.ParseInt(disp, 0, 64); err == nil {
			a.Disp = v
		} else {
			a.Var = disp
		}
	}
	if rest == "" {
		return a, nil
	}
	parts := strings.Split(strings.TrimSuffix(rest, ")"), ",")
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if i == 2 {
			v, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				return Arg{}, err
			}
			a.Scale = v
			continue
		}
		if part == "" {
			continue
		}
		r, ok := RegByName(part)
		if !ok {
			return Arg{}, fmt.Errorf("unknown register %q", part)
		}
		if i == 0 {
			a.Base = r
		} else {
			a.Index = r
		}
	}
	return a, nil
}

package sim

import (
	"fmt"
	"strings"
)

// The C view of a thread: its call stack as named frames, each local with
// its name, type, address and value, a pointer described by what it
// points at. Built from the compiler's debug information (Program.Debug)
// and the machine's memory, read without side effects.

// SourceFrame is one C function activation.
type SourceFrame struct {
	Function string
	Line     int    // the line it is at (a caller: the line of its call)
	BP       uint64 // the frame base its locals are addressed from
	Locals   []NamedValue
}

// NamedValue is one named object and its value. Value is the word at
// Addr read as the type (an array's or struct's first element); Text is
// a char array's string; PointsTo describes a pointer's target
// ("counter", "heap block at 0x… (16 bytes)", "local buf of thread 3's
// frame worker", "NULL").
type NamedValue struct {
	Name, Type string
	Addr       uint64
	Size       int64
	Value      int64
	Text       string `json:",omitempty"`
	PointsTo   string `json:",omitempty"`
}

// maxSourceFrames bounds the frames walked per thread.
const maxSourceFrames = 64

// sourceFrames fills every thread's Source of a C process.
func (m *Machine) sourceFrames(p *process, ps *ProcessState) {
	if p.code == nil || p.code.prog.Debug == nil || p.as == nil {
		return
	}
	d := p.code.prog.Debug
	for i, t := range p.threads {
		ps.Threads[i].Source = m.walkFrames(p, t, d)
	}
	for i := range ps.Threads {
		for j := range ps.Threads[i].Source {
			for k := range ps.Threads[i].Source[j].Locals {
				v := &ps.Threads[i].Source[j].Locals[k]
				if strings.HasSuffix(v.Type, "*") || strings.Contains(v.Type, "(*)") {
					v.PointsTo = m.describe(p, ps, uint64(v.Value))
				}
			}
		}
	}
}

// funcAt finds the function holding instruction idx.
func funcAt(d *Debug, idx int) *DebugFunc {
	for i := range d.Funcs {
		if f := &d.Funcs[i]; idx >= f.Entry && idx < f.End {
			return f
		}
	}
	return nil
}

// walkFrames follows the %bp chain from t's pc outwards.
func (m *Machine) walkFrames(p *process, t *thread, d *Debug) []SourceFrame {
	code := p.code
	pc, sp, bp := t.pc, uint64(t.regs[RegSP]), uint64(t.regs[RegBP])
	var out []SourceFrame
	for depth := 0; depth < maxSourceFrames; depth++ {
		if pc < code.base {
			break
		}
		idx := int((pc - code.base) >> code.shift)
		f := funcAt(d, idx)
		if f == nil {
			break
		}
		line := 0
		if depth == 0 {
			if shown, ok := shownInstr(t); ok {
				line = code.code[shown].Line
			}
		} else if idx < len(code.code) {
			line = code.code[idx].Line
		}
		if depth > 0 && idx > 0 {
			line = code.code[idx-1].Line // the call
		}
		// the frame base, also before the prologue and after the epilogue
		fbp, callerBP := bp, uint64(0)
		switch {
		case depth == 0 && (idx == f.Entry || idx == f.End-1):
			fbp, callerBP = sp-8, bp
		case depth == 0 && idx == f.Entry+1:
			fbp = sp
		}
		if callerBP == 0 {
			v, _ := m.Peek(p.pid, fbp)
			callerBP = uint64(v)
		}
		fr := SourceFrame{Function: f.Name, Line: line, BP: fbp}
		for _, l := range f.Locals {
			if !l.Param && (idx < l.Start || idx >= l.End) {
				continue
			}
			fr.Locals = append(fr.Locals, m.namedValue(p, l.Name, l.Type, l.Kind, l.Unsigned, fbp+uint64(l.Offset), l.Size))
		}
		out = append(out, fr)
		ret, ok := m.Peek(p.pid, fbp+8)
		if !ok {
			break
		}
		pc, bp = uint64(ret), callerBP
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// namedValue reads an object of the given kind at addr.
func (m *Machine) namedValue(p *process, name, typ, kind string, unsigned bool, addr uint64, size int64) NamedValue {
	v, _ := m.Peek(p.pid, addr)
	if kind == "int" && unsigned {
		switch size {
		case 1:
			v = int64(uint8(v))
		case 2:
			v = int64(uint16(v))
		case 4:
			v = int64(uint32(v))
		}
	}
	nv := NamedValue{Name: name, Type: typ, Addr: addr, Size: size, Value: v}
	if kind == "array" && isCharArray(typ) {
		nv.Text = m.peekString(p.pid, addr, uint64(max(size, 0)))
	}
	return nv
}

// isCharArray reports whether a C type is an array of char.
func isCharArray(typ string) bool {
	typ = strings.TrimPrefix(typ, "const ")
	return strings.HasPrefix(typ, "char [") || strings.HasPrefix(typ, "unsigned char [") || strings.HasPrefix(typ, "signed char [")
}

// describe says what address a points at in p.
func (m *Machine) describe(p *process, ps *ProcessState, a uint64) string {
	if a == 0 {
		return "NULL"
	}
	d := p.code.prog.Debug
	for _, g := range p.as.globals {
		if a >= g.Addr && a < g.Addr+max(g.Size, 1) {
			name := g.Name
			for _, dg := range d.Globals {
				if dg.Name == g.Name && dg.Source == "" {
					name = "string literal " + g.Name
				}
			}
			return withOffset(name, a-g.Addr)
		}
	}
	for _, th := range ps.Threads {
		for _, fr := range th.Source {
			for _, l := range fr.Locals {
				if a >= l.Addr && a < l.Addr+uint64(max(l.Size, 1)) {
					return fmt.Sprintf("%s of thread %d's frame %s", withOffset("local "+l.Name, a-l.Addr), th.Tid, fr.Function)
				}
			}
		}
	}
	for _, b := range p.as.heap.blocks {
		if !b.Free && a >= b.Addr && a < b.Addr+b.Size {
			return withOffset(fmt.Sprintf("heap block at %#x (%d bytes)", b.Addr, b.Size), a-b.Addr)
		}
	}
	r, ok := p.as.region(a)
	switch {
	case !ok:
		return fmt.Sprintf("%#x (unmapped)", a)
	case r.Kind == RegionText:
		idx := int((a - p.code.base) >> p.code.shift)
		if f := funcAt(d, idx); f != nil && idx == f.Entry {
			return "function " + f.Name
		}
	case r.Kind == RegionShared:
		return withOffset(fmt.Sprintf("shared mapping at %#x", r.Start), a-r.Start)
	}
	return fmt.Sprintf("%#x (%s)", a, r.Kind)
}

func withOffset(s string, off uint64) string {
	if off == 0 {
		return s
	}
	return fmt.Sprintf("%s+%d", s, off)
}

package cc

import (
	"fmt"

	"procscope/sim"
)

// The generator: one pass over the typed AST, emitting the simulator's
// instructions as a simple stack machine does (chibicc's shape): an
// expression's value ends in %ax, temporaries go on the stack, %cx and
// %dx hold a second operand and an address. Calls push their arguments
// right to left; a function's frame is %bp-based: parameters at
// %bp+16+8i, locals below %bp.

// progName is the hidden .rodata string main's argv[0] points at.
const progName = "__progname"

type gen struct {
	out     []sim.Instr
	labels  map[string]int
	fn      *obj
	line    int
	nlabel  int
	breaks  []string
	conts   []string
	libOnly bool
}

func reg(r sim.Reg) sim.Arg { return sim.Arg{Kind: sim.ArgReg, Reg: r} }
func imm(v int64) sim.Arg   { return sim.Arg{Kind: sim.ArgImm, Imm: v} }
func mem(base sim.Reg, disp int64) sim.Arg {
	return sim.Arg{Kind: sim.ArgMem, Base: base, Disp: disp, Scale: 1}
}
func gmem(name string, disp int64) sim.Arg {
	return sim.Arg{Kind: sim.ArgMem, Var: name, Disp: disp, Scale: 1}
}
func lbl(name string) sim.Arg { return sim.Arg{Kind: sim.ArgLabel, Label: name} }

var (
	ax = reg(sim.RegAX)
	cx = reg(sim.RegCX)
	dx = reg(sim.RegDX)
	bx = reg(sim.RegBX)
	sp = reg(sim.RegSP)
	bp = reg(sim.RegBP)
)

func (g *gen) emit(op sim.Opcode, a, b sim.Arg) {
	in := sim.Instr{Op: op, A: a, B: b, Line: g.line}
	in.Text = instrText(in)
	g.out = append(g.out, in)
}

func (g *gen) emit1(op sim.Opcode, a sim.Arg) { g.emit(op, a, sim.Arg{}) }

func (g *gen) newLabel() string {
	g.nlabel++
	return fmt.Sprintf(".L%d", g.nlabel)
}

func (g *gen) place(name string) { g.labels[name] = len(g.out) }

// instrText prints an instruction in the lab's assembler syntax.
func instrText(in sim.Instr) string {
	s := in.Op.String()
	if in.Op == sim.OpLib {
		return "call " + sim.LibNames[in.A.Imm]
	}
	if in.A.Kind != sim.ArgNone {
		s += " " + argText(in.A)
	}
	if in.B.Kind != sim.ArgNone {
		s += ", " + argText(in.B)
	}
	return s
}

func argText(a sim.Arg) string {
	switch a.Kind {
	case sim.ArgReg:
		return "%" + a.Reg.String()
	case sim.ArgImm:
		return fmt.Sprintf("$%d", a.Imm)
	case sim.ArgLabel:
		return a.Label
	case sim.ArgMem:
		s := a.Var
		if a.Base == sim.RegZero {
			switch {
			case s == "":
				return fmt.Sprint(a.Disp)
			case a.Disp != 0:
				return fmt.Sprintf("%s+%d", s, a.Disp)
			}
			return s
		}
		if s != "" {
			s += "+"
		}
		return fmt.Sprintf("%s%d(%%%s)", s, a.Disp, a.Base)
	}
	return ""
}

// generate emits the whole program: the start code, the thread start
// code, then every function.
func generate(p *parser) (*sim.Program, *Error) {
	g := &gen{labels: map[string]int{}}
	var main *obj
	for _, f := range p.funcs {
		if f.name == "main" && f.defined {
			main = f
		}
	}
	if main == nil {
		return nil, errAt(1, 1, "c-no-main")
	}
	g.line = main.line
	g.place("_start")
	if len(main.params) > 0 { // main(int argc, char *argv[]): argc 1, argv {name, NULL}
		g.emit(sim.OpMov, imm(0), ax)
		g.emit1(sim.OpPush, ax)
		g.emit(sim.OpLea, gmem(progName, 0), ax)
		g.emit1(sim.OpPush, ax)
		g.emit(sim.OpMov, sp, bx)
		g.emit1(sim.OpPush, bx)
		g.emit(sim.OpMov, imm(1), ax)
		g.emit1(sim.OpPush, ax)
	}
	g.emit1(sim.OpCall, lbl("main"))
	g.emit1(sim.OpPush, ax)
	g.lib("exit")
	g.place(sim.ThreadStart)
	g.line = 0
	g.emit1(sim.OpPush, bx)
	g.emit1(sim.OpCallR, ax)
	g.emit1(sim.OpPush, ax)
	g.lib("pthread_exit")
	for _, f := range p.funcs {
		if !f.defined {
			continue
		}
		g.function(f)
	}
	for _, f := range p.funcs {
		if !f.defined && g.called(f) {
			return nil, errAt(f.line, 1, "c-undefined-function", f.name)
		}
	}
	for i := range g.out {
		for _, a := range []*sim.Arg{&g.out[i].A, &g.out[i].B} {
			if a.Kind == sim.ArgLabel {
				at, ok := g.labels[a.Label]
				if !ok {
					return nil, errAt(g.out[i].Line, 1, "c-undefined-function", a.Label)
				}
				a.Target = at
			}
		}
	}
	if len(g.out) > MaxInstructions {
		return nil, errAt(1, 1, "c-too-many-instrs", len(g.out), MaxInstructions)
	}
	prog := &sim.Program{Name: "main", Instrs: g.out, Labels: map[string]int{}}
	for name, at := range g.labels {
		if name[0] != '.' {
			prog.Labels[name] = at
		}
	}
	return prog, nil
}

// called reports whether a declared-only function is called.
func (g *gen) called(f *obj) bool {
	for _, in := range g.out {
		if in.Op == sim.OpCall && in.A.Label == f.asmName || in.Op == sim.OpLea && in.A.Label == f.asmName {
			return true
		}
	}
	return false
}

func (g *gen) lib(name string) {
	i, ok := sim.LibIndex(name)
	if !ok {
		panic("cc: library function missing from sim.LibNames: " + name)
	}
	g.emit1(sim.OpLib, imm(int64(i)))
}

func (g *gen) libB(name string, b int64) {
	i, _ := sim.LibIndex(name)
	g.emit(sim.OpLib, imm(int64(i)), imm(b))
}

// function emits one function: prologue, body, epilogue.
func (g *gen) function(f *obj) {
	g.fn = f
	var off int64
	for _, l := range f.locals {
		off = alignTo(off+l.ty.size, l.ty.align)
		l.offset = -off
	}
	frame := alignTo(off, 16)
	f.offset = frame
	g.line = f.line
	g.place(f.asmName)
	f.start = len(g.out)
	g.emit1(sim.OpPush, bp)
	g.emit(sim.OpMov, sp, bp)
	if frame > 0 {
		g.emit(sim.OpSub, imm(frame), sp)
	}
	g.stmt(f.body)
	g.line = f.body.end
	if f.name == "main" {
		g.emit(sim.OpMov, imm(0), ax) // main's closing brace returns 0
	}
	g.place(".Lret." + f.asmName)
	g.emit(sim.OpMov, bp, sp)
	g.emit1(sim.OpPop, bp)
	g.emit1(sim.OpRet, sim.Arg{})
	f.end = len(g.out)
	for _, p := range f.params {
		p.start, p.end = f.start, f.end
	}
}

func (g *gen) stmt(n *node) {
	if n.tok != nil && n.kind != ndBlock {
		g.line = n.tok.line
	}
	switch n.kind {
	case ndBlock:
		if n.declHere {
			for _, d := range n.decls {
				d.start = len(g.out)
			}
			return
		}
		for _, s := range n.body {
			g.stmt(s)
		}
		for _, d := range n.decls {
			d.end = len(g.out)
		}
	case ndExprStmt:
		g.exprStmt(n.lhs)
	case ndIf:
		els, end := g.newLabel(), g.newLabel()
		g.branch(n.cond, els, false)
		g.stmt(n.then)
		if n.els != nil {
			g.emit1(sim.OpJmp, lbl(end))
		}
		g.place(els)
		if n.els != nil {
			g.stmt(n.els)
		}
		g.place(end)
	case ndWhile, ndFor:
		top, cont, brk := g.newLabel(), g.newLabel(), g.newLabel()
		g.place(top)
		if n.cond != nil {
			g.line = n.cond.tok.line
			g.branch(n.cond, brk, false)
		}
		g.loop(n.then, brk, cont)
		g.place(cont)
		if n.inc != nil {
			g.line = n.inc.tok.line
			g.exprStmt(n.inc)
		}
		g.emit1(sim.OpJmp, lbl(top))
		g.place(brk)
	case ndDo:
		top, cont, brk := g.newLabel(), g.newLabel(), g.newLabel()
		g.place(top)
		g.loop(n.then, brk, cont)
		g.place(cont)
		g.line = n.cond.tok.line
		g.branch(n.cond, top, true)
		g.place(brk)
	case ndSwitch:
		g.switchStmt(n)
	case ndCase:
		g.place(n.label)
		if n.lhs != nil {
			g.stmt(n.lhs)
		}
	case ndBreak:
		g.emit1(sim.OpJmp, lbl(g.breaks[len(g.breaks)-1]))
	case ndContinue:
		g.emit1(sim.OpJmp, lbl(g.conts[len(g.conts)-1]))
	case ndReturn:
		if n.lhs != nil {
			g.expr(n.lhs)
		}
		g.emit1(sim.OpJmp, lbl(".Lret."+g.fn.asmName))
	}
}

func (g *gen) loop(body *node, brk, cont string) {
	g.breaks = append(g.breaks, brk)
	g.conts = append(g.conts, cont)
	g.stmt(body)
	g.breaks = g.breaks[:len(g.breaks)-1]
	g.conts = g.conts[:len(g.conts)-1]
}

func (g *gen) switchStmt(n *node) {
	g.expr(n.cond)
	brk := g.newLabel()
	def := brk
	for _, c := range n.cases {
		c.label = g.newLabel()
		if c.isDefault {
			def = c.label
			continue
		}
		g.emit(sim.OpTest, imm(c.val), ax)
		g.emit1(sim.OpJe, lbl(c.label))
	}
	g.emit1(sim.OpJmp, lbl(def))
	g.breaks = append(g.breaks, brk)
	g.stmt(n.then)
	g.breaks = g.breaks[:len(g.breaks)-1]
	g.place(brk)
}

// exprStmt evaluates an expression whose value is not used: ++, -- and
// op= on a variable become exactly load, operate, store.
func (g *gen) exprStmt(e *node) {
	switch e.kind {
	case ndPreInc, ndPostInc:
		g.incdec(e, true)
		return
	case ndCompound:
		g.compound(e, true)
		return
	case ndAssign:
		g.assign(e)
		return
	}
	g.expr(e)
}

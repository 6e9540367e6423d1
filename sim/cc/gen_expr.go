package cc

import "procscope/sim"

// direct returns the memory operand of a variable (or a member of one)
// the instruction can name itself: a global by name, a local by %bp.
func (g *gen) direct(n *node) (sim.Arg, bool) {
	switch n.kind {
	case ndVar:
		o := n.obj
		if o.isFunc {
			return sim.Arg{}, false
		}
		if o.local {
			return mem(sim.RegBP, o.offset), true
		}
		return gmem(o.asmName, 0), true
	case ndMember:
		a, ok := g.direct(n.lhs)
		a.Disp += n.mem.offset
		return a, ok
	}
	return sim.Arg{}, false
}

// addr puts the address of an lvalue in %ax.
func (g *gen) addr(n *node) {
	if a, ok := g.direct(n); ok {
		g.emit(sim.OpLea, a, ax)
		return
	}
	switch n.kind {
	case ndVar: // a function
		g.emit(sim.OpLea, lbl(n.obj.asmName), ax)
	case ndDeref:
		g.expr(n.lhs)
	case ndMember:
		g.addr(n.lhs)
		if n.mem.offset != 0 {
			g.emit(sim.OpAdd, imm(n.mem.offset), ax)
		}
	default:
		g.expr(n) // a function designator through a pointer
	}
}

// load reads a value of type t from src into %ax; an array, struct or
// function "value" is its address.
func (g *gen) load(t *Type, src sim.Arg) {
	switch {
	case t.kind == tyArray || t.kind == tyStruct || t.kind == tyFunc:
		if src.Kind == sim.ArgMem && src.Base == sim.RegAX && src.Disp == 0 && src.Var == "" {
			return
		}
		g.emit(sim.OpLea, src, ax)
	case t.size == 1 && t.unsigned:
		g.emit(sim.OpMovzb, src, ax)
	case t.size == 1:
		g.emit(sim.OpMovsb, src, ax)
	case t.size == 2 && t.unsigned:
		g.emit(sim.OpMovzw, src, ax)
	case t.size == 2:
		g.emit(sim.OpMovsw, src, ax)
	case t.size == 4 && t.unsigned:
		g.emit(sim.OpMovzl, src, ax)
	case t.size == 4:
		g.emit(sim.OpMovsl, src, ax)
	default:
		g.emit(sim.OpMov, src, ax)
	}
}

// store writes register r to dst as type t (truncating).
func (g *gen) store(t *Type, r, dst sim.Arg) {
	switch t.size {
	case 1:
		g.emit(sim.OpMovb, r, dst)
	case 2:
		g.emit(sim.OpMovw, r, dst)
	case 4:
		g.emit(sim.OpMovl, r, dst)
	default:
		g.emit(sim.OpMov, r, dst)
	}
}

// normalize brings %ax back into type t's range after arithmetic.
func (g *gen) normalize(t *Type) {
	switch {
	case t.kind == tyBool:
		g.toBool()
	case t.size == 1 && t.unsigned:
		g.emit(sim.OpMovzb, ax, ax)
	case t.size == 1:
		g.emit(sim.OpMovsb, ax, ax)
	case t.size == 2 && t.unsigned:
		g.emit(sim.OpMovzw, ax, ax)
	case t.size == 2:
		g.emit(sim.OpMovsw, ax, ax)
	case t.size == 4 && t.unsigned:
		g.emit(sim.OpMovzl, ax, ax)
	case t.size == 4:
		g.emit(sim.OpMovsl, ax, ax)
	}
}

// toBool turns %ax into 0 or 1.
func (g *gen) toBool() {
	yes, end := g.newLabel(), g.newLabel()
	g.emit(sim.OpTest, imm(0), ax)
	g.emit1(sim.OpJne, lbl(yes))
	g.emit(sim.OpMov, imm(0), ax)
	g.emit1(sim.OpJmp, lbl(end))
	g.place(yes)
	g.emit(sim.OpMov, imm(1), ax)
	g.place(end)
}

// convert converts %ax from type from to type to.
func (g *gen) convert(from, to *Type) {
	switch {
	case to.kind == tyVoid || to.kind == tyPtr || to.kind == tyArray:
	case to.kind == tyBool:
		if from.kind != tyBool {
			g.toBool()
		}
	case to.size == 8:
		// a 4-byte unsigned is already zero-extended, a signed one
		// sign-extended: widening changes nothing
	case to.size < from.size || to.size == from.size && to.unsigned != from.unsigned || from.kind == tyPtr:
		g.normalize(to)
	case to.size > from.size && to.unsigned != from.unsigned && !from.unsigned:
		g.normalize(to) // e.g. char -1 to unsigned int
	}
}

var arith = map[nodeKind][2]sim.Opcode{
	ndAdd: {sim.OpAdd, sim.OpAdd}, ndSub: {sim.OpSub, sim.OpSub}, ndMul: {sim.OpMul, sim.OpMul},
	ndDiv: {sim.OpDiv, sim.OpDivu}, ndMod: {sim.OpRem, sim.OpRemu}, ndBitAnd: {sim.OpAnd, sim.OpAnd},
	ndBitOr: {sim.OpOr, sim.OpOr}, ndBitXor: {sim.OpXor, sim.OpXor}, ndShl: {sim.OpShl, sim.OpShl},
	ndShr: {sim.OpSar, sim.OpShr},
}

func arithOp(k nodeKind, unsigned bool) sim.Opcode {
	ops := arith[k]
	if unsigned {
		return ops[1]
	}
	return ops[0]
}

// needsNormal says whether op's result may leave a 4-byte type's range.
func needsNormal(k nodeKind) bool { return k == ndAdd || k == ndSub || k == ndMul || k == ndShl }

// expr evaluates n into %ax.
func (g *gen) expr(n *node) {
	switch n.kind {
	case ndNum:
		g.emit(sim.OpMov, imm(n.val), ax)
	case ndVar, ndMember, ndDeref:
		if a, ok := g.direct(n); ok {
			g.load(n.ty, a)
			return
		}
		if n.kind == ndVar { // a function: its address
			g.addr(n)
			return
		}
		g.addr(n)
		g.load(n.ty, mem(sim.RegAX, 0))
	case ndAddr:
		g.addr(n.lhs)
	case ndAdd, ndSub, ndMul, ndDiv, ndMod, ndBitAnd, ndBitOr, ndBitXor, ndShl, ndShr:
		g.binary(n)
	case ndEq, ndNe, ndLt, ndLe, ndLogAnd, ndLogOr, ndNot:
		yes, end := g.newLabel(), g.newLabel()
		g.branch(n, yes, true)
		g.emit(sim.OpMov, imm(0), ax)
		g.emit1(sim.OpJmp, lbl(end))
		g.place(yes)
		g.emit(sim.OpMov, imm(1), ax)
		g.place(end)
	case ndNeg:
		g.expr(n.lhs)
		g.emit1(sim.OpNeg, ax)
		g.normalize(n.ty)
	case ndBitNot:
		g.expr(n.lhs)
		g.emit1(sim.OpNot, ax)
		g.normalize(n.ty)
	case ndAssign:
		g.assign(n)
	case ndCompound:
		g.compound(n, false)
	case ndPreInc, ndPostInc:
		g.incdec(n, false)
	case ndCast:
		g.expr(n.lhs)
		g.convert(n.lhs.ty, n.ty)
	case ndCond:
		els, end := g.newLabel(), g.newLabel()
		g.branch(n.cond, els, false)
		g.expr(n.then)
		g.emit1(sim.OpJmp, lbl(end))
		g.place(els)
		g.expr(n.els)
		g.place(end)
	case ndComma:
		g.exprStmt(n.lhs)
		g.expr(n.rhs)
	case ndCall:
		g.call(n)
	case ndFetchAdd:
		g.fetchAdd(n)
	case ndMemZero:
		g.memZero(n.lhs)
	}
}

// binary evaluates an arithmetic operation: lhs in %ax, rhs an
// immediate or in %cx.
func (g *gen) binary(n *node) {
	op := arithOp(n.kind, n.ty.unsigned)
	g.expr(n.lhs)
	if n.rhs.kind == ndNum {
		g.emit(op, imm(n.rhs.val), ax)
	} else {
		g.emit1(sim.OpPush, ax)
		g.expr(n.rhs)
		g.emit(sim.OpMov, ax, cx)
		g.emit1(sim.OpPop, ax)
		g.emit(op, cx, ax)
	}
	if needsNormal(n.kind) && n.ty.size < 8 {
		g.normalize(n.ty)
	}
}

// branch jumps to label when n's truth equals when.
func (g *gen) branch(n *node, label string, when bool) {
	switch n.kind {
	case ndLogAnd, ndLogOr:
		and := n.kind == ndLogAnd
		if and != when { // (a && b) false, or (a || b) true: either side decides
			g.branch(n.lhs, label, when)
			g.branch(n.rhs, label, when)
			return
		}
		skip := g.newLabel()
		g.branch(n.lhs, skip, !when)
		g.branch(n.rhs, label, when)
		g.place(skip)
		return
	case ndNot:
		g.branch(n.lhs, label, !when)
		return
	case ndEq, ndNe, ndLt, ndLe:
		test := sim.OpTest
		if n.val == 1 {
			test = sim.OpTestu
		}
		g.expr(n.lhs)
		if n.rhs.kind == ndNum {
			g.emit(test, imm(n.rhs.val), ax)
		} else if n.rhs.kind == ndCast && n.rhs.lhs.kind == ndNum && n.rhs.ty.kind == tyPtr {
			g.emit(test, imm(n.rhs.lhs.val), ax)
		} else {
			g.emit1(sim.OpPush, ax)
			g.expr(n.rhs)
			g.emit(sim.OpMov, ax, cx)
			g.emit1(sim.OpPop, ax)
			g.emit(test, cx, ax)
		}
		jumps := map[nodeKind][2]sim.Opcode{ndEq: {sim.OpJne, sim.OpJe}, ndNe: {sim.OpJe, sim.OpJne},
			ndLt: {sim.OpJgte, sim.OpJlt}, ndLe: {sim.OpJgt, sim.OpJlte}}
		j := jumps[n.kind][0]
		if when {
			j = jumps[n.kind][1]
		}
		g.emit1(j, lbl(label))
		return
	}
	g.expr(n)
	g.emit(sim.OpTest, imm(0), ax)
	if when {
		g.emit1(sim.OpJne, lbl(label))
	} else {
		g.emit1(sim.OpJe, lbl(label))
	}
}

// assign stores the right side into the left; %ax keeps the value.
func (g *gen) assign(n *node) {
	if n.ty.kind == tyStruct {
		g.copyStruct(n)
		return
	}
	if a, ok := g.direct(n.lhs); ok {
		g.expr(n.rhs)
		g.store(n.ty, ax, a)
		return
	}
	g.addr(n.lhs)
	g.emit1(sim.OpPush, ax)
	g.expr(n.rhs)
	g.emit1(sim.OpPop, cx)
	g.store(n.ty, ax, mem(sim.RegCX, 0))
}

// copyStruct copies a struct value address by address (memcpy).
func (g *gen) copyStruct(n *node) {
	g.emit(sim.OpMov, imm(n.ty.size), ax)
	g.emit1(sim.OpPush, ax)
	g.addr(n.rhs)
	g.emit1(sim.OpPush, ax)
	g.addr(n.lhs)
	g.emit1(sim.OpPush, ax)
	g.lib("memcpy")
	g.emit(sim.OpAdd, imm(24), sp)
}

func (g *gen) memZero(n *node) {
	g.emit(sim.OpMov, imm(n.ty.size), ax)
	g.emit1(sim.OpPush, ax)
	g.emit(sim.OpMov, imm(0), ax)
	g.emit1(sim.OpPush, ax)
	g.addr(n)
	g.emit1(sim.OpPush, ax)
	g.lib("memset")
	g.emit(sim.OpAdd, imm(24), sp)
}

// target finds the operand an update writes: a variable directly, or
// the address in %dx.
func (g *gen) target(lhs *node) sim.Arg {
	if a, ok := g.direct(lhs); ok {
		return a
	}
	g.addr(lhs)
	g.emit(sim.OpMov, ax, dx)
	return mem(sim.RegDX, 0)
}

// incdec is ++ and --. As a statement on a variable it is exactly a
// load, an add and a store: the race in counter++ shows.
func (g *gen) incdec(n *node, discard bool) {
	t := g.target(n.lhs)
	g.load(n.ty, t)
	if discard || n.kind == ndPreInc {
		g.emit(sim.OpAdd, imm(n.val), ax)
		g.store(n.ty, ax, t)
		if !discard && n.ty.size < 8 {
			g.normalize(n.ty)
		}
		return
	}
	g.emit(sim.OpMov, ax, cx)
	g.emit(sim.OpAdd, imm(n.val), cx)
	g.store(n.ty, cx, t)
}

// compound is lhs op= rhs, computed in the operation's type.
func (g *gen) compound(n *node, discard bool) {
	op := arithOp(n.op, n.val == 1)
	if n.rhs.kind == ndNum {
		t := g.target(n.lhs)
		g.load(n.ty, t)
		g.emit(op, imm(n.rhs.val), ax)
		g.store(n.ty, ax, t)
	} else if a, ok := g.direct(n.lhs); ok {
		g.expr(n.rhs)
		g.emit(sim.OpMov, ax, cx)
		g.load(n.ty, a)
		g.emit(op, cx, ax)
		g.store(n.ty, ax, a)
	} else {
		g.addr(n.lhs)
		g.emit1(sim.OpPush, ax)
		g.expr(n.rhs)
		g.emit(sim.OpMov, ax, cx)
		g.emit1(sim.OpPop, dx)
		g.load(n.ty, mem(sim.RegDX, 0))
		g.emit(op, cx, ax)
		g.store(n.ty, ax, mem(sim.RegDX, 0))
	}
	if !discard && n.ty.size < 8 {
		g.normalize(n.ty)
	}
}

// fetchAdd is one fetchadd instruction on the object.
func (g *gen) fetchAdd(n *node) {
	if n.lhs.kind == ndAddr {
		if a, ok := g.direct(n.lhs.lhs); ok {
			g.expr(n.rhs)
			g.emit(sim.OpFetchAdd, ax, a)
			g.normalize(n.ty)
			return
		}
	}
	g.expr(n.lhs)
	g.emit1(sim.OpPush, ax)
	g.expr(n.rhs)
	g.emit1(sim.OpPop, cx)
	g.emit(sim.OpFetchAdd, ax, mem(sim.RegCX, 0))
	g.normalize(n.ty)
}

// call pushes the arguments right to left, calls, and pops them.
func (g *gen) call(n *node) {
	for i := len(n.args) - 1; i >= 0; i-- {
		g.expr(n.args[i])
		g.emit1(sim.OpPush, ax)
	}
	switch {
	case n.lib != "":
		g.libCall(n.lib)
	case n.fn != nil:
		g.emit1(sim.OpCall, lbl(n.fn.asmName))
	default:
		g.expr(n.fnExpr)
		g.emit1(sim.OpCallR, ax)
	}
	if len(n.args) > 0 {
		g.emit(sim.OpAdd, imm(8*int64(len(n.args))), sp)
	}
}

// libCall emits a library call, with the companion instruction the
// blocking calls that return values through pointers need.
func (g *gen) libCall(name string) {
	switch name {
	case "wait":
		g.libB("wait", -1)
		g.libB("__wait_status", 0)
	case "waitpid":
		g.libB("waitpid", 0)
		g.libB("__wait_status", 1)
	case "pthread_join":
		g.lib("pthread_join")
		g.lib("__join_value")
	default:
		g.lib(name)
	}
}

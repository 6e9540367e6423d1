package cc

import "sort"

func num(v int64, tok *token) *node { return &node{kind: ndNum, val: v, ty: tInt, tok: tok} }

func numTyped(v int64, ty *Type, tok *token) *node {
	return &node{kind: ndNum, val: v, ty: ty, tok: tok}
}

// expr is a comma expression.
func (p *parser) expr() *node {
	n := p.assign()
	for p.is(",") {
		tok := p.tok()
		p.pos++
		r := p.assign()
		n = &node{kind: ndComma, lhs: n, rhs: r, ty: r.ty, tok: tok}
	}
	return n
}

var compoundOps = map[string]nodeKind{"+=": ndAdd, "-=": ndSub, "*=": ndMul, "/=": ndDiv, "%=": ndMod,
	"&=": ndBitAnd, "|=": ndBitOr, "^=": ndBitXor, "<<=": ndShl, ">>=": ndShr}

func (p *parser) assign() *node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.errTok(p.tok(), "c-too-deep")
	}
	n := p.conditional()
	tok := p.tok()
	if p.consume("=") {
		return p.newAssign(tok, n, p.assign())
	}
	if tok.kind == tkPunct {
		if op, ok := compoundOps[tok.text]; ok {
			p.pos++
			rhs := p.assign()
			p.checkLvalue(n, tok)
			// type-check lhs op rhs as a binary expression
			probe := p.binary(op, tok, &node{kind: ndNum, ty: n.ty, tok: tok}, rhs)
			if n.ty.kind == tyPtr && (op == ndAdd || op == ndSub) {
				rhs = &node{kind: ndMul, lhs: p.convert(rhs, tLong, tok), rhs: numTyped(n.ty.base.size, tLong, tok), ty: tLong, tok: tok}
			} else {
				rhs = p.convert(rhs, probe.ty, tok)
			}
			return &node{kind: ndCompound, op: op, lhs: n, rhs: rhs, ty: n.ty, tok: tok, val: boolInt(probe.ty.unsigned)}
		}
	}
	return n
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// checkLvalue refuses to assign to what is not an object, or is const.
func (p *parser) checkLvalue(n *node, tok *token) {
	switch n.kind {
	case ndVar:
		if n.ty.kind == tyArray || n.ty.kind == tyFunc {
			p.errTok(tok, "c-not-lvalue", "'"+tok.text+"'")
		}
		if n.ty.konst {
			p.errTok(tok, "c-const-assign", n.obj.name)
		}
	case ndDeref, ndMember:
		if n.ty.konst || n.ty.kind == tyArray {
			p.errTok(tok, "c-not-lvalue", "'"+tok.text+"'")
		}
	default:
		p.errTok(tok, "c-not-lvalue", "'"+tok.text+"'")
	}
}

func (p *parser) newAssign(tok *token, lhs, rhs *node) *node {
	if tok.text == "=" {
		p.checkLvalue(lhs, tok)
	}
	if lhs.ty.kind == tyStruct {
		if !compatible(lhs.ty, rhs.ty) {
			p.errTok(tok, "c-bad-operands", "=", lhs.ty.String(), rhs.ty.String())
		}
		return &node{kind: ndAssign, lhs: lhs, rhs: rhs, ty: lhs.ty, tok: tok}
	}
	return &node{kind: ndAssign, lhs: lhs, rhs: p.convert(rhs, lhs.ty, tok), ty: lhs.ty, tok: tok}
}

// convert converts e to type t for an assignment, an argument or a
// return, refusing what C refuses.
func (p *parser) convert(e *node, t *Type, tok *token) *node {
	if e.ty.kind == tyVoid {
		p.errTok(tok, "c-void-value")
	}
	if t.kind == tyStruct || e.ty.kind == tyStruct {
		if !compatible(t, e.ty) {
			p.errTok(tok, "c-bad-operands", describe(tok), t.String(), e.ty.String())
		}
		p.errTok(tok, "c-struct-value", describe(tok))
	}
	if t.kind == tyPtr && e.ty.isInteger() && !(e.kind == ndNum && e.val == 0) {
		p.errTok(tok, "c-bad-operands", describe(tok), t.String(), e.ty.String())
	}
	if t.isInteger() && e.ty.isPointer() && t.kind != tyBool {
		p.errTok(tok, "c-bad-operands", describe(tok), t.String(), e.ty.String())
	}
	return cast(e, t)
}

// cast wraps e in a conversion to t (none if it changes nothing).
func cast(e *node, t *Type) *node {
	if e.ty == t {
		return e
	}
	if e.kind == ndNum && t.isInteger() {
		return &node{kind: ndNum, val: truncate(e.val, t), ty: t, tok: e.tok}
	}
	return &node{kind: ndCast, lhs: e, ty: t, tok: e.tok}
}

func (p *parser) conditional() *node {
	c := p.binaryLevel(0)
	if !p.is("?") {
		return c
	}
	tok := p.tok()
	p.pos++
	a := p.expr()
	p.expect(":")
	b := p.conditional()
	n := &node{kind: ndCond, cond: c, tok: tok}
	switch {
	case a.ty.isInteger() && b.ty.isInteger():
		n.ty = common(a.ty, b.ty)
		a, b = cast(a, n.ty), cast(b, n.ty)
	case a.ty.isPointer():
		n.ty = pointerTo(a.ty.base)
	case b.ty.isPointer():
		n.ty = pointerTo(b.ty.base)
	default:
		n.ty = a.ty
	}
	n.then, n.els = a, b
	return n
}

// binary operator levels, lowest precedence first.
var levels = [][]string{{"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", "<=", ">", ">="}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"}}

var binOps = map[string]nodeKind{"||": ndLogOr, "&&": ndLogAnd, "|": ndBitOr, "^": ndBitXor, "&": ndBitAnd,
	"==": ndEq, "!=": ndNe, "<": ndLt, "<=": ndLe, ">": ndLt, ">=": ndLe, "<<": ndShl, ">>": ndShr,
	"+": ndAdd, "-": ndSub, "*": ndMul, "/": ndDiv, "%": ndMod}

func (p *parser) binaryLevel(l int) *node {
	if l == len(levels) {
		return p.castExpr()
	}
	n := p.binaryLevel(l + 1)
	for {
		tok := p.tok()
		found := false
		for _, op := range levels[l] {
			if tok.kind == tkPunct && tok.text == op {
				found = true
			}
		}
		if !found {
			return n
		}
		p.pos++
		r := p.binaryLevel(l + 1)
		if tok.text == ">" || tok.text == ">=" {
			n, r = r, n
		}
		n = p.binary(binOps[tok.text], tok, n, r)
	}
}

// binary types one binary operation, inserting the conversions C makes
// and scaling pointer arithmetic by the pointee's size.
func (p *parser) binary(op nodeKind, tok *token, l, r *node) *node {
	if l.ty.kind == tyVoid || r.ty.kind == tyVoid {
		p.errTok(tok, "c-void-value")
	}
	bad := func() { p.errTok(tok, "c-bad-operands", "'"+tok.text+"'", l.ty.String(), r.ty.String()) }
	switch op {
	case ndLogAnd, ndLogOr:
		if !l.ty.isScalar() && l.ty.kind != tyArray || !r.ty.isScalar() && r.ty.kind != tyArray {
			bad()
		}
		return &node{kind: op, lhs: l, rhs: r, ty: tInt, tok: tok}
	case ndAdd, ndSub:
		if l.ty.isInteger() && r.ty.isInteger() {
			break
		}
		if op == ndAdd && l.ty.isInteger() && r.ty.isPointer() {
			l, r = r, l
		}
		if l.ty.isPointer() && r.ty.isInteger() {
			if !l.ty.base.complete || l.ty.base.kind == tyVoid {
				p.errTok(tok, "c-incomplete", l.ty.base.String())
			}
			scaled := &node{kind: ndMul, lhs: cast(r, tLong), rhs: numTyped(l.ty.base.size, tLong, tok), ty: tLong, tok: tok}
			return &node{kind: op, lhs: l, rhs: scaled, ty: pointerTo(l.ty.base), tok: tok}
		}
		if op == ndSub && l.ty.isPointer() && r.ty.isPointer() {
			diff := &node{kind: ndSub, lhs: l, rhs: r, ty: tLong, tok: tok}
			return &node{kind: ndDiv, lhs: diff, rhs: numTyped(l.ty.base.size, tLong, tok), ty: tLong, tok: tok}
		}
		bad()
	case ndEq, ndNe, ndLt, ndLe:
		if l.ty.isPointer() && r.ty.isPointer() || l.ty.isPointer() && r.kind == ndNum && r.val == 0 ||
			r.ty.isPointer() && l.kind == ndNum && l.val == 0 {
			return &node{kind: op, lhs: l, rhs: r, ty: tInt, tok: tok, val: 1}
		}
		if !l.ty.isInteger() || !r.ty.isInteger() {
			bad()
		}
		c := common(l.ty, r.ty)
		return &node{kind: op, lhs: cast(l, c), rhs: cast(r, c), ty: tInt, tok: tok, val: boolInt(c.unsigned)}
	}
	if !l.ty.isInteger() || !r.ty.isInteger() {
		bad()
	}
	if op == ndShl || op == ndShr {
		t := promote(l.ty)
		return &node{kind: op, lhs: cast(l, t), rhs: cast(r, tLong), ty: t, tok: tok}
	}
	c := common(l.ty, r.ty)
	return &node{kind: op, lhs: cast(l, c), rhs: cast(r, c), ty: c, tok: tok}
}

func (p *parser) castExpr() *node {
	if p.is("(") && p.isTypeNameAt(p.pos+1) {
		tok := p.tok()
		p.pos++
		t := p.typeName()
		p.expect(")")
		if p.is("{") {
			p.errTok(tok, "c-unsupported", "a compound literal")
		}
		e := p.castExpr()
		return p.explicitCast(e, t, tok)
	}
	return p.unary()
}

func (p *parser) isTypeNameAt(i int) bool {
	save := p.pos
	p.pos = i
	ok := p.isTypeName()
	p.pos = save
	return ok
}

// explicitCast is a cast the program wrote. Pointer casts that would read
// an object's bytes through another type are refused: the model keeps
// one value per address.
func (p *parser) explicitCast(e *node, t *Type, tok *token) *node {
	if e.ty.kind == tyVoid && t.kind != tyVoid {
		p.errTok(tok, "c-void-value")
	}
	if t.kind == tyStruct || t.kind == tyArray || e.ty.kind == tyStruct {
		p.errTok(tok, "c-bad-operands", "a cast", e.ty.String(), t.String())
	}
	if t.kind == tyPtr && e.ty.isPointer() {
		from, to := e.ty.base, t.base
		if from.kind != tyVoid && to.kind != tyVoid && from.size != to.size && from.kind != tyFunc && to.kind != tyFunc {
			p.errTok(tok, "c-byte-alias", e.ty.String(), t.String())
		}
	}
	if t.kind == tyVoid {
		return &node{kind: ndCast, lhs: e, ty: tVoid, tok: tok}
	}
	return cast(e, t)
}

func (p *parser) unary() *node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.errTok(p.tok(), "c-too-deep")
	}
	tok := p.tok()
	switch {
	case p.consume("+"):
		e := p.castExpr()
		p.needInteger(e, tok)
		return cast(e, promote(e.ty))
	case p.consume("-"):
		e := p.castExpr()
		p.needInteger(e, tok)
		t := promote(e.ty)
		if e.kind == ndNum {
			return numTyped(truncate(-e.val, t), t, tok)
		}
		return &node{kind: ndNeg, lhs: cast(e, t), ty: t, tok: tok}
	case p.consume("!"):
		e := p.castExpr()
		if !e.ty.isScalar() && e.ty.kind != tyArray {
			p.errTok(tok, "c-bad-operands", "'!'", e.ty.String(), "int")
		}
		return &node{kind: ndNot, lhs: e, ty: tInt, tok: tok}
	case p.consume("~"):
		e := p.castExpr()
		p.needInteger(e, tok)
		t := promote(e.ty)
		return &node{kind: ndBitNot, lhs: cast(e, t), ty: t, tok: tok}
	case p.consume("&"):
		e := p.castExpr()
		if e.kind != ndVar && e.kind != ndDeref && e.kind != ndMember {
			p.errTok(tok, "c-not-lvalue", "'&'")
		}
		if e.kind == ndDeref {
			return cast(e.lhs, pointerTo(e.ty))
		}
		return &node{kind: ndAddr, lhs: e, ty: pointerTo(e.ty), tok: tok}
	case p.consume("*"):
		e := p.castExpr()
		return p.deref(e, tok)
	case p.consume("++"), p.consume("--"):
		e := p.unary()
		return p.incdec(ndPreInc, e, tok)
	case p.consume("sizeof"):
		if p.is("(") && p.isTypeNameAt(p.pos+1) {
			p.pos++
			t := p.typeName()
			p.expect(")")
			if !t.complete {
				p.errTok(tok, "c-incomplete", t.String())
			}
			return numTyped(t.size, tSizeT, tok)
		}
		e := p.unary()
		if !e.ty.complete || e.ty.kind == tyFunc {
			p.errTok(tok, "c-incomplete", e.ty.String())
		}
		return numTyped(e.ty.size, tSizeT, tok)
	}
	return p.postfix()
}

func (p *parser) needInteger(e *node, tok *token) {
	if !e.ty.isInteger() {
		p.errTok(tok, "c-bad-operands", "'"+tok.text+"'", e.ty.String(), "int")
	}
}

func (p *parser) deref(e *node, tok *token) *node {
	if !e.ty.isPointer() {
		p.errTok(tok, "c-not-pointer", "'"+tok.text+"'", e.ty.String())
	}
	if e.ty.base.kind == tyVoid {
		p.errTok(tok, "c-void-value")
	}
	if e.ty.base.kind == tyFunc {
		return e
	}
	return &node{kind: ndDeref, lhs: e, ty: e.ty.base, tok: tok}
}

// incdec builds ++/--: the step is the pointee's size for a pointer.
func (p *parser) incdec(k nodeKind, e *node, tok *token) *node {
	p.checkLvalue(e, tok)
	if !e.ty.isScalar() {
		p.errTok(tok, "c-bad-operands", "'"+tok.text+"'", e.ty.String(), "int")
	}
	step := int64(1)
	if e.ty.kind == tyPtr {
		step = e.ty.base.size
	}
	if tok.text == "--" {
		step = -step
	}
	return &node{kind: k, lhs: e, val: step, ty: e.ty, tok: tok}
}

func (p *parser) postfix() *node {
	n := p.primary()
	for {
		tok := p.tok()
		switch {
		case p.consume("["):
			idx := p.expr()
			p.expect("]")
			if !n.ty.isPointer() && idx.ty.isPointer() {
				n, idx = idx, n
			}
			if !n.ty.isPointer() {
				p.errTok(tok, "c-not-pointer", "'[]'", n.ty.String())
			}
			n = p.deref(p.binary(ndAdd, tok, n, idx), tok)
		case p.consume("."):
			n = p.member(n, tok)
		case p.consume("->"):
			n = p.member(p.deref(n, tok), tok)
		case p.consume("++"), p.consume("--"):
			n = p.incdec(ndPostInc, n, tok)
		case p.is("("):
			n = p.callPointer(n, tok)
		default:
			return n
		}
	}
}

func (p *parser) member(n *node, tok *token) *node {
	name := p.ident()
	if n.ty.kind != tyStruct {
		p.errTok(tok, "c-not-struct", tok.text, n.ty.String())
	}
	for _, m := range n.ty.members {
		if m.name == name.text {
			t := m.ty
			if n.ty.konst && !t.konst {
				t = t.withConst()
			}
			return &node{kind: ndMember, lhs: n, mem: m, ty: t, tok: name}
		}
	}
	p.errTok(name, "c-no-member", n.ty.String(), name.text)
	return nil
}

func (p *parser) primary() *node {
	tok := p.tok()
	switch tok.kind {
	case tkNum:
		p.pos++
		t := tInt
		switch {
		case tok.unsigned && tok.long:
			t = tULong
		case tok.long:
			t = tLong
		case tok.unsigned:
			t = tUInt
		}
		return numTyped(tok.val, t, tok)
	case tkStr:
		p.pos++
		return p.stringLiteral(tok)
	case tkIdent:
		return p.identifier()
	}
	if p.consume("(") {
		n := p.expr()
		p.expect(")")
		return n
	}
	p.errTok(tok, "c-expected", "an expression", describe(tok))
	return nil
}

// stringLiteral places the string in .rodata as gcc does (.LC0, .LC1 ...).
func (p *parser) stringLiteral(tok *token) *node {
	ty := arrayOf(tChar, int64(len(tok.str))+1)
	o := &obj{name: "", asmName: ".LC" + itoa(p.literals), ty: ty, line: tok.line, literal: true, static: true, hasInit: true}
	p.literals++
	for i, b := range tok.str {
		o.init = append(o.init, initVal{offset: int64(i), size: 1, val: int64(int8(b))})
	}
	p.globals = append(p.globals, o)
	return &node{kind: ndVar, obj: o, ty: ty, tok: tok}
}

// identifier resolves a name: a variable or function in scope, a library
// constant, macro or function, or an error with a suggestion.
func (p *parser) identifier() *node {
	tok := p.tok()
	name := tok.text
	p.pos++
	if o := p.lookup(name); o != nil {
		if o.isFunc && p.is("(") {
			return p.call(o, nil, tok)
		}
		return &node{kind: ndVar, obj: o, ty: o.ty, tok: tok}
	}
	if v, ok := libConstants[name]; ok {
		return num(v, tok)
	}
	switch name {
	case "NULL":
		return &node{kind: ndCast, lhs: num(0, tok), ty: tVoidPtr, tok: tok}
	case "MAP_FAILED":
		return &node{kind: ndCast, lhs: num(-1, tok), ty: tVoidPtr, tok: tok}
	case "stdin", "stdout", "stderr":
		p.needHeader(name, "stdio.h", tok)
		v := map[string]int64{"stdin": 0, "stdout": 1, "stderr": 2}[name]
		return &node{kind: ndCast, lhs: numTyped(v, tLong, tok), ty: pointerTo(tFile), tok: tok}
	case "WIFEXITED", "WEXITSTATUS", "WIFSIGNALED", "WTERMSIG":
		return p.waitMacro(name, tok)
	case "atomic_fetch_add", "__sync_fetch_and_add", "atomic_fetch_sub", "__sync_fetch_and_sub":
		return p.fetchAdd(name, tok)
	}
	if f, ok := libFuncs[name]; ok {
		p.needHeader(name, f.header, tok)
		if !p.is("(") {
			p.errTok(tok, "c-unsupported", "taking the address of library function "+name)
		}
		return p.call(&obj{name: name, ty: f.ty, isFunc: true}, nil, tok)
	}
	if refusedFuncs[name] {
		p.errTok(tok, "c-unsupported", name)
	}
	if s := p.suggest(name); s != "" {
		p.errTok(tok, "c-undeclared-suggest", name, s)
	}
	p.errTok(tok, "c-undeclared", name)
	return nil
}

func (p *parser) needHeader(name, header string, tok *token) {
	if !p.pp.included[header] {
		p.errTok(tok, "c-needs-header", name, header, header)
	}
}

// waitMacro expands sys/wait.h's status macros over Linux's encoding.
func (p *parser) waitMacro(name string, tok *token) *node {
	p.needHeader(name, "sys/wait.h", tok)
	p.expect("(")
	s := cast(p.assign(), tInt)
	p.expect(")")
	and := func(a *node, m int64) *node {
		return &node{kind: ndBitAnd, lhs: a, rhs: num(m, tok), ty: tInt, tok: tok}
	}
	switch name {
	case "WIFEXITED": // (s & 0x7f) == 0
		return &node{kind: ndEq, lhs: and(s, 0x7f), rhs: num(0, tok), ty: tInt, tok: tok}
	case "WEXITSTATUS": // (s >> 8) & 0xff
		return and(&node{kind: ndShr, lhs: s, rhs: numTyped(8, tLong, tok), ty: tInt, tok: tok}, 0xff)
	case "WTERMSIG":
		return and(s, 0x7f)
	}
	// WIFSIGNALED: (s & 0x7f) != 0 && (s & 0x7f) != 0x7f
	a := &node{kind: ndNe, lhs: and(s, 0x7f), rhs: num(0, tok), ty: tInt, tok: tok}
	b := &node{kind: ndNe, lhs: and(s, 0x7f), rhs: num(0x7f, tok), ty: tInt, tok: tok}
	return &node{kind: ndLogAnd, lhs: a, rhs: b, ty: tInt, tok: tok}
}

// fetchAdd is an atomic fetch-and-add on an integer object: one fetchadd
// instruction.
func (p *parser) fetchAdd(name string, tok *token) *node {
	if name[0] == 'a' {
		p.needHeader(name, "stdatomic.h", tok)
	}
	p.expect("(")
	ptr := p.assign()
	p.expect(",")
	v := p.assign()
	p.expect(")")
	if !ptr.ty.isPointer() || !ptr.ty.base.isInteger() {
		p.errTok(tok, "c-not-pointer", name, ptr.ty.String())
	}
	if !v.ty.isInteger() {
		p.errTok(tok, "c-bad-operands", name, ptr.ty.String(), v.ty.String())
	}
	if name[len(name)-3:] == "sub" {
		v = &node{kind: ndNeg, lhs: cast(v, tLong), ty: tLong, tok: tok}
	}
	return &node{kind: ndFetchAdd, lhs: ptr, rhs: cast(v, tLong), ty: ptr.ty.base, tok: tok}
}

// callPointer calls through an expression of function-pointer type.
func (p *parser) callPointer(fnExpr *node, tok *token) *node {
	t := fnExpr.ty
	if t.kind == tyPtr && t.base.kind == tyFunc {
		t = t.base
	}
	if t.kind != tyFunc {
		p.errTok(tok, "c-not-function", describe(fnExpr.tok))
	}
	return p.call(&obj{name: fnExpr.tok.text, ty: t, isFunc: true}, fnExpr, tok)
}

// call reads the arguments and checks them against the function's type.
func (p *parser) call(f *obj, fnExpr *node, tok *token) *node {
	p.expect("(")
	var args []*node
	for !p.consume(")") {
		if len(args) > 0 {
			p.expect(",")
		}
		args = append(args, p.assign())
		if len(args) > 64 {
			p.errTok(tok, "c-too-deep")
		}
	}
	ft := f.ty
	switch {
	case ft.variadic && len(args) < len(ft.params):
		p.errTok(tok, "c-arg-count-min", f.name, len(ft.params), len(args))
	case !ft.variadic && !ft.oldStyle && len(args) != len(ft.params):
		p.errTok(tok, "c-arg-count", f.name, len(ft.params), len(args))
	}
	for i, a := range args {
		if a.ty.kind == tyStruct {
			p.errTok(a.tok, "c-struct-value", f.name)
		}
		if i < len(ft.params) {
			args[i] = p.convert(a, ft.params[i], a.tok)
		} else {
			args[i] = cast(a, promote(a.ty)) // default argument promotions
		}
	}
	n := &node{kind: ndCall, args: args, ty: ft.ret, tok: tok}
	switch {
	case fnExpr != nil:
		n.fnExpr = fnExpr
	case f.body == nil && !f.defined && p.lookup(f.name) != f:
		n.lib = f.name
	default:
		n.fn = f
	}
	return n
}

// suggest finds the visible name closest to name (did you mean?).
func (p *parser) suggest(name string) string {
	var cands []string
	for _, s := range p.scopes {
		for k := range s.vars {
			cands = append(cands, k)
		}
	}
	for k := range libFuncs {
		if p.pp.included[libFuncs[k].header] {
			cands = append(cands, k)
		}
	}
	for k := range libConstants {
		cands = append(cands, k)
	}
	sort.Strings(cands)
	best, bestD := "", 3
	if len(name) <= 3 {
		bestD = 2
	}
	for _, c := range cands {
		if d := distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// constExpr reads an integer constant expression (array sizes, cases).
func (p *parser) constExpr() int64 {
	tok := p.tok()
	e := p.conditional()
	v, ok := p.eval(e)
	if !ok {
		p.errTok(tok, "c-not-constant", "this")
	}
	return v
}

// eval computes a constant expression; ok is false if e is not one.
func (p *parser) eval(e *node) (int64, bool) {
	switch e.kind {
	case ndNum:
		return e.val, true
	case ndCast:
		if !e.ty.isInteger() && !(e.ty.kind == tyPtr && e.lhs.kind == ndNum) {
			return 0, false
		}
		v, ok := p.eval(e.lhs)
		return truncate(v, e.ty), ok
	case ndNeg, ndBitNot, ndNot:
		v, ok := p.eval(e.lhs)
		switch e.kind {
		case ndNeg:
			v = -v
		case ndBitNot:
			v = ^v
		default:
			v = boolInt(v == 0)
		}
		return truncate(v, e.ty), ok
	case ndCond:
		c, ok := p.eval(e.cond)
		if !ok {
			return 0, false
		}
		if c != 0 {
			return p.eval(e.then)
		}
		return p.eval(e.els)
	}
	if e.lhs == nil || e.rhs == nil || e.kind > ndLogOr {
		return 0, false
	}
	a, ok1 := p.eval(e.lhs)
	b, ok2 := p.eval(e.rhs)
	if !ok1 || !ok2 {
		return 0, false
	}
	uns := e.lhs.ty.unsigned
	var v int64
	switch e.kind {
	case ndAdd:
		v = a + b
	case ndSub:
		v = a - b
	case ndMul:
		v = a * b
	case ndDiv, ndMod:
		if b == 0 {
			return 0, false
		}
		switch {
		case uns && e.kind == ndDiv:
			v = int64(uint64(a) / uint64(b))
		case uns:
			v = int64(uint64(a) % uint64(b))
		case e.kind == ndDiv:
			v = a / b
		default:
			v = a % b
		}
	case ndBitAnd:
		v = a & b
	case ndBitOr:
		v = a | b
	case ndBitXor:
		v = a ^ b
	case ndShl:
		v = a << (b & 63)
	case ndShr:
		if uns {
			v = int64(uint64(a) >> (b & 63))
		} else {
			v = a >> (b & 63)
		}
	case ndEq:
		v = boolInt(a == b)
	case ndNe:
		v = boolInt(a != b)
	case ndLt:
		v = boolInt(a < b)
		if e.val == 1 {
			v = boolInt(uint64(a) < uint64(b))
		}
	case ndLe:
		v = boolInt(a <= b)
		if e.val == 1 {
			v = boolInt(uint64(a) <= uint64(b))
		}
	case ndLogAnd:
		v = boolInt(a != 0 && b != 0)
	case ndLogOr:
		v = boolInt(a != 0 || b != 0)
	}
	return truncate(v, e.ty), true
}

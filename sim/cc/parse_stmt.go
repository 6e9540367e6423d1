package cc

// block reads "{ ... }" with its own scope.
func (p *parser) block() *node {
	tok := p.expect("{")
	p.enter()
	defer p.leave()
	n := &node{kind: ndBlock, tok: tok}
	for !p.consume("}") {
		if p.tok().kind == tkEOF {
			p.errTok(p.tok(), "c-expected", "'}'", describe(p.tok()))
		}
		if p.isTypeName() && !(p.tok().kind == tkIdent && p.peek().kind == tkPunct && p.peek().text == ":") {
			n.body = append(n.body, p.localDecl(n)...)
			continue
		}
		n.body = append(n.body, p.stmt())
	}
	n.end = p.toks[p.pos-1].line
	return n
}

// localDecl reads a declaration inside a function.
func (p *parser) localDecl(blk *node) []*node {
	ds := p.declspec()
	var out []*node
	if p.consume(";") {
		return nil
	}
	for first := true; !p.consume(";"); first = false {
		if !first {
			p.declSep()
		}
		ty, name := p.declarator(ds.ty)
		if ds.typedef {
			p.scopes[len(p.scopes)-1].typedefs[name.text] = named(name.text, ty)
			continue
		}
		if ty.kind == tyFunc {
			p.errTok(name, "c-unsupported", "a function declared inside a function")
		}
		if ty.kind == tyVoid {
			p.errTok(name, "c-incomplete", "void")
		}
		if ds.static {
			p.statics++
			o := &obj{name: name.text, asmName: name.text + "." + itoa(p.statics-1), ty: ty, line: name.line, static: true}
			p.declare(o, name)
			if p.consume("=") {
				in := p.initializer(ty)
				o.ty, o.hasInit = in.ty, true
				o.init = p.constInit(o, in, 0, nil)
			}
			if !o.ty.complete {
				p.errTok(name, "c-incomplete", o.ty.String())
			}
			p.globals = append(p.globals, o)
			continue
		}
		o := &obj{name: name.text, ty: ty, local: true, line: name.line}
		var init *node
		if p.consume("=") {
			in := p.initializer(ty)
			o.ty = in.ty
			p.declare(o, name)
			init = p.localInit(o, in)
		} else {
			p.declare(o, name)
		}
		if !o.ty.complete {
			p.errTok(name, "c-incomplete", o.ty.String())
		}
		p.fn.locals = append(p.fn.locals, o)
		blk.decls = append(blk.decls, o)
		// the declaration itself marks where the scope starts
		out = append(out, &node{kind: ndBlock, tok: name, decls: []*obj{o}, declHere: true})
		if init != nil {
			out = append(out, init)
		}
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for i > 0 {
		s = string(rune('0'+i%10)) + s
		i /= 10
	}
	return s
}

// stmt reads one statement.
func (p *parser) stmt() *node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.errTok(p.tok(), "c-too-deep")
	}
	tok := p.tok()
	switch {
	case p.is("{"):
		return p.block()
	case p.consume(";"):
		return &node{kind: ndBlock, tok: tok}
	case p.consume("if"):
		n := &node{kind: ndIf, tok: tok}
		p.expect("(")
		n.cond = p.condition()
		p.expect(")")
		n.then = p.stmt()
		if p.consume("else") {
			n.els = p.stmt()
		}
		return n
	case p.consume("while"):
		n := &node{kind: ndWhile, tok: tok}
		p.expect("(")
		n.cond = p.condition()
		p.expect(")")
		n.then = p.loopBody()
		return n
	case p.consume("do"):
		n := &node{kind: ndDo, tok: tok}
		n.then = p.loopBody()
		p.expect("while")
		p.expect("(")
		n.cond = p.condition()
		p.expect(")")
		p.expect(";")
		return n
	case p.consume("for"):
		return p.forStmt(tok)
	case p.consume("switch"):
		return p.switchStmt(tok)
	case p.is("case") || p.is("default"):
		return p.caseStmt(tok)
	case p.consume("break"):
		if p.breaks == 0 {
			p.errTok(tok, "c-break-outside", "break")
		}
		p.expect(";")
		return &node{kind: ndBreak, tok: tok}
	case p.consume("continue"):
		if p.loops == 0 {
			p.errTok(tok, "c-break-outside", "continue")
		}
		p.expect(";")
		return &node{kind: ndContinue, tok: tok}
	case p.consume("return"):
		n := &node{kind: ndReturn, tok: tok}
		if !p.consume(";") {
			e := p.expr()
			if p.fn.ty.ret.kind == tyVoid {
				p.errTok(tok, "c-return-value", p.fn.name)
			}
			n.lhs = p.convert(e, p.fn.ty.ret, tok)
			p.expect(";")
		}
		return n
	case p.consume("goto"):
		p.errTok(tok, "c-unsupported", "goto")
	}
	if tok.kind == tkIdent && p.peek().kind == tkPunct && p.peek().text == ":" {
		p.errTok(tok, "c-unsupported", "a label (goto)")
	}
	n := &node{kind: ndExprStmt, lhs: p.expr(), tok: tok}
	p.expect(";")
	return n
}

// condition reads a controlling expression, which must be a scalar.
func (p *parser) condition() *node {
	tok := p.tok()
	e := p.expr()
	if !e.ty.isScalar() && e.ty.kind != tyArray {
		p.errTok(tok, "c-bad-operands", "a condition", e.ty.String(), "0")
	}
	return e
}

func (p *parser) loopBody() *node {
	p.loops++
	p.breaks++
	defer func() { p.loops--; p.breaks-- }()
	return p.stmt()
}

func (p *parser) forStmt(tok *token) *node {
	n := &node{kind: ndFor, tok: tok}
	p.expect("(")
	p.enter()
	defer p.leave()
	outer := &node{kind: ndBlock, tok: tok}
	if p.isTypeName() {
		outer.body = append(outer.body, p.localDecl(outer)...)
	} else if !p.consume(";") {
		outer.body = append(outer.body, &node{kind: ndExprStmt, lhs: p.expr(), tok: tok})
		p.expect(";")
	}
	if !p.is(";") {
		n.cond = p.condition()
	}
	p.expect(";")
	if !p.is(")") {
		n.inc = p.expr()
	}
	p.expect(")")
	n.then = p.loopBody()
	outer.body = append(outer.body, n)
	return outer
}

func (p *parser) switchStmt(tok *token) *node {
	n := &node{kind: ndSwitch, tok: tok}
	p.expect("(")
	n.cond = p.expr()
	if !n.cond.ty.isInteger() {
		p.errTok(tok, "c-bad-operands", "switch", n.cond.ty.String(), "int")
	}
	n.cond = p.convert(n.cond, promote(n.cond.ty), tok)
	p.expect(")")
	p.switches = append(p.switches, n)
	p.breaks++
	n.then = p.stmt()
	p.breaks--
	p.switches = p.switches[:len(p.switches)-1]
	return n
}

func (p *parser) caseStmt(tok *token) *node {
	if len(p.switches) == 0 {
		p.errTok(tok, "c-break-outside", tok.text)
	}
	sw := p.switches[len(p.switches)-1]
	n := &node{kind: ndCase, tok: tok}
	if p.consume("default") {
		n.isDefault = true
	} else {
		p.expect("case")
		n.val = p.constExpr()
		for _, c := range sw.cases {
			if !c.isDefault && c.val == n.val {
				p.errTok(tok, "c-duplicate-case", n.val)
			}
		}
	}
	p.expect(":")
	sw.cases = append(sw.cases, n)
	if p.is("}") {
		return n
	}
	n.lhs = p.stmt()
	return n
}

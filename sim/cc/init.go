package cc

// Initialisers: "= expr", "= { ... }" (nested, fewer elements than the
// object zero the rest) and a char array's "= \"text\"". They are parsed
// into a tree, then turned into constant bytes (globals) or stores
// (locals).

type initTree struct {
	ty       *Type
	expr     *node
	children []*initTree // array elements or struct members, in order
	str      *token      // a string literal initialising a char array
	tok      *token
}

// initializer parses an initialiser for an object of type ty; an array
// of unknown length gets its length from it (the returned tree's ty).
func (p *parser) initializer(ty *Type) *initTree {
	it := &initTree{ty: ty, tok: p.tok()}
	switch {
	case ty.kind == tyArray && ty.base.kind == tyChar && p.tok().kind == tkStr:
		it.str = p.tok()
		p.pos++
		if ty.length < 0 {
			it.ty = arrayOf(ty.base, int64(len(it.str.str))+1)
		} else if int64(len(it.str.str)) > ty.length {
			p.errTok(it.str, "c-too-many-initialisers", ty.String())
		}
	case ty.kind == tyArray:
		p.expect("{")
		for i := int64(0); !p.consume("}"); i++ {
			if i > 0 {
				p.expect(",")
				if p.consume("}") {
					break
				}
			}
			if ty.length >= 0 && i >= ty.length {
				p.errTok(p.tok(), "c-too-many-initialisers", ty.String())
			}
			it.children = append(it.children, p.initializer(ty.base))
		}
		if ty.length < 0 {
			it.ty = arrayOf(ty.base, int64(len(it.children)))
		}
	case ty.kind == tyStruct && p.is("{"):
		p.pos++
		for i := 0; !p.consume("}"); i++ {
			if i > 0 {
				p.expect(",")
				if p.consume("}") {
					break
				}
			}
			if i >= len(ty.members) {
				p.errTok(p.tok(), "c-too-many-initialisers", ty.String())
			}
			it.children = append(it.children, p.initializer(ty.members[i].ty))
		}
	case p.is("{"): // a scalar in braces
		p.pos++
		it.expr = p.assign()
		p.consume(",")
		p.expect("}")
	default:
		if ty.kind == tyStruct && p.tok().kind == tkIdent && p.tok().text == "PTHREAD_MUTEX_INITIALIZER" {
			p.pos++
			return it // all zero
		}
		it.expr = p.assign()
		if ty.kind == tyStruct && !compatible(ty, it.expr.ty) {
			p.errTok(it.tok, "c-bad-operands", "=", ty.String(), it.expr.ty.String())
		}
	}
	return it
}

// childOffset is where child i of an aggregate lives.
func childOffset(ty *Type, i int) (int64, *Type) {
	if ty.kind == tyArray {
		return int64(i) * ty.base.size, ty.base
	}
	return ty.members[i].offset, ty.members[i].ty
}

// constInit flattens a global's initialiser into constant values.
func (p *parser) constInit(o *obj, it *initTree, off int64, out []initVal) []initVal {
	switch {
	case it.str != nil:
		for i, b := range it.str.str {
			out = append(out, initVal{offset: off + int64(i), size: 1, val: int64(int8(b))})
		}
	case it.expr == nil:
		for i, c := range it.children {
			co, _ := childOffset(it.ty, i)
			out = p.constInit(o, c, off+co, out)
		}
	default:
		v, ok := p.eval(it.expr)
		if !ok {
			if isAddress(it.expr) {
				p.errTok(it.tok, "c-global-address", o.name)
			}
			p.errTok(it.tok, "c-not-constant", o.name)
		}
		out = append(out, initVal{offset: off, size: it.ty.size, val: truncate(v, it.ty)})
	}
	return out
}

// isAddress reports whether e is an address (of a string, a variable).
func isAddress(e *node) bool {
	for e.kind == ndCast {
		e = e.lhs
	}
	return e.kind == ndAddr || e.kind == ndVar && (e.ty.kind == tyArray || e.ty.kind == tyFunc) || e.ty.kind == tyPtr && e.kind != ndNum
}

// truncate converts v to type t as a store does.
func truncate(v int64, t *Type) int64 {
	switch {
	case t.kind == tyBool:
		if v != 0 {
			return 1
		}
		return 0
	case t.size == 1 && t.unsigned:
		return int64(uint8(v))
	case t.size == 1:
		return int64(int8(v))
	case t.size == 2 && t.unsigned:
		return int64(uint16(v))
	case t.size == 2:
		return int64(int16(v))
	case t.size == 4 && t.unsigned:
		return int64(uint32(v))
	case t.size == 4:
		return int64(int32(v))
	}
	return v
}

// localInit turns a local's initialiser into statements: zero the whole
// object if it is an aggregate, then one assignment per value.
func (p *parser) localInit(o *obj, it *initTree) *node {
	tok := it.tok
	blk := &node{kind: ndBlock, tok: tok}
	if it.expr != nil {
		as := p.newAssign(tok, &node{kind: ndVar, obj: o, ty: o.ty, tok: tok}, it.expr)
		blk.body = append(blk.body, &node{kind: ndExprStmt, lhs: as, tok: tok})
		return blk
	}
	zero := &node{kind: ndMemZero, lhs: &node{kind: ndVar, obj: o, ty: o.ty, tok: tok}, ty: tVoid, tok: tok}
	blk.body = append(blk.body, &node{kind: ndExprStmt, lhs: zero, tok: tok})
	p.localStores(blk, o, it, 0)
	return blk
}

func (p *parser) localStores(blk *node, o *obj, it *initTree, off int64) {
	tok := it.tok
	at := func(ty *Type, off int64) *node {
		base := &node{kind: ndAddr, lhs: &node{kind: ndVar, obj: o, ty: o.ty, tok: tok}, ty: pointerTo(o.ty), tok: tok}
		c := &node{kind: ndCast, lhs: base, ty: pointerTo(tChar), tok: tok}
		sum := c
		if off != 0 {
			sum = &node{kind: ndAdd, lhs: c, rhs: num(off, tok), ty: c.ty, tok: tok}
		}
		return &node{kind: ndDeref, lhs: &node{kind: ndCast, lhs: sum, ty: pointerTo(ty), tok: tok}, ty: ty, tok: tok}
	}
	switch {
	case it.str != nil:
		for i, b := range it.str.str {
			if b != 0 {
				as := p.newAssign(tok, at(tChar, off+int64(i)), num(int64(int8(b)), tok))
				blk.body = append(blk.body, &node{kind: ndExprStmt, lhs: as, tok: tok})
			}
		}
	case it.expr == nil:
		for i, c := range it.children {
			co, _ := childOffset(it.ty, i)
			p.localStores(blk, o, c, off+co)
		}
	default:
		as := p.newAssign(tok, at(it.ty, off), it.expr)
		blk.body = append(blk.body, &node{kind: ndExprStmt, lhs: as, tok: tok})
	}
}

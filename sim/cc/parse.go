package cc

import "strings"

// The parser: declarations, statements and expressions, each node typed
// as it is built (as chibicc does), with the checks C makes (declared
// names, argument counts, lvalues) reported at the token's line:column.

type scope struct {
	vars     map[string]*obj
	typedefs map[string]*Type
	tags     map[string]*Type
}

type parser struct {
	toks     []token
	pos      int
	pp       *preproc
	globals  []*obj // variables with static storage, in definition order
	funcs    []*obj
	scopes   []*scope
	fn       *obj // the function being parsed
	literals int
	statics  int
	depth    int
	loops    int // enclosing loops (continue)
	breaks   int // enclosing loops and switches (break)
	switches []*node
	lastLen  int64 // the length an unsized array's initialiser gave
}

// maxDepth bounds nesting, so a hostile input cannot overflow the stack.
const maxDepth = 200

// bail stops the parse with err (recovered in parse).
func bail(err *Error) { panic(err) }

func (p *parser) tok() *token  { return &p.toks[p.pos] }
func (p *parser) peek() *token { return &p.toks[min(p.pos+1, len(p.toks)-1)] }

func (p *parser) errTok(t *token, code string, args ...any) {
	bail(errAt(t.line, t.col, code, args...))
}

func (p *parser) is(s string) bool {
	t := p.tok()
	return (t.kind == tkPunct || t.kind == tkKeyword) && t.text == s
}

func (p *parser) consume(s string) bool {
	if p.is(s) {
		p.pos++
		return true
	}
	return false
}

// describe names a token for "found X".
func describe(t *token) string {
	switch t.kind {
	case tkEOF:
		return "the end of the program"
	case tkStr:
		return "a string"
	}
	return "'" + t.text + "'"
}

// expect consumes s or reports what was expected. A missing ';' is
// reported just after the previous token, where it belongs.
func (p *parser) expect(s string) *token {
	if p.is(s) {
		p.pos++
		return &p.toks[p.pos-1]
	}
	if s == ";" && p.pos > 0 {
		prev := &p.toks[p.pos-1]
		bail(errAt(prev.line, prev.end, "c-missing-semicolon", describe(prev)))
	}
	p.errTok(p.tok(), "c-expected", "'"+s+"'", describe(p.tok()))
	return nil
}

func (p *parser) ident() *token {
	t := p.tok()
	if t.kind != tkIdent {
		p.errTok(t, "c-expected", "a name", describe(t))
	}
	p.pos++
	return t
}

func (p *parser) enter() {
	p.scopes = append(p.scopes, &scope{vars: map[string]*obj{}, typedefs: map[string]*Type{}, tags: map[string]*Type{}})
}
func (p *parser) leave() { p.scopes = p.scopes[:len(p.scopes)-1] }

func (p *parser) lookup(name string) *obj {
	for i := len(p.scopes) - 1; i >= 0; i-- {
		if o, ok := p.scopes[i].vars[name]; ok {
			return o
		}
	}
	return nil
}

func (p *parser) typedef(name string) *Type {
	for i := len(p.scopes) - 1; i >= 0; i-- {
		if t, ok := p.scopes[i].typedefs[name]; ok {
			return t
		}
		if _, ok := p.scopes[i].vars[name]; ok {
			return nil
		}
	}
	return libTypedefs[name]
}

func (p *parser) declare(o *obj, t *token) {
	sc := p.scopes[len(p.scopes)-1]
	if old, ok := sc.vars[o.name]; ok && !(old.isFunc && o.isFunc) {
		p.errTok(t, "c-redefined", o.name)
	}
	if _, ok := sc.typedefs[o.name]; ok {
		p.errTok(t, "c-redefined", o.name)
	}
	sc.vars[o.name] = o
}

// parse parses a whole program.
func parse(toks []token, pp *preproc) (p *parser, err *Error) {
	p = &parser{toks: toks, pp: pp}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	p.enter()
	for p.tok().kind != tkEOF {
		p.topLevel()
	}
	return p, nil
}

// declSpec is what a declaration's specifiers say.
type declSpec struct {
	ty              *Type
	typedef, static bool
	extern          bool
}

func (p *parser) isTypeName() bool {
	t := p.tok()
	if t.kind == tkKeyword {
		switch t.text {
		case "void", "_Bool", "char", "short", "int", "long", "unsigned", "signed", "struct", "const",
			"static", "extern", "volatile", "typedef", "float", "double", "union", "enum", "_Atomic", "inline":
			return true
		}
		return false
	}
	return t.kind == tkIdent && p.typedef(t.text) != nil
}

// declspec reads the specifiers: storage class, qualifiers, the type.
func (p *parser) declspec() declSpec {
	var ds declSpec
	var base *Type
	konst, unsigned, signed := false, false, false
	short, longs, sawInt, sawChar := 0, 0, false, false
	start := p.tok()
	for p.isTypeName() {
		t := p.tok()
		if t.kind == tkIdent {
			if base != nil || short+longs > 0 || sawInt || sawChar || unsigned || signed {
				break
			}
			base = p.typedef(t.text)
			p.pos++
			continue
		}
		p.pos++
		switch t.text {
		case "typedef":
			ds.typedef = true
		case "static":
			ds.static = true
		case "extern":
			ds.extern = true
		case "const":
			konst = true
		case "volatile", "inline", "_Atomic":
		case "unsigned":
			unsigned = true
		case "signed":
			signed = true
		case "short":
			short++
		case "long":
			longs++
		case "int":
			sawInt = true
		case "char":
			sawChar = true
		case "void":
			base = tVoid
		case "_Bool":
			base = tBool
		case "struct":
			base = p.structDecl()
		case "float", "double":
			p.errTok(t, "c-float", t.text)
		default: // union, enum
			p.errTok(t, "c-unsupported", t.text)
		}
	}
	switch {
	case base != nil:
	case sawChar && unsigned:
		base = tUChar
	case sawChar:
		base = tChar
	case short > 0 && unsigned:
		base = tUShort
	case short > 0:
		base = tShort
	case longs > 0 && unsigned:
		base = tULong
	case longs > 0:
		base = tLong
	case unsigned:
		base = tUInt
	case sawInt || signed:
		base = tInt
	default:
		p.errTok(start, "c-expected", "a type", describe(start))
	}
	if konst {
		base = base.withConst()
	}
	ds.ty = base
	return ds
}

// structDecl reads "struct tag { members }" or "struct tag".
func (p *parser) structDecl() *Type {
	var tag string
	if p.tok().kind == tkIdent {
		tag = p.ident().text
	}
	if !p.is("{") {
		if tag == "" {
			p.errTok(p.tok(), "c-expected", "'{'", describe(p.tok()))
		}
		for i := len(p.scopes) - 1; i >= 0; i-- {
			if t, ok := p.scopes[i].tags[tag]; ok {
				return t
			}
		}
		t := &Type{kind: tyStruct, tag: tag, align: 1}
		p.scopes[len(p.scopes)-1].tags[tag] = t
		return t
	}
	p.pos++
	t := &Type{kind: tyStruct, tag: tag, align: 1}
	if tag != "" {
		if old, ok := p.scopes[len(p.scopes)-1].tags[tag]; ok && !old.complete {
			t = old
		}
		p.scopes[len(p.scopes)-1].tags[tag] = t
	}
	var off int64
	for !p.consume("}") {
		ds := p.declspec()
		for first := true; !p.consume(";"); first = false {
			if !first {
				p.declSep()
			}
			mt, name := p.declarator(ds.ty)
			if !mt.complete || mt.kind == tyFunc {
				p.errTok(name, "c-incomplete", mt.String())
			}
			for _, m := range t.members {
				if m.name == name.text {
					p.errTok(name, "c-redefined", name.text)
				}
			}
			off = alignTo(off, mt.align)
			t.members = append(t.members, &member{name: name.text, ty: mt, offset: off})
			off += mt.size
			t.align = max(t.align, mt.align)
		}
	}
	t.size = alignTo(off, t.align)
	t.complete = true
	return t
}

func alignTo(n, a int64) int64 { return (n + a - 1) / a * a }

// declarator reads pointers, the name and array or function suffixes.
func (p *parser) declarator(base *Type) (*Type, *token) {
	t := base
	for p.consume("*") {
		t = pointerTo(t)
		for p.consume("const") || p.consume("volatile") {
			t.konst = true
		}
	}
	if p.is("(") && p.peek().kind == tkPunct && p.peek().text == "*" {
		// a function pointer: (*name)(params)
		p.pos += 2
		name := p.ident()
		p.expect(")")
		ft := p.typeSuffix(t)
		return pointerTo(ft), name
	}
	name := p.ident()
	return p.typeSuffix(t), name
}

// abstractDeclarator reads a type name's declarator (casts, sizeof).
func (p *parser) abstractDeclarator(base *Type) *Type {
	t := base
	for p.consume("*") {
		t = pointerTo(t)
		p.consume("const")
	}
	if p.is("(") && p.peek().kind == tkPunct && p.peek().text == "*" {
		p.pos += 2
		p.expect(")")
		return pointerTo(p.typeSuffix(t))
	}
	return p.typeSuffix(t)
}

func (p *parser) typeName() *Type {
	ds := p.declspec()
	return p.abstractDeclarator(ds.ty)
}

func (p *parser) typeSuffix(t *Type) *Type {
	if p.consume("(") {
		return p.params(t)
	}
	if p.consume("[") {
		n := int64(-1)
		if !p.is("]") {
			tk := p.tok()
			n = p.constExpr()
			if n <= 0 || n > MaxObjectBytes {
				p.errTok(tk, "c-too-big", "this array", MaxObjectBytes)
			}
		}
		p.expect("]")
		elem := p.typeSuffix(t)
		if !elem.complete {
			p.errTok(p.tok(), "c-incomplete", elem.String())
		}
		if n > 0 && elem.size*n > MaxObjectBytes {
			p.errTok(p.tok(), "c-too-big", "this array", MaxObjectBytes)
		}
		return arrayOf(elem, n)
	}
	return t
}

// params reads a parameter list after "(".
func (p *parser) params(ret *Type) *Type {
	ft := funcType(ret, nil, false)
	var names []*token
	if p.is("void") && p.peek().kind == tkPunct && p.peek().text == ")" {
		p.pos += 2
		ft.names = names
		return ft
	}
	if p.consume(")") {
		ft.oldStyle = true
		return ft
	}
	for first := true; !p.consume(")"); first = false {
		if !first {
			p.expect(",")
		}
		if p.consume("...") {
			ft.variadic = true
			p.expect(")")
			break
		}
		ds := p.declspec()
		var pt *Type
		var name *token
		if p.tok().kind == tkIdent || p.is("*") && p.lookaheadNamed() || p.is("(") {
			pt, name = p.declarator(ds.ty)
		} else {
			pt = p.abstractDeclarator(ds.ty)
		}
		if pt.kind == tyArray {
			pt = pointerTo(pt.base)
		}
		if pt.kind == tyFunc {
			pt = pointerTo(pt)
		}
		if pt.kind == tyStruct {
			p.errTok(p.tok(), "c-struct-value", "a parameter")
		}
		ft.params = append(ft.params, pt)
		names = append(names, name)
	}
	ft.names = names
	return ft
}

// lookaheadNamed reports whether the pointer declarator at pos has a name.
func (p *parser) lookaheadNamed() bool {
	i := p.pos
	for i < len(p.toks) && (p.toks[i].kind == tkPunct && p.toks[i].text == "*" || p.toks[i].kind == tkKeyword && p.toks[i].text == "const") {
		i++
	}
	return i < len(p.toks) && p.toks[i].kind == tkIdent
}

// topLevel reads a typedef, a function, or global variables.
func (p *parser) topLevel() {
	if p.consume(";") {
		return
	}
	ds := p.declspec()
	if p.consume(";") { // struct declaration
		return
	}
	for first := true; ; first = false {
		if !first {
			p.declSep()
		}
		ty, name := p.declarator(ds.ty)
		if ds.typedef {
			p.scopes[0].typedefs[name.text] = named(name.text, ty)
		} else if ty.kind == tyFunc {
			if p.function(ty, name, ds) {
				return
			}
		} else {
			p.globalVar(ty, name, ds)
		}
		if p.consume(";") {
			return
		}
	}
}

// function reads a function declaration or definition; it reports
// whether it read a body.
func (p *parser) function(ty *Type, name *token, ds declSpec) bool {
	if name.text == "main" || strings.HasPrefix(name.text, "__") {
		if name.text != "main" {
			p.errTok(name, "c-unsupported", "a name starting with __")
		}
	}
	if _, ok := libFuncs[name.text]; ok {
		p.errTok(name, "c-redefined", name.text)
	}
	f := p.lookup(name.text)
	if f == nil || !f.isFunc {
		f = &obj{name: name.text, asmName: name.text, ty: ty, isFunc: true, line: name.line, static: ds.static}
		p.declare(f, name)
		p.funcs = append(p.funcs, f)
	}
	if !p.is("{") {
		return false
	}
	if f.defined {
		p.errTok(name, "c-redefined", name.text)
	}
	f.defined, f.ty, f.line = true, ty, name.line
	if ty.ret.kind == tyStruct || ty.ret.kind == tyArray {
		p.errTok(name, "c-struct-value", name.text)
	}
	p.fn = f
	p.enter()
	for i, pt := range ty.params {
		nm := ty.names[i]
		if nm == nil {
			p.errTok(name, "c-expected", "a parameter name", "none")
		}
		o := &obj{name: nm.text, ty: pt, local: true, param: true, offset: 16 + 8*int64(i), line: nm.line}
		p.declare(o, nm)
		f.params = append(f.params, o)
	}
	f.body = p.block()
	p.leave()
	p.fn = nil
	return true
}

// globalVar reads a global (or static) variable and its initialiser.
func (p *parser) globalVar(ty *Type, name *token, ds declSpec) {
	if ty.kind == tyVoid {
		p.errTok(name, "c-incomplete", "void")
	}
	o := p.lookup(name.text)
	if o == nil || o.isFunc {
		o = &obj{name: name.text, asmName: name.text, ty: ty, line: name.line, static: ds.static}
		p.declare(o, name)
		if !ds.extern {
			p.globals = append(p.globals, o)
		}
	} else if ds.extern {
		return
	}
	if p.consume("=") {
		o.hasInit = true
		in := p.initializer(ty)
		o.ty = in.ty
		o.init = p.constInit(o, in, 0, nil)
	}
	if !o.ty.complete {
		p.errTok(name, "c-incomplete", o.ty.String())
	}
}

// declSep reads the ',' between declarators; anything else there means
// the ';' that ends the declaration is missing.
func (p *parser) declSep() {
	if !p.consume(",") {
		p.expect(";")
	}
}

package cc

import (
	"fmt"
	"strings"
)

// kind is a type's kind.
type kind uint8

const (
	tyVoid kind = iota
	tyBool
	tyChar
	tyShort
	tyInt
	tyLong
	tyPtr
	tyArray
	tyStruct
	tyFunc
)

// Type is a C type as gcc has it on x86-64.
type Type struct {
	kind     kind
	unsigned bool
	size     int64
	align    int64
	base     *Type // pointer target, array element
	length   int64 // array length (-1: not given yet)
	members  []*member
	complete bool
	tag      string // struct tag
	name     string // typedef name, for display
	konst    bool
	// functions
	ret      *Type
	params   []*Type
	variadic bool
	oldStyle bool     // declared f(): any arguments
	names    []*token // parameter names (definitions)
}

type member struct {
	name   string
	ty     *Type
	offset int64
}

var (
	tVoid   = &Type{kind: tyVoid, size: 1, align: 1, complete: true}
	tBool   = &Type{kind: tyBool, size: 1, align: 1, unsigned: true, complete: true}
	tChar   = &Type{kind: tyChar, size: 1, align: 1, complete: true}
	tUChar  = &Type{kind: tyChar, size: 1, align: 1, unsigned: true, complete: true}
	tShort  = &Type{kind: tyShort, size: 2, align: 2, complete: true}
	tUShort = &Type{kind: tyShort, size: 2, align: 2, unsigned: true, complete: true}
	tInt    = &Type{kind: tyInt, size: 4, align: 4, complete: true}
	tUInt   = &Type{kind: tyInt, size: 4, align: 4, unsigned: true, complete: true}
	tLong   = &Type{kind: tyLong, size: 8, align: 8, complete: true}
	tULong  = &Type{kind: tyLong, size: 8, align: 8, unsigned: true, complete: true}
)

func pointerTo(t *Type) *Type {
	return &Type{kind: tyPtr, size: 8, align: 8, base: t, unsigned: true, complete: true}
}

func arrayOf(t *Type, n int64) *Type {
	return &Type{kind: tyArray, size: t.size * max(n, 0), align: t.align, base: t, length: n, complete: n >= 0}
}

func funcType(ret *Type, params []*Type, variadic bool) *Type {
	return &Type{kind: tyFunc, size: 1, align: 1, ret: ret, params: params, variadic: variadic, complete: true}
}

// opaque is a library type whose inside a program never touches
// (pthread_mutex_t, FILE): a struct of gcc's size.
func opaque(name string, size int64) *Type {
	return &Type{kind: tyStruct, size: size, align: 8, complete: true, name: name}
}

func (t *Type) isInteger() bool { return t.kind >= tyBool && t.kind <= tyLong }
func (t *Type) isPointer() bool { return t.kind == tyPtr || t.kind == tyArray }
func (t *Type) isScalar() bool  { return t.isInteger() || t.kind == tyPtr }

// withConst returns a const-qualified copy.
func (t *Type) withConst() *Type {
	c := *t
	c.konst = true
	return &c
}

// String is the type as C writes it: "int", "char *", "int [10]",
// "struct point", "pthread_mutex_t".
func (t *Type) String() string {
	if t == nil {
		return "?"
	}
	if t.name != "" {
		return constPrefix(t) + t.name
	}
	switch t.kind {
	case tyPtr:
		if t.base.kind == tyFunc {
			return t.base.ret.String() + " (*)(" + paramList(t.base) + ")"
		}
		s := t.base.String() + " *"
		if t.konst {
			s += "const"
		}
		return s
	case tyArray:
		if t.length < 0 {
			return t.base.String() + " []"
		}
		return fmt.Sprintf("%s [%d]", t.base.String(), t.length)
	case tyStruct:
		return constPrefix(t) + "struct " + t.tag
	case tyFunc:
		return t.ret.String() + " (" + paramList(t) + ")"
	}
	names := map[kind]string{tyVoid: "void", tyBool: "_Bool", tyChar: "char", tyShort: "short", tyInt: "int", tyLong: "long"}
	s := names[t.kind]
	if t.unsigned && t.kind != tyBool {
		s = "unsigned " + s
	}
	return constPrefix(t) + s
}

func constPrefix(t *Type) string {
	if t.konst && t.kind != tyPtr {
		return "const "
	}
	return ""
}

func paramList(f *Type) string {
	var ps []string
	for _, p := range f.params {
		ps = append(ps, p.String())
	}
	if f.variadic {
		ps = append(ps, "...")
	}
	if len(ps) == 0 {
		return "void"
	}
	return strings.Join(ps, ", ")
}

// rank orders integer types for the usual arithmetic conversions.
func rank(t *Type) int { return int(t.kind) }

// promote is the integer promotion: anything smaller than int becomes int.
func promote(t *Type) *Type {
	if t.isInteger() && t.size < 4 {
		return tInt
	}
	if t.kind == tyInt {
		if t.unsigned {
			return tUInt
		}
		return tInt
	}
	if t.kind == tyLong {
		if t.unsigned {
			return tULong
		}
		return tLong
	}
	return t
}

// common is the type two integer operands convert to.
func common(a, b *Type) *Type {
	a, b = promote(a), promote(b)
	if rank(a) < rank(b) {
		a, b = b, a
	}
	if rank(a) > rank(b) {
		return a // long beats int: a long holds every unsigned int
	}
	if a.unsigned || b.unsigned {
		if a.kind == tyLong {
			return tULong
		}
		return tUInt
	}
	return a
}

// sameType reports whether two types are compatible enough to assign
// (pointers: same target, or either is void *).
func compatible(to, from *Type) bool {
	if to.isInteger() && from.isInteger() {
		return true
	}
	if to.kind == tyPtr && from.isPointer() {
		if to.base.kind == tyVoid || from.base.kind == tyVoid {
			return true
		}
		return to.base.String() == from.base.String() || to.base.kind == tyChar && from.base.kind == tyChar ||
			strings.TrimPrefix(to.base.String(), "const ") == strings.TrimPrefix(from.base.String(), "const ")
	}
	if to.kind == tyStruct && from.kind == tyStruct {
		return to == from || to.String() == from.String()
	}
	return false
}

package cc

// nodeKind is what an AST node is.
type nodeKind uint8

const (
	ndNum nodeKind = iota
	ndVar
	ndAdd
	ndSub
	ndMul
	ndDiv
	ndMod
	ndBitAnd
	ndBitOr
	ndBitXor
	ndShl
	ndShr
	ndEq
	ndNe
	ndLt
	ndLe
	ndLogAnd
	ndLogOr
	ndNot
	ndBitNot
	ndNeg
	ndAssign
	ndCompound // lhs op= rhs; op holds the operator kind
	ndPreInc   // ++x / --x (val is the step, scaled)
	ndPostInc  // x++ / x-- (val is the step, scaled)
	ndAddr
	ndDeref
	ndMember
	ndCall
	ndCast
	ndCond
	ndComma
	ndFetchAdd // atomic_fetch_add / __sync_fetch_and_add
	ndMemZero  // zero an object (initialisers): lhs is the object
	// statements
	ndBlock
	ndIf
	ndWhile
	ndDo
	ndFor
	ndSwitch
	ndCase
	ndBreak
	ndContinue
	ndReturn
	ndExprStmt
)

// node is one expression or statement, typed.
type node struct {
	kind      nodeKind
	ty        *Type
	tok       *token
	lhs, rhs  *node
	op        nodeKind // ndCompound's operator
	val       int64
	obj       *obj
	mem       *member
	args      []*node
	body      []*node
	cond      *node
	then, els *node
	init, inc *node
	cases     []*node // ndSwitch: its case nodes (default: val unused, isDefault)
	isDefault bool
	label     string // generated: case label
	decls     []*obj // ndBlock: locals declared here (for scopes)
	fn        *obj   // ndCall: the function called directly (nil: through a pointer)
	fnExpr    *node  // ndCall through a pointer
	lib       string // ndCall: a library function's name
	declHere  bool   // ndBlock: marks where decls' scope starts
	end       int    // ndBlock: the line of its closing brace
}

// obj is a named object: a variable (global, static or local) or a
// function.
type obj struct {
	name    string
	asmName string // the Var or label name (static locals: name.N)
	ty      *Type
	line    int
	local   bool
	param   bool
	static  bool
	isFunc  bool
	defined bool
	offset  int64 // locals: from %bp
	// globals
	init    []initVal
	hasInit bool
	literal bool
	// functions
	params []*obj
	locals []*obj
	body   *node
	// scope, in instruction indexes, filled by the generator
	start, end int
}

// initVal is one scalar of a global's initial value at a byte offset.
type initVal struct {
	offset, size int64
	val          int64
}

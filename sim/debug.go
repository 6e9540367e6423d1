package sim

// Debug is the symbol table a compiled C program carries (the line table
// is each instruction's Line): its globals, statics and string literals,
// and its functions with their frames' named locals.
type Debug struct {
	Globals []DebugGlobal
	Funcs   []DebugFunc
}

// DebugGlobal is one object with static storage. Name is the Var it was
// placed as (a static local is "name.N", a string literal ".LCN", as gcc
// names them); Source is the name the program wrote ("" for a literal).
type DebugGlobal struct {
	Name, Source string
	Type         string
	Kind         string // "int", "ptr", "array", "struct": how to read it
	Unsigned     bool
	Section      string // "data", "bss" or "rodata"
	Size         int64
	Line         int
	Static       bool
}

// DebugFunc is one function: its code is instructions [Entry, End), its
// frame FrameSize bytes below %bp.
type DebugFunc struct {
	Name       string
	Type       string
	Entry, End int
	FrameSize  int64
	Line       int
	Locals     []DebugLocal
}

// DebugLocal is a parameter or local variable: it lives at %bp+Offset
// while the function runs instructions [Start, End) (its scope).
type DebugLocal struct {
	Name       string
	Type       string
	Kind       string // "int", "ptr", "array", "struct"
	Unsigned   bool
	Offset     int64
	Size       int64
	Start, End int
	Line       int
	Param      bool
}

// Package cc compiles the lab's teaching subset of C into the simulator's
// decoded programs (the same sim.Program the assembler produces), with the
// debug information the page and `procscope trace` need: every
// instruction's source line, and a symbol table of globals, functions and
// their frames' locals.
//
// The phases are one file each: token.go (tokens), preproc.go (#include
// and #define NAME integer), parse*.go and init.go (declarations,
// statements and expressions, typed as they are built, with C's checks),
// gen*.go (instructions). Storage follows gcc -O0 on x86-64: initialised
// globals in .data, zero ones in .bss, const ones and string literals in
// .rodata, locals in a frame on the calling thread's stack. What the
// subset is, and what the model cannot do, is in docs/c.md.
//
// Compile never panics on any input; every problem is an *Error at a
// line and column with a stable code and a Korean and English message.
package cc

import (
	"strings"

	"procscope/sim"
)

// Limits on what a program may make the compiler do.
const (
	MaxSourceBytes  = 64 << 10
	MaxObjectBytes  = 1 << 20
	MaxInstructions = 4096
)

// Compile compiles C source into a program named name. On a problem it
// returns a nil program and an *Error.
func Compile(name, src string) (prog *sim.Program, err error) {
	pp := newPreproc()
	toks, e := tokenize(src, pp)
	if e != nil {
		return nil, e
	}
	p, e := parse(toks, pp)
	if e != nil {
		return nil, e
	}
	prog, e = generate(p)
	if e != nil {
		return nil, e
	}
	if name != "" {
		prog.Name = name
	}
	prog.Source = strings.Split(strings.TrimSuffix(strings.ReplaceAll(src, "\r\n", "\n"), "\n"), "\n")
	prog.Vars, prog.Debug = placeGlobals(p, prog.Name), debugInfo(p)
	for i := range prog.Vars {
		for _, f := range p.funcs {
			if f.name == prog.Vars[i].Name {
				return nil, errAt(f.line, 1, "c-redefined", f.name)
			}
		}
	}
	if err := prog.Validate(); err != nil {
		return nil, errAt(1, 1, "c-unsupported", err.Error())
	}
	return prog, nil
}

// IsC guesses whether source text is C rather than the lab's assembly:
// C has an #include, or a function body.
func IsC(src string) bool {
	return strings.Contains(src, "#include") || strings.Contains(src, "main(") && strings.Contains(src, "{")
}

// section says where gcc puts a static-storage object.
func section(o *obj) string {
	if o.literal {
		return "rodata"
	}
	t := o.ty
	for t.kind == tyArray {
		t = t.base
	}
	if t.konst && o.ty.kind != tyPtr {
		return "rodata"
	}
	for _, v := range o.init {
		if v.val != 0 {
			return "data"
		}
	}
	return "bss"
}

// placeGlobals turns the objects with static storage into the program's
// variables, in definition order, with stdout's buffer last.
func placeGlobals(p *parser, name string) []sim.Var {
	var vars []sim.Var
	nameVar := sim.Var{Name: progName, Section: "rodata", Size: int64(len(name)) + 1, Offsets: []int64{}}
	for i := 0; i < len(name); i++ {
		nameVar.Init = append(nameVar.Init, int64(name[i]))
		nameVar.Offsets = append(nameVar.Offsets, int64(i))
	}
	for _, o := range p.globals {
		v := sim.Var{Name: o.asmName, Section: section(o), Size: o.ty.size, Line: o.line}
		if v.Section != "bss" {
			v.Offsets = []int64{}
			for _, iv := range o.init {
				if iv.val != 0 {
					v.Init = append(v.Init, iv.val)
					v.Offsets = append(v.Offsets, iv.offset)
				}
			}
		}
		vars = append(vars, v)
	}
	vars = append(vars, nameVar, sim.Var{Name: sim.StdioBuffer, Section: "bss", Size: 8 + sim.StdioBufferSize},
		sim.Var{Name: sim.ThreadResults, Section: "bss", Size: 16 * sim.ThreadResultSlots})
	return vars
}

// debugInfo builds the symbol table.
func debugInfo(p *parser) *sim.Debug {
	d := &sim.Debug{}
	for _, o := range p.globals {
		d.Globals = append(d.Globals, sim.DebugGlobal{Name: o.asmName, Source: o.name, Type: o.ty.String(),
			Kind: kindName(o.ty), Unsigned: o.ty.unsigned && o.ty.kind != tyPtr, Section: section(o), Size: o.ty.size,
			Line: o.line, Static: o.static})
	}
	for _, f := range p.funcs {
		if !f.defined {
			continue
		}
		df := sim.DebugFunc{Name: f.name, Type: f.ty.String(), Entry: f.start, End: f.end, FrameSize: f.offset, Line: f.line}
		for _, l := range append(append([]*obj{}, f.params...), f.locals...) {
			df.Locals = append(df.Locals, sim.DebugLocal{Name: l.name, Type: l.ty.String(), Kind: kindName(l.ty),
				Unsigned: l.ty.unsigned && l.ty.kind != tyPtr, Offset: l.offset,
				Size: l.ty.size, Start: l.start, End: l.end, Line: l.line, Param: l.param})
		}
		d.Funcs = append(d.Funcs, df)
	}
	return d
}

// kindName says how the page reads an object of type t.
func kindName(t *Type) string {
	switch t.kind {
	case tyPtr:
		return "ptr"
	case tyArray:
		return "array"
	case tyStruct:
		return "struct"
	}
	return "int"
}

func init() {
	sim.CompileC = func(name, src string) (*sim.Program, error) { return Compile(name, src) }
}

package viewmodel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"procscope/sim"
)

// AsmHues is how many colours the listing cycles through to pair each C
// line with its assembly, as Compiler Explorer does.
const AsmHues = 6

// ProgramView is the listing of pid 2's program: each line with a mark
// for every thread, in any process, that runs this program and is at it
// (a forked child runs the same code, so its threads show too); for C,
// the assembly of each line and the program's named objects.
func ProgramView(st sim.State) Program {
	return programViewIn(st, strings.Join(st.Program.Source, "\n"), nil)
}

// programViewIn is ProgramView with the program's source already joined,
// its lines made in lines' room.
func programViewIn(st sim.State, source string, lines []SourceLine) Program {
	prog := Program{Name: st.Program.Name, Language: st.Program.Language, Source: source}
	at := map[int][]ThreadMark{}
	for _, p := range st.Processes {
		if p.Program != st.Program.Name {
			continue
		}
		for _, t := range p.Threads {
			if t.Line > 0 && t.State != sim.ThreadExited {
				at[t.Line] = append(at[t.Line], ThreadMark{Tid: t.Tid, Pid: t.Pid, Color: t.Tid % 8, Instr: t.Instr})
			}
		}
	}
	prog.Lines = slices.Grow(lines[:0], len(st.Program.Source)) // at its size: a frame makes it
	for i, line := range st.Program.Source {
		text := strings.TrimSpace(line)
		prog.Lines = append(prog.Lines, SourceLine{N: i + 1, Text: line, Label: strings.HasSuffix(text, ":"), Threads: at[i+1]})
	}
	code := st.Program.Code()
	if code == nil || code.Debug == nil || prog.Language != "c" {
		return prog
	}
	c := cViews.get(st, code)
	prog.Key, prog.Asm, prog.Symbols = c.key, c.asm, c.symbols
	for i := range prog.Lines {
		prog.Lines[i].Hue = c.hues[i+1]
		prog.Lines[i].Label = false
		prog.Lines[i].Tokens = c.tokens[i]
	}
	return prog
}

// cView is what a C listing shows that depends on the program alone (and
// where it was loaded): computed once, not on every frame.
type cView struct {
	key     string
	asm     []AsmLine
	symbols []Symbol
	tokens  [][]Token
	hues    map[int]int
}

// cViewCache keeps the cViews of the programs in use, by program and code
// address (ASLR moves a program's globals). It is small and starts over
// when full: a program in use is recomputed once.
type cViewCache struct {
	mu  sync.Mutex
	m   map[cViewKey]*cView
	seq uint64
}

type cViewKey struct {
	prog *sim.Program
	base uint64
}

// maxCViews bounds the cache: more programs than sessions that step at once.
const maxCViews = 64

var cViews = &cViewCache{m: map[cViewKey]*cView{}}

func (c *cViewCache) get(st sim.State, code *sim.Program) *cView {
	k := cViewKey{code, st.Program.CodeBase}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	if len(c.m) >= maxCViews {
		clear(c.m)
	}
	// a fresh key for each computation: an address could name another
	// program once this one is freed, a sequence number never does
	c.seq++
	v := &cView{key: fmt.Sprintf("c%d", c.seq), asm: asmLines(st.Program, code), hues: map[int]int{}}
	for _, a := range v.asm {
		v.hues[a.Line] = a.Hue
	}
	syms := newSymbols(st, code)
	v.symbols, v.tokens = syms.list, cTokens(st.Program.Source, syms)
	c.m[k] = v
	return v
}

// asmLines groups the instructions by the line they came from, in line
// order; each line's consecutive instructions form one run. Code the
// compiler adds of its own (line 0: _start, the thread trampoline) is
// not a line of the program and is left out.
func asmLines(ps sim.ProgramState, code *sim.Program) []AsmLine {
	byLine := map[int]*AsmLine{}
	var order []int
	last := map[int]int{} // the index of each line's latest instruction
	for i, in := range code.Instrs {
		if in.Line <= 0 || in.Line > len(ps.Source) {
			continue
		}
		a := byLine[in.Line]
		if a == nil {
			a = &AsmLine{Line: in.Line}
			byLine[in.Line] = a
			order = append(order, in.Line)
		}
		ai := AsmInstr{Index: i, Addr: HexAddr(ps.CodeBase + uint64(i)<<ps.InstrShift), Text: in.Text}
		if j, ok := last[in.Line]; ok && j == i-1 {
			a.Runs[len(a.Runs)-1] = append(a.Runs[len(a.Runs)-1], ai)
		} else {
			a.Runs = append(a.Runs, []AsmInstr{ai})
		}
		last[in.Line] = i
	}
	lines := make([]int, 0, len(order))
	for l := 1; l <= len(ps.Source); l++ {
		if byLine[l] != nil {
			lines = append(lines, l)
		}
	}
	out := make([]AsmLine, 0, len(lines))
	for k, l := range lines {
		a := *byLine[l]
		a.Hue = k%AsmHues + 1
		out = append(out, a)
	}
	return out
}

// symbols is the C program's named objects and how a name on a line
// resolves to one of them.
type symbols struct {
	list    []Symbol
	globals map[string]string // source name → id, file-scope objects
	funcs   []funcScope
	// literals holds the string literals of each line, in order.
	literals map[int][]string
}

// funcScope is a function's lines and its named locals (static locals
// included).
type funcScope struct {
	from, to int
	locals   []scoped
}

type scoped struct {
	name, id string
	line     int
}

func newSymbols(st sim.State, code *sim.Program) *symbols {
	s := &symbols{globals: map[string]string{}, literals: map[int][]string{}}
	addrs, texts := map[string]uint64{}, map[string]string{}
	for _, p := range st.Processes {
		if p.Program == st.Program.Name {
			for _, g := range p.Globals {
				addrs[g.Name] = g.Addr
				if g.IsText {
					texts[g.Name] = CString(g.Text)
				}
			}
			break
		}
	}
	d := code.Debug
	for _, f := range d.Funcs {
		fs := funcScope{from: f.Line, to: f.Line}
		for i := f.Entry; i < f.End && i < len(code.Instrs); i++ {
			fs.to = max(fs.to, code.Instrs[i].Line)
		}
		for _, l := range f.Locals {
			id := localID(f.Name, l.Name, l.Offset)
			kind := "local"
			if l.Param {
				kind = "param"
			}
			s.list = append(s.list, Symbol{ID: id, Name: l.Name, Kind: kind, Type: l.Type, Line: l.Line, Func: f.Name})
			fs.locals = append(fs.locals, scoped{name: l.Name, id: id, line: l.Line})
		}
		s.funcs = append(s.funcs, fs)
	}
	for _, g := range d.Globals {
		sym := Symbol{ID: g.Name, Name: g.Source, Kind: "global", Section: "." + g.Section, Type: g.Type, Line: g.Line}
		if a, ok := addrs[g.Name]; ok {
			sym.Addr, sym.VPage = HexAddr(a), HexAddr(a&^(sim.PageSize-1))
		}
		switch {
		case g.Source == "":
			sym.Kind, sym.Text = "literal", texts[g.Name] // constant: .rodata
			s.literals[g.Line] = append(s.literals[g.Line], g.Name)
		case g.Name != g.Source: // a static local, name.N
			sym.Kind = "static"
			if f := s.funcAt(g.Line); f != nil {
				f.locals = append(f.locals, scoped{name: g.Source, id: g.Name, line: g.Line})
			}
		default:
			if g.Static {
				sym.Kind = "static"
			}
			s.globals[g.Source] = g.Name
		}
		s.list = append(s.list, sym)
	}
	return s
}

// globalValue is a global's value as a map shows it: a char array (a
// string literal, say) as C writes the string, anything else as its
// number.
func globalValue(g sim.GlobalState, all []sim.GlobalState) string {
	switch {
	case g.IsText:
		return CString(g.Text)
	case g.Pointer:
		return pointerText(uint64(g.Value), all)
	}
	return strconv.FormatInt(g.Value, 10)
}

// pointerText shows a pointer as C's %p would (an address, or NULL), and
// when it points into a global of the process, that global's name: a
// student reads "0x4010 → counter", not 16400.
func pointerText(a uint64, globals []sim.GlobalState) string {
	if a == 0 {
		return "NULL"
	}
	for _, g := range globals {
		if !shownGlobal(g.Name) || a < g.Addr || a >= g.Addr+max(g.Size, 1) {
			continue
		}
		if a == g.Addr {
			return HexAddr(a) + " → " + g.Name
		}
		return fmt.Sprintf("%s → %s+%d", HexAddr(a), g.Name, a-g.Addr)
	}
	return HexAddr(a)
}

// localID names a local or parameter by its function, name and frame
// offset: the source knows it from the symbol table, a stack frame from
// where the word lies above the frame's base, so both sides agree.
func localID(fn, name string, offset int64) string { return fmt.Sprintf("%s/%s/%d", fn, name, offset) }

// LocalSyms maps each named local of a thread's C frames to its id, by
// address: a map's stack frame marks the words that are variables.
func LocalSyms(t sim.ThreadState) map[uint64]Local {
	out := map[uint64]Local{}
	for _, f := range t.Source {
		for _, l := range f.Locals {
			out[l.Addr] = Local{Var: l.Name, Sym: localID(f.Function, l.Name, int64(l.Addr-f.BP)), Pointer: strings.HasSuffix(l.Type, "*") || strings.Contains(l.Type, "(*)")}
		}
	}
	return out
}

// funcAt is the function whose lines hold line n.
func (s *symbols) funcAt(n int) *funcScope {
	for i := range s.funcs {
		if f := &s.funcs[i]; n >= f.from && n <= f.to {
			return f
		}
	}
	return nil
}

// resolve finds what name means at line n: the innermost local declared
// at or above it in its function (the latest declaration wins, as a
// block's shadowing mostly reads), else the file-scope object.
func (s *symbols) resolve(name string, n int) string {
	if f := s.funcAt(n); f != nil {
		best, bestLine := "", 0
		for _, l := range f.locals {
			if l.name == name && l.line <= n && l.line >= bestLine {
				best, bestLine = l.id, l.line
			}
		}
		if best != "" {
			return best
		}
	}
	return s.globals[name]
}

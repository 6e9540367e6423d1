package viewmodel

import (
	"slices"
	"strings"
)

// Program is the program the listing shows (pid 2's, as loaded), with
// where every thread running it is, in any process: a forked child runs
// the same code, so its threads are marked too, each with its pid.
type Program struct {
	Name string
	// Language is "c" for a compiled C program, else "asm".
	Language string
	Source   string
	Lines    []SourceLine
	Errors   []ProgramError
	// Asm is what the compiler generated for each C line that has code,
	// in line order (nil for assembly: the listing is the code).
	Asm []AsmLine
	// Symbols are the C program's named objects, for the links between a
	// variable in the source and its place in every address space.
	Symbols []Symbol
	// Key names the program as loaded (the same Key, the same Asm and
	// Symbols), so ProgramCode is rendered once per program and language.
	Key string
}

// C reports whether the listing is C source.
func (p Program) C() bool { return p.Language == "c" }

// SourceLine is one line of the program listing.
type SourceLine struct {
	N    int
	Text string
	// Tokens split a C line into plain text and names of variables (nil:
	// the line is Text as it is).
	Tokens []Token
	Label  bool
	// Hue is the colour (1–6) this line shares with its assembly, 0 when
	// the compiler generated nothing for it.
	Hue     int
	Threads []ThreadMark
	Err     string
}

// Token is a piece of a C line: Sym is the id of the variable it names
// (a Symbol's ID), "" for plain text.
type Token struct {
	Text string
	Sym  string
}

// ThreadMark is a thread at a line: its process (pid 2's T2 and the
// forked pid 3's T3 are told apart by colour and label), its colour and
// the index of its next instruction, which the assembly marks.
type ThreadMark struct {
	Tid, Pid int
	Color    int
	Instr    int
}

// AsmLine is the code one source line compiled to, in the line's hue.
// Runs are its stretches of consecutive instructions (a for loop's test
// and increment are two).
type AsmLine struct {
	Line int
	Hue  int
	Runs [][]AsmInstr
}

// AsmInstr is one generated instruction at its address.
type AsmInstr struct {
	Index int
	Addr  string
	Text  string
}

// Symbol is a named object of a C program: a global, a static (gcc's
// name.N), a string literal (.LCn) or a local or parameter of a function.
type Symbol struct {
	ID   string // a global's name as placed; "func/name/line" for a local
	Name string // the name the source wrote ("" for a literal)
	Kind string // "global", "static", "literal", "local", "param"
	// Section is a global's .data, .bss or .rodata; Addr its address and
	// VPage the page that holds it (empty for a local: each call has its own).
	Section, Addr, VPage string
	Type                 string
	Line                 int
	Func                 string
	// Text is a string literal's value as C writes it ("parent\n").
	Text string
}

// ProgramError is one assembler or compiler error at its line.
type ProgramError struct {
	Line int
	Msg  string
}

// Terminal is what the programs printed, as a terminal shows it: writes
// of several processes interleaved in the order the machine ran them.
type Terminal struct {
	// Show says the panel belongs on the page: the program is C, or
	// something was printed.
	Show  bool
	Lines []TermLine
	// Dropped counts earlier lines left out.
	Dropped int
}

// TermLine is one line of the terminal. Parts keep who wrote which part:
// a line one process began without a newline can be ended by another.
type TermLine struct {
	Parts []TermPart
	// Open marks the last line when it has no newline yet.
	Open bool
}

// TermPart is the text one process wrote into a line.
type TermPart struct {
	Pid  int
	Text string
	// Err marks text written to stderr.
	Err bool
}

// Pids are the processes that wrote the line, in order, each once.
func (l TermLine) Pids() []int {
	var out []int
	for _, p := range l.Parts {
		if !slices.Contains(out, p.Pid) {
			out = append(out, p.Pid)
		}
	}
	return out
}

// Text is the whole line.
func (l TermLine) Text() string {
	var b strings.Builder
	for _, p := range l.Parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

package server

import (
	"strings"
	"testing"

	"procscope/sim"
	"procscope/templates"
	"procscope/viewmodel"
)

// forkThreadC forks after a thread ran: parent and child both run main,
// each with its own main thread (and the parent's worker), at lines of
// the same listing.
const forkThreadC = `#include <stdio.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/wait.h>

int counter = 1;
static int calls;

void *worker(void *arg) {
    counter++;
    return arg;
}

int main(void) {
    static int runs = 0;
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pid_t pid = fork();
    counter += 10;
    calls++;
    runs++;
    printf("pid %d counter %d\n", pid == 0, counter);
    pthread_join(t, NULL);
    if (pid > 0)
        wait(NULL);
    return 0;
}
`

// cState compiles and loads C source on the lab's machine and runs cmds.
func cState(t testing.TB, src string, cmds ...sim.Command) sim.State {
	t.Helper()
	srv, err := newServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.CloseSockets()
	l, err := srv.buildLab(labConfig{Seed: 1, Program: src, Language: "c"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cmds {
		for _, e := range l.Apply(c) {
			if e.Kind == sim.EvError {
				t.Fatalf("%v: %v", c, e.Err)
			}
		}
	}
	return l.Machine().State()
}

// untilFork steps until the child (pid 4: tid 3 is the thread) runs.
func untilFork(t *testing.T, src string) sim.State {
	t.Helper()
	for n := 10; n < 2000; n += 10 {
		st := cState(t, src, sim.Command{Op: sim.CmdStep, N: int64(n)})
		if p := st.Processes[len(st.Processes)-1]; p.PPid == 2 && len(p.Threads) > 0 {
			return st
		}
	}
	t.Fatal("the program never forked")
	return sim.State{}
}

func marks(p templates.Program) map[int][]templates.ThreadMark {
	out := map[int][]templates.ThreadMark{}
	for _, l := range p.Lines {
		if len(l.Threads) > 0 {
			out[l.N] = l.Threads
		}
	}
	return out
}

func TestTheListingMarksEveryProcessThatRunsTheProgram(t *testing.T) {
	st := untilFork(t, forkThreadC)
	prog := viewmodel.ProgramView(st)
	if prog.Language != "c" || !prog.C() {
		t.Fatalf("language %q, want c", prog.Language)
	}
	pids := map[int]bool{}
	for line, ms := range marks(prog) {
		for _, m := range ms {
			pids[m.Pid] = true
			if m.Instr < 0 || st.Program.Code().Instrs[m.Instr].Line != line {
				t.Errorf("T%d of P%d at line %d: instruction %d is not of that line", m.Tid, m.Pid, line, m.Instr)
			}
		}
	}
	child := st.Processes[len(st.Processes)-1]
	if !pids[2] || child.PPid != 2 || !pids[child.Pid] {
		t.Errorf("marked processes %v, want the parent 2 and the forked child %d", pids, child.Pid)
	}
}

func TestEachCLineWithCodeHasItsAssemblyInItsHue(t *testing.T) {
	st := cState(t, forkThreadC)
	prog := viewmodel.ProgramView(st)
	code := st.Program.Code()
	hues := map[int]int{}
	for _, l := range prog.Lines {
		hues[l.N] = l.Hue
	}
	seen := 0
	for _, a := range prog.Asm {
		if a.Hue < 1 || a.Hue > viewmodel.AsmHues || hues[a.Line] != a.Hue {
			t.Errorf("line %d: hue %d, the listing has %d", a.Line, a.Hue, hues[a.Line])
		}
		for _, run := range a.Runs {
			for k, in := range run {
				seen++
				if code.Instrs[in.Index].Line != a.Line || code.Instrs[in.Index].Text != in.Text {
					t.Errorf("line %d shows instruction %d %q of line %d", a.Line, in.Index, in.Text, code.Instrs[in.Index].Line)
				}
				if k > 0 && in.Index != run[k-1].Index+1 {
					t.Errorf("line %d: a run is not consecutive: %v", a.Line, run)
				}
				if want := viewmodel.HexAddr(st.Program.CodeBase + uint64(in.Index)<<st.Program.InstrShift); in.Addr != want {
					t.Errorf("instruction %d at %s, want %s", in.Index, in.Addr, want)
				}
			}
		}
	}
	inLines := 0
	for _, in := range code.Instrs {
		if in.Line > 0 {
			inLines++
		}
	}
	if seen != inLines || seen == 0 {
		t.Errorf("assembly shows %d instructions, the program has %d at lines", seen, inLines)
	}
	// counter++ in worker is one line of a load, an add and a store
	for _, a := range prog.Asm {
		if a.Line == 10 && (len(a.Runs) != 1 || len(a.Runs[0]) < 3) {
			t.Errorf("counter++: %+v", a.Runs)
		}
	}
}

func TestNamesInTheSourceLinkToTheirSymbols(t *testing.T) {
	st := cState(t, forkThreadC)
	prog := viewmodel.ProgramView(st)
	syms := map[string]templates.Symbol{}
	for _, s := range prog.Symbols {
		syms[s.ID] = s
	}
	line := func(n int) map[string]string { // name → symbol on line n
		out := map[string]string{}
		for _, tk := range prog.Lines[n-1].Tokens {
			if tk.Sym != "" {
				out[tk.Text] = tk.Sym
			}
		}
		return out
	}
	for _, tt := range []struct {
		line       int
		name, want string // want: the symbol id, or its prefix for a local (then the frame offset)
		kind       string
	}{
		{10, "counter", "counter", "global"},
		{20, "calls", "calls", "static"},
		{21, "runs", "runs.", "static"},
		{18, "pid", "main/pid/-", "local"},
		{9, "arg", "worker/arg/16", "param"},
		{23, "t", "main/t/-", "local"},
	} {
		got := line(tt.line)[tt.name]
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("line %d %s: symbol %q, want %q", tt.line, tt.name, got, tt.want)
			continue
		}
		if s := syms[got]; s.Kind != tt.kind {
			t.Errorf("%s: kind %q, want %q", got, s.Kind, tt.kind)
		}
	}
	if a, b := line(16)["t"], line(23)["t"]; a != b {
		t.Errorf("t is %q where declared and %q where used", a, b)
	}
	lit := line(22)
	var litSym string
	for text, id := range lit {
		if strings.HasPrefix(text, `"pid`) {
			litSym = id
		}
	}
	if s := syms[litSym]; s.Kind != "literal" || s.Section != ".rodata" || s.Addr == "" {
		t.Errorf("the printf format: %+v", s)
	}
	if s := syms["counter"]; s.Section != ".data" || s.VPage == "" || !strings.HasPrefix(s.Addr, "0x") {
		t.Errorf("counter: %+v", s)
	}
	// a member name, a comment and the preprocessor are text
	for _, n := range []int{1, 2} {
		if len(line(n)) != 0 {
			t.Errorf("line %d has symbols %v", n, line(n))
		}
	}
	// text and symbols together are the line
	for _, l := range prog.Lines {
		var b strings.Builder
		for _, tk := range l.Tokens {
			b.WriteString(tk.Text)
		}
		if b.String() != l.Text {
			t.Errorf("line %d tokens %q, the line is %q", l.N, b.String(), l.Text)
		}
	}
}

func TestAnAssemblyListingHasNoCParts(t *testing.T) {
	prog := viewmodel.ProgramView(asmState(t))
	if prog.C() || prog.Asm != nil || prog.Symbols != nil {
		t.Errorf("assembly program: %+v", prog)
	}
	for _, l := range prog.Lines {
		if l.Tokens != nil || l.Hue != 0 {
			t.Fatalf("line %d: %+v", l.N, l)
		}
	}
}

// asmState is the state of a fresh lab running the assembly counter.
func asmState(t *testing.T) sim.State {
	t.Helper()
	l, err := sim.NewLab(sim.Config{Seed: 1, Program: asmCounter, Language: "asm"})
	if err != nil {
		t.Fatal(err)
	}
	return l.Machine().State()
}

// A local in a map's stack frame carries the symbol the source gives
// its name, in the parent and in the forked child alike.
func TestAStackFrameNamesTheSourcesLocals(t *testing.T) {
	st := untilFork(t, forkThreadC)
	lab := viewmodel.LabFromState(st, nil)
	var want string
	for _, tk := range lab.Program.Lines[15].Tokens { // pthread_t t;
		if tk.Text == "t" {
			want = tk.Sym
		}
	}
	found := map[int]bool{}
	for _, p := range lab.Procs {
		for _, row := range p.Map {
			for _, f := range row.Frames {
				for _, l := range f.Locals {
					if l.Sym == want && l.Var == "t" {
						found[p.Pid] = true
					}
				}
			}
		}
	}
	if want == "" || !found[2] || len(found) != 2 {
		t.Errorf("local t (%q) named in the stack frames of %v, want the parent's and the child's", want, found)
	}
}

// BenchmarkProgramViewC is the listing's share of a frame's work for a
// small C program: the view and both of its fragments.
func BenchmarkProgramViewC(b *testing.B) {
	st := cState(b, forkThreadC, sim.Command{Op: sim.CmdStep, N: 40})
	cat := templates.For("en")
	var sb strings.Builder
	for b.Loop() {
		prog := viewmodel.ProgramView(st)
		sb.Reset()
		if err := templates.ProgramView(cat, prog).Render(b.Context(), &sb); err != nil {
			b.Fatal(err)
		}
		if err := templates.CachedProgramCode(cat, prog).Render(b.Context(), &sb); err != nil {
			b.Fatal(err)
		}
	}
}

// The listing's static parts are computed once per program and reused,
// and a program loaded anew gets a key of its own.
func TestTheCListingIsComputedOncePerProgram(t *testing.T) {
	a := cState(t, forkThreadC)
	b := cState(t, forkThreadC, sim.Command{Op: sim.CmdStep, N: 20})
	pa, pa2, pb := viewmodel.ProgramView(a), viewmodel.ProgramView(a), viewmodel.ProgramView(b)
	if pa.Key == "" || pa.Key != pa2.Key {
		t.Errorf("the same program has keys %q and %q", pa.Key, pa2.Key)
	}
	if pa.Key == pb.Key {
		t.Errorf("two loads of the program share key %q", pa.Key)
	}
	if len(pb.Asm) != len(pa.Asm) || len(pb.Symbols) != len(pa.Symbols) {
		t.Errorf("the second load's listing differs: %d/%d lines of assembly, %d/%d symbols", len(pb.Asm), len(pa.Asm), len(pb.Symbols), len(pa.Symbols))
	}
}

// A string literal's value is shown as the C string it is, in the map
// and in its description, not as its first character's number.
func TestAStringLiteralShowsAsACString(t *testing.T) {
	lab := viewLab(t) // the free lab: printf("counter = %d\n", counter)
	var shown string
	for _, row := range procView(t, lab, 2).Map {
		for _, g := range row.Globals {
			if g.Name == ".LC0" {
				shown = g.Value
			}
		}
	}
	if want := `"counter = %d\n"`; shown != want {
		t.Errorf("the map shows .LC0 as %q, want %q", shown, want)
	}
	for _, s := range lab.Program.Symbols {
		if s.ID == ".LC0" && (s.Kind != "literal" || s.Text != `"counter = %d\n"`) {
			t.Errorf("symbol .LC0: %+v, want a literal with its text", s)
		}
	}
}

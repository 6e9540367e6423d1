package cc

import (
	"strings"
	"testing"

	"procscope/sim"
)

// The state names every local of every frame of every thread, with
// pointers described by what they point at.
func TestNamedFrames(t *testing.T) {
	src := `#include <pthread.h>
#include <stdlib.h>
int counter = 1;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
void *worker(void *arg) {
    int *p = &counter;
    char buf[8] = "hi";
    long *h = malloc(16);
    pthread_mutex_lock(&m);
    return p + buf[0] + *h ? arg : 0;
}
int main(void) {
    int x = 7;
    pthread_t t;
    pthread_mutex_lock(&m);
    pthread_create(&t, NULL, worker, &x);
    pthread_join(t, NULL);
    return x;
}
`
	prog, err := Compile("t", src)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.New(Config(prog))
	if err != nil {
		t.Fatal(err)
	}
	m.Apply(sim.Command{Op: sim.CmdUntil, Name: sim.UntilHalt})
	frames := map[string]sim.SourceFrame{}
	var workerTid int
	for _, p := range m.State().Processes {
		for _, th := range p.Threads {
			for _, f := range th.Source {
				frames[f.Function] = f
				if f.Function == "worker" {
					workerTid = th.Tid
				}
			}
		}
	}
	w, mainF := frames["worker"], frames["main"]
	if w.Line != 9 || mainF.Line != 17 {
		t.Fatalf("worker at line %d (want 9), main at %d (want 17)", w.Line, mainF.Line)
	}
	vals := map[string]sim.NamedValue{}
	for _, f := range []sim.SourceFrame{w, mainF} {
		for _, l := range f.Locals {
			vals[l.Name] = l
		}
	}
	checks := []struct{ name, typ, points string }{
		{"p", "int *", "counter"},
		{"h", "long *", "heap block at"},
		{"arg", "void *", "local x of thread 2's frame main"},
	}
	for _, c := range checks {
		v, ok := vals[c.name]
		if !ok || v.Type != c.typ || !strings.HasPrefix(v.PointsTo, c.points) {
			t.Errorf("%s: %+v, want type %q pointing at %q", c.name, v, c.typ, c.points)
		}
	}
	if vals["buf"].Text != "hi" || vals["x"].Value != 7 || vals["x"].Addr != mainF.BP-4 {
		t.Errorf("buf %+v, x %+v (main's bp %#x)", vals["buf"], vals["x"], mainF.BP)
	}
	if workerTid == 0 || vals["t"].Value != int64(workerTid) {
		t.Errorf("pthread_t t = %d, want the worker's tid %d", vals["t"].Value, workerTid)
	}
}

// The terminal keeps every write with its pid, and back/goto restore it.
func TestTerminalInState(t *testing.T) {
	prog, err := Compile("t", "#include <stdio.h>\n#include <unistd.h>\n#include <sys/wait.h>\nint main(void) {\n    printf(\"a \");\n    if (fork() == 0) { printf(\"child\\n\"); return 0; }\n    wait(NULL);\n    printf(\"parent\\n\");\n    return 0;\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	lab, err := sim.NewLab(Config(prog))
	if err != nil {
		t.Fatal(err)
	}
	lab.Apply(sim.Command{Op: sim.CmdUntil, Name: sim.UntilHalt})
	st := lab.Machine().State()
	if st.Program.Language != "c" || len(st.Terminal) != 2 {
		t.Fatalf("language %q terminal %+v", st.Program.Language, st.Terminal)
	}
	if w := st.Terminal[0]; w.Pid != 3 || w.Text != "a child\n" || st.Terminal[1].Pid != 2 || st.Terminal[1].Text != "a parent\n" {
		t.Errorf("terminal %+v, want the child's then the parent's line, each with the text printed before fork", st.Terminal)
	}
	if err := lab.Goto(st.Terminal[1].Tick - 1); err != nil {
		t.Fatal(err)
	}
	if n := len(lab.Machine().State().Terminal); n != 1 {
		t.Errorf("after going back before the parent's write, the terminal has %d writes, want 1", n)
	}
}

// A char array global, a string literal among them, carries its
// characters in the state (up to its NUL); other globals carry none.
func TestCharArrayGlobalsCarryTheirText(t *testing.T) {
	src := `#include <stdio.h>
char name[8] = "ab";
const char greeting[] = "hi\tthere";
char empty[4];
int n = 5;
int main(void) {
    printf("parent\n");
    return n + name[0] + greeting[0] + empty[0];
}
`
	prog, err := Compile("t", src)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.New(Config(prog))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]sim.GlobalState{}
	for _, p := range m.State().Processes {
		if p.Pid == 2 {
			for _, g := range p.Globals {
				got[g.Name] = g
			}
		}
	}
	for name, want := range map[string]string{"name": "ab", "greeting": "hi\tthere", "empty": "", ".LC0": "parent\n"} {
		if g := got[name]; !g.IsText || g.Text != want {
			t.Errorf("%s: text %q (is text %v), want %q", name, g.Text, g.IsText, want)
		}
	}
	if g := got["n"]; g.IsText || g.Text != "" || g.Value != 5 {
		t.Errorf("n: %+v, want the int 5 and no text", g)
	}
}

// A C function's stack frame holds each of its locals at its own address,
// an int four bytes below bp included, with the value its name has.
func TestACFrameHoldsItsLocalsWords(t *testing.T) {
	src := `int counter;
void *worker(void *arg) {
    for (int i = 0; i < 5; i++)
        counter++;
    return arg;
}
int main(void) {
    long big = 7;
    worker(0);
    return big;
}
`
	prog, err := Compile("t", src)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.New(Config(prog))
	if err != nil {
		t.Fatal(err)
	}
	m.Apply(sim.Command{Op: sim.CmdUntil, Name: sim.UntilHalt, N: 40})
	th := m.State().Processes[1].Threads[0]
	words := map[uint64]int64{}
	for _, f := range th.Frames {
		for _, w := range f.Words {
			words[w.Addr] = w.Value
		}
	}
	seen := 0
	for _, f := range th.Source {
		for _, l := range f.Locals {
			if l.Name == "arg" {
				continue // a parameter lies in its caller's frame
			}
			seen++
			if v, ok := words[l.Addr]; !ok || v != l.Value {
				t.Errorf("%s's %s at %#x: frame word %d (present %v), want %d", f.Function, l.Name, l.Addr, v, ok, l.Value)
			}
		}
	}
	if seen != 2 {
		t.Errorf("checked %d locals, want i and big: %+v", seen, th.Source)
	}
}

// A pointer global says it is one, so a view shows its value as an
// address; an int and a char array do not.
func TestPointerGlobalsSayTheyArePointers(t *testing.T) {
	src := `#include <stdlib.h>
int counter;
int *p;
char *block;
char name[4] = "ab";
int main(void) {
    p = &counter;
    block = malloc(16);
    return *p;
}
`
	prog, err := Compile("t", src)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.New(Config(prog))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.State().Processes {
		for _, g := range p.Globals {
			if want := g.Name == "p" || g.Name == "block"; g.Pointer != want && p.Pid == 2 {
				t.Errorf("%s: pointer %v, want %v", g.Name, g.Pointer, want)
			}
		}
	}
}

package cc

import (
	"testing"

	"procscope/sim"
)

// counter++ on a global int is exactly a load, an add and a store, so the
// race between two threads shows.
func TestCounterIncrementIsThreeInstructions(t *testing.T) {
	prog, err := Compile("t", "int counter;\nint main(void) {\n    counter++;\n    return 0;\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	var ops []sim.Opcode
	for _, in := range prog.Instrs {
		if in.Line == 3 {
			ops = append(ops, in.Op)
		}
	}
	want := []sim.Opcode{sim.OpMovsl, sim.OpAdd, sim.OpMovl}
	if len(ops) != 3 || ops[0] != want[0] || ops[1] != want[1] || ops[2] != want[2] {
		t.Fatalf("line 3 compiles to %v, want %v", ops, want)
	}
}

func runC(t *testing.T, src string) *Result {
	t.Helper()
	prog, err := Compile("t", src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(prog, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestDivisionByZeroIsSIGFPE(t *testing.T) {
	res := runC(t, "#include <stdio.h>\nint zero;\nint main(void) { printf(\"x\"); return 5 / zero; }\n")
	if res.Status != 128+sim.SIGFPE || res.Stdout != "" {
		t.Fatalf("status %d stdout %q: want SIGFPE and the unflushed x lost", res.Status, res.Stdout)
	}
}

// The race shows: two threads without a lock lose increments when the
// scheduler interrupts between load and store.
func TestRaceLosesUpdates(t *testing.T) {
	res := runC(t, `#include <pthread.h>
#include <stdio.h>
int counter;
void *w(void *a) { for (int i = 0; i < 2000; i++) counter++; return a; }
int main(void) {
    pthread_t x, y;
    pthread_create(&x, NULL, w, NULL);
    pthread_create(&y, NULL, w, NULL);
    pthread_join(x, NULL);
    pthread_join(y, NULL);
    printf("%d\n", counter);
    return 0;
}
`)
	if res.Stdout == "4000\n" {
		t.Fatalf("no update was lost: the interleaving does not show the race")
	}
}

// Every instruction maps to a source line, and the symbol table names the
// locals with their frame offsets and scopes.
func TestDebugInfo(t *testing.T) {
	prog, err := Compile("t", "int g = 1;\nint f(int a) {\n    int b = a + g;\n    return b;\n}\nint main(void) { return f(2); }\n")
	if err != nil {
		t.Fatal(err)
	}
	var f *sim.DebugFunc
	for i := range prog.Debug.Funcs {
		if prog.Debug.Funcs[i].Name == "f" {
			f = &prog.Debug.Funcs[i]
		}
	}
	if f == nil || len(f.Locals) != 2 {
		t.Fatalf("f's debug info: %+v", f)
	}
	a, b := f.Locals[0], f.Locals[1]
	if !a.Param || a.Offset != 16 || a.Type != "int" || b.Param || b.Offset >= 0 || b.Start < f.Entry || b.End > f.End || b.Start >= b.End {
		t.Errorf("locals: %+v %+v", a, b)
	}
	for i := f.Entry; i < f.End; i++ {
		if l := prog.Instrs[i].Line; l < 2 || l > 5 {
			t.Errorf("instruction %d of f has line %d", i, l)
		}
	}
	if g := prog.Debug.Globals[0]; g.Name != "g" || g.Section != "data" || g.Size != 4 {
		t.Errorf("global: %+v", g)
	}
}

// main(int argc, char *argv[]) gets argc 1 and argv {program name, NULL}.
func TestMainArgs(t *testing.T) {
	prog, err := Compile("hello", "#include <stdio.h>\nint main(int argc, char *argv[]) {\n    printf(\"%d %s %d\\n\", argc, argv[0], argv[1] == NULL);\n    return 0;\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(prog, 100000)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stdout != "1 hello 1\n" {
		t.Errorf("stdout %q", res.Stdout)
	}
}

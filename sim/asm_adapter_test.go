package sim

import (
	"errors"
	"testing"

	"procscope/sim/asm"
)

func TestNewReportsEveryProgramProblemWithItsLine(t *testing.T) {
	src := ".main\nmvo $1, %ax\nj .nowhere\nmov $1, %gx\nhalt\n"
	_, err := New(Config{Program: src})
	var list asm.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("New: %v, want an error wrapping asm.ErrorList", err)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("error does not wrap ErrInvalid: %v", err)
	}
	var lines []int
	for _, e := range list {
		lines = append(lines, e.Line)
	}
	if len(lines) != 3 || lines[0] != 2 || lines[1] != 3 || lines[2] != 4 {
		t.Errorf("problems on lines %v, want [2 3 4]: %v", lines, err)
	}
}

func TestAssembledProgramMatchesTheBuiltinDialect(t *testing.T) {
	src := ".var count\n.var flags 3\n.data limit 10 20\n.rodata msg 7\n.bss buf 64\n.main\n.top\nmov count, %ax\nadd $1, %ax\nmov %ax, count\nmdump 100\nxchg %ax, 0(%bx,%cx,4)\nspawn .top, $3\ntest $0, %bx\njgt .top\nhalt\n"
	got, err := assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	want, err := buildProgram("main", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Instrs) != len(want.Instrs) {
		t.Fatalf("%d instructions, want %d", len(got.Instrs), len(want.Instrs))
	}
	for i := range want.Instrs {
		g, w := got.Instrs[i], want.Instrs[i]
		if g.Op != w.Op || g.Line != w.Line || g.A.Kind != w.A.Kind || g.B.Kind != w.B.Kind ||
			g.A.Reg != w.A.Reg || g.B.Reg != w.B.Reg || g.A.Disp != w.A.Disp || g.B.Index != w.B.Index ||
			g.B.Scale != w.B.Scale || g.A.Target != w.A.Target || g.A.Label != w.A.Label || g.A.Var != w.A.Var {
			t.Errorf("instruction %d (%s) = %+v, want %+v", i, w.Text, g, w)
		}
	}
	for i, v := range want.Vars {
		if g := got.Vars[i]; g.Name != v.Name || g.Section != v.Section || g.Size != v.Size || len(g.Init) != len(v.Init) {
			t.Errorf("var %s = %+v, want %+v", v.Name, g, v)
		}
	}
	if got.Labels["top"] != want.Labels["top"] || got.Labels["main"] != 0 {
		t.Errorf("labels %v, want %v", got.Labels, want.Labels)
	}
}

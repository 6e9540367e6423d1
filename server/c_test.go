package server

import (
	"strings"
	"testing"

	"procscope/viewmodel"
)

// load takes C (detected, or language "c"): the program runs on the
// linux-x86_64 machine, its threads carry named frames, and its output
// arrives as output events.
func TestLoadC(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{})
	src := "#include <stdio.h>\nint counter = 3;\nint main(void) {\n    int local = 4;\n    printf(\"%d\\n\", counter + local);\n    return 0;\n}\n"
	c.do(map[string]any{"op": "load", "program": src})
	c.do(map[string]any{"op": "step", "n": 8})
	st, _ := c.snapshot()
	p := process(t, st, 2)
	if global(t, p, "counter").Value != 3 || len(p.Threads[0].Source) != 1 || p.Threads[0].Source[0].Function != "main" {
		t.Fatalf("C program state: globals %+v threads %+v", p.Globals, p.Threads)
	}
	f := c.do(map[string]any{"op": "step", "n": 100})
	if ev := eventOf(f, "output"); ev == nil || ev["name"] != "7\n" {
		t.Errorf("no output event with 7: %v", f["events"])
	}
}

func TestABadCProgramIsExplainedInThePagesLanguage(t *testing.T) {
	h := newHarness(t, Config{})
	for _, tt := range []struct{ lang, msg string }{
		{"en", "'countr' is not declared; did you mean 'counter'?"},
		{"ko", "'countr'는 선언되지 않았습니다. 'counter'를 쓰려던 것인가요?"},
	} {
		c := jsonClient(t, h, map[string]any{"lang": tt.lang})
		c.send(map[string]any{"op": "load", "language": "c", "program": "int counter;\nint main(void) {\n    countr++;\n    return 0;\n}\n"})
		e := c.wantError(CodeBadProgram)
		probs, _ := e["problems"].([]any)
		if len(probs) != 1 {
			t.Fatalf("%s: problems %v", tt.lang, e)
		}
		p := probs[0].(map[string]any)
		if num(p, "line") != 3 || num(p, "col") != 5 || p["message"] != tt.msg || !strings.Contains(e["message"].(string), tt.msg) {
			t.Errorf("%s: problem %v (message %q), want 3:5 %q", tt.lang, p, e["message"], tt.msg)
		}
	}
	c := jsonClient(t, h, map[string]any{})
	c.send(map[string]any{"op": "load", "language": "fortran", "program": "x"})
	c.wantError(CodeBadCommand)
}

// The C runtime's own globals (__stdout_buf, __thread_results,
// __progname) take their place in memory but are not drawn among the
// program's variables or offered to the write control.
func TestTheCRuntimesGlobalsStayHidden(t *testing.T) {
	srv, err := newServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.CloseSockets()
	l, err := srv.buildLab(labConfig{Seed: 1, Language: "c", Program: "#include <stdio.h>\nint counter;\nlong value = 1;\nint main(void) {\n    printf(\"%d\\n\", counter);\n    return 0;\n}\n"})
	if err != nil {
		t.Fatal(err)
	}
	st := l.Machine().State()
	hidden := 0
	for _, g := range process(t, st, 2).Globals {
		if strings.HasPrefix(g.Name, "__") {
			hidden++
		}
	}
	if hidden == 0 {
		t.Fatal("the C runtime placed no globals of its own: nothing to hide")
	}
	p := procView(t, viewmodel.LabFromState(st, nil), 2)
	var drawn []string
	for _, row := range p.Map {
		for _, g := range row.Globals {
			drawn = append(drawn, g.Name)
		}
	}
	for _, names := range [][]string{drawn, p.Globals} {
		joined := strings.Join(names, " ")
		if strings.Contains(joined, "__") || !strings.Contains(joined, "counter") || !strings.Contains(joined, "value") {
			t.Errorf("shown globals %q, want the program's own (counter, value) and none of the runtime's", joined)
		}
	}
}

// "Spawn thread" in a C lab starts the program's thread function, as
// pthread_create would; a C program without one offers no button.
func TestTheSpawnButtonOfACLabNamesItsThreadFunction(t *testing.T) {
	srv, err := newServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.CloseSockets()
	for _, tt := range []struct{ lesson, fn string }{{"threads-share", "worker"}, {"fork-cow", ""}, {"", "worker"}} {
		l, err := srv.buildLab(labConfig{Seed: 1, Lesson: tt.lesson})
		if err != nil {
			t.Fatal(err)
		}
		p := procView(t, viewmodel.LabFromState(l.Machine().State(), nil), 2)
		if !p.CProgram || p.ThreadFunc != tt.fn {
			t.Errorf("%q: C %v, thread function %q, want C and %q", tt.lesson, p.CProgram, p.ThreadFunc, tt.fn)
		}
	}
	l, err := srv.buildLab(labConfig{Seed: 1, Program: asmCounter, Language: "asm"})
	if err != nil {
		t.Fatal(err)
	}
	if p := procView(t, viewmodel.LabFromState(l.Machine().State(), nil), 2); p.CProgram || p.ThreadFunc != "" {
		t.Errorf("the assembly lab: C %v, thread function %q, want neither", p.CProgram, p.ThreadFunc)
	}
}

package server

import (
	"strings"
	"testing"
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

package cc

import (
	"errors"
	"strings"
	"testing"
)

// Every common mistake is reported at its line:column with a stable code
// and a message in both languages.
func TestErrors(t *testing.T) {
	cases := []struct {
		src        string
		code       string
		line, col  int
		enContains string
	}{
		{"int main(void) { int x = 1\n return x; }", "c-missing-semicolon", 1, 27, "expected ';' after '1'"},
		{"int main(void) { return 0 }", "c-missing-semicolon", 1, 26, "';'"},
		{"int counter;\nint main(void) { countr++; return 0; }", "c-undeclared-suggest", 2, 18, "did you mean 'counter'"},
		{"int main(void) { return zzz; }", "c-undeclared", 1, 25, "'zzz' is not declared"},
		{"int f(int a) { return a; }\nint main(void) { return f(1, 2); }", "c-arg-count", 2, 25, "f takes 1 argument(s), but 2 were given"},
		{"#include <stdio.h>\nint main(void) { printf(); return 0; }", "c-arg-count-min", 2, 18, "at least 1"},
		{"int main(void) { float f = 1; return 0; }", "c-float", 1, 18, "integers only"},
		{"int main(void) { int x = 1.5; return x; }", "c-float", 1, 26, "1.5"},
		{"#include <stdio.h>\nint main(void) { printf(\"hi\\n\"); return 0; }\n#if 0\n", "c-directive", 3, 1, "#if"},
		{"#include <windows.h>\nint main(void) { return 0; }", "c-unknown-header", 1, 1, "windows.h"},
		{"#define SQ(x) ((x)*(x))\nint main(void) { return 0; }", "c-define-form", 1, 1, "#define NAME integer"},
		{"int main(void) { printf(\"x\"); return 0; }", "c-needs-header", 1, 18, "#include <stdio.h>"},
		{"int main(void) { scanf(\"%d\"); return 0; }", "c-unsupported", 1, 18, "scanf"},
		{"int x; int x; int main(void) { return 0; }", "", 0, 0, ""}, // a tentative definition twice is C
		{"int main(void) { int x; int x; return 0; }", "c-redefined", 1, 29, "already defined"},
		{"int main(void) { 3 = 4; return 0; }", "c-not-lvalue", 1, 20, "assigned"},
		{"const int k = 1; int main(void) { k = 2; return 0; }", "c-const-assign", 1, 37, "const"},
		{"int main(void) { int x; return *x; }", "c-not-pointer", 1, 32, "pointer"},
		{"struct p { int a; }; int main(void) { struct p v; return v.b; }", "c-no-member", 1, 60, "no member named 'b'"},
		{"int main(void) { int x = 1; char *c = (char *)&x; return *c; }", "c-byte-alias", 1, 39, "one value per address"},
		{"int main(void) { break; }", "c-break-outside", 1, 18, "loop"},
		{"int f(void) { return 1; }", "c-no-main", 1, 1, "no main"},
		{"int main(void) { union u; return 0; }", "c-unsupported", 1, 18, "union"},
		{"int main(void) { return \"abc; }", "c-unterminated-string", 1, 25, "closing"},
		{"int main(void) { /* return 0; }", "c-unterminated-comment", 1, 18, "never closed"},
		{"int main(void) { int a[3] = {1, 2, 3, 4}; return 0; }", "c-too-many-initialisers", 1, 39, "too many"},
		{"int g = 1;\nint *p = &g;\nint main(void) { return 0; }", "c-global-address", 2, 10, "assign it in main"},
		{"void f(void) { return 1; }\nint main(void) { f(); return 0; }", "c-return-value", 1, 16, "returns void"},
		{"int main(void) { goto out; }", "c-unsupported", 1, 18, "goto"},
		{"int main(void) { int x = 08; return x; }", "c-bad-number", 1, 26, "08"},
		{"int main(void) { return 0; } @", "c-bad-char", 1, 30, "\"@\""},
		{"int main(void) { int x; x(); return 0; }", "c-not-function", 1, 26, "not a function"},
	}
	for _, c := range cases {
		_, err := Compile("t", c.src)
		if c.code == "" {
			if err != nil {
				t.Errorf("%q: unexpected %v", c.src, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: want %s, got %v", c.src, c.code, err)
			continue
		}
		if e.Code != c.code || e.Line != c.line || e.Col != c.col {
			t.Errorf("%q: want %s at %d:%d, got %s at %d:%d (%s)", c.src, c.code, c.line, c.col, e.Code, e.Line, e.Col, e.Message("en"))
		}
		if !strings.Contains(e.Message("en"), c.enContains) {
			t.Errorf("%q: English %q lacks %q", c.src, e.Message("en"), c.enContains)
		}
		if ko := e.Message("ko"); ko == e.Message("en") || ko == "" {
			t.Errorf("%q: no Korean message: %q", c.src, ko)
		}
	}
}

// Every code has an English and a Korean text with the same arguments.
func TestMessagesComplete(t *testing.T) {
	for _, code := range Codes() {
		m := messages[code]
		if m.en == "" || m.ko == "" || m.en == m.ko {
			t.Errorf("%s: missing a language", code)
		}
		if strings.Count(m.en, "%") != strings.Count(m.ko, "%") {
			t.Errorf("%s: English and Korean take different arguments", code)
		}
	}
}

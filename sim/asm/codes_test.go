package asm

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// badPrograms holds, for every code, a program that reports it, with the
// Args it must carry.
var badPrograms = []struct {
	name string
	src  string
	code string
	args []string
}{
	{"an indented label", ".main\n  .top\nhalt\n", "indented-label", []string{".top"}},
	{"an indented declaration", "  .var x\nhalt\n", "indented-directive", []string{".var"}},
	{"an instruction after a label", ".top mov $1, %ax\n", "label-not-alone", []string{".top", "mov $1, %ax"}},
	{"a label with a colon", ".top:\n", "label-colon", []string{".top:", ".top"}},
	{"a label with a bad character", ".a-b\nhalt\n", "bad-label-name", []string{".a-b"}},
	{"a label defined twice", ".a\n.a\nhalt\n", "duplicate-label", []string{".a", "1"}},
	{"a declaration without a name", ".var\n", "directive-no-name", []string{".var", ".var NAME [COUNT]"}},
	{"a variable name starting with a digit", ".var 9x\n", "bad-variable-name", []string{".var", "9x"}},
	{"a .var with two counts", ".var x 1 2\n", "directive-extra", []string{".var NAME [COUNT]", "2"}},
	{"a .var of zero elements", ".var x 0\n", "bad-var-count", []string{"x", "0"}},
	{"a .var of too many elements", ".var x 99999999999999\n", "var-count-too-large", []string{"x", "99999999999999"}},
	{"a .bss without a size", ".bss buf\n", "bss-form", []string{".bss NAME SIZE", ".bss buf"}},
	{"a .bss of zero bytes", ".bss buf 0\n", "bad-bss-size", []string{"buf", "0"}},
	{"a .data without a value", ".data x\n", "data-no-value", []string{".data", "x", ".data NAME VALUE..."}},
	{"a .data with a word for a value", ".data x 1 two\n", "bad-initial-value", []string{"x", "two"}},
	{"a variable declared twice", ".var x\n.var x\n", "duplicate-variable", []string{"x", "1"}},
	{"a GNU-style label", "top:\nhalt\n", "mnemonic-with-colon", []string{"top:", "top"}},
	{"an upper-case mnemonic", "MOV $1, %ax\n", "mnemonic-upper-case", []string{"MOV", "mov"}},
	{"a typo in the mnemonic", "mvo $1, %ax\nhalt\n", "unknown-mnemonic", []string{"mvo"}},
	{"nested parentheses", "mov ((%ax)), %bx\n", "nested-parens", []string{"mov", "((%ax)), %bx"}},
	{"a ) before any (", "mov %ax), %bx\n", "unmatched-close-paren", []string{"mov", "%ax), %bx"}},
	{"a ( never closed", "mov 4(%ax, %bx\n", "unclosed-paren", []string{"mov", "4(%ax, %bx"}},
	{"two commas in a row", "mov $1,, %ax\n", "empty-operand", []string{"mov", "2", "$1,, %ax"}},
	{"exec of a bad name", "exec 9x\n", "bad-program-name", []string{"exec", "9x"}},
	{"mdump of a register", "mdump %ax\n", "bad-address", []string{"mdump", "%ax"}},
	{"an immediate that is a word", "mov $x, %ax\n", "bad-immediate", []string{"mov", "$x"}},
	{"a register that does not exist", "mov $1, %gx\n", "bad-register", []string{"mov", "%gx"}},
	{"a label operand with a bad character", "j .a-b\n", "bad-label-operand", []string{"j", ".a-b"}},
	{"a variable operand with a bad character", "mov $1, x-y\n", "bad-variable-operand", []string{"mov", "x-y"}},
	{"a variable never declared", "mov count, %ax\n", "undeclared-variable", []string{"mov", "count"}},
	{"a label used without its dot", ".top\nmov top, %ax\n", "undeclared-variable-is-label", []string{"mov", "top"}},
	{"a register used without its %", "mov ax, %bx\n", "undeclared-variable-is-register", []string{"mov", "ax"}},
	{"an operand of no kind", "mov $1, @\n", "bad-operand", []string{"mov", "@"}},
	{"a minus with no number", "mov -, %cx\n", "mem-minus-alone", []string{"mov", "-"}},
	{"a displacement with an underscore", "mov 1_0(%ax), %cx\n", "mem-bad-displacement", []string{"mov", "1_0(%ax)"}},
	{"a memory operand whose ( is never closed", "mov $1, 4(%ax\n", "unclosed-paren", []string{"mov", "$1, 4(%ax"}},
	{"text after )", "mov 4(%ax)x, %cx\n", "mem-text-after-paren", []string{"mov", "4(%ax)x", "x"}},
	{"four parts in parentheses", "mov 4(%ax,%bx,4,5), %cx\n", "mem-too-many-parts", []string{"mov", "4(%ax,%bx,4,5)"}},
	{"a scale that is a word", "mov 4(%ax,%bx,x), %cx\n", "mem-bad-scale", []string{"mov", "4(%ax,%bx,x)"}},
	{"a base without its %", "mov 4(ax), %cx\n", "mem-not-register", []string{"mov", "4(ax)", "ax"}},
	{"a base that is no register", "mov 4(%gx), %cx\n", "mem-unknown-register", []string{"mov", "4(%gx)", "%gx"}},
	{"add with one operand", "add $1\n", "wrong-operand-count", []string{"add", "IR|RR", "1"}},
	{"ret with an operand", "ret %ax\n", "wrong-operand-count", []string{"ret", "", "1"}},
	{"read with no operand", "halt\nread\n", "wrong-operand-count", []string{"read", "R|I|RM|IM", "0"}},
	{"push of an immediate", "push $1\n", "wrong-operands", []string{"push", "R|M", "I"}},
	{"read from a descriptor in memory", ".var fd\nread fd\n", "wrong-operands-fd", []string{"read", "R|I|RM|IM", "M"}},
	{"read into a register", "read %cx, %ax\n", "wrong-operands-read", []string{"read", "R|I|RM|IM", "RR"}},
	{"write of a label", ".top\nwrite %dx, .top\n", "wrong-operands-write", []string{"write", "RR|RI|IR|II|RM|IM", "RL"}},
	{"a shm key in memory", ".var k\nshm k\n", "wrong-operands-shm-key", []string{"shm", "R|I", "M"}},
	{"lock of a register", "lock %ax\n", "wrong-operands-lock", []string{"lock", "M", "R"}},
	{"mov from memory to memory", ".var a\n.var b\nmov a, b\n", "mov-two-memory", nil},
	{"a jump to nowhere", "j .nowhere\nhalt\n", "undefined-label", []string{"j", ".nowhere"}},
	{"a jump to a variable", ".var x\nj .x\nhalt\n", "undefined-label-is-variable", []string{"j", ".x", "x"}},
	{"a jump to a bare name", ".top\nhalt\njmp loop\n", "undefined-label", []string{"jmp", "loop"}},
	{"a missing comma", "mov $1 %ax\n", "missing-comma", []string{"mov", "$1 %ax", "$1, %ax"}},
	{"a jump past the last instruction", "j .end\nhalt\n.end\n", "label-at-end", []string{"j", ".end"}},
}

func TestEveryErrorHasARegisteredCodeAndItsArgs(t *testing.T) {
	nargs := map[string]int{}
	for _, c := range Codes() {
		if _, dup := nargs[c.Code]; dup {
			t.Errorf("code %s is listed twice", c.Code)
		}
		nargs[c.Code] = len(c.Args)
	}
	seen := map[string]bool{}
	for _, tt := range badPrograms {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.src)
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("Parse(%q) = %v, want one error", tt.src, err)
			}
			e := list[0]
			seen[e.Code] = true
			n, ok := nargs[e.Code]
			if !ok {
				t.Fatalf("error %q has code %q, which Codes() does not list", e.Msg, e.Code)
			}
			if len(e.Args) != n {
				t.Errorf("code %s has %d args %q, Codes() says %d", e.Code, len(e.Args), e.Args, n)
			}
			if e.Code != tt.code || !slices.Equal(e.Args, tt.args) {
				t.Errorf("code %s args %q, want %s %q (%s)", e.Code, e.Args, tt.code, tt.args, e.Msg)
			}
		})
	}
	// splitOperands finds an unclosed ( in any operand before parseMem
	// sees it; parseMem still reports it when called alone.
	if _, is := parseMem("4(%ax"); is != nil && is.code == "mem-missing-paren" && slices.Equal(is.args, []string{"4(%ax"}) {
		seen[is.code] = true
	}
	for _, c := range Codes() {
		if !seen[c.Code] {
			t.Errorf("no bad program reports %s", c.Code)
		}
	}
}

// TestEveryCodeOfTheErrorTable checks the codes of every program in
// TestParseErrors and the fuzz seeds too.
func TestEveryCodeOfTheErrorTable(t *testing.T) {
	nargs := map[string]int{}
	for _, c := range Codes() {
		nargs[c.Code] = len(c.Args)
	}
	srcs := []string{
		"mov $1, %gx\nhalt\nj .x\n  .y\nfoo\n", "mov $1, $2\n", "add $1, 2000\n", "mov\n", "mov $1, %ax, %bx\n",
		".var f\ncall f\n", "j 1000\n", "mov $99999999999999999999, %ax\n", ".var w\nspawn w\n", "read $3, $1\n",
		"read %cx, %ax, %bx\n", "write %dx\n", ".var fd\nwrite fd, $1\n", "close %cx, %dx\n", "close 2000\n", "shm\n",
		"unlock $100\n", "lock\n", "  .top\nj .nowhere\nmov ((\n", "read %ax, %bx\nwrite fd, $1\nclose\nshm 100\nlock $1\n",
		"  .data x 1\n", ".a:b\n", "exec .foo\n", "mov - 16 (%dx,%cx,4),%bx, (\n", "add $1 %ax\njne loop\n",
	}
	for _, src := range srcs {
		_, err := Parse(src)
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("Parse(%q) = %v, want errors", src, err)
			continue
		}
		for _, e := range list {
			n, ok := nargs[e.Code]
			if !ok || len(e.Args) != n {
				t.Errorf("%q: error %q has code %q and %d args; Codes() lists it: %v, with %d", src, e.Msg, e.Code, len(e.Args), ok, n)
			}
			for _, a := range e.Args {
				if a == "" && !strings.HasPrefix(e.Code, "wrong-operand") {
					t.Errorf("%q: error %q has an empty arg in %q", src, e.Msg, e.Args)
				}
			}
		}
	}
}

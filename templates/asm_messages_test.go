package templates

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"procscope/sim/asm"
)

var placeholderRE = regexp.MustCompile(`\{(\d+)\}`)

func TestEveryAssemblerCodeHasAKoreanMessageWithItsArgs(t *testing.T) {
	known := map[string]bool{}
	for _, c := range asm.Codes() {
		known[c.Code] = true
		t.Run(c.Code, func(t *testing.T) {
			m, ok := asmKo[c.Code]
			if !ok {
				t.Fatalf("no Korean message for %s", c.Code)
			}
			used := map[string]bool{}
			for _, sub := range placeholderRE.FindAllStringSubmatch(m, -1) {
				used[sub[1]] = true
			}
			if len(used) != len(c.Args) || placeholders(m) != len(c.Args) {
				t.Errorf("%q uses args %v, want each of the %d args %v", m, used, len(c.Args), c.Args)
			}
			if !strings.ContainsFunc(m, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
				t.Errorf("%q is not Korean", m)
			}
			if strings.Contains(m, "expected") || strings.Contains(m, "found") {
				t.Errorf("%q still speaks English", m)
			}
		})
	}
	for code := range asmKo {
		if !known[code] {
			t.Errorf("Korean message for %s, which sim/asm never reports", code)
		}
	}
}

// koOf assembles src and returns its one problem in lang.
func koOf(t *testing.T, src, lang string) (asm.Error, string) {
	t.Helper()
	_, err := asm.Parse(src)
	var list asm.ErrorList
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("Parse(%q) = %v, want one problem", src, err)
	}
	e := list[0]
	return e, AsmMessage(lang, e.Code, e.Args, e.Msg)
}

func TestAssemblerProblemsInKorean(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"a typo in the mnemonic", "mvo $1, %ax\nhalt\n", `알 수 없는 명령어입니다: "mvo". 쓸 수 있는 명령어는 mov, add, sub, test, j..., push, pop, call, ret, xchg, halt 등입니다.`},
		{"an indented label", ".main\n  .top\nhalt\n", "레이블은 1열에서 시작해야 합니다(x86.py는 들여쓴 레이블을 명령어로 읽습니다). .top 앞의 들여쓰기를 지우세요."},
		{"a jump to a variable", ".var x\nj .x\nhalt\n", "j: `.x` 레이블이 이 프로그램에 없습니다(x: 레이블이 아니라 변수입니다)."},
		{"a jump to a label that is not there", ".top\nhalt\njmp loop\n", "jmp: `loop` 레이블이 이 프로그램에 없습니다."},
		{"a missing comma", "mov $1 %ax\n", `mov: 피연산자 사이에 쉼표가 없습니다: "$1 %ax". $1, %ax처럼 쉼표로 나누어 쓰세요.`},
		{"a register without its %", "mov ax, %bx\n", `mov: 선언하지 않은 변수입니다: "ax". 레지스터는 %를 붙여 씁니다: %ax`},
		{"a variable declared twice", ".var x\n.var x\n", "같은 변수를 두 번 선언했습니다: x (처음 선언한 곳: 1행). 새 변수 이름을 쓰세요."},
		{"two immediates to mov", "mov $1, $2\n", "mov: 피연산자의 종류가 맞지 않습니다. 쓸 수 있는 형태: $숫자, %레지스터 또는 메모리, %레지스터 또는 %레지스터, %레지스터 또는 %레지스터, 메모리 또는 $숫자, 메모리. 쓴 것: $숫자, $숫자"},
		{"add with one operand", "add $1\n", "add: 피연산자 개수가 맞지 않습니다. 쓸 수 있는 형태: $숫자, %레지스터 또는 %레지스터, %레지스터. 쓴 것: 피연산자 1개"},
		{"exit with two operands", "exit %ax, %bx\n", "exit: 피연산자 개수가 맞지 않습니다. 쓸 수 있는 형태: 피연산자 없음 또는 %레지스터 또는 $숫자. 쓴 것: 피연산자 2개"},
		{"read with nothing", "halt\nread\n", "read: 피연산자 개수가 맞지 않습니다. 쓸 수 있는 형태: %레지스터 또는 $숫자 또는 %레지스터, 메모리 또는 $숫자, 메모리. 쓴 것: 피연산자 없음"},
		{"lock of a register", "lock %ax\n", "lock: 피연산자의 종류가 맞지 않습니다. 쓸 수 있는 형태: 메모리. 쓴 것: %레지스터 (뮤텍스는 그 값이 들어 있는 메모리 워드입니다. 주소를 값으로 주지 말고 lock mutex나 lock (%ax)처럼 쓰세요)"},
		{"text after ) in a memory operand", "mov 4(%ax)x, %cx\n", `mov: 잘못된 메모리 피연산자입니다: "4(%ax)x" (닫는 괄호 ) 뒤에 필요 없는 내용: "x"). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.`},
		{"source text that looks like a placeholder", "mov $1, {0}\n", `mov: 알 수 없는 피연산자입니다: "{0}". 피연산자는 $숫자, %레지스터, 메모리(2000, 8(%bp), 0(%fx,%bx,4)), 변수, .레이블 중 하나입니다.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, got := koOf(t, tt.src, "ko")
			if got != tt.want {
				t.Errorf("ko:\n got %s\nwant %s", got, tt.want)
			}
			if en := AsmMessage("en", e.Code, e.Args, e.Msg); en != e.Msg {
				t.Errorf("en = %q, want the assembler's %q", en, e.Msg)
			}
		})
	}
}

func TestAsmMessageFallsBackToEnglish(t *testing.T) {
	tests := []struct {
		name, lang, code string
		args             []string
	}{
		{"English", "en", "unknown-mnemonic", []string{"mvo"}},
		{"a language without a catalog", "fr", "unknown-mnemonic", []string{"mvo"}},
		{"no language", "", "unknown-mnemonic", []string{"mvo"}},
		{"a code the catalog does not know", "ko", "no-such-code", []string{"mvo"}},
		{"no code (a problem from outside the assembler)", "ko", "", nil},
		{"too few args", "ko", "duplicate-label", []string{".a"}},
		{"too many args", "ko", "unknown-mnemonic", []string{"mvo", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AsmMessage(tt.lang, tt.code, tt.args, "the English text"); got != "the English text" {
				t.Errorf("AsmMessage = %q, want the English text", got)
			}
		})
	}
}

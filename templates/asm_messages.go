package templates

import (
	"strconv"
	"strings"
)

// AsmMessage is an assembler problem (sim/asm's Error: its Code and Args)
// in the page's language. For "ko" it is the Korean text of code with
// args put in; for any other language, an unknown code or args that do
// not fit the code, it is english, the assembler's own text.
func AsmMessage(lang string, code string, args []string, english string) string {
	if Lang(lang) != "ko" {
		return english
	}
	m, ok := asmKo[code]
	if !ok || len(args) != placeholders(m) {
		return english
	}
	if strings.HasPrefix(code, "wrong-operand") && len(args) == 3 {
		args = []string{args[0], koForms(args[1]), koFound(code, args[2])}
	}
	pairs := make([]string, 0, 2*len(args))
	for i, a := range args {
		pairs = append(pairs, "{"+strconv.Itoa(i)+"}", a)
	}
	return strings.NewReplacer(pairs...).Replace(m)
}

// asmKo is the Korean text of every assembler problem (sim/asm's Codes):
// {N} is the code's N-th arg. Args are source text as written, line
// numbers and counts; the operand shapes of the wrong-operand codes are
// put in words by koForms and koFound first.
var asmKo = map[string]string{
	"indented-label":      "레이블은 1열에서 시작해야 합니다(x86.py는 들여쓴 레이블을 명령어로 읽습니다). {0} 앞의 들여쓰기를 지우세요.",
	"indented-directive":  "{0} 선언은 1열에서 시작해야 합니다(x86.py는 들여쓴 선언을 명령어로 읽습니다). {0} 앞의 들여쓰기를 지우세요.",
	"label-not-alone":     "레이블 {0} 뒤에 다른 내용이 있습니다: \"{1}\". 레이블은 한 줄에 혼자 쓰고, 명령어는 다음 줄에 쓰세요.",
	"label-colon":         "레이블에는 콜론(:)을 붙이지 않습니다. \"{0}\" 대신 {1}처럼 쓰세요.",
	"bad-label-name":      "레이블 이름은 점(.) 다음에 영문자, 숫자, _로 씁니다(예: .top). 잘못된 레이블 이름: \"{0}\"",
	"duplicate-label":     "같은 레이블을 두 번 정의했습니다: {0} (처음 정의한 곳: {1}행). 새 레이블 이름을 쓰세요.",
	"directive-no-name":   "{0} 뒤에 변수 이름이 없습니다. 형식: {1}",
	"bad-variable-name":   "{0} 뒤에는 변수 이름(영문자나 _로 시작하고 영문자, 숫자, _로 이루어진 이름)이 와야 합니다. 잘못된 이름: \"{1}\"",
	"directive-extra":     "필요 없는 내용이 더 있습니다: \"{1}\". 형식: {0}",
	"bad-var-count":       ".var {0}의 원소 개수는 1 이상이어야 합니다. 잘못된 값: \"{1}\"",
	"var-count-too-large": ".var {0}의 원소 개수가 너무 큽니다: {1}",
	"bss-form":            "형식이 맞지 않습니다: \"{1}\". 형식: {0}",
	"bad-bss-size":        ".bss {0}의 크기(바이트)는 1 이상이어야 합니다. 잘못된 값: \"{1}\"",
	"data-no-value":       "{0} {1} 뒤에 초기값이 없습니다. 형식: {2}",
	"bad-initial-value":   "{0}의 초기값은 정수여야 합니다. 잘못된 값: \"{1}\"",
	"duplicate-variable":  "같은 변수를 두 번 선언했습니다: {0} (처음 선언한 곳: {1}행). 새 변수 이름을 쓰세요.",

	"mnemonic-with-colon": "명령어가 아닙니다: \"{0}\". 레이블은 점으로 시작하고 콜론을 붙이지 않습니다(예: .{1}).",
	"mnemonic-upper-case": "명령어가 아닙니다: \"{0}\". 명령어는 소문자로 씁니다: {1}",
	"unknown-mnemonic":    "알 수 없는 명령어입니다: \"{0}\". 쓸 수 있는 명령어는 mov, add, sub, test, j..., push, pop, call, ret, xchg, halt 등입니다.",

	"nested-parens":         "{0}: 피연산자 하나에는 괄호를 한 쌍만 쓸 수 있는데, 괄호가 겹쳐 있습니다: \"{1}\"",
	"unmatched-close-paren": "{0}: 여는 괄호 ( 없이 닫는 괄호 )가 있습니다: \"{1}\"",
	"unclosed-paren":        "{0}: 여는 괄호 (를 닫는 )가 줄 끝까지 없습니다: \"{1}\"",
	"empty-operand":         "{0}: {1}번째 피연산자가 비어 있습니다: \"{2}\"",

	"bad-program-name":                "{0}: 프로그램 이름(영문자, 숫자, _)이 와야 합니다. 잘못된 이름: \"{1}\"",
	"bad-address":                     "{0}: 메모리 주소는 2000 같은 정수로 씁니다. 잘못된 주소: \"{1}\"",
	"bad-immediate":                   "{0}: 즉시값은 $5나 $-3처럼 64비트 정수로 씁니다. 잘못된 값: \"{1}\"",
	"bad-register":                    "{0}: 레지스터는 %ax %bx %cx %dx %ex %fx %sp %bp %zero 중 하나입니다. 잘못된 레지스터: \"{1}\"",
	"bad-label-operand":               "{0}: 레이블은 .top처럼 씁니다. 잘못된 레이블: \"{1}\"",
	"bad-variable-operand":            "{0}: 잘못된 변수 이름입니다: \"{1}\"",
	"undeclared-variable":             "{0}: 선언하지 않은 변수입니다: \"{1}\". .var/.data/.bss/.rodata로 먼저 선언하세요.",
	"undeclared-variable-is-label":    "{0}: 선언하지 않은 변수입니다: \"{1}\". 레이블은 점을 붙여 씁니다: .{1}",
	"undeclared-variable-is-register": "{0}: 선언하지 않은 변수입니다: \"{1}\". 레지스터는 %를 붙여 씁니다: %{1}",
	"bad-operand":                     "{0}: 알 수 없는 피연산자입니다: \"{1}\". 피연산자는 $숫자, %레지스터, 메모리(2000, 8(%bp), 0(%fx,%bx,4)), 변수, .레이블 중 하나입니다.",
	"mem-minus-alone":                 "{0}: 잘못된 메모리 피연산자입니다: \"{1}\" (빼기 기호 뒤에 숫자가 와야 합니다). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.",
	"mem-bad-displacement":            "{0}: 잘못된 메모리 피연산자입니다: \"{1}\" (변위는 10진수여야 합니다). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.",
	"mem-missing-paren":               "{0}: 잘못된 메모리 피연산자입니다: \"{1}\" (닫는 괄호 )가 없습니다). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.",
	"mem-text-after-paren":            "{0}: 잘못된 메모리 피연산자입니다: \"{1}\" (닫는 괄호 ) 뒤에 필요 없는 내용: \"{2}\"). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.",
	"mem-too-many-parts":              "{0}: 잘못된 메모리 피연산자입니다: \"{1}\" (괄호 안에는 베이스, 인덱스, 스케일까지만 씁니다). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.",
	"mem-bad-scale":                   "{0}: 잘못된 메모리 피연산자입니다: \"{1}\" (스케일은 정수여야 합니다). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.",
	"mem-not-register":                "{0}: 잘못된 메모리 피연산자입니다: \"{1}\" (괄호 안에는 %bx 같은 레지스터가 와야 합니다. 잘못된 부분: \"{2}\"). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.",
	"mem-unknown-register":            "{0}: 잘못된 메모리 피연산자입니다: \"{1}\" (레지스터가 아닙니다: \"{2}\"). 메모리 피연산자는 2000, -4(%sp), 0(%fx,%bx,4)처럼 씁니다.",

	"missing-comma":          "{0}: 피연산자 사이에 쉼표가 없습니다: \"{1}\". {2}처럼 쉼표로 나누어 쓰세요.",
	"wrong-operand-count":    "{0}: 피연산자 개수가 맞지 않습니다. 쓸 수 있는 형태: {1}. 쓴 것: {2}",
	"wrong-operands":         "{0}: 피연산자의 종류가 맞지 않습니다. 쓸 수 있는 형태: {1}. 쓴 것: {2}",
	"wrong-operands-fd":      "{0}: 피연산자의 종류가 맞지 않습니다. 쓸 수 있는 형태: {1}. 쓴 것: {2} (첫 피연산자는 파일 디스크립터로, %레지스터나 $숫자입니다. 먼저 레지스터로 mov 하세요)",
	"wrong-operands-read":    "{0}: 피연산자의 종류가 맞지 않습니다. 쓸 수 있는 형태: {1}. 쓴 것: {2} (read FD는 한 워드를 읽어 %bx에 넣고, read FD, 메모리는 %dx개 워드를 메모리로 읽습니다)",
	"wrong-operands-write":   "{0}: 피연산자의 종류가 맞지 않습니다. 쓸 수 있는 형태: {1}. 쓴 것: {2} (write는 %레지스터나 $숫자 하나, 또는 메모리에서 %dx개 워드를 보냅니다)",
	"wrong-operands-shm-key": "{0}: 피연산자의 종류가 맞지 않습니다. 쓸 수 있는 형태: {1}. 쓴 것: {2} (키는 메모리가 아니라 %레지스터나 $숫자입니다)",
	"wrong-operands-lock":    "{0}: 피연산자의 종류가 맞지 않습니다. 쓸 수 있는 형태: {1}. 쓴 것: {2} (뮤텍스는 그 값이 들어 있는 메모리 워드입니다. 주소를 값으로 주지 말고 lock mutex나 lock (%ax)처럼 쓰세요)",
	"mov-two-memory":         "mov: 메모리 피연산자는 하나까지만 쓸 수 있습니다(x86.py: bad mov: two memory arguments). 쓴 것: 메모리, 메모리. 먼저 레지스터로 읽어 오세요.",

	"undefined-label":             "{0}: `{1}` 레이블이 이 프로그램에 없습니다.",
	"undefined-label-is-variable": "{0}: `{1}` 레이블이 이 프로그램에 없습니다({2}: 레이블이 아니라 변수입니다).",
	"label-at-end":                "{0}: 레이블 {1} 뒤에 실행할 명령어가 없습니다(프로그램의 끝입니다). 레이블 다음에 명령어를 쓰세요.",
}

// placeholders is the number of args a message uses: one more than its
// highest {N}.
func placeholders(m string) int {
	n := 0
	for i := 0; i < len(m); i++ {
		if m[i] != '{' {
			continue
		}
		j := strings.IndexByte(m[i:], '}')
		if j < 0 {
			break
		}
		if k, err := strconv.Atoi(m[i+1 : i+j]); err == nil && k+1 > n {
			n = k + 1
		}
	}
	return n
}

// koForms puts the operand shapes an instruction accepts (sim/asm's kind
// letters, shapes separated by "|") in words: "IR|RR" is
// "$숫자, %레지스터 또는 %레지스터, %레지스터".
func koForms(forms string) string {
	var out []string
	for _, f := range strings.Split(forms, "|") {
		out = append(out, koShape(f))
	}
	return strings.Join(out, " 또는 ")
}

// koFound puts what was written in words: a number of operands for
// wrong-operand-count, a shape for the others.
func koFound(code, found string) string {
	if code != "wrong-operand-count" {
		return koShape(found)
	}
	n, err := strconv.Atoi(found)
	if err != nil || n <= 0 {
		return "피연산자 없음"
	}
	return "피연산자 " + found + "개"
}

func koShape(f string) string {
	if f == "" {
		return "피연산자 없음"
	}
	var parts []string
	for _, c := range f {
		switch c {
		case 'R':
			parts = append(parts, "%레지스터")
		case 'I':
			parts = append(parts, "$숫자")
		case 'M':
			parts = append(parts, "메모리")
		case 'L':
			parts = append(parts, ".레이블")
		case 'N':
			parts = append(parts, "프로그램 이름")
		case 'A':
			parts = append(parts, "주소")
		default:
			parts = append(parts, "피연산자")
		}
	}
	return strings.Join(parts, ", ")
}

package cc

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a C program, at a line and column (1-based),
// with a stable Code and the values its message speaks of (Args), so the
// page can say it in Korean or English (Message).
type Error struct {
	Line, Col int
	Code      string
	Args      []string
}

// Error is the English message with its position.
func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Message("en"))
}

// Message renders the error in a language ("ko" or "en"; others get English).
func (e *Error) Message(lang string) string {
	m, ok := messages[e.Code]
	if !ok {
		return e.Code + " " + strings.Join(e.Args, " ")
	}
	f := m.en
	if lang == "ko" {
		f = m.ko
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = a
	}
	return fmt.Sprintf(f, args...)
}

func errAt(line, col int, code string, args ...any) *Error {
	e := &Error{Line: line, Col: col, Code: code}
	for _, a := range args {
		e.Args = append(e.Args, fmt.Sprint(a))
	}
	if m, ok := messages[code]; ok {
		for len(e.Args) < strings.Count(m.en, "%") { // never a broken message
			e.Args = append(e.Args, "?")
		}
	}
	return e
}

type message struct{ en, ko string }

// messages holds every error code with its English and Korean text.
var messages = map[string]message{
	"c-too-long":              {"the program is %s bytes long; the lab compiles at most %s", "프로그램이 %s바이트입니다. 이 실습은 %s바이트까지 컴파일합니다"},
	"c-unterminated-comment":  {"this /* comment is never closed with */", "이 /* 주석이 */로 닫히지 않았습니다"},
	"c-bad-char":              {"unexpected character %q", "예상하지 못한 문자 %q가 있습니다"},
	"c-float":                 {"%s is a floating-point number; this lab's C has integers only (no float or double)", "%s는 부동소수점 수입니다. 이 실습의 C는 정수만 다룹니다(float, double 없음)"},
	"c-bad-number":            {"%s is not a valid integer constant", "%s는 올바른 정수 상수가 아닙니다"},
	"c-bad-char-literal":      {"a character constant is one character between single quotes, like 'a' or '\\n'", "문자 상수는 'a'나 '\\n'처럼 작은따옴표 안의 한 글자입니다"},
	"c-unterminated-string":   {"this string has no closing \" on its line", "이 문자열은 같은 줄에서 \"로 닫히지 않았습니다"},
	"c-bad-escape":            {"unknown escape sequence in a string", "문자열에 알 수 없는 이스케이프 시퀀스가 있습니다"},
	"c-bad-include":           {"#include %s: write #include <header.h>", "#include %s: #include <header.h> 형태로 쓰세요"},
	"c-unknown-header":        {"#include <%s>: this lab knows only the standard headers its library needs (stdio.h, stdlib.h, unistd.h, pthread.h, sys/wait.h, sys/mman.h, signal.h, string.h, stdatomic.h ...)", "#include <%s>: 이 실습은 라이브러리에 필요한 표준 헤더(stdio.h, stdlib.h, unistd.h, pthread.h, sys/wait.h, sys/mman.h, signal.h, string.h, stdatomic.h ...)만 압니다"},
	"c-define-form":           {"#%s: this lab supports only #define NAME integer", "#%s: 이 실습은 #define 이름 정수 형태만 지원합니다"},
	"c-directive":             {"%s is not supported in this lab (only #include and #define NAME integer are)", "%s는 이 실습에서 지원하지 않습니다(#include와 #define 이름 정수만 됩니다)"},
	"c-expected":              {"expected %s, found %s", "%s가 와야 하는데 %s가 있습니다"},
	"c-missing-semicolon":     {"expected ';' after %s", "%s 뒤에 ';'가 빠졌습니다"},
	"c-undeclared":            {"'%s' is not declared", "'%s'는 선언되지 않았습니다"},
	"c-undeclared-suggest":    {"'%s' is not declared; did you mean '%s'?", "'%s'는 선언되지 않았습니다. '%s'를 쓰려던 것인가요?"},
	"c-arg-count":             {"%s takes %s argument(s), but %s were given", "%s는 인자를 %s개 받는데 %s개를 넘겼습니다"},
	"c-arg-count-min":         {"%s takes at least %s argument(s), but %s were given", "%s는 인자를 적어도 %s개 받는데 %s개를 넘겼습니다"},
	"c-unsupported":           {"%s is not supported in this lab", "%s는 이 실습에서 지원하지 않습니다"},
	"c-needs-header":          {"%s is declared in <%s>: add #include <%s>", "%s는 <%s>에 선언되어 있습니다. #include <%s>를 추가하세요"},
	"c-redefined":             {"'%s' is already defined in this scope", "'%s'는 이 범위에서 이미 정의되었습니다"},
	"c-not-lvalue":            {"the left side of %s is not something that can be assigned to", "%s의 왼쪽은 값을 대입할 수 있는 대상이 아닙니다"},
	"c-const-assign":          {"'%s' is const and cannot be changed", "'%s'는 const라서 바꿀 수 없습니다"},
	"c-not-pointer":           {"%s needs a pointer, but this is %s", "%s에는 포인터가 필요한데 이것은 %s입니다"},
	"c-no-member":             {"%s has no member named '%s'", "%s에는 '%s'라는 멤버가 없습니다"},
	"c-not-struct":            {"'%s' needs a struct on its left, but this is %s", "'%s' 왼쪽에는 구조체가 와야 하는데 이것은 %s입니다"},
	"c-not-function":          {"'%s' is not a function", "'%s'는 함수가 아닙니다"},
	"c-bad-operands":          {"invalid operands to %s (%s and %s)", "%s의 피연산자가 올바르지 않습니다(%s와 %s)"},
	"c-incomplete":            {"%s has no known size here", "%s는 여기서 크기를 알 수 없습니다"},
	"c-not-constant":          {"the initialiser of global '%s' must be a constant", "전역 변수 '%s'의 초기값은 상수여야 합니다"},
	"c-global-address":        {"global '%s' is initialised with an address; this lab cannot place addresses in .data: assign it in main", "전역 변수 '%s'를 주소로 초기화했습니다. 이 실습은 .data에 주소를 넣지 못하니 main에서 대입하세요"},
	"c-break-outside":         {"'%s' is not inside a loop or switch", "'%s'가 반복문이나 switch 안에 있지 않습니다"},
	"c-no-main":               {"the program has no main function", "프로그램에 main 함수가 없습니다"},
	"c-undefined-function":    {"function '%s' is declared but never defined", "함수 '%s'는 선언만 되고 정의되지 않았습니다"},
	"c-too-big":               {"%s is too big for this lab (at most %s bytes)", "%s는 이 실습에서 너무 큽니다(최대 %s바이트)"},
	"c-too-many-instrs":       {"the program compiles to %s instructions; the lab runs at most %s", "프로그램이 명령어 %s개로 번역됩니다. 이 실습은 최대 %s개까지 실행합니다"},
	"c-byte-alias":            {"casting %s to %s would read the bytes of an object; this lab keeps one value per address and does not model that", "%s를 %s로 바꾸면 객체의 바이트를 읽게 됩니다. 이 실습은 주소마다 값 하나만 두므로 이를 흉내 내지 않습니다"},
	"c-void-value":            {"a void value cannot be used", "void 값은 쓸 수 없습니다"},
	"c-too-deep":              {"the expression is nested too deeply", "식이 너무 깊게 중첩되었습니다"},
	"c-too-many-initialisers": {"too many initialisers for %s", "%s에 대한 초기값이 너무 많습니다"},
	"c-return-value":          {"'%s' returns void, but a value is returned", "'%s'는 void를 돌려주는데 값을 반환했습니다"},
	"c-struct-value":          {"%s: structs are passed and returned by pointer in this lab", "%s: 이 실습에서는 구조체를 포인터로 넘기고 돌려받습니다"},
	"c-duplicate-case":        {"case %s appears twice in this switch", "이 switch에 case %s가 두 번 있습니다"},
}

// Codes lists every error code, sorted (for the page's translations and
// the tests).
func Codes() []string {
	out := make([]string, 0, len(messages))
	for k := range messages {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

package templates

import (
	"strings"
	"testing"
)

func TestCStringWritesTextAsCSourceDoes(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"parent\n", `"parent\n"`},
		{"", `""`},
		{`say "hi"\`, `"say \"hi\"\\"`},
		{"tab\there\r\x01\x7f", `"tab\there\r\x01\x7f"`},
		{"부모 프로세스\n", `"부모 프로세스\n"`},
		{"\xff\xfe", `"\xff\xfe"`},
		{"abcdefghijklmnopqrstuvwx", `"abcdefghijklmnopqrstuvwx"`},
		{"abcdefghijklmnopqrstuvwxy", `"abcdefghijklmnopqrstuvwx"…`},
		{"가나다라마바사아자차카타파하가나다라마바사아자차카", `"가나다라마바사아자차카타파하가나다라마바사아자차"…`},
	} {
		if got := CString(tt.in); got != tt.want {
			t.Errorf("CString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// A string literal's description names its value, in both languages.
func TestALiteralsDescriptionSaysItsString(t *testing.T) {
	s := Symbol{ID: ".LC0", Kind: "literal", Section: ".rodata", Addr: "0x2000", Type: "char [8]", Line: 5, Text: `"parent\n"`}
	for _, lang := range Langs {
		if got := symbolText(For(lang), s); !strings.HasPrefix(got, `.LC0 "parent\n": `) {
			t.Errorf("%s: %q, want it to begin with the literal's name and string", lang, got)
		}
	}
}

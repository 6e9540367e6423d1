package templates

import (
	"strings"
	"testing"
)

// A string literal's description names its value, in both languages.
func TestALiteralsDescriptionSaysItsString(t *testing.T) {
	s := Symbol{ID: ".LC0", Kind: "literal", Section: ".rodata", Addr: "0x2000", Type: "char [8]", Line: 5, Text: `"parent\n"`}
	for _, lang := range Langs {
		if got := symbolText(For(lang), s); !strings.HasPrefix(got, `.LC0 "parent\n": `) {
			t.Errorf("%s: %q, want it to begin with the literal's name and string", lang, got)
		}
	}
}

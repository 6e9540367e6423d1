package viewmodel

import (
	"slices"
	"strings"
	"testing"
)

func TestTokensSkipCommentsMembersAndStrings(t *testing.T) {
	syms := &symbols{globals: map[string]string{"x": "x", "s": "s"}, literals: map[int][]string{3: {".LC0"}}}
	toks := cTokens([]string{"/* x is", " still x */ x = s.x;", `p->x = x; puts("x"); // x`}, syms)
	var got []string
	for i, line := range toks {
		for _, tk := range line {
			if tk.Sym != "" {
				got = append(got, strings.Join([]string{string(rune('1' + i)), tk.Text, tk.Sym}, ":"))
			}
		}
	}
	want := []string{"2:x:x", "2:s:s", "3:x:x", `3:"x":.LC0`}
	if !slices.Equal(got, want) {
		t.Errorf("symbols %q, want %q", got, want)
	}
}

package viewmodel

import (
	"testing"

	"procscope/sim"
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

// A global's value in a map: a char array's text as C writes it, any
// other global's number.
func TestGlobalValueIsTextOrNumber(t *testing.T) {
	if got := globalValue(sim.GlobalState{Value: 112, Text: "parent\n", IsText: true}, nil); got != `"parent\n"` {
		t.Errorf("a string literal shows as %s, want \"parent\\n\"", got)
	}
	if got := globalValue(sim.GlobalState{Value: 112}, nil); got != "112" {
		t.Errorf("an int global shows as %q, want 112", got)
	}
}

package templates

import "testing"

func TestRegWidthGivesALongValueRoom(t *testing.T) {
	for _, c := range []struct{ name, value, want string }{
		{"ax", "7", ""},
		{"ax", "-123", ""},
		{"ax", "10000", "reg-half"},
		{"bx", "93824992235520", "reg-half"},
		{"cx", "-9223372036854775808", "reg-full"},
		{"pc", "0x555555555030", ""}, // pc, sp and bp have their own room
		{"sp", "0x7fffffffdfe0", ""},
	} {
		if got := regWidth(c.name, c.value); got != c.want {
			t.Errorf("regWidth(%s, %s) = %q, want %q", c.name, c.value, got, c.want)
		}
	}
}

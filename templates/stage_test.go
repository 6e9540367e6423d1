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

func TestSplitRegionNameKeepsTermAndSection(t *testing.T) {
	for _, c := range []struct{ name, term, section string }{
		{"initialised globals (.data)", "initialised globals", ".data"},
		{"BSS 영역 (.bss)", "BSS 영역", ".bss"},
		{"heap", "heap", ""},
		{"비정규(non-canonical)", "비정규(non-canonical)", ""},
	} {
		if term, section := splitRegionName(c.name); term != c.term || section != c.section {
			t.Errorf("splitRegionName(%q) = %q, %q; want %q, %q", c.name, term, section, c.term, c.section)
		}
	}
}

package viewmodel

import (
	"testing"

	"procscope/sim"
)

// A C pointer reads as %p would print it, named when it points into a
// global of its process: "0x4010 → counter", never 16400.
func TestAPointerShowsAsAnAddress(t *testing.T) {
	globals := []sim.GlobalState{
		{Name: "counter", Addr: 0x4010, Size: 4},
		{Name: "table", Addr: 0x4020, Size: 16},
		{Name: "__stdout_buf", Addr: 0x5000, Size: 1024},
	}
	for _, c := range []struct {
		value int64
		want  string
	}{
		{0, "NULL"},
		{0x4010, "0x4010 → counter"},
		{0x4028, "0x4028 → table+8"},
		{0x5010, "0x5010"}, // the C runtime's globals are never named
		{0x555555559000, "0x555555559000"},
	} {
		if got := globalValue(sim.GlobalState{Name: "p", Value: c.value, Pointer: true}, globals); got != c.want {
			t.Errorf("pointer %#x reads %q, want %q", c.value, got, c.want)
		}
	}
}

// A named pointer local in a stack frame reads as an address too.
func TestAPointerLocalShowsAsAnAddress(t *testing.T) {
	f := sim.CallFrame{Label: "main", Start: 0x7ff0, End: 0x8000, ReturnAddr: 1, SavedBP: 2,
		Words: []sim.StackWord{{Addr: 0x7ff8, Value: 1}, {Addr: 0x7ff0, Value: 2}, {Addr: 0x7fe8, Value: 0x555555559000}}}
	sf := stackFrame(f, map[uint64]Local{0x7fe8: {Var: "block", Sym: "main/block/-24", Pointer: true}})
	if len(sf.Locals) != 1 || sf.Locals[0].Value != "0x555555559000" {
		t.Errorf("locals %+v, want block = 0x555555559000", sf.Locals)
	}
}

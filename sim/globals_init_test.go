package sim

import "testing"

// Globals declared out of address order (rodata before data before bss in
// the source of the default program, and the reverse here) must each get
// their own initial values.
func TestGlobalsKeepTheirOwnInitialValues(t *testing.T) {
	src := ".bss buffer 64\n.rodata limit 1000\n.data counter 7\n.main\nhalt\n"
	m, err := New(Config{Seed: 1, Program: src})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"buffer": 0, "limit": 1000, "counter": 7}
	for _, p := range m.State().Processes {
		if p.Pid != 2 {
			continue
		}
		for _, g := range p.Globals {
			if g.Value != want[g.Name] {
				t.Errorf("%s (%s) = %d, want %d", g.Name, g.Section, g.Value, want[g.Name])
			}
		}
		if len(p.Globals) != 3 {
			t.Errorf("got %d globals, want 3", len(p.Globals))
		}
	}
}

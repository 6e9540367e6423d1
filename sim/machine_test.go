package sim

import "testing"

func TestNewLaysOutALinuxProcess(t *testing.T) {
	m, err := New(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := m.State().Processes[1]
	if p.Pid != 2 || p.PPid != 1 {
		t.Fatalf("second process is pid %d ppid %d, want 2 and 1", p.Pid, p.PPid)
	}
	want := []struct {
		kind  RegionKind
		start uint64
		perm  string
	}{
		{RegionText, 0x555555555000, "r-x"},
		{RegionRodata, 0x555555556000, "r--"},
		{RegionData, 0x555555558000, "rw-"},
		{RegionBSS, 0x555555558008, "rw-"},  // right after .data's counter, in its page (as ld lays it out)
		{RegionHeap, 0x555555559000, "rw-"}, // the page after .bss
		{RegionStack, 0x7ffffffff000 - 8<<20, "rw-"},
	}
	if len(p.Regions) != len(want) {
		t.Fatalf("got %d regions, want %d: %+v", len(p.Regions), len(want), p.Regions)
	}
	for i, w := range want {
		r := p.Regions[i]
		if r.Kind != w.kind || r.Start != w.start || r.Perm.String() != w.perm {
			t.Errorf("region %d = %s %#x %s, want %s %#x %s", i, r.Kind, r.Start, r.Perm, w.kind, w.start, w.perm)
		}
	}
	if top := p.Regions[5].End; top != 0x7ffffffff000 {
		t.Errorf("main stack ends at %#x, want 0x7ffffffff000", top)
	}
}

func TestNewRejectsUnknownProfile(t *testing.T) {
	if _, err := New(Config{Profile: "vax"}); err == nil {
		t.Fatal("want an error for an unknown profile")
	}
}

package sim

import "testing"

// .bss starts in the .data page when it fits, as ld lays it out, so after
// fork a write to a .data global and one to a .bss global copy one page:
// one copy-on-write fault, as getrusage counts on Linux (a gcc -O0 build:
// child writes counter, then buffer[1]: 1 minor fault, then 0).
func TestDataAndBSSShareAPageSoForkCopiesItOnce(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "write 2 buffer 5") // the parent uses its buffer before forking
	evs := mustApply(t, m, "fork 2", "write 3 counter 1", "write 3 buffer 2")
	if n, pf := countEvents(evs, EvCOWFault), countEvents(evs, EvPageFault); n != 1 || pf != 0 {
		t.Errorf("writing .data then .bss after fork: %d copy-on-write and %d first-touch faults, want 1 and 0", n, pf)
	}
	if global(t, m, 2, "buffer") != 5 || global(t, m, 3, "buffer") != 2 {
		t.Errorf("the parent's buffer changed with the child's")
	}
}

// A .bss larger than what is left of the .data page spills into
// anonymous pages; the heap starts at the page after its end.
func TestBSSSpillsIntoTheNextPagesAndTheHeapFollows(t *testing.T) {
	m := newMachine(t, Config{Code: build("big-bss", ".data counter 7\n.bss small 8\n.bss big 8000\n.main\nhalt\n")})
	p := procState(t, m, 2)
	at := map[string]uint64{}
	for _, g := range p.Globals {
		at[g.Name] = g.Addr
	}
	data, bss, heap := regionOf(p, RegionData), regionOf(p, RegionBSS), regionOf(p, RegionHeap)
	if data.Start != 0x555555558000 || data.End != 0x555555558008 || bss.Start != 0x555555558008 {
		t.Errorf(".data %#x–%#x, .bss from %#x: want .bss right after counter, in the same page", data.Start, data.End, bss.Start)
	}
	if at["small"] != 0x555555558008 || at["big"] != 0x555555558010 {
		t.Errorf("small at %#x, big at %#x: want 0x555555558008 and 0x555555558010", at["small"], at["big"])
	}
	if end := at["big"] + 8000; bss.End != pageUp(end) || heap.Start != bss.End {
		t.Errorf(".bss ends at %#x, heap starts at %#x; want both at %#x, the page after .bss", bss.End, heap.Start, pageUp(end))
	}
}

func regionOf(p ProcessState, kind RegionKind) RegionState {
	for _, r := range p.Regions {
		if r.Kind == kind {
			return r
		}
	}
	return RegionState{}
}

package sim

import (
	"fmt"
	"testing"
)

// TestMallocFollowsGlibc replays, step by step, what glibc 2.36's malloc
// did on this machine (a gcc -O0 program run under setarch -R that records
// every pointer and sbrk(0) before printing anything):
//
//	malloc(64)             heap+0x2a0    brk=+0x21000
//	malloc(131072)         heap+0x2f0    brk=+0x21000  the top chunk holds it
//	malloc(131072)         mmap page+0x10              the top cannot: at the threshold, a mapping
//	free(the mapped one)                               the threshold rises to 0x21000
//	malloc(131072)         heap+0x20300  brk=+0x61000  now below it: brk grows
//	malloc(200000)         mmap page+0x10
//	free(the first 131072)
//	malloc(100000)         heap+0x2f0                  a free chunk holds it
//	malloc(1 MiB)          mmap page+0x10
func TestMallocFollowsGlibc(t *testing.T) {
	m := newMachine(t, Config{})
	heapStart := regionOf(procState(t, m, 2), RegionHeap).Start
	ptrs := map[string]uint64{}
	for _, step := range []struct {
		cmd, name string
		heapOff   uint64 // 0: its own mapping
		brk       uint64 // brk - heap start after the step
	}{
		{"malloc 2 64", "a", 0x2a0, 0x21000},
		{"malloc 2 131072", "b", 0x2f0, 0x21000},
		{"malloc 2 131072", "c", 0, 0x21000},
		{"free 2 c", "", 0, 0x21000},
		{"malloc 2 131072", "d", 0x20300, 0x61000},
		{"malloc 2 200000", "e", 0, 0x61000},
		{"free 2 b", "", 0, 0x61000},
		{"malloc 2 100000", "g", 0x2f0, 0x61000},
		{"malloc 2 1048576", "h", 0, 0x61000},
	} {
		cmd := step.cmd
		if name := cmd[len(cmd)-1:]; cmd[:4] == "free" {
			cmd = fmt.Sprintf("free 2 %#x", ptrs[name])
		}
		evs := mustApply(t, m, cmd)
		if e, ok := findEvent(evs, EvError); ok {
			t.Fatalf("%s: %v", step.cmd, e.Err)
		}
		if step.name != "" {
			mal, _ := findEvent(evs, EvMalloc)
			ptrs[step.name] = mal.Addr
			switch {
			case step.heapOff != 0 && (mal.Addr != heapStart+step.heapOff || mal.Name != "heap"):
				t.Errorf("%s = %#x (%s), want heap start + %#x", step.cmd, mal.Addr, mal.Name, step.heapOff)
			case step.heapOff == 0 && (mal.Addr&(PageSize-1) != 0x10 || mal.Addr < 0x7f0000000000 || mal.Name != "mmap"):
				t.Errorf("%s = %#x (%s), want a mapping of its own + 0x10", step.cmd, mal.Addr, mal.Name)
			}
		}
		if brk := regionOf(procState(t, m, 2), RegionHeap).End - heapStart; brk != step.brk {
			t.Errorf("after %s: brk = heap start + %#x, want + %#x", step.cmd, brk, step.brk)
		}
	}
}

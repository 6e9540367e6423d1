package templates_test

import (
	"slices"
	"strings"
	"testing"

	. "procscope/templates"
	"procscope/templates/sample"
)

var opts = Options{Controls: "full", Mode: "explore", Speed: 5}

func TestMemoryMapDrawsHighAddressesFirstWithLabelledGaps(t *testing.T) {
	lab := sample.Forked()
	doc := render(t, AddressSpaces(For("en"), opts, lab))
	m := one(t, doc, sel("article", "data-pid=2"), "map of pid 2")
	var kinds []string
	for _, li := range all(m, sel("li", "data-kind")) {
		k, _ := attr(li, "data-kind")
		kinds = append(kinds, k)
	}
	want := "kernel,gap,stack,gap,stack,guard,gap,heap,bss,data,rodata,text"
	if got := strings.Join(kinds, ","); got != want {
		t.Errorf("rows of pid 2 top to bottom = %s\nwant %s", got, want)
	}
	gaps := all(m, sel("li", ".gap"))
	if len(gaps) != 3 {
		t.Fatalf("gaps = %d, want 3", len(gaps))
	}
	if got := text(gaps[2]); !strings.Contains(got, "TiB unmapped") || !strings.HasPrefix(got, "… 42.") {
		t.Errorf("heap-to-mmap gap label = %q, want about 42 TiB", got)
	}
}

func TestSpawnedThreadHasItsOwnStackAndGuardInTheSameMap(t *testing.T) {
	doc := render(t, AddressSpaces(For("en"), opts, sample.Forked()))
	m := one(t, doc, sel("article", "data-pid=2"), "map of pid 2")
	if n, _ := attr(m, "data-threads"); n != "2" {
		t.Errorf("pid 2 data-threads = %s, want 2", n)
	}
	stack := one(t, m, sel("li", "data-kind=stack", "data-owner=3"), "stack of thread 3")
	if !hasClass(stack, "tc-3") {
		t.Error("thread 3's stack lacks its colour class tc-3")
	}
	if got := text(stack); !strings.Contains(got, "T3") || !strings.Contains(got, "8 MiB") || !strings.Contains(got, "rw-") {
		t.Errorf("thread 3's stack reads %q: want its label T3, size 8 MiB and rw-", got)
	}
	guard := one(t, m, sel("li", "data-kind=guard", "data-owner=3"), "guard page of thread 3")
	gs, _ := attr(guard, "data-end")
	ss, _ := attr(stack, "data-start")
	if gs != ss {
		t.Errorf("guard page ends at %s, want right below the stack at %s", gs, ss)
	}
	if got := text(guard); !strings.Contains(got, "---") || !strings.Contains(got, "4 KiB") {
		t.Errorf("guard reads %q, want --- and 4 KiB", got)
	}
	// SP of thread 3 points into its own stack; PC of both into the shared text.
	one(t, stack, sel("div", ".marker", "data-reg=sp", "data-tid=3"), "SP marker of T3 in its stack")
	text := one(t, m, sel("li", "data-kind=text"), "text region")
	if got := len(all(text, sel("div", ".marker", "data-reg=pc"))); got != 2 {
		t.Errorf("PC markers in pid 2's text = %d, want 2 (one per thread)", got)
	}
	if got := len(all(text, sel("span", ".chip", ".small"))); got < 2 {
		t.Errorf("text region names %d sharing threads, want both", got)
	}
}

func TestForkedChildShowsSameAddressesAndItsOwnValue(t *testing.T) {
	doc := render(t, AddressSpaces(For("en"), opts, sample.Forked()))
	parent := one(t, doc, sel("article", "data-pid=2"), "parent map")
	child := one(t, doc, sel("article", "data-pid=4"), "child map")
	for _, kind := range []string{"text", "rodata", "data", "bss", "heap"} {
		p := one(t, parent, sel("li", "data-kind="+kind), kind+" of parent")
		c := one(t, child, sel("li", "data-kind="+kind), kind+" of child")
		ps, _ := attr(p, "data-start")
		cs, _ := attr(c, "data-start")
		if ps != cs {
			t.Errorf("%s starts at %s in the parent but %s in the child", kind, ps, cs)
		}
	}
	pv := text(one(t, one(t, parent, sel("tr", "data-global=counter"), "parent counter"), sel("td", ".val"), "value"))
	cv := text(one(t, one(t, child, sel("tr", "data-global=counter"), "child counter"), sel("td", ".val"), "value"))
	if pv != "0" || cv != "7" {
		t.Errorf("counter: parent %q, child %q; want 0 and 7", pv, cv)
	}
}

func TestProcessControlsNameTheirCommands(t *testing.T) {
	doc := render(t, AddressSpaces(For("en"), opts, sample.Forked()))
	m := one(t, doc, sel("article", "data-pid=2"), "map of pid 2")
	// docs/commands.md: a command acting from a thread names only its tid,
	// one acting on a process names only its pid (Validate refuses both).
	for _, op := range []string{"spawn", "fork", "malloc", "write"} {
		b := one(t, m, sel("button", "data-op="+op, "data-tid=2"), op+" button from the main thread")
		if pid, ok := attr(b, "data-pid"); ok {
			t.Errorf("%s names pid %q too; a thread command takes no pid", op, pid)
		}
	}
	for _, op := range []string{"wait", "kill", "exec"} {
		b := one(t, m, sel("button", "data-op="+op, "data-pid=2"), op+" button on the process")
		if tid, ok := attr(b, "data-tid"); ok {
			t.Errorf("%s names tid %q too; a process command takes no tid", op, tid)
		}
	}
	for _, op := range []string{"call", "run", "thread-exit"} {
		b := one(t, m, sel("button", "data-op="+op, "data-tid=3"), op+" button of thread 3")
		if _, ok := attr(b, "data-pid"); ok {
			t.Errorf("%s of thread 3 names a pid too", op)
		}
	}
	call := one(t, m, sel("button", "data-op=call", "data-tid=3"), "call of T3")
	from, _ := attr(call, "data-n-from")
	one(t, m, sel("input", "id="+from), "depth input the call button reads")
}

func TestInitIsCompactWithoutCommands(t *testing.T) {
	lab := sample.Forked()
	lab.Procs = slices.DeleteFunc(lab.Procs, func(p Process) bool { return p.Pid == 1 })
	lab.Procs = append([]Process{{Pid: 1, Name: "init", State: "running", System: true,
		Threads: []Thread{{Tid: 1, Pid: 1, State: "blocked", CPU: -1, Main: true}},
		Map:     []MapRow{{Kind: "text", Start: "0x1000", End: "0x2000", Perm: "r-x"}}}}, lab.Procs...)
	doc := render(t, AddressSpaces(For("en"), opts, lab))
	initCard := one(t, doc, sel("article", "data-pid=1"), "init's card")
	if n := len(all(initCard, sel("", "data-op"))); n != 0 {
		t.Errorf("init offers %d commands, want none", n)
	}
	box := one(t, initCard, sel("details", "id=p1-map"), "init's collapsed map")
	if _, open := attr(box, "open"); open {
		t.Error("init's map is open, want it collapsed by default")
	}
	one(t, box, sel("li", "data-kind=text"), "init's text region inside the collapsed map")
	one(t, doc, sel("button", "data-op=fork", "data-tid=2"), "pid 2 still forks")
}

func TestReadOnlyPageOffersNoCommands(t *testing.T) {
	ro := Options{Mode: "readonly", Controls: "full"}
	for _, tc := range []struct {
		name string
		opts Options
		want int
	}{
		{"readonly mode", ro, 0},
		{"controls none", Options{Mode: "explore", Controls: "none"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := render(t, LabPage(page("en", tc.opts, sample.Forked())))
			got := 0
			for _, n := range all(doc, sel("", "data-op")) {
				if op, _ := attr(n, "data-op"); op != "export" { // reading the history changes nothing
					got++
				}
			}
			if got != tc.want {
				t.Errorf("elements with data-op other than export = %d, want %d", got, tc.want)
			}
			for _, f := range []string{"text", "json"} {
				one(t, doc, sel("button", "data-op=export", "data-format="+f), "the "+f+" export, which a read-only page may use")
			}
		})
	}
	t.Run("controls minimal keeps only the global ones", func(t *testing.T) {
		doc := render(t, LabPage(page("en", Options{Mode: "explore", Controls: "minimal"}, sample.Forked())))
		if got := len(all(doc, sel("button", "data-op=fork"))); got != 0 {
			t.Errorf("fork buttons = %d, want none", got)
		}
		one(t, doc, sel("button", "id=btn-step"), "step button")
	})
}

package templates_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	. "procscope/templates"

	"procscope/templates/sample"
)

var opts = Options{Controls: "full", Mode: "explore", Speed: 5}

func TestMemoryMapDrawsHighAddressesFirstWithLabelledGaps(t *testing.T) {
	lab := sample.Forked()
	doc := render(t, AddressSpaces(For("en"), opts, lab))
	var kinds []string
	for _, td := range all(doc, sel("td", "data-pid=2")) {
		k, ok := attr(td, "data-kind")
		if !ok {
			k = "unmapped"
		}
		kinds = append(kinds, k)
	}
	want := "kernel,stack,stack,guard,heap,bss,data,rodata,text"
	if got := strings.Join(kinds, ","); got != want {
		t.Errorf("cells of pid 2 top to bottom = %s\nwant %s", got, want)
	}
	gaps := all(doc, sel("td", ".gap"))
	if len(gaps) < 3 {
		t.Fatalf("gaps = %d, want at least 3", len(gaps))
	}
	found := false
	for _, g := range gaps {
		if got := text(g); strings.Contains(got, "TiB unmapped") && strings.HasPrefix(got, "… 42.") {
			found = true
		}
	}
	if !found {
		t.Errorf("no gap of about 42 TiB between heap and mmap")
	}
}

func TestSpawnedThreadHasItsOwnStackAndGuardInTheSameMap(t *testing.T) {
	doc := render(t, AddressSpaces(For("en"), opts, sample.Forked()))
	m := one(t, doc, sel("th", "data-pid=2"), "column of pid 2")
	if n, _ := attr(m, "data-threads"); n != "2" {
		t.Errorf("pid 2 data-threads = %s, want 2", n)
	}
	stack := one(t, doc, sel("td", "data-pid=2", "data-kind=stack", "data-owner=3"), "stack of thread 3")
	if !hasClass(stack, "tc-3") {
		t.Error("thread 3's stack lacks its colour class tc-3")
	}
	if got := text(stack); !strings.Contains(got, "T3") || !strings.Contains(got, "8 MiB") || !strings.Contains(got, "rw-") {
		t.Errorf("thread 3's stack reads %q: want its label T3, size 8 MiB and rw-", got)
	}
	guard := one(t, doc, sel("td", "data-pid=2", "data-kind=guard", "data-owner=3"), "guard page of thread 3")
	gs, _ := attr(guard, "data-end")
	ss, _ := attr(stack, "data-start")
	if gs != ss {
		t.Errorf("guard page ends at %s, want right below the stack at %s", gs, ss)
	}
	if got := text(guard); !strings.Contains(got, "---") || !strings.Contains(got, "4 KiB") {
		t.Errorf("guard reads %q, want --- and 4 KiB", got)
	}
	// SP of thread 3 points into its own stack; PC of both into the shared text.
	one(t, one(t, stack, sel("div", ".marker", "data-reg=sp"), "SP marker in its stack"), sel("span", "data-tid=3"), "T3 on the SP marker")
	text := one(t, doc, sel("td", "data-pid=2", "data-kind=text"), "text region")
	if got := len(all(text, sel("span", ".chip", "data-tid"))); got != 2 {
		t.Errorf("PC markers in pid 2's text = %d, want 2 (one per thread)", got)
	}
}

// The same virtual address is in the same row of the axis in parent and
// child: their regions start in the same table row.
func TestForkedChildShowsSameAddressesAndItsOwnValue(t *testing.T) {
	doc := render(t, AddressSpaces(For("en"), opts, sample.Forked()))
	rows := all(doc, sel("tr"))
	rowOf := func(n *html.Node) int {
		for i, r := range rows {
			if slices.Contains(all(r, sel("td")), n) {
				return i
			}
		}
		return -1
	}
	for _, kind := range []string{"text", "rodata", "data", "bss", "heap"} {
		p := one(t, doc, sel("td", "data-pid=2", "data-kind="+kind), kind+" of parent")
		c := one(t, doc, sel("td", "data-pid=4", "data-kind="+kind), kind+" of child")
		ps, _ := attr(p, "data-start")
		cs, _ := attr(c, "data-start")
		if ps != cs {
			t.Errorf("%s starts at %s in the parent but %s in the child", kind, ps, cs)
		}
		if rp, rc := rowOf(p), rowOf(c); rp != rc || rp < 0 {
			t.Errorf("%s is in row %d in the parent but %d in the child", kind, rp, rc)
		}
	}
	pv := text(one(t, one(t, doc, sel("td", "data-pid=2", "data-kind=data"), "parent data"), sel("td", ".val"), "value"))
	cv := text(one(t, one(t, doc, sel("td", "data-pid=4", "data-kind=data"), "child data"), sel("td", ".val"), "value"))
	if pv != "0" || cv != "7" {
		t.Errorf("counter: parent %q, child %q; want 0 and 7", pv, cv)
	}
}

func TestProcessControlsNameTheirCommands(t *testing.T) {
	doc := render(t, ActionBar(For("en"), opts, sample.Forked()))
	// docs/commands.md: a command acting from a thread names only its tid,
	// one acting on a process names only its pid (Validate refuses both).
	for _, op := range []string{"spawn", "fork", "malloc", "write"} {
		b := one(t, doc, sel("button", "data-op="+op, "data-tid=2"), op+" button from the main thread")
		if pid, ok := attr(b, "data-pid"); ok {
			t.Errorf("%s names pid %q too; a thread command takes no pid", op, pid)
		}
	}
	for _, op := range []string{"wait", "kill", "exec"} {
		b := one(t, doc, sel("button", "data-op="+op, "data-pid=2"), op+" button on the process")
		if tid, ok := attr(b, "data-tid"); ok {
			t.Errorf("%s names tid %q too; a process command takes no tid", op, tid)
		}
	}
	for _, op := range []string{"run", "thread-exit"} {
		b := one(t, doc, sel("button", "data-op="+op, "data-tid=3"), op+" button of thread 3")
		if _, ok := attr(b, "data-pid"); ok {
			t.Errorf("%s of thread 3 names a pid too", op)
		}
	}
	call := one(t, doc, sel("button", "id=t3-call-n"), "call deeper by n of T3")
	from, _ := attr(call, "data-n-from")
	one(t, doc, sel("input", "id="+from), "depth input the call button reads")
	// Only the first user process's main thread is offered before a choice.
	for _, g := range all(doc, sel("div", ".act-group")) {
		_, hidden := attr(g, "hidden")
		tid, _ := attr(g, "data-act-tid")
		pid, _ := attr(g, "data-act-pid")
		if shown := tid == "2" || pid == "2"; hidden == shown {
			t.Errorf("group tid %q pid %q hidden = %v", tid, pid, hidden)
		}
	}
}

func TestInitIsCompactWithoutCommands(t *testing.T) {
	lab := sample.Forked()
	lab.Procs = slices.DeleteFunc(lab.Procs, func(p Process) bool { return p.Pid == 1 })
	lab.Procs = append([]Process{{Pid: 1, Name: "init", State: "running", System: true,
		Threads: []Thread{{Tid: 1, Pid: 1, State: "blocked", CPU: -1, Main: true}},
		Map:     []MapRow{{Kind: "text", Start: "0x1000", End: "0x2000", Perm: "r-x"}}}}, lab.Procs...)
	if n := len(all(render(t, AddressSpaces(For("en"), opts, lab)), sel("", "data-pid=1"))); n != 0 {
		t.Errorf("init has %d cells on the axis, want none (it is drawn with the threads)", n)
	}
	cards := render(t, ThreadCards(For("en"), opts, lab))
	initGroup := one(t, cards, sel("div", ".tgroup", "data-pid=1"), "init's thread group")
	one(t, initGroup, sel("p", ".init-note"), "init's note")
	if n := len(all(render(t, ActionBar(For("en"), opts, lab)), sel("", "data-pid=1"))); n != 0 {
		t.Errorf("init offers %d commands, want none", n)
	}
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

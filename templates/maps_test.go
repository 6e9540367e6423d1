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
	// The bar's buttons name neither: the script adds the chosen thread's
	// tid in the thread group and the chosen process's pid in the process
	// group (data-acts); only a descriptor's commands carry the thread
	// they act from.
	for _, g := range []struct{ acts, ops string }{
		{"thread", "spawn fork write call run malloc thread-exit pipe shm lock unlock atomic-add"},
		{"process", "wait kill exec"},
	} {
		group := one(t, doc, sel("div", "data-acts="+g.acts), g.acts+" group")
		for _, op := range strings.Fields(g.ops) {
			for _, b := range all(group, sel("button", "data-op="+op)) {
				if v, ok := attr(b, "data-tid"); ok {
					t.Errorf("%s names tid %q; the chosen thread's is added", op, v)
				}
				if v, ok := attr(b, "data-pid"); ok {
					t.Errorf("%s names pid %q; the chosen process's is added", op, v)
				}
			}
			if len(all(group, sel("button", "data-op="+op))) == 0 {
				t.Errorf("the %s group has no %s button", g.acts, op)
			}
		}
	}
	call := one(t, doc, sel("button", "id=act-call-n"), "call deeper by n")
	from, _ := attr(call, "data-n-from")
	one(t, doc, sel("input", "id="+from), "depth input the call button reads")
	// Before a choice the bar acts as the first user process's main thread.
	one(t, doc, sel("div", "id=actions", "data-tid=2", "data-pid=2", "data-pids=2 4"), "the bar's default and choices")
	cards := render(t, ThreadCards(For("en"), opts, sample.Forked()))
	var tids []string
	for _, c := range all(cards, sel("article", ".tcard", "data-commands")) {
		tid, _ := attr(c, "data-tid")
		tids = append(tids, tid)
	}
	if got := strings.Join(tids, " "); got != "2 3 4" {
		t.Errorf("cards the bar acts from: %s, want 2 3 4 (never init)", got)
	}
	if got := text(one(t, doc, sel("span", "id=act-chip"), "acting-as chip")); got != "T2" {
		t.Errorf("acting as %q, want T2", got)
	}
}

func TestActionBarIsDrawnOnceHoweverManyThreads(t *testing.T) {
	few := renderString(t, ActionBar(For("en"), opts, sample.Spawned()))
	crowded := sample.Crowded()
	many := renderString(t, ActionBar(For("en"), opts, crowded))
	for _, op := range []string{"fork", "call", "run", "malloc", "thread-exit", "kill"} {
		if n := strings.Count(many, `data-op="`+op+`"`); n > 2 {
			t.Errorf("%d %s buttons among %d processes; the bar has one set", n, op, len(crowded.Procs))
		}
	}
	// a process adds its pid to some lists, not a set of forms
	if len(many) > len(few)+1024 {
		t.Errorf("the bar grew from %d to %d bytes between 2 and 19 threads", len(few), len(many))
	}
}

func TestActionBarShowsEachProcessItsOwnControls(t *testing.T) {
	lab := sample.Forked()
	lab.Procs[1].Globals = []string{"counter", "flag"}
	lab.Procs[2].Globals = []string{"counter"}
	lab.Procs[2].CProgram, lab.Procs[2].ThreadFunc = true, "worker"
	lab.Procs[2].State = "zombie"
	doc := render(t, ActionBar(For("en"), opts, lab))
	pick := one(t, doc, sel("select", "id=act-write-name"), "the write's global")
	one(t, pick, sel("option", "value=counter", "data-pids=2 4", "selected"), "counter, in both")
	flag := one(t, pick, sel("option", "value=flag", "data-pids=2"), "flag, in the parent only")
	if _, hidden := attr(flag, "hidden"); hidden {
		t.Error("the default process's own global is hidden")
	}
	one(t, doc, sel("button", "id=act-spawn", "data-op=spawn", "data-pids=2"), "the assembly spawn")
	worker := one(t, doc, sel("button", "id=act-spawn-2", "data-name=worker", "data-pids=4"), "the C program's spawn")
	if _, hidden := attr(worker, "hidden"); !hidden {
		t.Error("another process's spawn is shown before it is chosen")
	}
	one(t, doc, sel("div", ".kill", "data-pids=2"), "kill, for the live process only")
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

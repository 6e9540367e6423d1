package templates

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"procscope/sim"
	_ "procscope/sim/cc"
	"procscope/viewmodel"
)

// Every hand-written part writer (writers.go) writes exactly what its
// templ component renders, byte for byte, for every thread, register,
// cell, listing line, cost, slice and tick of random labs — C with its
// '<', '&' and '"', assembly, one and two CPUs, forks, spawns, calls and
// exits — in both languages.
func TestPartWritersWriteTheTemplMarkup(t *testing.T) {
	progs := []sim.Config{{Profile: "linux-x86_64"}, {Profile: "linux-x86_64", CPUs: 2}}
	for _, lesson := range []string{"race-mutex-atomic", "fork-cow", "tiny-shell"} {
		src, err := os.ReadFile("../lessons/" + lesson + "/program.c")
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, sim.Config{Profile: "linux-x86_64", Program: string(src), Language: "c", StackSize: 64 << 10},
			sim.Config{Profile: "linux-x86_64", Program: string(src), Language: "c", StackSize: 64 << 10, CPUs: 2})
	}
	moves := []string{"step 1", "step 1", "step 1", "step 3", "step 17", "spawn 2", "fork 2", "write 2 counter 7",
		"call 2 40", "thread-exit 4", "kill 3 9", "wait 2", "step 60", "malloc 2 5000"}
	compared := 0
	for i, cfg := range progs {
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		cfg.Seed = int64(i)
		m, err := sim.New(cfg)
		if err != nil {
			t.Fatalf("lab %d: %v", i, err)
		}
		var evs []sim.Event
		for range 40 {
			c, err := sim.ParseCommand(moves[rng.IntN(len(moves))])
			if err != nil {
				t.Fatal(err)
			}
			evs = append(evs, m.Apply(c)...)
			if len(evs) > viewmodel.MaxRecentEvents {
				evs = evs[len(evs)-viewmodel.MaxRecentEvents:]
			}
			lab := viewmodel.LabFromState(m.State(), evs)
			for _, lang := range Langs {
				compared += compareWriters(t, For(lang), &lab)
			}
		}
	}
	if compared < 5000 {
		t.Errorf("%d parts compared: the test checks too little", compared)
	}
}

// compareWriters renders every writer of lab's parts and its templ
// component, failing on the first difference; it says how many it
// compared.
func compareWriters(t *testing.T, tc *Catalog, lab *Lab) int {
	t.Helper()
	n := 0
	same := func(what string, writer partWriter, component templ.Component) {
		t.Helper()
		n++
		var want strings.Builder
		if err := component.Render(context.Background(), &want); err != nil {
			t.Fatal(err)
		}
		if got := string(writer(nil)); got != want.String() {
			t.Fatalf("%s: the writer wrote\n%s\ntempl renders\n%s", what, got, want.String())
		}
	}
	for i := range lab.Procs {
		for j := range lab.Procs[i].Threads {
			th := &lab.Procs[i].Threads[j]
			for _, r := range cardRegs(*th) {
				same("register "+r.Name, regWriter(th.Tid, r.Name, r.Value), reg(th.Tid, r.Name, r.Value))
			}
			same("card line", threadLineWriter(tc, th), threadLine(tc, *th))
			same("text view's thread", tvThreadRowWriter(tc, th), tvThreadRow(tc, *th))
		}
	}
	ax := NewAxis(lab.Procs)
	for _, r := range ax.Rows {
		for j := range r.Cells {
			if c := &r.Cells[j]; !c.Empty {
				same("markers "+markersID(*c), markersWriter(c), regionMarkers(*c))
			}
		}
	}
	for i := range lab.Program.Lines {
		l := &lab.Program.Lines[i]
		same(fmt.Sprintf("listing line %d", l.N), sourceLineWriter(tc, l), sourceLine(tc, *l))
	}
	for i := range lab.Overhead {
		c := &lab.Overhead[i]
		same("cost "+c.Kind, costRowWriter(tc, c), costRow(tc, *c))
		same("text view's cost "+c.Kind, tvCostRowWriter(tc, c), tvCostRow(tc, *c))
	}
	same("readout", readoutWriter(tc, lab.Tick, lab.Clock, lab.Instructions), readoutNumbers(tc, lab.Tick, lab.Clock, lab.Instructions))
	same("scrubber", scrubWriter(tc, lab.Tick), scrubInput(tc, lab.Tick))
	tl := &lab.Timeline
	same("cursor", ganttNowWriter(tl), ganttNow(*tl))
	for i, lane := range tl.Lanes {
		ss := lane.Slices
		same("lane's slices", ganttSlicesWriter("gantt-x", i, ss), ganttSlices("gantt-x", i, ss))
		for k := range len(ss) + 1 {
			same("lane's last slices", ganttSlicesWriter("", i, ss[k:]), ganttSliceItems(i, ss[k:]))
		}
	}
	return n
}

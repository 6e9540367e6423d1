package server

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"procscope/sim"
	"procscope/templates"
	"procscope/viewmodel"
)

// Issue 9 item 13: what the page says, checked against what Linux does.

func cmds(t *testing.T, lines ...string) []sim.Command {
	t.Helper()
	var out []sim.Command
	for _, l := range lines {
		c, err := sim.ParseCommand(l)
		if err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		out = append(out, c)
	}
	return out
}

// After fork and the child's write, the parent's data page is the last
// mapper of its frame: that frame is no longer shared copy-on-write, so
// neither the frames strip nor the map marks it COW.
func TestAFrameWithOneMapperIsNotMarkedCOW(t *testing.T) {
	lab := viewLab(t, cmds(t, "write 2 counter 5", "fork 2", "write 3 counter 7")...)
	for _, f := range lab.Frames {
		if f.Cow && f.Refs < 2 {
			t.Errorf("frame %d has %d mapper(s) and a COW mark", f.Index, f.Refs)
		}
	}
	for _, pid := range []int{2, 3} {
		for _, row := range procView(t, lab, pid).Map {
			for _, g := range row.Globals {
				if g.Name == "counter" && g.Cow {
					t.Errorf("process %d: counter's page is marked COW after the copy", pid)
				}
			}
		}
	}
	// while both still share it, it is marked
	lab = viewLab(t, cmds(t, "write 2 counter 5", "fork 2")...)
	marked := false
	for _, f := range lab.Frames {
		marked = marked || f.Cow && f.Refs == 2
	}
	if !marked {
		t.Error("right after fork no shared frame is marked COW")
	}
}

// init's only thread waits for children: init is blocked, not running.
func TestInitWhoseOnlyThreadIsBlockedIsBlocked(t *testing.T) {
	lab := viewLab(t)
	init := procView(t, lab, 1)
	if len(init.Threads) != 1 || init.Threads[0].State != "blocked" {
		t.Fatalf("init's threads: %+v, want one blocked thread", init.Threads)
	}
	if init.State != "blocked" {
		t.Errorf("init is shown %q while its only thread is blocked", init.State)
	}
	if p := procView(t, lab, 2); p.State != "running" {
		t.Errorf("process 2, whose thread can run, is shown %q", p.State)
	}
}

// The 16 EiB between the halves is the non-canonical hole, not a gap.
func TestTheNonCanonicalHoleIsNamed(t *testing.T) {
	lab := viewLab(t)
	var holes, huge []templates.MapRow
	for _, row := range procView(t, lab, 2).Map {
		if row.Gap && row.NonCanonical {
			holes = append(holes, row)
		}
		if row.Gap && !row.NonCanonical && strings.Contains(row.GapSize, "EiB") {
			huge = append(huge, row)
		}
	}
	if len(holes) != 1 || holes[0].GapSize != "16.0 EiB" || len(huge) != 0 {
		t.Errorf("holes %+v, exabyte gaps %+v; want one 16.0 EiB non-canonical hole", holes, huge)
	}
	for _, lang := range templates.Langs {
		var b bytes.Buffer
		if err := templates.AddressSpaces(templates.For(lang), templates.Options{}, lab).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), templates.For(lang).NonCanonical) || !strings.Contains(b.String(), `data-kind="noncanonical"`) {
			t.Errorf("%s address axis does not name the non-canonical hole", lang)
		}
	}
}

// A malloc that got a mapping of its own says so; a small one is on the heap.
func TestABigMallocIsReportedAsItsOwnMapping(t *testing.T) {
	lab := viewLab(t, cmds(t, "malloc 2 64", "malloc 2 200000")...)
	var said []string
	for _, e := range lab.Events {
		if e.Kind == "malloc" {
			said = append(said, templates.For("en").Narrate(e)+" | "+templates.For("ko").Narrate(e))
		}
	}
	if len(said) != 2 {
		t.Fatalf("malloc events: %q", said)
	}
	if !strings.Contains(said[0], "on the heap") || !strings.Contains(said[0], "힙") {
		t.Errorf("malloc 64: %q", said[0])
	}
	if strings.Contains(said[1], "on the heap of") || !strings.Contains(said[1], "mapping of its own") || !strings.Contains(said[1], "매핑한 영역") {
		t.Errorf("malloc 200000: %q", said[1])
	}
}

func TestPipeWordsAndCounts(t *testing.T) {
	lab := viewLab(t, cmds(t, "pipe 2", "close 2 3", "close 2 4")...)
	for _, e := range lab.Events {
		if e.Kind != "close" {
			continue
		}
		en, ko := templates.For("en").Narrate(e), templates.For("ko").Narrate(e)
		if strings.Contains(en, "end end") || !strings.Contains(en, "end of pipe") {
			t.Errorf("close narration: %q", en)
		}
		if !strings.Contains(ko, "읽기 끝") && !strings.Contains(ko, "쓰기 끝") {
			t.Errorf("close narration names no end: %q", ko)
		}
	}
	if len(lab.Pipes) != 0 {
		t.Fatalf("pipes after closing both ends: %+v", lab.Pipes)
	}
	for _, lang := range templates.Langs {
		if s := templates.For(lang).NoPipes; strings.Contains(s, "yet") || strings.Contains(s, "아직") {
			t.Errorf("%s: the empty pipes panel says %q, which is false once a pipe was closed", lang, s)
		}
	}
}

// The header counts live processes and zombies, never reaped ones.
func TestTheHeaderCountsLiveProcessesAndZombies(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lines     []string
		live, zom int
	}{
		{"fresh", nil, 2, 0},
		{"a zombie child", []string{"fork 2", "exit 3"}, 2, 1},
		{"the child reaped", []string{"fork 2", "exit 3", "wait 3"}, 2, 0},
		{"only init left", []string{"fork 2", "exit 3", "wait 3", "exit 2"}, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lab := viewLab(t, cmds(t, tc.lines...)...)
			if lab.LiveCount() != tc.live || lab.ZombieCount() != tc.zom {
				t.Errorf("live %d, zombies %d; want %d and %d", lab.LiveCount(), lab.ZombieCount(), tc.live, tc.zom)
			}
		})
	}
}

// A mutex is named by its variable, however it was locked.
func TestMutexesAreNamedByTheirVariable(t *testing.T) {
	srv, err := newServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.CloseSockets()
	l, err := srv.buildLab(labConfig{Seed: 1, Lesson: "deadlock"})
	if err != nil {
		t.Fatal(err)
	}
	l.Apply(cmds(t, "until halt")[0])
	lab := viewmodel.LabFromState(l.Machine().State(), nil)
	var names []string
	for _, m := range lab.Mutexes {
		names = append(names, m.Name)
	}
	if strings.Join(names, " ") != "a b" && strings.Join(names, " ") != "b a" {
		t.Errorf("the deadlock lesson's mutexes are %q, want a and b", names)
	}
}

// fork shares text and rodata read-only; only private writable pages are
// copy-on-write.
func TestForkNarrationSaysWhatIsSharedHow(t *testing.T) {
	lab := viewLab(t, cmds(t, "fork 2")...)
	for _, e := range lab.Events {
		if e.Kind != "process-forked" {
			continue
		}
		en, ko := templates.For("en").Narrate(e), templates.For("ko").Narrate(e)
		if strings.Contains(en, "every page frame") || !strings.Contains(en, "read-only") || !strings.Contains(en, "copy-on-write") {
			t.Errorf("fork narration: %q", en)
		}
		if strings.Contains(ko, "모든 페이지 프레임") || !strings.Contains(ko, "읽기 전용") || !strings.Contains(ko, "쓰기 시 복사") {
			t.Errorf("fork narration: %q", ko)
		}
		return
	}
	t.Fatal("no process-forked event")
}

// The page's header shows the counts, zombies apart.
func TestTheHeaderShowsZombiesApart(t *testing.T) {
	lab := viewLab(t, cmds(t, "fork 2", "exit 3")...)
	for _, lang := range templates.Langs {
		var b bytes.Buffer
		cat := templates.For(lang)
		if err := templates.Readout(cat, lab).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{templates.F(cat.ProcCount, 2), templates.F(cat.ZombieCount, 1)} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s header lacks %q", lang, want)
			}
		}
	}
}

package server

import (
	"context"
	"strings"
	"testing"

	"procscope/sim"
	"procscope/viewmodel"
)

// bigState is a state past every cap: procs processes of threads threads
// each, and frames physical frames.
func bigState(procs, threads, frames int) sim.State {
	var st sim.State
	tid := 1
	for p := range procs {
		ps := sim.ProcessState{Pid: p + 1, PPid: 1}
		for range threads {
			ps.Threads = append(ps.Threads, sim.ThreadState{Tid: tid, Pid: p + 1})
			tid++
		}
		st.Processes = append(st.Processes, ps)
	}
	for i := range frames {
		st.Frames = append(st.Frames, sim.FrameState{Index: i})
	}
	return st
}

func TestTheDrawnViewIsCappedAndSaysWhatItLeftOut(t *testing.T) {
	st := bigState(64, 64, 5000)
	capped, vc := viewmodel.CapState(st)
	if len(capped.Processes) != viewmodel.MaxDrawnProcs || len(capped.Frames) != viewmodel.MaxDrawnFrames {
		t.Fatalf("drawn %d processes, %d frames", len(capped.Processes), len(capped.Frames))
	}
	for _, p := range capped.Processes {
		if len(p.Threads) != viewmodel.MaxDrawnThreads {
			t.Fatalf("process %d draws %d threads", p.Pid, len(p.Threads))
		}
	}
	if len(st.Processes) != 64 || len(st.Processes[0].Threads) != 64 {
		t.Fatal("capState changed the state it was given")
	}
	for lang, want := range map[string][]string{
		"en": {"Of 64 processes, 4096 threads and 5000 physical frames", "only 16 processes, 256 threads and 256 frames"},
		"ko": {"프로세스 64개, 스레드 4096개", "프로세스 16개, 스레드 256개, 프레임 256개만"},
	} {
		for _, w := range want {
			if s := vc.Summary(lang); !strings.Contains(s, w) {
				t.Errorf("%s summary %q lacks %q", lang, s, w)
			}
		}
	}
	small := bigState(3, 2, 10)
	if got, vc := viewmodel.CapState(small); vc != (viewmodel.ViewCap{}) || len(got.Processes) != 3 || vc.Summary("en") != "" {
		t.Errorf("a small state was capped: %+v", vc)
	}
}

func TestACappedViewRendersTheSummary(t *testing.T) {
	frags, err := renderFragments(context.Background(), viewKey{lang: "ko", controls: "full", mode: "explore"}, bigState(40, 3, 10), eventWindow{})
	if err != nil {
		t.Fatal(err)
	}
	maps := frags["address-spaces"]
	if !strings.Contains(maps, `data-testid="view-capped"`) || !strings.Contains(maps, "프로세스 40개") {
		t.Errorf("the address spaces do not say what they leave out")
	}
	// init is drawn with the threads, not on the address axis.
	if n := strings.Count(maps, `data-testid="map"`); n != viewmodel.MaxDrawnProcs-1 {
		t.Errorf("%d process maps drawn, want %d (and init with the threads)", n, viewmodel.MaxDrawnProcs-1)
	}
	if !strings.Contains(frags["threads"], `data-pid="1"`) {
		t.Errorf("init is not drawn with the threads")
	}
}

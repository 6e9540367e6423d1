package viewmodel

import (
	"fmt"
	"slices"

	"procscope/sim"
)

// The rendered view has a size cap: a program that builds 64 processes of
// 64 threads made every step a 30 MB frame that took half a second to
// render. Past these the page draws the first ones and says what it left
// out; the whole state is still in the snapshot, the export and the log.
const (
	MaxDrawnProcs   = 16
	MaxDrawnThreads = 16  // per process
	MaxDrawnFrames  = 256 // physical frames in the frames panel
)

// ViewCap is what CapState left out.
type ViewCap struct {
	procs, threads, frames          int // in the state
	drawnProcs, drawnThreads, drawn int // drawn (threads over all drawn processes)
}

// CapState returns the part of st the page draws, and what was left out
// (zero when nothing was). st is not changed.
func CapState(st sim.State) (sim.State, ViewCap) {
	var vc ViewCap
	vc.procs, vc.frames = len(st.Processes), len(st.Frames)
	for _, p := range st.Processes {
		vc.threads += len(p.Threads)
	}
	over := len(st.Processes) > MaxDrawnProcs || len(st.Frames) > MaxDrawnFrames
	for _, p := range st.Processes {
		over = over || len(p.Threads) > MaxDrawnThreads
	}
	if !over {
		return st, ViewCap{}
	}
	procs := slices.Clone(st.Processes[:min(len(st.Processes), MaxDrawnProcs)])
	for i := range procs {
		procs[i].Threads = procs[i].Threads[:min(len(procs[i].Threads), MaxDrawnThreads)]
		vc.drawnThreads += len(procs[i].Threads)
	}
	st.Processes = procs
	st.Frames = st.Frames[:min(len(st.Frames), MaxDrawnFrames)]
	vc.drawnProcs, vc.drawn = len(procs), len(st.Frames)
	return st, vc
}

// Summary says in lang what the page does not draw ("" if nothing).
func (vc ViewCap) Summary(lang string) string {
	if vc == (ViewCap{}) {
		return ""
	}
	if lang == "ko" {
		return fmt.Sprintf("프로세스 %d개, 스레드 %d개, 물리 프레임 %d개 가운데 프로세스 %d개, 스레드 %d개, 프레임 %d개만 그렸습니다. 나머지는 이벤트 로그와 내보내기에서 볼 수 있습니다.",
			vc.procs, vc.threads, vc.frames, vc.drawnProcs, vc.drawnThreads, vc.drawn)
	}
	return fmt.Sprintf("Of %d processes, %d threads and %d physical frames, only %d processes, %d threads and %d frames are drawn; the event log and the export have the rest.",
		vc.procs, vc.threads, vc.frames, vc.drawnProcs, vc.drawnThreads, vc.drawn)
}

// CappedLab is the view of a state within the view's size cap, saying
// what it leaves out.
func CappedLab(st sim.State, evs []sim.Event, lang string) Lab {
	return CappedLabKept(st, evs, lang, nil)
}

// CappedLabKept is CappedLab with the process views kept (Kept).
func CappedLabKept(st sim.State, evs []sim.Event, lang string, kept *Kept) Lab {
	st, vc := CapState(st)
	lab := LabFromStateKept(st, evs, kept)
	lab.Capped = vc.Summary(lang)
	return lab
}

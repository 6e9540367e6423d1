package server

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
	maxDrawnProcs   = 16
	maxDrawnThreads = 16  // per process
	maxDrawnFrames  = 256 // physical frames in the frames panel
)

// viewCap is what capState left out.
type viewCap struct {
	procs, threads, frames          int // in the state
	drawnProcs, drawnThreads, drawn int // drawn (threads over all drawn processes)
}

// capState returns the part of st the page draws, and what was left out
// (zero when nothing was). st is not changed.
func capState(st sim.State) (sim.State, viewCap) {
	var vc viewCap
	vc.procs, vc.frames = len(st.Processes), len(st.Frames)
	for _, p := range st.Processes {
		vc.threads += len(p.Threads)
	}
	over := len(st.Processes) > maxDrawnProcs || len(st.Frames) > maxDrawnFrames
	for _, p := range st.Processes {
		over = over || len(p.Threads) > maxDrawnThreads
	}
	if !over {
		return st, viewCap{}
	}
	procs := slices.Clone(st.Processes[:min(len(st.Processes), maxDrawnProcs)])
	for i := range procs {
		procs[i].Threads = procs[i].Threads[:min(len(procs[i].Threads), maxDrawnThreads)]
		vc.drawnThreads += len(procs[i].Threads)
	}
	st.Processes = procs
	st.Frames = st.Frames[:min(len(st.Frames), maxDrawnFrames)]
	vc.drawnProcs, vc.drawn = len(procs), len(st.Frames)
	return st, vc
}

// summary says in lang what the page does not draw ("" if nothing).
func (vc viewCap) summary(lang string) string {
	if vc == (viewCap{}) {
		return ""
	}
	if lang == "ko" {
		return fmt.Sprintf("프로세스 %d개, 스레드 %d개, 물리 프레임 %d개 가운데 프로세스 %d개, 스레드 %d개, 프레임 %d개만 그렸습니다. 나머지는 이벤트 로그와 내보내기에서 볼 수 있습니다.",
			vc.procs, vc.threads, vc.frames, vc.drawnProcs, vc.drawnThreads, vc.drawn)
	}
	return fmt.Sprintf("Of %d processes, %d threads and %d physical frames, only %d processes, %d threads and %d frames are drawn; the event log and the export have the rest.",
		vc.procs, vc.threads, vc.frames, vc.drawnProcs, vc.drawnThreads, vc.drawn)
}

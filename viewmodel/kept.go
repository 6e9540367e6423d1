package viewmodel

import (
	"slices"
	"strings"

	"procscope/sim"
)

// Kept is what LabFromStateKept built of each process of one lab, by the
// process's version (sim's change counter, changes.go there): a step
// that runs one thread rebuilds that thread's process, not every
// process's map, frames and globals. A process's view is a function of
// its own state and of which of its frames are shared, the program and
// the shared segments, and sim moves a process's version whenever any
// of those may have changed; threads' colours are a function of their
// ids.
//
// A version is the same number for the same state only within one
// history of one machine: after the lab jumps (back, goto, load, reset)
// or a frame is made whole, Reset forgets everything.
type Kept struct {
	procs map[int]keptProcess
	// The event log's views: Events made them from the events numbered
	// from first on (EventsFrom), and spare is the list the next frame
	// makes its views in. Within one history an event's number names it.
	first, next uint64
	events      []Event
	spare       []Event
	// the program's source lines, joined (programView), and the lists its
	// lines were made in, the last frame's and the one before
	sourceOf          []string
	source            string
	lines, spareLines []SourceLine
	// costs are the costs' views of the last frame (overhead)
	costs []Cost
	// frameList is the frames' views made at framesAt (frames)
	frameList []Frame
	framesAt  uint64
}

// frames are the views of st's physical frames (frameViews): those kept
// when every process's layout and the frames the last tick copied are
// as they were (sim maps, copies or frees a frame only by what moves
// every process's layout; the segments too), else new ones, kept.
func (k *Kept) frames(st sim.State, evs []sim.Event, last uint64, shared map[int]bool) []Frame {
	if k == nil {
		return frameViews(st, evs, last, shared)
	}
	at := mixKey(uint64(len(st.Frames)), uint64(len(st.Processes)))
	for _, p := range st.Processes {
		at = mixKey(mixKey(at, uint64(p.Pid)), p.Layout)
	}
	for _, e := range evs {
		if e.Kind == sim.EvCOWFault && e.Tick == last {
			at = mixKey(at, uint64(e.NewFrame))
		}
	}
	if k.frameList == nil || k.framesAt != at {
		k.frameList, k.framesAt = frameViews(st, evs, last, shared), at
	}
	return k.frameList
}

// overhead is overhead(o), keeping the strings of the costs of the frame
// before that print as they did.
func (k *Kept) overhead(o sim.Overhead) []Cost {
	if k == nil {
		return overhead(o)
	}
	k.costs = overheadAgain(k.costs, o)
	return k.costs
}

// programView is ProgramView(st): its source joined once while the
// state's source lines are the same lines (sim's ViewState shares one
// program's from frame to frame; nobody changes them), its lines made in
// the list of the frame before last (no view of a lab outlives its
// frame).
func (k *Kept) programView(st sim.State) Program {
	if k == nil {
		return ProgramView(st)
	}
	src := st.Program.Source
	if len(src) != len(k.sourceOf) || len(src) > 0 && &src[0] != &k.sourceOf[0] {
		k.sourceOf, k.source = src, strings.Join(src, "\n")
	}
	prog := programViewIn(st, k.source, k.spareLines)
	k.spareLines, k.lines = k.lines, prog.Lines
	return prog
}

// mixKey adds n to the key h (splitmix64's finalizer: counters that move
// by one must not cancel out).
func mixKey(h, n uint64) uint64 {
	x := h ^ (n + 0x9e3779b97f4a7c15)
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// EventsFrom says that the events of the next LabFromStateKept are
// numbered from first on (the session's log numbers every event it
// adds), so their views are made once, not on every frame.
func (k *Kept) EventsFrom(first uint64) {
	if k != nil {
		k.next = first
	}
}

// eventViews are the views of evs, numbered from 1, the events of tick
// last marked new: those kept where the events are numbered as kept. The
// list is k's, used again on the frame after the next: no view of a lab
// outlives the frame it is made for, but for what the templates keep,
// which never renders it (templates.Kept).
func (k *Kept) eventViews(evs []sim.Event, last uint64) []Event {
	if k == nil || k.next == 0 {
		out := make([]Event, len(evs))
		for i, e := range evs {
			out[i] = EventView(i+1, e, e.Tick == last)
		}
		return out
	}
	out := slices.Grow(k.spare[:0], len(evs))[:len(evs)]
	for i, e := range evs {
		n := k.next + uint64(i)
		if n >= k.first && n < k.first+uint64(len(k.events)) {
			out[i] = k.events[n-k.first]
			out[i].Seq, out[i].New = i+1, e.Tick == last
			continue
		}
		out[i] = EventView(i+1, e, e.Tick == last)
	}
	k.spare, k.events, k.first, k.next = k.events, out, k.next, 0
	return out
}

type keptProcess struct {
	version, layout uint64 // the process's when view was made
	view            Process
	// spare is the map of the view before view, which no view of the lab
	// holds any more (a view lives for its frame): the next view of the
	// same layout makes its map in it.
	spare []MapRow
}

// Reset forgets every kept view, and the memory they took.
func (k *Kept) Reset() {
	if k != nil {
		*k = Kept{}
	}
}

// process is the view kept of p, if it is of p's version; else, if one
// of p's layout is kept, that one (same), whose map processView takes
// (its regions and pages are p's), and a list to make the new map in. The view's slices are shared with the
// kept one: no caller changes them (Children, set afterwards, is nil in
// a kept view and made afresh).
func (k *Kept) process(p sim.ProcessState) (v Process, ok bool, same *Process, spare []MapRow) {
	if k == nil {
		return Process{}, false, nil, nil
	}
	e, found := k.procs[p.Pid]
	switch {
	case !found:
		return Process{}, false, nil, nil
	case e.version == p.Version:
		return e.view, true, nil, nil
	case e.layout == p.Layout:
		return Process{}, false, &e.view, e.spare
	}
	return Process{}, false, nil, nil
}

// keep records v as the view of p.
func (k *Kept) keep(p sim.ProcessState, v Process) {
	if k == nil {
		return
	}
	if k.procs == nil {
		k.procs = map[int]keptProcess{}
	}
	var spare []MapRow
	if was := k.procs[p.Pid].view.Map; cap(was) > 0 && (len(v.Map) == 0 || &was[:1][0] != &v.Map[0]) {
		spare = was
	}
	k.procs[p.Pid] = keptProcess{p.Version, p.Layout, v, spare}
}

// prune forgets the processes st no longer has, once they are as many as
// it has: a lab that forks and reaps for long keeps no view of every pid
// it ever had.
func (k *Kept) prune(st sim.State) {
	if k == nil || len(k.procs) <= 2*len(st.Processes)+8 {
		return
	}
	live := make(map[int]bool, len(st.Processes))
	for _, p := range st.Processes {
		live[p.Pid] = true
	}
	for pid := range k.procs {
		if !live[pid] {
			delete(k.procs, pid)
		}
	}
}

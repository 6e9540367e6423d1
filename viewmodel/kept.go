package viewmodel

import "procscope/sim"

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
}

type keptProcess struct {
	version, shape uint64 // the process's when view was made
	view           Process
}

// Reset forgets every kept view, and the memory they took.
func (k *Kept) Reset() {
	if k != nil {
		k.procs = nil
	}
}

// process is the view kept of p, if it is of p's version; else, if one
// of p's shape is kept, that one (same), whose map processView takes
// (its regions and pages are p's). The view's slices are shared with the
// kept one: no caller changes them (Children, set afterwards, is nil in
// a kept view and made afresh).
func (k *Kept) process(p sim.ProcessState) (v Process, ok bool, same *Process) {
	if k == nil {
		return Process{}, false, nil
	}
	e, found := k.procs[p.Pid]
	switch {
	case !found:
		return Process{}, false, nil
	case e.version == p.Version:
		return e.view, true, nil
	case e.shape == p.Shape:
		return Process{}, false, &e.view
	}
	return Process{}, false, nil
}

// keep records v as the view of p.
func (k *Kept) keep(p sim.ProcessState, v Process) {
	if k == nil {
		return
	}
	if k.procs == nil {
		k.procs = map[int]keptProcess{}
	}
	k.procs[p.Pid] = keptProcess{p.Version, p.Shape, v}
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

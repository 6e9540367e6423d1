package templates

import (
	"slices"
	"strings"
)

// eventTicks are the distinct ticks of the logged events, for the
// timeline's marks.
func eventTicks(evs []Event) []uint64 {
	var ks []uint64
	for _, e := range evs {
		ks = append(ks, e.Tick)
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// defaultProc is the process the action bar offers before anyone chooses:
// the first live user process.
func defaultProc(lab Lab, pid int) bool {
	for _, p := range lab.Procs {
		if !p.System && p.Live() {
			return p.Pid == pid
		}
	}
	return false
}

// defaultThread is the first thread of the default process.
func defaultThread(lab Lab, tid int) bool {
	for _, p := range lab.Procs {
		if !p.System && p.Live() {
			return len(p.Threads) > 0 && p.Threads[0].Tid == tid
		}
	}
	return false
}

// cmdOps is every word the command line completes, space-separated.
func cmdOps() string {
	ops := make([]string, len(cmdSyntax))
	for i, c := range cmdSyntax {
		ops[i] = c.Op
	}
	return strings.Join(ops, " ")
}

// axisCols is the number of columns of the address axis (at least one,
// so an empty table still has a valid colspan).
func axisCols(ax Axis) string { return itoa(max(1, len(ax.Procs))) }

// actionProcs are the processes the action bar offers commands for: none
// unless the page shows every control (a class's follower gets the empty
// bar, which fills when the teacher hands it control).
func actionProcs(o Options, lab Lab) []Process {
	if !o.Full() {
		return nil
	}
	return lab.Procs
}

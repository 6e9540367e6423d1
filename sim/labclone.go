package sim

import "slices"

// Clone returns an independent copy of the lab: a Machine.Clone of its
// machine (no observer; the lab's pacer), its own copy of the history, and the same
// snapshots (they are never modified: Goto clones the one it starts from).
// A classroom that ends hands each student such a copy.
func (l *Lab) Clone() *Lab {
	c := *l
	c.m = l.m.Clone()
	c.m.SetPacer(l.paceEvery, l.pace)
	c.history = slices.Clone(l.history)
	c.snaps = slices.Clone(l.snaps)
	return &c
}

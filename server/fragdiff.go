package server

import "hash/maphash"

// fragmentVersions is the change tracking of a session's frames: for each
// view (language, format, controls, mode — the frame's group) and each
// fragment id, a hash of the markup that view was last sent. A frame
// carries only the fragments whose markup changed; a full frame carries
// all of them and resets what the view was sent. It is keyed by fragment
// id alone, so any fragment the page grows takes part without a change
// here.
//
// Every change of a session's machine is published to every connection
// at once, so all connections of one view have the same fragments; one
// that joins, or falls behind, gets a full frame, which records what it
// was sent.
type fragmentVersions map[viewKey]map[string]uint64

var fragmentSeed = maphash.MakeSeed()

// changed returns the fragments of frags that differ from what view v was
// last sent (all of them when full) and records them as sent.
func (fv fragmentVersions) changed(v viewKey, frags map[string]string, full bool) map[string]string {
	sent := fv[v]
	if sent == nil || full {
		sent = make(map[string]uint64, len(frags))
		fv[v] = sent
	}
	out := make(map[string]string, len(frags))
	for id, html := range frags {
		h := maphash.String(fragmentSeed, html)
		if old, ok := sent[id]; ok && old == h && !full {
			continue
		}
		sent[id] = h
		out[id] = html
	}
	return out
}

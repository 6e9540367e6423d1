package templates

import "github.com/a-h/templ"

// actionsFragment is the action bar as a fragment. It is drawn once
// however many threads there are (ActionBar), so its model is the bar
// as newActBar gathers it, cut down to what the markup reads: a thread
// spawned, or one that moves, blocks or changes its registers, leaves
// it as it was and the bar is not sent (it was re-sent whole, 4.9 KB
// in the 12-thread lab, on every spawn, its markup unchanged).
func actionsFragment(t *Catalog, o Options, lab *Lab) Fragment {
	return Fragment{ID: "actions", Component: lazy(func() templ.Component { return ActionBar(t, o, *lab) }), Model: actionsModel(newActBar(o, *lab))}
}

// actionsKey is what ActionBar reads of its actBar.
type actionsKey struct {
	Procs            []actProcKey
	Acts             bool // some thread takes thread commands
	Tid, Color, Pid  int  // the default thread and process
	Spawns           []spawnKind
	Globals          []pidChoice
	HasVars, LivePid string
}

// actProcKey is what the bar reads of one of its processes: its pid (in
// data-pids), whether it is live and, for its descriptors' controls,
// its descriptors and the thread they act from.
type actProcKey struct {
	Pid, ActorTid int
	Live          bool
	FDs           []FD
}

// actionsModel is the action bar's model (actionsKey) of b.
func actionsModel(b actBar) actionsKey {
	k := actionsKey{Acts: len(b.Tids) > 0, Tid: b.Thread.Tid, Color: b.Thread.Color, Pid: b.Proc.Pid,
		Spawns: b.Spawns, Globals: b.Globals, HasVars: b.HasVars, LivePid: b.Live}
	k.Procs = make([]actProcKey, len(b.Procs))
	for i, p := range b.Procs {
		k.Procs[i] = actProcKey{Pid: p.Pid, ActorTid: p.ActorTid, Live: p.Live(), FDs: p.FDs}
	}
	return k
}

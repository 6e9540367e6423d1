package templates

import (
	"slices"
	"strings"
)

// eventTicks are the distinct ticks of the logged events, for the
// timeline's marks.
func eventTicks(evs []Event) []uint64 {
	ks := make([]uint64, 0, len(evs))
	for _, e := range evs {
		ks = append(ks, e.Tick)
	}
	slices.Sort(ks)
	return slices.Compact(ks)
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

// axisRowID is the id of an axis row: its band's low address.
func axisRowID(row AxisRow) string { return "ax-" + row.Lo }

// unmappedID is the id of a process's unmapped stretch starting in row.
func unmappedID(row AxisRow, c AxisCell) string { return "un-" + itoa(c.Pid) + "-" + row.Lo }

// actBar is what the one action bar needs: the processes and threads it
// can act on, the first of each (acted on until the reader chooses), and
// the controls that differ between processes, each naming the pids it
// applies to (data-pids), so the script shows the chosen process's.
type actBar struct {
	Procs   []Process // user processes that are live or zombies
	Tids    []int     // their threads that take thread commands
	Thread  Thread    // the default thread: the first live process's main thread
	Proc    Process   // the default process
	Spawns  []spawnKind
	Globals []pidChoice // every global of any process, with the pids that have it
	HasVars string      // pids of the processes with globals
	Live    string      // pids of the live processes (kill, exec)
}

// spawnKind is one way "Spawn thread" is sent: the assembly form (no
// name) or a C program's thread function.
type spawnKind struct {
	C    bool
	Func string
	Pids string
}

// pidChoice is one option offered to some of the processes.
type pidChoice struct {
	Name string
	Pids string
}

// newActBar gathers the action bar's processes: none unless the page
// shows every control (a class's follower gets the empty bar, which
// fills when the teacher hands it control); never init.
func newActBar(o Options, lab Lab) actBar {
	var b actBar
	if !o.Full() {
		return b
	}
	var hasVars, live []int
	for _, p := range lab.Procs {
		if !offered(p) {
			continue
		}
		b.Procs = append(b.Procs, p)
		for _, th := range p.Threads {
			if takesCommands(p, th) {
				b.Tids = append(b.Tids, th.Tid)
			}
		}
		if p.Live() {
			live = append(live, p.Pid)
			if b.Proc.Pid == 0 && len(p.Threads) > 0 {
				b.Proc, b.Thread = p, p.Threads[0]
			}
		}
		if len(p.Globals) > 0 {
			hasVars = append(hasVars, p.Pid)
		}
		b.addSpawn(p)
		b.addGlobals(p)
	}
	b.HasVars, b.Live = pidList(hasVars), pidList(live)
	b.settleDefault()
	return b
}

// settleDefault makes sure the default process and thread are ones the
// bar offers: without a live process, the first zombie; a default thread
// that takes no commands gives way to the first that does.
func (b *actBar) settleDefault() {
	if b.Proc.Pid == 0 && len(b.Procs) > 0 {
		b.Proc = b.Procs[0]
	}
	if slices.Contains(b.Tids, b.Thread.Tid) || len(b.Tids) == 0 {
		return
	}
	b.Thread = Thread{}
	for _, p := range b.Procs {
		for _, th := range p.Threads {
			if th.Tid == b.Tids[0] {
				b.Thread = th
			}
		}
	}
}

// offered says whether the action bar acts on p: a user process that is
// live or a zombie (to be reaped).
func offered(p Process) bool { return !p.System && (p.Live() || p.State == "zombie") }

// takesCommands says whether the action bar acts from thread th of p: any
// thread of a live process, a zombie's that have not exited. Its card is
// marked data-commands, so a spawn changes the cards, not the bar.
func takesCommands(p Process, th Thread) bool {
	return offered(p) && (p.Live() || th.State != "exited" && th.State != "halted")
}

// addSpawn files p under its way of spawning a thread (a C program
// without a thread function has none).
func (b *actBar) addSpawn(p Process) {
	if p.CProgram && p.ThreadFunc == "" {
		return
	}
	for i, s := range b.Spawns {
		if s.C == p.CProgram && s.Func == p.ThreadFunc {
			b.Spawns[i].Pids += " " + itoa(p.Pid)
			return
		}
	}
	b.Spawns = append(b.Spawns, spawnKind{C: p.CProgram, Func: p.ThreadFunc, Pids: itoa(p.Pid)})
}

// addGlobals adds p's pid to each of its globals' options.
func (b *actBar) addGlobals(p Process) {
	for _, g := range p.Globals {
		i := slices.IndexFunc(b.Globals, func(c pidChoice) bool { return c.Name == g })
		if i < 0 {
			b.Globals = append(b.Globals, pidChoice{Name: g, Pids: itoa(p.Pid)})
		} else {
			b.Globals[i].Pids += " " + itoa(p.Pid)
		}
	}
}

// pids are the bar's processes, space-separated.
func (b actBar) pids() string {
	ns := make([]int, len(b.Procs))
	for i, p := range b.Procs {
		ns[i] = p.Pid
	}
	return pidList(ns)
}

// spawnID names the first spawn button act-spawn (the one most labs
// have) and any other act-spawn-2, act-spawn-3, …
func spawnID(i int) string {
	if i == 0 {
		return "act-spawn"
	}
	return "act-spawn-" + itoa(i+1)
}

// hasPid reports whether the space-separated list names pid.
func hasPid(list string, pid int) bool {
	return slices.Contains(strings.Fields(list), itoa(pid))
}

// firstGlobal is the global the pickers start on: the default process's
// first.
func firstGlobal(b actBar) string {
	for _, g := range b.Globals {
		if hasPid(g.Pids, b.Proc.Pid) {
			return g.Name
		}
	}
	return ""
}

// regWidth is the room a register's value needs on a thread card (six
// columns; pc, sp and bp always take half or more, app.css): a general
// register's value of up to 4 characters fits a sixth, up to 14 half
// the card, a longer one the whole width.
func regWidth(name, value string) string {
	switch {
	case name == "pc" || name == "sp" || name == "bp" || len(value) <= 4:
		return ""
	case len(value) <= 14:
		return "reg-half"
	default:
		return "reg-full"
	}
}

// splitRegionName cuts a catalog's region name "term (.section)" into its
// term and section; a name without a section comes back whole.
func splitRegionName(name string) (term, section string) {
	i := strings.LastIndex(name, " (.")
	if i <= 0 || !strings.HasSuffix(name, ")") {
		return name, ""
	}
	return name[:i], name[i+2 : len(name)-1]
}

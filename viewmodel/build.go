package viewmodel

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"procscope/sim"
)

// LabFromState turns the machine's state and its recent events (oldest
// first) into what the page draws. The events of the latest tick are
// marked new: the page announces those.
func LabFromState(st sim.State, evs []sim.Event) Lab { return LabFromStateKept(st, evs, nil) }

// LabFromStateKept is LabFromState that takes each process's view from
// kept when its version is the one kept, and keeps what it builds (nil:
// keep nothing). See Kept.
func LabFromStateKept(st sim.State, evs []sim.Event, kept *Kept) Lab {
	lab := Lab{
		Tick: st.Tick, Clock: Nanos(st.Clock), Instructions: st.Instructions, Profile: st.Profile,
		CanBack: st.Tick > 0,
	}
	colors := map[int]int{}
	for _, p := range st.Processes {
		for _, t := range p.Threads {
			colors[t.Tid] = t.Tid % 8
		}
	}
	var last uint64
	for _, e := range evs {
		last = max(last, e.Tick)
	}
	// A page marked copy-on-write whose frame has one mapper left is not
	// shared any more: its next write reuses the frame, so the page shows
	// no COW mark (the legend says "the first write copies it").
	shared := map[int]bool{}
	for _, f := range st.Frames {
		shared[f.Index] = f.Refs > 1
	}
	lab.Procs = make([]Process, 0, len(st.Processes))
	for _, p := range st.Processes {
		v, ok, same, spare := kept.process(p)
		if !ok {
			v = processView(p, colors, shared, same, spare)
			v.CProgram, v.ThreadFunc = threadFunc(st, p)
			addSegments(&v, st.Segments)
			kept.keep(p, v)
		}
		lab.Procs = append(lab.Procs, v)
		lab.Changes = append(lab.Changes, changeOf(p))
	}
	kept.prune(st)
	for i, p := range lab.Procs {
		for _, q := range lab.Procs {
			if q.PPid == p.Pid && q.Pid != p.Pid {
				lab.Procs[i].Children = append(lab.Procs[i].Children, q.Pid)
			}
		}
	}
	lab.Frames = kept.frames(st, evs, last, shared)
	for _, c := range st.CPUs {
		lab.CPUs = append(lab.CPUs, CPU{ID: c.ID, Tid: c.Tid, Pid: c.Pid, Color: colors[c.Tid],
			Busy: Nanos(c.Time.Busy), Idle: Nanos(c.Time.Idle + c.IdleNow)})
	}
	lab.Program = kept.programView(st)
	lab.Terminal = TerminalView(st)
	lab.Overhead = kept.overhead(st.Overhead)
	lab.Pipes = pipesView(st, colors)
	lab.Mutexes = mutexesView(st, colors)
	lab.Segments = segmentsView(st)
	lab.Timeline = timeline(st, evs, colors)
	if len(evs) > 0 {
		// up to 200 large views, most of a frame's allocation: kept
		lab.Events = kept.eventViews(evs, last)
	}
	return lab
}

// frameViews are the physical frames of st as the page draws them: the
// kind of the first region mapping each, whether it is shared
// copy-on-write (shared says which frames have more than one mapper),
// the segment it belongs to, and whether the last tick's fault (at tick
// last of evs) just copied it.
func frameViews(st sim.State, evs []sim.Event, last uint64, shared map[int]bool) []Frame {
	fresh := map[int]bool{}
	for _, e := range evs {
		if e.Kind == sim.EvCOWFault && e.Tick == last {
			fresh[e.NewFrame] = true
		}
	}
	cowFrames := map[int]bool{}
	frameKind := map[int]string{}
	for _, p := range st.Processes {
		for _, r := range p.Regions {
			for _, pg := range r.Pages {
				if pg.COW && shared[pg.Frame] {
					cowFrames[pg.Frame] = true
				}
				if _, ok := frameKind[pg.Frame]; !ok {
					frameKind[pg.Frame] = string(r.Kind)
				}
			}
		}
	}
	segFrames := map[int]int{}
	for _, sg := range st.Segments {
		for _, f := range sg.Frames {
			segFrames[f] = sg.ID
		}
	}
	var out []Frame
	for _, f := range st.Frames {
		v := Frame{Index: f.Index, Refs: f.Refs, Cow: cowFrames[f.Index], Fresh: fresh[f.Index], Kind: frameKind[f.Index], Segment: segFrames[f.Index]}
		for _, m := range f.Maps {
			v.Maps = append(v.Maps, FrameMap{Pid: m.Pid, VPage: HexAddr(m.Addr)})
		}
		out = append(out, v)
	}
	return out
}

// changeOf is p's change counters.
func changeOf(p sim.ProcessState) Change {
	c := Change{Pid: p.Pid, Version: p.Version, Shape: p.Shape, Layout: p.Layout, Threads: make([]uint64, len(p.Threads))}
	for i, t := range p.Threads {
		c.Threads[i] = t.Version
	}
	return c
}

// procState is the state the page names for a process: a live process
// whose every thread is blocked is blocked (ps says S, sleeping), as init
// is while it waits for children; otherwise the simulator's state.
func procState(p sim.ProcessState) string {
	if p.State != sim.ProcRunning {
		return string(p.State)
	}
	live := 0
	for _, t := range p.Threads {
		if t.State == sim.ThreadExited {
			continue
		}
		live++
		if t.State != sim.ThreadBlocked {
			return string(p.State)
		}
	}
	if live == 0 {
		return string(p.State)
	}
	return "blocked"
}

// actorTid is the thread a descriptor's commands act from: the first
// thread that is neither blocked (a blocked thread can make no system
// call) nor exited, else the first thread, else the pid.
func actorTid(p sim.ProcessState) int {
	for _, t := range p.Threads {
		if t.State != sim.ThreadBlocked && t.State != sim.ThreadExited {
			return t.Tid
		}
	}
	if len(p.Threads) > 0 {
		return p.Threads[0].Tid
	}
	return p.Pid
}

// processView is one process as the page draws it; shared says which
// frames have more than one mapper (only those are copy-on-write shared).
//
// same is a view of p at the same layout (sim's ProcessState.Layout), or
// nil: its map's regions, pages and heap are p's, so only the markers,
// values and call frames in it are made again, in spare's room.
func processView(p sim.ProcessState, colors map[int]int, shared map[int]bool, same *Process, spare []MapRow) Process {
	v := Process{Pid: p.Pid, PPid: p.PPid, Name: p.Name, State: procState(p), Subreaper: p.Subreaper, Adopted: p.Adopted, System: p.Pid == 1,
		CPUTime: Nanos(p.CPUTime)}
	for _, fd := range p.FDs {
		v.FDs = append(v.FDs, FD{FD: fd.FD, Pipe: fd.Pipe, End: fd.End})
	}
	if p.State != sim.ProcRunning {
		v.Exited, v.Exit = true, int64(p.Status.Shell())
	}
	for i, t := range p.Threads {
		state := string(t.State)
		if t.State == sim.ThreadRunnable {
			state = "ready"
		}
		was := threadOf(same, i, t.Tid) // its view a step before, or an empty one
		v.Threads = append(v.Threads, Thread{
			Tid: t.Tid, Pid: p.Pid, Color: colors[t.Tid], State: state, CPU: t.CPU,
			PC: hexAgain(was.PC, t.Regs.PC), SP: hexAgain(was.SP, uint64(t.Regs.SP)), BP: hexAgain(was.BP, uint64(t.Regs.BP)), Regs: regsAgain(was.Regs, t.Regs),
			Line: t.Line, Depth: len(t.Frames) + t.MoreFrames, Main: i == 0 && t.Tid == p.Pid,
			Waiting: t.Waiting, WaitFor: t.WaitFor, CPUTime: nanosAgain(was.CPUTime, t.CPUTime),
		})
	}
	v.ActorTid = actorTid(p)
	if same != nil {
		v.Map, v.Globals = append(spare[:0], same.Map...), same.Globals
		for i := range v.Map {
			row := &v.Map[i]
			row.Markers, row.Globals, row.Frames, row.OuterFrames = rowMarkers(row.Kind, row.Owner, v.Threads), nil, nil, 0
		}
	} else {
		v.Map, v.Globals = mapLayout(p, v.Threads, shared), globalNames(p)
	}
	// what a step moves: values and call frames
	for i := range v.Map {
		row := &v.Map[i]
		if row.Gap {
			continue
		}
		r := findRegion(p.Regions, row.Start)
		if r == nil {
			continue
		}
		for _, g := range p.Globals {
			if r.Contains(g.Addr) && shownGlobal(g.Name) {
				row.Globals = append(row.Globals, Global{Name: g.Name, Addr: HexAddr(g.Addr), Size: HumanSize(g.Size),
					Value: globalValue(g, p.Globals), Cow: cowPage(r, shared, g.Addr&^(sim.PageSize-1))})
			}
		}
		if r.Kind == sim.RegionStack {
			for _, t := range p.Threads {
				if t.Tid != r.Owner {
					continue
				}
				named := LocalSyms(t)
				for j := len(t.Frames) - 1; j >= 0; j-- {
					row.Frames = append(row.Frames, stackFrame(t.Frames[j], named))
				}
				row.OuterFrames = t.MoreFrames
			}
		}
	}
	return v
}

// mapLayout is p's memory map as its layout makes it: the rows with their
// markers, pages and heap blocks, without values or call frames.
func mapLayout(p sim.ProcessState, threads []Thread, shared map[int]bool) []MapRow {
	rs := make([]region, 0, len(p.Regions))
	for _, r := range p.Regions {
		rs = append(rs, region{Kind: string(r.Kind), Start: r.Start, End: r.End, Perm: r.Perm.String(), Owner: r.Owner, Segment: r.Segment})
	}
	rows := mapRows(rs, threads)
	for i := range rows {
		row := &rows[i]
		if row.Gap {
			continue
		}
		r := findRegion(p.Regions, row.Start)
		if r == nil {
			continue
		}
		for j := len(r.Pages) - 1; j >= 0; j-- {
			pg := r.Pages[j]
			cow := pg.COW && shared[pg.Frame]
			if cow {
				row.CowPages++
			}
			row.Mapped = append(row.Mapped, PageLink{VPage: HexAddr(pg.Addr), Frame: pg.Frame, Cow: cow})
		}
		if r.Kind == sim.RegionHeap || r.Kind == sim.RegionMmap {
			for _, h := range p.Heap {
				if r.Contains(h.Addr) {
					row.Heap = append(row.Heap, HeapBlock{Addr: HexAddr(h.Addr), Size: HumanSize(h.Size), Free: h.Free})
				}
			}
		}
	}
	return rows
}

// cowPage says whether the page at addr of region r is shared
// copy-on-write.
func cowPage(r *sim.RegionState, shared map[int]bool, addr uint64) bool {
	for _, pg := range r.Pages {
		if pg.Addr == addr {
			return pg.COW && shared[pg.Frame]
		}
	}
	return false
}

// globalNames are the globals a "write global" control offers: writable
// ones first, as a write to .rodata is a lesson of its own (a segfault),
// not the default.
func globalNames(p sim.ProcessState) []string {
	var out []string
	for _, ro := range []bool{false, true} {
		for _, g := range p.Globals {
			if (g.Section == "rodata") == ro && shownGlobal(g.Name) {
				out = append(out, g.Name)
			}
		}
	}
	return out
}

// threadFunc says whether process p runs a C program and which of its
// functions the page's "Spawn thread" starts, as pthread_create would:
// the first with a thread function's type, void *(void *). A C program
// without one offers no spawn button (the command line still takes
// "spawn TID FUNCTION"); an assembly program spawns at its start.
func threadFunc(st sim.State, p sim.ProcessState) (isC bool, name string) {
	prog, isC := st.Program.Code(), st.Program.Language == "c"
	if !isC || prog == nil || prog.Debug == nil || p.Program != st.Program.Name {
		return isC, "" // (a program exec'd by a C one: no button)
	}
	for _, f := range prog.Debug.Funcs {
		if f.Name != "main" && f.Type == "void * (void *)" {
			return true, f.Name
		}
	}
	return true, ""
}

// shownGlobal says whether a global is the program's own: names that
// begin with two underscores are reserved to the implementation in C, and
// the C runtime's (__stdout_buf, __thread_results, __progname) stay
// hidden in the maps and the write picker, as docs/c.md says. They still
// take their place in memory and in the state.
func shownGlobal(name string) bool { return !strings.HasPrefix(name, "__") }

func findRegion(rs []sim.RegionState, start string) *sim.RegionState {
	for i := range rs {
		if HexAddr(rs[i].Start) == start {
			return &rs[i]
		}
	}
	return nil
}

// overhead turns the machine's totals by category into bars. The
// categories always add up to the clock.
func overhead(o sim.Overhead) []Cost { return overheadAgain(nil, o) }

// overheadAgain is overhead(o), keeping was's strings (the costs a step
// before) that print as they did: a step adds to the work done, seldom to
// the rest.
func overheadAgain(was []Cost, o sim.Overhead) []Cost {
	cats := []struct {
		kind string
		ns   uint64
	}{
		{"creation", o.Creation}, {"switching", o.Switching}, {"faults", o.Faults},
		{"communication", o.Communication}, {"sync", o.Sync}, {"work", o.Work}, {"other", o.Other},
	}
	total := o.Total()
	if total == 0 {
		return nil
	}
	var most uint64
	for _, c := range cats {
		most = max(most, c.ns)
	}
	out := make([]Cost, 0, len(cats))
	for i, c := range cats {
		var w Cost
		if i < len(was) && was[i].Kind == c.kind {
			w = was[i]
		}
		out = append(out, Cost{Kind: c.kind, Total: nanosAgain(w.Total, c.ns), Share: percentAgain(w.Share, c.ns, total), W: 100 * float64(c.ns) / float64(most)})
	}
	return out
}

// percent prints part of whole as "12%" ("<1%" for a sliver, "0%" for none).
func percent(part, whole uint64) string { return percentAgain("", part, whole) }

// percentAgain is percent(part, whole): was, when that is what it prints.
func percentAgain(was string, part, whole uint64) string {
	switch {
	case part == 0 || whole == 0:
		return "0%"
	case 100*part < whole:
		return "<1%"
	}
	var b [24]byte
	return again(was, append(strconv.AppendUint(b[:0], (100*part+whole/2)/whole, 10), '%'))
}

// again is was when it is now, else now as a string: a view made again
// keeps the strings that print as they did, and allocates only the rest.
func again(was string, now []byte) string {
	if string(now) == was {
		return was
	}
	return string(now)
}

// maxPipeCells bounds the cells drawn for one pipe's buffer. A C pipe
// buffers 64 KiB, one value per byte: a cell each would put hundreds of
// kilobytes in every frame. The caption still says how full it is.
const maxPipeCells = 64

func pipesView(st sim.State, colors map[int]int) []Pipe {
	var out []Pipe
	for _, p := range st.Pipes {
		v := Pipe{ID: p.ID, Used: len(p.Buffer), Capacity: p.Capacity, Readers: p.Readers, Writers: p.Writers, Words: p.Words,
			ReadQueue: refs(p.ReadQueue, colors), WriteQueue: refs(p.WriteQueue, colors)}
		for i := range min(max(p.Capacity, len(p.Buffer)), maxPipeCells) {
			if i < len(p.Buffer) {
				v.Cells = append(v.Cells, PipeCell{Full: true, Value: strconv.FormatInt(p.Buffer[i], 10)})
			} else {
				v.Cells = append(v.Cells, PipeCell{})
			}
		}
		for _, pr := range st.Processes {
			for _, fd := range pr.FDs {
				if fd.Pipe == p.ID {
					v.Holders = append(v.Holders, PipeHolder{Pid: pr.Pid, FD: fd.FD, End: fd.End})
				}
			}
		}
		out = append(out, v)
	}
	return out
}

func refs(tids []int, colors map[int]int) []ThreadRef {
	var out []ThreadRef
	for _, t := range tids {
		out = append(out, ThreadRef{Tid: t, Color: colors[t]})
	}
	return out
}

func mutexesView(st sim.State, colors map[int]int) []Mutex {
	var out []Mutex
	for _, m := range st.Mutexes {
		name := m.Name
		if name == "" {
			name = globalAt(st, m.Pid, m.Addr)
		}
		out = append(out, Mutex{Name: name, Addr: HexAddr(m.Addr), Pid: m.Pid, Segment: m.Segment,
			Owner: ThreadRef{Tid: m.Owner, Color: colors[m.Owner]}, OwnerDead: m.OwnerDead, Queue: refs(m.Queue, colors)})
	}
	return out
}

// globalAt is the name of process pid's global at addr, or "": a mutex
// locked through a register is still the variable the program calls it.
func globalAt(st sim.State, pid int, addr uint64) string {
	for _, p := range st.Processes {
		if p.Pid != pid {
			continue
		}
		for _, g := range p.Globals {
			if g.Addr == addr {
				return g.Name
			}
		}
	}
	return ""
}

func segmentsView(st sim.State) []Segment {
	var out []Segment
	for _, sg := range st.Segments {
		v := Segment{ID: sg.ID, Key: sg.Key, Frames: slices.Clone(sg.Frames)}
		for _, m := range sg.Maps {
			if !slices.Contains(v.Pids, m.Pid) {
				v.Pids = append(v.Pids, m.Pid)
			}
		}
		out = append(out, v)
	}
	return out
}

// addSegments names the key and frames of each shared segment a process maps.
func addSegments(p *Process, segs []sim.SegmentState) {
	for i := range p.Map {
		row := &p.Map[i]
		for _, sg := range segs {
			if row.Segment == sg.ID && sg.ID != 0 {
				row.SegmentKey, row.SegFrames = sg.Key, slices.Clone(sg.Frames)
			}
		}
	}
}

func EventView(seq int, e sim.Event, isNew bool) Event {
	v := Event{
		Seq: seq, Tick: e.Tick, Kind: string(e.Kind), Pid: e.Pid, Tid: e.Tid, Other: e.Other,
		Addr: HexAddr(e.Addr), Start: HexAddr(e.Start), End: HexAddr(e.End), OldFrame: e.OldFrame, NewFrame: e.NewFrame,
		Value: e.Value, Name: e.Name, Switch: string(e.Switch), Signal: e.Signal, CPU: e.CPU, Cost: Nanos(e.Cost), New: isNew,
		FD: e.FD, Object: e.Object, Tids: slices.Clone(e.Tids),
	}
	if e.End > e.Start {
		v.Size = HumanSize(e.End - e.Start)
	}
	if e.Kind == sim.EvMalloc {
		v.Size = HumanSize(uint64(e.Value))
	}
	if e.Err != nil {
		v.ErrCode, v.ErrMsg = e.Err.Code, e.Err.Msg
	}
	return v
}

// Nanos prints simulated time: "240 ns", "9.7 µs", "1.02 ms".
// It uses strconv, not fmt: a view prints dozens on every step.
func Nanos(ns uint64) string { return nanosAgain("", ns) }

// nanosAgain is Nanos(ns): was, when that is what it prints.
func nanosAgain(was string, ns uint64) string {
	var b [32]byte
	switch {
	case ns < 1000:
		return again(was, append(strconv.AppendUint(b[:0], ns, 10), " ns"...))
	case ns < 1000000:
		return again(was, append(strconv.AppendFloat(b[:0], float64(ns)/1e3, 'f', 1, 64), " µs"...))
	case ns < 1000000000:
		return again(was, append(strconv.AppendFloat(b[:0], float64(ns)/1e6, 'f', 2, 64), " ms"...))
	}
	return again(was, append(strconv.AppendFloat(b[:0], float64(ns)/1e9, 'f', 2, 64), " s"...))
}

// region is one mapped range as the view needs it, whatever sim calls it.
type region struct {
	Kind       string
	Start, End uint64
	Perm       string
	Owner      int
	Segment    int
}

// mapRows orders regions high addresses first, puts the kernel half on
// top, and turns the space between regions into labelled gaps.
func mapRows(rs []region, threads []Thread) []MapRow {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b region) int { return cmp.Compare(b.Start, a.Start) })
	colors := map[int]int{}
	for _, t := range threads {
		colors[t.Tid] = t.Color
	}
	rows := make([]MapRow, 0, 2*len(rs)+2) // a gap before each region at most: grown by append, most of a view's allocation
	rows = append(rows, MapRow{Kind: "kernel", Start: HexAddr(kernelStart), End: "0xffffffffffffffff", Size: "128 TiB", Perm: "---"})
	above := uint64(kernelStart)
	for _, r := range rs {
		if above == kernelStart && r.End <= userEnd {
			// Between the halves lie addresses no x86-64 page table can
			// map (bits 63..47 must all equal bit 47): not a gap that a
			// later mmap could fill, but the non-canonical hole.
			rows = append(rows, MapRow{Gap: true, NonCanonical: true, GapSize: HumanSize(kernelStart - userEnd)})
			above = userEnd
		}
		if r.End < above {
			rows = append(rows, MapRow{Gap: true, GapSize: HumanSize(above - r.End)})
		}
		row := MapRow{
			Kind: r.Kind, Start: HexAddr(r.Start), End: HexAddr(r.End), Size: HumanSize(r.End - r.Start),
			Perm: r.Perm, Owner: r.Owner, OwnerColor: colors[r.Owner], Pages: int((r.End - r.Start) / sim.PageSize),
			Segment: r.Segment,
		}
		row.Markers = rowMarkers(r.Kind, r.Owner, threads)
		rows = append(rows, row)
		above = r.Start
	}
	return rows
}

// rowMarkers are the pc and sp marks of threads in a region of a kind
// and owner: a stack's own thread's sp, every thread's pc in the text.
func rowMarkers(kind string, owner int, threads []Thread) []Marker {
	var ms []Marker
	for _, t := range threads {
		if t.Tid == owner && kind == "stack" && t.SP != "" {
			ms = append(ms, Marker{Tid: t.Tid, Color: t.Color, Reg: "sp", Addr: t.SP})
		}
		if kind == "text" && t.PC != "" {
			ms = append(ms, Marker{Tid: t.Tid, Color: t.Color, Reg: "pc", Addr: t.PC, Line: t.Line})
		}
	}
	return ms
}

// threadOf is thread tid's view in v (at index i, where it mostly is),
// or an empty one (v nil: none).
func threadOf(v *Process, i, tid int) *Thread {
	if v != nil {
		if i < len(v.Threads) && v.Threads[i].Tid == tid {
			return &v.Threads[i]
		}
		for j := range v.Threads {
			if v.Threads[j].Tid == tid {
				return &v.Threads[j]
			}
		}
	}
	return &noThread
}

var noThread Thread

// A step changes a register or two of one thread: the strings of the
// rest are taken from its view a step before (hexAgain, regsAgain), not
// printed again.

// hexAgain is HexAddr(n): was, when it prints n.
func hexAgain(was string, n uint64) string {
	var b [18]byte
	if s := strconv.AppendUint(append(b[:0], "0x"...), n, 16); string(s) != was {
		return string(s)
	}
	return was
}

// decAgain is n in decimal: was, when it prints n.
func decAgain(was string, n int64) string {
	if printsAs(was, n) {
		return was
	}
	return strconv.FormatInt(n, 10)
}

// printsAs says whether n in decimal is s.
func printsAs(s string, n int64) bool {
	var b [20]byte
	return string(strconv.AppendInt(b[:0], n, 10)) == s
}

// regsAgain is generalRegs(r): was itself when every value is as it
// prints (views share their slices: no caller changes them), else a new
// list with was's strings where they hold.
func regsAgain(was []Reg, r sim.Registers) []Reg {
	vals := [...]int64{r.AX, r.BX, r.CX, r.DX, r.EX, r.FX}
	if len(was) != len(vals) {
		return generalRegs(r)
	}
	same := true
	for i, n := range vals {
		same = same && printsAs(was[i].Value, n)
	}
	if same {
		return was
	}
	out := make([]Reg, len(vals))
	for i, n := range vals {
		out[i] = Reg{Name: was[i].Name, Value: decAgain(was[i].Value, n)}
	}
	return out
}

// generalRegs are a thread's ax…fx as the page shows them.
func generalRegs(r sim.Registers) []Reg {
	return []Reg{
		{Name: "ax", Value: strconv.FormatInt(r.AX, 10)}, {Name: "bx", Value: strconv.FormatInt(r.BX, 10)},
		{Name: "cx", Value: strconv.FormatInt(r.CX, 10)}, {Name: "dx", Value: strconv.FormatInt(r.DX, 10)},
		{Name: "ex", Value: strconv.FormatInt(r.EX, 10)}, {Name: "fx", Value: strconv.FormatInt(r.FX, 10)},
	}
}

// HexAddr is an address as the page prints it, "0x…" ("%#x", without fmt:
// a view prints hundreds on every step).
func HexAddr(n uint64) string {
	var b [18]byte
	return string(strconv.AppendUint(append(b[:0], "0x"...), n, 16))
}

// MaxRecentEvents bounds the event log a session keeps for its page: a
// timeline over a full window starts at its oldest event.
const MaxRecentEvents = 200

// timelineWidth is the Gantt chart's width in its own units.
const timelineWidth = 400

// timeline builds the Gantt chart of who ran on which CPU from the switch
// and halt events in the window of recent events, up to the current tick.
// Before a CPU's first switch in the window it ran the thread that switch
// came from.
func timeline(st sim.State, evs []sim.Event, colors map[int]int) Timeline {
	// A full window starts at its oldest event; otherwise at tick 0.
	var from uint64
	if len(evs) >= MaxRecentEvents {
		from = evs[0].Tick
	}
	to := st.Tick
	if to <= from {
		return Timeline{}
	}
	pidOf := map[int]int{}
	for _, p := range st.Processes {
		for _, t := range p.Threads {
			pidOf[t.Tid] = p.Pid
		}
	}
	for _, e := range evs {
		switch e.Kind {
		case sim.EvSwitch:
			pidOf[e.Other] = e.Pid
		case sim.EvThreadCreated:
			pidOf[e.Other] = e.Pid
		case sim.EvProcessForked:
			pidOf[e.Other] = e.Other
		}
	}
	start, step, stop := span(from, to)
	x := func(tick uint64) float64 {
		return float64(timelineWidth) * float64(tick-start) / float64(stop-start)
	}
	type run struct {
		tid   int
		start uint64
	}
	cur := map[int]run{} // what runs on each CPU since when, by value: a step's window holds hundreds of switches
	started := map[int]bool{}
	switches := 0
	for _, e := range evs {
		if e.Kind == sim.EvSwitch {
			switches++
		}
	}
	tl := Timeline{Width: timelineWidth, From: from, To: to, Start: start, End: stop, Step: step, NowX: x(to), Switch: make([]Switch, 0, switches)}
	lanes := map[int]*Lane{}
	lane := func(cpu int) *Lane {
		if lanes[cpu] == nil {
			lanes[cpu] = &Lane{CPU: cpu, Slices: make([]Slice, 0, switches+1)}
		}
		return lanes[cpu]
	}
	for _, c := range st.CPUs {
		lane(c.ID)
	}
	end := func(cpu int, at uint64) {
		r, ok := cur[cpu]
		if !ok || r.tid == 0 || at <= r.start {
			delete(cur, cpu)
			return
		}
		l := lane(cpu)
		l.Slices = append(l.Slices, Slice{X: x(r.start), W: x(at) - x(r.start), Tid: r.tid, Pid: pidOf[r.tid],
			Color: colors[r.tid], From: r.start, To: at})
		delete(cur, cpu)
	}
	for _, e := range evs {
		switch e.Kind {
		case sim.EvSwitch:
			if !started[e.CPU] {
				started[e.CPU] = true
				cur[e.CPU] = run{tid: e.Tid, start: from}
			}
			end(e.CPU, e.Tick)
			cur[e.CPU] = run{tid: e.Other, start: e.Tick}
			if e.Tid != 0 {
				tl.Switch = append(tl.Switch, Switch{X: x(e.Tick), Tick: e.Tick, CPU: e.CPU, Kind: string(e.Switch), Cost: Nanos(e.Cost), From: e.Tid, To: e.Other})
			}
		case sim.EvHalt, sim.EvThreadExited:
			for cpu, r := range cur {
				if r.tid == e.Tid {
					end(cpu, e.Tick)
				}
			}
		}
	}
	for _, c := range st.CPUs {
		if !started[c.ID] && c.Tid != 0 {
			cur[c.ID] = run{tid: c.Tid, start: from}
		}
		end(c.ID, to)
	}
	for _, c := range st.CPUs {
		tl.Lanes = append(tl.Lanes, *lanes[c.ID])
		delete(lanes, c.ID)
	}
	for _, id := range slices.Sorted(maps.Keys(lanes)) {
		tl.Lanes = append(tl.Lanes, *lanes[id])
	}
	for tick := start; tick <= stop; tick += step {
		tl.Ticks = append(tl.Ticks, Tick{X: x(tick), Label: utoa(tick)})
	}
	if !hasSlice(tl.Lanes) {
		return Timeline{}
	}
	return tl
}

// span is the chart's axis for the ticks from..to: labels a round step
// apart (1, 2 or 5 times a power of ten, at least minStep) with at most
// maxSteps of them covering from..to, from the last label at or before
// from to at least minSteps of them. It is a function of from and to
// alone (a fresh page draws what a patched one shows) and changes only
// when to passes a label or from passes one, so a step redraws the
// running slices and the cursor, not the chart (docs/performance.md).
func span(from, to uint64) (start, step, end uint64) {
	for step = minStep; step <= (to-from-1)/maxSteps; {
		if utoa(step)[0] == '2' { // 5, 10, 20, 50, 100, 200 …
			step = step / 2 * 5
		} else {
			step *= 2
		}
	}
	start = from / step * step
	n := max(minSteps, (to-start+step-1)/step)
	return start, step, start + n*step
}

const (
	// minStep is the smallest distance between labels of the time axis.
	minStep = 5
	// minSteps and maxSteps bound the axis's intervals: at least four,
	// so the chart is at most a quarter empty past the cursor once it has
	// grown, and at most six (+1 for the part before from), so a step of
	// the axis is a sixth of the span or more and the chart redraws whole
	// rarely.
	minSteps, maxSteps = 4, 6
)

func hasSlice(ls []Lane) bool {
	for _, l := range ls {
		if len(l.Slices) > 0 {
			return true
		}
	}
	return false
}

func utoa(n uint64) string { return strconv.FormatUint(n, 10) }

// stackFrame shows a call frame: its return address and saved bp, and the
// words stored below them (the callee's pushes and locals) as address:
// value. The return-address and saved-bp slots are not repeated as locals.
func stackFrame(f sim.CallFrame, named map[uint64]Local) StackFrame {
	sf := StackFrame{Func: f.Label, Addr: HexAddr(f.Start), Ret: HexAddr(f.ReturnAddr), SavedBP: HexAddr(f.SavedBP), Size: HumanSize(f.End - f.Start)}
	for i, w := range f.Words {
		if i == 0 && uint64(w.Value) == f.ReturnAddr || i == 1 && uint64(w.Value) == f.SavedBP {
			continue
		}
		l := named[w.Addr] // a C variable: its name and symbol
		l.Name, l.Value = HexAddr(w.Addr), strconv.FormatInt(w.Value, 10)
		if l.Pointer {
			l.Value = pointerText(uint64(w.Value), nil)
		}
		sf.Locals = append(sf.Locals, l)
	}
	return sf
}

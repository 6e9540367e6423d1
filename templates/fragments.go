package templates

import (
	"context"
	"hash/maphash"
	"io"
	"slices"
	"strings"

	"github.com/a-h/templ"

	"procscope/viewmodel"
)

// Fragment is one part of the page the socket may replace, by element id.
//
// Model is everything the fragment's markup reads besides the view (its
// catalog and options, fixed for a view), with its Parts cut out: while
// the model and the parts' models hash as they did when the view last
// rendered them, the fragment is not rendered again
// (viewmodel.Tracker). A nil Model means "not known": the fragment is
// rendered on every frame and its markup compared instead. So each model
// below must hold every value its component reads, and nothing that
// changes more often than the markup does; TestPatchedFramesEqualAFreshRender
// (server) checks that after every command of a long session.
type Fragment struct {
	ID        string
	Component templ.Component
	Model     any
	Parts     []Part
	// ModelKey is Model's hash when KnownModel (kept: Kept.model).
	ModelKey   uint64
	KnownModel bool
	// Same marks a fragment listed with a Kept at the source it was
	// listed at the frame before (Kept.unless): nothing of it changed, so
	// it has neither component, model nor parts, and nothing of it is
	// to be rendered or compared.
	Same bool
}

// Part is an element of a fragment with an id and a data-part attribute
// (a thread's card, a region of an address space, a row of the text
// view), the component that renders it alone, and its model.
//
// A part with a Tail is a list that mostly changes at its ends (the
// slices of an interval of the CPU chart, the scrubber's marks): its
// Model is a slice of items, its element holds an element per item in
// the same order and nothing else, and Tail(m) renders the items from
// index m on, so that a page holding some of them is brought up to date
// by dropping its first children and appending the rest
// (viewmodel.PartKey).
//
// A part with a Group is keyed: one of a run of sibling elements that
// gains and loses members (a process's thread cards), Group naming their
// shared parent (its value only groups them; it need not be an element
// id); the parts after it marked Nested are inside it. A keyed
// part that comes or goes is inserted beside a sibling or removed, not
// sent with the whole fragment (viewmodel's keyed.go).
type Part struct {
	ID        string
	Model     any
	Component templ.Component
	Tail      func(from int) templ.Component
	Group     string
	Nested    bool
	// Key and Items are Model's keys when Known (Kept.group):
	// viewmodel.PartKey's.
	Key   uint64
	Items []uint64
	Known bool
	// Kept marks a part kept from an earlier frame (Kept.group): its
	// id and keys are right, but it has neither model nor component; to
	// be rendered (a keyed part whose parts came or went is rendered
	// whole) it is to be listed afresh.
	Kept bool
}

// Fragments lists every replaceable part of the page with the component that
// renders it: the same components the first load uses, so an update and a
// reload draw the same thing.
func Fragments(p Page) []Fragment {
	t, o := p.T, p.Opts
	k := p.Kept.keeps(&p.Lab)
	defer k.prune()
	lab, fs := k.page(p.Lab)
	fs = append(fs,
		addressSpaces(t, lab, k),
		frames(t, lab, k),
		Fragment{ID: "event-log", Component: k.component(madeEventLog, func() templ.Component { return lazy(func() templ.Component { return EventLog(t, o, *lab) }) }), Model: lab.Events},
		// a process's state, name, threads and children are its shape's
		k.unless("proc-tree", byShapes(k), func() Fragment {
			return keptBy(k, byShapes, Fragment{ID: "proc-tree", Component: lazy(func() templ.Component { return ProcTree(t, *lab) })}, func() any { return procTreeModel(lab.Procs) })
		}),
		cpusFragment(t, lab, k),
		programView(t, &lab.Program, k),
		// the program's Key names its assembly and symbols (program_cache.go)
		k.unless("program-code", strKey(lab.Program.Language+"\x00"+lab.Program.Key), func() Fragment {
			return Fragment{ID: "program-code", Component: lazy(func() templ.Component { return CachedProgramCode(t, lab.Program) }), Model: []any{lab.Program.Language, lab.Program.Key}}
		}),
		// what a program prints, its pipes, locks and shared memory
		// change by system and library calls, which change every layout
		k.unless("terminal", byMaps(k), func() Fragment {
			return keptBy(k, byMaps, Fragment{ID: "terminal", Component: lazy(func() templ.Component { return TerminalPanel(t, lab.Terminal) })}, func() any { return lab.Terminal })
		}),
		k.unless("editor-files", 0, func() Fragment {
			return Fragment{ID: "editor-files", Component: lazy(func() templ.Component { return EditorFiles(t) }), Model: struct{}{}}
		}),
		textView(t, lab, k),
		k.unless("ipc", byMaps(k), func() Fragment {
			return keptBy(k, byMaps, Fragment{ID: "ipc", Component: lazy(func() templ.Component { return IPC(t, *lab) })}, func() any { return []any{lab.Pipes, lab.Mutexes, lab.Segments} })
		}),
		k.unless("lesson", uint64(len(lab.Lessons)), func() Fragment { return lessonPanel(t, o, lab, k) }),
		threadCards(t, o, lab, k),
		actionsFragment(t, o, lab),
	)
	if o.Interactive() {
		f := Fragment{ID: "toolbar", Component: k.component(madeToolbar, func() templ.Component { return lazy(func() templ.Component { return Toolbar(t, o, *lab) }) }),
			Parts: append(k.list("toolbar", 4), known(Part{ID: "scrub", Component: scrubWriter(t, lab.Tick)}, lab.Tick))}
		f.Parts = k.group(f.Parts, gid(inToolbar, 0, groupWhole), marksSource(lab.Events), func(ps []Part) []Part {
			ticks := markTicks(lab.Events)
			return append(ps, Part{ID: "scrub-marks", Model: ticks, Component: scrubMarks(ticks),
				Tail: func(from int) templ.Component { return scrubMarkItems(ticks[from:]) }})
		})
		k.model(&f, 1+b2u(lab.Playing)+2*b2u(lab.CanBack), func() any { return []any{lab.Playing, lab.CanBack} })
		fs = append(fs, withReadout(t, lab, f))
	} else {
		fs = append(fs, withReadout(t, lab, Fragment{ID: "toolbar", Component: k.component(madeReadout, func() templ.Component { return lazy(func() templ.Component { return Readout(t, *lab) }) }), Model: struct{}{}, Parts: k.list("toolbar", 2)}))
	}
	// program-errors is not a fragment: the assembler's problems come in the
	// load's error message and the script lists them; frames leave them be.
	return fs
}

// lazy is a component built when it is rendered. Most of what Fragments
// lists is not rendered on a step (its model is as the page has it), and
// building every component up front copied the whole Lab, or a region or
// a process, into each of them: more allocation than a step's rendering.
func lazy(build func() templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error { return build().Render(ctx, w) })
}

// addressSpaces is the address axis: a part per column's heading, a
// keyed part per row (a band a new region splits off is inserted, one
// that merged into its neighbour removed), and in each row a part per
// cell — a region, with a part for the markers inside it (a pc or sp
// that moves inside a region sends those, not the region), or an
// unmapped stretch. The headings are kept while every process's shape
// holds, the rows and cells while every process's layout does (a switch
// moves no region; a fault that maps a page lists that region's cell
// alone: axisSources), the markers, values and stack frames in a cell while
// its process's version does (Kept).
func addressSpaces(t *Catalog, lab *Lab, k *Kept) Fragment {
	ax, sources := k.axis(lab)
	cols := axisCols(*ax)
	parts := k.list("address-spaces", len(ax.Procs)+4*len(ax.Rows)*max(1, len(ax.Procs)))
	var layout, shapes uint64 // the processes' memory maps, and their states
	if k != nil {
		layout, shapes = k.maps, k.shapes
	}
	// a row's or cell's source (axisSources): what its layout decides
	source := func(n int) uint64 {
		if k == nil {
			return 0
		}
		return sources[n]
	}
	parts = k.group(parts, gid(inAxis, 0, groupLayout), shapes, func(ps []Part) []Part {
		for i := range ax.Procs {
			p := &ax.Procs[i]
			ps = append(ps, Part{ID: "proc-" + itoa(p.Pid), Model: axisHeadModel{p.Pid, len(p.Threads), p.Name, procStateModel(*p)}, Component: lazy(func() templ.Component { return axisHead(t, *p) })})
		}
		return ps
	})
	n := 0 // the cell's index on the axis: a group's id
	for i := range ax.Rows {
		r := &ax.Rows[i]
		parts = k.group(parts, gid(inAxis, n, groupWhole), source(n), func(ps []Part) []Part {
			model := axisRowModel{Lo: r.Lo, Cols: cols}
			if r.Gap {
				model.Gap, model.NonCanonical, model.GapSize = true, r.NonCanonical, r.GapSize
			}
			return append(ps, Part{ID: axisRowID(*r), Model: model, Component: lazy(func() templ.Component { return axisRow(t, cols, *r) }), Group: "axis-rows"})
		})
		n++
		for j := range r.Cells {
			c := &r.Cells[j]
			if c.Empty {
				parts = k.group(parts, gid(inAxis, n, groupWhole), source(n), func(ps []Part) []Part {
					return append(ps, Part{ID: unmappedID(*r, *c), Model: *c, Component: lazy(func() templ.Component { return unmappedCell(t, *r, *c) }), Nested: true})
				})
			} else {
				// whether the cell holds stack frames is in its model: a
				// call moves it without changing the shape
				parts = k.group(parts, gid(inAxis, n, groupLayout), mixIn(source(n), b2u(len(c.Row.Frames) > 0)), func(ps []Part) []Part {
					return append(ps, cellPart(t, c))
				})
				contents := mixIn(source(n), 0) // an empty cell stays empty while the layout holds
				if len(c.Row.Markers)+len(c.Row.Globals)+len(c.Row.Frames) > 0 {
					contents = mixIn(source(n), versionOf(lab, c.Pid))
				}
				parts = k.group(parts, gid(inAxis, n, groupChanges), contents, func(ps []Part) []Part {
					return appendCellContents(ps, t, c)
				})
			}
			n++
		}
	}
	f := Fragment{ID: "address-spaces", Component: lazy(func() templ.Component { return axisTable(t, *ax, lab.Capped) }), Parts: parts}
	k.model(&f, layout, func() any { return []any{lab.Capped, cols} })
	return f
}

// versionOf is process pid's version in lab.Changes (0: none).
func versionOf(lab *Lab, pid int) uint64 {
	for _, c := range lab.Changes {
		if c.Pid == pid {
			return c.Version
		}
	}
	return 0
}

// axisHeadModel is what a column's heading reads of its process.
type axisHeadModel struct {
	Pid, Threads int
	Name         string
	State        procStateKey
}

// axisRowModel is what an axis row reads besides its cells.
type axisRowModel struct {
	Lo, Cols, GapSize string
	Gap, NonCanonical bool
}

// cellPart is a region cell's part. Its model is what it reads besides
// the parts inside it (appendCellContents).
func cellPart(t *Catalog, c *AxisCell) Part {
	cell := *c
	cell.Row.Markers, cell.Row.Globals, cell.Row.Frames, cell.Row.OuterFrames = nil, nil, nil, 0
	return Part{ID: "cell-" + itoa(c.Pid) + "-" + c.Row.Start, Model: []any{cell, len(c.Row.Globals) > 0, len(c.Row.Frames) > 0}, Component: lazy(func() templ.Component { return regionCell(t, *c) }), Nested: true}
}

// appendCellContents appends the parts inside a region cell: its
// markers, and its values and stack frames when it has any.
func appendCellContents(ps []Part, t *Catalog, c *AxisCell) []Part {
	ps = append(ps, Part{ID: markersID(*c), Model: c.Row.Markers, Component: markersWriter(c), Nested: true})
	if len(c.Row.Globals) > 0 {
		ps = append(ps, Part{ID: cellPartID("gl", *c), Model: c.Row.Globals, Component: lazy(func() templ.Component { return regionGlobals(t, *c) }), Nested: true})
	}
	if len(c.Row.Frames) > 0 {
		ps = append(ps, Part{ID: cellPartID("sf", *c), Model: []any{c.Row.Frames, c.Row.OuterFrames}, Component: lazy(func() templ.Component { return regionFrames(t, *c) }), Nested: true})
	}
	return ps
}

// programView is the listing: a part per line (a step moves a thread's
// mark from one line to the next). A line is kept while the program and
// the marks on it are as they were (Kept).
func programView(t *Catalog, prog *Program, k *Kept) Fragment {
	parts := k.list("program-view", len(prog.Lines))
	var program uint64
	if k != nil {
		program = maphash.String(sourceSeed, prog.Name+"\x00"+prog.Language+"\x00"+prog.Key)
	}
	for i := range prog.Lines {
		l := &prog.Lines[i]
		var source uint64
		if k != nil {
			source = mixIn(mixIn(program, uint64(l.N)), uint64(len(l.Threads)))
			for _, m := range l.Threads {
				source = mixIn(mixIn(mixIn(mixIn(source, uint64(m.Tid)), uint64(m.Pid)), uint64(m.Color)), uint64(m.Instr))
			}
		}
		parts = k.group(parts, gid(inListing, i, groupWhole), source, func(ps []Part) []Part {
			return append(ps, Part{ID: "src-line-" + itoa(l.N), Model: *l, Component: sourceLineWriter(t, l)})
		})
	}
	f := Fragment{ID: "program-view", Component: k.component(madeProgramView, func() templ.Component { return lazy(func() templ.Component { return ProgramView(t, *prog) }) }), Parts: parts}
	k.model(&f, strKey(prog.Language+"\x00"+prog.Name), func() any { return []any{prog.Language, prog.Name} })
	return f
}

// frames is the strip of physical frames, a keyed part per frame (a
// frame a fault maps or a copy makes is inserted, one freed removed: not
// the strip again), kept while every process's layout holds and no frame
// was just copied (Kept).
func frames(t *Catalog, lab *Lab, k *Kept) Fragment {
	fs := lab.Frames
	var source uint64
	if k != nil {
		source = k.maps
		for i := range fs {
			if fs[i].Fresh { // marked for the step after a copy, then not
				source = mixIn(source, uint64(fs[i].Index))
			}
		}
	}
	return k.unless("frames", source, func() Fragment {
		parts := k.group(k.list("frames", len(fs)), gid(inFrames, 0, groupWhole), source, func(parts []Part) []Part {
			for i := range fs {
				f := &fs[i]
				parts = append(parts, Part{ID: "frame-" + itoa(f.Index), Model: *f, Component: lazy(func() templ.Component { return frameBox(t, *f) }), Group: "frame-strip"})
			}
			return parts
		})
		// whether there are frames at all is the shell's (a strip, or a
		// note that there is none)
		return Fragment{ID: "frames", Component: lazy(func() templ.Component { return Frames(t, Lab{Frames: fs}) }), Model: len(fs) > 0, Parts: parts}
	})
}

// lessonPanel is the lesson picker and the lesson's text: the same for
// every frame of a view (its lesson and language are the view's), so its
// model's key is kept while the lessons are as many (Kept).
func lessonPanel(t *Catalog, o Options, lab *Lab, k *Kept) Fragment {
	f := Fragment{ID: "lesson", Component: lazy(func() templ.Component { return LessonPanel(t, o, *lab) })}
	k.model(&f, uint64(len(lab.Lessons)), func() any { return []any{lab.Lesson, lab.Lessons} })
	return f
}

// keptBy is f with the model model makes, kept while source holds
// (Kept.model): k's shapes or maps.
func keptBy(k *Kept, source func(*Kept) uint64, f Fragment, model func() any) Fragment {
	k.model(&f, source(k), model)
	return f
}

// byShapes and byMaps are the sources keptBy takes (with no Kept, 0).
func byShapes(k *Kept) uint64 {
	if k == nil {
		return 0
	}
	return k.shapes
}

func byMaps(k *Kept) uint64 {
	if k == nil {
		return 0
	}
	return k.maps
}

// procStateModel is what procState reads of a process.
func procStateModel(p Process) procStateKey {
	return procStateKey{p.State, p.Exited, p.Exit, p.Adopted, p.Subreaper}
}

// procStateKey is what procState (the badge) reads of a process. Models
// read per process, thread or region are structs rather than []any: one
// allocation each, not one per value.
type procStateKey struct {
	State              string
	Exited             bool
	Exit               int64
	Adopted, Subreaper bool
}

// threadCards is a part per thread's card in a group per process, and
// in each card a part per register and one for its line: a step of one
// thread sends those of its registers that changed, not its card. The
// cards are keyed: a new thread's card is inserted, an ended one removed.
// A card is kept while its process's shape holds, its line and registers
// while its thread's version does (Kept).
func threadCards(t *Catalog, o Options, lab *Lab, k *Kept) Fragment {
	n := 0
	for _, p := range lab.Procs {
		for _, th := range p.Threads {
			n += 5 + len(th.Regs)
		}
	}
	f := Fragment{ID: "threads", Component: k.component(madeThreads, func() templ.Component { return lazy(func() templ.Component { return ThreadCards(t, o, *lab) }) })}
	parts := k.list(f.ID, n)
	var layout uint64
	if k != nil {
		layout = k.shapes
	}
	for i := range lab.Procs {
		p := &lab.Procs[i]
		if p.State == "reaped" {
			continue
		}
		for j := range p.Threads {
			th := &p.Threads[j]
			var shape, version uint64
			if k != nil {
				shape, version = mixIn(layout, lab.Changes[i].Shape), lab.Changes[i].Threads[j]
			}
			parts = k.group(parts, gid(inCards, th.Tid, groupLayout), shape, func(ps []Part) []Part {
				card := *th // what the card reads besides its parts (not its CPU time, which the text view shows)
				card.PC, card.SP, card.BP, card.Regs, card.Line, card.CPUTime, card.Depth = "", "", "", nil, 0, "", 0
				return append(ps, Part{ID: "thread-" + itoa(th.Tid), Model: cardModel{p.Pid, p.State, p.System, card}, Component: lazy(func() templ.Component { return threadCard(t, *p, *th) }), Group: "tg-" + itoa(p.Pid)})
			})
			parts = appendThreadParts(parts, t, th, k, version)
		}
	}
	f.Parts = parts
	k.model(&f, layout, func() any { return cardGroups(lab.Procs) })
	return f
}

// appendThreadParts appends the parts inside a thread's card: its line
// and its registers, each kept while its value holds (a step changes a
// few registers of one thread).
func appendThreadParts(ps []Part, t *Catalog, th *Thread, k *Kept, version uint64) []Part {
	ps = k.group(ps, gid(inCards, th.Tid, groupChanges), mixIn(version, uint64(th.Line)), func(ps []Part) []Part {
		return append(ps, Part{ID: id("t", th.Tid, "line"), Model: th.Line, Component: threadLineWriter(t, th), Nested: true})
	})
	var regs [16]Reg
	for i, r := range appendCardRegs(regs[:0], th) {
		var source uint64
		if k != nil {
			source = mixIn(maphash.String(sourceSeed, r.Name), maphash.String(sourceSeed, r.Value))
		}
		ps = k.group(ps, gid(inCards, th.Tid<<8|i, groupRegister), source, func(ps []Part) []Part {
			return append(ps, Part{ID: regID(th.Tid, r.Name), Model: r.Value, Component: regWriter(th.Tid, r.Name, r.Value), Nested: true})
		})
	}
	return ps
}

// cardGroups is what the thread cards' shell reads of each process: its
// group's heading.
func cardGroups(procs []Process) []any {
	var groups []any
	for _, p := range procs {
		if p.State != "reaped" {
			groups = append(groups, []any{p.Pid, p.Name, p.System, procStateModel(p)})
		}
	}
	return groups
}

// textView is the state as tables: a keyed part per process, thread and
// region row (a new thread's rows are inserted), a part per cost row,
// and the frames' rows as one list; the terminal table is the shell. A
// process's row is kept while its version holds, a thread's while its
// version does, the regions and frames while the layouts do (Kept).
func textView(t *Catalog, lab *Lab, k *Kept) Fragment {
	n := len(lab.Procs) + 1 + len(lab.Overhead)
	for _, p := range lab.Procs {
		n += len(p.Threads) + len(p.Map)
	}
	var layout uint64 // the processes' memory maps
	if k != nil {
		layout = k.maps
	}
	parts := k.list("text-view", n)
	for i := range lab.Procs {
		p := &lab.Procs[i]
		parts = k.group(parts, gid(inTextView, p.Pid, groupChanges), sourceOf(k, lab, i, false), func(ps []Part) []Part {
			return append(ps, Part{ID: "tv-proc-" + itoa(p.Pid), Model: tvProc{p.Pid, p.PPid, len(p.Threads), p.Name, p.State, p.CPUTime}, Component: lazy(func() templ.Component { return tvProcRow(t, *p) }), Group: "tv-procs"})
		})
	}
	for i := range lab.Procs {
		for j := range lab.Procs[i].Threads {
			th := &lab.Procs[i].Threads[j]
			var version uint64
			if k != nil {
				version = lab.Changes[i].Threads[j]
			}
			parts = k.group(parts, gid(inTextView, th.Tid, groupWhole), version, func(ps []Part) []Part {
				return append(ps, Part{ID: "tv-thread-" + itoa(th.Tid), Model: *th, Component: tvThreadRowWriter(t, th), Group: "tv-threads"})
			})
		}
	}
	for i := range lab.Procs {
		p := &lab.Procs[i]
		// a process's rows are kept while its layout holds; when it moves,
		// each row is kept while what it reads does (a fault that maps a
		// page changes none of them)
		parts = k.group(parts, gid(inTextView, p.Pid, groupLayout), sourceOf(k, lab, i, true), func(ps []Part) []Part {
			for j := range p.Map {
				if r := &p.Map[j]; !r.Gap {
					m := regionModel{p.Pid, r.Owner, r.Kind, r.Start, r.End, r.Size, r.Perm}
					ps = k.group(ps, gid(inTextView, p.Pid<<16|j, groupRegion), m.source(), func(ps []Part) []Part {
						return append(ps, Part{ID: "tv-reg-" + itoa(p.Pid) + "-" + r.Start, Model: m, Component: lazy(func() templ.Component { return tvRegionRow(t, p.Pid, *r) }), Group: "tv-regions"})
					})
				}
			}
			return ps
		})
	}
	parts = k.group(parts, gid(inTextView, 0, groupLayout), layout, func(ps []Part) []Part { return append(ps, tvFrames(t, lab.Frames)) })
	kinds := make([]string, len(lab.Overhead))
	for i := range lab.Overhead {
		c := &lab.Overhead[i]
		kinds[i] = c.Kind
		parts = k.group(parts, gid(inTextView, i, groupCost), costSource(k, c), func(ps []Part) []Part {
			return append(ps, Part{ID: "tv-cost-" + c.Kind, Model: []string{c.Kind, c.Total, c.Share}, Component: tvCostRowWriter(t, c)})
		})
	}
	f := Fragment{ID: "text-view", Component: k.component(madeTextView, func() templ.Component { return lazy(func() templ.Component { return textViewBody(t, *lab) }) }), Parts: parts}
	// the terminal changes by system calls, which change every shape
	k.model(&f, mixIn(layout, maphash.Comparable(sourceSeed, strings.Join(kinds, " "))), func() any { return []any{lab.Terminal, kinds} })
	return f
}

// sourceOf is the source of what process i of lab draws alone: its
// version, or with layout its layout and every other's (layoutOf).
// With no Kept, 0.
func sourceOf(k *Kept, lab *Lab, i int, layout bool) uint64 {
	if k == nil {
		return 0
	}
	c := lab.Changes[i]
	if layout {
		return mixIn(k.maps, c.Layout)
	}
	return mixIn(mixIn(k.shapes, c.Shape), c.Version)
}

// tvFrames is the text view's rows of physical frames: one list, so that
// a frame that appears is a row appended, not the whole text view again
// (a part per row changed the shell). Its items are what a row reads: not
// whether the frame was just copied, which the strip shows and the next
// step takes back.
func tvFrames(t *Catalog, fs []Frame) Part {
	items := make([]Frame, len(fs))
	for i, f := range fs {
		f.Fresh = false
		items[i] = f
	}
	return Part{ID: "tv-frames", Model: items, Component: lazy(func() templ.Component { return tvFrameRows(t, fs) }),
		Tail: func(from int) templ.Component { return tvFrameItems(t, fs[from:]) }}
}

// markStart rounds where the scrubber's marks start, once the event log
// is a sliding window: a step's new marks are appended to the list (a
// Part.Tail) while the first mark stays, and the whole list (~30 bytes
// a mark) goes again only when the start moves to the next multiple.
const markStart = 128

// markTicks are the ticks the scrubber marks: those of the logged
// events, from a multiple of markStart on once the log is full (older
// events drop out of it on every step).
func markTicks(evs []Event) []uint64 {
	ks := eventTicks(evs)
	if len(evs) < viewmodel.MaxRecentEvents || len(ks) == 0 {
		return ks
	}
	from := (ks[0] + markStart - 1) / markStart * markStart
	i, _ := slices.BinarySearch(ks, from)
	return ks[i:]
}

// marksSource is the source of the scrubber's marks: the ticks of the
// log's events from the first to the last (a window of one history's log
// holds every tick of it between the two), and whether the log is full.
func marksSource(evs []Event) uint64 {
	if len(evs) == 0 {
		return 0
	}
	return mixIn(mixIn(mixIn(evs[0].Tick, evs[len(evs)-1].Tick), b2u(len(evs) >= viewmodel.MaxRecentEvents)), 1)
}

// regionModel is what the text view's table reads of a region.
type regionModel struct {
	Pid, Owner                   int
	Kind, Start, End, Size, Perm string
}

// source is the source of a region's row: all its model holds.
func (m regionModel) source() uint64 {
	h := mixIn(uint64(m.Pid), uint64(m.Owner))
	for _, s := range [...]string{m.Kind, m.Start, m.End, m.Size, m.Perm} {
		h = mixIn(h, strKey(s))
	}
	return h
}

// tvProc is what a process's row of the text view reads.
type tvProc struct {
	Pid, PPid, Threads   int
	Name, State, CPUTime string
}

// cardModel is what a thread's card reads besides its parts.
type cardModel struct {
	Pid    int
	State  string
	System bool
	Thread Thread
}

// withReadout adds the readout's parts to a toolbar: the tick, clock and
// instructions, and the counts.
func withReadout(t *Catalog, lab *Lab, f Fragment) Fragment {
	live, zombies, threads := lab.LiveCount(), lab.ZombieCount(), lab.ThreadCount()
	f.Parts = append(f.Parts,
		known(Part{ID: "readout", Component: readoutWriter(t, lab.Tick, lab.Clock, lab.Instructions)}, mixIn(mixIn(lab.Tick, strKey(lab.Clock)), lab.Instructions)),
		known(Part{ID: "counts", Component: readoutCounts(t, live, zombies, threads)}, mixIn(mixIn(uint64(live), uint64(zombies)), uint64(threads))))
	return f
}

// procTreeModel is what the process tree reads of each process.
func procTreeModel(procs []Process) []any {
	out := make([]any, len(procs))
	for i, p := range procs {
		out[i] = []any{p.Pid, p.PPid, p.Name, len(p.Threads), p.Children, procStateModel(p)}
	}
	return out
}

// cardRegs are the registers a thread's card shows, in order: bp only
// once a frame pointer is set.
func cardRegs(th Thread) []Reg { return appendCardRegs(make([]Reg, 0, 3+len(th.Regs)), &th) }

// appendCardRegs appends cardRegs(*th) to rs.
func appendCardRegs(rs []Reg, th *Thread) []Reg {
	rs = append(rs, Reg{Name: "pc", Value: th.PC}, Reg{Name: "sp", Value: th.SP})
	if th.BP != "0x0" {
		rs = append(rs, Reg{Name: "bp", Value: th.BP})
	}
	return append(rs, th.Regs...)
}

// regID is the id of a register on a thread's card.
func regID(tid int, name string) string { return "r" + itoa(tid) + "-" + name }

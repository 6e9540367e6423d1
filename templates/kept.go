package templates

import (
	"hash/maphash"
	"math"
	"slices"

	"github.com/a-h/templ"

	"procscope/viewmodel"
)

// Kept is what Fragments listed for one view of a lab, kept from one
// frame to the next so that what did not change is neither listed nor
// hashed again: the parts of a thread's card, of a process's rows of the
// text view, of a cell of the address axis, each run of them a group
// kept with its parts' keys by a source, a number that changes whenever
// anything the group's parts read may have (sim's change counters, in
// Lab.Changes: a process's version, its shape, a thread's version). A
// step of one thread lists that thread's registers and line, its
// process's cells' markers and values, and nothing of what it left as
// it was.
//
// A kept part holds its id and keys only, neither its model nor its
// component: one that is to be rendered (a keyed part whose parts came
// or went is rendered whole) is listed afresh first (Part.Kept).
//
// A change counter names one state only within one history of a lab:
// the caller forgets its Kept on a full frame (a jump, a join).
type Kept struct {
	groups map[groupID]*keptGroup
	models map[string]keptModel
	// made are the fragments' components made once (component)
	made [nMade]templ.Component
	// sources are the sources whole fragments were listed at (unless),
	// and listedAt the frame they were last listed at
	sources, listedAt map[string]uint64
	lists             map[string][]Part // by fragment: list
	lab               Lab               // and page's
	fs                []Fragment
	frame             uint64 // frames listed, to forget groups that were not
	listed            int    // groups listed this frame
	// shapes and maps are this frame's layoutOf
	shapes, maps uint64
	// ax is the address axis made at axMaps (axis), and axSources its
	// rows' and cells' sources (axisSources)
	ax        *Axis
	axMaps    uint64
	axSources []uint64
}

// groupID names a group: its fragment, what it is of (a pid, a tid, a
// row's index) and which of that thing's groups it is, in one number (a
// map hashes it on every group of every frame: a struct key hashed
// slower).
type groupID uint64

// gid is the groupID of a group of kind of thing of in fragment.
func gid(fragment uint8, of int, kind uint8) groupID {
	return groupID(uint64(fragment)<<56 | uint64(kind)<<48 | uint64(of)&(1<<48-1))
}

// The fragments with groups (a number, not the fragment's id: a map
// lookup hashes it on every group of every frame).
const (
	inAxis uint8 = iota
	inFrames
	inListing
	inTextView
	inCards
	inCPUs
	inToolbar
)

// The kinds of group of one thing.
const (
	groupWhole    uint8 = iota // all of its parts
	groupLayout                // what its shape decides (a card, a cell)
	groupChanges               // what a step moves (registers, markers)
	groupSlices                // an interval's slices on the CPU chart
	groupSwitches              // and its switches
	groupRegister              // a register on a thread's card
	groupCost                  // a cost's row
	groupRegion                // a region's row of the text view
)

type keptGroup struct {
	source, frame uint64
	parts         []Part
}

// keptModel is a fragment's model's key and the source it was made at.
type keptModel struct {
	source, key uint64
}

// keeps is k when the lab carries its change counters (a page's lab
// made from a state does; a sample or test lab may not), else nil: then
// nothing is kept and every part is listed.
func (k *Kept) keeps(lab *Lab) *Kept {
	if k == nil || len(lab.Changes) != len(lab.Procs) {
		return nil
	}
	for i, c := range lab.Changes {
		if p := &lab.Procs[i]; c.Pid != p.Pid || len(c.Threads) != len(p.Threads) {
			return nil
		}
	}
	k.frame, k.listed = k.frame+1, 0
	k.shapes, k.maps = layoutOf(lab)
	return k
}

// group appends to ps the parts of group id: those kept, when source is
// the one they were kept at, else those build appends, with their keys,
// kept. With no Kept, build alone.
func (k *Kept) group(ps []Part, id groupID, source uint64, build func([]Part) []Part) []Part {
	if k == nil {
		return build(ps)
	}
	k.listed++
	if g := k.groups[id]; g != nil && g.source == source {
		g.frame = k.frame
		return append(ps, g.parts...)
	}
	start := len(ps)
	ps = build(ps)
	for i := range ps[start:] {
		withKey(&ps[start+i])
	}
	g := k.groups[id]
	if g == nil {
		if k.groups == nil {
			k.groups = map[groupID]*keptGroup{}
		}
		g = &keptGroup{}
		k.groups[id] = g
	}
	// the group's list is used again: what Fragments lists of it are
	// copies (append above)
	g.source, g.frame, g.parts = source, k.frame, append(g.parts[:0], ps[start:]...)
	for i := range g.parts {
		// a kept part is never rendered (it is listed afresh first), so
		// it holds nothing of the lab it was listed from: a view keeps
		// one lab's worth at most, whenever its groups were made
		pt := &g.parts[i]
		pt.Kept, pt.Model, pt.Component, pt.Tail = true, nil, nil, nil
	}
	return ps
}

// The fragments whose component a Kept makes once (component).
const (
	madeEventLog = iota
	madeToolbar
	madeReadout
	madeProgramView
	madeThreads
	madeTextView
	madeCPUs
	nMade
)

// component is the component make makes: with a Kept, made on its first
// frame and used on every frame after (a closure per fragment per frame
// was a tenth of a step's allocations). So what make's component reads
// must be the view's (catalog, options) and the lab through the pointer
// Fragments keeps it at (Kept.page: the same on every frame), read when
// it renders; nothing of one frame.
func (k *Kept) component(which int, make func() templ.Component) templ.Component {
	if k == nil {
		return make()
	}
	if k.made[which] == nil {
		k.made[which] = make()
	}
	return k.made[which]
}

// unless is the fragment build lists, or, when the Kept listed fragment
// id at source the frame before, one marked Same: a fragment whose
// every part and model is kept by a source, and source moves whenever
// any of those does, is neither listed, hashed nor compared while
// nothing of it changed. With no Kept, build's.
func (k *Kept) unless(id string, source uint64, build func() Fragment) Fragment {
	if k == nil {
		return build()
	}
	if was, ok := k.sources[id]; ok && was == source && k.listedAt[id] == k.frame-1 {
		k.listedAt[id] = k.frame
		return Fragment{ID: id, Same: true}
	}
	if k.sources == nil {
		k.sources, k.listedAt = map[string]uint64{}, map[string]uint64{}
	}
	k.sources[id], k.listedAt[id] = source, k.frame
	return build()
}

// known is p keyed by key, a source of all it reads (the readout's
// numbers, the cursor's ticks), not by its model's hash: no model to
// box and hash on every frame.
func known(p Part, key uint64) Part {
	p.Key, p.Known = key, true
	return p
}

// withKey sets p's key from its model, unless it is known.
func withKey(p *Part) {
	if p.Known {
		return
	}
	if p.Tail != nil {
		pk := viewmodel.ItemKeys(p.Model)
		p.Key, p.Items = pk.Key, pk.Items
	} else {
		p.Key = viewmodel.Hash(p.Model)
	}
	p.Known = true
}

// page is where Fragments keeps the lab its components read, and an
// empty list of fragments: k's, used again (a frame's components are
// rendered before the next frame is listed; a kept part has none), or
// new ones.
func (k *Kept) page(lab Lab) (*Lab, []Fragment) {
	if k == nil {
		return &lab, make([]Fragment, 0, 16)
	}
	k.lab = lab
	k.fs = slices.Grow(k.fs[:0], 16)
	return &k.lab, k.fs
}

// Done lets go of what the frame's listing read: the lab and the lists of
// fragments and parts keep their room but no component, so between
// frames a view keeps only its groups' ids and keys.
func (k *Kept) Done() {
	if k == nil {
		return
	}
	k.lab = Lab{}
	clear(k.fs[:cap(k.fs)])
	for _, ps := range k.lists {
		clear(ps[:cap(ps)])
	}
}

// list is an empty list of parts for fragment, with room for n: the
// one the last frame listed it in, used again (a fragment's parts are
// read only while its frame is made), or a new one.
func (k *Kept) list(fragment string, n int) []Part {
	if k == nil {
		return make([]Part, 0, n)
	}
	if k.lists == nil {
		k.lists = map[string][]Part{}
	}
	ps := slices.Grow(k.lists[fragment][:0], n)
	k.lists[fragment] = ps
	return ps
}

// model sets f's model's key: the one kept for fragment f when source is
// the one it was kept at, else model's hash, kept. With no Kept, f's
// model is model() (the caller hashes it).
func (k *Kept) model(f *Fragment, source uint64, model func() any) {
	if k == nil {
		f.Model = model()
		return
	}
	m, ok := k.models[f.ID]
	if !ok || m.source != source {
		m = keptModel{source, viewmodel.Hash(model())}
		if k.models == nil {
			k.models = map[string]keptModel{}
		}
		k.models[f.ID] = m
	}
	f.Model, f.ModelKey, f.KnownModel = struct{}{}, m.key, true
}

// axis is the address axis of lab's processes and its rows' and cells'
// sources: the one kept when the processes' layouts are as they were
// (its rows and cells are the same), its processes and its cells' map
// rows taken from lab, else a new one, kept. With no Kept, a new one and
// no sources (nothing is kept).
func (k *Kept) axis(lab *Lab) (*Axis, []uint64) {
	if k == nil {
		ax := NewAxis(lab.Procs)
		return &ax, nil
	}
	if k.ax == nil || k.axMaps != k.maps || !refreshAxis(k.ax, lab.Procs) {
		ax := NewAxis(lab.Procs)
		k.ax, k.axMaps = &ax, k.maps
		k.axSources = axisSources(k.ax, axisCols(ax), k.axSources)
	}
	return k.ax, k.axSources
}

// refreshAxis puts procs' views into ax, an axis made of processes with
// the same pids and layouts: its processes, and each cell's map row (by
// its start). It says false when one is not found.
func refreshAxis(ax *Axis, procs []Process) bool {
	byPid := func(pid int) *Process {
		for i := range procs {
			if procs[i].Pid == pid {
				return &procs[i]
			}
		}
		return nil
	}
	for i := range ax.Procs {
		p := byPid(ax.Procs[i].Pid)
		if p == nil {
			return false
		}
		ax.Procs[i] = *p
	}
	for i := range ax.Rows {
		for j := range ax.Rows[i].Cells {
			c := &ax.Rows[i].Cells[j]
			if c.Empty {
				continue
			}
			p := byPid(c.Pid)
			if p == nil {
				return false
			}
			at := slices.IndexFunc(p.Map, func(r MapRow) bool { return !r.Gap && r.Start == c.Row.Start })
			if at < 0 {
				return false
			}
			c.Row = p.Map[at]
		}
	}
	return true
}

// prune forgets the groups that were not listed this frame (a process
// that went, a row that merged), once there are more of them than were.
func (k *Kept) prune() {
	if k == nil || len(k.groups) < 64 || len(k.groups) <= 2*k.listed {
		return
	}
	for id, g := range k.groups {
		if g.frame != k.frame {
			delete(k.groups, id)
		}
	}
}

// Sources: numbers that change whenever what they cover may have.

var sourceSeed = maphash.MakeSeed()

// strKey is the source of a string.
func strKey(s string) uint64 { return maphash.String(sourceSeed, s) }

// mixIn adds n to the source h. Both are scrambled (splitmix64's
// finalizer): sources mix counters that move by one, and a plain
// (h^n)*prime took version v at line l+1 for version v+1 at line l.
func mixIn(h, n uint64) uint64 { return scramble(h ^ scramble(n+0x9e3779b97f4a7c15)) }

// scramble is splitmix64's finalizer: every bit of x moves every bit of
// the result.
func scramble(x uint64) uint64 {
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// layoutOf is the sources of what the processes' shapes decide (which
// processes and threads there are, their states) and of what their
// layouts do (their memory maps: the address axis's rows, the frames),
// with what the view leaves out.
func layoutOf(lab *Lab) (shapes, maps uint64) {
	h := maphash.String(sourceSeed, lab.Capped)
	h = mixIn(h, uint64(len(lab.Changes)))
	shapes, maps = h, h
	for _, c := range lab.Changes {
		shapes = mixIn(mixIn(shapes, uint64(c.Pid)), c.Shape)
		maps = mixIn(mixIn(maps, uint64(c.Pid)), c.Layout)
	}
	return shapes, maps
}

// costSource is the source of a cost's rows: all it says (a step moves
// the work's, and the rest seldom). With no Kept, 0.
func costSource(k *Kept, c *Cost) uint64 {
	if k == nil {
		return 0
	}
	h := mixIn(maphash.String(sourceSeed, c.Kind), maphash.String(sourceSeed, c.Total))
	return mixIn(mixIn(h, maphash.String(sourceSeed, c.Share)), math.Float64bits(c.W))
}

// b2u is 1 for true.
func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

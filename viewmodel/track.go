package viewmodel

// Tracker is the change tracking of one view of one lab (one language,
// format and role): for each fragment of the page, what it was last
// rendered from. A fragment is a piece of the page the socket replaces by
// element id; it may hold parts, elements with an id of their own (one
// thread's card, one region of an address space, one row of the text
// view) that the page replaces alone. Each is known by a key, a hash of
// its model: everything its markup reads besides the view. A fragment's
// key is its shell's — its model with every part cut out, the parts' ids
// left in (ShellKey) — so that when the shell's key is as recorded, only
// the parts whose keys changed need rendering, and nothing else of the
// fragment does.
//
// The page holds what the view was last sent, so a Tracker also says
// what a frame must carry. A full frame (a join, a connection that fell
// behind, a jump) renders everything and starts the record over.
type Tracker map[string]*pieceKeys

// pieceKeys is what one fragment was last rendered from: its shell's key
// and its parts' keys in order. The shell's key holds the parts' ids in
// order, so while it is unchanged the parts are the same ones in the same
// order and their keys compare by index: an idle lab keeps 8 bytes per
// part, not its id. lens holds, for a fragment with parts that grow at
// their end (PartKey.Prefix), each part's number of items.
type pieceKeys struct {
	shell uint64
	parts []uint64
	lens  []int
}

// ShellKey is the key of a fragment's shell: the hash of its model and the
// ids of its parts in order, so a part that appears, goes or moves
// changes the shell and the whole fragment is rendered.
func ShellKey(model any, partIDs []string) uint64 {
	return Hash(struct {
		Model any
		IDs   []string
	}{model, partIDs})
}

// PartKey is what a part is rendered from: Key, the hash of its model.
// A part whose model is a list of items, each drawn after the one before
// (the closed slices of an interval of the CPU chart), also has Prefix:
// the keys of its first 0, 1, … n items (PrefixKeys), Prefix[n] being
// Key. A page that holds the part's first m items, as the key it was
// sent says, lacks only the items from m on: they are appended.
type PartKey struct {
	Key    uint64
	Prefix []uint64
}

// Dirty is a part to render: the part at index I, whole when From < 0,
// else only its items from index From on, to append to what the page has.
type Dirty struct{ I, From int }

// Plan says what of fragment id to render, and records it as rendered:
// the whole fragment (when full, when it was never rendered for this
// view, or when its shell changed), or else the indexes of the parts
// whose keys changed (none: the fragment is as the page has it). parts
// are the keys of the parts' models, in the order of the ids the shell
// key was made with.
func (t Tracker) Plan(id string, shell uint64, parts []uint64, full bool) (whole bool, dirty []int) {
	keys := make([]PartKey, len(parts))
	for i, k := range parts {
		keys[i].Key = k
	}
	whole, ds := t.PlanParts(id, shell, keys, full)
	for _, d := range ds {
		dirty = append(dirty, d.I)
	}
	return whole, dirty
}

// PlanParts is Plan for parts that may grow at their end: a changed part
// whose first items are the ones its page holds is dirty from there on.
func (t Tracker) PlanParts(id string, shell uint64, parts []PartKey, full bool) (whole bool, dirty []Dirty) {
	old := t[id]
	if full || old == nil || old.shell != shell || len(old.parts) != len(parts) {
		pk := &pieceKeys{shell: shell, parts: make([]uint64, len(parts))}
		for i, p := range parts {
			pk.parts[i] = p.Key
			if p.Prefix != nil {
				if pk.lens == nil {
					pk.lens = make([]int, len(parts))
				}
				pk.lens[i] = len(p.Prefix) - 1
			}
		}
		t[id] = pk
		return true, nil
	}
	for i, p := range parts {
		if old.parts[i] == p.Key {
			continue
		}
		from := -1
		if p.Prefix != nil && old.lens != nil {
			if n := old.lens[i]; n < len(p.Prefix)-1 && p.Prefix[n] == old.parts[i] {
				from = n
			}
		}
		old.parts[i] = p.Key
		if p.Prefix != nil {
			if old.lens == nil {
				old.lens = make([]int, len(parts))
			}
			old.lens[i] = len(p.Prefix) - 1
		}
		dirty = append(dirty, Dirty{I: i, From: from})
	}
	return false, dirty
}

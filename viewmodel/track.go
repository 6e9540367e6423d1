package viewmodel

import (
	"hash/maphash"
	"iter"
	"maps"
	"slices"
)

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
//
// A Tracker is used by pointer; its zero value is ready.
type Tracker struct {
	frags map[string]*pieceKeys
	// Kept is what the page's templates keep of this view from one frame
	// to the next (templates.Kept) so that what did not change is not
	// listed again; the tracker only holds it, beside the record it is
	// valid with.
	Kept any
	// spare is the list the last PlanParts answered in, used again
	spare []Dirty
}

// pieceKeys is what one fragment was last rendered from: its shell's key
// and its parts' keys in order. The shell's key holds the parts' ids in
// order, so while it is unchanged the parts are the same ones in the same
// order and their keys compare by index: an idle lab keeps 8 bytes per
// part, not its id. items holds, for a part that is a list
// (PartKey.Items), its items' keys.
type pieceKeys struct {
	shell uint64
	parts []uint64
	items map[int][]uint64
	units []unit // of a fragment with keyed parts (keyed.go)
	ids   uint64 // and the hash of its parts' ids (idsKey)
}

// ShellKey is the key of a fragment's shell: the hash of its model and the
// ids of its parts in order, so a part that appears, goes or moves
// changes the shell and the whole fragment is rendered.
func ShellKey(model any, partIDs []string) uint64 { return ShellKeyOf(Hash(model), partIDs) }

// ShellKeyOf is ShellKey of a model whose hash is modelKey. The ids are
// written as they are, without reflection: a fragment has hundreds.
func ShellKeyOf(modelKey uint64, partIDs []string) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	writeUint(&h, modelKey)
	writeUint(&h, uint64(len(partIDs)))
	for _, id := range partIDs {
		writeUint(&h, uint64(len(id)))
		h.WriteString(id)
	}
	return h.Sum64()
}

// PartKey is what a part is rendered from: Key, the hash of its model.
// A part whose model is a list of items, each drawn after the one before
// (the closed slices of an interval of the CPU chart, the scrubber's
// marks), also has Items: each item's key (ItemKeys). Such a list mostly
// changes at its ends — items added at the end as time goes on, and
// dropped at the start as the window of recent events slides — so a
// page that holds some of its items in order lacks only the rest.
type PartKey struct {
	Key   uint64
	Items []uint64
	// ID, Group and Nested are set for the parts of a fragment with
	// keyed parts (keyed.go): the part's element id, for a keyed part
	// the element it and its siblings share, and whether the part lies
	// inside the keyed part before it.
	ID, Group string
	Nested    bool
}

// Dirty is a part to render: the part at index I, whole when From < 0;
// else the page is to drop the first Trim items it holds and append the
// items from index From on. A keyed part the page lacks (keyed.go) is
// to be inserted after the element After or before the element Before;
// one the page has and should not is named by Gone (and I is -1).
type Dirty struct {
	I, Trim, From       int
	After, Before, Gone string
}

// Plan says what of fragment id to render, and records it as rendered:
// the whole fragment (when full, when it was never rendered for this
// view, or when its shell changed), or else the indexes of the parts
// whose keys changed (none: the fragment is as the page has it). parts
// are the keys of the parts' models, in the order of the ids the shell
// key was made with.
func (t *Tracker) Plan(id string, shell uint64, parts []uint64, full bool) (whole bool, dirty []int) {
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

// PlanParts is Plan for parts that may be lists: a changed list whose
// page holds a run of its items (at its start, after items it lost) is
// dirty by what it lost and gained (Dirty).
//
// A fragment with keyed parts (keyed.go) whose keyed parts came or went
// is dirty by those: insertions and removals, and the changed parts of
// the rest.
//
// The list it answers in is used again by the next call: read it first.
func (t *Tracker) PlanParts(id string, shell uint64, parts []PartKey, full bool) (whole bool, dirty []Dirty) {
	if t.frags == nil {
		t.frags = map[string]*pieceKeys{}
	}
	old := t.frags[id]
	var ids uint64
	if hasKeyed(parts) {
		// most frames keep every part: only when the ids changed are the
		// parts grouped and compared by id
		ids = idsKey(parts)
		if !full && old != nil && old.shell == shell && old.ids != ids {
			now := units(parts)
			if dirty, ok := planKeyed(old, now, parts); ok {
				t.frags[id] = record(shell, parts, ids)
				return false, dirty
			}
			full = true
		}
	}
	if full || old == nil || old.shell != shell || len(old.parts) != len(parts) {
		t.frags[id] = record(shell, parts, ids)
		return true, nil
	}
	dirty = t.spare[:0]
	for i, p := range parts {
		if old.parts[i] == p.Key {
			continue
		}
		d := old.changed(i, i, p)
		old.parts[i] = p.Key
		old.keepItems(i, p.Items)
		dirty = append(dirty, d)
	}
	t.spare = dirty
	if len(dirty) == 0 {
		return false, nil
	}
	return false, dirty
}

// record is what a fragment was rendered from.
func record(shell uint64, parts []PartKey, ids uint64) *pieceKeys {
	pk := &pieceKeys{shell: shell, parts: make([]uint64, len(parts)), ids: ids}
	if ids != 0 {
		pk.units = units(parts)
	}
	for i, p := range parts {
		pk.parts[i] = p.Key
		pk.keepItems(i, p.Items)
	}
	return pk
}

// changed is how the part at index i, recorded at index was, is to be
// rendered now that its key changed: whole, or as a list that lost and
// gained items at its ends.
func (pk *pieceKeys) changed(was, i int, p PartKey) Dirty {
	d := Dirty{I: i, From: -1}
	if items, ok := pk.items[was]; ok && p.Items != nil {
		if trim, ok := overlap(items, p.Items); ok {
			d.Trim, d.From = trim, len(items)-trim
		}
	}
	return d
}

// keepItems records part i's items' keys, if it is a list.
func (pk *pieceKeys) keepItems(i int, items []uint64) {
	if items == nil {
		return
	}
	if pk.items == nil {
		pk.items = map[int][]uint64{}
	}
	pk.items[i] = items
}

// overlap finds how many items to drop from the start of was so that
// what is left begins now: the first index k whose rest of was is a
// prefix of now. An empty was overlaps anything (k = 0); a was none of
// whose items are left does not overlap.
func overlap(was, now []uint64) (k int, ok bool) {
	if len(was) == 0 {
		return 0, true
	}
	for k := range was {
		rest := was[k:]
		if len(rest) <= len(now) && len(now) > 0 && rest[0] == now[0] && slices.Equal(rest, now[:len(rest)]) {
			return k, true
		}
	}
	return 0, false
}

// Recorded are the ids of the fragments t holds a record of.
func (t *Tracker) Recorded() iter.Seq[string] { return maps.Keys(t.frags) }

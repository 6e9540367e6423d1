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
// part, not its id.
type pieceKeys struct {
	shell uint64
	parts []uint64
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

// Plan says what of fragment id to render, and records it as rendered:
// the whole fragment (when full, when it was never rendered for this
// view, or when its shell changed), or else the indexes of the parts
// whose keys changed (none: the fragment is as the page has it). parts
// are the keys of the parts' models, in the order of the ids the shell
// key was made with.
func (t Tracker) Plan(id string, shell uint64, parts []uint64, full bool) (whole bool, dirty []int) {
	old := t[id]
	if full || old == nil || old.shell != shell || len(old.parts) != len(parts) {
		t[id] = &pieceKeys{shell: shell, parts: parts}
		return true, nil
	}
	for i, k := range parts {
		if old.parts[i] != k {
			old.parts[i] = k
			dirty = append(dirty, i)
		}
	}
	return false, dirty
}

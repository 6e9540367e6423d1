package server

// pageEdits is what a frame changes on a view's page (renderChanged):
// elements removed, inserted and replaced whole, and lists edited at
// their ends. The frame carries each apart (frameMsg's Remove, Insert,
// Fragments, Trim and Append), and the page applies them in that order.
type pageEdits struct {
	// Removes are the ids of elements that went (a thread's card after
	// it was joined), Inserts new elements beside a sibling (a new
	// thread's card, its stack's rows): keyed parts (templates.Part.Group).
	Removes []string
	Inserts []insertEdit
	// Fragments maps element ids to the markup that replaces them.
	Fragments map[string]string
	// Trims maps element ids to how many of their first children to
	// drop, and Appends to markup to add at their end, in that order
	// (templates.Part.Tail).
	Trims   map[string]int
	Appends map[string]string
}

// insertEdit is an element to insert right after the element After or
// right before the element Before (one of the two is set). Insertions
// are applied in order, so one may go after an element the one before
// it inserted.
type insertEdit struct {
	After  string `json:"after,omitempty"`
	Before string `json:"before,omitempty"`
	HTML   string `json:"html"`
}

// trim records that the list in element id loses its first n children.
func (e *pageEdits) trim(id string, n int) {
	if e.Trims == nil {
		e.Trims = map[string]int{}
	}
	e.Trims[id] = n
}

// append records markup to add at the end of the list in element id.
func (e *pageEdits) append(id, html string) {
	if e.Appends == nil {
		e.Appends = map[string]string{}
	}
	e.Appends[id] = html
}

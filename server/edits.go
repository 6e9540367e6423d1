package server

// pageEdits is what a frame changes on a view's page (renderChanged):
// elements replaced whole, and lists edited at their ends. The frame
// carries each apart (frameMsg's Fragments, Trim and Append).
type pageEdits struct {
	// Fragments maps element ids to the markup that replaces them.
	Fragments map[string]string
	// Trims maps element ids to how many of their first children to
	// drop, and Appends to markup to add at their end, in that order
	// (templates.Part.Tail).
	Trims   map[string]int
	Appends map[string]string
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

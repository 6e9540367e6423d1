package server

// This file is the seam between the server and package sim: the server
// declares the small interface it needs and adapts sim to it here, so the
// rest of server/ never names a sim type directly.

// lab is one session's authoritative machine with its history: sim.Lab.
type lab interface {
	// Apply runs one command; a command that cannot apply yields an error
	// event, never a panic.
	Apply(command) []event
	// Back goes back n ticks by replay; Goto replays to a tick.
	Back(n int) error
	Goto(tick uint64) error
	// History is the commands applied so far, in order.
	History() []command
	// State is a deep copy of the machine's state.
	State() simState
}

// labConfig is what builds a lab: the seed and what runs on it.
type labConfig struct {
	Seed    int64
	Lesson  string
	Program string
}

// renderFunc renders the page fragments (element id → HTML) for a state
// and the events that led to it; nil events means "everything".
type renderFunc func(lang string, st simState, evs []event) (map[string]string, error)

// Package templates holds every piece of markup procscope makes: the page,
// its panels and the drawings of address spaces, frames and CPUs.
// Components take the plain view structs of this file and make no decisions
// of the model: everything here is already chosen, ordered and formatted
// (package viewmodel does that from a sim.State).
package templates

import "procscope/viewmodel"

// Page is what the whole lab page needs to render.
type Page struct {
	Lang   string
	T      *Catalog
	Assets Assets
	// AssetHash is sent in the socket's hello so an outdated page reloads.
	AssetHash string
	// Step is the tick the page opened at.
	Step uint64
	// Lesson, Seed and Room say which lab the socket's hello asks for (a
	// lesson's machine, a seed other than the default, a classroom room).
	Lesson string
	Seed   int64
	Room   string
	// WSPath is the path (with query) of the WebSocket the script connects to.
	WSPath string
	// BasePath prefixes every path of the lab ("" at the root, else e.g.
	// "/procscope"): the share dialog builds its links under it.
	BasePath string
	Opts     Options
	// LangURLs maps each language to this page's address in that language.
	LangURLs map[string]string
	// FullURL is the full lab page for this lab (the embed's "open in a
	// new tab"); the script adds the step and the saved lab as they change.
	FullURL string
	Lab     Lab
	// Kept is what the socket's last frame of this view listed, to be
	// kept where nothing changed (nil: nothing is kept; a whole page).
	Kept *Kept
}

// Options are the page parameters that change the page's chrome.
type Options struct {
	Theme    string // "light", "dark", "projector"; empty follows the system
	Motion   string // "reduce" or empty
	Controls string // "full", "minimal", "none"
	Mode     string // "explore", "present", "readonly"
	Embed    bool
	Autoplay bool
	Speed    int   // instructions per second while playing
	Speeds   []int // the speeds the server accepts
	// Follows marks a page opened to follow a class (?room=, /r/CODE): it
	// is drawn read-only, but its student may be handed control, so it
	// carries the program editor too (the stylesheet hides it while the
	// page's role is follower).
	Follows bool
	// AllowedOrigins lists the parent origins whose procscope:* messages the
	// framed page obeys.
	AllowedOrigins string
}

// Interactive reports whether the page offers commands at all.
func (o Options) Interactive() bool { return o.Mode != "readonly" && o.Controls != "none" }

// Full reports whether every control is shown (not only the global ones).
func (o Options) Full() bool { return o.Interactive() && o.Controls != "minimal" }

// Editable reports whether the page carries the program editor: every
// control is shown, or the page follows a class and may be handed control.
func (o Options) Editable() bool {
	return o.Full() || o.Follows && o.Controls != "none" && o.Controls != "minimal"
}

// Assets are the content-hashed URLs of the static files.
type Assets struct {
	CSS string
	JS  string
	// ProgramJS is the program view's own script (the reader's choices of
	// lines and variables, the editor's files).
	ProgramJS string
	Icon      string // the favicon (SVG)
}

// The view structs live in package viewmodel; these names keep the
// components reading as they did.
type (
	Lab          = viewmodel.Lab
	Process      = viewmodel.Process
	FD           = viewmodel.FD
	Thread       = viewmodel.Thread
	Reg          = viewmodel.Reg
	MapRow       = viewmodel.MapRow
	PageLink     = viewmodel.PageLink
	Axis         = viewmodel.Axis
	AxisRow      = viewmodel.AxisRow
	AxisCell     = viewmodel.AxisCell
	ThreadRef    = viewmodel.ThreadRef
	Global       = viewmodel.Global
	HeapBlock    = viewmodel.HeapBlock
	StackFrame   = viewmodel.StackFrame
	Local        = viewmodel.Local
	Marker       = viewmodel.Marker
	Frame        = viewmodel.Frame
	FrameMap     = viewmodel.FrameMap
	CPU          = viewmodel.CPU
	Timeline     = viewmodel.Timeline
	Lane         = viewmodel.Lane
	Slice        = viewmodel.Slice
	Tick         = viewmodel.Tick
	Switch       = viewmodel.Switch
	Cost         = viewmodel.Cost
	Comparison   = viewmodel.Comparison
	CompareRow   = viewmodel.CompareRow
	Ratio        = viewmodel.Ratio
	Pipe         = viewmodel.Pipe
	PipeCell     = viewmodel.PipeCell
	PipeHolder   = viewmodel.PipeHolder
	Mutex        = viewmodel.Mutex
	Segment      = viewmodel.Segment
	LessonItem   = viewmodel.LessonItem
	LessonText   = viewmodel.LessonText
	Event        = viewmodel.Event
	Program      = viewmodel.Program
	SourceLine   = viewmodel.SourceLine
	Token        = viewmodel.Token
	ThreadMark   = viewmodel.ThreadMark
	AsmLine      = viewmodel.AsmLine
	AsmInstr     = viewmodel.AsmInstr
	Symbol       = viewmodel.Symbol
	ProgramError = viewmodel.ProgramError
	Terminal     = viewmodel.Terminal
	TermLine     = viewmodel.TermLine
	TermPart     = viewmodel.TermPart
	LessonStep   = viewmodel.LessonStep
	LessonChoice = viewmodel.LessonChoice
	RandomTry    = viewmodel.RandomTry
)

// NewAxis puts the user processes' maps on one address axis
// (viewmodel.NewAxis).
func NewAxis(procs []Process) Axis { return viewmodel.NewAxis(procs) }

// HumanSize prints a byte count as a memory map labels it
// (viewmodel.HumanSize).
func HumanSize(n uint64) string { return viewmodel.HumanSize(n) }

package templates

import "github.com/a-h/templ"

// Fragment is one part of the page the socket may replace, by element id.
type Fragment struct {
	ID        string
	Component templ.Component
}

// Fragments lists every replaceable part of the page with the component that
// renders it: the same components the first load uses, so an update and a
// reload draw the same thing.
func Fragments(p Page) []Fragment {
	fs := []Fragment{
		{"address-spaces", AddressSpaces(p.T, p.Opts, p.Lab)},
		{"frames", Frames(p.T, p.Lab)},
		{"event-log", EventLog(p.T, p.Opts, p.Lab)},
		{"proc-tree", ProcTree(p.T, p.Lab)},
		{"cpus", CPUs(p.T, p.Lab)},
		{"program-view", ProgramView(p.T, p.Lab.Program)},
		{"program-code", CachedProgramCode(p.T, p.Lab.Program)},
		{"terminal", TerminalPanel(p.T, p.Lab.Terminal)},
		{"editor-files", EditorFiles(p.T)},
		{"text-view", textViewBody(p.T, p.Lab)},
		{"ipc", IPC(p.T, p.Lab)},
		{"lesson", LessonPanel(p.T, p.Opts, p.Lab)},
		{"threads", ThreadCards(p.T, p.Opts, p.Lab)},
	}
	fs = append(fs, Fragment{"actions", ActionBar(p.T, p.Opts, p.Lab)})
	if p.Opts.Interactive() {
		fs = append(fs, Fragment{"toolbar", Toolbar(p.T, p.Opts, p.Lab)})
	} else {
		fs = append(fs, Fragment{"toolbar", Readout(p.T, p.Lab)})
	}
	// program-errors is not a fragment: the assembler's problems come in the
	// load's error message and the script lists them; frames leave them be.
	return fs
}

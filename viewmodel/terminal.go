package viewmodel

import (
	"strings"

	"procscope/sim"
)

// maxTermLines is how many of the latest terminal lines the page shows:
// enough for any lesson's output, few enough to keep a frame small.
const maxTermLines = 200

// TerminalView lays the machine's terminal writes out as lines, in the
// order they were written: text without a newline stays on its line, and
// the next write, by any process, continues it, as on a real terminal.
func TerminalView(st sim.State) Terminal {
	term := Terminal{Show: st.Program.Language == "c" || len(st.Terminal) > 0}
	var lines []TermLine
	open := false
	for _, w := range st.Terminal {
		for text := range strings.SplitAfterSeq(w.Text, "\n") {
			if text == "" {
				continue
			}
			if !open {
				lines = append(lines, TermLine{})
			}
			l := &lines[len(lines)-1]
			part := strings.TrimSuffix(text, "\n")
			if n := len(l.Parts); n > 0 && l.Parts[n-1].Pid == w.Pid && l.Parts[n-1].Err == (w.FD == 2) {
				l.Parts[n-1].Text += part
			} else {
				l.Parts = append(l.Parts, TermPart{Pid: w.Pid, Text: part, Err: w.FD == 2})
			}
			open = !strings.HasSuffix(text, "\n")
		}
	}
	if open && len(lines) > 0 {
		lines[len(lines)-1].Open = true
	}
	if n := len(lines) - maxTermLines; n > 0 {
		term.Dropped, lines = n, lines[n:]
	}
	term.Lines = lines
	return term
}

package templates

import (
	"strings"
)

// symbolText says in one sentence what a symbol is and where it lives.
func symbolText(t *Catalog, s Symbol) string {
	kind := t.Prog.SymKinds[s.Kind]
	name := s.Name
	if name == "" {
		name = s.ID
	}
	if s.Text != "" {
		name += " " + s.Text
	}
	if s.Addr == "" {
		return F(t.Prog.SymLocal, name, kind, s.Type, s.Func, s.Line)
	}
	return F(t.Prog.SymAt, name, kind, s.Type, s.Section, s.Addr, s.Line)
}

// pidList is "2 4": the pids of a line, for tests and selectors.
func pidList(pids []int) string {
	s := make([]string, len(pids))
	for i, p := range pids {
		s[i] = itoa(p)
	}
	return strings.Join(s, " ")
}

// termSentence says a terminal line for a screen reader and the text view.
func termSentence(t *Catalog, l TermLine) string {
	var says []string
	for _, p := range l.Parts {
		says = append(says, F(t.Prog.TerminalLine, p.Pid, p.Text))
	}
	return strings.Join(says, " ")
}

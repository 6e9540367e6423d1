package server

import (
	"strconv"

	"procscope/sim"
)

// saveLog is a session's saved-lab log (see saved.Log) kept up to date as
// commands are applied, so a frame's saved lab costs the log's lines, not
// a copy and a walk of the whole history: a lab stepped by hand for an
// hour has thousands of commands. A change other than one more command
// (back, goto, load, reset, a restore) invalidates it, and the next save
// rebuilds it from the lab's history once.
type saveLog struct {
	valid bool
	done  []string    // the lines before the current run
	last  sim.Command // the command of the current run
	run   int         // how many times in a row (0: empty log)
}

// add folds one more applied command into the log.
func (l *saveLog) add(c sim.Command) {
	if !l.valid {
		return
	}
	if l.run > 0 && c == l.last {
		l.run++
		return
	}
	if l.run > 0 {
		l.done = append(l.done, l.runLine())
	}
	l.last, l.run = c, 1
}

// rebuild makes the log the history's.
func (l *saveLog) rebuild(hist []sim.Applied) {
	*l = saveLog{valid: true, done: []string{}}
	for _, a := range hist {
		l.add(a.Command)
	}
}

// lines is the log as the saved lab writes it: "N*line" for a run.
func (l *saveLog) lines() []string {
	out := append(make([]string, 0, len(l.done)+1), l.done...)
	if l.run > 0 {
		out = append(out, l.runLine())
	}
	return out
}

func (l *saveLog) runLine() string {
	if l.run > 1 {
		return strconv.Itoa(l.run) + "*" + l.last.String()
	}
	return l.last.String()
}

// saveLocked is the session's saved lab now.
func (s *session) saveLocked() string {
	if !s.slog.valid {
		s.slog.rebuild(s.lab.History())
	}
	return packSave(s.cfg, s.slog.lines())
}

// grewFromLocked says whether a saved lab is this session's own past:
// the same lab (seed, lesson, program) whose log is a prefix of the
// session's history. A page that reloads while its lab plays carries a
// save up to a second old; one that opened another link carries another
// lab.
func (s *session) grewFromLocked(save string) bool {
	if save == s.saveLocked() {
		return true
	}
	sv, err := decodeSave(save, s.srv.cfg.Limits)
	if err != nil || sv.cfg != s.cfg {
		return false
	}
	hist := s.lab.History()
	if len(sv.log) > len(hist) {
		return false
	}
	for i, c := range sv.log {
		if hist[i].Command != c {
			return false
		}
	}
	return true
}

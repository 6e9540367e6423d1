package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
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

	// head is the deflated saved lab up to the current run's line, for
	// headOf: kept while only the run grows (pack); nil when stale.
	head   []byte
	headOf labConfig
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
		l.head = nil
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
	return s.slog.pack(s.cfg)
}

// pack is the saved lab of cfg with this log. A paused lab sends its
// saved lab with every frame, and a lab stepped again and again only
// changes the count of its last line ("57*step 1"), so everything before
// that line is deflated once and kept (head, flushed to a byte boundary),
// and the rest follows as a final stored block, uncompressed: a frame's
// saved lab costs a copy instead of a compression (a quarter of a JSON
// step frame's server CPU; BenchmarkPackSave). The string inflates to
// the same JSON as packSave's.
func (l *saveLog) pack(cfg labConfig) string {
	if l.head == nil || l.headOf != cfg {
		js := saveJSON(cfg, l.done)
		js = js[:len(js)-len("]}")]
		if len(l.done) > 0 && l.run > 0 {
			js = append(js, ',')
		}
		var buf bytes.Buffer
		deflateSave(&buf, js, true)
		l.head, l.headOf = buf.Bytes(), cfg
	}
	tail := []byte("]}")
	if l.run > 0 {
		line, _ := json.Marshal(l.runLine()) // a string cannot fail
		tail = append(line, tail...)
	}
	if len(tail) > 0xffff { // longer than one stored block (never, for a command line)
		return packSave(cfg, l.lines())
	}
	n := len(tail)
	z := append(bytes.Clone(l.head), 1, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8)) // BFINAL, stored; LEN, NLEN
	return base64.RawURLEncoding.EncodeToString(append(z, tail...))
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

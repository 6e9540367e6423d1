package server

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"time"

	"procscope/sim"
)

// maxExportBytes bounds the body of one export. A long play makes millions
// of events; the export keeps the first ones (a trace reads from the top)
// and says where it stopped.
const maxExportBytes = 1 << 20

// exportSlots bounds the exports replaying at once, server-wide: an export
// replays the session's history (up to -max-ticks instructions), which is
// the most expensive thing a client can ask for. Others wait their turn on
// their own connection.
var exportSlots = max(1, runtime.GOMAXPROCS(0)/2)

// exportMsg answers the export op: a file the page offers for download.
type exportMsg struct {
	Type   string `json:"type"`   // "export"
	Format string `json:"format"` // "text" or "json"
	Name   string `json:"name"`   // procscope-<lesson>-tick<N>.txt|.json
	Body   string `json:"body"`
	// Truncated is set when the body stopped at the size bound.
	Truncated bool `json:"truncated,omitempty"`
}

// exportDoc is the body of a JSON export: what reproduces the lab (seed,
// lesson, program, the history) and every event it made, encoded as in
// frames.
type exportDoc struct {
	V         int               `json:"v"`
	Seed      int64             `json:"seed"`
	Lesson    string            `json:"lesson,omitempty"`
	Program   string            `json:"program,omitempty"`
	Tick      uint64            `json:"tick"`
	History   []exportCommand   `json:"history"`
	Events    []json.RawMessage `json:"events"`
	Truncated bool              `json:"truncated,omitempty"`
}

// exportCommand is one command of the history, or a run of identical
// commands in a row (a long play) starting at tick.
type exportCommand struct {
	Tick    uint64 `json:"tick"`
	Command string `json:"command"`
	Repeat  int    `json:"repeat,omitempty"` // the run's length, when over 1
}

// export answers an export op. The session's config and history are
// copied under its lock; the replay that recovers every event runs outside
// it, on a fresh lab, so the session (and a room's followers) never wait
// for an export.
func (s *session) export(c *conn, req request) {
	start := time.Now()
	format := req.Format
	if format == "" {
		format = "text"
	}
	if format != "text" && format != "json" {
		c.sendError(withRef(fieldError(CodeBadCommand, "format", "want text or json"), req.Ref), "export", 0)
		return
	}
	s.mu.Lock()
	cfg, hist, tick, ended := s.cfg, s.lab.History(), s.lab.Machine().Tick(), s.ended
	s.mu.Unlock()
	if ended {
		return
	}
	select {
	case s.srv.exportSem <- struct{}{}:
	case <-c.ctx.Done():
		return
	}
	msg, err := s.srv.buildExport(cfg, hist, tick, format)
	<-s.srv.exportSem
	if err != nil {
		c.sendError(withRef(err, req.Ref), "export", 0)
		return
	}
	c.sendJSON(msg)
	s.srv.metrics.observeOp("export", time.Since(start).Seconds())
}

// buildExport replays a history on a fresh lab and writes the export. A
// panic in the replay is a bug: it is logged and answered as internal,
// and the session is untouched.
func (srv *Server) buildExport(cfg labConfig, hist []sim.Applied, tick uint64, format string) (msg exportMsg, err error) {
	defer func() {
		if r := recover(); r != nil {
			srv.log.Error("export panic", "panic", fmt.Sprint(r))
			srv.metrics.panics.Inc()
			err = errorf(CodeInternal, "export: %v", r)
		}
	}()
	l, err := srv.buildLab(cfg)
	if err != nil {
		return msg, err
	}
	l.SetSnapshotEvery(0) // a one-way replay needs no snapshots
	name := cfg.Lesson
	if name == "" {
		name = "lab"
	}
	msg = exportMsg{Type: "export", Format: format, Name: fmt.Sprintf("procscope-%s-tick%d", name, tick)}
	if format == "text" {
		msg.Name += ".txt"
		msg.Body, msg.Truncated = exportText(l, cfg, hist, tick)
		return msg, nil
	}
	msg.Name += ".json"
	msg.Body, msg.Truncated, err = exportJSON(l, cfg, hist, tick)
	return msg, err
}

// exportText is the history and its events in the format of `procscope
// trace --script` (sim.FormatCommandHeader, sim.FormatEvent), after a
// short header naming the lab. Commands are numbered from 1, so the lines
// below the header are what `trace --script` prints for a script holding
// the history one command per line.
func exportText(l *sim.Lab, cfg labConfig, hist []sim.Applied, tick uint64) (string, bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "# procscope export: lesson=%s seed=%d tick=%d commands=%d\n", orDash(cfg.Lesson), cfg.Seed, tick, len(hist))
	switch {
	case cfg.Program != "":
		fmt.Fprintf(&b, "# program: %d lines, loaded by the user (in the JSON export)\n", strings.Count(cfg.Program, "\n")+1)
	case cfg.isFreeLab():
		fmt.Fprintf(&b, "# program: the free lab's main.c, %d lines (in the JSON export)\n", strings.Count(freeLabSource, "\n"))
	}
	for i, a := range hist {
		line := sim.FormatCommandHeader(i+1, a.Command) + "\n"
		if b.Len()+len(line) > maxExportBytes {
			return truncatedText(&b, i, len(hist)), true
		}
		b.WriteString(line)
		for _, e := range l.Apply(a.Command) {
			line := sim.FormatEvent(e) + "\n"
			if b.Len()+len(line) > maxExportBytes {
				return truncatedText(&b, i+1, len(hist)), true
			}
			b.WriteString(line)
		}
	}
	return b.String(), false
}

func truncatedText(b *strings.Builder, shown, total int) string {
	fmt.Fprintf(b, "# truncated at %d bytes: %d of %d commands shown\n", maxExportBytes, shown, total)
	return b.String()
}

// exportJSON is exportDoc as indented-free JSON, events encoded as in
// frames (sim.Event with lower-case keys).
func exportJSON(l *sim.Lab, cfg labConfig, hist []sim.Applied, tick uint64) (string, bool, error) {
	doc := exportDoc{V: 1, Seed: cfg.Seed, Lesson: cfg.Lesson, Program: cfg.source(), Tick: tick,
		History: []exportCommand{}, Events: []json.RawMessage{}}
	size := 200 + len(doc.Program)*2
	for i := 0; i < len(hist); {
		j := i + 1
		for j < len(hist) && hist[j].Command == hist[i].Command {
			j++
		}
		ec := exportCommand{Tick: hist[i].Tick, Command: hist[i].Command.String()}
		if j-i > 1 {
			ec.Repeat = j - i
		}
		if size += 50 + len(ec.Command); size > maxExportBytes/2 {
			// Half the bound for the history: the rest is events of
			// the commands it lists.
			doc.Truncated, hist = true, hist[:i]
			break
		}
		doc.History = append(doc.History, ec)
		i = j
	}
replay:
	for _, a := range hist {
		for _, e := range l.Apply(a.Command) {
			b, err := wireJSON(e)
			if err != nil {
				return "", false, err
			}
			if size+len(b)+1 > maxExportBytes {
				doc.Truncated = true
				break replay
			}
			size += len(b) + 1
			doc.Events = append(doc.Events, b)
		}
	}
	out, err := json.Marshal(doc)
	return string(out), doc.Truncated, err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

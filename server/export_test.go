package server

import (
	"encoding/json"
	"strings"
	"testing"

	"procscope/sim"
)

// exportOf asks for an export and returns the answer.
func (c *client) exportOf(format string) exportMsg {
	c.t.Helper()
	c.send(map[string]any{"op": "export", "format": format})
	b, err := c.readBytes()
	if err != nil {
		c.t.Fatal(err)
	}
	var m exportMsg
	if err := json.Unmarshal(b, &m); err != nil || m.Type != "export" {
		c.t.Fatalf("want an export, got %.300s (%v)", b, err)
	}
	return m
}

// script is the fork-cow script of cmd/procscope/testdata/scripts without
// its comment line.
var forkScript = []string{"fork 2", "write 2 counter 7", "read 3 counter"}

// traceOf is what `procscope trace --script FILE -p main.c` prints for
// lines on the free lab (main.c its program): the reference the text
// export must match byte for byte.
func traceOf(t *testing.T, lines []string) string {
	t.Helper()
	l, err := sim.NewLab(sim.Config{Seed: 1, Program: freeLabSource})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, line := range lines {
		c, err := sim.ParseCommand(line)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(sim.FormatCommandHeader(i+1, c) + "\n")
		for _, e := range l.Apply(c) {
			b.WriteString(sim.FormatEvent(e) + "\n")
		}
	}
	return b.String()
}

func TestTextExportIsTheTraceOfTheSessionsHistory(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, nil)
	c.do(map[string]any{"op": "fork", "tid": 2})
	c.do(map[string]any{"op": "write", "tid": 2, "name": "counter", "n": 7})
	f := c.do(map[string]any{"op": "read", "tid": 3, "name": "counter"})

	m := c.exportOf("text")
	tick := num(f, "tick")
	if m.Format != "text" || m.Name != "procscope-lab-tick"+itoa(tick)+".txt" || m.Truncated {
		t.Errorf("export %q %q truncated=%v, want text procscope-lab-tick%d.txt", m.Format, m.Name, m.Truncated, tick)
	}
	header, body, _ := strings.Cut(m.Body, "\n")
	if want := "# procscope export: lesson=- seed=1 tick=" + itoa(tick) + " commands=3"; header != want {
		t.Errorf("header %q, want %q", header, want)
	}
	prog, body, _ := strings.Cut(body, "\n")
	if want := "# program: the free lab's main.c, 23 lines (in the JSON export)"; prog != want {
		t.Errorf("program line %q, want %q", prog, want)
	}
	var doc exportDoc
	if err := json.Unmarshal([]byte(c.exportOf("json").Body), &doc); err != nil || doc.Program != freeLabSource {
		t.Errorf("the JSON export's program is %d bytes (%v), want the free lab's", len(doc.Program), err)
	}
	if want := traceOf(t, forkScript); body != want {
		t.Errorf("body differs from trace --script:\n%s\nwant:\n%s", body, want)
	}
	for _, want := range []string{"# 1: fork 2\n", "process-forked  pid=2 tid=2 other=3", "value=7 name=counter", "# 3: read 3 counter\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	// Exporting changed nothing: the next command continues the history.
	if f := c.do(map[string]any{"op": "step", "n": 1}); num(f, "tick") != tick+1 {
		t.Errorf("after export the tick is %d, want %d", num(f, "tick"), tick+1)
	}
}

func TestJSONExportHasTheHistoryAndEveryEvent(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{"lesson": "fork-cow", "seed": 7})
	c.do(map[string]any{"op": "fork", "tid": 2})
	for range 3 {
		c.do(map[string]any{"op": "step", "n": 5})
	}
	f := c.do(map[string]any{"op": "write", "tid": 3, "name": "value", "n": 9})

	m := c.exportOf("json")
	if m.Format != "json" || m.Name != "procscope-fork-cow-tick"+itoa(num(f, "tick"))+".json" {
		t.Errorf("export %q %q", m.Format, m.Name)
	}
	var doc struct {
		V       int    `json:"v"`
		Seed    int64  `json:"seed"`
		Lesson  string `json:"lesson"`
		Tick    int64  `json:"tick"`
		History []struct {
			Tick    int64  `json:"tick"`
			Command string `json:"command"`
			Repeat  int    `json:"repeat"`
		} `json:"history"`
		Events []sim.Event `json:"events"`
	}
	if err := json.Unmarshal([]byte(m.Body), &doc); err != nil {
		t.Fatalf("body is not JSON: %v\n%.300s", err, m.Body)
	}
	if doc.V != 1 || doc.Seed != 7 || doc.Lesson != "fork-cow" || doc.Tick != num(f, "tick") {
		t.Errorf("doc v=%d seed=%d lesson=%q tick=%d", doc.V, doc.Seed, doc.Lesson, doc.Tick)
	}
	if len(doc.History) != 3 || doc.History[0].Command != "fork 2" || doc.History[1].Command != "step 5" ||
		doc.History[1].Repeat != 3 || doc.History[1].Tick != 1 || doc.History[2].Command != "write 3 value 9" {
		t.Errorf("history %+v, want fork 2, 3×step 5 from tick 1, write 3 value 9", doc.History)
	}
	var forked, copied, wrote bool
	for _, e := range doc.Events {
		forked = forked || (e.Kind == sim.EvProcessForked && e.Pid == 2 && e.Other == 3)
		copied = copied || (e.Kind == sim.EvCOWFault && e.Pid == 2 && e.OldFrame > 0 && e.NewFrame > 0)
		wrote = wrote || (e.Kind == sim.EvWrite && e.Pid == 3 && e.Name == "value" && e.Value == 9)
	}
	if !forked || !copied || !wrote {
		t.Errorf("events lack the fork (%v), the parent's copy-on-write fault (%v) or the write (%v): %d events\n%s", forked, copied, wrote, len(doc.Events), m.Body)
	}
}

func TestExportIsBoundedAndBadFormatsAreRefused(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, nil)
	c.send(map[string]any{"op": "export", "format": "pdf", "ref": 4})
	if e := c.wantError(CodeBadCommand); num(e, "ref") != 4 || e["op"] != "export" {
		t.Errorf("error %v, want ref 4 op export", e)
	}

	// 30,000 writes print far more than the bound: the export stops at it
	// and says so, in both formats.
	var hist []sim.Applied
	for i := range 30_000 {
		hist = append(hist, sim.Applied{Tick: uint64(i), Command: sim.Command{Op: sim.CmdWrite, Tid: 2, Name: "counter", N: int64(i)}})
	}
	for _, format := range []string{"text", "json"} {
		m, err := h.s.buildExport(labConfig{Seed: 1}, hist, 30_000, format)
		if err != nil {
			t.Fatal(err)
		}
		if !m.Truncated || len(m.Body) > maxExportBytes+200 || len(m.Body) < maxExportBytes/2 {
			t.Errorf("%s export of 30,000 writes: %d bytes, truncated=%v; want about %d and truncated", format, len(m.Body), m.Truncated, maxExportBytes)
		}
	}
	m, _ := h.s.buildExport(labConfig{Seed: 1}, hist, 30_000, "text")
	if !strings.Contains(m.Body, "# truncated at 1048576 bytes: ") || !strings.HasSuffix(m.Body, " of 30000 commands shown\n") {
		t.Errorf("text export does not say where it stopped: %q", m.Body[len(m.Body)-120:])
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

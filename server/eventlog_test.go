package server

import (
	"encoding/json"
	"log/slog"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// pageLog is the event log as a page holds it after applying frames the
// way app.js does: a whole event-log fragment replaces it, a frame's log
// adds items on top, un-marks the items of older ticks and trims.
type pageLog struct{ items []logItem }

// logItem is what matters of one <li>: its id, tick, new mark and text.
type logItem struct {
	id, tick string
	isNew    bool
	text     string
}

var (
	liRe    = regexp.MustCompile(`(?s)<li\b(.*?)>(.*?)</li>`)
	attrRe  = regexp.MustCompile(`\b(id|data-tick)="([^"]*)"`)
	classRe = regexp.MustCompile(`class="([^"]*)"`)
)

func parseItems(html string) []logItem {
	var out []logItem
	for _, m := range liRe.FindAllStringSubmatch(html, -1) {
		it := logItem{text: m[2], isNew: strings.Contains(m[1], `data-new="1"`)}
		for _, a := range attrRe.FindAllStringSubmatch(m[1], -1) {
			if a[1] == "id" {
				it.id = a[2]
			} else {
				it.tick = a[2]
			}
		}
		if c := classRe.FindStringSubmatch(m[1]); c != nil && slices.Contains(strings.Fields(c[1]), "new") != it.isNew {
			panic("class new and data-new disagree: " + m[1])
		}
		out = append(out, it)
	}
	return out
}

func (p *pageLog) apply(t *testing.T, b []byte) {
	t.Helper()
	var f frameMsg
	if err := json.Unmarshal(b, &f); err != nil || f.Type != "frame" {
		return
	}
	if html, ok := f.Fragments["event-log"]; ok {
		if f.Log != nil {
			t.Error("a frame carries the whole log and items to add")
		}
		p.items = parseItems(html)
		return
	}
	if f.Log == nil {
		return
	}
	if len(p.items) == 0 {
		t.Fatal("items added to a page that has no list")
	}
	add := parseItems(f.Log.Add)
	for i := range p.items {
		if p.items[i].tick != add[0].tick {
			p.items[i].isNew = false
		}
	}
	p.items = append(add, p.items...)
	p.items = p.items[:min(len(p.items), f.Log.Keep)]
}

func TestAnAppendedEventLogIsTheLogAFullFrameDraws(t *testing.T) {
	srv, err := newServer(Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.CloseSockets)
	s, err := srv.newSession(labConfig{Seed: 1, Lesson: "counter-race"}, nil, netip.Addr{})
	if err != nil {
		t.Fatal(err)
	}
	view := viewKey{lang: "ko", controls: "full", mode: "explore"}
	c := &conn{srv: srv, out: make(chan []byte, 64), kill: make(chan struct{}), view: view}
	s.do(c, "hello", func() error { s.attachLocked(c, roleSolo); return nil })
	var page pageLog
	read := func() {
		for len(c.out) > 0 {
			page.apply(t, <-c.out)
		}
	}
	read()
	if len(page.items) != 0 {
		t.Fatalf("a fresh lab lists %d events", len(page.items))
	}
	ops := []string{`{"op":"spawn","tid":1}`, `{"op":"step","n":3}`, `{"op":"fork","tid":1}`, `{"op":"step","n":1}`}
	appended := 0
	for i := range 150 {
		req, err := decodeRequest([]byte(ops[i%len(ops)]))
		if err != nil {
			t.Fatal(err)
		}
		s.handle(c, req)
		for len(c.out) > 0 {
			b := <-c.out
			if strings.Contains(string(b), `"log":{`) {
				appended++
			}
			page.apply(t, b)
		}
		if i == 100 { // a jump back: the whole log again
			req, _ := decodeRequest([]byte(`{"op":"back","n":2}`))
			s.handle(c, req)
			read()
		}
	}
	if appended < 100 || s.logSeq <= maxRecentEvents {
		t.Fatalf("%d frames appended, %d events in all: the test should add past the list's %d", appended, s.logSeq, maxRecentEvents)
	}
	fresh := &conn{srv: srv, out: make(chan []byte, 64), kill: make(chan struct{}), view: view}
	var want pageLog
	s.do(fresh, "hello", func() error { s.attachLocked(fresh, roleSolo); return nil })
	for len(fresh.out) > 0 {
		want.apply(t, <-fresh.out)
	}
	if len(want.items) != maxRecentEvents {
		t.Fatalf("a full frame lists %d events, want %d", len(want.items), maxRecentEvents)
	}
	if !slices.Equal(page.items, want.items) {
		for i := range min(len(page.items), len(want.items)) {
			if page.items[i] != want.items[i] {
				t.Fatalf("item %d: the page holds %+v, a full frame draws %+v", i, page.items[i], want.items[i])
			}
		}
		t.Fatalf("the page holds %d items, a full frame draws %d", len(page.items), len(want.items))
	}
}

package server

import (
	"net/netip"
	"runtime"
	"sync"
	"testing"
	"time"

	"procscope/sim"
)

// A class that stepped and now sits watching costs what an idle class
// does: what a stepping view keeps between frames (its processes'
// views, its parts' ids and keys: ~105 KB here) is forgotten by the
// sweep once no frame was rendered for keptIdle. The next step lists
// the page afresh and sends exactly what it would have.
func TestAViewThatStoppedSteppingKeepsLittle(t *testing.T) {
	srv, err := newServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.CloseSockets)
	var mu sync.Mutex
	now := time.Unix(1e9, 0)
	srv.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	const n = 40
	html := viewKey{lang: "en", controls: "full", mode: "explore"}
	type watcher struct {
		s *session
		c *conn
	}
	// labs labs stepped 100 times, their frames drained, by a page of view
	stepped := func(view viewKey, labs int) []watcher {
		ws := make([]watcher, 0, labs)
		for range labs {
			s, err := srv.newSession(labConfig{Seed: 1, Program: oneThreadC}, nil, netip.Addr{})
			if err != nil {
				t.Fatal(err)
			}
			srv.addSession(s)
			c := &conn{srv: srv, out: make(chan []byte, 64), kill: make(chan struct{}), view: view}
			s.mu.Lock()
			s.attachLocked(c, roleSolo)
			for range 100 {
				s.applyLocked(sim.Command{Op: sim.CmdStep, N: 1})
				s.publishLocked(false)
				drain(c)
			}
			s.mu.Unlock()
			ws = append(ws, watcher{s, c})
		}
		return ws
	}
	// what such a lab costs without a page that renders (a JSON client
	// keeps nothing between frames)
	m0 := memNow()
	plain := stepped(viewKey{lang: "en", json: true, controls: "full", mode: "explore"}, n)
	m1 := memNow()
	ws := stepped(html, n)
	m2 := memNow()
	mu.Lock()
	now = now.Add(keptIdle)
	mu.Unlock()
	srv.sweep(srv.now())
	m3 := memNow()
	base := (int64(m1.HeapAlloc) - int64(m0.HeapAlloc)) / n
	stepping := (int64(m2.HeapAlloc) - int64(m1.HeapAlloc)) / n
	idle := (int64(m3.HeapAlloc) - int64(m1.HeapAlloc)) / n
	t.Logf("per lab stepped 100 times: %d B without a page; with one, %d B while stepping and %d B %v after its last frame", base, stepping, idle, keptIdle)
	// What is left beside the lab is the record of what its page was
	// sent (viewmodel.Tracker: its parts' keys, its lists' items, its
	// keyed parts' ids), ~30 KB here, which the next frame needs to send
	// only what changed; before keptIdle, what the view kept came on top
	// (~105 KB).
	if idle > base+48<<10 {
		t.Errorf("a lab whose page stopped stepping costs %d B, want at most %d (what it costs without a page, %d B, and 48 KiB)", idle, base+48<<10, base)
	}
	runtime.KeepAlive(plain)
	// and the next step sends what a view that kept everything would
	w, again := ws[0], stepped(html, 1)[0]
	for range 5 {
		for _, x := range []watcher{w, again} {
			x.s.mu.Lock()
			x.s.applyLocked(sim.Command{Op: sim.CmdStep, N: 1})
			x.s.publishLocked(false)
			x.s.mu.Unlock()
		}
		got, want := lastFrame(t, w.c), lastFrame(t, again.c)
		if got != want {
			t.Fatalf("the step after forgetting sent\n%s\nthe same step of a view that kept everything\n%s", got, want)
		}
	}
	runtime.KeepAlive(ws)
}

// lastFrame is the one frame c was sent since it was last read.
func lastFrame(t *testing.T, c *conn) string {
	t.Helper()
	if len(c.out) != 1 {
		t.Fatalf("%d frames sent, want 1", len(c.out))
	}
	return string(<-c.out)
}

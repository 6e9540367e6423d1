package server

import (
	"encoding/json"
	"log/slog"
	"net/netip"
	"testing"
	"time"
)

// hall is a room on a server without sockets: members are conns whose
// queues the test reads, time stands still, and the roster's delayed sends
// wait in due until the test runs them.
type hall struct {
	t       *testing.T
	srv     *Server
	s       *session
	teacher *conn
	due     []func()
}

func newHall(t *testing.T) *hall {
	t.Helper()
	h := &hall{t: t}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	srv, err := newServer(Config{Logger: slog.New(slog.DiscardHandler), Limits: Limits{MaxFollowers: 2000}}, func(s *Server) {
		s.now = func() time.Time { return now }
		s.after = func(_ time.Duration, f func()) { h.due = append(h.due, f) }
		s.newTicker = func(d time.Duration) ticker { return &manualTicker{period: d, c: make(chan time.Time)} }
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.CloseSockets)
	s, err := srv.newSession(labConfig{Seed: 1, Program: spin}, nil, netip.Addr{})
	if err != nil {
		t.Fatal(err)
	}
	srv.addSession(s)
	h.srv, h.s = srv, s
	h.teacher = h.member(viewKey{lang: "en", controls: "full", mode: "explore"}, 1<<14)
	s.do(h.teacher, "hello", func() error { s.attachLocked(h.teacher, roleSolo); return nil })
	s.handle(h.teacher, request{Op: "room"})
	h.messages(h.teacher)
	return h
}

// member is a connection without a socket whose queue holds n messages.
func (h *hall) member(v viewKey, n int) *conn {
	return &conn{srv: h.srv, out: make(chan []byte, n), kill: make(chan struct{}), view: v}
}

// join adds a follower in a language and returns it.
func (h *hall) join(lang string) *conn {
	h.t.Helper()
	c := h.member(viewKey{lang: lang, controls: "full", mode: "explore"}, 8)
	if err := h.srv.joinRoom(c, h.s.room.code, ""); err != nil {
		h.t.Fatal(err)
	}
	return c
}

// messages takes what a member was sent, decoded.
func (h *hall) messages(c *conn) []map[string]any {
	h.t.Helper()
	var out []map[string]any
	for len(c.out) > 0 {
		var m map[string]any
		if err := json.Unmarshal(<-c.out, &m); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func (h *hall) op(c *conn, msg string) {
	h.t.Helper()
	req, err := decodeRequest([]byte(msg))
	if err != nil {
		h.t.Fatal(err)
	}
	h.s.handle(c, req)
}

// firstFrame is the full frame a new follower gets.
func (h *hall) firstFrame(lang string) map[string]any {
	h.t.Helper()
	for _, m := range h.messages(h.join(lang)) {
		if m["type"] == "frame" {
			if m["full"] != true {
				h.t.Errorf("a joiner's first frame is not full: %v", m)
			}
			return m
		}
	}
	h.t.Fatal("a joiner got no frame")
	return nil
}

func TestAJoinRendersNothingOnceItsViewIsRendered(t *testing.T) {
	h := newHall(t)
	renders := func() float64 { return testCounter(h.srv.metrics.renders) }
	start := renders()
	for i := range 10 {
		h.join([]string{"en", "ko"}[i%2])
	}
	first := renders() - start
	for i := range 990 {
		h.join([]string{"en", "ko"}[i%2])
	}
	if all := renders() - start; first != 2 || all != first {
		t.Errorf("%v renders for the first 10 joins, %v for 1,000: want 2 (one per language) for both", first, all)
	}
	if h.s.room.followers != 1000 {
		t.Errorf("%d followers, want 1000", h.s.room.followers)
	}
}

func TestAJoinerSeesTheStateAsItIsNow(t *testing.T) {
	h := newHall(t)
	if f := h.firstFrame("en"); num(f, "tick") != 0 || f["playing"] != false {
		t.Fatalf("first joiner: tick %v playing %v", f["tick"], f["playing"])
	}
	h.op(h.teacher, `{"op":"step","n":3}`)
	if f := h.firstFrame("en"); num(f, "tick") != 3 {
		t.Errorf("a joiner after a step sees tick %v, want 3", f["tick"])
	}
	h.op(h.teacher, `{"op":"play"}`)
	if f := h.firstFrame("en"); f["playing"] != true {
		t.Error("a joiner while the lab plays sees it paused")
	}
	h.op(h.teacher, `{"op":"pause"}`)
	if f := h.firstFrame("en"); f["playing"] != false {
		t.Error("a joiner after pause sees the lab playing")
	}
	h.op(h.teacher, `{"op":"back","n":99}`) // refused: nothing changes, and the next joiner still sees tick 3
	if f := h.firstFrame("en"); num(f, "tick") != 3 {
		t.Errorf("after a refused back a joiner sees tick %v, want 3", f["tick"])
	}
}

func TestTheTeacherGetsAFewRostersAndFollowersNone(t *testing.T) {
	h := newHall(t)
	var followers []*conn
	for range 300 {
		followers = append(followers, h.join("en"))
	}
	rosters := func() (n, last int) {
		for _, m := range h.messages(h.teacher) {
			if m["type"] == "room" {
				n++
				last = len(m["followers"].([]any))
			}
		}
		return n, last
	}
	// The first join is shown at once; the other 299 wait for one send.
	if n, last := rosters(); n != 1 || last != 1 || len(h.due) != 1 {
		t.Fatalf("during the joins the teacher got %d rosters (last of %d), %d sends due; want 1 of 1, 1 due", n, last, len(h.due))
	}
	h.due[0]()
	if n, last := rosters(); n != 1 || last != 300 {
		t.Errorf("when the send is due the teacher got %d rosters, the last of %d; want 1 of 300", n, last)
	}
	for i, f := range followers {
		for _, m := range h.messages(f) {
			if _, ok := m["followers"]; ok {
				t.Fatalf("follower %d was sent the roster: %v", i, m)
			}
		}
	}
	// Leaves are coalesced the same way.
	h.due = nil
	for _, f := range followers[:100] {
		f.leave()
	}
	if n, _ := rosters(); n != 0 || len(h.due) != 1 {
		t.Fatalf("100 leaves within the time sent %d rosters and scheduled %d", n, len(h.due))
	}
	h.due[0]()
	if n, last := rosters(); n != 1 || last != 200 {
		t.Errorf("after the leaves: %d rosters, the last of %d; want 1 of 200", n, last)
	}
}

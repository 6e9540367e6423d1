package server

import (
	"context"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"
)

type stillTicker struct{}

func (stillTicker) C() <-chan time.Time { return nil }
func (stillTicker) Stop()               {}

// FuzzSessionOps runs any sequence of client messages (one per line)
// through a real session, the way a connection would after hello: no
// panic (recovered ones count too), the session never ends, and the
// machine stays inside the limits.
func FuzzSessionOps(f *testing.F) {
	for _, s := range []string{
		`{"op":"pipe","tid":2}` + "\n" + `{"op":"fork","tid":2}` + "\n" + `{"op":"write-fd","tid":3,"fd":4,"n":42}` + "\n" + `{"op":"read-fd","tid":2,"fd":3}`,
		`{"op":"spawn","tid":2}` + "\n" + `{"op":"lock","tid":2,"name":"counter"}` + "\n" + `{"op":"lock","tid":3,"name":"counter"}` + "\n" + `{"op":"unlock","tid":2,"name":"counter"}`,
		`{"op":"shm","tid":2,"n":7}` + "\n" + `{"op":"atomic-add","tid":2,"addr":0,"n":1}` + "\n" + `{"op":"close","tid":2,"fd":-1}`,
		`{"op":"step","n":500}` + "\n" + `{"op":"back","n":3}` + "\n" + `{"op":"goto","tick":2}` + "\n" + `{"op":"export","format":"json"}`,
		`{"op":"room"}` + "\n" + `{"op":"handover","to":"f1"}` + "\n" + `{"op":"close-room"}` + "\n" + `{"op":"close-room"}`,
		`{"op":"load","lesson":"deadlock"}` + "\n" + `{"op":"step","n":50}` + "\n" + `{"op":"export"}` + "\n" + `{"op":"reset","seed":3}`,
		`{"op":"load","program":".main\nlock x\n"}` + "\n" + `{"op":"play","speed":1000}` + "\n" + `{"op":"pause"}`,
	} {
		f.Add(s)
	}
	srv, err := newServer(Config{Logger: slog.New(slog.DiscardHandler), Limits: Limits{MaxTicks: 20_000, MaxStepsPerCommand: 2_000}},
		func(s *Server) { s.newTicker = func(time.Duration) ticker { return stillTicker{} } })
	if err != nil {
		f.Fatal(err)
	}
	defer srv.CloseSockets()
	f.Fuzz(func(t *testing.T, script string) { runSessionScript(t, srv, script) })
}

// runSessionScript runs the script on a new session of srv and ends it.
func runSessionScript(t *testing.T, srv *Server, script string) {
	if err := srv.reserveSession(netip.Addr{}); err != nil {
		t.Fatal(err)
	}
	s, err := srv.newSession(labConfig{Seed: 1}, nil, netip.Addr{})
	if err != nil {
		t.Fatal(err)
	}
	srv.addSession(s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &conn{srv: srv, ctx: ctx, cancel: cancel, addr: netip.MustParseAddr("192.0.2.1"), base: "http://x",
		out: make(chan []byte, 1<<12), kill: make(chan struct{}), view: viewKey{lang: "ko", json: true}}
	s.mu.Lock()
	s.attachLocked(c, roleSolo)
	s.mu.Unlock()
	panics := testCounter(srv.metrics.panics)
	for i, line := range strings.Split(script, "\n") {
		if i >= 40 {
			break
		}
		req, err := decodeRequest([]byte(line))
		if err != nil || req.Op == "hello" {
			continue
		}
		if req.Op == "export" {
			c.session().export(c, req)
		} else {
			c.session().handle(c, req)
		}
		for len(c.out) > 0 { // the client reads what it is sent
			<-c.out
		}
	}
	cur := c.session()
	cur.mu.Lock()
	defer cur.mu.Unlock()
	if cur.ended || testCounter(srv.metrics.panics) != panics {
		t.Fatalf("session ended (%v) or panicked", cur.ended)
	}
	if tick := cur.lab.Machine().Tick(); tick > 20_000 {
		t.Fatalf("tick %d past the limit", tick)
	}
	cur.endLocked(CodeGoingAway)
}

package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	dto "github.com/prometheus/client_model/go"
)

// manualTicker is a play ticker the test moves by hand: each tick() is one
// period of simulated time, so play loops are tested without sleeping.
type manualTicker struct {
	period time.Duration
	c      chan time.Time
}

func (m *manualTicker) C() <-chan time.Time { return m.c }
func (m *manualTicker) Stop()               {}

type harness struct {
	t  *testing.T
	s  *Server
	ts *httptest.Server

	mu      sync.Mutex
	tickers []*manualTicker
	now     time.Time
}

// newHarness starts a server with manual tickers and a manual clock.
func newHarness(t *testing.T, cfg Config, tweak ...func(*Server)) *harness {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	h := &harness{t: t, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	if cfg.Limits.CommandShare == 0 {
		// The manual clock never refills the budget by itself, and a test
		// machine's scheduling would make commands cost more: tests that
		// do not measure the charge do not pay it.
		cfg.Limits.CommandShare = 1e6
	}
	seams := func(s *Server) {
		s.newTicker = h.newTicker
		s.now = func() time.Time { h.mu.Lock(); defer h.mu.Unlock(); return h.now }
		s.sleep = func(context.Context, time.Duration) {} // the manual clock does not move by itself
	}
	s, err := newServer(cfg, append([]func(*Server){seams}, tweak...)...)
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	h.ts = httptest.NewServer(s)
	t.Cleanup(func() {
		h.ts.CloseClientConnections()
		s.CloseSockets()
		h.ts.Close()
	})
	return h
}

func (h *harness) newTicker(d time.Duration) ticker {
	m := &manualTicker{period: d, c: make(chan time.Time)}
	h.mu.Lock()
	h.tickers = append(h.tickers, m)
	h.mu.Unlock()
	return m
}

// advance moves the manual clock.
func (h *harness) advance(d time.Duration) {
	h.mu.Lock()
	h.now = h.now.Add(d)
	h.mu.Unlock()
}

// tick delivers one tick to the newest play loop and returns its period.
func (h *harness) tick() time.Duration {
	h.t.Helper()
	h.mu.Lock()
	m := h.tickers[len(h.tickers)-1]
	h.mu.Unlock()
	select {
	case m.c <- time.Time{}:
	case <-time.After(5 * time.Second):
		h.t.Fatal("no play loop took the tick")
	}
	return m.period
}

type client struct {
	t    *testing.T
	ws   *websocket.Conn
	last map[string]any
}

func (h *harness) dial(path string) *client {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(h.ts.URL, "http")+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	ws.SetReadLimit(4 << 20)
	h.t.Cleanup(func() { ws.CloseNow() })
	return &client{t: h.t, ws: ws}
}

func (c *client) raw(s string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), ioTimeout)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, []byte(s)); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) send(v map[string]any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.raw(string(b))
}

// ioTimeout bounds one message's write or read. A test of a 16 MB message
// under -race on a loaded two-core runner needed more than 5 s; nothing
// waits for it to pass, so a generous bound costs a passing test nothing.
const ioTimeout = 30 * time.Second

// readBytes reads one message.
func (c *client) readBytes() ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), ioTimeout)
	defer cancel()
	_, b, err := c.ws.Read(ctx)
	return b, err
}

// read reads one message and checks its type.
func (c *client) read(typ string) map[string]any {
	c.t.Helper()
	b, err := c.readBytes()
	if err != nil {
		c.t.Fatalf("reading %s: %v", typ, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		c.t.Fatal(err)
	}
	if m["type"] != typ {
		c.t.Fatalf("got %.400s, want a %s", b, typ)
	}
	c.last = m
	return m
}

// hello says hello and reads the hello and the first full frame.
func (c *client) hello(extra map[string]any) (hello, frame map[string]any) {
	c.t.Helper()
	msg := map[string]any{"op": "hello", "protocol": ProtocolVersion}
	for k, v := range extra {
		msg[k] = v
	}
	c.send(msg)
	hello = c.read("hello")
	if msg["room"] != nil {
		c.read("room")
	}
	if msg["format"] == "json" {
		c.read("snapshot")
	}
	return hello, c.read("frame")
}

// wantError reads an error frame with the given code.
func (c *client) wantError(code Code) map[string]any {
	c.t.Helper()
	m := c.read("error")
	if m["code"] != string(code) {
		c.t.Fatalf("error code %v (%v), want %s", m["code"], m["message"], code)
	}
	return m
}

// closed reads until the connection ends and returns its close status.
func (c *client) closed() websocket.StatusCode {
	c.t.Helper()
	for {
		if _, err := c.readBytes(); err != nil {
			return websocket.CloseStatus(err)
		}
	}
}

func num(m map[string]any, k string) int64 {
	f, _ := m[k].(float64)
	return int64(f)
}

func testCounter(c interface{ Write(*dto.Metric) error }) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

// eventOf returns the first event of a kind in a frame, or nil.
func eventOf(frame map[string]any, kind string) map[string]any {
	evs, _ := frame["events"].([]any)
	for _, e := range evs {
		if m, _ := e.(map[string]any); m["kind"] == kind {
			return m
		}
	}
	return nil
}

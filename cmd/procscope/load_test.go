package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"procscope/server"
)

func TestLoadMeasuresAFleetAgainstARealServer(t *testing.T) {
	ts := testServer(t)
	o, err := parseLoadArgs([]string{"-url", "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws",
		"-sessions", "4", "-rate", "20", "-playing", "2", "-idle", "2", "-rooms", "1", "-followers", "3",
		"-sources", "2", "-duration", "1s", "-format", "json"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := runLoad(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Opened != r.Clients || r.Clients != 4+2+2+1+3 {
		t.Errorf("opened %d of %d", r.Opened, r.Clients)
	}
	// 5 stepping clients at 20/s for a second: at most about 100 commands
	// answered (fewer on a loaded machine), each by a frame; followers see
	// the teacher's steps.
	if n := len(r.Latency); n < 10 || n > 110 {
		t.Errorf("%d command→frame samples", n)
	}
	for _, d := range r.Latency {
		if d <= 0 || d > 5*time.Second {
			t.Fatalf("latency %v", d)
		}
	}
	if n := len(r.Fanout); n < 3 {
		t.Errorf("%d fan-out samples for 3 followers", n)
	}
	if r.Frames < int64(len(r.Latency)) || r.Bytes < r.Frames*50 || len(r.Drops) != 0 || len(r.Errors) != 0 {
		t.Errorf("frames %d bytes %d drops %v errors %v", r.Frames, r.Bytes, r.Drops, r.Errors)
	}
	var out bytes.Buffer
	r.print(&out, o)
	for _, want := range []string{"command→frame n=", "fan-out", "frames", "drops         none"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestAHostileClientDoesNotStopTheOthers(t *testing.T) {
	ts := testServer(t)
	o, err := parseLoadArgs([]string{"-url", "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws",
		"-sessions", "2", "-rate", "10", "-hostile", "1", "-sources", "2", "-duration", "1s", "-format", "json"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := runLoad(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.HostileConns < 1 || len(r.Latency) < 5 || len(r.Drops) != 0 {
		t.Errorf("hostile connected %d times; bystanders: %d answers, drops %v", r.HostileConns, len(r.Latency), r.Drops)
	}
	if save := hostileSave(100_000, 5_000_000); len(save) > 200 {
		t.Errorf("the hostile save is %d bytes", len(save))
	}
}

func TestLoadRefusesWhatIsNotLoopbackOrUnbounded(t *testing.T) {
	for _, args := range [][]string{
		{"-url", "ws://example.com/ws"},
		{"-sessions", "30000"},
		{"-duration", "1h"},
		{"-rate", "0"},
	} {
		if _, err := parseLoadArgs(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

func TestFrameHeadIsReadWithoutDecoding(t *testing.T) {
	b := []byte(`{"type":"frame","seq":3,"tick":1234,"instructions":1,"time":5,"playing":false,"speed":5,"full":true,"events":[]}`)
	if msgType(b) != "frame" {
		t.Errorf("type %q", msgType(b))
	}
	if tick, full := frameTick(b); tick != 1234 || !full {
		t.Errorf("tick %d full %v", tick, full)
	}
}

// The hostile client's save must be one the server restores: a refused
// one (bad-state, as a version-1 save naming a model was) starts a fresh
// lab and measures nothing of a replay.
func TestTheHostileSaveIsRestored(t *testing.T) {
	ts := testServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)
	hello, _ := json.Marshal(map[string]any{"op": "hello", "protocol": 1, "format": "json", "save": hostileSave(1000, 5000)})
	if err := ws.Write(ctx, websocket.MessageText, hello); err != nil {
		t.Fatal(err)
	}
	for {
		_, b, err := ws.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Type string
			Code string
			Tick int64
		}
		json.Unmarshal(b, &m)
		if m.Type == "error" {
			t.Fatalf("the hostile save was refused: %s", b)
		}
		if m.Type == "frame" {
			if m.Tick != 5000 {
				t.Fatalf("restored at tick %d, want 5000", m.Tick)
			}
			return
		}
	}
}

// testServer runs a real server on loopback until the test ends.
func testServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, err := server.New(server.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { srv.CloseSockets(); ts.Close() })
	return ts
}

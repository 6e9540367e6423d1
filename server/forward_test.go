package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// snapshotOf asks for the machine's state as JSON.
func snapshotOf(c *client) string {
	c.t.Helper()
	c.send(map[string]any{"op": "snapshot"})
	b, _ := json.Marshal(c.read("snapshot")["machine"])
	return string(b)
}

func TestForwardAfterBackRestoresTheSameTickAndState(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(map[string]any{"seed": 7})
	c.send(map[string]any{"op": "spawn", "tid": 2, "name": "worker"})
	c.read("frame")
	c.send(map[string]any{"op": "fork", "tid": 2})
	c.read("frame")
	c.send(map[string]any{"op": "step", "n": 5})
	want := num(c.read("frame"), "tick")
	state := snapshotOf(c)

	c.send(map[string]any{"op": "back", "n": 3})
	f := c.read("frame")
	if num(f, "tick") != want-3 || num(f, "future") != want {
		t.Fatalf("after back 3: tick %d future %d, want %d and %d", num(f, "tick"), num(f, "future"), want-3, want)
	}
	c.send(map[string]any{"op": "back", "n": 2})
	c.read("frame")
	c.send(map[string]any{"op": "forward", "n": 1})
	if f := c.read("frame"); num(f, "tick") != want-4 || num(f, "future") != want {
		t.Fatalf("forward 1: tick %d future %d, want %d and %d", num(f, "tick"), num(f, "future"), want-4, want)
	}
	c.send(map[string]any{"op": "goto", "tick": want})
	f = c.read("frame")
	if num(f, "tick") != want || f["future"] != nil {
		t.Fatalf("goto the future's end: tick %d future %v, want %d and none", num(f, "tick"), f["future"], want)
	}
	if got := snapshotOf(c); got != state {
		t.Errorf("the state after back and forward differs from the state before")
	}
	c.send(map[string]any{"op": "forward"})
	c.wantError(CodeBadTick)
}

func TestANewCommandForgetsTheFuture(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(nil)
	c.send(map[string]any{"op": "step", "n": 4})
	c.read("frame")
	c.send(map[string]any{"op": "back", "n": 2})
	c.read("frame")
	c.send(map[string]any{"op": "step"})
	if f := c.read("frame"); f["future"] != nil {
		t.Errorf("after a new step the frame still offers forward to %v", f["future"])
	}
	c.send(map[string]any{"op": "forward", "n": 1})
	c.wantError(CodeBadTick)
}

func TestTheCommandLineRunsTableAndSessionOps(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(nil)
	c.send(map[string]any{"op": "line", "text": "spawn 2 worker"})
	if eventOf(c.read("frame"), "thread-created") == nil {
		t.Fatal("spawn 2 worker made no thread")
	}
	c.send(map[string]any{"op": "line", "text": "write 3 counter 7"})
	if e := eventOf(c.read("frame"), "write"); e == nil || num(e, "value") != 7 {
		t.Fatalf("write 3 counter 7: %v", e)
	}
	c.send(map[string]any{"op": "line", "text": "back"})
	if f := c.read("frame"); num(f, "tick") != 1 {
		t.Errorf("back: tick %d, want 1", num(f, "tick"))
	}
	c.send(map[string]any{"op": "line", "text": "forward 1"})
	if f := c.read("frame"); num(f, "tick") != 2 {
		t.Errorf("forward 1: tick %d, want 2", num(f, "tick"))
	}
	for _, tc := range []struct{ text, detail string }{
		{"frobnicate 2", `unknown command "frobnicate"`},
		{"fork", "fork: missing"},
		{"goto", "goto needs goto TICK"},
		{"back x", `"x" is not a whole number`},
		{"pause now", "pause takes no arguments"},
		{"", "empty"},
	} {
		c.send(map[string]any{"op": "line", "text": tc.text})
		m := c.wantError(CodeBadCommand)
		if d, _ := m["detail"].(string); !strings.Contains(d, tc.detail) {
			t.Errorf("%q: detail %q, want it to say %q", tc.text, d, tc.detail)
		}
	}
	c.send(map[string]any{"op": "line", "text": "fork 99"})
	c.read("frame")
	c.wantError("ESRCH")
}

package server

import (
	"strings"
	"testing"
	"time"
)

// While this replica reconnects to NATS, a member's command is answered
// at once with room-reconnecting and never asked of the room's replica,
// and frames that slip in before the resync are neither delivered nor
// taken for a gap.
func TestAReconnectingMirrorAsksNothingAndDeliversNothing(t *testing.T) {
	asked := make(chan []byte, 4)
	rl := &askRecorder{LocalRelay: NewLocalRelay(), asked: asked}
	h := newHarness(t, Config{Relay: rl})
	m := &mirror{srv: h.s, code: "ROOM2345", members: map[string]*memberOf{}, seqs: map[string]uint64{}, reconnecting: true}
	c := &conn{srv: h.s, out: make(chan []byte, 8), kill: make(chan struct{})}
	mo := &memberOf{m: m, c: c, handle: "ha", topic: "v.en.html.full.readonly"}
	m.members["ha"] = mo
	c.follows.Store(mo)

	h.s.forward(c, request{Op: "step", Ref: 3}, []byte(`{"op":"step","n":1,"ref":3}`))
	select {
	case msg := <-c.out:
		if s := string(msg); !strings.Contains(s, `"code":"room-reconnecting"`) || !strings.Contains(s, `"ref":3`) {
			t.Fatalf("answer while reconnecting: %s", s)
		}
	default:
		t.Fatal("a command while reconnecting got no answer")
	}

	m.seqs["v.en.html.full.readonly"] = 5
	m.deliver("v.en.html.full.readonly", []byte(`{"type":"frame","seq":9,"tick":4}`), time.Time{})
	select {
	case req := <-asked:
		t.Fatalf("asked %s while reconnecting", req)
	case <-time.After(50 * time.Millisecond):
	}
	if len(c.out) != 0 || m.seqs["v.en.html.full.readonly"] != 5 {
		t.Fatalf("a frame while reconnecting: %d delivered, seq now %d", len(c.out), m.seqs["v.en.html.full.readonly"])
	}
}

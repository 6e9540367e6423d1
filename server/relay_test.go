package server

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestFrameSeqReadsTheHeadOfAFrame(t *testing.T) {
	for msg, want := range map[string]uint64{
		`{"type":"frame","seq":42,"tick":7}`: 42,
		`{"type":"frame","seq":1,"tick":0}`:  1,
		`{"type":"room","code":"X"}`:         0,
		`{"type":"frame","seq":x,"tick":0}`:  0,
		`{"type":"frame","seq":12`:           0,
	} {
		got, ok := frameSeq([]byte(msg))
		if got != want || ok != (want != 0) {
			t.Errorf("frameSeq(%s) = %d, %v; want %d", msg, got, ok, want)
		}
	}
}

// A mirror that sees a view's frames skip a seq asks the authority to
// resync that view's members, and only theirs.
func TestAMissingFrameResyncsItsViewsMembers(t *testing.T) {
	asked := make(chan []byte, 4)
	rl := &askRecorder{LocalRelay: NewLocalRelay(), asked: asked}
	h := newHarness(t, Config{Relay: rl})
	m := &mirror{srv: h.s, code: "ROOM2345", members: map[string]*memberOf{}, seqs: map[string]uint64{}}
	a, b := &conn{srv: h.s, out: make(chan []byte, 8), kill: make(chan struct{})}, &conn{srv: h.s, out: make(chan []byte, 8), kill: make(chan struct{})}
	m.members["ha"] = &memberOf{m: m, c: a, handle: "ha", topic: "v.en.html.full.readonly"}
	m.members["hb"] = &memberOf{m: m, c: b, handle: "hb", topic: "v.ko.html.full.readonly"}
	m.deliver("v.en.html.full.readonly", []byte(`{"type":"frame","seq":5,"tick":1}`), time.Time{})
	m.deliver("v.en.html.full.readonly", []byte(`{"type":"frame","seq":6,"tick":2}`), time.Time{})
	select {
	case req := <-asked:
		t.Fatalf("consecutive frames asked %s", req)
	case <-time.After(50 * time.Millisecond):
	}
	m.deliver("v.en.html.full.readonly", []byte(`{"type":"frame","seq":8,"tick":4}`), time.Time{})
	select {
	case req := <-asked:
		if want := `"handle":"ha"`; !contains(req, want) {
			t.Fatalf("resync asked %s, want the member of the view (%s)", req, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a skipped frame asked for no resync")
	}
	if len(a.out) != 3 || len(b.out) != 0 {
		t.Fatalf("frames delivered: %d to the view's member, %d to the other view's; want 3 and 0", len(a.out), len(b.out))
	}
}

// askRecorder is a LocalRelay that records what is asked of a room.
type askRecorder struct {
	*LocalRelay
	asked chan []byte
}

func (r *askRecorder) Ask(_ context.Context, _ string, req []byte) ([]byte, error) {
	r.asked <- req
	return []byte(`{}`), nil
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

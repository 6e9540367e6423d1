package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"procscope/sim"
	"procscope/viewmodel"
)

// Tests of the defects of issue 10: each failed on the server before it.

func TestAbruptDisconnectsLeaveNoDescriptorOrGoroutine(t *testing.T) {
	h := newHarness(t, Config{})
	warm := h.dialRaw() // the first socket builds caches that stay
	warm.text(`{"op":"hello","protocol":1}`)
	warm.readFrame()
	warm.nc.Close()
	waitUntil(t, func() bool { return h.s.openConns() == 0 })
	fds, gs := openFDs(t), runtime.NumGoroutine()

	const n = 50
	for range n {
		r := h.dialRaw()
		r.text(`{"op":"hello","protocol":1}`)
		if _, _, err := r.readFrame(); err != nil { // the hello
			t.Fatal(err)
		}
		r.nc.Close() // no close frame
	}
	if !settles(func() bool { return h.s.openConns() == 0 }) {
		t.Fatalf("%d sockets still open after %d abrupt disconnects", h.s.openConns(), n)
	}
	if !settles(func() bool { return openFDs(t) <= fds+2 }) {
		t.Errorf("descriptors: %d before, %d after %d abrupt disconnects", fds, openFDs(t), n)
	}
	if !settles(func() bool { return runtime.NumGoroutine() <= gs+2 }) {
		t.Errorf("goroutines: %d before, %d after %d abrupt disconnects", gs, runtime.NumGoroutine(), n)
	}
}

func TestUnmaskedClientFrameIsClosedWithProtocolError(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.dialRaw()
	r.frame(0x1, []byte(`{"op":"hello","protocol":1}`), false)
	if st := r.closeStatus(); st != websocket.StatusProtocolError {
		t.Errorf("unmasked frame: close status %d, want %d", st, websocket.StatusProtocolError)
	}
}

func TestInvalidUTF8TextIsClosedWith1007(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.dialRaw()
	r.text("{\"op\":\"hello\",\"lang\":\"\xff\xfe\"}")
	if st := r.closeStatus(); st != websocket.StatusInvalidFramePayloadData {
		t.Errorf("invalid UTF-8: close status %d, want %d", st, websocket.StatusInvalidFramePayloadData)
	}
}

func TestASocketThatNeverSaysHelloIsClosed(t *testing.T) {
	h := newHarness(t, Config{HelloTimeout: 50 * time.Millisecond})
	r := h.dialRaw()
	if st := r.closeStatus(); st != websocket.StatusPolicyViolation {
		t.Errorf("silent socket: close status %d, want %d", st, websocket.StatusPolicyViolation)
	}
	waitUntil(t, func() bool { return h.s.openConns() == 0 })
}

func TestASocketWhoseHelloFailedIsClosedInTime(t *testing.T) {
	h := newHarness(t, Config{HelloTimeout: 100 * time.Millisecond})
	r := h.dialRaw()
	r.text(`{"op":"hello","protocol":0}`) // outdated: told to reload, no session
	if st := r.closeStatus(); st != websocket.StatusPolicyViolation {
		t.Errorf("failed hello, then silence: close status %d, want %d", st, websocket.StatusPolicyViolation)
	}
	waitUntil(t, func() bool { return h.s.openConns() == 0 })
}

func TestAHugeAnnouncedFrameThatStallsIsClosed(t *testing.T) {
	h := newHarness(t, Config{MessageTimeout: 50 * time.Millisecond})
	c := h.dialRaw()
	c.text(`{"op":"hello","protocol":1}`)
	// A frame header announcing 2^63-1 bytes, then a few, then nothing.
	hdr := []byte{0x81, 0x80 | 127, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 'x', 'x'}
	if _, err := c.nc.Write(hdr); err != nil {
		t.Fatal(err)
	}
	if st := c.closeStatus(); st != websocket.StatusPolicyViolation {
		t.Errorf("stalled huge frame: close status %d, want %d", st, websocket.StatusPolicyViolation)
	}
	waitUntil(t, func() bool { return h.s.openConns() == 0 })
}

func TestAFollowerWhoSaysNothingStaysConnected(t *testing.T) {
	h := newHarness(t, Config{HelloTimeout: 50 * time.Millisecond, MessageTimeout: 50 * time.Millisecond})
	c := h.dial("/ws")
	c.hello(nil)
	time.Sleep(200 * time.Millisecond)
	c.send(map[string]any{"op": "step", "n": 1})
	if f := c.read("frame"); num(f, "tick") != 1 {
		t.Errorf("after a quiet spell the step frame is %v", f)
	}
}

// dialFrom opens a socket that the server sees coming from addr (through
// a trusted proxy on loopback).
func (h *harness) dialFrom(addr string) *client {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(h.ts.URL, "http")+"/ws",
		&websocket.DialOptions{HTTPHeader: http.Header{"X-Forwarded-For": {addr}}})
	if err != nil {
		h.t.Fatal(err)
	}
	ws.SetReadLimit(4 << 20)
	h.t.Cleanup(func() { ws.CloseNow() })
	return &client{t: h.t, ws: ws}
}

func loopbackProxy() []netip.Prefix { return []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} }

func TestConnectHelloCloseCyclesNeverLockOthersOut(t *testing.T) {
	h := newHarness(t, Config{TrustedProxies: loopbackProxy(), Limits: Limits{MaxSessions: 20, MaxSessionsPerAddr: 5}})
	// One address opens and abandons many more sessions than the server holds.
	// It does not wait for its sockets to be let go, so now and then it
	// meets its own cap while its last labs are still attached: only it.
	for range 60 {
		c := h.dialFrom("203.0.113.9")
		c.raw(`{"op":"hello","protocol":1}`)
		c.readBytes()
		c.ws.CloseNow()
	}
	waitUntil(t, func() bool { return h.s.openConns() == 0 })
	h.s.mu.Lock()
	held := h.s.sessAddrs[netip.MustParseAddr("203.0.113.9")]
	h.s.mu.Unlock()
	if held > 5 {
		t.Errorf("one address holds %d sessions, cap 5", held)
	}
	// Everyone else still gets a lab (their labs take the flooder's
	// idle ones' places), and so does the flooder.
	for i := range 19 {
		c := h.dialFrom(fmt.Sprintf("198.51.100.%d", i+1))
		if _, f := c.hello(nil); f["type"] != "frame" {
			t.Fatalf("client %d got no lab", i)
		}
	}
	c := h.dialFrom("203.0.113.9")
	c.hello(nil)
}

func TestTheOldestUnattachedSessionMakesRoom(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{MaxSessions: 3}})
	var ids []string
	for range 3 {
		c := h.dial("/ws")
		hello, _ := c.hello(nil)
		ids = append(ids, hello["session"].(string))
		c.ws.Close(websocket.StatusNormalClosure, "")
		waitUntil(t, func() bool { s := h.s.session(ids[len(ids)-1]); return s != nil && idle(s) })
		h.advance(time.Second)
	}
	c := h.dial("/ws")
	c.hello(nil)
	if h.s.session(ids[0]) != nil || h.s.session(ids[1]) == nil || h.s.session(ids[2]) == nil {
		t.Errorf("held after a fourth session: %v %v %v, want only the oldest freed",
			h.s.session(ids[0]) != nil, h.s.session(ids[1]) != nil, h.s.session(ids[2]) != nil)
	}
	if got := testCounter(h.s.metrics.evicted); got != 1 {
		t.Errorf("%v evictions counted", got)
	}
}

func TestWatchedSessionsAreNeverEvicted(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{MaxSessions: 2}})
	a, b := h.dial("/ws"), h.dial("/ws")
	a.hello(nil)
	b.hello(nil)
	c := h.dial("/ws")
	c.send(map[string]any{"op": "hello", "protocol": ProtocolVersion})
	c.wantError(CodeSessionLimit)
	a.send(map[string]any{"op": "step", "n": 1})
	a.read("frame")
}

func TestALectureHallBehindOneNATFitsUnderTheDefaults(t *testing.T) {
	d := DefaultLimits
	const hall = 500 // students, each with a lab and a reload or two
	if d.MaxSessionsPerAddr < 2*hall || d.MaxConnsPerAddr < 2*hall || d.MaxFollowers < hall/2 {
		t.Errorf("defaults %d sessions, %d sockets per address, %d followers: a hall of %d would meet them",
			d.MaxSessionsPerAddr, d.MaxConnsPerAddr, d.MaxFollowers, hall)
	}
}

func TestRoomCodesAreEightUnambiguousCharacters(t *testing.T) {
	for range 200 {
		code := randomCode()
		if len(code) < 8 || strings.ContainsAny(code, "0O1IL") || !roomCode.MatchString(code) {
			t.Fatalf("room code %q", code)
		}
	}
}

func TestGuessingRoomCodesIsLimitedButAClassesTyposAreNot(t *testing.T) {
	// One socket stands for the class here, so its own rate limit is off.
	h := newHarness(t, Config{Limits: Limits{CommandsPerSecond: 10000, CommandBurst: 10000}})
	teacher := h.dial("/ws")
	teacher.hello(nil)
	teacher.send(map[string]any{"op": "room"})
	code := teacher.read("room")["code"].(string)

	// A class of 300 behind one NAT, each mistyping the code twice.
	c := h.dial("/ws")
	for range 600 {
		c.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "room": "ZZZZZZZZ"})
		c.wantError(CodeRoomNotFound)
	}
	// A guesser from the same address is now held to the refill rate.
	c.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "room": "ZZZZZZZY"})
	c.wantError(CodeJoinLimit)
	c.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "room": code})
	c.wantError(CodeJoinLimit) // even the right code waits: a guesser learns nothing
	h.advance(time.Second)
	c.hello(map[string]any{"room": code})
	// Another address is not affected.
	h.s.mu.Lock()
	n := len(h.s.joinFails)
	h.s.mu.Unlock()
	if n != 1 {
		t.Errorf("%d addresses remembered", n)
	}
	h.advance(time.Hour)
	h.s.sweep(h.s.now())
	h.s.mu.Lock()
	n = len(h.s.joinFails)
	h.s.mu.Unlock()
	if n != 0 {
		t.Errorf("failed joins still remembered an hour later: %d", n)
	}
}

func TestARoomEndsShortlyAfterItsTeacherLeaves(t *testing.T) {
	h := newHarness(t, Config{RoomGrace: time.Minute})
	teacher := jsonClient(t, h, nil)
	teacher.send(map[string]any{"op": "room"})
	code := teacher.read("room")["code"]
	student := h.dial("/ws")
	student.hello(map[string]any{"room": code, "format": "json"})
	teacher.read("room")
	teacher.do(map[string]any{"op": "step", "n": 3})
	student.read("frame")
	teacher.ws.Close(websocket.StatusNormalClosure, "")
	waitUntil(t, func() bool { return h.s.openConns() == 1 })

	h.advance(59 * time.Second)
	h.s.sweep(h.s.now())
	if h.s.roomSession(code.(string)) == nil {
		t.Fatal("the room ended before the grace time")
	}
	h.advance(time.Second)
	h.s.sweep(h.s.now())
	if h.s.roomSession(code.(string)) != nil {
		t.Fatal("the room outlived its teacher's grace time")
	}
	if m := student.read("room"); m["ended"] != true {
		t.Errorf("the student was told %v", m)
	}
	student.read("hello")
	student.read("snapshot")
	if f := student.read("frame"); num(f, "tick") != 3 {
		t.Errorf("the student's own copy is at tick %d, want 3", num(f, "tick"))
	}
	student.send(map[string]any{"op": "step", "n": 1})
	if f := student.read("frame"); num(f, "tick") != 4 {
		t.Errorf("the student's copy does not step: %v", f)
	}
}

func TestARoomWhoseTeacherReturnsOrHandedOverLivesOn(t *testing.T) {
	h := newHarness(t, Config{RoomGrace: time.Minute})
	teacher := jsonClient(t, h, nil)
	teacher.send(map[string]any{"op": "room"})
	room := teacher.read("room")
	code, token := room["code"].(string), room["token"]
	student := h.dial("/ws")
	student.hello(map[string]any{"room": code, "format": "json"})
	teacher.read("room")

	// The teacher reloads within the grace time.
	teacher.ws.Close(websocket.StatusNormalClosure, "")
	h.advance(30 * time.Second)
	back := h.dial("/ws")
	back.hello(map[string]any{"room": code, "token": token, "format": "json"})
	h.advance(time.Hour)
	h.s.sweep(h.s.now())
	if h.s.roomSession(code) == nil {
		t.Fatal("the room ended though its teacher came back")
	}

	// The teacher hands control to the student and leaves.
	back.send(map[string]any{"op": "handover", "to": "f1"})
	waitUntil(t, func() bool {
		s := h.s.roomSession(code)
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.room.controller != nil
	})
	back.ws.Close(websocket.StatusNormalClosure, "")
	waitUntil(t, func() bool { return h.s.openConns() == 1 })
	h.advance(time.Hour)
	h.s.sweep(h.s.now())
	if h.s.roomSession(code) == nil {
		t.Fatal("the room ended though a student holds control")
	}
}

func TestReplayIsChargedToTheAddressAndBounded(t *testing.T) {
	h := newHarness(t, Config{TrustedProxies: loopbackProxy(), Limits: Limits{MaxTicks: 1000, ReplayTicksPerSecond: 100}})
	hostile := encodeRaw(`{"v":2,"model":2,"seed":1,"log":["10*step 100"]}`) // the whole budget in 60 bytes
	a := h.dialFrom("203.0.113.9")
	if _, f := a.hello(map[string]any{"save": hostile}); num(f, "tick") == 0 {
		t.Fatalf("the first full-size restore did not run: %v", f)
	}
	// The same address again, from another socket: over its budget.
	b := h.dialFrom("203.0.113.9")
	b.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "save": hostile})
	b.wantError(CodeRateLimited)
	// Someone else restores at once.
	c := h.dialFrom("198.51.100.7")
	if _, f := c.hello(map[string]any{"save": hostile}); num(f, "tick") == 0 {
		t.Errorf("a bystander's restore did not run: %v", f)
	}
	// The budget refills with time.
	h.advance(10 * time.Second)
	b.hello(map[string]any{"save": hostile})
	if got := testCounter(h.s.metrics.replayTicks); got != 4000 {
		t.Errorf("replay ticks counted %v, want 4000", got)
	}
}

func TestBucketReserveWaitsForDebtAndRefusesPastIt(t *testing.T) {
	now := time.Unix(0, 0)
	b := newBucket(10, 10, now)
	if w, ok := b.reserve(now, 10, 5); !ok || w != 0 {
		t.Fatalf("within the burst: wait %v ok %v", w, ok)
	}
	if w, ok := b.reserve(now, 5, 5); !ok || w != 500*time.Millisecond {
		t.Fatalf("into debt: wait %v ok %v, want 500ms", w, ok)
	}
	if _, ok := b.reserve(now, 1, 5); ok {
		t.Fatal("past the debt limit")
	}
	if w, ok := b.reserve(now.Add(time.Second), 11, 10); !ok || w != 600*time.Millisecond { // 5 earned, 6 owed
		t.Fatalf("after a second: wait %v ok %v", w, ok)
	}
}

func TestAReloadResumesItsOwnSessionButANewLinkOpensItsOwnLab(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	hello, _ := c.hello(nil)
	c.send(map[string]any{"op": "step", "n": 5})
	f := c.read("frame")
	save := f["save"].(string)
	c.ws.CloseNow() // the page reloads

	r := h.dial("/ws")
	h2, f2 := r.hello(map[string]any{"session": hello["session"], "save": save})
	if h2["session"] != hello["session"] || num(f2, "tick") != 5 {
		t.Errorf("reload: session %v at tick %d, want its own at 5", h2["session"], num(f2, "tick"))
	}
	waitUntil(t, func() bool { h.s.mu.Lock(); defer h.s.mu.Unlock(); return len(h.s.sessions) == 1 })

	other := encodeRaw(`{"v":2,"model":2,"seed":7,"log":["step 2"]}`)
	n := h.dial("/ws")
	h3, f3 := n.hello(map[string]any{"session": hello["session"], "save": other})
	if h3["session"] == hello["session"] || num(f3, "tick") != 2 {
		t.Errorf("a new link in the same tab: session %v at tick %d, want a new one at 2", h3["session"], num(f3, "tick"))
	}
}

func TestOtherProtocolViolationsCloseWith1002(t *testing.T) {
	h := newHarness(t, Config{})
	for name, send := range map[string]func(r *rawWS){
		"reserved opcode":            func(r *rawWS) { r.frame(0x3, []byte("x"), true) },
		"continuation without start": func(r *rawWS) { r.frame(0x0, []byte("x"), true) },
	} {
		r := h.dialRaw()
		send(r)
		if st := r.closeStatus(); st != websocket.StatusProtocolError {
			t.Errorf("%s: close status %d, want %d", name, st, websocket.StatusProtocolError)
		}
	}
}

func TestTheKeptSaveLogIsAlwaysTheHistorysOwn(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{"lesson": "fork-cow"})
	s := h.s.session(func() string {
		h.s.mu.Lock()
		defer h.s.mu.Unlock()
		for id := range h.s.sessions {
			return id
		}
		return ""
	}())
	for i, op := range []map[string]any{
		{"op": "step", "n": 1}, {"op": "step", "n": 1}, {"op": "step", "n": 3}, {"op": "fork", "tid": 2},
		{"op": "back", "n": 2}, {"op": "step", "n": 1}, {"op": "step", "n": 1}, {"op": "goto", "tick": 1},
		{"op": "kill", "pid": 99}, {"op": "reset"}, {"op": "step", "n": 2}, {"op": "step", "n": 2},
	} {
		c.send(op)
		for {
			b, err := c.readBytes()
			if err != nil {
				t.Fatal(err)
			}
			if msgTypeOf(b) == "frame" {
				break
			}
		}
		s.mu.Lock()
		kept, want := s.saveLocked(), encodeSave(s.cfg, s.lab.History())
		s.mu.Unlock()
		if inflateSave(t, kept) != inflateSave(t, want) {
			t.Fatalf("after op %d %v the kept save differs from the history's", i, op)
		}
	}
}

func msgTypeOf(b []byte) string {
	var m struct{ Type string }
	json.Unmarshal(b, &m)
	return m.Type
}

func TestAReloadWhilePlayingResumesFromAnOlderSaveOfTheSameLab(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	hello, _ := c.hello(map[string]any{"seed": 3})
	c.send(map[string]any{"op": "step", "n": 2})
	old := c.read("frame")["save"].(string)
	c.send(map[string]any{"op": "step", "n": 3})
	c.read("frame")
	c.ws.CloseNow()
	r := h.dial("/ws")
	h2, f := r.hello(map[string]any{"session": hello["session"], "save": old})
	if h2["session"] != hello["session"] || num(f, "tick") != 5 {
		t.Errorf("resumed %v at tick %d, want its own session at 5", h2["session"], num(f, "tick"))
	}
}

func TestACommandThatMakesTheServerWorkCostsItsTime(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{CommandsPerSecond: 20, CommandBurst: 40, CommandShare: 0.1}}, func(s *Server) {
		s.render = func(context.Context, viewKey, sim.State, eventWindow, *viewmodel.Tracker, bool) (pageEdits, error) {
			time.Sleep(50 * time.Millisecond) // a huge view: ten 5 ms tokens' worth of server time
			return pageEdits{Fragments: map[string]string{"address-spaces": "x"}}, nil
		}
	})
	c := h.dial("/ws")
	c.hello(nil)
	// Each step takes ~50 ms (10 tokens); the burst and its debt (80
	// tokens) are gone after a handful, where cheap steps would get 79.
	n := 0
	for ; n < 20; n++ {
		c.send(map[string]any{"op": "step", "n": 1})
		b, err := c.readBytes()
		if err != nil {
			t.Fatal(err)
		}
		if msgTypeOf(b) == "error" {
			break
		}
	}
	if n >= 10 {
		t.Errorf("%d expensive steps before rate-limited, want fewer than 10", n)
	}
	if testCounter(h.s.metrics.chargedTokens) < 20 {
		t.Errorf("charged %v tokens", testCounter(h.s.metrics.chargedTokens))
	}
}

func TestBucketOweCapsTheDebt(t *testing.T) {
	now := time.Unix(0, 0)
	b := newBucket(10, 10, now)
	if w := b.owe(now, 100, 5); w != 500*time.Millisecond || b.tokens != -5 {
		t.Errorf("owe 100 of 10 with debt cap 5: wait %v tokens %v", w, b.tokens)
	}
}

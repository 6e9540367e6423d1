package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"procscope/sim"
	"procscope/viewmodel"
)

func TestReconnectResumesTheLiveSession(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	hello, _ := c.hello(nil)
	c.send(map[string]any{"op": "step", "n": 25})
	want := num(c.read("frame"), "tick")
	c.ws.Close(websocket.StatusGoingAway, "tab hidden")

	c2 := h.dial("/ws")
	hello2, f := c2.hello(map[string]any{"session": hello["session"]})
	if hello2["session"] != hello["session"] || num(f, "tick") != want {
		t.Errorf("resumed session %v at tick %d, want %v at %d", hello2["session"], num(f, "tick"), hello["session"], want)
	}
}

func TestASavedLabRestoresOnAnotherServer(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(map[string]any{"seed": 42})
	c.send(map[string]any{"op": "fork", "tid": 2})
	c.read("frame")
	c.send(map[string]any{"op": "step", "n": 9})
	f := c.read("frame")
	save, want := f["save"].(string), num(f, "tick")

	other := newHarness(t, Config{})
	c2 := other.dial("/ws")
	_, f2 := c2.hello(map[string]any{"save": save})
	if num(f2, "tick") != want || f2["save"] != save {
		t.Errorf("restored at tick %d save %v, want tick %d and the same save", num(f2, "tick"), f2["save"], want)
	}
	c3 := other.dial("/ws")
	_, f3 := c3.hello(map[string]any{"save": save, "step": 3})
	if num(f3, "tick") != 3 {
		t.Errorf("restore with step 3 opened at tick %d", num(f3, "tick"))
	}
}

func TestABrokenSaveStartsFreshWithAnError(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.send(map[string]any{"op": "hello", "protocol": 1, "save": "!!not-base64!!"})
	c.wantError(CodeBadState)
	c.read("hello")
	if f := c.read("frame"); num(f, "tick") != 0 {
		t.Errorf("fresh lab at tick %d", num(f, "tick"))
	}
}

func TestIdleSessionsAreFreedAfterTheConfiguredTime(t *testing.T) {
	h := newHarness(t, Config{SessionIdle: 5 * time.Minute})
	c := h.dial("/ws")
	hello, _ := c.hello(nil)
	id := hello["session"].(string)
	c.ws.Close(websocket.StatusNormalClosure, "")
	waitUntil(t, func() bool { s := h.s.session(id); return s != nil && idle(s) })
	h.advance(4 * time.Minute)
	if n := h.s.sweep(h.s.now()); n != 0 || h.s.session(id) == nil {
		t.Fatalf("swept %d sessions before the idle time", n)
	}
	h.advance(time.Minute)
	if n := h.s.sweep(h.s.now()); n != 1 || h.s.session(id) != nil {
		t.Fatalf("swept %d, session still held: %v", n, h.s.session(id) != nil)
	}
}

func idle(s *session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs) == 0
}

// waitUntil polls a condition that another goroutine makes true soon
// (a socket's handler noticing its close); it is a bound, not a timer.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never became true")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestUnwatchedLabStopsPlaying(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	hello, _ := c.hello(nil)
	c.send(map[string]any{"op": "play", "speed": 10})
	c.read("frame")
	c.ws.Close(websocket.StatusNormalClosure, "")
	s := h.s.session(hello["session"].(string))
	waitUntil(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return !s.playing })
}

func TestAPanicEndsOnlyItsSession(t *testing.T) {
	// A renderer with a bug that only one session's state triggers: the
	// recovery is the session's, whatever panicked inside it.
	h := newHarness(t, Config{}, func(s *Server) {
		interim := s.render
		s.render = func(ctx context.Context, v viewKey, st sim.State, evs eventWindow, tr *viewmodel.Tracker, full bool) (pageEdits, error) {
			for _, e := range evs.events {
				if e.Kind == sim.EvProcessForked && len(st.Processes) > 0 && st.Processes[1].Name == "hello" {
					panic("bug drawing a fork of hello")
				}
			}
			return interim(ctx, v, st, evs, tr, full)
		}
	})
	bad, good := h.dial("/ws"), h.dial("/ws")
	bad.hello(nil)
	good.hello(nil)
	bad.send(map[string]any{"op": "exec", "pid": 2, "name": "hello"})
	bad.read("frame")
	bad.send(map[string]any{"op": "fork", "tid": 2})
	bad.wantError(CodeInternal)
	if st := bad.closed(); st != websocket.StatusInternalError {
		t.Errorf("close status %v, want StatusInternalError", st)
	}
	good.send(map[string]any{"op": "fork", "tid": 2})
	if f := good.read("frame"); num(f, "tick") != 1 {
		t.Errorf("the other session's fork frame: %v", f)
	}
	if got := testCounter(h.s.metrics.panics); got != 1 {
		t.Errorf("%v panics counted, want 1", got)
	}
}

func TestABehindClientIsNeverDroppedAndItsQueueStaysBounded(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.CloseSockets()
	c := &conn{srv: s, out: make(chan []byte, 2), kill: make(chan struct{})}
	for range 10 {
		c.send([]byte("{}"))
	}
	select {
	case <-c.kill:
		t.Fatal("a full queue dropped the client")
	default:
	}
	if len(c.out) != 2 || !c.behind.Load() || testCounter(s.metrics.coalesced) != 8 {
		t.Errorf("queue %d behind %v coalesced %v", len(c.out), c.behind.Load(), testCounter(s.metrics.coalesced))
	}
}

func TestFollowersShareTheSameFrameBytesPerLanguage(t *testing.T) {
	h := newHarness(t, Config{})
	teacher := h.dial("/ws")
	teacher.hello(nil)
	teacher.send(map[string]any{"op": "room"})
	room := teacher.read("room")
	code := room["code"].(string)
	if len(code) != codeLen || room["token"] == "" || room["role"] != roleTeacher || !strings.HasSuffix(room["join"].(string), "/r/"+code+"?lang=en") {
		t.Fatalf("room = %v", room)
	}
	ko1, ko2, en := h.dial("/ws"), h.dial("/ws"), h.dial("/ws")
	for _, f := range []*client{ko1, ko2} {
		f.hello(map[string]any{"room": strings.ToLower(code), "lang": "ko"})
		teacher.read("room") // roster update
	}
	en.hello(map[string]any{"room": code, "lang": "en"})
	r := teacher.read("room")
	if fs, _ := r["followers"].([]any); len(fs) != 3 {
		t.Errorf("roster %v, want 3 followers", r["followers"])
	}
	renders := testCounter(h.s.metrics.renders)
	teacher.send(map[string]any{"op": "step", "n": 5})
	teacher.read("frame")
	b1, _ := ko1.readBytes()
	b2, _ := ko2.readBytes()
	b3, _ := en.readBytes()
	if !bytes.Equal(b1, b2) || bytes.Equal(b1, b3) {
		t.Errorf("ko followers got different bytes (%v) or en got the ko bytes (%v)", !bytes.Equal(b1, b2), bytes.Equal(b1, b3))
	}
	// One render for the teacher's controls, one per follower language
	// (followers see the read-only page).
	if got := testCounter(h.s.metrics.renders) - renders; got != 3 {
		t.Errorf("%v renders for the teacher and two follower languages, want 3", got)
	}
	if strings.Contains(string(b1), `data-op=\"fork\"`) {
		t.Error("a follower's frame offers the fork button")
	}
	ko1.send(map[string]any{"op": "step", "n": 1})
	ko1.wantError(CodeReadOnly)
	ko1.send(map[string]any{"op": "room"})
	ko1.wantError(CodeNotTeacher)
}

func TestTeacherHandsControlToAStudentAndTakesItBack(t *testing.T) {
	h := newHarness(t, Config{})
	teacher := h.dial("/ws")
	teacher.hello(nil)
	teacher.send(map[string]any{"op": "room"})
	room := teacher.read("room")
	student := h.dial("/ws")
	if hello, first := student.hello(map[string]any{"room": room["code"]}); hello["session"] != nil && hello["session"] != "" {
		t.Errorf("a follower was told the room's session id %v: a hello with it would make it teacher", hello["session"])
	} else if strings.Contains(fmt.Sprint(first["fragments"]), `data-op="fork"`) {
		t.Error("a follower's first frame offers the fork button")
	}
	r := teacher.read("room")
	id := r["followers"].([]any)[0].(map[string]any)["id"].(string)

	teacher.send(map[string]any{"op": "handover", "to": "f99"})
	teacher.wantError(CodeNoSuchFollower)
	teacher.send(map[string]any{"op": "handover", "to": id})
	if m := student.read("room"); m["role"] != roleController || m["you"] != id {
		t.Errorf("student after hand-over: %v", m)
	}
	// A full frame follows at once: the controller's controls appear now.
	if f := student.read("frame"); f["full"] != true || !strings.Contains(fmt.Sprint(f["fragments"]), `data-op="fork"`) {
		t.Errorf("the controller's frame after hand-over has no fork button: full=%v", f["full"])
	}
	if m := teacher.read("room"); m["controller"] != id {
		t.Errorf("teacher after hand-over: %v", m)
	}
	student.send(map[string]any{"op": "step", "n": 2})
	student.read("frame")
	teacher.read("frame")
	student.send(map[string]any{"op": "takeback"})
	student.wantError(CodeNotTeacher)
	teacher.send(map[string]any{"op": "takeback"})
	if m := student.read("room"); m["role"] != roleFollower {
		t.Errorf("student after take-back: %v", m)
	}
	if f := student.read("frame"); f["full"] != true || strings.Contains(fmt.Sprint(f["fragments"]), `data-op="fork"`) {
		t.Errorf("the follower's frame after take-back still offers fork: full=%v", f["full"])
	}
	teacher.read("room")
	student.send(map[string]any{"op": "step", "n": 2})
	student.wantError(CodeReadOnly)

	// The teacher reloads: the token in the fragment gives control back.
	teacher.ws.Close(websocket.StatusNormalClosure, "")
	again := h.dial("/ws")
	again.send(map[string]any{"op": "hello", "protocol": 1, "room": room["code"], "token": room["token"]})
	if hello := again.read("hello"); hello["role"] != roleTeacher {
		t.Errorf("teacher reload: %v", hello)
	}
	wrong := h.dial("/ws")
	wrong.send(map[string]any{"op": "hello", "protocol": 1, "room": room["code"], "token": "guess"})
	wrong.wantError(CodeNotTeacher)
	none := h.dial("/ws")
	none.send(map[string]any{"op": "hello", "protocol": 1, "room": "ZZZZZZ"})
	none.wantError(CodeRoomNotFound)
}

func TestRoomAndFollowerLimits(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{MaxRooms: 1, MaxFollowers: 1}})
	t1, t2 := h.dial("/ws"), h.dial("/ws")
	t1.hello(nil)
	t2.hello(nil)
	t1.send(map[string]any{"op": "room"})
	code := t1.read("room")["code"]
	t2.send(map[string]any{"op": "room"})
	t2.wantError(CodeRoomLimit)
	f1, f2 := h.dial("/ws"), h.dial("/ws")
	f1.hello(map[string]any{"room": code})
	f2.send(map[string]any{"op": "hello", "protocol": 1, "room": code})
	f2.wantError(CodeFollowerLimit)
	if st := f2.closed(); st != websocket.StatusTryAgainLater {
		t.Errorf("full room closed with %v", st)
	}
}

func TestASlowFollowerIsCaughtUpWithOneFrameOfTheLatestState(t *testing.T) {
	// Every frame carries a big fragment that changed (an unchanged one
	// would not travel at all), so the follower that does not read falls
	// behind at once.
	// The queue holds a JSON hello's three messages (hello, snapshot,
	// frame), which are queued before the writer may have started.
	big := strings.Repeat("x", 512<<10)
	// The follower stops reading for as long as the loop below takes: on
	// a loaded machine under -race, longer than the 5 s a stalled write
	// may take before the server cuts it.
	h := newHarness(t, Config{WriteTimeout: time.Minute, Limits: Limits{QueueLen: 4, CommandsPerSecond: 1000, CommandBurst: 1000}}, func(s *Server) {
		s.render = func(_ context.Context, _ viewKey, st sim.State, _ eventWindow, _ *viewmodel.Tracker, _ bool) (pageEdits, error) {
			return pageEdits{Fragments: map[string]string{"address-spaces": big + strconv.FormatInt(int64(st.Tick), 10)}}, nil
		}
	})
	teacher := h.dial("/ws")
	teacher.hello(map[string]any{"format": "json"})
	teacher.send(map[string]any{"op": "room"})
	code := teacher.read("room")["code"]
	slow := h.dial("/ws")
	slow.hello(map[string]any{"room": code})
	teacher.read("room")
	var tick int64
	for i := 0; testCounter(h.s.metrics.coalesced) == 0; i++ {
		if i > 500 {
			t.Fatal("the follower never fell behind")
		}
		teacher.send(map[string]any{"op": "step", "n": 1})
		tick = num(nextFrame(teacher), "tick")
	}
	for range 3 { // it stays behind for a while
		teacher.send(map[string]any{"op": "step", "n": 1})
		tick = num(nextFrame(teacher), "tick")
	}
	// The follower reads again: what was queued, a full frame that
	// catches it up (with the room, as after its hello), and the latest
	// state.
	frames := func(stop func(m map[string]any) bool) {
		for {
			b, err := slow.readBytes()
			if err != nil {
				t.Fatalf("the slow follower's socket ended: %v", err)
			}
			var m map[string]any
			json.Unmarshal(b, &m)
			if m["type"] == "frame" && stop(m) {
				return
			}
		}
	}
	var caughtUp, latest bool
	frames(func(m map[string]any) bool {
		caughtUp = caughtUp || m["full"] == true
		latest = latest || num(m, "tick") == tick
		return caughtUp && latest
	})
	if testCounter(h.s.metrics.dropped) != 0 {
		t.Error("a slow follower was dropped")
	}
	teacher.send(map[string]any{"op": "step", "n": 1})
	nextFrame(teacher)
	frames(func(m map[string]any) bool { return num(m, "tick") == tick+1 })
}

// nextFrame reads up to the next frame, past a catch-up's room and
// snapshot messages.
func nextFrame(c *client) map[string]any {
	c.t.Helper()
	for {
		b, err := c.readBytes()
		if err != nil {
			c.t.Fatal(err)
		}
		var m map[string]any
		json.Unmarshal(b, &m)
		if m["type"] == "frame" {
			return m
		}
	}
}

func TestClosingARoomLeavesEveryoneInTheirOwnLabAtTheSameState(t *testing.T) {
	h := newHarness(t, Config{})
	teacher := jsonClient(t, h, map[string]any{"lesson": "fork-cow"})
	teacher.send(map[string]any{"op": "room"})
	room := teacher.read("room")
	student := h.dial("/ws")
	student.hello(map[string]any{"room": room["code"], "format": "json"})
	teacher.read("room")
	teacher.do(map[string]any{"op": "fork", "tid": 2})
	student.read("frame")
	f := teacher.do(map[string]any{"op": "write", "tid": 2, "name": "value", "n": 41})
	student.read("frame")
	tick := num(f, "tick")

	student.send(map[string]any{"op": "close-room"})
	student.wantError(CodeNotTeacher)
	teacher.send(map[string]any{"op": "close-room"})
	if m := teacher.read("room"); m["ended"] != true || m["role"] != roleSolo || m["code"] != room["code"] {
		t.Errorf("teacher after close: %v", m)
	}
	if m := student.read("room"); m["ended"] != true || m["role"] != roleSolo {
		t.Errorf("student after close: %v", m)
	}
	hello := student.read("hello")
	if hello["role"] != roleSolo || hello["session"] == "" {
		t.Errorf("student's new session: %v", hello)
	}
	student.read("snapshot")
	if f := student.read("frame"); f["full"] != true || num(f, "tick") != tick {
		t.Errorf("student's first solo frame: full=%v tick %d, want full at tick %d", f["full"], num(f, "tick"), tick)
	}
	st, _ := student.snapshot()
	if v := global(t, process(t, st, 2), "value").Value; v != 41 {
		t.Errorf("student's lab: value = %d, want the room's 41", v)
	}

	// Both now drive their own labs: the student's write does not reach
	// the teacher, and the teacher's step does not reach the student.
	sf := student.do(map[string]any{"op": "write", "tid": 2, "name": "value", "n": 7})
	if num(sf, "tick") != tick+1 {
		t.Errorf("student's write at tick %d, want %d", num(sf, "tick"), tick+1)
	}
	teacher.do(map[string]any{"op": "step", "n": 3})
	tst, _ := teacher.snapshot()
	if v := global(t, process(t, tst, 2), "value").Value; v == 7 || tst.Tick != uint64(tick)+3 {
		t.Errorf("teacher's lab: value %d tick %d; want not the student's 7, tick %d", v, tst.Tick, tick+3)
	}
	st, _ = student.snapshot()
	if v := global(t, process(t, st, 2), "value").Value; v != 7 || st.Tick != uint64(tick)+1 {
		t.Errorf("student's lab: value %d tick %d, want 7 at %d", v, st.Tick, tick+1)
	}
	late := h.dial("/ws")
	late.send(map[string]any{"op": "hello", "protocol": 1, "room": room["code"]})
	late.wantError(CodeRoomNotFound)
	// The teacher may open a new room from the same lab.
	teacher.send(map[string]any{"op": "room"})
	if m := teacher.read("room"); m["code"] == room["code"] || m["role"] != roleTeacher {
		t.Errorf("new room: %v", m)
	}
}

func TestRoomsPerAddressAreLimited(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{MaxRoomsPerAddr: 2}})
	var teachers []*client
	for range 3 {
		c := h.dial("/ws")
		c.hello(map[string]any{"format": "json"})
		teachers = append(teachers, c)
	}
	teachers[0].send(map[string]any{"op": "room"})
	teachers[0].read("room")
	teachers[1].send(map[string]any{"op": "room"})
	teachers[1].read("room")
	teachers[2].send(map[string]any{"op": "room"})
	if e := teachers[2].wantError(CodeRoomAddrLimit); e["message"] == "" {
		t.Errorf("no message: %v", e)
	}
	// Closing one frees its place.
	teachers[0].send(map[string]any{"op": "close-room"})
	teachers[0].read("room")
	teachers[2].send(map[string]any{"op": "room"})
	if m := teachers[2].read("room"); m["role"] != roleTeacher {
		t.Errorf("after a close: %v", m)
	}
}

func TestARoomsSessionIDAloneOnlyFollows(t *testing.T) {
	h := newHarness(t, Config{})
	teacher := h.dial("/ws")
	hello, _ := teacher.hello(nil)
	teacher.send(map[string]any{"op": "room"})
	room := teacher.read("room")
	// Someone who learned the teacher's session id (a log, a shared
	// screen) tries to resume it: they join as a follower, without the token.
	intruder := h.dial("/ws")
	intruder.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "session": hello["session"]})
	if ih := intruder.read("hello"); ih["role"] == roleTeacher || ih["session"] != nil && ih["session"] != "" {
		t.Fatalf("a hello with the room's session id made the sender teacher or told it the id: %v", ih)
	}
	if m := intruder.read("room"); m["role"] != roleFollower || m["token"] != nil && m["token"] != "" {
		t.Errorf("intruder's room message = %v, want a follower without the token", m)
	}
	intruder.read("frame")
	intruder.send(map[string]any{"op": "close-room"})
	intruder.wantError(CodeNotTeacher)
	// The teacher, with the token, is still the teacher.
	again := h.dial("/ws")
	ah, _ := again.hello(map[string]any{"room": room["code"], "token": room["token"]})
	if ah["role"] != roleTeacher {
		t.Errorf("teacher with the token: role %v", ah["role"])
	}
}

func TestLogsNeverCarryASessionID(t *testing.T) {
	id := randomID(16)
	if got := logID(id); strings.Contains(id, got) || len(got) != 8 {
		t.Errorf("logID(%q) = %q: want 8 hex digits that are not part of the id", id, got)
	}
}

// sessionCount is how many sessions the server holds (live, idle or being
// built).
func sessionCount(s *Server) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nSessions
}

func TestRepeatedHelloOnOneSocketHoldsOneSession(t *testing.T) {
	t.Run("31 hellos under a limit of 3 sessions all succeed and hold one", func(t *testing.T) {
		h := newHarness(t, Config{Limits: Limits{MaxSessions: 3}})
		c := h.dial("/ws")
		var ids []string
		for i := range 31 {
			hello, _ := c.hello(map[string]any{"format": "json", "seed": i})
			ids = append(ids, hello["session"].(string))
		}
		if n := sessionCount(h.s); n != 1 {
			t.Errorf("after 31 hellos on one socket the server holds %d sessions, want 1", n)
		}
		if h.s.session(ids[0]) != nil || h.s.session(ids[30]) == nil {
			t.Errorf("the first lab is still held or the last is gone")
		}
	})
	t.Run("a hello that resumes the connection's own session keeps its state", func(t *testing.T) {
		h := newHarness(t, Config{Limits: Limits{MaxSessions: 3}})
		c := h.dial("/ws")
		hello, _ := c.hello(map[string]any{"format": "json"})
		c.send(map[string]any{"op": "step", "n": 7})
		c.read("frame")
		hello2, f := c.hello(map[string]any{"format": "json", "lang": "ko", "session": hello["session"]})
		if hello2["session"] != hello["session"] || num(f, "tick") != 7 {
			t.Errorf("re-hello into its own session: %v at tick %d, want %v at 7", hello2["session"], num(f, "tick"), hello["session"])
		}
	})
	t.Run("an outdated hello frees the session it left", func(t *testing.T) {
		h := newHarness(t, Config{Limits: Limits{MaxSessions: 3}})
		c := h.dial("/ws")
		hello, _ := c.hello(map[string]any{"format": "json"})
		c.send(map[string]any{"op": "hello", "protocol": ProtocolVersion + 1, "session": hello["session"]})
		c.read("hello")
		c.wantError(CodeOutdated)
		waitUntil(t, func() bool { return sessionCount(h.s) == 0 })
	})
	t.Run("a session another socket watches stays", func(t *testing.T) {
		h := newHarness(t, Config{})
		a, b := h.dial("/ws"), h.dial("/ws")
		hello, _ := a.hello(map[string]any{"format": "json"})
		b.hello(map[string]any{"format": "json", "session": hello["session"]})
		a.hello(map[string]any{"format": "json"})
		if h.s.session(hello["session"].(string)) == nil || sessionCount(h.s) != 2 {
			t.Fatalf("the shared lab was freed (sessions %d)", sessionCount(h.s))
		}
		b.send(map[string]any{"op": "step", "n": 2})
		if f := b.read("frame"); num(f, "tick") != 2 {
			t.Errorf("the other watcher's lab is at tick %d, want 2", num(f, "tick"))
		}
	})
	t.Run("a room the teacher leaves by a hello stays open", func(t *testing.T) {
		h := newHarness(t, Config{})
		teacher := h.dial("/ws")
		teacher.hello(map[string]any{"format": "json"})
		teacher.send(map[string]any{"op": "room"})
		code := teacher.read("room")["code"].(string)
		teacher.hello(map[string]any{"format": "json"})
		if h.s.roomSession(code) == nil {
			t.Fatal("the room closed when its teacher said hello again")
		}
		student := h.dial("/ws")
		student.hello(map[string]any{"format": "json", "room": code})
	})
}

// A page that reconnects to a server that no longer knows its session (a
// restart, another replica) sends its saved lab with the id, and lands on
// the same tick instead of a fresh lab.
func TestAnUnknownSessionIsRestoredFromItsSave(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(map[string]any{"seed": 42})
	c.send(map[string]any{"op": "fork", "tid": 2})
	c.read("frame")
	c.send(map[string]any{"op": "step", "n": 7})
	f := c.read("frame")
	save, want := f["save"].(string), num(f, "tick")

	restarted := newHarness(t, Config{})
	c2 := restarted.dial("/ws")
	_, f2 := c2.hello(map[string]any{"session": "a-session-this-server-never-saw", "save": save, "step": want})
	if num(f2, "tick") != want || f2["save"] != save {
		t.Errorf("reconnect restored tick %d save %v, want tick %d and the same save", num(f2, "tick"), f2["save"], want)
	}
}

// A lab saved under an older model still opens, at its tick, after a
// notice that today's rules may replay it differently; one saved under
// today's model opens without it.
func TestAnOldModelSaveOpensWithANotice(t *testing.T) {
	old := encodeRaw(`{"v":1,"seed":3,"log":["fork 2","step 5"]}`)
	for _, lang := range []string{"en", "ko"} {
		h := newHarness(t, Config{})
		c := h.dial("/ws")
		c.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "save": old, "lang": lang})
		e := c.wantError(CodeOldModel)
		if msg, _ := e["message"].(string); msg != CodeOldModel.message(lang) || msg == "" {
			t.Errorf("%s notice %q, want %q", lang, msg, CodeOldModel.message(lang))
		}
		if d, _ := e["detail"].(string); !strings.Contains(d, "model 1") {
			t.Errorf("notice detail %q does not name model 1", d)
		}
		c.read("hello")
		f := c.read("frame")
		if num(f, "tick") == 0 || !strings.Contains(fmt.Sprint(f["fragments"]), `data-pid="3"`) {
			t.Errorf("%s: the old lab did not open (tick %d)", lang, num(f, "tick"))
		}
	}
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	_, f := c.hello(map[string]any{"seed": 3})
	c.send(map[string]any{"op": "fork", "tid": 2})
	f = c.read("frame")
	c2 := h.dial("/ws")
	c2.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "save": f["save"]})
	c2.read("hello") // no notice first
}

// A server that stops while a lab plays sends one last paused frame whose
// saved lab is exactly the tick the page shows, so the page's reconnect to
// another server (or this one restarted) resumes that tick (issue 9 item 16).
func TestShutdownSendsAPlayingLabsExactSaveBeforeGoingAway(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(nil)
	c.send(map[string]any{"op": "play", "speed": 10})
	c.read("frame")
	for range 3 {
		h.tick()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go h.s.Shutdown(ctx)
	var last map[string]any
	for {
		_, b, err := c.ws.Read(context.Background())
		if err != nil {
			if st := websocket.CloseStatus(err); st != websocket.StatusGoingAway {
				t.Fatalf("closed with %v, want StatusGoingAway", st)
			}
			break
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m["type"] == "frame" {
			last = m
		}
	}
	if last == nil || last["playing"] != false {
		t.Fatalf("last frame before going away: %v, want a paused one", last)
	}
	save, _ := last["save"].(string)
	sv, err := decodeSave(save, Limits{}.withDefaults())
	if err != nil {
		t.Fatalf("last frame's save: %v", err)
	}
	l, err := h.s.buildLab(sv.cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range sv.log {
		l.Apply(cmd)
	}
	if got, want := l.Machine().Tick(), uint64(num(last, "tick")); got != want || want == 0 {
		t.Errorf("the save replays to tick %d, the page showed %d", got, want)
	}
}

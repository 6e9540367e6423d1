package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// The self-paced room's lesson in these tests; only its step count is
// read from the server, so a rewritten lesson keeps them true.
const pacedLesson = "fork-cow"

// openPaced opens a self-paced room from a teacher's lab and returns the
// teacher, the room message and the (empty) first roster.
func openPaced(t *testing.T, h *harness) (teacher *client, room, roster map[string]any) {
	t.Helper()
	teacher = h.dial("/ws")
	teacher.hello(map[string]any{"lang": "en"})
	teacher.send(map[string]any{"op": "room", "mode": "self-paced", "lesson": pacedLesson})
	room = teacher.read("room")
	if room["role"] != "teacher" || room["mode"] != "self-paced" || room["lesson"] != pacedLesson || room["token"] == "" {
		t.Fatalf("room %v", room)
	}
	roster = teacher.read("roster")
	if roster["full"] != true || num(roster, "count") != 0 || num(roster, "total") < 2 {
		t.Fatalf("first roster %v", roster)
	}
	return teacher, room, roster
}

// joinPacedAs joins a student and returns it with its hello and room.
func joinPacedAs(t *testing.T, h *harness, code string, extra map[string]any) (st *client, hello, room map[string]any) {
	t.Helper()
	st = h.dial("/ws")
	msg := map[string]any{"op": "hello", "protocol": ProtocolVersion, "room": code, "lang": "ko"}
	for k, v := range extra {
		msg[k] = v
	}
	st.send(msg)
	hello = st.read("hello")
	room = st.read("room")
	f := st.read("frame")
	if l := lessonOf(t, f); l["lesson"] != pacedLesson {
		t.Fatalf("a student's lab runs %v, want the room's lesson", l)
	}
	return st, hello, room
}

// rosterTick delivers one tick to the roster's flush loop: a quarter
// second of the room's life.
func (h *harness) rosterTick() {
	h.t.Helper()
	h.mu.Lock()
	var m *manualTicker
	for _, x := range h.tickers {
		if x.period == rosterEvery {
			m = x
		}
	}
	h.mu.Unlock()
	if m == nil {
		h.t.Fatal("no roster loop")
	}
	select {
	case m.c <- time.Time{}:
	case <-time.After(5 * time.Second):
		h.t.Fatal("the roster loop took no tick")
	}
}

// nothingBut proves c was sent nothing before the answer to a snapshot
// it asks for now: messages arrive in order on one socket.
func nothingBut(t *testing.T, c *client, what string) {
	t.Helper()
	c.send(map[string]any{"op": "snapshot"})
	if b, err := c.readBytes(); err != nil || !bytes.Contains(b, []byte(`"type":"snapshot"`)) {
		t.Fatalf("%s: got %.300s (%v), want only the snapshot", what, b, err)
	}
}

// entries maps a roster message's students by id.
func entries(t *testing.T, roster map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	list, _ := roster["students"].([]any)
	for _, x := range list {
		e := x.(map[string]any)
		out[e["id"].(string)] = e
	}
	return out
}

func TestASelfPacedStudentGetsALabOfTheirOwn(t *testing.T) {
	h := newHarness(t, Config{LessonKey: []byte("a test key of 16+ bytes")})
	teacher, room, _ := openPaced(t, h)
	code := room["code"].(string)
	if !strings.Contains(room["join"].(string), "/r/"+code) || !strings.Contains(room["join"].(string), "lesson="+pacedLesson) {
		t.Errorf("join link %v", room["join"])
	}
	a, hello, ar := joinPacedAs(t, h, code, nil)
	if hello["role"] != "student" || hello["session"] == "" {
		t.Fatalf("student hello %v", hello)
	}
	if ar["role"] != "student" || ar["you"] != "s1" || num(ar, "seat") != 1 || ar["mode"] != "self-paced" || ar["token"] != nil || ar["followers"] != nil {
		t.Fatalf("student room %v", ar)
	}
	b, _, br := joinPacedAs(t, h, strings.ToLower(code), nil)
	if br["you"] != "s2" {
		t.Fatalf("second student %v", br)
	}

	// A's commands move A's lab only: B and the teacher see no frame.
	a.send(map[string]any{"op": "lesson-do"})
	if l := lessonOf(t, a.read("frame")); l["done"] != true {
		t.Fatalf("a's step after lesson-do: %v", l)
	}
	nothingBut(t, b, "b after a's command")
	nothingBut(t, teacher, "the teacher before the roster's tick")

	h.rosterTick()
	r := teacher.read("roster")
	es := entries(t, r)
	if r["full"] == true || len(es) != 2 || num(r, "count") != 2 {
		t.Fatalf("the roster after two joins and a step: %v", r)
	}
	if e := es["s1"]; num(e, "step") != 1 || e["done"] != true || e["connected"] != true {
		t.Errorf("s1 %v", e)
	}
	if e := es["s2"]; num(e, "step") != 1 || e["done"] == true {
		t.Errorf("s2 %v", e)
	}
	// Students never receive the roster.
	nothingBut(t, a, "a after the roster went out")
	nothingBut(t, b, "b after the roster went out")
}

func TestTheRosterIsCoalescedNotSentPerEvent(t *testing.T) {
	h := newHarness(t, Config{LessonKey: []byte("a test key of 16+ bytes")})
	teacher, room, first := openPaced(t, h)
	total := int(num(first, "total"))
	st, _, _ := joinPacedAs(t, h, room["code"].(string), nil)
	// Walk the whole lesson between two ticks: 2·total updates, one message.
	updates := 0
	for range total {
		for _, op := range []string{"lesson-do", "lesson-next"} {
			st.send(map[string]any{"op": op})
			st.read("frame")
			updates++
		}
	}
	for range 3 {
		h.rosterTick()
	}
	// One message carries all of it; the two ticks after it had no news.
	r := teacher.read("roster")
	nothingBut(t, teacher, fmt.Sprintf("after one roster message for %d updates", updates))
	e := entries(t, r)["s1"]
	if e["finished"] != true || num(e, "step") != int64(total)+1 || e["code"] == nil {
		t.Fatalf("a finished student: %v", e)
	}
	got, err := h.s.signer.Verify(e["code"].(string))
	if err != nil || got.Lesson != pacedLesson || got.Steps != total {
		t.Errorf("the roster's completion code verifies as %+v, %v", got, err)
	}
}

func TestANicknameIsCheckedAndReachesTheRoster(t *testing.T) {
	h := newHarness(t, Config{})
	teacher, room, _ := openPaced(t, h)
	st, _, _ := joinPacedAs(t, h, room["code"].(string), nil)
	for _, bad := range []string{"<script>", strings.Repeat("가", maxNickname+1), "a  b", "...", "x\u0000y"} {
		st.send(map[string]any{"op": "nickname", "name": bad})
		if e := st.wantError(CodeBadNickname); !strings.Contains(e["message"].(string), "20") {
			t.Errorf("%q: message %v", bad, e["message"])
		}
	}
	st.send(map[string]any{"op": "nickname", "name": "  김민지 "})
	if r := st.read("room"); r["name"] != "김민지" || r["role"] != "student" {
		t.Fatalf("nickname confirmed as %v", r)
	}
	teacher.send(map[string]any{"op": "nickname", "name": "Teacher"})
	teacher.wantError(CodeNotStudent)
	h.rosterTick()
	if e := entries(t, teacher.read("roster"))["s1"]; e["name"] != "김민지" {
		t.Fatalf("the roster's s1: %v", e)
	}
	// Clearing it: the student shows as "student 1" again.
	st.send(map[string]any{"op": "nickname", "name": ""})
	st.read("room")
	h.rosterTick()
	if e := entries(t, teacher.read("roster"))["s1"]; e["name"] != nil || num(e, "n") != 1 {
		t.Fatalf("cleared: %v", e)
	}
}

func TestCheckNickname(t *testing.T) {
	for in, want := range map[string]string{"": "", "  Ana  ": "Ana", "김민지": "김민지", "O'Neil-2": "O'Neil-2", "가": "가", "José": "José", "a.b_c": "a.b_c"} {
		if got, err := checkNickname(in); err != nil || got != want {
			t.Errorf("checkNickname(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"<b>", "a\tb", "a\nb", "http://x", "a  b", "\u200b", "😀", strings.Repeat("a", 21), "--", "\xff"} {
		if _, err := checkNickname(in); codeOf(err) != CodeBadNickname {
			t.Errorf("checkNickname(%q): %v, want bad-nickname", in, err)
		}
	}
}

func TestAStudentsReloadResumesTheirLabAndSeat(t *testing.T) {
	h := newHarness(t, Config{})
	teacher, room, _ := openPaced(t, h)
	code := room["code"].(string)
	st, hello, _ := joinPacedAs(t, h, code, nil)
	st.send(map[string]any{"op": "nickname", "name": "Ana"})
	st.read("room")
	st.send(map[string]any{"op": "lesson-do"})
	st.read("frame")
	st.ws.CloseNow()
	waitFor(t, func() bool { return h.s.session(hello["session"].(string)).watchers() == 0 })
	h.rosterTick()
	if e := entries(t, teacher.read("roster"))["s1"]; e["connected"] != false || e["done"] != true {
		t.Fatalf("gone: %v", e)
	}
	back, hello2, r := joinPacedAs(t, h, code, map[string]any{"session": hello["session"]})
	if hello2["session"] != hello["session"] || r["you"] != "s1" || r["name"] != "Ana" {
		t.Fatalf("resumed as %v / %v", hello2, r)
	}
	back.send(map[string]any{"op": "lesson-next"})
	if l := lessonOf(t, back.read("frame")); num(l, "step") != 2 {
		t.Fatalf("the resumed lab is at %v", l)
	}
	h.rosterTick()
	if e := entries(t, teacher.read("roster"))["s1"]; e["connected"] != true || num(e, "step") != 2 {
		t.Fatalf("back: %v", e)
	}
}

func TestTheRosterHasARoomCap(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{MaxFollowers: 2}})
	_, room, _ := openPaced(t, h)
	code := room["code"].(string)
	joinPacedAs(t, h, code, nil)
	joinPacedAs(t, h, code, nil)
	c := h.dial("/ws")
	c.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "room": code})
	c.wantError(CodeFollowerLimit)
}

func TestRoomModesAreChecked(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(nil)
	c.send(map[string]any{"op": "room", "mode": "lecture"})
	c.wantError(CodeBadCommand)
	c.send(map[string]any{"op": "room", "mode": "self-paced"})
	c.wantError(CodeBadCommand) // the default lab runs no lesson: name one
	c.send(map[string]any{"op": "room", "mode": "self-paced", "lesson": "no-such-lesson"})
	c.wantError(CodeUnknownLesson)
	c.send(map[string]any{"op": "room", "mode": "present"})
	if r := c.read("room"); r["mode"] != nil || r["role"] != "teacher" {
		t.Fatalf("presenting room %v", r)
	}
}

func TestStudentsKeepTheirLabsWhenTheTeacherLeaves(t *testing.T) {
	h := newHarness(t, Config{RoomGrace: time.Minute})
	teacher, room, _ := openPaced(t, h)
	st, hello, _ := joinPacedAs(t, h, room["code"].(string), nil)
	st.send(map[string]any{"op": "lesson-do"})
	st.read("frame")
	teacher.ws.CloseNow()
	waitFor(t, func() bool { return h.s.roomSession(room["code"].(string)).watchers() == 0 })
	// Within the grace time the student goes on as before.
	st.send(map[string]any{"op": "lesson-next"})
	st.read("frame")
	h.advance(time.Minute)
	h.s.sweep(h.s.now())
	if r := st.read("room"); r["ended"] != true || r["role"] != "solo" {
		t.Fatalf("the student hears %v", r)
	}
	st.send(map[string]any{"op": "lesson-do"})
	f := st.read("frame")
	if l := lessonOf(t, f); num(l, "step") != 2 || l["done"] != true {
		t.Fatalf("the student's own lab after the room ended: %v", l)
	}
	if s := h.s.session(hello["session"].(string)); s == nil || s.watchers() != 1 {
		t.Fatal("the student's lab is gone")
	}
	st.send(map[string]any{"op": "nickname", "name": "Ana"})
	st.wantError(CodeNotStudent)
}

// lockedLog is a log the server's goroutines write while the test reads.
type lockedLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestNothingAboutStudentsIsLogged(t *testing.T) {
	var logs lockedLog
	h := newHarness(t, Config{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	teacher, room, _ := openPaced(t, h)
	st, _, _ := joinPacedAs(t, h, room["code"].(string), nil)
	st.send(map[string]any{"op": "nickname", "name": "Secretname"})
	st.read("room")
	st.send(map[string]any{"op": "nickname", "name": "Secret<name>"})
	st.wantError(CodeBadNickname)
	teacher.send(map[string]any{"op": "close-room"})
	teacher.read("room")
	st.read("room")
	if strings.Contains(strings.ToLower(logs.String()), "secret") {
		t.Errorf("a nickname reached the log:\n%s", logs.String())
	}
}

// watchers counts the connections on a session (0 for none).
func (s *session) watchers() int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

// waitFor waits for a condition the server reaches on its own goroutines.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for range 500 {
		if ok() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached")
}

// namedRelay is one replica's view of a relay shared by two harnesses: a
// record in one bucket, and every other replica silent (stopped).
type namedRelay struct {
	*LocalRelay
	name string
}

func (r namedRelay) Replica() string           { return r.name }
func (r namedRelay) Alive(replica string) bool { return replica == r.name }

func TestASelfPacedRoomTakenOverStaysSelfPaced(t *testing.T) {
	bucket := NewLocalRelay()
	ha := newHarness(t, Config{Relay: namedRelay{bucket, "a"}})
	_, room, _ := openPaced(t, ha)
	if rec, _, err := bucket.Find(room["code"].(string)); err != nil || rec.Paced != pacedLesson {
		t.Fatalf("the room's record %+v, %v: want it to name the lesson", rec, err)
	}
	// Replica a stops; the teacher's page reaches replica b.
	hb := newHarness(t, Config{Relay: namedRelay{bucket, "b"}})
	teacher := hb.dial("/ws")
	teacher.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "room": room["code"], "token": room["token"]})
	teacher.read("hello")
	if r := teacher.read("room"); r["mode"] != "self-paced" || r["lesson"] != pacedLesson || r["local"] != true {
		t.Fatalf("the room taken over: %v", r)
	}
	if r := teacher.read("roster"); r["full"] != true || num(r, "count") != 0 {
		t.Fatalf("its roster %v", r)
	}
	joinPacedAs(t, hb, room["code"].(string), nil)
	hb.rosterTick()
	teacher.read("frame") // the teacher's own full frame, sent after room and roster
	if e := entries(t, teacher.read("roster"))["s1"]; e["connected"] != true {
		t.Fatalf("a student in the room taken over: %v", e)
	}
}

func TestASelfPacedJoinLinkOpensTheLesson(t *testing.T) {
	h := newHarness(t, Config{})
	res, err := noRedirect.Get(h.ts.URL + "/r/k7p2qxhm?lang=ko&lesson=fork-cow")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got, want := res.Header.Get("Location"), "/?lang=ko&lesson=fork-cow&room=K7P2QXHM"; res.StatusCode != http.StatusSeeOther || got != want {
		t.Errorf("the join link answers %d to %q, want 303 to %q", res.StatusCode, got, want)
	}
}

// noRedirect is a client that reports redirects instead of following.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// A full roster gives again a seat whose page is gone and that says
// nothing, never one with a nickname or progress; the lab that had it
// carries on solo.
func TestAFullRosterGivesBlankSeatsAgain(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{MaxFollowers: 2}})
	_, room, _ := openPaced(t, h)
	code := room["code"].(string)
	named, _, _ := joinPacedAs(t, h, code, nil)
	named.send(map[string]any{"op": "nickname", "name": "Ana"})
	named.read("room")
	blank, hello, _ := joinPacedAs(t, h, code, nil)
	blank.ws.CloseNow()
	named.ws.CloseNow()
	waitFor(t, func() bool { return h.s.session(hello["session"].(string)).watchers() == 0 })
	_, _, r := joinPacedAs(t, h, code, nil)
	if r["you"] != "s2" {
		t.Fatalf("the newcomer sits at %v, want the blank seat s2", r["you"])
	}
	c := h.dial("/ws")
	c.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "room": code})
	c.wantError(CodeFollowerLimit) // s1 has a nickname, s2 is taken
	old := h.s.session(hello["session"].(string))
	old.mu.Lock()
	old.reportLocked()
	solo := old.student == nil
	old.mu.Unlock()
	if !solo {
		t.Error("the lab whose seat was given again still reports to the roster")
	}
}

// A student whose socket is on another replica (with -nats) is told the
// self-paced room is held elsewhere; no lab is made for it here.
func TestAStudentOnAnotherReplicaIsToldTheClassIsLocal(t *testing.T) {
	h := newHarness(t, Config{})
	_, room, _ := openPaced(t, h)
	s := h.s.roomSession(room["code"].(string))
	s.mu.Lock()
	r := s.room.paced
	s.mu.Unlock()
	count := func() (sessions, seats int) {
		h.s.mu.Lock()
		defer h.s.mu.Unlock()
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(h.s.sessions), len(r.seats)
	}
	before, _ := count()
	c := &conn{srv: h.s, remote: &remoteMember{srv: h.s, code: r.code, handle: "h1", replica: "b"}}
	if err := h.s.joinPaced(c, r); codeOf(err) != CodePacedLocal {
		t.Fatalf("a remote student's join: %v, want paced-local", err)
	}
	if after, seats := count(); after != before || seats != 0 {
		t.Errorf("a refused remote join left %d sessions (from %d) and %d seats", after, before, seats)
	}
}

// A student who leaves the class (the page's Leave: a hello with its
// saved lab and progress, no room) keeps the lab and step, solo; the
// roster shows the seat gone.
func TestAStudentWhoLeavesKeepsTheLabSolo(t *testing.T) {
	h := newHarness(t, Config{})
	teacher, room, _ := openPaced(t, h)
	st, _, _ := joinPacedAs(t, h, room["code"].(string), nil)
	st.send(map[string]any{"op": "lesson-do"})
	st.read("frame")
	st.send(map[string]any{"op": "lesson-next"})
	f := st.read("frame")
	save, progress := f["save"].(string), lessonOf(t, f)["progress"].(string)
	hello, f := st.hello(map[string]any{"save": save, "progress": progress})
	if hello["role"] != "solo" || num(lessonOf(t, f), "step") != 2 {
		t.Fatalf("after leaving: %v, lesson %v", hello, lessonOf(t, f))
	}
	h.rosterTick()
	if e := entries(t, teacher.read("roster"))["s1"]; e["connected"] != false || num(e, "step") != 2 {
		t.Fatalf("the roster after the student left: %v", e)
	}
	st.send(map[string]any{"op": "nickname", "name": "Ana"})
	st.wantError(CodeNotStudent)
}

// A seat given to a newcomer is not blank before its lab's first report:
// the next newcomer's hello may look in between (the page attaches, its
// frame is out, and only then does the lab report that it is watched).
func TestASeatJustGivenIsNotBlank(t *testing.T) {
	r := &roster{limit: 1, bySession: map[string]*seat{}, dirty: map[*seat]struct{}{}}
	if _, ok := r.sit("lab-1", ""); !ok {
		t.Fatal("the first student got no seat")
	}
	if r.hasRoom("") {
		t.Fatal("a full roster offers the seat it has just given")
	}
	if _, ok := r.sit("lab-2", ""); ok {
		t.Fatal("a second student took the seat given a moment before")
	}
}

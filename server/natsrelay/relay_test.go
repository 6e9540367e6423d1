package natsrelay

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"procscope/server"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// A teacher on A, followers on B and C: every frame the teacher sees
// reaches both, in order, with the same tick.
func TestFollowersOnOtherReplicasSeeEveryFrameInOrder(t *testing.T) {
	ns := startNATS(t)
	a, b, c := newReplica(t, ns, "a", time.Minute), newReplica(t, ns, "b", time.Minute), newReplica(t, ns, "c", time.Minute)
	teacher := a.dial()
	code, _ := openRoom(teacher)

	fb, fc := b.dial(), c.dial()
	first := fb.hello(map[string]any{"room": code})
	fc.hello(map[string]any{"room": code, "lang": "ko"})
	if first["full"] != true || first["fragments"] == nil {
		t.Fatalf("a follower's first frame is not a full HTML frame: %v", brief(first))
	}
	teacher.until("room", 5*time.Second)
	roster := teacher.until("room", 5*time.Second)
	if fs, _ := roster["followers"].([]any); len(fs) != 2 {
		t.Fatalf("teacher's roster %v, want the two followers on B and C", roster["followers"])
	}

	var want []int64
	for range 20 {
		teacher.send(map[string]any{"op": "step", "n": 1})
		f := teacher.until("frame", 5*time.Second)
		want = append(want, num(f, "seq"), num(f, "tick"))
	}
	for name, f := range map[string]*client{"B": fb, "C": fc} {
		for i := 0; i < len(want); i += 2 {
			m := f.read("frame")
			if num(m, "seq") != want[i] || num(m, "tick") != want[i+1] {
				t.Fatalf("follower on %s: frame seq %d tick %d, want seq %d tick %d", name, num(m, "seq"), num(m, "tick"), want[i], want[i+1])
			}
			if m["fragments"] == nil {
				t.Fatalf("follower on %s: frame without fragments", name)
			}
		}
	}
	// Two views (en and ko followers) of 20 frames: 40 publications,
	// however many followers there are; each replica receives both.
	if n := a.metric("procscope_relay_frames_published_total"); n != 40 {
		t.Errorf("A published %v frames, want 40 (20 frames × 2 follower views)", n)
	}
	for _, r := range []*replica{b, c} {
		if n := r.metric("procscope_relay_frames_received_total"); n < 20 {
			t.Errorf("%s received %v frames, want at least 20", r.name, n)
		}
		if n := r.metric("procscope_relay_latency_seconds_count"); n < 20 {
			t.Errorf("%s observed %v relay latencies, want at least 20", r.name, n)
		}
		if n := r.metric("procscope_relay_members"); n != 1 {
			t.Errorf("%s has %v members following rooms elsewhere, want 1", r.name, n)
		}
	}
}

// /readyz says whether the replica reaches NATS: a load balancer stops
// sending new classes to one that cannot.
func TestReadyzReportsNATS(t *testing.T) {
	ns := startNATS(t)
	a := newReplica(t, ns, "a", time.Minute)
	if code, body := a.ready(); code != 200 {
		t.Fatalf("/readyz %d %q with NATS up", code, body)
	}
	ns.Shutdown()
	ns.WaitForShutdown()
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, body := a.ready()
		if code == 503 && strings.Contains(body, "nats") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz %d %q with NATS down, want 503 naming nats", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	c := a.dial()
	c.hello(nil)
	c.send(map[string]any{"op": "room"})
	c.wantError(server.CodeRelayDown, 5*time.Second) // no code can be claimed
}

// A code is claimed for the whole deployment: a second replica cannot
// claim it, and a join on any replica finds the room.
func TestACodeClaimedOnOneReplicaIsTakenForAll(t *testing.T) {
	ns := startNATS(t)
	a, b := newReplica(t, ns, "a", time.Minute), newReplica(t, ns, "b", time.Minute)
	code, _ := openRoom(a.dial())
	if err := b.relay.Claim(code, server.RoomRecord{Replica: "b"}); !errors.Is(err, server.ErrCodeTaken) {
		t.Fatalf("claiming %s on B: %v, want ErrCodeTaken", code, err)
	}
	rec, _, err := b.relay.Find(code)
	if err != nil || rec.Replica != "a" || rec.TokenHash == "" {
		t.Fatalf("B finds %+v, %v; want the room on a with its token hash", rec, err)
	}
	f := b.dial()
	f.send(map[string]any{"op": "hello", "protocol": server.ProtocolVersion, "room": "NOPE22"})
	f.wantError(server.CodeRoomNotFound, 5*time.Second)
}

// The teacher on A hands control to a follower on B, whose commands run
// on A and reach everyone; then takes it back, and B is read-only again.
func TestHandoverToAFollowerOnAnotherReplicaAndTakeBack(t *testing.T) {
	ns := startNATS(t)
	a, b := newReplica(t, ns, "a", time.Minute), newReplica(t, ns, "b", time.Minute)
	teacher := a.dial()
	code, _ := openRoom(teacher)
	f := b.dial()
	f.hello(map[string]any{"room": code})
	roster := teacher.until("room", 5*time.Second)
	id := roster["followers"].([]any)[0].(map[string]any)["id"].(string)

	f.send(map[string]any{"op": "step", "n": 1, "ref": 7})
	e := f.wantError(server.CodeReadOnly, 5*time.Second)
	if num(e, "ref") != 7 {
		t.Fatalf("the error through the relay lost its ref: %v", e)
	}

	teacher.send(map[string]any{"op": "handover", "to": id})
	if m := f.until("room", 5*time.Second); m["role"] != "controller" || m["you"] != id {
		t.Fatalf("follower on B after handover: %v", m)
	}
	f.until("frame", 5*time.Second) // its controls appear
	f.send(map[string]any{"op": "step", "n": 3})
	if m := teacher.until("frame", 5*time.Second); num(m, "tick") != 3 {
		t.Fatalf("teacher sees tick %d after the controller's step 3", num(m, "tick"))
	}
	f.send(map[string]any{"op": "speed", "speed": 7})
	f.wantError(server.CodeBadSpeed, 5*time.Second) // the authority's error, as if local
	if n := b.metric("procscope_relay_ask_seconds_count"); n < 3 {
		t.Errorf("B timed %v round trips to A, want its join and two commands", n)
	}

	teacher.send(map[string]any{"op": "takeback"})
	if m := f.until("room", 5*time.Second); m["role"] != "follower" {
		t.Fatalf("follower on B after take-back: %v", m)
	}
	f.send(map[string]any{"op": "step", "n": 1})
	f.wantError(server.CodeReadOnly, 5*time.Second)
}

// Closing the room reaches followers on every replica: each gets ended
// and a lab of its own at the room's state, on its own replica.
func TestClosingARoomReachesFollowersOnOtherReplicas(t *testing.T) {
	ns := startNATS(t)
	a, b := newReplica(t, ns, "a", time.Minute), newReplica(t, ns, "b", time.Minute)
	teacher := a.dial()
	code, _ := openRoom(teacher)
	f := b.dial()
	f.hello(map[string]any{"room": code})
	teacher.send(map[string]any{"op": "step", "n": 5})
	f.until("frame", 5*time.Second)

	teacher.send(map[string]any{"op": "close-room"})
	if m := f.until("room", 5*time.Second); m["ended"] != true || m["role"] != "solo" {
		t.Fatalf("follower on B got %v, want ended", m)
	}
	h := f.read("hello")
	if h["role"] != "solo" || h["session"] == "" {
		t.Fatalf("follower's own lab: %v", h)
	}
	if m := f.read("frame"); num(m, "tick") != 5 {
		t.Fatalf("follower's own lab at tick %d, want the room's 5", num(m, "tick"))
	}
	f.send(map[string]any{"op": "step", "n": 2})
	if m := f.until("frame", 5*time.Second); num(m, "tick") != 7 {
		t.Fatalf("follower's own lab did not step: tick %d", num(m, "tick"))
	}
	if _, _, err := b.relay.Find(code); !errors.Is(err, server.ErrNoRoom) {
		t.Fatalf("the closed room's code is still held: %v", err)
	}
}

// The authority saves the room to the bucket within a second of a change.
func TestTheRoomIsSavedToTheBucketWithinASecond(t *testing.T) {
	ns := startNATS(t)
	a := newReplica(t, ns, "a", time.Minute)
	teacher := a.dial()
	code, _ := openRoom(teacher)
	before, _, err := a.relay.Find(code)
	if err != nil {
		t.Fatal(err)
	}
	teacher.send(map[string]any{"op": "step", "n": 4})
	teacher.until("frame", 5*time.Second)
	changed := time.Now()
	for {
		rec, _, err := a.relay.Find(code)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Save != before.Save {
			if d := time.Since(changed); d > time.Second {
				t.Fatalf("saved %v after the change, want within 1s", d)
			}
			return
		}
		if time.Since(changed) > time.Second {
			t.Fatal("the room's record did not change within 1s of a step")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A is killed (no goodbye): the follower on B is told within the
// heartbeat window; the teacher reconnects to C and the room continues
// there at the saved state, and the follower on B sees it again.
func TestAKilledReplicasRoomContinuesWhereTheTeacherReconnects(t *testing.T) {
	for _, goodbye := range []bool{false, true} {
		name := map[bool]string{false: "killed", true: "stopped"}[goodbye]
		t.Run(name, func(t *testing.T) {
			ns := startNATS(t)
			a, b, c := newReplica(t, ns, "a", time.Minute), newReplica(t, ns, "b", time.Minute), newReplica(t, ns, "c", time.Minute)
			teacher := a.dial()
			code, token := openRoom(teacher)
			f := b.dial()
			f.hello(map[string]any{"room": code})
			teacher.send(map[string]any{"op": "step", "n": 6})
			f.until("frame", 5*time.Second)
			time.Sleep(time.Second) // the save reaches the bucket

			teacher.ws.CloseNow() // the teacher's tab loses its socket too
			stopped := a.stop(goodbye)
			f.wantError(server.CodeRoomLost, 5*time.Second)
			if d := time.Since(stopped); d > 3*time.Second {
				t.Fatalf("follower told %v after A stopped, want within the heartbeat window", d)
			}

			t2 := c.dial()
			t2.send(map[string]any{"op": "hello", "protocol": server.ProtocolVersion, "room": code, "token": token})
			t2.read("hello")
			if m := t2.read("room"); m["role"] != "teacher" || m["code"] != code {
				t.Fatalf("teacher on C: %v", m)
			}
			if m := t2.until("frame", 5*time.Second); num(m, "tick") != 6 {
				t.Fatalf("room continues at tick %d, want 6", num(m, "tick"))
			}
			f.read("hello")
			if m := f.read("room"); m["role"] != "follower" {
				t.Fatalf("follower after the move: %v", m)
			}
			if m := f.read("frame"); num(m, "tick") != 6 {
				t.Fatalf("follower sees tick %d after the move, want 6", num(m, "tick"))
			}
			t2.send(map[string]any{"op": "step", "n": 1})
			if m := f.until("frame", 5*time.Second); num(m, "tick") != 7 {
				t.Fatalf("follower on B does not follow the room on C: tick %d", num(m, "tick"))
			}
		})
	}
}

// If the teacher never comes back, the room ends after the grace time and
// its followers keep a lab of their own at its saved state.
func TestARoomWithoutItsReplicaEndsAfterTheGraceTime(t *testing.T) {
	ns := startNATS(t)
	a, b := newReplica(t, ns, "a", time.Minute), newReplica(t, ns, "b", 1500*time.Millisecond)
	teacher := a.dial()
	code, _ := openRoom(teacher)
	f := b.dial()
	f.hello(map[string]any{"room": code})
	teacher.send(map[string]any{"op": "step", "n": 3})
	f.until("frame", 5*time.Second)
	time.Sleep(time.Second)

	teacher.ws.CloseNow()
	a.stop(false)
	f.wantError(server.CodeRoomLost, 5*time.Second)
	if m := f.until("room", 5*time.Second); m["ended"] != true {
		t.Fatalf("got %v, want the room ended", m)
	}
	f.read("hello")
	if m := f.read("frame"); num(m, "tick") != 3 {
		t.Fatalf("follower's own lab at tick %d, want the room's saved 3", num(m, "tick"))
	}
	if _, _, err := b.relay.Find(code); !errors.Is(err, server.ErrNoRoom) {
		t.Fatalf("the ended room's code is still held: %v", err)
	}
}

// The teacher's page reconnects through the load balancer to another
// replica while the room's own lives: it is teacher there too, through
// the relay, with the roster and the room's controls.
func TestTheTeacherMayReconnectToAnotherReplica(t *testing.T) {
	ns := startNATS(t)
	a, b := newReplica(t, ns, "a", time.Minute), newReplica(t, ns, "b", time.Minute)
	first := a.dial()
	code, token := openRoom(first)
	f := a.dial()
	f.hello(map[string]any{"room": code})
	first.ws.CloseNow()

	t2 := b.dial()
	t2.send(map[string]any{"op": "hello", "protocol": server.ProtocolVersion, "room": code, "token": token})
	t2.read("hello")
	m := t2.read("room")
	if m["role"] != "teacher" || m["token"] != token {
		t.Fatalf("teacher on B: %v", m)
	}
	fs, _ := m["followers"].([]any)
	if len(fs) != 1 {
		t.Fatalf("teacher on B sees followers %v, want the one on A", m["followers"])
	}
	t2.send(map[string]any{"op": "step", "n": 2})
	if m := f.until("frame", 5*time.Second); num(m, "tick") != 2 {
		t.Fatalf("follower on A sees tick %d after the teacher's step on B", num(m, "tick"))
	}
	id := fs[0].(map[string]any)["id"].(string)
	t2.send(map[string]any{"op": "handover", "to": id})
	if m := f.until("room", 5*time.Second); m["role"] != "controller" {
		t.Fatalf("follower on A after the handover from B: %v", m)
	}
	wrong := b.dial()
	wrong.send(map[string]any{"op": "hello", "protocol": server.ProtocolVersion, "room": code, "token": "not-the-token"})
	wrong.wantError(server.CodeNotTeacher, 5*time.Second)
}

// A follower's replica stops (killed: no leave reaches the room): the
// teacher's roster drops its followers once the replica is silent, so the
// follower limit and the roster count only students who are there.
func TestFollowersOfAVanishedReplicaLeaveTheRoster(t *testing.T) {
	ns := startNATS(t)
	a, b := newReplica(t, ns, "a", time.Minute), newReplica(t, ns, "b", time.Minute)
	teacher := a.dial()
	code, _ := openRoom(teacher)
	f := b.dial()
	f.hello(map[string]any{"room": code})
	if m := teacher.until("room", 5*time.Second); len(followers(m)) != 1 {
		t.Fatalf("roster %v, want the follower on B", m["followers"])
	}
	_ = b.relay.vanish() // silent first: the leave cannot reach A
	f.ws.CloseNow()
	if m := teacher.until("room", 5*time.Second); len(followers(m)) != 0 {
		t.Fatalf("roster %v after B vanished, want empty", m["followers"])
	}
}

// followers is a room message's roster (absent when empty).
func followers(m map[string]any) []any {
	fs, _ := m["followers"].([]any)
	return fs
}

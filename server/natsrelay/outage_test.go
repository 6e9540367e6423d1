package natsrelay

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"procscope/server"
)

// NATS restarts in the middle of a class. The student on B, who has been
// handed control, is told at once that the classroom is reconnecting; a
// command meanwhile is answered with that error straight away and never
// runs later; the teacher on A goes on. When NATS is back the student's
// lab catches up with a full frame at the teacher's tick, frames resume
// in order, and the room's code is still held. With the bucket in memory
// the restarted NATS lost every record, and the authority writes its
// room's back.
func TestANATSRestartMidClassLosesNoRoom(t *testing.T) {
	for _, memory := range []bool{false, true} {
		name := map[bool]string{false: "store-kept", true: "store-lost"}[memory]
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			ns := startNATSAt(t, -1, dir)
			port := ns.Addr().(*net.TCPAddr).Port
			opt := testOptions
			opt.Memory = memory
			a, b := newReplicaWith(t, ns.ClientURL(), "a", time.Minute, opt), newReplicaWith(t, ns.ClientURL(), "b", time.Minute, opt)
			teacher := a.dial()
			code, _ := openRoom(teacher)
			f := b.dial()
			f.hello(map[string]any{"room": code})
			roster := teacher.until("room", 5*time.Second)
			teacher.send(map[string]any{"op": "handover", "to": followers(roster)[0].(map[string]any)["id"]})
			f.until("room", 5*time.Second)
			teacher.send(map[string]any{"op": "step", "n": 3})
			teacher.untilTick(3)
			f.untilTick(3)

			ns.Shutdown()
			ns.WaitForShutdown()
			down := time.Now()
			f.wantError(server.CodeReconnecting, 5*time.Second)
			if d := time.Since(down); d > 2*time.Second {
				t.Errorf("student told %v after NATS stopped, want within 2s", d)
			}
			asked := time.Now()
			f.send(map[string]any{"op": "step", "n": 100, "ref": 9})
			if e := f.wantError(server.CodeReconnecting, 5*time.Second); num(e, "ref") != 9 {
				t.Errorf("the outage's error lost the command's ref: %v", brief(e))
			}
			if d := time.Since(asked); d > time.Second {
				t.Errorf("a command during the outage was answered after %v, want at once", d)
			}
			teacher.send(map[string]any{"op": "step", "n": 2}) // the room goes on where it is held
			teacher.untilTick(5)
			if code, _ := b.ready(); code != 503 {
				t.Errorf("B's /readyz %d while NATS is down, want 503", code)
			}

			startNATSAt(t, port, dir)
			f.read("hello")
			if m := f.read("room"); m["role"] != "controller" || m["code"] != code {
				t.Fatalf("student after the reconnect: %v", brief(m))
			}
			full := f.read("frame")
			if full["full"] != true || num(full, "tick") != 5 {
				t.Fatalf("student's first frame after the reconnect: %v, want a full frame at tick 5", brief(full))
			}
			seq := num(full, "seq")
			for i := range 3 {
				teacher.send(map[string]any{"op": "step", "n": 1})
				teacher.untilTick(6 + i)
				m := f.until("frame", 5*time.Second)
				if num(m, "tick") != int64(6+i) || num(m, "seq") <= seq {
					t.Fatalf("frame %d after the reconnect: seq %d tick %d, after seq %d", i, num(m, "seq"), num(m, "tick"), seq)
				}
				seq = num(m, "seq")
			}
			f.send(map[string]any{"op": "step", "n": 1})
			if m := teacher.untilTick(9); num(m, "tick") != 9 {
				t.Fatalf("teacher at tick %d after the student's step, want 9: the outage's step 100 must not have run", num(m, "tick"))
			}

			deadline := time.Now().Add(5 * time.Second)
			for {
				rec, _, err := b.relay.Find(code)
				if err == nil && rec.Replica == "a" {
					break
				}
				if time.Now().After(deadline) || err != nil && !errors.Is(err, server.ErrNoRoom) {
					t.Fatalf("room %s after the restart: %+v, %v; want its record, held by a", code, rec, err)
				}
				time.Sleep(50 * time.Millisecond)
			}
			if n := b.metric("procscope_relay_disconnects_total"); n != 1 {
				t.Errorf("B counted %v disconnects, want 1", n)
			}
			if n := b.metric("procscope_relay_up"); n != 1 {
				t.Errorf("procscope_relay_up %v on B after the reconnect, want 1", n)
			}
		})
	}
}

// untilTick reads frames until one at tick or later, and returns it.
func (c *client) untilTick(tick int) map[string]any {
	c.t.Helper()
	for {
		if m := c.until("frame", 5*time.Second); num(m, "tick") >= int64(tick) {
			return m
		}
	}
}

// Only the student's replica loses NATS (its network to NATS breaks):
// the student is told the classroom is reconnecting, the teacher's roster
// drops the student once B is silent, and when B is back the student is
// resynced at the teacher's tick and in the roster again.
func TestAFollowersReplicaCutOffFromNATSResyncs(t *testing.T) {
	ns := startNATS(t)
	cut := newCutter(t, ns.ClientURL())
	a := newReplica(t, ns, "a", time.Minute)
	b := newReplicaWith(t, cut.url(), "b", time.Minute, testOptions)
	teacher := a.dial()
	code, _ := openRoom(teacher)
	f := b.dial()
	f.hello(map[string]any{"room": code})
	if m := teacher.until("room", 5*time.Second); len(followers(m)) != 1 {
		t.Fatalf("roster %v, want the student on B", m["followers"])
	}

	cut.setCut(true)
	f.wantError(server.CodeReconnecting, 3*time.Second)
	if m := teacher.until("room", 5*time.Second); len(followers(m)) != 0 {
		t.Fatalf("roster %v while B is cut off, want empty", m["followers"])
	}
	teacher.send(map[string]any{"op": "step", "n": 4})
	teacher.untilTick(4)

	cut.setCut(false)
	f.until("hello", 10*time.Second)
	if m := f.read("room"); m["role"] != "follower" {
		t.Fatalf("student after B reconnected: %v", brief(m))
	}
	if m := f.read("frame"); m["full"] != true || num(m, "tick") != 4 {
		t.Fatalf("student's frame after B reconnected: %v, want a full frame at tick 4", brief(m))
	}
	if m := teacher.until("room", 5*time.Second); len(followers(m)) != 1 {
		t.Fatalf("roster %v after B reconnected, want the student again", m["followers"])
	}
	teacher.send(map[string]any{"op": "step", "n": 1})
	if m := f.until("frame", 5*time.Second); num(m, "tick") != 5 {
		t.Fatalf("student at tick %d after the teacher's next step, want 5", num(m, "tick"))
	}
}

// A student's join reaches the room's replica, which takes the student
// in, but the student's replica loses NATS before the answer comes back
// (in CI under -race this happened when the cut followed the roster by
// a hair). The student is told the classroom is reconnecting, and, as
// the error promises, the lab catches up by itself when NATS is back: the
// socket is neither forgotten nor closed for want of a hello.
func TestAJoinCutOffBeforeItsAnswerResyncsWhenBack(t *testing.T) {
	ns := startNATS(t)
	cut := newCutter(t, ns.ClientURL())
	a := newReplica(t, ns, "a", time.Minute)
	b := newReplicaAs(t, cut.url(), "b", time.Minute, testOptions, func(rl *Relay) server.Relay {
		return &cutAfterFirstAsk{Relay: rl, cut: cut}
	})
	teacher := a.dial()
	code, _ := openRoom(teacher)
	f := b.dial()
	f.send(map[string]any{"op": "hello", "protocol": server.ProtocolVersion, "room": code})
	f.wantError(server.CodeReconnecting, 5*time.Second)

	teacher.send(map[string]any{"op": "step", "n": 3})
	teacher.untilTick(3)
	cut.setCut(false)
	m := f.until("room", 10*time.Second)
	if m["role"] != "follower" {
		t.Fatalf("student after B reconnected: %v", brief(m))
	}
	if m := f.read("frame"); m["full"] != true || num(m, "tick") != 3 {
		t.Fatalf("student's frame after B reconnected: %v, want a full frame at tick 3", brief(m))
	}
	// Past the 3 s hello timeout, the student still follows the class.
	time.Sleep(time.Until(f.dialed.Add(3500 * time.Millisecond)))
	teacher.send(map[string]any{"op": "step", "n": 1})
	// The next frame is the step's: a second full frame at tick 3 first
	// means the student was joined twice (relayBack's join and
	// watchRooms' for the room it had marked lost).
	var seen []string
	for {
		m, err := f.next(5 * time.Second)
		if err != nil {
			t.Fatalf("waiting for the teacher's next step: %v (after %v)", err, seen)
		}
		seen = append(seen, fmt.Sprintf("%v tick=%v full=%v", m["type"], m["tick"], m["full"]))
		if m["type"] == "frame" {
			break
		}
	}
	if len(seen) > 1 || !strings.HasPrefix(seen[0], "frame tick=4 ") {
		t.Fatalf("student read %v after the teacher's next step, want the frame at tick 4 alone", seen)
	}
}

// cutAfterFirstAsk is a replica's relay whose first request reaches the
// room's replica, and whose connection to NATS is cut before the answer
// is read.
type cutAfterFirstAsk struct {
	*Relay
	cut  *cutter
	once sync.Once
}

func (r *cutAfterFirstAsk) Ask(ctx context.Context, code string, req []byte) ([]byte, error) {
	ans, err := r.Relay.Ask(ctx, code, req)
	first := false
	r.once.Do(func() { first = true })
	if !first || err != nil {
		return ans, err
	}
	r.cut.setCut(true)
	return nil, fmt.Errorf("%w: cut before the answer was read", server.ErrRelayDown)
}

// The room's replica A is cut off from NATS; the others take it for
// gone, and the teacher's page, reloaded, continues the room on B. When
// A is back it must not hold the room too: it yields, and its own
// student follows the room on B.
func TestAReplicaBackFromAnOutageYieldsARoomTakenOverMeanwhile(t *testing.T) {
	ns := startNATS(t)
	cut := newCutter(t, ns.ClientURL())
	a := newReplicaWith(t, cut.url(), "a", time.Minute, testOptions)
	b := newReplica(t, ns, "b", time.Minute)
	teacher := a.dial()
	code, token := openRoom(teacher)
	fa, fb := a.dial(), b.dial()
	fa.hello(map[string]any{"room": code})
	fb.hello(map[string]any{"room": code})
	teacher.send(map[string]any{"op": "step", "n": 2})
	fb.untilTick(2)
	time.Sleep(time.Second) // saved

	cut.setCut(true)
	fb.wantError(server.CodeRoomLost, 5*time.Second)
	teacher.ws.CloseNow() // the teacher reloads; the balancer picks B
	t2 := b.dial()
	t2.send(map[string]any{"op": "hello", "protocol": server.ProtocolVersion, "room": code, "token": token})
	t2.read("hello")
	if m := t2.read("room"); m["role"] != "teacher" {
		t.Fatalf("teacher on B: %v", brief(m))
	}
	t2.send(map[string]any{"op": "step", "n": 5})
	t2.untilTick(7)
	fb.untilTick(7)

	cut.setCut(false)
	fa.until("hello", 10*time.Second)
	if m := fa.read("room"); m["role"] != "follower" || m["code"] != code {
		t.Fatalf("A's student after A came back: %v", brief(m))
	}
	if m := fa.read("frame"); num(m, "tick") != 7 {
		t.Fatalf("A's student at tick %d, want the room's 7 on B", num(m, "tick"))
	}
	t2.send(map[string]any{"op": "step", "n": 1})
	fa.untilTick(8)
	fb.untilTick(8)
	time.Sleep(time.Second) // a save of A's, had it kept the room
	if rec, _, err := b.relay.Find(code); err != nil || rec.Replica != "b" {
		t.Fatalf("room %s's record after A came back: %+v, %v; want it on b", code, rec, err)
	}
}

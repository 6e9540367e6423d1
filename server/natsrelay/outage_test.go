package natsrelay

import (
	"errors"
	"net"
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
			a, b := newReplicaWith(t, ns, "a", time.Minute, opt), newReplicaWith(t, ns, "b", time.Minute, opt)
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

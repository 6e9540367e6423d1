package server

import (
	"errors"
	"fmt"
	"time"
)

// When this replica's connection to the other replicas drops in the
// middle of a class (a NATS server restarted, a network blip), nothing
// that crosses replicas can happen until it is back, and the replica
// must neither hang its students nor lose a room:
//
//   - members here of rooms held elsewhere are told at once that their
//     classroom is reconnecting (room-reconnecting); their commands are
//     answered with the same error, immediately, and are not kept to run
//     later; they keep the last frame they saw;
//   - rooms held here go on for the sockets here; their records are not
//     saved and their remote members are not judged (nobody can be heard);
//   - when the connection is back, every member here joins its room
//     again and gets a full frame (frames published meanwhile are lost,
//     and frames carry only what changed), the rooms held here write
//     their records again (a NATS server that restarted without its store
//     lost them) and codes closed meanwhile are released.
//
// relayLoop notices the change within relayEvery by asking Relay.Err.

// relayDown is called once when the relay loses its connection.
func (srv *Server) relayDown(cause error) {
	srv.rel.metrics.up.Set(0)
	srv.rel.metrics.outages.Inc()
	ms := srv.mirrorList()
	srv.log.Warn("relay disconnected: classrooms held elsewhere wait", "err", cause, "rooms", len(ms))
	for _, m := range ms {
		m.mu.Lock()
		m.reconnecting = true
		for _, mo := range m.members {
			mo.c.sendError(errorf(CodeReconnecting, "room %s: %v", m.code, cause), "", 0)
		}
		m.mu.Unlock()
	}
}

// relayBack is called once when the relay's connection is back.
func (srv *Server) relayBack() {
	srv.rel.metrics.up.Set(1)
	ms := srv.mirrorList()
	srv.log.Info("relay reconnected: classrooms resync", "rooms", len(ms))
	srv.rel.mu.Lock()
	for _, l := range srv.rel.leads {
		l.unsaved = true // saveRooms writes it on this tick
	}
	codes := srv.rel.unreleased
	srv.rel.unreleased = map[string]bool{}
	srv.rel.mu.Unlock()
	for code := range codes {
		srv.releaseCode(code)
	}
	for _, m := range ms {
		m.mu.Lock()
		m.reconnecting = false
		// The join below answers for a room lost meanwhile: watchRooms,
		// next in relayLoop, must not join its members a second time
		// before that join's goroutine has run (rejoin would clear it).
		m.lostSince = time.Time{}
		clear(m.seqs) // the full frames start each view afresh: no gap to see
		auth := m.authority
		m.mu.Unlock()
		// Each room's members join again on their own: a room of many
		// members must not hold up the others, nor the saves.
		srv.wg.Add(1)
		go func() {
			defer srv.wg.Done()
			srv.rejoin(m, auth, 3)
		}()
	}
}

// mirrorList is every room held elsewhere that has members here.
func (srv *Server) mirrorList() []*mirror {
	srv.rel.mu.Lock()
	defer srv.rel.mu.Unlock()
	ms := make([]*mirror, 0, len(srv.rel.mirrors))
	for _, m := range srv.rel.mirrors {
		ms = append(ms, m)
	}
	return ms
}

// releaseCode forgets a closed room's code for every replica; while the
// relay is down the code is kept and released when it is back.
func (srv *Server) releaseCode(code string) {
	err := srv.rel.relay.Release(code)
	if err == nil {
		return
	}
	srv.log.Warn("relay release", "room", code, "err", err)
	srv.rel.mu.Lock()
	srv.rel.unreleased[code] = true
	srv.rel.mu.Unlock()
}

// reconnectErr is the error for a member's message while its replica
// cannot reach the room's, or nil.
func (m *mirror) reconnectErr(op string) error {
	m.mu.Lock()
	waiting := m.reconnecting
	m.mu.Unlock()
	if err := m.srv.rel.relay.Err(); err != nil || waiting {
		return errorf(CodeReconnecting, "%s in room %s: relay %v", op, m.code, err)
	}
	return nil
}

// isRelayDown says whether err came from a relay that lost its
// connection.
func isRelayDown(err error) bool { return errors.Is(err, ErrRelayDown) }

// saveRoom writes the record of a room held here, only over the revision
// this replica wrote last: while it was cut off from NATS another replica
// may have taken the room over (its teacher's page reached that one), and
// two replicas must never both hold a room. Then this one yields.
func (srv *Server) saveRoom(l *lead, rec RoomRecord) error {
	r := srv.rel.relay
	rev, err := r.Store(l.code, rec, l.rev)
	if !errors.Is(err, ErrConflict) {
		if err == nil {
			l.rev = rev
		}
		return err
	}
	now, nowRev, err := r.Find(l.code)
	switch {
	case errors.Is(err, ErrNoRoom):
		// The record is gone (NATS lost its store, or a follower's replica
		// gave the room up as lost): the room is still here, write it back.
		if rev, err = r.Store(l.code, rec, 0); err == nil {
			l.rev = rev
		}
		return err
	case err != nil:
		return err
	case now.Replica == r.Replica():
		old := l.rev
		l.rev = nowRev // written here, at a revision this replica missed
		return fmt.Errorf("room %s: record at revision %d, not %d: saving again", l.code, nowRev, old)
	}
	srv.yieldRoom(l, now.Replica)
	return nil
}

// yieldRoom gives this replica's copy of a room up to the replica that
// took it over. Its sockets here join the room there, as they would
// after a reload; members on other replicas were moved by their own
// replicas when they took this one for gone, so they are dropped here
// without a word (a message to them would reach them in the room's new
// home).
func (srv *Server) yieldRoom(l *lead, to string) {
	srv.rel.mu.Lock()
	if srv.rel.leads[l.code] == l {
		delete(srv.rel.leads, l.code) // so the room's end does not release the code
	}
	srv.rel.mu.Unlock()
	l.stop()
	s := l.s
	type mover struct {
		c     *conn
		token string
	}
	var movers []mover
	s.mu.Lock()
	if s.room == nil || s.ended {
		s.mu.Unlock()
		return
	}
	token := s.room.token
	for c := range s.subs {
		if c.remote == nil {
			t := ""
			if c.role == roleTeacher {
				t = token
			}
			movers = append(movers, mover{c, t})
		}
		s.detachLocked(c)
	}
	s.endRoomLocked("taken over by " + to)
	s.mu.Unlock()
	srv.log.Warn("room taken over by another replica while this one was cut off; its sockets here follow it there", "room", l.code, "replica", to, "sockets", len(movers))
	srv.wg.Add(1)
	go func() { // each join is a round trip: the saves of other rooms go on
		defer srv.wg.Done()
		for _, m := range movers {
			m.c.sess.CompareAndSwap(s, nil)
			if err := srv.joinRoom(m.c, l.code, m.token); err != nil {
				m.c.sendError(err, "hello", 0)
			}
		}
	}()
}

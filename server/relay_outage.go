package server

import (
	"errors"
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

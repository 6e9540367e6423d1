package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"procscope/sim"
)

// The follower's side of a room held by another replica. A mirror is
// this replica's window on that room: the sockets here that joined it,
// and the room's stream, followed once however many they are. A frame
// published for a view reaches every member here in that view; a
// member's own messages (hello, room, errors, full frames) reach it alone.

// mirror is one room held elsewhere, with members here.
type mirror struct {
	srv  *Server
	code string
	stop func()

	mu           sync.Mutex
	authority    string               // the replica that holds the room
	members      map[string]*memberOf // by handle
	lostSince    time.Time            // when the authority stopped answering; zero while it lives
	save         string               // the room's saved lab, last read from its record
	seqs         map[string]uint64    // the last frame's seq on each view topic
	reconnecting bool                 // this replica lost the relay; its members were told

	endMu     sync.Mutex // builds the lab its members keep when the room ends
	ended     *session
	endedSave string
}

// memberOf ties a socket here to the room it follows elsewhere.
type memberOf struct {
	m      *mirror
	c      *conn
	handle string
	token  string // the teacher's token, when the member is the teacher
	topic  string // the view topic its frames come on (guarded by m.mu)
}

// mirrorOf is the room held elsewhere that c follows, or nil.
func (c *conn) mirrorOf() *memberOf { return c.follows.Load() }

// joinElsewhere joins c to a room no session here holds: through the
// replica that holds it, or, when that replica is gone and c brings the
// teacher's token, by continuing the room here from its saved lab.
func (srv *Server) joinElsewhere(c *conn, code, token string) error {
	if err := srv.rel.relay.Err(); err != nil {
		return errorf(CodeRelayDown, "join room %s: relay: %v", code, err)
	}
	rec, rev, err := srv.rel.relay.Find(code)
	if errors.Is(err, ErrNoRoom) || (err == nil && rec.Replica == srv.rel.relay.Replica()) {
		return errorf(CodeRoomNotFound, "room %.12q", code)
	}
	if err != nil {
		return errorf(CodeRoomLost, "find room %s: %v", code, err)
	}
	alive := srv.rel.relay.Alive(rec.Replica)
	if !alive && token != "" && tokenHash(token) == rec.TokenHash {
		return srv.takeOver(c, code, token, rec, rev)
	}
	mo, err := srv.follow(c, code, token, rec)
	if err != nil {
		return err
	}
	if !alive {
		c.sendError(errorf(CodeRoomLost, "room %s waits for its teacher", code), "hello", 0)
		return nil
	}
	err = srv.ask(code, mo.joinReq())
	switch codeOf(err) {
	case CodeRoomLost, CodeReconnecting:
		// The room's replica is going, or this one lost NATS while it
		// asked (the room may have taken the member in and the answer be
		// lost): the member waits with the room. A mirror marked lost is
		// joined again as soon as its authority is heard (watch), or when
		// the relay is back (relayBack), as the error promises.
		mo.m.markLost(srv.now())
		c.sendError(err, "hello", 0)
		return nil
	}
	if err != nil {
		srv.unfollow(c)
		return err
	}
	return nil
}

// markLost notes that the room's authority stopped answering.
func (m *mirror) markLost(now time.Time) {
	m.mu.Lock()
	if m.lostSince.IsZero() {
		m.lostSince = now
	}
	m.mu.Unlock()
}

// follow adds c to this replica's mirror of a room, starting to follow
// the room's stream if c is its first member here.
func (srv *Server) follow(c *conn, code, token string, rec RoomRecord) (*memberOf, error) {
	srv.rel.mu.Lock()
	defer srv.rel.mu.Unlock()
	m := srv.rel.mirrors[code]
	if m == nil {
		m = &mirror{srv: srv, code: code, authority: rec.Replica, members: map[string]*memberOf{}, save: rec.Save, seqs: map[string]uint64{}}
		if !srv.rel.relay.Alive(rec.Replica) {
			m.lostSince = srv.now()
		}
		stop, err := srv.rel.relay.Follow(code, m.deliver)
		if err != nil {
			return nil, errorf(CodeRoomLost, "follow room %s: %v", code, err)
		}
		m.stop = stop
		srv.rel.mirrors[code] = m
	}
	mo := &memberOf{m: m, c: c, handle: randomID(12), token: token}
	m.mu.Lock()
	m.members[mo.handle] = mo
	mo.topic = viewTopic(c.frameView())
	m.mu.Unlock()
	c.follows.Store(mo)
	srv.rel.metrics.members.Inc()
	return mo, nil
}

// unfollow takes c out of the room it follows elsewhere (its socket
// closed, it said hello again, or its room ended) and tells the room's
// authority. The mirror stops following when its last member goes.
func (srv *Server) unfollow(c *conn) {
	mo := c.follows.Swap(nil)
	if mo == nil {
		return
	}
	m := mo.m
	srv.rel.mu.Lock()
	m.mu.Lock()
	_, in := m.members[mo.handle]
	delete(m.members, mo.handle)
	empty, lost := len(m.members) == 0, !m.lostSince.IsZero()
	m.mu.Unlock()
	if empty && srv.rel.mirrors[m.code] == m {
		delete(srv.rel.mirrors, m.code)
		m.stop()
	}
	srv.rel.mu.Unlock()
	if !in {
		return
	}
	srv.rel.metrics.members.Dec()
	if lost {
		return
	}
	// Not in the server's lifetime: a replica shutting down still tells
	// the rooms its sockets leave (within a bound).
	b, _ := json.Marshal(relayReq{Kind: "leave", Handle: mo.handle})
	srv.wg.Add(1)
	go func() {
		defer srv.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _ = srv.rel.relay.Ask(ctx, m.code, b)
	}()
}

func (mo *memberOf) joinReq() relayReq {
	return relayReq{
		Kind: "join", Handle: mo.handle, Replica: mo.m.srv.rel.relay.Replica(),
		View: mo.c.view.wire(), Base: mo.c.base, Token: mo.token,
	}
}

// forward sends a member's message to the room's authority, which runs
// it as if the member were its own and answers on the member's topic.
func (srv *Server) forward(c *conn, req request, raw []byte) {
	mo := c.mirrorOf()
	if err := mo.m.reconnectErr(req.Op); err != nil {
		c.sendError(withRef(err, req.Ref), req.Op, 0)
		return
	}
	mo.m.mu.Lock()
	lost := !mo.m.lostSince.IsZero()
	mo.m.mu.Unlock()
	if lost {
		c.sendError(errorf(CodeRoomLost, "%s while room %s has no authority", req.Op, mo.m.code), req.Op, req.Ref)
		return
	}
	if err := srv.ask(mo.m.code, relayReq{Kind: "cmd", Handle: mo.handle, Msg: raw}); err != nil {
		c.sendError(withRef(err, req.Ref), req.Op, 0)
	}
}

// frameHead is how a forwarded frame begins: frames, the bulk of a
// room's stream, pass through without being decoded.
var frameHead = []byte(`{"type":"frame"`)

// frameSeq reads a frame's seq from its head, without decoding the rest.
func frameSeq(msg []byte) (uint64, bool) {
	rest, ok := bytes.CutPrefix(msg[:min(len(msg), 48)], []byte(`{"type":"frame","seq":`))
	if !ok {
		return 0, false
	}
	end := bytes.IndexByte(rest, ',')
	if end < 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(rest[:end]), 10, 64)
	return n, err == nil
}

// deliver takes one message of the room's stream, in order.
func (m *mirror) deliver(topic string, msg []byte, sent time.Time) {
	met := m.srv.rel.metrics
	if strings.HasPrefix(topic, "v.") {
		met.received.Inc()
		if !sent.IsZero() {
			met.latency.Observe(time.Since(sent).Seconds())
		}
		m.mu.Lock()
		if m.reconnecting {
			// Back on NATS a moment before relayLoop notices: these frames
			// patch a state the members no longer have, and the resync
			// that relayBack is about to send covers them.
			m.mu.Unlock()
			return
		}
		seq, ok := frameSeq(msg)
		last := m.seqs[topic]
		gap := ok && last != 0 && seq > last+1
		if ok {
			m.seqs[topic] = seq
		}
		var behind []*memberOf
		for _, mo := range m.members {
			if mo.topic == topic {
				mo.c.send(msg)
				if gap {
					behind = append(behind, mo)
				}
			}
		}
		m.mu.Unlock()
		if len(behind) > 0 {
			// A frame of this view was lost on the way (frames carry only
			// what changed): its members join again for a full frame.
			met.resyncs.Inc()
			m.srv.wg.Add(1)
			go func() {
				defer m.srv.wg.Done()
				for _, mo := range behind {
					_ = m.srv.ask(m.code, mo.joinReq())
				}
			}()
		}
		return
	}
	handle, ok := strings.CutPrefix(topic, "m.")
	if !ok {
		return
	}
	m.mu.Lock()
	mo := m.members[handle]
	if mo == nil {
		m.mu.Unlock()
		return
	}
	if bytes.HasPrefix(msg, frameHead) {
		mo.c.send(msg)
		m.mu.Unlock()
		return
	}
	var head struct {
		Type  string `json:"type"`
		Role  string `json:"role"`
		You   string `json:"you"`
		Ended bool   `json:"ended"`
		Save  string `json:"save"`
	}
	_ = json.Unmarshal(msg, &head)
	switch head.Type {
	case "relay-end":
		m.mu.Unlock()
		m.srv.unfollow(mo.c)
		m.srv.soloFromSave(m, mo.c, head.Save)
		return
	case "room":
		mo.c.role, mo.c.memberID = head.Role, head.You
		mo.topic = viewTopic(mo.c.frameView())
	}
	mo.c.send(msg)
	m.mu.Unlock()
	if code, st := closeCode(msg); st != 0 {
		m.srv.unfollow(mo.c)
		mo.c.drop(st, string(code), true)
	}
}

// soloFromSave gives c a lab of its own at the saved state of the room it
// followed: the room ended, and nobody's page goes blank. The saved lab is
// replayed once per room and cloned for each member, as a closing room on
// one replica clones its lab for each follower.
func (srv *Server) soloFromSave(m *mirror, c *conn, save string) {
	tpl, err := m.endedLab(save)
	if err != nil {
		c.sendError(err, "close-room", 0)
		return
	}
	tpl.mu.Lock()
	s, err := srv.cloneSession(tpl, c.addr)
	tpl.mu.Unlock()
	if err != nil {
		c.sendError(err, "close-room", 0) // session-limit closes it; a reload starts fresh
		return
	}
	s.mu.Lock()
	s.attachLocked(c, roleSolo)
	s.mu.Unlock()
	srv.addSession(s)
}

// endedLab is the room's lab at a saved state, built once per save.
func (m *mirror) endedLab(save string) (*session, error) {
	m.endMu.Lock()
	defer m.endMu.Unlock()
	if m.ended != nil && m.endedSave == save {
		return m.ended, nil
	}
	s, err := m.srv.labFromSave(save, netip.Addr{})
	if err != nil {
		return nil, err
	}
	m.ended, m.endedSave = s, save
	return s, nil
}

// labFromSave builds a session (held by nobody yet) from a room's saved
// lab, as its authority wrote it to the room's record. A save that does
// not decode or build gives the default lab: the room goes on either way.
func (srv *Server) labFromSave(save string, addr netip.Addr) (*session, error) {
	cfg, log := labConfig{Seed: 1}, []sim.Command(nil)
	if sv, err := decodeSave(save, srv.cfg.Limits); err == nil {
		cfg, log = sv.cfg, sv.log
	} else if save != "" {
		srv.log.Warn("room record does not decode", "err", err)
	}
	s, err := srv.newSession(cfg, log, addr)
	if err != nil {
		s, err = srv.newSession(labConfig{Seed: cfg.Seed}, nil, addr)
	}
	return s, err
}

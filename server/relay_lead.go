package server

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// The authority's side of a room that spans replicas. Every member who
// reached the room through another replica is a remote conn here: a conn
// without a socket whose messages go onto the room's stream. It sits in
// the session's subs like any member, so the room's rules (roster,
// hand-over, follower limit, close) need not know where a member is.

// relayReq is a request another replica sends to a room's authority.
type relayReq struct {
	Kind    string          `json:"kind"`   // join, cmd or leave
	Handle  string          `json:"handle"` // the member's handle on its replica
	Replica string          `json:"replica,omitempty"`
	View    wireView        `json:"view"`
	Base    string          `json:"base,omitempty"`
	Token   string          `json:"token,omitempty"`
	Msg     json.RawMessage `json:"msg,omitempty"` // cmd: the client's message as it came
}

// relayAns is the authority's answer: empty when done, else the error the
// member's replica tells its client.
type relayAns struct {
	Code   Code   `json:"code,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// wireView is a viewKey on the wire.
type wireView struct {
	Lang     string `json:"lang"`
	JSON     bool   `json:"json,omitempty"`
	Controls string `json:"controls"`
	Mode     string `json:"mode"`
}

func (v viewKey) wire() wireView {
	return wireView{Lang: v.lang, JSON: v.json, Controls: v.controls, Mode: v.mode}
}

// key checks a view from another replica against the values hello allows.
func (w wireView) key() viewKey {
	return viewKey{
		lang: pick(w.Lang, "en", "ko"), json: w.JSON,
		controls: pick(w.Controls, "full", "minimal", "none"),
		mode:     pick(w.Mode, "explore", "present", "readonly"),
	}
}

// viewTopic is the topic a view's frames are published under; its words
// come from hello's fixed lists, so it is a safe subject.
func viewTopic(v viewKey) string {
	format := "html"
	if v.json {
		format = "json"
	}
	return "v." + v.lang + "." + format + "." + v.controls + "." + v.mode
}

// remoteMember is what a remote conn needs to reach its replica.
type remoteMember struct {
	srv     *Server
	code    string
	handle  string
	replica string // the member's replica, whose silence ends the member here
}

// send puts a message for one member on the room's stream.
func (r *remoteMember) send(msg []byte) {
	r.srv.rel.relay.Publish(r.code, "m."+r.handle, msg)
}

// relayCtl is a message between replicas on a member's topic that the
// member's replica acts on instead of forwarding: "relay-end" carries the
// room's saved lab to a follower whose room closed.
type relayCtl struct {
	Type string `json:"type"`
	Save string `json:"save,omitempty"`
}

// sendFrame fans one rendered frame out to the connections of a view:
// each socket here gets it, and the replicas of remote members get it
// once, whatever their number.
func sendFrame(key viewKey, conns []*conn, msg []byte) {
	published := false
	for _, c := range conns {
		if c.remote == nil {
			c.send(msg)
			continue
		}
		if !published {
			published = true
			c.srv.rel.relay.Publish(c.remote.code, viewTopic(key), msg)
			c.srv.rel.metrics.published.Inc()
		}
	}
}

// endRemoteLocked hands a remote follower of a closing room the room's
// saved lab; its replica gives it a solo lab at the same state.
func (s *session) endRemoteLocked(c *conn) {
	b, err := json.Marshal(relayCtl{Type: "relay-end", Save: s.saveLocked()})
	if err == nil {
		c.remote.send(b)
	}
}

// lead is this replica serving one room to the others.
type lead struct {
	s       *session
	code    string
	stop    func()
	mu      sync.Mutex
	members map[string]*conn // remote conns by handle
	saved   uint64           // the session's seq at the last save
	savedN  int              // its followers then
	unsaved bool             // the record must be written even if neither changed
	rev     uint64           // the record's revision this replica last wrote; 0 unknown
}

// leadRoomLocked makes this replica the authority of s's room: its
// record names this replica and the token's hash, and other replicas'
// requests reach it. Called with s.mu held, after the code was claimed.
func (srv *Server) leadRoomLocked(s *session) {
	code := s.room.code
	l := &lead{s: s, code: code, members: map[string]*conn{}}
	rec := RoomRecord{Replica: srv.rel.relay.Replica(), TokenHash: tokenHash(s.room.token), Save: s.saveLocked(), Paced: s.room.pacedLesson()}
	rev, err := srv.rel.relay.Store(code, rec, 0)
	if err != nil {
		s.log.Warn("relay store", "room", code, "err", err)
	}
	l.rev = rev
	stop, err := srv.rel.relay.Serve(code, func(req []byte) []byte { return srv.answer(l, req) })
	if err != nil {
		s.log.Warn("relay serve", "room", code, "err", err)
		stop = func() {}
	}
	l.stop = stop
	srv.rel.mu.Lock()
	srv.rel.leads[code] = l
	srv.rel.mu.Unlock()
}

// claimCode claims a fresh room code for this replica among all of them;
// ErrCodeTaken if one holds it. Called with srv.mu held, so a relay that
// lost its connection fails at once rather than waiting.
func (srv *Server) claimCode(code string) error {
	if err := srv.rel.relay.Err(); err != nil {
		return errorf(CodeRelayDown, "relay: %v", err)
	}
	err := srv.rel.relay.Claim(code, RoomRecord{Replica: srv.rel.relay.Replica()})
	if err != nil && !errors.Is(err, ErrCodeTaken) {
		return errorf(CodeRelayDown, "relay: %v", err)
	}
	return err
}

// unleadRoom forgets the room of s if this replica served it: it closed
// or its session ended. The code is released for every replica. Called
// with s.mu held.
func (srv *Server) unleadRoom(s *session) {
	if s.room == nil {
		return
	}
	code := s.room.code
	srv.rel.mu.Lock()
	l := srv.rel.leads[code]
	if l == nil || l.s != s {
		srv.rel.mu.Unlock()
		return
	}
	delete(srv.rel.leads, code)
	srv.rel.mu.Unlock()
	l.stop()
	srv.releaseCode(code)
}

// answer serves one request from another replica.
func (srv *Server) answer(l *lead, b []byte) []byte {
	var req relayReq
	if err := json.Unmarshal(b, &req); err != nil || req.Handle == "" {
		return ansOf(errorf(CodeBadJSON, "relay request: %v", err))
	}
	switch req.Kind {
	case "join":
		return ansOf(srv.remoteJoin(l, req))
	case "cmd":
		l.mu.Lock()
		c := l.members[req.Handle]
		l.mu.Unlock()
		if c == nil || c.session() == nil {
			return ansOf(errorf(CodeRoomNotFound, "member %.12q left room %s", req.Handle, l.code))
		}
		srv.remoteCommand(c, req.Msg)
		return ansOf(nil)
	case "leave":
		l.mu.Lock()
		c := l.members[req.Handle]
		delete(l.members, req.Handle)
		l.mu.Unlock()
		if c != nil {
			c.leave()
		}
		return ansOf(nil)
	}
	return ansOf(errorf(CodeUnknownOp, "relay request %.20q", req.Kind))
}

// remoteJoin attaches a member of another replica to the room, as
// follower or (with the token) teacher: hello, room and a full frame go
// out on its topic, exactly what a local join sends its socket.
func (srv *Server) remoteJoin(l *lead, req relayReq) error {
	if srv.roomSession(l.code) == nil {
		return errorf(CodeRoomNotFound, "room %s", l.code)
	}
	if srv.isClosing() {
		// Shutting down: the member waits for the room to move.
		return errorf(CodeRoomLost, "room %s: its replica is shutting down", l.code)
	}
	l.mu.Lock()
	old := l.members[req.Handle]
	l.mu.Unlock()
	if old != nil && srv.resync(old) {
		return nil
	}
	ctx, cancel := context.WithCancel(srv.life)
	c := &conn{
		srv: srv, ctx: ctx, cancel: cancel, base: req.Base, kill: make(chan struct{}),
		view:   req.View.key(),
		remote: &remoteMember{srv: srv, code: l.code, handle: req.Handle, replica: req.Replica},
	}
	l.mu.Lock()
	old = l.members[req.Handle]
	l.members[req.Handle] = c
	l.mu.Unlock()
	if old != nil {
		old.leave() // it was in the room no more (the room moved): join afresh
	}
	if err := srv.joinRoom(c, l.code, req.Token); err != nil {
		l.mu.Lock()
		delete(l.members, req.Handle)
		l.mu.Unlock()
		cancel()
		return err
	}
	return nil
}

// resync brings a remote member still in the room up to date again, as
// it was: the same role (a student in control keeps control), id and
// place in the roster. Its replica lost frames: a gap in seq, or an
// outage of the relay. False if the member is in the room no more.
func (srv *Server) resync(c *conn) bool {
	s := c.session()
	if s == nil {
		return false
	}
	in := false
	s.do(c, "hello", func() error {
		if _, in = s.subs[c]; in {
			id := ""
			if c.role == roleTeacher {
				id = s.id // as attachLocked: only a teacher learns the session
			}
			c.sendJSON(srv.helloFor(id, c.role))
			s.syncLocked(c)
		}
		return nil
	})
	return in
}

func (srv *Server) isClosing() bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.closing
}

// dropGhosts takes out of the room the members whose replica went silent
// or said goodbye: their sockets are gone with it, and their pages join
// again wherever they reconnect.
func (srv *Server) dropGhosts(l *lead) {
	l.mu.Lock()
	var gone []*conn
	for h, c := range l.members {
		if !srv.rel.relay.Alive(c.remote.replica) {
			gone = append(gone, c)
			delete(l.members, h)
		}
	}
	l.mu.Unlock()
	for _, c := range gone {
		c.leave()
	}
}

// remoteCommand runs a client message that a remote member's replica
// forwarded, as if it came from a socket here; its errors go back on the
// member's topic in order with the frames. Rate limits were applied by the
// member's replica.
func (srv *Server) remoteCommand(c *conn, msg []byte) {
	req, err := decodeRequest(msg)
	if err != nil {
		c.sendError(err, req.Op, req.Ref)
		return
	}
	s := c.session()
	switch req.Op {
	case "hello":
		c.sendError(errorf(CodeBadCommand, "hello through the relay"), req.Op, req.Ref)
	case "export":
		s.export(c, req)
	default:
		s.handle(c, req)
	}
}

func ansOf(err error) []byte {
	var a relayAns
	if err != nil {
		a.Code = codeOf(err)
		var pe *protoError
		if errors.As(err, &pe) {
			a.Detail = pe.Public
		}
	}
	b, _ := json.Marshal(a)
	return b
}

// errOf turns an authority's answer back into an error.
func errOf(b []byte) error {
	var a relayAns
	if err := json.Unmarshal(b, &a); err != nil {
		return errorf(CodeInternal, "relay answer: %v", err)
	}
	if a.Code == "" {
		return nil
	}
	return &protoError{Code: a.Code, Detail: "from the room's replica", Public: a.Detail}
}

// askTimeout bounds a request to a room's authority. A lecture hall
// joining at once queues its joins there (each renders the joiner's first
// full frame under the room's lock, as a local join does), so it is long.
const askTimeout = 15 * time.Second

// ask sends a request to a room's authority and returns its error.
func (srv *Server) ask(code string, req relayReq) error {
	b, err := json.Marshal(req)
	if err != nil {
		return errorf(CodeInternal, "relay request: %v", err)
	}
	ctx, cancel := context.WithTimeout(srv.life, askTimeout)
	defer cancel()
	start := time.Now()
	ans, err := srv.rel.relay.Ask(ctx, code, b)
	srv.rel.metrics.asks.Observe(time.Since(start).Seconds())
	if isRelayDown(err) {
		return errorf(CodeReconnecting, "ask room %s: %v", code, err)
	}
	if err != nil {
		return errorf(CodeRoomLost, "ask room %s: %v", code, err)
	}
	return errOf(ans)
}

// closeCode is the close status an error message carries, if any.
func closeCode(msg []byte) (Code, websocket.StatusCode) {
	var e struct {
		Type string `json:"type"`
		Code Code   `json:"code"`
	}
	if json.Unmarshal(msg, &e) != nil || e.Type != "error" {
		return "", 0
	}
	return e.Code, e.Code.closeStatus()
}
